"""One module per output format, listed in one table; each renders a result on a stream.

The contract (one signature for every format): `render(result, stream, how)`, where `how` says
what only the command line knows (the root as the report shows it, whether to print the
findings only, whether the stream is a file). A format without a row in `REPORTERS` fails
loudly (`reporter` raises), never falls back to another."""

from __future__ import annotations

import enum
import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TextIO, cast

if TYPE_CHECKING:
    from rich.console import Console

    from claimcite.findings import Result
    from claimcite.model import Project


class Format(str, enum.Enum):
    """Output formats of `claimcite check`."""

    TERMINAL = "terminal"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"
    GITHUB = "github"
    MARKDOWN = "markdown"
    HTML = "html"


# the formats that show the claims ledger (claimcite.ledger), which is built for them alone
WITH_LEDGER = frozenset({Format.MARKDOWN, Format.HTML})


@dataclass(frozen=True, slots=True)
class How:
    """What a reporter is told besides the result."""

    root: str = "."  # the root, as the report names it (relative to the current folder)
    quiet: bool = False  # the findings only: no headings, no summary
    to_file: bool = False  # the stream is a file: no colour, no terminal control


def console(stream: TextIO, how: How) -> Console:
    """A Rich console on `stream`: in colour where it is a terminal, plain in a file."""
    from rich.console import Console

    return Console(file=stream, no_color=True, force_terminal=False) if how.to_file else Console(file=stream)


class Render(Protocol):
    def __call__(self, result: Result, stream: TextIO, how: How) -> None: ...


# Each format's module, imported when that format is asked for; every module has `render`.
REPORTERS: dict[str, str] = {
    Format.TERMINAL.value: "claimcite.report.terminal",
    Format.JSON.value: "claimcite.report.json",
    Format.SARIF.value: "claimcite.report.sarif",
    Format.JUNIT.value: "claimcite.report.junit",
    Format.GITHUB.value: "claimcite.report.github",
    Format.MARKDOWN.value: "claimcite.report.markdown",
    Format.HTML.value: "claimcite.report.html",
    "statistics": "claimcite.report.statistics",  # `check --statistics`
    "baseline": "claimcite.report.baseline",  # `claimcite baseline`
}


class ListFormat(str, enum.Enum):
    """Output formats of `claimcite citations`."""

    TERMINAL = "terminal"
    JSON = "json"
    BIBTEX = "bibtex"  # the manuscripts' typed reference lists, as a .bib


class Listing(Protocol):
    def __call__(self, project: Project, stream: TextIO, how: How) -> None: ...


# `claimcite citations` (read → link → report): each format's module and function.
LISTINGS: dict[str, tuple[str, str]] = {
    ListFormat.TERMINAL.value: ("claimcite.report.citations", "render_terminal"),
    ListFormat.JSON.value: ("claimcite.report.citations", "render_json"),
    ListFormat.BIBTEX.value: ("claimcite.report.bibtex", "render"),
}


def listing(name: str) -> Listing:
    """The renderer of the citations listing `name`; LookupError when the table has no row."""
    row = LISTINGS.get(name)
    if row is None:
        raise LookupError(f"no listing for the format {name!r}: add a row to claimcite.report.LISTINGS")
    module, function = row
    return cast(Listing, getattr(importlib.import_module(module), function))


def reporter(name: str) -> Render:
    """The `render` of the format `name`; LookupError when the table has no row for it."""
    module = REPORTERS.get(name)
    if module is None:
        raise LookupError(f"no reporter for the format {name!r}: add a row to claimcite.report.REPORTERS")
    return cast(Render, importlib.import_module(module).render)
