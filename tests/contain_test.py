"""Containment: nothing read or written outside the root, links followed; special files refused
as inputs and written through as outputs."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from claimcite.files import read_bytes, write_atomically
from claimcite.files.contain import Area, Refused

from .conftest import Run, write_project

Cli = Callable[..., Run]

BIB = "@misc{alpha2020, author = {Alpha, Ann}, title = {One}, year = {2020}}\n"
SECRET_BIB = "@misc{secret2020, author = {Secret, Sam}, title = {SECRET TITLE}, year = {2020}}\n"
CLAIMS = "claims:\n  - id: a\n    statement: A.\n    sources: [alpha2020]\n"


def _layout(tmp_path: Path) -> tuple[Path, Path]:
    """A project `root` and, beside it, a folder `outside` holding what must not be read."""
    outside = write_project(
        tmp_path / "outside",
        {
            "secret.bib": SECRET_BIB,
            "secret.tex": "SECRET TEXT \\cite{secret2020} (Secret, 2020)\n",
            "evil.yaml": "claims:\n  - id: evil\n    statement: SECRET CLAIM.\n    sources: [secret2020]\n",
        },
    )
    root = write_project(tmp_path / "root", {"references.bib": BIB, "claims/a.yaml": CLAIMS})
    return root, outside


def _command() -> list[str]:
    exe = shutil.which("claimcite", path=os.path.dirname(sys.executable))
    return [exe] if exe else [sys.executable, "-m", "claimcite"]


def _refusals(run: Run) -> list[str]:
    return [f["message"] for f in run.findings() if "outside the project root" in f["message"]]


# Area.admit, the one function --------------------------------------------------------------


def test_admit_resolves_links_and_dots(tmp_path: Path) -> None:
    root, outside = _layout(tmp_path)
    area = Area.of(str(root))
    assert area.admit(str(root / "references.bib")) == os.path.realpath(root / "references.bib")
    (root / "link.bib").symlink_to(outside / "secret.bib")
    (root / "inner.bib").symlink_to(root / "references.bib")
    assert area.admit(str(root / "inner.bib")) == os.path.realpath(root / "references.bib")
    for path, why in (
        (root / "link.bib", "is a link to a place outside the project root"),
        (root / ".." / "outside" / "secret.bib", "lies outside the project root"),
        (outside / "secret.bib", "lies outside the project root"),
    ):
        with pytest.raises(Refused, match=why):
            area.admit(str(path))
    with pytest.raises(Refused, match="NUL"):
        area.admit(str(root / "a\0b.bib"))
    assert Area.of(str(root), [str(outside)]).admit(str(root / "link.bib"))  # an allowed folder


def test_a_folder_named_like_the_root_is_not_inside_it(tmp_path: Path) -> None:
    (tmp_path / "root").mkdir()
    (tmp_path / "root2").mkdir()
    (tmp_path / "root2" / "x.bib").write_text(BIB)
    with pytest.raises(Refused):
        Area.of(str(tmp_path / "root")).admit(str(tmp_path / "root2" / "x.bib"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_reads_take_regular_files_only(tmp_path: Path) -> None:
    area = Area.of(str(tmp_path), max_mb=0.001)
    os.mkfifo(tmp_path / "fifo.bib")
    (tmp_path / "zero.bib").symlink_to("/dev/zero")
    (tmp_path / "folder.bib").mkdir()
    (tmp_path / "big.bib").write_bytes(b"x" * 2000)
    area_with_dev = Area.of(str(tmp_path), ["/dev/zero"])
    with pytest.raises(Refused, match="named pipe"):
        read_bytes(str(tmp_path / "fifo.bib"), area)  # refused at once, not waited on
    with pytest.raises(Refused, match="device"):
        read_bytes(str(tmp_path / "zero.bib"), area_with_dev)
    with pytest.raises(Refused, match="folder"):
        read_bytes(str(tmp_path / "folder.bib"), area)
    with pytest.raises(Refused, match=r"larger than 0\.001 MB"):
        read_bytes(str(tmp_path / "big.bib"), area)
    (tmp_path / "small.bib").write_bytes(b"x" * 1000)
    assert read_bytes(str(tmp_path / "small.bib"), area) == b"x" * 1000


# Reads through the whole check -------------------------------------------------------------


def test_latex_input_out_of_the_root_is_not_read(cli: Cli, tmp_path: Path) -> None:
    root, outside = _layout(tmp_path)
    (root / "inner.tex").write_text("\\cite{alpha2020}\n")
    (root / "linked.tex").symlink_to(outside / "secret.tex")
    (root / "paper.tex").write_text(
        "\\input{../outside/secret}\n"
        f"\\input{{{outside / 'secret'}}}\n"
        "\\include{linked}\n"
        "\\input{inner}\n"
    )
    run = cli("check", "paper.tex", "--format", "json", cwd=root)
    refused = [f for f in run.findings("parse-error") if "cannot read" in f["message"]]
    assert [f["line"] for f in refused] == [1, 2, 3]
    assert "is a link to a place outside the project root" in refused[2]["message"]
    assert "SECRET" not in run.out and "secret2020" not in run.out
    assert run.report["summary"]["files"] == 3  # references.bib, paper.tex, inner.tex


def test_bibliographies_out_of_the_root_are_not_read(cli: Cli, tmp_path: Path) -> None:
    root, _ = _layout(tmp_path)
    write_project(
        root,
        {
            "paper.md": "---\nbibliography: ../outside/secret.bib\n---\nText [@secret2020].\n",
            "paper.tex": "\\addbibresource{../outside/secret.bib}\n\\cite{secret2020}\n",
            "claims/b.yaml": "bibliography: ../outside/secret.bib\n"
            "claims:\n  - id: b\n    statement: B.\n    sources: [secret2020]\n",
        },
    )
    run = cli("check", "claims", "paper.md", "paper.tex", "--format", "json", cwd=root)
    assert sorted(f["path"] for f in run.findings() if "not read: it lies outside" in f["message"]) == [
        "claims/b.yaml",
        "paper.md",
        "paper.tex",
    ]
    assert "SECRET" not in run.out
    assert not run.findings("unknown-key")  # citations against a refused bibliography go unchecked


def test_a_claim_file_linked_out_of_the_root_is_not_read(cli: Cli, tmp_path: Path) -> None:
    root, outside = _layout(tmp_path)
    (root / "claims" / "evil.yaml").symlink_to(outside / "evil.yaml")
    run = cli("check", "--format", "json", cwd=root)
    assert _refusals(run) == [
        "cannot read: it is a link to a place outside the project root "
        "(list its folder in `fulltext_allow` to allow it)"
    ]
    assert run.findings("parse-error")[0]["path"] == "claims/evil.yaml"
    assert "SECRET" not in run.out and run.report["summary"]["claims"] == 1


def test_paths_named_on_the_command_line_may_lie_outside(cli: Cli, tmp_path: Path) -> None:
    """What the user names on the command line is the user's to choose, as with `cat`."""
    root, outside = _layout(tmp_path)
    (root / "claims" / "a.yaml").write_text(CLAIMS.replace("alpha2020", "secret2020"))
    run = cli("check", "--bib", str(outside / "secret.bib"), "--format", "json", cwd=root)
    assert run.status == 0, run.out
    (root / "inside.bib").symlink_to(outside / "secret.bib")  # inside the root: links must stay inside
    run = cli("check", "--bib", "inside.bib", "--format", "json", cwd=root)
    assert _refusals(run) and run.findings("parse-error")[0]["path"] == "inside.bib"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_or_a_device_as_claim_file_is_a_finding_not_a_hang(tmp_path: Path) -> None:
    """In a process limited to 1 GB: /dev/zero, read whole, would fill any memory."""
    from .hostile_test import check

    root = write_project(tmp_path, {"references.bib": BIB, "claims/a.yaml": CLAIMS})
    os.mkfifo(root / "claims" / "fifo.yaml")
    (root / "claims" / "zero.yaml").symlink_to("/dev/zero")
    (root / "sources").mkdir()
    os.mkfifo(root / "sources" / "alpha2020.txt")  # a full text: not waited on either
    status, report, _ = check(root)
    assert status == 1 and report is not None
    refused = {f["path"]: f["message"] for f in report["findings"] if f["rule"] == "parse-error"}
    assert refused["claims/fifo.yaml"] == "cannot read: it is a named pipe (FIFO), not a regular file"
    assert refused["claims/zero.yaml"].startswith("cannot read: it is a link to a place outside")


