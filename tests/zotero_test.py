"""Full texts outside the root: Zotero's storage folder and the folders a user trusts."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Run, write_project

Cli = Callable[..., Run]

SOURCE = "Outreach workers visit residents at home. Referral works best when trust has been built first."
CLAIMS = """
claims:
  - id: trust
    statement: Referral works best after trust.
    sources:
      - key: leeuwen2012
        quote: "Referral works best when trust has been built"
"""
WRONG = CLAIMS.replace("when trust has been built", "when trust has never been built")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder with a Zotero storage folder holding one attachment and a secret beside it."""
    home = tmp_path / "home"
    item = home / "Zotero" / "storage" / "ABCD1234"
    item.mkdir(parents=True)
    (item / "van Leeuwen - 2012 - Outreach.txt").write_text(SOURCE, encoding="utf-8")
    (home / "secret.txt").write_text("TOP-SECRET " + SOURCE, encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    return home


def _project(root: Path, field: str, config: str = "", claims: str = CLAIMS) -> Path:
    bib = "@book{leeuwen2012, author = {van Leeuwen, Pieter}, title = {Outreach}, year = {2012},\n"
    bib += f"  file = {{{field}}}}}\n"
    files = {"references.bib": bib, "claims/a.yaml": claims}
    if config:
        files["claimcite.toml"] = config
    return write_project(root, files)


def _findings(cli: Cli, root: Path) -> list[tuple[str, str, str]]:
    run = cli("check", "--format", "json", "--no-cache", cwd=root)
    assert run.status in (0, 1), run.err
    return [(f["rule"], f["severity"], f["message"]) for f in run.findings()]


def test_an_absolute_zotero_path_is_refused_and_the_message_says_how_to_allow_it(
    cli: Cli, tmp_path: Path, home: Path
) -> None:
    path = home / "Zotero" / "storage" / "ABCD1234" / "van Leeuwen - 2012 - Outreach.txt"
    root = _project(tmp_path / "project", f"Full Text:{path}:text/plain")
    ((rule, severity, message),) = _findings(cli, root)
    assert rule == "source-unavailable" and severity == "warning"
    assert "outside the root" in message and "fulltext_allow = ['~/Zotero/storage']" in message


def test_a_trusted_folder_is_read(cli: Cli, tmp_path: Path, home: Path) -> None:
    path = home / "Zotero" / "storage" / "ABCD1234" / "van Leeuwen - 2012 - Outreach.txt"
    allow = 'fulltext_allow = ["~/Zotero/storage"]\n'
    assert _findings(cli, _project(tmp_path / "a", f"Full Text:{path}:text/plain", allow)) == []
    (rule, _, message), *_ = _findings(cli, _project(tmp_path / "b", str(path), allow, WRONG))
    assert rule == "quote-not-found"
    assert "~/Zotero/storage/ABCD1234/" in message  # named from the home folder, not ../../


def test_a_tilde_in_the_file_field_is_the_home_folder(cli: Cli, tmp_path: Path, home: Path) -> None:
    field = "~/Zotero/storage/ABCD1234/van Leeuwen - 2012 - Outreach.txt"
    assert _findings(cli, _project(tmp_path / "p", field, 'fulltext_allow = ["~/Zotero/storage"]\n')) == []


@pytest.mark.parametrize(
    "field",
    [
        "attachments:ABCD1234/van Leeuwen - 2012 - Outreach.txt",  # Zotero's relative form
        ":ABCD1234/van Leeuwen - 2012 - Outreach.txt:text/plain",  # Better BibTeX's
    ],
)
def test_relative_zotero_paths_start_at_zotero_storage(
    cli: Cli, tmp_path: Path, home: Path, field: str
) -> None:
    storage = 'zotero_storage = "~/Zotero/storage"\n'
    assert _findings(cli, _project(tmp_path / "p", field, storage)) == []
    (rule, _, _), *_ = _findings(cli, _project(tmp_path / "q", field, storage, WRONG))
    assert rule == "quote-not-found"


def test_an_attachments_path_without_zotero_storage_says_what_to_set(
    cli: Cli, tmp_path: Path, home: Path
) -> None:
    root = _project(tmp_path / "p", "attachments:ABCD1234/van Leeuwen - 2012 - Outreach.txt")
    ((rule, _, message),) = _findings(cli, root)
    assert rule == "source-unavailable" and "zotero_storage" in message


@pytest.mark.parametrize(
    "field",
    [
        "{home}/secret.txt",  # beside the trusted folder
        "~/Zotero/storage/../../secret.txt",  # out of it with ..
        "~/Zotero/storage/ABCD1234/link.txt",  # out of it with a link
        "attachments:../../secret.txt",
    ],
)
def test_nothing_else_outside_the_root_is_read(cli: Cli, tmp_path: Path, home: Path, field: str) -> None:
    os.symlink(home / "secret.txt", home / "Zotero" / "storage" / "ABCD1234" / "link.txt")
    config = 'fulltext_allow = ["~/Zotero/storage"]\nzotero_storage = "~/Zotero/storage"\n'
    root = _project(tmp_path / "p", field.format(home=home), config)
    for output_format in ("terminal", "json", "sarif"):
        run = cli("check", "--format", output_format, "--no-cache", cwd=root)
        assert "TOP-SECRET" not in run.out + run.err
    ((rule, _, message),) = _findings(cli, root)
    assert rule == "source-unavailable" and "outside the root" in message


def test_a_bad_setting_is_one_line(cli: Cli, tmp_path: Path) -> None:
    root = _project(tmp_path / "p", "x.txt", "zotero_storage = 3\n")
    run = cli("check", cwd=root)
    assert run.status == 2 and "zotero_storage" in run.err and run.err.count("\n") == 1
    (root / "claimcite.toml").write_text("fulltext_allow = [3]\n")
    run = cli("check", cwd=root)
    assert run.status == 2 and "fulltext_allow" in run.err
