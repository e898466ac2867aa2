"""`claimcite: ignore[rule, ...]` comments: in YAML `#`, in Markdown `<!-- -->`, in LaTeX and
BibTeX `%`. One applies to findings on its own line and on the line after it."""

from __future__ import annotations

import re

from claimcite.load.text import LineIndex
from claimcite.model import Location, Suppression

BODY = r"claimcite:\s*ignore(?P<rules>\[[^\]\n]*\])?"
PATTERNS = {
    "yaml": re.compile(rf"#\s*{BODY}"),
    "markdown": re.compile(rf"<!--\s*{BODY}\s*-->"),
    "latex": re.compile(rf"%\s*{BODY}"),
}


def scan(text: str, path: str, kind: str, index: LineIndex | None = None) -> list[Suppression]:
    """The suppression comments of one file; `kind` is yaml, markdown or latex (also BibTeX)."""
    pattern = PATTERNS[kind]
    if "claimcite" not in text:
        return []
    index = index or LineIndex(text)
    found: list[Suppression] = []
    for match in pattern.finditer(text):
        line, column = index.line_col(match.start())
        listed = match.group("rules")
        rules = None if listed is None else tuple(r.strip() for r in listed[1:-1].split(",") if r.strip())
        found.append(Suppression(Location(path, line, column), rules))
    return found
