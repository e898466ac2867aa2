"""Claims and the manuscript they come from: is the statement there, does it cite the same works?"""

from __future__ import annotations

from collections.abc import Iterator

from claimcite.match import find_statement
from claimcite.model import Citation, Claim, Document, Project, Sentence, Severity
from claimcite.options import Options
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


def _paragraphs(document: Document) -> dict[tuple[str, int], list[Sentence]]:
    """The sentences of a document by paragraph: (file, paragraph number) -> sentences."""
    grouped: dict[tuple[str, int], list[Sentence]] = {}
    for sentence in document.sentences:
        grouped.setdefault((sentence.location.path, sentence.paragraph), []).append(sentence)
    return grouped


def _cited(document: Document, sentences: list[Sentence]) -> list[Citation]:
    return [document.citations[i] for sentence in sentences for i in sentence.citations]


def _keys(keys: set[str]) -> str:
    return ", ".join(sorted(keys))


@rule(code="CC105", name="citation-differs", severity=Severity.ERROR)
def citation_differs(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags a claim whose sources the manuscript does not cite where the claim
    stands. A source counts as cited when the claim's sentence cites it, or a
    sentence before it in the same paragraph does (a report often cites the
    source of a paragraph once). The claim's sentence is found as
    `claim-not-in-document` finds it (`claim_match`). An error when those
    sentences cite other works; a warning when they cite nothing at all (the
    citation may follow later, but the reader cannot tell). Only citations that
    resolve to an entry count, and a paragraph with a citation that does not
    resolve is left to the rules for that.

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
    paragraphs: dict[str, dict[tuple[str, int], list[Sentence]]] = {}
    for claim, document in _claims_with_documents(project):
        listed = listed_of.get(claim.id, set())
        if not listed:
            continue
        found = find_statement(claim.statement, document, threshold=options.claim_match)
        if found is None:
            continue
        if document.path not in paragraphs:
            paragraphs[document.path] = _paragraphs(document)
        first, last = found.sentences[0], found.sentences[-1]
        paragraph = paragraphs[document.path][first.location.path, first.paragraph]
        earlier = [sentence for sentence in paragraph if sentence.start < first.start]
        citations = _cited(document, earlier + list(found.sentences))
        if any(citation.resolved is None for citation in citations):
            continue  # a citation that does not resolve may be the one meant: its own rules say so
        cited = {citation.resolved for citation in citations if citation.resolved is not None}
        missing = {key for key in listed if key not in cited}
        if not missing:
            continue
        where = f"its sentence ({first.location.where})"
        scope = f"{where} and the sentences before it in its paragraph cite" if earlier else f"{where} cites"
        message = f"claim {claim.id!r} lists {_keys(missing)}, but {scope} "
        if cited:
            yield Violation(claim.location, message + _keys(cited), claim=claim.id)
            continue
        later = [s for s in paragraph if s.start > last.start and missing & _resolved(document, s)]
        if later:
            message += f"nothing; the paragraph cites it later ({later[0].location.where}): cite it here"
        else:
            message += "nothing"
        yield Violation(claim.location, message, claim=claim.id, severity=Severity.WARNING)


def _resolved(document: Document, sentence: Sentence) -> set[str]:
    return {key for citation in _cited(document, [sentence]) if (key := citation.resolved) is not None}
