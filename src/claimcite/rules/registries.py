"""What the scholarly registries say about the entries (`check --online`, `retraction_db`): DOIs
that do not exist, metadata that differs, DOIs an entry lacks, works nobody can find, and
retractions and other notices. The lookups happen before the rules (`claimcite.online`); these
rules only read their results, so they run the same from the cache, offline.

In the examples, the files under `registry/` are the registries' answers as the tests serve
them (`registry/crossref/works/DOI.json` is Crossref's answer for that DOI; no file is a 404).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from claimcite.model import (
    Location,
    Lookup,
    Notice,
    Outcome,
    Project,
    RegistryRecord,
    Severity,
    Source,
)
from claimcite.options import Options
from claimcite.rules.base import Violation, rule

RETRACTING = frozenset({"retraction", "withdrawal", "removal"})
NOTICES = frozenset({"expression_of_concern", "correction", "corrigendum", "erratum", "partial_retraction"})
_SHOWN_KEYS = 5


def _lookups(project: Project, outcome: Outcome) -> Iterator[tuple[Source, Lookup]]:
    if project.verification is None:
        return
    for key, lookup in project.verification.lookups.items():
        source = project.sources.get(key)
        if source is not None and lookup.outcome is outcome:
            yield source, lookup


def _describe(record: RegistryRecord) -> str:
    parts = [f"'{record.title}'" if record.title else "an untitled record"]
    about = ", ".join(
        part
        for part in (record.first_author, "/".join(str(y) for y in record.years) if record.years else None)
        if part
    )
    if about:
        parts.append(f"({about})")
    if record.doi:
        parts.append(f"doi {record.doi}")
    return " ".join(parts)


@rule(code="CC601", name="doi-not-found", severity=Severity.ERROR)
def doi_not_found(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags an entry whose DOI no registry knows: Crossref and DataCite answer 404 for it, and so
    does the lookup of its registration agency (`--online`).

    ## Why is this bad?
    A DOI that resolves to nothing is a typo, or a reference that was made up (language models
    invent plausible DOIs). Readers who follow it land on an error page. Only a 404 counts: a
    lookup that timed out or was refused is `could-not-verify`, never this.

    ## Example
    ```bibtex title="references.bib"
    @article{sadasivan2012,
      author = {Sadasivan, Shankar and Pond, Brooks B.},
      title = {Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of
               Microglia in the Basal Ganglia of Mice},
      journal = {PLoS ONE}, year = {2012}, doi = {10.1371/journal.pone.00336930}
    }
    ```
    ```toml title="claimcite.toml"
    online = true
    ```

    Use instead:
    ```bibtex title="references.bib"
    @article{sadasivan2012,
      author = {Sadasivan, Shankar and Pond, Brooks B.},
      title = {Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of
               Microglia in the Basal Ganglia of Mice},
      journal = {PLoS ONE}, year = {2012}, doi = {10.1371/journal.pone.0033693}
    }
    ```
    ```json title="registry/crossref/works/10.1371/journal.pone.0033693.json"
    {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": {
      "DOI": "10.1371/journal.pone.0033693", "type": "journal-article",
      "title": ["Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia in the Basal Ganglia of Mice"],
      "author": [{"given": "Shankar", "family": "Sadasivan", "sequence": "first", "affiliation": []}],
      "container-title": ["PLoS ONE"], "issued": {"date-parts": [[2012, 3, 21]]}}}
    ```
    """
    for source, lookup in _lookups(project, Outcome.NOT_FOUND):
        if lookup.doi is None:
            continue
        yield Violation(
            source.location,
            f"DOI {lookup.doi} of '{source.key}' does not exist: {lookup.reason}; "
            "correct it from the work itself (a typo?), or check that the work exists",
            key=source.key,
        )


