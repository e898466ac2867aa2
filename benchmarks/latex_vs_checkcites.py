"""A warm `claimcite check` of a LaTeX paper against checkcites on its ready `.aux`, and the same
paper checked against the wrong bibliography: issue #16 asks for <= 1.0x checkcites and a
wrong-bibliography run <= 2x the normal one.

The paper cites 2,000 entries 6,000 times (`\\cite`, `\\citep`, `\\citet` with one to three keys,
over 600 paragraphs). checkcites (TeX Live's texlua script) reads the `.aux` that pdflatex
wrote beforehand, untimed, and the `.bib`; claimcite reads the `.tex` and the `.bib` with its
cache filled, in two ways: nothing changed since the last check (its findings are kept), and
`paper.tex` just edited (read and checked again; the bibliography's parse is kept). The wrong
bibliography holds 2,000 entries under other keys, so every citation is unknown and gets a
suggestion; that comparison is made with `paper.tex` edited before each run, so that both runs
check. Fresh processes, in turns, best of five, wall and CPU time.
Without pdflatex or checkcites the comparison with checkcites is left out, saying so.

    python benchmarks/latex_vs_checkcites.py [--entries N] [--citations M]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import age, best_of, claimcite, write_project

COMMANDS = ("cite", "citep", "citet")


def write_paper(root: Path, entries: int, citations: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    paragraphs: list[str] = []
    cited = 0
    while cited < citations:
        sentences = []
        for _ in range(5):
            keys = [f"key{rng.randrange(entries)}" for _ in range(rng.choice((1, 1, 2, 3)))]
            cited += len(keys)
            command = rng.choice(COMMANDS)
            sentences.append(f"Support reaches migrants less often \\{command}{{{','.join(keys)}}}.")
        paragraphs.append(" ".join(sentences))
    body = "\n\n".join(paragraphs)
    (root / "paper.tex").write_text(
        "\\documentclass{article}\n\\usepackage{natbib}\n\\begin{document}\n"
        f"{body}\n\n\\bibliographystyle{{plainnat}}\n\\bibliography{{references}}\n\\end{{document}}\n",
        encoding="utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=2_000)
    parser.add_argument("--citations", type=int, default=6_000)
    args = parser.parse_args()
    exe = claimcite()

    def check(root: Path) -> list[str]:
        return [
            exe,
            "check",
            str(root / "paper.tex"),
            "--root",
            str(root),
            "--format",
            "json",
            "--fail-on",
            "never",
        ]

    with tempfile.TemporaryDirectory() as folder:
        right, wrong = Path(folder) / "right", Path(folder) / "wrong"
        write_project(right, args.entries, 0)
        write_paper(right, args.entries, args.citations)
        shutil.rmtree(right / "claims")
        shutil.copytree(right, wrong)
        bib = (right / "references.bib").read_text(encoding="utf-8")
        (wrong / "references.bib").write_text(bib.replace("{key", "{ref"), encoding="utf-8")
        age(right)
        age(wrong)
        for root in (right, wrong):  # the caches filled
            subprocess.run(check(root), cwd=root, stdout=subprocess.DEVNULL, check=False)

        edits = iter(range(10_000))

        def edit(index: int) -> None:
            """`paper.tex` of the run at `index` edited: its time changes (the text stays), to one
            in the past, so that what this run finds is kept for the next."""
            when = time.time() - 60 - next(edits)
            os.utime((right, wrong)[index] / "paper.tex", (when, when))

        runs = [check(right), check(wrong)]
        (normal_wall, normal_cpu), (wrong_wall, wrong_cpu) = best_of(runs, right, prepare=edit)
        print(f"entries={args.entries} citations={args.citations}")
        print(f"warm check:                       {normal_wall:.2f}s wall, {normal_cpu:.2f}s CPU")
        print(f"warm check, the wrong bibliography: {wrong_wall:.2f}s wall, {wrong_cpu:.2f}s CPU")
        print(
            f"ratio wrong/normal: {wrong_wall / normal_wall:.2f} wall, "
            f"{wrong_cpu / normal_cpu:.2f} CPU (target <= 2)"
        )
        pdflatex, checkcites = shutil.which("pdflatex"), shutil.which("checkcites")
        if not (pdflatex and checkcites):
            print("checkcites or pdflatex not installed: the comparison with checkcites is left out")
            return
        subprocess.run(
            [pdflatex, "-interaction=batchmode", "-draftmode", "paper.tex"],
            cwd=right,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        if not (right / "paper.aux").exists():
            print("pdflatex wrote no paper.aux: the comparison with checkcites is left out")
            return
        age(right)
        subprocess.run(check(right), cwd=right, stdout=subprocess.DEVNULL, check=False)  # kept again

        def edit_third(index: int) -> None:
            if index == 2:
                edit(0)

        commands = [[checkcites, "paper.aux"], check(right), check(right)]
        (aux_wall, aux_cpu), (tex_wall, tex_cpu), (edited_wall, edited_cpu) = best_of(
            commands, right, prepare=edit_third
        )
        print(f"checkcites on paper.aux:          {aux_wall:.2f}s wall, {aux_cpu:.2f}s CPU")
        print(f"warm claimcite check of paper.tex: {tex_wall:.2f}s wall, {tex_cpu:.2f}s CPU (unchanged)")
        print(f"... with paper.tex just edited:    {edited_wall:.2f}s wall, {edited_cpu:.2f}s CPU")
        print(
            f"ratio claimcite/checkcites: {tex_wall / aux_wall:.2f} wall, "
            f"{tex_cpu / aux_cpu:.2f} CPU (target <= 1.0); paper.tex edited: "
            f"{edited_wall / aux_wall:.2f} wall, {edited_cpu / aux_cpu:.2f} CPU"
        )


if __name__ == "__main__":
    main()
