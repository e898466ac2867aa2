"""100,000 entries and 4,000 unknown citations: a cold `claimcite check` against pybtex's bare
parse of the same file (issue #16 asks for <= 1.5x; it was 5.3x), and the warm check.

The bibliography is that of `check_vs_pybtex.py`, ten times over; 8,000 claims cite one key
each, every other one misspelt in a way of its own (a letter dropped, doubled or swapped, a
digit changed), so that 4,000 distinct unknown keys each get a suggestion. Fresh processes, in
turns, best of three, wall and CPU time.

    python benchmarks/growth.py [--entries N] [--unknown M]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import best_of, claimcite, write_project

PYBTEX = "from pybtex.database.input import bibtex; bibtex.Parser().parse_file('references.bib')"


def misspelt(key: str, rng: random.Random) -> str:
    at = rng.randrange(1, len(key))
    how = rng.choice(("drop", "double", "swap", "digit"))
    if how == "drop":
        return key[:at] + key[at + 1 :]
    if how == "double":
        return key[:at] + key[at] + key[at:]
    if how == "swap" and at + 1 < len(key):
        return key[:at] + key[at + 1] + key[at] + key[at + 2 :]
    return key + str(rng.randrange(10))


def write_claims(root: Path, entries: int, unknown: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    out = ["claims:"]
    seen: set[str] = set()
    known = {f"key{i}" for i in range(entries)}
    while len(seen) < unknown:
        key = misspelt(f"key{rng.randrange(entries)}", rng)
        if key in known or key in seen:
            continue
        seen.add(key)
        for cited in (key, f"key{rng.randrange(entries)}"):
            out += [
                f"  - id: c{len(out)}",
                "    statement: Support reaches migrants less often.",
                f"    sources: [{cited}]",
            ]
    (root / "claims" / "claims.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--unknown", type=int, default=4_000)
    args = parser.parse_args()
    exe = claimcite()
    check = [exe, "check", "--format", "json", "--fail-on", "never"]
    with tempfile.TemporaryDirectory() as folder:
        root = write_project(Path(folder), args.entries, 0)
        write_claims(root, args.entries, args.unknown)
        cache = root / ".claimcite-cache"

        def prepare(index: int) -> None:
            if index == 1:  # the cold check: nothing cached
                shutil.rmtree(cache, ignore_errors=True)

        (pybtex_wall, pybtex_cpu), (cold_wall, cold_cpu), (warm_wall, warm_cpu) = best_of(
            [[sys.executable, "-c", PYBTEX], check, check], root, rounds=3, prepare=prepare
        )
    print(f"entries={args.entries} unknown citations={args.unknown}")
    print(f"pybtex parse alone: {pybtex_wall:.2f}s wall, {pybtex_cpu:.2f}s CPU")
    print(f"cold check:         {cold_wall:.2f}s wall, {cold_cpu:.2f}s CPU")
    print(f"warm check:         {warm_wall:.2f}s wall, {warm_cpu:.2f}s CPU")
    print(
        f"ratio cold check/pybtex: {cold_wall / pybtex_wall:.2f} wall, {cold_cpu / pybtex_cpu:.2f} CPU"
        " (target <= 1.5)"
    )
    print(f"ratio warm check/pybtex: {warm_wall / pybtex_wall:.2f} wall, {warm_cpu / pybtex_cpu:.2f} CPU")


if __name__ == "__main__":
    main()
