"""Pandoc Markdown (`.md`, `.markdown`): citations `[@key]`, `@key [p. 3]`, `[-@key]` outside
code; author-year text where the document cites nothing by key."""

from __future__ import annotations

import os
import re

from claimcite.load.documents import (
    LoadedDocument,
    add_bibliography,
    author_year,
    reference_list,
    sentences,
    with_citations,
)
from claimcite.load.format import Comment, Manuscript, Reading
from claimcite.load.text import LineIndex
from claimcite.model import Citation, Location, Syntax

# a link whose target the mask blanked: its text is prose (pandoc renders a linked citation
# as `Aho u. a. ([2023](#ref-Aho2023))`)
_LINK = re.compile(r"\[([^\[\]]{0,300})\]\( *\)")


def read(path: str, reading: Reading) -> LoadedDocument:
    """A Pandoc Markdown manuscript: its citations by key (else its author-year text), its
    sentences, the bibliographies its front matter names, its typed reference list."""
    return read_markdown(path, reading, knitted=False)


def read_markdown(path: str, reading: Reading, *, knitted: bool) -> LoadedDocument:
    """A Markdown manuscript; `knitted` (R Markdown, Quarto): as knitr leaves it for pandoc."""
    from claimcite.load import knitr, markdown

    loaded = reading.document
    text = reading.text(path).text
    index = LineIndex(text)
    shown = loaded.path
    source = text
    captions: tuple[knitr.Caption, ...] = ()
    if knitted:
        view = knitr.view(text)
        source, captions = view.text, view.captions
    cites, masked = markdown.read(source)
    group = max((c.group for c in cites), default=0)
    for caption in captions:
        found = markdown.scan_inline(caption.text, caption.start, group)
        group = max((c.group for c in found), default=group)
        cites.extend(found)
    if captions:
        cites.sort(key=lambda c: c.start)
    citations: list[Citation] = []
    offsets: list[int] = []
    for cite in cites:
        if cite.crossref:
            continue
        if cite.key == "*":
            loaded.nocite_all = True  # `nocite: "@*"`: listed, and every entry counts as cited
        line, column = index.line_col(cite.start)
        citations.append(
            Citation(
                Location(shown, line, column),
                Syntax.PANDOC,
                text[cite.start : cite.end],
                group=cite.group,
                key=cite.key,
                locator=cite.suffix.lstrip(", ") or None,
                narrative=cite.mode == "in-text",
            )
        )
        offsets.append(cite.start)
    if captions:  # captions are prose too, where their chunk stood
        chars = list(masked)
        for caption in captions:
            inline = markdown.mask(caption.text, blocks=False)
            chars[caption.start : caption.start + len(inline)] = inline
        masked = "".join(chars)
    if not citations:
        # Markdown that cites by key renders nothing else as a citation: author-year text there
        # is prose (`Fisher (1922) showed`, `(creator of Python, 2006)`); elsewhere it is read,
        # the front matter's abstract too
        prose = _LINK.sub(lambda m: " " + m.group(1) + " " * (len(m.group()) - len(m.group(1)) - 1), masked)
        for start, end in markdown.front_matter_prose(text):
            prose = prose[:start] + text[start:end] + prose[end:]
        citations, offsets = author_year(prose, shown, index, 0)
    loaded.citations.extend(citations)
    if loaded.with_sentences:
        loaded.sentences = with_citations(sentences(masked, shown, index), citations, offsets)
    folder = os.path.dirname(path)
    for name in markdown.front_matter_field(text, "bibliography"):
        target = os.path.normpath(os.path.join(folder, name))
        if not os.path.splitext(name)[1] and not os.path.isfile(target):
            target += ".bib"  # `bibliography: refs`, as natbib's `\bibliography{refs}` means refs.bib
        add_bibliography(loaded, name, [target], Location(shown, 1), reading.area)
    reference_list(loaded, text)
    return loaded


FORMAT = Manuscript(name="markdown", suffixes=(".md", ".markdown"), comment=Comment("<!--", "-->"), read=read)
