"""Manuscripts: Pandoc Markdown, LaTeX, plain text and Word, read into citations and sentences."""

from __future__ import annotations

import bisect
import contextlib
import os
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from claimcite.files.contain import Area, Refused
from claimcite.load.latex import Definitions, Embedded
from claimcite.load.suppressions import scan as scan_suppressions
from claimcite.load.text import LineIndex, read_text
from claimcite.model import (
    Citation,
    CitationField,
    ListedReference,
    Location,
    Problem,
    ProblemKind,
    Sentence,
    Source,
    Suppression,
    Syntax,
)
from claimcite.names import PARTICLES

if TYPE_CHECKING:
    from claimcite.load.reflist import Block

MARKDOWN_SUFFIXES = (".md", ".markdown", ".qmd", ".rmd", ".rmarkdown")
KNITR_SUFFIXES = (".qmd", ".rmd", ".rmarkdown")  # knitr (or Quarto) runs before pandoc
LATEX_SUFFIXES = (".tex", ".ltx")
TEXT_SUFFIXES = (".txt", ".text")
WORD_SUFFIXES = (".docx", ".docm")  # read by load/docx.py: a zip of XML, not text
BIBITEMS_SUFFIX = ".bibitems"  # a `thebibliography` list, read as a bibliography of `@misc{key,}`

# a link whose target the mask blanked: its text is prose (pandoc renders a linked citation
# as `Aho u. a. ([2023](#ref-Aho2023))`)
_LINK = re.compile(r"\[([^\[\]]{0,300})\]\( *\)")
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
    format: str
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
    embedded: dict[str, str] = field(default_factory=dict)  # bibliographies in `filecontents`: path -> text


@dataclass(frozen=True, slots=True)
class _MainFile:
    """What every file of a LaTeX document shares with its main file."""

    folder: str  # LaTeX finds files relative to the folder it runs in: the main file's
    jobname: str  # the main file's name without `.tex`: `\jobname`
    # what the files set for those read after them: the commands defined to cite, the input
    # encoding (declared in the main file or in a file it inputs: later files are read in it)
    definitions: Definitions
    area: Area  # where files may be read: included files and bibliographies outside it are not


def document_format(path: str) -> str | None:
    lowered = path.lower()
    if lowered.endswith(MARKDOWN_SUFFIXES):
        return "markdown"
    if lowered.endswith(LATEX_SUFFIXES):
        return "latex"
    if lowered.endswith(TEXT_SUFFIXES):
        return "text"
    if lowered.endswith(WORD_SUFFIXES):
        return "word"
    return None


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


