"""The checked project as plain frozen values: what the loaders build and the rules read."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

BASELINE_SCHEMA = "claimcite/baseline/v1"


class Severity(str, enum.Enum):
    """How much a finding matters; ordered from the least to the most."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class Location:
    """A place in an input file: path relative to the root with '/', 1-based line and column.
    In a Word document a line is a paragraph, and `excerpt` its first words, which is how a
    person finds it there (`report.docx:¶12 "Met name de eerste generatie…"`)."""

    path: str
    line: int | None = None
    column: int | None = None
    excerpt: str | None = field(default=None, compare=False)

    @property
    def where(self) -> str:
        """`path:line` as messages name a place (a Word document's: its paragraph, see above)."""
        if self.line and self.excerpt is not None:
            return paragraph_place(self.path, self.line, self.excerpt)
        return f"{self.path}:{self.line}" if self.line else self.path

    @property
    def position(self) -> str:
        """`path:line:col` (as far as known): how every report names a place, as editors and
        terminals open it (the one formatter of places); in a Word document `path:¶12 "its first
        words…"`."""
        if self.line is None:
            return self.path
        if self.excerpt is not None:
            return paragraph_place(self.path, self.line, self.excerpt)
        return f"{self.path}:{self.line}" if self.column is None else f"{self.path}:{self.line}:{self.column}"


def paragraph_place(path: str, line: int, excerpt: str) -> str:
    """A place in a Word document as a person finds it: `report.docx:¶12 "Met name de…"`."""
    return f'{path}:¶{line} "{excerpt}"'


@dataclass(frozen=True, slots=True)
class Edit:
    """A fix: replace `old` with `new` where the finding stands (the first `old` on that line from
    that column on). `claimcite fix` applies a safe one; an unsafe one (a guess between keys
    alike) only with --unsafe-fixes, as ruff has it."""

    location: Location
    old: str
    new: str
    safe: bool = True


@dataclass(frozen=True, slots=True)
class Suppression:
    """A `claimcite: ignore[...]` comment; `rules` is None for a bare `ignore`. A comment on its
    own line applies to that line and the next; one anchored on a span of text (a Word comment)
    to that span, from `location` to `end`."""

    location: Location
    rules: tuple[str, ...] | None
    end: Location | None = None


@dataclass(frozen=True, slots=True)
class Person:
    """One name of an author or editor, LaTeX decoded to Unicode."""

    first: str = ""
    von: str = ""
    last: str = ""
    jr: str = ""

    @property
    def is_others(self) -> bool:
        """True for BibTeX's `and others`, which stands for the authors left out."""
        return self.last.casefold() == "others" and not (self.first or self.von or self.jr)


@dataclass(frozen=True)
class Source:
    """One bibliography entry. Name lists (`author`, `editor`) are kept as written in
    `names`; `load.tex.persons` parses them when asked (most checks never need them)."""

    key: str
    type: str
    fields: Mapping[str, str]
    names: Mapping[str, str]
    location: Location
    broken: bool = False  # the entry had a syntax error; what could be read is kept
    # the line of each field, where the format tells (BibTeX does; a line number each, not a
    # place with its column: the parse cache reads them back for every entry of every run)
    at: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def has(self, name: str) -> bool:
        """True when the field or name list `name` is present and not empty."""
        value = self.names.get(name) if name in self.names else self.fields.get(name)
        return bool(value and value.strip())


