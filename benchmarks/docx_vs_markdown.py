"""Reading a 300-page Word document with 3,000 Zotero citation fields against reading the same
text as Markdown with 3,000 Pandoc citations.

The document is made with python-docx (as the tests make theirs): 3,000 paragraphs of some
300 characters (900,000 characters in all, 300 pages of a report), each with one Zotero field
citing one or two of 600 works, a table and footnotes now and then. The Markdown file holds the
same paragraphs with `[@key]` where the fields stand. Each is read as a manuscript that a claim
file names (citations, sentences, its reference list looked for), interleaved, in one process,
with the cyclic garbage collector off as in the console script. Prints the ratio; issue #12 asks
for at most 2.

    python benchmarks/docx_vs_markdown.py [--paragraphs N]
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/docxmaker.py

from tests.docxmaker import Maker, csl_item, field, zotero

from claimcite.files.contain import Area
from claimcite.load.documents import ShownPath
from claimcite.load.formats import load_document

SENTENCES = (
    "Cliëntondersteuning bereikt veel burgers niet, en sommige groepen nauwelijks. ",
    "De professionals in de wijkteams noemen de taal een drempel voor hulp. ",
    "In de meeste gemeenten groeiden de wachtlijsten in de jaren die zijn onderzocht. ",
    "Met name de eerste generatie migranten ervaart een hoge drempel bij ondersteuning. ",
)
WORKS = 600


def _paragraph(number: int) -> tuple[str, str]:
    """The text before and after the citation of paragraph `number`."""
    body = "".join(SENTENCES[(number + i) % len(SENTENCES)] for i in range(4))
    return body[:160], body[160:300] + "."


def write(root: Path, paragraphs: int) -> tuple[Path, Path]:
    items = [
        {
            **csl_item([f"Auteur{i}", f"Tweede{i}"], str(1990 + i % 33), f"Studie nummer {i}"),
            "citation-key": f"w{i}",
        }
        for i in range(WORKS)
    ]
    maker = Maker()
    markdown: list[str] = []
    for number in range(paragraphs):
        before, after = _paragraph(number)
        cited = [items[number % WORKS]] + ([items[(number * 7 + 3) % WORKS]] if number % 3 == 0 else [])
        names = "; ".join(
            f"{item['author'][0]['family']} & {item['author'][1]['family']}, "
            f"{item['issued']['date-parts'][0][0]}"
            for item in cited
        )
        shown = f"({names})"
        if number % 100 == 50:
            maker.heading(f"Hoofdstuk {number // 100 + 1}", 1)
            markdown.append(f"# Hoofdstuk {number // 100 + 1}\n\n")
        note = maker.note("footnote", "Zie de bijlage.") if number % 40 == 0 else ""
        maker.paragraph(before + " ", field(zotero(cited, shown), shown), after, note)
        keys = "; ".join(f"@{item['citation-key']}" for item in cited)
        markdown.append(f"{before} [{keys}]{after}" + ("[^n{number}]" if note else "") + "\n\n")
        if note:
            markdown.append(f"[^n{number}]: Zie de bijlage.\n\n")
        if number % 150 == 75:
            maker.table([["Groep", "Bereik"], ["Jongeren", "laag"]])
            markdown.append("| Groep | Bereik |\n|---|---|\n| Jongeren | laag |\n\n")
    docx, md = root / "rapport.docx", root / "rapport.md"
    maker.save(str(docx))
    md.write_text("".join(markdown), encoding="utf-8")
    return docx, md


def best(function: Callable[[], object]) -> float:
    start = time.process_time()  # CPU time: steadier than the wall clock on a shared machine
    function()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--paragraphs", type=int, default=3_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        docx, md = write(root, args.paragraphs)
        shown = ShownPath(str(root))
        area = Area.of(str(root))

        def read(path: Path) -> Callable[[], object]:
            return lambda: load_document(str(path), shown, area, with_sentences=True)

        word_doc = read(docx)()
        markdown_doc = read(md)()
        gc.disable()  # as the console script runs (claimcite.cli.main)
        word_times, markdown_times = [], []
        for _ in range(4):  # interleaved, so that a slow moment of the machine hits both
            word_times.append(best(read(docx)))
            markdown_times.append(best(read(md)))
            gc.collect()
        gc.enable()
        word, markdown = min(word_times), min(markdown_times)
        print(
            f"docx={os.path.getsize(docx) / 1e6:.2f} MB markdown={os.path.getsize(md) / 1e6:.2f} MB "
            f"paragraphs={args.paragraphs}"
        )
        print(
            f"citations: docx {len(word_doc.citations)} ({len(word_doc.fields)} fields), "  # type: ignore[attr-defined]
            f"markdown {len(markdown_doc.citations)}"  # type: ignore[attr-defined]
        )
        print(f"read markdown:         {markdown:.2f}s")
        print(f"read docx:             {word:.2f}s")
        print(f"ratio docx/markdown:   {word / markdown:.2f} (target <= 2.0)")


if __name__ == "__main__":
    main()
