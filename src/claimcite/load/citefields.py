"""The citations that reference managers keep in a word processor's fields, read into items.

Zotero writes `ADDIN ZOTERO_ITEM CSL_CITATION {json}` and Mendeley Desktop
`ADDIN CSL_CITATION {json}`: the JSON of the CSL citation schema (`citationItems`, each with
the cited work as a CSL item in `itemData`, its locator, prefix and suffix), with the text
the program last rendered (Zotero's `properties.plainCitation`, Mendeley's
`mendeley.plainTextFormattedCitation`). Mendeley Cite keeps the same JSON in base64 in the tag
of a content control (`MENDELEY_CITATION_v3_...`). EndNote writes `ADDIN EN.CITE` followed by
its XML (`<EndNote><Cite>...<record>...</record></Cite></EndNote>`), or by a nested field
`ADDIN EN.CITE.DATA` whose `w:fldData` holds that XML in base64; each `Cite` has the record of
the work and the text shown (`DisplayText`). An EndNote record (or an older EndNote's `<MDL>`)
is read into a CSL item, so that every item reads alike; a citation whose `Cite`s carry no
record (only author, year and record number in the user's library) holds nothing to check, and
its text is read as typed text; so does a Zotero 2.x citation (`ADDIN ZOTERO_ITEM {json}`)
that names its works by their `uris` in the user's library alone. Citavi writes
`ADDIN CitaviPlaceholder{base64}`: JSON whose `Entries` each hold the cited `Reference`.

A citation key that an item carries is kept: CSL's `citation-key`, Better BibTeX's
`citationKey`, or the `Citation Key: ...` line that Zotero keeps in `note` (its Extra field).
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

ZOTERO, MENDELEY, ENDNOTE, CITAVI = "Zotero", "Mendeley", "EndNote", "Citavi"

_ZOTERO = re.compile(r"\s*ADDIN\s+ZOTERO_ITEM\b(?:\s+CSL_CITATION\b)?", re.IGNORECASE)
_MENDELEY = re.compile(r"\s*ADDIN\s+CSL_CITATION\b", re.IGNORECASE)
_MENDELEY_CITE = "MENDELEY_CITATION_v3_"
_CITAVI = re.compile(r"\s*ADDIN\s+CitaviPlaceholder\s*\{", re.IGNORECASE)
_ENDNOTE = re.compile(r"\s*ADDIN\s+EN\.CITE(?![.\w])", re.IGNORECASE)
# the fields and content controls that hold a reference manager's bibliography
_LISTS = re.compile(
    r"\s*(?:ADDIN\s+(?:ZOTERO_BIBL|EN\.REFLIST|Mendeley\s+Bibliography|CSL_BIBLIOGRAPHY)|MENDELEY_BIBLIOGRAPHY)\b",
    re.IGNORECASE,
)
_CITATION_KEY_LINE = re.compile(
    r"^[ \t]*Citation[ \t]+Key[ \t]*:[ \t]*(\S+)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE
)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass(frozen=True, slots=True)
class CitedItem:
    """One work of a citation field: the work as a CSL item, and how it is cited."""

    data: Mapping[str, Any]  # the CSL item: `type`, `title`, `author`, `issued`, `DOI`, ...
    identity: str  # what tells the work apart in the program's library (Zotero's URI, ...)
    key: str | None = None  # a citation key the item carries
    locator: str = ""
    label: str = ""  # what the locator counts: `page`, `chapter`, ...
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False  # shown as the year alone: `(2021)`
    author_only: bool = False  # shown as the author alone


@dataclass(frozen=True, slots=True)
class FieldCitation:
    """A citation field as its program wrote it."""

    program: str  # "Zotero", "Mendeley", "EndNote" or "Citavi"
    items: tuple[CitedItem, ...] = ()
    rendered: str | None = None  # the text the program last put in the field
    kept: bool = False  # the user told the program to keep an edit of its text (Zotero's dontUpdate)
    problem: str | None = None  # why its items could not be read


def is_list(code: str) -> bool:
    """Whether a field holds a reference manager's bibliography (its rendered list)."""
    return _LISTS.match(code) is not None


