"""`claimcite citations`: every citation, where it stands, as written, what it resolves to."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

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


QUARTO_BIB = "@misc{a, author = {Doe, Jane}, title = {T}, year = {2020}}\n"


def test_a_quarto_project_names_the_bibliography_and_includes_its_sections(
    cli: Cli, project: Callable[[dict[str, str]], Path]
) -> None:
    root = project(
        {
            "_quarto.yml": "project:\n  type: manuscript\nbibliography:\n  - files/refs.bib\n",
            "files/refs.bib": QUARTO_BIB + "@misc{b, author = {Roe, Ann}, title = {U}, year = {2021}}\n",
            "index.qmd": "---\ntitle: Proposal\n---\n\nIntro [@a].\n\n"
            "{{< include sections/_science.qmd >}}\n\n"
            "```\n{{< include sections/_code.qmd >}}\n```\n",
            "sections/_science.qmd": "Science [@b; @c].\n\n{{< include ../index.qmd >}}\n",
            "sections/_code.qmd": "Never read [@d].\n",
        }
    )
    listing = cli("citations", "index.qmd", "--format", "json", cwd=root)
    assert [(r["path"], r["key"], r["resolved"]) for r in listing.report["citations"]] == [
        ("index.qmd", "a", "a"),
        ("sections/_science.qmd", "b", "b"),
        ("sections/_science.qmd", "c", None),
    ], listing.out
    run = cli("check", "index.qmd", "--format", "json", cwd=root)
    assert [(f["rule"], f["path"], f["key"]) for f in run.findings()] == [
        ("unknown-key", "sections/_science.qmd", "c")
    ], run.out


@pytest.mark.parametrize(
    ("files", "status"),
    [
        # a chapter of a bookdown book: index.Rmd names the bibliography of every chapter
        ({"_bookdown.yml": "book_filename: b\n", "index.Rmd": "---\nbibliography: book.bib\n---\n"}, 0),
        ({"_metadata.yml": "bibliography: book.bib\n"}, 0),  # Quarto's folder metadata
        # near misses: its own front matter wins; an index.Rmd without _bookdown.yml is no book
        ({"index.Rmd": "---\nbibliography: book.bib\n---\n"}, 2),
        ({"_quarto.yml": "project:\n  type: book\n", "index.qmd": "---\nbibliography: book.bib\n---\n"}, 2),
    ],
)
def test_a_chapter_uses_the_bibliography_its_book_names(
    cli: Cli, project: Callable[[dict[str, str]], Path], files: dict[str, str], status: int
) -> None:
    root = project({**files, "book.bib": QUARTO_BIB, "chapter.Rmd": "# One\n\nText [@a].\n"})
    run = cli("check", "chapter.Rmd", cwd=root)
    assert run.status == status, run.out + run.err


R_REFS = (
    "@Manual{R-base, title = {R}, author = {{R Core Team}}, year = {2024}}\n"
    "@Manual{R-dplyr, title = {dplyr}, author = {Hadley Wickham}, year = {2023}}\n"
    "@Article{other, title = {T}, author = {Roe, Ann}, journal = {J}, year = {2020}}\n"
)


@pytest.mark.parametrize(
    ("body", "cited"),
    [
        # papaja writes a citation of each `R-` entry where inline R code calls cite_r()
        ('We used `r cite_r("r-references.bib")` for all analyses.\n', ["R-base", "R-dplyr"]),
        ("We used `r cite_r(file = 'r-references.bib', footnote = FALSE)`.\n", ["R-base", "R-dplyr"]),
        # near misses: in a chunk, as plain text, or a file that is not there cite nothing
        ('```{r}\ncite_r("r-references.bib")\n```\n', []),
        ('We used cite_r("r-references.bib") for all analyses.\n', []),
        ('We used `r cite_r("missing.bib")` for all analyses.\n', []),
    ],
)
def test_papaja_cite_r_cites_the_packages_of_its_file(
    cli: Cli, project: Callable[[dict[str, str]], Path], body: str, cited: list[str]
) -> None:
    root = project(
        {
            "paper.Rmd": "---\nbibliography: r-references.bib\n---\n\nText [@other].\n\n" + body,
            "r-references.bib": R_REFS,
        }
    )
    listing = cli("citations", "paper.Rmd", "--format", "json", cwd=root)
    assert [r["key"] for r in listing.report["citations"]] == ["other", *cited], listing.out
    run = cli("check", "paper.Rmd", "--format", "json", cwd=root)
    unused = sorted(f["key"] for f in run.findings() if f["rule"] == "unused-entry")
    assert unused == sorted({"R-base", "R-dplyr"} - set(cited)), run.out


R_PACKAGES = R_REFS + (
    "@Manual{R-ggplot2, title = {ggplot2}, author = {Hadley Wickham}, year = {2016}}\n"
    "@Article{R-brms_a, title = {brms}, author = {Paul Buerkner}, journal = {J}, year = {2017}}\n"
    "@Article{R-brms_b, title = {brms}, author = {Paul Buerkner}, journal = {R}, year = {2018}}\n"
)
CHUNK = (
    '```{r}\nr_citations <-\n  cite_r(\n    "r-references.bib"\n    , pkgs = c("brms", "dplyr")%s\n  )\n'
    "```\n\n"
)


@pytest.mark.parametrize(
    ("body", "cited"),
    [
        # papaja's cite_r(): R, and the packages named in `pkgs` (withhold = FALSE) or all others
        (
            CHUNK % ", withhold = FALSE" + "We used `r r_citations`.\n",
            ["R-base", "R-brms_a", "R-brms_b", "R-dplyr"],
        ),
        (CHUNK % "" + "We used `r r_citations`.\n", ["R-base", "R-ggplot2"]),
        (
            'We used `r cite_r("r-references.bib", pkgs = "ggplot2", withhold = F)`.\n',
            ["R-base", "R-ggplot2"],
        ),
        # footnote = TRUE: `$r` cites R, `$pkgs` the packages
        (CHUNK % ", withhold = FALSE, footnote = TRUE" + "With `r r_citations$r`.\n", ["R-base"]),
        # near misses: a value that is not cite_r()'s, a call in a chunk whose value is not shown
        (CHUNK % "" + "We used `r other_value`.\n", []),
        (CHUNK % "" + "```{=tex}\n\\begin{Verbatim}\n`r r_citations`\n\\end{Verbatim}\n```\n", []),
        (CHUNK % "", []),
    ],
)
def test_papaja_cite_r_assigned_in_a_chunk_and_shown_inline(
    cli: Cli, project: Callable[[dict[str, str]], Path], body: str, cited: list[str]
) -> None:
    root = project(
        {
            "paper.Rmd": "---\nbibliography: r-references.bib\n---\n\nText [@other].\n\n" + body,
            "r-references.bib": R_PACKAGES,
        }
    )
    listing = cli("citations", "paper.Rmd", "--format", "json", cwd=root)
    assert [r["key"] for r in listing.report["citations"]] == ["other", *cited], listing.out


def test_knitr_child_documents_are_read_where_their_chunk_stands(
    cli: Cli, project: Callable[[dict[str, str]], Path]
) -> None:
    root = project(
        {
            "references.bib": QUARTO_BIB + "@misc{b, author = {Roe, Ann}, title = {U}, year = {2021}}\n"
            "@misc{c, author = {Poe, Al}, title = {V}, year = {2022}}\n",
            "paper.Rmd": "Intro [@a].\n\n```{r, child = c('one.Rmd', \"two.Rmd\")}\n```\n\n"
            '```{r}\n#| child: "three.qmd"\n```\n\n'
            "Not a chunk: child = \"four.Rmd\", `{r, child = 'five.Rmd'}`.\n",
            "one.Rmd": "One [@b].\n",
            "two.Rmd": "Two [@c].\n",
            "three.qmd": "Three [@a].\n",
            "four.Rmd": "Four [@zzz].\n",
            "five.Rmd": "Five [@yyy].\n",
        }
    )
    listing = cli("citations", "paper.Rmd", "--format", "json", cwd=root)
    assert [(r["path"], r["key"]) for r in listing.report["citations"]] == [
        ("paper.Rmd", "a"),
        ("one.Rmd", "b"),
        ("two.Rmd", "c"),
        ("three.qmd", "a"),
    ], listing.out
