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


def test_the_terminal_report_without_a_terminal_is_what_rich_prints_there(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The plain path (no Rich imported) against Rich's own rendering on a stream that is not a
    terminal, on findings with wide, combining, escaped and `::` text, quiet or not."""
    from dataclasses import replace

    from claimcite.findings import BaselineCount
    from claimcite.report import terminal

    odd = [
        "plain message",
        "wide 中文 and combining e\u0301 and emoji \U0001f642",
        "escaped \x1b[31m and \u202e and ##[group]",
        "::warning file=x:: at the start",
        "trailing spaces   ",
        "[bold]not markup[/bold] :smile:",
    ]
    levels = [Severity.ERROR, Severity.WARNING, Severity.INFO]
    findings = tuple(
        Finding("r", f"CC{n}", levels[n % 3], message, Location(f"dir {n // 2}/f.md", n + 1, n))
        for n, message in enumerate(odd)
    )
    summary = Summary(3, 4, 5, 6, 2, 2, 2)
    results = [
        Result(findings=findings, summary=summary),
        Result(findings=findings, summary=summary, suppressed=2, baseline=BaselineCount(3, 1)),
        Result(findings=(), summary=replace(summary, claims=0, citations=0)),
        Result(findings=findings[:1], summary=replace(summary, warnings=0, infos=0)),
    ]
    for result in results:
        for quiet in (False, True):
            plain = io.StringIO()
            terminal.render(result, plain, How(quiet=quiet))
            monkeypatch.setenv("FORCE_COLOR", "")  # Rich decides: not a terminal
            rich = io.StringIO()
            terminal.render(result, rich, How(quiet=quiet))
            monkeypatch.delenv("FORCE_COLOR")
            assert plain.getvalue() == rich.getvalue()
            assert plain.getvalue().count("\n") >= len(result.findings)
