"""Field values that are not well formed: DOI, ISBN, ISSN, year, pages, month, URL."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

from claimcite.model import Location, Project, Severity
from claimcite.options import Options
from claimcite.rules.base import Violation, rule

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$|^10/[A-Za-z0-9]+$")
_YEAR = re.compile(r"^\d{4}(?:\s*(?:--?|–|/)\s*(?:\d{4}|\d{2}|\\ldots|\.\.\.)?)?$")
_REMARK = re.compile(r"\([^()]*\)|\\textbackslash\{\}r|\\r")
_ISSN_LIKE = re.compile(r"^\d{4}-?\d{3}[\dXx]$")
_PAGE_RANGE = re.compile(r"^(\d+)\s*(?:-{1,3}|–|—)\s*(\d+)$")
_MONTHS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec januari februari maart mei juni juli augustus
    oktober januar februar märz juni juli oktober dezember janvier février mars avril mai juin
    juillet août septembre octobre novembre décembre spring summer autumn fall winter""".split()
)
_URL_SCHEMES = frozenset({"http", "https", "ftp", "ftps"})


def _unbraced(value: str) -> str:
    """A value without the braces that enclose it whole (`{{038788145X}}`: BibTeX's protection of
    case, which leaves the text as it is)."""
    value = value.strip()
    while value.startswith("{") and value.endswith("}") and _closing(value) == len(value) - 1:
        value = value[1:-1].strip()
    return value


def _closing(value: str) -> int:
    """The offset of the brace that closes the one at offset 0."""
    depth = 0
    for index, char in enumerate(value):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0:
            return index
    return -1


def _doi(value: str) -> str | None:
    core = _DOI_PREFIX.sub("", value.strip())
    if _DOI.match(core):
        return None
    return f"DOI {value!r} is not well formed: a DOI reads 10.<registrant>/<suffix>, as 10.1000/xyz123"


def _isbn_ok(digits: str) -> bool:
    if not digits.isascii():  # `²` is a digit to isdigit() and none to int()
        return False
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] in "Xx"):
        total = sum((10 - i) * int(d) for i, d in enumerate(digits[:9]))
        total += 10 if digits[9] in "Xx" else int(digits[9])
        return total % 11 == 0
    if len(digits) == 13 and digits.isdigit() and digits.startswith(("978", "979")):
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits))
        return total % 10 == 0
    return False


def _parts(value: str) -> list[str]:
    """The identifiers of a field that may hold several: remarks such as `(print)` and
    Mendeley's `\\r` left out, split at commas, semicolons and white space between them."""
    text = _REMARK.sub(" ", value)
    return [
        part
        for part in re.split(r"[,;]|\s+(?=(?:ISBN|\d|[Xx]\b))", text, flags=re.IGNORECASE)
        if part.strip()
    ]


def _isbn(value: str) -> str | None:
    for part in _parts(value):
        digits = re.sub(r"(?i)^\s*isbn(?:-1[03])?:?\s*|[\s-]", "", part)
        if not digits or _isbn_ok(digits):
            continue
        shown = part.strip()
        if _ISSN_LIKE.match(shown) or _ISSN_LIKE.match(digits):
            return f"isbn {shown!r} looks like an ISSN (a journal's number): move it to the issn field"
        if _DOI_PREFIX.sub("", shown).startswith("10."):
            return f"isbn {shown!r} is a DOI: move it to the doi field"
        return (
            f"ISBN {shown!r} is not a valid ISBN-10 or ISBN-13: its check digit does not match "
            "(copy it from the book or a library catalogue)"
        )
    return None


def _issn(value: str) -> str | None:
    for part in _parts(value):
        digits = re.sub(r"[\s-]", "", part)
        if not digits:
            continue
        ascii_digits = digits.isascii() and digits[:7].isdigit()  # `²` is a digit to isdigit() only
        if len(digits) == 8 and ascii_digits and (digits[7].isdigit() or digits[7] in "Xx"):
            total = sum((8 - i) * int(d) for i, d in enumerate(digits[:7]))
            total += 10 if digits[7] in "Xx" else int(digits[7])
            if total % 11 == 0:
                continue
        return f"ISSN {part.strip()!r} is not valid: an ISSN reads 1234-5679, its last digit a check digit"
    return None


