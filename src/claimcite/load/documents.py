"""What every manuscript format shares (load/formats): the document read (`LoadedDocument`),
its sentences and paragraphs, author-year citations in running text, a typed reference list,
the bibliographies it names, and how paths are shown."""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from claimcite.files.contain import Area, Refused
from claimcite.load.names import PARTICLES
from claimcite.load.text import LineIndex
from claimcite.model import (
    Citation,
    CitationField,
    ListedReference,
    Location,
    Problem,
    Sentence,
    Source,
    Suppression,
    Syntax,
)

if TYPE_CHECKING:
    from claimcite.load.reflist import Block

BIBITEMS_SUFFIX = ".bibitems"  # a `thebibliography` list, read as a bibliography of `@misc{key,}`

_ABBREVIATIONS = frozenset(
    [
        "al",
        "e.a",
        "u.a",
        "p",
        "pp",
        "blz",
        "s",
        "ca",
        "cf",
        "vgl",
        "e.g",
        "i.e",
        "z.b",
        "bijv",
        "o.a",
        "m.a.w",
        "d.w.z",
        "etc",
        "fig",
        "figs",
        "dr",
        "prof",
        "mr",
        "mrs",
        "ms",
        "nr",
        "no",
        "vol",
        "eds",
        "ed",
        "chap",
        "ch",
        "sec",
        "st",
        "jr",
        "sr",
        "vs",
        "resp",
        "incl",
        "excl",
        "approx",
        "tab",
        "abb",
        "d.h",
        "bzw",
        "ggf",
        "z.t",
        "evt",
        "i.p.v",
        "t.a.v",
        "m.b.t",
        "n.a.v",
        "zgn",
        "viz",
        "ff",
        "hrsg",
        "aufl",
        "bd",
        "jg",
        "nl",
        "kap",
        "col",
        "anh",
    ]
)
# A sentence ends at end punctuation before a capital or a digit, and before what opens a
# sentence with a citation: `@b2020 shows`, `[@a] shows`, `\citet{b} shows`, and a lower-case
# name particle before a capitalised name (`de Bruijn (2020) stelt`, `van der Heijden en Oud`).
_PARTICLE_START = "|".join(
    re.escape(particle) for particle in sorted(PARTICLES, key=len, reverse=True) if particle[0].isalpha()
)
_SENTENCE_END = re.compile(
    r"[.!?…]+[\"'”’)\]]*(?=\s+(?:[\"'“‘(\[]?[A-ZÀ-Þ0-9]|\[?-?@|\\[A-Za-z]"
    rf"|(?:{_PARTICLE_START})\s+[A-ZÀ-Þ]))|\n[ \t]*\n"
)
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_LETTERS_BEFORE = re.compile(r"(?:^|[\s(])(?:[^\W\d_]\.\s?){1,3}[^\W\d_]$")  # `u. a.`, `z. B.`


def _abbreviation_before(text: str, end: int) -> bool:
    """Whether the full stop at `end` closes an abbreviation (`bijv.`, `d.w.z.`, `u. a.`) rather
    than a sentence; `regio's.` is no `s.`."""
    start = max(0, end - 20)
    word = _WORD_BEFORE.search(text, start, end + 1)
    if word is None:
        return False
    if text[word.start() - 1 : word.start()] in ("'", "’"):
        return False  # `regio's.`
    letter = word.group(1).rstrip(".")
    if letter.casefold() in _ABBREVIATIONS:
        return True
    if len(letter) == 1 and letter.islower():
        return True  # `z. B.`, `e. g.`: a lone lower-case letter ends no sentence
    return _LETTERS_BEFORE.search(text, start, end) is not None


