"""Baselines: adopt claimcite on a project with findings, and see only the new ones."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .conftest import Run

Cli = Callable[..., Run]
Project = Callable[[dict[str, str]], Path]

BIB = "@misc{okafor2017, author = {Okafor, C}, title = {T}, year = {2017}}\n"
CLAIMS = (
    "claims:\n  - id: one\n    statement: One.\n    sources: [okafor2071]\n  - id: two\n    statement: Two.\n"
)


def test_baseline_keeps_its_findings_when_lines_move(cli: Cli, project: Project) -> None:
    root = project({"references.bib": BIB, "claims/a.yaml": CLAIMS})
    written = cli("baseline", cwd=root)
    assert written.status == 0 and "wrote 3 findings" in written.err  # and okafor2017 is unused
    baseline = root / ".claimcite-baseline.json"
    assert len(json.loads(baseline.read_text())["findings"]) == 3
    assert cli("check", "--baseline", str(baseline), cwd=root).status == 0

    # lines inserted above the old findings, and one new finding
    moved = "# a comment\n# another\n" + CLAIMS.replace(
        "claims:\n", "claims:\n  - id: new\n    statement: New.\n"
    )
    (root / "claims" / "a.yaml").write_text(moved)
    run = cli("check", "--baseline", str(baseline), "--format", "json", cwd=root)
    assert run.status == 1
    assert [(f["rule"], f["claim"]) for f in run.findings()] == [("unsupported-claim", "new")]
    assert run.report["baseline"] == {"matched": 3, "gone": 0}


def test_fixed_findings_are_counted_as_gone(cli: Cli, project: Project) -> None:
    root = project({"references.bib": BIB, "claims/a.yaml": CLAIMS})
    cli("baseline", "--output", "base.json", cwd=root)
    (root / "claims" / "a.yaml").write_text(CLAIMS.replace("okafor2071", "okafor2017"))
    run = cli("check", "--baseline", "base.json", "--format", "json", cwd=root)
    assert run.report["baseline"] == {"matched": 1, "gone": 2}  # the unknown key, the unused entry
    terminal = cli("check", "--baseline", "base.json", cwd=root)
    assert "2 baseline findings no longer occur" in terminal.out


def test_baseline_in_the_config_and_bad_baselines(cli: Cli, project: Project) -> None:
    root = project({"references.bib": BIB, "claims/a.yaml": CLAIMS})
    cli("baseline", cwd=root)
    (root / "claimcite.toml").write_text('baseline = ".claimcite-baseline.json"\n')
    assert cli("check", cwd=root).status == 0
    (root / ".claimcite-baseline.json").write_text("{not json")
    run = cli("check", cwd=root)
    assert run.status == 2 and run.err.count("\n") == 1
    assert cli("check", "--baseline", "missing.json", cwd=root).status == 2


def test_fingerprint_ignores_line_references_in_messages(cli: Cli, project: Project) -> None:
    claims = "claims:\n" + "  - id: x\n    statement: A.\n    sources: [okafor2017]\n" * 2
    root = project({"references.bib": BIB, "claims/a.yaml": claims})
    first = cli("check", "--format", "json", cwd=root).findings("duplicate-claim-id")[0]["fingerprint"]
    (root / "claims" / "a.yaml").write_text("\n\n\n" + claims)
    again = cli("check", "--format", "json", cwd=root).findings("duplicate-claim-id")[0]
    assert again["fingerprint"] == first and again["line"] != 6
