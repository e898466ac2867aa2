"""One item of a typed reference list, parsed into its parts: authors, year, title, container.

Format-neutral: it takes the text of one item (Markdown emphasis `*...*`, `<url>` and
backslash escapes allowed, as pandoc writes a rendered list) and its location, and returns
plain data. The styles read are APA 6 and 7 (with the Dutch and German adaptations: `z.d.`,
`o. J.`, `(Red.)`, `(Hrsg.)`, `blz.`, `S.`), Harvard and Chicago author-date:

    Hulshof, C., Bruijn, E. de, & Oud, M. (2021a). Titel. *Tijdschrift*, *12*(3), 45–67. https://doi.org/...
    Centraal Bureau voor de Statistiek [CBS]. (z.d.-a). *Titel*. Geraadpleegd van https://...
    Aho, Alfred V., Monica S. Lam, and Ravi Sethi. 2023. *Compilers*. Pearson.
    Smith, J. and Jones, K. (2020) 'Title', *Journal*, 12(3), pp. 45-67.

An item whose authors and year cannot be told apart is returned as `Unparsed` with the
reason: the caller reports it, nothing is guessed. Every pattern is bounded and the item
is scanned a fixed number of times, so the time grows linearly with its length.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from claimcite.load.names import PARTICLES
from claimcite.model import Location

_OPEN, _CLOSE = "\x01", "\x02"  # italic span markers in the cleaned text
_MARKS = re.compile("[\x01\x02]")


@dataclass(frozen=True, slots=True)
class Name:
    """One author or editor. A corporate author keeps its whole name in `family`."""

    family: str
    given: str = ""  # initials or given names, as written
    particle: str = ""  # `van der`, `de`, `von`
    suffix: str = ""  # `Jr.`
    corporate: bool = False
    abbreviation: str = ""  # `CBS` in `Centraal Bureau voor de Statistiek [CBS]`

    @property
    def full_family(self) -> str:
        """The family name with its particle: `van der Heijden`."""
        return f"{self.particle} {self.family}" if self.particle else self.family


@dataclass(frozen=True, slots=True)
class Reference:
    """A parsed item. `year` is empty for an undated or forthcoming work; `label` is the
    date as the list writes it (`2021a`, `z.d.-a`, `in press`), `suffix` its letter."""

    text: str
    location: Location
    authors: tuple[Name, ...]
    year: str
    suffix: str
    label: str
    undated: bool = False  # n.d., z.d., o. J.
    in_press: bool = False  # in press, ter perse, im Druck
    et_al: bool = False  # the author list is cut short (`et al.`, APA's `...`)
    editors_as_authors: bool = False  # `Jansen, P. (Red.). (2020).`
    editors: tuple[Name, ...] = ()
    title: str = ""
    container: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    publisher: str = ""
    edition: str = ""
    number: str = ""  # a report's number
    doi: str = ""
    url: str = ""
    type: str = "misc"  # article, book, incollection, techreport, phdthesis, mastersthesis, online, misc


@dataclass(frozen=True, slots=True)
class Unparsed:
    """An item that cannot be read as a reference, and why."""

    text: str
    location: Location
    reason: str


# --- dates -------------------------------------------------------------------------------

_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
# case matters: `n.d.` is no date, `N. D.` a person's initials
_NO_DATE = r"(?:[nzs]\.\s?[dj]\.?|o\.\s?J\.?|s\.\s?f\.?|nd|o\.\s?D\.?|s\.\s?a\.?|no date|ohne Jahr|sin fecha)"
_PRESS = r"(?i:in press|ter perse|in druk|im druck|sous presse|en prensa|forthcoming|in voorbereiding)"
_LABEL = (
    rf"(?P<NAME>{_YEAR}(?:\s?[/–-]\s?(?:{_YEAR}|\d\d))?[a-z]?"
    rf"|(?:{_NO_DATE}|{_PRESS})(?:\s?-\s?[a-z]\b|(?<=\.)[a-z]\b|(?<=e)\s[a-z](?=\)))?)"
)
_DATE = re.compile(
    # APA and Harvard: `(2021a)`, `(z.d.-b)`, `(2020, 3 maart)`; Chicago: `Sethi. 2023. Title`
    rf"\(\s?{_LABEL.replace('NAME', 'label')}\s?(?:,\s?[^()]{{1,40}})?\)"
    rf"|(?<=[.,]\s){_LABEL.replace('NAME', 'bare')}(?=[.,](?:\s|$))"
)
_LABEL_PARTS = re.compile(rf"(?P<year>{_YEAR})(?:\s?[/–-]\s?(?:{_YEAR}|\d\d))?(?P<suffix>[a-z])?$")


def _date(label: str) -> tuple[str, str, bool, bool]:
    """(year, suffix, undated, in press) of a date label."""
    label = " ".join(label.split())
    found = _LABEL_PARTS.match(label)
    if found:
        return found.group("year"), found.group("suffix") or "", False, False
    suffix = ""
    tail = re.search(r"(?:-\s?|(?<=\.)|(?<=date\s))([a-z])$", label)
    if tail:
        suffix = tail.group(1)
    press = re.match(_PRESS, label) is not None
    return "", suffix, not press, press


# --- cleaning ----------------------------------------------------------------------------

_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!&<>\"'$@|~^])")
_LINK = re.compile(r"\[([^\[\]]{0,500})\]\(<?([^()\s<>]{1,500})>?(?:\s\"[^\"]{0,200}\")?\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^\s<>]{1,1000})>")
_STRONG = re.compile(r"\*\*([^*]{1,1000})\*\*|__([^_]{1,1000})__")
_EMPHASIS = re.compile(
    r"(?<![\w*\\])\*(?=\S)([^*]{1,1000})(?<=\S)\*(?![\w*])|(?<![\w\\])_(?=\S)([^_]{1,1000})(?<=\S)_(?!\w)"
)
_HTML_ITALIC = re.compile(r"<(i|em)>([^<>]{0,1000})</\1>", re.IGNORECASE)
_SPAN = re.compile(r"\[([^\[\]]{0,500})\]\{[^{}]{0,200}\}")  # pandoc's `[apaTables]{.nocase}`
_DASHES = re.compile(r"(?<=[\w\s])---?(?=[\w\s])")
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
_SPACE = re.compile(r"\s+")


def _link(match: re.Match[str]) -> str:
    text, target = match.group(1), match.group(2)
    if target.startswith("#") or target in text or text.startswith(("http", "doi", "www")):
        return text
    return f"{text} <{target}>" if target.startswith(("http", "ftp")) else text


def clean(text: str) -> str:
    """The item as plain text with its italic spans marked (Markdown and HTML markup read)."""
    if "<" in text:
        text = _HTML_ITALIC.sub(lambda m: _OPEN + m.group(2) + _CLOSE, text)
        text = _AUTOLINK.sub(lambda m: " " + m.group(1) + " ", text)
    if "[" in text:
        text = _SPAN.sub(r"\1", text)
        text = _LINK.sub(_link, text)
    if "--" in text:
        text = _DASHES.sub(lambda m: "—" if len(m.group()) == 3 else "–", text)  # pandoc writes – as --
    if "<" in text:
        text = _TAG.sub("", text)
    if "*" in text or "_" in text:
        text = _STRONG.sub(lambda m: m.group(1) or m.group(2) or "", text)
        text = _EMPHASIS.sub(lambda m: _OPEN + (m.group(1) or m.group(2) or "") + _CLOSE, text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    if "&" in text:
        text = html.unescape(text)  # `&amp;`, `&nbsp;`: pandoc reads entities as their characters
    return _SPACE.sub(" ", text).strip()  # \s takes no-break and thin spaces too


def _plain(text: str) -> str:
    if _OPEN in text or _CLOSE in text:
        text = _MARKS.sub("", text)
    return _SPACE.sub(" ", text).strip() if "  " in text or "\n" in text or "\t" in text else text.strip()


# --- names -------------------------------------------------------------------------------

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſ"  # Latin capitals (and the Latin Extended-A block, both cases)
_INITIAL = rf"(?:[{_UPPER}](?:[a-zß-öø-ÿ]{{0,2}}\.|\.|(?=[\s-]|$))|[{_UPPER}]{{2,3}}(?=\s|$))"
_INITIALS = re.compile(rf"{_INITIAL}(?:\s?-\s?{_INITIAL}|\s?{_INITIAL}){{0,5}}")
_PARTICLE_WORDS = frozenset(w.strip("'") for p in PARTICLES for w in p.split())
_SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv", "jun", "sen"])
_WORD = re.compile(r"[^\W\d_][\w'’.‐‑-]*", re.UNICODE)
_CONNECTOR = re.compile(r"^(?:&|and|en|und|y|et|e|i)\s+", re.IGNORECASE)
_CONNECTOR_START = frozenset("&aeuyiAEUYI")
_SPLIT_CONNECTOR = re.compile(r"\s(?:&|and|en|und|y|et)\s", re.IGNORECASE)
_ET_AL = re.compile(
    r",?\s*(?:et\s?al\.?|e\.\s?a\.?|u\.\s?a\.?|and others|others|en anderen|und andere|et coll\.)$",
    re.IGNORECASE,
)
_ELLIPSIS = re.compile(r",?\s*(?:\.\s?\.\s?\.|…)\s*")
_ROLE = re.compile(
    r"\s*\((?:eds?|red|hrsg|hg|coord|dir|ed\.\s?&\s?trans)\.?\)\.?$|\s*,\s*(?:eds?|red|hrsg)\.?$",
    re.IGNORECASE,
)
_ABBREVIATION = re.compile(r"^(?P<name>.+?)\s?[\[(](?P<abbr>[^\s\[\]()]{2,15}(?:\s[^\s\[\]()]{1,8})?)[\])]$")
# the abbreviation in brackets before the name, as agronomy and ecology journals write it:
# `[USDA] US Department of Agriculture`
_LEADING_ABBREVIATION = re.compile(r"^\[(?P<abbr>[A-Z][A-Z&-]{1,14})\]\s?(?P<name>[^\[\]]+)$")
# ... or after a dash: `National Agricultural Statistics Service -USDA-NASS`
_DASHED_ABBREVIATION = re.compile(
    r"^(?P<name>.{3,}?\s)[-–—]\s?(?P<abbr>[A-Z][A-Z&]{1,7}(?:-[A-Z][A-Z&]{1,7})?)$"
)
# Words that name an institution, not a person: `Ministerie van VWS, Directie Jeugd` is one author.
_INSTITUTION = re.compile(
    r"\b(?:ministerie|ministry|ministerium|department|departement|instituut|institute|institut|stichting"
    r"|foundation|stiftung|bureau|centrum|centre|center|zentrum|raad|council|rat|universiteit|university"
    r"|universität|hogeschool|college|organi[sz]ation|organisatie|association|vereniging|verband|verein"
    r"|society|gesellschaft|agency|agentschap|commission|commissie|kommission|office|amt|bundesamt|gemeente"
    r"|municipality|provincie|board|committee|group|groep|network|netwerk|consortium|team|collaboration"
    r"|contributors|developers|project|corporation|company|inc|ltd|gmbh|bv|nv|kennisplatform|platform"
    r"|inspectie|inspectorate|directie|directorate|autoriteit|authority|overheid|government|regering"
    r"|bundesregierung|parliament|parlement|kamer|tweede kamer|eerste kamer|nations|union|unie|bank)\b",
    re.IGNORECASE,
)
_PERSONAL_HINT = re.compile(rf",\s?{_INITIAL}")
# a name as Vancouver (ICMJE) and Springer write it: the family name (a word, or two capitalised
# ones, `Östlund Farrants`; a particle before it may be), a suffix, then up to four initials in
# capitals without dots (hyphenated as the given names are: `Stensløkken K-O`), and Springer's
# particle after them (`Groot LC de`, `Walden F von`)
_PARTICLES_RE = r"van|von|der|den|de|da|dos|das|du|di|del|della|la|le"
_VANCOUVER = re.compile(
    rf"(?P<particle>(?:(?:{_PARTICLES_RE})\s+){{0,3}})"
    r"(?P<family>[^\W\d_]+(?:['’-][^\W\d_]+)*(?:\s(?!(?:Jr|Sr|II|III|IV)\s)(?-i:[A-ZÀ-Þ])[^\W\d_]+(?:['’-][^\W\d_]+)*)?)"
    r"(?:\s+(?P<suffix>Jr|Sr|II|III|IV))?\s+(?P<initials>[A-Z](?:-?[A-Z]){0,3})"
    rf"(?:\s+(?P<after>(?:{_PARTICLES_RE})(?:\s+(?:der|den|la))?))?"
)


# given names written out, then an initial: `Gregory F.`, `Mary Ann K.`
_GIVEN_THEN_INITIAL = re.compile(r"(?:[^\W\d_][^\W\d_'’-]+\s){1,3}[^\W\d_]\.")


def _capitalised(word: str) -> bool:
    head = word.lstrip("'’(")
    return bool(head) and (head[0].isupper() or head[:2] in {"d'", "l'", "d’", "l’"})


def _is_initials(token: str) -> tuple[str, str] | None:
    """(initials, trailing particle) when `token` is initials, as `J. J.` or `J. van der`."""
    words = token.split()
    particle: list[str] = []
    while words and words[-1].casefold() in _PARTICLE_WORDS and words[-1][:1].islower():
        particle.insert(0, words.pop())
    core = " ".join(words)
    if core and _INITIALS.fullmatch(core):
        return core, " ".join(particle)
    return None


def _split_family(words: list[str]) -> tuple[str, str] | None:
    """(particle, family) of a family name's words, or None when they are not one."""
    index = 0
    while index < len(words) - 1 and words[index].casefold().strip("'’") in _PARTICLE_WORDS:
        index += 1
    rest = words[index:]
    if not rest or len(rest) > 3 or not all(_WORD.fullmatch(w) for w in rest):
        return None
    if _INITIALS.fullmatch(rest[-1]):
        return None  # `M.` is an initial, not a family name
    inner = {"y", "e", "i", *_PARTICLE_WORDS}  # `López de Molina`, `Ortega y Gasset`
    if (
        not _capitalised(rest[0])
        or not _capitalised(rest[-1])
        or any(w[:1].islower() and w not in inner for w in rest[1:])
    ):
        return None
    return " ".join(words[:index]), " ".join(rest)


