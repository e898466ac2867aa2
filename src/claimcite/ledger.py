"""The claims ledger: every claim with its standing, the manuscript sentence it stands in, and
the evidence of each of its sources, as plain values built after the rules ran. The reports
that show claims (html, markdown) render it; they judge nothing themselves.

The ledger computes no evidence of its own: the claim's sentence is found by the same
`match.find_statement` and each quote compared by the same `quotes.compare_quote` that the
rules called, and both hand back what they found then (they keep it for the run).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from claimcite.findings import (
    Check,
    Evidence,
    Finding,
    Ledger,
    LedgerClaim,
    Mark,
    Passage,
    Reference,
    Standing,
)
from claimcite.load.names import source_year
from claimcite.load.tex import decode_latex, persons
from claimcite.match import find_statement
from claimcite.model import (
    Claim,
    Document,
    Person,
    Project,
    Severity,
    Source,
)
from claimcite.options import Options
from claimcite.quotes import compare_quote

_SLUG = re.compile(r"[^\w-]+")
_URL = re.compile(r"https?://[^\s<>\"']+\Z", re.IGNORECASE)
_DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(10\.\d{4,9}/\S+)\Z", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def build(
    project: Project,
    findings: Iterable[Finding],
    options: Options | None = None,
    *,
    fail_on: str = "error",
    failed: bool = False,
) -> Ledger:
    """The ledger of `project`, whose rules gave `findings` (with `options`)."""
    options = options or Options()
    by_claim: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.claim is not None:
            by_claim.setdefault(finding.claim, []).append(finding)
    documents = {document.path: document for document in project.documents}
    listed: dict[str, set[str]] = {}  # each claim's sources that resolve, by claim id
    for citation in project.citations:
        if citation.claim is not None and citation.resolved is not None:
            listed.setdefault(citation.claim, set()).add(citation.resolved)
    references: dict[str, Reference] = {}
    anchors: set[str] = set()
    claims = []
    for claim in project.claims:
        evidence = tuple(_evidence(project, claim, references))
        about = tuple(by_claim.get(claim.id, ())) if claim.id is not None else ()
        document = documents.get(claim.document) if claim.document else None
        claims.append(
            LedgerClaim(
                id=claim.id,
                anchor=_anchor(claim, anchors),
                statement=claim.statement,
                location=claim.location,
                standing=_standing(claim, about, evidence),
                unsourced=claim.unsourced,
                document=claim.document,
                document_read=document is not None,
                passage=_passage(claim, document, listed.get(claim.id or "", set()), options)
                if document is not None
                else None,
                evidence=evidence,
                findings=about,
            )
        )
    fulltexts = sorted({text.path for text in project.fulltexts.values() if text.readable and text.path})
    return Ledger(tuple(claims), project.files, tuple(fulltexts), fail_on, failed)


def _anchor(claim: Claim, taken: set[str]) -> str:
    """`claim-<id>` with what a URL fragment would escape replaced; numbered when taken."""
    name = _SLUG.sub("-", claim.id or "").strip("-")[:80] or f"line-{claim.location.line or 0}"
    anchor = base = f"claim-{name}"
    count = 1
    while anchor in taken:
        count += 1
        anchor = f"{base}-{count}"
    taken.add(anchor)
    return anchor


def _standing(claim: Claim, findings: tuple[Finding, ...], evidence: tuple[Evidence, ...]) -> Standing:
    severities = {finding.severity for finding in findings}
    if Severity.ERROR in severities:
        return Standing.PROBLEM
    if not claim.sources:  # with its reason; without one, unsupported-claim made it a problem
        return Standing.UNSOURCED
    if Severity.WARNING in severities or any(item.check is Check.UNCHECKED for item in evidence):
        return Standing.WARNINGS
    return Standing.BACKED


def _evidence(project: Project, claim: Claim, references: dict[str, Reference]) -> Iterable[Evidence]:
    for ref in claim.sources:
        source = project.find(ref.key)
        reference = None
        if source is not None:
            reference = references.get(source.key)
            if reference is None:
                reference = references[source.key] = reference_of(source)
        fulltext = project.fulltexts.get(ref.key)  # as the rules find it
        if not ref.quote:
            yield Evidence(ref.key, ref.location, reference, ref.locator, None, Check.NONE)
            continue
        if fulltext is None or not fulltext.readable:
            if source is None:
                reason = "no bibliography defines this key"
            elif fulltext is None:
                reason = "its full text was not looked for"
            else:
                reason = fulltext.problem or "no readable full text"
            yield Evidence(
                ref.key, ref.location, reference, ref.locator, ref.quote, Check.UNCHECKED, reason=reason
            )
            continue
        comparison = compare_quote(ref.quote, fulltext)  # the rules' comparison, kept for the run
        if comparison is None:
            yield Evidence(
                ref.key, ref.location, reference, ref.locator, ref.quote, Check.UNCHECKED,
                fulltext=fulltext.path, reason="the quote has no words to compare",
            )  # fmt: skip
            continue
        check = Check.FOUND if comparison.found else Check.DIFFERS
        yield Evidence(
            ref.key, ref.location, reference, ref.locator, ref.quote, check, comparison, fulltext.path
        )


def _passage(claim: Claim, document: Document, listed: set[str], options: Options) -> Passage | None:
    """The claim's sentence with its citations marked where their text stands in it."""
    found = find_statement(claim.statement, document, threshold=options.claim_match)
    if found is None:
        return None
    text = " ".join(sentence.text for sentence in found.sentences)
    marks: list[Mark] = []
    unmarked: list[str] = []
    position = 0
    offset = 0
    last_group: int | None = None
    for sentence in found.sentences:
        for index in sentence.citations:
            citation = document.citations[index]
            written = _SPACE.sub(" ", citation.text).strip()
            key = citation.resolved
            mine = key is not None and key in listed
            if marks and last_group == citation.group and marks[-1].text == written:  # one bracket
                last = marks[-1]
                marks[-1] = Mark(last.start, last.end, last.text, (*last.keys, key), last.listed or mine)
                continue
            at = text.find(written, max(position, offset)) if written else -1
            if at == -1:
                unmarked.append(written)
                continue
            marks.append(Mark(at, at + len(written), written, (key,), mine))
            last_group = citation.group
            position = at + len(written)
        offset += len(sentence.text) + 1
    return Passage(found.sentences[0].location, text, tuple(marks), tuple(dict.fromkeys(unmarked)))


