"""BibTeX and biblatex (`.bib`, `.bibtex`), read with pybtex; `%` starts a comment. The table's
fallback for a bibliography whose suffix no format claims."""

from __future__ import annotations

from claimcite.files.contain import Area
from claimcite.load.bibtex import load_bibtex
from claimcite.load.format import Comment
from claimcite.load.reader import BibliographyHints
from claimcite.model import Bibliography, Problem


def read(
    path: str, shown: str, area: Area, hints: BibliographyHints, comment: Comment | None
) -> tuple[Bibliography, list[Problem]]:
    return load_bibtex(
        path, shown, area, hints.macros, comment_lines=hints.comment_lines, cache=hints.cache, comment=comment
    )
