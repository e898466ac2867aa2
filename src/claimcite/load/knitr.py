"""R Markdown and Quarto as knitr hands them to pandoc: the knitr view.

knitr (and Quarto, which runs it) splits a document into text and chunks before pandoc
reads anything, with its own rules (`split_file` / `group_indices` in knitr's parser):

- a chunk opens on a line ```` ```{engine ...} ```` (any number of backticks, after
  spaces, tabs or `>`), whatever comes before it, and closes on a line of exactly the
  same prefix and backticks; another fence (other backticks, a blank line, a heading)
  does not close it, and a chunk never closed runs to the end of the file;
- the chunk is code, except the text engines (bookdown's `theorem`, `definition`,
  `proof`, ..., knitr's `block`, `block2` and `asis`), whose content is Markdown;
- chunk options that Quarto and knitr render as Markdown (`#| fig-cap: "..."`, also in
  the header as `fig.cap = "..."`) are captions: their citations count.

`view` returns the text with every code chunk blanked out but for the fences knitr writes
around the code it echoes, ```` ```r ```` on its first line and ```` ``` ```` on its last (so a
bare ```` ``` ```` line in the text before it takes the first for code and is closed by the
second, as pandoc reads knitr's output; a chunk with `include = FALSE` or `echo = FALSE` is
taken to write no fence: its output, if any, is unknown without running it), the fences
of text engines blanked too (offsets and lines kept), and the captions as separate spans,
so that the Markdown reader finds in the view what pandoc finds in knitr's output. One pass
over the lines: linear in the input, also for a chunk that is never closed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

_BEGIN = re.compile(r"^([\t >]*)(`{3,})\s*\{([a-zA-Z0-9_]+)((?: *[ ,].*)?)\}\s*$")
_END = re.compile(r"^([\t >]*)(`{3,})\s*$")
# bookdown's theorem and proof engines, knitr's block engines and `asis`: Markdown
TEXT_ENGINES = frozenset(
    """theorem lemma corollary proposition conjecture definition example exercise hypothesis
    proof remark solution block block2 asis""".split()
)
_SILENT_WITHOUT_ECHO = frozenset({"block", "block2", "asis"})
CAPTION_OPTIONS = frozenset(
    """fig-cap fig.cap fig-alt fig.alt fig-subcap fig.subcap tbl-cap tbl.cap tab.cap tab-cap
    lst-cap lst.cap""".split()
)
# `#| key: value` (R, Python, ...), `//|` (C, JavaScript), `--|` (SQL), `%%|` (Mermaid)
_OPTION_LINE = re.compile(r"^([\t >]*(?:#|//|--|%%|%|\*|')\|[ \t]?)")
_HEADER_CAPTION = re.compile(
    r"""(?:^|[\s,])(fig[.-](?:cap|alt|subcap)|tbl[.-]cap|tab[.-]cap|lst[.-]cap)\s*=\s*"""
    r"""("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
)
_INCLUDE_FALSE = re.compile(r"(?:^|[\s,])include\s*[=:]\s*(?:FALSE|F|false)\b")
_ECHO_FALSE = re.compile(r"(?:^|[\s,])echo\s*[=:]\s*(?:FALSE|F|false)\b")


@dataclass(frozen=True, slots=True)
class Caption:
    """A chunk option that is rendered as Markdown: its span in the text, and that span
    with the option syntax (`#|`, the key, quotes) blanked, offsets kept."""

    start: int
    text: str


@dataclass(frozen=True, slots=True)
class View:
    """The knitr view of a document: code chunks and fences blanked, and the captions."""

    text: str
    captions: tuple[Caption, ...] = ()


@dataclass(frozen=True, slots=True)
class _Chunk:
    header: int  # line index of ```{engine ...}
    end: int  # line index after the body: the closing fence, the next chunk, or the end
    closed: bool  # `end` is a closing fence
    engine: str
    options: str


