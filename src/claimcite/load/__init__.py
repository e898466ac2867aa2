"""The only package that reads the user's files: from settings and paths to a Project."""

from __future__ import annotations

import os
from collections.abc import Iterable

from claimcite.config import Settings
from claimcite.errors import InputError
from claimcite.load.bibtex import Macros, load_bibtex
from claimcite.load.claims import ClaimFile, load_claims
from claimcite.model import Bibliography, Claim, Location, Problem, ProblemKind, Project

CLAIM_SUFFIXES = (".yaml", ".yml")
BIB_SUFFIXES = (".bib", ".bibtex")
DEFAULT_BIBLIOGRAPHY = "references.bib"
DEFAULT_CLAIMS = "claims"
_SKIP_DIRS = {"node_modules", "__pycache__", "venv", "site-packages"}


def shown_path(path: str, root: str) -> str:
    """`path` as reports show it: relative to the root, with '/'."""
    relative = os.path.relpath(os.path.abspath(path), root)
    return relative.replace(os.sep, "/")


def _walk_claim_files(folder: str) -> list[str]:
    found: list[str] = []
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
        found.extend(os.path.join(current, name) for name in sorted(files) if name.endswith(CLAIM_SUFFIXES))
    return found


def _claim_paths(settings: Settings, paths: Iterable[str]) -> tuple[list[tuple[str, bool]], list[str]]:
    """Claim files as (path, named explicitly) and the bibliographies named among the paths."""
    claim_files: list[tuple[str, bool]] = []
    bibs: list[str] = []
    given = list(paths) or list(settings.claims)
    if not given:
        default = os.path.join(settings.root, DEFAULT_CLAIMS)
        given = [default] if os.path.isdir(default) else []
    for path in given:
        absolute = os.path.abspath(path)
        if os.path.isdir(absolute):
            claim_files.extend((found, False) for found in _walk_claim_files(absolute))
        elif not os.path.lexists(absolute):
            raise InputError(f"{path}: no such file or folder")
        elif absolute.endswith(CLAIM_SUFFIXES):
            claim_files.append((absolute, True))
        elif absolute.endswith(BIB_SUFFIXES):
            bibs.append(absolute)
        else:
            raise InputError(f"{path}: not a claim file (.yaml, .yml) or a bibliography (.bib)")
    unique = list(dict.fromkeys(claim_files))
    return unique, bibs


def _resolve(reference: str, claim_file: str, root: str) -> str | None:
    """A path named in a claim file: relative to the root, else to the claim file's folder."""
    for base in (root, os.path.dirname(claim_file)):
        candidate = os.path.normpath(os.path.join(base, reference))
        if os.path.isfile(candidate):
            return candidate
    return None


def load_project(settings: Settings, paths: Iterable[str] = ()) -> Project:
    """Load every input of one check. Raises InputError when no bibliography can be found."""
    root = settings.root
    claim_paths, positional_bibs = _claim_paths(settings, paths)
    explicit = [os.path.abspath(p) for p in settings.bibliography] + positional_bibs
    for path in explicit + list(settings.default_bibliography):
        if not os.path.isfile(path):
            raise InputError(f"bibliography {shown_path(path, root)} not found")
    default_bibs = list(settings.default_bibliography) or [os.path.join(root, DEFAULT_BIBLIOGRAPHY)]

    problems: list[Problem] = []
    claim_files: list[tuple[str, ClaimFile]] = []
    for path, named in claim_paths:
        shown = shown_path(path, root)
        try:
            loaded = load_claims(path, shown, required=named)
        except OSError as error:
            problems.append(Problem(ProblemKind.PARSE, f"cannot read: {error.strerror}", Location(shown)))
            continue
        if loaded.is_claim_file:
            claim_files.append((path, loaded))

    # Which bibliographies each claim file uses: --bib, else its own, else the default.
    needed: list[str] = list(explicit)
    per_file: dict[str, tuple[str, ...]] = {}
    for path, loaded in claim_files:
        if explicit:
            chosen = tuple(explicit)
        elif loaded.bibliographies:
            resolved: list[str] = []
            for reference, location in loaded.bibliographies:
                target = _resolve(reference, path, root)
                if target is None:
                    loaded.problems.append(
                        Problem(ProblemKind.SCHEMA, f"bibliography {reference!r} not found", location)
                    )
                else:
                    resolved.append(target)
            chosen = tuple(resolved)
        else:
            chosen = tuple(default_bibs)
        per_file[path] = chosen
        needed.extend(chosen)
    if not explicit and not claim_files:
        needed.extend(default_bibs)
    needed = list(dict.fromkeys(needed))
    for path in needed:
        if not os.path.isfile(path):
            raise InputError(f"no bibliography: {shown_path(path, root)} not found; name one with --bib FILE")

    macros = Macros()
    bibliographies: list[Bibliography] = []
    for path in needed:
        shown = shown_path(path, root)
        try:
            bibliography, bib_problems = load_bibtex(path, shown, macros)
        except OSError as error:
            raise InputError(f"cannot read bibliography {shown}: {error.strerror}") from None
        bibliographies.append(bibliography)
        problems.extend(bib_problems)

    claims: list[Claim] = []
    for path, loaded in claim_files:
        problems.extend(loaded.problems)
        bibs = tuple(shown_path(p, root) for p in per_file[path])
        document = loaded.document[0] if loaded.document else None
        claims.extend(
            Claim(
                id=raw.id,
                statement=raw.statement,
                location=raw.location,
                sources=raw.sources,
                unsourced=raw.unsourced,
                bibliographies=bibs,
                document=document,
                sources_unreadable=raw.sources_unreadable,
            )
            for raw in loaded.claims
        )
    files = tuple(shown_path(p, root) for p in needed) + tuple(loaded.path for _, loaded in claim_files)
    return Project.build(
        root=root,
        bibliographies=tuple(bibliographies),
        claims=tuple(claims),
        problems=tuple(problems),
        files=files,
    )
