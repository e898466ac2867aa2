"""Word (`.docx`, `.docm`), read by load/docx.py from the package's XML: citation fields of
Zotero, Mendeley and EndNote, author-year citations typed in the text, a paragraph as a line.
Suppressions are Word comments on the cited span (load/docx.py reads them), so the row names
no comment syntax."""

from __future__ import annotations

from dataclasses import replace

from claimcite.load.documents import LoadedDocument, author_year, reference_list, sentences, with_citations
from claimcite.load.reader import Reading
from claimcite.model import Citation, Location


def read(path: str, reading: Reading) -> LoadedDocument:
    """A Word document: its citation fields, then the author-year citations typed in the text
    outside them, its sentences (a paragraph is a line) and its own reference list."""
    from claimcite.load import docx

    loaded = reading.document
    read = docx.read_word(path, loaded.path, reading.area)
    loaded.unreadable = not read.excerpts and bool(read.problems)
    loaded.digests[loaded.path] = read.digest
    loaded.problems.extend(read.problems)
    loaded.suppressions.extend(read.suppressions)
    loaded.fields = read.fields
    loaded.field_sources = tuple(read.items)
    group = max((c.group for c in read.citations), default=0)
    cells = [read.index.offset(n, 0) for n, p in enumerate(read.blocks_source) if p.kind == "table"]
    typed, typed_offsets = author_year(read.masked, loaded.path, read.index, group, cells=cells)
    every = read.citations + typed
    offsets = read.offsets + typed_offsets
    order = sorted(range(len(every)), key=offsets.__getitem__)
    loaded.citations = [_with_excerpt(every[i], read.excerpts) for i in order]
    ordered_offsets = [offsets[i] for i in order]
    if loaded.with_sentences:
        found = sentences(read.masked, loaded.path, read.index)
        loaded.sentences = [
            replace(s, location=_excerpted(s.location, read.excerpts))
            for s in with_citations(found, loaded.citations, ordered_offsets)
        ]
    reference_list(loaded, "", docx.blocks(read))
    return loaded


def _excerpted(location: Location, excerpts: tuple[str, ...]) -> Location:
    """A location in a Word document with its paragraph's first words."""
    line = location.line or 0
    return replace(location, excerpt=excerpts[line - 1]) if 0 < line <= len(excerpts) else location


def _with_excerpt(citation: Citation, excerpts: tuple[str, ...]) -> Citation:
    return replace(citation, location=_excerpted(citation.location, excerpts))
