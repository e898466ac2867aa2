"""Every rule documents itself, and its documented example fires while its fix stays silent."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from claimcite.rules import ALL_RULES, BY_CODE, Rule
from claimcite.rules.base import section

from .conftest import Run, write_project

BLOCK = re.compile(r'```\w*\s+title="([^"]+)"\n(.*?)```', re.DOTALL)


def _files(text: str) -> dict[str, str]:
    """The files of an example; `\\f` in a text file is a form feed (a page break)."""
    return {
        name: body.replace("\\f", "\f") if name.endswith(".txt") else body
        for name, body in BLOCK.findall(text)
    }


def _example(found: Rule) -> tuple[dict[str, str], dict[str, str]]:
    text = section(found.doc, "Example")
    before, _, after = text.partition("Use instead:")
    return _files(before), _files(after)


def test_codes_and_names_are_unique_and_well_formed() -> None:
    assert len(BY_CODE) == len(ALL_RULES)
    assert len({r.name for r in ALL_RULES}) == len(ALL_RULES)
    for found in ALL_RULES:
        assert re.fullmatch(r"CC\d{3}", found.code)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", found.name)


@pytest.mark.parametrize("found", ALL_RULES, ids=lambda r: r.name)
def test_rule_is_documented_with_examples(found: Rule) -> None:
    for heading in ("What it does", "Why is this bad?", "Example"):
        assert section(found.doc, heading), f"{found.name} has no '## {heading}'"
    fires, silent = _example(found)
    assert fires, f"{found.name}: its Example has no file"
    assert silent, f"{found.name}: its 'Use instead:' has no file"
    assert found.summary.endswith(".")


@pytest.mark.parametrize("found", ALL_RULES, ids=lambda r: r.name)
def test_example_fires_and_fix_is_silent(found: Rule, tmp_path: Path, cli: object, registry: Any) -> None:
    """Each example runs against a fake registry that answers from its files under registry/."""
    fires, silent = _example(found)
    invoke = cli  # the fixture, typed loosely for parametrisation

    def run(root: Path) -> Run:
        registry.folder = str(root / "registry")
        return invoke("check", "--format", "json", "--fail-on", "never", cwd=root)  # type: ignore[operator, no-any-return]

    before = run(write_project(tmp_path / "example", fires))
    assert before.status == 0, before.err
    assert before.findings(found.name), f"{found.name} did not fire on its example"
    after = run(write_project(tmp_path / "fixed", {**fires, **silent}))
    assert after.status == 0, after.err
    assert not after.findings(found.name), f"{found.name} fired on its fix: {after.findings(found.name)}"


def test_docs_rules_md_is_up_to_date() -> None:
    import sys

    from .conftest import REPO

    sys.path.insert(0, str(REPO / "scripts"))
    from rules_doc import TARGET, render

    assert TARGET.read_text(encoding="utf-8") == render(), "run python scripts/rules_doc.py"
