"""Reading a Word document's text: stories, tracked changes, fields, comments, bad packages."""

from __future__ import annotations

import io
import zipfile

import pytest

from claimcite.load import ooxml
from tests.docxmaker import Maker, deleted, field, inserted, run, simple_field, textbox

MOST = 64 * 1024 * 1024


def read(maker: Maker) -> ooxml.WordText:
    return ooxml.read(maker.bytes(), most_bytes=MOST)


def texts(word: ooxml.WordText) -> list[str]:
    return [p.text for p in word.paragraphs]


def test_paragraphs_of_body_tables_text_boxes_then_notes_in_reading_order() -> None:
    maker = Maker()
    second = maker.note("footnote", "Second note.")
    first = maker.note("footnote", "First note.")
    maker.paragraph("Before the box", textbox(run("In the box.")), " after.")
    maker.table([["cell one", "cell two"]])
    maker.paragraph("Refers", first, " then", second, ".", maker.note("endnote", "An endnote."))
    word = read(maker)
    assert texts(word) == [
        "Before the box after.",
        "In the box.",  # once: the VML fallback of the same box is not read
        "cell one",
        "cell two",
        "Refers then.",
        " First note.",  # notes in the order the text refers to them, not by their ids
        " Second note.",
        " An endnote.",
    ]
    assert [p.kind for p in word.paragraphs] == [
        "body",
        "textbox",
        "table",
        "table",
        "body",
        "footnote",
        "footnote",
        "endnote",
    ]


def test_tracked_changes_read_as_accepted() -> None:
    maker = Maker()
    maker.paragraph("Kept ", deleted(run("gone ")), inserted(run("added ")), "end.")
    maker.paragraph("A paragraph whose mark was deleted ", mark_deleted=True)
    maker.paragraph("runs on into the next.")
    moved = (
        '<w:moveFrom w:id="5" w:author="A" w:date="2024-01-01T00:00:00Z">'
        + run("moved away")
        + "</w:moveFrom>"
    )
    moved_to = (
        '<w:moveTo w:id="6" w:author="A" w:date="2024-01-01T00:00:00Z">' + run("moved here") + "</w:moveTo>"
    )
    maker.paragraph("From: ", moved, " to: ", moved_to)
    assert texts(read(maker)) == [
        "Kept added end.",
        "A paragraph whose mark was deleted runs on into the next.",
        "From:  to: moved here",
    ]


def test_a_drop_cap_is_the_first_letter_of_its_paragraph() -> None:
    maker = Maker()
    maker.paragraph("D", properties='<w:framePr w:dropCap="drop" w:lines="3" w:wrap="around"/>')
    maker.paragraph("rop cap.")
    maker.paragraph("A", properties='<w:framePr w:wrap="around"/>')  # a frame, no drop cap: a paragraph
    maker.paragraph("fter.")
    assert texts(read(maker)) == ["Drop cap.", "A", "fter."]


def test_hidden_text_and_comments_are_not_read() -> None:
    maker = Maker()
    maker.paragraph(
        "Shown ", run("hidden ", hidden=True), maker.comment("A remark.", run("anchored")), " text."
    )
    word = read(maker)
    assert texts(word) == ["Shown anchored text."]
    assert [(c.text, c.start, c.end) for c in word.comments] == [
        ("A remark.", ooxml.Place(0, 6), ooxml.Place(0, 14))
    ]


def test_a_field_shows_its_result_and_keeps_its_instruction_spread_over_runs() -> None:
    maker = Maker()
    maker.paragraph("See ", field(" ADDIN SOMETHING long instruction text ", "(Result)", split=7), ".")
    word = read(maker)
    assert texts(word) == ["See (Result)."]
    (found,) = word.fields
    assert found.code == " ADDIN SOMETHING long instruction text "
    assert (found.start, found.end, found.shown) == (ooxml.Place(0, 4), ooxml.Place(0, 12), "(Result)")


