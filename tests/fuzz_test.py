"""Every loader fuzzed with its format's own tokens: derandomised (the same examples in every run)
and a few hundred examples in all, so that CI stays quick; `python scripts/fuzz.py` runs long
campaigns of the same targets."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings

from .fuzz_targets import TARGETS, folder_for

EXAMPLES = {"whole-check": 40}  # the others: 30 each


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_fuzz(name: str) -> None:
    target = TARGETS[name]
    folder = folder_for(name)

    @settings(
        max_examples=EXAMPLES.get(name, 30),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(target.strategy)
    def feed(data: object) -> None:
        target.feed(folder, data)

    try:
        feed()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