@dataclass(frozen=True, slots=True)
class Bibliography:
    """One bibliography file: its entries in file order, duplicates included."""

    path: str
    entries: tuple[Source, ...]
    suppressions: tuple[Suppression, ...] = ()
    readable: bool = True  # False when nothing of it could be read: its citations go unchecked
    typed_list: bool = False  # made from a manuscript's typed reference list (`path` is the manuscript)
    # a LaTeX `thebibliography` list (`path` is its .tex file): LaTeX tells its keys apart by case,
    # and chapterbib gives each chapter a list of its own
    bibitems: bool = False
    # rendered by a style that cites a work without author by its title and one without date as
    # "n.d." (citeproc, as pandoc, Quarto and Zotero use it; apacite; biblatex-apa)
    by_title: bool = False
    citeproc: bool = False  # read by pandoc's citeproc alone (a Markdown manuscript's, a CSL file)
    # the works that a document's citation fields cite (`path` is the document): every entry is
    # cited there, and the entries are what a reference manager holds, not what the author typed
    from_fields: bool = False

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(entry.key for entry in self.entries)


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A claim's reference to a source: the key as written, with an optional locator and quote."""

    key: str
    location: Location
    locator: str | None = None
    quote: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """One statement of a claim file and the sources it rests on."""

    id: str | None
    statement: str
    location: Location
    sources: tuple[SourceRef, ...] = ()
    unsourced: str | None = None
    bibliographies: tuple[str, ...] = ()  # the bibliography paths that this claim's keys refer to
    document: str | None = None
    sources_unreadable: bool = False  # `sources` was given but broken (reported as invalid-claim)


class Syntax(str, enum.Enum):
    """How a citation is written."""

    PANDOC = "pandoc"
    LATEX = "latex"
    AUTHOR_YEAR = "author-year"
    CLAIM = "claim"
    FIELD = "field"  # a reference manager's citation field (Zotero, Mendeley, EndNote in Word)


class Status(str, enum.Enum):
    """What a citation resolves to."""

    RESOLVED = "resolved"
    UNKNOWN_KEY = "unknown-key"  # a key that no bibliography defines
    UNRESOLVED = "unresolved"  # an author-year citation that fits no entry
    AMBIGUOUS = "ambiguous"  # fits several entries
    MISMATCH = "author-year-mismatch"  # the author fits and the year does not, or the reverse
    UNCHECKED = "unchecked"  # no bibliography to check against
    # a persistent identifier (Manubot's `@doi:10.1/x`, `@url:…`) that no entry carries: the
    # tool that builds the document looks the work up by it
    BY_IDENTIFIER = "by-identifier"


@dataclass(frozen=True, slots=True)
class Resolution:
    status: Status
    key: str | None = None  # the entry it resolves to
    candidates: tuple[str, ...] = ()  # the entries that fit, for ambiguous citations
    suggestion: str | None = None  # the closest entry, where it does not resolve
    reason: str = ""
    clear: bool = False  # the suggestion is clearly the one meant: `claimcite fix` may apply it


@dataclass(frozen=True, slots=True)
class Citation:
    """One cited work, where it stands and as it is written."""

    location: Location
    syntax: Syntax
    text: str
    group: int = 0  # citations in one bracket or command share a group (per file)
    key: str | None = None  # for key syntaxes: the key as written
    authors: tuple[str, ...] | None = None  # for author-year: the names as written
    et_al: bool = False
    year: str | None = None  # for author-year: "2021", "2021a", "n.d."
    locator: str | None = None
    narrative: bool = False  # in the running text (`Hulshof et al. (2021)`, `@key`)
    claim: str | None = None  # for claim citations: the claim id
    style: tuple[str, ...] = ()  # formatting traits, for citation-style
    bibliographies: tuple[str, ...] = ()  # the bibliography paths it refers to
    tentative: bool = False  # one capitalised name before a year: a citation only if it fits
    organisation: str | None = None  # author-year: the authors read as one organisation's name
    folds_case: bool = False  # a key looked up whatever its case, as BibTeX does (not biber, pandoc)
    item: Source | None = None  # for a citation field: the cited work as the field holds it
    resolution: Resolution | None = None

    @property
    def resolved(self) -> str | None:
        return self.resolution.key if self.resolution else None

    def having(self, **changes: Any) -> Citation:
        """This citation with `changes`, as `dataclasses.replace` makes it but without its walk
        over the fields and keyword call, which took a sixth of a check of 6,000 LaTeX
        citations (each replaced twice: read, then resolved)."""
        new = object.__new__(Citation)
        for name in _CITATION_FIELDS:
            object.__setattr__(new, name, changes.pop(name) if name in changes else getattr(self, name))
        if changes:
            raise TypeError(f"Citation has no field {', '.join(changes)}")
        return new


