"""The only package that reads the user's files: from settings and paths to a Project."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Protocol

from claimcite.config import Settings
from claimcite.errors import InputError
from claimcite.files.contain import Area, Refused
from claimcite.load.bibtex import Macros, load_bibtex
from claimcite.load.claims import ClaimFile, load_claims
from claimcite.load.csl import load_csl
from claimcite.load.documents import (
    BIBITEMS_SUFFIX,
    LoadedDocument,
    ShownPath,
    document_format,
    load_document,
)
from claimcite.load.fulltext import Cache, Places, load_fulltext, locate
from claimcite.load.parsecache import ParseCache
from claimcite.load.text import reading
from claimcite.load.typedlist import as_bibliography
from claimcite.model import (
    Bibliography,
    Citation,
    Claim,
    Document,
    FullText,
    Location,
    Problem,
    ProblemKind,
    Project,
    Sentence,
    Source,
    Syntax,
    first_definitions,
)
from claimcite.resolve import resolve_all

_LETTER = re.compile(r"(?<=\d)([a-z])$|-([a-z])$")
CLAIM_SUFFIXES = (".yaml", ".yml")
BIB_SUFFIXES = (".bib", ".bibtex")
CSL_SUFFIXES = (".json", ".yaml", ".yml")  # as bibliographies: CSL-JSON and CSL-YAML
DEFAULT_BIBLIOGRAPHY = "references.bib"
DEFAULT_CLAIMS = "claims"
CACHE_FOLDER = ".claimcite-cache"
_SKIP_DIRS = {"node_modules", "__pycache__", "venv", "site-packages"}


def _walk_claim_files(folder: str, unreadable: list[tuple[str, str]]) -> list[str]:
    """The claim files under `folder`; the folders that cannot be listed go to `unreadable`
    with the reason (they are findings: an unreadable folder is not a folder without claims)."""
    found: list[str] = []

    def failed(error: OSError) -> None:
        unreadable.append((error.filename or folder, error.strerror or str(error)))

    for current, dirs, files in os.walk(folder, onerror=failed):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
        found.extend(os.path.join(current, name) for name in sorted(files) if name.endswith(CLAIM_SUFFIXES))
    return found


@dataclass
class _Inputs:
    claim_files: list[tuple[str, bool]] = field(default_factory=list)  # (path, named explicitly)
    bibliographies: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # folders that cannot be listed


def _inputs(settings: Settings, paths: Iterable[str]) -> _Inputs:
    """Claim files, bibliographies and documents named by the paths, the config or the defaults."""
    found = _Inputs()
    given = list(paths)
    if not given:
        given = list(settings.claims)
        found.documents.extend(os.path.abspath(p) for p in settings.documents)
        if not given:
            default = os.path.join(settings.root, DEFAULT_CLAIMS)
            given = [default] if os.path.isdir(default) else []
    for path in given:
        absolute = os.path.abspath(path)
        if os.path.isdir(absolute):
            found.claim_files.extend((item, False) for item in _walk_claim_files(absolute, found.unreadable))
        elif not os.path.lexists(absolute):
            raise InputError(f"{path}: no such file or folder")
        elif absolute.endswith(CLAIM_SUFFIXES):
            found.claim_files.append((absolute, True))
        elif absolute.lower().endswith((*BIB_SUFFIXES, ".json")):
            found.bibliographies.append(absolute)
        elif document_format(absolute):
            found.documents.append(absolute)
        else:
            raise InputError(
                f"{path}: not a claim file (.yaml), a bibliography (.bib, .json) "
                "or a manuscript (.md, .qmd, .Rmd, .tex, .txt, .docx)"
            )
    found.claim_files = list(dict.fromkeys(found.claim_files))
    return found


def _resolve(reference: str, claim_file: str, root: str, area: Area) -> tuple[str | None, str]:
    """A path named in a claim file: relative to the root, else to the claim file's folder; or
    None and why not ("not found", or why it is not read)."""
    for base in (root, os.path.dirname(claim_file)):
        candidate = os.path.normpath(os.path.join(base, reference))
        if os.path.isfile(candidate):
            try:
                area.admit(candidate)
            except Refused as refused:
                return None, f"not read: {refused.strerror}"
            return candidate, ""
    return None, "not found"


class _Loader:
    def __init__(self, settings: Settings, paths: Iterable[str]) -> None:
        self.settings = settings
        self.root = settings.root
        self.shown = ShownPath(settings.root)
        named = list(paths)
        self.area = settings.area(named)
        # parsed inputs of earlier runs: bibliographies and claim files not parsed again
        self.cache = ParseCache(
            os.path.join(self.root, CACHE_FOLDER) if settings.use_cache else None, self.area
        )
        self.inputs = _inputs(settings, named)
        self.problems: list[Problem] = [
            Problem(
                ProblemKind.PARSE,
                f"cannot read the folder: {reason}; its claim files are not checked",
                Location(self.shown(folder)),
            )
            for folder, reason in self.inputs.unreadable
        ]
        self.document_of: dict[str, str] = {}  # claim file -> the manuscript it names, resolved
        self.explicit = [os.path.abspath(p) for p in settings.bibliography] + self.inputs.bibliographies
        for path in self.explicit + list(settings.default_bibliography):
            if not os.path.lexists(path):
                raise InputError(f"bibliography {self.shown(path)} not found")
        self.default_bibs = list(settings.default_bibliography) or [
            os.path.join(self.root, DEFAULT_BIBLIOGRAPHY)
        ]

    def choose(self, own: list[str]) -> tuple[str, ...]:
        """--bib, else the file's own bibliographies, else the default."""
        if self.explicit:
            return tuple(self.explicit)
        return tuple(own) if own else tuple(self.default_bibs)

    def claim_files(self) -> list[tuple[str, ClaimFile]]:
        loaded: list[tuple[str, ClaimFile]] = []
        for path, named in self.inputs.claim_files:
            shown = self.shown(path)
            try:
                claim_file = load_claims(path, shown, self.area, required=named, cache=self.cache)
            except OSError as error:
                self.problems.append(
                    Problem(ProblemKind.PARSE, f"cannot read: {error.strerror}", Location(shown))
                )
                continue
            if claim_file.is_claim_file:
                loaded.append((path, claim_file))
        return loaded

    def documents(self, claim_files: list[tuple[str, ClaimFile]]) -> list[LoadedDocument]:
        wanted = list(self.inputs.documents)
        named: set[str] = set()  # documents that claim files name: their sentences are compared
        for path, claim_file in claim_files:
            if claim_file.document is None:
                continue
            reference, location = claim_file.document
            target, why = _resolve(reference, path, self.root, self.area)
            if target is None:
                claim_file.problems.append(
                    Problem(ProblemKind.SCHEMA, f"document {reference!r} {why}", location)
                )
            elif document_format(target) is None:
                claim_file.problems.append(
                    Problem(
                        ProblemKind.SCHEMA,
                        f"document {reference!r} is not .md, .qmd, .Rmd, .tex, .txt or .docx",
                        location,
                    )
                )
            else:
                wanted.append(target)
                named.add(os.path.abspath(target))
                self.document_of[path] = target
        out: list[LoadedDocument] = []
        for path in dict.fromkeys(os.path.abspath(p) for p in wanted):
            try:
                out.append(load_document(path, self.shown, self.area, with_sentences=path in named))
            except OSError as error:
                self.problems.append(
                    Problem(ProblemKind.PARSE, f"cannot read: {error.strerror}", Location(self.shown(path)))
                )
        return out


