"""The README and docs/ say what is true: the example's output as it is, commands that exist."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from .conftest import REPO, Run

Cli = Callable[..., Run]


def test_the_readme_shows_the_examples_summary_as_it_is(cli: Cli, tmp_path: Path) -> None:
    for name in ("claims", "manuscript"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "references.bib", tmp_path / "references.bib")
    run = cli("check", cwd=tmp_path)
    summary = run.out.strip().splitlines()[-1]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set-up", 1)[1].split("## Use", 1)[0]
    assert summary in setup
    assert run.status == 0 and "with exit status 0" in setup


def test_the_ci_docs_install_nothing_that_does_not_exist() -> None:
    """claimcite is on neither PyPI nor the Marketplace: no `pip install claimcite`, no
    placeholder action or repository."""
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    assert not re.search(r"pip install claimcite\b", text)
    assert "OWNER/" not in text and "example.org" not in text
    assert "uses: ./tools/claimcite" in text and (REPO / "action.yml").is_file()
