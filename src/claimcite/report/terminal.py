"""The report for a person: findings grouped by file, `path:line:col` first, a summary last."""

from __future__ import annotations

from itertools import groupby
from typing import TextIO

from rich.text import Text

from claimcite.findings import Finding, Result
from claimcite.model import Severity
from claimcite.report import How
from claimcite.report import console as report_console
from claimcite.report.safe import line_start, visible

STYLES = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "bold yellow",
    Severity.INFO: "bold cyan",
}


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {plural or word + 's'}"


def _position(finding: Finding) -> str:
    return line_start(finding.location.position)


def render(result: Result, stream: TextIO, how: How) -> None:
    """Print `result` on `stream`, in colour where it is a terminal; `how.quiet`: the findings only."""
    console = report_console(stream, how)
    quiet = how.quiet
    for path, group in groupby(result.findings, key=lambda finding: finding.path):
        findings = list(group)
        width = max(len(_position(finding)) for finding in findings)
        if not quiet:
            console.print(Text(line_start(path), style="bold underline"), soft_wrap=True)
        for finding in findings:
            line = Text("" if quiet else "  ")
            position = _position(finding)
            line.append(position, style="bold")
            line.append(" " * (width - len(position) + 2))
            line.append(f"{finding.severity.value:<7}", style=STYLES[finding.severity])
            line.append(" ")
            line.append(finding.code, style="dim")
            line.append(" ")
            line.append(visible(finding.message))
            line.append(f"  [{finding.rule}]", style="dim")
            console.print(line, soft_wrap=True)
        if not quiet:
            console.print()
    if quiet:
        return
    summary = result.summary
    checked = (
        f"{_plural(summary.claims, 'claim')}, {_plural(summary.sources, 'entry', 'entries')}"
        f", {_plural(summary.files, 'file')} checked"
    )
    notes = []
    if not summary.claims and not summary.citations:  # a gate that checked nothing says so
        notes.append("nothing checked against a source: no claims or citations found")
    if result.suppressed:
        notes.append(f"{result.suppressed} suppressed by 'claimcite: ignore'")
    if result.baseline is not None:
        notes.append(f"{result.baseline.matched} in the baseline")
        if result.baseline.gone:
            notes.append(
                f"{result.baseline.gone} baseline findings no longer occur: "
                "renew it with `claimcite baseline`"
            )
    if notes:
        checked += "; " + "; ".join(notes)
    if not result.findings:
        console.print(Text.assemble(("All checks passed", "bold green"), f" ({checked})."), soft_wrap=True)
        return
    counts = [
        (summary.errors, "error", Severity.ERROR),
        (summary.warnings, "warning", Severity.WARNING),
        (summary.infos, "info", Severity.INFO),
    ]
    text = Text(f"Found {_plural(len(result.findings), 'problem')}: ", style="bold")
    shown = [(count, word, level) for count, word, level in counts if count]
    for index, (count, word, level) in enumerate(shown):
        if index:
            text.append(", ")
        text.append(_plural(count, word) if word != "info" else f"{count} info", style=STYLES[level])
    text.append(f" ({checked}).")
    console.print(text, soft_wrap=True)
