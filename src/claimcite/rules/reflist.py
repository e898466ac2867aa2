"""A manuscript's own reference list: items that cannot be read, and, where a bibliography is
checked too, the list against it (items it lacks, cited works the list lacks, items whose year
or authors differ from their entry)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz

from claimcite.load.names import fold, name_key, source_year
from claimcite.load.tex import decode_latex, surnames
from claimcite.model import Document, ListedReference, Project, Severity, Source
from claimcite.options import Options
from claimcite.rules.base import Violation, rule

_ABBREVIATION = re.compile(r"\s*[\[(][^\[\]()]{1,20}[\])]\s*$")
_TITLE_MATCH = 90  # how alike (0-100) an item's title and an entry's must be to be one work


def _quote(text: str, limit: int = 100) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


@rule(code="CC410", name="unparsed-reference", severity=Severity.WARNING)
def unparsed_reference(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags an item of a manuscript's reference list (the section under "References",
    "Literatuur", "Literatur", "Bronnen" and the like) that cannot be read into authors and a
    year, quoting it. Nothing is guessed: the item is left out of the checks that use the list.
    A list typed as a list whose items mostly cannot be read (a numbered list of the author's
    own making, `3. Jansen, 08-01-2018, Title, geraadpleegd op ...`) is not read at all: when no
    bibliography is named either, one finding at its heading says that the citations of the text
    go unchecked.

    ## Why is this bad?
    An item without a readable author and year cannot be matched to the citations in the
    text; a reader who looks up "(Movisie, 2020)" will not find it either.

    ## Example
    ```toml title="claimcite.toml"
    documents = ["report.md"]
    ```
    ```markdown title="report.md"
    Wachttijden nemen toe (Okafor, 2017).

    Literatuur

    Okafor, C. (2017). *Taal als drempel*. Movisie.

    Zie ook de website van de gemeente.
    ```

    Use instead:
    ```markdown title="report.md"
    Wachttijden nemen toe (Okafor, 2017).

    Literatuur

    Okafor, C. (2017). *Taal als drempel*. Movisie.
    ```
    """
    for document in project.documents:
        unread = document.unread_list
        if unread is not None and unread.problem and document.citations and not document.bibliographies:
            yield Violation(
                unread.location,
                f"the reference list under {_quote(unread.text)} is not read: {unread.problem} "
                "(APA, Harvard and Chicago author-date are read), so the citations of the text are not "
                "checked; write its items as `Author, A. (2020). Title.`, or name a .bib with --bib",
            )
        for item in document.references:
            if item.problem:
                yield Violation(
                    item.location,
                    f"reference list item cannot be read into authors and a year ({item.problem}): "
                    f"{_quote(item.text)}; write it as `Author, A. (2020). Title.`",
                )


# --- the list against the bibliography ------------------------------------------------------


def _checked(project: Project, document: Document) -> list[Source] | None:
    """The entries a manuscript's list is compared with; None when the list is its bibliography
    or there is nothing to compare."""
    if not document.references or document.path in document.bibliographies:
        return None
    wanted = set(document.bibliographies)
    readable = [b for b in project.bibliographies if b.path in wanted and b.readable and not b.typed_list]
    if not readable:
        return None
    return [e for b in readable for e in b.entries if project.sources.get(e.key) is e and not e.broken]


def _entry_names(source: Source) -> list[str]:
    names = source.names.get("author") or source.names.get("editor") or ""
    return [name_key(_ABBREVIATION.sub("", n)) for n in surnames(names) if n.casefold() != "others"]


def _item_names(item: ListedReference) -> list[str]:
    return [name_key(n) for n in item.authors]


def _item_year(item: ListedReference) -> str:
    found = re.match(r"\d{4}", item.year)
    return found.group() if found else ""


def _alike(item: ListedReference, source: Source) -> bool:
    title = fold(decode_latex(source.fields.get("title", "")))
    return bool(title and item.title) and fuzz.ratio(fold(item.title), title) >= _TITLE_MATCH


def _same(listed: str, known: str) -> bool:
    """One author: the list's name ends the entry's or the other way round, as a name written
    given name first can hide a family name of two words (`Eva Martin Del Pico`)."""
    return bool(listed and known) and (listed.endswith(known) or known.endswith(listed))


