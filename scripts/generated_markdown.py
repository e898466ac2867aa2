"""Markdown and R Markdown documents generated from the constructs that hide or reveal citations,
for comparing claimcite's citations with pandoc's (see `pandoc_agreement.py --generated N`).

Markdown: fences of backticks and tildes of every length, with and without info strings and
attributes, closed and unclosed; indented code; code spans of every backtick run; HTML
comments and raw HTML; raw LaTeX; `$` and `$$` math; footnotes; link text and targets;
autolinks and e-mail addresses; lists, block quotes and pipe tables; YAML front matter with
citations in `abstract:`; escaped `\\@`; cross-references. The reference is `pandoc -f markdown
-t json`.

Left out: numbered examples (`(@label)`), whose labels pandoc applies to in-text `@label`
depending on where each is defined; claimcite applies a label to the whole document.

R Markdown: the same Markdown between knitr chunks (with blank lines inside, R comments and
roxygen lines that mention `@`, caption options with citations, text blocks, a chunk left
open). The reference is pandoc on the knitr view made by `knitr_view` below, which follows
knitr's `group_indices` line by line and is written apart from claimcite's own reader.
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import strategies as st
from pandoc_agreement import pandoc_keys

from claimcite.files.contain import Area
from claimcite.load.documents import ShownPath
from claimcite.load.formats import load_document

KEYS = ("a", "b2020", "smith:2004", "doe_99", "c.d", "x-y")
key = st.sampled_from(KEYS)
words = st.sampled_from(["Text", "see", "and", "more", "the", "pp.", "1-3", "Smith", "note", "x"])


@st.composite
def citation(draw: st.DrawFn) -> str:
    k, other = draw(key), draw(key)
    return draw(
        st.sampled_from(
            [
                f"[@{k}]",
                f"[see @{k}, p. 3; @{other}]",
                f"@{k}",
                f"@{k} [p. 4]",
                f"[-@{k}]",
                f"@{{{k}}}",
                f"[@{k}; also @{other}, ch. 2]",
                f"@fig-{k.replace('.', '')}",
                f"[@{k}](http://example.org)",
                f"[@{k}]{{.class}}",
            ]
        )
    )


@st.composite
def inline(draw: st.DrawFn) -> str:
    """A piece of a paragraph: words, a citation, or a construct around a citation."""
    k = draw(key)
    ticks = "`" * draw(st.integers(1, 3))
    return draw(
        st.one_of(
            words,
            citation(),
            st.sampled_from(
                [
                    f"{ticks}code @{k}{ticks}",
                    f"{ticks}open @{k}",
                    f"$x @{k}$",
                    f"$$@{k}$$",
                    f"$ not math @{k}",
                    f"<!-- @{k} -->",
                    f"<!-- open @{k}",
                    f"<span>@{k}</span>",
                    f"\\textbf{{@{k}}}",
                    f"\\@{k}",
                    f"mail{k.replace('.', '')}@example.org",
                    f"<https://example.org/@{k}>",
                    f"[link @{k}](https://example.org/@{k})",
                    f"[^{k.replace('.', '')}]",
                    f"*@{k}*",
                    f"{{@{k}}}",
                ]
            ),
        )
    )


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(inline(), min_size=1, max_size=6)))


@st.composite
def cell(draw: st.DrawFn) -> str:
    """A table cell: a paragraph without an unclosed comment (pandoc lets a comment opened in a
    cell run on past the table, over blank lines, where a paragraph's would end)."""
    return draw(paragraph().filter(lambda text: text.count("<!--") == text.count("-->")))


@st.composite
def block(draw: st.DrawFn) -> str:
    """A block of Markdown: a paragraph, a list, a quote, a table, code, a footnote."""
    text = draw(paragraph())
    fence = draw(st.sampled_from(["```", "~~~", "````", "~~~~~"]))
    info = draw(st.sampled_from(["", "python", "{.r}", "r {#id}", "{r setup}", "`x`"]))
    closing = draw(st.sampled_from([fence, fence + fence[0], fence[:3], ""]))
    return draw(
        st.sampled_from(
            [
                text,
                f"- {text}\n- {draw(paragraph())}",
                f"1. {text}",
                f"> {text}",
                f"| A | B |\n|---|---|\n| {draw(cell())} | x |",
                f"{fence}{info}\n{text}\n\n{text}\n{closing}",
                f"    {text}",
                f"[^{draw(key).replace('.', '')}]: {text}",
                f"# {text}",
                f"<div>\n{text}\n</div>",
                f"{text}\n{fence}\n{text}\n{fence}",
            ]
        )
    )


@st.composite
def markdown_document(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(block(), min_size=1, max_size=5))
    front = ""
    if draw(st.booleans()):
        front = f"---\ntitle: On @{draw(key)}\nabstract: |\n  {draw(paragraph())}\n---\n\n"
    return front + "\n\n".join(blocks) + "\n"


@st.composite
def chunk(draw: st.DrawFn) -> str:
    """A knitr chunk: code with blank lines, comments that mention `@`, caption options, or a
    text block whose content is Markdown."""
    k = draw(key)
    ticks = draw(st.sampled_from(["```", "````"]))
    engine = draw(st.sampled_from(["r", "r label, echo=FALSE", "python", "definition", "theorem", "block2"]))
    options = draw(
        st.sampled_from(
            [
                "",
                f'#| fig-cap: "A plot [@{k}]"\n',
                f"#| label: fig-x\n#| fig-cap: |\n#|   A plot\n#|   [@{k}]\n",
                f'#| tbl-cap: "Table after @{k}"\n#| echo: false\n',
                f'#| fig-subcap:\n#|   - "One [@{k}]"\n#|   - Two\n',
            ]
        )
    )
    body = draw(
        st.sampled_from(
            [f"x <- 1\n\n# see @{k}\ny <- 2", f"#' @param {k} a value\nf <- function() 1", draw(paragraph())]
        )
    )
    close = ticks if draw(st.integers(0, 9)) else ""  # now and then a chunk left open
    return f"{ticks}{{{engine}}}\n{options}{body}\n{close}"


@st.composite
def rmarkdown_document(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(block(), chunk()), min_size=1, max_size=6))
    return "\n\n".join(parts) + "\n"


