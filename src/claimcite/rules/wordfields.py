"""Citation fields of a reference manager whose text was edited by hand after insertion."""

from __future__ import annotations

import re
from collections.abc import Iterator

from claimcite.load.names import fold, source_year
from claimcite.load.tex import persons
from claimcite.model import CitationField, FieldItem, Project, Severity
from claimcite.options import Options
from claimcite.rules.base import Violation, rule

_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_WORD = re.compile(r"[^\W\d_]+")


def _words(text: str) -> set[str]:
    return {fold(word) for word in _WORD.findall(text)}


def _families(item: FieldItem) -> list[str]:
    """The item's author names as a style shows them: family names with their particles, or
    an organisation's name whole."""
    parsed = persons(item.source)
    people = parsed.get("author") or parsed.get("editor") or ()
    return [" ".join(part for part in (p.von, p.last) if part) for p in people if not p.is_others]


def _compared(text: str) -> str:
    return " ".join(text.split()).casefold()


def edits(found: CitationField) -> list[str]:
    """What the text a field shows lacks of its items, or has of none of them: the author names
    and years of each item that the program's own rendering shows (or, where the field keeps no
    rendering, the first author and the year, when the text shows any name or year of them), and
    the years it shows that are no item's (nor in a title, a prefix, a suffix or a locator)."""
    shown, rendered = found.shown, found.rendered
    if rendered is not None and _compared(rendered) == _compared(shown):
        return []  # as the program put it
    words, years = _words(shown), set(_YEAR.findall(shown))
    expected_words = _words(rendered) if rendered is not None else None
    expected_years = set(_YEAR.findall(rendered)) if rendered is not None else None
    if rendered is None:  # does the text show names and years at all (an author-date style)?
        names = [family for item in found.items for family in _families(item)[:1]]
        dated = bool(years) or any(_words(name) and _words(name) <= words for name in names)
        if not dated:
            return []
    lacks: list[str] = []
    allowed = set(expected_years or ())
    for item in found.items:
        families = _families(item)
        for position, family in enumerate(families):
            parts = _words(family)
            if not parts:
                continue
            if expected_words is not None:
                wanted = parts <= expected_words
            else:
                wanted = position == 0 and not item.suppress_author
            if wanted and not parts <= words and family not in lacks:
                lacks.append(family)
        year = source_year(item.source)
        if year:
            allowed.add(year)
            wanted_year = year in expected_years if expected_years is not None else not item.author_only
            if wanted_year and year not in years and year not in lacks:
                lacks.append(year)
        described = ("title", "journal", "booktitle", "series")
        context = " ".join(
            [item.prefix, item.suffix, item.locator, *(item.source.fields.get(n, "") for n in described)]
        )
        allowed.update(_YEAR.findall(context))
    found_problems = [f"lacks {name}" for name in lacks]
    strange = sorted(years - allowed)
    if strange:
        found_problems.append("shows " + " and ".join(strange) + ", the year of none of its works")
    return found_problems


def _works(found: CitationField) -> str:
    parts = []
    for item in found.items[:3]:
        families = _families(item)
        if not families:
            parts.append(item.source.key)
            continue
        who = families[0]
        if len(families) > 2:
            who += " et al."
        elif len(families) == 2:
            who += f" & {families[1]}"
        parts.append(f"{who} ({source_year(item.source) or 'n.d.'})")
    return "; ".join(parts) + ("; ..." if len(found.items) > 3 else "")


@rule(code="CC106", name="field-text-edited", severity=Severity.WARNING)
def field_text_edited(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags a citation field of Zotero, Mendeley, EndNote or Citavi in a Word document whose
    text no longer shows the works it cites: an author name or a year that the program put in
    it is gone, or it shows a year of none of its works. Its text was edited by hand after the
    program inserted it. What the style shows is what the program last rendered into the field
    (Zotero's `plainCitation`, Mendeley's formatted citation, EndNote's `DisplayText`,
    Citavi's `Text`), so a numeric style's `[3]` is compared as such; an added page number, a
    changed word or changed punctuation is no finding.

    ## Why is this bad?
    The reader sees one work cited while the reference list, which the program makes from the
    field's works, lists another; and the next time the program refreshes its fields, the edit
    is lost (Zotero asks first, Mendeley and EndNote do not). The field should cite what its
    text says.

    ## Example
    The document's body (`word/document.xml`) holds a Zotero field citing Hulshof and
    others (2021) whose text was changed to 2020:
    ```xml title="report.docx"
    <w:p>
      <w:r><w:t xml:space="preserve">Het bereik is lager </w:t></w:r>
      <w:r><w:fldChar w:fldCharType="begin"/></w:r>
      <w:r><w:instrText xml:space="preserve"> ADDIN ZOTERO_ITEM CSL_CITATION {"citationID":"x1",
        "properties":{"plainCitation":"(Hulshof et al., 2021)","noteIndex":0},
        "citationItems":[{"id":1,"uris":["http://zotero.org/users/1/items/AB12CD34"],
        "itemData":{"id":1,"type":"report","title":"Onafhankelijke cliëntondersteuning",
        "author":[{"family":"Hulshof","given":"Anne"},{"family":"Smit","given":"Jan"},
        {"family":"Vries","given":"Pim","non-dropping-particle":"de"}],
        "issued":{"date-parts":[["2021"]]}}}]} </w:instrText></w:r>
      <w:r><w:fldChar w:fldCharType="separate"/></w:r>
      <w:r><w:t>(Hulshof et al., 2020)</w:t></w:r>
      <w:r><w:fldChar w:fldCharType="end"/></w:r>
      <w:r><w:t>.</w:t></w:r>
    </w:p>
    ```
    ```toml title="claimcite.toml"
    documents = ["report.docx"]
    ```

    Use instead:
    ```xml title="report.docx"
    <w:p>
      <w:r><w:t xml:space="preserve">Het bereik is lager </w:t></w:r>
      <w:r><w:fldChar w:fldCharType="begin"/></w:r>
      <w:r><w:instrText xml:space="preserve"> ADDIN ZOTERO_ITEM CSL_CITATION {"citationID":"x1",
        "properties":{"plainCitation":"(Hulshof et al., 2021)","noteIndex":0},
        "citationItems":[{"id":1,"uris":["http://zotero.org/users/1/items/AB12CD34"],
        "itemData":{"id":1,"type":"report","title":"Onafhankelijke cliëntondersteuning",
        "author":[{"family":"Hulshof","given":"Anne"},{"family":"Smit","given":"Jan"},
        {"family":"Vries","given":"Pim","non-dropping-particle":"de"}],
        "issued":{"date-parts":[["2021"]]}}}]} </w:instrText></w:r>
      <w:r><w:fldChar w:fldCharType="separate"/></w:r>
      <w:r><w:t>(Hulshof et al., 2021, p. 12)</w:t></w:r>
      <w:r><w:fldChar w:fldCharType="end"/></w:r>
      <w:r><w:t>.</w:t></w:r>
    </w:p>
    ```
    """
    for document in project.documents:
        for found in document.fields:
            lacks = edits(found)
            if not lacks:
                continue
            program = found.program
            yield Violation(
                found.location,
                f"the {program} field shows {found.shown.strip()!r} but cites {_works(found)}: it "
                + "; it ".join(lacks)
                + f". Its text was edited by hand: cite the work in {program} rather than edit the text, "
                + (
                    f"as {program} keeps the edit (you told it to) and lists the works it cites"
                    if found.kept
                    else f"or {program} will replace the edit"
                ),
                key=found.items[0].source.key if len(found.items) == 1 else None,
            )
