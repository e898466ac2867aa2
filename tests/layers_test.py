"""The direction of flow (DESIGN §5) as imports: each layer imports only what stands before it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "claimcite"


def _imports(path: Path) -> set[str]:
    """The claimcite modules that the file at `path` imports, anywhere in it (also inside
    functions, where modules are imported when first needed)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("claimcite"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("claimcite"))
    return found


def _modules(*parts: str) -> list[Path]:
    target = PACKAGE.joinpath(*parts)
    return sorted(target.rglob("*.py")) if target.is_dir() else [target.with_suffix(".py")]


def _offending(paths: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in paths
        for name in sorted(_imports(path))
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    ]


@pytest.mark.parametrize("module", ["report", "fix"])
def test_reports_read_the_findings_not_the_engine(module: str) -> None:
    assert _offending(_modules(module), ("claimcite.engine", "claimcite.ledger")) == []


def _outside(paths: list[Path], allowed: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in paths
        for name in sorted(_imports(path))
        if not any(name == a or name.startswith(a + ".") for a in allowed)
    ]


def test_reading_imports_only_the_model_errors_files_match_and_itself() -> None:
    """load/ reads: it decides nothing (no config, no resolving, no rules), as `grep -rn "from
    claimcite" src/claimcite/load` shows."""
    allowed = ("claimcite.model", "claimcite.errors", "claimcite.files", "claimcite.match", "claimcite.load")
    assert _outside(_modules("load"), allowed) == []


def test_the_model_imports_nothing_of_the_project() -> None:
    assert _outside(_modules("model"), ()) == []


@pytest.mark.parametrize("module", ["link", "resolve"])
def test_linking_takes_plain_arguments_not_settings(module: str) -> None:
    assert _offending(_modules(module), ("claimcite.config", "claimcite.pipeline", "claimcite.rules")) == []


def test_an_import_inside_a_function_counts(tmp_path: Path) -> None:
    """A near miss for the tests above: an import where a module is first needed counts too."""
    path = tmp_path / "sample.py"
    path.write_text("def f():\n    from claimcite.config import Settings\n", encoding="utf-8")
    assert _imports(path) == {"claimcite.config", "claimcite.config.Settings"}
