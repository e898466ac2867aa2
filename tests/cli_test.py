from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from claimcite import __version__
from claimcite.rules import ALL_RULES

from .conftest import REPO, Run

Cli = Callable[..., Run]
Project = Callable[[dict[str, str]], Path]

BIB = """
@article{okafor2017,
  author  = {Okafor, Chidi and Lindqvist, Maja},
  title   = {Language barriers in community health work},
  journal = {Health and Social Care in the Community},
  year    = {2017}
}
"""
CLAIMS = """
claims:
  - id: language
    statement: Language barriers keep residents from seeking help.
    sources: [okafor2017]
"""


def _one_line(run: Run) -> None:
    assert run.status == 2
    assert run.err.count("\n") == 1 and run.err.startswith("claimcite: ")
    assert "Traceback" not in run.err


def test_the_bundled_example_is_checked(cli: Cli) -> None:
    run = cli("check", cwd=REPO)
    assert run.status == 0, run.err
    assert "10 claims" in run.out and "4 entries" in run.out


def test_json_report_follows_the_contract(cli: Cli, project: Project) -> None:
    root = project({"references.bib": BIB, "claims/a.yaml": CLAIMS.replace("okafor2017]", "okafor2071]")})
    run = cli("check", "--format", "json", cwd=root)
    assert run.status == 1
    report = run.report
    schema = json.loads((REPO / "docs" / "report-v1.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    assert list(report)[:5] == ["schema", "version", "root", "summary", "findings"]
    assert report["schema"] == "claimcite/report/v1" and report["version"] == __version__
    assert report["root"] == "."
    assert report["summary"] == {
        "files": 2,
        "claims": 1,
        "citations": 1,
        "sources": 1,
        "errors": 1,
        "warnings": 1,
        "infos": 0,
    }
    unknown = run.findings("unknown-key")[0]
    unknown.pop("fingerprint")
    assert unknown == {
        "rule": "unknown-key",
        "code": "CC101",
        "severity": "error",
        "message": "unknown key 'okafor2071' - did you mean 'okafor2017'?",
        "path": "claims/a.yaml",
        "line": 4,
        "column": 15,
        "claim": "language",
        "key": "okafor2071",
        "suggestion": "okafor2017",
    }
    for finding in report["findings"]:
        assert set(finding) >= {
            "rule",
            "code",
            "severity",
            "message",
            "path",
            "line",
            "column",
            "claim",
            "key",
            "suggestion",
        }
    keys = [(f["path"], f["line"], f["column"] or 0, f["rule"]) for f in report["findings"]]
    assert keys == sorted(keys)


def test_example_report_validates(cli: Cli) -> None:
    schema = json.loads((REPO / "docs" / "report-v1.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(cli("check", "--format", "json", cwd=REPO).report, schema)


def test_same_input_same_report_byte_for_byte(cli: Cli) -> None:
    first = cli("check", "--format", "json", cwd=REPO).out
    assert cli("check", "--format", "json", cwd=REPO).out == first


def test_clean_project_is_quiet_and_exits_0(cli: Cli, project: Project) -> None:
    root = project({"references.bib": BIB, "claims/a.yaml": CLAIMS})
    run = cli("check", cwd=root)
    assert run.status == 0 and run.out.startswith("All checks passed")
    assert cli("check", "--quiet", cwd=root).out == ""


def test_terminal_report_is_plain_when_not_a_terminal(cli: Cli, project: Project) -> None:
    root = project({"references.bib": BIB, "claims/a.yaml": CLAIMS.replace("okafor2017]", "nope]")})
    run = cli("check", cwd=root)
    assert "\x1b[" not in run.out
    assert "claims/a.yaml:4:15  error   CC101 unknown key 'nope'" in run.out
    assert run.out.rstrip().endswith("(1 claim, 1 entry, 2 files checked).")


def test_fail_on_sets_the_exit_status(cli: Cli, project: Project) -> None:
    root = project({"references.bib": BIB + "@misc{unused, title={x}}\n", "claims/a.yaml": CLAIMS})
    assert cli("check", cwd=root).status == 0  # only a warning
    assert cli("check", "--fail-on", "warning", cwd=root).status == 1
    assert cli("check", "--fail-on", "never", "--fail-on", "never", cwd=root).status == 0


def test_select_and_ignore(cli: Cli, project: Project) -> None:
    root = project({"references.bib": BIB + "@misc{unused, title={x}}\n", "claims/a.yaml": CLAIMS})
    assert cli("check", "--format", "json", "--ignore", "unused-entry", cwd=root).findings() == []
    assert cli("check", "--format", "json", "--select", "CC4", cwd=root).findings("unused-entry")
    assert cli("check", "--format", "json", "--select", "unknown-key,CC201", cwd=root).findings() == []
    _one_line(cli("check", "--select", "no-such-rule", cwd=root))


def test_config_in_pyproject_and_command_line_wins(cli: Cli, project: Project) -> None:
    root = project(
        {
            "refs/main.bib": BIB + "@misc{unused, title={x}}\n",
            "claims/a.yaml": CLAIMS,
            "pyproject.toml": '[tool.claimcite]\nbibliography = "refs/main.bib"\nfail_on = "warning"\n'
            '[tool.claimcite.severity]\nunused-entry = "info"\n',
        }
    )
    run = cli("check", "--format", "json", cwd=root)
    assert run.status == 0  # unused-entry lowered to info
    assert run.findings("unused-entry")[0]["severity"] == "info"
    assert cli("check", "--fail-on", "info", cwd=root).status == 1


def test_claimcite_toml_and_a_bad_config(cli: Cli, project: Project) -> None:
    root = project(
        {"references.bib": BIB, "claims/a.yaml": CLAIMS, "claimcite.toml": "ignore = ['unused-entry']\n"}
    )
    assert cli("check", cwd=root).status == 0
    (root / "claimcite.toml").write_text("bibliografy = 'x.bib'\n")
    run = cli("check", cwd=root)
    _one_line(run)
    assert "did you mean 'bibliography'" in run.err
    (root / "claimcite.toml").write_text("ignore = [\n")
    _one_line(cli("check", cwd=root))


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--bogus"),
        ("check", "--format", "pdf"),
        ("check", "--fail-on", "sometimes"),
        ("check", "--bib", "missing.bib"),
        ("check", "missing.yaml"),
        ("check", "--root", "no/such/folder"),
        ("check", "--config", "none.toml"),
        ("explain", "no-such-rule"),
        ("nonsense",),
    ],
)
def test_bad_command_lines_exit_2_with_one_line(cli: Cli, project: Project, args: tuple[str, ...]) -> None:
    root = project({"references.bib": BIB, "claims/a.yaml": CLAIMS})
    _one_line(cli(*args, cwd=root))


def test_missing_bibliography_exits_2(cli: Cli, project: Project) -> None:
    root = project({"claims/a.yaml": CLAIMS})
    run = cli("check", cwd=root)
    _one_line(run)
    assert "references.bib" in run.err


def test_bad_input_gives_findings_not_tracebacks(cli: Cli, project: Project) -> None:
    root = project(
        {
            "references.bib": BIB + "@article{broken,\n  title = {Open\n",
            "claims/a.yaml": CLAIMS,
            "claims/b.yaml": "claims: [\n",
            "claims/c.yaml": "claims:\n  - id: x\n    sources: 3\n",
        }
    )
    (root / "claims" / "d.yaml").write_bytes(
        b"claims:\n  - id: y\n    statement: caf\xe9\n    unsourced: r\n"
    )
    run = cli("check", "--format", "json", cwd=root)
    assert run.status == 1 and run.err == ""
    rules = {(f["rule"], f["path"]) for f in run.findings()}
    assert ("parse-error", "references.bib") in rules
    assert ("parse-error", "claims/b.yaml") in rules
    assert ("invalid-claim", "claims/c.yaml") in rules
    assert ("parse-error", "claims/d.yaml") in rules


def test_claim_file_bibliography_overrides_the_default(cli: Cli, project: Project) -> None:
    root = project(
        {
            "other.bib": BIB,
            "claims/a.yaml": "bibliography: other.bib\n" + CLAIMS,
            "claims/b.yaml": "bibliography: nowhere.bib\n"
            "claims:\n  - id: b\n    statement: s\n    sources: [k]\n",
        }
    )
    run = cli("check", "--format", "json", cwd=root)
    assert [(f["rule"], f["line"]) for f in run.findings()] == [("invalid-claim", 1)]


def test_paths_and_root(cli: Cli, project: Project, tmp_path: Path) -> None:
    root = project(
        {
            "proj/references.bib": BIB,
            "proj/claims/a.yaml": CLAIMS,
            "proj/extra/b.yaml": CLAIMS.replace("language", "other"),
        }
    )
    run = cli("check", "--root", "proj", "--format", "json", "proj/extra", "proj/claims/a.yaml", cwd=root)
    assert run.status == 0 and run.report["summary"]["claims"] == 2


def test_output_file_is_written_whole(cli: Cli, project: Project) -> None:
    root = project({"references.bib": BIB, "claims/a.yaml": CLAIMS})
    run = cli("check", "--format", "json", "--output", "out/report.json", cwd=root)
    _one_line(run)  # the folder does not exist
    (root / "out").mkdir()
    run = cli("check", "--format", "json", "--output", "out/report.json", cwd=root)
    assert run.status == 0 and run.out == ""
    assert json.loads((root / "out" / "report.json").read_text())["summary"]["claims"] == 1
    assert os.listdir(root / "out") == ["report.json"]


def test_rules_lists_every_rule(cli: Cli) -> None:
    run = cli("rules")
    assert run.status == 0
    for found in ALL_RULES:
        assert f"{found.code}\t{found.name}\t{found.severity.value}\t" in run.out


@pytest.mark.parametrize("found", ALL_RULES, ids=lambda r: r.name)
def test_explain_every_rule_by_name_and_code(cli: Cli, found: object) -> None:
    for word in (found.name, found.code.lower()):  # type: ignore[attr-defined]
        run = cli("explain", word)
        assert run.status == 0
        assert "## What it does" in run.out and "## Example" in run.out


def test_version(cli: Cli) -> None:
    run = cli("--version")
    assert run.status == 0 and run.out == f"claimcite {__version__}\n"


def test_a_document_that_cites_nothing_needs_no_bibliography(project: Project, cli: Cli) -> None:
    root = project({"skeleton.Rmd": "---\ntitle: A template\n---\n\nText, `r 1 + 1`, no citation.\n"})
    run = cli("check", "skeleton.Rmd", cwd=root)
    assert run.status == 0, run.err
    # near misses: one citation, or a claim with a source, and no bibliography is exit 2
    root = project({"paper.md": "Text [@okafor2017].\n"})
    _one_line(cli("check", "paper.md", cwd=root))
    root = project({"claims/a.yaml": CLAIMS})
    _one_line(cli("check", cwd=root))
    root = project({"skeleton.md": "Text.\n"})
    _one_line(cli("check", "skeleton.md", "--bib", "missing.bib", cwd=root))  # named: it must exist
    # a name before a year that is a citation only if it fits an entry needs none either
    root = project({"notes.txt": "Eve, Pynchon and Philosophy (London: Palgrave MacMillan, 2014).\n"})
    assert cli("check", "notes.txt", cwd=root).status == 0
    root = project(
        {"notes.txt": "Eve, Pynchon and Philosophy (London: Palgrave MacMillan, 2014), and Eve (2014).\n"}
    )
    _one_line(cli("check", "notes.txt", cwd=root))
