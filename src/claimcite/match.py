"""The rapidfuzz call sites: closest key, closest field name."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process, utils

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