def _family(token: str) -> tuple[str, str] | None:
    words = token.split()
    if not words or len(words) > 5 or any(c.isdigit() for c in token):
        return None
    return _split_family(words)


def _given_names(token: str) -> tuple[str, str] | None:
    """(given names, trailing particle) of given names written out (`Alfred V.`, `IJsbrand
    Jan`, `Susan van`), as Chicago writes the first author; None when `token` is not that."""
    words = token.split()
    particle: list[str] = []
    while len(words) > 1 and words[-1].casefold().strip("'’") in _PARTICLE_WORDS and words[-1][:1].islower():
        particle.insert(0, words.pop())
    if 0 < len(words) <= 4 and all(
        (_WORD.fullmatch(w) and _capitalised(w)) or _INITIALS.fullmatch(w) for w in words
    ):
        return " ".join(words), " ".join(particle)
    return None


def _given_first(token: str) -> Name | None:
    """`Monica S. Lam`, `M. S. Lam`, `Caspar J. Van Lissa`: given names, then the family name."""
    words = token.split()
    if len(words) < 2 or len(words) > 6 or any(c.isdigit() for c in token):
        return None
    for cut in range(1, len(words)):
        given, family = words[:cut], words[cut:]
        if not all((_WORD.fullmatch(w) and _capitalised(w)) or _INITIALS.fullmatch(w) for w in given):
            return None
        split = _split_family(family)
        if split is not None and (split[0] or len(family) == 1):
            return Name(split[1], " ".join(given), split[0])
    return None


