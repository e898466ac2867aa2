"""Pandoc Markdown (`.md`, `.markdown`): citations `[@key]`, `@key [p. 3]`, `[-@key]` outside
code; author-year text where the document cites nothing by key."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace

from claimcite.files.contain import Area
from claimcite.load.documents import (
    LoadedDocument,
    add_bibliography,
    author_year,
    reference_list,
    sentences,
    with_citations,
)
from claimcite.load.reader import Reading
from claimcite.load.text import LineIndex, read_text
from claimcite.model import Citation, Location, Problem, ProblemKind, Syntax

# a link whose target the mask blanked: its text is prose (pandoc renders a linked citation
# as `Aho u. a. ([2023](#ref-Aho2023))`)
_LINK = re.compile(r"\[([^\[\]]{0,300})\]\( *\)")
# a link whose whole text is an author-year citation (`[Mayden, 2012](url)`, `[Parker et al.
# 2018](url)`): in a document of typed citations the link is the citation, set as a link. Its
# names end in a comma, `et al.` or a second name after `and`/`&`: `[Release 2019](url)` is none
_CITED = re.compile(
    r"[A-Z][^()\[\]\n]{0,200}?(?:,|\bet al\.,?|\s(?:and|&)\s[A-Z][^()\[\]\n]{0,100}?,?)"
    r"\s(?:1[5-9]|20)[0-9]{2}[a-z]?"
)


def _link_text(match: re.Match[str]) -> str:
    """A link in prose, its target blanked: its text, in parentheses where it is a citation on
    its own (not already within them: `([Mayden, 2012](url))`), offsets kept."""
    text = match.group(1)
    pad = len(match.group()) - len(text)
    before = match.string[match.start() - 1] if match.start() else ""
    if before != "(" and _CITED.fullmatch(text):
        return "(" + text + ")" + " " * (pad - 2)
    return " " + text + " " * (pad - 1)


def read(path: str, reading: Reading) -> LoadedDocument:
    """A Pandoc Markdown manuscript: its citations by key (else its author-year text), its
    sentences, the bibliographies its front matter (or its project) names, the files it
    includes, its typed reference list."""
    return read_markdown(path, reading, knitted=False)


def read_markdown(path: str, reading: Reading, *, knitted: bool) -> LoadedDocument:
    """A Markdown manuscript; `knitted` (R Markdown, Quarto): as knitr leaves it for pandoc."""
    loaded = reading.document
    loaded.by_title = loaded.citeproc = True  # pandoc renders its bibliography with citeproc
    text = reading.text(path).text
    loaded.manubot = _is_manubot(path, reading.area)
    if loaded.manubot:
        loaded.aliases = _manubot_aliases(path, reading.area)
    kinds = _crossref_kinds(path, text, reading.area)
    _markdown(reading, path, text, LineIndex(text), {os.path.abspath(path)}, knitted=knitted, kinds=kinds)
    reference_list(loaded, text)
    return loaded


def _markdown(
    reading: Reading,
    path: str,
    text: str,
    index: LineIndex,
    seen: set[str],
    *,
    knitted: bool,
    kinds: frozenset[str] = frozenset(),
    by_key: bool = False,
) -> None:
    """Read one file of a Markdown document, then the files it includes with Quarto's
    `{{< include file >}}` (Quarto puts their text there before knitr and pandoc run).
    `kinds`: the keys of the document's own cross-reference kinds (Quarto's `crossref: custom:`);
    `by_key`: the document that includes this file cites by key (its author-year text is prose)."""
    from claimcite.load import knitr, markdown
    from claimcite.load.formats import manuscript_format  # the table, which lists this module

    loaded, area, shown_of = reading.document, reading.area, reading.shown_of
    shown = shown_of(path)
    main = shown == loaded.path
    source = text
    captions: tuple[knitr.Caption, ...] = ()
    if knitted:
        view = knitr.view(text)
        source, captions = view.text, view.captions
    # Manubot renders its content with Jinja2 before pandoc reads it: a template is no text
    cites, masked = markdown.read(_without_manubot_syntax(source) if loaded.manubot else source)
    group = max((c.group for c in cites), default=0)
    for caption in captions:
        found = markdown.scan_inline(caption.text, caption.start, group)
        group = max((c.group for c in found), default=group)
        cites.extend(found)
    if captions:
        cites.sort(key=lambda c: c.start)
    citations: list[Citation] = []
    offsets: list[int] = []
    if source is not text:  # R Markdown: papaja's `r cite_r("r-references.bib")` cites R's packages
        citations, offsets = _cite_r(
            shown, path, text, source, index, area, max((c.group for c in cites), default=0)
        )
    for cite in cites:
        if cite.crossref or ("-" in cite.key and cite.key.split("-", 1)[0] in kinds):
            continue  # `@suppfig-x` of a kind the document declares refers to `#suppfig-x`
        if cite.key == "*":
            loaded.nocite_all = True  # `nocite: "@*"`: listed, and every entry counts as cited
        line, column = index.line_col(cite.start)
        citations.append(
            Citation(
                Location(shown, line, column),
                Syntax.PANDOC,
                text[cite.start : cite.end],
                group=cite.group,
                key=cite.key,
                locator=cite.suffix.lstrip(", ") or None,
                narrative=cite.mode == "in-text",
            )
        )
        offsets.append(cite.start)
    if offsets != sorted(offsets):  # cite_r's citations stand where its inline code stands
        order = sorted(range(len(offsets)), key=offsets.__getitem__)
        citations, offsets = [citations[i] for i in order], [offsets[i] for i in order]
    if captions:  # captions are prose too, where their chunk stood
        chars = list(masked)
        for caption in captions:
            inline = markdown.mask(caption.text, blocks=False)
            chars[caption.start : caption.start + len(inline)] = inline
        masked = "".join(chars)
    by_key = by_key or bool(citations) or _set_to_cite_by_key(path, text, area)
    if not by_key:
        # Markdown that cites by key renders nothing else as a citation: author-year text there
        # is prose (`Fisher (1922) showed`, `(creator of Python, 2006)`); elsewhere it is read,
        # the front matter's abstract too
        prose = markdown.prose(source)
        if captions:
            chars = list(prose)
            for caption in captions:
                inline = markdown.mask(caption.text, blocks=False, titles=True)
                chars[caption.start : caption.start + len(inline)] = inline
            prose = "".join(chars)
        prose = _LINK.sub(_link_text, prose)
        for start, end in markdown.front_matter_prose(text):
            prose = prose[:start] + text[start:end] + prose[end:]
        citations, offsets = author_year(prose, shown, index, 0)
    if not main:  # groups are told apart within a document
        base = max((c.group for c in loaded.citations), default=0)
        citations = [replace(c, group=base + c.group) for c in citations]
    if loaded.with_sentences:
        split = sentences(masked, shown, index)
        loaded.sentences.extend(with_citations(split, citations, offsets, len(loaded.citations)))
    loaded.citations.extend(citations)
    folder = os.path.dirname(path)
    if main:
        named = markdown.front_matter_field(text, "bibliography")
        where = Location(shown, 1)
        project = None if named else _project_bibliographies(path, area)
        if project is not None:  # a Quarto project's or a bookdown book's, for each of its files
            folder, named, config = project
            where = Location(shown_of(config), 1)
        for name in named:
            target = os.path.normpath(os.path.join(folder, name))
            if not os.path.splitext(name)[1] and not os.path.isfile(target):
                target += ".bib"  # `bibliography: refs`, as natbib's `\bibliography{refs}` means refs.bib
            add_bibliography(loaded, name, [target], where, area)
    includes = [(found.group(1).strip("\"'"), found.start(1)) for found in _INCLUDE.finditer(masked)]
    if knitted:  # knitr puts a child document where its chunk stands
        includes = sorted(includes + _children(text), key=lambda include: include[1])
    for name, offset in includes:
        base_folder = area.root if name.startswith("/") else os.path.dirname(path)
        target = os.path.normpath(os.path.join(base_folder, name.lstrip("/")))
        if os.path.abspath(target) in seen:
            continue
        seen.add(os.path.abspath(target))
        line, column = index.line_col(offset)
        try:
            included = reading.text(target)
        except OSError as error:
            why = (
                "not found" if isinstance(error, FileNotFoundError) else (error.strerror or "cannot be read")
            )
            loaded.problems.append(
                Problem(ProblemKind.PARSE, f"included file {name!r} {why}", Location(shown, line, column))
            )
            loaded.unread_parts.append(name)
            continue
        row = manuscript_format(target)  # an included `.qmd` is knitted, a `.md` is not
        rmarkdown = row is not None and row.name == "rmarkdown"
        _markdown(
            reading,
            target,
            included.text,
            LineIndex(included.text),
            seen,
            knitted=rmarkdown,
            kinds=kinds,
            by_key=by_key,
        )


# knitr's child documents: ```` ```{r, child = "intro.Rmd"} ````, `child = c("a.Rmd", "b.Rmd")`,
# Quarto's `#| child: "intro.qmd"`
_CHILD_HEADER = re.compile(
    r"^[\t >]*`{3,}[ \t]*\{[a-zA-Z0-9_]+[ ,][^\n]{0,500}?\bchild[ \t]*=[ \t]*"
    r"(c\([^)\n]{0,500}\)|[\"'][^\"'\n]{1,300}[\"'])",
    re.MULTILINE,
)
_CHILD_OPTION = re.compile(r"^[\t >]*#\|[ \t]*child:[ \t]*([^\n]{1,500})$", re.MULTILINE)
_QUOTED_NAME = re.compile(r"[\"']([^\"'\n]{1,300})[\"']")


def _children(text: str) -> list[tuple[str, int]]:
    """The child documents that knitr puts in an R Markdown or Quarto file, with where."""
    found: list[tuple[str, int]] = []
    for match in _CHILD_HEADER.finditer(text):
        found.extend((name.group(1), match.start(1)) for name in _QUOTED_NAME.finditer(match.group(1)))
    for match in _CHILD_OPTION.finditer(text):
        value = match.group(1).strip()
        names = [name.group(1) for name in _QUOTED_NAME.finditer(value)] or [value.strip("[] ")]
        found.extend((name, match.start(1)) for name in names if name)
    return found


# papaja's `` `r cite_r("r-references.bib")` ``: knitr writes a citation of R (`R-base`) and
# of each package entry of that file (keys with the prefix, `R-dplyr`: what papaja's r_refs()
# wrote there), or of those `pkgs` names (`withhold = FALSE`), or of all but those (the default)
_INLINE_R = re.compile(r"`r[ \t]([^`\n]{1,500})`")
_CITE_R_CALL = re.compile(r"\b(?:papaja::)?cite_r\(")
# `r_citations <- cite_r(...)` in a chunk, then `` `r r_citations` `` (or `$r`, `$pkgs` of a
# footnote = TRUE call) inline
_CITE_R_ASSIGNED = re.compile(r"([A-Za-z.][\w.]{0,100})\s*(?:<-|=)\s*(?:papaja::)?cite_r\(")
_CITE_R_USE = re.compile(r"\s*([A-Za-z.][\w.]{0,100})(?:\$(r|pkgs))?\s*")
_CITE_R_FILE = re.compile(
    r"\A\s*(?:file\s*=\s*)?[\"']([^\"'\n]{1,300})[\"']|\bfile\s*=\s*[\"']([^\"'\n]{1,300})[\"']"
)
_CITE_R_PREFIX = re.compile(r"\bprefix\s*=\s*[\"']([^\"'\n]{0,50})[\"']")
_CITE_R_PKGS = re.compile(r"\bpkgs\s*=\s*(c\([^)]{0,2000}\)|[\"'][^\"'\n]{0,100}[\"'])")
_CITE_R_WITHHOLD = re.compile(r"\bwithhold\s*=\s*(TRUE|FALSE|T|F)\b")
_BIB_KEY = re.compile(r"@\s*([A-Za-z]+)\s*[{(]\s*([^,\s{}()]+)\s*,")
_VARIANT = re.compile(r"_\D")  # `R-brms_a`, `R-brms_b`: two citations of one package


@dataclass(frozen=True)
class _CiteR:
    """One call of papaja's cite_r(), as far as it decides what is cited."""

    file: str
    prefix: str = "R-"
    pkgs: tuple[str, ...] | None = None
    withhold: bool = True