@dataclass
class LoadedDocument:
    path: str  # shown path of the main file
    format: str  # the name of its row in the table of formats
    citations: list[Citation] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    bibliographies: list[str] = field(default_factory=list)  # absolute paths named in the document
    # bibliographies named and not read: (name, where, why: "not found" or why it is refused)
    missing_bibliographies: list[tuple[str, Location, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    nocite_all: bool = False
    with_sentences: bool = True
    suppressions: list[Suppression] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)  # shown path -> sha256 of the bytes read
    reference_list: Location | None = None  # where its own reference list starts
    references: tuple[ListedReference, ...] = ()  # the items of that list
    unread_list: ListedReference | None = None  # a list typed in a style that is not read, and why
    list_sources: tuple[Source, ...] = ()  # the items that could be read, as entries
    fields: list[CitationField] = field(default_factory=list)  # a Word document's citation fields
    field_sources: tuple[Source, ...] = ()  # the works its fields cite, once each, as entries
    unreadable: bool = False  # nothing of it could be read (a parse error says why): nothing to check
    encoding: str | None = None  # the encoding a LaTeX document declares: its .bib is read in it too
    bibtex: bool = False  # BibTeX makes a LaTeX document's bibliography (not biber, not thebibliography)
    # its bibliography is rendered by citeproc (pandoc) or an APA style (apacite, biblatex-apa),
    # which cite a work without author by its title and one without date as "n.d."
    by_title: bool = False
    citeproc: bool = False  # pandoc's citeproc renders its bibliography (a Markdown manuscript)
    manubot: bool = False  # a Manubot manuscript: Manubot looks works cited by identifier up
    aliases: dict[str, str] = field(default_factory=dict)  # Manubot's: `[@tag]: doi:…`, by key
    unread_parts: list[str] = field(default_factory=list)  # files it includes that could not be read
    embedded: dict[str, str] = field(default_factory=dict)  # bibliographies in `filecontents`: path -> text


def sentences(text: str, shown: str, index: LineIndex, *, layout: bool = False) -> list[Sentence]:
    """The sentences of (masked) running text, split at end punctuation outside parentheses and
    at paragraph ends, each with the number of its paragraph (see `paragraph_starts`)."""
    chunks: list[tuple[int, int]] = []
    start = 0
    depth_at = _Depths(text)
    for match in _SENTENCE_END.finditer(text):
        end = match.end() if match.group().strip() else match.start()
        if match.group().strip():
            if depth_at[match.start()] > 0:
                continue
            if _abbreviation_before(text, match.start()):
                continue
        chunks.append((start, end))
        start = match.end()
    chunks.append((start, len(text)))
    breaks = paragraph_starts(text, layout=layout)
    out: list[Sentence] = []
    for start, end in chunks:
        cut = bisect.bisect_right(breaks, start)
        while cut < len(breaks) and breaks[cut] < end:  # a paragraph ends inside: a sentence ends too
            _add_sentence(out, text, start, breaks[cut], index, shown, breaks)
            start = breaks[cut]
            cut += 1
        _add_sentence(out, text, start, end, index, shown, breaks)
    return out


_BLANK_LINE = re.compile(r"\n[ \t]*(?:\r?\n|\Z)")
_LINE = re.compile(r"[^\n]*\n?")
# In hard-wrapped text (a PDF's text layer, an e-mail), most lines run to nearly the full width;
# a line that stops well short of it ends its paragraph, a much shorter one is a heading.
_WRAP_PERCENTILE = 0.8
_SHORT_LINE = 0.8  # of the width: ends a paragraph when it ends a sentence
_HEADING_LINE = 0.6  # of the width: ends a paragraph whatever its last character
_UNWRAPPED = 160  # a width beyond this means a paragraph per line
_LINE_UNITS = 0.8  # ... and so does this share of lines that end a sentence: a statement per line


def paragraph_starts(text: str, *, layout: bool = False) -> list[int]:
    """The offsets where a paragraph starts after a blank line; with `layout` (plain text, whose
    lines are as the author or a PDF laid them out), also after a line that ends a paragraph by
    its length: short of the usual width and ending a sentence, or much shorter (a heading). In
    text whose lines are far longer than a typeset line, or nearly all end a sentence, each line
    is a paragraph."""
    starts = [match.end() for match in _BLANK_LINE.finditer(text)]
    if layout:
        lines = [(m.start(), m.end(), len(m.group().rstrip())) for m in _LINE.finditer(text) if m.group()]
        lengths = sorted(length for _, _, length in lines if length)
        if len(lengths) >= 3:
            width = lengths[int(_WRAP_PERCENTILE * (len(lengths) - 1))]
            ends = {start for start, end, length in lines if length and _ends_sentence(text[start:end])}
            by_line = width > _UNWRAPPED or len(ends) >= _LINE_UNITS * len(lengths)
            for start, end, length in lines[:-1]:
                short = length < _SHORT_LINE * width and start in ends
                if length and (by_line or length < _HEADING_LINE * width or short):
                    starts.append(end)
    return sorted(set(starts))


def _ends_sentence(line: str) -> bool:
    return line.rstrip().rstrip("\"'”’)]").endswith((".", "!", "?", ":"))


_PAREN_EVENT = re.compile(r"[()]|\n[ \t]*\n")


class _Depths:
    """How deep in parentheses each offset of a text stands (none across a blank line),
    found from the parentheses alone rather than character by character."""

    def __init__(self, text: str) -> None:
        self.offsets: list[int] = [0]
        self.depths: list[int] = [0]
        depth = 0
        for match in _PAREN_EVENT.finditer(text):
            token = match.group()
            if token == "(":
                depth += 1
            elif token == ")":
                depth = max(depth - 1, 0)
            else:
                depth = 0
            self.offsets.append(match.start())
            self.depths.append(depth)

    def __getitem__(self, offset: int) -> int:
        return self.depths[bisect.bisect_right(self.offsets, offset) - 1]


def _add_sentence(
    out: list[Sentence], text: str, start: int, end: int, index: LineIndex, shown: str, breaks: list[int]
) -> None:
    chunk = text[start:end]
    plain = " ".join(chunk.split())
    if len(plain) < 3:
        return
    first = start + (len(chunk) - len(chunk.lstrip()))
    line, column = index.line_col(first)
    paragraph = bisect.bisect_right(breaks, first)
    out.append(Sentence(first, end, plain, Location(shown, line, column), paragraph=paragraph))


def with_citations(
    found: list[Sentence], citations: list[Citation], offsets: list[int], first: int = 0
) -> list[Sentence]:
    """Each sentence with the indexes of the citations that stand in it (counted from `first`)."""
    result: list[Sentence] = []
    position = 0
    ordered = sorted(range(len(citations)), key=lambda i: offsets[i])
    for sentence in found:
        inside: list[int] = []
        while position < len(ordered) and offsets[ordered[position]] < sentence.end:
            if offsets[ordered[position]] >= sentence.start:
                inside.append(ordered[position])
            position += 1
        result.append(
            Sentence(
                sentence.start,
                sentence.end,
                sentence.text,
                sentence.location,
                tuple(first + i for i in sorted(inside)),
                sentence.paragraph,
            )
        )
    return result


def author_year(
    text: str, shown: str, index: LineIndex, group_base: int, *, cells: list[int] | None = None
) -> tuple[list[Citation], list[int]]:
    """The author-year citations of `text`; `cells`: where the cells of its tables start (a cell
    that holds only works and years cites them, without parentheses)."""
    from claimcite.load import authoryear  # the scanners compile their patterns when first needed

    citations: list[Citation] = []
    offsets: list[int] = []
    found_all = authoryear.scan(text)
    if cells:
        last = max((f.group for f in found_all), default=0)
        found_all = sorted(found_all + authoryear.scan_cells(text, cells, last), key=lambda f: f.start)
    for found in found_all:
        line, column = index.line_col(found.start)
        citations.append(
            Citation(
                Location(shown, line, column),
                Syntax.AUTHOR_YEAR,
                found.text,
                group=group_base + found.group,
                authors=found.authors,
                et_al=found.et_al,
                year=found.year,
                locator=found.locator or None,
                narrative=found.narrative,
                style=found.style,
                tentative=found.tentative,
                organisation=found.organisation,
            )
        )
        offsets.append(found.start)
    return citations, offsets


def reference_list(loaded: LoadedDocument, text: str, blocks: list[Block] | None = None) -> None:
    """The manuscript's own reference list, read from its text (or from its `blocks` of text,
    where the format gives them: a Word document's paragraphs); what stands in it is no
    citation and no sentence of the running text."""
    from claimcite.load import reflist, typedlist

    found = reflist.find_reference_list(
        blocks if blocks is not None else reflist.text_blocks(text), loaded.path
    )
    if found is None:
        return
    references, sources = typedlist.read_list(found)
    if not found.rendered and 2 * len(sources) < len(references):
        # a list of the author's own making (`Marshall, A.L, Owen, N, 06-04-2004, Title`): read
        # as a reader reads it, when most of its items then give names and a date
        free = typedlist.read_list(found, free_form=True)
        if 2 * len(free[1]) >= len(free[0]) and 2 * sum(item.list_item for item in found.items) >= len(
            found.items
        ):
            references, sources = free
    if not found.rendered and 2 * len(sources) < len(references):
        # most items read as no author-year reference: links under "Sources", a numbered style,
        # a list of the author's own making. Typed as a list, it is a list all the same, whose
        # items are not cited text; paragraphs under such a heading may be prose.
        if 2 * sum(item.list_item for item in found.items) < len(found.items):
            return
        loaded.unread_list = ListedReference(
            found.location,
            found.heading or "",
            problem=f"{len(references) - len(sources)} of its {len(references)} items cannot be read "
            "into authors and a year",
        )
    else:
        loaded.reference_list = found.location
        loaded.references, loaded.list_sources = references, sources

    def inside(location: Location) -> bool:
        return location.path == loaded.path and found.holds(location.line or 0)

    kept = [i for i, citation in enumerate(loaded.citations) if not inside(citation.location)]
    renumber = {old: new for new, old in enumerate(kept)}
    loaded.citations = [loaded.citations[i] for i in kept]
    loaded.sentences = [
        replace(s, citations=tuple(renumber[i] for i in s.citations if i in renumber))
        for s in loaded.sentences
        if not inside(s.location)
    ]


class ShownPath:
    """Turns an absolute path into the path reports show (relative to the root); a bibliography
    embedded in a LaTeX file (`filecontents`) is shown as that file."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.aliases: dict[str, str] = {}

    def __call__(self, path: str) -> str:
        absolute = os.path.abspath(path)
        if absolute in self.aliases:
            return self.aliases[absolute]
        return os.path.relpath(absolute, self.root).replace(os.sep, "/")


def add_bibliography(
    loaded: LoadedDocument, name: str, candidates: list[str], location: Location, area: Area
) -> None:
    """The first of `candidates` that exists, as a bibliography of the document, where `area`
    admits it; else the name, with why it is not read."""
    for candidate in candidates:
        if os.path.isfile(candidate):
            try:
                area.admit(candidate)
            except Refused as refused:
                loaded.missing_bibliographies.append((name, location, f"not read: {refused.strerror}"))
                return
            loaded.bibliographies.append(candidate)
            return
    loaded.missing_bibliographies.append((name, location, "not found"))
