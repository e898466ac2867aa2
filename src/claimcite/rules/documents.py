"""Claims and the manuscript they come from: is the statement there, does it cite the same works?"""

from __future__ import annotations

from collections.abc import Iterator

from claimcite.match import find_statement
from claimcite.model import Claim, Document, Options, Project, Severity
from claimcite.rules.base import Violation, rule


def _claims_with_documents(project: Project) -> Iterator[tuple[Claim, Document]]:
    documents = {document.path: document for document in project.documents}
    for claim in project.claims:
        if claim.document and claim.statement and claim.document in documents:
            yield claim, documents[claim.document]


@rule(code="CC203", name="claim-not-in-document", severity=Severity.WARNING)
def claim_not_in_document(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags a claim whose statement cannot be found in the manuscript its claim
    file names in `document:`. Sentences are compared with rapidfuzz, one or
    two at a time, so small edits (a word changed, another order) still match;
    the threshold is `claim_match` in the config (0-100, default 80).

    ## Why is this bad?
    The claim file has drifted from the manuscript: the sentence was rewritten
    or removed, and the claim checked here is no longer the one readers see.

    ## Example
    ```yaml title="claims/a.yaml"
    document: paper.txt
    claims:
      - id: reach
        statement: Client support reaches young people less often.
        sources: [hulshof2021]
    ```
    ```text title="paper.txt"
    Most municipalities fund client support. Waiting lists are short.
    ```
    ```bib title="references.bib"
    @misc{hulshof2021,
      author = {Hulshof, Anne},
      title = {Cli{\\"e}ntondersteuning},
      year = {2021}
    }
    ```

    Use instead:
    ```text title="paper.txt"
    Most municipalities fund client support. Client support reaches young
    people less often than others (Hulshof, 2021).
    ```
    """
    for claim, document in _claims_with_documents(project):
        found = find_statement(claim.statement, document, threshold=options.claim_match)
        if found is None:
            yield Violation(
                claim.location,
                f"the statement of claim {claim.id!r} is not in {document.path}: "
                "update the claim or the manuscript",
                claim=claim.id,
            )


@rule(code="CC105", name="citation-differs", severity=Severity.ERROR)
def citation_differs(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags a claim whose sentence in the manuscript cites other works than the
    claim file lists for it. Only sentences that cite something are compared,
    and only citations that resolve to an entry count.

    ## Why is this bad?
    Either the manuscript or the claim file names the wrong source: what the
    reader sees cited is not what was checked.

    ## Example
    ```yaml title="claims/a.yaml"
    document: paper.txt
    claims:
      - id: reach
        statement: Client support reaches young people less often.
        sources: [bruijn2018]
    ```
    ```text title="paper.txt"
    Client support reaches young people less often (Hulshof, 2021).
    ```
    ```bib title="references.bib"
    @misc{hulshof2021,
      author = {Hulshof, Anne},
      title = {Cli{\\"e}ntondersteuning},
      year = {2021}
    }
    @misc{bruijn2018,
      author = {de Bruijn, Els},
      title = {Bereik},
      year = {2018}
    }
    ```

    Use instead:
    ```yaml title="claims/a.yaml"
    document: paper.txt
    claims:
      - id: reach
        statement: Client support reaches young people less often.
        sources: [hulshof2021]
    ```
    """
    listed_of: dict[str | None, set[str]] = {}  # each claim's resolved sources, in one pass
    for citation in project.citations:
        if citation.claim is not None and citation.resolved is not None:
            listed_of.setdefault(citation.claim, set()).add(citation.resolved)
    for claim, document in _claims_with_documents(project):
        found = find_statement(claim.statement, document, threshold=max(options.claim_match, 90.0))
        if found is None:
            continue
        sentences = found.sentences
        cited = {
            document.citations[i].resolved
            for sentence in sentences
            for i in sentence.citations
            if document.citations[i].resolved is not None
        }
        if not cited:
            continue
        listed = listed_of.get(claim.id, set())
        if not listed or cited == listed:
            continue
        where = sentences[0].location
        yield Violation(
            claim.location,
            f"claim {claim.id!r} lists {', '.join(sorted(k for k in listed if k))} but its sentence "
            f"({where.where}) cites {', '.join(sorted(k for k in cited if k))}",
            claim=claim.id,
        )
