"""The public example projects in ../shared/cases, scored by their own expected.tsv."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SHARED

CASES = SHARED / "cases"
# The cases whose issue has landed; the others belong to issues still open.
LANDED = ("clean", "core-basic", "bad-input", "manuscripts-basic")


@pytest.mark.skipif(not CASES.is_dir(), reason="../shared/cases is not present beside the repository")
@pytest.mark.parametrize("name", LANDED)
def test_public_case(name: str, tmp_path: Path) -> None:
    source = CASES / name
    work = tmp_path / name
    shutil.copytree(source, work)
    args = (source / "args").read_text().split() if (source / "args").exists() else []
    exe = shutil.which("claimcite", path=os.path.dirname(sys.executable)) or shutil.which("claimcite")
    command = [exe] if exe else [sys.executable, "-m", "claimcite"]
    run = subprocess.run(
        [*command, "check", "--format", "json", *args], cwd=work, capture_output=True, text=True, check=False
    )
    assert "Traceback" not in run.stderr
    want = int((source / "exit").read_text()) if (source / "exit").exists() else 1
    assert run.returncode == want, run.stderr
    report = tmp_path / "report.json"
    report.write_text(run.stdout, encoding="utf-8")
    score = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "score.py"), str(source / "expected.tsv"), str(report), name],
        capture_output=True,
        text=True,
        check=False,
    )
    assert score.returncode == 0, score.stdout