def _corporate(token: str) -> Name | None:
    token = token.strip(" ,.")
    if not token or len(token) > 200 or not any(c.isalpha() for c in token):
        return None
    words = token.split()
    # a group that writes its name in lower case: one word (`electronicnotes`, `iRobot`), or
    # words of which one is capitalised (`de Volkskrant`); lower-case words alone are prose
    lower = not (token[0].isupper() or token[0].isdigit())
    if lower and len(words) > 1 and not any(word[:1].isupper() for word in words[1:]):
        return None
    found = (
        _ABBREVIATION.match(token) or _LEADING_ABBREVIATION.match(token) or _DASHED_ABBREVIATION.match(token)
    )
    if found and any(c.isupper() for c in found.group("abbr")):
        return Name(found.group("name").strip(" ,"), corporate=True, abbreviation=found.group("abbr"))
    return Name(token, corporate=True)


def _tokens(block: str) -> list[tuple[str, bool]]:
    """The parts of a name list split at commas and connectors; True for a part after `&`/`and`."""
    parts: list[tuple[str, bool]] = []
    for part in block.split(","):
        pieces = _SPLIT_CONNECTOR.split(part)
        for number, piece in enumerate(pieces):
            stripped = piece.strip()
            if stripped[:1] in _CONNECTOR_START:
                stripped = _CONNECTOR.sub("", stripped)
            parts.append((stripped.strip(), number > 0 or stripped != piece.strip()))
    return [(p, joined) for p, joined in parts if p]


