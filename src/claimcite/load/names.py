"""Names and titles as matching compares them: folded case and diacritics, particles dropped."""

from __future__ import annotations

import functools
import re
import unicodedata

from claimcite.model import Source

PARTICLES = (
    "van der",
    "van den",
    "van de",
    "van 't",
    "von der",
    "von dem",
    "de la",
    "de los",
    "van",
    "von",
    "vom",
    "zu",
    "zum",
    "de",
    "der",
    "den",
    "del",
    "della",
    "di",
    "da",
    "das",
    "dos",
    "du",
    "des",
    "la",
    "le",
    "ten",
    "ter",
    "te",
    "op",
    "in 't",
    "'t",
    "d'",
    "l'",
)
_PARTICLES = sorted({tuple(w.strip("'") for w in p.split()) for p in PARTICLES}, key=len, reverse=True)
_PARTICLE_START = frozenset(particle[0] for particle in _PARTICLES)
_YEAR = re.compile(r"(1[5-9]\d\d|20\d\d)")


def fold(text: str) -> str:
    """Case, diacritics and punctuation folded away: `Koçak` and `kocak` are one."""
    if text.isascii():
        stripped = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", " ", stripped.casefold().replace("ß", "ss")).strip()


@functools.lru_cache(maxsize=131072)
def name_key(name: str) -> str:
    """A surname as matching sees it: folded, leading particles dropped, spaces removed."""
    words = fold(name).split()
    while len(words) > 1 and words[0] in _PARTICLE_START:
        for particle in _PARTICLES:
            size = len(particle)
            if len(words) > size and tuple(words[:size]) == particle:
                words = words[size:]
                break
        else:
            break
    return "".join(words)


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def source_year(source: Source) -> str | None:
    """The year of an entry: its `year`, else the year of its `date`; None when undated."""
    for name in ("year", "date"):
        match = _YEAR.search(source.fields.get(name, ""))
        if match:
            return match.group(1)
    return None


def name_keys(name: str) -> tuple[str, ...]:
    """The keys a surname is found under: folded, and with German umlauts written out
    (`Schäfer` is also `Schaefer`, as German writes it without umlauts)."""
    plain = name_key(name)
    if not any(char in name for char in "äöüÄÖÜ"):
        return (plain,)
    spelled = name_key(name.translate(_UMLAUTS))
    return (plain,) if spelled == plain else (plain, spelled)


_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def doi_key(value: str) -> str:
    """A DOI as it compares: without `https://doi.org/` or `doi:`, case folded (DOIs ignore case)."""
    return _DOI_PREFIX.sub("", value.strip()).casefold()
