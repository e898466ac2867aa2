"""CSL-JSON and CSL-YAML bibliographies (what Zotero, Better BibTeX and pandoc write), mapped
onto the same model as BibTeX so that every rule applies to them."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from claimcite.files.contain import Area
from claimcite.load.parsecache import ParseCache, restored_bibliography, stored_bibliography
from claimcite.load.text import LineIndex, TextFile, fallback_encoding, read_text
from claimcite.load.yamltree import Plain, compose
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


_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(value: Any) -> str | None:
    """A CSL value as text: a string or a number (numbers are kept as written: CSL-JSON is read
    without turning them into numbers, so 5,000 digits are no error); a list of those joined.
    Anything else (a mapping, a list of lists) is no value of a field."""
    if isinstance(value, list):
        parts = [part for part in (_text(item) for item in value if not isinstance(item, list)) if part]
        return ", ".join(parts) or None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = str(value).strip()
        return _SURROGATE.sub("\ufffd", text) or None  # a lone \ud800 of JSON cannot be written
    return None


def _name(person: Any) -> str | None:
    """A CSL name as a BibTeX name: `de Bruijn, Els`, or `{RIVM}` for a literal name."""
    if not isinstance(person, dict):
        return None
    literal = _text(person.get("literal"))
    if literal:
        return "{" + literal.replace("{", "").replace("}", "") + "}"

    def parts(*names: str) -> str:
        # braces and commas belong to BibTeX's name syntax: in a CSL name they are letters
        found = (_text(person.get(name)) for name in names)
        return " ".join(part.replace("{", "").replace("}", "").replace(",", " ") for part in found if part)

    family = parts("non-dropping-particle", "family")
    given = parts("given", "dropping-particle")
    if not family:
        return given or None
    suffix = parts("suffix")
    return f"{family}, {suffix}, {given}" if suffix else (f"{family}, {given}" if given else family)


_YEAR = re.compile(r"\d{4}")


def _year_in(value: Any) -> str | None:
    """The first four digits of a date written as text (`2008-03`, `Spring 2006`, `2017/2018`)."""
    found = _YEAR.search(_text(value) or "") if not isinstance(value, (dict, list)) else None
    return found.group() if found else None


def _parts_year(parts: Any) -> str | None:
    """The year of one CSL date-parts list (`[2004, 3]`)."""
    if isinstance(parts, list) and parts and not isinstance(parts[0], (list, dict)):
        return _text(parts[0])
    return None


def _year(issued: Any, *, yaml_forms: bool = False) -> str | None:
    """The year of a CSL date as pandoc's citeproc reads it: `raw`, then `literal`, then
    `date-parts` (`{date-parts: [[2004, 3]]}`), or a date written as text (`2008-03`).

    With `yaml_forms`, also the forms that pandoc reads from CSL-YAML only (its metadata reader,
    which kept pandoc-citeproc's older YAML): a list of dates, each a mapping of `year`, `month`,
    `day` (`issued: [{year: 2000, month: 3}]`, as Zotero's pandoc-citeproc export wrote them) or
    a date-parts list (`[[2010, 3], [2011]]`), and a mapping with a `year` key. In CSL-JSON
    pandoc refuses the list and ignores `year`, so there they give no year."""
    if isinstance(issued, dict):
        for name in ("raw", "literal"):
            found = _year_in(issued.get(name))
            if found:
                return found
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts:
            return _parts_year(parts[0])
        return _year_in(issued.get("year")) if yaml_forms else None
    if isinstance(issued, list):
        if not (yaml_forms and issued):
            return None
        first = issued[0]
        if isinstance(first, dict):
            return _year_in(first.get("year"))
        return _parts_year(first)
    return _year_in(issued)


def source(item: dict[str, Any], location: Location, *, yaml_forms: bool = False) -> Source:
    """One CSL item as a Source; `yaml_forms` for an item of CSL-YAML (see `_year`)."""
    kind = TYPES.get(_text(item.get("type")) or "", "misc")
    fields: dict[str, str] = {}
    for csl, bib in _SIMPLE.items():
        value = _text(item.get(csl))
        if value:
            fields[bib] = value
    container = _text(item.get("container-title"))
    if container:
        fields[_CONTAINER.get(kind, "journal")] = container
    page = _text(item.get("page"))
    if page:
        fields["pages"] = re.sub(r"(?<=\w)\s*[-–]\s*(?=\w)", "--", page)
    year = _year(item.get("issued"), yaml_forms=yaml_forms)
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
    return Source(_text(item.get("id")) or "", kind, fields, names, location)


def _items(data: Any) -> list[Any] | None:
    if isinstance(data, dict) and isinstance(data.get("references"), list):
        return list(data["references"])  # pandoc's metadata form
    if isinstance(data, list):
        return data
    return None


_PARSERS = ("claimcite.load.csl", "claimcite.load.text", "claimcite.load.yamltree")


def load_csl(
    path: str, shown: str, area: Area, *, cache: ParseCache | None = None
) -> tuple[Bibliography, list[Problem]]:
    """The items of a CSL-JSON (`.json`) or CSL-YAML (`.yaml`, `.yml`) file, read where `area`
    admits it; with a `cache`, not parsed again when its bytes are those parsed before."""
    text_file = read_text(path, shown, area)
    is_json = path.lower().endswith(".json")
    if cache is None:
        return _parse(text_file, shown, is_json=is_json)
    key = cache.key(
        "csl", _PARSERS, yaml.__version__, text_file.digest, shown, str(is_json), fallback_encoding()
    )
    restored = restored_bibliography(shown, cache.get("csl", shown, key))
    if restored is not None:
        return restored
    bibliography, problems = _parse(text_file, shown, is_json=is_json)
    cache.put("csl", shown, key, stored_bibliography(bibliography, problems))
    return bibliography, problems


def _parse(text_file: TextFile, shown: str, *, is_json: bool) -> tuple[Bibliography, list[Problem]]:
    problems = [text_file.problem] if text_file.problem else []
    text = text_file.text
    index = LineIndex(text)
    try:
        if is_json:  # numbers kept as text: no int of 5,000 digits, no float overflow
            data = json.loads(text, parse_int=str, parse_float=str, parse_constant=str)
        else:
            plain = Plain()
            data = plain.value(compose(text))
            first: dict[str, tuple[int, int]] = {}  # reason -> (line of the first, how many)
            for node, why in plain.refused:
                line, count = first.get(why, (node.start_mark.line + 1, 0))
                first[why] = (line, count + 1)
            problems.extend(
                Problem(
                    ProblemKind.PARSE,
                    f"CSL-YAML: {why}" + (f" ({count} such values, the first here)" if count > 1 else ""),
                    Location(shown, line),
                )
                for why, (line, count) in first.items()
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
    except RecursionError:
        kind = "CSL-JSON" if is_json else "CSL-YAML"
        problems.append(Problem(ProblemKind.PARSE, f"{kind} nested too deeply to read", Location(shown, 1)))
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
        key = _text(item.get("id")) if isinstance(item, dict) else None
        if not isinstance(item, dict) or not key:
            problems.append(Problem(ProblemKind.PARSE, f"CSL item {position} has no id", Location(shown, 1)))
            continue
        found = lines.get(key, [])
        line = (found.pop(0) if len(found) > 1 else found[0]) if found else None
        entries.append(source(item, Location(shown, line, 1 if line else None), yaml_forms=not is_json))
    return Bibliography(shown, tuple(entries)), problems