def _persons(
    tokens: list[tuple[str, bool]], *, given_first: bool = False, institutional: bool = True
) -> list[Name] | None:
    """A list of persons (with corporate members, as `RStudio`), or None when it is not one.
    With `given_first`, the first name may be written `E. Editor` too (as editors are)."""
    names: list[Name] = []
    persons = 0
    index = 0
    while index < len(tokens):
        token = tokens[index][0]
        following, joined = tokens[index + 1] if index + 1 < len(tokens) else (None, False)
        initials = _is_initials(following) if following is not None and not joined else None
        # a word of an institution's name is a surname too when initials follow it: `Bank, R. C.`
        institution = (
            institutional
            and _INSTITUTION.search(token) is not None
            and (initials is None or " " in token.strip())
        )
        family = _family(token) if not institution else None
        if family is not None and following is not None and initials is not None:
            names.append(Name(family[1], initials[0], " ".join(filter(None, (family[0], initials[1])))))
            index += 2
        elif (
            family is not None
            and following is not None
            # the first author as Chicago writes it; a later one where an initial shows the given
            # names written out (citeproc's disambiguation: `Gibb, R., Albery, Gregory F., et al.`)
            and (not names or _GIVEN_THEN_INITIAL.fullmatch(following) is not None)
            and not joined
            and not (institutional and _INSTITUTION.search(following))
            and (given := _given_names(following)) is not None
        ):
            particle = " ".join(filter(None, (family[0], given[1])))
            names.append(
                Name(family[1], given[0], particle)
            )  # Chicago: `Aho, Alfred V.`, `Rooyen, Susan van`
            index += 2
        elif names and token.casefold().rstrip(".") in _SUFFIXES:
            last = names.pop()
            names.append(Name(last.family, last.given, last.particle, token, last.corporate))
            index += 1
            continue
        elif names and not names[-1].corporate and (bare := _is_initials(token)) is not None and not bare[1]:
            last = names.pop()  # Chicago: `Levelt, Willem, J. M.`, the first author's middle initials
            names.append(Name(last.family, f"{last.given} {token}".strip(), last.particle, last.suffix))
            index += 1
            continue
        elif (names or given_first) and not institution and (person := _given_first(token)) is not None:
            names.append(person)
            index += 1
        else:
            # a corporate member among persons (`RStudio`, `R Foundation`) must look like one:
            # a lone `Jones` is a person whose initials are missing
            words = token.split()
            looks = institution or len(words) > 1 or token.isupper() or any(c.isupper() for c in token[1:])
            corporate = _corporate(token) if names and looks else None
            if corporate is None or len(words) > 6:
                return None
            names.append(corporate)
            index += 1
            continue
        persons += 1
    return names if persons else None


def parse_names(block: str, *, given_first: bool = False) -> tuple[tuple[Name, ...], bool] | None:
    """The names of an author or editor list and whether it is cut short; None if unreadable.
    With `given_first`, names may be written given name first throughout (`E. Editor & F. Editor`)."""
    block = _plain(block).strip(" ,;")
    et_al = False
    tail = max(0, len(block) - 20)  # `et al.` and its kin stand at the end
    found = _ET_AL.search(block, tail)
    if found:
        et_al = True
        block = block[: found.start()].strip(" ,")
    if ("..." in block or ". ." in block or "…" in block) and _ELLIPSIS.search(block):
        et_al = True
        block = _ELLIPSIS.sub(", ", block)
    if not block:
        return None
    tokens = _tokens(block)
    initials_after = [_VANCOUVER.fullmatch(token) for token, _ in tokens]
    # Vancouver's and Springer's `Alves GS, da Cunha JPAR, Byrd Jr JD`; a family name in
    # capitals (`US EPA`) is an organisation's
    if all(m is not None and not m.group("family").isupper() for m in initials_after):
        return tuple(
            Name(
                m.group("family"),
                m.group("initials").replace("-", ""),
                " ".join(
                    part for part in (m.group("particle") or "", m.group("after") or "") if part
                ).strip(),
                m.group("suffix") or "",
            )
            for m in initials_after
            if m is not None
        ), et_al
    institutional = _INSTITUTION.search(block) is not None
    persons = (
        _persons(tokens, given_first=given_first, institutional=institutional)
        if len(tokens) > 1 or given_first
        else None
    )
    if persons is not None:
        return tuple(persons), et_al
    if _PERSONAL_HINT.search(block) and not _ABBREVIATION.match(block):
        return None  # looks like `Family, I.` but does not read as a list of persons
    corporate = _corporate(block)
    return ((corporate,), et_al) if corporate is not None else None


def _author_block(prefix: str) -> tuple[str, bool]:
    """The author part before the date, without its closing period; and whether it names editors."""
    block = prefix.rstrip()
    role = _ROLE.search(block)
    if role:
        return block[: role.start()].rstrip(" ,."), True
    if block.endswith(".") and len(block) > 1:
        before = block[:-1]
        last = before.split()[-1] if before.split() else ""
        plain_last = _MARKS.sub("", last)
        if not _INITIALS.fullmatch(plain_last) or (plain_last.isupper() and len(plain_last) > 3):
            block = before
    return block.rstrip(" ,"), False


