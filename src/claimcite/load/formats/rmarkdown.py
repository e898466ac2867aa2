"""R Markdown and Quarto (`.Rmd`, `.qmd`, `.Rmarkdown`): Markdown as knitr leaves it for pandoc.
Every ```` ```{engine ...} ```` chunk is code, bookdown's text blocks are Markdown, and chunk
options such as `#| fig-cap:` are Markdown too."""

from __future__ import annotations

from claimcite.load.documents import LoadedDocument
from claimcite.load.formats.markdown import read_markdown
from claimcite.load.reader import Reading


def read(path: str, reading: Reading) -> LoadedDocument:
    return read_markdown(path, reading, knitted=True)
