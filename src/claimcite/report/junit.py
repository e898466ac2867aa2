"""`--format junit`: JUnit XML for CI servers. One test case per checked claim, document,
bibliography and claim file; a failure per finding of error level, the others as output."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import TextIO

from claimcite.findings import Checked, Finding, Result
from claimcite.report import How
from claimcite.report.safe import visible


def _case_of(finding: Finding, cases: dict[tuple[str, str], Checked], by_path: dict[str, Checked]) -> Checked:
    if finding.claim is not None and ("claim", finding.claim) in cases:
        return cases[("claim", finding.claim)]
    if finding.path in by_path:
        return by_path[finding.path]
    return Checked("file", finding.path, finding.path)


def _line(finding: Finding) -> str:
    return f"{visible(finding.location.position)}: {finding.code} [{finding.rule}] {visible(finding.message)}"


def render(result: Result, stream: TextIO, how: How) -> None:
    cases = {(item.kind, item.name): item for item in result.checked}
    by_path: dict[str, Checked] = {}
    for item in result.checked:
        if item.kind != "claim":
            by_path.setdefault(item.path, item)
    grouped: dict[Checked, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        grouped[_case_of(finding, cases, by_path)].append(finding)
    ordered = list(result.checked) + [item for item in grouped if item not in result.checked]
    # a failure is a test case with a finding that fails the check (--fail-on), as CI counts them
    failures = sum(1 for item in ordered if any(result.fails(f) for f in grouped.get(item, ())))
    suites = ET.Element("testsuites", name="claimcite", tests=str(len(ordered)), failures=str(failures))
    suite = ET.SubElement(
        suites, "testsuite", name="claimcite", tests=str(len(ordered)), failures=str(failures), errors="0"
    )
    for item in ordered:
        # XML 1.0 has no way to hold most control characters: they are shown as escapes
        path = visible(item.path)
        case = ET.SubElement(
            suite, "testcase", classname=f"{item.kind}.{path}", name=visible(item.name), file=path
        )
        findings = grouped.get(item, [])
        failing = [finding for finding in findings if result.fails(finding)]
        if failing:  # one failure per test case, as JUnit has it, naming every finding
            first = failing[0]
            message = visible(first.message) + (f" (and {len(failing) - 1} more)" if len(failing) > 1 else "")
            failure = ET.SubElement(case, "failure", message=message, type=first.rule)
            failure.text = "\n".join(_line(finding) for finding in failing)
        others = [finding for finding in findings if not result.fails(finding)]
        if others:
            output = ET.SubElement(case, "system-out")
            output.text = "\n".join(f"{f.severity.value}: {_line(f)}" for f in others)
    ET.indent(suites)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(suites, encoding="unicode"))
    stream.write("\n")
