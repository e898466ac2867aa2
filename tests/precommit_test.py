"""The pre-commit hook of this repository, tried as a user would with `pre-commit try-repo`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, write_project

PRE_COMMIT = shutil.which("pre-commit", path=os.path.dirname(sys.executable)) or shutil.which("pre-commit")


# what pip says when no package index can be reached (pre-commit installs the hook with pip)
_OFFLINE = (
    "Temporary failure in name resolution",
    "Failed to establish a new connection",
    "Network is unreachable",
    "No matching distribution found",
    "Could not find a version that satisfies",
    "ProxyError",
)


def _offline(output: str) -> bool:
    return any(marker in output for marker in _OFFLINE)


def test_offline_is_told_from_a_failing_hook() -> None:
    assert _offline("ERROR: No matching distribution found for pybtex>=0.24")
    assert not _offline("claimcite.....Failed\n- hook id: claimcite\n- exit code: 1")


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed")
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.skipif(not (REPO / ".git").exists(), reason="the repository is not a git checkout")
def test_try_repo(tmp_path: Path) -> None:
    assert PRE_COMMIT is not None
    project = write_project(
        tmp_path / "project",
        {
            "references.bib": "@misc{okafor2017, author = {Okafor, C}, title = {T}, year = {2017}}\n",
            "claims/a.yaml": "claims:\n  - id: a\n    statement: A.\n    sources: [okafor2017]\n",
        },
    )
    _git(project, "init", "-q")
    _git(project, "add", ".")
    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [PRE_COMMIT, "try-repo", str(REPO), "claimcite", "--all-files"],
            cwd=project,
            env=environment,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )

    clean = try_repo()
    if clean.returncode != 0 and _offline(clean.stdout + clean.stderr):
        pytest.skip("pre-commit could not install the hook's dependencies: no package index reachable")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "claimcite" in clean.stdout and "Passed" in clean.stdout
    (project / "claims" / "a.yaml").write_text("claims:\n  - id: a\n    statement: A.\n    sources: [nope]\n")
    _git(project, "add", ".")
    broken = try_repo()
    assert broken.returncode == 1
    assert "unknown key 'nope'" in broken.stdout
