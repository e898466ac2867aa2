"""A long fuzzing campaign over every loader of claimcite (the targets of tests/fuzz_targets.py).

    python scripts/fuzz.py                       # 100,000 inputs over all targets
    python scripts/fuzz.py --inputs 20000 --target bibtex --target latex --seed 7

Hypothesis generates the inputs, in rounds of a few hundred per target with a fresh seed each,
so that one crash does not end the campaign; each crash is shrunk to a small input and
printed once (by exception and place). Prints the inputs fed, the crashes found, and exits 1
if there were any.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, seed, settings
from tests.fuzz_targets import TARGETS, folder_for

ROUND = 500  # inputs per target and round


def _round(name: str, count: int, salt: int, fed: list[int]) -> tuple[str, str] | None:
    """Feed `count` inputs to one target; the crash (its place and the input) if one happened."""
    target = TARGETS[name]
    folder = folder_for(name)

    @seed(salt)
    @settings(max_examples=count, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(target.strategy)
    def feed(data: object) -> None:
        fed[0] += 1
        target.feed(folder, data)

    try:
        feed()
    except Exception as error:  # noqa: BLE001 - every crash is a finding of the campaign
        frames = traceback.extract_tb(error.__traceback__)
        place = next((f"{f.filename}:{f.lineno}" for f in reversed(frames) if "claimcite" in f.filename), "?")
        notes = "\n".join(getattr(error, "__notes__", []))
        return f"{type(error).__name__} at {place}", f"{error}\n{notes}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--inputs", type=int, default=100_000, help="inputs in all (default 100,000)")
    parser.add_argument("--target", action="append", choices=sorted(TARGETS), help="only these targets")
    parser.add_argument("--seed", type=int, default=None, help="the campaign's seed (default: random)")
    options = parser.parse_args()
    names = options.target or sorted(TARGETS)
    rng = random.Random(options.seed)
    fed = [0]
    crashes: dict[str, str] = {}
    started = time.perf_counter()
    while fed[0] < options.inputs:
        for name in names:
            count = min(ROUND, max(options.inputs - fed[0], 1))
            found = _round(name, count, rng.randrange(2**32), fed)
            if found is not None and found[0] not in crashes:
                crashes[found[0]] = found[1]
                print(f"CRASH in {name}: {found[0]}\n{found[1]}\n", flush=True)
            if fed[0] >= options.inputs:
                break
        print(f"{fed[0]:,} inputs, {len(crashes)} crashes, {time.perf_counter() - started:.0f}s", flush=True)
    print(f"campaign: {fed[0]:,} inputs over {len(names)} targets, {len(crashes)} crashes")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
