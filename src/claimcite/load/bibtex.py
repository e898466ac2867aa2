"""BibTeX and biblatex files, read with pybtex's own parser.

pybtex's low-level parser is driven here rather than its `Parser`, for three
reasons: each entry's line (pybtex keeps none), recovery after a syntax error
(parsing resumes at the next line that starts an entry, so one broken entry
does not swallow the rest), and duplicate keys kept as data (pybtex drops the
second definition with an error that names no line). Errors are captured with
`pybtex.errors.capture()`; pybtex's global strict mode is never touched.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

import pybtex
import pybtex.errors
from pybtex.database.input.bibtex import LowLevelParser, UndefinedMacro, month_names
from pybtex.scanner import PrematureEOF, PybtexSyntaxError, Token
from pybtex.textutils import normalize_whitespace
from pybtex.utils import CaseInsensitiveDict

from claimcite.files.contain import Area
from claimcite.load.format import Comment
from claimcite.load.parsecache import ParseCache, restored_bibliography, stored_bibliography
from claimcite.load.suppressions import scan as scan_suppressions
from claimcite.load.tex import commas_in, extended_name, split_top
from claimcite.load.text import LineIndex, TextFile, fallback_encoding, read_text
from claimcite.model import Bibliography, Location, Problem, ProblemKind, Source

PERSON_FIELDS = frozenset({"author", "editor"})
_ENTRY_START = re.compile(r"^[ \t]*@", re.MULTILINE)
_FIELD_LINE = re.compile(r"^\s*[\w:.+/-]+\s*=")


@dataclass
class Macros:
    """`@string` macros, shared by the files of one run in the order they are read."""

    table: _MacroTable = field(default_factory=lambda: _MacroTable(month_names))


MACRO_LIMIT = 100_000  # characters: `@string{b = a # a}` doubling forty times must not fill memory
# characters that macros may expand to while one file is read: a megabyte and twenty times the
# file (journal names stand for a few letters each); fields of a file that use 100,000-character
# macros thousands of times would fill the memory
EXPANSION_BASE = 1_000_000
EXPANSION_FACTOR = 20


class _MacroTable(CaseInsensitiveDict):  # type: ignore[misc]
    """pybtex's macro table, with each value cut at MACRO_LIMIT characters, and the characters
    handed out while a file is read counted against its budget: past it, a macro is empty."""

    budget = EXPANSION_BASE
    spent = 0
    exhausted = False

    def __setitem__(self, key: str, value: str) -> None:
        super().__setitem__(key, value[:MACRO_LIMIT])

    def __getitem__(self, key: str) -> str:
        value: str = super().__getitem__(key)
        self.spent += len(value)
        if self.spent > self.budget:
            self.exhausted = True
            return ""
        return value

    def start(self, size: int) -> None:
        """Begin a file of `size` characters: a budget of its own."""
        self.spent, self.exhausted = 0, False
        self.budget = EXPANSION_BASE + EXPANSION_FACTOR * size

    def state(self) -> dict[str, str]:
        """The macros defined, by name as they compare (lower case): plain data to cache."""
        return dict(self._dict)

    def fingerprint(self) -> str:
        """A hash of the macros defined: what a file is parsed after."""
        text = "\0".join(f"{name}\0{value}" for name, value in sorted(self._dict.items()))
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def restore(self, state: object) -> bool:
        """Define the macros of `state` (as `state` gave them); False for data of another shape."""
        if not isinstance(state, dict) or not all(
            isinstance(name, str) and isinstance(value, str) for name, value in state.items()
        ):
            return False
        for name, value in state.items():
            self[name] = value
        return True


class _Scanner(LowLevelParser):  # type: ignore[misc]
    """pybtex's scanner in linear time: the special characters of a value are found with one
    search (pybtex searches for each separately, to the end of the value each time), and an
    entry whose braces do not close before the next entry is read only up to that entry
    (pybtex would read it to the end of the file, and the next one again)."""

    pos: int = 0
    end_pos: int = 0
    text: str = ""
    limits: dict[int, int] = {}  # noqa: RUF012 - set per instance: entry start -> where reading stops
    _searches: dict[tuple[int, ...], re.Pattern[str]] = {}  # noqa: RUF012 - shared, by pattern ids
    field_offsets: dict[str, int] = {}  # noqa: RUF012 - set per entry: a field's name (lower case) -> offset

    def skip_to(self, patterns: list[Any]) -> Token | None:
        key = tuple(id(pattern) for pattern in patterns)
        search = self._searches.get(key)
        if search is None:
            alternatives = "|".join(f"({pattern.search.__self__.pattern})" for pattern in patterns)
            search = self._searches[key] = re.compile(alternatives)
        found = search.search(self.text, self.pos, self.end_pos)
        if found is None:
            return None
        value = self.text[self.pos : found.end()]
        self.pos = found.end()
        self.update_lineno(value)
        return Token(value, patterns[(found.lastindex or 1) - 1])

    def parse_command(self) -> Any:
        self.field_offsets = {}
        limit = self.limits.get(self.command_start or 0)
        if limit is not None:
            self.end_pos = limit
        try:
            return super().parse_command()
        finally:
            self.end_pos = len(self.text)

    def parse_field(self) -> None:
        before = self.pos
        super().parse_field()
        name = self.current_field_name
        if name and name.lower() not in self.field_offsets:  # the first is the one used
            found = self.text.find(name, before)
            if found >= 0:
                self.field_offsets[name.lower()] = found


_BRACE = re.compile(r"[{}]")
LOOKAHEAD = 4  # entries: an entry whose braces close this many entries later is read whole


def _limits(text: str, starts: list[int]) -> dict[int, int]:
    """For each entry (by the offset of its line's `@`) whose braces are not closed before the
    next entry starts nor within LOOKAHEAD entries after (a value may hold a line that starts
    with `@`), where its reading stops: at the next entry. Linear in the text."""
    bounds = [*starts, len(text)]
    net: list[int] = []  # the change of brace depth over each segment (an entry up to the next)
    low: list[int] = []  # the lowest depth within each segment, from its start
    closes: list[bool] = []  # whether the entry's own braces close within its segment
    for start, end in itertools.pairwise(bounds):
        depth = lowest = 0
        opened = closed = False
        for match in _BRACE.finditer(text, start, end):
            depth += 1 if match.group() == "{" else -1
            lowest = min(lowest, depth)
            opened = opened or depth > 0
            closed = closed or (opened and depth <= 0)
        net.append(depth)
        low.append(lowest)
        closes.append(closed or not opened)
    limits: dict[int, int] = {}
    for index, start in enumerate(starts):
        if closes[index] or index + 1 >= len(starts):
            continue
        depth = net[index]
        for later in range(index + 1, min(index + 1 + LOOKAHEAD, len(starts))):
            if depth + low[later] <= 0:
                break
            depth += net[later]
        else:
            limits[start] = starts[index + 1]
    return limits


class _Reader:
    """One pass of pybtex's scanner over one file, with positions and recovery."""

    def __init__(self, text: str, shown: str, macros: Macros) -> None:
        self.text = text
        self.shown = shown
        self.index = LineIndex(text)
        self.problems: list[Problem] = []
        self.broken_at: set[int] = set()
        self._undefined: set[str] = set()
        self.scanner = _Scanner(text, macros=macros.table, handle_error=self._handle_error, filename=shown)
        self.scanner.limits = _limits(text, [match.end() - 1 for match in _ENTRY_START.finditer(text)])

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


_EVENTS = re.compile(r"^[ \t]*%[^\n]*|^[ \t]*@|[{}]", re.MULTILINE)


def _without_comment_lines(text: str) -> str:
    """`text` with the lines that start with `%` between the fields of an entry blanked (biber
    and pandoc read them as comments; BibTeX takes the `%` for a field name). A `%` line inside
    a braced value is the value's text and stays. Offsets are kept; linear in the text."""
    if "%" not in text:
        return text
    out = list(text)
    depth = 0
    for match in _EVENTS.finditer(text):
        token = match.group().lstrip(" \t")
        if token == "@":
            depth = 0  # a new entry: what an earlier one left open does not count
        elif token == "{":
            depth += 1
        elif token == "}":
            depth = max(depth - 1, 0)
        elif depth <= 1:
            out[match.start() : match.end()] = " " * (match.end() - match.start())
    return "".join(out)


# BibTeX's comment, where suppressions stand; the table's row passes its own (the default is for
# callers outside the table, such as tests)
COMMENT = Comment("%")

# the modules whose code decides what a parse gives: a cached parse of other code is not used
_PARSERS = (
    "claimcite.load.bibtex",
    "claimcite.load.text",
    "claimcite.load.suppressions",
    "claimcite.load.tex",
)


def load_bibtex(
    path: str,
    shown: str,
    area: Area,
    macros: Macros | None = None,
    *,
    comment_lines: bool = True,
    cache: ParseCache | None = None,
    comment: Comment | None = COMMENT,
) -> tuple[Bibliography, list[Problem]]:
    """The entries of the BibTeX file at `path` (shown as `shown`, read where `area` admits it)
    and what could not be read. With `comment_lines` (biber and pandoc; BibTeX itself does
    not), a line that starts with `%` between an entry's fields is a comment. With a `cache`,
    a file parsed before (the same bytes, read the same way after the same macros) is not
    parsed again. Suppressions are read from the `comment`s (its row's in the table of formats,
    by default `COMMENT`; None: none are read)."""
    text_file = read_text(path, shown, area)
    macros = macros or Macros()
    if cache is None:
        return _parse(text_file, shown, macros, comment_lines=comment_lines, comment=comment)
    key = cache.key(
        "bibtex",
        _PARSERS,
        pybtex.__version__,
        text_file.digest,
        shown,
        fallback_encoding(),
        str(comment_lines),
        str(comment),
        macros.table.fingerprint(),
    )
    stored = cache.get("bibtex", shown, key)
    restored = restored_bibliography(shown, stored["parsed"]) if isinstance(stored, dict) else None
    if restored is not None and isinstance(stored, dict) and macros.table.restore(stored.get("macros")):
        return restored
    bibliography, problems = _parse(text_file, shown, macros, comment_lines=comment_lines, comment=comment)
    cache.put(
        "bibtex",
        shown,
        key,
        {"parsed": stored_bibliography(bibliography, problems), "macros": macros.table.state()},
    )
    return bibliography, problems


def _parse(
    text_file: TextFile, shown: str, macros: Macros, *, comment_lines: bool, comment: Comment | None
) -> tuple[Bibliography, list[Problem]]:
    macros.table.start(len(text_file.text))
    text = _without_comment_lines(text_file.text) if comment_lines else text_file.text
    reader = _Reader(text, shown, macros)
    suppressions = tuple(scan_suppressions(text_file.text, shown, comment, reader.index))
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
                at={
                    name: reader.index.line_col(offset)[0]
                    for name, offset in reader.scanner.field_offsets.items()
                },
            )
            for error in captured[before:]:
                reader.problems.append(
                    Problem(ProblemKind.PARSE, f"entry {key!r}: {error}", entry.location, key=key)
                )
            entries.append(entry)
    problems.extend(reader.problems)
    if macros.table.exhausted:
        problems.append(
            Problem(
                ProblemKind.PARSE,
                "@string macros expand to more than "
                f"{macros.table.budget:,} characters in this file: the fields past that were read "
                "without them (does a macro double itself, `@string{b = a # a}`?)",
                Location(shown, 1),
            )
        )
    return Bibliography(shown, tuple(entries), suppressions), problems


def _check_names(key: str, role: str, value: str, location: Location, problems: list[Problem]) -> None:
    """A name with more than two commas (BibTeX knows `Last, First` and `Last, Jr, First`): most
    often a brace that does not close, so that the name ran on into the fields after it."""
    for name in split_top(value, r" [Aa][Nn][Dd] "):
        if commas_in(name) > 2 and extended_name(name) is None:
            shown = name if len(name) <= 60 else name[:57] + "..."
            problems.append(
                Problem(
                    ProblemKind.PARSE,
                    f"entry {key!r}: the {role} {shown!r} has {commas_in(name)} commas, and a name has "
                    "at most two (Last, Jr, First): is a closing brace missing, or an `and` between names?",
                    location,
                    key=key,
                )
            )
            return


def _source(
    key: str,
    kind: str,
    raw_fields: list[tuple[str, list[str]]],
    location: Location,
    *,
    broken: bool,
    problems: list[Problem],
    at: dict[str, int],
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
            if value.count(",") > 2:
                _check_names(key, lowered, value, location, problems)
        else:
            fields[lowered] = value
    return Source(key, kind, fields, names, location, broken, at)
