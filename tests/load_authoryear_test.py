"""Author-year citations in running text, and what is not one."""

from __future__ import annotations

import pytest

from claimcite.load.authoryear import scan

from .linear import assert_linear


def cites(text: str) -> list[tuple[tuple[str, ...], bool, str, str, bool]]:
    return [(c.authors, c.et_al, c.year, c.locator, c.narrative) for c in scan(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(Koçak & Jonkman, 2016)", [(("Koçak", "Jonkman"), False, "2016", "", False)]),
        (
            "(Bruijn & Friedel, 2018; Hulshof et al. 2021)",
            [(("Bruijn", "Friedel"), False, "2018", "", False), (("Hulshof",), True, "2021", "", False)],
        ),
        ("Hulshof et al. (2021) found", [(("Hulshof",), True, "2021", "", True)]),
        ("Koçak en Jonkman (2016)", [(("Koçak", "Jonkman"), False, "2016", "", True)]),
        ("Müller und Weber (2020)", [(("Müller", "Weber"), False, "2020", "", True)]),
        ("(Aho u. a. 2023)", [(("Aho",), True, "2023", "", False)]),
        ("(Smit e.a., 2019)", [(("Smit",), True, "2019", "", False)]),
        (
            "(Smith, 2020a, 2020b)",
            [(("Smith",), False, "2020a", "", False), (("Smith",), False, "2020b", "", False)],
        ),
        ("(Smith, n.d.)", [(("Smith",), False, "n.d.", "", False)]),
        ("(Smith, 2020, p. 12)", [(("Smith",), False, "2020", "p. 12", False)]),
        ("(Smith 2020: 45)", [(("Smith",), False, "2020", "45", False)]),
        ("(Jansen, 2019, blz. 3)", [(("Jansen",), False, "2019", "blz. 3", False)]),
        ("(Schulz 2018, S. 12f.)", [(("Schulz",), False, "2018", "S. 12f.", False)]),
        ("(see Smith, Jones, & Brown, 2020)", [(("Smith", "Jones", "Brown"), False, "2020", "", False)]),
        ("(van der Berg, 2020)", [(("van der Berg",), False, "2020", "", False)]),
        ("De Bruijn (2018) stelt", [(("De Bruijn",), False, "2018", "", True)]),
        ("Smith's (2020) study", [(("Smith",), False, "2020", "", True)]),
        ("(Bruijn &\nFriedel, 2018)", [(("Bruijn", "Friedel"), False, "2018", "", False)]),
        ("Finally, Peikert & Brandmaier (2019) show", [(("Peikert", "Brandmaier"), False, "2019", "", True)]),
    ],
)
def test_citations(text: str, expected: list[tuple[tuple[str, ...], bool, str, str, bool]]) -> None:
    assert cites(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "(zie paragraaf 5.1)",
        "(n = 312)",
        "(18%)",
        "In 2020 the rate rose.",
        "(Juni 2020)",
        "(March 2019)",
        "(Figure 3, 2020)",
        "(zie figuur 2) met 12% (n = 40) tussen 2019 en 2021.",
        "between 2019 and 2021 (p < .05)",
        "(2020)",
    ],
)
def test_not_citations(text: str) -> None:
    assert cites(text) == []


def test_a_single_name_before_a_year_is_tentative() -> None:
    (found,) = scan("het RIVM (2021) schrijft")
    assert found.tentative
    (found,) = scan("Hulshof et al. (2021)")
    assert not found.tentative


def test_style_traits() -> None:
    first, second = scan("(Bruijn & Friedel, 2018; Hulshof et al. 2021)")
    assert "parenthetical:separator:comma" in first.style and "parenthetical:connector:&" in first.style
    assert "parenthetical:separator:space" in second.style and "et-al:et al." in second.style


def test_an_undated_citation_says_nothing_of_the_separator() -> None:
    """Chicago writes `(Pfeiffer Vacuum, n.d.)` beside `(Busch 2024)`; near misses: a dated one
    with a comma still has the comma trait, and no comma before `n.d.` the space trait."""
    undated, dated, spaced = scan("(Pfeiffer Vacuum, n.d.) and (Busch, 2024) and (Zorgapp. z.d.)")
    assert not any(trait.endswith(("separator:comma", "separator:space")) for trait in undated.style)
    assert "parenthetical:separator:comma" in dated.style
    assert "parenthetical:separator:space" in spaced.style