def test_a_nul_in_a_named_path_is_a_finding(cli: Cli, tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "references.bib": BIB,
            "claims/a.yaml": 'document: "paper\\0.md"\nbibliography: "refs\\0.bib"\n'
            "claims:\n  - id: a\n    statement: A.\n    sources: [alpha2020]\n",
            "paper.md": '---\nbibliography: "r\\0.bib"\n---\nx [@alpha2020]\n',
        },
    )
    run = cli("check", "claims", "paper.md", "--bib", "references.bib", "--format", "json", cwd=root)
    assert run.status == 1 and "internal error" not in run.err
    assert len(run.findings("invalid-claim")) == 2
    # a full text named with a NUL in a bibliography's file field
    (root / "references.bib").write_text(BIB.replace("year", "file = {a\0b.pdf}, year"))
    (root / "claims" / "a.yaml").write_text(CLAIMS.replace("[alpha2020]", '[{key: alpha2020, quote: "x"}]'))
    run = cli("check", "--format", "json", cwd=root)
    assert "internal error" not in run.err
    assert "holds a NUL character" in run.findings("source-unavailable")[0]["message"]


def test_an_unreadable_claims_folder_is_not_zero_claims(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path, {"references.bib": BIB, "claims/a.yaml": CLAIMS})
    real_scandir = os.scandir

    def denied(path: str | os.PathLike[str] = ".") -> object:
        if os.fspath(path).endswith("claims"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", denied)
    run = cli("check", "--format", "json", cwd=root)
    assert run.status == 1
    assert [f["message"] for f in run.findings("parse-error")] == [
        "cannot read the folder: Permission denied; its claim files are not checked"
    ]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any folder")
def test_a_folder_without_read_permission(cli: Cli, tmp_path: Path) -> None:
    root = write_project(tmp_path, {"references.bib": BIB, "claims/a.yaml": CLAIMS})
    (root / "claims").chmod(0)
    try:
        run = cli("check", "--format", "json", cwd=root)
    finally:
        (root / "claims").chmod(0o755)
    assert run.status == 1 and run.findings("parse-error")


# Writes --------------------------------------------------------------------------------------


def test_a_cache_folder_linked_out_of_the_root_is_not_written(cli: Cli, tmp_path: Path) -> None:
    root, outside = _layout(tmp_path)
    write_project(
        root,
        {
            "claims/a.yaml": "claims:\n  - id: a\n    statement: A.\n"
            '    sources: [{key: alpha2020, quote: "hello"}]\n',
            "sources/alpha2020.txt": "hello world\n",
        },
    )
    (outside / "cache").mkdir()
    (root / ".claimcite-cache").symlink_to(outside / "cache")
    run = cli("check", "--format", "json", cwd=root)
    assert list((outside / "cache").iterdir()) == []
    assert [f["path"] for f in run.findings("parse-error")] == [".claimcite-cache"]
    assert "the cache folder is not used: it is a link" in run.findings("parse-error")[0]["message"]
    assert not run.findings("quote-not-found")  # the full text is still read


def test_output_writes_through_a_link_inside_the_root(cli: Cli, tmp_path: Path) -> None:
    root = write_project(tmp_path, {"references.bib": BIB, "claims/a.yaml": CLAIMS, "out/real.json": "old"})
    (root / "report.json").symlink_to(root / "out" / "real.json")
    run = cli("check", "--format", "json", "--output", "report.json", cwd=root)
    assert run.status == 0, run.err
    assert (root / "report.json").is_symlink()
    assert '"schema": "claimcite/report/v1"' in (root / "out" / "real.json").read_text()


def test_output_through_a_link_out_of_the_root_is_refused(cli: Cli, tmp_path: Path) -> None:
    root, outside = _layout(tmp_path)
    (outside / "victim.txt").write_text("keep me")
    (root / "report.txt").symlink_to(outside / "victim.txt")
    run = cli("check", "--output", "report.txt", cwd=root)
    assert run.status == 2 and run.err.count("\n") == 1
    assert run.err.startswith("claimcite: error: cannot write report.txt: it is a link to a place outside")
    assert (outside / "victim.txt").read_text() == "keep me" and (root / "report.txt").is_symlink()
    # named outside the root on the command line: the user's choice
    run = cli("check", "--output", str(outside / "report.txt"), cwd=root)
    assert run.status == 0 and "All checks passed" in (outside / "report.txt").read_text()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_output_into_a_fifo_and_onto_stdout(tmp_path: Path) -> None:
    root = write_project(tmp_path / "root", {"references.bib": BIB, "claims/a.yaml": CLAIMS})
    os.mkfifo(root / "pipe")
    reader = subprocess.Popen(["cat", str(root / "pipe")], stdout=subprocess.PIPE, text=True)
    run = subprocess.run(
        [*_command(), "check", "--output", "pipe"], cwd=root, capture_output=True, text=True, timeout=120
    )
    out, _ = reader.communicate(timeout=60)
    assert run.returncode == 0 and "All checks passed" in out
    assert stat.S_ISFIFO((root / "pipe").stat().st_mode)  # still a FIFO, not a file in its place
    # /dev/stdout, named through a link outside the project (a test that fails must not replace
    # the real one): the report goes to standard output
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "stdout").symlink_to("/dev/stdout")
    run = subprocess.run(
        [*_command(), "check", "--output", str(tmp_path / "elsewhere" / "stdout")],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0 and "All checks passed" in run.stdout
    assert (tmp_path / "elsewhere" / "stdout").is_symlink()
    # inside the project, a link must lead to a place inside it
    (root / "stdout").symlink_to("/dev/stdout")
    run = subprocess.run(
        [*_command(), "check", "--output", "stdout"], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 2 and "is a link to a place outside the project root" in run.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_disk_is_one_line_and_exit_2(cli: Cli, tmp_path: Path) -> None:
    root = write_project(tmp_path / "root", {"references.bib": BIB, "claims/a.yaml": CLAIMS})
    full = tmp_path / "full"  # a link to the device (a test that fails must not replace it)
    full.symlink_to("/dev/full")
    run = cli("check", "--output", str(full), cwd=root)
    assert run.status == 2
    assert run.err == f"claimcite: error: cannot write {full}: No space left on device\n"
    assert full.is_symlink() and stat.S_ISCHR(full.stat().st_mode)


def test_write_atomically_leaves_nothing_behind_and_keeps_links(tmp_path: Path) -> None:
    area = Area.of(str(tmp_path))
    (tmp_path / "real.txt").write_bytes(b"old\r\n")
    (tmp_path / "link.txt").symlink_to("real.txt")
    write_atomically(str(tmp_path / "link.txt"), b"new\r\n", area)
    assert (tmp_path / "link.txt").is_symlink() and (tmp_path / "real.txt").read_bytes() == b"new\r\n"
    write_atomically(str(tmp_path / "fresh.txt"), b"x", area)
    assert sorted(os.listdir(tmp_path)) == ["fresh.txt", "link.txt", "real.txt"]
    with pytest.raises(Refused):
        write_atomically(str(tmp_path.parent / "elsewhere.txt"), b"x", area)


@pytest.mark.parametrize("unnamed", [True, False])
def test_a_write_that_fails_leaves_the_old_file_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unnamed: bool
) -> None:
    """With Linux's unnamed temporary files and without them (a named one, removed again)."""
    if not unnamed:
        monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    (tmp_path / "f.txt").write_bytes(b"old\r\n")

    def full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(str(tmp_path / "f.txt"), b"new\r\n", Area.of(str(tmp_path)))
    assert os.listdir(tmp_path) == ["f.txt"] and (tmp_path / "f.txt").read_bytes() == b"old\r\n"


def test_a_write_removes_what_a_killed_run_left_and_nothing_else(tmp_path: Path) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    dead, own = int(gone.stdout), os.getpid()  # a process that has ended, and this one
    names = [f".claimcite-{dead}-1a2b3c4d.tmp", f".claimcite-{own}-1a2b.tmp", ".claimcite-1-x.tmp", "a.tmp"]
    for name in names:
        (tmp_path / name).write_text("left")
    write_atomically(str(tmp_path / "out.txt"), b"new", Area.of(str(tmp_path)))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*names[1:], "out.txt"])
