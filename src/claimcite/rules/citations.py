"""Author-year citations that fit no entry, several entries, or an entry of another year."""

from __future__ import annotations

from collections.abc import Iterator

from claimcite.model import Citation, Project, Severity, Status
from claimcite.options import Options
from claimcite.rules.base import Violation, rule


def _with_status(project: Project, status: Status) -> Iterator[Citation]:
    for citation in project.citations:
        if citation.resolution is not None and citation.resolution.status is status:
            yield citation


def _cited(citation: Citation) -> str:
    names = citation.authors or ()
    if citation.et_al:
        who = f"{names[0]} et al."
    elif len(names) > 2:
        who = ", ".join(names[:-1]) + f" & {names[-1]}"
    else:
        who = " & ".join(names)
    return f"{who} ({citation.year})"


@rule(code="CC102", name="unresolved-citation", severity=Severity.ERROR)
def unresolved_citation(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags an author-year citation in a manuscript that fits no bibliography
    entry, and suggests the entry whose first author is spelt most like it and
    whose year is the same. Names compare without case, diacritics and
    particles: `Kocak` is Koçak, `De Bruijn` is `de Bruijn`. A citation of a
    name that begins an item of the manuscript's own list which cannot be read
    (`unparsed-reference` reports that item) is left to that finding.

    ## Why is this bad?
    The reader finds no reference for the citation in the list: a misspelt
    name, a work left out of the bibliography, or a citation of a work the
    author meant to add.

    ## Example
    ```text title="paper.txt"
    Reach is lower among young people (Hulsof et al., 2021).
    ```
    ```toml title="claimcite.toml"
    documents = ["paper.txt"]
    ```
    ```bib title="references.bib"
    @techreport{hulshof2021,
      author = {Hulshof, Anne and Smit, Jan and de Vries, Pim},
      title = {Onafhankelijke cli{\\"e}ntondersteuning},
      institution = {RIVM},
      year = {2021}
    }
    ```

    Use instead:
    ```text title="paper.txt"
    Reach is lower among young people (Hulshof et al., 2021).
    ```
    """
    unread = {
        document.path: [item.text.casefold() for item in document.references if item.problem is not None]
        for document in project.documents
    }
    for citation in _with_status(project, Status.UNRESOLVED):
        first = (citation.authors or ("",))[0].casefold()
        if first and any(text.startswith(first) for text in unread.get(citation.location.path, ())):
            continue  # meant for an item of its list that cannot be read: unparsed-reference says so
        guess = citation.resolution.suggestion if citation.resolution else None
        hint = f" - did you mean {guess!r}?" if guess else ": add the work to the bibliography"
        yield Violation(
            citation.location,
            f"{_cited(citation)} fits no entry of the bibliography{hint}",
            suggestion=guess,
        )


@rule(code="CC103", name="ambiguous-citation", severity=Severity.ERROR)
def ambiguous_citation(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags an author-year citation that fits several entries: one author with
    two works of one year, cited without the letter (`2020a`, `2020b`) that
    tells them apart.

    ## Why is this bad?
    The reader cannot tell which work is meant; APA and Chicago add a letter
    to the year of each work of the same author and year.

    ## Example
    ```text title="paper.txt"
    Trust precedes referral (Tanaka, 2019).
    ```
    ```toml title="claimcite.toml"
    documents = ["paper.txt"]
    ```
    ```bib title="references.bib"
    @article{tanaka2019a,
      author = {Tanaka, Yui},
      title = {Referral and trust},
      journal = {Social Work},
      year = {2019}
    }
    @article{tanaka2019b,
      author = {Tanaka, Yui},
      title = {Trust in outreach},
      journal = {Social Work},
      year = {2019}
    }
    ```

    Use instead:
    ```text title="paper.txt"
    Trust precedes referral (Tanaka, 2019a, 2019b).
    ```
    """
    for citation in _with_status(project, Status.AMBIGUOUS):
        candidates = citation.resolution.candidates if citation.resolution else ()
        listed = ", ".join(repr(key) for key in candidates)
        yield Violation(
            citation.location,
            f"{_cited(citation)} fits {len(candidates)} entries ({listed}): "
            f"add a letter to the year ({citation.year}a, {citation.year}b) to tell them apart",
        )


@rule(code="CC104", name="author-year-mismatch", severity=Severity.ERROR)
def author_year_mismatch(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags an author-year citation whose author has works in the bibliography,
    none of them of the cited year; or whose cited name is an author, but not
    the first author, of a work of that year.

    ## Why is this bad?
    The year or the order of the names is wrong: the reader looks in the
    reference list for a work that is not there, or not under that name.

    ## Example
    ```text title="paper.txt"
    Support rarely reaches them (Koçak & Jonkman, 2019).
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
    for citation in _with_status(project, Status.MISMATCH):
        resolution = citation.resolution
        assert resolution is not None
        yield Violation(
            citation.location,
            f"{_cited(citation)}: {resolution.reason} - did you mean {resolution.suggestion!r}?",
            suggestion=resolution.suggestion,
        )