# --- the rest: title, container, numbers, links ------------------------------------------

_DOI = re.compile(
    r"(?:https?://(?:dx\.)?doi\.org/|\bdoi:\s?|\bDOI:?\s?|\bdoi\s)(?P<doi>10\.\d{4,9}/[^\s<>\"]{1,300})",
    re.IGNORECASE,
)
_URL = re.compile(r"(?:https?|ftp)://[^\s<>\"]{1,1000}|\bwww\.[^\s<>\"]{1,1000}")
_ACCESS = re.compile(
    r"\b(?:retrieved|accessed|geraadpleegd|abgerufen|zugriff|consulté|recuperado|available|beschikbaar"
    r"|verfügbar|online verfügbar|last accessed)\b[^\x00]{0,120}?(?=\x00|$)",
    re.IGNORECASE,
)
_ACCESS_NOTE = re.compile(
    r"[(\[](?:accessed|geraadpleegd|abgerufen|zugegriffen|consulté|online)[^()\[\]]{0,80}[)\]]", re.IGNORECASE
)
_ORIGINAL = re.compile(
    r"\((?:original work published|oorspronkelijk verschenen|Originalarbeit)[^()]{0,40}\)", re.I
)
_QUOTES = {"“": "”", '"': '"', "‘": "’", "'": "'", "„": '“"', "«": "»", "‚": "‘'"}
_DESCRIPTOR = re.compile(r"\s?(?:\((?P<round>[^()]{1,120})\)|\[(?P<square>[^\[\]]{1,120})\])")
_ABBREVIATIONS = frozenset(
    "vs e.g i.e vol no nr dr st ed eds red hrsg ca cf vgl bzw usw etc u.s u.k inc co ltd jr sr pp blz"
    " bd jg aufl dept univ".split()
)
_EDITION = re.compile(r"\d+(?:st|nd|rd|th|e|\.)?\s?(?:ed\.?|edition|editie|druk|Aufl\.?|Auflage|éd\.?)", re.I)
_REPORT = re.compile(
    r"\b(?:report|rapport|[\w-]*rapport|technical report|working paper|discussion paper|policy brief|bericht"
    r"|arbeitsbericht|notitie|factsheet|white paper|memorandum)\b",
    re.IGNORECASE,
)
_THESIS = re.compile(
    r"(?P<kind>doctoral dissertation|dissertation|ph\.?\s?d\.? thesis|proefschrift|doctoral thesis"
    r"|master'?s thesis|masterscriptie|masterarbeit|diplomarbeit|bachelor'?s thesis|scriptie)",
    re.IGNORECASE,
)
_GENRE = re.compile(
    r"(?:^|(?<=\.\s))(?:report|technical report|working paper|discussion paper|press release|policy brief"
    r"|rapport|onderzoeksrapport|notitie|factsheet|bericht|arbeitspapier|white paper)\.(?:\s|$)",
    re.IGNORECASE,
)
_PAGES_NOTE = re.compile(r"^(?:pp?\.|blz\.|S\.|p\.|pag\.)\s?(?P<pages>[\w]+(?:\s?[-–—]\s?[\w]+)?)$")
_CHAPTER = re.compile(r"^[Ii]n:?\s")
_EDITORS_ROLE = re.compile(r"\((?:eds?|red|hrsg|hg|coord|dir)\.?\)|,\s?(?:eds?|red|hrsg)\.(?=\s|,|$)", re.I)
_EDITED_BY = re.compile(
    r",?\s?(?:edited by|ed\. by|herausgegeben von|hrsg\. von|onder redactie van|red\.)\s", re.IGNORECASE
)
_NUMBERS = re.compile(
    r"(?:^|,\s?|\s)(?:vol\.\s?|jg\.\s?|bd\.\s?)?(?P<volume>\d{1,5}[A-Za-z]?)(?:\s?\((?P<issue>[^()]{1,20})\))?"
    r"(?:\s?[,:]\s?(?:pp?\.\s?|S\.\s?|blz\.\s?)?(?P<pages>(?:article\s|artikel\s)?[A-Za-z]?\d+[A-Za-z]?"
    r"(?:\s?[-–—]\s?[A-Za-z]?\d+)?))?\s?(?:[.,;]|$)",
    re.IGNORECASE,
)
_PAGES_ONLY = re.compile(
    r"(?:^|,\s?)(?:pp?\.\s?|S\.\s?|blz\.\s?)?(?P<pages>\d+\s?[-–—]\s?\d+|(?:article|artikel)\s\w+)\s?(?:[.,;]|$)",
    re.IGNORECASE,
)
_PLACE = re.compile(r"^[^:,.]{2,40}:\s")


_ONLINE = re.compile(r"\[online\]", re.IGNORECASE)


def _links(rest: str) -> tuple[str, str, str]:
    """(rest without links and access notes, DOI, URL)."""
    doi = ""
    found = _DOI.search(rest)
    if found:
        doi = _trim_link(found.group("doi"))
        rest = (
            rest[: found.start()]
            + "\x00"
            + rest[found.start() + len(found.group()) - len(found.group("doi")) + len(doi) :]
        )
    url = ""
    first = _URL.search(rest)
    if first:
        url = _trim_link(first.group())
        rest = _URL.sub(lambda m: "\x00" + m.group()[len(_trim_link(m.group())) :], rest)
    if url or doi:  # `Retrieved from`, `Geraadpleegd op ... van` stand before a link
        rest = _ACCESS.sub("", rest)
    if "(" in rest or "[" in rest:
        rest = _ACCESS_NOTE.sub("", rest)
        rest = _ORIGINAL.sub("", rest)
        rest = _ONLINE.sub("", rest)
    rest = rest.replace("\x00", " ")
    return _SPACE.sub(" ", rest).strip(" ,;"), doi, url


