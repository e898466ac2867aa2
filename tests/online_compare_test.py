"""An entry against a registry record: what agrees despite form, and what differs."""

from __future__ import annotations

import pytest

from claimcite.model import Location, RegistryRecord, Source
from claimcite.online.compare import (
    authors_agree,
    best,
    compare,
    fits,
    journals_agree,
    titles_agree,
    years_agree,
)


def entry(kind: str = "article", *, author: str = "Sadasivan, Shankar", **fields: str) -> Source:
    names = {"author": author} if author else {}
    return Source("k", kind, fields, names, Location("references.bib", 1))


RECORD = RegistryRecord(
    registry="Crossref",
    doi="10.1371/journal.pone.0033693",
    title="Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia "
    "in the Basal Ganglia of Mice",
    first_author="Sadasivan",
    first_given="Shankar",
    years=(2012,),
    containers=("PLoS ONE",),
)


@pytest.mark.parametrize(
    "title",
    [
        "Methylphenidate exposure induces dopamine neuron loss and activation of microglia in the "
        "basal ganglia of mice",  # case
        "{M}ethylphenidate {E}xposure {I}nduces {D}opamine {N}euron {L}oss and {A}ctivation of "
        "{M}icroglia in the {B}asal {G}anglia of {M}ice",  # BibTeX braces
        "Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia in the "
        "Basal Ganglia of Mice.",  # a full stop
        "Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia in the "
        "Basal Ganglia of Mice: a study",  # a subtitle the registry lacks
        "Methylphenidate Exposure Induces Dopamin Neuron Loss and Activation of Microglia in the "
        "Basal Ganglia of Mice",  # a typo
    ],
)
def test_titles_that_agree(title: str) -> None:
    assert titles_agree(title, RECORD)


def test_title_without_the_registered_subtitle_agrees() -> None:
    record = RegistryRecord("Crossref", title="Deep learning", subtitle="a critical appraisal")
    assert titles_agree("Deep Learning", record)
    assert titles_agree("Deep learning: A critical appraisal", record)


def test_diacritics_latex_and_retracted_prefix_agree() -> None:
    record = RegistryRecord("Crossref", title="RETRACTED: Über die Ökonomie der Zürcher Schulen")
    assert titles_agree('{\\"U}ber die {\\"O}konomie der Z{\\"u}rcher Schulen', record)


@pytest.mark.parametrize(
    "title",
    [
        "Methylphenidate exposure causes dopamine neuron loss in adolescent rats",
        "Dopamine neuron loss and microglia",
        "Deep learning: an introduction",
    ],
)
def test_titles_that_differ(title: str) -> None:
    assert not titles_agree(title, RECORD)


def test_other_subtitle_is_another_title() -> None:
    record = RegistryRecord("Crossref", title="Deep learning: a critical appraisal")
    assert not titles_agree("Deep learning: an introduction for clinicians", record)
    split = RegistryRecord("Crossref", title="Deep learning", subtitle="a critical appraisal")
    assert not titles_agree("Deep learning: an introduction for clinicians", split)


@pytest.mark.parametrize(
    ("author", "family", "given"),
    [
        ("Sadasivan, Shankar", "Sadasivan", "Shankar"),
        ("de Bruijn, Els", "De Bruijn", "Els"),  # particle
        ("Ko{\\c{c}}ak, Yasemin", "Koçak", "Yasemin"),  # LaTeX and diacritics
        ("Schaefer, Anna", "Schäfer", "Anna"),  # umlaut written out
        ("Wang, Xiaofeng", "Xiaofeng", "Wang"),  # family and given swapped at the registry
        ("García, Ana", "García Márquez", "Ana"),  # one part of a double name
    ],
)
def test_first_authors_that_agree(author: str, family: str, given: str) -> None:
    record = RegistryRecord("Crossref", first_author=family, first_given=given)
    assert authors_agree(entry(author=author), record) is True


