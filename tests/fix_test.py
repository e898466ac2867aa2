"""`claimcite fix`: only the keys change, writes are whole, a kill leaves no half file."""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from claimcite.files import write_atomically
from claimcite.files.contain import Area

from .conftest import Run, write_project

Cli = Callable[..., Run]

BIB = (
    "@misc{okafor2017, author = {Okafor, C}, title = {T}, year = {2017}}\n"
    "@misc{tanaka2019, author = {Tanaka, Y}, title = {T}, year = {2019}}\n"
    "@misc{smith2020a, author = {Smith, J}, title = {A}, year = {2020}}\n"
    "@misc{smith2020b, author = {Smith, J}, title = {B}, year = {2020}}\n"
)
CLAIMS = (
    "# claims, with comments\r\n"
    "claims:\r\n"
    "  - id: a     # keep this\r\n"
    "    statement: A.\r\n"
    '    sources: ["okafor2071", tanaka2091]   # and this\r\n'
    "  - id: b\r\n"
    "    statement: B.\r\n"
    "    sources:\r\n"
    "      - key: Okafor2017\r\n"
    "        locator: p. 3\r\n"
    "      - smith2020c\r\n"  # two entries are equally close: no clear fix
    "      - zzzz\r\n"  # nothing close
)
FIXED = (
    CLAIMS.replace('"okafor2071"', '"okafor2017"')
    .replace("tanaka2091", "tanaka2019")
    .replace("key: Okafor2017", "key: okafor2017")
)
MARKDOWN = "Text [see @tanaka2091, p. 3; @okafor2017] and `@tanaka2091` in code.\n"
LATEX = "As \\citep[p.~4]{okafor2017, tanak2019} % \\cite{tanak2019}\n"


def project(root: Path) -> Path:
    return write_project(root, {"references.bib": BIB, "paper.md": MARKDOWN, "paper.tex": LATEX}) and _claims(
        root
    )


def _claims(root: Path) -> Path:
    (root / "claims").mkdir(exist_ok=True)
    (root / "claims" / "a.yaml").write_bytes(CLAIMS.encode())
    return root


def test_fix_changes_only_the_keys(cli: Cli, tmp_path: Path) -> None:
    root = project(tmp_path)
    run = cli("fix", "claims", "paper.md", "paper.tex", cwd=root)
    assert run.status == 0, run.err
    assert "fixed 5 keys in 3 files" in run.err
    assert (root / "claims" / "a.yaml").read_bytes() == FIXED.encode()
    assert (root / "paper.md").read_text() == MARKDOWN.replace("[see @tanaka2091", "[see @tanaka2019")
    assert (root / "paper.tex").read_text() == LATEX.replace(
        "okafor2017, tanak2019}", "okafor2017, tanaka2019}"
    )
    assert '-    sources: ["okafor2071", tanaka2091]' in run.out  # the diff
    # fix then check: what is left could not be fixed
    left = cli(
        "check", "claims", "paper.md", "paper.tex", "--format", "json", "--select", "unknown-key", cwd=root
    )
    assert sorted(f["key"] for f in left.findings()) == ["smith2020c", "zzzz"]
    # nothing written but the files mended and the cache (DESIGN 4)
    assert not [p for p in root.rglob(".claimcite-*") if p.name != ".claimcite-cache"]


def test_dry_run_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    root = project(tmp_path)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    run = cli("fix", "claims", "paper.md", "paper.tex", "--dry-run", cwd=root)
    assert run.status == 1 and "would fix 5 keys" in run.err and "+++ b/claims/a.yaml" in run.out
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
    (root / "claims" / "a.yaml").write_bytes(FIXED.encode())
    (root / "paper.md").write_text("Nothing to fix [@okafor2017].\n")
    (root / "paper.tex").write_text("\\cite{okafor2017}\n")
    assert cli("fix", "claims", "paper.md", "paper.tex", "--dry-run", cwd=root).status == 0


def test_a_file_changed_since_it_was_read_is_left_alone(tmp_path: Path) -> None:
    from claimcite import fix
    from claimcite.config import Settings
    from claimcite.engine import run
    from claimcite.pipeline import load_project
    from claimcite.rules import BY_NAME

    root = project(tmp_path)
    checked = load_project(Settings(root=str(root)), [str(root / "claims")])
    result = run(checked, [BY_NAME["unknown-key"]])
    (root / "claims" / "a.yaml").write_bytes(CLAIMS.encode() + b"# edited meanwhile\r\n")
    planned = fix.plan(result.findings, str(root), result.hashes, Area.of(str(root)))
    assert [item.skipped for item in planned.files] == ["changed on disk since it was checked; left alone"]
    assert fix.apply(planned, str(root), Area.of(str(root))) == []
    assert (root / "claims" / "a.yaml").read_bytes().endswith(b"# edited meanwhile\r\n")


