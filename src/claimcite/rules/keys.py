"""Citation keys that name no bibliography entry."""

from __future__ import annotations

from collections.abc import Iterator

from claimcite.match import closest
from claimcite.model import Project, Severity
from claimcite.rules.base import Violation, rule


@rule(code="CC101", name="unknown-key", severity=Severity.ERROR)
def unknown_key(project: Project) -> Iterator[Violation]:
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

    Use instead:
    ```yaml title="claims/reach.yaml"
    claims:
      - id: reach
        statement: Reach is lower among people with a migration background.
        sources: [hulshof2021]
    ```
    """
    keys_of = {bib.path: bib.keys for bib in project.bibliographies}
    known: dict[tuple[str, ...], tuple[frozenset[str], list[str]]] = {}
    for claim in project.claims:
        if not claim.bibliographies:
            continue  # its bibliography could not be loaded: nothing to check against
        if claim.bibliographies not in known:
            keys = frozenset().union(*(keys_of.get(path, frozenset()) for path in claim.bibliographies))
            # suggest first definitions only: a duplicate key is not the entry BibTeX keeps
            known[claim.bibliographies] = (keys, sorted(k for k in keys if k in project.sources))
        keys, choices = known[claim.bibliographies]
        for ref in claim.sources:
            if ref.key in keys:
                continue
            guess = closest(ref.key, choices)
            if guess is None:
                where = ", ".join(claim.bibliographies)
                message = f"unknown key {ref.key!r}: no entry in {where} has this key"
            elif guess.casefold() == ref.key.casefold():
                message = f"unknown key {ref.key!r}: keys are case-sensitive - did you mean {guess!r}?"
            else:
                message = f"unknown key {ref.key!r} - did you mean {guess!r}?"
            yield Violation(ref.location, message, claim=claim.id, key=ref.key, suggestion=guess)