def parse(code: str, data: str = "") -> FieldCitation | None:
    """The citation a field's instruction `code` holds (`data` being the `w:fldData` inside the
    field), or None when it is no citation of Zotero, Mendeley, EndNote or Citavi."""
    if _ZOTERO.match(code):
        return _csl(ZOTERO, code)
    if _MENDELEY.match(code):
        return _csl(MENDELEY, code)
    if code.startswith(_MENDELEY_CITE):
        payload = code[len(_MENDELEY_CITE) :].strip()
        decoded = _base64(payload)
        if decoded is None:
            return FieldCitation(MENDELEY, problem="its data is not base64")
        return _csl(MENDELEY, decoded)
    if _ENDNOTE.match(code):
        return _endnote(code, data)
    if _CITAVI.match(code):
        return _citavi(code)
    return None


# --- CSL citations (Zotero, Mendeley) --------------------------------------------------------


def _csl(program: str, code: str) -> FieldCitation | None:
    start, end = code.find("{"), code.rfind("}")
    if start < 0 or end < start:
        return FieldCitation(program, problem="it holds no citation data")
    try:
        data = json.loads(code[start : end + 1], parse_int=str, parse_float=str, parse_constant=str)
    except json.JSONDecodeError as error:
        return FieldCitation(program, problem=f"its citation data is not JSON ({error.msg})")
    except RecursionError:
        return FieldCitation(program, problem="its citation data is nested too deeply to read")
    if not isinstance(data, dict) or not isinstance(data.get("citationItems"), list):
        return FieldCitation(program, problem="its citation data has no list of cited items")
    if data["citationItems"] and all(_named_only(raw) for raw in data["citationItems"]):
        return None  # Zotero 2.x: the works named by their place in the user's library alone
    items: list[CitedItem] = []
    for position, raw in enumerate(data["citationItems"], 1):
        item = _item(raw, program)
        if item is None:
            return FieldCitation(program, problem=f"its cited item {position} holds no data of the work")
        items.append(item)
    properties = data.get("properties")
    kept = isinstance(properties, dict) and _flag(properties.get("dontUpdate"))
    return FieldCitation(program, tuple(items), _rendered(data), kept=kept)


def _text(value: Any) -> str:
    return str(value).strip() if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""


def _flag(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.casefold() in ("true", "1"))


def _named_only(raw: Any) -> bool:
    """Whether a citation item names its work by the user's library alone (`uris`, `id`), as
    Zotero 2.x wrote it (`ADDIN ZOTERO_ITEM {json}`): nothing to check, its text is typed text."""
    return isinstance(raw, dict) and "itemData" not in raw and bool(raw.get("uris") or raw.get("uri"))


def _item(raw: Any, program: str) -> CitedItem | None:
    if not isinstance(raw, dict):
        return None
    data = raw.get("itemData")
    if not isinstance(data, dict):
        return None
    uris = raw.get("uris") or raw.get("uri") or []
    uri = next((_text(u) for u in uris if _text(u)), "") if isinstance(uris, list) else _text(uris)
    identity = uri or f"{program}:{_text(raw.get('id')) or _text(data.get('id'))}:{_text(data.get('title'))}"
    return CitedItem(
        data,
        identity,
        citation_key(raw) or citation_key(data),
        _text(raw.get("locator")),
        _text(raw.get("label")),
        _text(raw.get("prefix")),
        _text(raw.get("suffix")),
        _flag(raw.get("suppress-author")),
        _flag(raw.get("author-only")),
    )


def citation_key(data: Mapping[str, Any]) -> str | None:
    """The citation key a CSL item (or a citation item) carries, if any."""
    for name in ("citation-key", "citationKey"):
        key = _text(data.get(name))
        if key:
            return key
    note = data.get("note")
    found = _CITATION_KEY_LINE.search(note) if isinstance(note, str) else None
    return found.group(1) if found else None


def _rendered(data: Mapping[str, Any]) -> str | None:
    """The text the program last rendered into the field."""
    properties = data.get("properties")
    if isinstance(properties, dict) and _text(properties.get("plainCitation")):
        return _text(properties["plainCitation"])  # Zotero
    mendeley = data.get("mendeley")
    if isinstance(mendeley, dict):
        for name in ("plainTextFormattedCitation", "previouslyFormattedCitation", "formattedCitation"):
            if _text(mendeley.get(name)):
                return _plain(_text(mendeley[name]))
    override = data.get("manualOverride")
    if isinstance(override, dict) and _text(override.get("citeprocText")):
        return _plain(_text(override["citeprocText"]))  # Mendeley Cite
    return None


_TAG = re.compile(r"<[^<>]{0,200}>")


