"""Author-year citations of real reports, end to end: what is reported and what is not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .conftest import Run

Cli = Callable[..., Run]

BIB = """@book{cbs2025, author = {{Centraal Bureau voor de Statistiek}}, title = {Jeugd}, year = {2025}}
@book{vws2020, author = {{Ministerie van Volksgezondheid, Welzijn en Sport}}, title = {Zorg}, year = {2020}}
@book{verweij2008, author = {Verweij, Sanne}, title = {Een}, year = {2008}}
@book{verweij2019, author = {Verweij, Sanne}, title = {Twee}, year = {2019}}
"""


def test_a_narrative_surname_missing_from_the_bibliography_is_reported(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "references.bib").write_text(BIB)
    (tmp_path / "report.txt").write_text(
        "As shown by Haverkamp (1994), reach is low. Het RIVM (2021) schrijft dit ook.\n"
        "Eerder onderzoek (Centraal Bureau voor de Statistiek [CBS], 2025) en later (CBS, 2025).\n"
        "Beleid (Ministerie van Volksgezondheid, Welzijn en Sport, 2020; Verweij, 2008; 2019).\n"
    )
    run = cli("check", "report.txt", "--format", "json", cwd=tmp_path)
    assert [(f["rule"], f["line"]) for f in run.findings()] == [("unresolved-citation", 1)], run.out
    assert "Haverkamp" in run.findings()[0]["message"]
    listing = cli("citations", "report.txt", "--format", "json", cwd=tmp_path)
    assert [(r["authors"], r["resolved"]) for r in listing.report["citations"]] == [
        (["Haverkamp"], None),
        (["Centraal Bureau voor de Statistiek [CBS]"], "cbs2025"),
        (["CBS"], "cbs2025"),
        (["Ministerie van Volksgezondheid, Welzijn en Sport"], "vws2020"),
        (["Verweij"], "verweij2008"),
        (["Verweij"], "verweij2019"),
    ]
