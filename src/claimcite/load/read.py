"""The only package that reads the user's files (DESIGN §5's `read`): which inputs a check
has, and each read into format-neutral values by its format's reader (load/formats). It
decides nothing: which bibliography a file uses and what a citation resolves to are the link
stage's (claimcite.link), and it knows no settings: every function takes plain arguments."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from claimcite.errors import InputError
from claimcite.files import CACHE_FOLDER
from claimcite.files.contain import Area, Refused
from claimcite.load.claims import ClaimFile
from claimcite.load.documents import BIBITEMS_SUFFIX, LoadedDocument, ShownPath
from claimcite.load.format import ClaimsFormat, Role
from claimcite.load.formats import (
    bibliography_format,
    claims_format,
    either,
    format_of,
    load_document,
    manuscript_format,
    named_suffixes,
    what_is_read,
)
from claimcite.load.fulltext import Cache, Places, load_fulltext, locate
from claimcite.load.parsecache import ParseCache
from claimcite.load.reader import BibliographyHints
from claimcite.load.text import reading
from claimcite.model import Bibliography, Claim, FullText, Location, Problem, ProblemKind, Source

DEFAULT_BIBLIOGRAPHY = "references.bib"
DEFAULT_CLAIMS = "claims"
_SKIP_DIRS = {"node_modules", "__pycache__", "venv", "site-packages"}


def _walk_claim_files(folder: str, unreadable: list[tuple[str, str]], claims: ClaimsFormat) -> list[str]:
    """The claim files under `folder`; the folders that cannot be listed go to `unreadable`
    with the reason (they are findings: an unreadable folder is not a folder without claims)."""
    found: list[str] = []

    def failed(error: OSError) -> None:
        unreadable.append((error.filename or folder, error.strerror or str(error)))

    for current, dirs, files in os.walk(folder, onerror=failed):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
        found.extend(os.path.join(current, name) for name in sorted(files) if claims.matches(name))
    return found


@dataclass
class Inputs:
    """What one check reads, as found by `discover`."""

    claim_files: list[tuple[str, bool]] = field(default_factory=list)  # (path, named explicitly)
    bibliographies: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # folders that cannot be listed


def discover(paths: Iterable[str], *, root: str, claims: Sequence[str], documents: Sequence[str]) -> Inputs:
    """Claim files, bibliographies and documents named by the paths; with none, by the config's
    `claims` and `documents`; with none of those, the root's `claims/` folder."""
    found = Inputs()
    given = list(paths)
    if not given:
        given = list(claims)
        found.documents.extend(os.path.abspath(p) for p in documents)
        if not given:
            default = os.path.join(root, DEFAULT_CLAIMS)
            given = [default] if os.path.isdir(default) else []
    claims_row = claims_format()
    for path in given:
        absolute = os.path.abspath(path)
        row = format_of(absolute)
        if os.path.isdir(absolute):
            found.claim_files.extend(
                (item, False) for item in _walk_claim_files(absolute, found.unreadable, claims_row)
            )
        elif not os.path.lexists(absolute):
            raise InputError(f"{path}: no such file or folder")
        elif row is None:
            raise InputError(f"{path}: not {what_is_read()}")
        elif row.role is Role.CLAIMS:
            found.claim_files.append((absolute, True))
        elif row.role is Role.BIBLIOGRAPHY:
            found.bibliographies.append(absolute)
        else:
            found.documents.append(absolute)
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


class Progress(Protocol):
    """What the command line shows while full texts are extracted."""

    def advance(self) -> None: ...

    def close(self) -> None: ...


