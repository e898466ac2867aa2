"""Key suggestions: the same answers as one rapidfuzz extract per citation, found once per key."""

from __future__ import annotations

import random

import pytest
from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import Levenshtein

from claimcite import match
from claimcite.match import CLEAR_MARGIN, SUGGESTION_CUTOFF, KeySuggestions


def extract_per_word(word: str, choices: list[str]) -> tuple[str | None, bool]:
    """What a suggestion was before the index: the same but for case, else one extract over
    every key, each folded again."""
    same = [choice for choice in choices if choice.casefold() == word.casefold()]
    if same:
        return same[0], len(same) == 1
    options = {"scorer": fuzz.ratio, "processor": utils.default_process, "score_cutoff": SUGGESTION_CUTOFF}
    found = process.extract(word, choices, limit=None, **options)  # type: ignore[arg-type]
    if not found:
        return None, False
    # clear: no other key within CLEAR_MARGIN points, or each of those more edits away
    query = utils.default_process
    edits = Levenshtein.distance(query(word), query(found[0][0]))
    close = [choice for choice, score, _ in found[1:] if found[0][1] - score < CLEAR_MARGIN]
    return str(found[0][0]), all(Levenshtein.distance(query(word), query(c)) > edits for c in close)


def _keys(rng: random.Random, count: int) -> list[str]:
    """Keys as people write them, of many lengths, near one another: short and long surnames,
    years, title words, case, punctuation."""
    names = ["li", "wu", "smith", "hulshof", "kocak", "vanleeuwen", "okafor", "de-bruijn", "Tanaka"]
    words = ["", "a", "deep", "language", "barriers", "migration_support", "x"]
    keys = set()
    while len(keys) < count:
        key = rng.choice(names) + str(rng.choice([1999, 2019, 2020, 2021, ""])) + rng.choice(words)
        if rng.random() < 0.3:
            key = key[: rng.randrange(1, len(key) + 1)]
        keys.add(key)
    return sorted(keys)


def _misspelt(rng: random.Random, keys: list[str], count: int) -> list[str]:
    out = []
    for _ in range(count):
        key = list(rng.choice(keys))
        for _ in range(rng.randrange(0, 4)):
            place = rng.randrange(len(key) + 1)
            action = rng.randrange(3)
            if action == 0:
                key.insert(place, rng.choice("aeiou19_-"))
            elif action == 1 and key:
                del key[min(place, len(key) - 1)]
            elif key:
                key[min(place, len(key) - 1)] = rng.choice("aeiouAB0")
        out.append("".join(key))
    return [*out, "", "--", "SMITH2020", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"]


@pytest.mark.parametrize("batched", [False, True])
def test_suggestions_equal_one_extract_per_word(batched: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if batched:  # cdist first, whatever the size
        monkeypatch.setattr(match, "BATCH_PAIRS", 0)
    rng = random.Random(7)
    keys = _keys(rng, 400)
    words = _misspelt(rng, keys, 600)
    index = KeySuggestions(keys)
    index.prepare(words)
    got = [index.closest(word) for word in words]
    expected = [extract_per_word(word, keys) for word in words]
    assert got == expected
    assert any(guess is None for guess, _ in got) and any(clear for _, clear in got)
    assert any(guess is not None and not clear for guess, clear in got)


def test_of_equally_close_keys_the_first_is_suggested(monkeypatch: pytest.MonkeyPatch) -> None:
    keys = ["baker2019a", "baker2019b", "bakerx2019"]
    for batch in (10**12, 0):
        monkeypatch.setattr(match, "BATCH_PAIRS", batch)
        index = KeySuggestions(keys)
        index.prepare(["baker2019"])
        assert index.closest("baker2019") == ("baker2019a", False)


def test_a_key_far_longer_or_shorter_is_never_compared(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[int] = []
    extract = process.extract

    def counting(query: str, choices: list[str], **options: object) -> object:
        compared.append(len(choices))
        return extract(query, choices, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(match.process, "extract", counting)
    keys = ["hulshof2021", *(f"{'x' * 40}{i}" for i in range(100))]
    assert KeySuggestions(keys).closest("hulshof2012") == ("hulshof2021", True)
    assert compared == [1]  # the 100 long keys cannot reach a ratio of 80 and are left out


def test_each_distinct_unknown_key_is_looked_up_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    extract = process.extract

    def counting(query: str, choices: list[str], **options: object) -> object:
        calls.append(query)
        return extract(query, choices, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(match.process, "extract", counting)
    index = KeySuggestions(["hulshof2021", "kocak2016"])
    index.prepare(["hulsof2021"] * 50)
    answers = {index.closest("hulsof2021") for _ in range(50)}
    assert answers == {("hulshof2021", True)}
    assert len(calls) == 1
