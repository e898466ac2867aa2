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

from claimcite.load.names import PARTICLES

# Harvard's `(Bernstein, no date)` too
_NO_DATE = (
    r"(?:(?:n\.\s?d|z\.\s?d|z\.\s?j|o\.\s?[JD]|s\.\s?f|s\.\s?d)(?:\.|\b)"
    r"|\b(?:no\s+date|ohne\s+Jahr|sin\s+fecha|sans\s+date)\b)(?:-[a-z]\b)?"
)
_PRESS = r"(?i:in\s+press|in\s+druk|im\s+Druck|forthcoming|en\s+prensa)"  # also `(Arel-Bundock, Forthcoming)`
_YEAR_ONLY_FORMS = rf"(?:1[5-9]\d\d|20\d\d)(?:[a-z]\b)?|{_NO_DATE}|{_PRESS}"
_MONTH = (
    r"(?i:jan(?:uary|uari|uar)?|feb(?:ruary|ruari|ruar)?|mar(?:ch)?|maart|märz|apr(?:il)?|may|mei|mai"
    r"|june?|juni|july?|juli|aug(?:ust|ustus)?|sep(?:t|tember)?|oct(?:ober)?|okt(?:ober)?|nov(?:ember)?"
    r"|dec(?:ember)?|dez(?:ember)?)\.?"
)
# a date before the year, as a web page is cited: `(Abba, 26 april 2022)`, `(Abba, April 26, 2022)`
_DATE_BEFORE = rf"(?:\d{{1,2}}\.?\s{_MONTH}\s|{_MONTH}\s\d{{1,2}},?\s)"
_YEAR = rf"{_DATE_BEFORE}?(?:1[5-9]\d\d|20\d\d)(?:[a-z]\b)?|{_NO_DATE}|{_PRESS}"
_YEARS = rf"(?P<years>(?:{_YEAR})(?:\s*[,;]\s*(?:{_YEAR})){{0,5}})"
# `, p. 4`, `: 45`; and what a reader is sent there for, without a comma: `2015 for a review`
_LOCATOR = r"(?P<locator>(?:\s*[,:]\s*[^;()]{1,60}|\s+for\s[^;()\d]{1,40})?)"
# `(Redis. z.d.)`: a full stop typed for the comma, after a word (not after an initial, `P. 2023`)
_TAIL = re.compile(rf"(?P<sep>\s*,\s*|(?<=[^\W\d_]{{2}})(?<!\bal)\.\s+|\s+){_YEARS}{_LOCATOR}\s*$")
_YEAR_START = re.compile(rf"\s*{_YEARS}{_LOCATOR}\s*$")
_YEAR_ONLY = re.compile(rf"\s*{_YEARS}{_LOCATOR}\s*$")
_BRACKETED_YEAR = re.compile(rf"\[\s*{_YEARS}{_LOCATOR}\s*\]")
_PAREN = re.compile(r"\(([^()]{1,400})\)")
_LAST_BLANK_LINE = re.compile(r".*\n[ \t]*\n", re.DOTALL)  # up to the window's last blank line
_SINGLE_YEAR = re.compile(_YEAR_ONLY_FORMS)
_SINGLE_DATED = re.compile(r"1[5-9]\d\d|20\d\d")
_TOKEN = re.compile(r"\[[^\[\]\n]{1,40}\]|&|,|[^\s,&\[\]()]+")
_INITIALS = re.compile(r"(?:[^\W\d_]\.)(?:-?[^\W\d_]\.){0,3}")
_WORD = re.compile(
    r"[^\W\d_][^\W\d_'’.-]*(?:['’-][^\W\d_]+){0,3}(?:['’]s?)?"
    r"|(?=(?:[A-Z\d]*[A-Z]){2})[A-Z][A-Z\d]*\d[A-Z\d]*"  # an acronym with a digit: `W3C`, `G20`
)
# the end of a company's name, which a comma or `&` may stand before: `Digital Bazaar, Inc.`,
# `Vertrieb GmbH & Co. KG`
_COMPANY = frozenset(
    "inc inc. ltd ltd. llc plc corp corp. co co. kg ag gmbh bv b.v. nv n.v. sa s.a. se".split()
)
_MARKUP = "*_`\"“”„'‘’"  # emphasis, code and quotes around a title cited in the author's place
_TITLE = re.compile(
    r"\s*(?:(?P<mark>\*{1,2}|_|`)|[\"“„‘])(?P<title>[^\"“”„‘’*_`()]{1,200}?),?(?(mark)(?P=mark)|[\"”“’]),?\s*"
)
_SHORT_TITLE = re.compile(r",\s*(?:\"[^\"()]{1,200}\"|“[^“”()]{1,200}”|\*[^*()]{1,200}\*)\s*$")
_PARTICLE_WORDS = frozenset(word for particle in PARTICLES for word in particle.split()) - {"in"}
# lower-case words inside an organisation's name: `Centraal Bureau voor de Statistiek`
_JOINERS = _PARTICLE_WORDS | frozenset("voor of for für the on zur am im an bei del".split())
_AND = frozenset({"&", "and", "en", "und", "et", "y", "e"})
_ET_AL = re.compile(r"(?:et\s+al\.?|e\.\s?a\.|u\.\s?a\.|et\s+coll\.)$")
# words after which one capitalised word before a year is rather a thing or a place than an
# author: `het RIVM (2021)`, `in Utrecht (2019)`
_ARTICLES = frozenset("het de the die der das den dem le la el in te uit naar at im aus nach à".split())
# a dataset's or database's name (`GMPD2`, `EID2`, `HP3`): named before the author of a work
# (`(GMPD2, EID2, HP3 and Shaw, 2020)`), never a co-author
_DATASET = re.compile(r"[A-Z][A-Z\d-]*\d[A-Z\d-]*")
# an organisation's acronym before its name: `(GBIF: The Global Biodiversity Information Facility, 2021)`
_ACRONYM_COLON = re.compile(r"[A-Z][A-Z\d&-]{1,14}:")
_MOST_TOKENS = 40  # of a list of authors; a window holds about that many words