class Progress(Protocol):
    """What the command line shows while full texts are extracted."""

    def advance(self) -> None: ...

    def close(self) -> None: ...


def _fulltexts(
    claims: list[Claim],
    sources: dict[str, Source],
    settings: Settings,
    shown: ShownPath,
    progress: Callable[[int], Progress] | None,
    area: Area,
    problems: list[Problem],
) -> dict[str, FullText]:
    """The full texts of the sources that claims cite, each read once."""
    wanted = list(dict.fromkeys(ref.key for claim in claims for ref in claim.sources if ref.key in sources))
    if not wanted:
        return {}
    root = settings.root
    folders = [os.path.join(root, folder) for folder in settings.fulltext_dirs]
    cache_folder = os.path.join(root, CACHE_FOLDER) if settings.use_cache else None
    if cache_folder is not None and os.path.lexists(cache_folder):
        try:
            area.admit(cache_folder)
        except Refused as refused:
            message = f"the cache folder is not used: {refused.strerror}; full texts are read without it"
            problems.append(Problem(ProblemKind.PARSE, message, Location(CACHE_FOLDER)))
            cache_folder = None
    cache = Cache(cache_folder, area)
    places = Places(root, settings.fulltext_allow, settings.zotero_storage)
    located = {}
    for key in wanted:
        source = sources[key]
        bib_folder = os.path.dirname(os.path.join(root, source.location.path))
        located[key] = locate(source, bib_folder, places, folders)
    readable = [key for key in wanted if located[key].path is not None]
    bar = progress(len(readable)) if progress is not None and len(readable) > 3 else None
    out: dict[str, FullText] = {}
    try:
        for key in wanted:
            out[key] = load_fulltext(sources[key], located[key], shown, cache)
            if bar is not None and located[key].path is not None:
                bar.advance()
    finally:
        if bar is not None:
            bar.close()
    return out