def test_first_author_that_differs() -> None:
    record = RegistryRecord("Crossref", first_author="Tosatto", first_given="Laura")
    assert authors_agree(entry(author="Horrocks, Mathew"), record) is False


def test_no_author_on_either_side_is_not_compared() -> None:
    assert authors_agree(entry(author=""), RECORD) is None
    assert authors_agree(entry(author="Smith, J. and others"), RegistryRecord("Crossref")) is None


def test_years() -> None:
    record = RegistryRecord("Crossref", years=(2019, 2020))
    assert years_agree(entry(year="2019"), record) is True
    assert years_agree(entry(year="2020"), record) is True
    assert years_agree(entry(year="2021"), record) is True  # printed a year after the last date
    assert years_agree(entry(year="2018"), record) is False
    assert years_agree(entry(year="2023"), record) is False
    assert years_agree(entry(), record) is None


@pytest.mark.parametrize(
    ("journal", "registered"),
    [
        ("J. Am. Chem. Soc.", "Journal of the American Chemical Society"),
        ("Phys. Rev. B", "Physical Review B"),
        ("PNAS", "Proceedings of the National Academy of Sciences of the United States of America"),
        ("JAMA", "Journal of the American Medical Association"),
        ("PLOS ONE", "PLoS ONE"),
        ("The Lancet", "Lancet"),
        ("Science & Society", "Science and Society"),
    ],
)
def test_journals_that_agree(journal: str, registered: str) -> None:
    assert journals_agree(entry(journal=journal), RegistryRecord("Crossref", containers=(registered,)))


def test_journals_that_differ() -> None:
    record = RegistryRecord("Crossref", containers=("Physical Review B",))
    assert journals_agree(entry(journal="Journal of Applied Physics"), record) is False


def test_journal_compared_for_articles_only() -> None:
    record = RegistryRecord("Crossref", containers=("Lecture Notes in Computer Science",))
    assert journals_agree(entry("inproceedings", booktitle="Proceedings of ICALP"), record) is None


def test_compare_names_each_field_that_differs() -> None:
    source = entry(
        author="Tosatto, Laura",
        title="Single-molecule imaging of amyloid-beta aggregation",
        journal="Nature",
        year="2009",
    )
    found = {m.field: m for m in compare(source, RECORD)}
    assert set(found) == {"title", "first author", "year", "journal"}
    assert (found["year"].entry, found["year"].registered) == ("2009", "2012")
    assert found["first author"].registered == "Sadasivan"


def test_compare_is_silent_on_a_matching_entry() -> None:
    source = entry(title=RECORD.title or "", journal="PLoS One", year="2012")
    assert compare(source, RECORD) == ()


def test_a_search_result_fits_by_title_and_author_or_year() -> None:
    assert fits(entry(title=RECORD.title or "", year="2012"), RECORD)
    assert fits(entry(title=RECORD.title or "", author="Other, A.", year="2012"), RECORD)
    assert not fits(entry(title=RECORD.title or "", author="Other, A.", year="1990"), RECORD)
    assert not fits(entry(title="Microglia in mice", year="2012"), RECORD)


def test_a_short_title_needs_author_and_year_not_against_it() -> None:
    record = RegistryRecord("Crossref", title="Introduction", first_author="Smith", years=(2001,))
    assert not fits(entry(title="Introduction", author="Jones, A.", year="2001"), record)
    assert fits(entry(title="Introduction", author="Smith, A.", year="2001"), record)


def test_best_gives_the_closest_when_nothing_fits() -> None:
    near = RegistryRecord("Crossref", title="Methylphenidate and microglia in mice", years=(2012,))
    far = RegistryRecord("Crossref", title="Sleep and memory", years=(2012,))
    match, closest = best(entry(title=RECORD.title or "", year="2012"), [far, near])
    assert match is None and closest == near
    match, closest = best(entry(title=RECORD.title or "", year="2012"), [far, RECORD])
    assert match == RECORD and closest is None
