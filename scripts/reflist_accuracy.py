"""How well claimcite parses typed reference lists, field by field, on real reference strings.

The strings were written by others and the truth for each comes from its source: pandoc's
rendered lists in the shared corpus (the worcs manuscript, the German lecture notes), whose
`ref-KEY` ids name the .bib entry each item was rendered from; and real .bib files of the
corpus rendered here with `pandoc --citeproc` and real CSL styles (APA 7 in English, Dutch
and German, APA 6, Harvard, Chicago author-date, the German psychology society's APA), so
the truth for each field is the entry it was rendered from.

    python scripts/reflist_accuracy.py [--corpus ../shared/corpus] [--csl DIR] [--pandoc PATH] [--show FIELD]

`--csl DIR` holds the .csl files (from the citation-style-language/styles repository:
apa.csl, apa-6th-edition.csl, harvard-cite-them-right.csl, elsevier-harvard.csl,
deutsche-gesellschaft-fur-psychologie.csl); without it only pandoc's built-in Chicago
author-date style is used. Inputs that are absent are skipped, saying so.

A field counts where the entry has it and the rendered string shows it: right when the
parse gives the entry's value, wrong when it gives another, missed when it gives none (or
the item was reported as unparsed).
"""

from __future__ import annotations

import argparse
import collections
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pybtex.errors

from claimcite.files.contain import Area
from claimcite.load.bibtex import load_bibtex
from claimcite.load.names import fold, name_key, source_year
from claimcite.load.reflist import find_reference_list, text_blocks
from claimcite.load.refstring import Reference, clean, parse_reference
from claimcite.load.tex import decode_latex, parse_names
from claimcite.model import Source

ROOT = Path(__file__).resolve().parent.parent
FIELDS = (
    "authors",
    "year",
    "title",
    "container",
    "volume",
    "issue",
    "pages",
    "publisher",
    "doi",
    "url",
    "type",
)
STYLES = (  # (label, csl file or None for pandoc's built-in Chicago author-date, lang)
    ("chicago-author-date", None, "en-US"),
    ("chicago-author-date (de)", None, "de-DE"),
    ("apa 7", "apa.csl", "en-US"),
    ("apa 7 (nl)", "apa.csl", "nl-NL"),
    ("apa 7 (de)", "apa.csl", "de-DE"),
    ("apa 6", "apa-6th-edition.csl", "en-US"),
    ("harvard cite them right", "harvard-cite-them-right.csl", "en-GB"),
    ("elsevier harvard", "elsevier-harvard.csl", "en-US"),
    ("dgps (de)", "deutsche-gesellschaft-fur-psychologie.csl", "de-DE"),
)
BIBS = (
    "author-year/worcs-manuscript/worcs.bib",
    "author-year/cb-vorlesung-de/cb.bib",
    "markdown-papers/ten-simple-rules-dockerfiles/bibliography.bib",
    "markdown-papers/quarto-butterscotch-bat/references.bib",
    "markdown-papers/dueckert-diplomarbeit-de/DiplomarbeitSD.bib",
    "markdown-papers/joss-fastpli/paper.bib",
    "markdown-papers/joss-NCDatasets.jl/paper.bib",
    "markdown-papers/joss-gmr/paper.bib",
    "latex-papers/lsr-navarro-apacite/refs.bib",
    "latex-papers/good-enough-practices/good-enough-practices-for-scientific-computing.bib",
    "latex-papers/scipy-1.0/references.bib",
    "latex-papers/lyttle-thesis/lyttle21.bib",
    "latex-cite-tests/biblatex-apa/biblatex-apa-test-references.bib",
)
RENDERED = (  # rendered documents in the corpus and the .bib they were rendered from
    ("author-year/worcs-manuscript/Manuscript_DS.md", "author-year/worcs-manuscript/worcs.bib"),
    ("author-year/cb-vorlesung-de/overview.rendered.md", "author-year/cb-vorlesung-de/cb.bib"),
    ("author-year/cb-vorlesung-de/ll-parser-impl.rendered.md", "author-year/cb-vorlesung-de/cb.bib"),
    ("author-year/cb-vorlesung-de/symbtab3-classes.rendered.md", "author-year/cb-vorlesung-de/cb.bib"),
)
TYPES = {
    "article": "article",
    "book": "book",
    "mvbook": "book",
    "incollection": "incollection",
    "inbook": "incollection",
    "inproceedings": "incollection",
    "techreport": "techreport",
    "report": "techreport",
    "phdthesis": "phdthesis",
    "mastersthesis": "mastersthesis",
}


Truth = dict[str, str | tuple[str, ...]]


@dataclass
class Tally:
    right: collections.Counter[str]
    wrong: collections.Counter[str]
    missed: collections.Counter[str]
    items: int = 0
    unparsed: int = 0


