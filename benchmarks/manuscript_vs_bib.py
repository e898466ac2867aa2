"""A 300-page manuscript (about 1 MB, 5,000 author-year citations) against 10,000 entries.

Measures, in one process and one run, loading the bibliography alone and loading it with
the manuscript (reading the manuscript, finding its citations, resolving each to an
entry), interleaved, with the cyclic garbage collector off as in the console script.
Prints the extra time as a ratio of the load time; issue #3 asks for at most 1.0.

    python benchmarks/manuscript_vs_bib.py [--entries N] [--citations M]
"""

from __future__ import annotations

import argparse
import gc
import random
import tempfile
import time
from pathlib import Path

from claimcite.config import Settings
from claimcite.model import Status
from claimcite.pipeline import load_project

SYLLABLES = (
    "van",
    "ber",
    "ko",
    "jon",
    "man",
    "hul",
    "shof",
    "bru",
    "ijn",
    "fri",
    "del",
    "ok",
    "af",
    "or",
    "ta",
    "na",
)
FILLER = (
    "Client support reaches many citizens only partly, and some groups hardly at all. "
    "The professionals in the neighbourhood teams report that language is a barrier. "
    "Waiting lists grew in most municipalities during the years that were studied. "
)


def surname(index: int) -> str:
    parts = []
    for _ in range(4):
        parts.append(SYLLABLES[index % len(SYLLABLES)])
        index //= len(SYLLABLES)
    return "".join(parts).capitalize()


def write(root: Path, entries: int, citations: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    bib = []
    works = []
    for i in range(entries):
        first, second = surname(i), surname(i + 7919)
        year = 1990 + i % 33
        count = 1 + i % 4
        names = [f"{first}, Anna", f"{second}, Bert", "Smit, Carla", "Jansen, Dirk"][:count]
        bib.append(
            f"@article{{key{i},\n  author = {{{' and '.join(names)}}},\n"
            f"  title = {{Study {i}}},\n  journal = {{Journal}},\n  year = {{{year}}}\n}}\n"
        )
        works.append((first, second, year, count))
    (root / "references.bib").write_text("\n".join(bib), encoding="utf-8")
    text: list[str] = []
    for n in range(citations):
        first, second, year, count = works[rng.randrange(entries)]
        if count == 1:
            cited = f"({first}, {year})"
        elif count == 2:
            cited = f"({first} & {second}, {year})" if n % 2 else f"{first} and {second} ({year})"
        else:
            cited = f"({first} et al., {year})" if n % 2 else f"{first} et al. ({year})"
        text.append(FILLER[: 60 + (n % 3) * 20] + f" {cited}. " + FILLER[:80])
        if n % 5 == 4:
            text.append("\n\n")
    manuscript = root / "manuscript.txt"
    manuscript.write_text("".join(text), encoding="utf-8")
    return manuscript


def best(function, rounds: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        start = time.process_time()  # CPU time: steadier than the wall clock on a shared machine
        function()
        times.append(time.process_time() - start)
    return min(times)


def compare(root: Path, manuscript: Path) -> None:
    """Load the bibliography alone and with the manuscript, interleaved; print the ratio."""
    settings = Settings(root=str(root))
    gc.disable()  # as the console script runs (claimcite.cli.main)
    bib_times, text_times = [], []
    for _ in range(4):  # interleaved, so that a slow moment of the machine hits both
        bib_times.append(best(lambda: load_project(settings, [str(root / "references.bib")]), rounds=1))
        text_times.append(best(lambda: load_project(settings, [str(manuscript)]), rounds=1))
        gc.collect()
    gc.enable()
    bib_only, with_text = min(bib_times), min(text_times)
    project = load_project(settings, [str(manuscript)])
    resolved = sum(1 for c in project.citations if c.resolution and c.resolution.status is Status.RESOLVED)
    entries = sum(len(bib.entries) for bib in project.bibliographies)
    size = manuscript.stat().st_size
    print(f"entries={entries} manuscript={size / 1e6:.2f} MB citations found={len(project.citations)}")
    print(f"resolved={resolved}")
    print(f"load bibliography:            {bib_only:.2f}s")
    print(f"load with manuscript:         {with_text:.2f}s")
    print(f"ratio extra/load:             {(with_text - bib_only) / bib_only:.2f} (target <= 1.0)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--citations", type=int, default=5_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        compare(root, write(root, args.entries, args.citations))


if __name__ == "__main__":
    main()
