"""The results kept between checks (resultcache): used only when nothing the check read or could
have listed changed, and the same report either way."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from claimcite import resultcache
from claimcite.report import WITH_LEDGER
from tests.conftest import REPO, Run, write_project

KEPT = "nothing read has changed since the last check"
PAST = time.time() - 60


def _age(root: Path) -> None:
    """Every file under `root` last modified a minute ago, as files are between two checks."""
    for folder, _, names in os.walk(root):
        for name in names:
            os.utime(os.path.join(folder, name), (PAST, PAST))


@pytest.fixture
def example(tmp_path: Path) -> Path:
    for name in ("claims", "manuscript"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "references.bib", tmp_path / "references.bib")
    _age(tmp_path)
    return tmp_path


def _results(root: Path) -> list[Path]:
    folder = root / ".claimcite-cache" / resultcache.FOLDER
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_a_second_check_with_nothing_changed_gives_the_same_report_from_the_cache(
    cli: Callable[..., Run], example: Path
) -> None:
    first = cli("check", "--format", "json", "-v", cwd=example)
    assert KEPT not in first.err and len(_results(example)) == 1
    for output in ("json", "sarif", "junit", "github", "markdown", "terminal"):
        fresh = cli("check", "--format", output, "--no-cache", cwd=example)
        kept = cli("check", "--format", output, "-v", cwd=example)
        assert (KEPT in kept.err) is (output not in WITH_LEDGER), output  # the ledger is built afresh
        assert (kept.status, kept.out) == (fresh.status, fresh.out), output
    assert first.report["findings"] == cli("check", "--format", "json", cwd=example).report["findings"]


def test_fail_on_applies_to_the_kept_findings(cli: Callable[..., Run], example: Path) -> None:
    assert cli("check", cwd=example).status == 0
    kept = cli("check", "--fail-on", "warning", "-v", cwd=example)
    assert kept.status == 1 and KEPT in kept.err


def test_a_changed_input_is_read_again(cli: Callable[..., Run], example: Path) -> None:
    before = cli("check", "--format", "json", cwd=example)
    assert len(before.findings("missing-field")) == 3
    bib = example / "references.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace(
            "@techreport{kocak2016,", "@techreport{kocak2016,\n  title = {Een titel},"
        ),
        encoding="utf-8",
    )
    _age(example)
    after = cli("check", "--format", "json", "-v", cwd=example)
    assert KEPT not in after.err
    assert len(after.findings("missing-field")) == 2


def test_a_file_changed_within_the_same_second_and_size_is_read_again(
    cli: Callable[..., Run], example: Path
) -> None:
    cli("check", cwd=example)
    bib = example / "references.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text.replace("kocak2016", "kocak2017"), encoding="utf-8")  # same size
    os.utime(bib, (PAST, PAST))  # and the same time as before: its change time still differs
    after = cli("check", "--format", "json", "-v", cwd=example)
    assert KEPT not in after.err
    assert any(f["key"] == "kocak2016" for f in after.findings("unknown-key"))


def test_a_new_claim_file_is_seen_although_nothing_read_changed(
    cli: Callable[..., Run], example: Path
) -> None:
    cli("check", cwd=example)
    write_project(
        example,
        {"claims/new.yaml": "claims:\n  - id: new\n    statement: Iets nieuws.\n    sources: [nobody2020]\n"},
    )
    _age(example)
    after = cli("check", "--format", "json", "-v", cwd=example)
    assert KEPT not in after.err
    assert any(f["key"] == "nobody2020" for f in after.findings("unknown-key"))


def test_a_file_that_appears_where_a_document_looks_is_seen(cli: Callable[..., Run], tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "paper.tex": """
                \\documentclass{article}\\begin{document}\\input{part}\\cite{a}
                \\bibliography{refs}\\end{document}
                """,
            "refs.bib": "@book{a, author = {A, B}, title = {T}, year = {2020}, publisher = {P}}\n",
        },
    )
    _age(tmp_path)
    cli("check", "paper.tex", cwd=tmp_path)
    write_project(tmp_path, {"part.tex": "See \\cite{missing}.\n"})
    _age(tmp_path)
    after = cli("check", "paper.tex", "--format", "json", "-v", cwd=tmp_path)
    assert KEPT not in after.err
    assert any(f["key"] == "missing" for f in after.findings())


def test_files_modified_just_before_they_were_read_are_not_kept(
    cli: Callable[..., Run], example: Path
) -> None:
    (example / "references.bib").touch()  # now
    cli("check", cwd=example)
    assert _results(example) == []


def test_no_cache_keeps_and_reads_nothing(cli: Callable[..., Run], example: Path) -> None:
    cli("check", "--no-cache", cwd=example)
    assert not (example / ".claimcite-cache").exists()


def test_a_corrupt_or_foreign_kept_result_is_a_miss(cli: Callable[..., Run], example: Path) -> None:
    first = cli("check", "--format", "json", cwd=example)
    (kept,) = _results(example)
    for damaged in (b"", b"{", b"[]", json.dumps({"command": "other"}).encode(), kept.read_bytes()[:-40]):
        kept.write_bytes(damaged)
        again = cli("check", "--format", "json", "-v", cwd=example)
        assert again.status == first.status and KEPT not in again.err
        assert again.report["findings"] == first.report["findings"]


def test_checks_that_reach_outside_the_root_are_not_kept(
    cli: Callable[..., Run], example: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "other.bib"
    shutil.copy(example / "references.bib", outside)
    os.utime(outside, (PAST, PAST))
    cli("check", "--bib", str(outside), cwd=example)
    assert _results(example) == []


def test_the_reports_with_the_claims_ledger_read_the_inputs_again(
    cli: Callable[..., Run], example: Path
) -> None:
    cli("check", cwd=example)
    html = cli("check", "--format", "html", "-v", cwd=example)
    assert KEPT not in html.err and "<html" in html.out


def test_kept_findings_come_back_as_they_went(tmp_path: Path) -> None:
    """Every field of a result, lone surrogates (an undecodable file name) and a fix included."""
    from claimcite.findings import BaselineCount, Checked, Finding, Result, Summary
    from claimcite.model import Edit, Location, Severity

    where = Location("bad\udcff name.md", 3, 7, "first words…")
    finding = Finding(
        "unknown-key", "CC101", Severity.ERROR, "unknown key 'kocak2061' in \udcff", where,
        claim="c1", key="kocak2061", suggestion="kocak2016", fix=Edit(where, "kocak2061", "kocak2016", False),
    )  # fmt: skip
    result = Result(
        findings=(finding,),
        summary=Summary(1, 2, 3, 4, 1, 0, 0),
        checked=(Checked("claim", "c1", "claims/a.yaml"),),
        suppressed=2,
        baseline=BaselineCount(5, 1),
        hashes={"a.md": "0" * 64},
    )
    _age(tmp_path)
    run = resultcache.Run(
        str(tmp_path / ".claimcite-cache"), str(tmp_path), resultcache.Area.of(str(tmp_path)), "x"
    )
    resultcache.save(run, result, {})
    kept = resultcache.load(run)
    assert kept == result
    assert (
        kept is not None
        and kept.findings[0].fix == finding.fix
        and kept.findings[0].location.excerpt == "first words…"
    )


def test_the_results_of_the_last_sixteen_commands_are_kept(cli: Callable[..., Run], example: Path) -> None:
    folder = example / ".claimcite-cache" / resultcache.FOLDER
    folder.mkdir(parents=True)
    for n in range(20):
        stale = folder / f"old{n:02}.json"
        stale.write_text("{}", encoding="utf-8")
        os.utime(stale, (PAST + n, PAST + n))
    cli("check", cwd=example)
    kept = _results(example)
    assert len(kept) == resultcache.KEEP
    assert folder / "old19.json" in kept and folder / "old04.json" not in kept  # the oldest go
    assert KEPT in cli("check", "-v", cwd=example).err  # this one's among them
