"""Generated Markdown and R Markdown: claimcite finds the citations pandoc finds (on the knitr
view for R Markdown). Derandomised: the same documents in every run; `python
scripts/pandoc_agreement.py --generated N` runs many more."""

from __future__ import annotations

import sys

import pytest
from hypothesis import HealthCheck, given, settings

from .conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
from generated_markdown import difference, markdown_document, rmarkdown_document
from pandoc_agreement import find_pandoc

PANDOC = find_pandoc()
CI = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
needs_pandoc = pytest.mark.skipif(
    PANDOC is None, reason="pandoc is not installed (pip install pypandoc_binary)"
)


@needs_pandoc
@CI
@given(markdown_document())
def test_markdown_agrees_with_pandoc(text: str) -> None:
    assert PANDOC is not None
    assert difference(PANDOC, text, ".md") is None


@needs_pandoc
@settings(CI, max_examples=100)
@given(rmarkdown_document())
def test_rmarkdown_agrees_with_pandoc_on_the_knitr_view(text: str) -> None:
    assert PANDOC is not None
    assert difference(PANDOC, text, ".Rmd") is None


def test_the_knitr_view_of_a_chunk_with_a_blank_line() -> None:
    from generated_markdown import knitr_view

    text = "```{r}\nx <- 1\n\ny <- 2\n```\n\nSee [@a].\n\n```{r}\nz\n```\n"
    assert "[@a]" in knitr_view(text) and "x <- 1" not in knitr_view(text)