def test_write_atomically_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "f.txt"
    target.write_text("old")
    target.chmod(0o640)
    write_atomically(str(target), b"new", Area.of(str(tmp_path)))
    assert target.read_text() == "new" and (target.stat().st_mode & 0o777) == 0o640
    assert os.listdir(tmp_path) == ["f.txt"]


def test_a_linked_claim_file_is_fixed_in_its_target(cli: Cli, tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "kept").mkdir()
    (root / "claims" / "a.yaml").rename(root / "kept" / "a.yaml")
    (root / "claims" / "a.yaml").symlink_to(Path("..") / "kept" / "a.yaml")
    run = cli("fix", "claims", cwd=root)
    assert run.status == 0 and "fixed 3 keys in 1 file" in run.err
    assert (root / "claims" / "a.yaml").is_symlink()
    assert (root / "kept" / "a.yaml").read_bytes() == FIXED.encode()  # CRLF kept


def test_a_file_included_from_outside_the_root_is_never_rewritten(cli: Cli, tmp_path: Path) -> None:
    outside = write_project(tmp_path / "outside", {"other.tex": "\\cite{tanaka2091}\n"})
    root = project(tmp_path / "root")
    (root / "paper.tex").write_text("\\input{../outside/other}\n\\cite{tanaka2091}\n")
    run = cli("fix", "paper.tex", cwd=root)
    assert run.status == 0 and "fixed 1 key in 1 file" in run.err
    assert (outside / "other.tex").read_text() == "\\cite{tanaka2091}\n"
    assert (root / "paper.tex").read_text().endswith("\\cite{tanaka2019}\n")


def test_a_read_only_file_is_left_alone(cli: Cli, tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "paper.md").chmod(0o444)
    run = cli("fix", "claims", "paper.md", cwd=root)
    assert run.status == 0
    assert "claimcite: paper.md: the file is read-only; left alone" in run.err
    assert (root / "paper.md").read_text() == MARKDOWN
    assert (root / "claims" / "a.yaml").read_bytes() == FIXED.encode()


