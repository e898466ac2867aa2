"""BibTeX and biblatex files, read with pybtex's own parser.

pybtex's low-level parser is driven here rather than its `Parser`, for three
reasons: each entry's line (pybtex keeps none), recovery after a syntax error
(parsing resumes at the next line that starts an entry, so one broken entry
does not swallow the rest), and duplicate keys kept as data (pybtex drops the
second definition with an error that names no line). Errors are captured with
`pybtex.errors.capture()`; pybtex's global strict mode is never touched.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from dataclasses import dataclass, field

import pybtex.errors
from pybtex.database.input.bibtex import LowLevelParser, UndefinedMacro, month_names
from pybtex.scanner import PrematureEOF, PybtexSyntaxError
from pybtex.textutils import normalize_whitespace
from pybtex.utils import CaseInsensitiveDict

from claimcite.contain import Area
from claimcite.load.suppressions import scan as scan_suppressions
from claimcite.load.text import LineIndex, read_text
from claimcite.model import Bibliography, Location, Problem, ProblemKind, Source

PERSON_FIELDS = frozenset({"author", "editor"})
_ENTRY_START = re.compile(r"^[ \t]*@", re.MULTILINE)
_FIELD_LINE = re.compile(r"^\s*[\w:.+/-]+\s*=")


@dataclass
class Macros:
    """`@string` macros, shared by the files of one run in the order they are read."""

    table: MutableMapping[str, str] = field(default_factory=lambda: _MacroTable(month_names))


MACRO_LIMIT = 100_000  # characters: `@string{b = a # a}` doubling forty times must not fill memory


class _MacroTable(CaseInsensitiveDict):  # type: ignore[misc]
    """pybtex's macro table, with each value cut at MACRO_LIMIT characters."""

    def __setitem__(self, key: str, value: str) -> None:
        super().__setitem__(key, value[:MACRO_LIMIT])


class _Reader:
    """One pass of pybtex's scanner over one file, with positions and recovery."""

    def __init__(self, text: str, shown: str, macros: Macros) -> None:
        self.text = text
        self.shown = shown
        self.index = LineIndex(text)
        self.problems: list[Problem] = []
        self.broken_at: set[int] = set()
        self._undefined: set[str] = set()
        self.scanner = LowLevelParser(
            text, macros=macros.table, handle_error=self._handle_error, filename=shown
        )

    def location(self, offset: int) -> Location:
        line, column = self.index.line_col(offset)
        return Location(self.shown, line, column)

    def _handle_error(self, error: PybtexSyntaxError) -> None:
        scanner = self.scanner
        start, _lineno, pos = error.error_context_info
        start = start or 0
        key = scanner.current_entry_key
        if isinstance(error, UndefinedMacro):
            name = str(error).rsplit(":", 1)[-1].strip().strip("'\"")
            if name.casefold() not in self._undefined:
                self._undefined.add(name.casefold())
                self.problems.append(
                    Problem(
                        ProblemKind.PARSE,
                        f"undefined @string macro {name!r}: define it with @string, "
                        "or load the file that defines it (--bib FILE, several allowed)",
                        self.location(pos),
                        key=key,
                    )
                )
            return
        self.broken_at.add(start)
        entry = f"entry {key!r}" if key else "the entry"
        next_start = _ENTRY_START.search(self.text, start + 1)
        resume = next_start.start() if next_start else len(self.text)
        ran_on = isinstance(error, PrematureEOF) or pos >= resume
        if ran_on:
            suspect = self._suspect_line(start, min(pos, resume))
            message = (
                f"{entry} is not closed before "
                + ("the end of the file" if next_start is None else "the next entry")
                + ": a brace or quote opened here is never closed"
            )
            where = suspect if suspect is not None else start
        else:
            reason = str(error).split(": ", 1)[-1]
            message = f"syntax error in {entry}: {reason}"
            where = pos
        self.problems.append(Problem(ProblemKind.PARSE, message, self.location(where), key=key))
        scanner.pos = resume  # go on at the next entry; what was read of this one is kept

    def _suspect_line(self, start: int, end: int) -> int | None:
        """The offset of the field line whose braces open more than they close, if any."""
        offset = start
        for line in self.text[start:end].splitlines(keepends=True):
            if _FIELD_LINE.match(line):
                body = line.split("=", 1)[1]
                if body.count("{") > body.count("}") or body.count('"') % 2:
                    return offset + len(line) - len(line.lstrip())
            offset += len(line)
        return None


def load_bibtex(
    path: str, shown: str, area: Area, macros: Macros | None = None
) -> tuple[Bibliography, list[Problem]]:
    """The entries of the BibTeX file at `path` (shown as `shown`, read where `area` admits it)
    and what could not be read."""
    text_file = read_text(path, shown, area)
    reader = _Reader(text_file.text, shown, macros or Macros())
    suppressions = tuple(scan_suppressions(text_file.text, shown, "latex", reader.index))
    problems = [text_file.problem] if text_file.problem else []
    entries: list[Source] = []
    with pybtex.errors.capture() as captured:
        for command, body in reader.scanner:
            kind = command.lower()
            if kind in ("string", "preamble"):
                continue
            start = reader.scanner.command_start or 0
            key, raw_fields = body
            if key is None:
                continue
            before = len(captured)
            entry = _source(
                key,
                kind,
                raw_fields,
                reader.location(start),
                broken=start in reader.broken_at,
                problems=reader.problems,
            )
            for error in captured[before:]:
                reader.problems.append(
                    Problem(ProblemKind.PARSE, f"entry {key!r}: {error}", entry.location, key=key)
                )
            entries.append(entry)
    problems.extend(reader.problems)
    return Bibliography(shown, tuple(entries), suppressions), problems


def _source(
    key: str,
    kind: str,
    raw_fields: list[tuple[str, list[str]]],
    location: Location,
    *,
    broken: bool,
    problems: list[Problem],
) -> Source:
    fields: dict[str, str] = {}
    names: dict[str, str] = {}
    for name, parts in raw_fields:
        if name is None:
            continue
        lowered = name.lower()
        if lowered in fields or lowered in names:
            problems.append(
                Problem(
                    ProblemKind.PARSE,
                    f"entry {key!r} gives the field {lowered!r} twice; the first is used",
                    location,
                    key=key,
                )
            )
            continue
        value = normalize_whitespace("".join(parts))
        if lowered in PERSON_FIELDS:
            names[lowered] = value
        else:
            fields[lowered] = value
    return Source(key, kind, fields, names, location, broken)