def _trim_link(link: str) -> str:
    link = _MARKS.sub("", link)
    while link and link[-1] in ".,;:>'\"”’*":
        link = link[:-1]
    while link.endswith(")") and link.count(")") > link.count("("):
        link = link[:-1]
    return link


def _sentence_end(text: str, start: int = 0) -> int:
    """The offset just past the first sentence of `text` from `start`, or -1 when it is all one."""
    depth = 0
    italic = False
    for index in range(start, len(text)):
        char = text[index]
        if char == _OPEN:
            italic = True
        elif char == _CLOSE:
            italic = False
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char in ".?!" and depth == 0 and not italic:
            after = text[index + 1 : index + 2]
            if after not in {" ", ""}:
                continue
            if char == "." and _is_abbreviation(text, index):
                continue
            return index + 1
    return -1


_ORDINAL_BEFORE = re.compile(r"\b\d+(?:st|nd|rd|th|e|\.)?\s$")


def _is_abbreviation(text: str, dot: int) -> bool:
    start = dot
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "(\x01\x02":
        start -= 1
    word = _MARKS.sub("", text[start:dot]).casefold()
    if word in {"ed", "aufl", "druk"} and _ORDINAL_BEFORE.search(text, max(0, start - 12), start):
        return False  # `3rd ed.` ends a sentence: the edition closes the title
    return (len(word) == 1 and word.isalpha() and text[start].isupper()) or word in _ABBREVIATIONS


_IN_COLON = re.compile(r",\s[Ii]n:\s")
_TRAILING_EDITION = re.compile(
    r",\s(\d+(?:st|nd|rd|th|e|\.)?\s?(?:ed\.?|edition|editie|druk|Aufl\.?|Auflage))$", re.I
)


def _title(rest: str) -> tuple[str, str, str]:
    """(title, what follows it, how it was marked: 'italic', 'quoted' or '')."""
    rest = rest.lstrip(" .,:")
    if rest.startswith(_OPEN):
        close = rest.find(_CLOSE)
        if close > 0:
            title = rest[1:close]
            after = rest[close + 1 :]
            # an italic title may run on in the same sentence: `*Title* (2nd ed.).`
            return title.strip(), after, "italic"
    if rest[:1] in _QUOTES:
        closing = _QUOTES[rest[0]]
        pattern = re.compile("[" + re.escape(closing) + r"](?=[.,:;?!]?(?:\s|$))")
        found = pattern.search(rest, 1)
        if found:
            return rest[1 : found.start()].strip().rstrip(",."), rest[found.end() :], "quoted"
    end = _sentence_end(rest)
    chapter = _IN_COLON.search(rest)
    if chapter and (
        end < 0 or chapter.start() < end
    ):  # Elsevier's Harvard: `Title, in: E. Editor (Eds.), Book.`
        return rest[: chapter.start()].strip(), rest[chapter.start() + 1 :], ""
    if end < 0:
        return rest.strip(), "", ""
    italic = rest.find(_OPEN)
    if italic > end:
        # a plain title before an italic name (APA's article in its journal, a chapter in its
        # book) runs up to the last sentence end before that name: `Bypass or engage? Explaining
        # ... *Journal*`, `Uncertainties. II. Exploring ... *A&A*`
        while True:
            following = _sentence_end(rest, end)
            if following < 0 or following > italic or _CHAPTER.match(rest[end:].lstrip()):
                break
            end = following
    return rest[:end].strip(), rest[end:], ""


def _descriptors(text: str) -> tuple[str, list[str]]:
    """`text` with its leading bracketed descriptors (`(2nd ed.)`, `[Rapport]`) taken off, and them."""
    found: list[str] = []
    while True:
        match = _DESCRIPTOR.match(text)
        if match is None:
            return text, found
        found.append(match.group("round") or match.group("square") or "")
        text = text[match.end() :]


def _trailing_descriptors(title: str) -> tuple[str, list[str]]:
    """A plain title's trailing descriptors: `Titel (Rapport 2021-12) [Factsheet]`."""
    found: list[str] = []
    title = title.rstrip(" .")
    while title.endswith((")", "]")):
        opening = "(" if title.endswith(")") else "["
        start = title.rfind(opening)
        if start <= 0:
            break
        found.insert(0, title[start + 1 : -1])
        title = title[:start].rstrip(" .")
    return title, found


@dataclass
class _Parts:
    title: str = ""
    container: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    publisher: str = ""
    edition: str = ""
    number: str = ""
    type: str = ""
    editors: tuple[Name, ...] = ()


def _read_descriptors(parts: _Parts, descriptors: list[str]) -> None:
    for descriptor in descriptors:
        text = descriptor.strip()
        pages = _PAGES_NOTE.match(text)
        thesis = _THESIS.search(text)
        if pages:
            parts.pages = pages.group("pages")
        elif _EDITION.search(text):
            parts.edition = text
        elif thesis:
            kind = thesis.group("kind").casefold()
            parts.type = (
                "mastersthesis" if "master" in kind or "diplom" in kind or "bachelor" in kind else "phdthesis"
            )
            school = text[thesis.end() :].strip(" ,")
            if school:
                parts.publisher = school
        elif _REPORT.search(text) or re.match(r"(?:no|nr)\.\s?\S", text, re.IGNORECASE):
            parts.type = "techreport"
            number = re.search(r"(?:no\.|nr\.|number)?\s?([\w./-]*\d[\w./-]*)\s*$", text, re.IGNORECASE)
            if number:
                parts.number = number.group(1)
        elif re.match(r"(?:vol|bd|deel|band)\.?\s", text, re.IGNORECASE):
            parts.volume = text.split(None, 1)[1] if len(text.split()) > 1 else ""


