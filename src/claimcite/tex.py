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

from pybtex.bibtex.utils import split_name_list
from pybtex.database import Person as PybtexPerson

from claimcite.model import Person

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


@functools.lru_cache(maxsize=65536)
def parse_names(value: str) -> tuple[Person, ...]:
    """The persons of a BibTeX name list (`Koçak, Yasemin and de Bruijn, Els`), with pybtex's
    rules for first / von / last / jr, decoded to Unicode."""
    persons = []
    for name in split_name_list(value):
        parsed = PybtexPerson(name)
        persons.append(
            Person(
                first=decode_latex(" ".join(parsed.first_names + parsed.middle_names)),
                von=decode_latex(" ".join(parsed.prelast_names)),
                last=decode_latex(" ".join(parsed.last_names)),
                jr=decode_latex(" ".join(parsed.lineage_names)),
            )
        )
    return tuple(persons)


_AND = re.compile(r"\s+and\s+", re.IGNORECASE)


@functools.lru_cache(maxsize=65536)
def surnames(value: str) -> tuple[str, ...]:
    """The surnames (von part and last name, `de Bruijn`) of a BibTeX name list, in order;
    `others` for `and others`. The plain forms `Last, First` and `First von Last` are split
    here without pybtex, which matters on large bibliographies; names with braces or
    LaTeX go through `parse_names`."""
    if "{" in value or "\\" in value:
        return tuple("others" if p.is_others else f"{p.von} {p.last}".strip() for p in parse_names(value))
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
