"""A Word document's text as it reads with its tracked changes accepted, from the package's XML.

The package is a zip archive, read here with bounds before any XML parser sees a byte: no
part larger than the size cap or inflating more than a hundred times its stored size (Apache
POI's zip-bomb rule), no more bytes inflated in all than the cap, no encrypted member. A
password-protected document is no zip at all but an OLE compound file holding an
`EncryptedPackage`; a Word 97-2003 `.doc` is one too. The XML is parsed by lxml without
DTDs, entities or the network, and a part that declares a document type is refused (Word
never writes one).

What is read: the paragraphs of the body (tables, text boxes and content controls included),
then of the footnotes and the endnotes in the order the text refers to them. Insertions and
moves are read where they now stand; deletions and what was moved away are not; a paragraph
whose mark was deleted runs on into the next, as Word joins them on accepting, and so does a
drop cap (the first letter, in a frame of its own). Hidden text (`w:vanish`), comments,
headers and footers are not read. Fields of every form (`w:fldSimple`, and `w:fldChar`
begin/separate/end with their `w:instrText` spread over runs, nested too) are kept with
their instruction and their result, the text they show; text inside a field's instruction is
not part of the paragraph. Comments are kept with the span they are anchored on.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_MOST_RATIO = 100  # a part may inflate to a hundred times its stored size (Apache POI: 1 %)
_RATIO_GRACE = 100 * 1024  # ... and a small part to any size (POI's grace size)
_MOST_STYLE_DEPTH = 20  # styles based on styles: a loop or a longer chain is cut here
# fields inside fields: Word nests them 20 deep at most; deeper ones (made to be slow: each text
# is part of every open field's result) are not read as fields, their text is
_MOST_FIELD_DEPTH = 32

TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
# the tags of Mendeley Cite's content controls: a citation (its data follows in base64), the list
MENDELEY_CONTROLS = ("MENDELEY_CITATION_v3_", "MENDELEY_BIBLIOGRAPHY")


class Unreadable(Exception):
    """The file cannot be read as a Word document; the message says why, for the user."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph as it reads, with what tells a heading or a list item."""

    text: str
    kind: str  # "body", "table", "textbox", "footnote" or "endnote"
    style: str = ""  # the name of its paragraph style (`heading 1`, `Bibliography`), as stored
    heading: int = 0  # 1-9 by its style's name or outline level; 0 for none
    listed: bool = False  # numbered or bulleted
    hanging: bool = False  # a hanging indent, as Word lays out a reference list
    anchor: str = ""  # pandoc's bookmark `ref-KEY` on an item of its rendered list


@dataclass(frozen=True, slots=True)
class Place:
    """A place in the text: a paragraph (0-based) and an offset in its text."""

    paragraph: int
    offset: int


@dataclass(frozen=True, slots=True)
class Field:
    """A field: its instruction, the `w:fldData` inside it, and the text it shows."""

    code: str
    data: str
    start: Place  # where the text it shows starts
    end: Place  # ... and ends
    shown: str


@dataclass(frozen=True, slots=True)
class Comment:
    """A comment and the span of text it is anchored on."""

    text: str
    start: Place
    end: Place


@dataclass(frozen=True)
class WordText:
    """What `read` returns: every paragraph in order, the fields, the comments, and what
    could not be read of the parts other than the body (each a message)."""

    paragraphs: tuple[Paragraph, ...]
    fields: tuple[Field, ...]
    comments: tuple[Comment, ...]
    problems: tuple[str, ...] = ()


# --- The package -----------------------------------------------------------------------------


def _encrypted_ole(data: bytes) -> bool:
    """Whether an OLE compound file holds an encrypted OOXML package (ECMA-376 part 2 / MS-OFFCRYPTO:
    its directory names the `EncryptedPackage` stream)."""
    return _ENCRYPTED_STREAM in data


