"""One entry's lookup as a generator of requests: it yields each request, is sent the answer,
and returns the `Lookup` with the notices found. The same generator runs against the cache
alone (`from_cache`) and against the network (`network.run_network`).

- An entry with a DOI: Crossref `/works/{doi}`; on a 404 DataCite `/dois/{doi}`; on a 404 there
  too, Crossref's registration-agency lookup, whose 404 means no agency knows the DOI. Only
  404s from all three make "not found"; a DOI of another agency (mEDRA, JaLC, ...) exists.
- An entry without a DOI that should have one (article, paper, book, chapter): a Crossref
  bibliographic search by title, then OpenAlex as a second opinion.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator

from claimcite.model import Lookup, Notice, Outcome, RegistryRecord, Source
from claimcite.online import registries as reg
from claimcite.online.cache import Cache
from claimcite.online.compare import best, compare, entry_title
from claimcite.online.registries import Answer

Result = tuple[Lookup, tuple[Notice, ...]]
Step = Generator[reg.Request, Answer, Result]

SEARCHED_TYPES = frozenset({"article", "inproceedings", "conference", "book", "incollection", "inbook"})
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_TEX_ESCAPE = re.compile(r"\\([_%#&$])")
_AGENCIES = {"crossref", "datacite", "medra", "jalc", "kisti", "istic", "cnki", "airiti", "op", "eidr"}


def entry_doi(source: Source) -> str | None:
    """The entry's DOI, lower case, when it is well formed (malformed-field reports the rest)."""
    raw = source.fields.get("doi", "").strip()
    if not raw:
        return None
    value = _DOI_PREFIX.sub("", _TEX_ESCAPE.sub(r"\1", raw).replace("{", "").replace("}", "")).strip()
    value = value.rstrip(".,;")  # the end of a sentence, not of the DOI
    return value.lower() if _DOI.match(value) else None


def plan(source: Source) -> Callable[[], Step] | None:
    """How to look the entry up, or None when there is nothing to look up by."""
    doi = entry_doi(source)
    if doi is not None:
        return lambda: by_doi(source, doi)
    if source.fields.get("doi", "").strip():
        return None  # a malformed DOI: not sent anywhere
    title = entry_title(source)
    if source.type in SEARCHED_TYPES and title:
        return lambda: by_title(source, title[:300])
    return None


def _unverified(
    source: Source, reason: str, doi: str | None = None, searched: tuple[str, ...] = ()
) -> Result:
    return Lookup(source.key, Outcome.UNVERIFIED, doi=doi, reason=reason, searched=searched), ()


def _problem(answer: Answer, request: reg.Request) -> str:
    return answer.problem or f"{request.registry} answered HTTP {answer.status}"


def by_doi(source: Source, doi: str) -> Step:
    request = reg.crossref_work(doi)
    answer = yield request
    if answer.ok:
        message = reg.crossref_message(answer.data)
        record = reg.crossref_record(message)
        found = Lookup(source.key, Outcome.FOUND, doi=doi, record=record, mismatches=compare(source, record))
        return found, reg.crossref_notices(message)
    if not answer.missing:
        return _unverified(source, _problem(answer, request), doi)
    request = reg.datacite_doi(doi)
    answer = yield request
    if answer.ok:
        record = reg.datacite_record(answer.data)
        return Lookup(
            source.key, Outcome.FOUND, doi=doi, record=record, mismatches=compare(source, record)
        ), ()
    if not answer.missing:
        return _unverified(source, _problem(answer, request), doi)
    request = reg.crossref_agency(doi)
    answer = yield request
    if answer.missing:
        reason = "Crossref and DataCite have no such DOI, and no registration agency knows it"
        return Lookup(source.key, Outcome.NOT_FOUND, doi=doi, reason=reason), ()
    if not answer.ok:
        return _unverified(source, _problem(answer, request), doi)
    agency = reg.crossref_agency_of(answer.data)
    if agency is None or agency[0] not in _AGENCIES:
        return _unverified(source, "the DOI's registration agency is not known", doi)
    ident, label = agency
    if ident in ("crossref", "datacite"):
        reason = f"registered with {label}, whose record of it cannot be read yet"
    else:
        reason = f"registered with {label}: only Crossref and DataCite records are compared"
    return Lookup(source.key, Outcome.FOUND, doi=doi, reason=reason), ()


def by_title(source: Source, title: str) -> Step:
    problems: list[str] = []
    searched: list[str] = []
    candidates: list[RegistryRecord] = []
    request = reg.crossref_search(title)
    answer = yield request
    if answer.ok:
        searched.append(reg.CROSSREF)
        items = reg.crossref_items(answer.data)
        records = [reg.crossref_record(item) for item in items]
        match, _ = best(source, records)
        if match is not None:
            notices = reg.crossref_notices(items[records.index(match)])
            return Lookup(source.key, Outcome.FOUND, record=match, searched=tuple(searched)), notices
        candidates.extend(records)
    else:
        problems.append(_problem(answer, request))
    request = reg.openalex_search(title)
    answer = yield request
    if answer.ok:
        searched.append(reg.OPENALEX)
        works = reg.openalex_results(answer.data)
        records = [reg.openalex_record(work) for work in works]
        match, _ = best(source, records)
        if match is not None:
            notices = reg.openalex_notices(works[records.index(match)])
            return Lookup(source.key, Outcome.FOUND, record=match, searched=tuple(searched)), notices
        candidates.extend(records)
    else:
        problems.append(_problem(answer, request))
    if problems:
        return _unverified(source, problems[0], searched=tuple(searched))
    _, closest = best(source, candidates)
    return Lookup(source.key, Outcome.NOT_FOUND, closest=closest, searched=tuple(searched)), ()


def from_cache(step: Step, cache: Cache) -> Result | None:
    """The lookup's result when the cache holds every answer it needs, else None."""
    try:
        request = next(step)
        while True:
            cached = cache.get(request)
            if cached is None:
                step.close()
                return None
            request = step.send(Answer(*cached))
    except StopIteration as stop:
        result: Result = stop.value
        return result