def _lists_as_bibliographies(
    loader: _Loader,
    documents: list[LoadedDocument],
    per_document: dict[str, tuple[str, ...]],
    per_claim_file: dict[str, tuple[str, ...]],
) -> dict[str, Bibliography]:
    """The one place that decides when a manuscript's own reference list is its bibliography:
    when it has one and no bibliography is named (no --bib, none in the config or its front
    matter) or found (no references.bib). A claim file tied to that manuscript (`document:`)
    and finding no bibliography of its own uses the same list. Changes `per_document` and
    `per_claim_file` to name the manuscript; returns the lists so used, by its absolute path."""
    used: dict[str, Bibliography] = {}
    if loader.explicit:
        return used
    for document in documents:
        chosen = per_document[document.path]
        if any(os.path.isfile(p) for p in chosen):
            continue
        # a bibliography named and missing (a rendered document naming the author's temporary
        # file) leaves the document's own list: the missing one is reported where it is named
        if not chosen and not (document.references and document.missing_bibliographies):
            continue
        absolute = os.path.normpath(os.path.join(loader.root, document.path))
        if document.field_sources:
            # the works that its citation fields hold are its bibliography, as a reference
            # manager makes the list from them
            used[absolute] = Bibliography(document.path, document.field_sources, from_fields=True)
            per_document[document.path] = (absolute,)
            continue
        if not document.references:
            if document.unread_list is not None and any(not c.tentative for c in document.citations):
                per_document[document.path] = ()  # its own list, in a style not read: nothing to check with
            continue
        absolute = os.path.normpath(os.path.join(loader.root, document.path))
        used[absolute] = as_bibliography(document.path, document.list_sources)
        per_document[document.path] = (absolute,)
    for path, chosen in per_claim_file.items():
        target = loader.document_of.get(path)
        absolute = os.path.abspath(target) if target is not None else ""
        if absolute in used and not any(os.path.isfile(p) for p in chosen):
            per_claim_file[path] = (absolute,)
    return used