def _publisher(text: str) -> str:
    """The publisher of what is left after the title: `Utrecht: Movisie.` is Movisie."""
    text = _plain(text).strip(" .,;")
    if not text or len(text) > 200:
        return ""
    place = _PLACE.match(text)
    if place:
        text = text[place.end() :]
    return text.strip(" .,;")


def _chapter(parts: _Parts, after: str) -> None:
    """`In E. Editor & F. Editor (Eds.), *Book* (pp. 1–10). Publisher.` and its Chicago and Harvard forms."""
    parts.type = "incollection"
    body = _CHAPTER.sub("", after.lstrip(), count=1)
    role = _EDITORS_ROLE.search(body)
    if role and role.start() < 600:
        names = parse_names(body[: role.start()].strip(" ,"), given_first=True)
        if names is not None:
            parts.editors = names[0]
        body = body[role.end() :].lstrip(" ,.")
    book, following, _marked = _title(body)
    edited = _EDITED_BY.search(book)
    if edited:  # Chicago: `In *Book*, edited by E. Editor, 12–34.`
        book = book[: edited.start()]
    book, notes = _trailing_descriptors(book)
    following, more = _descriptors(following)
    _read_descriptors(parts, notes + more)
    if edited and not parts.editors:
        names_text = _plain(after[after.find(edited.group()) + len(edited.group()) :])
        names_text = re.split(r",\s?(?:pp?\.\s?)?\d|\.\s", names_text, maxsplit=1)[0]
        names = parse_names(names_text, given_first=True)
        if names is not None:
            parts.editors = names[0]
        pages = re.search(r"(?:pp?\.\s?)?(\d+\s?[-–]\s?\d+)", after[after.find(edited.group()) :])
        if pages and not parts.pages:
            parts.pages = pages.group(1)
    parts.container = _plain(book).strip(" ,.")
    pages = re.search(r"(?:pp?\.|S\.|blz\.)\s?(\d+\s?[-–]\s?\d+)", following)
    if pages and not parts.pages:
        parts.pages = pages.group(1)
        following = following[: pages.start()] + following[pages.end() :]
    parts.publisher = _publisher(following)


def _article(parts: _Parts, after: str, *, loose: bool = False) -> bool:
    """`*Journal*, *12*(3), 45–67.` (APA), `*Journal* 23 (3): 244–47.` (Chicago), `Journal, 12(3), pp. 45-67.`
    With `loose` (a quoted title, or a plain title before an italic name, as articles are
    written), the container alone is enough: `“Title.” *Journal*, December.`"""
    text = after.lstrip(" .,")
    if text.startswith(_OPEN):
        close = text.find(_CLOSE)
        if close < 0:
            return False
        container, tail = text[1:close], text[close + 1 :]
    else:
        # plain text: the container runs up to the first volume number (or, loosely, its sentence)
        found = re.search(r",?\s\d", text)
        end = _sentence_end(text)
        if found is not None and (end < 0 or found.start() < end):
            container, tail = text[: found.start()], text[found.start() :]
        elif loose:
            stop = min(x for x in (text.find(", "), end if end > 0 else len(text), len(text)) if x >= 0)
            container, tail = text[:stop], text[stop:]
        else:
            return False
    tail = _plain(tail)
    numbers = _NUMBERS.match(tail)
    pages_only = _PAGES_ONLY.match(tail) if numbers is None else None
    if numbers is None and pages_only is None and not loose:
        return False
    container = _plain(container).strip(" ,.")
    if not container or len(container) > 300:
        return False
    parts.type = "article"
    parts.container = container
    if numbers is not None:
        parts.volume = numbers.group("volume") or ""
        parts.issue = numbers.group("issue") or ""
        parts.pages = numbers.group("pages") or ""
    elif pages_only is not None:
        parts.pages = pages_only.group("pages")
    return True


def _rest(rest: str, *, has_url: bool) -> _Parts:
    parts = _Parts()
    title, after, marked = _title(rest)
    if not marked:
        title, notes = _trailing_descriptors(title)
    else:
        notes = []
    after, more = _descriptors(after)
    _read_descriptors(parts, notes + more)
    parts.title = _plain(title).strip(" ,.")
    edition = _TRAILING_EDITION.search(parts.title)
    if edition:  # `The theory of probability, 3rd ed.`
        parts.edition = parts.edition or edition.group(1)
        parts.title = parts.title[: edition.start()]
    after = after.strip(" .,;")
    if _CHAPTER.match(after):
        _chapter(parts, after)
        return parts
    if parts.type:  # a thesis or a report said so
        if not parts.publisher:
            parts.publisher = _publisher(after)
        return parts
    genre = _GENRE.search(after)
    if genre:  # `Working paper.`, `Report.`, `Press release.` standing alone after the title
        parts.type = "techreport"
        parts.publisher = _publisher(after[: genre.start()] + after[genre.end() :])
        return parts
    if after and _article(parts, after, loose=marked == "quoted" or (not marked and after.startswith(_OPEN))):
        return parts
    parts.publisher = _publisher(after)
    if parts.publisher or marked == "italic" or parts.edition:
        parts.type = "book" if parts.publisher or parts.edition else ("online" if has_url else "book")
    else:
        parts.type = "online" if has_url else "misc"
    return parts