_CITATION_FIELDS = tuple(item.name for item in fields(Citation))


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document: its offsets, its plain text, the citations in it, and the
    paragraph it belongs to (numbered from 0 in its file: sentences of one file with the same
    number stand in one paragraph)."""

    start: int
    end: int
    text: str
    location: Location
    citations: tuple[int, ...] = ()  # indexes into Document.citations
    paragraph: int = 0


@dataclass(frozen=True, slots=True)
class FieldItem:
    """A work that a citation field cites, as the field holds it, and how it is cited."""

    source: Source  # the work, as a bibliography entry (key: its citation key, or one made from it)
    locator: str = ""
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False  # shown as its year alone
    author_only: bool = False  # shown as its author alone


@dataclass(frozen=True, slots=True)
class CitationField:
    """A reference manager's citation field (Zotero, Mendeley, EndNote): what it shows, what the
    program last put in it, and the works it cites."""

    location: Location
    program: str
    shown: str
    rendered: str | None
    items: tuple[FieldItem, ...]
    kept: bool = False  # the user told the program to keep an edit of its text (Zotero's dontUpdate)


@dataclass(frozen=True)
class Document:
    """A manuscript: its citations in order, its sentences, the bibliographies it names."""

    path: str
    format: str  # "markdown", "latex", "text" or "word"
    citations: tuple[Citation, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    nocite_all: bool = False  # `nocite: @*` or `\nocite{*}`: every entry counts as cited
    bibliographies: tuple[str, ...] = ()  # the bibliography paths its citations refer to
    reference_list: Location | None = None  # where its own reference list starts (its heading)
    references: tuple[ListedReference, ...] = ()  # the items of that list
    list_entries: tuple[Source, ...] = ()  # the items that could be read, as bibliography entries
    # a list under a reference-list heading that is not read (most items are no author-year
    # reference): its heading, with `problem` saying why
    unread_list: ListedReference | None = None
    fields: tuple[CitationField, ...] = ()  # its citation fields (a Word document's)
    # files it includes (`\input`, a knitr child, Quarto's include) that could not be read: what
    # they cite is unknown
    unread_parts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ListedReference:
    """An item of a manuscript's typed or rendered reference list, as read."""

    location: Location
    text: str
    key: str | None = None  # the key it stands under: pandoc's `ref-KEY`, else derived (`cbs2025`)
    authors: tuple[str, ...] = ()  # family names with particles, or corporate names, in order
    et_al: bool = False  # the list of authors is cut short (`et al.`, APA's `...`)
    loose: bool = (
        False  # the authors read more than one way (`A, B, & C` with no initials: one corporate author?)
    )
    abbreviation: str = ""  # the first author's, when a corporate author gives one (`CBS`)
    year: str = ""  # as the list writes it: `2021a`, `z.d.-a`, `in press`
    title: str = ""
    rendered: bool = False  # pandoc rendered it from the entry `key` of a bibliography
    problem: str | None = None  # why it could not be read into authors and a year


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a full text: its label (the printed page number) and its text."""

    label: str
    text: str
    normal: str | None = field(default=None, compare=False)  # the text normalised for quotes, if known


@dataclass(frozen=True, slots=True)
class FullText:
    """A source's full text, page by page; `problem` says why it is missing or incomplete."""

    key: str
    path: str | None
    pages: tuple[Page, ...] = ()
    problem: str | None = None
    # what the checks derive from this text, kept for as long as the text (one run): its
    # normalised form, its words, each quote compared with it (`quotes.derived`)
    memo: dict[tuple[str, str], object] = field(default_factory=dict, init=False, compare=False, repr=False)

    @property
    def readable(self) -> bool:
        return bool(self.pages)

    def __hash__(self) -> int:  # the rules cache by full text: hashing every page would cost more
        return hash((self.key, self.path, len(self.pages)))


