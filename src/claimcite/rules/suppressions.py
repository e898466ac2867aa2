"""`claimcite: ignore[...]` comments that name no rule, or that suppress nothing."""

from __future__ import annotations

from collections.abc import Iterator

from claimcite.model import Project, Severity
from claimcite.options import Options
from claimcite.rules.base import Violation, rule


@rule(code="CC003", name="blanket-suppression", severity=Severity.WARNING)
def blanket_suppression(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags a `claimcite: ignore` comment that names no rule. It suppresses
    nothing: name the rules it is meant for, as `# claimcite: ignore[unknown-key]`
    in YAML, `<!-- claimcite: ignore[...] -->` in Markdown, `% claimcite: ignore[...]`
    in LaTeX and BibTeX.

    ## Why is this bad?
    An ignore without rules would hide every finding on its line, the ones
    nobody has looked at too; like ruff's blanket `noqa`, it is better named.

    ## Example
    ```yaml title="claims/a.yaml"
    claims:
      - id: reach
        statement: Reach is lower among young people.
        sources: [hulshof2012]  # claimcite: ignore
    ```
    ```bib title="references.bib"
    @misc{hulshof2021,
      author = {Hulshof, Anne},
      title = {Cli{\\"e}ntondersteuning},
      year = {2021}
    }
    ```

    Use instead:
    ```yaml title="claims/a.yaml"
    claims:
      - id: reach
        statement: Reach is lower among young people.
        sources: [hulshof2012]  # claimcite: ignore[unknown-key]
    ```
    """
    for suppression in project.suppressions:
        if suppression.rules is None or not suppression.rules:
            yield Violation(
                suppression.location,
                "'claimcite: ignore' names no rule and suppresses nothing: "
                "write ignore[rule, ...] with the rules it is for",
            )


@rule(code="CC004", name="unused-suppression", severity=Severity.WARNING)
def unused_suppression(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags a `claimcite: ignore[...]` comment, or a rule named in one, that
    suppresses no finding on its line or the line after it, and a rule name
    that claimcite does not know. The engine judges this rule after all the
    others have run, since it needs their findings; a rule that is not
    selected in this run is not reported as unused.

    ## Why is this bad?
    A stale ignore hides the next real problem on that line, and a misspelt
    rule name suppresses nothing while looking as if it did (ruff's RUF100).

    ## Example
    ```yaml title="claims/a.yaml"
    claims:
      - id: reach
        statement: Reach is lower among young people.
        sources: [hulshof2021]  # claimcite: ignore[unknown-key]
    ```
    ```bib title="references.bib"
    @misc{hulshof2021,
      author = {Hulshof, Anne},
      title = {Cli{\\"e}ntondersteuning},
      year = {2021}
    }
    ```

    Use instead:
    ```yaml title="claims/a.yaml"
    claims:
      - id: reach
        statement: Reach is lower among young people.
        sources: [hulshof2021]
    ```
    """
    return iter(())  # judged in the engine, from the findings of the other rules
