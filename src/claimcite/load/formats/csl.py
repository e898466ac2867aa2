"""CSL-JSON (`.json`) and CSL-YAML (`.yaml`, `.yml`), as Zotero and pandoc write them. Named on
the command line, a `.yaml` file is a claim file (that row stands first); with `--bib`, in the
config or in a front matter it is CSL-YAML."""

from __future__ import annotations

from claimcite.files.contain import Area
from claimcite.load.csl import load_csl
from claimcite.load.format import Comment
from claimcite.load.reader import BibliographyHints
from claimcite.model import Bibliography, Problem


def read(
    path: str, shown: str, area: Area, hints: BibliographyHints, comment: Comment | None
) -> tuple[Bibliography, list[Problem]]:
    return load_csl(path, shown, area, cache=hints.cache)
