"""Author-year citations in running text: APA, Harvard and Chicago author-date.

Parenthetical `(Koçak & Jonkman, 2016)`, `(see Bruijn & Friedel, 2018; Hulshof et al. 2021)`
and narrative `Hulshof et al. (2021)`; one or two authors (`&`, `and`, `en`, `und`, `et`),
three or more with commas, or `et al.` / `e.a.` / `u.a.`; years with suffixes (`2020a`),
`n.d.` / `z.j.` / `o.J.`; locators `p.`, `pp.`, `blz.`, `S.`, `: 45`. A parenthesis that
holds no author and year (`(zie paragraaf 5.1)`, `(n = 312)`, `(18%)`) is not a citation.

Every pattern is bounded (no nested repetition over the same characters), so the time
grows linearly with the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimcite.names import PARTICLES

_PARTICLE = r"(?:(?i:" + "|".join(re.escape(p) for p in sorted(PARTICLES, key=len, reverse=True)) + r")\s+)"
_SURNAME = r"(?:[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+){0,3})"
_NAME = rf"(?:{_PARTICLE}{{0,2}}{_SURNAME})"
_ET_AL = r"(?:et\s+al\.?|e\.\s?a\.|u\.\s?a\.|et\s+coll\.)"
_AND = r"(?:&|and|en|und|et|y|e)"
_AUTHORS = (
    rf"(?P<authors>{_NAME}(?:\s+{_ET_AL}"
    rf"|(?:\s*,\s*{_NAME}){{0,6}}\s*,?\s+{_AND}\s+{_NAME}(?:\s+{_ET_AL})?)?)"
)
_YEAR = r"(?:1[5-9]\d\d|20\d\d)(?:[a-z]\b)?|n\.\s?d\.|z\.\s?j\.|o\.\s?J\.|in press|in druk"
_YEARS = rf"(?P<years>(?:{_YEAR})(?:\s*,\s*(?:{_YEAR})){{0,5}})"
_LOCATOR = r"(?P<locator>(?:\s*[,:]\s*[^;()]{1,60})?)"
_PART = re.compile(rf"{_AUTHORS}(?P<sep>\s*,\s*|\s+){_YEARS}{_LOCATOR}\s*$")
_NARRATIVE_TAIL = re.compile(rf"{_AUTHORS}(?:['’]s?)?\s*$")
_YEAR_START = re.compile(rf"\s*{_YEARS}{_LOCATOR}\s*$")
_PAREN = re.compile(r"\(([^()]{1,400})\)")
_SINGLE_YEAR = re.compile(_YEAR)
_WORD_START = re.compile(r"(?:^|(?<=[\s(\[]))[^\s]")

# Capitalised words that stand before a year without being authors.
# Words that open a sentence before a narrative citation: `Finally, Peikert & Brandmaier (2019)`.
ADVERBS = frozenset(
    """finally however moreover similarly thus also first second third therefore recently
    interestingly furthermore additionally notably indeed nevertheless hence consequently
    specifically importantly lastly overall accordingly alternatively likewise then next here
    daarnaast bovendien verder echter tenslotte vervolgens ook eerder recent volgens zoals
    außerdem jedoch ferner zudem schließlich auch laut""".split()
)
# Words that may stand before the author list in parentheses: `(see Smith, 2020)`.
PREFIXES = frozenset(
    """see also e.g. eg cf. cf i.e. ie for in and but as compare zie ook vgl. vgl bijv. bijv bv.
    bijvoorbeeld o.a. oa en maar siehe auch z.b. zb vgl vergleiche voir aussi par exemple et
    mais""".split()
)
NOT_NAMES = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "januari",
        "februari",
        "maart",
        "mei",
        "juni",
        "juli",
        "augustus",
        "oktober",
        "januar",
        "februar",
        "märz",
        "juni",
        "juli",
        "oktober",
        "dezember",
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
        "voorjaar",
        "zomer",
        "najaar",
        "herfst",
        "lente",
        "figure",
        "fig",
        "table",
        "tabel",
        "figuur",
        "chapter",
        "hoofdstuk",
        "section",
        "paragraaf",
        "appendix",
        "bijlage",
        "abb",
        "tab",
        "kapitel",
        "seite",
        "page",
        "pagina",
        "version",
        "versie",
        "wave",
        "ronde",
        "stage",
        "fase",
        "phase",
        "volume",
        "vol",
        "issue",
        "nr",
        "no",
        "see",
        "zie",
        "cf",
        "vgl",
        "eg",
        "ie",
        "zb",
        "bv",
        "and",
        "en",
        "und",
        "et",
        "in",
        "of",
        "the",
        "de",
        "het",
        "een",
        "van",
        "between",
        "tussen",
        "since",
        "sinds",
        "from",
        "vanaf",
        "until",
        "tot",
        "before",
        "voor",
        "after",
        "na",
        "circa",
        "ca",
        "about",
        "around",
        "ongeveer",
        "year",
        "jaar",
        "jahr",
    ]
)


@dataclass(frozen=True, slots=True)
class AuthorYear:
    """One cited work in author-year form."""

    start: int
    end: int
    text: str  # the citation as written (the whole parenthesis, or the narrative phrase)
    authors: tuple[str, ...]
    et_al: bool
    year: str
    locator: str
    narrative: bool
    group: int
    style: tuple[str, ...]  # traits for citation-style: separator, connector, et-al form
    tentative: bool  # a single name before a year: only a citation if it fits an entry


def _authors(text: str) -> tuple[tuple[str, ...], bool, str | None, str | None]:
    """(names, et al., connector, et-al form) of an author list."""
    et_al_match = re.search(_ET_AL + r"\s*$", text)
    et_al = et_al_match.group() if et_al_match else None
    core = text[: et_al_match.start()] if et_al_match else text
    connector = None
    parts = [p.strip() for p in re.split(r"\s*,\s*", core) if p.strip()]
    while len(parts) > 1 and parts[0].casefold() in ADVERBS:
        parts = parts[1:]
    names: list[str] = []
    for part in parts:
        pieces = re.split(rf"\s+(?:{_AND})\s+", part)
        if len(pieces) > 1:
            found = re.search(rf"\s+({_AND})\s+", part)
            connector = found.group(1) if found else None
        for piece in pieces:
            piece = re.sub(rf"^(?:{_AND})\s+", "", piece.strip())
            piece = re.sub(r"['’]s?$", "", piece)  # Smith's (2020)
            if piece:
                names.append(piece)
    return tuple(names), et_al is not None, connector, et_al


def _plausible(names: tuple[str, ...]) -> bool:
    """Every name starts with a capital (after its particles) and is no month or word like 'Figure'."""
    for name in names:
        last = re.sub(rf"^{_PARTICLE}+", "", name + " ", flags=re.IGNORECASE).strip() or name
        head = last.split()[-1] if last.split() else last
        if not head[:1].isupper():
            return False
        if head.casefold().strip(".") in NOT_NAMES:
            return False
    return True


def _traits(
    *, narrative: bool, separator: str | None, connector: str | None, et_al: str | None
) -> tuple[str, ...]:
    form = "narrative" if narrative else "parenthetical"
    traits: list[str] = []
    if separator is not None:
        traits.append(f"{form}:separator:{'comma' if ',' in separator else 'space'}")
    if connector is not None:
        traits.append(f"{form}:connector:{'&' if connector == '&' else 'word'}")
    if et_al is not None:
        traits.append(f"et-al:{' '.join(et_al.split())}")
    return tuple(traits)


def _years(text: str) -> list[str]:
    return [" ".join(m.group().split()) for m in _SINGLE_YEAR.finditer(text)]


def scan(text: str) -> list[AuthorYear]:
    """Every author-year citation in `text`, in order."""
    found: list[AuthorYear] = []
    group = 0
    for paren in _PAREN.finditer(text):
        content = paren.group(1)
        if not _SINGLE_YEAR.search(content):
            continue
        base = paren.start(1)
        narrative = _YEAR_START.match(content)
        if narrative is not None:
            found.extend(_narrative(text, paren, narrative, group + 1))
            if found and found[-1].group == group + 1:
                group += 1
            continue
        parts = _parenthetical(text, content, base, paren, group + 1)
        if parts:
            group += 1
            found.extend(parts)
    return found


def _narrative(text: str, paren: re.Match[str], years: re.Match[str], group: int) -> list[AuthorYear]:
    window_start = max(0, paren.start() - 160)
    before = text[window_start : paren.start()]
    tail = None
    for word in _WORD_START.finditer(before):  # the leftmost word from which a list of authors runs to `(`
        tail = _NARRATIVE_TAIL.match(before, word.start())
        if tail is not None:
            break
    if tail is None:
        return []
    # the author list must start a word
    start = window_start + tail.start()
    names, et_al, connector, et_al_form = _authors(" ".join(tail.group("authors").split()))
    if not names or not _plausible(names):
        return []
    if start > 0 and text[start - 1].isalnum():
        return []
    whole = " ".join(text[start : paren.end()].split())
    traits = _traits(narrative=True, separator=None, connector=connector, et_al=et_al_form)
    tentative = len(names) == 1 and not et_al
    return [
        AuthorYear(
            start,
            paren.end(),
            whole,
            names,
            et_al,
            year,
            years.group("locator").strip(" ,:"),
            True,
            group,
            traits,
            tentative,
        )
        for year in _years(years.group("years"))
    ]


def _parenthetical(text: str, content: str, base: int, paren: re.Match[str], group: int) -> list[AuthorYear]:
    out: list[AuthorYear] = []
    offset = 0
    whole = " ".join(paren.group().split())
    for part in content.split(";"):
        part_start = base + offset
        offset += len(part) + 1
        if not _SINGLE_YEAR.search(part):
            continue
        match = None
        for word in _WORD_START.finditer(part):
            candidate = _PART.match(part, word.start())
            if candidate is not None:
                match = candidate
                break
        if match is None:
            continue
        names, et_al, connector, et_al_form = _authors(" ".join(match.group("authors").split()))
        if not names or not _plausible(names):
            continue
        prefix = part[: match.start()].replace(",", " ").split()
        odd_prefix = any(word.casefold() not in PREFIXES for word in prefix)
        traits = _traits(narrative=False, separator=match.group("sep"), connector=connector, et_al=et_al_form)
        for year in _years(match.group("years")):
            out.append(
                AuthorYear(
                    part_start + match.start("authors"),
                    part_start + match.end(),
                    whole,
                    names,
                    et_al,
                    year,
                    match.group("locator").strip(" ,:"),
                    False,
                    group,
                    traits,
                    odd_prefix,  # `(creator of Python, 2006)`: a citation only if it fits
                )
            )
    return out