def _lines(text: str) -> tuple[list[str], list[int]]:
    starts: list[int] = []
    lines: list[str] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        starts.append(offset)
        lines.append(line.rstrip("\r\n"))
        offset += len(line)
    starts.append(len(text))
    return lines, starts


def chunks(lines: list[str]) -> list[_Chunk]:
    """The chunks of a document's lines, as knitr's `group_indices` finds them."""
    found: list[_Chunk] = []
    opened: tuple[int, str, str, str] | None = None  # (header line, fence, engine, options)
    for index, line in enumerate(lines):
        begin = _BEGIN.match(line)
        if opened is None:
            if begin is not None:
                opened = (index, begin.group(1) + begin.group(2), begin.group(3), begin.group(4))
            continue
        fence = opened[1]
        if begin is not None and (begin.group(1) + begin.group(2)) == fence:
            # a header with the same fence while a chunk is open starts the next chunk
            found.append(_Chunk(opened[0], index, False, opened[2].lower(), opened[3]))
            opened = (index, fence, begin.group(3), begin.group(4))
            continue
        end = _END.match(line)
        if end is not None and end.group(1) + end.group(2) == fence:
            found.append(_Chunk(opened[0], index, True, opened[2].lower(), opened[3]))
            opened = None
    if opened is not None:
        found.append(_Chunk(opened[0], len(lines), False, opened[2].lower(), opened[3]))
    return found


def view(text: str) -> View:
    """The knitr view of an R Markdown or Quarto document (see the module's docstring)."""
    lines, starts = _lines(text)
    out = list(text)
    captions: list[Caption] = []

    def blank(start: int, end: int) -> None:
        for index in range(start, end):
            if out[index] not in "\r\n":
                out[index] = " "

    for chunk in chunks(lines):
        body_start, body_end = chunk.header + 1, chunk.end
        chunk_end = chunk.end + 1 if chunk.closed else chunk.end  # the line after the chunk
        prefixes: list[int] = []  # the length of the `#|` prefix of each option line
        while body_start + len(prefixes) < body_end:
            option = _OPTION_LINE.match(lines[body_start + len(prefixes)])
            if option is None:
                break
            prefixes.append(option.end())
        options_end = body_start + len(prefixes)
        option_text = " ".join(lines[body_start + i][prefix:] for i, prefix in enumerate(prefixes))
        if chunk.engine in TEXT_ENGINES:
            silent = chunk.engine in _SILENT_WITHOUT_ECHO and (
                _ECHO_FALSE.search(chunk.options) is not None or _ECHO_FALSE.search(option_text) is not None
            )
            # the fences and the option lines go; the content is Markdown (unless not echoed)
            blank(starts[chunk.header], starts[options_end if not silent else body_end])
            blank(starts[body_end], starts[chunk_end])
            continue
        captions.extend(_header_captions(text, starts[chunk.header], lines[chunk.header]))
        captions.extend(_option_captions(text, lines, starts, body_start, prefixes))
        blank(starts[chunk.header], starts[chunk_end])
        shown = not any(
            pattern.search(options)
            for pattern in (_INCLUDE_FALSE, _ECHO_FALSE)
            for options in (chunk.options, option_text)
        )
        last = chunk.end
        if not chunk.closed:  # knitr closes it all the same: its fence goes on its last line with room
            last = chunk.end - 1
            while last > chunk.header and len(lines[last].lstrip("\t >")) < len(_FENCES[1]):
                last -= 1
        places = [
            starts[line] + len(lines[line]) - len(lines[line].lstrip("\t >")) for line in (chunk.header, last)
        ]
        if (
            shown
            and last > chunk.header
            and all(_room_for(text, p, len(f)) for p, f in zip(places, _FENCES, strict=True))
        ):
            # knitr writes the chunk's code in fences, ```` ```r ```` and ```` ``` ````: a bare ```
            # line in the text before the chunk takes the first for code and is closed by the
            # second, as pandoc reads knitr's output
            for place, fence in zip(places, _FENCES, strict=True):
                out[place : place + len(fence)] = fence
    return View("".join(out), tuple(sorted(captions, key=lambda c: c.start)))


