"""Plain text (`.txt`, `.text`): author-year citations in running text, such as a PDF's text
layer or an e-mail holds; lines as the author or the PDF laid them out. No comments, so no
suppressions."""

from __future__ import annotations

from claimcite.load.documents import LoadedDocument, author_year, reference_list, sentences, with_citations
from claimcite.load.reader import Reading
from claimcite.load.text import LineIndex


def read(path: str, reading: Reading) -> LoadedDocument:
    loaded = reading.document
    text = reading.text(path).text
    index = LineIndex(text)
    citations, offsets = author_year(text, loaded.path, index, 0)
    loaded.citations.extend(citations)
    if loaded.with_sentences:
        found = sentences(text, loaded.path, index, layout=True)
        loaded.sentences = with_citations(found, citations, offsets)
    reference_list(loaded, text)
    return loaded