def _all_same(listed: list[str], known: list[str]) -> bool:
    return len(listed) == len(known) and all(_same(a, b) for a, b in zip(listed, known, strict=True))


@dataclass(frozen=True, slots=True)
class _Match:
    item: ListedReference
    entry: Source | None


def _matches(document: Document, entries: list[Source]) -> list[_Match]:
    """Each readable item with the entry it stands for: by its key where pandoc rendered it,
    else by first author and year, else by first author and title (the year differs), else
    by title and year (the authors differ)."""
    by_key = {e.key.casefold(): e for e in entries}
    by_first: dict[str, list[Source]] = {}
    for entry in entries:
        names = _entry_names(entry)
        keys = {names[0]} if names else set()
        if not names and not (entry.names.get("author") or entry.names.get("editor")):
            # no author: APA puts the title in the author's place, and so does the list
            keys.add(name_key(decode_latex(entry.fields.get("title", ""))))
        short = entry.fields.get("shortauthor")
        if short:
            keys.add(name_key(decode_latex(short)))
        for key in keys:
            by_first.setdefault(key, []).append(entry)
    out: list[_Match] = []
    for item in document.references:
        if item.problem:
            continue
        if item.rendered and item.key is not None:
            out.append(_Match(item, by_key.get(item.key.casefold())))
            continue
        names = _item_names(item)
        firsts = {names[0]} if names else set()
        if item.abbreviation:
            firsts.add(name_key(item.abbreviation))
        candidates = [e for key in firsts for e in by_first.get(key, [])]
        year = _item_year(item)
        same_year = [e for e in candidates if (source_year(e) or "") == year]
        titled = [e for e in same_year if _alike(item, e)]
        ordered = titled or same_year or [e for e in candidates if _alike(item, e)]
        found = ordered[0] if ordered else None
        if found is None:
            found = next((e for e in entries if (source_year(e) or "") == year and _alike(item, e)), None)
        out.append(_Match(item, found))
    return out