def _plain(text: str) -> str:
    """Rendered text without its HTML tags (`<i>`, `<sup>`) and entities (`&amp;`)."""
    return html.unescape(_TAG.sub("", text))


def _base64(payload: str) -> str | None:
    """Base64 text (standard or URL-safe, padded or not) decoded as UTF-8, or None."""
    cleaned = re.sub(r"\s+", "", payload).replace("-", "+").replace("_", "/")
    cleaned += "=" * (-len(cleaned) % 4)
    try:
        return base64.b64decode(cleaned, validate=True).decode("utf-8", errors="replace")
    except (binascii.Error, ValueError):
        return None


# --- EndNote ---------------------------------------------------------------------------------

# EndNote's reference types, by the name its records give them, as CSL types
_ENDNOTE_TYPES = {
    "journal article": "article-journal",
    "electronic article": "article-journal",
    "book": "book",
    "edited book": "book",
    "electronic book": "book",
    "book section": "chapter",
    "electronic book section": "chapter",
    "report": "report",
    "government document": "report",
    "thesis": "thesis",
    "conference paper": "paper-conference",
    "conference proceedings": "paper-conference",
    "web page": "webpage",
    "newspaper article": "article-newspaper",
    "magazine article": "article-magazine",
    "dataset": "dataset",
    "computer program": "software",
    "manuscript": "manuscript",
    "unpublished work": "manuscript",
    "patent": "patent",
}
_DOI = re.compile(r"10\.\d{4,9}/\S+")
# what EndNote's ISBN/ISSN field holds for a journal: ISSNs (eight digits, the last may be X),
# each perhaps with a remark, `0014-0139 (Print) 1366-5847 (Electronic)`
_ISSNS = re.compile(r"(?:\d{4}-?\d{3}[\dXx](?:\s*\([^()]*\))?[\s,;]*)+", re.IGNORECASE)


