"""Author-year citations in running text: APA, Harvard and Chicago author-date, and the forms
that real reports use.

Parenthetical `(Koçak & Jonkman, 2016)`, `(see Bruijn & Friedel, 2018; Hulshof et al. 2021)`
and narrative `Hulshof et al. (2021)`; one or two authors (`&`, `and`, `en`, `und`, `et`),
three or more with commas, or `et al.` / `e.a.` / `u.a.`; surnames of several words
(`García Márquez`, `Ortega Díaz`) and organisations (`Stichting Pharos`, `Centraal Bureau voor
de Statistiek [CBS]`, then `CBS`); initials that tell authors apart (`Jansen, P.`); years with
suffixes (`2020a`), no date (`n.d.`, `z.d.`, `z.j.`, `o.J.`, `s.f.`, `s.d.`, also `z.d.-a`);
years that continue the author before (`(Verweij, 2008; 2019)`); locators `p.`, `pp.`, `blz.`,
`S.`, `: 45`. A parenthesis that holds no author and year (`(zie paragraaf 5.1)`,
`(n = 312)`, `(18%)`) is not a citation.

Names are read token by token from a bounded window (the parenthesis, or the 160 characters
before a narrative year), so the time grows linearly with the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimcite.names import PARTICLES

_NO_DATE = r"(?:n\.\s?d|z\.\s?d|z\.\s?j|o\.\s?[JD]|s\.\s?f|s\.\s?d)(?:\.|\b)(?:-[a-z]\b)?"
_YEAR = rf"(?:1[5-9]\d\d|20\d\d)(?:[a-z]\b)?|{_NO_DATE}|in press|in druk|im Druck|forthcoming|en prensa"
_YEARS = rf"(?P<years>(?:{_YEAR})(?:\s*[,;]\s*(?:{_YEAR})){{0,5}})"
_LOCATOR = r"(?P<locator>(?:\s*[,:]\s*[^;()]{1,60})?)"
_TAIL = re.compile(rf"(?P<sep>\s*,\s*|\s+){_YEARS}{_LOCATOR}\s*$")
_YEAR_START = re.compile(rf"\s*{_YEARS}{_LOCATOR}\s*$")
_YEAR_ONLY = re.compile(rf"\s*{_YEARS}{_LOCATOR}\s*$")
_PAREN = re.compile(r"\(([^()]{1,400})\)")
_LAST_BLANK_LINE = re.compile(r".*\n[ \t]*\n", re.DOTALL)  # up to the window's last blank line
_SINGLE_YEAR = re.compile(_YEAR)
_TOKEN = re.compile(r"\[[^\[\]\n]{1,40}\]|&|,|[^\s,&\[\]()]+")
_INITIALS = re.compile(r"(?:[^\W\d_]\.)(?:-?[^\W\d_]\.){0,3}")
_WORD = re.compile(r"[^\W\d_][^\W\d_'’.-]*(?:['’-][^\W\d_]+){0,3}(?:['’]s?)?")
_PARTICLE_WORDS = frozenset(word for particle in PARTICLES for word in particle.split()) - {"in"}
# lower-case words inside an organisation's name: `Centraal Bureau voor de Statistiek`
_JOINERS = _PARTICLE_WORDS | frozenset("voor of for für the on zur am im an bei del".split())
_AND = frozenset({"&", "and", "en", "und", "et", "y", "e"})
_ET_AL = re.compile(r"(?:et\s+al\.?|e\.\s?a\.|u\.\s?a\.|et\s+coll\.)$")
# words after which one capitalised word before a year is rather a thing or a place than an
# author: `het RIVM (2021)`, `in Utrecht (2019)`
_ARTICLES = frozenset("het de the die der das den dem le la el in te uit naar at im aus nach à".split())
_MOST_TOKENS = 40  # of a list of authors; a window holds about that many words

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
) | frozenset(
    # words that open a sentence before a narrative citation: `As Haverkamp (1994) showed`
    """as at by on with according also this these that those our we they it its while when
    although though since unlike like following per both whereas where here there thus so
    if but or nor yet however study work report data research authors author
    als zoals uit bij door met naar dit deze dat wij ze hij zij onderzoek rapport ook maar
    wie nach laut mit aus auch diese dieser dieses wir sie er es ein eine studie bericht
    selon comme pour dans avec sur cette ces nous""".split()
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
    tentative: bool  # only a citation if it fits an entry (one name in prose, an odd prefix)
    organisation: str | None = None  # the authors as one organisation, or what an abbreviation means


@dataclass(frozen=True, slots=True)
class _Authors:
    names: tuple[str, ...]  # each name whole: `García Márquez`, `Centraal Bureau voor de Statistiek [CBS]`
    et_al: str | None  # the et-al form as written
    connector: str | None
    start: int  # offset of the first name's first token in the scanned window
    whole: str  # the list as written, one space between words


def _tokens(text: str) -> list[tuple[str, int]]:
    return [(match.group(), match.start()) for match in _TOKEN.finditer(text)]


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper()


def _name(tokens: list[str]) -> str | None:
    """A name of several words as one string, or None when `tokens` are no name: particles
    first (`van der`), then capitalised words, lower-case joiners between them, an optional
    `[ABBR]` at the end; initials (`P.`) before the name are dropped."""
    while tokens and _INITIALS.fullmatch(tokens[0]) and len(tokens) > 1:
        tokens = tokens[1:]
    if not tokens or len(tokens) > 8:
        return None
    body = tokens[:-1] if tokens[-1].startswith("[") else tokens
    if not body:
        return None
    index = 0
    while index < len(body) - 1 and body[index].casefold().strip("'’") in _PARTICLE_WORDS:
        index += 1  # `van der Berg`, `De Bruijn`, `d'Alembert` (as one token)
    head = body[index]
    if not _WORD.fullmatch(head) or not _is_capitalised(head) or head.casefold() in NOT_NAMES:
        return None
    for word in body[index + 1 :]:
        if not _WORD.fullmatch(word):
            return None
        if _is_capitalised(word):
            if word.casefold() in NOT_NAMES:
                return None
        elif word not in _JOINERS:
            return None
    if not _is_capitalised(body[-1]):
        return None
    return " ".join(tokens)


def _read(tokens: list[tuple[str, int]]) -> _Authors | None:
    """The list of authors that `tokens` spell from first to last, or None."""
    if not tokens or len(tokens) > _MOST_TOKENS:
        return None
    words = [token for token, _ in tokens]
    et_al = None
    joined = " ".join(words[-3:])
    found = _ET_AL.search(joined)
    if found is not None:
        size = len(found.group().split())
        et_al, words = found.group(), words[:-size]
        if words and words[-1] == ",":
            words = words[:-1]
    names: list[str] = []
    connector = None
    item: list[str] = []
    for word in [*words, ","]:
        if word == "," or word in _AND:
            if word != ",":
                connector = word
            if not item:
                if word == ",":
                    return None
                continue  # `Smith, Jones, and Brown`
            if all(_INITIALS.fullmatch(part) for part in item):
                if not names:
                    return None
                item = []  # `Jansen, P.`: initials that tell two Jansens apart
                continue
            name = _name(item)
            if name is None:
                return None
            names.append(name)
            item = []
            continue
        item.append(word)
    if not names:
        return None
    first = names[0].split()[0].casefold()
    if len(names) > 1 and first in ADVERBS and " " not in names[0]:
        return None  # `Finally, Peikert & Brandmaier (2019)`: the adverb opens the sentence
    whole = " ".join(word for word, _ in tokens).replace(" ,", ",")
    return _Authors(tuple(names), et_al, connector, tokens[0][1], whole)


def _leftmost(tokens: list[tuple[str, int]]) -> tuple[int, _Authors] | None:
    """The leftmost token from which the tokens to the end read as a list of authors."""
    for index, (token, _) in enumerate(tokens):
        if token in (",", "&") or token.startswith("[") or token.casefold() in ADVERBS:
            continue
        if not (_is_capitalised(token) or token.casefold().strip("'’") in _PARTICLE_WORDS):
            continue
        found = _read(tokens[index:])
        if found is not None:
            return index, found
    return None


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


def _organisation(authors: _Authors, abbreviations: dict[str, str]) -> str | None:
    """The authors read as one organisation (when the list reading splits a name: `Ministerie
    van VWS, Welzijn en Sport`), or the name an abbreviation stands for (`CBS`)."""
    names = authors.names
    for name in names:
        if name.endswith("]"):
            bracket = name.rindex("[")
            abbreviations[name[bracket + 1 : -1].strip()] = name[:bracket].strip()
    if len(names) == 1 and names[0] in abbreviations:
        return abbreviations[names[0]]
    if len(names) > 1 and not authors.et_al:
        return authors.whole
    return None


def scan(text: str) -> list[AuthorYear]:
    """Every author-year citation in `text`, in order."""
    found: list[AuthorYear] = []
    group = 0
    abbreviations: dict[str, str] = {}  # `[CBS]` after a name: CBS stands for it from there on
    for paren in _PAREN.finditer(text):
        content = paren.group(1)
        if not _SINGLE_YEAR.search(content):
            continue
        narrative = _YEAR_START.match(content)
        if narrative is not None:
            cites = _narrative(text, paren, narrative, group + 1, abbreviations)
        else:
            cites = _parenthetical(text, content, paren, group + 1, abbreviations)
        if cites:
            group += 1
            found.extend(cites)
    return found


def _narrative(
    text: str, paren: re.Match[str], years: re.Match[str], group: int, abbreviations: dict[str, str]
) -> list[AuthorYear]:
    window_start = max(0, paren.start() - 160)
    window = text[window_start : paren.start()]
    cut = window_start > 0
    paragraph = _LAST_BLANK_LINE.search(window)
    if paragraph is not None:  # the names stand in the paragraph of the year
        window_start, window, cut = window_start + paragraph.end(), window[paragraph.end() :], False
    tokens = _tokens(window)
    if tokens and cut and tokens[0][1] == 0:
        tokens = tokens[1:]  # a word cut by the window
    leftmost = _leftmost(tokens)
    if leftmost is None:
        return []
    index, authors = leftmost
    start = window_start + authors.start
    names = tuple(re.sub(r"['’]s?$", "", name) for name in authors.names)  # Levelt's (1989)
    before = tokens[index - 1][0].casefold() if index > 0 else ""
    organisation = _organisation(authors, abbreviations)
    capitals = sum(1 for w in names[0].split() if _is_capitalised(w) and w.casefold() not in NOT_NAMES)
    single = len(names) == 1 and not authors.et_al
    # One surname before a year is a citation (`as shown by Haverkamp (1994)`); an acronym, a
    # word after an article or a place's preposition (`het RIVM (2021)`, `in Utrecht (2019)`), or a
    # name of several capitalised words in running text (`Stichting Pharos (2022)`) is one only
    # when it fits an entry.
    tentative = single and (names[0].isupper() or before in _ARTICLES or capitals > 1)
    whole = " ".join(text[start : paren.end()].split())
    traits = _traits(narrative=True, separator=None, connector=authors.connector, et_al=authors.et_al)
    return [
        AuthorYear(
            start,
            paren.end(),
            whole,
            names,
            authors.et_al is not None,
            year,
            years.group("locator").strip(" ,:"),
            True,
            group,
            traits,
            tentative,
            organisation,
        )
        for year in _years(years.group("years"))
    ]


def _parenthetical(
    text: str, content: str, paren: re.Match[str], group: int, abbreviations: dict[str, str]
) -> list[AuthorYear]:
    out: list[AuthorYear] = []
    offset = 0
    base = paren.start(1)
    whole = " ".join(paren.group().split())
    previous: AuthorYear | None = None
    for part in content.split(";"):
        part_start = base + offset
        offset += len(part) + 1
        if not _SINGLE_YEAR.search(part):
            previous = None
            continue
        continuation = _YEAR_ONLY.match(part)
        if continuation is not None and previous is not None:
            # `(Verweij, 2008; 2019)`: a year alone continues the author before it
            for year in _years(continuation.group("years")):
                out.append(
                    AuthorYear(
                        part_start + continuation.start("years"),
                        part_start + continuation.end(),
                        whole,
                        previous.authors,
                        previous.et_al,
                        year,
                        continuation.group("locator").strip(" ,:"),
                        False,
                        group,
                        previous.style,
                        previous.tentative,
                        previous.organisation,
                    )
                )
            continue
        tail = _TAIL.search(part)
        previous = None
        if tail is None:
            continue
        tokens = _tokens(part[: tail.start()])
        leftmost = _leftmost(tokens)
        if leftmost is None:
            continue
        index, authors = leftmost
        prefix = [token for token, _ in tokens[:index] if token != ","]
        odd_prefix = any(word.casefold() not in PREFIXES for word in prefix)
        traits = _traits(
            narrative=False, separator=tail.group("sep"), connector=authors.connector, et_al=authors.et_al
        )
        organisation = _organisation(authors, abbreviations)
        for year in _years(tail.group("years")):
            previous = AuthorYear(
                part_start + authors.start,
                part_start + tail.end(),
                whole,
                authors.names,
                authors.et_al is not None,
                year,
                tail.group("locator").strip(" ,:"),
                False,
                group,
                traits,
                odd_prefix,  # `(creator of Python, 2006)`: a citation only if it fits
                organisation,
            )
            out.append(previous)
    return out