# knitr's patterns (knitr's all_patterns$md), and the engines whose content is Markdown
_BEGIN = re.compile(r"^[\t >]*```+\s*\{([a-zA-Z0-9_]+)( *[ ,].*)?\}\s*$")
_TEXT_ENGINES = {"definition", "theorem", "block2"}
_CAPTION = re.compile(r"^#\| (fig-cap|tbl-cap|fig-subcap): ?(.*)$")


def knitr_view(text: str) -> str:
    """What knitr hands to pandoc for the generated R Markdown: each code chunk an empty code
    block, followed by its caption options as paragraphs; a text block its content."""
    out: list[str] = []
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        begin = _BEGIN.match(lines[index])
        if begin is None:
            out.append(lines[index])
            index += 1
            continue
        fence = re.match(r"^[\t >]*`+", lines[index])
        assert fence is not None
        end = index + 1
        while end < len(lines) and not re.fullmatch(re.escape(fence.group()) + r"\s*", lines[end]):
            if _BEGIN.match(lines[end]) and lines[end].startswith(fence.group() + "{"):
                break
            end += 1
        body = lines[index + 1 : end]
        leading = 0
        while leading < len(body) and body[leading].startswith("#|"):
            leading += 1  # knitr reads the option lines at the start of a chunk only
        options, content = body[:leading], body[leading:]
        if begin.group(1) in _TEXT_ENGINES:
            silent = begin.group(1) == "block2" and "#| echo: false" in options  # knitr's eng_block2
            out += ["", *([] if silent else content), ""]
        else:
            # knitr writes the code it echoes between ```r and ```; the generated code prints
            # nothing, so a chunk with echo=FALSE writes no fence
            echo = "echo=FALSE" not in (begin.group(2) or "") and "#| echo: false" not in options
            out += ["", "```r", "```", ""] if echo else ["", ""]
            out += _captions(options)
        closed = end < len(lines) and not _BEGIN.match(lines[end])
        index = end + 1 if closed else end
    return "\n".join(out)


def _captions(options: list[str]) -> list[str]:
    out: list[str] = []
    for line_number, line in enumerate(options):
        match = _CAPTION.match(line)
        if match is None:
            continue
        value = match.group(2).strip()
        if value in ("|", ""):  # a block scalar or a list: the lines below, more indented
            for later in options[line_number + 1 :]:
                if not later.startswith("#|   "):
                    break
                item = later[5:].strip()
                out += ["", item[2:].strip().strip('"') if item.startswith("- ") else item]
        else:
            out += ["", value.strip('"')]
    return [*out, ""]


def claimcite_keys(text: str, suffix: str) -> Counter[str]:
    """The keys claimcite reads in `text` as a `.md` or `.Rmd` file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"paper{suffix}"
        path.write_text(text, encoding="utf-8")
        loaded = load_document(str(path), ShownPath(folder), Area.of(folder))
    return Counter(c.key for c in loaded.citations if c.key is not None)


def difference(pandoc: str, text: str, suffix: str = ".md") -> str | None:
    """None when claimcite and pandoc (on the knitr view, for `.Rmd`) find the same keys; else
    what differs."""
    want = pandoc_keys(pandoc, knitr_view(text) if suffix == ".Rmd" else text)
    got = claimcite_keys(text, suffix)
    if want == got:
        return None
    return f"missing {dict(want - got)} extra {dict(got - want)} in:\n{text}"
