"""Quotes against their sources, word by word.

A quote is located in the normalised full text as `match.find_passage` finds it (an exact
search, then rapidfuzz's alignment), then compared with the source's words there after the
typesetting normalisation of `match.normalize`: it is found only when every word is equal.
Quoting conventions are allowed and kept as what they are: an ellipsis (`…`, `...`, `[...]`)
stands for the source words it leaves out, a bracketed insertion (`[de cliënt]`, `[T]he`) for
the words it replaces, and `[sic]` for nothing. Running heads and feet between the pages of a
quote are skipped; a hyphen between the parts of a word matches a hyphen, a space or nothing
where the other side has one, since line ends and compounds are spelled either way.

`compare_quote` returns the whole comparison as data (`model.QuoteComparison`): the passage as
the source prints it, its pages, and each word equal, changed, added or dropped.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar, cast

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from claimcite.match import ELLIPSIS_FORMS, Searchable, find_passage, fold, normalize
from claimcite.model import FullText, QuoteComparison, QuoteWord, WordKind

_LETTER = r"[\w\u0300-\u036f]"  # a word character, combining accents included
_INNER = r"['’‘.,]"  # inside a word: don't, 3.5, 1,000
WORD = re.compile(rf"{_LETTER}+(?:{_INNER}{_LETTER}+)*")
_IN_WORD_BRACKET = r"\[[^\[\]\s]{1,20}\]"  # [T]he, cliënt[en]: an editor's change inside a word
_QUOTE_WORD = re.compile(
    rf"(?:{_IN_WORD_BRACKET})?{_LETTER}+(?:(?:{_INNER}|{_IN_WORD_BRACKET}){_LETTER}+)*(?:{_IN_WORD_BRACKET})?"
)
_MARKER = re.compile(
    rf"(?P<gap>{ELLIPSIS_FORMS})"
    r"|(?P<sic>[\[(]\s*sic!?\s*[\])])"
    rf"|(?P<insert>(?<![\w\]])\[[^\[\]]{{0,200}}\](?!{_LETTER}))",
    re.IGNORECASE,
)
_DASHES = "-\u00ad\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
# a hyphen between the parts of a word, also where a text layer put a space after it (`avail- able`)
_HYPHEN_LINK = re.compile(rf"[{_DASHES}][ \t]*(?:\r?\n[ \t]*)?|[\u00ad\u200b\ufffe]+")
# what `normalize` removes between two letters: a soft hyphen, a hyphen at a line end
_HYPHENATION = re.compile(rf"[\u00ad\u200b\ufffe]+|[{_DASHES}][ \t]*\r?\n[ \t]*")
_BRACKETS = re.compile(r"[\[\]]")
_BRACKETED = re.compile(_IN_WORD_BRACKET)
_SPACE = re.compile(r"\s+")
_WHITE = re.compile(r"\s")
_DIGITS = re.compile(r"\d+")
_CLOSING = re.compile(r"[.!?…\"'”’)\]]*")  # what closes a sentence after its last word
_SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[^\W\d_])")  # ends one, starts the next

FAR_APART = 1500  # characters: parts of one quote further apart than this are not one passage
FAR_PARTS = 12  # parts of a quote that are looked for in the whole text when not near the last
MARGIN = 8  # words of the source around the place found, in which a quote's words are aligned
EDGE_LINES = 2  # lines at the top and the bottom of a page that may be a running head or foot
CONTEXT = 40  # words of context before and after a passage at the most, cut at a sentence's end
MAX_CELLS = 250_000  # above this, words are aligned by rapidfuzz's Levenshtein opcodes


# The quote ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _QuoteToken:
    text: str  # as written
    normal: str
    alt: str | None  # with the bracketed part of a word left out: cliënt[en] -> cliënt
    linked: bool  # joined to the next word by a hyphen


@dataclass(frozen=True, slots=True)
class _Segment:
    """Words of a quote between two markers."""

    tokens: tuple[_QuoteToken, ...]
    search: str  # normalised, for find_passage


@dataclass(frozen=True, slots=True)
class _Marker:
    kind: str  # gap, insert, sic
    text: str


def _tokens(text: str) -> tuple[_QuoteToken, ...]:
    found = list(_QUOTE_WORD.finditer(text))
    tokens = []
    for index, match in enumerate(found):
        written = match.group()
        linked = index + 1 < len(found) and bool(
            _HYPHEN_LINK.fullmatch(text, match.end(), found[index + 1].start())
        )
        alt = None
        if "[" in written:
            alt = fold(_BRACKETED.sub("", written))
            written_plain = _BRACKETS.sub("", written)
        else:
            written_plain = written
        tokens.append(_QuoteToken(written, fold(written_plain), alt, linked))
    return tuple(tokens)


def parse_quote(quote: str) -> list[_Segment | _Marker]:
    """A quote as its segments of words and the markers between them (ellipses, insertions, sic)."""
    items: list[_Segment | _Marker] = []
    position = 0

    def segment(text: str) -> None:
        tokens = _tokens(text)
        if tokens:
            normal = normalize(_BRACKETS.sub("", text))
            spans = [m.span() for m in WORD.finditer(normal)]
            search = normal[spans[0][0] : spans[-1][1]] if spans else normal
            items.append(_Segment(tokens, search))

    for match in _MARKER.finditer(quote):
        segment(quote[position : match.start()])
        kind = next(name for name, value in match.groupdict().items() if value is not None)
        items.append(_Marker(kind, match.group().strip()))
        position = match.end()
    segment(quote[position:])
    return items


# The source --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, order=True)
class _Word:
    """A word of the source as printed: its page, its place there, its folded form. Words
    compare and sort by their place."""

    page: int
    start: int
    end: int = field(compare=False)
    normal: str = field(compare=False)
    linked: bool = field(compare=False)  # joined to the next word by a hyphen
    joined: bool = field(compare=False)  # ... by a hyphenation at a line end: printed as one


@dataclass(slots=True)
class _Page:
    label: str
    text: str  # NFKC, so ligatures are letters
    edges: list[tuple[int, int]]  # the first and last lines, where running heads and feet stand
    top: int  # where the page's first lines end
    bottom: int  # where its last lines start
    furniture: list[tuple[int, int]] | None = None  # those edges that are running heads and feet
    marks: list[tuple[int, int]] | None = None  # numbered citation marks: [12], [3, 5-7]


def _signature(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split()).casefold())


def _edge_lines(text: str) -> list[tuple[int, int]]:
    """The offsets of the first and last EDGE_LINES lines of a page that are not blank."""
    found: set[tuple[int, int]] = set()
    position = taken = 0
    while taken < EDGE_LINES and position < len(text):
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        if end > position and not text[position:end].isspace():
            found.add((position, end))
            taken += 1
        position = end + 1
    position, taken = len(text), 0
    while taken < EDGE_LINES and position > 0:
        start = text.rfind("\n", 0, position) + 1
        if position > start and not text[start:position].isspace():
            found.add((start, position))
            taken += 1
        position = start - 1
    return sorted(found)


_CITATION_MARK = re.compile(r"\[\d{1,4}(?:\s*[-\u2013,;]\s*\d{1,4}){0,10}\]")
_SPACED_MARK = re.compile(r"\s*" + _CITATION_MARK.pattern)
_BREAKS = frozenset(_DASHES + "\u200b\ufffe")
_NEIGHBOURS = 2  # a running head recurs on a page this near (odd and even pages may differ)
_LOOK_BACK = 400  # characters: a first guess of how far back a few words start


class _Words:
    """The words of one full text, read where they are asked for, page by page."""

    def __init__(self, fulltext: FullText) -> None:
        self.fulltext = fulltext
        self.pages: dict[int, _Page] = {}

    @property
    def count(self) -> int:
        return len(self.fulltext.pages)

    def page(self, index: int) -> _Page:
        found = self.pages.get(index)
        if found is None:
            page = self.fulltext.pages[index]
            text = page.text if page.text.isascii() else unicodedata.normalize("NFKC", page.text)
            edges = _edge_lines(text)
            top = max((b for _, b in edges[:EDGE_LINES]), default=0)
            bottom = min((a for a, _ in edges[EDGE_LINES:]), default=top)
            found = self.pages[index] = _Page(page.label, text, edges, top, bottom)
        return found

    def _furniture(self, index: int) -> list[tuple[int, int]]:
        """The edge lines of a page that stand at an edge of a page near it too (digits masked):
        running heads and feet, page numbers."""
        page = self.page(index)
        if page.furniture is None:
            near: set[str] = set()
            for other in range(max(0, index - _NEIGHBOURS), min(self.count, index + _NEIGHBOURS + 1)):
                if other != index:
                    text = self.page(other).text
                    near.update(_signature(text[a:b]) for a, b in self.page(other).edges)
            page.furniture = [(a, b) for a, b in page.edges if _signature(page.text[a:b]) in near]
        return page.furniture

    def _is_furniture(self, index: int, page: _Page, start: int) -> bool:
        """Whether the word at `start` is no part of the running text: a running head or foot,
        a page number, a numbered citation mark (`[12]`, `[3, 5-7]`)."""
        if page.marks is None:
            page.marks = [m.span() for m in _CITATION_MARK.finditer(page.text)]
        if page.marks:
            at = bisect.bisect_right(page.marks, (start, 1 << 62)) - 1
            if at >= 0 and page.marks[at][0] <= start < page.marks[at][1]:
                return True
        if page.top <= start < page.bottom:
            return False
        return any(a <= start < b for a, b in self._furniture(index))

    def _word(self, index: int, page: _Page, start: int, end: int) -> _Word:
        text = page.text
        linked = joined = False
        if end < len(text) and text[end] in _BREAKS:
            following = WORD.search(text, end)
            if following is not None:
                joined = bool(_HYPHENATION.fullmatch(text, end, following.start()))
                linked = joined or bool(_HYPHEN_LINK.fullmatch(text, end, following.start()))
        return _Word(index, start, end, fold(text[start:end]), linked, joined)

    def after(self, index: int, offset: int, count: int, stop: _Word | None = None) -> list[_Word]:
        """Up to `count` words from `offset` of page `index` on, running heads and feet left
        out; none from `stop` on."""
        out: list[_Word] = []
        while len(out) < count and index < self.count:
            page = self.page(index)
            for match in WORD.finditer(page.text, offset):
                start, end = match.span()
                if stop is not None and (index, start) >= (stop.page, stop.start):
                    return out
                if not self._is_furniture(index, page, start):
                    out.append(self._word(index, page, start, end))
                    if len(out) == count:
                        return out
            index, offset = index + 1, 0
        return out

    def before(self, index: int, offset: int, count: int, floor: _Word | None = None) -> list[_Word]:
        """Up to `count` words before `offset` of page `index`, in order, running heads and
        feet left out; none at or before `floor`."""
        out: list[_Word] = []  # nearest first
        while len(out) < count and index >= 0:
            page = self.page(index)
            offset = min(offset, len(page.text))
            spans = _spans_before(page.text, offset, count - len(out))
            for start, end in reversed(spans):
                if floor is not None and (index, start) <= (floor.page, floor.start):
                    return out[::-1]
                if not self._is_furniture(index, page, start):
                    out.append(self._word(index, page, start, end))
                    if len(out) == count:
                        return out[::-1]
            index, offset = index - 1, 1 << 62
        return out[::-1]

    def anchor(self, text: Searchable, offset: int) -> tuple[int, int]:
        """The page and the offset on it of the word at `offset` of the normalised text: found
        by the share of the page before it, then counted to the same number of words."""
        index = max(bisect.bisect_right(text.starts, offset) - 1, 0)
        page = self.page(index).text
        begin = text.starts[index]
        length = (text.starts[index + 1] - 1 if index + 1 < len(text.starts) else len(text.text)) - begin
        guess = min(len(page), round((offset - begin) * len(page) / max(length, 1)))
        wanted = len(WORD.findall(text.text, begin, offset))
        have = len(WORD.findall(page, 0, guess))
        if have < wanted:
            spans = [m.span() for m in itertools.islice(WORD.finditer(page, guess), wanted - have + 1)]
            return index, spans[-1][0] if spans else len(page)
        spans = _spans_before(page, guess, have - wanted + 1)
        return index, spans[0][0] if spans else 0


def _spans_before(text: str, offset: int, count: int) -> list[tuple[int, int]]:
    """The spans of up to `count` words that end by `offset`, nearest last (a word cut by
    `offset` counts as a word)."""
    reach = _LOOK_BACK + 16 * count
    while True:
        begin = max(0, offset - reach)
        if begin:
            space = _WHITE.search(text, begin, offset)  # start at a word's beginning
            begin = space.end() if space else offset
        spans = [m.span() for m in WORD.finditer(text, begin, offset)]
        if len(spans) >= count or begin == 0:
            return spans[-count:] if count else []
        reach *= 4


# Alignment ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Step:
    kind: WordKind
    quote: tuple[int, ...]  # indexes of the segment's tokens
    source: tuple[int, ...]  # indexes into the window


_FOOTNOTE = re.compile(r"[.,]?\d{1,3}")


def _equal(token: _QuoteToken, normal: str) -> bool:
    """Whether a word of the quote is the source's word: the same, or the same with a footnote
    mark that the text layer glued to it (`laag12`, `low.3` for `laag`, `low`)."""
    if token.normal == normal or token.alt == normal:
        return True
    quoted = token.normal
    return (
        len(normal) > len(quoted)
        and normal.startswith(quoted)
        and quoted[-1:].isalpha()
        and _FOOTNOTE.fullmatch(normal, len(quoted)) is not None
    )


# What the alignment pays: a word added to the quote; a run of source words left out (to open
# it, and for each further word: leaving out a phrase is one edit); a changed word 0.5 to 1.5,
# less for a more alike word (`referral` for `referrals`), so that a word changed is told
# apart from one added and another dropped.
ADDED_COST, DROP_OPEN, DROP_EXTEND = 1.05, 1.0, 0.3
ALIKE = 75  # rapidfuzz ratio: a word this alike is the same word, changed (`referral`, `referrals`)


def _changed_cost(quoted: str, printed: str) -> float:
    return 1.5 - fuzz.ratio(quoted, printed) / 100


def _align(tokens: Sequence[_QuoteToken], source: Sequence[str], linked: Sequence[bool]) -> list[_Step]:
    """The cheapest alignment of all of `tokens` with a stretch of `source` (the words before
    and after that stretch are free; see the costs above). Two parts of a hyphenated word match
    the word written as one. Words the quote has at either end that the source has a little
    further on are the same words, with the source's words between left out."""
    n, m = len(tokens), len(source)
    if n * m > MAX_CELLS:
        return _align_long(tokens, source)
    infinity = float("inf")
    cost = [[0.0] * (m + 1)] + [[infinity] * (m + 1) for _ in range(n)]
    dropping = [[infinity] * (m + 1) for _ in range(n + 1)]  # ending with a left-out source word
    back: list[list[tuple[int, int, WordKind] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    extends = [[False] * (m + 1) for _ in range(n + 1)]  # the left-out run goes on from j - 1
    for i in range(1, n + 1):
        token = tokens[i - 1]
        row, above, drow = cost[i], cost[i - 1], dropping[i]
        row[0] = above[0] + ADDED_COST
        back[i][0] = (i - 1, 0, WordKind.ADDED)
        for j in range(1, m + 1):
            word = source[j - 1]
            opened, extended = row[j - 1] + DROP_OPEN, drow[j - 1] + DROP_EXTEND
            drow[j] = min(opened, extended)
            extends[i][j] = extended < opened
            step: tuple[int, int, WordKind] | None
            if _equal(token, word):
                best, step = above[j - 1], (i - 1, j - 1, WordKind.EQUAL)
            else:
                best = above[j - 1] + _changed_cost(token.normal, word)
                step = (i - 1, j - 1, WordKind.CHANGED)
                # a hyphenated word's two parts, in the quote or in the source, as one word
                two = i >= 2 and tokens[i - 2].linked and tokens[i - 2].normal + token.normal == word
                if two and cost[i - 2][j - 1] < best:
                    best, step = cost[i - 2][j - 1], (i - 2, j - 1, WordKind.EQUAL)
                parts = j >= 2 and linked[j - 2] and source[j - 2] + word == token.normal
                if parts and above[j - 2] < best:
                    best, step = above[j - 2], (i - 1, j - 2, WordKind.EQUAL)
            if above[j] + ADDED_COST < best:
                best, step = above[j] + ADDED_COST, (i - 1, j, WordKind.ADDED)
            if drow[j] < best:
                best, step = drow[j], None
            row[j] = best
            back[i][j] = step
    last = cost[n]
    j = min(range(m + 1), key=lambda k: (last[k], k))
    steps: list[_Step] = []
    i, in_run = n, False
    while i > 0:
        if in_run or back[i][j] is None:
            steps.append(_Step(WordKind.DROPPED, (), (j - 1,)))
            in_run = extends[i][j]
            j -= 1
            continue
        found = back[i][j]
        assert found is not None
        pi, pj, kind = found
        steps.append(_Step(kind, tuple(range(pi, i)), tuple(range(pj, j))))
        i, j = pi, pj
    return _mend_ends(steps[::-1], tokens, source)


def _pair(token: _QuoteToken, word: str, quoted: int, printed: int) -> _Step:
    kind = WordKind.EQUAL if _equal(token, word) else WordKind.CHANGED
    return _Step(kind, (quoted,), (printed,))


def _mend_ends(steps: list[_Step], tokens: Sequence[_QuoteToken], source: Sequence[str]) -> list[_Step]:
    """Added words at the end of an alignment that the source has a few words further on (or
    at its start, a few words before) are equal words, with the source's words between dropped:
    `when needed` against `when they were needed` leaves out `they were`. Other added words at
    an end are changed words: the source goes on with others there."""
    used = [k for step in steps for k in step.source]
    if not used:
        return steps
    tail = 0
    while tail < len(steps) and steps[-1 - tail].kind is WordKind.ADDED:
        tail += 1
    if tail:
        quoted = [k for step in steps[len(steps) - tail :] for k in step.quote]
        after = max(used) + 1
        for at in range(after, min(len(source) - len(quoted), after + MARGIN) + 1):
            if all(_equal(tokens[q], source[at + k]) for k, q in enumerate(quoted)):
                steps = steps[: len(steps) - tail]
                steps += [_Step(WordKind.DROPPED, (), (k,)) for k in range(after, at)]
                steps += [_Step(WordKind.EQUAL, (q,), (at + k,)) for k, q in enumerate(quoted)]
                break
        else:  # the quote ends otherwise than the source goes on: `is high` for `is low`, or
            # `follow referrals` for `follow a referral`
            first = tokens[quoted[0]].normal
            limit = min(len(source) - len(quoted), after + MARGIN)
            alike = (at for at in range(after, limit + 1) if fuzz.ratio(first, source[at]) >= ALIKE)
            at = next(alike, after)
            if at + len(quoted) <= len(source):
                steps = steps[: len(steps) - tail]
                steps += [_Step(WordKind.DROPPED, (), (k,)) for k in range(after, at)]
                steps += [_pair(tokens[q], source[at + k], q, at + k) for k, q in enumerate(quoted)]
    head = 0
    while head < len(steps) and steps[head].kind is WordKind.ADDED:
        head += 1
    if head:
        quoted = [k for step in steps[:head] for k in step.quote]
        before = min(used)
        for at in range(before - len(quoted), max(before - len(quoted) - MARGIN, 0) - 1, -1):
            if at >= 0 and all(_equal(tokens[q], source[at + k]) for k, q in enumerate(quoted)):
                mended = [_Step(WordKind.EQUAL, (q,), (at + k,)) for k, q in enumerate(quoted)]
                mended += [_Step(WordKind.DROPPED, (), (k,)) for k in range(at + len(quoted), before)]
                steps = mended + steps[head:]
                break
        else:  # the quote starts otherwise than the source before it
            at = before - len(quoted)
            if at >= 0:
                changed = [_pair(tokens[q], source[at + k], q, at + k) for k, q in enumerate(quoted)]
                steps = changed + steps[head:]
    return steps


def _align_long(tokens: Sequence[_QuoteToken], source: Sequence[str]) -> list[_Step]:
    """`_align` for long quotes, by rapidfuzz's Levenshtein opcodes (no free ends, no hyphens)."""
    wanted = [token.normal for token in tokens]
    start = 0
    for index in range(len(source) - len(wanted) + 1):
        if source[index] == wanted[0]:
            start = index
            break
    window = list(source[start : start + len(wanted) + MARGIN])
    steps: list[_Step] = []
    for op in Levenshtein.opcodes(wanted, window):
        q = range(op.src_start, op.src_end)
        s = range(start + op.dest_start, start + op.dest_end)
        if op.tag == "equal":
            steps += [_Step(WordKind.EQUAL, (a,), (b,)) for a, b in zip(q, s, strict=True)]
        elif op.tag == "replace":
            pairs = min(len(q), len(s))
            steps += [_Step(WordKind.CHANGED, (a,), (b,)) for a, b in zip(q[:pairs], s[:pairs], strict=True)]
            steps += [_Step(WordKind.ADDED, (a,), ()) for a in q[pairs:]]
            steps += [_Step(WordKind.DROPPED, (), (b,)) for b in s[pairs:]]
        elif op.tag == "insert":
            steps += [_Step(WordKind.DROPPED, (), (b,)) for b in s]
        else:
            steps += [_Step(WordKind.ADDED, (a,), ()) for a in q]
    while steps and steps[-1].kind is WordKind.DROPPED:
        steps.pop()
    return steps


def _quick(tokens: Sequence[_QuoteToken], source: Sequence[str], expected: int) -> list[_Step] | None:
    """The alignment when the quote's words stand in the source one for one (most quotes),
    looked for from where the search found them outwards."""
    n = len(tokens)
    for shift in range(MARGIN + 1):
        for start in (expected + shift, expected - shift):
            if 0 <= start <= len(source) - n and all(
                _equal(token, source[start + k]) for k, token in enumerate(tokens)
            ):
                return [_Step(WordKind.EQUAL, (k,), (start + k,)) for k in range(n)]
    return None


@dataclass(frozen=True, slots=True)
class _Placed:
    """A segment aligned with the source: its steps, with the source's words."""

    steps: tuple[tuple[WordKind, tuple[int, ...], tuple[_Word, ...]], ...]
    end: int  # the offset in the normalised text where the search found it ending
    reordered: bool = False

    @property
    def equal(self) -> bool:
        return not any(kind.differs for kind, _, _ in self.steps)

    @property
    def first(self) -> _Word | None:
        return next((s[0] for _, _, s in self.steps if s), None)

    @property
    def last(self) -> _Word | None:
        return next((s[-1] for _, _, s in reversed(self.steps) if s), None)


SLACK = 8  # words: how far the place found by the share of a page may be off


def _place(
    segment: _Segment, words: _Words, text: Searchable, start: int, end: int | None, floor: _Word | None
) -> _Placed | None:
    """Where `segment` stands best in text[start:end], word by word; nothing at or before
    `floor` (the end of the quote's part before it)."""
    match = find_passage(segment.search, text, start=start, end=end)
    if match is None:
        return None
    page, offset = words.anchor(text, match.start)
    if floor is not None and (page, offset) <= (floor.page, floor.start):
        page, offset = floor.page, floor.end
    n = len(segment.tokens)
    before = words.before(page, offset, SLACK, floor)  # where most quotes stand, word for word
    window = before + words.after(page, offset, n + SLACK)
    steps = _quick(segment.tokens, [word.normal for word in window], len(before))
    if steps is None:  # a wider window, for the alignment
        before = words.before(page, offset, n + MARGIN + SLACK, floor)
        window = before + words.after(page, offset, n + 2 * MARGIN + SLACK)
    source = [word.normal for word in window]
    linked = [word.linked for word in window]
    reordered = False
    if steps is None:
        steps = _align(segment.tokens, source, linked)
        differs = any(s.kind.differs for s in steps)
        shuffled = _reordering(segment.tokens, source, linked) if differs else None
        if shuffled is not None:
            reordered = True
            first, last = shuffled
            part = slice(first, last)
            steps = _whole(_align(segment.tokens, source[part], linked[part]), last - first)
            steps = [_Step(s.kind, s.quote, tuple(first + k for k in s.source)) for s in steps]
    placed = tuple((s.kind, s.quote, tuple(window[k] for k in s.source)) for s in steps)
    return _Placed(placed, match.end, reordered)


def _merged(words: Sequence[str], linked: Sequence[bool]) -> tuple[list[str], list[int]]:
    """Words with the parts of each hyphenated word made one, and where each starts."""
    merged: list[str] = []
    starts: list[int] = []
    k = 0
    while k < len(words):
        starts.append(k)
        text = words[k]
        while k + 1 < len(words) and linked[k]:
            k += 1
            text += words[k]
        merged.append(text)
        k += 1
    return merged, starts


def _reordering(
    tokens: Sequence[_QuoteToken], source: Sequence[str], linked: Sequence[bool]
) -> tuple[int, int] | None:
    """Where the source has exactly the quote's words in another order, if it does."""
    wanted = Counter(_merged([t.normal for t in tokens], [t.linked for t in tokens])[0])
    merged, starts = _merged(source, linked)
    n = sum(wanted.values())
    if n < 2:
        return None
    for k in range(len(merged) - n + 1):
        if Counter(merged[k : k + n]) == wanted:
            return starts[k], starts[k + n] if k + n < len(starts) else len(source)
    return None


def _whole(steps: list[_Step], n: int) -> list[_Step]:
    """`steps` with the source words they leave free at either end as dropped: all of `n`."""
    covered = [k for step in steps for k in step.source]
    first, last = (min(covered), max(covered)) if covered else (n, n - 1)
    head = [_Step(WordKind.DROPPED, (), (k,)) for k in range(first)]
    tail = [_Step(WordKind.DROPPED, (), (k,)) for k in range(last + 1, n)]
    return head + steps + tail


# The comparison ----------------------------------------------------------------------------


class _Printer:
    """The source's words as printed, joined as the source joins them."""

    def __init__(self, words: _Words) -> None:
        self.words = words

    def word(self, word: _Word) -> str:
        return self.words.page(word.page).text[word.start : word.end]

    def gap(self, before: _Word, after: _Word) -> str:
        """What stands between two words: punctuation and one space, nothing for a hyphenated
        line end; across a page or a running head, the punctuation at either side."""
        text = self.words.page(before.page).text
        following = WORD.search(text, before.end)
        if before.page == after.page and following is not None and following.start() == after.start:
            return "" if before.joined else _SPACE.sub(" ", text[before.end : after.start])
        if before.page == after.page:  # a citation mark between, left out
            return _SPACE.sub(" ", _SPACED_MARK.sub("", text[before.end : after.start])) or " "
        close = text[before.end : following.start() if following else len(text)].strip()
        other = self.words.page(after.page).text
        previous = _spans_before(other, after.start, 1)
        opening = other[previous[0][1] if previous else 0 : after.start].strip()
        return f"{close} {opening}"


def _between(words: _Words, first: _Word, last: _Word, limit: int) -> list[_Word] | None:
    """The words after `first` and before `last`; None when there are more than `limit`."""
    found = words.after(first.page, first.end, limit + 1, stop=last)
    return None if len(found) > limit else found


_T = TypeVar("_T")


def derived(fulltext: FullText, name: str, argument: str, make: Callable[[], _T]) -> _T:
    """What `make` derives from `fulltext` (under `name`, for `argument`), made once per text:
    kept on the text itself, so that it lasts as long as the run that holds the text, however
    many texts and quotes the run has (a bounded cache would compare each quote again once the
    run has more quotes than it holds), and no longer."""
    key = (name, argument)
    if key in fulltext.memo:
        return cast(_T, fulltext.memo[key])
    value = fulltext.memo[key] = make()
    return value


def _words_of(fulltext: FullText) -> _Words:
    return derived(fulltext, "words", "", lambda: _Words(fulltext))


def searchable(fulltext: FullText) -> Searchable:
    """The normalised text of a full text, made once."""
    return derived(fulltext, "searchable", "", lambda: Searchable.of(fulltext.pages))


def compare_quote(quote: str, fulltext: FullText) -> QuoteComparison | None:
    """`quote` compared word by word with the passage of `fulltext` where it stands best; None
    when the quote has no words or the full text no text. Compared once per run: the rules
    and the claims ledger share the comparison."""
    return derived(fulltext, "quote", quote, lambda: _compare_quote(quote, fulltext))


def _compare_quote(quote: str, fulltext: FullText) -> QuoteComparison | None:
    items = parse_quote(quote)
    if not any(isinstance(item, _Segment) for item in items) or not fulltext.pages:
        return None
    words, text = _words_of(fulltext), searchable(fulltext)
    placed: list[tuple[_Segment, _Placed | None]] = []
    markers: list[list[_Marker]] = [[]]  # the markers before each segment, and after the last
    far = reordered = False
    previous: _Placed | None = None
    for item in items:
        if isinstance(item, _Marker):
            markers[-1].append(item)
            continue
        if previous is None:
            found = _place(item, words, text, 0, None, None)
        else:
            limit = min(len(text.text), previous.end + FAR_APART)
            found = _place(item, words, text, previous.end, limit, previous.last)
            if (found is None or not found.equal) and len(placed) < FAR_PARTS:
                distant = _place(item, words, text, previous.end, None, previous.last)
                if distant is not None and distant.equal:
                    found, far = distant, True
        placed.append((item, found))
        markers.append([])
        if found is not None:
            previous = found
            reordered = reordered or found.reordered
    return replace(_comparison(quote, words, placed, markers, far), reordered=reordered)


_Steps = list[tuple[WordKind, str, tuple[_Word, ...]]]  # kind, the quote's words, the source's


def _comparison(
    quote: str,
    words: _Words,
    placed: list[tuple[_Segment, _Placed | None]],
    markers: list[list[_Marker]],
    far: bool,
) -> QuoteComparison:
    steps: _Steps = []
    last: _Word | None = None
    for index, (segment, found) in enumerate(placed):
        steps.extend(_marker_steps(markers[index], words, last, found.first if found else None, far))
        if found is None:
            steps.extend((WordKind.ADDED, token.text, ()) for token in segment.tokens)
            continue
        for kind, quoted, source in found.steps:
            tokens = [segment.tokens[k] for k in quoted]
            if kind is WordKind.EQUAL and _by_bracket(tokens, source):
                kind = WordKind.REPLACED
            steps.append((kind, " ".join(token.text for token in tokens), source))
        last = found.last or last
    steps.extend(_marker_steps(markers[-1], words, last, None, far))
    return _build(quote, steps, words, far)


def _by_bracket(tokens: list[_QuoteToken], source: tuple[_Word, ...]) -> bool:
    """Whether words equal the source only with their bracketed letters left out (cliënt[en]
    for cliënt): an editor's change, where `[T]he` for `the` is none."""
    if all(token.alt is None for token in tokens):
        return False
    return "".join(token.normal for token in tokens) != "".join(word.normal for word in source)


def _marker_steps(
    markers: list[_Marker], words: _Words, last: _Word | None, first: _Word | None, far: bool
) -> _Steps:
    """Steps for the markers between two parts: [sic], and the source words that ellipses
    and insertions stand for (none at the start or the end of a quote, or between far parts)."""
    steps: _Steps = [(WordKind.SIC, marker.text, ()) for marker in markers if marker.kind == "sic"]
    shown = [m for m in markers if m.kind != "sic"]
    if shown:
        between: tuple[_Word, ...] = ()
        if last is not None and first is not None and not far:
            between = tuple(_between(words, last, first, FAR_APART) or ())
        kind = WordKind.REPLACED if any(m.kind == "insert" for m in shown) else WordKind.LEFT_OUT
        steps.append((kind, " ".join(m.text for m in shown), between))
    return steps


def _context(text: str, offset: int, *, before: bool) -> str:
    """The sentence of a page around `offset` and the one before (or after) it, as printed: at
    most CONTEXT words, cut where a sentence starts (or ends) when one does within them."""
    if before:
        spans = _spans_before(text, offset, CONTEXT)
        chunk = text[spans[0][0] : offset] if spans else ""
        starts = [m.end() for m in _SENTENCE_BREAK.finditer(chunk)]
        if len(starts) >= 2:
            chunk = chunk[starts[-2] :]
        elif starts and len(spans) == CONTEXT:  # the first sentence is cut: leave it out
            chunk = chunk[starts[0] :]
    else:
        spans = [m.span() for m in itertools.islice(WORD.finditer(text, offset), CONTEXT)]
        chunk = text[offset : _CLOSING.match(text, spans[-1][1]).end()] if spans else ""  # type: ignore[union-attr]
        ends = [m.start() + len(m.group().rstrip()) for m in _SENTENCE_BREAK.finditer(chunk)]
        if len(ends) >= 2:
            chunk = chunk[: ends[1]]
        elif ends and len(spans) == CONTEXT:  # the last sentence is cut: leave it out
            chunk = chunk[: ends[0]]
    return _SPACE.sub(" ", chunk.replace("\u00ad", "")).strip()


def _build(quote: str, steps: _Steps, words: _Words, far: bool) -> QuoteComparison:
    """The comparison, with the passage as printed and each word's place in it."""
    printer = _Printer(words)
    ordered = sorted({word for _, _, source in steps for word in source})
    parts: list[str] = []
    spans: dict[_Word, tuple[int, int]] = {}
    length = 0
    for index, word in enumerate(ordered):
        if index:
            gap = printer.gap(ordered[index - 1], word)
            if far and _between(words, ordered[index - 1], word, 0) is None:
                gap = " … "  # parts far apart
            parts.append(gap)
            length += len(gap)
        printed = printer.word(word)
        spans[word] = (length, length + len(printed))
        parts.append(printed)
        length += len(printed)
    passage = "".join(parts)
    out: list[QuoteWord] = []
    for kind, written, source in steps:
        if source:
            span = (spans[source[0]][0], spans[source[-1]][1])
            label = words.page(source[0].page).label
            quoted = written if kind is not WordKind.DROPPED else ""
            out.append(QuoteWord(kind, quoted, passage[span[0] : span[1]], label, span))
        else:
            out.append(QuoteWord(kind, written))
    if not ordered:  # a full text without words
        return QuoteComparison(quote, "", "", "", tuple(out), far=far)
    first, last = ordered[0], ordered[-1]
    return QuoteComparison(
        quote=quote,
        passage=passage,
        page=words.page(first.page).label,
        last_page=words.page(last.page).label,
        words=tuple(out),
        before=_context(words.page(first.page).text, first.start, before=True),
        after=_context(words.page(last.page).text, last.end, before=False),
        far=far,
    )