def test_a_simple_field_and_a_nested_field_with_data() -> None:
    nested = (
        '<w:r><w:fldChar w:fldCharType="begin">'
        '<w:fldData xml:space="preserve">QUJD</w:fldData></w:fldChar></w:r>'
        '<w:r><w:instrText xml:space="preserve"> ADDIN INNER </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    maker = Maker()
    maker.paragraph(
        simple_field("ADDIN SIMPLE", "(one)"), " and ", field(" ADDIN OUTER ", "(two)", nested=nested)
    )
    word = read(maker)
    assert texts(word) == ["(one) and (two)"]
    assert [(f.code, f.data, f.shown) for f in word.fields] == [
        ("ADDIN SIMPLE", "", "(one)"),
        (" ADDIN OUTER ", "QUJD", "(two)"),  # the inner field's data goes to the field it stands in
    ]


def test_data_on_both_begins_of_a_nested_field_is_one_copy() -> None:
    """EndNote writes the same `w:fldData` on the outer `ADDIN EN.CITE` begin and on the nested
    `ADDIN EN.CITE.DATA` begin: the field holds it once (two copies run together decode to no
    XML). Data on the nested begin alone, or on the outer alone, is kept as it is."""

    def nested(data: str) -> str:
        data_xml = f'<w:fldData xml:space="preserve">{data}</w:fldData>' if data else ""
        return (
            f'<w:r><w:fldChar w:fldCharType="begin">{data_xml}</w:fldChar></w:r>'
            '<w:r><w:instrText xml:space="preserve"> ADDIN EN.CITE.DATA </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        )

    for outer, inner, held in (("QUJD", "QUJD", "QUJD"), ("", "QUJD", "QUJD"), ("QUJD", "", "QUJD")):
        maker = Maker()
        maker.paragraph(field(" ADDIN EN.CITE ", "(two)", data=outer, nested=nested(inner)))
        (found,) = read(maker).fields
        assert (found.code, found.data, found.shown) == (" ADDIN EN.CITE ", held, "(two)")


def test_a_content_control_around_the_last_paragraphs_ends_with_them() -> None:
    """Mendeley Cite's bibliography: a content control around paragraphs, often the last."""
    for after in ("", "<w:p><w:r><w:t>After.</w:t></w:r></w:p>"):
        maker = Maker()
        maker.paragraph("Text.")
        maker.body(
            '<w:sdt><w:sdtPr><w:tag w:val="MENDELEY_BIBLIOGRAPHY"/></w:sdtPr><w:sdtContent>'
            f"<w:p>{run('Alpha, A. (2020). T.')}</w:p><w:p>{run('Beta, B. (2019). U.')}</w:p>"
            f"</w:sdtContent></w:sdt>{after}"
        )
        (found,) = read(maker).fields
        assert (found.start, found.end) == (ooxml.Place(1, 0), ooxml.Place(2, 19))


def test_a_deleted_field_is_gone_an_inserted_one_is_read() -> None:
    maker = Maker()
    maker.paragraph(
        "A ", deleted(field(" ADDIN GONE ", "(gone)")), inserted(field(" ADDIN NEW ", "(new)")), "."
    )
    word = read(maker)
    assert texts(word) == ["A (new)."]
    assert [f.code for f in word.fields] == [" ADDIN NEW "]


def test_headings_by_style_name_and_outline_level_and_lists() -> None:
    maker = Maker()
    maker.heading("Inleiding", 1)
    maker.heading("Methode", 2)
    maker.paragraph("Plain.")
    maker.paragraph("Outlined", properties='<w:outlineLvl w:val="2"/>')
    maker.paragraph("Listed", properties='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>')
    maker.paragraph("Hanging", properties='<w:ind w:left="720" w:hanging="720"/>')
    word = read(maker)
    assert [(p.text, p.heading) for p in word.paragraphs][:4] == [
        ("Inleiding", 1),
        ("Methode", 2),
        ("Plain.", 0),
        ("Outlined", 3),
    ]
    assert word.paragraphs[0].style.casefold() == "heading 1"
    assert [(p.listed, p.hanging) for p in word.paragraphs[2:]] == [
        (False, False),
        (False, False),
        (True, False),
        (False, True),
    ]


# --- Packages that are no Word document --------------------------------------------------------


def _zip(members: dict[str, bytes], *, level: int = 6) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return stream.getvalue()


def _unreadable(data: bytes, most: int = MOST) -> str:
    with pytest.raises(ooxml.Unreadable) as raised:
        ooxml.read(data, most_bytes=most)
    return str(raised.value)


def _word_zip(document: bytes) -> bytes:
    rels = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'officeDocument" Target="word/document.xml"/></Relationships>'
    )
    return _zip({"_rels/.rels": rels, "word/document.xml": document})


def test_bytes_that_are_no_zip() -> None:
    assert "no" in _unreadable(b"just some text, saved as .docx")
    assert "no" in _unreadable(b"")


def test_a_damaged_zip() -> None:
    data = Maker().bytes()
    assert "damaged" in _unreadable(data[: len(data) // 2])
    flipped = bytearray(data)
    body = flipped.find(b"word/document.xml")  # the local header's name; its data follows
    for offset in range(body + 40, body + 80):
        flipped[offset] ^= 0xFF
    assert "damaged" in _unreadable(bytes(flipped)) or "well-formed" in _unreadable(bytes(flipped))


def test_a_password_protected_document_and_an_old_doc() -> None:
    header = ooxml.OLE_SIGNATURE + bytes(504)
    encrypted = header + "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")
    assert "password-protected" in _unreadable(encrypted)
    assert "Word 97-2003" in _unreadable(header + "WordDocument".encode("utf-16-le"))


def test_zip_archives_of_other_kinds() -> None:
    assert "OpenDocument" in _unreadable(_zip({"mimetype": b"application/vnd.oasis.opendocument.text"}))
    assert "Excel" in _unreadable(_zip({"xl/workbook.xml": b"<workbook/>"}))
    assert "no Word document" in _unreadable(_zip({"photo.jpg": b"\xff\xd8"}))
    assert "not a Word document" in _unreadable(_word_zip(b"<html><body/></html>"))


def test_a_zip_bomb_is_refused_before_it_is_inflated() -> None:
    filler = b"<w:p/>" * 4_000_000  # 24 MB that deflate stores in a few tens of kilobytes
    bomb = _word_zip(
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' + filler
    )
    assert "zip bomb" in _unreadable(bomb)
    assert "more than" in _unreadable(_word_zip(b"<x/>" * 1000), most=100)  # the size cap
    # what the archive is, is told without inflating a bomb either
    assert "another kind" in _unreadable(_zip({"mimetype": b"x" * 30_000_000}))


def test_a_member_that_inflates_beyond_its_declared_size_is_refused() -> None:
    """The sizes in the archive's headers are what the bounds are checked against; a member
    whose data inflates further is read no further than one byte past its declared size."""
    body = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
    data = bytearray(_word_zip(body + b" " * 5000))
    declared = (len(body) + 5000).to_bytes(4, "little")
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # uncompressed size
        start = 0
        while (found := data.find(signature, start)) >= 0:
            if data[found + offset : found + offset + 4] == declared:
                data[found + offset : found + offset + 4] = (100).to_bytes(4, "little")
            start = found + 4
    message = _unreadable(bytes(data))
    assert "larger than it says" in message or "damaged" in message


def test_xml_with_a_document_type_or_entities_is_not_expanded() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>"
    )
    assert "document type" in _unreadable(_word_zip(laughs))
    external = laughs.replace(b'<!ENTITY a "aaaaaaaaaa">', b'<!ENTITY a SYSTEM "file:///etc/passwd">')
    assert "document type" in _unreadable(_word_zip(external))


def test_xml_that_is_not_well_formed() -> None:
    broken = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    assert "not well-formed" in _unreadable(_word_zip(broken))


def test_an_encrypted_member() -> None:
    data = bytearray(_word_zip(b"<x/>"))
    for signature in (b"PK\x03\x04", b"PK\x01\x02"):  # set the encryption flag in both headers
        start = 0
        while (found := data.find(signature, start)) >= 0:
            flag = found + (6 if signature == b"PK\x03\x04" else 8)
            data[flag] |= 0x1
            start = found + 4
    assert "encrypted" in _unreadable(bytes(data))


def test_a_broken_notes_part_leaves_the_body_read() -> None:
    maker = Maker()
    maker.paragraph("Body text", maker.note("footnote", "A note."))
    data = maker.bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["word/footnotes.xml"] = b"<w:footnotes"
    word = ooxml.read(_zip(members), most_bytes=MOST)
    assert texts(word) == ["Body text"]
    assert word.problems and "footnotes.xml" in word.problems[0]
