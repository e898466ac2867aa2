"""The table of input formats: a new manuscript format is one module and one row of the table.

The toy format here (reStructuredText's `:cite:` role, as sphinxcontrib-bibtex writes it, with
`..` comments) is registered through one row only; the command line then reads it, lists its
citations, applies its suppressions, accepts it as a claim file's document and names its suffix
in its messages and help."""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from claimcite.files.contain import Area
from claimcite.load import formats
from claimcite.load.documents import LoadedDocument, ShownPath
from claimcite.load.format import BibliographyFormat, ClaimsFormat, Comment, Manuscript, Role
from claimcite.load.formats import FORMATS, bibliography_format, format_of, manuscript_format, what_is_read
from claimcite.load.reader import BibliographyHints, Reading
from claimcite.load.text import LineIndex
from claimcite.model import Citation, Location, Syntax

from .conftest import Run

_CITE = re.compile(r":cite:`([^`]+)`")


def _read_rst(path: str, reading: Reading) -> LoadedDocument:
    """The toy reader: each key of a `:cite:` role is a citation."""
    document = reading.document
    text = reading.text(path).text
    index = LineIndex(text)
    for group, found in enumerate(_CITE.finditer(text), 1):
        line, column = index.line_col(found.start())
        for key in found.group(1).split(","):
            location = Location(document.path, line, column)
            document.citations.append(Citation(location, Syntax.PANDOC, found.group(), group=group, key=key))
    return document


RST = Manuscript(name="rst", suffixes=(".rst",), comment=Comment(".."), reader=_read_rst)

BIB = """
@book{hulshof2021,
  author = {Hulshof, Anna},
  title = {Cli\\"entondersteuning},
  publisher = {Movisie},
  year = {2021}
}
"""
PAPER = """
Support
=======

Reach is lower among migrants :cite:`hulshof2021`.
Others found the same :cite:`hulshof2012`.

.. claimcite: ignore[unknown-key]
And once more :cite:`kocak2016`.
"""


@pytest.fixture
def with_rst(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats, "FORMATS", (*FORMATS, RST))


@pytest.mark.usefixtures("with_rst")
def test_a_format_registered_by_one_row_is_checked(
    cli: Callable[..., Run], project: Callable[[dict[str, str]], Path]
) -> None:
    root = project({"paper.rst": PAPER, "references.bib": BIB})
    run = cli("check", "paper.rst", "--format", "json", "--select", "unknown-key", cwd=root)
    assert run.status == 1, run.err
    assert [(f["path"], f["line"], f["key"]) for f in run.findings()] == [("paper.rst", 5, "hulshof2012")]


@pytest.mark.usefixtures("with_rst")
def test_a_registered_format_lists_its_citations(
    cli: Callable[..., Run], project: Callable[[dict[str, str]], Path]
) -> None:
    root = project({"paper.rst": PAPER, "references.bib": BIB})
    run = cli("citations", "paper.rst", "--format", "json", cwd=root)
    assert run.status == 0, run.err
    listed = [(c["line"], c["key"], c["resolved"]) for c in run.report["citations"]]
    assert listed == [(4, "hulshof2021", "hulshof2021"), (5, "hulshof2012", None), (8, "kocak2016", None)]


@pytest.mark.usefixtures("with_rst")
def test_a_registered_format_is_a_claim_files_document(
    cli: Callable[..., Run], project: Callable[[dict[str, str]], Path]
) -> None:
    claims = """
    document: paper.rst
    claims:
      - id: reach
        statement: Reach is lower.
        sources: [hulshof2021]
    """
    root = project({"paper.rst": PAPER, "references.bib": BIB, "claims/c.yaml": claims})
    run = cli("check", "--format", "json", "--select", "invalid-claim,unknown-key", cwd=root)
    assert [(f["rule"], f["path"]) for f in run.findings()] == [("unknown-key", "paper.rst")]


@pytest.mark.usefixtures("with_rst")
def test_a_registered_format_is_named_in_messages_and_help() -> None:
    assert "(.md, .qmd, .Rmd, .tex, .txt, .docx, .rst)" in what_is_read()
    assert ".docx .rst)" in formats.paths_help()


