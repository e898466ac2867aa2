"""`claimcite citations`: every citation found, where it stands, as written, what it resolves to."""

from __future__ import annotations

import json
from itertools import groupby
from typing import Any, TextIO

from rich.text import Text

from claimcite.model import Citation, Project, Status
from claimcite.report import How
from claimcite.report import console as report_console
from claimcite.report.safe import encodable, line_start, visible

SCHEMA = "claimcite/citations/v1"


def _json(text: str | None) -> str | None:
    return None if text is None else encodable(text)


def record(citation: Citation) -> dict[str, Any]:
    author_year = citation.authors is not None
    found = {
        "path": encodable(citation.location.path),
        "line": citation.location.line,
        "column": citation.location.column,
        "syntax": citation.syntax.value,
        "text": encodable(citation.text),
        "key": _json(citation.key),
        "authors": [encodable(a) for a in citation.authors] if author_year and citation.authors else None,
        "year": _json(citation.year) if author_year else None,
        "locator": _json(citation.locator),
        "resolved": _json(citation.resolved),
        "group": citation.group,
    }
    if citation.location.excerpt is not None:  # a Word document: the paragraph's first words
        found["excerpt"] = encodable(citation.location.excerpt)
    return found


def render_json(project: Project, stream: TextIO, how: How) -> None:
    """Every citation, one record each, in document order (schema claimcite/citations/v1)."""
    document = {"schema": SCHEMA, "citations": [record(citation) for citation in project.citations]}
    stream.write(json.dumps(document, indent=2, ensure_ascii=False))
    stream.write("\n")


def _outcome(citation: Citation) -> Text:
    resolution = citation.resolution
    if resolution is None or resolution.status is Status.UNCHECKED:
        return Text("not checked: no bibliography", style="dim")
    if resolution.status is Status.BY_IDENTIFIER:
        return Text(f"not checked: looked up by its identifier ({visible(resolution.reason)})", style="dim")
    if resolution.status is Status.RESOLVED:
        return Text(f"-> {resolution.key}", style="green")
    labels = {
        Status.UNKNOWN_KEY: "unknown key",
        Status.UNRESOLVED: "fits no entry",
        Status.AMBIGUOUS: "fits " + visible(", ".join(resolution.candidates)),
        Status.MISMATCH: "author and year disagree",
    }
    text = Text(labels.get(resolution.status, resolution.status.value), style="bold red")
    if resolution.suggestion:
        text.append(f" (did you mean {visible(resolution.suggestion)}?)", style="red")
    return text


def render_terminal(project: Project, stream: TextIO, how: How) -> None:
    """Every citation, file by file: where, as written, what it resolves to."""
    citations = project.citations
    console = report_console(stream, how)
    for path, group in groupby(citations, key=lambda citation: citation.location.path):
        items = list(group)
        console.print(Text(f"{line_start(path)} ({len(items)})", style="bold underline"), soft_wrap=True)
        for citation in items:
            location = citation.location
            line = Text("  ")
            line.append(line_start(location.position), style="bold")
            line.append(f"  {citation.syntax.value:<11} ")
            written = citation.key if citation.key is not None else citation.text
            if citation.authors is not None:
                names = " & ".join(citation.authors) + (" et al." if citation.et_al else "")
                written = f"{names} {citation.year}"
            line.append(visible(written))
            if citation.locator:
                line.append(f", {visible(citation.locator)}", style="dim")
            line.append("  ")
            line.append_text(_outcome(citation))
            console.print(line, soft_wrap=True)
        console.print()
    resolved = sum(1 for citation in citations if citation.resolved is not None)
    console.print(f"{len(citations)} citations, {resolved} resolved.", soft_wrap=True)
