"""Each citation resolved to one bibliography entry, or told why not.

Keys resolve when a bibliography the citation refers to defines them. Author-year
citations are matched on the first author's surname and the year: insensitive to case,
diacritics (Kocak is Koçak) and name particles (`De Bruijn`, `de Bruijn` and `Bruijn`
are one author whose BibTeX name is `de Bruijn, Els`); a second cited author narrows
the choice, a year suffix (`2020a`) picks among works of one author and year in the
order of their titles, as APA assigns the letters.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace

from rapidfuzz import fuzz, process

from claimcite.match import closest_clear
from claimcite.model import Citation, Resolution, Source, Status, Syntax
from claimcite.names import fold, name_key, name_keys, source_year
from claimcite.tex import surnames

_NO_DATE = {"n.d.", "nd", "z.j.", "o.j.", "in press", "in druk"}


def _surnames(source: Source) -> tuple[str, ...]:
    names = source.names.get("author") or source.names.get("editor") or ""
    return tuple(name for name in surnames(names) if name.casefold() != "others")


class Index:
    """The entries of some bibliographies by first author's surname."""

    def __init__(self, sources: Iterable[Source]) -> None:
        self.by_first: dict[str, list[Source]] = defaultdict(list)
        self._by_any: dict[str, list[Source]] | None = None
        self.sources = list(sources)
        for source in self.sources:
            names = _surnames(source)
            if names:
                for key in name_keys(names[0]):
                    self.by_first[key].append(source)
            short = source.fields.get("shortauthor")  # `CBS` for `Centraal Bureau voor de Statistiek`
            if short:
                for key in name_keys(short):
                    if source not in self.by_first[key]:
                        self.by_first[key].append(source)
        self.first_keys = list(self.by_first)

    @property
    def by_any(self) -> dict[str, list[Source]]:
        """The entries by the surnames of their other authors (for a name cited out of order)."""
        if self._by_any is None:
            self._by_any = defaultdict(list)
            for source in self.sources:
                for name in _surnames(source)[1:]:
                    for key in name_keys(name):
                        self._by_any[key].append(source)
        return self._by_any

    def resolve(self, citation: Citation) -> Resolution:
        names = citation.authors or ()
        if not names:
            return Resolution(Status.UNRESOLVED, reason="no author")
        first = name_key(names[0])
        year, suffix = _split_year(citation.year or "")
        candidates: list[Source] = []
        for key in name_keys(names[0]):
            candidates.extend(s for s in self.by_first.get(key, []) if s not in candidates)
        if not candidates:
            return self._not_first(first, names, year)
        dated = [s for s in candidates if _same_year(s, year)]
        if len(names) > 1 and not citation.et_al and len(dated) > 1:
            second = set(name_keys(names[1]))
            narrowed = [s for s in dated if second & set(_nth_author_keys(s, 1))]
            dated = narrowed or dated
        if len(dated) == 1:
            return Resolution(Status.RESOLVED, key=dated[0].key)
        if len(dated) > 1 and suffix:
            # a typed reference list gives its letters itself (`2021a`, `z.d.-b`)
            lettered = [s for s in dated if s.fields.get("yearsuffix") == suffix]
            if len(lettered) == 1:
                return Resolution(Status.RESOLVED, key=lettered[0].key)
        if len(dated) > 1:
            ordered = sorted(dated, key=lambda s: (fold(s.fields.get("title", "")), s.key))
            if suffix and ord(suffix) - ord("a") < len(ordered):
                return Resolution(Status.RESOLVED, key=ordered[ord(suffix) - ord("a")].key)
            keys = tuple(s.key for s in ordered)
            return Resolution(Status.AMBIGUOUS, candidates=keys, reason=", ".join(keys))
        # the author is right and the year is not
        nearest = min(candidates, key=lambda s: _year_distance(s, year))
        found = source_year(nearest) or "no year"
        return Resolution(
            Status.MISMATCH,
            suggestion=nearest.key,
            reason=f"{names[0]} has no work of {citation.year} in the bibliography; "
            f"{nearest.key!r} is of {found}",
        )

    def _not_first(self, first: str, names: tuple[str, ...], year: str) -> Resolution:
        # the year is right and the cited name is another author of the work
        for source in self.by_any.get(first, []):  # built when first needed
            if _same_year(source, year):
                lead = _surnames(source)[0]
                return Resolution(
                    Status.MISMATCH,
                    suggestion=source.key,
                    reason=f"{names[0]} is not the first author of {source.key!r} ({year}); "
                    f"its first author is {lead}",
                )
        # a misspelt name: the closest first author with a work of that year
        if first:
            matches = process.extract(first, self.first_keys, scorer=fuzz.ratio, score_cutoff=75, limit=5)
            for match, _score, _index in matches:
                for source in self.by_first[match]:
                    if _same_year(source, year):
                        return Resolution(Status.UNRESOLVED, suggestion=source.key)
        return Resolution(Status.UNRESOLVED)