@rule(code="CC411", name="reference-not-in-bibliography", severity=Severity.WARNING)
def reference_not_in_bibliography(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Where a manuscript has its own reference list and a bibliography is checked too (`--bib`,
    its front matter, `references.bib`), flags an item of the list that no entry of the
    bibliography stands for: no entry has its first author and year, its first author and
    title, or (for a list pandoc rendered) its key.

    ## Why is this bad?
    The list and the bibliography have drifted apart: the list names a work the claims and the
    checks know nothing of, or a rendered list was edited by hand.

    ## Example
    ```toml title="claimcite.toml"
    documents = ["report.md"]
    ```
    ```markdown title="report.md"
    Taal is een drempel (Okafor, 2017).

    Literatuur

    Okafor, C. (2017). *Taal als drempel*. Movisie.

    Tanaka, Y. (2019). *Vertrouwen en verwijzing*. Boom.
    ```
    ```bib title="references.bib"
    @book{okafor2017, author = {Okafor, Chidi}, title = {Taal als drempel},
                      publisher = {Movisie}, year = {2017}}
    ```

    Use instead:
    ```bib title="references.bib"
    @book{okafor2017, author = {Okafor, Chidi}, title = {Taal als drempel},
                      publisher = {Movisie}, year = {2017}}
    @book{tanaka2019, author = {Tanaka, Yui}, title = {Vertrouwen en verwijzing},
                      publisher = {Boom}, year = {2019}}
    ```
    """
    for document in project.documents:
        entries = _checked(project, document)
        if entries is None:
            continue
        for match in _matches(document, entries):
            if match.entry is not None:
                continue
            item = match.item
            if item.rendered:
                message = f"the list was rendered from the entry {item.key!r}, which the bibliography lacks"
            else:
                who = item.authors[0] if item.authors else "?"
                message = f"no bibliography entry for this reference list item ({who}, {item.year}): add one"
            yield Violation(item.location, message + f": {_quote(item.text, 80)}", key=item.key)


@rule(code="CC412", name="missing-from-reference-list", severity=Severity.ERROR)
def missing_from_reference_list(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Where a manuscript has its own reference list and a bibliography is checked too, flags a
    work cited in the manuscript's text (it resolves to an entry of the bibliography) that no
    item of the list stands for. It is flagged once, where it is first cited.

    ## Why is this bad?
    A reader who follows the citation finds nothing in the reference list. Typed lists lose
    items when text is copied in from another report; rendered ones when the text changed
    after rendering.

    ## Example
    ```toml title="claimcite.toml"
    documents = ["report.md"]
    ```
    ```markdown title="report.md"
    Taal is een drempel (Okafor, 2017). Vertrouwen helpt (Tanaka, 2019).

    Literatuur

    Okafor, C. (2017). *Taal als drempel*. Movisie.
    ```
    ```bib title="references.bib"
    @book{okafor2017, author = {Okafor, Chidi}, title = {Taal als drempel},
                      publisher = {Movisie}, year = {2017}}
    @book{tanaka2019, author = {Tanaka, Yui}, title = {Vertrouwen en verwijzing},
                      publisher = {Boom}, year = {2019}}
    ```

    Use instead:
    ```markdown title="report.md"
    Taal is een drempel (Okafor, 2017). Vertrouwen helpt (Tanaka, 2019).

    Literatuur

    Okafor, C. (2017). *Taal als drempel*. Movisie.

    Tanaka, Y. (2019). *Vertrouwen en verwijzing*. Boom.
    ```
    """
    for document in project.documents:
        entries = _checked(project, document)
        if entries is None:
            continue
        listed = {m.entry.key for m in _matches(document, entries) if m.entry is not None}
        unread = [fold(item.text) for item in document.references if item.problem]
        reported: set[str] = set()
        for citation in document.citations:
            key = citation.resolved
            if key is None or key in listed or key in reported:
                continue
            entry = project.find(key)
            if entry is None:
                continue
            names = _entry_names(entry)
            year = source_year(entry) or ""
            if names and any(names[0] in text.replace(" ", "") and year in text for text in unread):
                continue  # an item that could not be read may be this one
            reported.add(key)
            heading = document.reference_list.where if document.reference_list else "the reference list"
            yield Violation(
                citation.location,
                f"{key!r} is cited here but has no item in the reference list ({heading}): add it",
                key=key,
            )


@rule(code="CC413", name="reference-differs", severity=Severity.WARNING)
def reference_differs(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Where a manuscript has its own reference list and a bibliography is checked too, flags an
    item whose year or authors differ from the entry it stands for (found by its rendered
    key, or by first author and title). A list cut short with `et al.` or APA's `...` is
    compared as far as it goes.

    ## Why is this bad?
    The reader sees one year or author in the list and another wherever the bibliography is
    used: the list was typed from an older version, or the bibliography changed after the
    document was rendered.

    ## Example
    ```toml title="claimcite.toml"
    documents = ["report.md"]
    ```
    ```markdown title="report.md"
    Taal is een drempel (Okafor, 2017).

    Literatuur

    Okafor, C. (2016). *Taal als drempel*. Movisie.
    ```
    ```bib title="references.bib"
    @book{okafor2017, author = {Okafor, Chidi}, title = {Taal als drempel},
                      publisher = {Movisie}, year = {2017}}
    ```

    Use instead:
    ```markdown title="report.md"
    Taal is een drempel (Okafor, 2017).

    Literatuur

    Okafor, C. (2017). *Taal als drempel*. Movisie.
    ```
    """
    for document in project.documents:
        entries = _checked(project, document)
        if entries is None:
            continue
        for match in _matches(document, entries):
            item, entry = match.item, match.entry
            if entry is None:
                continue
            year, want = _item_year(item), source_year(entry) or ""
            if year != want and want:  # an entry without a year may be dated otherwise (`eventdate`)
                shown = want or "no year"
                yield Violation(
                    item.location,
                    f"the reference list gives {item.year or 'no year'} for {entry.key!r}, "
                    f"its entry {shown}: make them agree",
                    key=entry.key,
                )
                continue
            listed, known = _item_names(item), _entry_names(entry)
            compared = known[: len(listed)] if item.et_al else known
            if item.et_al and len(listed) > 1 and _same(listed[-1], known[-1] if known else ""):
                compared = known[: len(listed) - 1] + known[-1:]  # APA 7: `A, B, ... Z`
            if listed and known and not item.loose and not _all_same(listed, compared):
                written = surnames(entry.names.get("author") or entry.names.get("editor") or "")
                yield Violation(
                    item.location,
                    f"the reference list names the authors {', '.join(item.authors)} for {entry.key!r}, "
                    f"its entry {', '.join(written)}: make them agree",
                    key=entry.key,
                )
