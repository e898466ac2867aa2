"""The rapidfuzz call sites: closest key, closest field name, a statement in a document."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from claimcite.model import Document, Page, Sentence

# A suggestion below this similarity (0-100, rapidfuzz's normalised Indel ratio on
# case-folded text) is more likely to mislead than to help.
SUGGESTION_CUTOFF = 80.0


def closest(word: str, choices: Iterable[str], *, cutoff: float = SUGGESTION_CUTOFF) -> str | None:
    """The choice most like `word`, or None where none is close enough."""
    folded = word.casefold()
    candidates = list(choices)
    for choice in candidates:
        if choice.casefold() == folded:
            return choice
    best = process.extractOne(
        word, candidates, scorer=fuzz.ratio, processor=utils.default_process, score_cutoff=cutoff
    )
    return None if best is None else str(best[0])


CLEAR_MARGIN = 5.0  # how far ahead of the second a suggestion must be for `fix` to apply it


def closest_clear(
    word: str,
    choices: list[str],
    *,
    cutoff: float = SUGGESTION_CUTOFF,
    by_fold: Mapping[str, list[str]] | None = None,
) -> tuple[str | None, bool]:
    """The closest choice and whether it is clearly the one meant: the same but for case, or
    ahead of every other choice by CLEAR_MARGIN points. `by_fold` (choices by their case-folded
    form) saves a pass over the choices when many words are looked up."""
    folded = word.casefold()
    if by_fold is not None:
        same = list(by_fold.get(folded, ()))
    else:
        same = [choice for choice in choices if choice.casefold() == folded]
    if same:
        return same[0], len(same) == 1
    found = process.extract(
        word, choices, scorer=fuzz.ratio, processor=utils.default_process, score_cutoff=cutoff, limit=2
    )
    if not found:
        return None, False
    best = str(found[0][0])
    clear = len(found) == 1 or found[0][1] - found[1][1] >= CLEAR_MARGIN
    return best, clear


@dataclass(frozen=True, slots=True)
class Found:
    """Where a statement stands in a document: one sentence or two in a row, and how alike."""

    sentences: tuple[Sentence, ...]
    score: float


_TOKEN = re.compile(r"\w+")


def _tokens(text: str) -> set[str]:
    return {token.casefold() for token in _TOKEN.findall(text) if len(token) > 2}


MOST_CANDIDATES = 200  # sentences a statement is compared with at the most (with their pairs)


class _Sentences:
    """The sentences of one document indexed by the stems of their words (the first five letters
    of each word of three or more), so that a statement is scored only against the sentences
    that can hold half of its words: near-linear time for many claims against a long document."""

    def __init__(self, sentences: tuple[Sentence, ...]) -> None:
        self.sentences = sentences
        self.stems = [{token[:5] for token in _tokens(s.text)} for s in sentences]
        self.postings: dict[str, list[int]] = {}
        for index, stems in enumerate(self.stems):
            for stem in stems:
                self.postings.setdefault(stem, []).append(index)

    def candidates(self, wanted: set[str]) -> list[tuple[Sentence, ...]]:
        """The sentences and pairs of sentences in a row that hold at least half of the words
        `wanted` (a word counts where its stem stands), in document order: singles, then pairs.

        By pigeonhole such a candidate holds one of the rarest stems that together stand for
        more than half of the words, so only their sentences are looked at; where even those are
        very common (more than MOST_CANDIDATES sentences), the first of them are taken."""
        counts: dict[str, int] = {}
        for token in wanted:
            counts[token[:5]] = counts.get(token[:5], 0) + 1
        need = (len(wanted) + 1) // 2
        rarest = sorted(counts, key=lambda stem: (len(self.postings.get(stem, ())), stem))
        near: set[int] = set()
        covered = 0
        for stem in rarest:
            if covered > len(wanted) - need:
                break
            for index in self.postings.get(stem, ()):
                if len(near) >= MOST_CANDIDATES:
                    break
                near.update((index - 1, index, index + 1))
            covered += counts[stem]
        last = len(self.sentences) - 1
        singles = sorted(i for i in near if 0 <= i <= last)
        shared = {i: self.stems[i] & counts.keys() for i in singles}
        found: list[tuple[Sentence, ...]] = []
        for group in [(i,) for i in singles] + [(i, i + 1) for i in singles if i < last]:
            stems = shared[group[0]]
            if len(group) == 2:
                stems = stems | shared.get(group[1], self.stems[group[1]] & counts.keys())
            if sum(counts[stem] for stem in stems) >= need:
                found.append(tuple(self.sentences[i] for i in group))
        return found


_INDEXES: dict[int, tuple[tuple[Sentence, ...], _Sentences]] = {}


def _index(document: Document) -> _Sentences:
    """The index of a document's sentences, built once (the few last documents are kept)."""
    key = id(document.sentences)
    cached = _INDEXES.get(key)
    if cached is not None and cached[0] is document.sentences:
        return cached[1]
    index = _Sentences(document.sentences)
    if len(_INDEXES) >= 8:
        _INDEXES.pop(next(iter(_INDEXES)))
    _INDEXES[key] = (document.sentences, index)  # the tuple held: its id is not reused meanwhile
    return index