def _f(text: str) -> str:
    return fold(decode_latex(text))


def _truth(source: Source) -> Truth:
    fields = source.fields
    names = source.names.get("author") or source.names.get("editor") or ""
    with pybtex.errors.capture():  # `A. Tate, F. Daoud, I. Dees`: commas where `and` belongs
        persons = [p for p in parse_names(names) if not p.is_others] if names else []
    title = decode_latex(fields.get("title", ""))
    if fields.get("subtitle"):
        title += ": " + decode_latex(fields["subtitle"])
    container = fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle") or ""
    doi = decode_latex(fields.get("doi", "")).strip()
    doi = re.sub(r"^https?://(dx\.)?doi\.org/", "", doi, flags=re.IGNORECASE)
    return {
        "authors": tuple(name_key(f"{p.von} {p.last}") for p in persons),
        "year": source_year(source) or "",
        "title": title,
        "container": decode_latex(container),
        "volume": decode_latex(fields.get("volume", "")),
        "issue": decode_latex(fields.get("number", "") or fields.get("issue", "")),
        "pages": decode_latex(fields.get("pages", "")),
        "publisher": decode_latex(
            fields.get("publisher") or fields.get("institution") or fields.get("school", "")
        ),
        "doi": doi,
        "url": decode_latex(fields.get("url", "")).strip(),
        "type": TYPES.get(source.type.lower(), ""),
    }


def _tally() -> Tally:
    return Tally(collections.Counter(), collections.Counter(), collections.Counter())


def _first_page(pages: str) -> str:
    found = re.match(r"\s*([A-Za-z]?\d+)", pages)
    return found.group(1) if found else pages.strip()


def _authors_right(parsed: Reference, truth: tuple[str, ...]) -> bool:
    got = tuple(name_key(n.full_family) for n in parsed.authors)
    if not parsed.et_al:
        return got == truth
    if len(got) > len(truth):
        return False
    head_right = got[:-1] == truth[: len(got) - 1]
    return head_right and got[-1] in {truth[len(got) - 1], truth[-1]}


def _judge(
    parsed: Reference, truth: dict[str, str | tuple[str, ...]], rendered: str
) -> Iterator[tuple[str, str]]:
    """(field, verdict) for each field the entry has and the string shows."""
    shown = fold(rendered)
    for name in FIELDS:
        want = truth[name]
        if not want:
            continue
        if name == "authors":
            assert isinstance(want, tuple)
            yield name, "right" if _authors_right(parsed, want) else "wrong"
            continue
        assert isinstance(want, str)
        got = {
            "year": parsed.year,
            "title": parsed.title,
            "container": parsed.container,
            "volume": parsed.volume,
            "issue": parsed.issue,
            "pages": parsed.pages,
            "publisher": parsed.publisher,
            "doi": parsed.doi,
            "url": parsed.url,
            "type": parsed.type,
        }[name]
        if name == "pages":
            want, got = _first_page(want), _first_page(got) if got else ""
        if name == "type" and not parsed.title:
            continue  # nothing but authors and a year: no type to tell
        if name != "type" and not _shown(name, want, rendered, shown):
            continue  # the style does not show it
        if name == "url" and not got and re.search(r"doi\.org/", want) and parsed.doi:
            got = "https://doi.org/" + parsed.doi
        if not got:
            yield name, "missed"
        elif name == "url" and re.search(r"doi\.org/", want) and parsed.doi:
            yield name, "right" if want.casefold().endswith(parsed.doi.casefold()) else "wrong"
        elif name in {"doi", "url"}:
            yield name, "right" if got.casefold().rstrip("/") == want.casefold().rstrip("/") else "wrong"
        elif name == "publisher":
            a, b = fold(got), _f(want)
            yield name, "right" if a == b or (b and b in a) or (a and a in b) else "wrong"
        else:
            yield name, "right" if fold(got) == _f(want) else "wrong"


def _shown(name: str, want: str, rendered: str, folded: str) -> bool:
    """Whether the rendered string shows the entry's value: an issue as `(3)` or `no. 3` (a bare
    `1` is in many page numbers), a volume as a number of its own, the rest anywhere."""
    if name == "issue":
        value = re.escape(want.strip())
        return re.search(rf"\(\s?{value}\s?[),]|\b(?:no|nr|heft|h)\.\s?{value}\b", rendered, re.I) is not None
    if name == "volume":
        return re.search(rf"(?<![\w.]){re.escape(want.strip())}(?![\w.])", rendered) is not None
    return fold(want) in folded


