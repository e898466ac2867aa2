"""How author-year citations are written: `et al.` by the style's rule, one format per document."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from claimcite.load.tex import persons
from claimcite.model import Citation, Project, Severity, Syntax
from claimcite.options import Options
from claimcite.rules.base import Violation, rule

_TRAIT_TEXT = {
    "separator:comma": "a comma between the names and the year",
    "separator:space": "no comma between the names and the year",
    "connector:&": "'&' between two names",
    "connector:word": "a word ('and', 'en', 'und') between two names",
}


@rule(code="CC501", name="et-al-misuse", severity=Severity.WARNING)
def et_al_misuse(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags an author-year citation that uses `et al.` (or `e.a.`, `u.a.`) for a
    work with fewer authors than the style abbreviates, or lists names where
    the style asks for `et al.`. The default follows APA 7: both names for two
    authors, the first name and `et al.` from three authors on. Set
    `et_al_from = 4` in the config for Chicago author-date. Works whose author
    list ends in `and others` are judged only where the count is certain.

    ## Why is this bad?
    `et al.` hides co-authors; a reader of a two-author work expects both
    names, and a style guide that a journal enforces is broken.

    ## Example
    ```text title="paper.txt"
    Support rarely reaches them (Koçak et al., 2016).
    ```
    ```toml title="claimcite.toml"
    documents = ["paper.txt"]
    ```
    ```bib title="references.bib"
    @techreport{kocak2016,
      author = {Ko{\\c{c}}ak, Yasemin and Jonkman, Harrie},
      title = {Sociale wijkteams en diversiteit},
      institution = {KIS},
      year = {2016}
    }
    ```

    Use instead:
    ```text title="paper.txt"
    Support rarely reaches them (Koçak & Jonkman, 2016).
    ```
    """
    threshold = max(2, options.et_al_from)
    for citation in project.citations:
        if citation.syntax is not Syntax.AUTHOR_YEAR or citation.resolved is None:
            continue
        source = project.sources.get(citation.resolved)
        if source is None:
            continue
        parsed = persons(source)
        people = parsed.get("author") or parsed.get("editor") or ()
        known = [p for p in people if not p.is_others]
        exact = len(known) == len(people)
        count = len(known) + (0 if exact else 1)  # at least this many
        cited = len(citation.authors or ())
        message = None
        if citation.et_al and exact and count < threshold:
            names = " & ".join(p.last for p in known)
            message = f"'et al.' for a work with {count} author{'s' if count > 1 else ''}: write {names}"
        elif not citation.et_al and count >= threshold and cited >= 1 and (cited > 1 or exact):
            names = f"{cited} name{'s' if cited > 1 else ''}"
            authors = f"{count}{'' if exact else ' or more'} authors"
            message = f"{names} for a work with {authors}: write {known[0].last} et al."
        elif not citation.et_al and exact and cited < count < threshold:
            message = f"{cited} name for a work with {count} authors: write " + " & ".join(
                p.last for p in known
            )
        if message:
            yield Violation(citation.location, message, suggestion=citation.resolved)


@rule(code="CC502", name="citation-style", severity=Severity.INFO)
def citation_style(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags author-year citations formatted unlike the others of the same
    document: a comma before the year in most parenthetical citations and
    none in a few, `&` in most and `and` in some, `et al.` against `e.a.`.
    Parenthetical and narrative citations are compared separately (APA
    writes `&` in parentheses and `and` in the text). The less common form is
    the one reported.

    ## Why is this bad?
    Inconsistent citations look careless to reviewers and editors, and
    usually mean that some were typed by hand and some by a reference manager.

    ## Example
    ```text title="paper.txt"
    Many are not reached (Bruijn & Friedel, 2018). Young people least (Hulshof, 2021).
    Newcomers hardly at all (Koçak & Jonkman 2016).
    ```
    ```toml title="claimcite.toml"
    documents = ["paper.txt"]
    ```
    ```bib title="references.bib"
    @misc{bruijn2018,
      author = {Bruijn, Els and Friedel, Rik},
      title = {Bereik},
      year = {2018}
    }
    @misc{hulshof2021,
      author = {Hulshof, Anne},
      title = {Cli{\\"e}ntondersteuning},
      year = {2021}
    }
    @misc{kocak2016,
      author = {Ko{\\c{c}}ak, Yasemin and Jonkman, Harrie},
      title = {Sociale wijkteams},
      year = {2016}
    }
    ```

    Use instead:
    ```text title="paper.txt"
    Many are not reached (Bruijn & Friedel, 2018). Young people least (Hulshof, 2021).
    Newcomers hardly at all (Koçak & Jonkman, 2016).
    ```
    """
    by_document: dict[str, list[Citation]] = defaultdict(list)
    for citation in project.citations:
        if citation.syntax is Syntax.AUTHOR_YEAR and citation.resolution is not None:
            by_document[citation.location.path].append(citation)
    for citations in by_document.values():
        families: dict[str, Counter[str]] = defaultdict(Counter)
        seen_groups: dict[str, set[tuple[int, str]]] = defaultdict(set)
        for citation in citations:
            for trait in citation.style:
                family, _, variant = trait.rpartition(":")
                key = (citation.group, variant)
                if key in seen_groups[family]:
                    continue  # count a bracket once per form, not once per year in it
                seen_groups[family].add(key)
                families[family][variant] += 1
        for citation in citations:
            for trait in citation.style:
                family, _, variant = trait.rpartition(":")
                counts = families[family]
                if len(counts) < 2:
                    continue
                common, common_count = counts.most_common(1)[0]
                if variant == common or counts[variant] >= common_count:
                    continue
                kind = family.split(":", 1)[0]
                what = _TRAIT_TEXT.get(family.split(":", 1)[-1] + ":" + variant, repr(variant))
                usual = _TRAIT_TEXT.get(family.split(":", 1)[-1] + ":" + common, repr(common))
                if family == "et-al":
                    what, usual = f"'{variant}'", f"'{common}'"
                    kind = "author-year"
                yield Violation(
                    citation.location,
                    f"{what} here, {usual} in {common_count} other {kind} citations of this document",
                )
