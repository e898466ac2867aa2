"""duplicate-entry on 50,000 entries, against loading them: issue #6 asks for at most 1.0.

One process, one run: the time to load the bibliography (pybtex through claimcite's loader),
then the time of the duplicate-entry rule on it (DOIs grouped, titles compared within one
year and first author). Prints both and their ratio.

    python benchmarks/duplicates_vs_load.py [--entries N]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from claimcite.files.contain import Area
from claimcite.load.bibtex import load_bibtex
from claimcite.model import Project
from claimcite.options import Options
from claimcite.rules import BY_NAME

WORDS = "social care reach trust language barrier migration support client team health work study".split()


def write(path: Path, entries: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    lines = []
    for i in range(entries):
        title = " ".join(rng.choice(WORDS) for _ in range(6)) + f" {i}"
        author = f"Author{i % 5000}, Anna and Other{i % 97}, Bert"
        year = 1990 + i % 35
        doi = f"  doi = {{10.5555/x.{i}}},\n" if i % 3 == 0 else ""
        lines.append(
            f"@article{{key{i},\n  author = {{{author}}},\n  title = {{{title}}},\n"
            f"  journal = {{Journal}},\n  year = {{{year}}},\n{doi}}}\n"
        )
        if i % 1000 == 0:  # a duplicate now and then
            lines.append(
                f"@article{{key{i}dup,\n  author = {{{author}}},\n  title = {{{title.upper()}.}},\n"
                f"  journal = {{J.}},\n  year = {{{year}}}\n}}\n"
            )
    path.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.bib"
        write(path, args.entries)
        start = time.process_time()
        bibliography, _ = load_bibtex(str(path), "big.bib", Area.of(str(path.parent)))
        load = time.process_time() - start
    project = Project.build(root=".", bibliographies=(bibliography,), claims=(), problems=(), files=())
    start = time.process_time()
    found = list(BY_NAME["duplicate-entry"](project, Options()))
    rule = time.process_time() - start
    print(f"entries={len(bibliography.entries)} duplicates found={len(found)}")
    print(f"load:            {load:.2f}s")
    print(f"duplicate-entry: {rule:.2f}s")
    print(f"ratio rule/load: {rule / load:.2f} (target <= 1.0)")


if __name__ == "__main__":
    main()
