"""An entry against a registry's record: do title, first author, year and journal agree?

Tolerant of what is not an error: case, diacritics, LaTeX and markup, punctuation, a
subtitle that one side leaves out, a `RETRACTED:` prefix that a publisher put before the
title, a journal written as its abbreviation (`J. Am. Chem. Soc.`, `PNAS`), the family and
given names of the first author swapped, and a year one later than every registered date
(journals often print a year after they publish online). What differs after that is a
mismatch worth a look.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz

from claimcite.load.names import fold, name_keys, source_year
from claimcite.load.tex import decode_latex, surnames
from claimcite.model import Mismatch, RegistryRecord, Source

TITLE_MATCH = 90.0  # rapidfuzz ratio of folded titles at which they are one title
NAME_MATCH = 85.0
JOURNAL_MATCH = 85.0
_SUBTITLE = re.compile(r"\s*(?::|\?|!|\.\s|\s[-–—]\s)\s*")
_NOTICE_PREFIX = re.compile(
    r"^\s*(?:retracted|withdrawn|retraction|removed|expression of concern)(?:\s+article)?\s*[:.–—-]\s*",
    re.IGNORECASE,
)
_STOP = frozenset("of the and for in on a an de des du la le der die das und fur et".split())


def entry_title(source: Source) -> str | None:
    """The entry's title as plain text: LaTeX decoded, braces gone."""
    raw = source.fields.get("title", "").strip()
    if not raw:
        return None
    return " ".join(decode_latex(raw).split()) or None


def _folded(text: str) -> str:
    return fold(_NOTICE_PREFIX.sub("", text).replace("&", " and "))


def _main(text: str) -> str:
    """The title before its subtitle."""
    return _SUBTITLE.split(text, maxsplit=1)[0]


def title_score(title: str, record: RegistryRecord) -> float:
    """How alike (0-100) a title and a record's are; 100 for one that only leaves out the
    other's subtitle (but not for one with another subtitle)."""
    if not record.title:
        return 0.0
    registered = f"{record.title}: {record.subtitle}" if record.subtitle else record.title
    full, mine = _folded(registered), _folded(title)
    if mine == full and mine:
        return 100.0  # the common case, without the work below
    short = _folded(record.title if record.subtitle else _main(record.title))
    mine_short = _folded(_main(title))
    pairs = [(mine, full)]
    if mine == mine_short:  # the entry has no subtitle: the record's may be left out
        pairs.append((mine, short))
    if full == short:  # the record has no subtitle: the entry's may be added
        pairs.append((mine_short, full))
    if any(a == b and a for a, b in pairs):
        return 100.0
    return max(fuzz.ratio(a, b) for a, b in pairs)


def titles_agree(title: str, record: RegistryRecord) -> bool:
    return title_score(title, record) >= TITLE_MATCH


def _first_author(source: Source) -> str | None:
    """The first author's surname (von part and last name), as written."""
    names = surnames(source.names.get("author", ""))
    if not names or names[0] == "others":
        return None
    return names[0] or None


def authors_agree(source: Source, record: RegistryRecord) -> bool | None:
    """Whether the first authors are one person by family name; None when one side has none."""
    name = _first_author(source)
    if name is None or record.first_author is None:
        return None
    mine = set(name_keys(name))
    theirs = set(name_keys(record.first_author))
    if record.first_given:
        theirs |= set(name_keys(record.first_given))  # family and given names swapped
    if mine & theirs:
        return True
    words = set(fold(name).split())
    registered = set(fold(f"{record.first_author} {record.first_given or ''}").split())
    if words & registered - _STOP:
        return True  # a double name cited by one of its parts
    keys = [k for k in mine if k]
    return any(fuzz.ratio(key, other) >= NAME_MATCH for key in keys for other in theirs if other)


def years_agree(source: Source, record: RegistryRecord) -> bool | None:
    year = source_year(source)
    if year is None or not record.years:
        return None
    value = int(year)
    return value in record.years or value == max(record.years) + 1


def _entry_journal(source: Source) -> str | None:
    if source.type != "article":
        return None
    raw = source.fields.get("journal") or source.fields.get("journaltitle") or ""
    text = decode_latex(raw).strip()
    return text if text and "\\" not in text else None


def _abbreviates(short: list[str], full: list[str]) -> bool:
    """Each word of `short`, in order, begins a word of `full` (`j am chem soc`)."""
    position = 0
    for word in short:
        while position < len(full) and not full[position].startswith(word):
            position += 1
        if position == len(full):
            return False
        position += 1
    return True


def _journal_agrees(mine: str, theirs: str) -> bool:
    a, b = fold(mine.replace("&", " and ")), fold(theirs.replace("&", " and "))
    if a == b or fuzz.ratio(a, b) >= JOURNAL_MATCH:
        return True
    wa = [w for w in a.split() if w not in _STOP]
    wb = [w for w in b.split() if w not in _STOP]
    if not wa or not wb:
        return False
    if _abbreviates(wa, wb) or _abbreviates(wb, wa):
        return True
    for acronym, words in ((wa, wb), (wb, wa)):  # PNAS, JAMA, NEJM
        if len(acronym) == 1 and 2 <= len(acronym[0]) <= 8:
            initials = "".join(word[0] for word in words)
            if initials.startswith(acronym[0]):
                return True
    return False


def journals_agree(source: Source, record: RegistryRecord) -> bool | None:
    journal = _entry_journal(source)
    if journal is None or not record.containers:
        return None
    return any(_journal_agrees(journal, container) for container in record.containers)


def compare(source: Source, record: RegistryRecord) -> tuple[Mismatch, ...]:
    """The fields in which an entry and the record of its DOI differ."""
    found: list[Mismatch] = []
    title = entry_title(source)
    if title and record.title and not titles_agree(title, record):
        shown = f"{record.title}: {record.subtitle}" if record.subtitle else record.title
        found.append(Mismatch("title", title, shown))
    if authors_agree(source, record) is False:
        found.append(Mismatch("first author", _first_author(source) or "", record.first_author or ""))
    if years_agree(source, record) is False:
        years = "/".join(str(y) for y in record.years)
        found.append(Mismatch("year", source_year(source) or "", years))
    if journals_agree(source, record) is False:
        found.append(Mismatch("journal", _entry_journal(source) or "", record.containers[0]))
    return tuple(found)


def fits(source: Source, record: RegistryRecord) -> bool:
    """Whether a search result is the entry's work: the title agrees, and the first author or
    the year does (both, for a title of three words or fewer, which many works share)."""
    title = entry_title(source)
    if not title or not titles_agree(title, record):
        return False
    author, year = authors_agree(source, record), years_agree(source, record)
    if len(_folded(title).split()) <= 3:
        return author is not False and year is not False and (author or year) is True
    return author is not False or year is not False


def best(
    source: Source, records: Iterable[RegistryRecord]
) -> tuple[RegistryRecord | None, RegistryRecord | None]:
    """The first record that fits the entry, and else the one whose title comes closest."""
    title = entry_title(source) or ""
    closest: tuple[float, RegistryRecord] | None = None
    for record in records:
        if fits(source, record):
            return record, None
        score = title_score(title, record)
        if closest is None or score > closest[0]:
            closest = (score, record)
    return None, closest[1] if closest else None
