"""Cold `claimcite check` on 10,000 entries and 5,000 claims, against pybtex parsing the same file.

Both run as fresh processes (interpreter start and imports included), best of
three each, measured in one run. Prints the ratio; issue #2 asks for at most 1.5.

    python benchmarks/check_vs_pybtex.py [--entries N] [--claims M]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import claimcite, sizes, write_project

PYBTEX = "from pybtex.database.input import bibtex; bibtex.Parser().parse_file('references.bib')"


def best_of(command: list[str], cwd: Path, rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    args = sizes(__doc__)
    exe = claimcite()
    with tempfile.TemporaryDirectory() as folder:
        root = write_project(Path(folder), args.entries, args.claims)
        pybtex = best_of([sys.executable, "-c", PYBTEX], root)
        check = best_of([exe, "check", "--format", "json", "--no-cache", "--fail-on", "never"], root)
    print(f"entries={args.entries} claims={args.claims}")
    print(f"pybtex parse alone: {pybtex:.2f}s")
    print(f"claimcite check:    {check:.2f}s")
    print(f"ratio check/pybtex: {check / pybtex:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
