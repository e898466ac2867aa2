"""What an input format declares: the rows of the table of formats (load/formats), and what a
manuscript's reader is given (`Reading`) and returns (a `LoadedDocument`: text decoded, citations
and sentences found, names parsed; nothing of the format left for the stages after it)."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from claimcite.files.contain import Area
from claimcite.load.bibtex import Macros
from claimcite.load.claims import ClaimFile
from claimcite.load.documents import LoadedDocument, ShownPath
from claimcite.load.parsecache import ParseCache
from claimcite.load.suppressions import Comment
from claimcite.load.suppressions import scan as scan_suppressions
from claimcite.load.text import LineIndex, TextFile, read_text
from claimcite.model import Bibliography, Problem

__all__ = ["BibliographyFormat", "ClaimsFormat", "Comment", "Format", "Manuscript", "Reading", "Role"]


class Role(enum.Enum):
    """What an input is to a check; its value names it in messages."""

    CLAIMS = "a claim file"
    BIBLIOGRAPHY = "a bibliography"
    MANUSCRIPT = "a manuscript"


@dataclass(frozen=True, kw_only=True)
class Format:
    """One row of the table: a format's name, the suffixes of its files (as written in messages;
    matched whatever their case) and how it writes the comment that holds `claimcite:
    ignore[...]` (None: it has no comments)."""

    role: ClassVar[Role]
    name: str
    suffixes: tuple[str, ...]
    comment: Comment | None
    named: int = 1  # how many of the first suffixes messages and help name (`.md`, not `.markdown`)
    unfixable: str | None = None  # why `claimcite fix` does not edit its files (None: it does)

    def matches(self, path: str) -> bool:
        return path.lower().endswith(tuple(suffix.lower() for suffix in self.suffixes))


@dataclass
class Reading:
    """What a manuscript's reader is given: the document it fills in, how paths are shown,
    where files may be read, and `text`, which reads a file of the document as its format's."""

    document: LoadedDocument
    shown_of: ShownPath
    area: Area
    comment: Comment | None

    def text(self, path: str, *, fallback: str | None = None) -> TextFile:
        """The file at `path` decoded (`fallback`: the encoding when it declares none and is not
        UTF-8); it counts as a file of the document, whose digest, decoding problem and
        suppression comments are kept. OSError propagates."""
        shown = self.shown_of(path)
        text_file = read_text(path, shown, self.area, fallback=fallback)
        document = self.document
        if text_file.problem:
            document.problems.append(text_file.problem)
        document.digests[shown] = text_file.digest
        if shown not in document.files:
            document.files.append(shown)
        if self.comment is not None and "claimcite" in text_file.text:
            document.suppressions.extend(
                scan_suppressions(text_file.text, shown, self.comment, LineIndex(text_file.text))
            )
        return text_file


@dataclass(frozen=True, kw_only=True)
class Manuscript(Format):
    """A manuscript format: `read(path, reading)` fills in `reading.document` and returns it."""

    role: ClassVar[Role] = Role.MANUSCRIPT
    read: Callable[[str, Reading], LoadedDocument]
    typed_list: bool = True  # a typed reference list in it is read (LaTeX has `thebibliography`)


@dataclass(frozen=True, slots=True)
class BibliographyHints:
    """What the documents that cite a bibliography tell its reader."""

    macros: Macros = field(default_factory=Macros)  # BibTeX's @string macros, shared by its files
    comment_lines: bool = True  # a `%` line inside an entry is a comment (biber, pandoc; not BibTeX)
    cache: ParseCache | None = None  # parsed files of earlier runs: not parsed again


@dataclass(frozen=True, kw_only=True)
class BibliographyFormat(Format):
    """A bibliography format: `read(path, shown, area, hints)` returns its entries and what
    could not be read."""

    role: ClassVar[Role] = Role.BIBLIOGRAPHY
    read: Callable[[str, str, Area, BibliographyHints], tuple[Bibliography, list[Problem]]]
    citeproc: bool = False  # pandoc's citeproc alone reads it: cited by title where no author, n.d.


@dataclass(frozen=True, kw_only=True)
class ClaimsFormat(Format):
    """The claim files' format: `read(path, shown, area, required, cache)`; without `required` (a
    file found in a folder), a file that holds no claims is not a claim file; a file in the
    `cache` (parsed before) is not parsed again."""

    role: ClassVar[Role] = Role.CLAIMS
    read: Callable[[str, str, Area, bool, ParseCache | None], ClaimFile]
