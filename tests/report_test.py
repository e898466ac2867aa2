"""The table of reporters: every output format has a row, every row one signature, and a format
without a row fails loudly instead of printing another report."""

from __future__ import annotations

import importlib
import inspect
import io

import pytest

from claimcite.findings import Finding, Result, Summary
from claimcite.model import Location, Severity
from claimcite.report import LISTINGS, REPORTERS, Format, How, ListFormat, listing, reporter

ONE = Finding(
    "unknown-key", "CC101", Severity.ERROR, "unknown key 'x'", Location("claims/a.yaml", 3, 9), key="x"
)
RESULT = Result(findings=(ONE,), summary=Summary(1, 1, 1, 0, 1, 0, 0))


@pytest.mark.parametrize("name", [f.value for f in Format])
def test_every_format_of_check_has_a_reporter(name: str) -> None:
    assert name in REPORTERS


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_every_reporter_has_the_one_signature(name: str) -> None:
    render = importlib.import_module(REPORTERS[name]).render
    assert list(inspect.signature(render).parameters) == ["result", "stream", "how"]
    stream = io.StringIO()
    reporter(name)(RESULT, stream, How(to_file=True))
    assert "CC101" in stream.getvalue() or ONE.fingerprint in stream.getvalue()


def test_a_format_without_a_row_fails_loudly() -> None:
    with pytest.raises(LookupError, match="no reporter for the format 'yaml'"):
        reporter("yaml")


@pytest.mark.parametrize("name", [f.value for f in ListFormat])
def test_every_format_of_citations_has_a_listing(name: str) -> None:
    module, function = LISTINGS[name]
    render = getattr(importlib.import_module(module), function)
    assert list(inspect.signature(render).parameters) == ["project", "stream", "how"]


def test_a_listing_without_a_row_fails_loudly() -> None:
    with pytest.raises(LookupError, match="no listing for the format 'csv'"):
        listing("csv")
