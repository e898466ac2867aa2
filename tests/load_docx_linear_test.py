"""Reading a Word document takes time in proportion to it, also for XML made to be slow: fields
that never end, fields and content controls nested deep, comments by the thousand, a Zotero
item whose note is blank lines."""

from __future__ import annotations

import json

import pytest

from claimcite.load import docx, ooxml
from tests.docxmaker import package
from tests.linear import assert_linear

BEGIN = '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
SEPARATE = '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
TEXT = "<w:r><w:t>x (Smith, 2020) </w:t></w:r>"
ZOTERO = '<w:r><w:instrText xml:space="preserve"> ADDIN ZOTERO_ITEM CSL_CITATION {} </w:instrText></w:r>'


def _read(body: str) -> object:
    word = ooxml.read(package(body), most_bytes=1 << 30)
    return docx._build(word, "a.docx", [], "")


def _zotero_note(n: int) -> str:
    item = {"itemData": {"title": "T", "note": "\n" * n + "Citation Key", "author": [{"family": "A"}]}}
    code = " ADDIN ZOTERO_ITEM CSL_CITATION " + json.dumps({"citationItems": [item]}) + " "
    instruction = f'<w:r><w:instrText xml:space="preserve">{code}</w:instrText></w:r>'
    return f"<w:p>{BEGIN}{instruction}{SEPARATE}{TEXT}{END}</w:p>"


def _nested_controls(depth: int) -> str:
    """Mendeley Cite controls nested `depth` deep (lxml reads XML 256 elements deep at most)."""
    control = '<w:sdt><w:sdtPr><w:tag w:val="MENDELEY_CITATION_v3_e30="/></w:sdtPr><w:sdtContent>'
    return "<w:p>" + (control + TEXT) * depth + "</w:sdtContent></w:sdt>" * depth + "</w:p>"


HOSTILE = {
    "fields that never end": lambda n: "<w:p>" + (BEGIN + ZOTERO + SEPARATE + TEXT) * (n // 150) + "</w:p>",
    "fields that never separate": lambda n: "<w:p>" + (BEGIN + ZOTERO + TEXT) * (n // 150) + "</w:p>",
    "nested content controls": lambda n: _nested_controls(80) * (n // 8000 + 1),
    "many short fields": lambda n: "<w:p>" + (BEGIN + ZOTERO + SEPARATE + TEXT + END) * (n // 150) + "</w:p>",
    "comments everywhere": lambda n: (
        "<w:p>"
        + "".join(
            f'<w:commentRangeStart w:id="{i}"/>{TEXT}<w:commentRangeEnd w:id="{i}"/>' for i in range(n // 100)
        )
        + "</w:p>"
    ),
    "a note of blank lines": _zotero_note,
}


@pytest.mark.parametrize("construct", sorted(HOSTILE))
def test_word_documents_made_to_be_slow(construct: str) -> None:
    assert_linear(HOSTILE[construct], _read, unit=12_800)
