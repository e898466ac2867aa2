"""BibTeX text as Unicode: LaTeX decoded (`Ko{\\c{c}}ak` is Koçak), name lists split into persons.

The common accents and letters are decoded here with one regular expression
(fast: a bibliography has tens of thousands of names); whatever is left with a
backslash goes through latexcodec, which pybtex already depends on.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import re
import unicodedata

from claimcite.model import Person, Source

# accent command -> combining character
_ACCENTS = {
    "`": "\u0300",
    "'": "\u0301",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    "u": "\u0306",
    ".": "\u0307",
    '"': "\u0308",
    "r": "\u030a",
    "H": "\u030b",
    "v": "\u030c",
    "d": "\u0323",
    "c": "\u0327",
    "k": "\u0328",
    "b": "\u0331",
}
_LETTERS = {
    "i": "ı",
    "j": "ȷ",
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "ss": "ß",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "&": "&",
    "%": "%",
    "$": "$",
    "#": "#",
    "_": "_",
    "{": "{",
    "}": "}",
}

# \c{c}  \c c  \"{o}  \"o  \'{\i}
_ACCENT_RE = re.compile(
    r"""\\([`'^~=."]|[uvrHdckb](?![A-Za-z]))\s*(?:\{\s*(\\[ij]\b\s*|[^{}\\])\s*\}|(\\[ij]\b\s*|[^\s{}\\]))"""
)
_LETTER_RE = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|[ijoOlL])(?![A-Za-z])\s*(?:\{\})?|\\([&%$#_{}])")


def _accent(match: re.Match[str]) -> str:
    base = (match.group(2) or match.group(3) or "").strip()
    if base.startswith("\\"):
        base = base[1:]  # \i and \j under an accent are plain i and j
    return unicodedata.normalize("NFC", base + _ACCENTS[match.group(1)])


def _letter(match: re.Match[str]) -> str:
    return _LETTERS[match.group(1) or match.group(2)]


@functools.lru_cache(maxsize=65536)
def decode_latex(text: str) -> str:
    """Plain Unicode for a BibTeX value: accents decoded, grouping braces and `~` removed."""
    if "\\" in text:
        text = _ACCENT_RE.sub(_accent, text)
        text = _LETTER_RE.sub(_letter, text)
        if "\\" in text:
            import latexcodec  # noqa: F401  (registers the "ulatex" codec; imported when first needed)

            # latexcodec on odd input: keep the text as it is
            with contextlib.suppress(ValueError, TypeError, IndexError, KeyError):
                text = str(codecs.decode(text, "ulatex"))  # type: ignore[call-overload]
    if "{" in text or "}" in text:
        text = text.replace("{", "").replace("}", "")
    if "~" in text:
        text = text.replace("~", " ")
    if "--" in text:
        text = text.replace("---", "\u2014").replace("--", "\u2013")
    return text


_SPLITTERS: dict[str, re.Pattern[str]] = {}


def split_top(value: str, separator: str) -> list[str]:
    """`value` split where the regular expression `separator` stands outside braces, the parts
    stripped: as BibTeX splits a name list at ` and ` and a name at its commas, in one pass
    (pybtex's own splitting copies the rest of the text at every brace: quadratic time)."""
    pattern = _SPLITTERS.get(separator)
    if pattern is None:
        pattern = _SPLITTERS[separator] = re.compile(rf"(\{{)|(\}})|{separator}")
    parts: list[str] = []
    depth = start = 0
    for match in pattern.finditer(value):
        if match.group(1):
            depth += 1
        elif match.group(2):
            depth = max(depth - 1, 0)
        elif depth == 0:
            parts.append(value[start : match.start()].strip())
            start = match.end()
    parts.append(value[start:].strip())
    return parts


LONGEST_NAME = 1000  # characters: longer is no name but a field that ran on (`{Beta, Bob,` ...)
_NAME_PARTS = frozenset({"family", "given", "prefix", "suffix"})
_KEY_VALUE = re.compile(r"([A-Za-z][\w-]*)\s*=\s*(.*)", re.DOTALL)


def _unbraced(text: str) -> str:
    text = text.strip()
    return text[1:-1] if text.startswith("{") and text.endswith("}") else text


def extended_name(name: str) -> Person | None:
    """A name in biber's extended format (`family=Bruijn, given=Els, prefix=de`), or None."""
    return _extended(split_top(name, ",")) if "=" in name else None


def _extended(parts: list[str]) -> Person | None:
    fields: dict[str, str] = {}
    for part in parts:
        found = _KEY_VALUE.fullmatch(part)
        if found is None:
            return None
        fields[found.group(1).lower()] = _unbraced(found.group(2))
    if not fields.keys() & {"family", "given"} or not fields.keys() & _NAME_PARTS:
        return None
    return Person(
        first=decode_latex(fields.get("given", "")),
        von=decode_latex(fields.get("prefix", "")),
        last=decode_latex(fields.get("family", "")),
        jr=decode_latex(fields.get("suffix", "")),
    )


def commas_in(name: str) -> int:
    """How many commas stand outside braces in one name."""
    return len(split_top(name, ",")) - 1


def _person(name: str) -> Person:
    extended = extended_name(name)
    if extended is not None:
        return extended
    parts = split_top(name, ",")
    if len(name) > LONGEST_NAME or name.count("{") > 100:
        return Person(last=decode_latex(name))  # no name: kept whole, never split brace by brace
    if len(parts) > 3:  # `Beta, Bob, title = ...`: what BibTeX makes of it, without pybtex's error
        name = ", ".join([*parts[:2], " ".join(parts[2:])])
    from pybtex.database import Person as PybtexPerson  # here: `rules` and a warm run need no pybtex
    from pybtex.exceptions import PybtexError

    try:
        parsed = PybtexPerson(name)
    except PybtexError:  # pybtex closes an unclosed brace its own way: such a name is kept whole
        return Person(last=decode_latex(name))
    return Person(
        first=decode_latex(" ".join(parsed.first_names + parsed.middle_names)),
        von=decode_latex(" ".join(parsed.prelast_names)),
        last=decode_latex(" ".join(parsed.last_names)),
        jr=decode_latex(" ".join(parsed.lineage_names)),
    )


@functools.lru_cache(maxsize=65536)
def parse_names(value: str) -> tuple[Person, ...]:
    """The persons of a BibTeX name list (`Koçak, Yasemin and de Bruijn, Els`), with pybtex's
    rules for first / von / last / jr, decoded to Unicode; biber's extended format
    (`family=Bruijn, given=Els, prefix=de`) too. Never raises: a name with too many commas is
    read as BibTeX reads it (the loader reports it)."""
    return tuple(_person(name) for name in split_top(value, r" [Aa][Nn][Dd] ") if name)


_AND = re.compile(r"\s+and\s+", re.IGNORECASE)


def _accents_only(value: str) -> str | None:
    """`value` decoded to Unicode where its braces and commands only spell letters (`Ko{\\c{c}}ak`,
    `M{\\"u}ller`, `{\\'e}`: BibTeX's special characters, each one letter), so that it splits
    into names as plain text does; None where a group protects words (`{Centraal Bureau voor de
    Statistiek}`, `{van} Leeuwen`), a command stands outside braces or one is left after
    decoding, which only pybtex's rules split as BibTeX does."""
    if "=" in value:
        return None
    depth = 0
    for index, char in enumerate(value):
        if char == "{":
            if depth == 0 and value[index + 1 : index + 2] != "\\":
                return None  # a group of its own, not a special character (`{\\"u}`)
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == "\\" and depth == 0:
            return None  # `\\'{E}mile`: BibTeX takes the case of the letter after, as pybtex does
    decoded = decode_latex(value)
    if any(char in decoded for char in "{}\\"):
        return None
    return decoded


@functools.lru_cache(maxsize=65536)
def surnames(value: str) -> tuple[str, ...]:
    """The surnames (von part and last name, `de Bruijn`) of a BibTeX name list, in order;
    `others` for `and others`. The plain forms `Last, First` and `First von Last` are split
    here without pybtex, which matters on large bibliographies; names with braces or
    LaTeX go through `parse_names`."""
    if "{" in value or "\\" in value or "=" in value:  # braces, LaTeX, biber's `family=`
        decoded = _accents_only(value)
        if decoded is None:  # a protected group (`{Centraal Bureau}`) splits as pybtex splits it
            return tuple("others" if p.is_others else f"{p.von} {p.last}".strip() for p in parse_names(value))
        value = decoded
    out: list[str] = []
    for name in _AND.split(value.strip()):
        name = name.strip()
        if not name:
            continue
        if "," in name:
            head = name.split(",", 1)[0].split()
        else:
            words = name.split()
            lower = [i for i, word in enumerate(words[:-1]) if word[:1].islower()]
            head = words[lower[0] :] if lower else words[-1:]
        out.append(" ".join(head))
    return tuple(out)


def persons(source: Source) -> dict[str, tuple[Person, ...]]:
    """The name lists of an entry (`author`, `editor`, ...) parsed into persons."""
    return {role: parse_names(value) for role, value in source.names.items()}
