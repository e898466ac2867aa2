"""The baseline file: today's findings, each with the fingerprint that `check --baseline` compares."""

from __future__ import annotations

import json
from typing import TextIO

from claimcite import __version__
from claimcite.findings import Result
from claimcite.model import BASELINE_SCHEMA as SCHEMA
from claimcite.report import How
from claimcite.report.safe import encodable


def render(result: Result, stream: TextIO, how: How) -> None:
    findings = [
        {
            "fingerprint": finding.fingerprint,
            "rule": finding.rule,
            "path": encodable(finding.path),
            "claim": None if finding.claim is None else encodable(finding.claim),
            "key": None if finding.key is None else encodable(finding.key),
            "message": encodable(finding.message),
        }
        for finding in result.findings
    ]
    document = {"schema": SCHEMA, "version": __version__, "findings": findings}
    stream.write(json.dumps(document, indent=2, ensure_ascii=False))
    stream.write("\n")