class _Package:
    """The members of a zip archive, read with bounds."""

    def __init__(self, data: bytes, most_bytes: int) -> None:
        if data.startswith(OLE_SIGNATURE):
            if _encrypted_ole(data):
                raise Unreadable(
                    "the document is password-protected (encrypted): claimcite cannot read it; "
                    "save a copy without a password to check it"
                )
            raise Unreadable("this is a Word 97-2003 document (.doc), not a .docx: save it as .docx")
        if not data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            raise Unreadable("not a Word document: a .docx is a zip archive, and this file is none")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.members = {info.filename: info for info in self.zip.infolist()}
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, struct.error) as error:
            raise Unreadable(f"the zip archive is damaged ({error})") from None
        self.left = most_bytes  # how many bytes may still be inflated
        self.most_bytes = most_bytes

    def has(self, name: str) -> bool:
        return name in self.members

    def read(self, name: str) -> bytes:
        """The bytes of member `name`; Unreadable when it is encrypted, too large, inflates
        too far or is damaged."""
        info = self.members[name]
        if info.flag_bits & 0x1:
            raise Unreadable(f"{name} in the archive is encrypted: save a copy without a password")
        if info.file_size > self.left:
            raise Unreadable(
                f"{name} in the archive would inflate to {info.file_size:,} bytes, more than the "
                f"{self.most_bytes // (1024 * 1024)} MB claimcite reads of one file (`max_file_mb`)"
            )
        if info.file_size > _RATIO_GRACE and info.file_size > _MOST_RATIO * max(info.compress_size, 1):
            raise Unreadable(
                f"{name} in the archive would inflate {info.file_size // max(info.compress_size, 1):,} "
                f"times over ({info.compress_size:,} to {info.file_size:,} bytes): a zip bomb, not read"
            )
        try:
            with self.zip.open(info) as stream:
                data = stream.read(info.file_size + 1)
        except (
            zipfile.BadZipFile,
            zlib.error,
            NotImplementedError,
            RuntimeError,
            EOFError,
            ValueError,
        ) as error:
            raise Unreadable(f"{name} in the archive is damaged ({error})") from None
        if len(data) > info.file_size:  # zipfile stops at the stated size; this is a guard
            raise Unreadable(f"{name} in the archive is larger than it says")
        self.left -= len(data)
        return data


_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)


def _xml(package: _Package, name: str) -> etree._Element:
    """The root element of the XML part `name`."""
    data = package.read(name)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        raise Unreadable(f"{name} in the archive is not well-formed XML ({error.msg})") from None
    except MemoryError:
        raise Unreadable(f"{name} in the archive is too large to read in the memory available") from None
    if root.getroottree().docinfo.doctype:  # type: ignore[union-attr]
        raise Unreadable(f"{name} in the archive declares a document type, which Word never writes: not read")
    return root