def _with_citations(
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


def _author_year(
    text: str, shown: str, index: LineIndex, group_base: int
) -> tuple[list[Citation], list[int]]:
    from claimcite.load import authoryear  # the scanners compile their patterns when first needed

    citations: list[Citation] = []
    offsets: list[int] = []
    for found in authoryear.scan(text):
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


def load_document(
    path: str, shown_of: ShownPath, area: Area, *, with_sentences: bool = True
) -> LoadedDocument:
    """Read the manuscript at `path`; its sentences only when asked for (a claim file names it).
    Files it names (bibliographies, `\\input`) are read only where `area` admits them.
    OSError propagates for the main file."""
    shown = shown_of(path)
    kind = document_format(path) or "text"
    loaded = LoadedDocument(shown, kind, files=[shown], with_sentences=with_sentences)
    if kind == "word":
        _word(loaded, path, area)
        return loaded
    text_file = read_text(path, shown, area)
    if text_file.problem:
        loaded.problems.append(text_file.problem)
    loaded.digests[shown] = text_file.digest
    text = text_file.text
    index = LineIndex(text)
    if kind == "markdown":
        loaded.by_title = True  # pandoc renders its bibliography with citeproc
        loaded.suppressions.extend(scan_suppressions(text, shown, "markdown", index))
        _markdown(loaded, path, text, index, area, shown_of, {os.path.abspath(path)})
    elif kind == "latex":
        encoding = text_file.declared if text_file.declared != "utf-8" else None
        stem = os.path.splitext(os.path.basename(path))[0]
        main = _MainFile(os.path.dirname(path), stem, Definitions(encoding=encoding), area)
        names: list[tuple[str, str, Location]] = []
        embedded: list[tuple[str, str, Embedded]] = []
        _latex(loaded, path, text, shown_of, set(), main, names, embedded)
        _latex_bibliographies(loaded, shown_of, main, names, embedded)
        declared = main.definitions.encoding
        loaded.encoding = declared if declared != "utf-8" else None
        loaded.bibtex = _bibtex_backend(main.definitions.packages, names)
        loaded.by_title = _apa_style(main.definitions.packages)
        if loaded.bibtex:
            # BibTeX looks a key up whatever its case (`\cite{Korringa}` finds `KORRINGA`); biber,
            # pandoc and `thebibliography` do not
            loaded.citations = [replace(c, folds_case=True) for c in loaded.citations]
    else:
        citations, offsets = _author_year(text, shown, index, 0)
        loaded.citations.extend(citations)
        if loaded.with_sentences:
            found = sentences(text, shown, index, layout=True)
            loaded.sentences = _with_citations(found, citations, offsets)
    if kind != "latex":
        _reference_list(loaded, text)
    return loaded


def _word(loaded: LoadedDocument, path: str, area: Area) -> None:
    """A Word document: its citation fields, then the author-year citations typed in the text
    outside them, its sentences (a paragraph is a line) and its own reference list."""
    from claimcite.load import docx

    read = docx.read_word(path, loaded.path, area)
    loaded.unreadable = not read.excerpts and bool(read.problems)
    loaded.digests[loaded.path] = read.digest
    loaded.problems.extend(read.problems)
    loaded.suppressions.extend(read.suppressions)
    loaded.fields = read.fields
    loaded.field_sources = tuple(read.items)
    group = max((c.group for c in read.citations), default=0)
    typed, typed_offsets = _author_year(read.masked, loaded.path, read.index, group)
    every = read.citations + typed
    offsets = read.offsets + typed_offsets
    order = sorted(range(len(every)), key=offsets.__getitem__)
    loaded.citations = [_with_excerpt(every[i], read.excerpts) for i in order]
    ordered_offsets = [offsets[i] for i in order]
    if loaded.with_sentences:
        found = sentences(read.masked, loaded.path, read.index)
        loaded.sentences = [
            replace(s, location=_excerpted(s.location, read.excerpts))
            for s in _with_citations(found, loaded.citations, ordered_offsets)
        ]
    _reference_list(loaded, "", docx.blocks(read))


def _excerpted(location: Location, excerpts: tuple[str, ...]) -> Location:
    """A location in a Word document with its paragraph's first words."""
    line = location.line or 0
    return replace(location, excerpt=excerpts[line - 1]) if 0 < line <= len(excerpts) else location


def _with_excerpt(citation: Citation, excerpts: tuple[str, ...]) -> Citation:
    return replace(citation, location=_excerpted(citation.location, excerpts))


def _reference_list(loaded: LoadedDocument, text: str, blocks: list[Block] | None = None) -> None:
    """The manuscript's own reference list, read; what stands in it is no citation and no
    sentence of the running text."""
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


_BIBTEX_BACKENDS = frozenset({"bibtex", "bibtex8", "bibtexu"})


def _bibtex_backend(packages: dict[str, str], names: list[tuple[str, str, Location]]) -> bool:
    """Whether BibTeX makes the document's bibliography: `\\bibliography{}` without biblatex, or
    biblatex with `backend=bibtex` (its default backend is biber)."""
    if "biblatex" in packages:
        options = (part.partition("=") for part in packages["biblatex"].split(","))
        backend = next((value.strip() for name, _, value in options if name.strip() == "backend"), "biber")
        return backend in _BIBTEX_BACKENDS
    return any(not name.endswith(BIBITEMS_SUFFIX) for name, _, _ in names)


def _apa_style(packages: dict[str, str]) -> bool:
    """Whether the document's references are set in APA style: apacite, or biblatex with
    `style=apa` (biblatex-apa, also its older `apa6`)."""
    if "apacite" in packages:
        return True
    options = (part.partition("=") for part in packages.get("biblatex", "").split(","))
    return any(name.strip() == "style" and value.strip().startswith("apa") for name, _, value in options)


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


def _add_bibliography(
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


def _markdown(
    loaded: LoadedDocument,
    path: str,
    text: str,
    index: LineIndex,
    area: Area,
    shown_of: ShownPath,
    seen: set[str],
) -> None:
    """Read one file of a Markdown document, then the files it includes with Quarto's
    `{{< include file >}}` (Quarto puts their text there before knitr and pandoc run)."""
    from claimcite.load import knitr, markdown

    shown = shown_of(path)
    main = shown == loaded.path
    source = text
    captions: tuple[knitr.Caption, ...] = ()
    if path.lower().endswith(KNITR_SUFFIXES):
        knitted = knitr.view(text)
        source, captions = knitted.text, knitted.captions
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
    if source is not text:  # R Markdown: papaja's `r cite_r("r-references.bib")` cites R's packages
        citations, offsets = _cite_r(
            shown, path, source, index, area, max((c.group for c in cites), default=0)
        )
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
    if offsets != sorted(offsets):  # cite_r's citations stand where its inline code stands
        order = sorted(range(len(offsets)), key=offsets.__getitem__)
        citations, offsets = [citations[i] for i in order], [offsets[i] for i in order]
    if captions:  # captions are prose too, where their chunk stood
        chars = list(masked)
        for caption in captions:
            inline = markdown.mask(caption.text, blocks=False)
            chars[caption.start : caption.start + len(inline)] = inline
        masked = "".join(chars)
    if not citations and not _set_to_cite_by_key(path, text, area):
        # Markdown that cites by key renders nothing else as a citation: author-year text there
        # is prose (`Fisher (1922) showed`, `(creator of Python, 2006)`); elsewhere it is read,
        # the front matter's abstract too
        prose = markdown.prose(source)
        if captions:
            chars = list(prose)
            for caption in captions:
                inline = markdown.mask(caption.text, blocks=False, titles=True)
                chars[caption.start : caption.start + len(inline)] = inline
            prose = "".join(chars)
        prose = _LINK.sub(lambda m: " " + m.group(1) + " " * (len(m.group()) - len(m.group(1)) - 1), prose)
        for start, end in markdown.front_matter_prose(text):
            prose = prose[:start] + text[start:end] + prose[end:]
        citations, offsets = _author_year(prose, shown, index, 0)
    if not main:  # groups are told apart within a document
        base = max((c.group for c in loaded.citations), default=0)
        citations = [replace(c, group=base + c.group) for c in citations]
    if loaded.with_sentences:
        split = sentences(masked, shown, index)
        loaded.sentences.extend(_with_citations(split, citations, offsets, len(loaded.citations)))
    loaded.citations.extend(citations)
    folder = os.path.dirname(path)
    if main:
        named = markdown.front_matter_field(text, "bibliography")
        where = Location(shown, 1)
        project = None if named else _project_bibliographies(path, area)
        if project is not None:  # a Quarto project's or a bookdown book's, for each of its files
            folder, named, config = project
            where = Location(shown_of(config), 1)
        for name in named:
            target = os.path.normpath(os.path.join(folder, name))
            if not os.path.splitext(name)[1] and not os.path.isfile(target):
                target += ".bib"  # `bibliography: refs`, as natbib's `\bibliography{refs}` means refs.bib
            _add_bibliography(loaded, name, [target], where, area)
    includes = [(found.group(1).strip("\"'"), found.start(1)) for found in _INCLUDE.finditer(masked)]
    if source is not text:  # knitr puts a child document where its chunk stands
        includes = sorted(includes + _children(text), key=lambda include: include[1])
    for name, offset in includes:
        base_folder = area.root if name.startswith("/") else os.path.dirname(path)
        target = os.path.normpath(os.path.join(base_folder, name.lstrip("/")))
        if os.path.abspath(target) in seen:
            continue
        seen.add(os.path.abspath(target))
        line, column = index.line_col(offset)
        try:
            included = read_text(target, shown_of(target), area)
        except OSError as error:
            why = (
                "not found" if isinstance(error, FileNotFoundError) else (error.strerror or "cannot be read")
            )
            loaded.problems.append(
                Problem(ProblemKind.PARSE, f"included file {name!r} {why}", Location(shown, line, column))
            )
            continue
        if included.problem:
            loaded.problems.append(included.problem)
        loaded.files.append(shown_of(target))
        loaded.digests[shown_of(target)] = included.digest
        included_index = LineIndex(included.text)
        loaded.suppressions.extend(
            scan_suppressions(included.text, shown_of(target), "markdown", included_index)
        )
        _markdown(loaded, target, included.text, included_index, area, shown_of, seen)


# knitr's child documents: ```` ```{r, child = "intro.Rmd"} ````, `child = c("a.Rmd", "b.Rmd")`,
# Quarto's `#| child: "intro.qmd"`
_CHILD_HEADER = re.compile(
    r"^[\t >]*`{3,}[ \t]*\{[a-zA-Z0-9_]+[ ,][^\n]{0,500}?\bchild[ \t]*=[ \t]*"
    r"(c\([^)\n]{0,500}\)|[\"'][^\"'\n]{1,300}[\"'])",
    re.MULTILINE,
)
_CHILD_OPTION = re.compile(r"^[\t >]*#\|[ \t]*child:[ \t]*([^\n]{1,500})$", re.MULTILINE)
_QUOTED_NAME = re.compile(r"[\"']([^\"'\n]{1,300})[\"']")


def _children(text: str) -> list[tuple[str, int]]:
    """The child documents that knitr puts in an R Markdown or Quarto file, with where."""
    found: list[tuple[str, int]] = []
    for match in _CHILD_HEADER.finditer(text):
        found.extend((name.group(1), match.start(1)) for name in _QUOTED_NAME.finditer(match.group(1)))
    for match in _CHILD_OPTION.finditer(text):
        value = match.group(1).strip()
        names = [name.group(1) for name in _QUOTED_NAME.finditer(value)] or [value.strip("[] ")]
        found.extend((name, match.start(1)) for name in names if name)
    return found


# papaja's `` `r cite_r("r-references.bib")` ``: knitr writes a citation of each entry of that
# file whose key has the prefix (`R-base`, `R-dplyr`: what papaja's r_refs() wrote there)
_CITE_R = re.compile(
    r"`r[ \t][^`\n]{0,200}?\bcite_r\(\s*(?:file\s*=\s*)?[\"']([^\"'\n]{1,300})[\"']([^`\n]{0,300})`"
)
_CITE_R_PREFIX = re.compile(r"\bprefix\s*=\s*[\"']([^\"'\n]{0,50})[\"']")
_BIB_KEY = re.compile(r"@\s*([A-Za-z]+)\s*[{(]\s*([^,\s{}()]+)\s*,")


def _cite_r(
    shown: str, path: str, source: str, index: LineIndex, area: Area, group: int
) -> tuple[list[Citation], list[int]]:
    """The citations that papaja's `cite_r()` writes where inline R code calls it: one of each
    entry of the named .bib whose key has its prefix (default `R-`), as knitr hands them to
    pandoc. A file that is not there (r_refs() writes it on the first knit) cites nothing."""
    citations: list[Citation] = []
    offsets: list[int] = []
    read: dict[str, list[str]] = {}  # each file's keys, read once
    for found in _CITE_R.finditer(source):
        target = os.path.normpath(os.path.join(os.path.dirname(path), found.group(1)))
        if target not in read:
            try:
                bib = read_text(target, target, area).text
            except OSError:
                bib = ""
            read[target] = [
                key.group(2)
                for key in _BIB_KEY.finditer(bib)
                if key.group(1).lower() not in ("string", "comment", "preamble")
            ]
        prefix = _CITE_R_PREFIX.search(found.group(2))
        wanted = prefix.group(1) if prefix else "R-"
        keys = [key for key in read[target] if key.startswith(wanted)]
        group += 1
        line, column = index.line_col(found.start())
        for key in dict.fromkeys(keys):
            citations.append(
                Citation(Location(shown, line, column), Syntax.PANDOC, found.group(), group=group, key=key)
            )
            offsets.append(found.start())
    return citations, offsets


# Quarto's include shortcode on a line of its own: `{{< include _chapter.qmd >}}`
_INCLUDE = re.compile(r"^[ \t]*\{\{<\s*include\s+(\S+)\s*>\}\}[ \t]*$", re.MULTILINE)
_PROJECT_FILES = ("_quarto.yml", "_quarto.yaml")
_BOOKDOWN_FILES = ("_bookdown.yml", "_bookdown.yaml")


def _project_bibliographies(path: str, area: Area) -> tuple[str, list[str], str] | None:
    """The bibliographies that a document's project names for it, where its front matter
    names none: Quarto's `bibliography:` in `_metadata.yml` beside it or in the project's
    `_quarto.yml` (Quarto merges them into each document's metadata), or bookdown's in the
    front matter of the book's `index.Rmd` (bookdown merges the chapters into it). Returns the
    folder the names are relative to, the names, and the file that names them."""
    from claimcite.load import markdown

    folder = os.path.dirname(os.path.abspath(path))
    for depth in range(_PROJECT_DEPTH):
        names = (("_metadata.yml",) if depth == 0 else ()) + _PROJECT_FILES
        for name in names:
            config = os.path.join(folder, name)
            if not os.path.isfile(config):
                continue
            try:
                found = read_text(config, config, area).text
            except OSError:
                continue
            named = markdown.yaml_field(found, "bibliography")
            if named:
                return folder, named, config
        if any(os.path.isfile(os.path.join(folder, name)) for name in _BOOKDOWN_FILES):
            index = os.path.join(folder, "index.Rmd")
            if os.path.isfile(index) and os.path.abspath(index) != os.path.abspath(path):
                try:
                    named = markdown.front_matter_field(read_text(index, index, area).text, "bibliography")
                except OSError:
                    named = []
                if named:
                    return folder, named, index
            return None
        if any(os.path.isfile(os.path.join(folder, name)) for name in _PROJECT_FILES):
            return None  # the project names none
        parent = os.path.dirname(folder)
        if parent == folder or not _within_root(parent, area):
            return None
        folder = parent
    return None


_PROJECTS = ("_quarto.yml", "_quarto.yaml", "_bookdown.yml", "_bookdown.yaml")
_BIBLIOGRAPHY_LINE = re.compile(r"^\s*bibliography\s*:", re.MULTILINE)
_RENDERED_LIST = re.compile(r"\{#refs[\s}]|<div\s+id=\"refs\"")


def _set_to_cite_by_key(path: str, text: str, area: Area) -> bool:
    """Whether a Markdown document without citations by key is set to cite by key all the same:
    its front matter names a bibliography, or it is a chapter of a Quarto or bookdown book
    whose project names one (`_quarto.yml`, or bookdown's `index.Rmd`). pandoc renders such a
    document with citeproc, and its author-year text as written: prose. A document that holds
    its rendered list (`::: {#refs}`) is pandoc's output, whose author-year text is citations."""
    if _RENDERED_LIST.search(text):
        return False
    from claimcite.load import markdown

    if markdown.front_matter_field(text, "bibliography"):
        return True
    folder = os.path.dirname(os.path.abspath(path))
    for _ in range(_PROJECT_DEPTH):
        for name in _PROJECTS:
            config = os.path.join(folder, name)
            if os.path.isfile(config):
                return _names_a_bibliography(folder, name, area)
        parent = os.path.dirname(folder)
        if parent == folder or not _within_root(parent, area):
            return False
        folder = parent
    return False


_PROJECT_DEPTH = 8  # folders above a chapter where its book's project file may stand


def _within_root(folder: str, area: Area) -> bool:
    real = os.path.realpath(folder)
    return real == area.root or real.startswith(area.root.rstrip(os.sep) + os.sep)


def _names_a_bibliography(folder: str, config: str, area: Area) -> bool:
    """Whether a Quarto or bookdown project names a bibliography: in its project file or
    `_metadata.yml`, or (bookdown) in the front matter of its `index.Rmd`."""
    from claimcite.load import markdown

    for name in (config, "_metadata.yml", "index.Rmd", "index.qmd"):
        candidate = os.path.join(folder, name)
        if not os.path.isfile(candidate):
            continue
        try:
            found = read_text(candidate, candidate, area).text  # Refused (outside the area) too
        except OSError:
            continue
        if name.startswith("index"):
            if markdown.front_matter_field(found, "bibliography"):
                return True
        elif _BIBLIOGRAPHY_LINE.search(found):
            return True
    return False


def _latex(
    loaded: LoadedDocument,
    path: str,
    text: str,
    shown_of: ShownPath,
    seen: set[str],
    main: _MainFile,
    bibliographies: list[tuple[str, str, Location]],
    embedded: list[tuple[str, str, Embedded]],
) -> None:
    """Read one file of a LaTeX document and, in order, the files it includes; the names of
    bibliographies (name, folder, where) and embedded files (file, its text, the environment)
    are collected for `_latex_bibliographies`."""
    from claimcite.load import latex

    seen.add(os.path.abspath(path))
    shown = shown_of(path)
    index = LineIndex(text)
    folder = os.path.dirname(path)
    loaded.suppressions.extend(scan_suppressions(text, shown, "latex", index))

    def include(kind: str, name: str, offset: int) -> None:
        """Read an included file where it is included (its definitions count from there on)."""
        if kind == "package":  # a package of the project's own: its definitions, not its text
            style = latex.resolve_include(name, main.folder, ".sty")
            if style is not None and style.endswith(".sty") and os.path.abspath(style) not in seen:
                seen.add(os.path.abspath(style))
                with contextlib.suppress(OSError):
                    fallback = main.definitions.encoding
                    package = read_text(style, shown_of(style), main.area, fallback=fallback)
                    latex.scan(package.text, shown_of(style), definitions=main.definitions)
            return
        target = latex.resolve_include(name, main.folder) or latex.resolve_include(name, folder)
        line, column = index.line_col(offset)
        if target is None:
            if kind == "optional" or ("/" not in name and not name.endswith(".tex")):
                # `\InputIfFileExists`; `\input{glyphtounicode}`: a file of the TeX distribution
                return
            loaded.problems.append(
                Problem(ProblemKind.PARSE, f"included file {name!r} not found", Location(shown, line, column))
            )
            return
        if os.path.abspath(target) in seen:
            return
        try:
            included = read_text(target, shown_of(target), main.area, fallback=main.definitions.encoding)
        except OSError as error:
            message = f"cannot read {name!r}: {error.strerror}"
            loaded.problems.append(Problem(ProblemKind.PARSE, message, Location(shown, line, column)))
            return
        if included.problem:
            loaded.problems.append(included.problem)
        loaded.digests[shown_of(target)] = included.digest
        loaded.files.append(shown_of(target))
        _latex(loaded, target, included.text, shown_of, seen, main, bibliographies, embedded)

    scanned = latex.scan(text, shown, definitions=main.definitions, include=include)
    loaded.nocite_all = loaded.nocite_all or scanned.nocite_all
    for offset, message in scanned.malformed:
        line, column = index.line_col(offset)
        loaded.problems.append(Problem(ProblemKind.PARSE, message, Location(shown, line, column)))
    citations: list[Citation] = []
    offsets: list[int] = []
    base = max((c.group for c in loaded.citations), default=0)
    for cite in scanned.cites:
        line, column = index.line_col(cite.start)
        citations.append(
            Citation(
                Location(shown, line, column),
                Syntax.LATEX,
                cite.text,
                group=base + cite.group,
                key=cite.key,
                locator=cite.postnote or None,
                narrative=cite.command.lower().startswith(("citet", "textcite", "citeauthor", "citea")),
            )
        )
        offsets.append(cite.start)
    # LaTeX cites by key: author-year text is prose (`Alex Martelli (Google, 2008)`), not a citation
    masked = scanned.masked
    if loaded.with_sentences:
        found = sentences(masked, shown, index)
        loaded.sentences.extend(_with_citations(found, citations, offsets, len(loaded.citations)))
    loaded.citations.extend(citations)
    for name in scanned.bibliographies:
        bibliographies.append((name.replace("\\jobname", main.jobname), folder, Location(shown, 1)))
    embedded.extend((path, text, found) for found in scanned.embedded)
    if scanned.bibitems:  # `thebibliography`: its items are the works the document can cite
        items = [char if char in "\r\n" else " " for char in text]
        for key, offset in scanned.bibitems:
            start = text.rfind("\\bibitem", 0, offset)
            entry = f"@misc{{{key},}}"
            items[start : start + len(entry)] = entry
        name = os.path.basename(path) + BIBITEMS_SUFFIX
        embedded.append((path, text, Embedded(name, 0, "".join(items), force=True)))
        bibliographies.append((name, main.folder, Location(shown, 1)))


def _latex_bibliographies(
    loaded: LoadedDocument,
    shown_of: ShownPath,
    main: _MainFile,
    names: list[tuple[str, str, Location]],
    embedded: list[tuple[str, str, Embedded]],
) -> None:
    """The bibliographies a LaTeX document names: files beside the main file (else beside the
    file that names them), or written by a `filecontents` environment of the document, which
    LaTeX writes when the file is absent or the environment says `[force]`."""
    from claimcite.load import latex

    environments: dict[str, tuple[str, str, Embedded]] = {}
    for file, text, found in embedded:
        name = found.name.replace("\\jobname", main.jobname)
        environments.setdefault(name if "." in os.path.basename(name) else name + ".bib", (file, text, found))
    virtual: dict[str, str] = {}  # a file holding environments -> its text with only them kept
    for name, folder, location in names:
        written = os.path.normpath(os.path.join(main.folder, name))  # where LaTeX writes and reads it
        bib = written
        if not os.path.isfile(bib):  # BibTeX finds it as kpathsea does, in another case too
            bib = (
                latex.resolve_include(name, main.folder, ".bib")
                or latex.resolve_include(name, folder, ".bib")
                or written
            )
        environment = environments.get(name)
        if environment is not None and (environment[2].force or not os.path.isfile(bib)):
            file = environment[0]
            if file not in virtual:
                kept = [char if char in "\r\n" else " " for char in environment[1]]
                for _, _, found in (e for e in environments.values() if e[0] == file):
                    kept[found.start : found.start + len(found.text)] = found.text
                virtual[file] = "".join(kept)
            loaded.embedded[written] = virtual[file]
            shown_of.aliases[os.path.abspath(written)] = shown_of(file)
            loaded.bibliographies.append(written)
        else:
            _add_bibliography(loaded, name, [bib], location, main.area)
    loaded.bibliographies = list(dict.fromkeys(loaded.bibliographies))
