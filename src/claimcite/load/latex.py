"""Citations in LaTeX: natbib, biblatex and apacite cite commands, outside comments and
verbatim, following `\\input` and `\\include`; `\\bibliography` and `\\addbibresource` read."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from claimcite.load.text import Brackets, codec_of

_NOT_CITES = frozenset(
    {"bibcite", "citestyle", "citeindextrue", "citeindexfalse", "citation", "citeindextype", "excite"}
)
_INCLUDES = frozenset(
    {"input", "include", "subfile", "subfileinclude", "loadglsentries", "InputIfFileExists", "cfinput"}
)
_IMPORTS = frozenset({"import", "subimport", "inputfrom", "subinputfrom", "includefrom", "subincludefrom"})
# chapterfolder: `\cfchapter[short]{title}{folder}{file}` enters `folder` and inputs `file` from
# there; `\cffolderinput{folder}{file}` too. (Its `\cfsubsection` inputs nothing: the package
# forgot the input there, and LaTeX reads no file.)
_CHAPTER_FOLDERS = frozenset({"cfpart", "cfchapter", "cfsection"})
_PACKAGES = frozenset({"usepackage", "RequirePackage"})
_ENCODING_PACKAGES = frozenset({"inputenc", "luainputenc"})
BIBLIOGRAPHY_COMMANDS = frozenset(
    {"bibliography", "nobibliography", "addbibresource", "addglobalbib", "addsectionbib"}
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
    embedded: list[Embedded] = field(default_factory=list)  # filecontents environments
    bibitems: list[tuple[str, int]] = field(default_factory=list)  # `\\bibitem{key}`: (key, offset)


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


def is_cite_command(name: str) -> bool:
    """`\\cite`, `\\citep`, `\\parencite`, `\\Textcite`, ...: a name with `cite` in it, but for
    the few that are not citations."""
    return "cite" in name and name not in _NOT_CITES and not name.startswith(("bibcite", "citestyle"))


@dataclass(frozen=True, slots=True)
class _Template:
    """A cite command in a wrapper's body: its keys and notes, with `#1`... for arguments."""

    command: str
    keys: str
    prenote: str
    postnote: str


@dataclass(frozen=True, slots=True)
class _Wrapper:
    """A command defined to call cite commands: its arguments and what it cites."""

    params: tuple[str, ...]  # per argument: "m" mandatory, "o" optional, "s" a star
    defaults: tuple[str, ...]  # the default of each argument ("" for none)
    cites: tuple[_Template, ...]


# \newcommand*{\name}[2][default]{body}; \def\name#1#2{body}; \NewDocumentCommand{\name}{O{} m}{body}
_DEFINITION = re.compile(
    r"\\(newcommand|renewcommand|providecommand|DeclareRobustCommand|newrobustcmd|renewrobustcmd"
    r"|def|gdef|edef|xdef|let"
    r"|NewDocumentCommand|RenewDocumentCommand|ProvideDocumentCommand|DeclareDocumentCommand"
    r"|NewExpandableDocumentCommand|DeclareExpandableDocumentCommand"
    r"|DeclareCiteCommand|DeclareMultiCiteCommand|newenvironment|renewenvironment"
    r"|DeclareFieldFormat|DeclareBibliographyDriver|newbibmacro|renewbibmacro)(?![A-Za-z])\*?"
)
_CONTROL = re.compile(r"\\([A-Za-z]+)(?![A-Za-z])")
_NAME = re.compile(r"\\([A-Za-z]+|.)")
_PARAMS = re.compile(r"(?:#\d)*")
_LIMIT = 2000  # characters of a key or note pattern after expansion: no exponential blow-up
_MOST_CITES = 50  # cite commands that one wrapper may make


@dataclass(frozen=True, slots=True)
class _Call:
    """A cite command as written: the keys group and the notes, with their offsets."""

    start: int  # the backslash
    end: int
    keys: str
    keys_at: int  # offset of the text of the keys
    prenote: str
    postnote: str


