"""claimcite's Markdown citations equal pandoc's on pandoc's tests and real papers."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .conftest import REPO, SHARED

sys.path.insert(0, str(REPO / "scripts"))
from pandoc_agreement import compare, find_pandoc

CORPUS = SHARED / "corpus"


@pytest.mark.skipif(find_pandoc() is None, reason="pandoc is not installed (pip install pypandoc_binary)")
@pytest.mark.skipif(not (CORPUS / "pandoc-citations").is_dir(), reason="../shared/corpus is not present")
def test_every_file_agrees_with_pandoc() -> None:
    pandoc = find_pandoc()
    assert pandoc is not None
    agree, total, report = compare(pandoc, Path(CORPUS))
    assert total > 100
    assert agree == total, "\n".join(report)
