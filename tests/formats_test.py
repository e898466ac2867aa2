"""SARIF, JUnit, GitHub annotations and Markdown hold the same findings as the JSON report."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from claimcite.rules import ALL_RULES

from .conftest import SHARED, Run

Cli = Callable[..., Run]
Project = Callable[[dict[str, str]], Path]

FILES = {
    "references.bib": (
        "@article{okafor2017,\n  author = {Okafor, Chidi},\n  title = {Language, barriers: 100%},\n"
        "  journal = {J},\n  year = {2017}\n}\n@inproceedings{tanaka2019,\n  author = {Tanaka, Yui},\n"
        "  title = {Trust},\n  year = {2019}\n}\n"
    ),
    "claims/a.yaml": (
        "document: paper.md\nclaims:\n  - id: language\n"
        "    statement: Language barriers keep residents away.\n"
        "    sources: [okafor2071, tanaka2019]\n  - id: gap\n    statement: Nobody studied it.\n"
    ),
    "paper.md": "Language barriers keep residents away [@okafor2017].\n\nSee [@nope, p. 3].\n",
}
SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture
def checked(cli: Cli, project: Project) -> tuple[Path, list[dict[str, object]]]:
    root = project(FILES)
    run = cli("check", "--format", "json", cwd=root)
    assert run.status == 1
    return root, run.findings()


def _identity(findings: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return sorted((f["code"], f["path"], f["line"], f["column"], f["message"]) for f in findings)


def test_sarif_holds_the_same_findings(cli: Cli, checked: tuple[Path, list[dict[str, object]]]) -> None:
    root, findings = checked
    log = json.loads(cli("check", "--format", "sarif", cwd=root).out)
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [r.code for r in ALL_RULES]
    for descriptor, rule in zip(run["tool"]["driver"]["rules"], ALL_RULES, strict=True):
        assert descriptor["help"]["markdown"] == rule.doc and descriptor["name"] == rule.name
    results = run["results"]
    got = []
    for result in results:
        location = result["locations"][0]["physicalLocation"]
        region = location.get("region", {})
        got.append(
            (result["ruleId"], location["artifactLocation"]["uri"], region.get("startLine"),
             region.get("startColumn"), result["message"]["text"])
        )  # fmt: skip
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["partialFingerprints"]["claimciteFingerprint/v1"]
    assert sorted(got) == _identity(findings)


@pytest.mark.skipif(not SCHEMA.is_file(), reason="../shared/schemas/sarif-schema-2.1.0.json is not present")
def test_sarif_is_valid_against_the_official_schema(
    cli: Cli, checked: tuple[Path, list[dict[str, object]]]
) -> None:
    root, _ = checked
    log = json.loads(cli("check", "--format", "sarif", cwd=root).out)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    clean = json.loads(cli("check", "--format", "sarif", "--select", "duplicate-key", cwd=root).out)
    jsonschema.Draft4Validator(schema).validate(clean)


def test_junit_has_a_case_per_claim_and_document_and_a_failure_per_failing_case(
    cli: Cli, checked: tuple[Path, list[dict[str, object]]]
) -> None:
    root, findings = checked
    tree = ET.fromstring(cli("check", "--format", "junit", cwd=root).out)
    cases = tree.findall(".//testcase")
    names = {(case.get("classname", "").split(".", 1)[0], case.get("name")) for case in cases}
    assert {
        ("claim", "language"),
        ("claim", "gap"),
        ("document", "paper.md"),
        ("bibliography", "references.bib"),
    } <= names
    failures = tree.findall(".//failure")
    failing = [case for case in cases if case.find("failure") is not None]
    assert len(failures) == len(failing) == int(tree.get("failures", "0")) > 0  # test cases, not findings
    assert all(len(case.findall("failure")) <= 1 for case in cases)
    text = "\n".join(str(f.text) for f in failures)
    errors = [f for f in findings if f["severity"] == "error"]
    assert all(f"{f['code']} [{f['rule']}]" in text and str(f["message"]) in text for f in errors)
    assert not any(f["severity"] != "error" and str(f["message"]) in text for f in findings)
    language = next(case for case in cases if case.get("name") == "language")
    assert language.find("failure") is not None


def test_junit_failures_follow_fail_on(cli: Cli, checked: tuple[Path, list[dict[str, object]]]) -> None:
    """A run that exits 1 has failures, one that exits 0 none: the same gate as the exit status."""
    root, findings = checked
    assert {f["severity"] for f in findings} >= {"error", "warning"}
    counts = {}
    for fail_on in ("never", "error", "warning"):
        run = cli("check", "--format", "junit", "--fail-on", fail_on, cwd=root)
        counts[fail_on] = int(ET.fromstring(run.out).get("failures", "0"))
        assert (run.status == 1) == (counts[fail_on] > 0), fail_on
    assert counts["never"] == 0 < counts["error"] < counts["warning"]


def test_github_annotations(cli: Cli, checked: tuple[Path, list[dict[str, object]]]) -> None:
    root, findings = checked
    lines = cli("check", "--format", "github", cwd=root).out.splitlines()
    assert len(lines) == len(findings)
    for line, finding in zip(lines, findings, strict=True):
        command = {"error": "error", "warning": "warning", "info": "notice"}[str(finding["severity"])]
        assert line.startswith(f"::{command} file={finding['path']},line={finding['line']},")
        assert f"title={finding['code']} {finding['rule']}::" in line
    tricky = next(line for line in lines if "okafor2071" in line)
    assert tricky.endswith("::unknown key 'okafor2071' - did you mean 'okafor2017'?")


def test_github_escapes_what_would_break_a_command() -> None:
    from claimcite.report.github import _data, _property

    assert _data("50%\nnext") == "50%25%0Anext"
    assert _property("a:b,c") == "a%3Ab%2Cc"


def test_markdown_summary(cli: Cli, checked: tuple[Path, list[dict[str, object]]]) -> None:
    root, findings = checked
    text = cli("check", "--format", "markdown", cwd=root).out
    assert text.startswith("## claimcite")
    for finding in findings:
        assert f"`{finding['rule']}`" in text and f"`{finding['path']}`" in text
    assert "| rule | code | severity | findings |" in text and "| file | errors | warnings | infos |" in text


def test_markdown_when_all_is_well(cli: Cli, project: Project) -> None:
    root = project({"references.bib": FILES["references.bib"], "claims/a.yaml": "claims: []\n"})
    assert "All checks passed" in cli("check", "--format", "markdown", "--select", "CC1", cwd=root).out


def test_statistics(cli: Cli, checked: tuple[Path, list[dict[str, object]]]) -> None:
    root, findings = checked
    lines = cli("check", "--statistics", cwd=root).out.splitlines()
    total = sum(int(line.split("\t")[0]) for line in lines)
    assert total == len(findings)
    assert any(line.split("\t")[2] == "unknown-key" for line in lines)


def test_sarif_fingerprints_tell_alike_findings_apart(cli: Cli, project: Project) -> None:
    """Two citation-style infos of one document share rule, path and message: code scanning
    would merge them under one fingerprint. Lines moving above them keep the values."""
    bib = "".join(
        f"@book{{{k}, author = {{{a}, A.}}, title = {{T}}, publisher = {{P}}, year = {{{y}}}}}\n"
        for k, a, y in [("ann2020", "Ann", 2020), ("bob2021", "Bob", 2021), ("cid2022", "Cid", 2022)]
    )
    text = "A (Ann, 2020). B (Bob, 2021). C (Cid 2022).\n\nD (Ann, 2020). E (Cid 2022).\n"
    root = project({"references.bib": bib, "paper.txt": text})

    def prints() -> list[tuple[int, str]]:
        log = json.loads(
            cli("check", "paper.txt", "--format", "sarif", "--select", "citation-style", cwd=root).out
        )
        return [
            (
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
                r["partialFingerprints"]["claimciteFingerprint/v1"],
            )
            for r in log["runs"][0]["results"]
        ]

    first = prints()
    assert len(first) == 2 and len({value for _, value in first}) == 2
    (root / "paper.txt").write_text("Intro.\n\n" + text)
    moved = prints()
    assert [line for line, _ in moved] == [line + 2 for line, _ in first]
    assert [value for _, value in moved] == [value for _, value in first]