def _endnote(code: str, data: str) -> FieldCitation | None:
    match = _ENDNOTE.match(code)
    rest = code[match.end() :] if match else ""
    if "<EndNote" in rest:
        xml = rest[rest.index("<EndNote") :]
    elif data.strip():
        decoded = _base64(data)
        if decoded is None:
            return FieldCitation(ENDNOTE, problem="its data is not base64")
        xml = decoded[decoded.find("<EndNote") :] if "<EndNote" in decoded else decoded
    else:
        return FieldCitation(ENDNOTE, problem="it holds no citation data")
    end = xml.rfind("</EndNote>")  # read from `<EndNote` on: a document type before it is not read
    xml = xml[: end + len("</EndNote>")] if end >= 0 else xml
    try:
        root = etree.fromstring(xml.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError as error:
        return FieldCitation(ENDNOTE, problem=f"its citation data is not well-formed XML ({error.msg})")
    cites = list(root.iter("Cite"))
    if cites and all(_record(cite) is None for cite in cites):
        return None  # names its works by record number alone (no traveling library): typed text
    items: list[CitedItem] = []
    shown: str | None = None
    for position, cite in enumerate(cites, 1):
        shown = shown or _inner(cite.find("DisplayText")) or None
        record = _record(cite)
        item = _endnote_item(cite, record) if record is not None else None
        if item is None or not (item.data.get("title") or item.data.get("author")):
            return FieldCitation(ENDNOTE, problem=f"its citation {position} holds no record of the work")
        items.append(item)
    if not items:
        return FieldCitation(ENDNOTE, problem="its citation data names no work")
    return FieldCitation(ENDNOTE, tuple(items), shown)


# the elements of an older EndNote's `<MDL>` record, as the elements of a `<record>`
_MDL = {
    "TITLE": "titles/title",
    "SECONDARY_TITLE": "titles/secondary-title",
    "YEAR": "dates/year",
    "PUBLISHER": "publisher",
    "PLACE_PUBLISHED": "pub-location",
    "VOLUME": "volume",
    "NUMBER": "number",
    "PAGES": "pages",
    "ISBN": "isbn",
    "URL": "urls/related-urls/url",
}
_MDL_TYPES = {"0": "Journal Article", "1": "Book"}  # its REFERENCE_TYPE: EndNote's own numbers


def _record(cite: etree._Element) -> etree._Element | None:
    """A `Cite`'s record of the work: its `<record>`, or an older EndNote's `<MDL>` (upper-case
    elements: `TITLE`, `AUTHORS/AUTHOR`, `YEAR`, ...) written as one."""
    record = cite.find("record")
    mdl = cite.find("MDL")
    if record is not None or mdl is None:
        return record
    record = etree.Element("record")
    kind = _MDL_TYPES.get(_inner(mdl.find("REFERENCE_TYPE")))
    if kind:
        etree.SubElement(record, "ref-type", name=kind)
    authors = etree.SubElement(etree.SubElement(record, "contributors"), "authors")
    for author in mdl.iterfind("AUTHORS/AUTHOR"):
        etree.SubElement(authors, "author").text = _inner(author)
    for name, path in _MDL.items():
        value = _inner(mdl.find(name))
        if value:
            parent = record
            for step in path.split("/"):
                found = parent.find(step)
                parent = found if found is not None else etree.SubElement(parent, step)
            parent.text = value
    return record


def _inner(element: etree._Element | None) -> str:
    """The text of an EndNote element, its `<style>` wrappers dropped."""
    return " ".join("".join(str(part) for part in element.itertext()).split()) if element is not None else ""


def _person(name: str) -> dict[str, str]:
    """An EndNote author as a CSL name: `Family, Given`; a corporate author ends with a comma
    (`Stichting Pharos,`), as EndNote asks them to be typed; `Given Family` otherwise."""
    if name.endswith(","):
        return {"literal": name.rstrip(", ")}
    if "," in name:
        family, _, given = name.partition(",")
        return {"family": family.strip(), "given": given.strip(" ,")}
    words = name.split()
    return {"family": words[-1], "given": " ".join(words[:-1])} if len(words) > 1 else {"family": name}


def _endnote_item(cite: etree._Element, record: etree._Element) -> CitedItem:
    kind = record.find("ref-type")
    data: dict[str, Any] = (
        {"type": _ENDNOTE_TYPES.get((kind.get("name") or "").casefold(), "")} if kind is not None else {}
    )
    authors = [_inner(a) for a in record.iterfind("contributors/authors/author")]
    if any(authors):
        data["author"] = [_person(a) for a in authors if a]
    editors = [_inner(a) for a in record.iterfind("contributors/secondary-authors/author")]
    if any(editors) and data.get("type") in ("chapter", "book"):
        data["editor"] = [_person(a) for a in editors if a]
    simple = {
        "titles/title": "title",
        "titles/secondary-title": "container-title",
        "periodical/full-title": "container-title",
        "pages": "page",
        "volume": "volume",
        "number": "issue",
        "publisher": "publisher",
        "pub-location": "publisher-place",
        "urls/related-urls/url": "URL",
    }
    for path, name in simple.items():
        value = _inner(record.find(path))
        if value and name not in data:
            data[name] = value
    numbers = _inner(record.find("isbn"))
    if numbers:  # EndNote's one "ISBN/ISSN" field: a journal's ISSN, a book's ISBN
        data["ISSN" if _ISSNS.fullmatch(numbers) else "ISBN"] = numbers
    year = _inner(record.find("dates/year")) or _inner(cite.find("Year"))
    if year:
        data["issued"] = {"literal": year}
    doi = _DOI.search(_inner(record.find("electronic-resource-num")))
    if doi:
        data["DOI"] = doi.group().rstrip(".,;")
    keys = record.find("foreign-keys/key")
    number = _inner(record.find("rec-number")) or _inner(cite.find("RecNum"))
    database = keys.get("db-id", "") if keys is not None else ""
    identity = f"{ENDNOTE}:{database}:{number}" if number else f"{ENDNOTE}::{data.get('title', '')}"
    data["id"] = identity
    return CitedItem(
        data,
        identity,
        locator=_inner(cite.find("Pages")),
        label="page" if _inner(cite.find("Pages")) else "",
        prefix=_inner(cite.find("Prefix")),
        suffix=_inner(cite.find("Suffix")),
        suppress_author=_inner(cite.find("ExcludeAuth")) == "1",
    )


# --- Citavi ----------------------------------------------------------------------------------

# Citavi's reference types, as CSL types
_CITAVI_TYPES = {
    "journalarticle": "article-journal",
    "newspaperarticle": "article-newspaper",
    "book": "book",
    "bookedited": "book",
    "contribution": "chapter",
    "conferenceproceedings": "paper-conference",
    "thesis": "thesis",
    "internetdocument": "webpage",
    "unpublishedwork": "manuscript",
    "presstext": "article-newspaper",
    "standard": "standard",
    "patent": "patent",
}


def _citavi(code: str) -> FieldCitation:
    """`ADDIN CitaviPlaceholder{base64}`: the JSON of a Citavi placeholder (Json.NET's, whose
    objects repeated are `{"$ref": id}` to the first, marked `$id`), one `Entries` item per
    work cited with its `Reference`, page range, prefix and suffix; `Text` as shown."""
    payload = code[code.index("{") + 1 :].strip().rstrip("}").strip()
    decoded = _base64(payload)
    if decoded is None:
        return FieldCitation(CITAVI, problem="its data is not base64")
    try:
        data = json.loads(decoded, parse_int=str, parse_float=str, parse_constant=str)
    except json.JSONDecodeError as error:
        return FieldCitation(CITAVI, problem=f"its citation data is not JSON ({error.msg})")
    except RecursionError:
        return FieldCitation(CITAVI, problem="its citation data is nested too deeply to read")
    if not isinstance(data, dict) or not isinstance(data.get("Entries"), list) or not data["Entries"]:
        return FieldCitation(CITAVI, problem="its citation data has no list of cited works")
    marked: dict[str, dict[str, Any]] = {}
    stack: list[Any] = [data]
    while stack:  # every object marked `$id`, to follow a `$ref` to it
        value = stack.pop()
        if isinstance(value, dict):
            if isinstance(value.get("$id"), str):
                marked.setdefault(value["$id"], value)
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)

    def follow(value: Any) -> Any:
        return marked.get(value["$ref"], {}) if isinstance(value, dict) and "$ref" in value else value

    items: list[CitedItem] = []
    for position, entry in enumerate(data["Entries"], 1):
        entry = follow(entry)
        reference = follow(entry.get("Reference")) if isinstance(entry, dict) else None
        if not isinstance(reference, dict) or not (reference.get("Title") or reference.get("Authors")):
            return FieldCitation(CITAVI, problem=f"its cited work {position} holds no record of the work")
        pages = follow(entry.get("PageRange"))
        locator = _text(pages.get("OriginalString")) if isinstance(pages, dict) else ""
        item = _citavi_item(reference, follow)
        items.append(
            CitedItem(
                item,
                item["id"],
                locator=locator,
                label="page" if locator else "",
                prefix=_text(entry.get("Prefix")),
                suffix=_text(entry.get("Suffix")),
            )
        )
    return FieldCitation(CITAVI, tuple(items), _text(data.get("Text")) or None)