# Capitalised words that stand before a year without being authors.
# Words that open a sentence before a narrative citation: `Finally, Peikert & Brandmaier (2019)`.
ADVERBS = frozenset(
    """finally however moreover similarly thus also first second third therefore recently
    interestingly furthermore additionally notably indeed nevertheless hence consequently
    specifically importantly lastly overall accordingly alternatively likewise then next here
    further again still instead meanwhile conversely otherwise besides subsequently previously
    earlier later today currently traditionally historically generally typically critically
    crucially surprisingly unsurprisingly ultimately initially originally elsewhere together
    nonetheless namely admittedly arguably clearly evidently fortunately unfortunately
    remarkably strikingly incidentally broadly briefly relatedly separately similarly
    paradoxically theoretically empirically practically conceptually thereby regardless
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
    initials: bool = False  # initials after a name (`Jansen, P.`), as a reference list writes names


def _tokens(text: str) -> list[tuple[str, int]]:
    """The words, commas, `&` and bracketed abbreviations of `text`, with their offsets; the
    emphasis and quotes around a title in the author's place (`(*Bekämpfung des Drahtwurms*,
    2024)`, `("Sleep," 2020)`) are taken off; a company's `& Co.` stays in its name."""
    out: list[tuple[str, int]] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        bare = token.strip(_MARKUP)
        if not bare:
            continue
        start = match.start() + len(token) - len(token.lstrip(_MARKUP))
        if out and out[-1][0] == "&" and bare.casefold() in _COMPANY and len(out) > 1:
            out.pop()  # `GmbH & Co. KG`: the `&` is the company's
            bare = "&" + bare
        out.append((bare, start))
    return out


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper()


# words that are surnames too: one of several authors (`Winter et al.`, `Summer & Lee`, `Page et
# al.` of the PRISMA statement, `Stage and Hossler`) is one
_SEASON_NAMES = frozenset({"winter", "summer", "spring", "page", "stage"})


