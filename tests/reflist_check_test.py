"""A manuscript's own reference list: its bibliography when none is named, compared with the
.bib when there is one, and written out as BibTeX."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from pybtex.database import parse_string

from .conftest import Run

REPORT = """\
# Bereik

Ouderen wonen vaker alleen (CBS, 2025). Wachttijden lopen op (Van der Heijden & Oud, 2019b).
Taal is een drempel (Okafor, 2017).

## Literatuur

Centraal Bureau voor de Statistiek [CBS]. (2025). *Ouderen in Nederland*. CBS.

Heijden, J. van der, & Oud, M. (2019a). *Eerder werk*. Boom.

Heijden, J. van der, & Oud, M. (2019b). Wachttijden in de wijk. In P. de Vries (Red.),
*Zorg dichtbij* (pp. 45–67). Van Gorcum.

Okafor, C. (2017). Taal als drempel. *Tijdschrift voor Sociale Vraagstukken*, *12*(3), 45–67.

Jansen, P. (2020). *Nergens geciteerd*. Boom.
"""

Project = Callable[[Mapping[str, str]], Path]
Cli = Callable[..., Run]


def _rules(run: Run) -> list[tuple[str, str | None, int]]:
    return [(f["rule"], f["key"], f["line"]) for f in run.findings()]


def test_the_list_is_the_bibliography_when_none_is_named(project: Project, cli: Cli) -> None:
    root = project({"report.md": REPORT})
    run = cli("check", "report.md", "--format", "json", cwd=root)
    assert run.status == 0, run.err  # warnings only
    assert _rules(run) == [("unused-entry", "heijden2019a", 10), ("unused-entry", "jansen2020", 17)]


def test_citations_show_the_derived_keys_and_none_stand_in_the_list(project: Project, cli: Cli) -> None:
    root = project({"report.md": REPORT})
    run = cli("citations", "report.md", "--format", "json", cwd=root)
    assert run.status == 0, run.err
    records = run.report["citations"]
    assert [(r["line"], r["resolved"]) for r in records] == [
        (3, "cbs2025"),
        (3, "heijden2019b"),
        (4, "okafor2017"),
    ]


def test_a_named_bibliography_is_compared_with_the_list(project: Project, cli: Cli) -> None:
    bib = """\
    @book{cbs2025, author = {{Centraal Bureau voor de Statistiek}}, shortauthor = {CBS},
      title = {Ouderen in Nederland}, year = {2025}}
    @book{heijden2019a, author = {van der Heijden, Jan and Oud, Maria}, title = {Eerder werk}, year = {2019}}
    @incollection{heijden2019b, author = {van der Heijden, Jan and Oud, Maria},
      title = {Wachttijden in de wijk}, booktitle = {Zorg dichtbij}, year = {2019}}
    @article{okafor2017, author = {Okafor, Chidi and Tanaka, Yui}, title = {Taal als drempel},
      journal = {Tijdschrift voor Sociale Vraagstukken}, year = {2017}}
    @book{jansen2020, author = {Jansen, Piet}, title = {Nergens geciteerd}, year = {2021}}
    """
    root = project({"report.md": REPORT, "references.bib": bib})
    run = cli("check", "report.md", "--format", "json", "--select", "CC41", cwd=root)
    assert run.status == 0, run.err
    found = {(f["rule"], f["key"], f["line"]) for f in run.findings()}
    assert found == {
        ("reference-differs", "okafor2017", 15),  # the entry has a second author
        ("reference-differs", "jansen2020", 17),  # 2020 in the list, 2021 in the entry
    }


def test_a_cited_work_missing_from_the_list_and_an_item_missing_from_the_bib(
    project: Project, cli: Cli
) -> None:
    report = (
        "Tekst (Okafor, 2017) en (Tanaka, 2019).\n\nReferences\n\n"
        "Okafor, C. (2017). *Taal*. Boom.\n\nDoe, J. (2001). *Iets*. Boom.\n"
    )
    bib = """\
    @book{okafor2017, author = {Okafor, Chidi}, title = {Taal}, year = {2017}}
    @book{tanaka2019, author = {Tanaka, Yui}, title = {Vertrouwen}, year = {2019}}
    """
    root = project({"report.md": report, "references.bib": bib})
    run = cli("check", "report.md", "--format", "json", "--select", "CC41", cwd=root)
    found = {(f["rule"], f["key"], f["line"]) for f in run.findings()}
    assert found == {
        ("missing-from-reference-list", "tanaka2019", 1),
        ("reference-not-in-bibliography", "doe2001", 7),
    }


def test_a_rendered_list_is_matched_by_its_keys(project: Project, cli: Cli) -> None:
    report = """\
    Text (Okafor and Tanaka 2017).

    ::: {#refs .references .csl-bib-body .hanging-indent}
    ::: {#ref-okafor2017 .csl-entry}
    Okafor, Chidi, and Yui Tanaka. 2017. *Taal Als Drempel*. Boom.
    :::

    ::: {#ref-gone2001 .csl-entry}
    Doe, Jane. 2001. *Weg*. Boom.
    :::
    :::
    """
    bib = (
        "@book{okafor2017, author = {Okafor, Chidi and Tanaka, Yui}, title = {Taal als drempel},\n"
        "year = 2017}"
    )
    root = project({"report.md": report, "references.bib": bib})
    run = cli("check", "report.md", "--format", "json", "--select", "CC41,CC1", cwd=root)
    assert [(f["rule"], f["key"]) for f in run.findings()] == [("reference-not-in-bibliography", "gone2001")]


def test_an_unreadable_item_is_reported_and_quoted(project: Project, cli: Cli) -> None:
    report = (
        "Tekst (Okafor, 2017).\n\nLiteratuur\n\n"
        "Okafor, C. (2017). *Taal*. Boom.\n\nZie ook de website van de gemeente.\n"
    )
    root = project({"report.md": report})
    run = cli("check", "report.md", "--format", "json", cwd=root)
    (finding,) = run.findings()
    assert (finding["rule"], finding["line"], finding["severity"]) == ("unparsed-reference", 7, "warning")
    assert "Zie ook de website van de gemeente." in finding["message"]


def test_claim_files_name_sources_by_the_derived_key(project: Project, cli: Cli) -> None:
    claims = """\
    document: report.md
    claims:
      - id: alone
        statement: Ouderen wonen vaker alleen.
        sources: [cbs2025]
      - id: typo
        statement: Taal is een drempel.
        sources: [okafor2071]
    """
    root = project({"report.md": REPORT, "claims/a.yaml": claims})
    run = cli("check", "--format", "json", "--select", "CC101", cwd=root)
    assert [(f["rule"], f["key"], f["suggestion"]) for f in run.findings()] == [
        ("unknown-key", "okafor2071", "okafor2017")
    ]


def test_the_list_is_written_as_bibtex(project: Project, cli: Cli) -> None:
    root = project({"report.md": REPORT})
    run = cli("citations", "report.md", "--format", "bibtex", cwd=root)
    assert run.status == 0, run.err
    data = parse_string(run.out, "bibtex")
    assert list(data.entries) == ["cbs2025", "heijden2019a", "heijden2019b", "okafor2017", "jansen2020"]
    cbs = data.entries["cbs2025"]
    assert [str(p) for p in cbs.persons["author"]] == ["{Centraal Bureau voor de Statistiek}"]
    assert cbs.fields["shortauthor"] == "CBS"
    chapter = data.entries["heijden2019b"]
    assert chapter.type == "incollection"
    assert chapter.fields["booktitle"] == "Zorg dichtbij"
    assert [p.last_names for p in chapter.persons["author"]] == [["Heijden"], ["Oud"]]


def test_bibtex_without_a_list_is_an_error(project: Project, cli: Cli) -> None:
    root = project({"report.md": "Tekst (Okafor, 2017).\n", "references.bib": "@book{a, title={T}}\n"})
    run = cli("citations", "report.md", "--format", "bibtex", cwd=root)
    assert run.status == 2
    assert run.err.startswith("claimcite: error: no reference list")


def test_a_section_whose_items_are_mostly_no_references_is_no_list(project: Project, cli: Cli) -> None:
    report = (
        "Tekst (Okafor, 2017).\n\n## Sources\n\n- https://example.org/data\n- The city's website\n"
        "- Okafor, C. (2017). *Taal*. Boom.\n"
    )
    root = project(
        {"report.md": report, "references.bib": "@book{okafor2017, author={Okafor, C.}, year=2017}"}
    )
    run = cli("check", "report.md", "--format", "json", "--select", "CC41", cwd=root)
    assert run.findings() == []


OWN_STYLE = """\
# Zitgedrag

Volwassenen zitten 7,7 uur per dag (Matthews et al, 2008). Kantoorwerkers zitten langer (Thorp, 2012).

## Bronnenlijst
1. Matthews, C.E, Chen, K.Y, Pate, R.R, 25-02-2008, Amount of Time Spent Sitting, geraadpleegd op 11-06-2018.
2. Thorp, A.A, 26-10-2012, Prolonged sedentary time, geraadpleegd op 11-06-2018.
3. Kirchner, "A Title Typed Freely" (Workshop Notes, 2019)
"""
# the same list with no date after the names: no reader can tell the year of its items
NO_DATES = """\
# Zitgedrag

Volwassenen zitten 7,7 uur per dag (Matthews et al, 2008). Kantoorwerkers zitten langer (Thorp, 2012).

## Bronnenlijst
1. Matthews C.E. Chen K.Y. Amount of Time Spent Sitting. Oxford Academic, 25-02-20-8.
2. Thorp A.A. Healy G.N. Prolonged sedentary time, via BioMedCentral.
3. The website of the Kirchner lab
"""


def test_a_list_in_a_style_of_its_own_is_read_as_a_reader_reads_it(project: Project, cli: Cli) -> None:
    root = project({"report.md": OWN_STYLE})
    listing = cli("citations", "report.md", "--format", "json", cwd=root)
    # the list's items are no citations (`(Workshop Notes, 2019)` is part of item 3)
    assert [(r["line"], r["resolved"]) for r in listing.report["citations"]] == [
        (3, "matthews2008"),
        (3, "thorp2012"),
    ]
    run = cli("check", "report.md", "--format", "json", cwd=root)
    assert [(f["rule"], f["key"]) for f in run.findings()] == [("unused-entry", "kirchner2019")], run.out


def test_a_list_in_a_style_of_its_own_without_dates_is_not_read_and_the_check_runs(
    project: Project, cli: Cli
) -> None:
    root = project({"report.md": NO_DATES})
    run = cli("check", "report.md", "--format", "json", cwd=root)
    assert run.status == 0, run.err  # not "no bibliography" (exit 2): the list is there, not read
    (finding,) = run.findings()
    assert (finding["rule"], finding["line"]) == ("unparsed-reference", 5)
    assert "'Bronnenlijst' is not read: 3 of its 3 items" in finding["message"]
    listing = cli("citations", "report.md", "--format", "json", cwd=root)
    assert [(r["line"], r["resolved"]) for r in listing.report["citations"]] == [(3, None), (3, None)]


def test_a_list_not_read_beside_a_bibliography_says_nothing(project: Project, cli: Cli) -> None:
    bib = (
        "@misc{matthews2008, author={Matthews, C. and Chen, K. and Pate, R.}, year=2008}\n"
        "@misc{thorp2012, author={Thorp, A.}, year=2012}"
    )
    root = project({"report.md": NO_DATES, "references.bib": bib})
    run = cli("check", "report.md", "--format", "json", cwd=root)
    assert run.findings() == [], run.out


def test_prose_under_a_list_heading_keeps_its_citations(project: Project, cli: Cli) -> None:
    """Paragraphs that do not read as references under "Literature" may be prose: not a list."""
    report = (
        "# Study\n\n## Literature\n\nEarlier work (Okafor, 2017) looked at language.\n\n"
        "Later work agreed with it (Jansen, 2020).\n"
    )
    root = project({"report.md": report})
    run = cli("citations", "report.md", "--format", "json", cwd=root)
    assert [r["line"] for r in run.report["citations"]] == [5, 7]
    assert cli("check", "report.md", cwd=root).status == 2  # no bibliography at all, as before


def test_a_heading_and_the_first_item_below_it_are_no_citation(project: Project, cli: Cli) -> None:
    report = (
        "Tekst (Jansen, 2020).\n\n## Literatuur\n\n"
        "Abba, I. (2022). _Definitie_. Boom.\n\nJansen, P. (2020). *Titel*. Boom.\n"
    )
    root = project({"report.md": report})
    run = cli("check", "report.md", "--format", "json", cwd=root)
    assert _rules(run) == [("unused-entry", "abba2022", 5)]
    listing = cli("citations", "report.md", "--format", "json", cwd=root)
    assert [(r["line"], r["resolved"]) for r in listing.report["citations"]] == [(1, "jansen2020")]


RENDERED = """\
The model is the consortium's (World Wide Web Consortium 2024b), its status list too
(World Wide Web Consortium 2024a).

::: {#refs .references .csl-bib-body .hanging-indent}
::: {#ref-w3cstatus .csl-entry}
World Wide Web Consortium. 2024a. *Status List*.
:::

::: {#ref-w3cmodel .csl-entry}
World Wide Web Consortium. 2024b. *Verifiable Data Model*.
:::
:::
"""
W3C_BIB = "".join(
    f"@misc{{{key}, author={{{{World Wide Web Consortium}}}}, title={{{title}}}, year={{2024}}}}\n"
    for key, title in (
        ("w3cstatus", "Status List"),
        ("w3cmodel", "Verifiable Data Model"),
        ("w3cint", "Integrity"),
    )
)


def test_a_rendered_list_says_which_entry_bears_which_letter(project: Project, cli: Cli) -> None:
    """citeproc lettered the two works it cites; by the titles of all three, `b` would be another."""
    root = project({"paper.md": RENDERED, "references.bib": W3C_BIB})
    listing = cli("citations", "paper.md", "--bib", "references.bib", "--format", "json", cwd=root)
    assert [r["resolved"] for r in listing.report["citations"]] == ["w3cmodel", "w3cstatus"]
    run = cli("check", "paper.md", "--bib", "references.bib", "--format", "json", cwd=root)
    assert _rules(run) == [("unused-entry", "w3cint", 3)], run.out


def test_a_list_ends_at_an_appendix_typed_as_a_line_of_its_own(project: Project, cli: Cli) -> None:
    """`Appendix 1` and what follows it are no items; near miss: an item that cannot be read
    before it is still reported."""
    report = (
        "Anxiety rose (Sheeks & Birchmeier, 2007).\n\nReferences\n\n"
        "Sheeks, M. S., & Birchmeier, Z. P. (2007). Shyness. CyberPsychology & Behavior, 10(1), 64-70.\n\n"
        "Zie ook de website van de gemeente.\n\nAppendix 1\n\n"
        "Pre-prepared words and phrases available to the researcher during CMC\n"
    )
    run = cli("check", "report.txt", "--format", "json", cwd=project({"report.txt": report}))
    assert _rules(run) == [("unparsed-reference", None, 7)]


def test_the_rest_of_an_item_in_a_paragraph_of_its_own_is_that_item(project: Project, cli: Cli) -> None:
    report = (
        "Text (Blume et al., 2018).\n\nReferences\n\n"
        "Blume, J. D., McGowan, L., & Greevy, R. A. (2018).\n\n"
        "Second-generation p-values: Improved rigor. PLOS ONE, 13 (3), e0188299.\n"
    )
    run = cli("check", "report.txt", "--format", "json", cwd=project({"report.txt": report}))
    assert _rules(run) == []
    listed = cli("citations", "report.txt", "--format", "json", cwd=project({"report.txt": report}))
    assert [c["resolved"] for c in listed.report["citations"]] == ["blume2018"]
