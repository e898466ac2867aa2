"""The bibliography itself: keys defined twice, required fields missing, entries nobody cites."""

from __future__ import annotations

import re
from collections.abc import Iterator

from claimcite.model import Bibliography, Citation, Project, Severity, Source, Syntax
from claimcite.options import Options
from claimcite.rules.base import Violation, rule

# Required fields per entry type. Each requirement is a tuple of fields any of which
# satisfies it (biblatex's `date` stands for BibTeX's `year`, `journaltitle` for
# `journal`). A field is required only where BibTeX's standard styles and biblatex
# both require it, so that no style's user is told of a field their tools do not
# need; biblatex's own types follow biblatex, except that a web page is not asked for an
# author or a date: many have neither, and APA cites them by title and "n.d." (BibTeX has
# no `@online` at all).
_YEAR = ("year", "date")
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "article": (("author",), ("title",), ("journal", "journaltitle"), _YEAR),
    "book": (("author", "editor"), ("title",), _YEAR),
    "booklet": (("title",),),
    "inbook": (("author", "editor"), ("title",), _YEAR),
    "incollection": (("author",), ("title",), ("booktitle",), _YEAR),
    "inproceedings": (("author",), ("title",), ("booktitle",), _YEAR),
    "conference": (("author",), ("title",), ("booktitle",), _YEAR),
    "manual": (("title",),),
    "mastersthesis": (("author",), ("title",), ("school", "institution"), _YEAR),
    "phdthesis": (("author",), ("title",), ("school", "institution"), _YEAR),
    "proceedings": (("title",), _YEAR),
    "techreport": (("author",), ("title",), ("institution",), _YEAR),
    "unpublished": (("author",), ("title",)),
    # biblatex
    "online": (("title",), ("url", "doi", "eprint")),
    "report": (("author",), ("title",), ("institution",), _YEAR),
    "thesis": (("author",), ("title",), ("institution", "school"), _YEAR),
    "collection": (("editor",), ("title",), _YEAR),
    "mvbook": (("author",), ("title",), _YEAR),
    "mvcollection": (("editor",), ("title",), _YEAR),
    "periodical": (("editor",), ("title",), _YEAR),
    "patent": (("author",), ("title",), ("number",), _YEAR),
    "dataset": (("author", "editor"), ("title",), _YEAR),
    "software": (("author", "editor"), ("title",), _YEAR),
}
_INHERITED_AS = {"booktitle": "title", "maintitle": "title"}
# what a style that cites a work without author by its title and one without date as "n.d."
# does not need (citeproc, apacite, biblatex-apa: APA 7 §9.12, §9.17), for the kinds of work
# that often have neither (a report, a web page, a treaty); an article, a chapter, a paper or
# a book has both, and an entry without them is an incomplete one (a failed import)
_BY_TITLE = frozenset({("author",), ("author", "editor"), ("editor",), _YEAR})
_OFTEN_UNSIGNED = frozenset(
    "techreport report unpublished misc online manual booklet dataset software".split()
)
_GROUP_NAME = re.compile(r"\{[^{}]+\}")  # `{Stan Development Team}`: one organisation


