"""Text from the inputs made safe to show: keys, titles, paths and messages reach terminals, CI
logs, XML and Markdown, and must not act there.

- A control character (an ESC that repaints the terminal, a CR or a newline that starts a line
  of its own), an invisible direction mark, a line separator or a lone surrogate is shown as
  its escape (`\\x1b`, `\\n`, `\\u202e`), as Python's `repr` shows it.
- GitHub Actions runs a line of its log that starts with `::` (after spaces) as a workflow
  command, and `##[` anywhere in a line as a legacy one: in a line of text output, input text
  never starts such a line, and `##[` from the inputs is shown as `##\\x5b`.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufffe\uffff]|##\\["
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "##[": "##\\x5b"}


def _escape(match: re.Match[str]) -> str:
    found = match.group()
    named = _NAMED.get(found)
    if named is not None:
        return named
    code = ord(found)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with control characters, direction marks, line separators, lone surrogates and
    `##[` shown as escapes; a tab is kept."""
    return _UNSAFE.sub(_escape, text)


def line_start(text: str) -> str:
    """`text` made visible, for the start of a line of text output: when it starts with `::`
    (after spaces), the first colon is shown as `\\x3a`, so the line is no workflow command."""
    shown = visible(text)
    stripped = shown.lstrip()
    if stripped.startswith("::"):
        at = len(shown) - len(stripped)
        return shown[:at] + "\\x3a" + shown[at + 1 :]
    return shown


def lines(text: str) -> str:
    """Each line of `text` (its line ends kept) made safe as `line_start` makes it."""
    out = []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        out.append(line_start(body) + line[len(body) :])
    return "".join(out)


def encodable(text: str) -> str:
    """`text` with lone surrogates (a CSL-JSON `\\ud800`, an undecodable file name) shown as
    escapes, so that it can be written as UTF-8; for JSON, which escapes the rest itself."""
    return _SURROGATE.sub(_escape, text)
