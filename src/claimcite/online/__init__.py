"""Verifying entries against the scholarly registries (`check --online`) and a local Retraction
Watch file (`retraction_db`): existence, metadata, retractions. Returns plain data
(`Verification`); the rules in `claimcite.rules.registries` turn it into findings.

What leaves the machine: the DOIs and titles of bibliography entries, and the polite-pool
address when one is configured. Never claim or manuscript text.

Each entry's lookup is a generator of requests (`lookup.py`): it runs first against the cache
alone, and only the entries that need an answer the cache lacks go to the network, so a run
that the cache answers whole does not even import the HTTP client.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from claimcite.config import Settings
from claimcite.files import CACHE_FOLDER
from claimcite.load.read import Progress
from claimcite.load.tex import persons
from claimcite.model import Lookup, Notice, Outcome, Project, Source, Verification
from claimcite.online.cache import Cache
from claimcite.online.lookup import Step, from_cache, plan
from claimcite.online.registries import CROSSREF, DATACITE, OPENALEX
from claimcite.online.retractions import RetractionIndex, load_retractions


def checked_sources(project: Project) -> list[Source]:
    """The entries that the check uses: those cited by a claim or a manuscript (every entry
    with `nocite: @*`), or every entry when nothing cites at all (a bibliography checked alone)."""
    if not (project.claims or project.documents) or any(d.nocite_all for d in project.documents):
        return list(project.sources.values())
    cited = {citation.resolved for citation in project.citations if citation.resolved}
    return [source for key, source in project.sources.items() if key in cited]


def verify(
    project: Project, settings: Settings, *, progress: Callable[[int], Progress] | None = None
) -> Verification:
    """What the registries (with `settings.online`) and the Retraction Watch file (with
    `settings.retraction_db`) say about the entries that the check uses."""
    sources = checked_sources(project)
    index = (
        load_retractions(settings.retraction_db, settings.root, settings.area())
        if settings.retraction_db
        else None
    )
    lookups: dict[str, Lookup] = {}
    notices: dict[str, list[Notice]] = {}
    if settings.online:
        steps = {source.key: step for source in sources if (step := plan(source)) is not None}
        cache = Cache(_cache_folder(settings), area=settings.area(), refresh=settings.refresh)
        pending: dict[str, Callable[[], Step]] = {}
        for source in sources:
            if source.key not in steps:
                continue
            done = from_cache(steps[source.key](), cache)
            if done is None:
                pending[source.key] = steps[source.key]
            else:
                lookups[source.key], notices[source.key] = done[0], list(done[1])
        if pending:
            from claimcite.online.network import run_network  # imports httpx: only when asked

            bases = {
                CROSSREF: settings.crossref_url,
                DATACITE: settings.datacite_url,
                OPENALEX: settings.openalex_url,
            }
            fetched = run_network(
                pending,
                cache,
                bases=bases,
                timeout=settings.online_timeout,
                mailto=settings.mailto,
                progress=progress,
            )
            for key, (lookup, found) in fetched.items():
                lookups[key], notices[key] = lookup, list(found)
    if index is not None:
        for source in sources:
            _add(notices.setdefault(source.key, []), _local(index, source, lookups.get(source.key)))
    ordered = {s.key: lookups[s.key] for s in sources if s.key in lookups}
    kept = {s.key: tuple(notices[s.key]) for s in sources if notices.get(s.key)}
    return Verification(lookups=ordered, notices=kept)


def _cache_folder(settings: Settings) -> str | None:
    """The cache folder, when the cache is used and lies inside the root."""
    if not settings.use_cache:
        return None
    from claimcite.load.fulltext import inside

    folder = os.path.join(settings.root, CACHE_FOLDER)
    return folder if inside(folder, settings.root) else None


def _local(index: RetractionIndex, source: Source, lookup: Lookup | None) -> tuple[Notice, ...]:
    from claimcite.online.compare import entry_title
    from claimcite.online.lookup import entry_doi

    doi = entry_doi(source) or (
        lookup.record.doi if lookup and lookup.record and lookup.outcome is Outcome.FOUND else None
    )
    if doi:
        return index.for_doi(doi)
    title = entry_title(source)
    authors = persons(source).get("author", ())
    first = f"{authors[0].von} {authors[0].last}".strip() if authors and not authors[0].is_others else None
    return index.for_title(title, first) if title else ()


def _add(notices: list[Notice], more: tuple[Notice, ...]) -> None:
    """Notices not yet there: one notice reported by the registry and the local file is one."""
    for notice in more:
        if not any(
            n.kind == notice.kind and (n.doi == notice.doi or not n.doi or not notice.doi) for n in notices
        ):
            notices.append(notice)