def _nth_author_keys(source: Source, index: int) -> tuple[str, ...]:
    names = _surnames(source)
    return name_keys(names[index]) if len(names) > index else ()


def _split_year(year: str) -> tuple[str, str]:
    folded = year.casefold().replace(" ", "")
    if folded in {y.replace(" ", "") for y in _NO_DATE}:
        return "", ""
    undated = re.fullmatch(r"(?:n\.d|z\.d|z\.j|o\.j)\.?(?:-?([a-z]))?", folded)  # `z.d.`, `z.d.-a`
    if undated:
        return "", undated.group(1) or ""
    match = re.match(r"(\d{4})([a-z]?)", folded)
    return (match.group(1), match.group(2)) if match else (folded, "")


def _same_year(source: Source, year: str) -> bool:
    found = source_year(source)
    return (found or "") == year


def _year_distance(source: Source, year: str) -> int:
    found = source_year(source)
    if not found or not year.isdigit():
        return 10_000
    return abs(int(found) - int(year))


def resolve_all(
    citations: Iterable[Citation],
    keys_of: Mapping[str, frozenset[str]],
    sources_of: Mapping[str, list[Source]],
    bibs_of: Iterable[tuple[str, ...]] | None = None,
) -> list[Citation | None]:
    """The citations with their resolutions, in order; None for a tentative author-year
    match that fits no entry (a capitalised word before a year, not a citation).

    `keys_of` and `sources_of` give, per bibliography path, its keys and its first definitions;
    `bibs_of`, when given, the bibliographies of each citation (else its own).
    """
    indexes: dict[tuple[str, ...], Index] = {}
    key_sets: dict[tuple[str, ...], tuple[frozenset[str], list[str], dict[str, list[str]]]] = {}
    out: list[Citation | None] = []
    paired = (
        zip(citations, bibs_of, strict=True)
        if bibs_of is not None
        else ((c, c.bibliographies) for c in citations)
    )
    for citation, bibs in paired:

        def done(
            resolution: Resolution, citation: Citation = citation, bibs: tuple[str, ...] = bibs
        ) -> Citation:
            return replace(citation, bibliographies=bibs, resolution=resolution)

        if not bibs:
            # no bibliography: a single name before a year cannot be told from prose, so it is left out
            out.append(
                None if citation.tentative else done(Resolution(Status.UNCHECKED, reason="no bibliography"))
            )
            continue
        if citation.key == "*":
            out.append(done(Resolution(Status.RESOLVED, reason="every entry")))
            continue
        if citation.key is not None:
            if bibs not in key_sets:
                keys = frozenset().union(*(keys_of.get(path, frozenset()) for path in bibs))
                firsts = sorted({s.key for path in bibs for s in sources_of.get(path, [])})
                by_fold: dict[str, list[str]] = defaultdict(list)
                for key in firsts:
                    by_fold[key.casefold()].append(key)
                key_sets[bibs] = (keys, firsts, by_fold)
            keys, firsts, by_fold = key_sets[bibs]
            if citation.key in keys:
                resolution = Resolution(Status.RESOLVED, key=citation.key)
            else:
                guess, clear = closest_clear(citation.key, firsts, by_fold=by_fold)
                resolution = Resolution(Status.UNKNOWN_KEY, suggestion=guess, clear=clear)
            out.append(done(resolution))
            continue
        if citation.syntax is Syntax.AUTHOR_YEAR:
            if bibs not in indexes:
                indexes[bibs] = Index(s for path in bibs for s in sources_of.get(path, []))
            resolution = indexes[bibs].resolve(citation)
            if (
                citation.tentative
                and resolution.status is Status.UNRESOLVED
                and resolution.suggestion is None
            ):
                out.append(None)
                continue
            out.append(done(resolution))
            continue
        out.append(done(Resolution(Status.UNCHECKED)))
    return out
