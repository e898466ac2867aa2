"""Citation keys that name no bibliography entry."""

from __future__ import annotations

from collections.abc import Iterator

from claimcite.model import Edit, Project, Severity, Status, Syntax
from claimcite.options import Options
from claimcite.rules.base import Violation, rule

_FIXABLE = (Syntax.CLAIM, Syntax.PANDOC, Syntax.LATEX)


@rule(code="CC101", name="unknown-key", severity=Severity.ERROR)
def unknown_key(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags a cited key that no loaded bibliography defines, and suggests the
    closest key where one is close.

    ## Why is this bad?
    The claim has no source a reader can follow: LaTeX prints "[?]", pandoc
    prints the key in bold with a warning. Keys are case-sensitive for biber
    and pandoc, so `Okafor2017` does not find `okafor2017`.

    ## Example
    ```yaml title="claims/reach.yaml"
    claims:
      - id: reach
        statement: Reach is lower among people with a migration background.
        sources: [hulshof2012]
    ```
    ```bib title="references.bib"
    @misc{hulshof2021,
      author = {Hulshof, Anne and others},
      title = {Onafhankelijke cli{\"e}ntondersteuning},
      year = {2021}
    }
    ```

    `claimcite fix` mends the key where one entry is clearly the closest.

    Use instead:
    ```yaml title="claims/reach.yaml"
    claims:
      - id: reach
        statement: Reach is lower among people with a migration background.
        sources: [hulshof2021]
    ```
    """
    for citation in project.citations:
        resolution = citation.resolution
        if citation.key is None or resolution is None or resolution.status is not Status.UNKNOWN_KEY:
            continue
        guess = resolution.suggestion
        if guess is None:
            where = ", ".join(citation.bibliographies)
            message = f"unknown key {citation.key!r}: no entry in {where} has this key"
        elif guess.casefold() == citation.key.casefold():
            message = f"unknown key {citation.key!r}: keys are case-sensitive - did you mean {guess!r}?"
        else:
            message = f"unknown key {citation.key!r} - did you mean {guess!r}?"
        fix = None
        if guess is not None and citation.syntax in _FIXABLE:  # a guess between alike keys is unsafe
            fix = Edit(citation.location, citation.key, guess, safe=resolution.clear)
        yield Violation(
            citation.location, message, claim=citation.claim, key=citation.key, suggestion=guess, fix=fix
        )
