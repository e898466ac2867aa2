"""Citations in Pandoc Markdown, as pandoc's own Markdown reader finds them.

The rules follow pandoc's reader (`citeKey`, `normalCite`, `textCite`,
`bareloc`): a key starts with a letter, digit or `_` and may hold internal
punctuation `:.#$%&-+?<>~/`; `@{...}` braces any key without spaces; `@` right
after a letter or digit (an e-mail address) is no citation; a bracketed group
is a citation only when every `;`-separated part holds a key and no `(`, `[`
or `{` follows it (else it is a link or span whose text may hold in-text
citations). Code blocks and spans, math, HTML comments and tags, autolinks,
link targets and escaped characters are masked first, offsets kept.
Cross-references of Quarto (`@fig-x`) and pandoc-crossref (`@fig:x`) are
returned marked as such: pandoc alone would take them for citations.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from claimcite.load import yamltree
from claimcite.load.text import Brackets

# a simple key: pandoc's `simpleCiteIdentifier`
_KEY = re.compile(r"(?:[^\W]|\*)(?:[^\W]|[:.#$%&\-+?<>~/](?=[^\W])|[:/](?=/))*")
_CROSSREF = re.compile(
    r"(?:fig|tbl|sec|eq|lst|thm|lem|cor|prp|cnj|def|exm|exr|sol|rem|apx|nte|tip|wrn|imp|cau)[-:]"
)
_LONGEST_GROUP = 4000
_PARAGRAPH_STOP = re.compile(r"\n|(?<!\\)`+")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)]|#[.)]|\(?@[\w-]*[.)]|\[\^[^\]]+\]:)(?:\s|$)")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>")
_REF_DEF = re.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*(\S.*)$", re.MULTILINE)
_ATTRIBUTES = re.compile(
    r"""\{\s*(?:=\S+|(?:(?:[#.][^\s{}"'=]+|[\w.:-]+=(?:"[^"]*"|'[^']*'|[^\s{}"']+))\s*)*)\}"""
)
_FENCE_WORD = re.compile(r"[^\s{][^\s]*")
_QUOTE = re.compile(r"(?:[ \t]{0,3}>[ \t]?)*")
# a list marker; an example's, `(@label)` or `@label.`, with its label
_MARKER = re.compile(r"[ \t]{0,3}(?:[-*+]|\d+[.)]|\(\d+\)|#[.)]|\(?@([\w-]+)[.)])(?=[ \t]|$)")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Cite:
    """One cited key as pandoc would read it."""

    start: int  # offset of the cite in the text (its `@`, or `-@`)
    end: int
    key: str
    mode: str  # "normal", "in-text" or "suppress-author"
    group: int  # cites of one bracket (or of `@key [...]`) share a group
    prefix: str = ""
    suffix: str = ""
    crossref: bool = False
    in_front_matter: bool = False


def _blank(text: str, start: int, end: int, out: list[str]) -> None:
    for index in range(start, end):
        if out[index] not in "\r\n":
            out[index] = " "


def _spans(text: str, opening: str, closing: str) -> Iterator[tuple[int, int]]:
    """The spans from each `opening` to the next `closing`, in one pass: an opening that is
    never closed ends the search (a regular expression would rescan the text for each)."""
    position = 0
    while True:
        start = text.find(opening, position)
        if start == -1:
            return
        end = text.find(closing, start + len(opening))
        if end == -1:
            return
        yield start, end + len(closing)
        position = end + len(closing)


_QUOTED = re.compile(r"^ {0,3}>")
_NEXT_ITEM = re.compile(r"\n\s{0,3}(?:[-*+]|\d+[.)]|#[.)])(?:[ \t]|$)", re.MULTILINE)


def _comments(text: str) -> Iterator[tuple[int, int]]:
    """HTML comments, which run over blank lines, except in a list item (after its marker, or
    indented under it) or a block quote, where an unclosed one is text. One pass:
    the next `-->` and the next blank line are looked up again only once passed."""
    position = 0
    end = blank = item = -1
    while True:
        start = text.find("<!--", position)
        if start == -1:
            return
        if end < start + 4:
            end = text.find("-->", start + 4)
            if end == -1:
                return
        if blank < start:
            found = _BLANK_LINE.search(text, start)
            blank = found.start() if found else len(text)
        line_start = text.rfind("\n", 0, start) + 1
        before = text[line_start:start]
        in_item = _LIST_ITEM.match(before)
        inside = in_item or _QUOTED.match(before)
        if in_item and item < start:
            found = _NEXT_ITEM.search(text, start)  # the next item ends this one, and its comment
            item = found.start() if found else len(text)
        ends = min(blank, item) if in_item else blank
        if ends < end and (inside or len(before.expandtabs(4)) - len(before.lstrip()) > 3):
            position = start + 4  # in a list item or a block quote the comment ends with it: text
            continue
        yield start, end + 3
        position = end + 3


def mask(text: str, *, blocks: bool = True, titles: bool = False) -> str:
    """`text` with everything that cannot hold a citation blanked out, offsets kept; with
    `blocks` False, `text` is inline Markdown (a caption): no code blocks, no indented code.
    With `titles`, a code span that holds a plain phrase stays, backticks and all: author-year
    text sets a title cited in the author's place so (`` (`Über Koha`, o.J.) ``)."""
    out = list(text)
    if blocks:
        _mask_blocks(text, out)
    for start, end in _comments("".join(out)):
        _blank(text, start, end, out)
    for pattern in (_HTML_TAG, _AUTOLINK):
        for match in pattern.finditer("".join(out)):
            _blank(text, match.start(), match.end(), out)
    masked = "".join(out)
    for match in _REF_DEF.finditer(masked):
        _blank(text, match.start(1), match.end(1), out)
    masked = _mask_inline("".join(out), out, titles=titles)
    if blocks and "[^" in masked:
        masked = _mask_unused_notes(text, masked, out)
    return masked


_NOTE_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.MULTILINE)
_NOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\]")
_NOTE_END = re.compile(r"\n[ \t]*\n(?![ \t]{4}|\t|[ \t]*\n)|\n(?= {0,3}\[\^[^\]\s]+\]:)")


def _mask_unused_notes(text: str, masked: str, out: list[str]) -> str:
    """Footnotes that nothing outside the notes refers to: pandoc leaves them out of the
    document. (A note's extent is read in `text`, where blanked tags do not look like
    indented lines.)"""
    notes: list[tuple[str, int, int]] = []
    for match in _NOTE_DEFINITION.finditer(masked):
        end = _NOTE_END.search(text, match.end())
        notes.append((match.group(1), match.start(), end.start() if end else len(masked)))
    starts = [start for _, start, _ in notes]
    labels = {match.end() for match in _NOTE_DEFINITION.finditer(masked)}  # `[^x]:` opening a note
    used: set[str] = set()
    for match in _NOTE_REFERENCE.finditer(masked):
        if match.end() + 1 in labels:
            continue  # the label of a definition; `it[^x]:` in a sentence is a reference
        inside = bisect.bisect_right(starts, match.start()) - 1
        if inside < 0 or match.start() >= notes[inside][2]:
            used.add(match.group(1))
    for label, note_start, note_end in notes:
        if label not in used:
            _blank(masked, note_start, note_end, out)
    return "".join(out)


class _Lines:
    """The lines of a text with their offsets, for the block structure."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] = []
        self.lines: list[str] = []
        offset = 0
        for line in text.splitlines(keepends=True):
            self.starts.append(offset)
            self.lines.append(line.rstrip("\r\n"))
            offset += len(line)
        self.starts.append(len(text))
        # the lines that can close a fence, by fence character and by each length they close:
        # a line of n backticks is listed under 3..n. Their total is at most the text's length,
        # and each opening fence finds its closing line by bisection (linear time in all).
        self._closers: dict[tuple[str, int], list[int]] = {}
        for index, line in enumerate(self.lines):
            closing = _FENCE.match(line) if line.lstrip(" ")[:1] in ("`", "~") else None
            if closing and not closing.group(3).strip():
                for size in range(3, len(closing.group(2)) + 1):
                    self._closers.setdefault((closing.group(2)[0], size), []).append(index)

    def __len__(self) -> int:
        return len(self.lines)

    def blank(self, index: int) -> bool:
        return not self.lines[index].strip()

    def fence_end(self, index: int) -> int | None:
        """When line `index` opens a fenced code block that is closed, the closing line."""
        opening = _FENCE.match(self.lines[index])
        if opening is None or not _fence_info_ok(opening.group(2)[0], opening.group(3)):
            return None
        closers = self._closers.get((opening.group(2)[0], len(opening.group(2))), [])
        found = bisect.bisect_right(closers, index)
        return closers[found] if found < len(closers) else None  # unclosed: pandoc reads it as text

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def paragraph_end(self, index: int, *, in_list: bool = False) -> int:
        """The line after the paragraph that starts at line `index`: it ends at a blank line,
        or where a fenced code block starts, but not inside an inline code span."""
        text = self.text
        position = self.starts[index]
        while True:
            found = _PARAGRAPH_STOP.search(text, position)
            if found is None:
                return len(self.lines)
            if found.group() == "\n":
                following = self.line_of(found.end())
                if following >= len(self.lines):
                    return len(self.lines)
                if self.blank(following) or (
                    (in_list or self.lines[following].lstrip().startswith("`"))
                    and self.fence_end(following) is not None
                ):
                    # pandoc lets a ``` fence interrupt a paragraph, a ~~~ one only in a list item
                    return following
                position = found.end()
                continue
            run = found.group()
            close = _code_span_close(text, found.end(), run)
            position = close if close is not None else found.end()


def _code_span_close(text: str, start: int, run: str) -> int | None:
    """The end of the backtick run closing a code span opened by `run`, within its paragraph."""
    close = re.compile(rf"(?<!`){re.escape(run)}(?!`)").search(text, start)
    if close is None or _paragraph_break(text, start, close.start()):
        return None
    return close.end()


def _mask_blocks(text: str, out: list[str]) -> None:
    """Fenced code blocks (closed ones: pandoc reads an unclosed fence as text), and indented
    code blocks outside list items and footnotes. A fence may interrupt a paragraph, except
    inside an inline code span: in R Markdown, pandoc takes a `{r setup}` line for text and
    the chunk up to its closing backticks for inline code."""
    lines = _Lines(text)
    index = 0
    previous_blank = True
    in_list = False
    unclosed = False  # no `-->` stands after the last comment looked at
    while index < len(lines):
        line = lines.lines[index]
        if lines.blank(index):
            previous_blank = True
            index += 1
            continue
        end = lines.fence_end(index)
        if end is not None:
            _blank(text, lines.starts[index], lines.starts[end + 1], out)
            if previous_blank and not line.startswith((" ", "\t")):
                in_list = False  # a fence at the margin after a blank line ends a list
            index = end + 1
            previous_blank = False
            continue
        if line.startswith(("    ", "\t")) and previous_blank and not in_list:
            code_end = index
            while code_end + 1 < len(lines) and (
                lines.blank(code_end + 1) or lines.lines[code_end + 1].startswith(("    ", "\t"))
            ):
                code_end += 1
            _blank(text, lines.starts[index], lines.starts[code_end + 1], out)
            index = code_end + 1
            previous_blank = lines.blank(code_end)
            continue
        if _LIST_ITEM.match(line):
            in_list = True
        elif previous_blank and not line.startswith((" ", "\t")):
            in_list = False
        block_end = (
            index + 1 if _HEADING.match(line) else max(lines.paragraph_end(index, in_list=in_list), index + 1)
        )
        # an HTML comment runs to its `-->`, over blank lines and fences, as pandoc reads it (a
        # raw HTML block, or inline HTML in a paragraph): a fence inside it is no code
        position = lines.starts[index]
        while not (in_list or unclosed or _QUOTED.match(line)):
            opening = text.find("<!--", position, lines.starts[block_end])
            if opening == -1:
                break
            close = text.find("-->", opening + 4)
            if close == -1:
                unclosed = True
            elif close >= lines.starts[block_end]:
                block_end = bisect.bisect_right(lines.starts, close)
            position = close + 3
        index = block_end
        previous_blank = False


def _fence_info_ok(char: str, info: str) -> bool:
    """Whether pandoc opens a code block with this info string: nothing, a word, `{attributes}`
    or a word then `{attributes}`. (`{r setup}` of R Markdown is none of these: pandoc reads
    such a line as a paragraph.)"""
    info = info.strip()
    if "`" in info:  # pandoc: a language name holds no backtick, after ``` or ~~~
        return False
    if not info or _ATTRIBUTES.fullmatch(info):
        return True
    word = _FENCE_WORD.match(info)
    if word is None:
        return False
    rest = info[word.end() :].strip()
    return not rest or bool(_ATTRIBUTES.fullmatch(rest))


_INLINE_SPECIAL = re.compile(r"\\[A-Za-z]+|\\[^\r\n]|`+|\$|\]\(")
_LONGEST_RETRIED_RUN = 16  # backticks: a longer run without a closer is literal whole (bounds the work)


_PHRASE = re.compile(r"`[^`()\[\]{}<>=;@$\\\n]{1,100}`")  # a code span that holds words only


def _mask_inline(masked: str, out: list[str], *, titles: bool = False) -> str:
    """Code spans, math, escapes and link targets, in one pass over the special characters."""
    text = masked
    parens = Brackets(text, "(", ")")
    braces = Brackets(text, "{", "}", escapes=True)
    squares = Brackets(text, "[", "]", escapes=True)
    no_close: dict[str, int] = {}  # a run of n backticks with no closer: none up to this offset
    no_math = -1  # a `$` with no closing `$`: none up to this offset
    position = 0
    for match in _INLINE_SPECIAL.finditer(text):
        index = match.start()
        if index < position:
            continue
        token = match.group()
        if token[0] == "\\" and token[1:].isalpha():
            # raw TeX (pandoc's raw_tex): `\textbf{@a}` is a command with its arguments, not Markdown
            end = _tex_command_end(text, match.end(), braces, squares)
            _blank(text, index, end, out)
            position = end
        elif token.startswith("\\"):
            out[index] = out[index + 1] = " "
            position = match.end()
        elif token.startswith("`"):
            # a run with no closer is one literal backtick, and pandoc reads on from the next one:
            # in "``a `b` " the code span is "`b`"
            start, run, close = index, token, None
            while (run and len(run) <= _LONGEST_RETRIED_RUN) or run == token:
                if no_close.get(run, -1) <= start:
                    close = _code_span_close(text, start + len(run), run)
                    if close is not None and not _crosses_an_item(text, start, close):
                        break
                    if close is None:
                        no_close[run] = _paragraph_end(text, start)
                    close = None
                start, run = start + 1, run[1:]
            if close is None:
                continue
            if not (titles and _PHRASE.fullmatch(text, start, close)):
                _blank(text, start, close, out)
            position = close
        elif token == "$":
            if no_math > index:
                continue
            math_end = _math_end(text, index)
            if math_end is None:
                if (
                    not text.startswith("$$", index)
                    and index + 1 < len(text)
                    and not text[index + 1].isspace()
                ):
                    no_math = _paragraph_end(text, index)
                continue
            _blank(text, index, math_end, out)
            position = math_end
        else:  # `](`: a link target
            close = parens.close(index + 1)
            if close is not None:
                _blank(text, index + 2, close, out)  # keep `(` and `)`: they tell a link from a cite
                position = close + 1
    return "".join(out)


_ITEM_LINE = re.compile(r"\n[ \t]{0,3}(?:[-*+]|\d+[.)])[ \t]")


def _crosses_an_item(text: str, start: int, end: int) -> bool:
    """Whether text from `start` to `end` runs from one list item into the next: in a list,
    pandoc ends a code span with its item."""
    if _ITEM_LINE.search(text, start, end) is None:
        return False
    blank = text.rfind("\n\n", 0, start)
    begin = blank + 2 if blank != -1 else 0
    return _ITEM_LINE.match("\n" + text[begin : begin + 12].lstrip("\r\n")) is not None


def _tex_command_end(text: str, index: int, braces: Brackets, squares: Brackets) -> int:
    """The end of a TeX command's arguments from `index`, as pandoc's raw_tex reads them: spaces,
    then `[...]` groups, then `{...}` groups, each right after the one before."""
    start = index
    while index < len(text) and text[index] in " \t":
        index += 1
    for opening, pairs in (("[", squares), ("{", braces)):
        while index < len(text) and text[index] == opening:
            close = pairs.close(index)
            if close is None:
                break
            index = close + 1
    return index if index > start and text[index - 1] in "]}" else start


def _paragraph_end(text: str, start: int) -> int:
    found = _BLANK_LINE.search(text, start)
    return found.start() if found else len(text)


_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")


def _paragraph_break(text: str, start: int, end: int) -> bool:
    return _BLANK_LINE.search(text, start, end) is not None


def _math_end(text: str, start: int) -> int | None:
    """The end of `$...$` or `$$...$$` math starting at `start`, as pandoc's tex_math_dollars reads it."""
    if text.startswith("$$", start):
        close = text.find("$$", start + 2)
        return close + 2 if close != -1 else None
    if start + 1 >= len(text) or text[start + 1].isspace():
        return None
    index = start + 1
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "\n" and text.startswith("\n", index + 1):
            return None  # no math across a blank line
        if char == "$":
            if text[index - 1].isspace() or (index + 1 < len(text) and text[index + 1].isdigit()):
                return None
            return index + 1
        index += 1
    return None


def _example_labels(text: str) -> set[str]:
    """Labels of numbered examples, `(@label)` or `@label.` starting a block: `@label` then
    refers to the example, not to a work. A marker inside a paragraph is a citation."""
    labels: set[str] = set()
    previous = ""
    for line in text.splitlines():
        line = line[_QUOTE.match(line).end() :]  # type: ignore[union-attr]  # in a block quote too
        starts_block = not previous.strip() or bool(_LIST_ITEM.match(previous))
        position = 0
        while starts_block and (marker := _MARKER.match(line, position)) is not None:
            if marker.group(1):  # `(@a) (@b) text`: a list in a list item, both examples
                labels.add(marker.group(1))
            position = marker.end()
        previous = line
    return labels


class _Scanner:
    def __init__(
        self, masked: str, *, base: int = 0, front: bool = False, labels: set[str] | None = None
    ) -> None:
        self.text = masked
        self.base = base
        self.front = front
        self.cites: list[Cite] = []
        self.group = 0
        self.labels = _example_labels(masked) if labels is None else labels
        self.brackets = Brackets(masked, "[", "]")
        self.braces = Brackets(masked, "{", "}")

    def key_at(
        self, index: int, *, braced: bool = True, in_text: bool = False
    ) -> tuple[str, str, int] | None:
        """(key, mode, end) for a cite key at `index` (`@key` or `-@key`), or None."""
        text = self.text
        mode = "in-text"
        start = index
        if text.startswith("-@", index):
            mode = "suppress-author"
            index += 1
        if not text.startswith("@", index):
            return None
        if start > 0 and (text[start - 1].isalnum()):
            return None  # an e-mail address or a word: pandoc's notAfterString
        if braced and text.startswith("{", index + 1):
            close = self.braces.close(index + 1)
            if close is None:
                return None
            key = text[index + 2 : close]
            if not key or any(c.isspace() for c in key):
                return None
            return key, mode, close + 1
        match = _KEY.match(text, index + 1)
        if match is None or (in_text and match.group() in self.labels):
            return None  # a label of a numbered example, `(@label)`, is no citation
        return match.group(), mode, match.end()

    def emit(self, start: int, end: int, key: str, mode: str, prefix: str = "", suffix: str = "") -> None:
        # bookdown's `@ref(fig:x)` (written `\@ref(...)` in its sources) refers to a figure
        crossref = bool(_CROSSREF.match(key)) or (key == "ref" and self.text.startswith("(", end))
        self.cites.append(
            Cite(
                self.base + start,
                self.base + end,
                key,
                mode,
                self.group,
                prefix.strip(),
                suffix.strip(),
                crossref,
                self.front,
            )
        )

    def segments(self, open_at: int, close_at: int) -> list[tuple[int, int]] | None:
        """The `;`-separated parts of a bracket, when each one holds a key."""
        if close_at - open_at > _LONGEST_GROUP:
            return None  # no citation group is this long; bounds the work on nested brackets
        parts: list[tuple[int, int]] = []
        depth = 0
        start = open_at + 1
        for index in range(open_at + 1, close_at):
            char = self.text[index]
            if char in "[{":
                depth += 1
            elif char in "]}":
                depth -= 1
            elif char == ";" and depth == 0:
                parts.append((start, index))
                start = index + 1
        parts.append((start, close_at))
        for part_start, part_end in parts:
            if self.first_key(part_start, part_end) is None:
                return None
        return parts

    def first_key(self, start: int, end: int) -> tuple[int, tuple[str, str, int]] | None:
        index = start
        while index < end:
            found = self.text.find("@", index, end)
            if found == -1:
                return None
            at = found - 1 if found > start and self.text[found - 1] == "-" else found
            key = self.key_at(at)
            if key is not None and key[2] <= end:
                return at, key
            index = found + 1
        return None

    def normal_group(self, open_at: int, close_at: int) -> None:
        """Emit the cites of a bracketed group whose parts all hold keys."""
        parts = self.segments(open_at, close_at)
        assert parts is not None
        for part_start, part_end in parts:
            found = self.first_key(part_start, part_end)
            assert found is not None
            at, (key, mode, key_end) = found
            mode = "suppress-author" if mode == "suppress-author" else "normal"
            suffix = self.text[key_end:part_end]
            self.emit(at, key_end, key, mode, self.text[part_start:at], suffix)
            self.scan_range(key_end, part_end)  # keys in a suffix are in-text cites of their own

    def bracket_after(self, index: int) -> tuple[int, int] | None:
        """A `[...]` that follows at `index` after spaces and at most one line break."""
        text = self.text
        probe = index
        newlines = 0
        while probe < len(text) and text[probe] in " \t\r\n":
            if text[probe] == "\n":
                newlines += 1
            probe += 1
        if newlines > 1 or probe >= len(text) or text[probe] != "[" or text.startswith("[^", probe):
            return None
        close = self.brackets.close(probe)
        if close is None:
            return None
        return probe, close

    def followed_by_link(self, close_at: int) -> bool:
        return close_at + 1 < len(self.text) and self.text[close_at + 1] in "([{"

    def scan_range(self, start: int, end: int) -> None:
        text = self.text
        index = start
        while index < end:
            char = text[index]
            if char == "[" and not text.startswith("[^", index):
                close = self.brackets.close(index)
                if (
                    close is not None
                    and close < end
                    and not self.followed_by_link(close)
                    and self.segments(index, close) is not None
                ):
                    self.group += 1
                    self.normal_group(index, close)
                    index = close + 1
                    continue
                index += 1
                continue
            if char in "-@":
                if char == "-" and not text.startswith("-@", index):
                    index += 1
                    continue
                found = self.key_at(index, in_text=True)
                if found is None:
                    index += 1
                    continue
                key, mode, key_end = found
                self.group += 1
                self.emit(index, key_end, key, mode)
                index = self.after_text_cite(key_end, end)
                continue
            index += 1

    def after_text_cite(self, key_end: int, end: int) -> int:
        """`@key [p. 3]` or `@key [@other; @more]`: the bracket joins the cite; the end of it."""
        bracket = self.bracket_after(key_end)
        if bracket is None or bracket[1] >= end:
            return key_end
        open_at, close_at = bracket
        parts = self.segments(open_at, close_at)
        if parts is not None:
            self.normal_group(open_at, close_at)
            return close_at + 1
        if self.followed_by_link(close_at):
            return key_end
        # bareloc: a suffix, then optionally `; @more` cites
        text = self.text
        semicolon = text.find(";", open_at, close_at)
        if semicolon == -1:
            suffix_end = close_at
        else:
            rest = self.segments(semicolon, close_at)
            if rest is None:
                return key_end
            suffix_end = semicolon
        if "@" in text[open_at:suffix_end] and self.first_key(open_at + 1, suffix_end) is not None:
            return key_end
        last = self.cites[-1]
        self.cites[-1] = Cite(
            last.start,
            last.end,
            last.key,
            last.mode,
            last.group,
            "",
            text[open_at + 1 : suffix_end].strip(),
            last.crossref,
            last.in_front_matter,
        )
        if semicolon != -1:
            self.normal_group(semicolon, close_at)
        return close_at + 1


def is_crossref(key: str) -> bool:
    """True for a Quarto or pandoc-crossref label (`fig-x`, `tbl:y`) rather than a citation key."""
    return bool(_CROSSREF.match(key))


def front_matter(text: str) -> tuple[str, int] | None:
    """The YAML front matter of a Markdown text and the offset where its body starts."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return None
    return match.group(1), match.end()


def scan(text: str) -> list[Cite]:
    """Every citation in the Markdown `text`, front matter included, in document order."""
    return read(text)[0]


def read(text: str) -> tuple[list[Cite], str]:
    """Every citation in the Markdown `text`, and the text masked (front matter blanked)."""
    cites: list[Cite] = []
    body_start = 0
    found = front_matter(text)
    scalars: list[tuple[yaml.ScalarNode, str]] = []
    if found is not None:
        yaml_text, body_start = found
        scalars = [(node, mask(node.value)) for node in _front_matter_scalars(yaml_text)]
    body = text[body_start:]
    masked = mask(body)
    # the labels of numbered examples hold for the whole document, front matter included
    labels = _example_labels(masked).union(*(_example_labels(value) for _, value in scalars))
    if scalars:
        cites.extend(_front_matter_cites(text, text.index(found[0]) if found else 0, scalars, labels))
    scanner = _Scanner(masked, base=body_start, labels=labels)
    scanner.group = max((c.group for c in cites), default=0)
    scanner.scan_range(0, len(body))
    cites.extend(scanner.cites)
    return cites, " " * body_start + masked


def prose(text: str) -> str:
    """The Markdown `text` masked for reading author-year citations: as `read` masks it (front
    matter blanked), but a code span holding a plain phrase stays (a title set as code)."""
    found = front_matter(text)
    body_start = found[1] if found is not None else 0
    return " " * body_start + mask(text[body_start:], titles=True)


def scan_inline(text: str, base: int, group: int) -> list[Cite]:
    """The citations of inline Markdown (a figure caption) standing at offset `base`; their
    groups are numbered after `group`."""
    scanner = _Scanner(mask(text, blocks=False), base=base)
    scanner.group = group
    scanner.scan_range(0, len(text))
    return scanner.cites


def _front_matter_scalars(yaml_text: str) -> list[yaml.ScalarNode]:
    """The text fields of YAML front matter that may hold citations, each read once."""
    try:
        root = yaml.compose(yaml_text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return []
    found: list[yaml.ScalarNode] = []
    stack: list[yaml.Node] = [root] if root is not None else []
    seen: set[int] = set()  # an alias is read once: no "billion laughs"
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(value for _key, value in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.ScalarNode) and isinstance(node.value, str) and "@" in node.value:
            found.append(node)
    return found


def _front_matter_cites(
    text: str, base: int, scalars: list[tuple[yaml.ScalarNode, str]], labels: set[str]
) -> list[Cite]:
    """Citations in the text fields of YAML front matter, which pandoc reads as Markdown."""
    cites: list[Cite] = []
    group = 0
    for node, masked in scalars:
        scanner = _Scanner(masked, base=base + node.start_mark.index, front=True, labels=labels)
        scanner.group = group
        scanner.scan_range(0, len(node.value))
        group = scanner.group
        # offsets inside a folded or quoted scalar are approximate: keep them within the scalar
        cites.extend(
            Cite(
                min(c.start, base + node.end_mark.index),
                min(c.end, base + node.end_mark.index),
                c.key,
                c.mode,
                c.group,
                c.prefix,
                c.suffix,
                c.crossref,
                True,
            )
            for c in scanner.cites
        )
    return cites


# fields of the front matter that pandoc's templates print as text (an abstract cites too)
PROSE_FIELDS = frozenset({"title", "subtitle", "abstract", "description", "summary", "thanks"})


def front_matter_prose(text: str) -> list[tuple[int, int]]:
    """The spans (offsets in `text`) of the front matter's text fields, as written: an
    abstract's author-year citations stand there."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return []
    try:
        root = yaml.compose(match.group(1), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    base = match.start(1)
    return [
        (base + value.start_mark.index, base + value.end_mark.index)
        for key, value in root.value
        if isinstance(key, yaml.ScalarNode)
        and key.value in PROSE_FIELDS
        and isinstance(value, yaml.ScalarNode)
    ]


def front_matter_field(text: str, name: str) -> list[str]:
    """The string values of a top-level front-matter field (`bibliography`, `nocite`)."""
    found = front_matter(text)
    if found is None:
        return []
    return yaml_field(found[0], name)


def yaml_field(text: str, name: str) -> list[str]:
    """The string values of a top-level field of the YAML `text` (a front matter, a Quarto
    project's `_quarto.yml`)."""
    try:  # nothing constructed: no date that fails to exist, no alias expanded, no deep recursion
        data = yamltree.Plain().value(yamltree.compose(text))
    except (yaml.YAMLError, RecursionError):
        return []
    if not isinstance(data, dict):
        return []
    value = data.get(name)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):  # each item as pandoc's stringify reads it: `- [refs.bib]` too
        return [text for text in (_stringify(item) for item in value) if text]
    return []


def yaml_mapping(text: str, name: str) -> dict[str, str]:
    """The text values of a top-level mapping field of the YAML `text` (Manubot's
    `citekey-aliases:`), by their keys."""
    try:
        data = yamltree.Plain().value(yamltree.compose(text))
    except (yaml.YAMLError, RecursionError):
        return {}
    value = data.get(name) if isinstance(data, dict) else None
    if not isinstance(value, dict):
        return {}
    return {key: item for key, item in value.items() if isinstance(item, str) and item}


def crossref_kinds(text: str) -> frozenset[str]:
    """The keys of the cross-reference kinds that a Quarto front matter or project file (the
    YAML `text`) declares under `crossref: custom:` (`- kind: float` with `key: suppfig`): Quarto
    reads `@suppfig-tasks` as a cross-reference to `#suppfig-tasks`, not as a citation."""
    try:
        data = yamltree.Plain().value(yamltree.compose(text))
    except (yaml.YAMLError, RecursionError):
        return frozenset()
    crossref = data.get("crossref") if isinstance(data, dict) else None
    custom = crossref.get("custom") if isinstance(crossref, dict) else None
    if not isinstance(custom, list):
        return frozenset()
    return frozenset(
        kind["key"]
        for kind in custom
        if isinstance(kind, dict) and isinstance(kind.get("key"), str) and kind["key"]
    )


def _stringify(value: object) -> str:
    """A YAML value as text, as pandoc's `stringify` makes a metadata value into a file name: a
    list (`[refs.bib]`, papaja's `- [bibliography/refs.bib]`) gives its items joined by spaces,
    a mapping gives nothing."""
    if isinstance(value, str):
        return value
    parts: list[str] = []
    stack: list[object] = [value]
    while stack:  # no recursion: a list nested 10,000 deep is no error
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return " ".join(part for part in parts if part)
