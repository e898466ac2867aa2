"""A local Retraction Watch database (the CSV that Crossref publishes, `retraction_db` in the
config): retractions, corrections, expressions of concern and reinstatements by the DOI of the
original paper, and by its title and authors for entries without a DOI. Works without network.

Columns used: Title, Author (names separated by `;`), RetractionDate, RetractionDOI,
OriginalPaperDOI, RetractionNature.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field

from claimcite.errors import ConfigError
from claimcite.files import read_bytes
from claimcite.files.contain import Area
from claimcite.load.names import fold, name_keys
from claimcite.model import Notice

SOURCE = "Retraction Watch"
_NATURES = {
    "retraction": "retraction",
    "correction": "correction",
    "expression of concern": "expression_of_concern",
    "reinstatement": "reinstatement",
}
_REQUIRED = ("OriginalPaperDOI", "RetractionNature")
_NO_DOI = frozenset({"", "unavailable", "na", "n/a", "none", "0"})


@dataclass
class RetractionIndex:
    """Notices by the original paper's DOI (lower case), and by its folded title with the
    surname keys of its authors."""

    by_doi: dict[str, list[Notice]] = field(default_factory=dict)
    by_title: dict[str, list[tuple[frozenset[str], Notice]]] = field(default_factory=dict)

    def for_doi(self, doi: str) -> tuple[Notice, ...]:
        return tuple(self.by_doi.get(doi.lower(), ()))

    def for_title(self, title: str, first_author: str | None) -> tuple[Notice, ...]:
        """Notices of a work with this title whose author list names this first author."""
        if first_author is None:
            return ()
        mine = set(name_keys(first_author))
        return tuple(notice for authors, notice in self.by_title.get(fold(title), ()) if mine & authors)


def _date(value: str) -> str | None:
    """`2/2/2010 0:00` (the export's form) or `2010-02-02` as YYYY-MM-DD."""
    text = value.strip().split(" ")[0]
    for pattern in ("%m/%d/%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    return None


def _author_keys(authors: str) -> frozenset[str]:
    """Surname keys of `Andrew J Wakefield;Simon H Murch`: the last word of each name."""
    keys: set[str] = set()
    for name in authors.split(";"):
        words = name.replace(",", " ").split()
        if words:
            keys.update(name_keys(words[-1]))
            keys.update(name_keys(words[0]))  # a name written family first
    return frozenset(keys)


def read_index(rows: Iterable[dict[str, str]]) -> RetractionIndex:
    index = RetractionIndex()
    for row in rows:
        nature = _NATURES.get((row.get("RetractionNature") or "").strip().lower())
        if nature is None:
            continue
        notice_doi = (row.get("RetractionDOI") or "").strip()
        notice = Notice(
            kind=nature,
            label=(row.get("RetractionNature") or "").strip(),
            source=SOURCE,
            doi=notice_doi.lower() if notice_doi.lower() not in _NO_DOI else None,
            date=_date(row.get("RetractionDate") or ""),
        )
        doi = (row.get("OriginalPaperDOI") or "").strip().lower()
        if doi not in _NO_DOI:
            index.by_doi.setdefault(doi, []).append(notice)
        title = fold(row.get("Title") or "")
        if title:
            index.by_title.setdefault(title, []).append((_author_keys(row.get("Author") or ""), notice))
    return index


def load_retractions(path: str, root: str, area: Area) -> RetractionIndex:
    """The Retraction Watch CSV at `path`, read where `area` admits it (inside the root, or in
    a folder the user trusts). A file that is missing, refused or not such a CSV stops the run
    (exit 2): a check that says nothing about retractions must not look as if it had found none."""
    shown = os.path.relpath(path, root) if os.path.commonpath([path, root]) == root else path
    if not os.path.lexists(path):
        raise ConfigError(f"retraction_db {shown}: no such file")
    try:
        data = read_bytes(path, area)
    except OSError as error:
        raise ConfigError(f"retraction_db {shown}: not read: {error.strerror or error}") from None
    text = data.decode("utf-8-sig", errors="replace")
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        fields = reader.fieldnames or []
        missing = [name for name in _REQUIRED if name not in fields]
        if missing:
            raise ConfigError(
                f"retraction_db {shown} is not a Retraction Watch CSV: it has no {', '.join(missing)} column"
            )
        return read_index(reader)
    except csv.Error as error:
        raise ConfigError(f"retraction_db {shown} is not a readable CSV file: {error}") from None