class WordKind(str, enum.Enum):
    """How a word of a quote compares with its source."""

    EQUAL = "equal"  # the same word, after typesetting normalisation
    CHANGED = "changed"  # the quote has another word where the source has this one
    ADDED = "added"  # a word of the quote that the source does not have there
    DROPPED = "dropped"  # a word of the source that the quote leaves out, without an ellipsis
    LEFT_OUT = "left-out"  # source words an ellipsis (`…`, `[...]`) stands for
    REPLACED = "replaced"  # source words a bracketed insertion (`[de cliënt]`, `[T]he`) stands for
    SIC = "sic"  # `[sic]`: the quote keeps the source's error and says so

    @property
    def differs(self) -> bool:
        """Whether this is a difference (a quote with one is not found), not a convention."""
        return self in (WordKind.CHANGED, WordKind.ADDED, WordKind.DROPPED)


@dataclass(frozen=True, slots=True)
class QuoteWord:
    """One step of a quote compared with its source: a word (or the words an ellipsis or an
    insertion stands for) as the quote writes it and as the source prints it."""

    kind: WordKind
    quote: str = ""  # as the quote writes it; '' for source words the quote does not have
    source: str = ""  # as the source prints it (not case-folded); '' where the source has none
    page: str = ""  # the page label of the source words
    span: tuple[int, int] | None = None  # the source words' place in QuoteComparison.passage


@dataclass(frozen=True, slots=True)
class QuoteComparison:
    """A quote compared word by word with the passage of its source where it stands best."""

    quote: str
    passage: str  # the source from the first word the quote has to the last, as printed
    page: str  # the page label where the passage starts
    last_page: str  # ... and where it ends
    words: tuple[QuoteWord, ...]
    before: str = ""  # up to a few words of the source before the passage, for context
    after: str = ""  # ... and after it
    far: bool = False  # parts of the quote (between ellipses) stand far apart in the source
    reordered: bool = False  # the quote has the words of the passage, in another order

    @property
    def found(self) -> bool:
        """Every word equal, allowing ellipses, insertions and `[sic]`; parts close together."""
        return not self.far and not any(word.kind.differs for word in self.words)

    @property
    def differences(self) -> tuple[QuoteWord, ...]:
        return tuple(word for word in self.words if word.kind.differs)

    @property
    def adaptations(self) -> tuple[QuoteWord, ...]:
        """The quoting conventions used: ellipses, insertions, `[sic]`."""
        kinds = (WordKind.LEFT_OUT, WordKind.REPLACED, WordKind.SIC)
        return tuple(word for word in self.words if word.kind in kinds)

    @property
    def equal_share(self) -> float:
        """The share of the quote's words that equal the source's."""
        counted = [w for w in self.words if w.kind in (WordKind.EQUAL, WordKind.CHANGED, WordKind.ADDED)]
        if not counted:
            return 0.0
        return sum(1 for w in counted if w.kind is WordKind.EQUAL) / len(counted)


class ProblemKind(str, enum.Enum):
    """What a loader could not read; the rules turn problems into findings."""

    PARSE = "parse-error"
    SCHEMA = "invalid-claim"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something a loader could not read or that breaks the input's schema."""

    kind: ProblemKind
    message: str
    location: Location
    claim: str | None = None
    key: str | None = None


@dataclass(frozen=True, slots=True)
class Project:
    """Everything that was loaded for one check."""

    root: str
    bibliographies: tuple[Bibliography, ...] = ()
    claims: tuple[Claim, ...] = ()
    problems: tuple[Problem, ...] = ()
    files: tuple[str, ...] = ()
    hashes: Mapping[str, str] = field(default_factory=dict)  # path -> sha256 of the bytes read
    documents: tuple[Document, ...] = ()
    citations: tuple[Citation, ...] = ()  # every citation: claims' sources, then the documents'
    suppressions: tuple[Suppression, ...] = ()
    fulltexts: Mapping[str, FullText] = field(default_factory=dict)  # by key, for cited sources
    sources: Mapping[str, Source] = field(default_factory=dict)
    folded_sources: Mapping[str, Source] = field(default_factory=dict)
    verification: Verification | None = None  # what the registries said (--online, retraction_db)

    def find(self, key: str) -> Source | None:
        """The entry with this key, compared case-insensitively as BibTeX does (crossref)."""
        return self.sources.get(key) or self.folded_sources.get(key.casefold())

    @staticmethod
    def build(
        *,
        root: str,
        bibliographies: tuple[Bibliography, ...],
        claims: tuple[Claim, ...],
        problems: tuple[Problem, ...],
        files: tuple[str, ...],
        documents: tuple[Document, ...] = (),
        citations: tuple[Citation, ...] = (),
        suppressions: tuple[Suppression, ...] = (),
        hashes: Mapping[str, str] | None = None,
        fulltexts: Mapping[str, FullText] | None = None,
    ) -> Project:
        """A project whose `sources` maps each key to its first definition.

        Keys compare case-insensitively, as in BibTeX: a later definition of
        `Smith2020` after `smith2020` is a duplicate and is left out.
        """
        sources = first_definitions(bibliographies)
        folded = {key.casefold(): source for key, source in sources.items()}
        return Project(
            root=root,
            bibliographies=bibliographies,
            claims=claims,
            problems=problems,
            files=files,
            documents=documents,
            citations=citations,
            suppressions=suppressions,
            hashes=dict(hashes or {}),
            fulltexts=dict(fulltexts or {}),
            sources=sources,
            folded_sources=folded,
        )


