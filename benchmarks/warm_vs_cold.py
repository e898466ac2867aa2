"""A warm `claimcite check` (cache filled, nothing changed) against a cold one, and the parse
cache against parsing: issue #16 asks for warm <= 0.3x cold and a cache >= 10x faster.

10,000 entries and 5,000 claims (the project of `check_vs_pybtex.py`). The cold run starts
from an empty `.claimcite-cache/` each time (it parses and fills the cache), the warm run
finds it filled; fresh processes, in turns, best of five, wall and CPU time. Then, in this
process, loading the bibliography from its cache against parsing it, best of five each.

    python benchmarks/warm_vs_cold.py [--entries N] [--claims M]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import best_of, claimcite, sizes, write_project

from claimcite.files.contain import Area
from claimcite.load.bibtex import load_bibtex
from claimcite.load.parsecache import ParseCache


def best_cpu(call: Callable[[], object], rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        start = time.process_time()
        call()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    args = sizes(__doc__)
    exe = claimcite()
    check = [exe, "check", "--format", "json", "--fail-on", "never"]
    with tempfile.TemporaryDirectory() as folder:
        root = write_project(Path(folder), args.entries, args.claims)
        cache = root / ".claimcite-cache"

        def prepare(index: int) -> None:
            if index == 0:  # the cold run: nothing cached
                shutil.rmtree(cache, ignore_errors=True)

        (cold_wall, cold_cpu), (warm_wall, warm_cpu) = best_of([check, check], root, prepare=prepare)

        bib, area = str(root / "references.bib"), Area.of(str(root))
        parse = best_cpu(lambda: load_bibtex(bib, "references.bib", area))
        parse_cache = ParseCache(str(cache), area)
        load_bibtex(bib, "references.bib", area, cache=parse_cache)  # filled
        cached = best_cpu(lambda: load_bibtex(bib, "references.bib", area, cache=parse_cache))
    print(f"entries={args.entries} claims={args.claims}")
    print(f"cold check: {cold_wall:.2f}s wall, {cold_cpu:.2f}s CPU")
    print(f"warm check: {warm_wall:.2f}s wall, {warm_cpu:.2f}s CPU")
    print(f"ratio warm/cold: {warm_wall / cold_wall:.2f} wall, {warm_cpu / cold_cpu:.2f} CPU (target <= 0.3)")
    print(f"bibliography parsed: {parse:.3f}s CPU; from the parse cache: {cached:.3f}s CPU")
    print(f"ratio parse/cache: {parse / cached:.1f} (target >= 10)")


if __name__ == "__main__":
    main()
