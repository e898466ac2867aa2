"""The reference list of a manuscript: the last section under a reference-list heading.

The finder works on blocks (paragraphs, list items, headings) with their lines, so any
format that can hand over its paragraphs in order (Markdown and plain text here, Word's
paragraphs later) finds its list the same way. `text_blocks` makes those blocks from
Markdown or plain text: ATX and setext headings, a line alone that is a heading word,
list items, paragraphs, hanging indents, block quotes, and pandoc's rendered list
(`::: {#refs}` or `<div id="refs">` with one `ref-KEY` block per item).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from claimcite.model import Location

# Headings of a reference list in English, Dutch, German, French and Spanish, as the style
# guides and their national adaptations name it (APA 7 and its Dutch, German, French and Spanish
# editions; MLA; Chicago; Harvard; Vancouver), and as reports write it; case folded, diacritics
# kept off (`Références` is `references`). A heading for further reading, or for a review of
# the literature (`Literatuuroverzicht`, `Forschungsstand`), names no list of cited works.
HEADINGS = frozenset(
    """references|reference|reference list|list of references|references cited|cited references
    |literature references|bibliographical references|bibliography
    |selected bibliography|works cited|works consulted|literature cited|literature|cited literature
    |cited works|sources|sources cited|sources consulted|references and notes|notes and references
    |bibliographic references|further reading and references
    |literatuur|literatuurlijst|literatuurverwijzingen|geraadpleegde literatuur|gebruikte literatuur
    |bronnen|bronnenlijst|bronvermelding|bronvermeldingen|referenties|referentielijst|bibliografie
    |gebruikte bronnen|geraadpleegde bronnen|literatuur en bronnen|bronnen en literatuur
    |literatur|literaturverzeichnis|literaturliste|literaturangaben|literaturnachweis|quellen
    |quellenverzeichnis|quellenangaben|quellennachweis|quellennachweise|verwendete literatur
    |verwendete quellen|zitierte literatur|referenzen|literatur und quellen|quellen und literatur
    |literatur und quellenverzeichnis|quellen und literaturverzeichnis|bibliographie
    |references bibliographiques|liste des references|liste de references|sources bibliographiques
    |ouvrages cites|travaux cites|oeuvres citees|œuvres citees|referencias|referencias bibliograficas
    |lista de referencias|bibliografia|bibliografia citada|fuentes|fuentes consultadas
    |fuentes bibliograficas|obras citadas|trabajos citados|literatura citada""".replace("\n", "").split("|")
)
_HEADINGS = frozenset(" ".join(h.split()) for h in HEADINGS)


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, list item or heading, with where it starts and ends (1-based lines)."""

    text: str
    line: int
    column: int = 1
    end_line: int = 0
    heading: int = 0  # 1-6 for a heading of that level; 9 for a line that only looks like one
    anchor: str = ""  # pandoc's `ref-KEY` id of a rendered item, or `refs` for the list itself
    list_item: bool = False
    in_refs: bool = False  # inside a rendered list (`::: {#refs}`)
    note: bool = False  # a footnote's text (`[^1]: ...`), wherever it stands: never an item
    lines: tuple[tuple[int, int, str], ...] = ()  # (line, column, text) of a paragraph's lines


@dataclass(frozen=True, slots=True)
class ListItem:
    """One item of a reference list: its text and place, and the key pandoc rendered it from."""

    text: str
    location: Location
    key: str | None = None
    end_line: int = 0  # the last line of the item
    list_item: bool = False  # typed after a list marker (`-`, `1.`), not as a paragraph


@dataclass(frozen=True, slots=True)
class ReferenceList:
    """A manuscript's reference list: its heading (None for a rendered list without one),
    its items in order, and the lines it spans (citations there are not citations)."""

    heading: str | None
    location: Location
    items: tuple[ListItem, ...]
    first_line: int
    last_line: int
    rendered: bool = False  # pandoc's `refs` list, each item carrying its key

    def holds(self, line: int) -> bool:
        """True when `line` is the heading's or a line of an item (text there is the list's, not
        cited text: a heading and the first item below it are no `Literatuur Okafor (2017)`)."""
        return (self.heading is not None and line == self.first_line) or any(
            item.location.line is not None and item.location.line <= line <= item.end_line
            for item in self.items
        )