# References --------------------------------------------------------------------------------

CONTAINERS = ("journal", "journaltitle", "booktitle", "series", "publisher", "institution", "school")
MOST_AUTHORS = 20  # APA 7 lists up to 20 authors, then the last after an ellipsis


def reference_of(source: Source) -> Reference:
    """An entry as a reference list shows it, in APA's order: author, year, title, container."""
    fields = source.fields
    authors = _authors(source)
    year = _plain(fields.get("year", "")) or source_year(source) or "n.d."  # as written: 2021a, z.d.
    title = _plain(fields.get("title", ""))
    container = next((_plain(fields[name]) for name in CONTAINERS if fields.get(name, "").strip()), "")
    details = _details(fields)
    doi = None
    if fields.get("doi"):
        match = _DOI.match(fields["doi"].strip())
        doi = match.group(1) if match else None
    url = fields.get("url", "").strip()
    return Reference(
        key=source.key,
        type=source.type,
        authors=authors,
        year=year,
        title=title,
        container=container,
        details=details,
        note=_plain(fields.get("note", "")),
        doi=doi,
        url=url if _URL.match(url) else None,
        location=source.location,
    )


def _plain(value: str) -> str:
    if not value:
        return ""
    return " ".join(decode_latex(value).split())


def _details(fields: Mapping[str, str]) -> str:
    volume = _plain(fields.get("volume", ""))
    issue = _plain(fields.get("number", "") or fields.get("issue", ""))
    pages = _plain(fields.get("pages", ""))
    if "-" in pages:
        pages = pages.replace("-", "–").replace("––", "–")
    text = volume + (f"({issue})" if issue else "")
    if pages:
        text = f"{text}, {pages}" if text else pages
    return text


def _name(person: Person) -> str:
    family = f"{person.von} {person.last}" if person.von else person.last
    if person.first:
        family = f"{family}, {' '.join(_initial(part) for part in person.first.split())}"
    return f"{family}, {person.jr}" if person.jr else family


def _initial(name: str) -> str:
    if "-" in name.strip("-"):
        return "-".join(_initial(part) for part in name.split("-") if part)
    return f"{name[0]}." if name[0] != "." else f"{name.strip('.')[:1]}."


def _authors(source: Source) -> str:
    role = "author" if source.has("author") else "editor" if source.has("editor") else None
    if role is None:
        return _plain(source.fields.get("organization", ""))  # a group author
    people = persons(source)[role]
    others = bool(people) and people[-1].is_others
    names = [_name(person) for person in (people[:-1] if others else people)]
    suffix = " (Ed.)" if role == "editor" and len(names) == 1 else " (Eds.)" if role == "editor" else ""
    if others:
        return ", ".join(names) + " et al." + suffix
    if len(names) > MOST_AUTHORS:
        names = [*names[: MOST_AUTHORS - 1], "…", names[-1]]
        return ", ".join(names) + suffix
    if len(names) <= 1:
        return "".join(names) + suffix
    if len(names) == 2 and "," not in names[0]:  # no initials: Bruijn & Friedel
        return f"{names[0]} & {names[1]}{suffix}"
    return ", ".join(names[:-1]) + ", & " + names[-1] + suffix