def _name(tokens: list[str], *, loose: bool = False, among: bool = False) -> str | None:
    """A name of several words as one string, or None when `tokens` are no name: particles
    first (`van der`), then capitalised words, lower-case joiners between them, an optional
    `[ABBR]` at the end; initials (`P.`) before the name are dropped. `loose` lets words be in
    lower case (a group's own spelling, `Redactie iot journal`, `electronicnotes`)."""
    while tokens and _INITIALS.fullmatch(tokens[0]) and len(tokens) > 1:
        tokens = tokens[1:]
    inner = [at for at, token in enumerate(tokens[:-1]) if _INITIALS.fullmatch(token)]
    if inner and inner[0] > 0 and inner[-1] + 3 >= len(tokens):
        first, last = inner[0], inner[-1]
        if all(token.casefold().strip("'’") in _PARTICLE_WORDS for token in tokens[:first]):
            # `da F. Costa`: a particle, then an initial of the family name as the list writes it
            name = _name(tokens[:first] + tokens[last + 1 :], loose=loose, among=among)
            return None if name is None else " ".join(tokens)
        if len(tokens[:first]) <= 3 and all(_is_capitalised(token) for token in tokens[:first]):
            # given names written out, as citeproc tells two authors apart: `Gregory F. Albery`
            tokens = tokens[last + 1 :]
    if not tokens or len(tokens) > 8:
        return None
    body = tokens[:-1] if tokens[-1].startswith("[") else tokens
    if not body:
        return None
    company = [word for word in body[1:] if word.lstrip("&").casefold() in _COMPANY]
    words = [word for word in body if word not in company]  # `Inc.`, `&Co.`: a company's ending
    index = 0
    while index < len(words) - 1 and words[index].casefold().strip("'’") in _PARTICLE_WORDS:
        index += 1  # `van der Berg`, `De Bruijn`, `d'Alembert` (as one token)
    head = words[index]
    not_name = head.casefold() in NOT_NAMES and not (among and head.casefold() in _SEASON_NAMES)
    if not _WORD.fullmatch(head) or not_name or not (loose or _is_capitalised(head)):
        return None
    for word in words[index + 1 :]:
        if not _WORD.fullmatch(word):
            return None
        if _is_capitalised(word):
            if word.casefold() in NOT_NAMES:
                return None
        elif word not in _JOINERS and (not loose or word.casefold() in NOT_NAMES):
            return None
    if not (loose or _is_capitalised(words[-1])):
        return None
    return " ".join(tokens).replace("&", "& ")


def _read(tokens: list[tuple[str, int]], *, loose: bool = False) -> _Authors | None:
    """The list of authors that `tokens` spell from first to last, or None (`loose`: names in
    lower case too)."""
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
    initials = False
    among = et_al is not None or any(word == "," or word in _AND for word in words)
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
                initials = True
                continue
            if names and all(part.lstrip("&").casefold() in _COMPANY for part in item):
                names[-1] = f"{names[-1]}, {' '.join(item)}"  # `Digital Bazaar, Inc.`
                item = []
                continue
            name = _name(item, loose=loose, among=among)
            if name is None:
                return None
            names.append(name)
            item = []
            continue
        item.append(word)
    if not names or (len(names) > 1 and any(_DATASET.fullmatch(name) for name in names)):
        return None
    first = names[0].split()[0].casefold()
    if len(names) > 1 and first in ADVERBS and " " not in names[0]:
        return None  # `Finally, Peikert & Brandmaier (2019)`: the adverb opens the sentence
    whole = " ".join(word for word, _ in tokens).replace(" ,", ",")
    return _Authors(tuple(names), et_al, connector, tokens[0][1], whole, initials)


def _leftmost(tokens: list[tuple[str, int]], *, loose: bool = False) -> tuple[int, _Authors] | None:
    """The leftmost token from which the tokens to the end read as a list of authors."""
    for index, (token, _) in enumerate(tokens):
        if token in (",", "&") or token.startswith("[") or token.casefold() in ADVERBS:
            continue
        if not (loose or _is_capitalised(token) or token.casefold().strip("'’") in _PARTICLE_WORDS):
            continue
        found = _read(tokens[index:], loose=loose)
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


