r"""LaTeX (`.tex`, `.ltx`): natbib and biblatex cite commands outside comments and verbatim,
following `\input` and `\include`; the bibliographies named with `\bibliography` or
`\addbibresource`, or written by a `filecontents` environment; a `thebibliography` list."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass

from claimcite.files.contain import Area
from claimcite.load.documents import (
    BIBITEMS_SUFFIX,
    LoadedDocument,
    ShownPath,
    add_bibliography,
    sentences,
    with_citations,
)
from claimcite.load.latex import Definitions, Embedded
from claimcite.load.reader import Reading
from claimcite.load.text import LineIndex, read_text
from claimcite.model import Citation, Location, Problem, ProblemKind, Syntax


@dataclass(frozen=True, slots=True)
class _MainFile:
    """What every file of a LaTeX document shares with its main file."""

    folder: str  # LaTeX finds files relative to the folder it runs in: the main file's
    jobname: str  # the main file's name without `.tex`: `\jobname`
    # what the files set for those read after them: the commands defined to cite, the input
    # encoding (declared in the main file or in a file it inputs: later files are read in it)
    definitions: Definitions
    area: Area  # where files may be read: included files and bibliographies outside it are not


def read(path: str, reading: Reading) -> LoadedDocument:
    """A LaTeX document: its main file at `path` and, where they stand, the files it includes.
    Author-year text is prose in LaTeX, which cites by key (`Alex Martelli (Google, 2008)`)."""
    loaded = reading.document
    text_file = reading.text(path)
    encoding = text_file.declared if text_file.declared != "utf-8" else None
    stem = os.path.splitext(os.path.basename(path))[0]
    main = _MainFile(os.path.dirname(path), stem, Definitions(encoding=encoding), reading.area)
    names: list[tuple[str, str, Location]] = []
    embedded: list[tuple[str, str, Embedded]] = []
    _latex(reading, path, text_file.text, set(), main, names, embedded)
    _latex_bibliographies(loaded, reading.shown_of, main, names, embedded)
    declared = main.definitions.encoding
    loaded.encoding = declared if declared != "utf-8" else None
    loaded.bibtex = _bibtex_backend(main.definitions.packages, names)
    loaded.by_title = _apa_style(main.definitions.packages)
    if loaded.bibtex:
        # BibTeX looks a key up whatever its case (`\cite{Korringa}` finds `KORRINGA`); biber,
        # pandoc and `thebibliography` do not
        loaded.citations = [c.having(folds_case=True) for c in loaded.citations]
    return loaded


def _latex(
    reading: Reading,
    path: str,
    text: str,
    seen: set[str],
    main: _MainFile,
    bibliographies: list[tuple[str, str, Location]],
    embedded: list[tuple[str, str, Embedded]],
) -> None:
    """Read one file of a LaTeX document and, in order, the files it includes; the names of
    bibliographies (name, folder, where) and embedded files (file, its text, the environment)
    are collected for `_latex_bibliographies`."""
    from claimcite.load import latex

    loaded, shown_of = reading.document, reading.shown_of
    seen.add(os.path.abspath(path))
    shown = shown_of(path)
    index = LineIndex(text)
    folder = os.path.dirname(path)

    def include(kind: str, name: str, offset: int) -> None:
        """Read an included file where it is included (its definitions count from there on)."""
        if kind == "package":  # a package of the project's own: its definitions, not its text
            style = latex.resolve_include(name, main.folder, ".sty")
            if style is not None and style.endswith(".sty") and os.path.abspath(style) not in seen:
                seen.add(os.path.abspath(style))
                with contextlib.suppress(OSError):
                    fallback = main.definitions.encoding
                    package = read_text(style, shown_of(style), main.area, fallback=fallback)
                    latex.scan(package.text, shown_of(style), definitions=main.definitions)
            return
        target = latex.resolve_include(name, main.folder) or latex.resolve_include(name, folder)
        line, column = index.line_col(offset)
        if target is None:
            if kind == "optional" or ("/" not in name and not name.endswith(".tex")):
                # `\InputIfFileExists`; `\input{glyphtounicode}`: a file of the TeX distribution
                return
            loaded.problems.append(
                Problem(ProblemKind.PARSE, f"included file {name!r} not found", Location(shown, line, column))
            )
            loaded.unread_parts.append(name)
            return
        if os.path.abspath(target) in seen:
            return
        try:
            included = reading.text(target, fallback=main.definitions.encoding)
        except OSError as error:
            message = f"cannot read {name!r}: {error.strerror}"
            loaded.problems.append(Problem(ProblemKind.PARSE, message, Location(shown, line, column)))
            loaded.unread_parts.append(name)
            return
        _latex(reading, target, included.text, seen, main, bibliographies, embedded)

    scanned = latex.scan(text, shown, definitions=main.definitions, include=include)
    loaded.nocite_all = loaded.nocite_all or scanned.nocite_all
    for offset, message in scanned.malformed:
        line, column = index.line_col(offset)
        loaded.problems.append(Problem(ProblemKind.PARSE, message, Location(shown, line, column)))
    citations: list[Citation] = []
    offsets: list[int] = []
    base = max((c.group for c in loaded.citations), default=0)
    for cite in scanned.cites:
        line, column = index.line_col(cite.start)
        citations.append(
            Citation(
                Location(shown, line, column),
                Syntax.LATEX,
                cite.text,
                group=base + cite.group,
                key=cite.key,
                locator=cite.postnote or None,
                narrative=cite.command.lower().startswith(("citet", "textcite", "citeauthor", "citea")),
            )
        )
        offsets.append(cite.start)
    # LaTeX cites by key: author-year text is prose (`Alex Martelli (Google, 2008)`), not a citation
    masked = scanned.masked
    if loaded.with_sentences:
        found = sentences(masked, shown, index)
        loaded.sentences.extend(with_citations(found, citations, offsets, len(loaded.citations)))
    loaded.citations.extend(citations)
    for name in scanned.bibliographies:
        bibliographies.append((name.replace("\\jobname", main.jobname), folder, Location(shown, 1)))
    embedded.extend((path, text, found) for found in scanned.embedded)
    if scanned.bibitems:  # `thebibliography`: its items are the works the document can cite
        items = [char if char in "\r\n" else " " for char in text]
        for key, offset in scanned.bibitems:
            start = text.rfind("\\bibitem", 0, offset)
            entry = f"@misc{{{key},}}"
            items[start : start + len(entry)] = entry
        name = os.path.basename(path) + BIBITEMS_SUFFIX
        embedded.append((path, text, Embedded(name, 0, "".join(items), force=True)))
        bibliographies.append((name, main.folder, Location(shown, 1)))


def _latex_bibliographies(
    loaded: LoadedDocument,
    shown_of: ShownPath,
    main: _MainFile,
    names: list[tuple[str, str, Location]],
    embedded: list[tuple[str, str, Embedded]],
) -> None:
    """The bibliographies a LaTeX document names: files beside the main file (else beside the
    file that names them), or written by a `filecontents` environment of the document, which
    LaTeX writes when the file is absent or the environment says `[force]`."""
    from claimcite.load import latex

    environments: dict[str, tuple[str, str, Embedded]] = {}
    for file, text, found in embedded:
        name = found.name.replace("\\jobname", main.jobname)
        environments.setdefault(name if "." in os.path.basename(name) else name + ".bib", (file, text, found))
    virtual: dict[str, str] = {}  # a file holding environments -> its text with only them kept
    for name, folder, location in names:
        written = os.path.normpath(os.path.join(main.folder, name))  # where LaTeX writes and reads it
        bib = written
        if not os.path.isfile(bib):  # BibTeX finds it as kpathsea does, in another case too
            bib = (
                latex.resolve_include(name, main.folder, ".bib")
                or latex.resolve_include(name, folder, ".bib")
                or written
            )
        environment = environments.get(name)
        if environment is not None and (environment[2].force or not os.path.isfile(bib)):
            file = environment[0]
            if file not in virtual:
                kept = [char if char in "\r\n" else " " for char in environment[1]]
                for _, _, found in (e for e in environments.values() if e[0] == file):
                    kept[found.start : found.start + len(found.text)] = found.text
                virtual[file] = "".join(kept)
            loaded.embedded[written] = virtual[file]
            shown_of.aliases[os.path.abspath(written)] = shown_of(file)
            loaded.bibliographies.append(written)
        else:
            add_bibliography(loaded, name, [bib], location, main.area)
    loaded.bibliographies = list(dict.fromkeys(loaded.bibliographies))


_BIBTEX_BACKENDS = frozenset({"bibtex", "bibtex8", "bibtexu"})


def _bibtex_backend(packages: dict[str, str], names: list[tuple[str, str, Location]]) -> bool:
    """Whether BibTeX makes the document's bibliography: `\\bibliography{}` without biblatex, or
    biblatex with `backend=bibtex` (its default backend is biber)."""
    if "biblatex" in packages:
        options = (part.partition("=") for part in packages["biblatex"].split(","))
        backend = next((value.strip() for name, _, value in options if name.strip() == "backend"), "biber")
        return backend in _BIBTEX_BACKENDS
    return any(not name.endswith(BIBITEMS_SUFFIX) for name, _, _ in names)


def _apa_style(packages: dict[str, str]) -> bool:
    """Whether the document's references are set in APA style: apacite, or biblatex with
    `style=apa` (biblatex-apa, also its older `apa6`)."""
    if "apacite" in packages:
        return True
    options = (part.partition("=") for part in packages.get("biblatex", "").split(","))
    return any(name.strip() == "style" and value.strip().startswith("apa") for name, _, value in options)
