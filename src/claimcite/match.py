"""The rapidfuzz call sites: closest key, closest field name, a statement in a document."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import Levenshtein

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
# Above this many comparisons (unknown keys x keys within their length window), the unknown keys
# are first compared with every key at once by rapidfuzz's cdist (SIMD, the choices prepared
# once): 4 to 6 times as fast as one extract per key, worth importing numpy for.
BATCH_PAIRS = 20_000_000
_BATCH_CELLS = 16_000_000  # bytes of one block of cdist's score matrix


class KeySuggestions:
    """The closest key to each unknown key, among one list of keys (in the order given: of
    equally close keys, the first is suggested).

    Each key is folded once (rapidfuzz's default processing); each distinct unknown key is
    looked up once; a key is compared only with the keys whose length allows a ratio at the
    cutoff (at 80, the longer at most 1.5 times the shorter); and many unknown keys at once
    (`prepare`) go through one cdist per length instead of one extract each. The answers are
    those of `process.extract(word, keys, scorer=fuzz.ratio, processor=default_process,
    score_cutoff=cutoff, limit=2)`, exactly."""

    def __init__(self, choices: Iterable[str], *, cutoff: float = SUGGESTION_CUTOFF) -> None:
        self.choices = list(choices)
        self.cutoff = cutoff
        self.by_fold: dict[str, list[str]] = {}
        for choice in self.choices:
            self.by_fold.setdefault(choice.casefold(), []).append(choice)
        self.folded = [utils.default_process(choice) for choice in self.choices]
        self.lengths: dict[int, int] = {}
        for folded in self.folded:
            self.lengths[len(folded)] = self.lengths.get(len(folded), 0) + 1
        self._windows: dict[int, tuple[list[str], list[int] | None]] = {}
        self._found: dict[str, tuple[str | None, bool]] = {}

    def _bounds(self, length: int) -> tuple[int, int]:
        """The lengths of the folded keys that may reach the cutoff against a word of `length`:
        ratio <= 200 * shorter / (both lengths), with a character to spare either side."""
        if self.cutoff <= 0:
            return 0, max(self.lengths, default=0)
        factor = (200.0 - self.cutoff) / self.cutoff  # 1.5 at 80
        return max(int(length / factor) - 1, 0), int(length * factor) + 1

    def _window(self, length: int) -> tuple[list[str], list[int] | None]:
        """The folded keys within the length bounds of a word of `length`, in their order, and
        their indexes (None: all of them)."""
        window = self._windows.get(length)
        if window is None:
            low, high = self._bounds(length)
            inside = sum(count for size, count in self.lengths.items() if low <= size <= high)
            if inside * 4 >= len(self.folded) * 3:  # a window of most keys saves less than it costs
                window = (self.folded, None)
            else:
                indexes = [i for i, folded in enumerate(self.folded) if low <= len(folded) <= high]
                window = ([self.folded[i] for i in indexes], indexes)
            self._windows[length] = window
        return window

    def closest(self, word: str) -> tuple[str | None, bool]:
        """The closest key to `word` and whether it is clearly the one meant: the same but for
        case, or ahead of every other key by CLEAR_MARGIN points, or fewer edits away than each
        key within CLEAR_MARGIN points of it."""
        found = self._found.get(word)
        if found is None:
            same = self.by_fold.get(word.casefold())
            if same:
                found = (same[0], len(same) == 1)
            else:
                query = utils.default_process(word)
                folded, indexes = self._window(len(query))
                found = self._best(query, folded, indexes)
            self._found[word] = found
        return found

    def _best(
        self, query: str, folded: list[str], indexes: list[int] | None, among: list[int] | None = None
    ) -> tuple[str | None, bool]:
        """The two best of `folded` (or of its items at `among`) for `query`, as the answer."""
        choices = folded if among is None else [folded[i] for i in among]
        found = process.extract(
            query, choices, scorer=fuzz.ratio, processor=None, score_cutoff=self.cutoff, limit=None
        )
        if not found:
            return None, False
        index = found[0][2] if among is None else among[found[0][2]]
        best = self.choices[index if indexes is None else indexes[index]]
        close = [choice for choice, score, _ in found[1:] if found[0][1] - score < CLEAR_MARGIN]
        # clear: far ahead of the next, or fewer edits away than every key about as close
        # (`baker2019` is one edit from `bakker2019`, two from `bakker2019b`)
        edits = Levenshtein.distance(query, found[0][0])
        clear = not close or all(Levenshtein.distance(query, choice) > edits for choice in close)
        return best, clear

    def prepare(self, words: Iterable[str]) -> None:
        """Look up many words at once: where they are many against many keys, each length's
        words are scored against its window of keys by cdist, and only the keys that come
        within a few points of the best are then compared exactly."""
        by_length: dict[int, list[tuple[str, str]]] = {}
        for word in dict.fromkeys(words):
            if word in self._found or word.casefold() in self.by_fold:
                continue
            query = utils.default_process(word)
            by_length.setdefault(len(query), []).append((word, query))
        pairs = sum(len(group) * len(self._window(length)[0]) for length, group in by_length.items())
        if pairs < BATCH_PAIRS:
            return  # each is looked up when asked
        for length, group in by_length.items():
            folded, indexes = self._window(length)
            near = self._near([query for _, query in group], folded)
            for (word, query), among in zip(group, near, strict=True):
                self._found[word] = self._best(query, folded, indexes, among)

    def _near(self, queries: list[str], folded: list[str]) -> Iterator[list[int]]:
        """For each query, the indexes of the folded keys that may be among its two best.

        cdist's scores are rounded to whole numbers (0 below the cutoff): a key that scores M
        rounded is at most half a point away from its exact score. Keys within 7 rounded points
        of the best rounded score hold the exact best and every key within CLEAR_MARGIN of it;
        a key left out is more than CLEAR_MARGIN behind the best, as the exact extract would
        find the second to be."""
        import numpy as np

        rows = max(1, _BATCH_CELLS // max(len(folded), 1))
        for start in range(0, len(queries), rows):
            scores = process.cdist(
                queries[start : start + rows],
                folded,
                scorer=fuzz.ratio,
                score_cutoff=self.cutoff,
                dtype=np.uint8,
                workers=-1,
            )
            for row in scores:
                top = int(row.max()) if len(row) else 0
                if top == 0:
                    yield []
                else:
                    yield np.flatnonzero(row >= max(top - 7, 1)).tolist()


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
