"""A manuscript's reference list as model values: each item with the key it stands under, and
the items as bibliography entries for a manuscript that names no bibliography.

A rendered item keeps the key pandoc rendered it from (`ref-KEY`); a typed item gets a key
derived from its first author and its year, as Better BibTeX derives them: the family name
without particles and diacritics, or a corporate author's abbreviation, then the year and its
letter (`cbs2025`, `heijden2019b`), and for a work without a date `-nd` (`prometheus-nda`).
A key that another item already has gets `-2`, `-3` in list order.
"""

from __future__ import annotations

import re
from dataclasses import replace

from claimcite.load.names import name_key
from claimcite.load.reflist import ListItem, ReferenceList
from claimcite.load.refstring import Name, Reference, Unparsed, parse_free_form, parse_reference
from claimcite.model import Bibliography, ListedReference, Source

_CONTAINER = {"article": "journal", "incollection": "booktitle"}
_PUBLISHER = {"techreport": "institution", "phdthesis": "school", "mastersthesis": "school"}


def derived_key(reference: Reference) -> str:
    """The key a typed item stands under: `cbs2025`, `heijden2019b`, `prometheus-nda`."""
    first = reference.authors[0] if reference.authors else Name("anonymous")
    base = name_key(first.abbreviation or first.family).replace("_", "") or "anonymous"
    if reference.year:
        return f"{base}{reference.year}{reference.suffix}"
    return f"{base}-{'inpress' if reference.in_press else 'nd'}{reference.suffix}"


def bibtex_name(name: Name) -> str:
    """A name as BibTeX writes it: `van der Heijden, J.`, `{Centraal Bureau voor de Statistiek}`."""
    if name.corporate:
        return "{" + name.family + "}"
    if name.suffix:
        return f"{name.full_family}, {name.suffix}, {name.given}"
    return f"{name.full_family}, {name.given}" if name.given else name.full_family


def _names(names: tuple[Name, ...], et_al: bool) -> str:
    return " and ".join([bibtex_name(n) for n in names] + (["others"] if et_al else []))


def source(reference: Reference, key: str, path: str) -> Source:
    """A parsed item as a bibliography entry under `key`."""
    fields = {
        "title": reference.title,
        "year": reference.year,
        "yearsuffix": reference.suffix,  # the letter the list gives (`2021a`, `z.d.-b`)
        _CONTAINER.get(reference.type, "booktitle" if reference.container else ""): reference.container,
        "volume": reference.volume,
        "number": reference.number or reference.issue,
        "pages": reference.pages.replace("–", "--"),
        _PUBLISHER.get(reference.type, "publisher"): reference.publisher,
        "edition": reference.edition,
        "doi": reference.doi,
        "url": reference.url,
        "pubstate": "inpress" if reference.in_press else "",
    }
    first = reference.authors[0] if reference.authors else None
    if first is not None and first.abbreviation:
        fields["shortauthor"] = first.abbreviation
    role = "editor" if reference.editors_as_authors else "author"
    names = {role: _names(reference.authors, reference.et_al)}
    if reference.editors and not reference.editors_as_authors:
        names["editor"] = _names(reference.editors, False)
    kept = {name: value for name, value in fields.items() if name and value}
    return Source(key, reference.type, kept, names, reference.location)


_JOINED = re.compile(r",|\s(?:&|and|en|und|et|y)\s")


def _loose(authors: tuple[Name, ...]) -> bool:
    """True when the authors read more than one way: corporate names among persons, or one
    corporate name holding commas or `and` (`Goland, Whitehead, & Irvine` without initials is
    read as one name, `Pharos & Movisie` may be two)."""
    corporate = [name for name in authors if name.corporate]
    if not corporate:
        return False
    return len(authors) > 1 or bool(_JOINED.search(corporate[0].family))


# a year in an item's text, outside its links (`doi:10.1177/2515245918771304` holds none)
_YEAR = re.compile(r"(?<![\d/.])(?:1[5-9]\d\d|20\d\d)(?![\d/])")
_LINK = re.compile(r"\b(?:https?://|www\.|doi:\s?|10\.\d{4,9}/)\S*", re.IGNORECASE)


# an item's opening names: `Eve, Martin Paul`, `van Dijk, J.`, `De Bruijn, E.` (an item without a
# date, to be reported, rather than the rest of the one before)
_NAMES_FIRST = re.compile(
    r"(?:[a-z]{1,3}\s){0,2}[A-ZÀ-Þ][\w'’-]*(?:\s[a-z]{1,3})?(?:\s[A-ZÀ-Þ][\w'’-]*)?,\s+[A-ZÀ-Þ]"
)


