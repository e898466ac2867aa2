"""`--format json`: the report of DESIGN §3, schema claimcite/report/v1."""

from __future__ import annotations

import json
from typing import Any, TextIO

from claimcite import __version__
from claimcite.findings import Finding, Result
from claimcite.report import How
from claimcite.report.safe import encodable

SCHEMA = "claimcite/report/v1"


def _text(text: str | None) -> str | None:
    return None if text is None else encodable(text)


def finding_record(finding: Finding) -> dict[str, Any]:
    record = {
        "rule": finding.rule,
        "code": finding.code,
        "severity": finding.severity.value,
        "message": encodable(finding.message),
        "path": encodable(finding.path),
        "line": finding.line,
        "column": finding.column,
        "claim": _text(finding.claim),
        "key": _text(finding.key),
        "suggestion": _text(finding.suggestion),
        "fingerprint": finding.fingerprint,
    }
    if finding.excerpt is not None:  # a Word document: the paragraph's first words (line: its number)
        record["excerpt"] = encodable(finding.excerpt)
    return record


def render(result: Result, stream: TextIO, how: How) -> None:
    summary = result.summary
    head = {
        "schema": SCHEMA,
        "version": __version__,
        "root": how.root,
        "summary": {
            "files": summary.files,
            "claims": summary.claims,
            "citations": summary.citations,
            "sources": summary.sources,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
        },
    }
    baseline = (
        None
        if result.baseline is None
        else {"matched": result.baseline.matched, "gone": result.baseline.gone}
    )
    # the head pretty, each finding on one line: readable, and json's C encoder for the many
    findings = ",\n    ".join(json.dumps(finding_record(f), ensure_ascii=False) for f in result.findings)
    listed = f"[\n    {findings}\n  ]" if findings else "[]"
    tail = json.dumps({"suppressed": result.suppressed, "baseline": baseline}, indent=2, ensure_ascii=False)
    stream.write(json.dumps(head, indent=2, ensure_ascii=False)[:-2])
    stream.write(f',\n  "findings": {listed},\n{tail[2:]}\n')