def _call_arguments(text: str, open_at: int) -> str | None:
    """The text between the parenthesis at `open_at` and the one that closes it (quotes
    respected), within 3,000 characters; None where it does not close."""
    depth, quote = 0, ""
    for at in range(open_at, min(len(text), open_at + 3000)):
        char = text[at]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return text[open_at + 1 : at]
    return None


def _cite_r_call(arguments: str) -> _CiteR | None:
    found = _CITE_R_FILE.search(arguments)
    if found is None:
        return None  # no file: papaja cites R alone, with no entry to name
    prefix = _CITE_R_PREFIX.search(arguments)
    pkgs = _CITE_R_PKGS.search(arguments)
    withhold = _CITE_R_WITHHOLD.search(arguments)
    return _CiteR(
        found.group(1) or found.group(2),
        prefix.group(1) if prefix else "R-",
        tuple(name.group(1) for name in _QUOTED_NAME.finditer(pkgs.group(1))) if pkgs else None,
        withhold.group(1) in ("TRUE", "T") if withhold else True,
    )


def _cited_by(call: _CiteR, keys: list[str], part: str | None) -> list[str]:
    """The keys a cite_r() call cites of its file's `keys`: R, then its packages (or, for
    `$r` or `$pkgs` of a footnote = TRUE call, `part` of them), as papaja's cite_r() does."""
    base = call.prefix + "base"
    packages = [key for key in keys if key.startswith(call.prefix) and key != base]
    if call.pkgs is not None:
        named = set(call.pkgs)
        packages = [
            key for key in packages if (_VARIANT.sub("", key[len(call.prefix) :]) in named) != call.withhold
        ]
    elif not call.withhold:
        packages = []
    packages.sort(key=str.casefold)  # papaja cites them in the order of their keys
    cited = ([base] if base in keys and part != "pkgs" else []) + (packages if part != "r" else [])
    return list(dict.fromkeys(cited))


