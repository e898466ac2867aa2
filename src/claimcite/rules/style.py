"""How author-year citations are written: `et al.` by the style's rule, one format per document."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from claimcite.load.tex import persons
from claimcite.model import Citation, Person, Project, Severity, Source, Syntax
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
    A document that follows APA 6 (a work of three to five authors cited
    first with every name, then with `et al.`) is held to APA 6: there, the
    first citation of such a work names them all. Under the default, a
    document whose parenthetical citations put no comma before the year, as
    Chicago author-date does, is held to Chicago, whose editions differ for
    three authors (the 17th names them all, `(Maldonado, Armelini, and
    Guevara 2017)`; the 18th writes `et al.`): there, a work of three authors
    is not judged.

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
    chicago = _chicago_documents(project)
    apa6_firsts = _apa6_first_citations(project, chicago) if threshold == 3 else set()
    for citation in project.citations:
        if citation.syntax is not Syntax.AUTHOR_YEAR or citation.resolved is None:
            continue
        in_chicago = citation.location.path in chicago
        source = project.sources.get(citation.resolved)
        if source is None:
            continue
        known, exact = _authors(source)
        count = len(known) + (0 if exact else 1)  # at least this many
        cited = len(citation.authors or ())
        either = in_chicago and exact and count == 3 and threshold == 3  # the editions differ
        if _place(citation) in apa6_firsts or (either and cited == (1 if citation.et_al else 3)):
            continue
        message = None
        if citation.et_al and exact and count < threshold:
            names = _listed([p.last for p in known], chicago=in_chicago)
            message = f"'et al.' for a work with {count} author{'s' if count > 1 else ''}: write {names}"
        elif not citation.et_al and count >= threshold and cited >= 1 and (cited > 1 or exact):
            names = f"{cited} name{'s' if cited > 1 else ''}"
            authors = f"{count}{'' if exact else ' or more'} authors"
            message = f"{names} for a work with {authors}: write {known[0].last} et al."
        elif not citation.et_al and exact and cited < count < threshold:
            names = _listed([p.last for p in known], chicago=in_chicago)
            message = f"{cited} name for a work with {count} authors: write {names}"
        if message:
            yield Violation(citation.location, message, suggestion=citation.resolved)


def _authors(source: Source) -> tuple[list[Person], bool]:
    """The named authors (else editors) of `source`, and whether they are all of them (no `and
    others`)."""
    parsed = persons(source)
    people = parsed.get("author") or parsed.get("editor") or ()
    known = [p for p in people if not p.is_others]
    return known, len(known) == len(people)


def _listed(names: list[str], *, chicago: bool) -> str:
    """`Koçak & Jonkman`, `Bruijn, Friedel, & Hulshof` (APA); `Maldonado, Armelini, and Guevara`
    (Chicago)."""
    if len(names) < 3:
        return (" and " if chicago else " & ").join(names)
    return ", ".join(names[:-1]) + (", and " if chicago else ", & ") + names[-1]


def _chicago_documents(project: Project) -> set[str]:
    """The files whose parenthetical author-year citations write no comma before the year, as
    Chicago author-date does: five or more such brackets, and at least four times as many as
    with the comma (APA's `(Name, 2020)`)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    seen: set[tuple[str, int]] = set()
    for citation in project.citations:
        if citation.syntax is not Syntax.AUTHOR_YEAR or (citation.location.path, citation.group) in seen:
            continue
        for trait in citation.style:
            if trait.startswith("parenthetical:separator:"):
                seen.add((citation.location.path, citation.group))
                counts[citation.location.path][trait.rpartition(":")[2]] += 1
    return {
        path for path, count in counts.items() if count["space"] >= 5 and count["space"] >= 4 * count["comma"]
    }


Place = tuple[str, int | None, int | None, str]  # a citation's path, line, column and text


def _place(citation: Citation) -> Place:
    return (citation.location.path, citation.location.line, citation.location.column, citation.text)


def _apa6_first_citations(project: Project, chicago: set[str]) -> set[Place]:
    """The first citations (by place) that name every author of a work of three to five, in the
    documents that follow APA 6: where such a work is cited first with every name and later
    with `et al.`, as APA 6 asks (APA 7 writes `et al.` from the first citation on)."""
    firsts: set[Place] = set()
    for document in project.documents:
        first: dict[str, Citation] = {}
        later_et_al: set[str] = set()
        for citation in document.citations:
            key = citation.resolved
            if citation.syntax is not Syntax.AUTHOR_YEAR or key is None or citation.location.path in chicago:
                continue
            if key not in first:
                first[key] = citation
            elif citation.et_al:
                later_et_al.add(key)
        full = {}
        for key, citation in first.items():
            source = project.sources.get(key)
            if source is None or citation.et_al:
                continue
            known, exact = _authors(source)
            if exact and 3 <= len(known) <= 5 and len(citation.authors or ()) == len(known):
                full[key] = citation
        if any(key in later_et_al for key in full):
            firsts.update(_place(citation) for citation in full.values())
    return firsts


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
