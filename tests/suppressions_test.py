"""`claimcite: ignore[...]` comments in YAML, Markdown, LaTeX and BibTeX."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .conftest import Run

Cli = Callable[..., Run]
Project = Callable[[dict[str, str]], Path]

BIB = "@misc{okafor2017, author = {Okafor, C}, title = {T}, year = {2017}}\n"


def rules(run: Run) -> list[tuple[str, str, int]]:
    return [(f["rule"], f["path"], f["line"]) for f in run.findings()]


def test_yaml_same_line_and_line_before(cli: Cli, project: Project) -> None:
    claims = (
        "claims:\n  - id: a\n    statement: A.\n    sources: [nope1]  # claimcite: ignore[unknown-key]\n"
        "  # claimcite: ignore[CC101]\n  - id: b\n    statement: B.\n    sources: [nope2]\n"
        "  - id: c\n    statement: C.\n    # claimcite: ignore[unknown-key]\n    sources: [nope3]\n"
    )
    root = project({"references.bib": BIB, "claims/a.yaml": claims})
    run = cli("check", "--format", "json", "--ignore", "unused-entry", cwd=root)
    # b's key is two lines below its ignore: not suppressed, and that ignore is unused
    assert rules(run) == [
        ("unused-suppression", "claims/a.yaml", 5),
        ("unknown-key", "claims/a.yaml", 8),
    ]
    assert run.report["suppressed"] == 2


def test_markdown_and_latex_and_bibtex(cli: Cli, project: Project) -> None:
    root = project(
        {
            "references.bib": "% claimcite: ignore[missing-field]\n@article{a, title = {T}}\n",
            "paper.md": "<!-- claimcite: ignore[unknown-key] -->\nSee [@nope].\n",
            "paper.tex": "\\cite{nope} % claimcite: ignore[unknown-key]\n\\cite{a}\n",
        }
    )
    run = cli("check", "paper.md", "paper.tex", "--format", "json", cwd=root)
    assert rules(run) == []
    assert run.report["suppressed"] == 5  # missing author, journal and year, and two unknown keys


def test_bare_ignore_suppresses_nothing_and_is_reported(cli: Cli, project: Project) -> None:
    claims = "claims:\n  - id: a\n    statement: A.\n    sources: [nope]  # claimcite: ignore\n"
    root = project({"references.bib": BIB, "claims/a.yaml": claims})
    run = cli("check", "--format", "json", "--ignore", "unused-entry", cwd=root)
    assert sorted(f["rule"] for f in run.findings()) == ["blanket-suppression", "unknown-key"]


def test_unknown_rule_in_an_ignore(cli: Cli, project: Project) -> None:
    claims = (
        "claims:\n  - id: a\n    statement: A.\n"
        "    sources: [okafor2017]  # claimcite: ignore[no-such-rule]\n"
    )
    root = project({"references.bib": BIB, "claims/a.yaml": claims})
    (finding,) = cli("check", "--format", "json", cwd=root).findings()
    assert finding["rule"] == "unused-suppression" and "unknown rule 'no-such-rule'" in finding["message"]


def test_an_ignore_for_a_rule_not_selected_is_not_unused(cli: Cli, project: Project) -> None:
    claims = "claims:\n  - id: a\n    statement: A.\n    sources: [nope]  # claimcite: ignore[unknown-key]\n"
    root = project({"references.bib": BIB, "claims/a.yaml": claims})
    run = cli("check", "--format", "json", "--select", "unsupported-claim,unused-suppression", cwd=root)
    assert run.findings() == []