def test_a_file_deleted_between_planning_and_writing_is_left_alone(tmp_path: Path) -> None:
    from claimcite import fix
    from claimcite.config import Settings
    from claimcite.engine import run
    from claimcite.pipeline import load_project
    from claimcite.rules import BY_NAME

    root = project(tmp_path)
    area = Area.of(str(root))
    checked = load_project(Settings(root=str(root)), [str(root / "claims"), str(root / "paper.md")])
    planned = fix.plan(run(checked, [BY_NAME["unknown-key"]]).findings, str(root), checked.hashes, area)
    (root / "claims" / "a.yaml").unlink()
    written = fix.apply(planned, str(root), area)
    assert [item.path for item in written] == ["paper.md"]
    skipped = [item.skipped for item in planned.files if item.path == "claims/a.yaml"]
    assert skipped == ["cannot read it while fixing (No such file or directory); left alone"]
    assert not (root / "claims" / "a.yaml").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_at_random_moments_every_file_is_old_or_new(tmp_path: Path) -> None:
    """`claimcite fix` in a subprocess, killed (SIGKILL, SIGTERM) during its writes, round after
    round; the claim files have CRLF line ends and half of them are links to files in another
    folder of the project. Each file is the old or the new one and no temporary file is left."""
    root = tmp_path / "project"
    files = 60
    claims = {
        f"claims/c{i:03}.yaml": CLAIMS.replace("id: a", f"id: a{i}").replace("id: b", f"id: b{i}")
        for i in range(files)
    }
    fixed = {name: text.replace('"okafor2071"', '"okafor2017"').replace("tanaka2091", "tanaka2019").replace(
        "key: Okafor2017", "key: okafor2017") for name, text in claims.items()}  # fmt: skip
    exe = shutil.which("claimcite", path=os.path.dirname(sys.executable))
    command = [exe] if exe else [sys.executable, "-m", "claimcite"]
    rng = random.Random(2026)
    outcomes = {"old": 0, "new": 0}

    def fresh() -> None:
        shutil.rmtree(root, ignore_errors=True)
        write_project(root, {"references.bib": BIB})
        (root / "kept").mkdir()
        for index, (name, text) in enumerate(claims.items()):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            if index % 2:
                (root / "kept" / Path(name).name).write_bytes(text.encode())
                (root / name).symlink_to(Path("..") / "kept" / Path(name).name)
            else:
                (root / name).write_bytes(text.encode())

    fresh()
    started = time.perf_counter()
    subprocess.run([*command, "fix"], cwd=root, capture_output=True, check=True)
    whole = time.perf_counter() - started  # how long a whole run takes on this machine
    first = sorted(claims)[0]
    for round_ in range(16):
        fresh()
        process = subprocess.Popen(
            [*command, "fix"], cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if round_ % 2:
            time.sleep(rng.uniform(0.2, 0.9) * whole)  # most likely before the writes
        else:  # wait for the first file to be written, then kill while the others are
            deadline = time.perf_counter() + 5 * whole + 5
            while (root / first).read_bytes() == claims[first].encode():
                if time.perf_counter() > deadline or process.poll() is not None:
                    break
                time.sleep(0.0005)
            time.sleep(rng.uniform(0, 0.02))
        process.send_signal(signal.SIGKILL if round_ % 4 < 2 else signal.SIGTERM)
        process.wait()
        for index, name in enumerate(claims):
            data = (root / name).read_bytes().decode()
            assert data in (claims[name], fixed[name]), f"{name} is neither the old nor the new file"
            assert (root / name).is_symlink() == bool(index % 2)
            outcomes["old" if data == claims[name] else "new"] += 1

        def leftovers_now() -> list[str]:
            return [p.name for f in ("claims", "kept") for p in (root / f).iterdir() if p.suffix != ".yaml"]

        leftovers = leftovers_now()
        if leftovers and round_ % 4 < 2:  # SIGKILL between naming the new file and renaming it
            assert all(re.fullmatch(r"\.claimcite-\d+-\w+\.tmp", name) for name in leftovers), leftovers
            subprocess.run([*command, "fix"], cwd=root, capture_output=True, check=False)
            leftovers = leftovers_now()
        assert not leftovers  # SIGTERM removes its own; the next run removes what a SIGKILL left
    assert outcomes["old"] and outcomes["new"], outcomes  # the kills did land during the writes


BAKKER = (
    "@misc{bakker2019, author = {Bakker, A}, title = {A}, year = {2019}}\n"
    "@misc{bakker2019b, author = {Bakker, A}, title = {B}, year = {2019}}\n"
    "@misc{smith2020a, author = {Smith, J}, title = {A}, year = {2020}}\n"
    "@misc{smith2020b, author = {Smith, J}, title = {B}, year = {2020}}\n"
)
AMBIGUOUS = "claims:\n  - id: a\n    statement: A.\n    sources: [baker2019, smith2020c, zzzz]\n"


def test_a_key_one_edit_from_one_entry_and_two_from_the_next_is_fixed(cli: Cli, tmp_path: Path) -> None:
    """`baker2019`: one edit from `bakker2019`, two from `bakker2019b`; `smith2020c` is one edit
    from both `smith2020a` and `smith2020b`: only the first fix is clear."""
    root = write_project(tmp_path, {"references.bib": BAKKER, "claims/a.yaml": AMBIGUOUS})
    run = cli("fix", cwd=root)
    assert run.status == 0, run.err
    assert (root / "claims" / "a.yaml").read_text() == AMBIGUOUS.replace("baker2019", "bakker2019")
    assert "fixed 1 key in 1 file, 2 remaining" in run.err
    # each key left alone is listed, with why
    assert (
        "claims/a.yaml:4:26: 'smith2020c' not fixed: 'smith2020a' is the closest entry, but another"
        in run.err
    )
    assert "--unsafe-fixes applies it" in run.err
    assert "claims/a.yaml:4:38: 'zzzz' not fixed: no entry is close enough to guess" in run.err


def test_unsafe_fixes_take_the_closest_of_keys_alike(cli: Cli, tmp_path: Path) -> None:
    root = write_project(tmp_path, {"references.bib": BAKKER, "claims/a.yaml": AMBIGUOUS})
    dry = cli("fix", "--dry-run", "--unsafe-fixes", cwd=root)
    assert dry.status == 1 and "would fix 2 keys, 1 remaining; nothing written" in dry.err
    assert (root / "claims" / "a.yaml").read_text() == AMBIGUOUS  # a dry run writes nothing
    run = cli("fix", "--unsafe-fixes", cwd=root)
    assert run.status == 0 and "fixed 2 keys in 1 file, 1 remaining" in run.err
    text = (root / "claims" / "a.yaml").read_text()
    assert "sources: [bakker2019, smith2020a, zzzz]" in text
