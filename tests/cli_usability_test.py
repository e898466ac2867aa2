"""The command line as a new user meets it: usage with no arguments, help that names arguments
as people write them, errors without typer's wording, and a guess for what was meant."""

from __future__ import annotations

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
