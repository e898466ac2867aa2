"""The registries' APIs: which request asks what, and what their JSON answers hold.

Crossref (`/works/{doi}`, `/works/{doi}/agency`, `/works?query.bibliographic=`), DataCite
(`/dois/{doi}`) and OpenAlex (`/works?search=`), read as their public documentation and the
recorded answers in client libraries' tests (habanero, commonmeta-py) show them. Every reader
here takes whatever JSON came and keeps what has the documented type: a registry's odd answer
is a record with less in it, never an exception.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from claimcite.model import Notice, RegistryRecord

CROSSREF, DATACITE, OPENALEX = "Crossref", "DataCite", "OpenAlex"
REGISTRIES = (CROSSREF, DATACITE, OPENALEX)
SEARCH_ROWS = "5"
_TAG = re.compile(r"<[^<>]{0,200}>")
_DOI_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/", re.IGNORECASE)
# Crossref's update types (and Retraction Watch's natures) with the label a message uses.
LABELS = {
    "retraction": "retraction",
    "partial_retraction": "partial retraction",
    "withdrawal": "withdrawal",
    "removal": "removal",
    "expression_of_concern": "expression of concern",
    "correction": "correction",
    "corrigendum": "corrigendum",
    "erratum": "erratum",
    "reinstatement": "reinstatement",
}


@dataclass(frozen=True, slots=True)
class Request:
    """One GET below a registry's base URL. Only DOIs and titles of entries are ever in it."""

    registry: str
    path: str  # quoted, no leading slash: "works/10.1371/journal.pone.0033693"
    params: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> str:
        """What the cache files the answer under (the polite-pool address is never part of it)."""
        query = f"?{urlencode(self.params)}" if self.params else ""
        return f"{self.registry} {self.path}{query}"

    @property
    def is_search(self) -> bool:
        return bool(self.params)


def _quoted(doi: str) -> str:
    return quote(doi, safe="/:;()[]-._~")


def crossref_work(doi: str) -> Request:
    return Request(CROSSREF, f"works/{_quoted(doi)}")


def crossref_agency(doi: str) -> Request:
    """The registration agency of a DOI (Crossref, DataCite, mEDRA, JaLC, ...); 404 when none has it."""
    return Request(CROSSREF, f"works/{_quoted(doi)}/agency")


def datacite_doi(doi: str) -> Request:
    return Request(DATACITE, f"dois/{_quoted(doi)}")


def crossref_search(title: str) -> Request:
    return Request(CROSSREF, "works", (("query.bibliographic", title), ("rows", SEARCH_ROWS)))


def openalex_search(title: str) -> Request:
    return Request(OPENALEX, "works", (("search", title), ("per-page", SEARCH_ROWS)))


@dataclass(frozen=True, slots=True)
class Answer:
    """A registry's answer: its status (200, 404, ...) and JSON, or why there is none."""

    status: int | None
    data: Any = None
    problem: str | None = None  # set when the lookup failed: timed out, refused, broken

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.problem is None

    @property
    def missing(self) -> bool:
        return self.status == 404 and self.problem is None


def failed(problem: str) -> Answer:
    return Answer(None, None, problem)


# --- reading the answers -----------------------------------------------------------------------


