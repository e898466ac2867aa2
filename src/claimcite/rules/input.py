"""Inputs that cannot be read, and claim files that break the schema."""

from __future__ import annotations

from collections.abc import Iterator

from claimcite.model import Location, ProblemKind, Project, Severity
from claimcite.options import Options
from claimcite.rules.base import Violation, rule


def _problems(project: Project, kind: ProblemKind) -> Iterator[Violation]:
    for problem in project.problems:
        if problem.kind is kind:
            yield Violation(problem.location, problem.message, claim=problem.claim, key=problem.key)


@rule(code="CC001", name="parse-error", severity=Severity.ERROR)
def parse_error(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags an input that cannot be read or parsed: a YAML syntax error, an
    unbalanced brace in a BibTeX entry, bytes that are not UTF-8.

    ## Why is this bad?
    What cannot be read cannot be checked, and the tools that build the
    publication (BibTeX, biber, pandoc) stumble on the same place. Checking goes
    on with the rest: entries after a broken one are still read.

    ## Example
    ```bib title="references.bib"
    @article{okafor2017,
      author  = {Okafor, Chidi},
      title   = {Language barriers,
      journal = {Health and Social Care in the Community},
      year    = {2017}
    }
    ```

    Use instead:
    ```bib title="references.bib"
    @article{okafor2017,
      author  = {Okafor, Chidi},
      title   = {Language barriers},
      journal = {Health and Social Care in the Community},
      year    = {2017}
    }
    ```
    """
    return _problems(project, ProblemKind.PARSE)


@rule(code="CC002", name="invalid-claim", severity=Severity.ERROR)
def invalid_claim(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags a claim file that parses as YAML but breaks the claim-file schema: a
    claim without `id` or `statement`, `sources` that is not a list, an unknown
    field, a value of the wrong type, a `bibliography:` that does not exist.

    ## Why is this bad?
    A field that claimcite does not understand is a field it does not check: a
    misspelt `sources` leaves the claim looking unsourced, a `sources` written
    as one string hides its keys.

    ## Example
    ```yaml title="claims/reach.yaml"
    claims:
      - id: reach
        statement: Client support reaches many citizens only partly.
        sources: hulshof2021
    ```
    ```bib title="references.bib"
    @techreport{hulshof2021,
      author = {Hulshof, Anne and others},
      title = {Onafhankelijke cli{\"e}ntondersteuning},
      institution = {RIVM},
      year = {2021}
    }
    ```

    Use instead:
    ```yaml title="claims/reach.yaml"
    claims:
      - id: reach
        statement: Client support reaches many citizens only partly.
        sources: [hulshof2021]
    ```
    """
    return _problems(project, ProblemKind.SCHEMA)


@rule(code="CC005", name="nothing-checked", severity=Severity.WARNING)
def nothing_checked(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags a check that found no claim and no citation to check: an empty or
    missing `claims/`, claim files whose list is not under `claims:`, a folder
    with no claim files, manuscripts that cite nothing. A bibliography whose
    entries were looked up in the registries (`--online`) was checked.

    ## Why is this bad?
    A gate that checked nothing passes. "All checks passed (0 claims)" reads as
    a success in CI, while a wrong path or a misspelt key left every claim
    unchecked.

    ## Example
    ```yaml title="claims/reach.yaml"
    claims: []
    ```
    ```bib title="references.bib"
    @techreport{hulshof2021,
      author = {Hulshof, Anne and others},
      title = {Onafhankelijke cli{\"e}ntondersteuning},
      institution = {RIVM},
      year = {2021}
    }
    ```

    Use instead:
    ```yaml title="claims/reach.yaml"
    claims:
      - id: reach
        statement: Client support reaches many citizens only partly.
        sources: [hulshof2021]
    ```
    """
    if project.claims or project.citations:
        return
    if project.verification is not None and project.verification.lookups:
        return  # the entries were looked up in the registries (--online): checked against a source
    read = ", ".join(project.files) if project.files else "no file"
    message = (
        f"nothing checked against a source: no claim and no citation found (read: {read}); "
        "claim files hold a top-level 'claims:' list (default folder claims/), manuscripts are "
        "named as PATH or by a claim file's 'document:'"
    )
    yield Violation(Location(project.files[0] if project.files else "."), message)
