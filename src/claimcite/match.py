"""The rapidfuzz call sites: closest key, closest field name, a statement in a document."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from claimcite.model import Document, Sentence

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
    word: str, choices: list[str], *, cutoff: float = SUGGESTION_CUTOFF
) -> tuple[str | None, bool]:
    """The closest choice and whether it is clearly the one meant: the same but for case, or
    ahead of every other choice by CLEAR_MARGIN points."""
    folded = word.casefold()
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


def _covered(statement: set[str], candidate: set[str]) -> float:
    """The share of the statement's words that stand in the candidate (a shared stem of five
    letters counts: `reaches` and `reach`, `bereikt` and `bereiken`)."""
    if not statement:
        return 0.0
    stems = {token[:5] for token in candidate}
    hits = sum(1 for token in statement if token in candidate or token[:5] in stems)
    return hits / len(statement)


def find_statement(statement: str, document: Document, *, threshold: float) -> Found | None:
    """The sentence (or pair of sentences) of `document` that says `statement`, if any.

    rapidfuzz's token-set ratio scores each candidate, robust to small edits and to word
    order; a candidate must also hold at least half of the statement's words, so that a
    short sentence whose few words all recur in a long statement does not count.
    """
    sentences = document.sentences
    if not sentences:
        return None
    candidates: list[tuple[Sentence, ...]] = [(s,) for s in sentences]
    candidates += list(itertools.pairwise(sentences))
    texts = [" ".join(s.text for s in group) for group in candidates]
    wanted = _tokens(statement)
    best: Found | None = None
    for text, score, index in process.extract(
        statement,
        texts,
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
        score_cutoff=threshold,
        limit=10,
    ):
        if _covered(wanted, _tokens(text)) < 0.5:
            continue
        group = candidates[index]
        if best is None or score > best.score or (score == best.score and len(group) < len(best.sentences)):
            best = Found(group, score)
    return best
