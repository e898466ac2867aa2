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

from claimcite.load.names import doi_key, fold, name_key, name_keys, source_year
from claimcite.load.tex import decode_latex, surnames
from claimcite.match import KeySuggestions
from claimcite.model import Citation, Resolution, Source, Status, Syntax

_AND_WORD = re.compile(r"\s(?:and|AND)\s")

# no date, in the languages of the style guides (`n.d.`, `z.d.`, `z.j.`, `o.J.`, `s.f.`, `s.d.`),
# with a letter for several undated works of one author (`z.d.-a`); and works not yet out
_NO_DATE = re.compile(
    r"(?:n\.?d|z\.?d|z\.?j|o\.?j|o\.?d|s\.?f|s\.?d|nodate|ohnejahr|sinfecha|sansdate)\.?(?:-?([a-z]))?"
)
_SHORTEST_OPENING = 2  # words of an author's name that a shortened citation of it gives at least
_IN_PRESS = frozenset({"inpress", "indruk", "imdruck", "forthcoming", "enprensa"})


def _names(source: Source) -> str:
    return source.names.get("author") or source.names.get("editor") or ""


def _surnames(source: Source) -> tuple[str, ...]:
    return tuple(name for name in surnames(_names(source)) if name.casefold() != "others")


def _heads(source: Source) -> tuple[str, ...]:
    """What an author-year citation names a work by: its authors' surnames, or for a work
    without author or editor, its title (APA 9.12: the title moves to the author's place)."""
    names = _surnames(source)
    if names or source.names.get("author") or source.names.get("editor"):
        return names
    title = decode_latex(source.fields.get("title", "")).strip(" .{}")
    return (title,) if title else ()


def _alternatives(name: str, *, last_word: bool = True) -> list[str]:
    """The forms a cited name is looked up under, the most specific first: as written, without
    its `[ABBR]`, the abbreviation, and (with `last_word`) the last word of a name of several
    words (BibTeX reads `Gabriel García Márquez` as first names and the surname `Márquez`)."""
    forms = [name]
    bare = name
    if name.endswith("]") and "[" in name:
        bracket = name.rindex("[")
        bare = name[:bracket].strip()
        forms += [bare, name[bracket + 1 : -1].strip()]
    words = bare.split()
    if last_word and len(words) > 1:
        forms.append(words[-1])
    return forms


