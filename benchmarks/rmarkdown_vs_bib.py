"""A 1 MB R Markdown manuscript with 200 chunks against a bibliography of 10,000 entries.

Reading the manuscript as knitr hands it to pandoc (chunks, captions, text blocks), finding
its citations and resolving each to an entry, against loading the bibliography alone: both
in one process, interleaved, with the cyclic garbage collector off as in the console
script. Prints the extra time as a ratio of the load time; issue #9 asks for at most 1.0.

    python benchmarks/rmarkdown_vs_bib.py [--entries N] [--chunks M] [--size BYTES]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from manuscript_vs_bib import FILLER, compare
from manuscript_vs_bib import write as write_bibliography

CHUNK = """```{{r fig-{n}, echo=FALSE}}
#| fig-cap: "Rates by region, after @key{a} [@key{b}, p. 4]."
#| fig-width: 6
# a comment that mentions @notakey

library(ggplot2)
data <- read.csv("data/{n}.csv")

{code}
ggplot(data, aes(x, y)) + geom_point()
```
"""
CODE = "".join(f"model_{i} <- lm(y ~ x + z{i}, data = data)  # fit @{i}\n" for i in range(20))
BLOCK = """```{{definition, name="Reach"}}
Reach is the share of people who use a service [@key{a}].
```
"""


def write(root: Path, entries: int, chunks: int, size: int, seed: int = 11) -> Path:
    write_bibliography(root, entries, 0)
    rng = random.Random(seed)
    parts = ["---\ntitle: A report\nbibliography: references.bib\n---\n\n"]
    length = 0
    n = 0
    per_chunk = size // (chunks + 1)
    while n < chunks or length < size:
        paragraph = []
        while sum(map(len, paragraph)) < per_chunk - len(CHUNK) - len(CODE) - 40:
            a, b = rng.randrange(entries), rng.randrange(entries)
            paragraph.append(FILLER + f" [@key{a}; @key{b}]. ")
            paragraph.append(f"As @key{a} notes, `r nrow(data)` cases were seen. " + FILLER + "\n")
        text = "".join(paragraph) + "\n\n"
        if n < chunks:
            template = BLOCK if n % 10 == 9 else CHUNK
            a, b = rng.randrange(entries), rng.randrange(entries)
            text += template.format(n=n, a=a, b=b, code=CODE) + "\n"
        parts.append(text)
        length += len(text)
        n += 1
    manuscript = root / "manuscript.Rmd"
    manuscript.write_text("".join(parts), encoding="utf-8")
    return manuscript


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--chunks", type=int, default=200)
    parser.add_argument("--size", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        manuscript = write(root, args.entries, args.chunks, args.size)
        print(f"chunks={manuscript.read_text(encoding='utf-8').count('```{')}")
        compare(root, manuscript)


if __name__ == "__main__":
    main()