def _cite_r(
    shown: str, path: str, text: str, source: str, index: LineIndex, area: Area, group: int
) -> tuple[list[Citation], list[int]]:
    """The citations that papaja's `cite_r()` writes where inline R code calls it, or shows the
    value a chunk assigned from it (`` `r r_citations` ``), as knitr hands them to pandoc (see
    `_cited_by`). A file that is not there (r_refs() writes it on the first knit) cites nothing."""
    assigned: dict[str, _CiteR] = {}
    for found in _CITE_R_ASSIGNED.finditer(text):
        arguments = _call_arguments(text, found.end() - 1)
        call = _cite_r_call(arguments) if arguments is not None else None
        if call is not None:
            assigned[found.group(1)] = call
    citations: list[Citation] = []
    offsets: list[int] = []
    read: dict[str, list[str]] = {}  # each file's keys, read once
    prose: str | None = None
    for found in _INLINE_R.finditer(source):
        code, part = found.group(1), None
        if "cite_r" not in code and _CITE_R_USE.fullmatch(code) is None:
            continue
        if prose is None:  # the inline code as text: kept where it is prose, not in a block
            from claimcite.load import markdown

            prose = markdown.read(_INLINE_R.sub(lambda m: "x" * len(m.group()), source))[1]
        if prose[found.start()] != "x":
            continue  # in a code or raw block (```{=tex}): knitr's text there is no citation
        direct = _CITE_R_CALL.search(code)
        if direct is not None:
            arguments = _call_arguments(code, direct.end() - 1)
            call = _cite_r_call(arguments) if arguments is not None else None
        else:
            use = _CITE_R_USE.fullmatch(code)
            call = assigned.get(use.group(1)) if use is not None else None
            part = use.group(2) if use is not None else None
        if call is None:
            continue
        target = os.path.normpath(os.path.join(os.path.dirname(path), call.file))
        if target not in read:
            try:
                bib = read_text(target, target, area).text
            except OSError:
                bib = ""
            read[target] = [
                key.group(2)
                for key in _BIB_KEY.finditer(bib)
                if key.group(1).lower() not in ("string", "comment", "preamble")
            ]
        group += 1
        line, column = index.line_col(found.start())
        for key in _cited_by(call, read[target], part):
            citations.append(
                Citation(Location(shown, line, column), Syntax.PANDOC, found.group(), group=group, key=key)
            )
            offsets.append(found.start())
    return citations, offsets


