"""`claimcite fix`: apply the safe fixes of a check's findings, file by file.

Only the characters of each fix change: comments, quoting, indentation and line endings
stay byte for byte. A file is written whole to a temporary file in its folder and renamed
over the original, so a crash or a kill leaves the old file or the new one, never half of
one; a file whose bytes changed since the check read them is left alone.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from claimcite.files import read_bytes, write_atomically
from claimcite.files.contain import Area
from claimcite.findings import Finding
from claimcite.load.formats import format_of
from claimcite.model import Edit
from claimcite.report.safe import lines

_KEY_CHAR = re.compile(r"[\w:.#$%&\-+?<>~/]")


@dataclass
class FileFix:
    """The fixes of one file: its new text, the diff, and why it was left alone if it was."""

    path: str
    old: str
    new: str
    count: int
    skipped: str | None = None
    diff: str = ""


@dataclass
class Plan:
    files: list[FileFix] = field(default_factory=list)
    # the findings no fix is planned for, each with why (ruff's "N fixed, M remaining")
    left: list[tuple[Finding, str]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(f.count for f in self.files if f.skipped is None)


def _read(path: str, area: Area) -> tuple[bytes, str]:
    data = read_bytes(path, area)
    return data, hashlib.sha256(data).hexdigest()


def _read_only(path: str) -> bool:
    """Whether the file at `path` is marked read-only: no write permission for anyone (as a
    superuser may write it anyway, the mode bits decide), or none for this user."""
    mode = os.stat(path).st_mode
    return not mode & 0o222 or not os.access(path, os.W_OK)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for match in re.finditer(r"\r\n|\r|\n", text):
        starts.append(match.end())
    return starts


def _apply(text: str, edits: Iterable[Edit]) -> tuple[str, int]:
    """`text` with each edit's `old` replaced by `new`: the first whole occurrence on the edit's
    line from its column on. Edits that do not match are left out."""
    starts = _line_starts(text)
    spans: list[tuple[int, int, str]] = []
    for edit in edits:
        line = edit.location.line
        if line is None or line > len(starts):
            continue
        begin = starts[line - 1] + max((edit.location.column or 1) - 1, 0)
        end = starts[line] if line < len(starts) else len(text)
        position = text.find(edit.old, begin, end)
        while position != -1:
            before = text[position - 1] if position > 0 else " "
            after = text[position + len(edit.old)] if position + len(edit.old) < len(text) else " "
            if not _KEY_CHAR.match(before) and not _KEY_CHAR.match(after):
                break
            position = text.find(edit.old, position + 1, end)
        if position != -1:
            spans.append((position, position + len(edit.old), edit.new))
    out: list[str] = []
    last = 0
    applied = 0
    for start, stop, new in sorted(set(spans)):
        if start < last:
            continue  # overlapping edits: keep the first
        out.append(text[last:start])
        out.append(new)
        last = stop
        applied += 1
    out.append(text[last:])
    return "".join(out), applied


def _why_not(finding: Finding) -> str:
    """Why `fix` leaves a finding alone."""
    if finding.fix is not None:  # unsafe
        return (
            f"{finding.suggestion!r} is the closest entry, but another is about as close: "
            "--unsafe-fixes applies it"
        )
    if finding.suggestion is None:
        return "no entry is close enough to guess"
    return f"{finding.suggestion!r} is the closest entry; fix edits keys in claim files, Markdown and LaTeX"


def plan(
    findings: Iterable[Finding], root: str, hashes: Mapping[str, str], area: Area, *, unsafe: bool = False
) -> Plan:
    """What `fix` would change, file by file, without writing anything; only files that `area`
    admits are read. With `unsafe`, the unsafe fixes too."""
    by_file: dict[str, list[Edit]] = defaultdict(list)
    result = Plan()
    for finding in findings:
        if finding.fix is not None and (finding.fix.safe or unsafe):
            by_file[finding.fix.location.path].append(finding.fix)
        else:
            result.left.append((finding, _why_not(finding)))
    for shown in sorted(hashes):
        row = format_of(shown)
        if row is not None and row.unfixable is not None:
            result.files.append(FileFix(shown, "", "", 0, row.unfixable))
            by_file.pop(shown, None)
    for shown, edits in sorted(by_file.items()):
        path = os.path.join(root, shown)
        try:
            data, digest = _read(path, area)
            read_only = _read_only(path)
        except OSError as error:
            result.files.append(FileFix(shown, "", "", 0, f"cannot read: {error.strerror}; left alone"))
            continue
        if read_only:
            result.files.append(FileFix(shown, "", "", 0, "the file is read-only; left alone"))
            continue
        if hashes.get(shown) and hashes[shown] != digest:
            result.files.append(FileFix(shown, "", "", 0, "changed on disk since it was checked; left alone"))
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            result.files.append(FileFix(shown, "", "", 0, "not UTF-8; left alone"))
            continue
        new, count = _apply(text, edits)
        if count == 0:
            continue
        diff = lines(  # shown on a terminal or in a CI log: no control character acts there
            "".join(
                difflib.unified_diff(
                    text.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{shown}", f"b/{shown}"
                )
            )
        )
        result.files.append(FileFix(shown, text, new, count, diff=diff))
    return result


def apply(fixes: Plan, root: str, area: Area) -> list[FileFix]:
    """Write the planned files (through links, inside `area`); those whose bytes changed since
    the plan, that went away or that cannot be written are left alone, saying why."""
    written: list[FileFix] = []
    for item in fixes.files:
        if item.skipped is not None:
            continue
        path = os.path.join(root, item.path)
        try:
            data, _ = _read(path, area)
        except OSError as error:
            item.skipped = f"cannot read it while fixing ({error.strerror}); left alone"
            continue
        if data.decode("utf-8", errors="replace") != item.old:
            item.skipped = "changed on disk while fixing; left alone"
            continue
        try:
            write_atomically(path, item.new.encode("utf-8"), area)
        except OSError as error:
            item.skipped = f"cannot write it while fixing ({error.strerror}); left alone"
            continue
        written.append(item)
    return written