def test_without_its_row_the_format_is_not_read(
    cli: Callable[..., Run], project: Callable[[dict[str, str]], Path]
) -> None:
    root = project({"paper.rst": PAPER, "references.bib": BIB})
    run = cli("check", "paper.rst", cwd=root)
    assert run.status == 2
    assert run.err == (
        "claimcite: error: paper.rst: not a claim file (.yaml), a bibliography (.bib, .json) "
        "or a manuscript (.md, .qmd, .Rmd, .tex, .txt, .docx)\n"
    )


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("claims/a.yaml", "claims"),
        ("refs.BIB", "bibtex"),
        ("refs.json", "csl"),
        ("paper.md", "markdown"),
        ("paper.Rmd", "rmarkdown"),
        ("paper.qmd", "rmarkdown"),
        ("paper.tex", "latex"),
        ("notes.txt", "text"),
        ("report.docx", "word"),
    ],
)
def test_a_path_is_read_by_the_first_row_that_claims_its_suffix(path: str, name: str) -> None:
    row = format_of(path)
    assert row is not None and row.name == name


def test_a_yaml_bibliography_is_csl_and_an_unclaimed_suffix_bibtex() -> None:
    assert bibliography_format("refs.yaml").name == "csl"
    assert bibliography_format("paper.tex.bibitems").name == "bibtex"
    assert manuscript_format("claims/a.yaml") is None


def test_every_row_is_named_once_and_each_role_has_a_row() -> None:
    names = [row.name for row in FORMATS]
    assert len(names) == len(set(names))
    assert {row.role for row in FORMATS} == set(Role)
    assert all(isinstance(row, BibliographyFormat) for row in FORMATS if row.role is Role.BIBLIOGRAPHY)


# A fresh process registers the toy row before the command line is imported, as a new row of the
# table would stand there: `--help` takes the suffixes from the table, no copy of them in cli.py.
_HELP_PROBE = """
import sys
from claimcite.load import formats
from claimcite.load.format import Comment, Manuscript
# its reader is named only: help imports none (there is no such module)
row = Manuscript(name="rst", suffixes=(".rst",), comment=Comment(".."), reader="claimcite.load.formats.rst")
if sys.argv[1] == "with-rst":
    formats.FORMATS = (*formats.FORMATS, row)
from claimcite.cli import run_cli
sys.exit(run_cli(["check", "--help"]))
"""


def _check_help(registered: str) -> str:
    run = subprocess.run(
        [sys.executable, "-c", _HELP_PROBE, registered],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "300"},
    )
    return " ".join(run.stdout.split())


def test_the_help_of_the_command_line_names_a_registered_format() -> None:
    assert ".docx .rst), bibliographies (.bib .json)" in _check_help("with-rst")
    assert ".rst" not in _check_help("without")


def test_the_help_of_the_command_line_is_the_tables() -> None:
    help_text = _check_help("without")
    assert formats.paths_help() in help_text
    assert formats.bib_help() in help_text


def test_each_row_names_a_module_that_holds_its_reader_and_no_row() -> None:
    """A row's reader is imported when first read: the module it names is there and has `read`;
    the row stands in the table only."""
    for row in FORMATS:
        assert isinstance(row.reader, str), row.name
        module = importlib.import_module(row.reader)
        assert callable(module.read), row.reader
        assert not hasattr(module, "FORMAT"), row.reader


def test_a_row_reads_with_a_function_or_the_module_it_names(tmp_path: Path) -> None:
    paper = tmp_path / "paper.rst"
    paper.write_text("As shown :cite:`a,b`.\n", encoding="utf-8")
    named = replace(RST, reader="claimcite.load.formats.plaintext")  # a module's `read`: no `:cite:` there
    for row, keys in ((RST, ["a", "b"]), (named, [])):
        document = LoadedDocument(paper.name, row.name, files=[paper.name])
        reading = Reading(document, ShownPath(str(tmp_path)), Area.of(str(tmp_path)), row.comment)
        assert [c.key for c in row.read(str(paper), reading).citations] == keys


def test_a_bibliography_and_a_claim_file_read_suppressions_in_their_rows_comment(tmp_path: Path) -> None:
    """The row's comment syntax is the one its reader reads suppressions in: without it, none."""
    bib = tmp_path / "refs.bib"
    bib.write_text("% claimcite: ignore[missing-field]\n" + BIB, encoding="utf-8")
    claims = tmp_path / "c.yaml"
    claims.write_text("# claimcite: ignore\nclaims: []\n", encoding="utf-8")
    area = Area.of(str(tmp_path))
    bibtex_row, claims_row = bibliography_format(str(bib)), format_of(str(claims))
    assert isinstance(claims_row, ClaimsFormat)
    for comment, found in ((bibtex_row.comment, 1), (None, 0)):
        bibliography, _ = replace(bibtex_row, comment=comment).read(
            str(bib), "refs.bib", area, BibliographyHints()
        )
        assert len(bibliography.suppressions) == found
    for comment, found in ((claims_row.comment, 1), (Comment("%"), 0)):
        claim_file = replace(claims_row, comment=comment).read(str(claims), "c.yaml", area, True, None)
        assert len(claim_file.suppressions) == found
