"""`--format markdown`: a summary for `$GITHUB_STEP_SUMMARY` or a pull-request comment: counts
per rule and per file, then the findings."""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import TextIO

from claimcite.engine import Finding, Result
from claimcite.model import Severity
from claimcite.report.safe import visible

MOST = 200  # findings listed at the most; the tables count them all


def _code(text: str) -> str:
    """Text for a code span in a table cell (where HTML is not read): control characters shown as
    escapes, backticks as quotes, pipes escaped as GitHub's tables want."""
    return visible(text).replace("`", "'").replace("|", "\\|")


def _cell(text: str) -> str:
    """Text for a table cell: control characters shown as escapes, Markdown and HTML escaped, and
    `@` written as an entity (it renders the same, and mentions nobody in a pull request)."""
    text = html.escape(visible(text), quote=False).replace("@", "&#64;")
    return re.sub(r"([\\`*_\[\]|~])", r"\\\1", text)


def _where(finding: Finding) -> str:
    where = finding.path
    if finding.line is not None:
        where += f":{finding.line}"
        if finding.column is not None:
            where += f":{finding.column}"
    return where


def render(result: Result, stream: TextIO) -> None:
    summary = result.summary
    out = ["## claimcite", ""]
    checked = (
        f"{summary.claims} claims, {summary.citations} citations, "
        f"{summary.sources} entries, {summary.files} files"
    )
    if not result.findings:
        out += [f"All checks passed ({checked}).", ""]
        stream.write("\n".join(out))
        return
    out += [
        f"**{summary.errors} errors, {summary.warnings} warnings, {summary.infos} infos** ({checked}).",
        "",
        "| rule | code | severity | findings |",
        "|---|---|---|---:|",
    ]
    per_rule = Counter((f.rule, f.code, f.severity) for f in result.findings)
    for (rule, code, severity), count in sorted(per_rule.items(), key=lambda item: (-item[1], item[0][1])):
        out.append(f"| `{rule}` | {code} | {severity.value} | {count} |")
    out += ["", "| file | errors | warnings | infos |", "|---|---:|---:|---:|"]
    per_file: dict[str, Counter[Severity]] = {}
    for finding in result.findings:
        per_file.setdefault(finding.path, Counter())[finding.severity] += 1
    for path, counts in sorted(per_file.items()):
        out.append(
            f"| `{_code(path)}` | {counts[Severity.ERROR]} "
            f"| {counts[Severity.WARNING]} | {counts[Severity.INFO]} |"
        )
    out += [
        "",
        "<details><summary>Findings</summary>",
        "",
        "| where | severity | rule | message |",
        "|---|---|---|---|",
    ]
    for finding in result.findings[:MOST]:
        out.append(
            f"| `{_code(_where(finding))}` | {finding.severity.value} | {finding.code} `{finding.rule}` "
            f"| {_cell(finding.message)} |"
        )
    if len(result.findings) > MOST:
        out.append(f"| | | | and {len(result.findings) - MOST} more |")
    out += ["", "</details>", ""]
    stream.write("\n".join(out))