class Index:
    """The entries of some bibliographies by first author's surname (and, for an organisation
    written without braces, by its whole name)."""

    def __init__(self, sources: Iterable[Source]) -> None:
        self.by_first: dict[str, list[Source]] = defaultdict(list)
        self._by_any: dict[str, list[Source]] | None = None
        self._closest: dict[tuple[str, str], str | None] = {}
        self.sources = list(sources)
        for source in self.sources:
            names = _heads(source)
            if names:
                for key in name_keys(names[0]):
                    self.by_first[key].append(source)
            whole = source.names.get("author") or source.names.get("editor") or ""
            if " " in whole.strip() and "," not in whole and not _AND_WORD.search(whole):
                # `author = {Centraal Bureau voor de Statistiek}`: BibTeX's surname is its last word
                key = name_key(decode_latex(whole))
                if source not in self.by_first.get(key, []):
                    self.by_first[key].append(source)
            short = source.fields.get("shortauthor")  # `CBS` for `Centraal Bureau voor de Statistiek`
            if short:
                for key in name_keys(short):
                    if source not in self.by_first.get(key, []):
                        self.by_first[key].append(source)
        self.first_keys = list(self.by_first)
        self._by_opening: dict[tuple[str, ...], list[tuple[tuple[str, ...], Source]]] | None = None

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

    def _first(self, name: str, *, last_word: bool = True) -> list[Source]:
        """The entries whose first author is `name`, in the first form of it that has any; else
        those whose author, a name of several words, begins with `name` (APA cites a work
        without author by its title, shortened: `Apache Cassandra` for the item `Apache
        Cassandra | Apache Cassandra Documentation. (z.d.)`; `Digital Bazaar` for `Digital
        Bazaar, Inc.`)."""
        for form in _alternatives(name, last_word=last_word):
            candidates: list[Source] = []
            for key in name_keys(form):
                candidates.extend(s for s in self.by_first.get(key, []) if s not in candidates)
            if candidates:
                return candidates
        words = tuple(fold(name).split())
        if len(words) < _SHORTEST_OPENING:
            return []
        return [
            source
            for whole, source in self.by_opening.get(words[:_SHORTEST_OPENING], [])
            if len(whole) > len(words) and whole[: len(words)] == words
        ]

    @property
    def by_opening(self) -> dict[tuple[str, ...], list[tuple[tuple[str, ...], Source]]]:
        """The entries whose first author is one name of several words, by its first words."""
        if self._by_opening is None:
            self._by_opening = defaultdict(list)
            for source in self.sources:
                names = _heads(source)
                words = tuple(fold(names[0]).split()) if names else ()
                if len(words) > _SHORTEST_OPENING:
                    self._by_opening[words[:_SHORTEST_OPENING]].append((words, source))
        return self._by_opening

    def resolve(self, citation: Citation) -> Resolution:
        return self.read(citation)[0]

    def read(
        self, citation: Citation, letters: Mapping[str, str] | None = None
    ) -> tuple[Resolution, tuple[str, ...] | None]:
        """The resolution of an author-year citation, and its authors as read when they are
        one organisation (`Ministerie van Volksgezondheid, Welzijn en Sport`) rather than a list.
        `letters` gives the year's letter of entries as a rendered reference list shows them
        (citeproc's `2024b`), by key."""
        names = citation.authors or ()
        if not names:
            return Resolution(Status.UNRESOLVED, reason="no author"), None
        if citation.organisation:
            candidates = self._first(citation.organisation, last_word=False)
            if candidates:
                organisation = (citation.organisation,)
                # a list read as one name is that name; an abbreviation stays as written
                # a list read as one name is that name, and so is a name its last words stood for
                # (`Land schafft Leben` for `Leben`); an abbreviation stays as written
                whole = len(names) > 1 or citation.organisation.endswith(" " + names[0])
                return self._choose(
                    candidates, organisation, citation, letters
                ), organisation if whole else None
        candidates = self._first(names[0])
        if not candidates:
            year, _suffix = _split_year(citation.year or "")
            return self._not_first(name_key(names[0]), names, year), None
        return self._choose(candidates, names, citation, letters), None

    def _choose(
        self,
        candidates: list[Source],
        names: tuple[str, ...],
        citation: Citation,
        letters: Mapping[str, str] | None = None,
    ) -> Resolution:
        year, suffix = _split_year(citation.year or "")
        dated = [s for s in candidates if _same_year(s, year)]
        # the names after the first tell works of one year apart, also before `et al.`: APA's
        # `(Rösch, Frühschütz, et al., 2023)` against `(Rösch, Icking, et al., 2023)`
        for position, name in enumerate(names[1:4], 1):
            if len(dated) < 2:
                break
            wanted = {key for form in _alternatives(name) for key in name_keys(form)}
            narrowed = [s for s in dated if wanted & set(_nth_author_keys(s, position))]
            dated = narrowed or dated
        if len(dated) > 1:
            # `et al.` stands for authors beyond those named, never for none: `Wickham et al.
            # (2023)` is not `Wickham (2023a)`, the same author's work alone; and names without
            # it are all the authors (as citeproc and the style guides write them): `(Nüst,
            # 2017)` is Nüst's work alone, not Nüst, Konkol and Pebesma's of that year
            if citation.et_al:
                fitting = [s for s in dated if len(surnames(_names(s))) > len(names)]
                if len(names) == 1 and len(fitting) > 1:
                    # one name and `et al.` is a work of three or more in every style guide:
                    # `(Aryani et al. 2018)` is not Aryani and Jacobs's work of that year
                    fitting = [s for s in fitting if len(surnames(_names(s))) > 2] or fitting
            else:
                fitting = [s for s in dated if len(surnames(_names(s))) == len(names)]
            dated = fitting or dated
        if len(dated) == 1:
            return Resolution(Status.RESOLVED, key=dated[0].key)
        if len(dated) > 1 and suffix:
            # a typed reference list gives its letters itself (`2021a`, `z.d.-b`)
            given = letters or {}
            lettered = [s for s in dated if (s.fields.get("yearsuffix") or given.get(s.key)) == suffix]
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
        return Resolution(Status.UNRESOLVED, suggestion=self._misspelt(first, year) if first else None)

    def _misspelt(self, first: str, year: str) -> str | None:
        """The entry of the closest first author with a work of `year`: a misspelt name. Found
        once per name and year (a run against the wrong bibliography cites thousands)."""
        if (first, year) not in self._closest:
            found = None
            matches = process.extract(first, self.first_keys, scorer=fuzz.ratio, score_cutoff=75, limit=5)
            for match, _score, _index in matches:
                found = next((s.key for s in self.by_first[match] if _same_year(s, year)), None)
                if found is not None:
                    break
            self._closest[(first, year)] = found
        return self._closest[(first, year)]