def _citavi_item(reference: dict[str, Any], follow: Callable[[Any], Any]) -> dict[str, Any]:
    parent = follow(reference.get("ParentReference"))
    parent = parent if isinstance(parent, dict) else {}
    data: dict[str, Any] = {"type": _CITAVI_TYPES.get(_text(reference.get("ReferenceType")).casefold(), "")}
    for role, name in (("author", "Authors"), ("editor", "Editors")):
        people = []
        for raw in reference.get(name) or []:
            person = follow(raw)
            if isinstance(person, dict) and _text(person.get("LastName")):
                names = (_text(person.get("FirstName")), _text(person.get("MiddleName")))
                given = " ".join(name for name in names if name)
                people.append({"family": _text(person.get("LastName")), "given": given})
        if people:
            data[role] = people
    periodical = follow(reference.get("Periodical"))
    container = _text(periodical.get("Name")) if isinstance(periodical, dict) else _text(parent.get("Title"))
    publishers = [follow(p) for p in (reference.get("Publishers") or parent.get("Publishers") or [])]
    pages = follow(reference.get("PageRange"))
    simple = {
        "title": _text(reference.get("Title")),
        "container-title": container,
        "volume": _text(reference.get("Volume")),
        "issue": _text(reference.get("Number")),
        "page": _text(pages.get("OriginalString")) if isinstance(pages, dict) else "",
        "publisher": next((_text(p.get("Name")) for p in publishers if isinstance(p, dict)), ""),
        "publisher-place": _text(reference.get("PlaceOfPublication") or parent.get("PlaceOfPublication")),
        "DOI": _text(reference.get("Doi")),
        "ISBN": _text(reference.get("Isbn") or parent.get("Isbn")),
        "URL": _text(reference.get("OnlineAddress")),
    }
    data.update({name: value for name, value in simple.items() if value})
    year = _text(reference.get("Year") or reference.get("YearResolved") or parent.get("Year"))
    if year:
        data["issued"] = {"literal": year}
    data["id"] = f"{CITAVI}:{_text(reference.get('Id')) or data.get('title', '')}"
    return data