# What APA and its Dutch, German, French and Spanish adaptations print for a work without a
# date or not yet out: a deliberate value, not a malformed year.
_NO_DATE = re.compile(
    r"^(?:n\.\s?d|z\.\s?d|z\.\s?j|o\.\s?j|o\.\s?d|s\.\s?f|s\.\s?d)\.?(?:-[a-z])?$"
    r"|^(?:no date|undated|in press|forthcoming|ter perse|im druck|sous presse|en prensa)$",
    re.IGNORECASE,
)


def _year(value: str) -> str | None:
    if _YEAR.match(value.strip()) or _NO_DATE.match(value.strip()):
        return None
    return f"year {value!r} is not a year: write four digits (2021), or a range (2020--2021)"


def _pages(value: str) -> str | None:
    for part in re.split(r"\s*,\s*", value.strip()):
        match = _PAGE_RANGE.match(part)
        if match is None:
            continue
        first, last = match.groups()
        # `123--45` is 123 to 145 written short; a range whose end has as many digits and is
        # smaller runs backwards
        # a page number of 5,000 digits is no page, and more than int() will read
        if len(last) >= len(first) and len(last) <= 18 and int(last) < int(first):
            return f"pages {part!r} run backwards: write the first page first ({last}--{first}?)"
    return None


def _month(value: str) -> str | None:
    text = value.strip().casefold().rstrip(".")
    if text in _MONTHS or (text.isdecimal() and len(text) <= 2 and 1 <= int(text) <= 12):
        return None
    if all(word.strip(".") in _MONTHS for word in re.split(r"\s*(?:-{1,2}|–|/|\s)\s*", text) if word):
        return None  # `jan--feb`, `June/July`
    return f"month {value!r} is not a month: write its name (jan, or January) or its number (1-12)"


def _url(value: str) -> str | None:
    for part in value.split():
        parts = urlsplit(part.strip("<>"))
        if parts.scheme.lower() not in _URL_SCHEMES or not parts.netloc:
            return f"URL {part!r} is not a full address: it needs a scheme and a host, as https://example.org/page"
    return None


CHECKS: dict[str, Callable[[str], str | None]] = {
    "doi": _doi,
    "isbn": _isbn,
    "issn": _issn,
    "year": _year,
    "pages": _pages,
    "month": _month,
    "url": _url,
}


@rule(code="CC404", name="malformed-field", severity=Severity.WARNING)
def malformed_field(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags a DOI, ISBN, ISSN, year, page range, month or URL that is not well
    formed: a DOI that does not read `10.<registrant>/<suffix>` (a `doi:`
    prefix, a doi.org address and a shortDOI `10/abc` are fine), an ISBN-10 or
    ISBN-13 or ISSN whose check digit does not match, a year that is not four
    digits or a range, pages that run backwards (`45--12`; `123--45`, the short
    form of 123-145, is fine), a month that is no month, a URL without scheme
    or host. The message says what a well-formed value looks like.

    ## Why is this bad?
    Links that lead nowhere, sorting that breaks (biber needs a numeric year),
    and a reader who cannot find the work from its identifier.

    ## Example
    ```bib title="references.bib"
    @book{lee2016,
      author = {Lee, Min},
      title = {Community work},
      publisher = {Sage},
      year = {2016},
      isbn = {0-306-40615-3}
    }
    ```

    Use instead:
    ```bib title="references.bib"
    @book{lee2016,
      author = {Lee, Min},
      title = {Community work},
      publisher = {Sage},
      year = {2016},
      isbn = {0-306-40615-2}
    }
    ```
    """
    for bibliography in project.bibliographies:
        for entry in bibliography.entries:
            if entry.broken:
                continue
            for name, check in CHECKS.items():
                value = _unbraced(entry.fields.get(name, ""))
                if not value or (name != "url" and "?" in value):
                    continue  # empty, or marked unknown (`????`): nothing to judge
                message = check(value)
                if message:
                    where = entry.location
                    if name in entry.at:  # on the field's own line, where the format tells
                        where = Location(where.path, entry.at[name])
                    yield Violation(where, f"{entry.key!r}: {message}", key=entry.key)
