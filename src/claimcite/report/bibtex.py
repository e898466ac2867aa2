"""`claimcite citations --format bibtex`: the typed reference lists of the manuscripts as a .bib.

Each item that could be read becomes an entry under its derived key (`cbs2025`), with the
fields the list gives; a corporate author is braced whole (`{{Centraal Bureau voor de
Statistiek}}`) and keeps its abbreviation as biblatex's `shortauthor`. Values are written as
UTF-8 with LaTeX's special characters escaped, so BibTeX, biber and pandoc read them alike.
"""

from __future__ import annotations

import re
from typing import TextIO

from claimcite.errors import InputError
from claimcite.model import Project, Source
from claimcite.report import How

_ORDER = (
    "author",
    "editor",
    "title",
    "journal",
    "booktitle",
    "year",
    "volume",
    "number",
    "pages",
    "edition",
    "publisher",
    "institution",
    "school",
    "pubstate",
    "shortauthor",
    "doi",
    "url",
)
_SPECIAL = re.compile(r"([&%$#_])")


def _value(name: str, value: str) -> str:
    if name in {"url", "doi"}:
        return value.replace("%", "\\%").replace("{", "").replace("}", "")
    text = _SPECIAL.sub(r"\\\1", value.replace("\\", "").replace("{", "").replace("}", ""))
    if name in {"author", "editor"}:
        return value.replace("&", "\\&").replace("%", "\\%")  # braces of corporate names kept
    if name == "title":
        return "{" + text + "}"  # as the list writes it: no style lowercases it
    return text


def entry(source: Source) -> str:
    fields = {**source.names, **{k: v for k, v in source.fields.items() if k != "yearsuffix"}}
    lines = [f"@{source.type}{{{source.key},"]
    for name in sorted(fields, key=lambda n: (_ORDER.index(n) if n in _ORDER else len(_ORDER), n)):
        lines.append(f"  {name} = {{{_value(name, fields[name])}}},")
    lines.append("}")
    return "\n".join(lines)


def render(project: Project, stream: TextIO, how: How) -> None:
    """Write the entries of every manuscript's reference list; InputError when there is none."""
    count = 0
    for document in project.documents:
        if not document.list_entries:
            continue
        where = document.reference_list.where if document.reference_list else document.path
        stream.write(f"% the reference list of {where}\n\n")
        for source in document.list_entries:
            stream.write(entry(source) + "\n\n")
            count += 1
    if not count:
        raise InputError("no reference list found in the manuscripts read: nothing to write as BibTeX")
