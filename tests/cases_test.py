"""The public example projects, scored by their own expected.tsv: the repository's own cases
in tests/cases (always), and those in ../shared/cases (when it is there)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import REPO, SHARED

CASES = SHARED / "cases"
OWN_CASES = REPO / "tests" / "cases"
# The shared cases whose issue has landed; the others belong to issues still open.
LANDED = (
    *("clean", "core-basic", "bad-input", "manuscripts-basic", "online-basic", "evidence-basic"),
    "reference-list-nl",
    "html-report",
    "realworld-forms",
    "word-basic",
)
FIELDS = ("rule", "claim", "key", "suggestion", "path", "line")


def score(expected: Path, findings: list[dict[str, Any]]) -> list[str]:
    """What is wrong with `findings` against an expected.tsv, by the contract of
    ../shared/tools/score.py: every row required unless its rule starts with `?`, `a|b` for
    either, an empty cell unchecked, and every error or warning expected or allowed."""
    required: list[dict[str, str]] = []
    allowed: list[dict[str, str]] = []
    for raw in expected.read_text(encoding="utf-8").splitlines():
        if raw.startswith("#") or not raw.strip():
            continue
        row = dict(zip(FIELDS, ([*raw.split("\t"), *[""] * 6])[:6], strict=True))
        (allowed if row["rule"].startswith("?") else required).append(row)
        row["rule"] = row["rule"].lstrip("?")

    def matches(row: dict[str, str], finding: dict[str, Any]) -> bool:
        return all(
            not want
            or (finding.get(name) is not None and str(finding[name]).casefold() in want.casefold().split("|"))
            for name, want in row.items()
        )

    used: set[int] = set()
    problems = []
    for row in required:
        hit = next((i for i, f in enumerate(findings) if i not in used and matches(row, f)), None)
        if hit is None:
            problems.append(f"missing: {row}")
        else:
            used.add(hit)
    problems += [
        f"unexpected: {f['rule']} {f['key']} {f['message']}"
        for i, f in enumerate(findings)
        if i not in used
        and f["severity"] in ("error", "warning")
        and not any(matches(r, f) for r in allowed + required)
    ]
    return problems


def _claimcite() -> list[str]:
    exe = shutil.which("claimcite", path=os.path.dirname(sys.executable)) or shutil.which("claimcite")
    return [exe] if exe else [sys.executable, "-m", "claimcite"]


def run_case(
    source: Path, work: Path, environment: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    if not work.exists():
        shutil.copytree(source, work)
    args = (source / "args").read_text().split() if (source / "args").exists() else []
    return subprocess.run(
        [*_claimcite(), "check", "--format", "json", *args],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(environment or {})},
        timeout=300,
    )


def _check(source: Path, run: subprocess.CompletedProcess[str], expected: str = "expected.tsv") -> None:
    assert "Traceback" not in run.stderr
    want = int((source / "exit").read_text()) if (source / "exit").exists() else 1
    assert run.returncode == want, run.stderr
    problems = score(source / expected, json.loads(run.stdout)["findings"])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", sorted(p.name for p in OWN_CASES.iterdir() if (p / "expected.tsv").exists()))
def test_repository_case(name: str, tmp_path: Path) -> None:
    source = OWN_CASES / name
    _check(source, run_case(source, tmp_path / name))


def test_online_basic_against_its_fake_registry(tmp_path: Path) -> None:
    """The case's own fake registry, started as a script on a free port; its URLs win over the
    case's unreachable ones. A second run answers from the cache alike."""
    source = OWN_CASES / "online-basic"
    server = subprocess.Popen(
        [sys.executable, str(source / "fake_registry.py"), str(source / "registry")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        base = server.stdout.readline().strip()
        assert base.startswith("http://127.0.0.1:")
        environment = {
            f"CLAIMCITE_{name.upper()}_URL": f"{base}/{name}" for name in ("crossref", "datacite", "openalex")
        }
        work = tmp_path / "online-basic"
        first = run_case(source, work, environment)
        _check(source, first, "registry-expected.tsv")
        second = run_case(source, work, environment)
        _check(source, second, "registry-expected.tsv")
        assert json.loads(second.stdout)["findings"] == json.loads(first.stdout)["findings"]
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.skipif(not CASES.is_dir(), reason="../shared/cases is not present beside the repository")
@pytest.mark.parametrize("name", LANDED)
def test_public_case(name: str, tmp_path: Path) -> None:
    source = CASES / name
    if not source.is_dir():
        pytest.skip(f"../shared/cases/{name} is not there yet")
    run = run_case(source, tmp_path / name)
    _check(source, run)
    report = tmp_path / "report.json"
    report.write_text(run.stdout, encoding="utf-8")
    scored = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "score.py"), str(source / "expected.tsv"), str(report), name],
        capture_output=True,
        text=True,
        check=False,
    )
    assert scored.returncode == 0, scored.stdout
