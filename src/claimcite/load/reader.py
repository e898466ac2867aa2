"""What a format's reader is given (load/format.py's rows name the readers): `Reading` for a
manuscript, `BibliographyHints` for a bibliography."""

from __future__ import annotations

from dataclasses import dataclass, field

from claimcite.files.contain import Area
from claimcite.load.bibtex import Macros
from claimcite.load.documents import LoadedDocument, ShownPath
from claimcite.load.format import Comment
from claimcite.load.parsecache import ParseCache
from claimcite.load.suppressions import scan as scan_suppressions
from claimcite.load.text import LineIndex, TextFile, read_text

__all__ = ["BibliographyHints", "Reading"]


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


@dataclass(frozen=True, slots=True)
class BibliographyHints:
    """What the documents that cite a bibliography tell its reader."""

    macros: Macros = field(default_factory=Macros)  # BibTeX's @string macros, shared by its files
    comment_lines: bool = True  # a `%` line inside an entry is a comment (biber, pandoc; not BibTeX)
    cache: ParseCache | None = None  # parsed files of earlier runs: not parsed again
