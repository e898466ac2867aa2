"""`--format github`: GitHub Actions workflow commands, which the Actions log turns into
annotations on the lines of a pull request."""

from __future__ import annotations

from typing import TextIO

from claimcite.findings import Result
from claimcite.model import Severity
from claimcite.report import How
from claimcite.report.safe import visible

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    """Escaped as the runner unescapes a command's data, and the other control characters (an
    ESC, which the log would render) shown as escapes."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: Result, stream: TextIO, how: How) -> None:
    for finding in result.findings:
        parts = [f"file={_property(finding.path)}"]
        if finding.line is not None:
            parts.append(f"line={finding.line}")
            if finding.column is not None:
                parts.append(f"col={finding.column}")
        parts.append(f"title={_property(f'{finding.code} {finding.rule}')}")
        message = finding.message
        if finding.excerpt is not None:  # a Word document: the paragraph, as a person finds it
            message = f'¶{finding.line} "{finding.excerpt}": {message}'
        stream.write(f"::{COMMANDS[finding.severity]} {','.join(parts)}::{_data(message)}\n")