@rule(code="CC401", name="duplicate-key", severity=Severity.ERROR)
def duplicate_key(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags a key defined twice, in one bibliography file or across several.
    Keys compare case-insensitively, as BibTeX compares them; the `\\bibitem` keys of a
    LaTeX `thebibliography` list compare with their case, within their list (chapterbib gives
    each chapter its own).

    ## Why is this bad?
    BibTeX and pybtex keep the first definition and drop the second, biber
    warns, pandoc keeps the last without a word: a citation may show another
    work than its author meant.

    ## Example
    ```bib title="references.bib"
    @book{vanleeuwen2012,
      author = {van Leeuwen, Pieter},
      title = {Outreach in practice},
      publisher = {Boom},
      year = {2012}
    }
    @book{VanLeeuwen2012,
      author = {van Leeuwen, Pieter},
      title = {A second book},
      publisher = {Boom},
      year = {2012}
    }
    ```

    Use instead:
    ```bib title="references.bib"
    @book{vanleeuwen2012,
      author = {van Leeuwen, Pieter},
      title = {Outreach in practice},
      publisher = {Boom},
      year = {2012}
    }
    @book{vanleeuwen2012b,
      author = {van Leeuwen, Pieter},
      title = {A second book},
      publisher = {Boom},
      year = {2012}
    }
    ```
    """
    first: dict[str, Source] = {}
    for bibliography in project.bibliographies:
        if bibliography.typed_list or bibliography.from_fields:
            continue  # a manuscript's own list, or its fields' works: keys derived, unique within it
        # LaTeX's `thebibliography` tells keys apart by case, and (with chapterbib) each chapter
        # has a list of its own: its keys repeat only within it
        seen = {} if bibliography.bibitems else first
        for entry in bibliography.entries:
            folded = entry.key if bibliography.bibitems else entry.key.casefold()
            if folded not in seen:
                seen[folded] = entry
                continue
            original = seen[folded]
            same = "" if original.key == entry.key else f" as {original.key!r}"
            if bibliography.bibitems:
                keeps = "LaTeX defines it twice"
            elif bibliography.citeproc:
                keeps = "pandoc keeps only the last"  # as citeproc reads bibliographies: a later one wins
            else:
                keeps = "BibTeX keeps only the first"
            yield Violation(
                entry.location,
                f"key {entry.key!r} is already defined at {original.location.where}{same}; "
                f"{keeps}: rename or remove one",
                key=entry.key,
            )


def _parents(entry: Source, project: Project) -> list[Source] | None:
    """The chain of `crossref` / `xref` parents of `entry`; None when one is not loaded."""
    chain: list[Source] = []
    current = entry
    while True:
        key = current.fields.get("crossref") or current.fields.get("xref")
        if not key:
            return chain
        parent = project.find(key)
        if parent is None:
            return None
        if parent is entry or any(parent is seen for seen in chain):
            return chain  # a cycle: what the chain gives is all there is
        chain.append(parent)
        current = parent


@rule(code="CC403", name="missing-field", severity=Severity.WARNING)
def missing_field(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags an entry that lacks a field its type requires: an `@article` without
    `journal`, an `@inproceedings` without `booktitle`. A field counts as
    present when a `crossref` parent gives it; biblatex's `date` stands for
    `year` and `journaltitle` for `journal`. Only fields that BibTeX's standard
    styles and biblatex both require are asked for. Where the references are set
    by citeproc (pandoc, Quarto: a Markdown manuscript's bibliography, any CSL
    file) or in APA style (apacite, biblatex-apa), a work without author is
    cited by its title and one without date as "n.d.": a report, a web page, a
    manuscript or a dataset is asked for neither (an article, a chapter or a
    book still is: it has both), nor a report for its institution when its
    author is an organisation (`{Stan Development Team}`: APA omits a
    publisher that is the author).

    ## Why is this bad?
    The reference list prints an incomplete reference, and BibTeX warns
    "empty booktitle". A reader cannot find the work from what is left.

    ## Example
    ```bib title="references.bib"
    @inproceedings{tanaka2019,
      author = {Tanaka, Yui},
      title = {Trust and referral},
      year = {2019}
    }
    ```

    Use instead:
    ```bib title="references.bib"
    @inproceedings{tanaka2019,
      author = {Tanaka, Yui},
      title = {Trust and referral},
      booktitle = {Proceedings of the Social Work Conference},
      year = {2019}
    }
    ```
    """
    for bibliography in project.bibliographies:
        if bibliography.typed_list or bibliography.from_fields:
            # a manuscript's typed list says what it says: the fields are not the author's to fill;
            # the works a Word document's fields hold are the reference manager's, checked there
            continue
        for entry in bibliography.entries:
            required = REQUIRED.get(entry.type)
            if not required or entry.broken or project.sources.get(entry.key) is not entry:
                continue
            parents = _parents(entry, project)
            if parents is None:
                continue  # a parent is not loaded: it may give what is missing
            for alternatives in required:
                if any(entry.has(name) for name in alternatives):
                    continue
                if bibliography.by_title and (
                    (alternatives in _BY_TITLE and entry.type in _OFTEN_UNSIGNED)
                    or (alternatives == ("institution",) and _by_a_group(entry))
                ):
                    continue  # APA omits the publisher that is the author itself (§9.25)
                if any(
                    parent.has(name) or parent.has(_INHERITED_AS.get(name, name))
                    for parent in parents
                    for name in alternatives
                ):
                    continue
                empty = [name for name in alternatives if name in entry.fields]
                wanted = " or ".join(repr(name) for name in alternatives)
                if empty:
                    message = f"@{entry.type} {entry.key!r} has an empty {wanted}: fill it in"
                else:
                    message = f"@{entry.type} {entry.key!r} has no {wanted}, which its type requires"
                yield Violation(entry.location, message, key=entry.key)


def _by_a_group(entry: Source) -> bool:
    """Whether the entry's author is one organisation: `{Stan Development Team}`."""
    return _GROUP_NAME.fullmatch(entry.names.get("author", "").strip()) is not None


@rule(code="CC405", name="unused-entry", severity=Severity.WARNING)
def unused_entry(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags a bibliography entry that no claim and no manuscript cites. An entry
    that a cited entry names as its `crossref` parent counts as cited, and so
    does every entry when a manuscript says `nocite: "@*"` or `\\nocite{*}`,
    and an entry that an author-year citation was meant for (a misspelt name,
    a wrong year, a missing letter: reported where the citation stands).
    Nothing is flagged when no claim or manuscript was read at all, nor in the
    bibliography of a manuscript that includes a file that could not be read
    (`\\input`, a knitr child, Quarto's `{{< include >}}`: `parse-error` names
    it): the part not read may cite any of its entries.

    ## Why is this bad?
    A reference nobody cites is either a source that a claim forgot to name,
    or clutter that `\\nocite` or a citation style will print all the same.

    ## Example
    ```yaml title="claims/a.yaml"
    claims:
      - id: language
        statement: Language barriers keep residents from seeking help.
        sources: [okafor2017]
    ```
    ```bib title="references.bib"
    @misc{okafor2017,
      author = {Okafor, Chidi},
      title = {Language barriers},
      year = {2017}
    }
    @misc{neverused2001,
      author = {Doe, Jane},
      title = {Unused note},
      year = {2001}
    }
    ```

    Use instead:
    ```bib title="references.bib"
    @misc{okafor2017,
      author = {Okafor, Chidi},
      title = {Language barriers},
      year = {2017}
    }
    ```
    """
    if not project.claims and not project.documents:
        return
    if any(document.nocite_all for document in project.documents):
        return  # `nocite: @*` or `\\nocite{*}` cites every entry
    folded = project.folded_sources
    cited = {c.key.casefold() for c in project.citations if c.key is not None}
    cited.update(key.casefold() for c in project.citations for key in _meant(c))
    for key in list(cited):
        found = folded.get(key)
        while found is not None:
            parent = found.fields.get("crossref") or found.fields.get("xref")
            if not parent or parent.casefold() in cited:
                break
            cited.add(parent.casefold())
            found = folded.get(parent.casefold())
    # the bibliographies of a manuscript with a part not read: what that part cites is unknown
    partial = {
        path for document in project.documents if document.unread_parts for path in document.bibliographies
    }
    for bibliography in project.bibliographies:
        if bibliography.from_fields or bibliography.path in partial:
            continue  # the works a document's citation fields hold: each is cited where it is held
        if bibliography.typed_list:
            yield from _unused_in_list(project, bibliography)
            continue
        for entry in bibliography.entries:
            if entry.broken or entry.key.casefold() in cited or project.sources.get(entry.key) is not entry:
                continue
            yield Violation(
                entry.location,
                f"entry {entry.key!r} is not cited by any claim or manuscript: cite it or remove it",
                key=entry.key,
            )


def _meant(citation: Citation) -> tuple[str, ...]:
    """The entries a citation cites, or was meant for: a misspelt key or name, a wrong year or a
    missing letter in an author-year citation is reported where it stands, naming the entry."""
    found = citation.resolution
    if found is None:
        return ()
    if found.key is not None:
        return (found.key,)
    if citation.syntax is not Syntax.AUTHOR_YEAR:
        return ()  # a key that is not defined: unknown-key names its closest, which may not be meant
    return tuple(key for key in (*found.candidates, found.suggestion) if key)


def _unused_in_list(project: Project, bibliography: Bibliography) -> Iterator[Violation]:
    """The items of a manuscript's reference list, serving as its bibliography, that nothing cites
    (each list is its own: the same key in two manuscripts' lists is two items)."""
    cited = {
        key.casefold()
        for citation in project.citations
        if bibliography.path in citation.bibliographies
        for key in _meant(citation)
    }
    for entry in bibliography.entries:
        if entry.key.casefold() not in cited:
            yield Violation(
                entry.location,
                f"the reference list item {entry.key!r} is not cited in the text or by any claim: "
                "cite it or remove it",
                key=entry.key,
            )
