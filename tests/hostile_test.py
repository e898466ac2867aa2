"""Every reproduction of issue 10, through the whole check in a process of its own: a finding
(the rest still checked) or one error line, never a traceback, within a minute and within
1 GB of address space."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from .conftest import write_project

GIGABYTE = 1 << 30
BIB = "@article{alpha2020, author = {Alpha, Ann}, title = {One}, journal = {J}, year = {2020}}\n"
CLAIMS = "claims:\n  - id: a\n    statement: A.\n    sources: [alpha2020]\n"


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (GIGABYTE, GIGABYTE))


def check(root: Path, *args: str, timeout: float = 120) -> tuple[int, dict[str, Any] | None, str]:
    """`claimcite check --format json ARGS` in `root`, in a process limited to 1 GB of address
    space: the exit status, the report (None on exit 2) and stderr."""
    exe = shutil.which("claimcite", path=os.path.dirname(sys.executable))
    command = [exe] if exe else [sys.executable, "-m", "claimcite"]
    run = subprocess.run(
        [*command, "check", "--format", "json", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_limit_memory if sys.platform.startswith("linux") else None,
        check=False,
    )
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    if run.returncode == 2:
        assert run.stderr.startswith("claimcite: error: ") and run.stderr.count("\n") == 1, run.stderr
        return 2, None, run.stderr
    assert run.returncode in (0, 1), run.stderr
    return run.returncode, json.loads(run.stdout), run.stderr


def _messages(report: dict[str, Any] | None, rule: str) -> list[str]:
    assert report is not None
    return [f["message"] for f in report["findings"] if f["rule"] == rule]


def _keys(report: dict[str, Any] | None, rule: str) -> list[str | None]:
    assert report is not None
    return [f["key"] for f in report["findings"] if f["rule"] == rule]


# BibTeX -------------------------------------------------------------------------------------


def test_a_name_list_that_lost_its_brace(tmp_path: Path) -> None:
    """`author = {Beta, Bob,` swallowed the fields after it: one finding on that entry."""
    root = write_project(
        tmp_path,
        {
            "references.bib": BIB + "@article{beta2021,\n  author = {Beta, Bob,\n  title = {Two},\n"
            "  journal = {J},\n  year = {2021}\n}\n"
            "@article{gamma2022, author = {Gamma, Gil}, title = {Three}, journal = {J}, year = {2022}}\n"
            # braces that balance again further on: the name holds the other fields
            "@article{delta2023,\n  author = {Delta, Dan, title = {Four}, journal = {J}}, year = {2023}\n}\n",
            "claims/a.yaml": CLAIMS.replace("[alpha2020]", "[alpha2020, gamma2022, delta2023]"),
        },
    )
    status, report, _ = check(root)
    assert status == 1
    messages = _messages(report, "parse-error")
    assert any("'beta2021' is not closed before the next entry" in m for m in messages)
    assert any("entry 'delta2023': the author" in m and "has 3 commas" in m for m in messages)
    assert not _keys(report, "unknown-key")  # the entries after them are read


def test_biber_extended_names(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "references.bib": "@article{gamma2022, author = {family=Gamma, given=Gina, prefix=de, "
            "useprefix=true and Alpha, Ann}, title = {Three}, journal = {J}, year = {2022}}\n",
            "paper.txt": "As de Gamma and Alpha (2022) showed.\n",
            "claims/a.yaml": CLAIMS.replace("alpha2020", "gamma2022"),
        },
    )
    status, report, _ = check(root, "claims", "paper.txt")
    assert status == 0, report


def test_string_macros_that_concatenate_to_100000_characters(tmp_path: Path) -> None:
    lines = ['@string{a = "' + "x" * 1000 + '"}', "@string{b = " + " # ".join(["a"] * 100) + "}"]
    lines += [f"@misc{{k{i}, title = b, note = b # b}}" for i in range(5000)]
    root = write_project(tmp_path, {"references.bib": "\n".join(lines) + "\n"})
    status, report, _ = check(root, "--bib", "references.bib")
    assert status == 1
    assert any("@string macros expand to more than" in m for m in _messages(report, "parse-error"))


def test_odd_field_values(tmp_path: Path) -> None:
    digits = "9" * 5000
    root = write_project(
        tmp_path,
        {
            "references.bib": "@article{a, author = {A, B}, title = {T}, journal = {J}, year = {2020}, "
            "pages = {10--20}, isbn = {²²²²²²²²²²}, month = {²}, issn = {²²²²²²²²}}\n"
            f"@article{{b, author = {{A, B}}, title = {{T}}, journal = {{J}}, year = {{{digits}}}, "
            f"pages = {{{digits}--{'8' * 5000}}}, volume = {digits}}}\n",
            "claims/a.yaml": "claims:\n  - id: a\n    statement: A.\n    sources: "
            f'[{{key: a, locator: "p. {digits}"}}, {{key: b, locator: "p. ²"}}, '
            '{key: b, locator: "S. ١٢"}]\n',
        },
    )
    status, report, _ = check(root)
    assert status in (0, 1)  # warnings
    assert len(_messages(report, "malformed-field")) >= 4


# CSL ----------------------------------------------------------------------------------------


def test_csl_yaml_alias_bomb(tmp_path: Path) -> None:
    """A kilobyte of nested aliases: refused, not expanded (it took 230 s)."""
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    lines.append("references:\n- id: alpha2020\n  type: book\n  title: *a8\n  author: [{family: Alpha}]")
    root = write_project(tmp_path, {"refs.yaml": "\n".join(lines) + "\n", "claims/a.yaml": CLAIMS})
    status, report, _ = check(root, "--bib", "refs.yaml", timeout=60)
    assert status == 1
    assert any("alias" in m for m in _messages(report, "parse-error"))
    assert not _keys(report, "unknown-key")  # the item itself is read


def test_claim_file_alias_bomb(tmp_path: Path) -> None:
    sources = "s: &s [" + ", ".join(["alpha2020"] * 1000) + "]\n"
    claim = "c: &c {id: x, statement: X., sources: *s}\n"
    claims = "claims: [" + ", ".join(["*c"] * 1000) + "]\n"
    root = write_project(tmp_path, {"references.bib": BIB, "claims/a.yaml": sources + claim + claims})
    status, report, _ = check(root, timeout=60)
    assert status == 1
    assert any("alias" in m for m in _messages(report, "parse-error"))


def test_impossible_dates_and_deep_nesting_in_yaml(tmp_path: Path) -> None:
    deep = "[" * 5000 + "]" * 5000
    root = write_project(
        tmp_path,
        {
            "references.bib": BIB,
            "refs.yaml": "references:\n- id: beta2021\n  type: book\n  title: T\n"
            "  issued: 2021-02-30\n  accessed: 0000-00-00\n  note: " + "[" * 100 + "]" * 100 + "\n",
            "deep.yaml": "references: " + deep + "\n",
            "dated.md": "---\ntitle: x\ndate: 2021-02-30\nbibliography: references.bib\n---\n"
            "Text [@alpha2020].\n",
            "deep.md": "---\nnocite: " + "[" * 500 + "]" * 500 + "\n---\nText [@alpha2020].\n",
            "claims/a.yaml": "claims:\n  - id: a\n    statement: A.\n    sources: [alpha2020, beta2021]\n",
        },
    )
    status, report, _ = check(
        root, "claims", "dated.md", "deep.md", "--bib", "references.bib", "--bib", "refs.yaml"
    )
    assert status == 1
    assert not _keys(report, "unknown-key")
    status, report, _ = check(root, "--bib", "deep.yaml", "--bib", "references.bib")
    assert any("nesting" in m or "nested" in m for m in _messages(report, "parse-error"))


def test_csl_json_deep_nesting_huge_numbers_and_lone_surrogates(tmp_path: Path) -> None:
    item = (
        '{"id": "alpha2020", "type": "book", "title": "T\\ud800", "volume": ' + "9" * 5000 + ", "
        '"issued": {"date-parts": [[' + "2" * 5000 + "]]}, "
        '"note": ' + "[" * 900 + "]" * 900 + ', "number": 1e999999}'
    )
    root = write_project(
        tmp_path,
        {"refs.json": "[" + item + "]", "deep.json": "[" * 100000 + "]" * 100000, "claims/a.yaml": CLAIMS},
    )
    status, report, _ = check(root, "--bib", "refs.json")
    assert status in (0, 1) and not _keys(report, "unknown-key")
    status, report, _ = check(root, "--bib", "deep.json")
    assert any("nested too deeply" in m for m in _messages(report, "parse-error"))


# Config and baseline ------------------------------------------------------------------------


def test_config_and_baseline_nested_too_deeply(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"references.bib": BIB, "claims/a.yaml": CLAIMS})
    (root / "claimcite.toml").write_text("x = " + "[" * 100000 + "]" * 100000 + "\n")
    status, _, err = check(root)
    assert status == 2 and "nested too deeply" in err
    (root / "claimcite.toml").unlink()
    (root / "b.json").write_text(
        '{"schema": "claimcite/baseline/v1", "findings": ' + "[" * 100000 + "]" * 100000 + "}"
    )
    status, _, err = check(root, "--baseline", "b.json")
    assert status == 2 and "nested too deeply" in err


# Manuscripts --------------------------------------------------------------------------------


def test_nested_citation_brackets(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "references.bib": BIB,
            "a.md": "Text " + "[see " * 500 + "@alpha2020" + "]" * 500 + ".\n",
            "b.md": "Text " + "[@alpha2020 " * 500 + "]" * 500 + ".\n",
            "c.txt": "Text " + "(" * 500 + "Alpha, 2020" + ")" * 500 + ".\n",
            "d.tex": "Text \\cite[" + "[" * 500 + "]" * 500 + "]{alpha2020} " + "{" * 500 + "}" * 500 + "\n",
        },
    )
    status, _, _ = check(root, "a.md", "b.md", "c.txt", "d.tex")
    assert status in (0, 1)


def test_unclosed_fences_and_entries_finish(tmp_path: Path) -> None:
    entries = "".join(f"@article{{k{i}, title = {{T{i}\n" for i in range(8000))
    root = write_project(tmp_path, {"references.bib": entries, "paper.md": "```a\n" * 16000 + "[@k1]\n"})
    status, report, _ = check(root, "paper.md", timeout=120)
    assert status == 1 and len(_messages(report, "parse-error")) == 8000


def test_names_pybtex_cannot_split_are_kept_whole() -> None:
    from claimcite.load.tex import parse_names, surnames

    for value in ("key,@article{@misc{k,key,", "A, B, C, D", "{, , ,", "a}, b, c, d{", "family=, given="):
        assert parse_names.__wrapped__(value)
        surnames.__wrapped__(value)