# Quarto's include shortcode on a line of its own: `{{< include _chapter.qmd >}}`
_INCLUDE = re.compile(r"^[ \t]*\{\{<\s*include\s+(\S+)\s*>\}\}[ \t]*$", re.MULTILINE)
_PROJECT_FILES = ("_quarto.yml", "_quarto.yaml")
_BOOKDOWN_FILES = ("_bookdown.yml", "_bookdown.yaml")


def _project_bibliographies(path: str, area: Area) -> tuple[str, list[str], str] | None:
    """The bibliographies that a document's project names for it, where its front matter
    names none: Quarto's `bibliography:` in `_metadata.yml` beside it or in the project's
    `_quarto.yml` (Quarto merges them into each document's metadata), or bookdown's in the
    front matter of the book's `index.Rmd` (bookdown merges the chapters into it). Returns the
    folder the names are relative to, the names, and the file that names them."""
    from claimcite.load import markdown

    folder = os.path.dirname(os.path.abspath(path))
    for depth in range(_PROJECT_DEPTH):
        names = (("_metadata.yml",) if depth == 0 else ()) + _PROJECT_FILES
        for name in names:
            config = os.path.join(folder, name)
            if not os.path.isfile(config):
                continue
            try:
                found = read_text(config, config, area).text
            except OSError:
                continue
            named = markdown.yaml_field(found, "bibliography")
            if named:
                return folder, named, config
        if any(os.path.isfile(os.path.join(folder, name)) for name in _BOOKDOWN_FILES):
            index = os.path.join(folder, "index.Rmd")
            if os.path.isfile(index) and os.path.abspath(index) != os.path.abspath(path):
                try:
                    named = markdown.front_matter_field(read_text(index, index, area).text, "bibliography")
                except OSError:
                    named = []
                if named:
                    return folder, named, index
            return None
        if any(os.path.isfile(os.path.join(folder, name)) for name in _PROJECT_FILES):
            return None  # the project names none
        parent = os.path.dirname(folder)
        if parent == folder or not _within_root(parent, area):
            return None
        folder = parent
    return None


