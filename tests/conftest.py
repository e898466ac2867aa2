from __future__ import annotations

import importlib.util
import json
import os
import sys
import textwrap
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from claimcite.cli import run_cli

REPO = Path(__file__).resolve().parent.parent
# the public cases and corpus beside the repository (CLAIMCITE_SHARED names them elsewhere)
SHARED = Path(os.environ.get("CLAIMCITE_SHARED") or REPO.parent / "shared")


def write_project(root: Path, files: Mapping[str, str]) -> Path:
    """Write `files` (path -> text, dedented) under `root`; a `.docx` is a Word document made
    with python-docx whose body is the text, as the XML of its paragraphs."""
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith(".docx"):
            from tests.docxmaker import Maker

            maker = Maker()
            maker.body(textwrap.dedent(text))
            maker.save(str(target))
            continue
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


class Run:
    def __init__(self, status: int, out: str, err: str) -> None:
        self.status, self.out, self.err = status, out, err

    @property
    def report(self) -> dict[str, Any]:
        return json.loads(self.out)  # type: ignore[no-any-return]

    def findings(self, rule: str | None = None) -> list[dict[str, Any]]:
        return [f for f in self.report["findings"] if rule is None or f["rule"] == rule]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """Run claimcite with arguments in a folder; returns status, stdout and stderr."""

    def invoke(*args: str, cwd: Path | None = None) -> Run:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        status = run_cli(list(args))
        captured = capsys.readouterr()
        return Run(status, captured.out, captured.err)

    return invoke


@pytest.fixture
def project(tmp_path: Path) -> Callable[[Mapping[str, str]], Path]:
    return lambda files: write_project(tmp_path, files)


@pytest.fixture(autouse=True)
def _plain_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMCITE_DEBUG", raising=False)
    for name in ("CROSSREF_URL", "DATACITE_URL", "OPENALEX_URL", "MAILTO"):
        monkeypatch.delenv(f"CLAIMCITE_{name}", raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")  # the fake registries are on this machine
    monkeypatch.setenv("COLUMNS", "200")
    os.environ.pop("FORCE_COLOR", None)


FAKE_REGISTRY = REPO / "tests" / "cases" / "online-basic" / "fake_registry.py"


def fake_registry_module() -> Any:
    """The fake registries of the public case online-basic (a script, not a package)."""
    if "fake_registry" not in sys.modules:
        spec = importlib.util.spec_from_file_location("fake_registry", FAKE_REGISTRY)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["fake_registry"] = module
        spec.loader.exec_module(module)
    return sys.modules["fake_registry"]


@pytest.fixture
def registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A fake Crossref, DataCite and OpenAlex on a free port of 127.0.0.1, answering from the
    folder `registry.folder` (set it per test); claimcite is pointed at it by the environment."""
    folder = tmp_path / "registry-answers"
    folder.mkdir()
    server = fake_registry_module().FakeRegistry(str(folder)).start()
    for name, value in server.environment().items():
        monkeypatch.setenv(name, value)
    try:
        yield server
    finally:
        server.stop()
