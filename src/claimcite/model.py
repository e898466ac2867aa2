"""The checked project as plain frozen values: what the loaders build and the rules read."""

from __future__ import annotations

import enum
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field


class Severity(str, enum.Enum):
    """How much a finding matters; ordered from the least to the most."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class Location:
    """A place in an input file: path relative to the root with '/', 1-based line and column."""

    path: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True, slots=True)
class Person:
    """One name of an author or editor, LaTeX decoded to Unicode."""

    first: str = ""
    von: str = ""
    last: str = ""
    jr: str = ""

    @property
    def is_others(self) -> bool:
        """True for BibTeX's `and others`, which stands for the authors left out."""
        return self.last.casefold() == "others" and not (self.first or self.von or self.jr)


@dataclass(frozen=True)
class Source:
    """One bibliography entry. Name lists (`author`, `editor`) are kept as written in
    `names` and parsed into persons on first use: most checks never need them."""

    key: str
    type: str
    fields: Mapping[str, str]
    names: Mapping[str, str]
    location: Location
    broken: bool = False  # the entry had a syntax error; what could be read is kept

    @functools.cached_property
    def persons(self) -> Mapping[str, tuple[Person, ...]]:
        from claimcite.tex import parse_names

        return {role: parse_names(value) for role, value in self.names.items()}

    def has(self, name: str) -> bool:
        """True when the field or name list `name` is present and not empty."""
        value = self.names.get(name) if name in self.names else self.fields.get(name)
        return bool(value and value.strip())


@dataclass(frozen=True, slots=True)
class Bibliography:
    """One bibliography file: its entries in file order, duplicates included."""

    path: str
    entries: tuple[Source, ...]

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(entry.key for entry in self.entries)


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A claim's reference to a source: the key as written, with an optional locator and quote."""

    key: str
    location: Location
    locator: str | None = None
    quote: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """One statement of a claim file and the sources it rests on."""

    id: str | None
    statement: str
    location: Location
    sources: tuple[SourceRef, ...] = ()
    unsourced: str | None = None
    bibliographies: tuple[str, ...] = ()  # the bibliography paths that this claim's keys refer to
    document: str | None = None
    sources_unreadable: bool = False  # `sources` was given but broken (reported as invalid-claim)


class ProblemKind(str, enum.Enum):
    """What a loader could not read; the rules turn problems into findings."""

    PARSE = "parse-error"
    SCHEMA = "invalid-claim"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something a loader could not read or that breaks the input's schema."""

    kind: ProblemKind
    message: str
    location: Location
    claim: str | None = None
    key: str | None = None


@dataclass(frozen=True, slots=True)
class Project:
    """Everything that was loaded for one check."""

    root: str
    bibliographies: tuple[Bibliography, ...] = ()
    claims: tuple[Claim, ...] = ()
    problems: tuple[Problem, ...] = ()
    files: tuple[str, ...] = ()
    sources: Mapping[str, Source] = field(default_factory=dict)
    folded_sources: Mapping[str, Source] = field(default_factory=dict)

    def find(self, key: str) -> Source | None:
        """The entry with this key, compared case-insensitively as BibTeX does (crossref)."""
        return self.sources.get(key) or self.folded_sources.get(key.casefold())

    @staticmethod
    def build(
        *,
        root: str,
        bibliographies: tuple[Bibliography, ...],
        claims: tuple[Claim, ...],
        problems: tuple[Problem, ...],
        files: tuple[str, ...],
    ) -> Project:
        """A project whose `sources` maps each key to its first definition.

        Keys compare case-insensitively, as in BibTeX: a later definition of
        `Smith2020` after `smith2020` is a duplicate and is left out.
        """
        sources: dict[str, Source] = {}
        folded: dict[str, Source] = {}
        for bibliography in bibliographies:
            for entry in bibliography.entries:
                if entry.key.casefold() not in folded:
                    folded[entry.key.casefold()] = entry
                    sources[entry.key] = entry
        return Project(
            root=root,
            bibliographies=bibliographies,
            claims=claims,
            problems=problems,
            files=files,
            sources=sources,
            folded_sources=folded,
        )
