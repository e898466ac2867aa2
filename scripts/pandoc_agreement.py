"""Do claimcite's Markdown citations agree with pandoc's? Per file, as multisets of keys.

Inputs: the Markdown-reader tests of pandoc (../shared/corpus/pandoc-citations: the
input between a `% pandoc ...` line and `^D`, where the reader is Markdown) and the
Markdown files of ../shared/corpus/markdown-papers. Each input is read by
`pandoc -f markdown -t json`, whose Cite elements (body and metadata) give the keys,
cross-references of Quarto and pandoc-crossref left aside; and by claimcite, through
the same code as `claimcite citations`.

    python scripts/pandoc_agreement.py [--pandoc PATH] [--corpus DIR] [-v]
    python scripts/pandoc_agreement.py --generated N [--seed S]

Prints the files that disagree and `agreement: N / M files`; exits 1 when any disagree.
With `--generated N`, compares N generated Markdown documents and N generated R Markdown
documents instead (see generated_markdown.py), and prints each difference hypothesis finds,
shrunk to its smallest form.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from claimcite.cli import run_cli
from claimcite.load.markdown import is_crossref

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"
_TEST = re.compile(r"^% pandoc([^\n]*)\n(.*?)^\^D\n", re.MULTILINE | re.DOTALL)
_READER = re.compile(r"(?:^|\s)(?:-f|--from|-r|--read)[ =](\S+)")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".qmd", ".Rmd", ".txt")


def find_pandoc(explicit: str | None = None) -> str | None:
    """pandoc from --pandoc, $PANDOC, the PATH, or the binary that pypandoc_binary ships."""
    for candidate in (explicit, os.environ.get("PANDOC"), shutil.which("pandoc")):
        if candidate and os.path.isfile(candidate):
            return candidate
    try:
        import pypandoc  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    bundled = Path(pypandoc.__file__).parent / "files" / "pandoc"
    return str(bundled) if bundled.is_file() else None


def inputs(corpus: Path) -> Iterator[tuple[str, str]]:
    """(label, Markdown text) for every input of the comparison."""
    tests = corpus / "pandoc-citations" / "pandoc"
    for name in ("markdown-citations.txt", "markdown-reader-more.txt"):
        if (tests / name).is_file():
            yield f"pandoc/{name}", (tests / name).read_text(encoding="utf-8")
    for path in sorted((tests / "command").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for number, match in enumerate(_TEST.finditer(text), 1):
            reader = _READER.search(match.group(1))
            if reader and not reader.group(1).startswith("markdown"):
                continue
            yield f"pandoc/command/{path.name}#{number}", match.group(2)
    papers = corpus / "markdown-papers"
    for path in sorted(papers.rglob("*")):
        if path.suffix in MARKDOWN_SUFFIXES and path.is_file():
            yield str(path.relative_to(corpus)), path.read_text(encoding="utf-8")


def _walk(node: Any, out: list[str]) -> None:
    if isinstance(node, dict):
        if node.get("t") == "Cite":
            out.extend(citation["citationId"] for citation in node["c"][0])
        for value in node.values():
            _walk(value, out)
    elif isinstance(node, list):
        for value in node:
            _walk(value, out)


def pandoc_keys(pandoc: str, text: str) -> Counter[str]:
    run = subprocess.run(
        [pandoc, "-f", "markdown", "-t", "json"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    document = json.loads(run.stdout)
    keys: list[str] = []
    _walk(document.get("meta"), keys)
    _walk(document.get("blocks"), keys)
    return Counter(key for key in keys if not is_crossref(key))


def claimcite_keys(text: str, folder: Path) -> Counter[str]:
    """The keys that `claimcite citations --format json` lists for `text` as a Markdown file."""
    document = folder / "input.md"
    document.write_text(text, encoding="utf-8")
    bib = folder / "empty.bib"
    bib.write_text("", encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = run_cli(
            ["citations", "--format", "json", "--root", str(folder), "--bib", str(bib), str(document)]
        )
    if status != 0:
        raise RuntimeError(f"claimcite citations exited with {status}")
    listing = json.loads(out.getvalue())
    return Counter(r["key"] for r in listing["citations"] if r["syntax"] == "pandoc")


def compare(pandoc: str, corpus: Path, *, verbose: bool = False) -> tuple[int, int, list[str]]:
    agree = total = 0
    report: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="claimcite-agreement-"))
    for label, text in inputs(corpus):
        total += 1
        want = pandoc_keys(pandoc, text)
        got = claimcite_keys(text, folder)
        if want == got:
            agree += 1
            if verbose:
                report.append(f"ok    {label}: {sum(want.values())} citations")
            continue
        missing = want - got
        extra = got - want
        report.append(f"DIFF  {label}: missing {dict(missing)} extra {dict(extra)}")
    shutil.rmtree(folder, ignore_errors=True)
    return agree, total, report


class _Counted:
    """One comparison of a generated document, counting the documents compared."""

    def __init__(self, pandoc: str, suffix: str, difference: Any) -> None:
        self.pandoc, self.suffix, self.difference = pandoc, suffix, difference
        self.count = 0

    def test(self) -> Any:
        """The comparison as a plain function, for hypothesis's `given`."""

        def compare_one(text: str) -> None:
            self(text)

        return compare_one

    def __call__(self, text: str) -> None:
        self.count += 1
        found = self.difference(self.pandoc, text, self.suffix)
        assert found is None, found


def generated(pandoc: str, examples: int, seed: int) -> int:
    """Run the generated comparison with `examples` documents of each kind; the count of kinds
    that disagreed."""
    import random

    from generated_markdown import difference, markdown_document, rmarkdown_document
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as with_seed

    failed = 0
    for suffix, strategy in ((".md", markdown_document()), (".Rmd", rmarkdown_document())):
        checked = _Counted(pandoc, suffix, difference)
        run = given(text=strategy)(checked.test())
        run = settings(
            max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )(run)
        run = with_seed(seed or random.randrange(2**32))(run)
        try:
            run()
        except AssertionError as error:
            failed += 1
            print(f"DIFF  {suffix}: {error}")
        print(f"{suffix}: {checked.count} documents compared")
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pandoc")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument(
        "--generated", type=int, metavar="N", help="compare N generated documents of each kind"
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="with --generated: the seed (default: a random one)"
    )
    args = parser.parse_args()
    pandoc = find_pandoc(args.pandoc)
    if pandoc is None:
        print("pandoc not found: install it, or pip install pypandoc_binary", file=sys.stderr)
        return 2
    if args.generated:
        return 1 if generated(pandoc, args.generated, args.seed) else 0
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    agree, total, report = compare(pandoc, args.corpus, verbose=args.verbose)
    print("\n".join(report))
    print(f"agreement: {agree} / {total} files")
    return 0 if agree == total else 1


if __name__ == "__main__":
    sys.exit(main())
