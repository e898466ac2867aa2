"""Claims without support, and claim ids used twice."""

from __future__ import annotations

from collections.abc import Iterator

from claimcite.model import Claim, Project, Severity
from claimcite.options import Options
from claimcite.rules.base import Violation, rule


@rule(code="CC201", name="unsupported-claim", severity=Severity.ERROR)
def unsupported_claim(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags a claim that lists no source and gives no `unsourced:` reason.

    ## Why is this bad?
    A claim without a source is the first thing a reviewer asks about. Some
    claims rightly stand without one (a gap in the literature, the authors' own
    conclusion); saying why in `unsourced:` tells the reader it is on purpose.

    ## Example
    ```yaml title="claims/gap.yaml"
    claims:
      - id: no-prevalence-studies
        statement: No studies were found on discrimination in client support.
    ```
    ```bib title="references.bib"
    @misc{unused2020,
      author = {Doe, Jane},
      title = {A note},
      year = {2020}
    }
    ```

    Use instead:
    ```yaml title="claims/gap.yaml"
    claims:
      - id: no-prevalence-studies
        statement: No studies were found on discrimination in client support.
        unsourced: literature gap; no study was found
    ```
    """
    for claim in project.claims:
        if claim.sources or claim.sources_unreadable or claim.unsourced is not None:
            continue
        name = f"claim {claim.id!r}" if claim.id else "this claim"
        yield Violation(
            claim.location,
            f"{name} has no source: add its keys under 'sources:', "
            "or say why it stands alone in 'unsourced:'",
            claim=claim.id,
        )


@rule(code="CC202", name="duplicate-claim-id", severity=Severity.ERROR)
def duplicate_claim_id(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags a claim id that another claim, in any claim file, already uses.

    ## Why is this bad?
    Reports, baselines and the manuscript refer to claims by id; two claims
    with one id make those references ambiguous.

    ## Example
    ```yaml title="claims/a.yaml"
    claims:
      - id: language
        statement: Language barriers keep residents from seeking help.
        sources: [okafor2017]
      - id: language
        statement: Interpreters are rarely offered.
        sources: [okafor2017]
    ```
    ```bib title="references.bib"
    @misc{okafor2017,
      author = {Okafor, Chidi},
      title = {Language barriers},
      year = {2017}
    }
    ```

    Use instead:
    ```yaml title="claims/a.yaml"
    claims:
      - id: language
        statement: Language barriers keep residents from seeking help.
        sources: [okafor2017]
      - id: interpreters
        statement: Interpreters are rarely offered.
        sources: [okafor2017]
    ```
    """
    first: dict[str, Claim] = {}
    for claim in project.claims:
        if claim.id is None:
            continue
        if claim.id in first:
            yield Violation(
                claim.location,
                f"claim id {claim.id!r} is already used at {first[claim.id].location.where}: "
                "give each claim a unique id",
                claim=claim.id,
            )
        else:
            first[claim.id] = claim