def heading_name(text: str) -> str | None:
    """The reference-list heading that `text` is (`7. Literatuur:` is `literatuur`), or None."""
    plain = re.sub(r"<[^<>]{0,200}>", " ", text)  # an anchor: `# Literatuur <a name="lit"></a>`
    plain = re.sub(r"\{[^{}]{0,200}\}\s*$", "", plain)  # pandoc attributes: `# References {-}`
    plain = re.sub(r"[*_`#>]", " ", plain)
    decomposed = unicodedata.normalize("NFKD", plain)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    folded = re.sub(r"[^\w\s]", " ", folded)
    words = folded.split()
    while words and (words[0].isdigit() or (re.fullmatch(r"[ivxlc]+|[a-z]", words[0]) and len(words) > 1)):
        words = words[1:]  # `7.`, `7.1`, `A.`, `IV`
    name = " ".join(words)
    return name if name in _HEADINGS else None


# What starts the matter after a reference list when it is typed as a paragraph of its own
# rather than set as a heading (`Appendix 1`, `Figure captions:`, `Figure 1. Observations of`,
# `Table 2:`, `Supplementary material`): no item, and the end of the list. An item never opens so.
_AFTER_LIST = re.compile(
    r"(?:appendix|appendices|annex|annexes|annexe|anhang|anh[äa]nge|bijlage|bijlagen|anexos?"
    r"|ap[ée]ndices?)\b"
    r"|(?:figures?|fig\.?|tables?|tabel|tabellen?|abbildung(?:en)?|abb\.|figuur|figuren|tableaux?"
    r"|tablas?|figuras?)(?:\s*(?-i:[A-Z]?\d{1,3}[a-z]?)(?:\s*[.:–—|]|\s*$|\s+(?-i:[A-Z]))"
    r"|\s+(?:captions?|legends?|titles?)\b|[:.]?$)"
    r"|(?:supplementary|supplemental|supporting)\s+(?:materials?|information|tables?|figures?|files?|data)\b"
    r"|list\s+of\s+(?:figures|tables)\b"
    r"|(?:acknowledge?ments?|author\s+contributions?|funding|conflicts?\s+of\s+interests?"
    r"|competing\s+interests?|data\s+availability(?:\s+statement)?|ethics\s+statement"
    r"|tables\s+and\s+figures|figures\s+and\s+tables)[.:]?$",
    re.IGNORECASE,
)


def ends_list(text: str) -> bool:
    """True for a paragraph that opens what follows a reference list (an appendix, the figure
    captions, a table's title) rather than an item of it."""
    return _AFTER_LIST.match(text.strip().strip("*_")) is not None


def find_reference_list(blocks: Sequence[Block], path: str) -> ReferenceList | None:
    """The last reference list in `blocks`: a rendered pandoc list, else the section under
    the last reference-list heading that holds items, else the paragraphs that a bibliography
    style sets apart as the list (pandoc's Word output has no heading where the source has none).
    A section's list ends at a paragraph that opens an appendix or the figure captions."""
    rendered = [b for b in blocks if b.in_refs and b.anchor.startswith("ref-")]
    if rendered:
        return _rendered(blocks, rendered, path)
    found = _under_heading(blocks, path)
    styled = [b for b in blocks if b.in_refs and not b.heading and not b.note]
    if styled and (found is None or not any(found.holds(b.line) for b in styled)):
        return _rendered(blocks, styled, path, keyed=False)
    return found


def _under_heading(blocks: Sequence[Block], path: str) -> ReferenceList | None:
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        if not block.heading:
            continue
        name = heading_name(block.text)
        if name is None:
            continue
        items: list[Block] = []
        for following in blocks[index + 1 :]:
            closes = following.heading and (following.heading <= block.heading or block.heading == 9)
            if closes and (following.heading != 9 or heading_name(following.text) is None or items):
                break
            if following.heading or following.note:
                continue
            if ends_list(following.text):
                break
            items.extend(_split(following))
        if not items:
            continue
        return ReferenceList(
            heading=block.text.strip(),
            location=Location(path, block.line, block.column),
            items=tuple(_item(b, path) for b in items),
            first_line=block.line,
            last_line=max(b.end_line or b.line for b in items),
        )
    return None


def _rendered(blocks: Sequence[Block], items: list[Block], path: str, *, keyed: bool = True) -> ReferenceList:
    """The list that a renderer sets apart (`keyed`: each item with its `ref-KEY`), under the
    reference-list heading before it if there is one."""
    first = items[0]
    heading: Block | None = None
    for block in blocks:
        if block.line >= first.line:
            break
        if block.heading and heading_name(block.text) is not None:
            heading = block
    start = heading or first
    return ReferenceList(
        heading=heading.text.strip() if heading else None,
        location=Location(path, start.line, start.column),
        items=tuple(_item(b, path) for b in items),
        first_line=start.line,
        last_line=max(b.end_line or b.line for b in items),
        rendered=keyed,
    )


def _item(block: Block, path: str) -> ListItem:
    key = block.anchor[4:] if block.anchor.startswith("ref-") else None
    location = Location(path, block.line, block.column)
    return ListItem(block.text, location, key, block.end_line or block.line, block.list_item)