# the rest of a reference: a link, `13 (3)`, `pp. 45`, `553–565`, `Boca Raton: CRC Press.`
_REST = re.compile(
    r"\b(?:doi|https?://|www\.)|\b\d{1,4}\s?\(\d{1,4}\)|\bpp?\.\s?\d|\b\d{1,5}\s?[–-]\s?\d{1,5}\b"
    r"|^[A-ZÀ-Þ][\w.'’ -]{1,40}:\s?[A-ZÀ-Þ][\w.&'’ -]{1,60}\.?$",
    re.IGNORECASE,
)


def _continues(item: ListItem, before: Reference) -> bool:
    """True for an item that is the rest of the item before it, which a paragraph break cut
    (papaja's Word output: `Blume, J. D., ... (2018).` then `Second-generation p-values: ...`):
    no year in it and not opening with a name as an item does, nor after a list marker of its
    own; after an item that stops in mid-sentence or right after its date, or opening in lower
    case, or reading as the rest of a reference (a journal's volume and pages, a link, a
    publisher). A colophon or a note after the list stays an item that cannot be read."""
    if item.list_item or item.key is not None or _NAMES_FIRST.match(item.text):
        return False
    text = item.text.strip()
    if _YEAR.search(_LINK.sub(" ", text)) is not None:
        return False
    cut = not before.text.rstrip().endswith((".", ")", "]")) or not before.title
    return cut or text[:1].islower() or _REST.search(text) is not None


def _parse(item: ListItem, previous: tuple[Name, ...], free_form: bool) -> Reference | Unparsed:
    parsed = parse_free_form(item.text, item.location) if free_form else None
    if not isinstance(parsed, Reference):
        parsed = parse_reference(item.text, item.location, previous)
    return parsed


def _items(found: ReferenceList, free_form: bool) -> list[tuple[ListItem, Reference | Unparsed]]:
    """The items parsed, an item cut in two paragraphs read as one."""
    out: list[tuple[ListItem, Reference | Unparsed, tuple[Name, ...]]] = []
    for item in found.items:
        before = out[-1][1] if out else None
        previous = before.authors if isinstance(before, Reference) else ()
        parsed = _parse(item, previous, free_form)
        if not isinstance(parsed, Reference) and isinstance(before, Reference) and _continues(item, before):
            last, _, its_previous = out[-1]
            joined = replace(last, text=f"{last.text} {item.text}", end_line=item.end_line)
            again = _parse(joined, its_previous, free_form)
            out[-1] = (joined, again if isinstance(again, Reference) else before, its_previous)
            continue
        out.append((item, parsed, previous))
    return [(item, parsed) for item, parsed, _ in out]


def read_list(
    found: ReferenceList, *, free_form: bool = False
) -> tuple[tuple[ListedReference, ...], tuple[Source, ...]]:
    """The items of a reference list with their keys, and the parsed ones as entries;
    `free_form` reads an item that no style describes as a reader does (see parse_free_form)."""
    listed: list[ListedReference] = []
    sources: list[Source] = []
    taken: set[str] = set()
    for item, parsed in _items(found, free_form):
        if not isinstance(parsed, Reference):
            listed.append(
                ListedReference(
                    item.location, item.text, item.key, rendered=item.key is not None, problem=parsed.reason
                )
            )
            continue
        key = item.key or derived_key(parsed)
        if item.key is None and key.casefold() in taken:
            number = 2
            while f"{key}-{number}".casefold() in taken:
                number += 1
            key = f"{key}-{number}"
        taken.add(key.casefold())
        listed.append(
            ListedReference(
                item.location,
                parsed.text,
                key,
                tuple(name.full_family for name in parsed.authors),
                parsed.et_al,
                _loose(parsed.authors),
                parsed.authors[0].abbreviation if parsed.authors else "",
                parsed.label,
                parsed.title,
                rendered=item.key is not None,
            )
        )
        sources.append(source(parsed, key, item.location.path))
    return tuple(listed), tuple(sources)


def as_bibliography(path: str, sources: tuple[Source, ...]) -> Bibliography:
    """The entries of a manuscript's reference list as its bibliography (`path` is the manuscript)."""
    return Bibliography(path, sources, typed_list=True)