def load_project(
    settings: Settings,
    paths: Iterable[str] = (),
    progress: Callable[[int], Progress] | None = None,
    *,
    bibliography_required: bool = True,
) -> Project:
    """Load every input of one check. Raises InputError when no bibliography can be found
    (without `bibliography_required`, citations are then left unchecked, as `pandoc -t json`
    lists them); a bibliography named with --bib must exist in any case."""
    loader = _Loader(settings, paths)
    root, shown = loader.root, loader.shown
    claim_files = loader.claim_files()
    documents = loader.documents(claim_files)
    problems = loader.problems

    # Which bibliographies each claim file and document uses.
    per_claim_file: dict[str, tuple[str, ...]] = {}
    for path, claim_file in claim_files:
        own: list[str] = []
        for reference, location in claim_file.bibliographies:
            target, why = _resolve(reference, path, root, loader.area)
            if target is None:
                claim_file.problems.append(
                    Problem(ProblemKind.SCHEMA, f"bibliography {reference!r} {why}", location)
                )
            else:
                own.append(target)
        broken = bool(claim_file.bibliographies) and not own
        per_claim_file[path] = () if broken and not loader.explicit else loader.choose(own)
    per_document: dict[str, tuple[str, ...]] = {}
    for document in documents:
        if not loader.explicit:  # --bib wins, as pandoc's --bibliography: the document's own is not read
            for reference, location, why in document.missing_bibliographies:
                problems.append(Problem(ProblemKind.PARSE, f"bibliography {reference!r} {why}", location))
        broken = bool(document.missing_bibliographies) and not document.bibliographies
        per_document[document.path] = (
            ()
            if (broken and not loader.explicit) or document.unreadable
            else loader.choose(document.bibliographies)
        )
    lists = _lists_as_bibliographies(loader, documents, per_document, per_claim_file)
    needed = list(loader.explicit)
    for chosen in (*per_claim_file.values(), *per_document.values()):
        needed.extend(chosen)
    if not loader.explicit and not claim_files and not documents:
        needed.extend(loader.default_bibs)
    needed = [path for path in dict.fromkeys(needed) if path not in lists]
    embedded = {path: text for document in documents for path, text in document.embedded.items()}
    absent = {path for path in needed if not os.path.lexists(path) and path not in embedded}
    cites = any(d.citations for d in documents) or any(
        raw.sources for _, claim_file in claim_files for raw in claim_file.claims
    )
    # a bibliography is needed to check citations: where nothing cites (a template, a document
    # without references), the default one may be absent and the rest is checked all the same
    if absent and bibliography_required and cites:
        path = next(path for path in needed if path in absent)
        raise InputError(f"no bibliography: {shown(path)} not found; name one with --bib FILE")
    if absent:
        needed = [path for path in needed if path not in absent]
        per_claim_file = {k: tuple(b for b in v if b not in absent) for k, v in per_claim_file.items()}
        per_document = {k: tuple(b for b in v if b not in absent) for k, v in per_document.items()}
    # a LaTeX document's declared encoding is its bibliographies' too (as BibTeX and biber read them)
    encodings = {bib: d.encoding for d in documents if d.encoding for bib in per_document[d.path]}
    # BibTeX takes a `%` line inside an entry for a field name; biber and pandoc skip it
    bibtex_read = {bib for d in documents if d.bibtex for bib in per_document[d.path]}
    # set by citeproc or an APA style (none read it otherwise), or by another style too
    by_title = {bib for d in documents if d.by_title for bib in per_document[d.path]}
    by_title -= {bib for d in documents if not d.by_title for bib in per_document[d.path]}
    citeproc = {bib for d in documents if d.format == "markdown" for bib in per_document[d.path]}
    citeproc -= {bib for d in documents if d.format != "markdown" for bib in per_document[d.path]}

    macros = Macros()
    bibliographies: list[Bibliography] = []
    for path in needed:
        try:
            if path.lower().endswith(CSL_SUFFIXES):
                bibliography, bib_problems = load_csl(path, shown(path), loader.area, cache=loader.cache)
            else:
                with reading(files=embedded, fallback=encodings.get(path)):
                    bibliography, bib_problems = load_bibtex(
                        path,
                        shown(path),
                        loader.area,
                        macros,
                        comment_lines=path not in bibtex_read,
                        cache=loader.cache,
                    )
                if path.endswith(BIBITEMS_SUFFIX):
                    bibliography = replace(bibliography, bibitems=True)
        except OSError as error:
            bibliography = Bibliography(shown(path), (), readable=False)
            bib_problems = [
                Problem(ProblemKind.PARSE, f"cannot read: {error.strerror}", Location(shown(path)))
            ]
        if path in by_title or path.lower().endswith(CSL_SUFFIXES):  # CSL: citeproc alone reads it
            bibliography = replace(bibliography, by_title=True)
        if path in citeproc or path.lower().endswith(CSL_SUFFIXES):
            bibliography = replace(bibliography, citeproc=True)
        bibliographies.append(bibliography)
        problems.extend(bib_problems)

    bibliographies.extend(lists.values())

    claims: list[Claim] = []
    for path, claim_file in claim_files:
        problems.extend(claim_file.problems)
        bibs = tuple(shown(p) for p in per_claim_file[path])
        claims.extend(
            Claim(
                id=raw.id,
                statement=raw.statement,
                location=raw.location,
                sources=raw.sources,
                unsourced=raw.unsourced,
                bibliographies=bibs,
                document=shown(loader.document_of[path]) if path in loader.document_of else None,
                sources_unreadable=raw.sources_unreadable,
            )
            for raw in claim_file.claims
        )
    for document in documents:
        problems.extend(document.problems)

    citations, built = _citations(claims, documents, per_document, bibliographies, shown)
    files = tuple(shown(p) for p in needed) + tuple(cf.path for _, cf in claim_files)
    files += tuple(f for document in documents for f in document.files)
    suppressions = [s for bib in bibliographies for s in bib.suppressions]
    suppressions += [s for _, claim_file in claim_files for s in claim_file.suppressions]
    suppressions += [s for document in documents for s in document.suppressions]
    firsts: dict[str, Source] = {}
    for bibliography in bibliographies:
        for entry in bibliography.entries:
            firsts.setdefault(entry.key, entry)
    fulltexts = _fulltexts(claims, firsts, settings, shown, progress, loader.area, problems)
    hashes = {claim_file.path: claim_file.digest for _, claim_file in claim_files}
    for document in documents:
        hashes.update(document.digests)
    return Project.build(
        fulltexts=fulltexts,
        hashes=hashes,
        root=root,
        bibliographies=tuple(bibliographies),
        claims=tuple(claims),
        problems=tuple(problems),
        files=tuple(dict.fromkeys(files)),
        documents=tuple(built),
        citations=tuple(citations),
        suppressions=tuple(suppressions),
    )


