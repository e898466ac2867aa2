"""A typed list of 2,000 references, found and parsed, against pybtex parsing the same works as BibTeX.

The same works are written twice: as BibTeX entries and as an APA 7 list under a
"Literatuur" heading in a Markdown report (articles, books, chapters in edited books,
reports of institutes, web pages without a date; persons with particles and corporate
authors). Best of three each, in one process, measured in one run. Issue #13 asks for a
ratio of at most 1.0.

    python benchmarks/reflist_vs_pybtex.py [--items N]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from pybtex.database.input import bibtex

from claimcite.load.reflist import find_reference_list, text_blocks
from claimcite.load.refstring import Reference, parse_reference

PEOPLE = (
    ("Koçak", "Ko{\\c{c}}ak", "S."),
    ("Bruijn", "de Bruijn", "E. de"),
    ("Jonkman", "Jonkman", "H."),
    ("Müller", 'M{\\"u}ller', "K.-H."),
    ("Leeuwen", "van Leeuwen", "A. van"),
    ("Okafor", "Okafor", "C. N."),
    ("Hulshof", "Hulshof", "C."),
)
INSTITUTES = (("Centraal Bureau voor de Statistiek", "CBS"), ("Nederlands Jeugdinstituut", "NJi"))


def works(count: int, seed: int = 13) -> tuple[str, str]:
    """(BibTeX, Markdown report) holding the same `count` works."""
    rng = random.Random(seed)
    bib: list[str] = []
    items: list[str] = []
    for i in range(count):
        year = 1990 + i % 35
        title = f"Een studie van zaken nummer {i} in het sociaal domein"
        kind = i % 5
        if kind == 4:
            name, short = INSTITUTES[i % 2]
            bib.append(
                f"@techreport{{k{i},\n  author = {{{{{name} [{short}]}}}},\n  title = {{{title}}},\n"
                f"  institution = {{{short}}},\n  number = {{{i}}},\n  year = {{{year}}}\n}}\n"
            )
            items.append(f"{name} [{short}]. ({year}). *{title}* (Rapport {i}). {short}.")
            continue
        people = rng.sample(PEOPLE, 3)
        bib_names = " and ".join(f"{p[1]}, {p[2].split()[0]}" for p in people)
        typed = ", ".join(f"{p[0]}, {p[2]}" for p in people[:2]) + f", & {people[2][0]}, {people[2][2]}"
        if kind in {0, 1}:
            bib.append(
                f"@article{{k{i},\n  author = {{{bib_names}}},\n  title = {{{title}}},\n"
                f"  journal = {{Tijdschrift {i % 40}}},\n  volume = {{{i % 30}}},\n"
                f"  number = {{{i % 4 + 1}}},\n  pages = {{{i % 90 + 1}--{i % 90 + 20}}},\n"
                f"  doi = {{10.1000/j.{i}}},\n  year = {{{year}}}\n}}\n"
            )
            items.append(
                f"{typed} ({year}). {title}. *Tijdschrift {i % 40}*, *{i % 30}*({i % 4 + 1}), "
                f"{i % 90 + 1}–{i % 90 + 20}. https://doi.org/10.1000/j.{i}"
            )
        elif kind == 2:
            bib.append(
                f"@incollection{{k{i},\n  author = {{{bib_names}}},\n  title = {{{title}}},\n"
                f"  booktitle = {{Handboek {i}}},\n  editor = {{Jansen, P. and Vries, K. de}},\n"
                f"  pages = {{12--34}},\n  publisher = {{Boom}},\n  year = {{{year}}}\n}}\n"
            )
            items.append(
                f"{typed} ({year}). {title}. In P. Jansen & K. de Vries (Red.), "
                f"*Handboek {i}* (pp. 12–34). Boom."
            )
        else:
            bib.append(
                f"@online{{k{i},\n  author = {{{bib_names}}},\n  title = {{{title}}},\n"
                f"  url = {{https://example.org/{i}}}\n}}\n"
            )
            items.append(f"{typed} (z.d.). *{title}*. Geraadpleegd van https://example.org/{i}")
    report = "# Rapport\n\nTekst van het rapport (Koçak et al., 2020).\n\n## Literatuur\n\n"
    report += "\n\n".join(items) + "\n"
    return "\n".join(bib), report


def best(run: Callable[[], object], rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=2_000)
    args = parser.parse_args()
    bib, report = works(args.items)

    def typed_list() -> int:
        found = find_reference_list(text_blocks(report), "report.md")
        assert found is not None
        parsed = [parse_reference(item.text, item.location) for item in found.items]
        return sum(isinstance(p, Reference) for p in parsed)

    read = typed_list()
    assert read == args.items, f"only {read} of {args.items} items parsed"
    pybtex = best(lambda: bibtex.Parser().parse_string(bib))
    ours = best(typed_list)
    print(f"items={args.items}")
    print(f"pybtex parse of the BibTeX:     {pybtex:.3f}s")
    print(f"typed list found and parsed:    {ours:.3f}s")
    print(f"ratio list/pybtex: {ours / pybtex:.2f} (target <= 1.0)")


if __name__ == "__main__":
    main()
