"""Settings resolve themselves: the config file, the environment and the command line merged in
one place (config.resolve), and a tunable of the rules declared once (model.Options)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from claimcite import config, options
from claimcite.config import CommandLine, load_config, resolve
from claimcite.errors import ConfigError
from claimcite.options import Options, tunable
from claimcite.outcome import FailOn

from .conftest import Run


def _toml(folder: Path, text: str) -> str:
    path = folder / "claimcite.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def with_min_year(monkeypatch: pytest.MonkeyPatch) -> None:
    """One more tunable, declared as the others are: nothing else is added anywhere."""
    declared = tunable(
        1900,
        check=lambda v: isinstance(v, int) and v >= 1900,
        must="a year from 1900 on",
        flag="--min-year",
        help="The earliest year of a source.",
    )
    extended = dataclasses.make_dataclass(
        "Options", [("min_year", int, declared)], bases=(Options,), frozen=True, slots=True
    )
    monkeypatch.setattr(config, "Options", extended)
    monkeypatch.setattr(options, "Options", extended)  # where `tunables()` reads the declarations


@pytest.mark.usefixtures("with_min_year")
def test_a_declared_tunable_is_read_checked_and_defaulted(tmp_path: Path) -> None:
    set_ = load_config(_toml(tmp_path, "min_year = 1950\n"), str(tmp_path))
    assert set_.options.min_year == 1950  # type: ignore[attr-defined]
    assert load_config(_toml(tmp_path, "et_al_from = 4\n"), str(tmp_path)).options.min_year == 1900  # type: ignore[attr-defined]
    with pytest.raises(ConfigError, match="'min_year' must be a year from 1900 on"):
        load_config(_toml(tmp_path, "min_year = 1850\n"), str(tmp_path))


def test_without_its_declaration_a_tunable_is_an_unknown_setting(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown setting 'min_year'"):
        load_config(_toml(tmp_path, "min_year = 1950\n"), str(tmp_path))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("et_al_from = 1", "'et_al_from' must be a whole number of at least 2 (APA 7: 3)"),
        ("claim_match = 101", "'claim_match' must be a number from 0 to 100"),
        ("weak_support = true", "'weak_support' must be a share from 0 to 1"),
    ],
)
def test_the_declared_tunables_check_their_values(tmp_path: Path, line: str, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(_toml(tmp_path, line + "\n"), str(tmp_path))


def test_the_tunables_reach_the_options_as_numbers(tmp_path: Path) -> None:
    options = load_config(_toml(tmp_path, "claim_match = 90\net_al_from = 4\n"), str(tmp_path)).options
    assert options == Options(et_al_from=4, claim_match=90.0)
    assert isinstance(options.claim_match, float)


def test_the_command_line_wins_over_the_config(tmp_path: Path) -> None:
    _toml(tmp_path, 'fail_on = "warning"\nselect = ["CC1"]\nignore = ["unused-entry"]\n')
    line = CommandLine(root=str(tmp_path), fail_on=FailOn.INFO, ignore=("citation-style",), refresh=True)
    settings = resolve(line, {})
    assert settings.fail_on is FailOn.INFO
    assert settings.select == ("CC1",)  # not given on the command line: the config's
    assert settings.ignore == ("unused-entry", "citation-style")  # --ignore adds to the config's
    assert settings.online and settings.refresh


def test_the_environment_sets_the_registries_and_the_command_line_names_paths(tmp_path: Path) -> None:
    _toml(tmp_path, 'crossref_url = "https://crossref.example.org"\n')
    outside = tmp_path.parent / "elsewhere.bib"
    line = CommandLine(root=str(tmp_path), bib=(str(outside),), baseline="base.json")
    settings = resolve(line, {"CLAIMCITE_CROSSREF_URL": "http://127.0.0.1:9/"})
    assert settings.crossref_url == "http://127.0.0.1:9/"
    assert settings.bibliography == (str(outside),)
    assert settings.named[0] == str(outside) and settings.named[-1].endswith("base.json")


@pytest.mark.usefixtures("with_min_year")
def test_a_declared_flag_is_an_option_of_check_that_wins_over_the_config(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimcite import engine

    seen: list[object] = []
    real_run = engine.run

    def spy(project: Any, rules: Any, overrides: Any, options: Any, known: Any) -> Any:
        seen.append(options)
        return real_run(project, rules, overrides, options, known)

    monkeypatch.setattr(engine, "run", spy)
    _toml(tmp_path, "min_year = 1950\n")
    (tmp_path / "references.bib").write_text("", encoding="utf-8")
    assert "--min-year" in cli("check", "--help", cwd=tmp_path).out
    run = cli("check", "--min-year", "1990", "--format", "json", cwd=tmp_path)
    assert run.status == 0, run.err
    assert [getattr(options, "min_year", None) for options in seen] == [1990]
    bad = cli("check", "--min-year", "1800", cwd=tmp_path)
    assert (bad.status, bad.err) == (
        2,
        "claimcite: error: --min-year: must be a year from 1900 on, not 1800\n",
    )


def test_without_a_declared_flag_there_is_no_option(cli: Callable[..., Run], tmp_path: Path) -> None:
    assert "--min-year" not in cli("check", "--help", cwd=tmp_path).out