class Reader:
    """Reads the inputs of one check under `root`, where `area` admits them; what cannot be
    read goes to `problems`, in the order it was met."""

    def __init__(self, root: str, area: Area, inputs: Inputs, *, use_cache: bool, version: str) -> None:
        self.root = root
        self.area = area
        self.inputs = inputs
        # parsed inputs of earlier runs: bibliographies and claim files not parsed again
        self.cache = ParseCache(os.path.join(root, CACHE_FOLDER) if use_cache else None, area, version)
        self.shown = ShownPath(root)
        self.problems: list[Problem] = [
            Problem(
                ProblemKind.PARSE,
                f"cannot read the folder: {reason}; its claim files are not checked",
                Location(self.shown(folder)),
            )
            for folder, reason in inputs.unreadable
        ]
        self.document_of: dict[str, str] = {}  # claim file -> the manuscript it names, resolved

    def claim_files(self) -> list[tuple[str, ClaimFile]]:
        loaded: list[tuple[str, ClaimFile]] = []
        row = claims_format()
        for path, named in self.inputs.claim_files:
            shown = self.shown(path)
            try:
                claim_file = row.read(path, shown, self.area, named, self.cache)
            except OSError as error:
                self.problems.append(
                    Problem(ProblemKind.PARSE, f"cannot read: {error.strerror}", Location(shown))
                )
                continue
            if claim_file.is_claim_file:
                loaded.append((path, claim_file))
        return loaded

    def documents(self, claim_files: list[tuple[str, ClaimFile]]) -> list[LoadedDocument]:
        """The manuscripts named as inputs and by the claim files (`document:`, whose sentences
        are read too)."""
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
            elif manuscript_format(target) is None:
                suffixes = either(named_suffixes(Role.MANUSCRIPT))
                claim_file.problems.append(
                    Problem(ProblemKind.SCHEMA, f"document {reference!r} is not {suffixes}", location)
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

    def own_bibliographies(self, path: str, claim_file: ClaimFile) -> list[str]:
        """The bibliographies a claim file names (`bibliography:`) that can be read; each that
        cannot is a problem of the claim file."""
        own: list[str] = []
        for reference, location in claim_file.bibliographies:
            target, why = _resolve(reference, path, self.root, self.area)
            if target is None:
                claim_file.problems.append(
                    Problem(ProblemKind.SCHEMA, f"bibliography {reference!r} {why}", location)
                )
            else:
                own.append(target)
        return own

    def bibliographies(
        self,
        paths: Iterable[str],
        *,
        embedded: Mapping[str, str],
        encodings: Mapping[str, str],
        bibtex_read: set[str],
        by_title: set[str],
        citeproc: set[str],
    ) -> list[Bibliography]:
        """The bibliographies at `paths`, each in its format. `embedded`: the texts of those that
        a LaTeX document writes (`filecontents`); `encodings`: the encoding each is read in when
        it declares none (its document's); `bibtex_read`: those that BibTeX itself reads;
        `by_title`: those rendered by citeproc or an APA style, which cite a work without
        author by its title (as is every bibliography of a format that citeproc alone reads);
        `citeproc`: those that pandoc's citeproc alone reads (a Markdown manuscript's)."""
        hints = BibliographyHints(cache=self.cache)
        shown = self.shown
        out: list[Bibliography] = []
        for path in paths:
            try:
                row = bibliography_format(path)
                with reading(files=embedded, fallback=encodings.get(path)):
                    bibliography, problems = row.read(
                        path, shown(path), self.area, replace(hints, comment_lines=path not in bibtex_read)
                    )
                if path.endswith(BIBITEMS_SUFFIX):
                    bibliography = replace(bibliography, bibitems=True)
            except OSError as error:
                bibliography = Bibliography(shown(path), (), readable=False)
                problems = [
                    Problem(ProblemKind.PARSE, f"cannot read: {error.strerror}", Location(shown(path)))
                ]
            by_citeproc = bibliography_format(path).citeproc
            if path in by_title or by_citeproc:
                bibliography = replace(bibliography, by_title=True)
            if path in citeproc or by_citeproc:
                bibliography = replace(bibliography, citeproc=True)
            out.append(bibliography)
            self.problems.extend(problems)
        return out

    def fulltexts(
        self,
        claims: list[Claim],
        sources: dict[str, Source],
        *,
        folders: Sequence[str],
        use_cache: bool,
        places: Places,
        progress: Callable[[int], Progress] | None,
    ) -> dict[str, FullText]:
        """The full texts of the sources that claims cite, each read once: from a bib entry's
        `file` field (found in `places`), else `<key>.<ext>` in the `folders` under the root."""
        wanted = list(
            dict.fromkeys(ref.key for claim in claims for ref in claim.sources if ref.key in sources)
        )
        if not wanted:
            return {}
        root = self.root
        folders = [os.path.join(root, folder) for folder in folders]
        cache_folder = os.path.join(root, CACHE_FOLDER) if use_cache else None
        if cache_folder is not None and os.path.lexists(cache_folder):
            try:
                self.area.admit(cache_folder)
            except Refused as refused:
                message = f"the cache folder is not used: {refused.strerror}; full texts are read without it"
                self.problems.append(Problem(ProblemKind.PARSE, message, Location(CACHE_FOLDER)))
                cache_folder = None
        cache = Cache(cache_folder, self.area)
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
                out[key] = load_fulltext(sources[key], located[key], self.shown, cache)
                if bar is not None and located[key].path is not None:
                    bar.advance()
        finally:
            if bar is not None:
                bar.close()
        return out
