"""Reading input files as text, and turning offsets into lines and columns."""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass

from claimcite.contain import Area, Refused
from claimcite.files import read_bytes
from claimcite.model import Location, Problem, ProblemKind

_NEWLINE = re.compile(r"\r\n?|\n")


class LineIndex:
    """Offsets of line starts in a text, to turn an offset into a 1-based line and column."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        self._starts = [0]
        self._starts.extend(match.end() for match in _NEWLINE.finditer(text))

    def line_col(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1


class Brackets:
    """Matching brackets of one kind, found in one pass (linear time, whatever the nesting);
    none across a blank line, and with `escapes`, none escaped by a backslash."""

    __slots__ = ("pairs",)

    def __init__(self, text: str, opening: str, closing: str, *, escapes: bool = False) -> None:
        self.pairs: dict[int, int] = {}
        stack: list[int] = []
        escaped = r"\\.|" if escapes else ""
        pattern = re.compile(rf"{escaped}{re.escape(opening)}|{re.escape(closing)}|\n[ \t]*\r?\n")
        for match in pattern.finditer(text):
            token = match.group()
            if token == opening:
                stack.append(match.start())
            elif token == closing:
                if stack:
                    self.pairs[stack.pop()] = match.start()
            elif token.startswith("\n"):
                stack.clear()

    def close(self, start: int) -> int | None:
        """The offset of the bracket closing the one at `start`, or None."""
        return self.pairs.get(start)


@dataclass(frozen=True, slots=True)
class TextFile:
    """A file's text; `problem` is set when its bytes were not valid UTF-8."""

    text: str
    problem: Problem | None = None
    digest: str = ""  # sha256 of the bytes read, so that a later write can tell a changed file


def read_text(path: str, shown: str, area: Area) -> TextFile:
    """The file at `path` as text, `shown` being its path in reports; `area` must admit it.

    Bytes that are not UTF-8 are replaced so that the rest can still be checked,
    and the first of them is reported as a parse error. OSError propagates, and
    Refused (an OSError) for a file outside the area, too large or not a regular file.
    """
    try:
        return _decode(read_bytes(path, area), shown)
    except MemoryError:
        raise Refused(path, "it is too large to read in the memory available") from None


def _decode(data: bytes, shown: str) -> TextFile:
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return TextFile(data.decode("utf-8"), digest=digest)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        byte = data[error.start : error.start + 1].hex()
        problem = Problem(
            ProblemKind.PARSE,
            f"byte 0x{byte} is not UTF-8: save the file as UTF-8 "
            "(the undecodable bytes were replaced to check the rest)",
            Location(shown, line, column),
        )
        return TextFile(data.decode("utf-8", errors="replace"), problem, digest)
