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


@rule(code="CC107", name="cited-by-identifier", severity=Severity.INFO)
def cited_by_identifier(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Says, once per document, how many of its citations name their work by a
    persistent identifier that no bibliography entry carries: Manubot's
    `[@doi:10.1038/nbt.3820]`, `@pmid:29424689`, `@arxiv:1512.03385`,
    `@url:https://…`, `@{https://…}` and a bare DOI `@10.1038/nbt.3820`.
    Manubot (and its pandoc filter, `pandoc-manubot-cite`) looks these works
    up online when it builds the manuscript, so they are no unknown keys; but
    claimcite, offline, cannot tell whether the identifier exists or what its
    work says. A citation whose identifier an entry carries (its DOI or URL, or
    a manual reference whose `id` is the identifier) resolves to that entry.

    ## Why is this bad?
    Nothing is wrong with such a citation; the note says what was left
    unchecked, so that an empty report is not taken for a checked manuscript.

    ## Example
    ```toml title="claimcite.toml"
    documents = ["paper.md"]
    ```
    ```markdown title="paper.md"
    Deep learning helps [@doi:10.1038/nbt.3820].
    ```
    ```bib title="references.bib"
    @book{other2020, author = {Other, Ann}, title = {Other}, publisher = {P}, year = {2020}}
    ```

    Use instead:
    ```bib title="references.bib"
    @article{ching2018, author = {Ching, Travers}, title = {Opportunities and obstacles},
                        journal = {J R Soc Interface}, year = {2018}, doi = {10.1038/NBT.3820}}
    ```
    """
    for document in project.documents:
        looked_up = [
            citation
            for citation in document.citations
            if citation.resolution is not None and citation.resolution.status is Status.BY_IDENTIFIER
        ]
        if not looked_up:
            continue
        first = looked_up[0]
        identifiers = list(dict.fromkeys(c.resolution.reason for c in looked_up if c.resolution))
        shown = ", ".join(identifiers[:3]) + (
            f" and {len(identifiers) - 3} more" if len(identifiers) > 3 else ""
        )
        count = f"{len(looked_up)} citations name their" if len(looked_up) > 1 else "1 citation names its"
        where = ", ".join(first.bibliographies)
        yield Violation(
            first.location,
            f"{count} work by an identifier that no entry of {where} carries ({shown}): "
            "Manubot looks them up when it builds the manuscript, so they are not checked here; "
            "add entries with these DOIs or URLs to check them",
            key=first.key,
        )