def _is_manubot(path: str, area: Area) -> bool:
    """Whether a Markdown file is part of a Manubot manuscript: its folder holds Manubot's
    `manual-references.json`, or it is a `content/` folder with `metadata.yaml` beside the
    project's `build/` (the layout of Manubot's rootstock template)."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isfile(os.path.join(folder, "manual-references.json")):
        return True
    parent = os.path.dirname(folder)
    return (
        os.path.basename(folder) == "content"
        and os.path.isfile(os.path.join(folder, "metadata.yaml"))
        and _within_root(parent, area)
        and os.path.isdir(os.path.join(parent, "build"))
    )


_JINJA = (("{{", "}}"), ("{%", "%}"), ("{#", "#}"))
# Manubot's citation aliases: `[@issue]: url:https://…` on a line of its own, then `[@issue]`
_ALIAS = re.compile(r"^ {0,3}\[@([^\]\s]{1,300})\]:[ \t]*(\S{1,3000})[ \t]*$", re.MULTILINE)


def _without_manubot_syntax(text: str) -> str:
    """`text` as pandoc gets it from Manubot, offsets and line breaks kept: its Jinja2
    expressions, statements and comments (`@{{author.mastodon}}` of the front-matter template)
    and its alias definitions (`[@issue]: url:…`, which Manubot takes out) blanked. Linear: each
    delimiter is looked for once from where the last one closed."""
    chars: list[str] | None = None

    def blank(start: int, end: int) -> None:
        nonlocal chars
        if chars is None:
            chars = list(text)
        for at in range(start, end):
            if chars[at] != "\n":
                chars[at] = " "

    for opening, closing in _JINJA:
        start = text.find(opening)
        while start != -1:
            end = text.find(closing, start + 2)
            if end == -1:
                break
            blank(start, end + 2)
            start = text.find(opening, end + 2)
    for found in _ALIAS.finditer(text):
        blank(found.start(), found.end())
    return text if chars is None else "".join(chars)


def _manubot_aliases(path: str, area: Area) -> dict[str, str]:
    """Manubot's citation aliases for the manuscript `path` belongs to: the `[@tag]: doi:…`
    definitions in any Markdown file of its folder (Manubot joins them into one document) and
    `citekey-aliases:` in the folder's `metadata.yaml` or the file's front matter."""
    from claimcite.load import markdown

    folder = os.path.dirname(os.path.abspath(path))
    aliases: dict[str, str] = {}
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        names = []
    for name in names:
        candidate = os.path.join(folder, name)
        if not name.endswith((".md", ".yaml", ".yml")) or not os.path.isfile(candidate):
            continue
        try:
            text = read_text(candidate, candidate, area).text
        except OSError:
            continue
        if name.endswith(".md"):
            aliases.update((found.group(1), found.group(2)) for found in _ALIAS.finditer(text))
            found_matter = markdown.front_matter(text)
            text = found_matter[0] if found_matter else ""
        elif name not in ("metadata.yaml", "metadata.yml"):
            continue
        aliases.update(markdown.yaml_mapping(text, "citekey-aliases"))
    return aliases


def _crossref_kinds(path: str, text: str, area: Area) -> frozenset[str]:
    """The cross-reference kinds a Quarto document declares (`crossref: custom:`), in its front
    matter, a `_metadata.yml` of its folder or one above, or its project's `_quarto.yml`: Quarto
    merges them all into the document's metadata."""
    from claimcite.load import markdown

    found = markdown.front_matter(text)
    kinds = markdown.crossref_kinds(found[0]) if found else frozenset()
    folder = os.path.dirname(os.path.abspath(path))
    for _ in range(_PROJECT_DEPTH):
        for name in ("_metadata.yml", "_metadata.yaml", *_PROJECT_FILES):
            config = os.path.join(folder, name)
            if os.path.isfile(config):
                try:
                    kinds |= markdown.crossref_kinds(read_text(config, config, area).text)
                except OSError:
                    continue
        parent = os.path.dirname(folder)
        if any(os.path.isfile(os.path.join(folder, name)) for name in _PROJECT_FILES):
            break  # the project's root
        if parent == folder or not _within_root(parent, area):
            break
        folder = parent
    return kinds