def test_linear_time_on_hostile_input() -> None:
    scan("(" + "Smith, " * 3000 + "2020)" + " (A & " * 3000)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(Smith, n.d.)", [("Smith", "n.d.")]),
        ("(Smith, n.d)", [("Smith", "n.d")]),
        ("(Jansen, z.d.)", [("Jansen", "z.d.")]),
        ("(Jansen, z.j.)", [("Jansen", "z.j.")]),
        ("(Müller, o.J.)", [("Müller", "o.J.")]),
        ("(BSZ, o.D.)", [("BSZ", "o.D.")]),
        ("(Pérez, s.f.)", [("Pérez", "s.f.")]),
        ("(Rossi, s.d.)", [("Rossi", "s.d.")]),
        ("(Movisie, z.d.-b)", [("Movisie", "z.d.-b")]),
        ("(Smith, n.d.-a)", [("Smith", "n.d.-a")]),
        ("(Verweij, 2008; 2019; 2021)", [("Verweij", "2008"), ("Verweij", "2019"), ("Verweij", "2021")]),
        ("(Verweij 2008, 2019)", [("Verweij", "2008"), ("Verweij", "2019")]),
        ("(e.g., Jeannerod, 2001; 2006)", [("Jeannerod", "2001"), ("Jeannerod", "2006")]),
        ("(Stichting Pharos, 2022)", [("Stichting Pharos", "2022")]),
        ("(Nederlands Jeugdinstituut, 2019)", [("Nederlands Jeugdinstituut", "2019")]),
        (
            "(Centraal Bureau voor de Statistiek [CBS], 2025)",
            [("Centraal Bureau voor de Statistiek [CBS]", "2025")],
        ),
        ("(Jansen, P., 2023)", [("Jansen", "2023")]),
        ("(Smit and Ortega Díaz, 2018)", [("Smit", "2018")]),
        ("(García Márquez, 1967)", [("García Márquez", "1967")]),
        ("as shown by Haverkamp (1994).", [("Haverkamp", "1994")]),
        ("As Haverkamp (1994) showed", [("Haverkamp", "1994")]),
    ],
)
def test_forms_of_real_reports(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.authors[0], c.year) for c in scan(text)] == expected


def test_a_second_author_of_two_words() -> None:
    (found,) = scan("(Smit and Ortega Díaz, 2018)")
    assert found.authors == ("Smit", "Ortega Díaz")


def test_an_abbreviation_stands_for_the_name_it_follows() -> None:
    first, later = scan("Zie (Centraal Bureau voor de Statistiek [CBS], 2025). Later (CBS, 2025).")
    assert first.organisation is None
    assert later.authors == ("CBS",) and later.organisation == "Centraal Bureau voor de Statistiek"


def test_a_list_that_may_be_one_organisation() -> None:
    (found,) = scan("(Ministerie van Volksgezondheid, Welzijn en Sport, 2020)")
    assert found.organisation == "Ministerie van Volksgezondheid, Welzijn en Sport"


@pytest.mark.parametrize(
    ("text", "tentative"),
    [
        ("as shown by Haverkamp (1994).", False),
        ("de Bruijn (2020) stelt", False),
        ("het RIVM (2021) schrijft", True),
        ("The Lancet (2020)", True),
        ("Laut der Studie von Müller (2020)", False),  # a citation of Müller
        ("Stichting Pharos (2022) stelt", True),
        ("Hulshof et al. (2021)", False),
    ],
)
def test_which_narrative_names_are_citations_only_if_they_fit(text: str, tentative: bool) -> None:
    (found,) = scan(text)
    assert found.tentative is tentative


@pytest.mark.parametrize(
    "text", ["(Fig. 3, 2020)", "In (2020) we saw", "(p. 2020)", "(zie ook de tabel, 2019)"]
)
def test_more_that_are_no_citations(text: str) -> None:
    assert scan(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("(Wet maatschappelijke ondersteuning, 2015)", "Wet maatschappelijke ondersteuning"),  # a law
        ("(Redactie iot journal, 2019)", "Redactie iot journal"),  # a group's own spelling
        ("(electronicnotes, z.d.)", "electronicnotes"),
    ],
)
def test_a_name_with_words_in_lower_case_is_a_citation_only_if_it_fits(text: str, name: str) -> None:
    (found,) = scan(text)
    assert found.authors == (name,) and found.tentative


