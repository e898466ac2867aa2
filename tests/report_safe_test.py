"""Text from the inputs reaches every output inert: no terminal escape, no workflow command, well
formed XML, escaped Markdown, UTF-8 that can be written."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from claimcite.report.safe import line_start, lines, visible

from .conftest import Run, write_project

Cli = Callable[..., Run]

BIB = "@misc{alpha2020, author = {Alpha, Ann}, title = {One}, year = {2020}}\n"
# a claim id with a screen-clearing ESC sequence, a key that sets the terminal title, returns
# the carriage, starts a workflow command on a line of its own and stops command processing
HOSTILE = (
    "claims:\n"
    '  - id: "a\\e[2J\\e[31mRED"\n'
    "    statement: A.\n"
    '    sources: ["x\\e]0;title\\a\\rclean\\n::error::pwned ##[stop-commands]tok <img src=x> | @octocat"]\n'
)


def _hostile(root: Path) -> Path:
    write_project(root, {"references.bib": BIB, "claims/a.yaml": HOSTILE})
    (root / "::warning::named.yaml").write_text(
        "claims:\n  - id: n\n    statement: N.\n    sources: [alpha2021]\n"
    )
    return root


def _no_command_lines(text: str) -> None:
    for line in text.splitlines():
        assert not line.lstrip().startswith("::"), line
        assert "##[" not in line, line


def test_visible_shows_what_would_act() -> None:
    shown = "a\\x1b[2Jb\tc\\r\\n\\x9b\\u202e\\u2028\\ud800"
    assert visible("a\x1b[2Jb\tc\r\n\x9b\u202e\u2028\ud800") == shown
    assert visible("plain Koçak (2016) – p. 12") == "plain Koçak (2016) – p. 12"
    assert visible("x ##[error]y") == "x ##\\x5b" + "error]y"
    assert line_start("  ::error::x") == "  \\x3a:error::x"
    assert line_start("a::b") == "a::b"
    assert lines(" ::x\r\n+::y\n") == " \\x3a:x\r\n+::y\n"


def test_terminal_output_is_inert(cli: Cli, tmp_path: Path) -> None:
    root = _hostile(tmp_path)
    for quiet in ((), ("--quiet",)):
        run = cli("check", *quiet, "claims", "::warning::named.yaml", cwd=root)
        assert run.status == 1
        assert "\x1b" not in run.out and "\r" not in run.out and "\x07" not in run.out
        _no_command_lines(run.out)
        assert "x\\x1b]0;title\\x07\\rclean\\n::error::pwned" in run.out
        assert "\\x3a:warning::named.yaml" in run.out


def test_citations_listing_is_inert(cli: Cli, tmp_path: Path) -> None:
    root = write_project(tmp_path, {"references.bib": BIB})
    (root / "::error::paper.tex").write_text("Text \\cite{a\x1b[2Jb}.\n\n::notice::x \\cite{alpha2020}\n")
    run = cli("citations", "::error::paper.tex", cwd=root)
    assert run.status == 0 and "\x1b" not in run.out
    _no_command_lines(run.out)
    assert "a\\x1b[2Jb" in run.out


def test_github_output_is_one_command_per_finding(cli: Cli, tmp_path: Path) -> None:
    root = _hostile(tmp_path)
    paths = ("claims", "::warning::named.yaml")
    run = cli("check", *paths, "--format", "github", cwd=root)
    rows = run.out.splitlines()
    assert rows and all(row.startswith(("::error ", "::warning ", "::notice ")) for row in rows)
    assert len(rows) == len(cli("check", *paths, "--format", "json", cwd=root).findings())
    assert "\x1b" not in run.out and "\r" not in run.out
    assert "file=%3A%3Awarning%3A%3Anamed.yaml" in run.out


def test_junit_output_is_well_formed_xml(cli: Cli, tmp_path: Path) -> None:
    root = _hostile(tmp_path)
    run = cli("check", "--format", "junit", cwd=root)
    suites = ET.fromstring(run.out)
    names = [case.get("name") for case in suites.iter("testcase")]
    assert "a\\x1b[2J\\x1b[31mRED" in names


def test_markdown_summary_escapes_html_and_tables(cli: Cli, tmp_path: Path) -> None:
    root = _hostile(tmp_path)
    run = cli("check", "--format", "markdown", cwd=root)
    assert "<img" not in run.out and "&lt;img src=x&gt;" in run.out
    assert "@octocat" not in run.out and "&#64;octocat" in run.out
    assert "\r" not in run.out and "\x1b" not in run.out
    for row in run.out.splitlines():
        if row.startswith("| `claims/a.yaml"):
            assert row.count(" | ") == 3  # the pipe in the key stays inside its cell


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_machine_formats_take_lone_surrogates(cli: Cli, tmp_path: Path, output_format: str) -> None:
    root = write_project(
        tmp_path,
        {
            "refs.json": '[{"id": "alpha\\ud800", "type": "book", "title": "T\\udfff"}]',
            "claims/a.yaml": "claims:\n  - id: a\n    statement: A.\n    sources: [alpha2020]\n",
        },
    )
    # a claim file whose name is not UTF-8: its path reaches the report as lone surrogates
    (root / "claims").joinpath(os.fsdecode(b"\xff.yaml")).write_text(
        "claims:\n  - id: b\n    statement: B.\n    sources: [beta2020]\n"
    )
    run = cli("check", "--bib", "refs.json", "--format", output_format, cwd=root)
    assert run.status == 1 and "internal error" not in run.err
    text = json.dumps(json.loads(run.out))
    assert "alpha\\ufffd" in text  # the CSL-JSON key
    assert "claims/\\\\udcff.yaml" in text  # the file name


def test_error_lines_stay_one_line(cli: Cli, tmp_path: Path) -> None:
    root = write_project(tmp_path, {"claimcite.toml": 'bibliography = "a\\nb\\u001b[2J.bib"\n'})
    run = cli("check", cwd=root)
    assert run.status == 2 and run.err.count("\n") == 1 and "\x1b" not in run.err


def test_fix_diff_is_inert(cli: Cli, tmp_path: Path) -> None:
    root = write_project(tmp_path, {"references.bib": BIB})
    (root / "paper.md").write_text("::error::context line\nText [@alpha2002].\n")
    run = cli("fix", "--dry-run", "paper.md", cwd=root)
    assert run.status == 1 and "+Text [@alpha2020]." in run.out
    _no_command_lines(run.out)