_PROJECTS = ("_quarto.yml", "_quarto.yaml", "_bookdown.yml", "_bookdown.yaml")
_BIBLIOGRAPHY_LINE = re.compile(r"^\s*bibliography\s*:", re.MULTILINE)
_RENDERED_LIST = re.compile(r"\{#refs[\s}]|<div\s+id=\"refs\"")


def _set_to_cite_by_key(path: str, text: str, area: Area) -> bool:
    """Whether a Markdown document without citations by key is set to cite by key all the same:
    its front matter names a bibliography, or it is a chapter of a Quarto or bookdown book
    whose project names one (`_quarto.yml`, or bookdown's `index.Rmd`). pandoc renders such a
    document with citeproc, and its author-year text as written: prose. A document that holds
    its rendered list (`::: {#refs}`) is pandoc's output, whose author-year text is citations."""
    if _RENDERED_LIST.search(text):
        return False
    from claimcite.load import markdown

    if markdown.front_matter_field(text, "bibliography"):
        return True
    folder = os.path.dirname(os.path.abspath(path))
    for _ in range(_PROJECT_DEPTH):
        for name in _PROJECTS:
            config = os.path.join(folder, name)
            if os.path.isfile(config):
                return _names_a_bibliography(folder, name, area)
        parent = os.path.dirname(folder)
        if parent == folder or not _within_root(parent, area):
            return False
        folder = parent
    return False


_PROJECT_DEPTH = 8  # folders above a chapter where its book's project file may stand


def _within_root(folder: str, area: Area) -> bool:
    real = os.path.realpath(folder)
    return real == area.root or real.startswith(area.root.rstrip(os.sep) + os.sep)


def _names_a_bibliography(folder: str, config: str, area: Area) -> bool:
    """Whether a Quarto or bookdown project names a bibliography: in its project file or
    `_metadata.yml`, or (bookdown) in the front matter of its `index.Rmd`."""
    from claimcite.load import markdown

    for name in (config, "_metadata.yml", "index.Rmd", "index.qmd"):
        candidate = os.path.join(folder, name)
        if not os.path.isfile(candidate):
            continue
        try:
            found = read_text(candidate, candidate, area).text  # Refused (outside the area) too
        except OSError:
            continue
        if name.startswith("index"):
            if markdown.front_matter_field(found, "bibliography"):
                return True
        elif _BIBLIOGRAPHY_LINE.search(found):
            return True
    return False