@dataclass
class Definitions:
    """What the files of a document set for the files read after them, shared in the order
    LaTeX reads them: the commands defined to cite, the folders chapterfolder has entered, the
    input encoding, the packages loaded with their options."""

    wrappers: dict[str, _Wrapper] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # `\let\mycite\citep`, `\DeclareCiteCommand`
    folders: list[str] = field(default_factory=list)  # `\cfchapter`'s folders, innermost last
    encoding: str | None = None  # inputenc's, from its declaration on (`\usepackage[latin1]{inputenc}`)
    packages: dict[str, str] = field(default_factory=dict)  # `\usepackage[backend=biber]{biblatex}`


# called where a file is included: (kind "input" or "package", name as written, offset of the name)
Include = Callable[[str, str, int], None]


class _Scanner:
    def __init__(
        self, text: str, masked: str, out: TexFile, definitions: Definitions, include: Include | None
    ) -> None:
        self.text = text
        self.masked = masked
        self.out = out
        self.include = include
        self.group = 0
        self.matchers = {
            "{": Brackets(masked, "{", "}", escapes=True),
            "[": Brackets(masked, "[", "]", escapes=True),
            "(": Brackets(masked, "(", ")", escapes=True),
        }
        self.definitions = definitions
        self.wrappers = definitions.wrappers
        self.aliases = definitions.aliases

    def group_end(self, start: int) -> int | None:
        """The offset after the bracket group opening at `start`, or None when unclosed."""
        close = self.matchers[self.masked[start]].close(start)
        return None if close is None else close + 1

    def argument(self, index: int, limit: int) -> tuple[str, int, int] | None:
        """A mandatory argument at `index`: a braced group or one token; (text, offset, end)."""
        probe = _skip_space(self.masked, index)
        if probe >= limit:
            return None
        if self.masked[probe] == "{":
            end = self.group_end(probe)
            if end is None or end > limit:
                return None
            return self.masked[probe + 1 : end - 1], probe + 1, end
        token = _NAME.match(self.masked, probe)
        if token is not None:
            return token.group(), probe, token.end()
        if self.masked[probe] in "}]":
            return None
        return self.masked[probe], probe, probe + 1

    def optional(self, index: int, limit: int) -> tuple[str, int, int] | None:
        probe = _skip_space(self.masked, index)
        if probe >= limit or self.masked[probe] != "[":
            return None
        end = self.group_end(probe)
        if end is None or end > limit:
            return None
        return self.masked[probe + 1 : end - 1], probe + 1, end

    def cite_call(self, name: str, start: int, index: int, limit: int) -> list[_Call]:
        """The key groups of the cite command `\\name` whose name ends at `index`."""
        masked = self.masked
        if masked.startswith("*", index):
            index += 1
        multi = name.endswith("cites")
        while multi:  # multicite: (pre)(post) global notes
            probe = _skip_space(masked, index)
            if probe < limit and masked[probe] == "(":
                end = self.group_end(probe)
                if end is None:
                    break
                index = end
            else:
                break
        calls: list[_Call] = []
        while True:
            notes: list[str] = []
            probe = _skip_space(masked, index)
            while probe < limit and masked[probe] == "[" and len(notes) < 2:
                end = self.group_end(probe)
                if end is None:
                    break
                notes.append(self.text[probe + 1 : end - 1].strip())
                probe = _skip_space(masked, end)
            if probe >= limit or masked[probe] != "{":
                break
            end = self.group_end(probe)
            if end is None or end > limit:
                break
            prenote, postnote = (notes[0], notes[1]) if len(notes) == 2 else ("", notes[0] if notes else "")
            calls.append(_Call(start, end, masked[probe + 1 : end - 1], probe + 1, prenote, postnote))
            index = end
            if not multi:
                break
        return calls

    def emit(self, name: str, call: _Call, whole_end: int) -> None:
        """The keys of one cite command as citations (keys with `#` are a definition's parameters);
        the names of a bibliography command as the document's bibliographies."""
        if name in BIBLIOGRAPHY_COMMANDS:
            for part in call.keys.split(","):
                bib = part.strip()
                if bib and "#" not in bib:
                    self.out.bibliographies.append(bib if bib.endswith(".bib") else bib + ".bib")
            return
        self.group += 1
        whole = self.text[call.start : whole_end]
        offset = call.keys_at
        for part in call.keys.split(","):
            key = part.strip()
            start = offset + (len(part) - len(part.lstrip()))
            offset += len(part) + 1
            if not key or "#" in key:
                continue
            if any(char.isspace() for char in key) or "]" in key:
                shown = " ".join(key.split())
                shown = shown[:40] + ("…" if len(shown) > 40 else "")
                self.out.malformed.append(
                    (start, f"\\{name} reads {shown!r} as a key: is a closing brace missing?")
                )
                break
            if key == "*" and name == "nocite":
                self.out.nocite_all = True
                continue
            self.out.cites.append(
                TexCite(start, start + len(key), key, name, whole, self.group, call.prenote, call.postnote)
            )

    def run(self) -> None:
        """Every command in order: definitions are read (their bodies cite nothing), cite
        commands and the wrappers defined before them are citations."""
        masked = self.masked
        position = 0
        limit = len(masked)
        while True:
            match = _CONTROL.search(masked, position)
            if match is None:
                return
            name = match.group(1)
            position = match.end()
            if _DEFINITION.match(masked, match.start()):
                position = max(position, self.define(match.start()))
                continue
            name = self.aliases.get(name, name)
            if name in self.wrappers:
                position = max(position, self.expand(name, match.start(), match.end()))
            elif is_cite_command(name) or name in BIBLIOGRAPHY_COMMANDS:
                calls = self.cite_call(name, match.start(), match.end(), limit)
                for call in calls:
                    self.emit(name, call, calls[-1].end)
                if calls:
                    position = calls[-1].end
            elif name == "bibitem":  # `thebibliography`: the document's own list of works
                position = self.bibitem(match.end())
            elif name in _INCLUDES or name in _IMPORTS or name in _PACKAGES:
                position = self.included(name, match.end())
            elif name in _CHAPTER_FOLDERS or name == "cffolderinput":
                position = self.chapter_folder(name, match.end())
            elif name == "inputencoding":
                position = self.input_encoding(match.end())

    def bibitem(self, index: int) -> int:
        limit = len(self.masked)
        label = self.optional(index, limit)
        key = self.argument(label[2] if label else index, limit)
        if key is None or not key[0].strip() or key[0].startswith("\\"):
            return index
        self.out.bibitems.append((key[0].strip(), key[1] + (len(key[0]) - len(key[0].lstrip()))))
        return key[2]

    def included(self, name: str, index: int) -> int:
        """`\\input{file}`, `\\import{folder}{file}`, `\\usepackage[...]{a,b}`: the files, in order."""
        limit = len(self.masked)
        options = self.optional(index, limit)
        if options is not None:
            index = options[2]
        folder = ""
        if name in _IMPORTS:
            first = self.argument(index, limit)
            if first is None or not self.masked.startswith("{", _skip_space(self.masked, index)):
                return index
            folder, index = first[0].strip(), first[2]
        found = self.argument(index, limit)
        if found is None or not self.masked.startswith("{", _skip_space(self.masked, index)):
            return index
        text, at, end = found
        if name in _PACKAGES:
            names = [(part.strip(), at) for part in text.split(",") if part.strip()]
            kind = "package"
            for package, _ in names:
                self.definitions.packages[package] = options[0] if options is not None else ""
                if package in _ENCODING_PACKAGES and options is not None:
                    self.set_encoding(options[0].split(","))
        else:
            if name == "cfinput":  # relative to the folder chapterfolder has entered
                folder = "".join(self.definitions.folders)
            names = [(os.path.join(folder, text.strip()) if folder else text.strip(), at)]
            kind = "optional" if name == "InputIfFileExists" else "input"
        for included, offset in names:
            if kind != "package":
                self.out.includes.append((included, offset))
            if self.include is not None:
                self.include(kind, included, offset)
        return end

    def chapter_folder(self, name: str, index: int) -> int:
        """`\\cfchapter*[short]{title}{folder}{file}`, `\\cffolderinput{folder}{file}`: the file
        in the folder, itself inside the folders entered before; files it inputs with
        `\\cfinput` are found there too."""
        limit = len(self.masked)
        if name != "cffolderinput":
            if self.masked.startswith("*", index):
                index += 1
            short = self.optional(index, limit)
            title = self.argument(short[2] if short else index, limit)
            if title is None:
                return index
            index = title[2]
        folder = self.argument(index, limit)
        found = self.argument(folder[2], limit) if folder is not None else None
        if folder is None or found is None:
            return index
        self.definitions.folders.append(folder[0].strip().rstrip("/") + "/")
        try:
            included = "".join(self.definitions.folders) + found[0].strip()
            self.out.includes.append((included, found[1]))
            if self.include is not None:
                self.include("input", included, found[1])
        finally:
            self.definitions.folders.pop()
        return found[2]

    def input_encoding(self, index: int) -> int:
        """`\\inputencoding{latin1}`: the files read from here on are in that encoding."""
        found = self.argument(index, len(self.masked))
        if found is None:
            return index
        self.set_encoding([found[0]])
        return found[2]

    def set_encoding(self, options: list[str]) -> None:
        """inputenc's options: the last that names an encoding is the encoding from here on."""
        found = [codec for codec in map(codec_of, options) if codec]
        if found:
            self.definitions.encoding = found[-1]

    def define(self, start: int) -> int:
        """Read the definition at `start`; the offset after it (after its name alone when it
        cannot be read)."""
        definition = _DEFINITION.match(self.masked, start)
        assert definition is not None
        kind = definition.group(1)
        index = definition.end()
        limit = len(self.masked)
        named = self.argument(index, limit)
        if named is None:
            return index
        name_text, _name_at, index = named
        name = name_text.strip().lstrip("\\")
        if kind == "let":
            probe = _skip_space(self.masked, index)
            if self.masked.startswith("=", probe):
                probe += 1
            target = self.argument(probe, limit)
            if target is None:
                return index
            target_name = target[0].strip().lstrip("\\")
            target_name = self.aliases.get(target_name, target_name)
            if is_cite_command(target_name):
                self.aliases[name] = target_name
            elif target_name in self.wrappers:
                self.wrappers[name] = self.wrappers[target_name]
            return target[2]
        if kind in ("DeclareCiteCommand", "DeclareMultiCiteCommand"):
            # biblatex: `\name` is a cite command of its own; the body formats, it cites nothing
            self.aliases[name] = "cites" if kind == "DeclareMultiCiteCommand" else "cite"
            end = index
            for _ in range(6):  # [\wrapper]{precode}{loopcode}{sepcode}{postcode}
                probe = _skip_space(self.masked, end)
                following = self.group_end(probe) if probe < limit and self.masked[probe] in "[{" else None
                if following is None:
                    break
                end = following
            return end
        params: tuple[str, ...] = ()
        defaults: tuple[str, ...] = ()
        if kind in ("def", "gdef", "edef", "xdef"):
            # the parameter text, `#1#2`, runs up to the body's brace
            brace = self.masked.find("{", index, index + 40)  # `#1#2...#9` at most
            if brace == -1:
                return index
            spec = self.masked[index:brace]
            body = self.argument(brace, limit)
            if body is None:
                return index
            if _PARAMS.fullmatch(spec.strip()) is not None:
                count = spec.count("#")
                params, defaults = ("m",) * count, ("",) * count
                self.record(name, params, defaults, body)
            return body[2]
        if "DocumentCommand" in kind:
            spec_arg = self.argument(index, limit)
            if spec_arg is None:
                return index
            body = self.argument(spec_arg[2], limit)
            if body is None:
                return spec_arg[2]
            parsed = _argspec(spec_arg[0])
            if parsed is not None:
                self.record(name, parsed[0], parsed[1], body)
            return body[2]
        # \newcommand{\name}[n][default]{body} and \newenvironment{name}[n][default]{begin}{end}
        count = 0
        default = None
        number = self.optional(index, limit)
        if number is not None:
            index = number[2]
            count = int(number[0].strip()) if number[0].strip().isdigit() else 0
            first = self.optional(index, limit)
            if first is not None:
                default, index = first[0], first[2]
        body = self.argument(index, limit)
        if body is None:
            return index
        if kind.endswith("environment"):
            ending = self.argument(body[2], limit)
            return ending[2] if ending is not None else body[2]
        params = ("o" if default is not None else "m",) + ("m",) * max(count - 1, 0) if count else ()
        defaults = ((default or ""),) + ("",) * max(count - 1, 0) if count else ()
        self.record(name, params, defaults, body)
        return body[2]

    def record(
        self, name: str, params: tuple[str, ...], defaults: tuple[str, ...], body: tuple[str, int, int]
    ) -> None:
        """Make `\\name` a wrapper when its body calls cite commands (or other wrappers)."""
        _text, start, end = body
        cites: list[_Template] = []
        position = start
        while len(cites) < _MOST_CITES:
            match = _CONTROL.search(self.masked, position, end)
            if match is None:
                break
            called = self.aliases.get(match.group(1), match.group(1))
            position = match.end()
            if called in self.wrappers:
                inner = self.wrappers[called]
                arguments = self.arguments(inner, match.end(), end)
                if arguments is None:
                    continue
                values, position = arguments
                cites.extend(_substitute(template, values) for template in inner.cites)
            elif is_cite_command(called) or called in BIBLIOGRAPHY_COMMANDS:
                calls = self.cite_call(called, match.start(), match.end(), end)
                cites.extend(_Template(called, c.keys, c.prenote, c.postnote) for c in calls)
                if calls:
                    position = calls[-1].end
        cites = [c for c in cites if len(c.keys) + len(c.prenote) + len(c.postnote) <= _LIMIT]
        if cites:
            self.wrappers[name] = _Wrapper(params, defaults, tuple(cites[:_MOST_CITES]))
        else:
            self.wrappers.pop(name, None)

    def arguments(
        self, wrapper: _Wrapper, index: int, limit: int
    ) -> tuple[list[tuple[str, int]], int] | None:
        """The arguments of a wrapper call from `index`: (text, offset) each, and the end."""
        values: list[tuple[str, int]] = []
        for kind, default in zip(wrapper.params, wrapper.defaults, strict=True):
            if kind == "s":
                probe = _skip_space(self.masked, index)
                star = self.masked.startswith("*", probe)
                values.append(("*" if star else "", probe))
                index = probe + 1 if star else index
                continue
            found = self.optional(index, limit) if kind == "o" else self.argument(index, limit)
            if found is None:
                if kind != "o":
                    return None
                values.append((default, -1))
                continue
            values.append((found[0], found[1]))
            index = found[2]
        return values, index

    def expand(self, name: str, start: int, index: int) -> int:
        """The citations of a wrapper call `\\name...` at `start`; the offset after it."""
        wrapper = self.wrappers[name]
        arguments = self.arguments(wrapper, index, len(self.masked))
        if arguments is None:
            return index
        values, end = arguments
        for template in wrapper.cites:
            prenote, postnote = _fill(template.prenote, values), _fill(template.postnote, values)
            single = _PARAMETER.fullmatch(template.keys.strip())
            number = int(single.group(1)) if single is not None else 0
            if 0 < number <= len(values) and values[number - 1][1] >= 0:
                keys, at = values[number - 1]  # the keys are an argument: cited where they are written
                self.emit(template.command, _Call(start, end, keys, at, prenote, postnote), end)
            else:
                keys = _fill(template.keys, values)
                self.emit_at(template.command, _Call(start, end, keys, start, prenote, postnote), end)
        return end

    def emit_at(self, name: str, call: _Call, whole_end: int) -> None:
        """Keys written in a wrapper's body: each cited where the wrapper is called."""
        if name in BIBLIOGRAPHY_COMMANDS:
            self.emit(name, call, whole_end)
            return
        self.group += 1
        whole = self.text[call.start : whole_end]
        for part in call.keys.split(","):
            key = part.strip()
            if key and "#" not in key and not any(char.isspace() for char in key):
                self.out.cites.append(
                    TexCite(call.start, whole_end, key, name, whole, self.group, call.prenote, call.postnote)
                )


