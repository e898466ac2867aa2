"""`--format sarif`: SARIF 2.1.0, one reportingDescriptor per rule with its documentation as help,
stable partialFingerprints so that code scanning follows a finding across commits."""

from __future__ import annotations

import json
from typing import Any, TextIO

from claimcite import __version__
from claimcite.findings import Finding, Result
from claimcite.model import Severity
from claimcite.report import How
from claimcite.report.safe import encodable
from claimcite.rules import ALL_RULES
from claimcite.rules.base import section

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
INFORMATION_URI = "https://pypi.org/project/claimcite/"


def _descriptor(index: int) -> dict[str, Any]:
    rule = ALL_RULES[index]
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(section(rule.doc, "What it does").split())},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [rule.name.split("-")[-1]]},
    }


def _fingerprints(findings: tuple[Finding, ...]) -> list[str]:
    """Each finding's fingerprint, with `:2`, `:3` ... after the first of findings that share one
    (two alike findings on two lines of one file): code scanning merges results of one
    fingerprint. The count follows the report's order, which lines moving above keep."""
    seen: dict[str, int] = {}
    out = []
    for finding in findings:
        count = seen[finding.fingerprint] = seen.get(finding.fingerprint, 0) + 1
        out.append(finding.fingerprint if count == 1 else f"{finding.fingerprint}:{count}")
    return out


def _result(finding: Finding, index: dict[str, int], fingerprint: str) -> dict[str, Any]:
    location: dict[str, Any] = {
        "artifactLocation": {"uri": encodable(finding.path), "uriBaseId": "%SRCROOT%"}
    }
    if finding.line is not None:
        region: dict[str, int] = {"startLine": finding.line}
        if finding.column is not None:
            region["startColumn"] = finding.column
        location["region"] = region
    place: dict[str, Any] = {"physicalLocation": location}
    if finding.excerpt is not None:  # a Word document: line is a paragraph; its first words find it
        place["message"] = {"text": encodable(f'paragraph {finding.line}: "{finding.excerpt}"')}
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": LEVELS[finding.severity],
        "message": {"text": encodable(finding.message)},
        "locations": [place],
        "partialFingerprints": {"claimciteFingerprint/v1": fingerprint},
    }
    properties = {name: getattr(finding, name) for name in ("claim", "key", "suggestion")}
    properties = {name: encodable(value) for name, value in properties.items() if value is not None}
    if properties:
        result["properties"] = properties
    return result


def render(result: Result, stream: TextIO, how: How) -> None:
    index = {rule.code: position for position, rule in enumerate(ALL_RULES)}
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "claimcite",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_descriptor(position) for position in range(len(ALL_RULES))],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [
                    _result(finding, index, fingerprint)
                    for finding, fingerprint in zip(
                        result.findings, _fingerprints(result.findings), strict=True
                    )
                ],
            }
        ],
    }
    stream.write(json.dumps(log, indent=2, ensure_ascii=False))
    stream.write("\n")
