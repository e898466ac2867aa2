"""Parsing and matching take time in proportion to the input, also for input made to be slow: for
each construct, 16 times the input takes well under 16 x 16 times as long (a ratio measured in
one run, never an absolute time)."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from claimcite.files.contain import Area
from claimcite.load import markdown
from claimcite.load.bibtex import load_bibtex
from claimcite.load.claims import load_claims
from claimcite.load.tex import parse_names
from claimcite.load.text import LineIndex
from claimcite.match import find_statement
from claimcite.model import Document, Location, Sentence

SIZES = (1, 4, 16)
# linear work grows 16 times from the first size to the last, quadratic work 256 times; the
# bound leaves room for a busy machine and for caches that fill
MOST = 64


def _best(work: Callable[[], object]) -> float:
    """The shortest of three runs, in seconds."""
    times = []
    for _ in range(3):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def _ratio(make: Callable[[int], Callable[[], object]], unit: int) -> float:
    """The time at 16 times the input over the time at once the input (`pytest -s` prints it)."""
    first, _, last = (_best(make(unit * size)) for size in SIZES)
    ratio = last / max(first, 1e-4)
    print(f"{os.environ.get('PYTEST_CURRENT_TEST', '?').split(' ')[0]}: 16x input, {ratio:.1f}x time")
    return ratio


def _bib(tmp_path: Path, text: str) -> Callable[[], object]:
    path = tmp_path / "refs.bib"
    path.write_text(text, encoding="utf-8")
    area = Area.of(str(tmp_path))
    return lambda: load_bibtex(str(path), "refs.bib", area)


def test_bibtex_entries_that_never_close(tmp_path: Path) -> None:
    """Each entry's brace runs on to the end of the file: pybtex read to the end for each."""
    ratio = _ratio(
        lambda n: _bib(tmp_path, "".join(f"@article{{k{i}, title = {{T{i}\n" for i in range(n))), 200
    )
    assert ratio < MOST, ratio


def test_bibtex_a_quoted_value_full_of_braces(tmp_path: Path) -> None:
    """pybtex looked for the closing quote from every brace on."""
    ratio = _ratio(lambda n: _bib(tmp_path, '@misc{a, title = "' + "{}" * n + '"}\n'), 5000)
    assert ratio < MOST, ratio


def test_a_name_list_full_of_braces() -> None:
    """pybtex's name splitting copied the rest of the text at every brace."""
    ratio = _ratio(lambda n: lambda: parse_names.__wrapped__("A, B " + "{x}" * n + " and C, D"), 4000)
    assert ratio < MOST, ratio


def test_markdown_unclosed_fences() -> None:
    """Every line opens a fence that nothing closes: each looked to the end of the file."""
    ratio = _ratio(lambda n: lambda: markdown.scan("```a\n" * n + "[@key]\n"), 1000)
    assert ratio < MOST, ratio


def test_claim_file_aliases(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    area = Area.of(str(tmp_path))

    def make(n: int) -> Callable[[], object]:
        path.write_text(
            "s: &s [" + ", ".join(["k"] * n) + "]\nc: &c {id: x, statement: X., sources: *s}\n"
            "claims: [" + ", ".join(["*c"] * n) + "]\n"
        )
        return lambda: load_claims(str(path), "c.yaml", area)

    ratio = _ratio(make, 200)
    assert ratio < MOST, ratio


def _document(sentences: list[str]) -> Document:
    text = " ".join(sentences)
    index = LineIndex(text)
    found: list[Sentence] = []
    offset = 0
    for sentence in sentences:
        line, column = index.line_col(offset)
        found.append(Sentence(offset, offset + len(sentence), sentence, Location("d.txt", line, column)))
        offset += len(sentence) + 1
    return Document("d.txt", "text", (), tuple(found))


@pytest.mark.parametrize("dense", [True, False])
def test_claims_against_the_sentences_of_their_document(dense: bool) -> None:
    """Each claim was scored against every sentence (and pair): claims x sentences. Here the
    same claims meet a document 16 times as long: the time per claim must not grow with it
    (a quadratic algorithm takes 16 times as long). Dense: 24 words in all, every sentence
    shares words with every claim; else words as in prose, each in a few sentences."""

    def make(n: int) -> Callable[[], object]:
        rng = random.Random(n)
        words = [f"w{i:05}x" for i in range(24 if dense else 4 * n)]
        sentences = [" ".join(rng.choices(words, k=12)) + "." for _ in range(n)]
        claims = [" ".join(rng.choices(words, k=12)) for _ in range(50)]

        def work() -> object:
            document = _document(sentences)  # a new one each time: nothing found is remembered
            return [find_statement(claim, document, threshold=80) for claim in claims]

        return work

    ratio = _ratio(make, 240)
    assert ratio < 8, ratio


def test_a_long_quote_absent_from_a_long_text() -> None:
    """A 3 KB quote that stands nowhere in a 540 KB full text took 42 s: rapidfuzz's alignment
    takes time in proportion to both lengths, and more."""
    from claimcite.model import FullText, Page
    from claimcite.quotes import compare_quote

    rng = random.Random(3)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(rng.choices(letters, k=rng.randint(2, 9))) for _ in range(3000)]

    def make(n: int) -> Callable[[], object]:
        quote = " ".join(rng.choices(words, k=n * 3))[: n * 16]  # to 3 KB
        pages = tuple(Page(str(i + 1), " ".join(rng.choices(words, k=500))) for i in range(n // 16))
        return lambda: compare_quote(quote, FullText("k", "k.txt", pages))

    ratio = _ratio(make, 192)  # the quote and the text grow together: to 3 KB and 540 KB
    assert ratio < MOST, ratio


SCANNERS: dict[str, tuple[str, Callable[[int], str]]] = {
    "latex nested cites": ("latex", lambda n: "\\cite{" * n + "a" + "}" * n),
    "latex unclosed verbatim": ("latex", lambda n: "\\begin{verbatim}x\n" * n),
    "latex unclosed optional arguments": ("latex", lambda n: "\\cite[" * n),
    "latex comments": ("latex", lambda n: "%\\cite{a}\n" * n),
    "markdown unclosed comments": ("markdown", lambda n: "<!--\n" * n),
    "markdown nested brackets": ("markdown", lambda n: "[" * n + "@a" + "]" * n),
    "markdown backtick runs": ("markdown", lambda n: "`" * n + "x\n" * n),
    "markdown unclosed links": ("markdown", lambda n: "[a](" * n),
    "markdown one long bracket": ("markdown", lambda n: "[@a; " * n),
    "author-year nested parentheses": ("authoryear", lambda n: "(" * n + "Smith, 2020" + ")" * n),
    "author-year long name lists": ("authoryear", lambda n: "(" + ", ".join(["Smith"] * n) + " 2020)"),
}


@pytest.mark.parametrize("construct", sorted(SCANNERS))
def test_scanners(construct: str) -> None:
    from claimcite.load import authoryear, latex

    kind, make = SCANNERS[construct]
    scan: Callable[[str], object] = {
        "latex": lambda text: latex.scan(text, "p.tex"),
        "markdown": markdown.scan,
        "authoryear": authoryear.scan,
    }[kind]
    ratio = _ratio(lambda n: (lambda text: lambda: scan(text))(make(n)), 1000)
    assert ratio < MOST, ratio