def _citations(
    claims: list[Claim],
    documents: list[LoadedDocument],
    per_document: dict[str, tuple[str, ...]],
    bibliographies: list[Bibliography],
    shown: ShownPath,
) -> tuple[list[Citation], list[Document]]:
    """Every citation resolved: the claims' sources, then each document's, and the documents."""
    raw: list[Citation] = []
    for group, claim in enumerate(claims, 1):
        raw.extend(
            Citation(
                ref.location,
                Syntax.CLAIM,
                ref.key,
                group=group,
                key=ref.key,
                locator=ref.locator,
                claim=claim.id,
                bibliographies=claim.bibliographies,
            )
            for ref in claim.sources
        )
    bibs_of: list[tuple[str, ...]] = [c.bibliographies for c in raw]
    spans: list[tuple[int, int]] = []
    for document in documents:
        bibs = tuple(shown(p) for p in per_document[document.path])
        start = len(raw)
        raw.extend(document.citations)
        bibs_of.extend([bibs] * len(document.citations))
        spans.append((start, len(raw)))
    unreadable = {bib.path for bib in bibliographies if not bib.readable}
    if unreadable:
        bibs_of = [tuple(b for b in bibs if b not in unreadable) for bibs in bibs_of]
    keys_of = {bib.path: bib.keys for bib in bibliographies}
    first = first_definitions(bibliographies)
    firsts = {  # a manuscript's own list is its own: its keys are not shadowed by another's
        bib.path: list(bib.entries) if bib.typed_list else [e for e in bib.entries if first.get(e.key) is e]
        for bib in bibliographies
    }
    # a rendered list shows which entry is `2024b` (citeproc's letters need not follow the titles)
    letters = {
        document.path: {
            item.key: found.group(1) or found.group(2)
            for item in document.references
            if item.rendered and item.key and (found := _LETTER.search(item.year))
        }
        for document in documents
        if document.references
    }
    resolved = resolve_all(raw, keys_of, firsts, bibs_of, letters)
    citations = [c for c in resolved[: spans[0][0] if spans else len(resolved)] if c is not None]
    built: list[Document] = []
    for document, (start, end) in zip(documents, spans, strict=True):
        kept: list[Citation] = []
        renumber: dict[int, int] = {}
        for index, citation in enumerate(resolved[start:end]):
            if citation is not None:
                renumber[index] = len(kept)
                kept.append(citation)
        sentences = tuple(
            Sentence(
                s.start,
                s.end,
                s.text,
                s.location,
                tuple(renumber[i] for i in s.citations if i in renumber),
                s.paragraph,
            )
            for s in document.sentences
        )
        citations.extend(kept)
        built.append(
            Document(
                document.path,
                document.format,
                tuple(kept),
                sentences,
                document.nocite_all,
                bibliographies=tuple(shown(p) for p in per_document[document.path]),
                reference_list=document.reference_list,
                references=document.references,
                list_entries=document.list_sources,
                unread_list=document.unread_list,
                fields=tuple(document.fields),
            )
        )
    return citations, built