def first_definitions(bibliographies: tuple[Bibliography, ...] | list[Bibliography]) -> dict[str, Source]:
    """Each key's first definition, keys compared case-insensitively as BibTeX compares them:
    a later `Smith2020` after `smith2020` is a duplicate and is left out."""
    sources: dict[str, Source] = {}
    seen: set[str] = set()
    for bibliography in bibliographies:
        for entry in bibliography.entries:
            if entry.key.casefold() not in seen:
                seen.add(entry.key.casefold())
                sources[entry.key] = entry
    return sources


@dataclass(frozen=True, slots=True)
class Notice:
    """A notice that updates a work: a retraction, withdrawal, expression of concern, correction.
    `kind` is Crossref's update type (`retraction`, `expression_of_concern`, ...)."""

    kind: str
    label: str  # as the source names it: "Retraction", "Expression of concern"
    source: str  # who says so: "Crossref", "Retraction Watch", "OpenAlex"
    doi: str | None = None  # the notice's own DOI
    date: str | None = None  # when it was issued, YYYY-MM-DD or YYYY


@dataclass(frozen=True, slots=True)
class RegistryRecord:
    """What a registry holds for a work, reduced to what an entry is compared with."""

    registry: str  # "Crossref", "DataCite", "OpenAlex"
    doi: str | None = None
    title: str | None = None
    subtitle: str | None = None
    first_author: str | None = None  # the family name of the first author
    first_given: str | None = None  # and the given name (registries swap them at times)
    years: tuple[int, ...] = ()  # every year the registry dates the work by (print, online)
    containers: tuple[str, ...] = ()  # the journal's names, full and short


@dataclass(frozen=True, slots=True)
class Mismatch:
    """A field in which an entry and its registry record differ."""

    field: str  # "title", "first author", "year", "journal"
    entry: str
    registered: str


class Outcome(str, enum.Enum):
    """What looking an entry up in the registries came to."""

    FOUND = "found"
    NOT_FOUND = "not-found"  # a 404 from every registry asked (a DOI), or no search result fits
    UNVERIFIED = "unverified"  # a lookup timed out, was refused or had no network


@dataclass(frozen=True, slots=True)
class Lookup:
    """One entry looked up online: by its DOI, or by its title when it has none."""

    key: str
    outcome: Outcome
    doi: str | None = None  # the entry's DOI as it was looked up; None for a title search
    record: RegistryRecord | None = None  # the registry's record (a DOI's, or the search match)
    closest: RegistryRecord | None = None  # a search that found nothing fitting: the nearest record
    mismatches: tuple[Mismatch, ...] = ()
    reason: str | None = None  # why it could not be verified, or what is known without a record
    searched: tuple[str, ...] = ()  # the registries a title search asked


@dataclass(frozen=True)
class Verification:
    """What the registries said about the entries of a check: online lookups by key, and the
    notices (from the registries and a local Retraction Watch file) by key."""

    lookups: Mapping[str, Lookup] = field(default_factory=dict)
    notices: Mapping[str, tuple[Notice, ...]] = field(default_factory=dict)
