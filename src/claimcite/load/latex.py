"""Citations in LaTeX: natbib, biblatex and apacite cite commands, outside comments and
verbatim, following `\\input` and `\\include`; `\\bibliography` and `\\addbibresource` read."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from claimcite.load.text import Brackets

# \cite \citep \citet \parencite \textcite \autocite \footcite \citeauthor \citeyear \nocite
# \Textcite \citeA \citeNP \nptextcite \parencites ... : any command with "cite" in its name,
# but for the few that are not citations.
_COMMAND = re.compile(r"\\([A-Za-z]*cite[A-Za-z]*)(?![A-Za-z])")
_NOT_CITES = frozenset(
    {"bibcite", "citestyle", "citeindextrue", "citeindexfalse", "citation", "citeindextype", "excite"}
)
_INCLUDE = re.compile(r"\\(input|include|subfile|subfileinclude)\s*\{([^{}]+)\}")
_BIBLIOGRAPHY = re.compile(
    r"\\(bibliography|addbibresource|addglobalbib|addsectionbib)\s*(?:\[[^\]]*\])?\s*\{([^{}]+)\}"
)
_VERBATIM = re.compile(
    r"\\begin\{(verbatim\*?|Verbatim|lstlisting|minted|comment|filecontents\*?|BVerbatim|LVerbatim)\}"
)
_VERB = re.compile(r"\\verb\*?([^A-Za-z\s])(?:.{0,500}?)\1")  # bounded: \\verb is short
_COMMENT = re.compile(r"(?<!\\)(?:\\\\)*%.*")
_SPACE = re.compile(r"(?:\s|%[^\n]*\n)*")


@dataclass(frozen=True, slots=True)
class TexCite:
    """One key of a cite command."""

    start: int  # offset of the key
    end: int
    key: str
    command: str  # the command name, `citep`
    text: str  # the whole command as written
    group: int
    prenote: str = ""
    postnote: str = ""


@dataclass
class TexFile:
    """What one .tex file says: its cites, the files it includes, the bibliographies it names."""

    path: str
    text: str
    masked: str = ""  # the text with comments and verbatim blanked out
    cites: list[TexCite] = field(default_factory=list)
    includes: list[tuple[str, int]] = field(default_factory=list)  # (name as written, offset)
    bibliographies: list[str] = field(default_factory=list)
    nocite_all: bool = False
    malformed: list[tuple[int, str]] = field(default_factory=list)  # (offset, what is wrong)


def mask(text: str) -> str:
    """`text` with comments and verbatim blanked out, offsets kept."""
    out = list(text)

    def blank(start: int, end: int) -> None:
        for index in range(start, end):
            if out[index] != "\n":
                out[index] = " "

    unclosed: set[str] = set()
    position = 0
    while (match := _VERBATIM.search(text, position)) is not None:
        name = match.group(1)
        end = -1 if name in unclosed else text.find(f"\\end{{{name}}}", match.end())
        if end == -1:
            unclosed.add(name)  # no later one of this name is closed either
            position = match.end()
            continue
        stop = end + len(name) + 6
        blank(match.start(), stop)
        position = stop
    masked = "".join(out)
    for match in _COMMENT.finditer(masked):
        # keep an escaped backslash pair before the %: blank from the % on
        percent = masked.index("%", match.start())
        blank(percent, match.end())
    masked = "".join(out)
    for match in _VERB.finditer(masked):
        blank(match.start(), match.end())
    return "".join(out)


def _skip_space(text: str, index: int) -> int:
    match = _SPACE.match(text, index)
    return match.end() if match else index


def scan(text: str, path: str = "") -> TexFile:
    """The cites, includes and bibliographies of one LaTeX file."""
    masked = mask(text)
    out = TexFile(path, text, masked)
    group = 0
    matchers = {
        "{": Brackets(masked, "{", "}", escapes=True),
        "[": Brackets(masked, "[", "]", escapes=True),
        "(": Brackets(masked, "(", ")", escapes=True),
    }

    def group_end(start: int) -> int | None:
        close = matchers[masked[start]].close(start)
        return None if close is None else close + 1

    for match in _COMMAND.finditer(masked):
        name = match.group(1)
        if name in _NOT_CITES or name.startswith(("bibcite", "citestyle")):
            continue
        index = match.end()
        if masked.startswith("*", index):
            index += 1
        multi = name.endswith("cites")
        notes: list[str] = []
        # multicite: (pre)(post) global notes
        while multi:
            probe = _skip_space(masked, index)
            if probe < len(masked) and masked[probe] == "(":
                end = group_end(probe)
                if end is None:
                    break
                index = end
            else:
                break
        found_any = False
        while True:
            notes = []
            probe = _skip_space(masked, index)
            while probe < len(masked) and masked[probe] == "[" and len(notes) < 2:
                end = group_end(probe)
                if end is None:
                    break
                notes.append(text[probe + 1 : end - 1].strip())
                probe = _skip_space(masked, end)
            if probe >= len(masked) or masked[probe] != "{":
                break
            end = group_end(probe)
            if end is None:
                break
            group += 1
            prenote, postnote = (notes[0], notes[1]) if len(notes) == 2 else ("", notes[0] if notes else "")
            whole = text[match.start() : end]
            offset = probe + 1
            for part in masked[probe + 1 : end - 1].split(","):
                key = part.strip()
                start = offset + (len(part) - len(part.lstrip()))
                offset += len(part) + 1
                if not key or "#" in key:
                    continue  # `#1`: a macro parameter in a \newcommand, not a key
                if any(char.isspace() for char in key) or "]" in key:
                    shown = " ".join(key.split())
                    shown = shown[:40] + ("…" if len(shown) > 40 else "")
                    out.malformed.append(
                        (start, f"\\{name} reads {shown!r} as a key: is a closing brace missing?")
                    )
                    break
                if key == "*" and name == "nocite":
                    out.nocite_all = True
                    continue
                out.cites.append(TexCite(start, start + len(key), key, name, whole, group, prenote, postnote))
            found_any = True
            index = end
            if not multi:
                break
        if not found_any:
            continue
    for match in _INCLUDE.finditer(masked):
        out.includes.append((match.group(2).strip(), match.start(2)))
    for match in _BIBLIOGRAPHY.finditer(masked):
        for name in match.group(2).split(","):
            name = name.strip()
            if name:
                out.bibliographies.append(name if name.endswith(".bib") else name + ".bib")
    return out


def resolve_include(name: str, folder: str) -> str | None:
    """The file an `\\input{name}` means, relative to the including file's folder."""
    for candidate in (name, name + ".tex"):
        path = os.path.normpath(os.path.join(folder, candidate))
        if os.path.isfile(path):
            return path
    return None