# --- Markdown and plain text into blocks -----------------------------------------------------

_ATX = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_HTML_HEADING = re.compile(r"^<(h[1-6]|summary)\b[^>]*>(.*?)</\1>\s*$", re.IGNORECASE)
_BOLD_LINE = re.compile(r"^(?:\*\*|__)(.{1,80}?)(?:\*\*|__):?\s*$")
_LIST_MARKER = re.compile(r"^(?:[-*+•–]|\d{1,3}[.)]|\[\d{1,3}\]|\(\d{1,3}\))\s+")
_FENCE = re.compile(r"^(`{3,}|~{3,})")
_DIV_OPEN = re.compile(r"^:{3,}\s*\{#([^\s{}]+)[^}]*\}\s*$|^<div\s+id=\"([^\"\s]+)\"[^>]*>\s*$")
_TAG_START = re.compile(r"^<div\s[^<>]*$")  # an opening tag that goes on on the next line
_DIV_CLOSE = re.compile(r"^:{3,}\s*$|^</div>\s*$")
_QUOTE = re.compile(r"^(?:>\s?)+")
_NOTE = re.compile(r"^\[\^[^\]\s]{1,100}\]:")
_TERMINAL = re.compile(r"(?:[.)>\]]|\d|/)\s*$")


@dataclass
class _Line:
    text: str
    number: int
    column: int
    indent: int


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    for number, raw in enumerate(text.splitlines(), 1):
        quote = _QUOTE.match(raw)
        body = raw[quote.end() :] if quote else raw
        stripped = body.lstrip()
        indent = len(body) - len(stripped)
        out.append(_Line(stripped.rstrip(), number, len(raw) - len(stripped) + 1, indent))
    return out


def text_blocks(text: str) -> list[Block]:
    """The blocks of a Markdown or plain-text manuscript, in order."""
    lines = _lines(text)
    blocks: list[Block] = []
    current: list[_Line] = []
    anchors: list[str] = []  # open pandoc divs
    fence: str | None = None
    underline = -1
    taken = -1  # the lines up to here belong to a tag already read

    def flush() -> None:
        if current:
            blocks.extend(_paragraph_blocks(current, anchors))
            current.clear()

    for position, line in enumerate(lines):
        body = line.text
        if position <= taken:
            continue
        if fence is not None:
            if body.startswith(fence):
                fence = None
            continue
        opened = _FENCE.match(body)
        if opened:
            flush()
            fence = opened.group(1)
            continue
        div = _DIV_OPEN.match(body)
        if div is None and _TAG_START.match(body):  # pandoc 3 wraps a long opening tag
            end = next(
                (i for i in range(position + 1, min(position + 8, len(lines))) if ">" in lines[i].text), None
            )
            if end is not None:
                div = _DIV_OPEN.match(" ".join(x.text for x in lines[position : end + 1]))
                if div is not None:
                    taken = end  # the tag's other lines, read with it
        if div:
            flush()
            anchors.append(div.group(1) or div.group(2))
            continue
        if _DIV_CLOSE.match(body) and anchors:
            flush()
            anchors.pop()
            continue
        if not body or body.startswith("<!--") or _TAGS_ONLY.fullmatch(body):
            flush()
            continue
        if position == underline:
            continue  # the underline of a setext heading, already taken
        if _TABLE_ROW.match(body):  # a list typed as a table: `| 1 | Jansen, P. (2020). ... |`
            flush()
            following = lines[position + 1].text if position + 1 < len(lines) else ""
            row = None if _TABLE_RULE.match(body) or _TABLE_RULE.match(following) else _table_row(body)
            if row is not None:
                offset, cell = row
                blocks.append(Block(cell, line.number, line.column + offset, line.number, list_item=True))
            continue
        heading = _heading(body, lines, position, current)
        if heading is not None:
            flush()
            level, title = heading
            blocks.append(Block(title, line.number, line.column, line.number, heading=level))
            if level in {1, 2} and position + 1 < len(lines) and _SETEXT.match(lines[position + 1].text):
                underline = position + 1
            continue
        if current and _LIST_MARKER.match(body) and _LIST_MARKER.match(current[0].text):
            flush()  # the next item of a list (a list does not interrupt a paragraph)
        if current and _NOTE.match(body):
            flush()
        current.append(line)
    flush()
    return blocks


_TAGS_ONLY = re.compile(r"(?:</?(?:details|div|p|br|span|a)\b[^<>]{0,300}>\s*)+")  # `<div ...></div>`
_TABLE_ROW = re.compile(r"^\|.*\|$")
_TABLE_RULE = re.compile(r"^\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-{0,}:?\s*$")  # `| :---: | :--- |`
_CELL = re.compile(r"(?:\\.|[^|\\])+")
_INDEX = re.compile(r"\[?\(?\d{1,4}[.)\]]?|\*\*\d{1,4}\*\*")


