"""Start-up: `--version`, `--help` and `rules` import neither the loaders nor pybtex, and the first
two not the rules either (in a pre-commit hook or an editor the start-up is the whole run;
benchmarks/startup.py measures it)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import json, sys
from claimcite.cli import run_cli
status = run_cli(sys.argv[1:])
heavy = ("claimcite.load", "claimcite.rules", "claimcite.engine", "claimcite.fix", "pybtex", "yaml")
print(json.dumps({"status": status, "modules": sorted(m for m in sys.modules if m.startswith(heavy))}))
"""


def _imported(*args: str) -> tuple[int, list[str]]:
    run = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True, timeout=120
    )
    report = json.loads(run.stdout.strip().splitlines()[-1])
    return report["status"], report["modules"]


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["check", "--help"]])
def test_version_and_help_import_no_loader_rule_or_parser(args: list[str]) -> None:
    assert _imported(*args) == (0, [])


def test_rules_imports_the_rules_and_no_loader_or_parser() -> None:
    status, modules = _imported("rules")
    assert status == 0 and "claimcite.rules" in modules  # the probe sees what is imported
    # the rules fold names and decode LaTeX with load's pure helpers (names, tex), which import no
    # loader: the package's own module imports none of its modules
    helpers = {"claimcite.load", "claimcite.load.names", "claimcite.load.tex"}
    loaded = [m for m in modules if m.startswith(("claimcite.load", "pybtex", "yaml", "claimcite.fix"))]
    assert [m for m in loaded if m not in helpers] == []