def _group_with_lower_case(tokens: list[tuple[str, int]], index: int) -> str | None:
    """The words before the year read as one organisation's name with lower-case words in it
    (`Land schafft Leben`, a verb), when only the last words read as a name (`Leben`): which
    of the two the citation means is told by the bibliography."""
    start = 0
    while start < index and (tokens[start][0] == "," or tokens[start][0].casefold() in PREFIXES):
        start += 1  # `(see Land schafft Leben, o. J.)`
    if start >= index or not _is_capitalised(tokens[start][0]):
        return None
    found = _read(tokens[start:], loose=True)
    if found is None or len(found.names) != 1 or found.et_al is not None:
        return None
    return found.names[0]


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
            span = (0, paren.start(), paren.end())
            cites = _narrative(text, span, narrative, group + 1, abbreviations)
        else:
            cites = _parenthetical(text, content, paren, group + 1, abbreviations)
        if cites:
            group += 1
            found.extend(cites)
    return found


_CELL = re.compile(r"[^\S\n]*([^\n()]{1,300}?)[^\S\n]*$", re.MULTILINE)


def scan_cells(text: str, starts: list[int], group: int = 0) -> list[AuthorYear]:
    """The author-year citations that fill a table's cell without parentheses (`Sherwin et al.,
    1993` in a column of sources after a list of studies), read as the inside of a parenthesis;
    `starts`: where each cell stands in `text` (one line each). A cell with a parenthesis in it
    is left to `scan`."""
    found: list[AuthorYear] = []
    abbreviations: dict[str, str] = {}
    for start in starts:
        cell = _CELL.match(text, start)
        if cell is None or not _SINGLE_YEAR.search(cell.group(1)):
            continue
        cites = _parenthetical(text, cell.group(1), cell, group + 1, abbreviations)
        if cites:
            group += 1
            found.extend(cites)
    return found