@rule(code="CC602", name="metadata-mismatch", severity=Severity.WARNING)
def metadata_mismatch(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags an entry whose title, first author's family name, year or journal differs from what
    the registry of its DOI holds (`--online`). Case, diacritics, LaTeX, a left-out subtitle,
    a journal's abbreviation and a print year one after the online year are not differences.

    ## Why is this bad?
    Either the entry describes another work than its DOI (a DOI copied from the wrong record,
    or a reference that was made up around a real DOI), or its details are wrong; the reader
    gets a citation that does not match what they find.

    ## Example
    ```bibtex title="references.bib"
    @article{sadasivan2012,
      author = {Sadasivan, Shankar},
      title = {Methylphenidate causes dopamine neuron loss in adolescent rats},
      journal = {PLoS ONE}, year = {2012}, doi = {10.1371/journal.pone.0033693}
    }
    ```
    ```toml title="claimcite.toml"
    online = true
    ```
    ```json title="registry/crossref/works/10.1371/journal.pone.0033693.json"
    {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": {
      "DOI": "10.1371/journal.pone.0033693", "type": "journal-article",
      "title": ["Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia in the Basal Ganglia of Mice"],
      "author": [{"given": "Shankar", "family": "Sadasivan", "sequence": "first", "affiliation": []}],
      "container-title": ["PLoS ONE"], "issued": {"date-parts": [[2012, 3, 21]]}}}
    ```

    Use instead:
    ```bibtex title="references.bib"
    @article{sadasivan2012,
      author = {Sadasivan, Shankar},
      title = {Methylphenidate exposure induces dopamine neuron loss and activation of
               microglia in the basal ganglia of mice},
      journal = {PLoS ONE}, year = {2012}, doi = {10.1371/journal.pone.0033693}
    }
    ```
    """
    for source, lookup in _lookups(project, Outcome.FOUND):
        if not lookup.mismatches or lookup.record is None:
            continue
        registry = lookup.record.registry
        parts = [f"{m.field} '{m.entry}' is '{m.registered}' at {registry}" for m in lookup.mismatches]
        fields = {m.field for m in lookup.mismatches}
        hint = (
            "the DOI may belong to another work: check it"
            if {"title", "first author"} <= fields
            else "correct the entry from the work itself"
        )
        yield Violation(
            source.location,
            f"'{source.key}' differs from its DOI's record: {'; '.join(parts)} - {hint}",
            key=source.key,
        )


@rule(code="CC603", name="doi-missing", severity=Severity.INFO)
def doi_missing(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags an entry without a DOI whose work a registry knows with one: a search by its title
    found the work, and its first author or year agree (`--online`).

    ## Why is this bad?
    A DOI is the one link that stays: readers and tools find the work by it, and claimcite can
    check the entry's details and retractions against it.

    ## Example
    ```bibtex title="references.bib"
    @article{sadasivan2012,
      author = {Sadasivan, Shankar},
      title = {Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of
               Microglia in the Basal Ganglia of Mice},
      journal = {PLoS ONE}, year = {2012}
    }
    ```
    ```toml title="claimcite.toml"
    online = true
    ```
    ```json title="registry/crossref/works.json"
    {"status": "ok", "message-type": "work-list", "message-version": "1.0.0", "message": {
      "total-results": 1, "items-per-page": 5, "items": [{
        "DOI": "10.1371/journal.pone.0033693", "type": "journal-article", "score": 97.2,
        "title": ["Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia in the Basal Ganglia of Mice"],
        "author": [{"given": "Shankar", "family": "Sadasivan", "sequence": "first", "affiliation": []}],
        "container-title": ["PLoS ONE"], "issued": {"date-parts": [[2012, 3, 21]]}}]}}
    ```

    Use instead:
    ```bibtex title="references.bib"
    @article{sadasivan2012,
      author = {Sadasivan, Shankar},
      title = {Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of
               Microglia in the Basal Ganglia of Mice},
      journal = {PLoS ONE}, year = {2012}, doi = {10.1371/journal.pone.0033693}
    }
    ```
    ```json title="registry/crossref/works/10.1371/journal.pone.0033693.json"
    {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": {
      "DOI": "10.1371/journal.pone.0033693", "type": "journal-article",
      "title": ["Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia in the Basal Ganglia of Mice"],
      "author": [{"given": "Shankar", "family": "Sadasivan", "sequence": "first", "affiliation": []}],
      "container-title": ["PLoS ONE"], "issued": {"date-parts": [[2012, 3, 21]]}}}
    ```
    """
    for source, lookup in _lookups(project, Outcome.FOUND):
        record = lookup.record
        if lookup.doi is not None or record is None or record.doi is None:
            continue
        yield Violation(
            source.location,
            f"'{source.key}' has no DOI; {record.registry} knows this work as doi {record.doi}: "
            "add it to the entry",
            key=source.key,
        )


@rule(code="CC604", name="reference-not-found", severity=Severity.WARNING)
def reference_not_found(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags an article, paper, book or chapter without a DOI that a bibliographic search by its
    title finds neither in Crossref nor in OpenAlex (`--online`); it names the closest record.

    ## Why is this bad?
    A published work that two large indexes cannot find by its title may have a garbled title,
    or not exist: made-up references look like this. A search that timed out or was refused is
    `could-not-verify`, never this.

    ## Example
    ```bibtex title="references.bib"
    @article{sadasivan2012,
      author = {Sadasivan, Shankar},
      title = {Stimulant exposure and microglial priming in the adolescent zebrafish striatum},
      journal = {PLoS ONE}, year = {2012}
    }
    ```
    ```toml title="claimcite.toml"
    online = true
    ```
    ```json title="registry/crossref/works.json"
    {"status": "ok", "message-type": "work-list", "message-version": "1.0.0", "message": {
      "total-results": 1, "items-per-page": 5, "items": [{
        "DOI": "10.1371/journal.pone.0033693", "type": "journal-article", "score": 31.5,
        "title": ["Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia in the Basal Ganglia of Mice"],
        "author": [{"given": "Shankar", "family": "Sadasivan", "sequence": "first", "affiliation": []}],
        "container-title": ["PLoS ONE"], "issued": {"date-parts": [[2012, 3, 21]]}}]}}
    ```
    ```json title="registry/openalex/works.json"
    {"meta": {"count": 0, "db_response_time_ms": 21, "page": 1, "per_page": 5},
     "results": [], "group_by": []}
    ```

    Use instead:
    ```bibtex title="references.bib"
    @article{sadasivan2012,
      author = {Sadasivan, Shankar},
      title = {Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of
               Microglia in the Basal Ganglia of Mice},
      journal = {PLoS ONE}, year = {2012}
    }
    ```
    """
    for source, lookup in _lookups(project, Outcome.NOT_FOUND):
        if lookup.doi is not None:
            continue
        where = " and ".join(lookup.searched) or "the registries"
        closest = f"; the closest record is {_describe(lookup.closest)}" if lookup.closest else ""
        yield Violation(
            source.location,
            f"'{source.key}' was not found by a search of {where} for its title{closest}: "
            "check the title against the work, or that the work exists",
            key=source.key,
        )


def _notices(project: Project) -> Iterator[tuple[Source, tuple[Notice, ...]]]:
    if project.verification is None:
        return
    for key, notices in project.verification.notices.items():
        source = project.sources.get(key)
        if source is not None:
            yield source, notices


def _notice_text(notice: Notice) -> str:
    parts = [
        notice.label.lower() if notice.label[:1].isupper() and notice.label[1:].islower() else notice.label
    ]
    if notice.date:
        parts.append(f"of {notice.date}")
    if notice.doi:
        parts.append(f"(doi {notice.doi})")
    return " ".join(parts) + f" [{notice.source}]"


def _retraction(notices: tuple[Notice, ...]) -> Notice | None:
    """The retraction that stands: the latest, unless a reinstatement came after it."""
    retractions = sorted((n for n in notices if n.kind in RETRACTING), key=lambda n: n.date or "")
    if not retractions:
        return None
    latest = retractions[-1]
    reinstated = [n for n in notices if n.kind == "reinstatement" and (n.date or "") >= (latest.date or "~")]
    return None if reinstated else latest


@rule(code="CC605", name="retracted-source", severity=Severity.ERROR)
def retracted_source(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags an entry whose work was retracted, withdrawn or removed: from Crossref's notices
    (which carry the Retraction Watch data) with `--online`, or from a local Retraction Watch
    CSV named by `retraction_db`, which works without network.

    ## Why is this bad?
    A retracted work no longer supports anything; citing it without saying so passes its
    withdrawn findings on as if they stood.

    ## Example
    ```bibtex title="references.bib"
    @article{wakefield1998,
      author = {Wakefield, Andrew J. and Murch, Simon H.},
      title = {Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive
               developmental disorder in children},
      journal = {The Lancet}, year = {1998}, doi = {10.1016/S0140-6736(97)11096-0}
    }
    ```
    ```toml title="claimcite.toml"
    retraction_db = "retraction_watch.csv"
    ```
    ```csv title="retraction_watch.csv"
    Record ID,Title,Subject,Institution,Journal,Publisher,Country,Author,URLS,ArticleType,RetractionDate,RetractionDOI,RetractionPubMedID,OriginalPaperDate,OriginalPaperDOI,OriginalPaperPubMedID,RetractionNature,Reason,Paywalled,Notes,
    4036,"Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive developmental disorder in children",(BLS) Biology - Medical;,Royal Free Hospital,The Lancet,Elsevier,United Kingdom,Andrew J Wakefield;Simon H Murch,,Research Article;,2/6/2010 0:00,10.1016/S0140-6736(10)60175-4,20137807,2/28/1998 0:00,10.1016/S0140-6736(97)11096-0,9500320,Retraction,+Falsification/Fabrication of Data;,No,,
    ```

    Use instead:
    ```bibtex title="references.bib"
    @article{taylor2014,
      author = {Taylor, Luke E. and Swerdfeger, Amy L. and Eslick, Guy D.},
      title = {Vaccines are not associated with autism: an evidence-based meta-analysis of
               case-control and cohort studies},
      journal = {Vaccine}, year = {2014}, doi = {10.1016/j.vaccine.2014.04.085}
    }
    ```
    """
    for source, notices in _notices(project):
        notice = _retraction(notices)
        if notice is None:
            continue
        yield Violation(
            source.location,
            f"'{source.key}' was retracted: {_notice_text(notice)}; cite it only as a retracted work, "
            "or cite another source",
            key=source.key,
        )


@rule(code="CC606", name="source-has-notice", severity=Severity.WARNING)
def source_has_notice(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags an entry whose work carries an expression of concern, a correction, an erratum or a
    partial retraction, or was retracted and then reinstated (`--online` or `retraction_db`).

    ## Why is this bad?
    The notice may change what the work supports: a corrected figure, a disputed result. Read
    it before relying on the work; once you have, say so with a suppression comment.

    ## Example
    ```bibtex title="references.bib"
    @article{sadasivan2012,
      author = {Sadasivan, Shankar},
      title = {Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of
               Microglia in the Basal Ganglia of Mice},
      journal = {PLoS ONE}, year = {2012}, doi = {10.1371/journal.pone.0033693}
    }
    ```
    ```toml title="claimcite.toml"
    online = true
    ```
    ```json title="registry/crossref/works/10.1371/journal.pone.0033693.json"
    {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": {
      "DOI": "10.1371/journal.pone.0033693", "type": "journal-article",
      "title": ["Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia in the Basal Ganglia of Mice"],
      "author": [{"given": "Shankar", "family": "Sadasivan", "sequence": "first", "affiliation": []}],
      "container-title": ["PLoS ONE"], "issued": {"date-parts": [[2012, 3, 21]]},
      "updated-by": [{"updated": {"date-parts": [[2012, 5, 8]]}, "type": "correction", "label": "Correction",
                      "DOI": "10.1371/annotation/c76da2c1-ccb8-4797-94c1-359d3ceceeda"}]}}
    ```

    Use instead:
    ```bibtex title="references.bib"
    % claimcite: ignore[source-has-notice] - the correction of 2012 leaves the cited result as it is
    @article{sadasivan2012,
      author = {Sadasivan, Shankar},
      title = {Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of
               Microglia in the Basal Ganglia of Mice},
      journal = {PLoS ONE}, year = {2012}, doi = {10.1371/journal.pone.0033693}
    }
    ```
    """
    for source, notices in _notices(project):
        if _retraction(notices) is not None:
            continue  # retracted-source says more
        shown = [n for n in notices if n.kind in NOTICES or n.kind in RETRACTING or n.kind == "reinstatement"]
        if not shown:
            continue
        listed = "; ".join(_notice_text(n) for n in shown)
        yield Violation(
            source.location,
            f"'{source.key}' has a notice: {listed}; read it and check that the work still supports "
            "what it is cited for",
            key=source.key,
        )


@rule(code="CC607", name="could-not-verify", severity=Severity.INFO)
def could_not_verify(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Says, once per run, how many entries could not be checked online and why: a lookup that
    timed out, was refused, was rate-limited past the time left, or had no network
    (`--online`). Such entries are never reported as not found.

    ## Why is this bad?
    Those entries were not checked: a clean report does not vouch for them. Their answers are
    not cached, so the next run asks again.

    ## Example
    ```bibtex title="references.bib"
    @article{sadasivan2012,
      author = {Sadasivan, Shankar},
      title = {Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of
               Microglia in the Basal Ganglia of Mice},
      journal = {PLoS ONE}, year = {2012}, doi = {10.1371/journal.pone.0033693}
    }
    ```
    ```toml title="claimcite.toml"
    online = true
    ```
    ```http title="registry/crossref/works/10.1371/journal.pone.0033693.http"
    HTTP/1.1 503 Service Unavailable
    Retry-After: 3600
    Content-Type: text/plain

    Service Unavailable
    ```

    Use instead:
    ```http title="registry/crossref/works/10.1371/journal.pone.0033693.http"
    HTTP/1.1 200 OK
    Content-Type: application/json

    {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": {
      "DOI": "10.1371/journal.pone.0033693", "type": "journal-article",
      "title": ["Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia in the Basal Ganglia of Mice"],
      "author": [{"given": "Shankar", "family": "Sadasivan", "sequence": "first", "affiliation": []}],
      "container-title": ["PLoS ONE"], "issued": {"date-parts": [[2012, 3, 21]]}}}
    ```
    """
    unverified = list(_lookups(project, Outcome.UNVERIFIED))
    if not unverified:
        return
    reasons = Counter(lookup.reason or "unknown" for _, lookup in unverified)
    why = "; ".join(
        f"{reason} ({count})" if len(reasons) > 1 else reason for reason, count in reasons.most_common()
    )
    keys = [source.key for source, _ in unverified]
    listed = ", ".join(keys[:_SHOWN_KEYS]) + (
        f" and {len(keys) - _SHOWN_KEYS} more" if len(keys) > _SHOWN_KEYS else ""
    )
    count = len(unverified)
    first = unverified[0][0]
    yield Violation(
        Location(first.location.path),
        f"could not verify {count} entr{'y' if count == 1 else 'ies'} online: {why}: {listed}; "
        "they are not checked (run again later)",
        key=first.key if count == 1 else None,
    )
