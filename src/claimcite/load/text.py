"""Reading input files as text, and turning offsets into lines and columns."""

from __future__ import annotations

import bisect
import codecs
import contextlib
import contextvars
import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from claimcite.files import read_bytes
from claimcite.files.contain import Area, Refused
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
    """A file's text; `problem` is set when its bytes could not be decoded."""

    text: str
    problem: Problem | None = None
    digest: str = ""  # sha256 of the bytes read, so that a later write can tell a changed file
    declared: str | None = None  # the encoding the file declares (`\usepackage[latin1]{inputenc}`)


# Declarations of a file's encoding in its first lines: LaTeX's inputenc, the `% !TEX encoding`
# line of TeXShop, TeXstudio and TeXworks, JabRef's `% Encoding:` and Emacs's `-*- coding: -*-`.
_DECLARATION = re.compile(
    rb"\\usepackage\s*\[([^\]\n]*)\]\s*\{inputenc\}"
    rb"|%\s*!\s*TeX\s+encoding\s*=\s*([^\r\n]+)"
    rb"|%\s*Encoding:\s*([\w.-]+)"
    rb"|-\*-[^\n]{0,80}?coding:\s*([\w.-]+)",
    re.IGNORECASE,
)
_DECLARATION_SPAN = 65_536  # bytes: declarations stand in the preamble or the first line
# inputenc's option names and the names that editors write, as Python codecs
_ENCODINGS = {
    "latin1": "latin-1",
    "latin2": "iso8859-2",
    "latin3": "iso8859-3",
    "latin4": "iso8859-4",
    "latin5": "iso8859-9",
    "latin9": "iso8859-15",
    "latin10": "iso8859-16",
    "ansinew": "cp1252",
    "applemac": "mac-roman",
    "macce": "mac-latin2",
    "isolatin": "latin-1",
    "isolatin1": "latin-1",
    "isolatin2": "iso8859-2",
    "isolatin5": "iso8859-9",
    "isolatin9": "iso8859-15",
    "macosroman": "mac-roman",
    "windowslatin1": "cp1252",
    "windowslatin2": "cp1250",
    "utf8unicode": "utf-8",
}


def codec_of(name: str) -> str | None:
    """The Python codec for an encoding name as a declaration writes it, or None."""
    plain = re.sub(r"[\s_]+", "", name.strip().strip("\"'").lower())
    plain = _ENCODINGS.get(plain, plain)
    try:
        return codecs.lookup(plain).name
    except LookupError:
        return None


def declared_encoding(data: bytes) -> str | None:
    """The encoding that the bytes of a file declare for themselves, if any."""
    for match in _DECLARATION.finditer(data, 0, _DECLARATION_SPAN):
        if match.group(1) is not None:  # inputenc: the last option that names an encoding
            options = match.group(1).decode("latin-1").split(",")
            found = [codec for codec in map(codec_of, options) if codec]
            if found:
                return found[-1]
            continue
        name = next(group for group in match.groups() if group is not None)
        codec = codec_of(name.decode("latin-1"))
        if codec:
            return codec
    return None


@dataclass(frozen=True, slots=True)
class _Reading:
    files: Mapping[str, str]  # absolute path -> text: files that a document embeds
    fallback: str | None  # the encoding a file's document declares, for bytes that are not UTF-8


_NOT_READING = _Reading({}, None)
_READING: contextvars.ContextVar[_Reading | None] = contextvars.ContextVar("reading", default=None)


@contextlib.contextmanager
def reading(*, files: Mapping[str, str] | None = None, fallback: str | None = None) -> Iterator[None]:
    """While open, `read_text` finds the `files` in memory (a `filecontents` environment's
    bibliography: LaTeX writes that file when it runs) and decodes bytes that are not UTF-8
    in the `fallback` encoding (the one the file's document declares) when the file declares
    none of its own."""
    token = _READING.set(_Reading(files or {}, fallback))
    try:
        yield
    finally:
        _READING.reset(token)


def fallback_encoding() -> str | None:
    """The encoding that `reading` names for bytes that are not UTF-8, if any."""
    return (_READING.get() or _NOT_READING).fallback


def in_memory(path: str) -> bool:
    """True when `path` is one of the files `reading` holds in memory."""
    return path in (_READING.get() or _NOT_READING).files


def read_text(path: str, shown: str, area: Area, *, fallback: str | None = None) -> TextFile:
    """The file at `path` as text, `shown` being its path in reports; `area` must admit it.

    UTF-8 first; bytes that are not UTF-8 are read in the encoding the file declares
    (`\\usepackage[latin1]{inputenc}`, `% !TEX encoding = ...`, JabRef's `% Encoding: ...`), else
    in `fallback` (the encoding of the document that includes or cites it). Otherwise
    undecodable bytes are replaced so that the rest can still be checked, and the first of
    them is reported as a parse error. OSError propagates, and Refused (an OSError) for a
    file outside the area, too large, or not a regular file.
    """
    reading_now = _READING.get() or _NOT_READING
    if path in reading_now.files:
        text = reading_now.files[path]
        return TextFile(text, digest=hashlib.sha256(text.encode("utf-8")).hexdigest())
    try:
        return _decode(read_bytes(path, area), shown, fallback or reading_now.fallback)
    except MemoryError:
        raise Refused(path, "it is too large to read in the memory available") from None


_UTF16_SAMPLE = 4096  # bytes looked at to tell UTF-16 without a byte-order mark


def _utf16(data: bytes) -> str | None:
    """The codec of a file saved as UTF-16 (or UTF-32): by its byte-order mark, else by the NUL
    byte that stands beside each ASCII letter (PowerShell's `Out-File`, Notepad's "Unicode")."""
    for mark, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(mark):
            return codec
    sample = data[:_UTF16_SAMPLE]
    if len(sample) < 16:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _decode(data: bytes, shown: str, fallback: str | None) -> TextFile:
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    wide = _utf16(data) if b"\x00" in data[:_UTF16_SAMPLE] else None
    if wide is not None:
        with contextlib.suppress(UnicodeDecodeError):
            text = data.decode(wide)
            name = "UTF-32" if wide == "utf-32" else "UTF-16"
            problem = Problem(
                ProblemKind.PARSE,
                f"the file is saved as {name}, which pandoc, LaTeX and BibTeX do not read: save it as "
                f"UTF-8 (it was read as {name} to check the rest)",
                Location(shown, 1, 1),
            )
            declared = declared_encoding(text[:_DECLARATION_SPAN].encode("utf-8"))
            return TextFile(text.lstrip("\ufeff"), problem, digest, declared)
    declared = declared_encoding(data)
    try:
        return TextFile(data.decode("utf-8"), digest=digest, declared=declared)
    except UnicodeDecodeError as error:
        for encoding in dict.fromkeys((declared, fallback)):
            if encoding is not None and encoding != "utf-8":
                with contextlib.suppress(UnicodeDecodeError):
                    return TextFile(data.decode(encoding), digest=digest, declared=declared)
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        byte = data[error.start : error.start + 1].hex()
        problem = Problem(
            ProblemKind.PARSE,
            f"byte 0x{byte} is not UTF-8: save the file as UTF-8, or declare its encoding "
            "(the undecodable bytes were replaced to check the rest)",
            Location(shown, line, column),
        )
        return TextFile(data.decode("utf-8", errors="replace"), problem, digest, declared)