def _str(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _first_str(value: Any) -> str | None:
    for item in _list(value):
        text = _str(item)
        if text:
            return text
    return _str(value)


def plain(text: str | None) -> str | None:
    """A registry's title as text: JATS and MathML tags dropped, HTML entities decoded."""
    if text is None:
        return None
    return " ".join(html.unescape(_TAG.sub(" ", text)).split()) or None


def bare_doi(value: Any) -> str | None:
    text = _str(value)
    return _DOI_URL.sub("", text).lower() if text else None


def _date(value: Any) -> tuple[int, ...]:
    """The date parts of a Crossref date (`{"date-parts": [[2012, 3, 21]]}`)."""
    parts = _list(_dict(value).get("date-parts"))
    first = _list(parts[0]) if parts else []
    numbers: list[int] = []
    for part in first[:3]:
        if isinstance(part, int) and not isinstance(part, bool):
            numbers.append(part)
        elif isinstance(part, str) and part.isdigit():
            numbers.append(int(part))
        else:
            break
    return tuple(numbers)


def _iso(parts: tuple[int, ...]) -> str | None:
    if not parts:
        return None
    return "-".join(f"{number:04d}" if index == 0 else f"{number:02d}" for index, number in enumerate(parts))


def _year(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 1000 <= value <= 2999 else None
    if isinstance(value, str) and len(value) >= 4 and value[:4].isdigit():
        return _year(int(value[:4]))
    return None


def crossref_message(data: Any) -> dict[str, Any]:
    """The `message` of a Crossref answer."""
    return _dict(_dict(data).get("message"))


def crossref_record(message: dict[str, Any]) -> RegistryRecord:
    """A Crossref work (`message` of `/works/{doi}`, or an item of a search)."""
    authors = [_dict(a) for a in _list(message.get("author"))]
    first = next((a for a in authors if a.get("sequence") == "first"), authors[0] if authors else {})
    years = []
    for name in ("issued", "published-print", "published-online", "published"):
        parts = _date(message.get(name))
        if parts and _year(parts[0]):
            years.append(parts[0])
    containers = [plain(_str(t)) for t in _list(message.get("container-title"))]
    containers += [plain(_str(t)) for t in _list(message.get("short-container-title"))]
    return RegistryRecord(
        registry=CROSSREF,
        doi=bare_doi(message.get("DOI")),
        title=plain(_first_str(message.get("title"))),
        subtitle=plain(_first_str(message.get("subtitle"))),
        first_author=_str(first.get("family")),
        first_given=_str(first.get("given")),
        years=tuple(sorted(set(years))),
        containers=tuple(dict.fromkeys(c for c in containers if c)),
    )


def _notice(update: dict[str, Any], source: str) -> Notice | None:
    kind = _str(update.get("type"))
    if kind is None:
        return None
    kind = re.sub(r"[\s-]+", "_", kind.lower())
    return Notice(
        kind=kind,
        label=_str(update.get("label")) or LABELS.get(kind, kind.replace("_", " ")),
        source=f"{source}, from Retraction Watch" if update.get("source") == "retraction-watch" else source,
        doi=bare_doi(update.get("DOI")),
        date=_iso(_date(update.get("updated"))),
    )


def crossref_notices(message: dict[str, Any]) -> tuple[Notice, ...]:
    """The notices that update a work: its `updated-by` relations (which carry the Retraction
    Watch data), and `update-to` relations that point at the work itself (a notice deposited
    under the work's own DOI)."""
    own = bare_doi(message.get("DOI"))
    found: list[Notice] = []
    for update in _list(message.get("updated-by")):
        notice = _notice(_dict(update), CROSSREF)
        if notice is not None:
            found.append(notice)
    for update in _list(message.get("update-to")):
        update = _dict(update)
        if own is not None and bare_doi(update.get("DOI")) == own:
            notice = _notice({**update, "DOI": None}, CROSSREF)
            if notice is not None:
                found.append(notice)
    return tuple(found)


def crossref_items(data: Any) -> list[dict[str, Any]]:
    """The works of a Crossref search (`message.items`)."""
    return [_dict(item) for item in _list(crossref_message(data).get("items"))]


def crossref_agency_of(data: Any) -> tuple[str, str] | None:
    """The registration agency's id and label from `/works/{doi}/agency`."""
    agency = _dict(crossref_message(data).get("agency"))
    ident = _str(agency.get("id"))
    return (ident.lower(), _str(agency.get("label")) or ident) if ident else None


def datacite_record(data: Any) -> RegistryRecord:
    """A DataCite DOI (`data.attributes` of `/dois/{doi}`)."""
    attributes = _dict(_dict(_dict(data).get("data")).get("attributes"))
    titles = [_dict(t) for t in _list(attributes.get("titles"))]
    main = next((t for t in titles if not t.get("titleType")), titles[0] if titles else {})
    subtitle = next((t for t in titles if t.get("titleType") == "Subtitle"), {})
    creators = [_dict(c) for c in _list(attributes.get("creators"))]
    first = creators[0] if creators else {}
    family, given = _str(first.get("familyName")), _str(first.get("givenName"))
    if family is None and first.get("nameType") != "Organizational":
        name = _str(first.get("name")) or ""
        if "," in name:
            family, given = (part.strip() or None for part in name.split(",", 1))
    years = [_year(attributes.get("publicationYear"))]
    years += [
        _year(d.get("date"))
        for d in map(_dict, _list(attributes.get("dates")))
        if d.get("dateType") == "Issued"
    ]
    container = _str(_dict(attributes.get("container")).get("title"))
    return RegistryRecord(
        registry=DATACITE,
        doi=bare_doi(attributes.get("doi")),
        title=plain(_str(main.get("title"))),
        subtitle=plain(_str(subtitle.get("title"))),
        first_author=family,
        first_given=given,
        years=tuple(sorted({y for y in years if y})),
        containers=(container,) if container else (),
    )


def openalex_results(data: Any) -> list[dict[str, Any]]:
    return [_dict(item) for item in _list(_dict(data).get("results"))]


def openalex_record(work: dict[str, Any]) -> RegistryRecord:
    """An OpenAlex work. Its authors have display names only: the last word stands for the
    family name, the rest for the given names (the comparison tries them the other way too)."""
    authorships = [_dict(a) for a in _list(work.get("authorships"))]
    first = next((a for a in authorships if a.get("author_position") == "first"), None)
    first = first or (authorships[0] if authorships else {})
    name = _str(_dict(first.get("author")).get("display_name")) or ""
    words = name.split()
    source = _dict(_dict(work.get("primary_location")).get("source"))
    container = _str(source.get("display_name"))
    year = _year(work.get("publication_year"))
    return RegistryRecord(
        registry=OPENALEX,
        doi=bare_doi(work.get("doi")),
        title=plain(_str(work.get("title")) or _str(work.get("display_name"))),
        first_author=words[-1] if words else None,
        first_given=" ".join(words[:-1]) or None,
        years=(year,) if year else (),
        containers=(container,) if container else (),
    )


def openalex_notices(work: dict[str, Any]) -> tuple[Notice, ...]:
    if work.get("is_retracted") is True:
        return (Notice("retraction", "Retracted", OPENALEX),)
    return ()


# --- what the cache keeps of an answer ---------------------------------------------------------

_CROSSREF_KEEP = (
    "DOI",
    "title",
    "subtitle",
    "author",
    "container-title",
    "short-container-title",
    "issued",
    "published",
    "published-print",
    "published-online",
    "type",
    "update-to",
    "updated-by",
)
_AUTHOR_KEEP = ("given", "family", "name", "sequence")
_OPENALEX_KEEP = ("id", "doi", "title", "display_name", "publication_year", "type", "is_retracted")


def _crossref_work(message: dict[str, Any]) -> dict[str, Any]:
    kept = {name: message[name] for name in _CROSSREF_KEEP if name in message}
    if "author" in kept:
        kept["author"] = [
            {k: v for k, v in _dict(a).items() if k in _AUTHOR_KEEP} for a in _list(kept["author"])[:3]
        ]
    return kept


def trim(request: Request, data: Any) -> Any:
    """What the cache keeps of an answer: the fields the readers above use, in their shape
    (a Crossref record's reference list and abstract are most of its size)."""
    if request.registry == CROSSREF:
        message = crossref_message(data)
        if request.is_search:
            items = [_crossref_work(item) for item in crossref_items(data)]
            return {"message-type": "work-list", "message": {"items": items}}
        if request.path.endswith("/agency"):
            return {"message-type": "work-agency", "message": {"agency": message.get("agency")}}
        return {"message-type": "work", "message": _crossref_work(message)}
    if request.registry == OPENALEX:
        results = []
        for work in openalex_results(data):
            kept = {name: work[name] for name in _OPENALEX_KEEP if name in work}
            authorships = [_dict(a) for a in _list(work.get("authorships"))][:3]
            kept["authorships"] = [
                {
                    "author_position": a.get("author_position"),
                    "author": {"display_name": _dict(a.get("author")).get("display_name")},
                }
                for a in authorships
            ]
            source = _dict(_dict(work.get("primary_location")).get("source"))
            kept["primary_location"] = {"source": {"display_name": source.get("display_name")}}
            results.append(kept)
        return {"results": results}
    attributes = _dict(_dict(_dict(data).get("data")).get("attributes"))
    keep = ("doi", "titles", "creators", "publicationYear", "dates", "container", "types")
    return {"data": {"attributes": {name: attributes[name] for name in keep if name in attributes}}}