def score(document: str, sources: dict[str, Source], tally: Tally, show: str | None, label: str) -> None:
    found = find_reference_list(text_blocks(document), "rendered")
    if found is None:
        return
    for item in found.items:
        if item.key is None or item.key not in sources:
            continue
        truth = _truth(sources[item.key])
        tally.items += 1
        parsed = parse_reference(item.text, item.location)
        plain = re.sub("[\x01\x02]", "", clean(item.text))
        if not isinstance(parsed, Reference):
            tally.unparsed += 1
            for name in FIELDS:
                if truth[name] and (
                    name in {"authors", "year", "type"} or fold(str(truth[name])) in fold(plain)
                ):
                    tally.missed[name] += 1
            if show == "unparsed":
                print(f"[{label}] UNPARSED {parsed.reason}: {plain}")
            continue
        for name, verdict in _judge(parsed, truth, plain):
            getattr(tally, verdict)[name] += 1
            if show == name and verdict != "right":
                got = (
                    getattr(parsed, name, None)
                    if name != "authors"
                    else [n.full_family for n in parsed.authors]
                )
                print(f"[{label}] {name} {verdict}: want {truth[name]!r} got {got!r}\n    {plain}")


def _pandoc(explicit: str | None) -> str | None:
    if explicit:
        return explicit
    try:
        import pypandoc  # type: ignore[import-not-found,unused-ignore]

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return shutil.which("pandoc")


def render(pandoc: str, bib: Path, csl: Path | None, lang: str) -> str | None:
    with tempfile.TemporaryDirectory() as folder:
        document = Path(folder) / "refs.md"
        document.write_text(f'---\nnocite: "@*"\nlang: {lang}\n---\n\n# References\n', encoding="utf-8")
        command = [pandoc, str(document), "--citeproc", "--bibliography", str(bib), "-t", "markdown"]
        if csl is not None:
            command += ["--csl", str(csl)]
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    return result.stdout if result.returncode == 0 else None


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    shared = next(
        (p / "shared" for p in ROOT.parents if (p / "shared" / "corpus").is_dir()), ROOT.parent / "shared"
    )
    parser.add_argument("--corpus", default=str(shared / "corpus"))
    parser.add_argument("--csl", default=None, help="folder with the CSL styles")
    parser.add_argument("--pandoc", default=None)
    parser.add_argument("--show", default=None, help="print the items where this field is not right")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"skipped: no corpus at {corpus}")
        return 0
    bibs: dict[str, dict[str, Source]] = {}

    def entries(relative: str) -> dict[str, Source]:
        if relative not in bibs:
            bibliography, _problems = load_bibtex(str(corpus / relative), relative, Area.of(str(corpus)))
            bibs[relative] = {e.key: e for e in bibliography.entries}
        return bibs[relative]

    tallies: dict[str, Tally] = {}

    def tally(label: str) -> Tally:
        return tallies.setdefault(
            label, Tally(collections.Counter(), collections.Counter(), collections.Counter())
        )

    for document, bib in RENDERED:
        if (corpus / document).is_file() and (corpus / bib).is_file():
            text = (corpus / document).read_text(encoding="utf-8")
            score(text, entries(bib), tally("corpus, rendered by its authors"), args.show, document)
    pandoc = _pandoc(args.pandoc)
    if pandoc is None:
        print("pandoc not found: only the rendered documents of the corpus are scored")
    else:
        csl_dir = Path(args.csl) if args.csl else None
        for label, csl_name, lang in STYLES:
            csl = None
            if csl_name is not None:
                if csl_dir is None or not (csl_dir / csl_name).is_file():
                    print(f"skipped {label}: {csl_name} not found (--csl DIR)")
                    continue
                csl = csl_dir / csl_name
            for bib in BIBS:
                if not (corpus / bib).is_file():
                    continue
                rendered = render(pandoc, corpus / bib, csl, lang)
                if rendered is None:
                    print(f"skipped {bib} in {label}: pandoc failed")
                    continue
                score(rendered, entries(bib), tally(label), args.show, f"{label} {bib}")
    total = _tally()
    print(f"\n{'source':34} {'items':>6} {'unparsed':>8}  fields right / wrong / missed")
    for label, t in tallies.items():
        right, wrong, missed = sum(t.right.values()), sum(t.wrong.values()), sum(t.missed.values())
        print(f"{label:34} {t.items:6} {t.unparsed:8}  {right} / {wrong} / {missed}")
        total.items += t.items
        total.unparsed += t.unparsed
        total.right.update(t.right)
        total.wrong.update(t.wrong)
        total.missed.update(t.missed)
    print(f"\n{'field':10} {'right':>7} {'wrong':>7} {'missed':>7} {'right %':>8}")
    for name in FIELDS:
        r, w, m = total.right[name], total.wrong[name], total.missed[name]
        share = 100 * r / (r + w + m) if r + w + m else 0.0
        print(f"{name:10} {r:7} {w:7} {m:7} {share:7.1f}%")
    print(f"\n{total.items} reference strings; {total.unparsed} reported as unparsed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