# what find_statement found, by statement, threshold and document: the rules that need a claim's
# sentence and the claims ledger of the report ask for it alike, and it is found once
_FOUND: dict[tuple[str, float, int], tuple[tuple[Sentence, ...], Found | None]] = {}
MOST_FOUND = 65536


def find_statement(statement: str, document: Document, *, threshold: float) -> Found | None:
    """The sentence (or pair of sentences) of `document` that says `statement`, if any.

    rapidfuzz's token-set ratio scores each candidate, robust to small edits and to word
    order; a candidate must also hold at least half of the statement's words, so that a
    short sentence whose few words all recur in a long statement does not count.
    """
    key = (statement, threshold, id(document.sentences))
    kept = _FOUND.get(key)
    if kept is not None and kept[0] is document.sentences:
        return kept[1]
    if len(_FOUND) >= MOST_FOUND:
        _FOUND.clear()
    found = _find_statement(statement, document, threshold)
    _FOUND[key] = (document.sentences, found)  # the tuple held: its id is not reused meanwhile
    return found


def _find_statement(statement: str, document: Document, threshold: float) -> Found | None:
    wanted = _tokens(statement)
    if not document.sentences or not wanted:
        return None
    candidates = _index(document).candidates(wanted)
    texts = [" ".join(s.text for s in group) for group in candidates]
    best: Found | None = None
    for _text, score, index in process.extract(
        statement,
        texts,
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
        score_cutoff=threshold,
        limit=10,
    ):
        group = candidates[index]
        if best is None or score > best.score or (score == best.score and len(group) < len(best.sentences)):
            best = Found(group, score)
    return best


# Quotes against full texts -------------------------------------------------------------

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u2212": "-", "\u00ad": None, "\ufffe": None, "\u200b": None,
    }
)  # fmt: skip
_LINE_HYPHEN = re.compile(r"(?<=\w)-[ \t]*\r?\n[ \t]*(?=\w)")
_SPACE = re.compile(r"\s+")
# an ellipsis as quotes write it: …, ..., . . ., [...], […], (...)
ELLIPSIS_FORMS = r"\[\s*(?:\.\s*){3}\]|\[\s*…\s*\]|\(\s*(?:\.\s*){3}\)|\(\s*…\s*\)|…|\.\s?\.\s?\."


def normalize(text: str) -> str:
    """Text as quotes compare: Unicode NFKC (ligatures such as `ﬁ` spelled out), curly quotes
    and dashes straight, words hyphenated at a line end joined, white space folded, case folded."""
    if not text.isascii():  # the fast path: ASCII has no ligatures, curly quotes or dashes
        text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY)
    if "-" in text:
        text = _LINE_HYPHEN.sub("", text)
    return " ".join(text.split()).casefold()


