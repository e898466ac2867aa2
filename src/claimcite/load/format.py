"""What an input format declares: the rows of the table of formats (load/formats). A row is data
(its name, suffixes, comment syntax, what `fix` and the help say of it) and the name of its reader,
which is imported when a file of the format is first read: the table is cheap to import, so the
command line's help and messages take the suffixes from it without importing any reader. What a
reader is given (`Reading`, `BibliographyHints`) stands in load/reader.py."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from collections.abc import Callable

    from claimcite.files.contain import Area
    from claimcite.load.claims import ClaimFile
    from claimcite.load.documents import LoadedDocument
    from claimcite.load.parsecache import ParseCache
    from claimcite.load.reader import BibliographyHints, Reading
    from claimcite.model import Bibliography, Problem

__all__ = ["BibliographyFormat", "ClaimsFormat", "Comment", "Format", "Manuscript", "Role"]


class Role(enum.Enum):
    """What an input is to a check; its value names it in messages."""

    CLAIMS = "a claim file"
    BIBLIOGRAPHY = "a bibliography"
    MANUSCRIPT = "a manuscript"


@dataclass(frozen=True, slots=True)
class Comment:
    """How a format writes a comment: from `start` to the line's end (`%`, `#`), or from `start`
    to `end` (`<!--` ... `-->`)."""

    start: str
    end: str = ""

    def __str__(self) -> str:
        return f"{self.start} claimcite: ignore[...] {self.end}".rstrip()


@dataclass(frozen=True, kw_only=True)
class Format:
    """One row of the table: a format's name, the suffixes of its files (as written in messages;
    matched whatever their case) and how it writes the comment that holds `claimcite:
    ignore[...]` (None: it has no comments). Each kind of row adds its `reader`: the module whose
    `read` reads the format (`"claimcite.load.formats.markdown"`, imported when first read), or
    that function itself."""

    role: ClassVar[Role]
    name: str
    suffixes: tuple[str, ...]
    comment: Comment | None
    named: int = 1  # how many of the first suffixes messages and help name (`.md`, not `.markdown`)
    unfixable: str | None = None  # why `claimcite fix` does not edit its files (None: it does)

    def matches(self, path: str) -> bool:
        return path.lower().endswith(tuple(suffix.lower() for suffix in self.suffixes))


def _imported(reader: str | Callable[..., Any]) -> Callable[..., Any]:
    """A row's reader: the function, or the `read` of the module it names (imported now)."""
    if callable(reader):
        return reader
    from importlib import import_module

    read: Callable[..., Any] = import_module(reader).read
    return read


@dataclass(frozen=True, kw_only=True)
class Manuscript(Format):
    """A manuscript format: its reader's `read(path, reading)` fills in `reading.document` and
    returns it."""

    role: ClassVar[Role] = Role.MANUSCRIPT
    reader: str | Callable[[str, Reading], LoadedDocument]
    typed_list: bool = True  # a typed reference list in it is read (LaTeX has `thebibliography`)

    def read(self, path: str, reading: Reading) -> LoadedDocument:
        document: LoadedDocument = _imported(self.reader)(path, reading)
        return document


@dataclass(frozen=True, kw_only=True)
class BibliographyFormat(Format):
    """A bibliography format: its reader's `read(path, shown, area, hints, comment)` returns its
    entries and what could not be read; `comment` is the row's (its suppressions')."""

    role: ClassVar[Role] = Role.BIBLIOGRAPHY
    reader: (
        str
        | Callable[[str, str, Area, BibliographyHints, Comment | None], tuple[Bibliography, list[Problem]]]
    )
    citeproc: bool = False  # pandoc's citeproc alone reads it: cited by title where no author, n.d.

    def read(
        self, path: str, shown: str, area: Area, hints: BibliographyHints
    ) -> tuple[Bibliography, list[Problem]]:
        read: tuple[Bibliography, list[Problem]] = _imported(self.reader)(
            path, shown, area, hints, self.comment
        )
        return read


@dataclass(frozen=True, kw_only=True)
class ClaimsFormat(Format):
    """The claim files' format: its reader's `read(path, shown, area, required, cache, comment)`;
    without `required` (a file found in a folder), a file that holds no claims is not a claim
    file; a file in the `cache` (parsed before) is not parsed again; `comment` is the row's."""

    role: ClassVar[Role] = Role.CLAIMS
    reader: str | Callable[[str, str, Area, bool, ParseCache | None, Comment | None], ClaimFile]

    def read(self, path: str, shown: str, area: Area, required: bool, cache: ParseCache | None) -> ClaimFile:
        claim_file: ClaimFile = _imported(self.reader)(path, shown, area, required, cache, self.comment)
        return claim_file
