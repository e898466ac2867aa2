"""The link stage (DESIGN §5), after reading: which bibliographies each claim file and manuscript
uses, what each citation resolves to, and the project built from it all. Plain arguments in,
plain values out: it reads no file and knows no settings."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from claimcite.errors import InputError
from claimcite.load.claims import ClaimFile
from claimcite.load.documents import LoadedDocument
from claimcite.model import (
    Bibliography,
    Citation,
    Claim,
    Document,
    FullText,
    Problem,
    ProblemKind,
    Project,
    Resolution,
    Sentence,
    Source,
    Status,
    Suppression,
    Syntax,
    first_definitions,
)
from claimcite.resolve import resolve_all

_LETTER = re.compile(r"(?<=\d)([a-z])$|-([a-z])$")


@dataclass
class Choice:
    """Which bibliographies (absolute paths) each claim file and document uses, the manuscripts'
    own reference lists that serve as bibliographies (by the manuscript's absolute path), and
    the bibliography files to read."""

    per_claim_file: dict[str, tuple[str, ...]]
    per_document: dict[str, tuple[str, ...]]
    lists: dict[str, Bibliography]
    needed: list[str]


def choose_bibliographies(
    claim_files: list[tuple[str, ClaimFile, list[str]]],
    documents: list[LoadedDocument],
    document_of: Mapping[str, str],
    *,
    root: str,
    explicit: list[str],
    defaults: list[str],
    required: bool,
    shown: Callable[[str], str],
    problems: list[Problem],
) -> Choice:
    """`--bib` (`explicit`), else a file's own bibliographies (a claim file's `bibliography:`,
    the third of each triple; a document's front matter or `\\bibliography`), else the
    `defaults`; a manuscript's own reference list where none of those exists. Raises InputError
    when a bibliography so chosen does not exist and one is `required`; without `required`,
    such citations are left unchecked (as `pandoc -t json` lists them)."""
    per_claim_file: dict[str, tuple[str, ...]] = {}

    def choose(own: list[str]) -> tuple[str, ...]:
        if explicit:
            return tuple(explicit)
        return tuple(own) if own else tuple(defaults)

    for path, claim_file, own in claim_files:
        broken = bool(claim_file.bibliographies) and not own
        per_claim_file[path] = () if broken and not explicit else choose(own)
    per_document: dict[str, tuple[str, ...]] = {}
    for document in documents:
        if not explicit:  # --bib wins, as pandoc's --bibliography: the document's own is not read
            for reference, location, why in document.missing_bibliographies:
                problems.append(Problem(ProblemKind.PARSE, f"bibliography {reference!r} {why}", location))
        broken = bool(document.missing_bibliographies) and not document.bibliographies
        per_document[document.path] = (
            () if (broken and not explicit) or document.unreadable else choose(document.bibliographies)
        )
    lists = _lists_as_bibliographies(root, explicit, documents, document_of, per_document, per_claim_file)
    needed = list(explicit)
    for chosen in (*per_claim_file.values(), *per_document.values()):
        needed.extend(chosen)
    if not explicit and not claim_files and not documents:
        needed.extend(defaults)
    needed = [path for path in dict.fromkeys(needed) if path not in lists]
    embedded = {path for document in documents for path in document.embedded}
    absent = {path for path in needed if not os.path.lexists(path) and path not in embedded}
    # a tentative citation (one capitalised word before a year) is one only if it fits an entry:
    # with no bibliography it is dropped, so it needs none
    cites = any(not c.tentative for d in documents for c in d.citations) or any(
        raw.sources for _, claim_file, _ in claim_files for raw in claim_file.claims
    )
    # a bibliography is needed to check citations: where nothing cites (a template, a document
    # without references), the default one may be absent and the rest is checked all the same
    if absent and required and cites:
        path = next(path for path in needed if path in absent)
        raise InputError(f"no bibliography: {shown(path)} not found; name one with --bib FILE")
    if absent:
        needed = [path for path in needed if path not in absent]
        per_claim_file = {k: tuple(b for b in v if b not in absent) for k, v in per_claim_file.items()}
        per_document = {k: tuple(b for b in v if b not in absent) for k, v in per_document.items()}
    return Choice(per_claim_file, per_document, lists, needed)


def _lists_as_bibliographies(
    root: str,
    explicit: list[str],
    documents: list[LoadedDocument],
    document_of: Mapping[str, str],
    per_document: dict[str, tuple[str, ...]],
    per_claim_file: dict[str, tuple[str, ...]],
) -> dict[str, Bibliography]:
    """The one place that decides when a manuscript's own reference list is its bibliography:
    when it has one and no bibliography is named (no --bib, none in the config or its front
    matter) or found (no references.bib). A claim file tied to that manuscript (`document:`)
    and finding no bibliography of its own uses the same list. Changes `per_document` and
    `per_claim_file` to name the manuscript; returns the lists so used, by its absolute path."""
    used: dict[str, Bibliography] = {}
    if explicit:
        return used
    for document in documents:
        chosen = per_document[document.path]
        if any(os.path.isfile(p) for p in chosen):
            continue
        # a bibliography named and missing (a rendered document naming the author's temporary
        # file) leaves the document's own list: the missing one is reported where it is named
        if not chosen and not (document.references and document.missing_bibliographies):
            continue
        absolute = os.path.normpath(os.path.join(root, document.path))
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
        from claimcite.load.typedlist import as_bibliography  # only a typed list needs its patterns

        absolute = os.path.normpath(os.path.join(root, document.path))
        used[absolute] = as_bibliography(document.path, document.list_sources)
        per_document[document.path] = (absolute,)
    for path, chosen in per_claim_file.items():
        target = document_of.get(path)
        absolute = os.path.abspath(target) if target is not None else ""
        if absolute in used and not any(os.path.isfile(p) for p in chosen):
            per_claim_file[path] = (absolute,)
    return used


def build_claims(
    claim_files: list[tuple[str, ClaimFile]],
    per_claim_file: Mapping[str, tuple[str, ...]],
    document_of: Mapping[str, str],
    shown: Callable[[str], str],
) -> list[Claim]:
    """The claims of the claim files, each with the bibliographies and the manuscript it refers to."""
    out: list[Claim] = []
    for path, claim_file in claim_files:
        bibs = tuple(shown(p) for p in per_claim_file[path])
        out.extend(
            Claim(
                id=raw.id,
                statement=raw.statement,
                location=raw.location,
                sources=raw.sources,
                unsourced=raw.unsourced,
                bibliographies=bibs,
                document=shown(document_of[path]) if path in document_of else None,
                sources_unreadable=raw.sources_unreadable,
            )
            for raw in claim_file.claims
        )
    return out


def resolve_citations(
    claims: list[Claim],
    documents: list[LoadedDocument],
    per_document: Mapping[str, tuple[str, ...]],
    bibliographies: list[Bibliography],
    shown: Callable[[str], str],
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
    for document, (start, end) in zip(documents, spans, strict=True):
        resolved[start:end] = _by_identifier(
            resolved[start:end], firsts, manubot=document.manubot, aliases=document.aliases
        )
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
                unread_parts=tuple(document.unread_parts),
            )
        )
    return citations, built


def _by_identifier(
    citations: list[Citation | None],
    firsts: Mapping[str, list[Source]],
    *,
    manubot: bool,
    aliases: Mapping[str, str],
) -> list[Citation | None]:
    """A document's citations with each unknown key that names its work by a persistent
    identifier (`@doi:10.1/x`, `@{https://…}`: see `identifiers`), itself or through a Manubot
    alias (`[@tag]: doi:10.1/x`), resolved to the entry that carries it (or that the alias
    names), else marked as looked up by the identifier (Status.BY_IDENTIFIER), as Manubot and
    its pandoc filter look it up: no unknown key."""
    from claimcite.identifiers import IdentifierIndex, identifier

    indexes: dict[tuple[str, ...], IdentifierIndex] = {}
    out: list[Citation | None] = []
    for citation in citations:
        resolution = citation.resolution if citation is not None else None
        if (
            citation is None
            or citation.key is None
            or citation.syntax is not Syntax.PANDOC
            or resolution is None
            or resolution.status is not Status.UNKNOWN_KEY
        ):
            out.append(citation)
            continue
        meant = aliases.get(citation.key, citation.key)
        named = identifier(meant, manubot=manubot)
        if named is None and meant == citation.key:
            out.append(citation)  # an ordinary unknown key
            continue
        bibs = citation.bibliographies
        if bibs not in indexes:
            indexes[bibs] = IdentifierIndex(s for path in bibs for s in firsts.get(path, []))
        index = indexes[bibs]
        key = meant if meant in index.keys else (index.find(*named) if named is not None else None)
        if key is not None:
            found = Resolution(Status.RESOLVED, key=key)
        elif named is not None:
            found = Resolution(Status.BY_IDENTIFIER, reason=f"{named[0]}:{named[1]}")
        else:
            out.append(citation)  # an alias of a key that no entry has: unknown, as for Manubot
            continue
        out.append(citation.having(resolution=found))
    return out


def build(
    *,
    root: str,
    claim_files: list[tuple[str, ClaimFile]],
    documents: list[LoadedDocument],
    claims: list[Claim],
    citations: list[Citation],
    built: list[Document],
    bibliographies: list[Bibliography],
    read: list[str],
    fulltexts: dict[str, FullText],
    problems: list[Problem],
) -> Project:
    """The project: every input linked. `read`: the bibliography files read (shown paths)."""
    files = tuple(read) + tuple(cf.path for _, cf in claim_files)
    files += tuple(f for document in documents for f in document.files)
    suppressions: list[Suppression] = [s for bib in bibliographies for s in bib.suppressions]
    suppressions += [s for _, claim_file in claim_files for s in claim_file.suppressions]
    suppressions += [s for document in documents for s in document.suppressions]
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


def first_entries(bibliographies: list[Bibliography]) -> dict[str, Source]:
    """Each key's first entry, in the order the bibliographies were read."""
    firsts: dict[str, Source] = {}
    for bibliography in bibliographies:
        for entry in bibliography.entries:
            firsts.setdefault(entry.key, entry)
    return firsts
