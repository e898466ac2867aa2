"""claimcite's own coercion of option values (typer_fit.plain_coercion) against typer's: the same
values and the same messages for every option of every command, and no pydantic in a run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from claimcite import cli, typer_fit

# typer before 0.2x coerced without pydantic, and had no `_coercion` to stand in for
_coercion = pytest.importorskip("typer._coercion", reason="this typer coerces values without pydantic")

REPO = Path(__file__).resolve().parent.parent
SAMPLES: tuple[Any, ...] = (
    None, "json", "JSON", "terminal", "error", "warning", "never", "bogus", "", "ünïcode",
    ("a", "b"), ["x"], (), True, False,
)  # fmt: skip


def _parameters() -> list[Any]:
    cli._tunable_flags(cli.check)
    group = typer.main.get_command(cli.app)
    return [
        (name, parameter)
        for name, command in group.commands.items()  # type: ignore[attr-defined]
        for parameter in command.params
    ]


def _outcome(runtime: Any, parameter: Any, value: Any) -> tuple[str, Any]:
    ctx = typer.Context(typer.main.get_command(cli.app))
    try:
        return "value", runtime.coerce(value, param=parameter, ctx=ctx)
    except Exception as error:  # noqa: BLE001 - the message is what is compared
        message = error.format_message() if hasattr(error, "format_message") else str(error)
        return type(error).__name__, message.replace("Value error, ", "")


@pytest.mark.parametrize(("command", "parameter"), _parameters(), ids=lambda p: getattr(p, "name", p))
def test_every_option_coerces_as_typer_does(command: str, parameter: Any) -> None:
    descriptor = parameter.type_descriptor
    if typer_fit._plain_type(descriptor.annotation) is None:
        pytest.skip(f"{command} {parameter.name}: {descriptor.annotation} is left to typer")
    parameter._runtime_param = None
    ours = parameter.get_runtime_param()
    assert type(ours).__name__ == "Plain"
    typers = _coercion.build_runtime_param(descriptor)
    for value in SAMPLES:
        if isinstance(value, (tuple, list)) != bool(parameter.multiple or parameter.nargs == -1):
            continue  # click gives a list only to an option that takes several
        if isinstance(value, bool) != (typer_fit._plain_type(descriptor.annotation) is bool):
            continue
        assert _outcome(ours, parameter, value) == _outcome(typers, parameter, value), (
            command,
            parameter.name,
            value,
        )


def test_a_check_imports_no_pydantic() -> None:
    code = (
        "import sys; from claimcite.cli import run_cli; "
        "status = run_cli(['check', '-q', '--no-cache', '--format', 'json', '--fail-on', 'never']); "
        "print(status, sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False)
    assert done.stdout.strip().splitlines()[-1] == "0 []", done.stderr