_TITLE_CUTOFF = 95.0  # rapidfuzz ratio of folded titles: near-identical, as duplicate-entry compares


def _title(source: Source) -> str:
    return fold(decode_latex(source.fields.get("title", "")))


class Works:
    """The entries of some bibliographies by what tells a work apart, to find the entry of a
    work that a citation field holds: its citation key, else its DOI, else its title, year and
    first author."""

    def __init__(self, sources: Iterable[Source]) -> None:
        self.sources = list(sources)
        self.ids = {id(source) for source in self.sources}
        self.by_key = {source.key: source for source in reversed(self.sources)}
        self.by_doi: dict[str, Source] = {}
        self.by_author_year: dict[tuple[str, str], list[Source]] = defaultdict(list)
        for source in self.sources:
            doi = source.fields.get("doi", "").strip()
            if doi:
                self.by_doi.setdefault(doi_key(doi), source)
            names = _surnames(source)
            if names:
                self.by_author_year[(name_key(names[0]), source_year(source) or "")].append(source)

    def resolve(self, citation: Citation) -> Resolution:
        item = citation.item
        if item is None:
            return Resolution(Status.UNCHECKED)
        if id(item) in self.ids:  # the document's own items are its bibliography
            return Resolution(Status.RESOLVED, key=item.key)
        if citation.key is not None and citation.key in self.by_key:
            return Resolution(Status.RESOLVED, key=citation.key)
        doi = item.fields.get("doi", "").strip()
        if doi and doi_key(doi) in self.by_doi:
            return Resolution(Status.RESOLVED, key=self.by_doi[doi_key(doi)].key)
        names = _surnames(item)
        title = _title(item)
        if names and title:
            candidates = self.by_author_year.get((name_key(names[0]), source_year(item) or ""), [])
            best = process.extractOne(
                title, [_title(s) for s in candidates], scorer=fuzz.ratio, score_cutoff=_TITLE_CUTOFF
            )
            if best is not None:
                return Resolution(Status.RESOLVED, key=candidates[best[2]].key)
        return Resolution(
            Status.UNRESOLVED,
            reason="no entry has its citation key, its DOI, or its title, year and first author",
        )


def _same_but_case(
    key: str, bibs: tuple[str, ...], keys: list[str], lowered: dict[tuple[str, ...], dict[str, str]]
) -> str | None:
    """The first of `keys` (sorted) that is `key` but for the case of ASCII letters, as BibTeX
    compares them; `lowered` keeps each bibliography's keys so compared."""
    if bibs not in lowered:
        lowered[bibs] = {}
        for known in keys:
            lowered[bibs].setdefault(known.translate(_ASCII_LOWER), known)
    return lowered[bibs].get(key.translate(_ASCII_LOWER))


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _nth_author_keys(source: Source, index: int) -> tuple[str, ...]:
    names = _surnames(source)
    return name_keys(names[index]) if len(names) > index else ()


