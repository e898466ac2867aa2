"""Word manuscripts (.docx): citation fields of Zotero, Mendeley and EndNote, typed author-year
citations, sentences, the typed reference list, and `claimcite: ignore[...]` comments.

A paragraph is a line: paragraphs are numbered from 1 in reading order (the body with its
tables and text boxes, then the footnotes and the endnotes in the order the text refers to
them), and a column is the offset in the paragraph, from 1. Every location also carries the
paragraph's first words, which is how a person finds it in Word.

Each citation field is a citation of each of its items (a work, as a CSL item), where the
field shows its text; its text is not read again as typed citations. The paragraphs of a
reference manager's bibliography field are its rendering of the items: neither prose nor a
typed list; items the author typed there by hand, or right after its end, are works of the
document's list beside the fields' works. The other paragraphs are read as plain text is:
author-year citations, sentences, and a reference list under a reference-list heading (a Word
heading, or a short paragraph of its own that names one).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from claimcite.files import read_bytes
from claimcite.files.contain import Area
from claimcite.load import citefields, ooxml, refstring, typedlist
from claimcite.load.csl import source as csl_source
from claimcite.load.names import name_key, source_year
from claimcite.load.reflist import Block, heading_name
from claimcite.load.suppressions import BODY as SUPPRESSION
from claimcite.load.tex import persons
from claimcite.load.text import LineIndex
from claimcite.model import (
    Citation,
    CitationField,
    FieldItem,
    Location,
    Problem,
    ProblemKind,
    Source,
    Suppression,
    Syntax,
)

SUFFIXES = (".docx", ".docm")
_EXCERPT_WORDS = 6
_EXCERPT_CHARS = 48
_SEPARATOR = "\n\n"  # between paragraphs in the text the scanners read: a blank line


def excerpt(text: str) -> str:
    """The first words of a paragraph, as reports name it: `"Met name de eerste generatie…"`."""
    words = text.split()
    shown = " ".join(words[:_EXCERPT_WORDS])
    cut = len(words) > _EXCERPT_WORDS
    if len(shown) > _EXCERPT_CHARS:
        cut = True
        shown = shown[:_EXCERPT_CHARS]
        shown = shown[: shown.rfind(" ")] if " " in shown else shown
    return shown + ("…" if cut else "")


class ParagraphIndex(LineIndex):
    """Offsets in the paragraphs joined by blank lines, as paragraph numbers and columns."""

    __slots__ = ()

    def __init__(self, paragraphs: tuple[str, ...]) -> None:
        self._starts = []
        offset = 0
        for text in paragraphs:
            self._starts.append(offset)
            offset += len(text) + len(_SEPARATOR)
        if not self._starts:
            self._starts.append(0)

    def offset(self, paragraph: int, offset: int) -> int:
        """The offset in the joined text of `offset` in paragraph `paragraph` (0-based)."""
        return self._starts[paragraph] + offset


@dataclass
class WordRead:
    """A Word document read: what the manuscript loader builds its document from."""

    text: str  # the paragraphs joined by blank lines: what the sentence splitter reads
    masked: str  # ... with the fields' text and the bibliography fields blanked: typed citations
    index: ParagraphIndex
    excerpts: tuple[str, ...]  # the first words of each paragraph
    citations: list[Citation]  # of the fields, in order
    offsets: list[int]  # where each of those stands in `text`
    fields: list[CitationField]
    items: list[Source]  # the works the fields cite, once each: the document's own bibliography
    blocks_source: tuple[ooxml.Paragraph, ...]  # the paragraphs, to find a typed reference list
    generated: frozenset[int]  # paragraphs (0-based) of a reference manager's bibliography
    suppressions: list[Suppression]
    problems: list[Problem]
    digest: str


def read_word(path: str, shown: str, area: Area) -> WordRead:
    """The Word document at `path` (`shown` in reports); OSError propagates (Refused for a file
    outside the area or over its size cap). A file that is no readable Word document is read as
    an empty one, with a parse error saying why."""
    data = read_bytes(path, area)
    digest = hashlib.sha256(data).hexdigest()
    try:
        word = ooxml.read(data, most_bytes=area.max_bytes)
    except ooxml.Unreadable as why:
        problem = Problem(ProblemKind.PARSE, f"cannot read the Word document: {why}", Location(shown))
        return _empty(problem, digest)
    problems = [Problem(ProblemKind.PARSE, message, Location(shown)) for message in word.problems]
    return _build(word, shown, problems, digest)


def _empty(problem: Problem, digest: str) -> WordRead:
    return WordRead("", "", ParagraphIndex(()), (), [], [], [], [], (), frozenset(), [], [problem], digest)


def _build(word: ooxml.WordText, shown: str, problems: list[Problem], digest: str) -> WordRead:
    texts = tuple(p.text for p in word.paragraphs)
    index = ParagraphIndex(texts)
    excerpts = tuple(excerpt(text) for text in texts)
    text = _SEPARATOR.join(texts)
    masked = list(text)

    def blank(start: int, end: int) -> None:
        masked[start:end] = [" "] * (end - start)

    def location(place: ooxml.Place) -> Location:
        return Location(shown, place.paragraph + 1, place.offset + 1, excerpts[place.paragraph])

    generated: set[int] = set()
    citations: list[Citation] = []
    offsets: list[int] = []
    fields: list[CitationField] = []
    items: dict[str, Source] = {}
    keys: dict[str, str] = {}  # identity -> entry key
    taken: set[str] = set()
    lists: list[range] = []  # the paragraphs of each bibliography field
    for field in word.fields:
        if citefields.is_list(field.code):
            last = field.end.paragraph - (1 if field.end.offset == 0 and field.end != field.start else 0)
            lists.append(range(field.start.paragraph, max(last, field.start.paragraph) + 1))
            generated.update(lists[-1])
            continue
        found = citefields.parse(field.code, field.data)
        if found is None:
            continue
        where = location(field.start)
        if found.problem is not None:
            problems.append(
                Problem(ProblemKind.PARSE, f"{found.program} citation field: {found.problem}", where)
            )
            continue  # its text is read as typed text: what the reader sees is still checked
        start = index.offset(field.start.paragraph, field.start.offset)
        if field.end.paragraph == field.start.paragraph:
            blank(start, index.offset(field.end.paragraph, field.end.offset))
        else:
            blank(start, index.offset(field.start.paragraph, len(texts[field.start.paragraph])))
        group = len(fields) + 1
        field_items: list[FieldItem] = []
        for item in found.items:
            if item.identity not in keys:
                key = _entry_key(item, taken)
                keys[item.identity] = key
                items[key] = csl_source({**item.data, "id": key}, where)
            entry = items[keys[item.identity]]
            field_items.append(
                FieldItem(
                    entry, item.locator, item.prefix, item.suffix, item.suppress_author, item.author_only
                )
            )
            names = _names(entry)
            citations.append(
                Citation(
                    where,
                    Syntax.FIELD,
                    field.shown,
                    group=group,
                    key=item.key,
                    authors=(names[:1] if len(names) > 2 else names) or None,
                    et_al=len(names) > 2,
                    year=source_year(entry) or "n.d.",
                    locator=item.locator or None,
                    narrative=item.author_only,
                    item=entry,
                )
            )
            offsets.append(start)
        fields.append(
            CitationField(where, found.program, field.shown, found.rendered, tuple(field_items), found.kept)
        )
    hand, typed_on = _typed_by_hand(word, lists, list(items.values()), taken, location)
    generated.update(typed_on)
    for source in hand:
        items[source.key] = source
    for paragraph in generated:
        blank(index.offset(paragraph, 0), index.offset(paragraph, len(texts[paragraph])))
    suppressions = _suppressions(word.comments, location)
    return WordRead(
        text,
        "".join(masked),
        index,
        excerpts,
        citations,
        offsets,
        fields,
        list(items.values()),
        word.paragraphs,
        frozenset(generated),
        suppressions,
        problems,
        digest,
    )


def _typed_by_hand(
    word: ooxml.WordText,
    lists: list[range],
    works: list[Source],
    taken: set[str],
    location: Callable[[ooxml.Place], Location],
) -> tuple[list[Source], set[int]]:
    """The items of a reference manager's bibliography that the author typed by hand: those of
    its paragraphs that read as a reference of none of the fields' works (by first author and
    year, or by title), and the references typed in the paragraphs right after the field's end
    (up to a heading, an empty paragraph or text that reads as no reference). They stand in the
    document's reference list as the program's items do, and are cited as typed text. Returns
    them as entries, and the paragraphs after the fields that hold such references."""
    known = {(_first_key(work), source_year(work) or "") for work in works}
    titles = {_title_key(work.fields.get("title", "")) for work in works} - {""}
    paragraphs = word.paragraphs
    found: list[Source] = []
    after: set[int] = set()
    listed = {number for span in lists for number in span}
    seen: set[int] = set()
    for span in lists:
        numbers = [number for number in span if number not in seen]
        seen.update(numbers)
        following = span.stop
        # each paragraph read once: a run after one field ends at the next field or run
        while following < len(paragraphs) and following not in listed and following not in after:
            paragraph = paragraphs[following]
            if (
                not paragraph.text.strip()
                or paragraph.heading
                or paragraph.kind != paragraphs[span.start].kind
            ):
                break
            parsed = refstring.parse_reference(paragraph.text, location(ooxml.Place(following, 0)))
            if not isinstance(parsed, refstring.Reference) or not parsed.authors or not parsed.year:
                break
            after.add(following)
            numbers.append(following)
            following += 1
        for number in numbers:
            text = paragraphs[number].text
            if not text.strip():
                continue
            if _NUMBERED.match(text):
                continue  # a numbered style's item: its works are cited by number, not typed
            parsed = refstring.parse_reference(text, location(ooxml.Place(number, 0)))
            if not isinstance(parsed, refstring.Reference) or not parsed.authors or not parsed.year:
                continue  # a line of an item before it, or an item of the program's not read
            first = parsed.authors[0]
            if first.corporate and any(char.isdigit() for char in first.family):
                continue  # no name: a reference read wrong (`Federal Register 64(56):14307`)
            if (name_key(first.abbreviation or first.family), parsed.year) in known or (
                name_key(first.family),
                parsed.year,
            ) in known:
                continue  # a field's work, as the program rendered it
            if _title_key(parsed.title) in titles:
                continue
            key = typedlist.derived_key(parsed)
            unique, count = key, 1
            while unique.casefold() in taken:
                count += 1
                unique = f"{key}-{count}"
            taken.add(unique.casefold())
            found.append(typedlist.source(parsed, unique, parsed.location.path))
    return found, after


_NUMBERED = re.compile(r"\s*(?:\[\d{1,4}\]|\d{1,4}[.)]?\s)")


def _first_key(entry: Source) -> str:
    names = _names(entry)
    return name_key(names[0]) if names else ""


def _title_key(title: str) -> str:
    """A title as matching sees it: letters and digits alone, folded, its first 60."""
    return "".join(char for char in title.casefold() if char.isalnum())[:60]


def _names(entry: Source) -> tuple[str, ...]:
    """The family names of a work's authors (else editors), an organisation's name whole."""
    parsed = persons(entry)
    people = parsed.get("author") or parsed.get("editor") or ()
    return tuple(
        " ".join(p for p in (person.von, person.last) if p) for person in people if not person.is_others
    )


def _entry_key(item: citefields.CitedItem, taken: set[str]) -> str:
    """The key of an item as a bibliography entry: the citation key it carries, else one made
    as Better BibTeX makes them (`hulshof2021`), with `-2`, `-3` for a key already taken."""
    key = item.key
    if key is None:
        entry = csl_source(dict(item.data), Location(""))
        parsed = persons(entry)
        surnames = [p.last for p in parsed.get("author", parsed.get("editor", ()))]
        base = name_key(surnames[0]).replace("_", "") if surnames else "anonymous"
        key = f"{base or 'anonymous'}{source_year(entry) or 'nd'}"
    unique, number = key, 1
    while unique.casefold() in taken:
        number += 1
        unique = f"{key}-{number}"
    taken.add(unique.casefold())
    return unique


_SUPPRESSION = re.compile(SUPPRESSION)


def _suppressions(
    comments: tuple[ooxml.Comment, ...], location: Callable[[ooxml.Place], Location]
) -> list[Suppression]:
    """`claimcite: ignore[rule, ...]` written as a Word comment: it applies to the span the
    comment is anchored on."""
    found: list[Suppression] = []
    for comment in comments:
        match = _SUPPRESSION.search(comment.text)
        if match is None:
            continue
        listed = match.group("rules")
        rules = None if listed is None else tuple(r.strip() for r in listed[1:-1].split(",") if r.strip())
        found.append(Suppression(location(comment.start), rules, end=location(comment.end)))
    return found


_HEADING_WORDS = 80  # characters: a paragraph this short that names a reference list is its heading


def blocks(read: WordRead) -> list[Block]:
    """The paragraphs as blocks, for the reference-list finder: a Word heading keeps its level
    (at most 6), a short paragraph of its own that names a reference list (`Literatuur` in bold)
    is a heading too; notes and a reference manager's bibliography are never items. Where
    paragraphs are set in a bibliography style (Word's `Bibliography`, EndNote's `EndNote
    Bibliography`, as Word, the reference managers and pandoc set a list), the list ends with
    the last of them: what follows it up to the next heading (a colophon, a note) is no item.
    Paragraphs so set are the list where no reference-list heading stands above them (pandoc
    writes none where the source has none)."""
    styled = [
        number
        for number, paragraph in enumerate(read.blocks_source, 1)
        if "bibliography" in paragraph.style.casefold() and paragraph.kind not in ("footnote", "endnote")
    ]
    set_apart = set(styled)
    # pandoc's `ref-KEY` bookmarks name the items, where every item has one (pandoc writes a
    # hash for a long key, `Xa547d00...`: then the list is read as typed, its keys derived) and
    # the list is an author-year one (a numbered style's items, `1. Frank SM, ...`, are cited by
    # number: such a list is read as a typed one, and set aside when most items give no year)
    paragraphs = read.blocks_source
    keyed = bool(styled) and all(
        paragraphs[number - 1].anchor and not _NUMBERED.match(paragraphs[number - 1].text)
        for number in styled
    )
    last_styled = styled[-1] if styled else None
    found: list[Block] = []
    for number, paragraph in enumerate(read.blocks_source, 1):
        text = paragraph.text.strip()
        if not text:
            continue
        heading = min(paragraph.heading, 6)
        # a short paragraph of its own that names a list is a heading; a table's cell is not (the
        # column `Reference` of a table of studies after the list)
        table = paragraph.kind == "table"
        if not heading and not table and len(text) <= _HEADING_WORDS and heading_name(text) is not None:
            heading = 9
        note = paragraph.kind in ("footnote", "endnote") or (number - 1) in read.generated
        if last_styled is not None and number > last_styled:
            if heading:
                last_styled = None  # a section of its own
            else:
                note = True  # after the list that a bibliography style sets: no item of it
        found.append(
            Block(
                text,
                number,
                1,
                number,
                heading=heading,
                anchor=paragraph.anchor if keyed and number in set_apart else "",
                list_item=paragraph.listed,
                in_refs=number in set_apart,
                note=note,
            )
        )
    return found
