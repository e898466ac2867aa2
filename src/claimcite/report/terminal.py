"""The report for a person: findings grouped by file, `path:line:col` first, a summary last."""

from __future__ import annotations

import os
from itertools import groupby
from typing import TextIO

from claimcite.findings import Finding, Result
from claimcite.model import Severity
from claimcite.report import How
from claimcite.report import console as report_console
from claimcite.report.safe import line_start, visible

Line = list[tuple[str, str]]  # a line of the report: pieces of text, each with its Rich style
# what makes Rich take a stream that is not a terminal for one (or the other way round)
_RICH_ENVIRONMENT = ("FORCE_COLOR", "FORCE_TERMINAL", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS")

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
    lines = _lines(result, how.quiet)
    rich = _is_terminal(stream) or any(name in os.environ for name in _RICH_ENVIRONMENT)
    if (how.to_file or not rich) and not any("\t" in text for line in lines for text, _ in line):
        # as Rich prints it on a stream that is no terminal (tabs aside, which Rich expands),
        # without importing Rich: a second at start-up in a pre-commit hook is a tenth of it
        stream.write("".join("".join(text for text, _ in line) + "\n" for line in lines))
        return
    from rich.text import Text

    console = report_console(stream, how)
    for line in lines:
        console.print(Text.assemble(*line), soft_wrap=True)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _lines(result: Result, quiet: bool) -> list[Line]:
    lines: list[Line] = []
    for path, group in groupby(result.findings, key=lambda finding: finding.path):
        findings = list(group)
        width = max(len(_position(finding)) for finding in findings)
        if not quiet:
            lines.append([(line_start(path), "bold underline")])
        for finding in findings:
            position = _position(finding)
            lines.append(
                [
                    ("" if quiet else "  ", ""),
                    (position, "bold"),
                    (" " * (width - len(position) + 2), ""),
                    (f"{finding.severity.value:<7}", STYLES[finding.severity]),
                    (" ", ""),
                    (finding.code, "dim"),
                    (" ", ""),
                    (visible(finding.message), ""),
                    (f"  [{finding.rule}]", "dim"),
                ]
            )
        if not quiet:
            lines.append([])
    if quiet:
        return lines
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
        lines.append([("All checks passed", "bold green"), (f" ({checked}).", "")])
        return lines
    counts = [
        (summary.errors, "error", Severity.ERROR),
        (summary.warnings, "warning", Severity.WARNING),
        (summary.infos, "info", Severity.INFO),
    ]
    text: Line = [(f"Found {_plural(len(result.findings), 'problem')}: ", "bold")]
    shown = [(count, word, level) for count, word, level in counts if count]
    for index, (count, word, level) in enumerate(shown):
        if index:
            text.append((", ", "bold"))
        counted = _plural(count, word) if word != "info" else f"{count} info"
        text.append((counted, STYLES[level]))
    text.append((f" ({checked}).", "bold"))
    lines.append(text)
    return lines