@pytest.mark.parametrize(
    ("text", "authors", "year"),
    [
        ("(Abba, 26 april 2022)", ("Abba",), "2022"),  # a web page's date before its year
        ("(Abba, April 26, 2022)", ("Abba",), "2022"),
        ("Abba (3 mei 2022) schrijft", ("Abba",), "2022"),
        ("(Redis. z.d.)", ("Redis",), "z.d."),  # a full stop typed for the comma
        ("(Digital Bazaar, Inc. 2026)", ("Digital Bazaar, Inc",), "2026"),  # a company's comma
        ("(Lünekartoffel-Vertrieb GmbH & Co. KG, o. J.)", ("Lünekartoffel-Vertrieb GmbH & Co. KG",), "o. J."),
        ("(W3C Credentials Community Group 2024)", ("W3C Credentials Community Group",), "2024"),
        ("(*Bekämpfung des Drahtwurms*, 2024)", ("Bekämpfung des Drahtwurms",), "2024"),  # a title
        ("(“Sleep and memory,” 2020)", ("Sleep and memory",), "2020"),
        ("(Rösch, Frühschütz, et al., 2023)", ("Rösch", "Frühschütz"), "2023"),  # APA 8.18
    ],
)
def test_forms_that_real_reports_use(text: str, authors: tuple[str, ...], year: str) -> None:
    (found,) = scan(text)
    assert (found.authors, found.year, found.tentative) == (authors, year, False)


@pytest.mark.parametrize(
    "text",
    [
        "(Jansen, P. 2023)",  # an initial's full stop is no separator: one author, Jansen
        "(Smith et al. 2020)",  # `al.` keeps its full stop
    ],
)
def test_a_full_stop_after_an_initial_or_al_is_no_separator(text: str) -> None:
    (found,) = scan(text)
    assert len(found.authors) == 1 and (found.et_al or found.authors == ("Jansen",))
    assert not found.et_al or "et-al:et al." in found.style


@pytest.mark.parametrize("text", ["(Appendix A1, 2020)", "(Tabel 3, 2019)", "(COVID-19, 2020)"])
def test_an_acronym_with_a_digit_needs_two_letters(text: str) -> None:
    assert scan(text) == []