def _relationships(package: _Package, part: str) -> dict[str, list[str]]:
    """The internal targets of a part's relationships, by the last word of their type
    (`officeDocument`, `footnotes`, ...): the transitional and the strict names alike."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if not package.has(rels):
        return {}
    found: dict[str, list[str]] = {}
    for rel in _xml(package, rels).iter(f"{{{_PACKAGE_RELATIONSHIPS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        kind, target = rel.get("Type") or "", rel.get("Target") or ""
        if not target:
            continue
        path = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
        )
        found.setdefault(kind.rsplit("/", 1)[-1], []).append(path)
    return found


def _what_else(package: _Package) -> str:
    """What a zip archive that holds no Word document is, as far as its members tell."""
    if package.has("mimetype"):
        try:
            mimetype = package.read("mimetype")[:100].decode("ascii", "replace")  # read with bounds
        except Unreadable:
            mimetype = "unreadable"
        if "opendocument.text" in mimetype:
            return "an OpenDocument text (.odt), not a Word document: save it as .docx"
        return f"a zip archive of another kind ({mimetype.strip()}), not a Word document"
    if package.has("xl/workbook.xml"):
        return "an Excel workbook, not a Word document"
    if package.has("ppt/presentation.xml"):
        return "a PowerPoint presentation, not a Word document"
    return "a zip archive that holds no Word document (no word/document.xml)"


# --- Styles ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Style:
    name: str
    based_on: str
    outline: int | None  # w:outlineLvl, 0-8 (9 is body text)


class _Styles:
    """Paragraph styles by id: their names and heading levels."""

    def __init__(self, root: etree._Element | None, w: str) -> None:
        self.styles: dict[str, _Style] = {}
        self.default = ""
        self.levels: dict[str, int] = {}
        if root is None:
            return
        for style in root.iter(f"{{{w}}}style"):
            if style.get(f"{{{w}}}type") not in (None, "paragraph"):
                continue
            ident = style.get(f"{{{w}}}styleId") or ""
            name = style.find(f"{{{w}}}name")
            based = style.find(f"{{{w}}}basedOn")
            outline = style.find(f"{{{w}}}pPr/{{{w}}}outlineLvl")
            self.styles[ident] = _Style(
                name.get(f"{{{w}}}val", "") if name is not None else ident,
                based.get(f"{{{w}}}val", "") if based is not None else "",
                _number(outline.get(f"{{{w}}}val")) if outline is not None else None,
            )
            if style.get(f"{{{w}}}default") in ("1", "true", "on"):
                self.default = ident

    def name(self, ident: str) -> str:
        style = self.styles.get(ident or self.default)
        return style.name if style is not None else ident

    def heading(self, ident: str) -> int:
        """The heading level of a style: `heading N` and `Title` by their names (Word stores the
        built-in names in English whatever the language of its menus), else the outline level
        of the style or of one it is based on."""
        ident = ident or self.default
        if ident in self.levels:
            return self.levels[ident]
        level = 0
        current = ident
        for _ in range(_MOST_STYLE_DEPTH):
            style = self.styles.get(current)
            if style is None:
                break
            name = style.name.casefold()
            if name.startswith("heading ") and name[8:].strip().isdigit():
                level = min(int(name[8:]), 9)
                break
            if name == "title":
                level = 1
                break
            if style.outline is not None:
                level = style.outline + 1 if style.outline < 9 else 0
                break
            current = style.based_on
        self.levels[ident] = level
        return level


def _number(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


# --- The text --------------------------------------------------------------------------------


@dataclass
class _Buffer:
    """A paragraph being read."""

    order: int  # where it starts in the document, to number paragraphs in reading order
    kind: str
    parts: list[str] = field(default_factory=list)
    length: int = 0
    style: str = ""
    heading: int = 0
    listed: bool = False
    hanging: bool = False
    mark_deleted: bool = False
    anchor: str = ""

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)


@dataclass
class _OpenField:
    code: list[str] = field(default_factory=list)
    data: list[str] = field(default_factory=list)
    result: bool = False  # past its `separate`: what follows is the text it shows
    start: tuple[int, int] | None = None
    shown: list[str] = field(default_factory=list)


_TRUE = frozenset({"1", "true", "on"})


class _Reader:
    """Walks the XML of the stories (body, notes) once, start and end events, keeping what is
    read: paragraphs, fields, comment anchors, the order notes are referred to."""

    def __init__(self, w: str, styles: _Styles) -> None:
        self.w = w
        self.styles = styles
        self.buffers: list[_Buffer] = []  # finished paragraphs, in the order they ended
        self.open: list[_Buffer] = []  # paragraphs being read (a text box's stand inside one)
        self.carried: _Buffer | None = None  # a paragraph whose mark was deleted: the next runs on
        self.aside: list[_Buffer | None] = []  # ... set aside while a text box is read
        self.controls: list[bool] = []  # open content controls: whether each is a citation
        self.fields: list[tuple[str, str, tuple[int, int], tuple[int, int], str]] = []
        self.stacks: list[list[_OpenField]] = [[]]  # open fields, one stack per story or text box
        self.too_deep: list[int] = [0]  # ... and how many fields opened past the deepest read
        self.bookmarks: dict[str, tuple[str, tuple[int, int]]] = {}  # open Zotero bookmarks, by id
        self.marked: list[tuple[str, tuple[int, int], tuple[int, int]]] = []  # ... and their spans
        self.anchor = ""  # pandoc's `ref-KEY` bookmark before the next paragraph
        self.comment_starts: dict[str, tuple[int, int]] = {}
        self.comment_ends: dict[str, tuple[int, int]] = {}
        self.note_order: dict[str, list[str]] = {"footnote": [], "endnote": []}
        self.sequence = 0
        self.hidden = False
        self.tables = 0
        self.boxes = 0
        self.tags = {
            name: f"{{{w}}}{name}"
            for name in (
                "p pPr rPr r t instrText fldChar fldData fldSimple tab ptab br cr noBreakHyphen "
                "del moveFrom ins moveTo vanish pStyle numPr ind outlineLvl tbl tr trPr txbxContent "
                "commentRangeStart commentRangeEnd commentReference footnoteReference endnoteReference "
                "sdt sdtPr tblPr tcPr sectPr delText delInstrText bookmarkStart bookmarkEnd"
            ).split()
        }
        self.skipped = {
            self.tags[name]
            for name in ("del", "moveFrom", "tblPr", "tcPr", "sectPr", "sdtPr", "delText", "delInstrText")
        } | {f"{{{_MC}}}Fallback", f"{{{w}}}footnotePr", f"{{{w}}}endnotePr"}
        self.kind = "body"

    def place(self) -> tuple[int, int]:
        """Where the text now read stands; between paragraphs, at the start of the next."""
        buffer = self.open[-1] if self.open else self.carried
        return (buffer.order, buffer.length) if buffer is not None else (self.sequence, 0)

    def end_place(self) -> tuple[int, int]:
        """Where a span ends; between paragraphs, at the end of the one before."""
        if self.open or self.carried is not None or not self.buffers:
            return self.place()
        last = self.buffers[-1]
        return last.order, last.length

    def read(self, root: etree._Element, kind: str) -> None:
        """Read one story (the body, a footnote, an endnote)."""
        self.kind = kind
        self.stacks, self.too_deep = [[]], [0]
        tags = self.tags
        walker = etree.iterwalk(root, events=("start", "end"))
        for event, element in walker:
            tag = element.tag
            if event == "start":
                if tag in self.skipped:
                    walker.skip_subtree()
                elif tag == tags["t"]:
                    if element.text:
                        self.text(element.text)
                elif tag == tags["r"]:
                    self.hidden = False
                elif tag == tags["rPr"]:
                    vanish = element.find(tags["vanish"])
                    self.hidden = vanish is not None and vanish.get(f"{{{self.w}}}val", "true") in _TRUE
                    walker.skip_subtree()
                elif tag == tags["instrText"]:
                    stack = self.stacks[-1]
                    if stack and not stack[-1].result and element.text:
                        stack[-1].code.append(element.text)
                elif tag == tags["fldChar"]:
                    self.field_char(element)
                    walker.skip_subtree()
                elif tag == tags["p"]:
                    self.start_paragraph()
                elif tag == tags["pPr"]:
                    self.paragraph_properties(element)
                    walker.skip_subtree()
                elif tag in (tags["tab"], tags["ptab"]):
                    self.text("\t")
                elif tag in (tags["br"], tags["cr"]):
                    self.text(" ")
                elif tag == tags["noBreakHyphen"]:
                    self.text("-")
                elif tag == tags["fldSimple"]:
                    opened = _OpenField(
                        [element.get(f"{{{self.w}}}instr", "")], result=True, start=self.place()
                    )
                    self.push(opened)
                elif tag == tags["tbl"]:
                    self.flush_carried()
                    self.tables += 1
                elif tag == tags["tr"]:
                    properties = element.find(tags["trPr"])
                    if properties is not None and properties.find(tags["del"]) is not None:
                        walker.skip_subtree()  # a deleted row
                elif tag == tags["txbxContent"]:
                    self.boxes += 1
                    self.stacks.append([])
                    self.too_deep.append(0)
                    self.aside.append(self.carried)
                    self.carried = None
                elif tag == tags["sdt"]:
                    self.content_control(element)
                elif tag == tags["bookmarkStart"]:
                    name = element.get(f"{{{self.w}}}name", "")
                    if name.startswith(ZOTERO_BOOKMARK) and len(self.bookmarks) < _MOST_FIELD_DEPTH:
                        self.bookmarks[element.get(f"{{{self.w}}}id", "")] = (name, self.place())
                    elif name.startswith(PANDOC_ITEM) and len(name) <= _MOST_ANCHOR:
                        self.anchor_paragraph(name)
                elif tag == tags["bookmarkEnd"]:
                    opened_mark = self.bookmarks.pop(element.get(f"{{{self.w}}}id", ""), None)
                    if opened_mark is not None:
                        self.marked.append((opened_mark[0], opened_mark[1], self.end_place()))
                elif tag == tags["commentRangeStart"]:
                    self.comment_starts.setdefault(element.get(f"{{{self.w}}}id", ""), self.place())
                elif tag == tags["commentRangeEnd"]:
                    self.comment_ends.setdefault(element.get(f"{{{self.w}}}id", ""), self.end_place())
                elif tag == tags["commentReference"]:
                    ident = element.get(f"{{{self.w}}}id", "")
                    self.comment_starts.setdefault(ident, self.place())
                    self.comment_ends.setdefault(ident, self.place())
                elif tag == tags["footnoteReference"]:
                    self.note_order["footnote"].append(element.get(f"{{{self.w}}}id", ""))
                elif tag == tags["endnoteReference"]:
                    self.note_order["endnote"].append(element.get(f"{{{self.w}}}id", ""))
            else:
                if tag == tags["p"]:
                    self.end_paragraph()
                elif tag == tags["fldSimple"]:
                    self.end_field()
                elif tag == tags["tbl"]:
                    self.flush_carried()
                    self.tables -= 1
                elif tag == tags["txbxContent"]:
                    self.flush_carried()
                    self.boxes -= 1
                    self.stacks.pop()
                    self.too_deep.pop()
                    self.carried = self.aside.pop()
                elif tag == tags["sdt"] and self.controls.pop():
                    self.end_field()
        self.flush_carried()

    def content_control(self, element: etree._Element) -> None:
        """A content control: Mendeley Cite keeps a citation in one, its data in the tag."""
        tag = element.find(f"{self.tags['sdtPr']}/{{{self.w}}}tag")
        value = tag.get(f"{{{self.w}}}val", "") if tag is not None else ""
        cited = value.startswith(MENDELEY_CONTROLS)
        self.controls.append(cited)
        if cited:
            self.push(_OpenField([value], result=True, start=self.place()))

    def push(self, opened: _OpenField) -> None:
        """Open a field, unless too many are open: then only count it."""
        if len(self.stacks[-1]) >= _MOST_FIELD_DEPTH or self.too_deep[-1]:
            self.too_deep[-1] += 1
        else:
            self.stacks[-1].append(opened)

    def text(self, text: str) -> None:
        if self.hidden or not self.open:
            return
        stack = self.stacks[-1]
        for opened in stack:
            if not opened.result:
                return  # inside an instruction: not shown
        self.open[-1].add(text)
        for opened in stack:
            opened.shown.append(text)

    def field_char(self, element: etree._Element) -> None:
        kind = element.get(f"{{{self.w}}}fldCharType")
        stack = self.stacks[-1]
        if kind == "begin":
            data = element.find(self.tags["fldData"])
            opened = _OpenField()
            if data is not None and data.text:
                opened.data.append(data.text)
            # inside an instruction: EndNote's data (`ADDIN EN.CITE.DATA`), which EndNote also
            # writes on the outer field's begin: one copy, not two run together
            if stack and not stack[-1].result and not self.too_deep[-1] and not stack[-1].data:
                stack[-1].data.extend(opened.data)
            self.push(opened)
        elif kind == "separate":
            if stack and not stack[-1].result and not self.too_deep[-1]:
                stack[-1].result = True
                stack[-1].start = self.place()
        elif kind == "end" and (stack or self.too_deep[-1]):
            self.end_field()

    def end_field(self) -> None:
        if self.too_deep[-1]:
            self.too_deep[-1] -= 1
            return
        stack = self.stacks[-1]
        if not stack:
            return
        opened = stack.pop()
        end = self.end_place()  # a field around whole paragraphs ends with the last of them
        start = opened.start if opened.start is not None else end
        if stack and not stack[-1].result:
            return  # a field inside another's instruction: its data went to that field
        code = "".join(opened.code)
        self.fields.append((code, "".join(opened.data), start, end, "".join(opened.shown)))

    def anchor_paragraph(self, name: str) -> None:
        """pandoc's bookmark `ref-KEY`: before an item's paragraph (or at its start), naming it."""
        if not self.open:
            self.anchor = name
        elif not self.open[-1].length and not self.open[-1].anchor:
            self.open[-1].anchor = name

    def start_paragraph(self) -> None:
        kind = self.kind
        if self.boxes:
            kind = "textbox"
        elif self.tables and kind == "body":
            kind = "table"
        if self.carried is not None and not self.open:
            buffer = self.carried  # the paragraph before lost its mark: this one runs on in it
            self.carried = None
        else:
            self.flush_carried()
            buffer = _Buffer(self.sequence, kind, style=self.styles.name(""), heading=self.styles.heading(""))
            buffer.anchor, self.anchor = self.anchor, ""
            self.sequence += 1
        self.open.append(buffer)

    def paragraph_properties(self, element: etree._Element) -> None:
        if not self.open:
            return
        buffer = self.open[-1]
        w = self.w
        style = element.find(f"{{{w}}}pStyle")  # of two paragraphs joined, the second's mark stays
        if style is not None:
            ident = style.get(f"{{{w}}}val", "")
            buffer.style = self.styles.name(ident)
            buffer.heading = self.styles.heading(ident)
        outline = element.find(f"{{{w}}}outlineLvl")
        if outline is not None:
            level = _number(outline.get(f"{{{w}}}val"))
            if level is not None:
                buffer.heading = level + 1 if level < 9 else 0
        numbering = element.find(f"{{{w}}}numPr")
        if numbering is not None:
            number = numbering.find(f"{{{w}}}numId")
            buffer.listed = number is None or number.get(f"{{{w}}}val") != "0"  # 0: numbering removed
        indent = element.find(f"{{{w}}}ind")
        if indent is not None and (_number(indent.get(f"{{{w}}}hanging")) or 0) > 0:
            buffer.hanging = True
        frame = element.find(f"{{{w}}}framePr")
        if frame is not None and frame.get(f"{{{w}}}dropCap") in ("drop", "margin"):
            buffer.mark_deleted = True  # a drop cap: the first letter of the paragraph after it
        mark = element.find(f"{{{w}}}rPr")
        if mark is not None and (
            mark.find(self.tags["del"]) is not None or mark.find(self.tags["moveFrom"]) is not None
        ):
            buffer.mark_deleted = True

    def end_paragraph(self) -> None:
        if not self.open:
            return
        buffer = self.open.pop()
        if buffer.mark_deleted and not self.open:
            buffer.mark_deleted = False
            self.carried = buffer  # accepted, the deletion joins it with the next paragraph
            return
        self.buffers.append(buffer)

    def flush_carried(self) -> None:
        if self.carried is not None:
            self.buffers.append(self.carried)
            self.carried = None


def _notes(root: etree._Element | None, w: str, kind: str, order: list[str]) -> Iterator[etree._Element]:
    """The footnotes or endnotes that the text refers to, in the order it refers to them."""
    if root is None:
        return
    by_id = {
        note.get(f"{{{w}}}id", ""): note
        for note in root.iter(f"{{{w}}}{kind}")
        if note.get(f"{{{w}}}type") in (None, "normal")
    }
    for ident in dict.fromkeys(order):
        if ident in by_id:
            yield by_id[ident]


def _comment_texts(root: etree._Element | None, w: str) -> dict[str, str]:
    if root is None:
        return {}
    texts: dict[str, str] = {}
    for comment in root.iter(f"{{{w}}}comment"):
        paragraphs = ["".join(t.text or "" for t in p.iter(f"{{{w}}}t")) for p in comment.iter(f"{{{w}}}p")]
        texts[comment.get(f"{{{w}}}id", "")] = "\n".join(paragraphs)
    return texts


def read(data: bytes, *, most_bytes: int) -> WordText:
    """The text of the Word document `data`; raises Unreadable, saying why, when it is no Word
    document or its body cannot be read. `most_bytes` bounds what is inflated in all."""
    package = _Package(data, most_bytes)
    main = (_relationships(package, "").get("officeDocument") or ["word/document.xml"])[0]
    if not package.has(main):
        raise Unreadable(f"not a Word document: {_what_else(package)}")
    body_root = _xml(package, main)
    w = etree.QName(body_root).namespace or ""
    if w not in (TRANSITIONAL, STRICT) or etree.QName(body_root).localname != "document":
        raise Unreadable(f"not a Word document: {_what_else(package)}")
    related = _relationships(package, main)
    problems: list[str] = []

    def part(kind: str) -> etree._Element | None:
        for name in related.get(kind, [])[:1]:
            if package.has(name):
                try:
                    return _xml(package, name)
                except Unreadable as why:
                    problems.append(f"{why}; the rest of the document was read")
        return None

    styles = _Styles(part("styles"), w)
    reader = _Reader(w, styles)
    body = body_root.find(f"{{{w}}}body")
    if body is not None:
        reader.read(body, "body")
    for kind, plural in (("footnote", "footnotes"), ("endnote", "endnotes")):
        notes = part(plural)
        for note in _notes(notes, w, kind, reader.note_order[kind]):
            reader.read(note, kind)
    texts = _comment_texts(part("comments"), w)
    codes = _bookmark_codes(package, problems) if reader.marked else {}
    return _assemble(reader, texts, problems, codes)


# Zotero's bookmark mode (for documents that other word processors must open): each citation is
# a bookmark `ZOTERO_BREF_<id>` around its text, its instruction in the document's custom
# properties `ZOTERO_BREF_<id>_1`, `_2`, ... (255 characters each), in order
ZOTERO_BOOKMARK = "ZOTERO_BREF_"
PANDOC_ITEM = "ref-"  # pandoc's bookmark on each item of its rendered list, `ref-KEY`
_MOST_ANCHOR = 300
_CUSTOM_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_BOOKMARK_PART = re.compile(r"(ZOTERO_BREF_\w+?)_(\d{1,5})")


def _bookmark_codes(package: _Package, problems: list[str]) -> dict[str, str]:
    """The field instruction of each Zotero bookmark, by its name, from the custom properties."""
    name = (_relationships(package, "").get("custom-properties") or ["docProps/custom.xml"])[0]
    if not package.has(name):
        return {}
    try:
        root = _xml(package, name)
    except Unreadable as why:
        problems.append(f"{why}; the rest of the document was read")
        return {}
    pieces: dict[str, list[tuple[int, str]]] = {}
    for prop in root.iter(f"{{{_CUSTOM_PROPERTIES}}}property"):
        found = _BOOKMARK_PART.fullmatch(prop.get("name", ""))
        if found is not None:
            value = "".join(str(text) for text in prop.itertext())
            pieces.setdefault(found.group(1), []).append((int(found.group(2)), value))
    return {
        bookmark: "ADDIN " + "".join(text for _, text in sorted(parts)) for bookmark, parts in pieces.items()
    }


def _assemble(
    reader: _Reader, texts: dict[str, str], problems: list[str], codes: dict[str, str] | None = None
) -> WordText:
    """Paragraphs numbered in the order they start; places turned into paragraph indexes."""
    ordered = sorted(reader.buffers, key=lambda b: b.order)
    index = {buffer.order: position for position, buffer in enumerate(ordered)}
    paragraphs = tuple(
        Paragraph("".join(b.parts), b.kind, b.style, b.heading, b.listed, b.hanging, b.anchor)
        for b in ordered
    )

    def place(at: tuple[int, int]) -> Place:
        if at[0] in index:
            return Place(index[at[0]], at[1])
        if at[0] > ordered[-1].order:  # after the last paragraph: at its end
            return Place(len(ordered) - 1, ordered[-1].length)
        return Place(0, 0)

    fields = [
        Field(code, data, place(start), place(end), shown)
        for code, data, start, end, shown in reader.fields
        if start[0] in index
    ]
    for name, opened, closed in reader.marked:
        code = (codes or {}).get(name)
        if code is None or opened[0] not in index:
            continue
        begin, stop = place(opened), place(closed)
        text = paragraphs[begin.paragraph].text
        shown = text[begin.offset : stop.offset if stop.paragraph == begin.paragraph else len(text)]
        fields.append(Field(code, "", begin, stop, shown))

    comments: list[Comment] = []
    for ident, text in texts.items():
        start = reader.comment_starts.get(ident)
        if start is None or start[0] not in index:
            continue
        end = reader.comment_ends.get(ident, start)
        comments.append(Comment(text, place(start), place(end if end[0] in index else start)))
    return WordText(paragraphs, tuple(fields), tuple(comments), tuple(problems))
