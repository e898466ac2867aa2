"""Word documents for the tests, made with python-docx: paragraphs of runs, and the XML that
Word and the reference managers write for what python-docx has no call for (fields, tracked
changes, notes, text boxes), as ECMA-376 describes it and as Zotero, Mendeley and EndNote fill
it in (the shapes of their field codes are those in their public code and test documents)."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any
from xml.sax.saxutils import escape

import docx
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = {
    "w": W,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "v": "urn:schemas-microsoft-com:vml",
}
_DECLARED = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
ZOTERO_SCHEMA = "https://github.com/citation-style-language/schema/raw/master/csl-citation.json"


def run(text: str, *, hidden: bool = False) -> str:
    """A run of text (spaces kept)."""
    properties = "<w:rPr><w:vanish/></w:rPr>" if hidden else ""
    return f'<w:r>{properties}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def field(code: str, shown: str, *, data: str = "", nested: str = "", split: int = 0) -> str:
    """A complex field: begin, its instruction (in `split`-character runs when asked, as Word
    writes a long one), a nested field inside the instruction (EndNote's), separate, the
    text it shows, end. `data` goes into a `w:fldData` of the begin character."""
    data_xml = f'<w:fldData xml:space="preserve">{data}</w:fldData>' if data else ""
    pieces = [code[i : i + split] for i in range(0, len(code), split)] if split else [code]
    instruction = "".join(
        f'<w:r><w:instrText xml:space="preserve">{escape(p)}</w:instrText></w:r>' for p in pieces
    )
    return (
        f'<w:r><w:fldChar w:fldCharType="begin">{data_xml}</w:fldChar></w:r>'
        + nested
        + instruction
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + run(shown)
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def simple_field(code: str, shown: str) -> str:
    return f'<w:fldSimple w:instr="{escape(code, {chr(34): "&quot;"})}">{run(shown)}</w:fldSimple>'


def inserted(content: str) -> str:
    return f'<w:ins w:id="90" w:author="Reviewer" w:date="2024-01-01T00:00:00Z">{content}</w:ins>'


def deleted(content: str) -> str:
    """Tracked deletion: text runs become `w:delText`, instructions `w:delInstrText`."""
    content = content.replace("<w:t ", "<w:delText ").replace("</w:t>", "</w:delText>")
    content = content.replace("<w:instrText ", "<w:delInstrText ").replace(
        "</w:instrText>", "</w:delInstrText>"
    )
    return f'<w:del w:id="91" w:author="Reviewer" w:date="2024-01-01T00:00:00Z">{content}</w:del>'


def textbox(*paragraphs: str) -> str:
    """A text box as Word writes it: DrawingML with a VML fallback holding the same text."""
    body = "".join(f"<w:p>{p}</w:p>" for p in paragraphs)
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:extent cx="1" cy="1"/>'
        '<wp:docPr id="1" name="Text Box 1"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/'
        'office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent>'
        f"{body}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
        "</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
        f"{body}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def csl_item(
    family: str | list[str],
    year: str,
    title: str,
    *,
    kind: str = "report",
    doi: str | None = None,
    given: str = "A.",
    **more: Any,
) -> dict[str, Any]:
    """A CSL item as Zotero and Mendeley embed it."""
    families = [family] if isinstance(family, str) else family
    item: dict[str, Any] = {
        "type": kind,
        "title": title,
        "author": [{"family": name, "given": given} for name in families],
        "issued": {"date-parts": [[year]]},
    }
    if doi:
        item["DOI"] = doi
    item.update(more)
    return item


def _item_id(entry: Mapping[str, Any]) -> str:
    """An item's id in the library, as Zotero's eight characters: one per work (its title)."""
    title = str(entry["itemData"].get("title", ""))
    return hashlib.sha1(title.encode("utf-8")).hexdigest()[:8].upper()


def zotero(items: Iterable[Mapping[str, Any]], shown: str, *, plain: str | None = None, **how: Any) -> str:
    """The instruction of a Zotero citation field; `items` are CSL items, or citation items
    (with `itemData` and a locator, prefix, suffix) where they say more."""
    cited = []
    for number, item in enumerate(items, 1):
        entry = dict(item) if "itemData" in item else {"itemData": dict(item)}
        entry.setdefault("id", number)
        entry.setdefault("uris", [f"http://zotero.org/users/local/abc/items/{_item_id(entry)}"])
        entry["itemData"].setdefault("id", entry["id"])
        cited.append(entry)
    data = {
        "citationID": "a1b2c3",
        "properties": {
            "formattedCitation": plain or shown,
            "plainCitation": plain or shown,
            "noteIndex": 0,
            **how,
        },
        "citationItems": cited,
        "schema": ZOTERO_SCHEMA,
    }
    return " ADDIN ZOTERO_ITEM CSL_CITATION " + json.dumps(data, ensure_ascii=False) + " "


def mendeley(items: Iterable[Mapping[str, Any]], shown: str, *, plain: str | None = None) -> str:
    """The instruction of a Mendeley Desktop citation field."""
    cited = []
    for number, item in enumerate(items, 1):
        entry = dict(item) if "itemData" in item else {"itemData": dict(item)}
        entry.setdefault("id", f"ITEM-{number}")
        entry["itemData"].setdefault("id", entry["id"])
        entry.setdefault("uris", [f"http://www.mendeley.com/documents/?uuid={_item_id(entry)}"])
        cited.append(entry)
    text = plain or shown
    data = {
        "citationItems": cited,
        "mendeley": {
            "formattedCitation": text,
            "plainTextFormattedCitation": text,
            "previouslyFormattedCitation": text,
        },
        "properties": {"noteIndex": 0},
        "schema": ZOTERO_SCHEMA,
    }
    return "ADDIN CSL_CITATION " + json.dumps(data, ensure_ascii=False)


def mendeley_cite_control(items: Iterable[Mapping[str, Any]], shown: str) -> str:
    """A Mendeley Cite citation: a content control whose tag holds the citation's JSON in base64."""
    cited = [
        {"id": f"id-{n}", "itemData": dict(item), "isTemporary": False} for n, item in enumerate(items, 1)
    ]
    data = {
        "citationID": "MENDELEY_CITATION_1",
        "properties": {"noteIndex": 0},
        "isEdited": False,
        "manualOverride": {"isManuallyOverridden": False, "citeprocText": shown, "manualOverrideText": ""},
        "citationItems": cited,
    }
    payload = base64.b64encode(json.dumps(data).encode("utf-8")).decode("ascii")
    return (
        f'<w:sdt><w:sdtPr><w:tag w:val="MENDELEY_CITATION_v3_{payload}"/><w:id w:val="1"/></w:sdtPr>'
        f"<w:sdtContent>{run(shown)}</w:sdtContent></w:sdt>"
    )


def endnote_record(
    number: int,
    authors: list[str],
    year: str,
    title: str,
    *,
    kind: str = "Journal Article",
    doi: str = "",
    isbn: str = "",
) -> str:
    """An EndNote record, text wrapped in `<style>` as EndNote writes it."""

    def styled(text: str) -> str:
        return f'<style face="normal" font="default" size="100%">{escape(text)}</style>'

    names = "".join(f"<author>{styled(name)}</author>" for name in authors)
    resource = f"<electronic-resource-num>{styled(doi)}</electronic-resource-num>" if doi else ""
    resource += f"<isbn>{styled(isbn)}</isbn>" if isbn else ""
    return (
        f"<record><rec-number>{number}</rec-number>"
        f'<foreign-keys><key app="EN" db-id="x9fa2wz">{number}</key></foreign-keys>'
        f'<ref-type name="{kind}">17</ref-type><contributors><authors>{names}</authors></contributors>'
        f"<titles><title>{styled(title)}</title></titles><dates><year>{styled(year)}</year></dates>"
        f"{resource}</record>"
    )


def endnote(cites: Iterable[tuple[str, str, int, str]], shown: str) -> str:
    """EndNote's XML for a citation of `(first author, year, record number, record)` each."""
    parts = []
    for position, (author, year, number, record) in enumerate(cites):
        display = f"<DisplayText>{escape(shown)}</DisplayText>" if position == 0 else ""
        parts.append(
            f"<Cite><Author>{author}</Author><Year>{year}</Year><RecNum>{number}</RecNum>{display}{record}</Cite>"
        )
    return "<EndNote>" + "".join(parts) + "</EndNote>"


def endnote_field(xml: str, shown: str, *, encoded: bool = False, both: bool = False) -> str:
    """An EndNote citation field: the XML in the instruction, or (`encoded`, as EndNote writes
    a long one) in base64 in the `w:fldData` of a nested `ADDIN EN.CITE.DATA` field. `both`: as
    EndNote X7-X9 write it, the same data on the outer field's begin too, after the instruction
    the nested field, the base64 of the XML and a NUL byte wrapped at 76 columns with CRLF."""
    if not encoded:
        return field(" ADDIN EN.CITE " + xml, shown, split=250)
    raw = base64.b64encode(xml.encode("utf-8") + (b"\0" if both else b"")).decode("ascii")
    data = "\r\n".join(raw[i : i + 76] for i in range(0, len(raw), 76)) if both else raw
    nested = (
        '<w:r><w:fldChar w:fldCharType="begin">'
        f'<w:fldData xml:space="preserve">{data}</w:fldData></w:fldChar></w:r>'
        '<w:r><w:instrText xml:space="preserve"> ADDIN EN.CITE.DATA </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    if not both:
        return field(" ADDIN EN.CITE ", shown, nested=nested)
    outer = field(" ADDIN EN.CITE ", shown, data=data)
    instruction = '<w:r><w:instrText xml:space="preserve"> ADDIN EN.CITE </w:instrText></w:r>'
    return outer.replace(instruction, instruction + nested, 1)


def citavi(works: Iterable[tuple[list[str], str, str]], shown: str, *, pages: str = "") -> str:
    """The instruction of a Citavi field citing `(last names, year, title)` each: its JSON in
    base64, as Json.NET writes it (an author met again is a `$ref` to the first)."""
    ids = iter(range(2, 10_000))
    people: dict[str, dict[str, Any]] = {}
    entries = []
    for names, year, title in works:
        authors = []
        for name in names:
            if name in people:
                authors.append({"$ref": people[name]["$id"]})
            else:
                people[name] = {"$id": str(next(ids)), "FirstName": "A.", "LastName": name}
                authors.append(people[name])
        reference = {
            "$id": str(next(ids)),
            "ReferenceType": "JournalArticle",
            "Authors": authors,
            "Title": title,
            "Year": year,
            "Periodical": {"$id": str(next(ids)), "Name": "Journal"},
            "Id": hashlib.sha1(title.encode()).hexdigest(),
        }
        entry: dict[str, Any] = {"$id": str(next(ids)), "Reference": reference, "Prefix": "Vgl. "}
        if pages:
            entry["PageRange"] = {"$id": str(next(ids)), "OriginalString": pages}
        entries.append(entry)
    data = {"$id": "1", "Entries": entries, "Text": shown, "WAIVersion": "6.1.0.0"}
    return " ADDIN CitaviPlaceholder{" + base64.b64encode(json.dumps(data).encode()).decode() + "}"


_PACKAGE_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)


def package(body: str) -> bytes:
    """The smallest Word package around a body's XML (no styles, no notes), stored uncompressed:
    for tests that feed the reader many documents quickly."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("_rels/.rels", _PACKAGE_RELS)
        archive.writestr("word/document.xml", f"<w:document {_DECLARED}><w:body>{body}</w:body></w:document>")
    return stream.getvalue()


class Maker:
    """A Word document built paragraph by paragraph."""

    def __init__(self) -> None:
        self.document = docx.Document()
        body = self.document.element.body
        for paragraph in list(body.iterchildren(f"{{{W}}}p")):
            body.remove(paragraph)
        self.notes: dict[str, list[str]] = {"footnote": [], "endnote": []}
        self._comments: list[str] = []

    def paragraph(
        self, *content: str, style: str | None = None, mark_deleted: bool = False, properties: str = ""
    ) -> None:
        """A paragraph of runs and other inline XML (`run`, `field`, ...); plain strings are runs;
        `properties` are more of its `w:pPr`."""
        xml = "".join(part if part.lstrip().startswith("<") else run(part) for part in content)
        properties = (f'<w:pStyle w:val="{style}"/>' if style else "") + properties
        if mark_deleted:
            properties += (
                '<w:rPr><w:del w:id="92" w:author="Reviewer" w:date="2024-01-01T00:00:00Z"/></w:rPr>'
            )
        element = parse_xml(f"<w:p {_DECLARED}><w:pPr>{properties}</w:pPr>{xml}</w:p>")
        self.document.element.body.insert(len(self.document.element.body) - 1, element)

    def body(self, xml: str) -> None:
        """Body elements (`<w:p>...</w:p>`, tables) as XML, with the usual prefixes declared."""
        wrapper = parse_xml(f"<w:body {_DECLARED}>{xml}</w:body>")
        for element in list(wrapper):
            self.document.element.body.insert(len(self.document.element.body) - 1, element)

    def heading(self, text: str, level: int = 1) -> None:
        self.paragraph(text, style=f"Heading{level}")

    def table(self, rows: list[list[str]]) -> None:
        table = self.document.add_table(rows=len(rows), cols=len(rows[0]))
        for cells, row in zip(rows, table.rows, strict=True):
            for text, cell in zip(cells, row.cells, strict=True):
                cell.paragraphs[0]._p.append(parse_xml(f"<w:r {_DECLARED}><w:t>{escape(text)}</w:t></w:r>"))

    def note(self, kind: str, *content: str) -> str:
        """A footnote or endnote holding `content` (inline XML or text); returns the reference run
        to put in the text."""
        self.notes[kind].append(
            "".join(part if part.lstrip().startswith("<") else run(part) for part in content)
        )
        number = len(self.notes[kind])
        mark = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        return f'<w:r>{mark}<w:{kind}Reference w:id="{number}"/></w:r>'

    def comment(self, text: str, anchored: str) -> str:
        """Inline XML: `anchored` (inline XML) with a comment `text` on it."""
        ident = len(self._comments)
        self._comments.append(text)
        return (
            f'<w:commentRangeStart w:id="{ident}"/>{anchored}<w:commentRangeEnd w:id="{ident}"/>'
            f'<w:r><w:commentReference w:id="{ident}"/></w:r>'
        )

    def bytes(self) -> bytes:
        for kind in ("footnote", "endnote"):
            if self.notes[kind]:
                self._notes_part(kind)
        if self._comments:
            self._comments_part()
        stream = io.BytesIO()
        self.document.save(stream)
        return stream.getvalue()

    def save(self, path: str) -> None:
        with open(path, "wb") as stream:
            stream.write(self.bytes())

    def _notes_part(self, kind: str) -> None:
        separators = (
            f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
            f'<w:{kind} w:type="continuationSeparator" w:id="0">'
            f"<w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>"
        )
        notes = "".join(
            f'<w:{kind} w:id="{number}"><w:p><w:r><w:{kind}Ref/></w:r>{run(" ")}{content}</w:p></w:{kind}>'
            for number, content in enumerate(self.notes[kind], 1)
        )
        element = parse_xml(f"<w:{kind}s {_DECLARED}>{separators}{notes}</w:{kind}s>")
        content_type = CONTENT_TYPE.WML_FOOTNOTES if kind == "footnote" else CONTENT_TYPE.WML_ENDNOTES
        relationship = RELATIONSHIP_TYPE.FOOTNOTES if kind == "footnote" else RELATIONSHIP_TYPE.ENDNOTES
        part = XmlPart(PackURI(f"/word/{kind}s.xml"), content_type, element, self.document.part.package)
        self.document.part.relate_to(part, relationship)

    def _comments_part(self) -> None:
        comments = "".join(
            f'<w:comment w:id="{ident}" w:author="Author"><w:p>{run(text)}</w:p></w:comment>'
            for ident, text in enumerate(self._comments)
        )
        element = parse_xml(f"<w:comments {_DECLARED}>{comments}</w:comments>")
        part = XmlPart(
            PackURI("/word/comments.xml"), CONTENT_TYPE.WML_COMMENTS, element, self.document.part.package
        )
        self.document.part.relate_to(part, RELATIONSHIP_TYPE.COMMENTS)


def bookmark(name: str, ident: int, content: str) -> str:
    """Inline XML: `content` (inline XML or text) inside a bookmark, as Zotero's bookmark mode
    marks a citation (`ZOTERO_BREF_<id>`)."""
    inner = content if content.lstrip().startswith("<") else run(content)
    return f'<w:bookmarkStart w:id="{ident}" w:name="{escape(name)}"/>{inner}<w:bookmarkEnd w:id="{ident}"/>'


def with_custom_properties(data: bytes, properties: Mapping[str, str]) -> bytes:
    """The Word package `data` with document properties `docProps/custom.xml` (name -> text), as
    Word stores them and Zotero's bookmark mode fills them in."""
    fmtid = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
    items = "".join(
        f'<property fmtid="{fmtid}" pid="{pid}" name="{escape(name)}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties.items(), 2)
    )
    custom = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"{items}</Properties>"
    )
    source = zipfile.ZipFile(io.BytesIO(data))
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            member = source.read(info)
            if info.filename == "_rels/.rels":
                relation = (
                    '<Relationship Id="rIdCustom" Target="docProps/custom.xml" Type="http://schemas.'
                    'openxmlformats.org/officeDocument/2006/relationships/custom-properties"/>'
                )
                member = member.replace(b"</Relationships>", relation.encode() + b"</Relationships>")
            if info.filename == "[Content_Types].xml":
                override = (
                    '<Override PartName="/docProps/custom.xml" '
                    'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>'
                )
                member = member.replace(b"</Types>", override.encode() + b"</Types>")
            archive.writestr(info.filename, member)
        archive.writestr("docProps/custom.xml", custom)
    return stream.getvalue()
