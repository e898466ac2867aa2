"""CSL-JSON and CSL-YAML bibliographies (what Zotero, Better BibTeX and pandoc write), mapped
onto the same model as BibTeX so that every rule applies to them."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from claimcite.load.text import LineIndex, read_text
from claimcite.model import Bibliography, Location, Problem, ProblemKind, Source

# CSL item types and the BibTeX types whose required fields they share
TYPES = {
    "article": "article",
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "book": "book",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
    "report": "techreport",
    "thesis": "phdthesis",
    "webpage": "online",
    "post-weblog": "online",
    "dataset": "dataset",
    "software": "software",
    "manuscript": "unpublished",
    "patent": "patent",
}
_CONTAINER = {"article": "journal", "incollection": "booktitle", "inproceedings": "booktitle"}
_SIMPLE = {
    "title": "title",
    "publisher": "publisher",
    "DOI": "doi",
    "ISBN": "isbn",
    "ISSN": "issn",
    "URL": "url",
    "volume": "volume",
    "issue": "number",
    "edition": "edition",
    "note": "note",
    "publisher-place": "address",
    "collection-title": "series",
}
_ID = re.compile(r'"id"\s*:\s*"((?:[^"\\]|\\.)*)"')
_YAML_ID = re.compile(r"^\s*-?\s*id:\s*['\"]?([^'\"\s#]+)", re.MULTILINE)


def _name(person: Any) -> str | None:
    """A CSL name as a BibTeX name: `de Bruijn, Els`, or `{RIVM}` for a literal name."""
    if not isinstance(person, dict):
        return None
    if person.get("literal"):
        return "{" + str(person["literal"]).replace("{", "").replace("}", "") + "}"
    family = " ".join(
        str(person[part]) for part in ("non-dropping-particle", "family") if person.get(part)
    ).strip()
    given = " ".join(str(person[part]) for part in ("given", "dropping-particle") if person.get(part)).strip()
    if not family:
        return given or None
    suffix = str(person.get("suffix") or "").strip()
    return f"{family}, {suffix}, {given}" if suffix else (f"{family}, {given}" if given else family)


def _year(issued: Any) -> str | None:
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            return str(parts[0][0])
        for name in ("literal", "raw"):
            found = re.search(r"\d{4}", str(issued.get(name, "")))
            if found:
                return found.group()
    if isinstance(issued, (str, int)):
        found = re.search(r"\d{4}", str(issued))
        return found.group() if found else None
    return None


def source(item: dict[str, Any], location: Location) -> Source:
    """One CSL item as a Source."""
    kind = TYPES.get(str(item.get("type", "")), "misc")
    fields: dict[str, str] = {}
    for csl, bib in _SIMPLE.items():
        value = item.get(csl)
        if value not in (None, ""):
            fields[bib] = str(value)
    if item.get("container-title"):
        fields[_CONTAINER.get(kind, "journal")] = str(item["container-title"])
    if item.get("page"):
        fields["pages"] = re.sub(r"(?<=\w)\s*[-–]\s*(?=\w)", "--", str(item["page"]))
    year = _year(item.get("issued"))
    if year:
        fields["year"] = year
    if kind == "techreport" and "publisher" in fields:
        fields["institution"] = fields["publisher"]
    if kind == "phdthesis" and "publisher" in fields:
        fields["school"] = fields["publisher"]
    names: dict[str, str] = {}
    for role in ("author", "editor"):
        people = item.get(role)
        if isinstance(people, list):
            listed = [name for name in (_name(person) for person in people) if name]
            if listed:
                names[role] = " and ".join(listed)
    return Source(str(item.get("id", "")), kind, fields, names, location)


def _items(data: Any) -> list[Any] | None:
    if isinstance(data, dict) and isinstance(data.get("references"), list):
        return list(data["references"])  # pandoc's metadata form
    if isinstance(data, list):
        return data
    return None


def load_csl(path: str, shown: str) -> tuple[Bibliography, list[Problem]]:
    """The items of a CSL-JSON (`.json`) or CSL-YAML (`.yaml`, `.yml`) file."""
    text_file = read_text(path, shown)
    problems = [text_file.problem] if text_file.problem else []
    text = text_file.text
    index = LineIndex(text)
    is_json = path.lower().endswith(".json")
    try:
        data = (
            json.loads(text)
            if is_json
            else yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        )
    except json.JSONDecodeError as error:
        problems.append(
            Problem(
                ProblemKind.PARSE,
                f"CSL-JSON syntax error: {error.msg}",
                Location(shown, error.lineno, error.colno),
            )
        )
        return Bibliography(shown, (), readable=False), problems
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problems.append(
            Problem(
                ProblemKind.PARSE,
                f"CSL-YAML syntax error: {getattr(error, 'problem', error)}",
                Location(shown, line),
            )
        )
        return Bibliography(shown, (), readable=False), problems
    items = _items(data)
    if items is None:
        problems.append(
            Problem(
                ProblemKind.PARSE,
                "a CSL bibliography is a list of items (or `references:` holding one)",
                Location(shown, 1),
            )
        )
        return Bibliography(shown, (), readable=False), problems
    pattern = _ID if is_json else _YAML_ID
    lines: dict[str, list[int]] = {}
    for match in pattern.finditer(text):
        lines.setdefault(match.group(1), []).append(index.line_col(match.start(1))[0])
    entries: list[Source] = []
    for position, item in enumerate(items, 1):
        if not isinstance(item, dict) or not item.get("id"):
            problems.append(Problem(ProblemKind.PARSE, f"CSL item {position} has no id", Location(shown, 1)))
            continue
        key = str(item["id"])
        found = lines.get(key, [])
        line = (found.pop(0) if len(found) > 1 else found[0]) if found else None
        entries.append(source(item, Location(shown, line, 1 if line else None)))
    return Bibliography(shown, tuple(entries)), problems