_PARAMETER = re.compile(r"#(\d)")


def _fill(pattern: str, values: list[tuple[str, int]]) -> str:
    """`pattern` with `#n` replaced by the n-th argument."""
    if "#" not in pattern:
        return pattern

    def value(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return values[number - 1][0] if 0 < number <= len(values) else match.group()

    return _PARAMETER.sub(value, pattern)[:_LIMIT]


def _substitute(template: _Template, values: list[tuple[str, int]]) -> _Template:
    """A wrapper's template inside another wrapper's body: its `#n` become the outer arguments."""
    return _Template(
        template.command,
        _fill(template.keys, values),
        _fill(template.prenote, values),
        _fill(template.postnote, values),
    )


_SPEC = re.compile(r"\s*[+!]*(?:>\{[^{}]*\}\s*)*([mosO])(?:\{([^{}]*)\})?")


def _argspec(spec: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The arguments of an xparse argument specification (`O{} m`, `s o m`), or None for a
    kind this reader does not follow."""
    params: list[str] = []
    defaults: list[str] = []
    position = 0
    spec = spec.strip()
    while position < len(spec):
        match = _SPEC.match(spec, position)
        if match is None:
            return None
        kind = match.group(1)
        params.append("o" if kind == "O" else kind)
        defaults.append(match.group(2) or "")
        position = match.end()
        while position < len(spec) and spec[position].isspace():
            position += 1
    return tuple(params), tuple(defaults)


_FILECONTENTS = re.compile(r"\\begin\{(filecontents\*?)\}\s*(?:\[([^\]\n]*)\])?\s*\{([^{}\n]+)\}")


def scan(
    text: str, path: str = "", *, definitions: Definitions | None = None, include: Include | None = None
) -> TexFile:
    """The cites, includes, bibliographies and embedded files of one LaTeX file. `definitions`
    holds the cite commands defined so far (by the files read before, in LaTeX's order), and
    grows with this file's; `include` is called where a file is included, before what follows
    it is read, so that its definitions count from there on."""
    masked = mask(text)
    out = TexFile(path, text, masked)
    _Scanner(text, masked, out, definitions or Definitions(), include).run()
    _embedded(text, masked, out)
    return out


def _embedded(text: str, masked: str, out: TexFile) -> None:
    """`\\begin{filecontents}[force]{refs.bib}`: files that LaTeX writes when it runs."""
    position = 0
    while (match := _FILECONTENTS.search(text, position)) is not None:
        position = match.end()
        if masked[match.start()] != " ":
            continue  # not blanked as verbatim: it stands in a comment or is never closed
        close = text.find(f"\\end{{{match.group(1)}}}", match.end())
        if close == -1:
            return
        options = {option.strip() for option in (match.group(2) or "").split(",")}
        out.embedded.append(
            Embedded(match.group(3).strip(), match.end(), text[match.end() : close], bool(options & _FORCE))
        )
        position = close


_FORCE = frozenset({"force", "overwrite"})


@dataclass(frozen=True, slots=True)
class Embedded:
    """A file written by a `filecontents` environment: its name, and its text at `start`."""

    name: str
    start: int
    text: str
    force: bool  # written even when a file of that name exists


def resolve_include(name: str, folder: str, suffix: str = ".tex") -> str | None:
    """The file an `\\input{name}` means in `folder`, as TeX Live's kpathsea finds it: the name
    with `.tex` first (unless it ends so), then as written; and when neither exists, the same
    name in another case of its ASCII letters in that folder (kpathsea's
    `texmf_casefold_search`, on by default, as on the case-insensitive file systems of
    Windows and macOS; the folders must match exactly)."""
    candidates = [name] if name.endswith(suffix) else [name + suffix, name]
    for candidate in candidates:
        path = os.path.normpath(os.path.join(folder, candidate))
        if os.path.isfile(path):
            return path
    for candidate in candidates:
        path = os.path.normpath(os.path.join(folder, candidate))
        found = casefold_file(path)
        if found is not None:
            return found
    return None


@functools.lru_cache(maxsize=256)
def _listing(folder: str, _mtime: int) -> tuple[str, ...]:
    """The names in `folder`, sorted (listed once while the folder is unchanged)."""
    return tuple(sorted(os.listdir(folder)))


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def casefold_file(path: str) -> str | None:
    """The file in `path`'s folder whose name is `path`'s but for the case of ASCII letters;
    the first in name order when several are. None when the folder cannot be listed."""
    folder, name = os.path.split(path)
    wanted = name.translate(_ASCII_LOWER)
    try:
        names = _listing(folder or ".", os.stat(folder or ".").st_mtime_ns)
    except OSError:
        return None
    for found in names:
        if found.translate(_ASCII_LOWER) == wanted and os.path.isfile(os.path.join(folder, found)):
            return os.path.join(folder, found)
    return None
