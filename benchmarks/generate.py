"""Generate a synthetic project: N bibliography entries and M claims citing them."""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

TYPES = ("article", "book", "inproceedings", "techreport", "misc")
NAMES = ("Ko{\\c{c}}ak", "de Bruijn", "Jonkman", 'M{\\"u}ller', "van Leeuwen", "Okafor", "Tanaka", "Hulshof")


def sizes(description: str | None) -> argparse.Namespace:
    """`--entries N --claims M` from the command line (10,000 and 5,000 unless given)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--claims", type=int, default=5_000)
    return parser.parse_args()


def claimcite() -> str:
    """The claimcite beside this Python, else the one on PATH."""
    return shutil.which("claimcite", path=str(Path(sys.executable).parent)) or "claimcite"


def best_of(
    commands: list[list[str]],
    cwd: Path,
    rounds: int = 5,
    prepare: Callable[[int], None] | None = None,
) -> list[tuple[float, float]]:
    """The best wall time and the best CPU time (user and system) of each command, run in turns:
    a load that comes and goes on a shared machine falls on both alike, and CPU time is what the
    command itself costs, whatever else the machine does. `prepare(index)` runs before each run
    of the command at `index`, untimed (to empty a cache, say)."""
    walls: list[list[float]] = [[] for _ in commands]
    cpus: list[list[float]] = [[] for _ in commands]
    for _ in range(rounds):
        for index, command in enumerate(commands):
            if prepare is not None:
                prepare(index)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(
                command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
            )
            walls[index].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[index].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return [(min(wall), min(cpu)) for wall, cpu in zip(walls, cpus, strict=True)]


def write_project(root: Path, entries: int, claims: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "claims").mkdir(exist_ok=True)
    bib: list[str] = []
    for i in range(entries):
        kind = TYPES[i % len(TYPES)]
        first, second = rng.sample(NAMES, 2)
        lines = [
            f"@{kind}{{key{i},",
            f"  author = {{{first}, A. and {second}, B. and Smith, C.}},",
            f"  title = {{A study of {{Things}} number {i} in the social domain}},",
        ]
        extra = {
            "article": f"  journal = {{Journal {i % 50}}},\n  volume = {{{i % 30}}},\n  pages = {{1--20}},",
            "book": "  publisher = {Boom},",
            "inproceedings": "  booktitle = {Proceedings of the Conference},",
            "techreport": "  institution = {RIVM},",
            "misc": "  note = {Online},",
        }[kind]
        lines += [extra, f"  year = {{{1990 + i % 30}}}", "}", ""]
        bib.extend(lines)
    (root / "references.bib").write_text("\n".join(bib), encoding="utf-8")
    out = ["claims:"]
    for i in range(claims):
        out.append(f"  - id: claim-{i}")
        out.append(
            f"    statement: Client support reaches people with a migration background less often ({i})."
        )
        if i % 50 == 0:
            out.append("    unsourced: literature gap")
            continue
        out.append("    sources:")
        out.append(f"      - key{rng.randrange(entries)}")
        if i % 100 == 1:
            out.append(f"      - kye{rng.randrange(entries)}")  # a misspelt key now and then
        else:
            out.append(f"      - key: key{rng.randrange(entries)}")
            out.append("        locator: pp. 12-14")
    (root / "claims" / "claims.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")
    age(root)
    return root


def age(root: Path) -> None:
    """Every file under `root` last modified a minute ago, as a project's files are between two
    checks (a file modified in the last two seconds is read again next time: resultcache)."""
    past = time.time() - 60
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))
