"""Start-up: `--version`, `--help` and `rules` import neither the loaders nor pybtex, and the first
two not the rules either (in a pre-commit hook or an editor the start-up is the whole run;
benchmarks/startup.py measures it). The help names the suffixes from the table of formats, which
names its readers without importing them: of `claimcite.load`, only the table is imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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


# the table of formats (load/formats/__init__.py) and its rows' type (load/format.py)
TABLE = ["claimcite.load", "claimcite.load.format", "claimcite.load.formats"]


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["check", "--help"], ["citations", "--help"]])
def test_version_and_help_import_no_loader_rule_or_parser(args: list[str]) -> None:
    assert _imported(*args) == (0, TABLE)


def test_the_probe_sees_the_readers_that_a_check_imports(tmp_path: Path) -> None:
    """A near miss for the test above: a check of a Markdown manuscript imports its reader (named
    by its row) and pybtex for its bibliography; the LaTeX reader, which it does not need, stays out."""
    (tmp_path / "paper.md").write_text("As shown [@a].\n", encoding="utf-8")
    (tmp_path / "references.bib").write_text("@book{a, title = {A}, year = {2020}}\n", encoding="utf-8")
    status, modules = _imported("check", str(tmp_path / "paper.md"), "--root", str(tmp_path), "--no-cache")
    assert status in (0, 1)
    assert {"claimcite.load.formats.markdown", "claimcite.load.bibtex", "pybtex"} <= set(modules)
    assert "claimcite.load.formats.latex" not in modules


def test_rules_imports_the_rules_and_no_loader_or_parser() -> None:
    status, modules = _imported("rules")
    assert status == 0 and "claimcite.rules" in modules  # the probe sees what is imported
    # the rules fold names and decode LaTeX with load's pure helpers (names, tex), which import no
    # loader: the package's own module imports none of its modules
    helpers = {*TABLE, "claimcite.load.names", "claimcite.load.tex"}
    loaded = [m for m in modules if m.startswith(("claimcite.load", "pybtex", "yaml", "claimcite.fix"))]
    assert [m for m in loaded if m not in helpers] == []