def _split_year(year: str) -> tuple[str, str]:
    """(year, letter): `2021a` is ("2021", "a"); no date is "" (`n.d.`, `z.d.-b` is ("", "b"))."""
    folded = year.casefold().replace(" ", "")
    if folded in _IN_PRESS:
        return "", ""
    undated = _NO_DATE.fullmatch(folded)
    if undated is not None:
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
    letters: Mapping[str, Mapping[str, str]] | None = None,
) -> list[Citation | None]:
    """The citations with their resolutions, in order; None for a tentative author-year
    match that fits no entry (a capitalised word before a year, not a citation).

    `keys_of` and `sources_of` give, per bibliography path, its keys and its first definitions;
    `bibs_of`, when given, the bibliographies of each citation (else its own); `letters`, per
    document, the year's letters of its rendered reference list, by key.
    """
    indexes: dict[tuple[str, ...], Index] = {}
    works: dict[tuple[str, ...], Works] = {}
    lowered: dict[tuple[str, ...], dict[str, str]] = {}  # keys as BibTeX compares them
    key_sets: dict[tuple[str, ...], tuple[frozenset[str], list[str]]] = {}
    suggesters: dict[tuple[str, ...], KeySuggestions] = {}

    def key_set(bibs: tuple[str, ...]) -> tuple[frozenset[str], list[str]]:
        """The keys of `bibs`, and their first definitions' keys sorted."""
        if bibs not in key_sets:
            keys = frozenset().union(*(keys_of.get(path, frozenset()) for path in bibs))
            firsts = sorted({s.key for path in bibs for s in sources_of.get(path, [])})
            key_sets[bibs] = (keys, firsts)
        return key_sets[bibs]

    def known(citation: Citation, bibs: tuple[str, ...]) -> str | None:
        """The key that `citation`'s key stands for in `bibs`, if any."""
        keys, firsts = key_set(bibs)
        if citation.key in keys:
            return citation.key
        if citation.key is not None and citation.folds_case:
            return _same_but_case(
                citation.key, bibs, firsts, lowered
            )  # BibTeX finds `KORRINGA` for `Korringa`
        return None

    def suggester(bibs: tuple[str, ...]) -> KeySuggestions:
        if bibs not in suggesters:
            suggesters[bibs] = KeySuggestions(key_set(bibs)[1])
        return suggesters[bibs]

    paired = list(
        zip(citations, bibs_of, strict=True)
        if bibs_of is not None
        else ((c, c.bibliographies) for c in citations)
    )
    # the unknown keys of each set of bibliographies, looked up together (once per distinct key)
    unknown: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for citation, bibs in paired:
        if bibs and citation.key is not None and citation.key != "*" and known(citation, bibs) is None:
            unknown[bibs].append(citation.key)
    for bibs, words in unknown.items():
        suggester(bibs).prepare(words)
    out: list[Citation | None] = []
    for citation, bibs in paired:

        def done(
            resolution: Resolution, citation: Citation = citation, bibs: tuple[str, ...] = bibs
        ) -> Citation:
            return citation.having(bibliographies=bibs, resolution=resolution)

        if not bibs:
            # no bibliography: a single name before a year cannot be told from prose, so it is left out
            out.append(
                None if citation.tentative else done(Resolution(Status.UNCHECKED, reason="no bibliography"))
            )
            continue
        if citation.key == "*":
            out.append(done(Resolution(Status.RESOLVED, reason="every entry")))
            continue
        if citation.syntax is Syntax.FIELD:
            if bibs not in works:
                works[bibs] = Works(s for path in bibs for s in sources_of.get(path, []))
            out.append(done(works[bibs].resolve(citation)))
            continue
        if citation.key is not None:
            same = known(citation, bibs)
            if same is not None:
                resolution = Resolution(Status.RESOLVED, key=same)
            else:
                guess, clear = suggester(bibs).closest(citation.key)
                resolution = Resolution(Status.UNKNOWN_KEY, suggestion=guess, clear=clear)
            out.append(done(resolution))
            continue
        if citation.syntax is Syntax.AUTHOR_YEAR:
            if bibs not in indexes:
                indexes[bibs] = Index(s for path in bibs for s in sources_of.get(path, []))
            resolution, organisation = indexes[bibs].read(
                citation, (letters or {}).get(citation.location.path)
            )
            if organisation is not None:  # the authors are one organisation
                citation = replace(citation, authors=organisation)
            if (
                citation.tentative
                and resolution.status is Status.UNRESOLVED
                and resolution.suggestion is None
            ):
                out.append(None)
                continue
            out.append(done(resolution, citation))
            continue
        out.append(done(Resolution(Status.UNCHECKED)))
    return out
