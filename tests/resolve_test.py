"""Author-year citations matched to entries: case, diacritics, particles, years, suffixes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from claimcite.load.names import fold, name_key, name_keys
from claimcite.model import Citation, Location, Source, Status, Syntax
from claimcite.resolve import Index


def source(key: str, authors: str, year: str, title: str = "T") -> Source:
    return Source(key, "misc", {"year": year, "title": title}, {"author": authors}, Location("r.bib", 1))


def cite(*names: str, year: str, et_al: bool = False) -> Citation:
    return Citation(Location("p.txt", 1), Syntax.AUTHOR_YEAR, "", authors=names, et_al=et_al, year=year)


INDEX = Index(
    [
        source("bruijn2018", "de Bruijn, Els and Friedel, Rik", "2018"),
        source("kocak2016", "Ko{\\c{c}}ak, Yasemin and Jonkman, Harrie", "2016"),
        source("schaefer2014", 'Sch{\\"a}fer, Jonas', "2014"),
        source("lindqvist2021a", "Lindqvist, Maja", "2021", "Referral paths"),
        source("lindqvist2021b", "Lindqvist, Maja", "2021", "Referral and trust"),
        source("heijden2019", "van der Heijden, Karin and Oud, Bas", "2019"),
        source("rivm2020", "{RIVM}", "2020"),
    ]
)


@pytest.mark.parametrize(
    ("names", "year", "key"),
    [
        (("De Bruijn",), "2018", "bruijn2018"),
        (("de Bruijn",), "2018", "bruijn2018"),
        (("Bruijn", "Friedel"), "2018", "bruijn2018"),
        (("Kocak", "Jonkman"), "2016", "kocak2016"),
        (("KOÇAK",), "2016", "kocak2016"),
        (("Schaefer",), "2014", "schaefer2014"),
        (("Schäfer",), "2014", "schaefer2014"),
        (("Van der Heijden", "Oud"), "2019", "heijden2019"),
        (("Heijden",), "2019", "heijden2019"),
        (("RIVM",), "2020", "rivm2020"),
        (("Lindqvist",), "2021a", "lindqvist2021b"),  # a and b follow the titles: "and trust" < "paths"
        (("Lindqvist",), "2021b", "lindqvist2021a"),
    ],
)
def test_resolves(names: tuple[str, ...], year: str, key: str) -> None:
    resolution = INDEX.resolve(cite(*names, year=year))
    assert (resolution.status, resolution.key) == (Status.RESOLVED, key)


def test_ambiguous_without_a_suffix() -> None:
    resolution = INDEX.resolve(cite("Lindqvist", year="2021"))
    assert resolution.status is Status.AMBIGUOUS
    assert set(resolution.candidates) == {"lindqvist2021a", "lindqvist2021b"}


def test_right_author_wrong_year() -> None:
    resolution = INDEX.resolve(cite("Koçak", "Jonkman", year="2019"))
    assert (resolution.status, resolution.suggestion) == (Status.MISMATCH, "kocak2016")


def test_right_year_second_author_cited_first() -> None:
    resolution = INDEX.resolve(cite("Jonkman", year="2016"))
    assert (resolution.status, resolution.suggestion) == (Status.MISMATCH, "kocak2016")


def test_misspelt_name_suggests_the_entry() -> None:
    resolution = INDEX.resolve(cite("Kocac", year="2016"))
    assert (resolution.status, resolution.suggestion) == (Status.UNRESOLVED, "kocak2016")


def test_unknown_name_has_no_suggestion() -> None:
    resolution = INDEX.resolve(cite("Zwart", year="2016"))
    assert (resolution.status, resolution.suggestion) == (Status.UNRESOLVED, None)


def test_names_fold() -> None:
    assert fold("Koçak") == fold("KOCAK") == "kocak"
    assert name_key("van der Berg") == name_key("Van der Berg") == name_key("Berg") == "berg"
    assert name_key("d'Alembert") == "alembert"
    assert "schaefer" in name_keys("Schäfer")


REPORTS = Index(
    [
        source("pharos2022", "{Stichting Pharos}", "2022"),
        source("nji2019", "Nederlands Jeugdinstituut", "2019"),
        source("cbs2025", "{Centraal Bureau voor de Statistiek}", "2025"),
        source("vws2020", "{Ministerie van Volksgezondheid, Welzijn en Sport}", "2020"),
        source("garcia1967", "García Márquez, Gabriel", "1967"),
        source("smit2018", "Smit, Anna and Ortega Díaz, Luis", "2018"),
        source("jansenp2023", "Jansen, Piet", "2023"),
        source("movisie-a", "{Movisie}", "", "Discriminatie"),
        source("movisie-b", "{Movisie}", "", "Zorg"),
        source("verweij2008", "Verweij, Sanne", "2008"),
        source("verweij2019", "Verweij, Sanne", "2019"),
        source("marquez1970", "Gabriel Marquez", "1970"),
    ]
)


@pytest.mark.parametrize(
    ("names", "year", "key"),
    [
        (("Stichting Pharos",), "2022", "pharos2022"),
        (("Nederlands Jeugdinstituut",), "2019", "nji2019"),
        (("Centraal Bureau voor de Statistiek [CBS]",), "2025", "cbs2025"),
        (("García Márquez",), "1967", "garcia1967"),
        (("Smit", "Ortega Díaz"), "2018", "smit2018"),
        (("Jansen",), "2023", "jansenp2023"),
        (("Movisie",), "z.d.-a", "movisie-a"),
        (("Movisie",), "z.d.-b", "movisie-b"),
        (("Verweij",), "2019", "verweij2019"),
        (("Gabriel Marquez",), "1970", "marquez1970"),
    ],
)
def test_resolves_the_forms_of_real_reports(names: tuple[str, ...], year: str, key: str) -> None:
    resolution = REPORTS.resolve(cite(*names, year=year))
    assert (resolution.status, resolution.key) == (Status.RESOLVED, key)


def test_an_abbreviation_resolves_through_the_name_it_stands_for() -> None:
    citation = replace(cite("CBS", year="2025"), organisation="Centraal Bureau voor de Statistiek")
    assert REPORTS.resolve(citation).key == "cbs2025"


def test_a_list_that_is_one_organisation_is_read_as_one() -> None:
    citation = replace(
        cite("Ministerie van Volksgezondheid", "Welzijn", "Sport", year="2020"),
        organisation="Ministerie van Volksgezondheid, Welzijn en Sport",
    )
    resolution, authors = REPORTS.read(citation)
    assert resolution.key == "vws2020" and authors == ("Ministerie van Volksgezondheid, Welzijn en Sport",)


def test_no_date_without_a_letter_is_ambiguous_between_undated_works() -> None:
    assert REPORTS.resolve(cite("Movisie", year="n.d.")).status is Status.AMBIGUOUS


WICKHAM = Index(
    [
        source("forcats", "Wickham, Hadley", "2023", "Forcats"),
        source("stringr", "Wickham, Hadley", "2023", "Stringr"),
        source("dplyr", "Wickham, Hadley and François, Romain and Henry, Lionel", "2023", "Dplyr"),
        source("ggplot", "Wickham, Hadley and others", "2016", "ggplot2"),
        source("solo", "Wickham, Hadley", "2016", "Solo"),
    ]
)


def test_et_al_is_not_a_work_of_its_author_alone() -> None:
    assert WICKHAM.resolve(cite("Wickham", year="2023", et_al=True)).key == "dplyr"
    assert WICKHAM.resolve(cite("Wickham", year="2016", et_al=True)).key == "ggplot"  # `and others`
    # near misses: without `et al.` the works of that year stay ambiguous, and `et al.` for the
    # only work there is still finds it (et-al-misuse says what is wrong with it)
    assert WICKHAM.resolve(cite("Wickham", year="2023")).status is Status.AMBIGUOUS
    assert INDEX.resolve(cite("Schäfer", year="2014", et_al=True)).key == "schaefer2014"
    assert WICKHAM.resolve(cite("Wickham", "François", year="2023", et_al=True)).key == "dplyr"


def test_names_without_et_al_are_all_the_authors() -> None:
    index = Index(
        [
            source("alone", "Nüst, Daniel", "2017", "Alone"),
            source("three", "Nüst, Daniel and Konkol, Markus and Pebesma, Edzer", "2017", "Three"),
            source("two", "Nüst, Daniel and Konkol, Markus", "2018", "Two"),
            source("twob", "Nüst, Daniel and Pebesma, Edzer", "2018", "Two b"),
        ]
    )
    assert index.resolve(cite("Nüst", year="2017")).key == "alone"
    assert index.resolve(cite("Nüst", year="2017", et_al=True)).key == "three"
    # near misses: the names tell two two-author works apart, and one name for two such works
    # of a year fits neither better (ambiguous, not a guess)
    assert index.resolve(cite("Nüst", "Pebesma", year="2018")).key == "twob"
    assert index.resolve(cite("Nüst", year="2018")).status is Status.AMBIGUOUS


def test_et_al_is_not_a_work_of_two_authors_where_a_longer_one_fits() -> None:
    index = Index(
        [
            source(
                "agenda", "Dienlin, T. and Johannes, N. and Bowman, N. D. and de Vreese, C.", "2021", "Agenda"
            ),
            source("paradox", "Dienlin, T. and Sun, Y.", "2021", "Paradox"),
            source("pair", "Bryan, J. and Wickham, H.", "2019", "Pair"),
            source("pairb", "Bryan, J. and Hester, J.", "2019", "Pair b"),
        ]
    )
    assert index.resolve(cite("Dienlin", year="2021", et_al=True)).key == "agenda"
    assert index.resolve(cite("Dienlin", "Sun", year="2021")).key == "paradox"
    # near misses: a two-author work is still found where it is the only one of the year (et-al-
    # misuse says what is wrong), and two of them stay ambiguous rather than a guess
    assert INDEX.resolve(cite("Schäfer", year="2014", et_al=True)).key == "schaefer2014"
    assert index.resolve(cite("Bryan", year="2019", et_al=True)).status is Status.AMBIGUOUS


def test_a_citation_having_changes_is_what_dataclasses_replace_makes() -> None:
    from dataclasses import fields, replace

    from claimcite.model import Citation, Location, Resolution, Status, Syntax

    citation = Citation(Location("a.tex", 3, 4, "first words"), Syntax.LATEX, "\\cite{k}", group=2, key="k")
    resolution = Resolution(Status.RESOLVED, "k")
    for changes in ({}, {"folds_case": True}, {"bibliographies": ("r.bib",), "resolution": resolution}):
        having, replaced = citation.having(**changes), replace(citation, **changes)
        assert having == replaced
        assert all(getattr(having, f.name) == getattr(replaced, f.name) for f in fields(Citation))
    with pytest.raises(TypeError, match="no field colour"):
        citation.having(colour="red")
