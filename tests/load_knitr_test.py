"""R Markdown and Quarto read as knitr hands them to pandoc: chunks are code, text blocks
and captions are Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcite.files.contain import Area
from claimcite.load import knitr
from claimcite.load.documents import ShownPath
from claimcite.load.formats import load_document

from .linear import assert_linear


def keys(folder: Path, text: str, suffix: str = ".Rmd") -> list[str]:
    path = folder / f"paper{suffix}"
    path.write_text(text, encoding="utf-8")
    loaded = load_document(str(path), ShownPath(str(folder)), Area.of(str(folder)))
    return [c.key for c in loaded.citations if c.key is not None]


def test_a_chunk_with_a_blank_line_inside_is_code(tmp_path: Path) -> None:
    text = "```{r}\nx <- 1\n\ny <- 2\n```\n\nSee [@a].\n\n```{r}\nz\n```\n"
    assert keys(tmp_path, text) == ["a"]


@pytest.mark.parametrize(
    "header",
    ["```{r}", "```{r label, echo=FALSE}", "```{python}", "```{bash eval=FALSE}", "````{r}", "  ```{r}"],
)
def test_every_chunk_header_opens_code(tmp_path: Path, header: str) -> None:
    fence = header.strip().split("{")[0]
    indent = header[: len(header) - len(header.lstrip())]
    text = f"Before [@a].\n\n{header}\n# see @k\n#' @param x\n\nmore @code\n{indent}{fence}\n\nAfter [@b].\n"
    assert keys(tmp_path, text) == ["a", "b"]


def test_roxygen_and_r_comments_are_not_citations(tmp_path: Path) -> None:
    text = "```{r}\n#' @param x a value\n# see @smith\nf <- function(x) x\n```\n"
    assert keys(tmp_path, text) == []


def test_an_unclosed_chunk_runs_to_the_end(tmp_path: Path) -> None:
    # knitr reads everything after a chunk that is never closed as its code
    assert keys(tmp_path, "See [@a].\n\n```{r}\nx\n\nNot prose [@b].\n") == ["a"]


def test_another_fence_does_not_close_a_chunk(tmp_path: Path) -> None:
    text = "````{r}\n```\n@inside\n```\n````\n\nOut [@a].\n"
    assert keys(tmp_path, text) == ["a"]


@pytest.mark.parametrize("engine", ["definition", "theorem", "lemma", "proof", "remark", "block", "block2"])
def test_text_blocks_are_markdown(tmp_path: Path, engine: str) -> None:
    text = f"```{{{engine} label, name='A'}}\nA statement [@a].\n```\n\nThen [@b].\n"
    assert keys(tmp_path, text) == ["a", "b"]


def test_a_block_that_is_not_echoed_is_not_rendered(tmp_path: Path) -> None:
    text = (
        "```{asis, echo=FALSE}\nHidden [@a].\n```\n\n"
        "```{block2, type='note'}\n#| echo: false\nAlso [@b].\n```\n"
    )
    assert keys(tmp_path, text) == []


@pytest.mark.parametrize(
    "options",
    [
        '#| fig-cap: "Rules [@a]"',
        "#| fig-cap: 'Rules [@a]'",
        "#| fig-alt: Rules [@a]",
        '#| tbl-cap: "Rules [@a]"',
        '#| fig-subcap:\n#|   - "Rules [@a]"\n#|   - "None"',
        "#| fig-cap: |\n#|   Rules that hold\n#|   [@a]",
        '#| echo = FALSE, fig.cap = "Rules [@a]"',
    ],
)
def test_caption_options_hold_citations(tmp_path: Path, options: str) -> None:
    text = f"```{{r}}\n#| label: fig-x\n{options}\n#| echo: false\nplot(x) # @notme\n```\n"
    assert keys(tmp_path, text, ".qmd") == ["a"]


def test_a_caption_in_the_header_holds_citations(tmp_path: Path) -> None:
    text = '```{r map, fig.cap="A map [@a; @b]", echo=FALSE}\nplot(1) # @c\n```\n'
    assert keys(tmp_path, text) == ["a", "b"]


def test_other_options_are_not_captions(tmp_path: Path) -> None:
    text = '```{r}\n#| label: "@a"\n#| code-summary: "[@b]"\nx\n```\n'
    assert keys(tmp_path, text, ".qmd") == []


def test_a_caption_citation_points_at_its_place(tmp_path: Path) -> None:
    text = '```{r}\n#| fig-cap: "Rules [@a]"\nx\n```\n'
    path = tmp_path / "p.qmd"
    path.write_text(text, encoding="utf-8")
    (citation,) = load_document(str(path), ShownPath(str(tmp_path)), Area.of(str(tmp_path))).citations
    assert (citation.location.line, citation.location.column, citation.text) == (2, 21, "@a")


def test_inline_r_code_is_code(tmp_path: Path) -> None:
    assert keys(tmp_path, "We had `r n` cases (`r '@x'`) [@a].\n") == ["a"]


def test_plain_markdown_keeps_pandocs_reading(tmp_path: Path) -> None:
    # in a .md file nobody runs knitr: pandoc reads `{r}` as a paragraph and the chunk as inline code
    text = "```{r}\nx <- '@inside'\n```\n\nText [@after].\n"
    assert keys(tmp_path, text, ".md") == ["after"]


def test_chunk_boundaries_follow_knitr() -> None:
    lines = ["```{r}", "a", "```{r}", "b", "```", "text", "```{r}", "c"]
    found = [(c.header, c.end, c.closed) for c in knitr.chunks(lines)]
    assert found == [(0, 2, False), (2, 4, True), (6, 8, False)]


def test_linear_time_on_an_unclosed_chunk() -> None:
    assert_linear(lambda n: "```{r}\n" + "x <- '[@a]'\n\n" * (n // 13), knitr.view)


def test_linear_time_on_many_headers_and_option_lines() -> None:
    def make(n: int) -> str:
        return ("````{r}\n#| fig-cap: 'a [@b]'\n```\n" * (n // 34)) + "#| x: [" * 10

    assert_linear(make, knitr.view)


@pytest.mark.parametrize(
    ("chunk", "expected"),
    [
        ("```{r}\nx\n```", ["b", "c"]),  # ```r is code of the bare fence, knitr's ``` closes it
        # a chunk that writes nothing closes nothing: the next chunk's ``` closes the bare fence
        ("```{r, include=FALSE}\nx\n```", ["c"]),
        ("```{r}\n#| include: false\nx\n```", ["c"]),
        ("```{r, echo=FALSE}\nx\n```", ["c"]),  # its code not shown: no fence
        ("```{r}\n#| echo: false\nx\n```", ["c"]),
    ],
)
def test_a_bare_fence_in_the_text_pairs_with_the_fences_knitr_writes(
    tmp_path: Path, chunk: str, expected: list[str]
) -> None:
    text = f"Text\n```\n\nSee [@a].\n\n{chunk}\n\nAfter [@b].\n\n```{{r}}\ny\n```\n\nEnd [@c].\n"
    assert keys(tmp_path, text) == expected


@pytest.mark.parametrize(
    ("chunk", "expected"),
    [
        # knitr writes the fences of a chunk never closed too: the bare fence is closed there
        ("```{r}\nx <- 1\n\n# see @c\ny <- 2\n", []),
        ("```{r}\nx <- 1\n\n# see @c\ny <- 2\n\n\n", []),
        # near miss: a chunk that writes nothing leaves the bare fence open, and pandoc reads an
        # unclosed fence as text
        ("```{r, include=FALSE}\nx <- 1\n", ["a", "b"]),
    ],
)
def test_an_unclosed_chunk_closes_a_bare_fence_before_it(
    tmp_path: Path, chunk: str, expected: list[str]
) -> None:
    text = f"Text\n\n```\nText [@a]\n\nText [@b]\n\n{chunk}"
    assert keys(tmp_path, text) == expected
