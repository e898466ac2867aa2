"""Hostile and unlucky PDFs: read in a worker process, so that a PDF that inflates to gigabytes,
crashes PDFium or takes too long costs only its own pages; a text read in part is a finding and
is never cached as whole; page labels that are not numbers are labels."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest

from claimcite.files.contain import Area
from claimcite.load import fulltext
from claimcite.model import Source

from .conftest import write_project
from .hostile_test import check
from .pdfmaker import make_pdf

BIB = "@misc{alpha2020, author = {Alpha, Ann}, title = {One}, year = {2020}}\n"


def _pdf(bodies: list[bytes], catalog_extra: bytes = b"") -> bytes:
    """A PDF of raw objects: 1 catalog, 2 pages, then `bodies` from object 3 on (pages whose
    /Parent is 2), numbered in order."""
    pages = [3 + index for index, body in enumerate(bodies) if b"/Type /Page " in body]
    kids = " ".join(f"{number} 0 R" for number in pages).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R" + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(pages),
        *bodies,
    ]
    data = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(data)


def _stream(content: bytes, *, compress: bool = False) -> bytes:
    if compress:
        content = zlib.compress(content, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _text_page(font: int, content: int) -> bytes:
    return (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> "
        b"/Contents %d 0 R >>" % (font, content)
    )


def inflating_pdf(megabytes: int = 128) -> bytes:
    """Page 1: a few hundred kilobytes that inflate to `megabytes` of drawing operators (PDFium
    needs about 1.7 GB for 128 MB of them); page 2: `hello world`."""
    operators = b"0 0 m 1 1 l S\n" * (megabytes * 1024 * 1024 // 14)
    return _pdf(
        [
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            _stream(operators, compress=True),
            _text_page(6, 7),
            FONT,
            _stream(b"BT /F1 11 Tf 56 780 Td (hello world) Tj ET"),
        ]
    )


def _project(tmp_path: Path, pdf: bytes, quote: str, locator: str = "") -> Path:
    located = f", locator: {locator!r}" if locator else ""
    root = write_project(
        tmp_path,
        {
            "references.bib": BIB,
            "claims/a.yaml": "claims:\n  - id: a\n    statement: A.\n"
            f"    sources: [{{key: alpha2020, quote: {quote!r}{located}}}]\n",
        },
    )
    (root / "sources").mkdir()
    (root / "sources" / "alpha2020.pdf").write_bytes(pdf)
    return root


def test_a_pdf_that_inflates_to_gigabytes_costs_only_its_page(tmp_path: Path) -> None:
    """It needed 1.7 GB; here the run is limited to 1 GB of address space, and the reader too."""
    root = _project(tmp_path, inflating_pdf(), "hello world")
    status, report, _ = check(root, timeout=300)
    assert status in (0, 1) and report is not None
    messages = [f["message"] for f in report["findings"]]
    assert any("part of its full text only" in m and "page 1 of the file not checked" in m for m in messages)
    assert not [f for f in report["findings"] if f["rule"] == "quote-not-found"]  # page 2 was read
    texts = root / ".claimcite-cache" / "fulltext"
    cached = list(texts.rglob("*.json")) if texts.exists() else []
    assert cached == []  # a text read in part is read again next time


def test_a_pdf_cut_short_by_the_time_budget_is_never_cached_as_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = tmp_path / "alpha2020.pdf"
    pdf.write_bytes(make_pdf([["one"], ["two"], ["three"]]))
    area = Area.of(str(tmp_path))
    pages, problem, complete = fulltext._extract(str(pdf), area, 0.0)
    assert not complete and problem is not None and "pages from 1 on are not checked" in problem
    pages, problem, complete = fulltext._extract(str(pdf), area, 60.0)
    assert complete and problem is None and [p.text.strip() for p in pages] == ["one", "two", "three"]
    # through the cache: a partial text is not kept, a whole one is
    monkeypatch.setattr(fulltext, "PDF_SECONDS", 0.0)
    cache = fulltext.Cache(str(tmp_path / "cache"), area)
    source = Source("alpha2020", "misc", {}, {}, None)  # type: ignore[arg-type]
    partial = fulltext.load_fulltext(source, fulltext.Located(str(pdf)), str, cache)
    assert partial.problem and "not checked" in partial.problem
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").rglob("*.json"))
    monkeypatch.setattr(fulltext, "PDF_SECONDS", 60.0)
    whole = fulltext.load_fulltext(source, fulltext.Located(str(pdf)), str, cache)
    assert whole.problem is None and len(whole.pages) == 3
    (entry,) = (tmp_path / "cache").rglob("*.json")
    assert len(json.loads(entry.read_text())["pages"]) == 3


def test_page_labels_that_are_not_numbers(tmp_path: Path) -> None:
    """A label of a superscript digit (`²`, a digit that int() does not read), roman numerals
    and a prefix: labels, compared where they can be."""
    labels = b" /PageLabels << /Nums [0 << /P <FEFF00B2> >> 1 << /S /r >> 2 << /P (A-) /S /D >>] >>"
    pdf = _pdf(
        [
            _text_page(6, 7),
            _text_page(6, 8),
            _text_page(6, 9),
            FONT,
            _stream(b"BT /F1 11 Tf 56 780 Td (first page words) Tj ET"),
            _stream(b"BT /F1 11 Tf 56 780 Td (second page words) Tj ET"),
            _stream(b"BT /F1 11 Tf 56 780 Td (third page words) Tj ET"),
        ],
        labels,
    )
    pages, problem, _ = fulltext._extract(_write(tmp_path / "x.pdf", pdf), Area.of(str(tmp_path)), 60.0)
    assert problem is None and [p.label for p in pages] == ["²", "i", "A-1"]
    for quote, locator in (
        ("first page words", "p. 2"),
        ("second page words", "p. i"),
        ("third page words", "p. 1"),
    ):
        root = _project(tmp_path / locator.replace(" ", "") / quote[:5], pdf, quote, locator)
        status, report, _ = check(root)
        assert status in (0, 1) and report is not None


def _write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)