def fold(word: str) -> str:
    """One word as quotes compare it: `normalize` without the work that only running text needs."""
    if word.isascii():
        return word.casefold()
    return unicodedata.normalize("NFKC", word).translate(_TYPOGRAPHY).casefold()


@dataclass(frozen=True)
class Searchable:
    """A full text normalised once, with the offset where each page starts."""

    text: str
    starts: tuple[int, ...]
    labels: tuple[str, ...]

    @staticmethod
    def of(pages: tuple[Page, ...]) -> Searchable:
        parts: list[str] = []
        starts: list[int] = []
        offset = 0
        for page in pages:
            starts.append(offset)
            normal = page.normal if page.normal is not None else normalize(page.text)
            parts.append(normal)
            offset += len(normal) + 1
        return Searchable(" ".join(parts), tuple(starts), tuple(page.label for page in pages))

    def label_at(self, offset: int) -> str:
        return self.labels[max(bisect.bisect_right(self.starts, offset) - 1, 0)]


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    """Where a quote (or one part of it) stands: offsets in the normalised text, page, score."""

    start: int
    end: int
    page: str
    score: float
    passage: str
    last_page: str = ""  # the page where the passage ends, when it runs over a page break


ALIGN_BUDGET = 20_000_000  # len(part) x len(text): above it, the part is placed at its anchors
_ANCHOR = 16  # characters of a long part looked for exactly, to find where it may stand


def _places(part: str, text: str, start: int, end: int) -> list[int]:
    """Where in text[start:end] a long `part` may begin: where a piece of it stands exactly
    (shifted by the piece's place in the part), else where its first 64 characters align best."""
    places: set[int] = set()
    step = max(len(part) // 8, _ANCHOR)
    for offset in range(0, max(len(part) - _ANCHOR, 0) + 1, step):
        piece = part[offset : offset + _ANCHOR]
        at = text.find(piece, start, end)
        for _ in range(8):
            if at == -1:
                break
            places.add(min(max(at - offset, start), max(end - len(part), start)))
            at = text.find(piece, at + 1, end)
    if not places:
        head = fuzz.partial_ratio_alignment(part[:64], text[start:end])
        places.add(start + head.dest_start if head is not None else start)
    return sorted(places)[:64]


def find_passage(part: str, text: Searchable, *, start: int = 0, end: int | None = None) -> QuoteMatch | None:
    """The best place of `part` (normalised) in `text`[start:end]: an exact match first, else
    rapidfuzz's partial-ratio alignment (the best window of the text)."""
    end = len(text.text) if end is None else end
    exact = text.text.find(part, start, end)
    if exact != -1:
        return QuoteMatch(
            exact, exact + len(part), text.label_at(exact), 100.0, text.text[exact : exact + len(part)]
        )
    if not part or end <= start:
        return None
    if len(part) > 64 and len(part) * (end - start) > ALIGN_BUDGET:
        # rapidfuzz's alignment takes time in proportion to both lengths and more (a 3 KB quote
        # against a 540 KB text took 42 s): a long part is scored where its pieces stand
        score, first = max(
            (fuzz.ratio(part, text.text[at : at + len(part)]), at)
            for at in _places(part, text.text, start, end)
        )
        last = min(first + len(part), end)
    else:
        found = fuzz.partial_ratio_alignment(part, text.text[start:end])
        if found is None:
            return None
        score, first, last = found.score, start + found.dest_start, start + found.dest_end
    # an alignment may take in a few characters before the passage: its page is where it is mostly
    lead = min(len(part) // 4, 20)
    return QuoteMatch(
        first,
        last,
        text.label_at(min(first + lead, last)),
        score,
        text.text[first:last],
        text.label_at(max(last - 1, first)),
    )
