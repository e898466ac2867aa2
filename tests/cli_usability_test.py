"""The command line as a new user meets it: usage with no arguments, help that names arguments
as people write them, errors without typer's wording, and a guess for what was meant."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Run

Cli = Callable[..., Run]
Project = Callable[[dict[str, str]], Path]

BIB = "@book{okafor2017, author = {Okafor, Chidi}, title = {Language}, publisher = {P}, year = {2017}}\n"
CLAIMS = (
    "claims:\n  - id: a\n    statement: Support reaches migrants less often.\n    sources: [okafor2017]\n"
)


def test_no_arguments_prints_the_usage_on_stderr_and_exits_2(cli: Cli) -> None:
    run = cli()
    assert (run.status, run.out) == (2, "")
    assert run.err.startswith("Usage: claimcite") and "check" in run.err


def test_help_names_arguments_as_people_write_them(cli: Cli) -> None:
    check, explain = cli("check", "--help"), cli("explain", "--help")
    assert check.status == explain.status == 0
    assert "[PATH]..." in check.out and "<list[str]>" not in check.out
    assert (
        "explain [OPTIONS] RULE" in explain.out and "{rule}" not in explain.out and "<str>" not in explain.out
    )


def test_a_bad_choice_has_no_value_error_prefix(cli: Cli) -> None:
    run = cli("check", "--fail-on", "bad")
    assert run.status == 2 and "Value error" not in run.err
    assert "'bad' is not one of 'error', 'warning', 'info', 'never'" in run.err


@pytest.mark.parametrize("spelling", ["--bibliography", "--bibfile"])
def test_pandocs_spelling_of_an_option_gets_a_guess(cli: Cli, spelling: str) -> None:
    run = cli("check", spelling, "refs.bib")
    assert run.status == 2 and "--bib" in run.err.replace(spelling, "")


def test_an_option_like_none_gets_no_guess(cli: Cli) -> None:
    run = cli("check", "--colour")
    assert run.status == 2 and "did you mean" not in run.err.lower() and "Possible options" not in run.err


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_an_unknown_rule_in_select_or_ignore_gets_a_guess(cli: Cli, project: Project, option: str) -> None:
    root = project({"references.bib": BIB, "claims/a.yaml": CLAIMS})
    run = cli("check", option, "unknwn-key", cwd=root)
    assert run.status == 2 and "did you mean 'unknown-key'?" in run.err
    far = cli("check", option, "zzzzzz", cwd=root)
    assert far.status == 2 and "did you mean" not in far.err and "`claimcite rules` lists them" in far.err
    assert cli("check", option, "CC1", cwd=root).status in (0, 1)  # a code prefix is no unknown rule


def test_the_project_root_is_found_upward(cli: Cli, project: Project) -> None:
    """`cd claims && claimcite check` checks the project whose [tool.claimcite] is in
    ../pyproject.toml, as ruff, mypy and pre-commit find theirs; the terminal shows paths from
    where it runs, JSON from the root."""
    files = {"references.bib": BIB, "claims/a.yaml": CLAIMS.replace("okafor2017]", "okafor2071]")}
    root = project({**files, "pyproject.toml": '[tool.claimcite]\nfail_on = "warning"\n'})
    from_root = cli("check", "--format", "json", cwd=root)
    below = cli("check", "--format", "json", cwd=root / "claims")
    assert below.status == from_root.status == 1
    assert below.findings() == from_root.findings() and below.findings("unknown-key")
    terminal = cli("check", cwd=root / "claims")
    assert "a.yaml:4:" in terminal.out and "claims/a.yaml" not in terminal.out


def test_a_subfolder_of_no_project_is_its_own_root(cli: Cli, project: Project) -> None:
    root = project({"references.bib": BIB, "claims/a.yaml": CLAIMS, "pyproject.toml": "[tool.black]\n"})
    run = cli("check", "--format", "json", cwd=root / "claims")  # no [tool.claimcite] above
    assert run.report["root"] == "."  # claims/ is its own root: the project above is not read
    assert [f["rule"] for f in run.findings()] == ["nothing-checked"]


@pytest.mark.parametrize("key", ["claim", "Claims", "clams"])
def test_a_misspelt_top_level_key_is_reported_not_skipped(cli: Cli, project: Project, key: str) -> None:
    root = project({"references.bib": BIB, "claims/a.yaml": CLAIMS.replace("claims:", f"{key}:")})
    run = cli("check", "--format", "json", cwd=root)
    assert run.status == 1
    (invalid,) = run.findings("invalid-claim")
    assert (invalid["path"], invalid["line"]) == ("claims/a.yaml", 1)
    assert f"'{key}'" in invalid["message"] and "did you mean 'claims'?" in invalid["message"]


def test_other_yaml_in_a_folder_is_not_a_claim_file(cli: Cli, project: Project) -> None:
    """`claimcite check .` meets the YAML of other tools: a list (`.pre-commit-hooks.yaml`), a
    mapping with keys of its own, one with a key that only starts like `claims`."""
    root = project(
        {
            "references.bib": BIB,
            "claims/a.yaml": CLAIMS,
            ".pre-commit-hooks.yaml": "- id: claimcite\n  name: claimcite\n  entry: claimcite check\n",
            ".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
            "docs/claimants.yaml": "claimant: someone\n",
        }
    )
    run = cli("check", ".", "--format", "json", cwd=root)
    assert (run.status, run.findings()) == (0, []), run.err


def test_a_check_that_found_nothing_to_check_says_so(cli: Cli, project: Project) -> None:
    root = project({"references.bib": BIB, "claims/a.yaml": "claims: []\n"})
    run = cli("check", "--format", "json", cwd=root)
    (nothing,) = run.findings("nothing-checked")
    assert nothing["severity"] == "warning" and "no claim and no citation" in nothing["message"]
    terminal = cli("check", cwd=root)
    assert "nothing checked against a source" in terminal.out.splitlines()[-1]
    (root / "claims" / "a.yaml").unlink()
    (root / "claims").rmdir()
    assert cli("check", "--format", "json", cwd=root).findings("nothing-checked")  # no claims/ at all


def test_a_manuscript_with_citations_and_no_claims_checked_something(cli: Cli, project: Project) -> None:
    root = project({"references.bib": BIB, "paper.md": "Support is rare [@okafor2017].\n"})
    run = cli("check", "paper.md", "--format", "json", cwd=root)
    assert run.status == 0 and not run.findings("nothing-checked")
    assert "nothing checked" not in cli("check", "paper.md", cwd=root).out


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_reports_and_baselines_follow_the_umask(cli: Cli, project: Project, umask: int, mode: int) -> None:
    root = project({"references.bib": BIB, "claims/a.yaml": CLAIMS})
    previous = os.umask(umask)
    try:
        assert cli("check", "--format", "json", "--output", "report.json", cwd=root).status == 0
        assert cli("baseline", cwd=root).status == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE((root / "report.json").stat().st_mode) == mode
    assert stat.S_IMODE((root / ".claimcite-baseline.json").stat().st_mode) == mode


def test_a_report_written_again_keeps_its_mode(cli: Cli, project: Project) -> None:
    root = project({"references.bib": BIB, "claims/a.yaml": CLAIMS, "report.json": "{}"})
    (root / "report.json").chmod(0o640)
    assert cli("check", "--format", "json", "--output", "report.json", cwd=root).status == 0
    assert stat.S_IMODE((root / "report.json").stat().st_mode) == 0o640
    assert (root / "report.json").read_text() != "{}"


def test_a_broken_pyproject_above_is_not_taken_for_the_root(cli: Cli, project: Project) -> None:
    root = project(
        {"pyproject.toml": "[tool.claimcite\n", "work/references.bib": BIB, "work/claims/a.yaml": CLAIMS}
    )
    run = cli("check", "--format", "json", cwd=root / "work")
    assert (run.status, run.findings()) == (0, []), run.err
    assert cli("check", cwd=root).status == 2  # in its own folder, it is reported
