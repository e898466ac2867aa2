"""Quotes against full texts: 50 sources of 100 pages, 500 claims with quotes (nine in ten
exact, the rest with a word changed), each compared word by word with its source. Issues #4
and #11 ask, measured in one run:

- a warm run (full texts cached) at most 3 times a run of the same claims without quotes;
- the cold extraction time per page at most 1.2 times pypdfium2's own extraction of the
  same file.

    python benchmarks/evidence.py [--sources N] [--pages P] [--claims M]
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
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from claimcite.load.fulltext import extract
from pdfmaker import make_pdf

WORDS = (
    "community health workers residents language barriers interpreters referral trust outreach "
    "municipality support client migration background professionals neighbourhood team care youth "
    "elderly waiting list contact letter official study report survey interview policy access"
).split()


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "."


def write(root: Path, sources: int, pages: int, claims: int, seed: int = 11) -> list[list[list[str]]]:
    rng = random.Random(seed)
    (root / "sources").mkdir(parents=True)
    (root / "claims").mkdir()
    texts = []
    bib = []
    for s in range(sources):
        document = [[sentence(rng) for _ in range(30)] for _ in range(pages)]
        texts.append(document)
        (root / "sources" / f"src{s}.pdf").write_bytes(make_pdf(document, first_label=1))
        bib.append(f"@misc{{src{s}, author = {{Author{s}, A.}}, title = {{Source {s}}}, year = {{2020}}}}\n")
    (root / "references.bib").write_text("".join(bib))
    with_quotes, without = ["claims:"], ["claims:"]
    for c in range(claims):
        s, p, line = rng.randrange(sources), rng.randrange(pages), rng.randrange(30)
        quote = texts[s][p][line].rstrip(".")
        if c % 10 == 9:
            words = quote.split()
            words[3] = "altered"
            quote = " ".join(words)
        head = [
            f"  - id: c{c}",
            f"    statement: {texts[s][p][line]}",
            "    sources:",
            f"      - key: src{s}",
        ]
        with_quotes += [*head, f"        locator: p. {p + 1}", f'        quote: "{quote}"']
        without += head
    (root / "claims" / "q.yaml").write_text("\n".join(with_quotes) + "\n")
    return texts


def best(function: Callable[[], object], rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sources", type=int, default=50)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--claims", type=int, default=500)
    args = parser.parse_args()
    exe = shutil.which("claimcite", path=os.path.dirname(sys.executable)) or "claimcite"
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write(root, args.sources, args.pages, args.claims)
        check = [exe, "check", "--format", "json", "--fail-on", "never"]
        cold = timed(check, root)  # fills the cache
        warm = min(timed(check, root) for _ in range(2))
        quoted = (root / "claims" / "q.yaml").read_text()
        plain = "\n".join(
            line for line in quoted.splitlines() if not line.strip().startswith(("quote:", "locator:"))
        )
        (root / "claims" / "q.yaml").write_text(plain + "\n")
        no_quotes = min(timed(check, root) for _ in range(2))
        pdf = str(root / "sources" / "src0.pdf")

        def library_alone() -> None:
            document = pdfium.PdfDocument(pdf)
            for index in range(len(document)):
                document[index].get_textpage().get_text_range()
            document.close()

        library = best(library_alone)
        ours = best(lambda: extract(pdf))  # what a cold run does per file before caching it
    print(f"sources={args.sources} pages={args.pages} claims={args.claims}")
    print(f"cold run (extracting):   {cold:.2f}s")
    print(f"warm run (cache filled): {warm:.2f}s")
    print(f"same claims, no quotes:  {no_quotes:.2f}s")
    print(f"ratio warm/no-quotes:    {warm / no_quotes:.2f} (target <= 3)")
    per_page = f"claimcite {ours / args.pages * 1000:.2f} ms, pypdfium2 {library / args.pages * 1000:.2f} ms"
    print(f"extraction per page: {per_page}")
    print(f"ratio extraction:        {ours / library:.2f} (target <= 1.2)")


if __name__ == "__main__":
    main()
