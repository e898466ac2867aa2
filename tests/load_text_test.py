"""Files read as text: a file saved as UTF-16 is read, and the author is told to save it as UTF-8."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Run

Cli = Callable[..., Run]

REPORT = (
    "Wachttijden nemen toe (Okafor, 2017).\n\n## Literatuur\n\n"
    "Okafor, C. (2017). *Taal als drempel*. Movisie.\n"
)


@pytest.mark.parametrize(
    ("encoding", "mark"),
    [
        ("utf-16-le", codecs.BOM_UTF16_LE),  # PowerShell's Out-File, Notepad's "Unicode"
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),  # no byte-order mark: told by the NUL beside each ASCII letter
        ("utf-16-be", b""),
        ("utf-32-le", codecs.BOM_UTF32_LE),
    ],
)
def test_a_file_saved_as_utf16_is_read_and_reported(
    cli: Cli, tmp_path: Path, encoding: str, mark: bytes
) -> None:
    (tmp_path / "report.md").write_bytes(mark + REPORT.encode(encoding))
    run = cli("check", "report.md", "--format", "json", cwd=tmp_path)
    (error,) = run.findings()
    assert error["rule"] == "parse-error" and "save it as UTF-8" in error["message"], run.out
    listing = cli("citations", "report.md", "--format", "json", cwd=tmp_path)
    assert [r["resolved"] for r in listing.report["citations"]] == ["okafor2017"]


def test_nul_bytes_scattered_in_utf8_are_no_utf16(cli: Cli, tmp_path: Path) -> None:
    text = REPORT.encode("utf-8")
    (tmp_path / "report.md").write_bytes(text[:10] + b"\x00" + text[10:30] + b"\x00\x00" + text[30:])
    run = cli("check", "report.md", "--format", "json", cwd=tmp_path)
    assert not any("UTF-16" in f["message"] for f in run.findings()), run.out