# --- the item ----------------------------------------------------------------------------


_REPRINT = re.compile(rf"\s({_YEAR}[a-z]?)(?=[.,](?:\s|$))")
_REPEATED = re.compile(r"[—–_-]{2,}|—")  # Chicago's `———.`: the authors of the item before


def parse_reference(text: str, location: Location, previous: tuple[Name, ...] = ()) -> Reference | Unparsed:
    """Parse one item of a reference list; `Unparsed` with a reason when it cannot be read.
    `previous` are the authors of the item before, for an item that repeats them as `———.`"""
    item = clean(text)
    if not item:
        return Unparsed(text, location, "the item is empty")
    if len(item) > 5000:
        return Unparsed(text, location, "the item is longer than 5,000 characters")
    date = None
    for candidate in _DATE.finditer(item):
        if candidate.start() > 0:
            date = candidate
            break
    if date is None:
        return Unparsed(text, location, "no year, `n.d.` or `in press` after the authors")
    prefix = item[: date.start()]
    block, editors = _author_block(prefix)
    if not _plain(block):
        return Unparsed(text, location, "no authors before the year")
    if _REPEATED.fullmatch(_plain(block)):
        if not previous:
            return Unparsed(text, location, "it repeats the authors of the item before it, which has none")
        names: tuple[tuple[Name, ...], bool] | None = (previous, False)
    else:
        names = parse_names(block)
    if names is None:
        return Unparsed(text, location, f"cannot read the authors {_plain(block)!r}")
    authors, et_al = names
    label = " ".join((date.group("label") or date.group("bare")).split())
    reprint = _REPRINT.match(item, date.end()) if date.group("label") else None
    if reprint:  # Chicago: `(1966) 1969.`, the original year, then this edition's
        label, date = reprint.group(1), reprint
    year, suffix, undated, in_press = _date(label)
    rest, doi, url = _links(item[date.end() :])
    parts = _rest(rest, has_url=bool(url or doi))
    if editors and parts.type in {"misc", "online"}:
        parts.type = "book"
    return Reference(
        text=_plain(item),
        location=location,
        authors=authors,
        year=year,
        suffix=suffix,
        label=label,
        undated=undated,
        in_press=in_press,
        et_al=et_al,
        editors_as_authors=editors,
        editors=parts.editors,
        title=parts.title,
        container=parts.container,
        volume=parts.volume,
        issue=parts.issue,
        pages=parts.pages,
        publisher=parts.publisher,
        edition=parts.edition,
        number=parts.number,
        doi=doi,
        url=url,
        type=parts.type or "misc",
    )


# --- lists of the author's own making ------------------------------------------------------

# a date as such lists give it: `2015`, `13-02-2015`, `(ICML 2023)`, `n.d.` after a comma
_FREE_DATE = re.compile(
    rf"(?:(?<=[\s,(])|^)(?:\d{{1,2}}[-./]\d{{1,2}}[-./])?(?P<year>{_YEAR})(?![\d-])"
    rf"|(?<=,\s)(?P<undated>{_NO_DATE})(?=[\s,.]|$)"
)
_QUOTED = re.compile(r"[\"“„«][^\"“”„«»]{1,500}[\"”“»]")
_FREE_GAP = re.compile(r"[\s,.:;]*(?:[\"“„«][^\"“”„«»]{1,500}[\"”“»][\s,.]*)?(?:\([^()]{0,100})?")


def parse_free_form(text: str, location: Location) -> Reference | Unparsed:
    """Read an item of a list typed in no style a guide describes, as a reader does: the names
    before the first comma that is not between names, a title in quotes or up to the next
    comma, and the first date after the names (`Marshall, A.L, Owen, N, 06-04-2004, Title,
    ...`; `Kirchenbauer, J. et al., "A Watermark" (ICML 2023)`). For a list that does not read
    as APA, Harvard or Chicago; `Unparsed` where no names or no date can be told."""
    item = clean(text)
    if not item or len(item) > 5000:
        return Unparsed(text, location, "the item is empty or too long")
    quoted = _QUOTED.search(item)
    date = next(
        (d for d in _FREE_DATE.finditer(item) if not (quoted and quoted.start() <= d.start() < quoted.end())),
        None,
    )
    if date is None:
        return Unparsed(text, location, "no year or `n.d.` in the item")
    end = min(date.start(), quoted.start() if quoted else len(item))
    # at most 60 names (`Family, I.` twice each): the reading stays linear in the item
    commas = [*[index for index, char in enumerate(item[:end]) if char == ","][:120], end]
    names: tuple[tuple[Name, ...], bool] | None = None
    for stop in reversed(commas):  # the longest run of leading parts that reads as names
        block = item[:stop].strip(" ,")
        if block and not any(char.isdigit() for char in block):
            names = parse_names(block)
            if names is not None:
                break
    # the date follows the names, after the title in quotes and a venue in brackets at most
    if names is None or not _FREE_GAP.fullmatch(item, stop, date.start()):
        return Unparsed(text, location, "no authors followed by a year")
    authors, et_al = names
    label = " ".join(date.group().split())
    year, suffix, undated, in_press = _date(date.group("year") or label)
    if quoted:
        title = quoted.group()[1:-1].strip(" ,.")
    else:
        title = item[date.end() :].strip(" ,.").split(",")[0].strip()
    label = label if undated else year
    return Reference(
        _plain(item), location, authors, year, suffix, label, undated, in_press, et_al, title=title
    )