def _table_row(body: str) -> tuple[int, str] | None:
    """The text of a table row that is an item of a list (its index cell left out), with its
    offset in the line; None for a row of no text."""
    cells = [
        (m.start() + len(m.group()) - len(m.group().lstrip()), m.group().strip())
        for m in _CELL.finditer(body)
    ]
    cells = [(at, cell) for at, cell in cells if cell]
    if cells and _INDEX.fullmatch(cells[0][1]):
        cells = cells[1:]
    if not cells:
        return None
    return cells[0][0], " ".join(cell for _, cell in cells)


def _heading(body: str, lines: list[_Line], position: int, current: list[_Line]) -> tuple[int, str] | None:
    atx = _ATX.match(body)
    if atx:
        return len(atx.group(1)), atx.group(2)
    html = _HTML_HEADING.match(body)
    if html:
        level = int(html.group(1)[1]) if html.group(1).lower().startswith("h") else 9
        return level, re.sub(r"<[^>]{0,200}>", "", html.group(2))
    following = lines[position + 1].text if position + 1 < len(lines) else ""
    if not current and following and _SETEXT.match(following) and len(body) < 200:
        return (1 if following.startswith("=") else 2), body
    alone = not current and (position + 1 >= len(lines) or not following or heading_name(body) is not None)
    if alone and len(body) <= 80:
        bold = _BOLD_LINE.match(body)
        candidate = bold.group(1) if bold else body
        if heading_name(candidate) is not None:
            return 9, candidate
    return None


def _paragraph_blocks(lines: list[_Line], anchors: list[str]) -> list[Block]:
    """One paragraph as blocks: a list item each, or items told apart by a hanging indent or,
    in a list typed one item per line, by lines that each read as a reference."""
    anchor = anchors[-1] if anchors else ""
    in_refs = "refs" in anchors
    groups: list[list[_Line]] = [[lines[0]]]
    hanging = len({line.indent for line in lines}) > 1 and lines[0].indent < min(x.indent for x in lines[1:])
    listed = bool(_LIST_MARKER.match(lines[0].text)) and not anchor.startswith("ref-")
    for line in lines[1:]:
        if (listed and _LIST_MARKER.match(line.text) and line.indent <= lines[0].indent) or (
            hanging and line.indent <= lines[0].indent
        ):
            groups.append([line])
        else:
            groups[-1].append(line)
    out: list[Block] = []
    for group in groups:
        first = group[0]
        marker = _LIST_MARKER.match(first.text)
        text = " ".join([first.text[marker.end() :] if marker else first.text] + [x.text for x in group[1:]])
        column = first.column + (marker.end() if marker else 0)
        parts: tuple[tuple[int, int, str], ...] = (
            (first.number, column, text[: len(first.text) - (marker.end() if marker else 0)]),
            *((x.number, x.column, x.text) for x in group[1:]),
        )
        split = not hanging and not marker and not anchor.startswith("ref-")
        out.append(
            Block(
                text,
                first.number,
                column,
                group[-1].number,
                0,
                anchor,
                bool(marker),
                in_refs,
                bool(_NOTE.match(first.text)),
                parts if split and len(parts) > 1 else (),
            )
        )
    return out


def _split(block: Block) -> list[Block]:
    """A paragraph of a reference list typed one item per line, without blank lines between
    them, as one block per item: a line starts an item when the line before it ends one and
    the line reads as a reference on its own. Wrapped lines stay together."""
    if not block.lines:
        return [block]
    groups: list[list[tuple[int, int, str]]] = [[block.lines[0]]]
    for previous, line in zip(block.lines, block.lines[1:], strict=False):
        if _ends_item(previous[2]) and _starts_reference(line[2]):
            groups.append([line])
        else:
            groups[-1].append(line)
    if len(groups) == 1:
        return [block]
    return [
        Block(" ".join(x[2] for x in group), group[0][0], group[0][1], group[-1][0], 0, block.anchor)
        for group in groups
    ]


def _ends_item(line: str) -> bool:
    """A line that may end an item: a period, a number, a bracket or a link at its end."""
    words = line.split()
    last = words[-1] if words else ""
    return bool(_TERMINAL.search(last)) or last.startswith(("http://", "https://", "www."))


def _starts_reference(line: str) -> bool:
    # imported here: a manuscript without a reference list needs none of its patterns (start-up)
    from claimcite.load.refstring import Reference, parse_reference

    return isinstance(parse_reference(line, Location("")), Reference)
