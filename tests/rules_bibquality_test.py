"""duplicate-entry and malformed-field: cases that must fire and near misses that must not."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcite.config import Settings
from claimcite.engine import run
from claimcite.findings import Finding
from claimcite.pipeline import load_project
from claimcite.rules import ALL_RULES
from claimcite.rules.fields import CHECKS

from .conftest import write_project


def findings(root: Path, bib: str, rule: str) -> list[Finding]:
    write_project(root, {"references.bib": bib})
    project = load_project(Settings(root=str(root)))
    return [f for f in run(project, ALL_RULES).findings if f.rule == rule]


def article(key: str, title: str, year: str = "2017", extra: str = "", kind: str = "article") -> str:
    fields = (
        f"  author = {{Okafor, Chidi}},\n  title = {{{title}}},\n  journal = {{J}},\n  year = {{{year}}},"
    )
    return f"@{kind}{{{key},\n{fields}{extra}\n}}\n"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            article("a", "Language Barriers in Health Work"),
            article("b", "Language barriers in {H}ealth work."),
        ),
        (article("a", "Ünïcode Title"), article("b", "Unicode title")),
        (
            article("a", "One", extra="doi = {10.5555/X.1}"),
            article("b", "Two", extra="doi = {https://doi.org/10.5555/x.1}"),
        ),
        (
            article("a", "One", extra="doi = {doi:10.5555/x.1}"),
            article("b", "Other", extra="doi = {10.5555/X.1}"),
        ),
    ],
)
def test_duplicates_fire(tmp_path: Path, a: str, b: str) -> None:
    (found,) = findings(tmp_path, a + b, "duplicate-entry")
    assert (found.key, found.suggestion) == ("b", "a")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (article("a", "Community work", "2010"), article("b", "Community work", "2016")),  # another year
        (
            article("a", "Community work", extra="edition = {1}"),
            article("b", "Community work", extra="edition = {2}"),
        ),
        (article("a", "Handbook", extra="volume = {1}"), article("b", "Handbook", extra="volume = {2}")),
        (
            article("a", "Editorial", extra="pages = {1--2}"),
            article("b", "Editorial", extra="pages = {5--6}"),
        ),
        (
            article("a", "Editorial", extra="doi = {10.1/a}"),
            article("b", "Editorial", extra="doi = {10.1/b}"),
        ),
        (article("a", "Same title"), article("b", "Same title", kind="inproceedings")),  # preprint and paper
        (article("a", "Language barriers"), article("b", "Language barriers in rural areas")),
        (article("a", "Monitor sociaal domein 2019"), article("b", "Monitor sociaal domein 2020")),
        (
            article("a", "Chapter one", kind="incollection", extra="doi = {10.5772/3457}"),
            article("b", "Chapter two", kind="incollection", extra="doi = {10.5772/3457}"),
        ),
    ],
)
def test_duplicates_near_misses(tmp_path: Path, a: str, b: str) -> None:
    assert findings(tmp_path, a + b, "duplicate-entry") == []


def software(key: str, title: str, url: str, kind: str = "manual") -> str:
    fields = f"  author = {{Nalborczyk, Ladislas}},\n  title = {{{title}}},\n  year = {{2018}},"
    return f"@{kind}{{{key},\n{fields}\n  url = {{{url}}}\n}}\n"


def test_software_at_two_addresses_is_two_works(tmp_path: Path) -> None:
    a = software("R-lmisc", "lmisc: miscellaneous", "https://github.com/ln/lmisc")
    b = software("R-LNmisc", "LNmisc: miscellaneous", "https://github.com/ln/LNmisc")
    assert findings(tmp_path, a + b, "duplicate-entry") == []


def test_software_at_one_address_is_one_work(tmp_path: Path) -> None:
    a = software("a", "lmisc: miscellaneous", "https://github.com/ln/lmisc")
    b = software("b", "lmisc: Miscellaneous", "http://www.github.com/ln/lmisc/")
    (found,) = findings(tmp_path, a + b, "duplicate-entry")
    assert (found.key, found.suggestion) == ("b", "a")


def test_articles_at_two_addresses_can_be_one_work(tmp_path: Path) -> None:
    a = article("a", "Language barriers", extra="url = {https://publisher.example/a}")
    b = article("b", "Language barriers", extra="url = {https://repository.example/b}")
    assert [f.key for f in findings(tmp_path, a + b, "duplicate-entry")] == ["b"]


def test_other_first_author_is_not_a_duplicate(tmp_path: Path) -> None:
    other = article("b", "Language barriers").replace("Okafor, Chidi", "Berg, Ola")
    assert findings(tmp_path, article("a", "Language barriers") + other, "duplicate-entry") == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("doi", "10.5555/hscc.2017.25.101"),
        ("doi", "https://doi.org/10.1000/xyz123"),
        ("doi", "doi:10.1000/xyz123"),
        ("doi", "10/aabbe"),  # shortDOI
        ("isbn", "0-306-40615-2"),
        ("isbn", "0-8044-2957-X"),  # ISBN-10 with an X
        ("isbn", "978-3-16-148410-0"),
        ("isbn", "978-1-5106-1549-6 978-1-5106-1550-2"),
        ("isbn", "ISBN 0-306-40615-2"),
        ("issn", "0378-5955"),
        ("issn", "2049-3630 (print)"),
        ("year", "2021"),
        ("year", "2020--2021"),
        ("year", "2005/06"),
        ("year", "n.d."),
        ("year", "z.d.-a"),
        ("year", "o. J."),
        ("year", "in press"),
        ("pages", "12--34"),
        ("pages", "12-34"),
        ("pages", "123--45"),  # short for 123-145
        ("pages", "e1002345"),
        ("pages", "xi--xv"),
        ("month", "January"),
        ("month", "12"),
        ("month", "jun"),
        ("url", "https://example.org/page?x=1"),
        ("url", "ftp://ftp.example.org/file"),
    ],
)
def test_well_formed_values(field: str, value: str) -> None:
    assert CHECKS[field](value) is None


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("doi", "None", "10.<registrant>/<suffix>"),
        ("doi", "11.1000/xyz", "10.<registrant>/<suffix>"),
        ("isbn", "0-306-40615-3", "check digit"),
        ("isbn", "0027-8424", "ISSN"),
        ("isbn", "10.1039/C3NR01684F", "DOI"),
        ("issn", "0378-5954", "check digit"),
        ("year", "2020a", "four digits"),
        ("year", "August, 2005", "four digits"),
        ("year", "nd", "four digits"),
        ("year", "n.d. 2019", "four digits"),
        ("pages", "45--12", "backwards"),
        ("month", "13", "1-12"),
        ("month", "Foo", "name"),
        ("url", "www.example.org/page", "https://"),
    ],
)
def test_malformed_values(field: str, value: str, says: str) -> None:
    message = CHECKS[field](value)
    assert message is not None and says in message


def test_unknown_markers_are_not_judged(tmp_path: Path) -> None:
    bib = article("a", "T", extra="month = {????},\n  issn = {????-????}")
    assert findings(tmp_path, bib, "malformed-field") == []
    bib = article("b", "T", extra="isbn = {0-306-40615-3}")
    assert [f.key for f in findings(tmp_path / "x", bib, "malformed-field")] == ["b"]


def test_web_page_without_author_or_date_is_complete(tmp_path: Path) -> None:
    page = "@online{rogers,\n  title = {Werken met vrijwilligers},\n  url = {https://example.org/v}\n}\n"
    assert findings(tmp_path, page, "missing-field") == []


def test_web_page_without_address_is_incomplete(tmp_path: Path) -> None:
    page = "@online{rogers,\n  author = {Rogers, Tim},\n  title = {Werken met vrijwilligers}\n}\n"
    (found,) = findings(tmp_path, page, "missing-field")
    assert "'url' or 'doi' or 'eprint'" in found.message


@pytest.mark.parametrize(
    ("extra", "wanted"),
    [
        ("isbn = {{038788145X}}", []),  # braces that protect case leave the value as it is
        ("isbn = {{{0-306-40615-2}}}", []),
        ("year = {{2009}}", []),
        ("isbn = {{038788145X}{0}}", ["malformed-field"]),  # two groups are no one value
        ("isbn = {{0387881459}}", ["malformed-field"]),  # a wrong check digit, braced or not
    ],
)
def test_a_value_braced_whole_is_judged_without_its_braces(
    tmp_path: Path, extra: str, wanted: list[str]
) -> None:
    found = findings(tmp_path, article("k", "Statistical analysis", extra=extra), "malformed-field")
    assert [f.rule for f in found] == wanted


def test_malformed_field_points_at_the_fields_line(tmp_path: Path) -> None:
    bib = (
        "@book{lee2016,\n  author = {Lee, Min},\n  title = {Community work},\n  publisher = {Sage},\n"
        "  year = {2016},\n  ISBN = {0-306-40615-3}\n}\n"
        "@book{one, title = {T}, author = {A, B}, publisher = {P},\n    year = {20166}}\n"
        "@string{y = {201}}\n@misc{macro, title = {T}, year = y}\n"
    )
    found = findings(tmp_path, bib, "malformed-field")
    assert [(f.key, f.line) for f in found] == [("lee2016", 6), ("one", 9), ("macro", 11)]


def test_malformed_field_of_csl_stays_on_the_entry(tmp_path: Path) -> None:
    """CSL-JSON has no field lines to tell: the item's own place."""
    write_project(
        tmp_path, {"refs.json": '[{"id": "a", "type": "book", "title": "T",\n "ISBN": "0-306-40615-3"}]'}
    )
    project = load_project(Settings(root=str(tmp_path), bibliography=(str(tmp_path / "refs.json"),)))
    (found,) = [f for f in run(project, ALL_RULES).findings if f.rule == "malformed-field"]
    assert found.line == 1