_FENCES = ("```r", "```")  # what knitr writes around the code of a chunk it echoes


def _room_for(text: str, place: int, size: int) -> bool:
    """Whether `size` characters from `place` stand on one line (a fence fits there)."""
    return place + size <= len(text) and not any(char in "\r\n" for char in text[place : place + size])


def _header_captions(text: str, offset: int, header: str) -> list[Caption]:
    """`fig.cap = "A map [@a]"` in a chunk header: the string, without its quotes."""
    found: list[Caption] = []
    brace = header.find("{")
    for match in _HEADER_CAPTION.finditer(header, brace + 1):
        start = offset + match.start(2) + 1
        found.append(Caption(start, text[start : offset + match.end(2) - 1]))
    return found


def _option_captions(
    text: str, lines: list[str], starts: list[int], first: int, prefixes: list[int]
) -> list[Caption]:
    """Caption options among the `#|` lines of a chunk from line `first` on, each with the
    length of its prefix (YAML, as Quarto and knitr read them): each value's span, with
    the `#|` prefixes, the key and quotes blanked."""
    if not prefixes:
        return []
    end = first + len(prefixes)
    stripped = "\n".join(lines[i][prefixes[i - first] :] for i in range(first, end))
    try:
        root = yaml.compose(stripped, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return _csv_captions(text, lines, starts, first, end, prefixes)
    if not isinstance(root, yaml.MappingNode):
        return _csv_captions(text, lines, starts, first, end, prefixes)
    found: list[Caption] = []
    for key, value in root.value:
        if not (isinstance(key, yaml.ScalarNode) and key.value in CAPTION_OPTIONS):
            continue
        scalars = value.value if isinstance(value, yaml.SequenceNode) else [value]
        for scalar in scalars:
            if isinstance(scalar, yaml.ScalarNode) and isinstance(scalar.value, str):
                found.append(_span(text, starts, first, prefixes, scalar))
    return found


def _span(text: str, starts: list[int], first: int, prefixes: list[int], node: yaml.ScalarNode) -> Caption:
    """The source span of a YAML scalar among `#|` lines, with what is not its text blanked."""

    def offset(mark: yaml.Mark) -> int:
        line = min(first + mark.line, len(starts) - 2)
        return starts[line] + prefixes[line - first] + mark.column

    start, end = offset(node.start_mark), offset(node.end_mark)
    chars = list(text[start:end])
    for line in range(first + node.start_mark.line + 1, first + node.end_mark.line + 1):
        if line >= first + len(prefixes):
            break
        for index in range(starts[line], starts[line] + prefixes[line - first]):
            if start <= index < end:
                chars[index - start] = " "
    if node.style in ('"', "'") and chars:
        chars[0] = " "
        if chars[-1] == node.style:
            chars[-1] = " "
    elif node.style in ("|", ">") and chars:
        indicator_end = text.find("\n", start, end)
        for index in range(start, indicator_end if indicator_end != -1 else end):
            chars[index - start] = " "
    return Caption(start, "".join(chars))


_CSV_CAPTION = re.compile(
    r"""(?:^|[\s,])(?:fig[.-](?:cap|alt|subcap)|tbl[.-]cap|tab[.-]cap|lst[.-]cap)\s*[=:]\s*"""
    r"""("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
)


def _csv_captions(
    text: str, lines: list[str], starts: list[int], first: int, end: int, prefixes: list[int]
) -> list[Caption]:
    """`#| fig.cap = "..."`: option lines written as R arguments rather than YAML."""
    found: list[Caption] = []
    for line in range(first, end):
        for match in _CSV_CAPTION.finditer(lines[line], prefixes[line - first]):
            start = starts[line] + match.start(1) + 1
            found.append(Caption(start, text[start : starts[line] + match.end(1) - 1]))
    return found
