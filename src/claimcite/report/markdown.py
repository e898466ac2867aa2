"""`--format markdown`: a summary for `$GITHUB_STEP_SUMMARY` or a pull-request comment: counts
per rule and per file, then the findings."""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import TextIO

from claimcite.findings import Check, Evidence, Ledger, Result, Standing
from claimcite.model import Severity
from claimcite.report import How
from claimcite.report.safe import visible

MOST = 200  # findings (and claims) listed at the most; the tables count them all
STATEMENT = 120  # characters of a claim's statement the claims table shows
STANDING_MARKS = {
    Standing.PROBLEM: "❌ problem",
    Standing.WARNINGS: "⚠️ warnings",
    Standing.BACKED: "✅ backed",
    Standing.UNSOURCED: "➖ unsourced",
}


def _code(text: str) -> str:
    """Text for a code span in a table cell (where HTML is not read): control characters shown as
    escapes, backticks as quotes, pipes escaped as GitHub's tables want."""
    return visible(text).replace("`", "'").replace("|", "\\|")


def _cell(text: str) -> str:
    """Text for a table cell: control characters shown as escapes, Markdown and HTML escaped, and
    `@` written as an entity (it renders the same, and mentions nobody in a pull request)."""
    text = html.escape(visible(text), quote=False).replace("@", "&#64;")
    return re.sub(r"([\\`*_\[\]|~])", r"\\\1", text)


def render(result: Result, stream: TextIO, how: How) -> None:
    summary = result.summary
    out = ["## claimcite", ""]
    checked = (
        f"{summary.claims} claims, {summary.citations} citations, "
        f"{summary.sources} entries, {summary.files} files"
    )
    if not result.findings:
        out += [f"All checks passed ({checked}).", ""]
        if result.ledger is not None:
            out += _ledger(result.ledger)
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
            f"| `{_code(finding.location.position)}` | {finding.severity.value} "
            f"| {finding.code} `{finding.rule}` "
            f"| {_cell(finding.message)} |"
        )
    if len(result.findings) > MOST:
        out.append(f"| | | | and {len(result.findings) - MOST} more |")
    out += ["", "</details>", ""]
    if result.ledger is not None:
        out += _ledger(result.ledger)
    stream.write("\n".join(out))


def _evidence(item: Evidence) -> str:
    """One source of a claim in a cell: its key, locator, and what became of its quote."""
    text = _cell(item.key) + (f" {_cell(item.locator)}" if item.locator else "")
    if item.reference is None:
        return text + ": no such entry"
    comparison = item.comparison
    where = ""
    if comparison is not None and comparison.page:
        same = comparison.page == comparison.last_page or not comparison.last_page
        where = (
            f" on p. {_cell(comparison.page)}"
            if same
            else f" on pp. {_cell(comparison.page)}-{_cell(comparison.last_page)}"
        )
    if item.check is Check.FOUND:
        return f"{text}: quote found{where}"
    if item.check is Check.DIFFERS:
        return f"{text}: quote differs{where}"
    if item.check is Check.UNCHECKED:
        return f"{text}: quote not checked"
    return text


def _ledger(ledger: Ledger) -> list[str]:
    """The claims ledger as one compact table: each claim, how it stands, its sources."""
    if not ledger.claims:
        return []
    counts = Counter(claim.standing for claim in ledger.claims)
    tally = ", ".join(f"{counts[s]} {mark}" for s, mark in STANDING_MARKS.items() if counts[s])
    out = [
        f"<details><summary>Claims: {tally}</summary>",
        "",
        "| claim | status | statement | sources |",
        "|---|---|---|---|",
    ]
    for claim in ledger.claims[:MOST]:
        statement = " ".join(claim.statement.split())
        if len(statement) > STATEMENT:
            statement = statement[: statement.rfind(" ", 0, STATEMENT) + 1 or STATEMENT].rstrip() + "…"
        sources = "<br>".join(_evidence(item) for item in claim.evidence)
        if claim.unsourced is not None and not claim.evidence:
            sources = f"unsourced: {_cell(claim.unsourced)}"
        name = _cell(claim.id) if claim.id is not None else f"line {claim.location.line}"
        out.append(f"| {name} | {STANDING_MARKS[claim.standing]} | {_cell(statement)} | {sources} |")
    if len(ledger.claims) > MOST:
        out.append(f"| | | and {len(ledger.claims) - MOST} more | |")
    out += ["", "</details>", ""]
    return out
