"""Every file of the shared corpus (third-party bibliographies and manuscripts, ../shared/corpus)
through the whole check: never an internal error, and no file that takes over ten times what
its size predicts (time = a + b x size, fitted on the corpus itself in the same run)."""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import pytest

from claimcite.cli import run_cli

from .conftest import SHARED

CORPUS = SHARED / "corpus"
DOCUMENTS = (".md", ".markdown", ".qmd", ".rmd", ".tex", ".ltx", ".txt", ".text")


def _run(
    args: list[str], cwd: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str]:
    monkeypatch.chdir(cwd)
    capsys.readouterr()
    status = run_cli(["check", "--format", "json", "--no-cache", "--fail-on", "never", "--verbose", *args])
    captured = capsys.readouterr()
    return status, captured.err


def _read(err: str, cwd: Path) -> int:
    """The bytes of the files that the check read, from its --verbose line."""
    for line in err.splitlines():
        if line.startswith("claimcite: read ") and ": " in line[16:]:
            names = line.split(": ", 2)[2].split(", ")
            return sum((cwd / name).stat().st_size for name in names if (cwd / name).is_file())
    return 0


def _check(
    path: Path, empty: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, int]:
    """The check of one corpus file, as the kind of input its name says; any other file as a
    plain-text manuscript (through a copy named .txt beside the empty bibliography)."""
    suffix = path.suffix.lower()
    if suffix in (".bib", ".bibtex"):
        status, err = _run(["--bib", path.name], path.parent, capsys, monkeypatch)
    elif suffix in DOCUMENTS:
        status, err = _run([path.name], path.parent, capsys, monkeypatch)
        if status == 2 and "no bibliography" in err:  # it names none: check its citations against none
            status, err = _run([path.name, "--bib", str(empty)], path.parent, capsys, monkeypatch)
    else:
        copy = empty.parent / "other.txt"
        copy.write_bytes(path.read_bytes())
        status, err = _run([copy.name, "--bib", empty.name], empty.parent, capsys, monkeypatch)
        return status, err, copy.stat().st_size
    return status, err, max(_read(err, path.parent), path.stat().st_size)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present beside the repository")
def test_every_corpus_file_is_checked_in_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty.bib"
    empty.write_text("")
    timings: list[tuple[float, int, Path]] = []
    failures: list[str] = []
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file()):
        started = time.perf_counter()
        status, err, size = _check(path, empty, capsys, monkeypatch)
        seconds = time.perf_counter() - started
        errors = [
            line for line in err.splitlines() if not line.startswith(("claimcite: read", "claimcite: ran"))
        ]
        if status not in (0, 1, 2) or "internal error" in err or "Traceback" in err:
            failures.append(f"{path.relative_to(CORPUS)}: exit {status}: {err.strip()}")
        elif status == 2 and len(errors) != 1:
            failures.append(f"{path.relative_to(CORPUS)}: not one error line: {errors!r}")
        timings.append((seconds, size, path))
    assert not failures, "\n".join(failures)
    # time = a + b x size: a from the smallest files, b from the large ones
    by_size = sorted(timings, key=lambda item: item[1])
    fixed = statistics.median(t for t, _, _ in by_size[: max(len(by_size) // 5, 1)])
    large = [(t - fixed) / size for t, size, _ in by_size if size > 50_000]
    per_byte = max(statistics.median(large), 0.0) if large else 0.0
    slow = []
    for seconds, size, path in timings:
        predicted = fixed + per_byte * size
        if seconds > 10 * predicted:  # once more: the first run may have paid for an import
            started = time.perf_counter()
            _check(path, empty, capsys, monkeypatch)
            again = time.perf_counter() - started
            if again > 10 * predicted:
                slow.append(
                    f"{path.relative_to(CORPUS)}: {again:.2f}s for {size:,} bytes, predicted {predicted:.2f}s"
                )
    assert not slow, json.dumps(slow, indent=1)
