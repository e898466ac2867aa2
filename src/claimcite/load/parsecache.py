"""Parsed bibliographies kept in `.claimcite-cache/parse/`, so that a run whose bibliography did
not change does not parse it again (a bibliography rarely changes between two runs; parsing
100,000 entries takes ten seconds, loading them from here a twentieth of that).

What is kept is plain data, as JSON: each entry's key, type, fields and name lists as written,
its line and column, the problems the file had and its suppression comments; never a library's
objects (nothing is unpickled, nothing is constructed but the model's values). Each file keeps
one cache file, named by its path, holding the key it was parsed under: the hash of its bytes,
the encoding it was read in, what it was read after (the `@string` macros of the files before
it), claimcite's version and the code that parses it. Another key is a miss, and the next write
replaces it, so the cache holds one version of each input, however often it changes.

A cache file is read and written where the run's Area admits it and only through `files`
(a `.claimcite-cache` that is a link out of the root is no cache); one that is truncated or
corrupt (its checksum differs) is a miss; one that cannot be written is no cache, never an
error. Writes are atomic (a temporary file renamed over the old one), so runs at the same time
read the old file or the new one.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import zlib
from collections.abc import Iterable
from itertools import chain
from typing import Any

from claimcite.files import read_bytes, write_cache
from claimcite.files.contain import Area
from claimcite.model import Bibliography, Location, Problem, ProblemKind, Source, Suppression

FOLDER = "parse"
FORMAT = 2  # the layout of the stored data; the code's own hash covers the rest


def _code(modules: Iterable[str]) -> str:
    """A hash of the source of `modules` (the code that parses), so that a changed parser with
    the same version number does not read what the old one stored."""
    digest = hashlib.sha256()
    for name in modules:
        module = sys.modules.get(name)
        path = getattr(module, "__file__", None)
        digest.update(name.encode())
        if path:
            try:
                with open(path, "rb") as stream:
                    digest.update(stream.read())
            except OSError:
                digest.update(b"?")
    return digest.hexdigest()


class ParseCache:
    """Parsed inputs by path and key in `folder` (None: no cache, as with `--no-cache`), read and
    written where `area` admits them."""

    def __init__(self, folder: str | None, area: Area, version: str = "") -> None:
        self.folder = folder
        self.area = area
        self.version = version  # claimcite's: a parse of another release is not used
        self._codes: dict[tuple[str, ...], str] = {}

    def key(self, kind: str, modules: tuple[str, ...], *parts: str | None) -> str:
        """The key of an input of `kind` parsed by `modules`, from what decides its parse."""
        if modules not in self._codes:
            self._codes[modules] = _code(modules)
        fields = [str(FORMAT), self.version, kind, self._codes[modules], *(part or "" for part in parts)]
        return hashlib.sha256("\0".join(fields).encode("utf-8", "surrogatepass")).hexdigest()

    def _path(self, kind: str, name: str) -> str:
        named = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return os.path.join(self.folder or "", FOLDER, f"{kind}-{named}.json")

    def get(self, kind: str, name: str, key: str) -> Any:
        """What was stored for the input `name` under `key`, or None."""
        if self.folder is None:
            return None
        try:
            data = read_bytes(self._path(kind, name), self.area)
        except OSError:
            return None  # none yet, or not readable: a miss
        header, _, payload = data.partition(b"\n")
        try:
            stored, checksum = header.decode("ascii").split(" ")
            if stored != key or int(checksum, 16) != zlib.crc32(payload):
                return None  # another version of the input, or a file cut short or damaged
            return json.loads(payload)
        except (ValueError, RecursionError):
            return None

    def put(self, kind: str, name: str, key: str, value: Any) -> None:
        """Store `value` (plain data) for the input `name` under `key`, replacing what was."""
        if self.folder is None:
            return
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        payload = text.encode("utf-8", "surrogatepass")
        header = f"{key} {zlib.crc32(payload):08x}\n".encode("ascii")
        write_cache(self.folder, self._path(kind, name), header + payload, self.area)


# The model's values as plain data, and back ------------------------------------------------
#
# Each `*_of` takes what JSON gave back and raises Malformed where its shape or types are not
# those stored: a loader then parses the input again, as for a cache file that is missing.


class Malformed(ValueError):
    """Stored data of another shape than the code that reads it expects."""


def as_text(value: object) -> str:
    if type(value) is not str:
        raise Malformed(value)
    return value


def as_maybe_text(value: object) -> str | None:
    return None if value is None else as_text(value)


def as_maybe_int(value: object) -> int | None:
    if value is None or type(value) is int:
        return value
    raise Malformed(value)


def as_flag(value: object) -> bool:
    if type(value) is not bool:
        raise Malformed(value)
    return value


def as_list(value: object) -> list[Any]:
    if type(value) is not list:
        raise Malformed(value)
    return value


def location_data(location: Location) -> list[Any]:
    return [location.path, location.line, location.column]


def location_of(value: object) -> Location:
    path, line, column = as_list(value)
    return Location(as_text(path), as_maybe_int(line), as_maybe_int(column))


def problem_data(problem: Problem) -> list[Any]:
    return [problem.kind.value, problem.message, location_data(problem.location), problem.claim, problem.key]


def problem_of(value: object) -> Problem:
    kind, message, location, claim, key = as_list(value)
    return Problem(
        ProblemKind(as_text(kind)),
        as_text(message),
        location_of(location),
        as_maybe_text(claim),
        as_maybe_text(key),
    )


def suppression_data(suppression: Suppression) -> list[Any]:
    rules = None if suppression.rules is None else list(suppression.rules)
    return [location_data(suppression.location), rules]


def suppression_of(value: object) -> Suppression:
    location, rules = as_list(value)
    return Suppression(location_of(location), None if rules is None else tuple(map(as_text, as_list(rules))))


def stored_bibliography(bibliography: Bibliography, problems: list[Problem]) -> dict[str, Any]:
    """A bibliography and its problems as plain data (its entries stand in its own file)."""
    return {
        "readable": bibliography.readable,
        "entries": [
            [
                e.key,
                e.type,
                dict(e.fields),
                dict(e.names),
                e.location.line,
                e.location.column,
                e.broken,
                dict(e.at),
            ]
            for e in bibliography.entries
        ],
        "problems": [problem_data(problem) for problem in problems],
        "suppressions": [suppression_data(suppression) for suppression in bibliography.suppressions],
    }


def restored_bibliography(shown: str, stored: Any) -> tuple[Bibliography, list[Problem]] | None:
    """The bibliography and problems that `stored_bibliography` stored, or None for data of
    another shape (a cache file written by hand, or by a claimcite that stored otherwise)."""
    if type(stored) is not dict:
        return None
    try:
        listed = as_list(stored["entries"])
        columns = list(zip(*listed, strict=True)) if listed else [()] * 8
        keys, kinds, fields, names, lines, starts, broken, places = columns
        # the types checked a column at a time (type() mapped in C): this is most of a warm load
        if not (
            _all(keys, str)
            and _all(kinds, str)
            and _all(broken, bool)
            and _all(fields, dict)
            and _all(names, dict)
            and _all(places, dict)
            and set(map(type, lines)) | set(map(type, starts)) <= {int, type(None)}
            and _all(chain.from_iterable(d.values() for d in (*fields, *names)), str)
            and _all(chain.from_iterable(d.values() for d in places), int)
        ):
            return None
        entries = tuple(
            Source(key, kind, field_map, name_map, Location(shown, line, column), flag, at)
            for key, kind, field_map, name_map, line, column, flag, at in listed
        )
        problems = [problem_of(problem) for problem in as_list(stored["problems"])]
        suppressions = tuple(suppression_of(suppression) for suppression in as_list(stored["suppressions"]))
        readable = as_flag(stored["readable"])
    except (KeyError, TypeError, ValueError):
        return None
    return Bibliography(shown, entries, suppressions, readable=readable), problems


def _all(values: Iterable[object], kind: type) -> bool:
    """Whether every one of `values` is exactly of `kind`."""
    return set(map(type, values)) <= {kind}
