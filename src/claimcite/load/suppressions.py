"""`claimcite: ignore[rule, ...]` comments, in the comment syntax of the file's format (the table
of formats, load/formats, declares it: YAML `#`, Markdown `<!-- -->`, LaTeX and BibTeX `%`). One
applies to findings on its own line and on the line after it."""

from __future__ import annotations

import functools
import re

from claimcite.load.format import Comment
from claimcite.load.text import LineIndex
from claimcite.model import Location, Suppression

BODY = r"claimcite:\s*ignore(?P<rules>\[[^\]\n]*\])?"


@functools.lru_cache(maxsize=32)
def _pattern(comment: Comment) -> re.Pattern[str]:
    closing = rf"\s*{re.escape(comment.end)}" if comment.end else ""
    return re.compile(rf"{re.escape(comment.start)}\s*{BODY}{closing}")


def scan(text: str, path: str, comment: Comment | None, index: LineIndex | None = None) -> list[Suppression]:
    """The suppression comments of one file whose format writes comments as `comment` (None: a
    format without comments, which holds none)."""
    if comment is None or "claimcite" not in text:
        return []
    index = index or LineIndex(text)
    found: list[Suppression] = []
    for match in _pattern(comment).finditer(text):
        line, column = index.line_col(match.start())
        listed = match.group("rules")
        rules = None if listed is None else tuple(r.strip() for r in listed[1:-1].split(",") if r.strip())
        found.append(Suppression(Location(path, line, column), rules))
    return found
