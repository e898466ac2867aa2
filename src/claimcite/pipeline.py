"""One check's pipeline up to the project: discover → read → link. The rules, the engine and
the reports follow (claimcite.cli runs them); `citations` goes from here to its report.

The only place that turns settings into the plain arguments the stages take."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from claimcite import __version__, link
from claimcite.config import Settings
from claimcite.errors import InputError
from claimcite.load.documents import LoadedDocument
from claimcite.load.fulltext import Places
from claimcite.load.read import DEFAULT_BIBLIOGRAPHY, Progress, Reader, discover
from claimcite.model import Project


def load_project(
    settings: Settings,
    paths: Iterable[str] = (),
    progress: Callable[[int], Progress] | None = None,
    *,
    bibliography_required: bool = True,
) -> Project:
    """Read every input of one check and link it into a project. Raises InputError when no
    bibliography can be found (without `bibliography_required`, citations are then left
    unchecked, as `pandoc -t json` lists them); a bibliography named with --bib must exist in
    any case."""
    root = settings.root
    named = list(paths)
    inputs = discover(named, root=root, claims=settings.claims, documents=settings.documents)
    reader = Reader(root, settings.area(named), inputs, use_cache=settings.use_cache, version=__version__)
    shown = reader.shown
    explicit = [os.path.abspath(p) for p in settings.bibliography] + inputs.bibliographies
    for path in explicit + list(settings.default_bibliography):
        if not os.path.lexists(path):
            raise InputError(f"bibliography {shown(path)} not found")
    defaults = list(settings.default_bibliography) or [os.path.join(root, DEFAULT_BIBLIOGRAPHY)]

    claim_files = reader.claim_files()
    documents = reader.documents(claim_files)
    own = [
        (path, claim_file, reader.own_bibliographies(path, claim_file)) for path, claim_file in claim_files
    ]
    problems = reader.problems
    choice = link.choose_bibliographies(
        own,
        documents,
        reader.document_of,
        root=root,
        explicit=explicit,
        defaults=defaults,
        required=bibliography_required,
        shown=shown,
        problems=problems,
    )
    # a LaTeX document's declared encoding is its bibliographies' too (as BibTeX and biber read them)
    encodings = {bib: d.encoding for d in documents if d.encoding for bib in choice.per_document[d.path]}
    bibliographies = reader.bibliographies(
        choice.needed,
        embedded={path: text for document in documents for path, text in document.embedded.items()},
        encodings=encodings,
        # BibTeX takes a `%` line inside an entry for a field name; biber and pandoc skip it
        bibtex_read={bib for d in documents if d.bibtex for bib in choice.per_document[d.path]},
        by_title=_by_title(documents, choice.per_document),
        citeproc=_citeproc(documents, choice.per_document),
    )
    bibliographies.extend(choice.lists.values())

    for _, claim_file in claim_files:
        problems.extend(claim_file.problems)
    for document in documents:
        problems.extend(document.problems)
    claims = link.build_claims(claim_files, choice.per_claim_file, reader.document_of, shown)
    citations, built = link.resolve_citations(claims, documents, choice.per_document, bibliographies, shown)
    fulltexts = reader.fulltexts(
        claims,
        link.first_entries(bibliographies),
        folders=settings.fulltext_dirs,
        use_cache=settings.use_cache,
        places=Places(root, settings.fulltext_allow, settings.zotero_storage),
        progress=progress,
    )
    return link.build(
        root=root,
        claim_files=claim_files,
        documents=documents,
        claims=claims,
        citations=citations,
        built=built,
        bibliographies=bibliographies,
        read=[shown(p) for p in choice.needed],
        fulltexts=fulltexts,
        problems=problems,
    )


def _by_title(documents: list[LoadedDocument], per_document: dict[str, tuple[str, ...]]) -> set[str]:
    """The bibliographies that citeproc or an APA style renders (none reads them otherwise), and
    no document renders in another style."""
    found = {bib for d in documents if d.by_title for bib in per_document[d.path]}
    return found - {bib for d in documents if not d.by_title for bib in per_document[d.path]}


def _citeproc(documents: list[LoadedDocument], per_document: dict[str, tuple[str, ...]]) -> set[str]:
    """The bibliographies that pandoc's citeproc alone reads: a Markdown manuscript's."""
    found = {bib for d in documents if d.citeproc for bib in per_document[d.path]}
    return found - {bib for d in documents if not d.citeproc for bib in per_document[d.path]}
