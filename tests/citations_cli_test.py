"""`claimcite citations`: every citation, where it stands, as written, what it resolves to."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .conftest import REPO, Run

Cli = Callable[..., Run]


def test_lists_every_citation_of_the_example_page(cli: Cli) -> None:
    run = cli("citations", "manuscript/discriminatie-zorg-sport-p38.txt", "--format", "json", cwd=REPO)
    assert run.status == 0, run.err
    listing = run.report
    assert listing["schema"] == "claimcite/citations/v1"
    records = listing["citations"]
    assert [(r["authors"], r["year"], r["resolved"]) for r in records] == [
        (["Bruijn", "Friedel"], "2018", "bruijn2018"),
        (["Hulshof"], "2021", "hulshof2021"),
        (["Hulshof"], "2021", "hulshof2021"),
        (["Houtzager", "Verbeek"], "2021", "houtzager2021"),
        (["Koçak", "Jonkman"], "2016", "kocak2016"),
        (["Koçak", "Jonkman"], "2016", "kocak2016"),
        (["Koçak", "Jonkman"], "2016", "kocak2016"),
    ]
    assert records[0]["group"] == records[1]["group"] != records[2]["group"]
    assert set(records[0]) == {
        "path", "line", "column", "syntax", "text", "key", "authors", "year", "locator", "resolved", "group",
    }  # fmt: skip


def test_claims_and_markdown_in_document_order(cli: Cli, project: Callable[[dict[str, str]], Path]) -> None:
    root = project(
        {
            "references.bib": "@misc{a, author = {A, B}, title = {T}, year = {2020}}\n",
            "paper.md": "Text [see @a, p. 4; @zz].\n",
        }
    )
    run = cli("citations", "paper.md", "--format", "json", cwd=root)
    records = run.report["citations"]
    assert [(r["syntax"], r["key"], r["locator"], r["resolved"]) for r in records] == [
        ("pandoc", "a", "p. 4", "a"),
        ("pandoc", "zz", None, None),
    ]
    terminal = cli("citations", "paper.md", cwd=root)
    assert "paper.md:1:11" in terminal.out and "unknown key" in terminal.out


def test_citations_without_any_bibliography(cli: Cli, project: Callable[[dict[str, str]], Path]) -> None:
    root = project(
        {
            "paper.md": "---\nbibliography: missing.bib\n---\nText [see @a, p. 4; @b].\n",
            "paper.tex": "Text \\citep{c}.\n\\bibliography{refs}\n",
            "notes.txt": "As Haverkamp and Zwart (1994) showed, and het RIVM (2021) schrijft.\n",
        }
    )
    run = cli("citations", "paper.md", "paper.tex", "notes.txt", "--format", "json", cwd=root)
    assert run.status == 0, run.err
    records = run.report["citations"]
    assert [(r["key"], r["authors"], r["resolved"]) for r in records] == [
        ("a", None, None),
        ("b", None, None),
        ("c", None, None),
        (None, ["Haverkamp", "Zwart"], None),
    ]
    terminal = cli("citations", "paper.md", cwd=root)
    assert terminal.status == 0 and "no bibliography" in terminal.out
    assert cli("check", "notes.txt", cwd=root).status == 2  # a check needs its bibliography
    assert cli("citations", "paper.md", "--bib", "nothere.bib", cwd=root).status == 2


def test_bib_wins_over_the_documents_own(cli: Cli, project: Callable[[dict[str, str]], Path]) -> None:
    root = project(
        {
            "given.bib": "@misc{a, author = {A, B}, title = {T}, year = {2020}}\n",
            "own.bib": "@misc{other, title = {O}}\n",
            "paper.md": "---\nbibliography: [own.bib, packages.bib]\n---\nText [@a].\n",
        }
    )
    run = cli("check", "paper.md", "--bib", "given.bib", "--format", "json", cwd=root)
    assert run.status == 0 and run.findings() == [], run.out
    assert "own.bib" not in run.out


def test_a_bibliography_named_without_extension_is_a_bib_file(
    cli: Cli, project: Callable[[dict[str, str]], Path]
) -> None:
    root = project(
        {
            "refs.bib": "@misc{a, author = {A, B}, title = {T}, year = {2020}}\n",
            "paper.md": "---\nbibliography: refs\n---\nText [@a].\n",
        }
    )
    run = cli("check", "paper.md", "--format", "json", cwd=root)
    assert run.status == 0 and run.findings() == [], run.out
