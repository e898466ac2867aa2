"""Linear time, asserted as a ratio: the work on 16 times the input may take at most
about 16 times as long (with room for a noisy machine), never the 256 times of a
quadratic blow-up. No absolute time is asserted."""

from __future__ import annotations

import timeit
from collections.abc import Callable

SIZES = (1, 4, 16)
SLACK = 3.0  # a shared machine: 16x the input may take up to 48x the time


def _best(function: Callable[[], object]) -> float:
    return min(timeit.repeat(function, number=1, repeat=5))


def assert_linear(make: Callable[[int], str], work: Callable[[str], object], *, unit: int = 6_400) -> None:
    """`make(n)` builds a hostile input of about `n` characters; `work` reads it. The largest
    input is 16 units (about 100 KB with the default unit). A machine busy with other work can
    slow one measurement down: it is taken again, up to three times; a quadratic reader fails
    every time."""
    inputs = {size: make(size * unit) for size in SIZES}
    work(inputs[1])  # warm up: imports, compiled patterns
    ratios = []
    for _ in range(3):
        times = {size: _best(lambda text=text: work(text)) for size, text in inputs.items()}
        ratios.append(times[16] / max(times[1], 1e-6))
        if ratios[-1] <= 16 * SLACK:
            return
    raise AssertionError(f"16x the input took {min(ratios):.0f}x the time (measured three times)")