def test_linear_time_on_long_name_lists_and_windows() -> None:
    def make(n: int) -> str:
        return ("Aa Bb Cc Dd van der Ee, Ff & Gg (2020) " + "(Hh Ii, Jj, Kk en Ll, 2019; 2018) ") * (n // 70)

    assert_linear(make, scan)


def test_linear_time_on_parentheses_without_names() -> None:
    assert_linear(lambda n: "(" + "x, " * 130 + "2020) " * (n // 400), scan)


def test_a_place_before_a_year_is_a_citation_only_if_it_fits() -> None:
    (found,) = scan("en in Utrecht (2019) ook")
    assert found.tentative


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a short title after the names tells an author's works apart
        ('(Hubinger et al., "Sleeper Agents", 2024)', [(("Hubinger",), True, "2024", "", False)]),
        ("(Smith, *Short Title*, 2020)", [(("Smith",), False, "2020", "", False)]),
        # near misses: a title in the author's place is the title; a comma inside quotes is no list
        ('("Sleep and memory," 2020)', [(("Sleep and memory",), False, "2020", "", False)]),
        ("(Smith & Jones, 2020)", [(("Smith", "Jones"), False, "2020", "", False)]),
    ],
)
def test_a_short_title_between_the_names_and_the_year(
    text: str, expected: list[tuple[tuple[str, ...], bool, str, str, bool]]
) -> None:
    assert cites(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a particle, then an initial of the family name, as the list writes it
        (
            "(Silva, Rodrigues, Oliveira, & da F. Costa, 2013)",
            [(("Silva", "Rodrigues", "Oliveira", "da F. Costa"), False, "2013", "", False)],
        ),
        # citeproc's given names that tell two authors apart
        ("(Gibb, Gregory F. Albery, et al., 2021b)", [(("Gibb", "Albery"), True, "2021b", "", False)]),
        ("(Arel-Bundock et al., Forthcoming)", [(("Arel-Bundock",), True, "Forthcoming", "", False)]),
        ("(Bernstein et al., no date)", [(("Bernstein",), True, "no date", "", False)]),
        ("Bernstein et al. (no date) argue", [(("Bernstein",), True, "no date", "", True)]),
        # works separated by a comma, as ecology journals print them
        (
            "(Scheuerell et al. 2009, Gosselin et al. 2018)",
            [(("Scheuerell",), True, "2009", "", False), (("Gosselin",), True, "2018", "", False)],
        ),
        (
            "(Barrett, 2017, Nichols et al., 2017)",
            [(("Barrett",), False, "2017", "", False), (("Nichols",), True, "2017", "", False)],
        ),
        # a sentence adverb opens the sentence
        (
            "Further, Sheeks and Birchmeier's (2007) found",
            [(("Sheeks", "Birchmeier"), False, "2007", "", True)],
        ),
        ("Again, Jones and Smith (2010) found", [(("Jones", "Smith"), False, "2010", "", True)]),
        # a dataset named before the author
        ("(GMPD2, EID2, HP3 and Shaw, 2020)", [(("Shaw",), False, "2020", "", False)]),
        # near misses: a locator after a comma stays one; a year alone continues the author
        ("(Smith 2009, Table 2)", [(("Smith",), False, "2009", "Table 2", False)]),
        ("(Smith 2009, p. 2010)", [(("Smith",), False, "2009", "p. 2010", False)]),
        (
            "(Smith 2009, 2010)",
            [(("Smith",), False, "2009", "", False), (("Smith",), False, "2010", "", False)],
        ),
        ("(Bradley, Jones and Smith, 2001)", [(("Bradley", "Jones", "Smith"), False, "2001", "", False)]),
        ("(W3C, 2020)", [(("W3C",), False, "2020", "", False)]),
        # `e.g.` before a work in a comma-separated run
        (
            "(Coutant et al. 2021, e.g., Bowen et al. 2024)",
            [(("Coutant",), True, "2021", "", False), (("Bowen",), True, "2024", "", False)],
        ),
        # a season that is a surname, among several authors
        ("(Winter et al. 2017)", [(("Winter",), True, "2017", "", False)]),
        ("(Lupyan & Winter, 2018)", [(("Lupyan", "Winter"), False, "2018", "", False)]),
        ("(Page et al., 2021)", [(("Page",), True, "2021", "", False)]),
        ("(Stage and Hossler 1989)", [(("Stage", "Hossler"), False, "1989", "", False)]),
        # an acronym after an article is a thing the sentence names, not an author
        ("In addition to the DSST, Mallaroni et al. (2023) used", [(("Mallaroni",), True, "2023", "", True)]),
        ("as WHO, UNICEF and Smith (2020) wrote", [(("WHO", "UNICEF", "Smith"), False, "2020", "", True)]),
        # what a reader is sent there for, without a comma
        ("(Dingemanse et al. 2015 for a review)", [(("Dingemanse",), True, "2015", "for a review", False)]),
    ],
)
def test_forms_of_typed_word_manuscripts(
    text: str, expected: list[tuple[tuple[str, ...], bool, str, str, bool]]
) -> None:
    assert cites(text) == expected
    assert not any(c.tentative for c in scan(text))


def test_an_organisations_acronym_with_a_colon_is_part_of_its_name() -> None:
    (found,) = scan("(GBIF: The Global Biodiversity Information Facility, 2021b)")
    assert (found.organisation, found.year, found.tentative) == (
        "GBIF: The Global Biodiversity Information Facility",
        "2021b",
        False,
    )
    (found,) = scan("(Note: Smith, 2020)")  # near miss: a word with a colon is no acronym
    assert (found.authors, found.organisation, found.tentative) == (("Smith",), None, True)


@pytest.mark.parametrize(
    "text",
    [
        "Please cite this article as: Pargent, F., K. Koch, T., Kleine, A.-K., Lermer, E., "
        "& Gaube, S. (2024). A tutorial on tailored simulation-based sample-size planning.",
        "Citation: Spichtig, A.N., Hiebert, E.H., Vorstius, C. (2017). A Comparison of reading rates.",
    ],
)
def test_a_reference_typed_in_the_text_is_no_narrative_citation(text: str) -> None:
    assert scan(text) == []
    # near miss: the same authors cited in the text
    assert [c.authors for c in scan("As Pargent and Gaube (2024) show")] == [("Pargent", "Gaube")]


def test_linear_time_on_works_separated_by_commas() -> None:
    assert_linear(lambda n: ("(" + "Aa Bb 2009, " * 30 + "Cc 2010) ") * (n // 400), scan)


@pytest.mark.parametrize(
    "text",
    ["in the (Winter 2019) term", "(Summer, 2019)", "(Spring 2020)", "(page 12, 2019)", "(Stage 2, 2019)"],
)
def test_a_season_alone_is_no_author(text: str) -> None:
    assert scan(text) == []