def _narrative(
    text: str,
    span: tuple[int, int, int],
    years: re.Match[str],
    group: int,
    abbreviations: dict[str, str],
) -> list[AuthorYear]:
    """The names before a year in brackets: `span` is (where the names may start at the
    earliest, the opening bracket, the end of the closing one)."""
    earliest, opening, closing = span
    window_start = max(earliest, opening - 160)
    window = text[window_start:opening]
    cut = window_start > earliest
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
    if authors.initials:
        return []  # `Pargent, F., ... & Gaube, S. (2024). A tutorial`: a reference typed in the text
    if (
        index > 0
        and tokens[index - 1][0].casefold() in _ARTICLES
        and authors.names[0].isupper()
        and len(authors.names) > 1
    ):
        # `In addition to the DSST, Mallaroni et al. (2023)`: a thing the sentence names
        later = _leftmost(tokens[index + 1 :])
        if later is not None:
            index, authors = index + 1 + later[0], later[1]
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
    whole = " ".join(text[start:closing].split())
    traits = _traits(narrative=True, separator=None, connector=authors.connector, et_al=authors.et_al)
    return [
        AuthorYear(
            start,
            closing,
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


_YEAR_END = re.compile(rf"(?:{_YEAR_ONLY_FORMS})\s*$")
_COMMA = re.compile(r",\s+(?=[^\W\d_])")


def _works(content: str) -> list[tuple[str, int]]:
    """The works cited in a parenthesis, with their offsets in it: split at semicolons, and at a
    comma between a year and names with a year of their own, as ecology journals separate works
    (`(Scheuerell et al. 2009, Gosselin et al. 2018, e.g., Bowen et al. 2024)`); a locator after
    a comma stays (`(Smith 2009, Table 2)`, `(Smith 2009, p. 4)`)."""
    out: list[tuple[str, int]] = []
    offset = 0
    for part in content.split(";"):
        commas = [
            comma
            for comma in _COMMA.finditer(part)
            if _YEAR_END.search(part, 0, comma.start())
            and (_is_capitalised(part[comma.end() :]) or _prefix_word(part[comma.end() :]))
        ]
        start = 0
        for number, comma in enumerate(commas):
            stop = commas[number + 1].start() if number + 1 < len(commas) else len(part)
            if _reads_as_work(part[comma.end() : stop]):
                out.append((part[start : comma.start()], offset + start))
                start = comma.end()
        out.append((part[start:], offset + start))
        offset += len(part) + 1
    return out


def _prefix_word(text: str) -> bool:
    word = text.split(maxsplit=1)[0] if text.strip() else ""
    return word.rstrip(",").casefold() in PREFIXES


def _reads_as_work(text: str) -> bool:
    """True when `text` is names and a year, a word such as `e.g.` before them at most."""
    tail = _TAIL.search(text)
    if tail is None:
        return False
    tokens = _tokens(text[: tail.start()])
    names = _leftmost(tokens)
    return names is not None and all(
        token == "," or token.casefold() in PREFIXES for token, _ in tokens[: names[0]]
    )


def _named_before(prefix: list[str]) -> bool:
    """True when the words before the names are an organisation's acronym with a colon, and an
    article (`GBIF: The`): the start of the organisation's name as its list item gives it."""
    return (
        bool(prefix)
        and _ACRONYM_COLON.fullmatch(prefix[0]) is not None
        and all(word.casefold() in ("the", "a", "an") for word in prefix[1:])
    )


def _parenthetical(
    text: str, content: str, paren: re.Match[str], group: int, abbreviations: dict[str, str]
) -> list[AuthorYear]:
    out: list[AuthorYear] = []
    base = paren.start(1)
    whole = " ".join(paren.group().split())
    previous: AuthorYear | None = None
    for part, part_offset in _works(content):
        part_start = base + part_offset
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
            # APA: inside parentheses a narrative year stands in brackets, `(by Horst et al. [2020])`
            earliest = part_start
            for bracket in _BRACKETED_YEAR.finditer(text, part_start, part_start + len(part)):
                span = (earliest, bracket.start(), bracket.end())
                out.extend(_narrative(text, span, bracket, group, abbreviations))
                earliest = bracket.end()
            continue
        names_end = tail.start()
        short = _SHORT_TITLE.search(part, 0, names_end)
        if short is not None and short.start() > 0:
            # a short title after the names tells an author's works apart (MLA, Chicago's
            # author-title): `(Hubinger et al., "Sleeper Agents", 2024)`
            names_end = short.start()
        tokens = _tokens(part[:names_end])
        title = _TITLE.fullmatch(part, 0, tail.start())
        leftmost: tuple[int, _Authors] | None
        if title is not None:  # a work without author, cited by its title: `(“Sleep and memory,” 2020)`
            name = " ".join(title.group("title").split()).rstrip(",")
            at = title.start("title")
            leftmost = (0, _Authors((name,), None, None, at, name))
        else:
            leftmost = _leftmost(tokens)
        loose = leftmost is None
        if loose:  # a group's name in lower case (`Redactie iot journal`): a citation if it fits
            leftmost = _leftmost(tokens, loose=True)
        if leftmost is None:
            continue
        index, authors = leftmost
        prefix = [token for token, _ in tokens[:index] if token != ","]
        named = _named_before(prefix)
        odd_prefix = loose or any(
            word.casefold() not in PREFIXES and not _DATASET.fullmatch(word) for word in prefix
        )
        if named:  # `GBIF: The Global Biodiversity Information Facility`: one organisation
            odd_prefix = False
        # Chicago writes a comma before `n.d.` alone (`(Pfeiffer Vacuum, n.d.)` beside `(Busch 2024)`):
        # a comma before no date says nothing of the separator a document uses
        comma = "," in tail.group("sep")
        separator = None if comma and _SINGLE_DATED.search(tail.group("years")) is None else tail.group("sep")
        traits = _traits(
            narrative=False,
            separator=separator,
            connector=authors.connector,
            et_al=authors.et_al,
        )
        organisation = _organisation(authors, abbreviations)
        if named and len(authors.names) == 1 and authors.et_al is None:
            organisation = " ".join(part[tokens[0][1] : names_end].split()).rstrip(",")
        if organisation is None and not loose and odd_prefix:
            organisation = _group_with_lower_case(tokens, index)
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
