"""LaTeX documents as LaTeX and BibTeX read them: declared encodings, bibliographies in
`filecontents`, `\\jobname`, inputs from the TeX distribution."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Run

Cli = Callable[..., Run]

BIB = "@book{mueller2020,\n  author = {Müller, Jürgen},\n  title = {Übersicht},\n  year = {2020}\n}\n"


@pytest.mark.parametrize(
    "declaration",
    [
        "\\usepackage[latin1]{inputenc}",
        "\\usepackage[T1]{fontenc}\\usepackage[ansinew]{inputenc}",
        "% !TEX encoding = ISO-8859-1",
        "% !TeX encoding = cp1252",
    ],
)
def test_a_declared_encoding_is_read_also_in_the_bibliography(
    cli: Cli, tmp_path: Path, declaration: str
) -> None:
    encoding = "cp1252" if "ansinew" in declaration or "cp1252" in declaration else "latin-1"
    paper = f"{declaration}\n\\begin{{document}}\nSo schreibt Müller \\cite{{mueller2020}}.\n"
    (tmp_path / "paper.tex").write_bytes((paper + "\\bibliography{refs}\n").encode(encoding))
    (tmp_path / "refs.bib").write_bytes(BIB.encode(encoding))
    run = cli("citations", "paper.tex", "--format", "json", cwd=tmp_path)
    assert run.status == 0, run.err
    assert [r["resolved"] for r in run.report["citations"]] == ["mueller2020"]
    check = cli("check", "paper.tex", "--format", "json", cwd=tmp_path)
    assert check.findings("parse-error") == []


def test_undeclared_bytes_that_are_not_utf8_are_still_reported(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "paper.tex").write_bytes("Müller \\cite{a}.\n\\bibliography{refs}\n".encode("latin-1"))
    (tmp_path / "refs.bib").write_text("@misc{a, title={T}, year={2020}}\n", encoding="utf-8")
    run = cli("check", "paper.tex", "--format", "json", cwd=tmp_path)
    (finding,) = run.findings("parse-error")
    assert "not UTF-8" in finding["message"] and finding["line"] == 1


def test_an_included_file_is_read_in_the_main_files_encoding(cli: Cli, tmp_path: Path) -> None:
    paper = "\\usepackage[latin1]{inputenc}\n\\input{chapter}\n\\bibliography{refs}\n"
    (tmp_path / "paper.tex").write_text(paper)
    (tmp_path / "chapter.tex").write_bytes("Müller \\cite{mueller2020}.\n".encode("latin-1"))
    (tmp_path / "refs.bib").write_bytes(BIB.encode("latin-1"))
    run = cli("check", "paper.tex", "--format", "json", cwd=tmp_path)
    assert run.findings("parse-error") == [] and run.findings("unknown-key") == []


FILECONTENTS = """\\documentclass{article}
\\begin{filecontents}[force]{\\jobname.bib}
@book{mueller2020,
  author = {Müller, Jürgen},
  title = {Übersicht},
  year = {2020}
}
@book{unused2019,
  author = {Weber, Anna},
  title = {Nie zitiert},
  year = {2019}
}
\\end{filecontents}
\\addbibresource{\\jobname.bib}
\\input{glyphtounicode}
\\begin{document}
Text \\cite{mueller2020} and \\cite{mueller2021}.
\\end{document}
"""


def test_a_bibliography_in_filecontents_is_the_documents(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "paper.tex").write_text(FILECONTENTS, encoding="utf-8")
    run = cli("check", "paper.tex", "--format", "json", cwd=tmp_path)
    assert run.status == 1, run.err
    assert {(f["rule"], f["key"]) for f in run.findings()} == {
        ("unknown-key", "mueller2021"),
        ("unused-entry", "unused2019"),
    }
    (unused,) = run.findings("unused-entry")
    assert (unused["path"], unused["line"]) == ("paper.tex", 8)  # where the entry is written


def test_a_file_on_disk_wins_over_filecontents_without_force(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "paper.tex").write_text(FILECONTENTS.replace("[force]", ""), encoding="utf-8")
    (tmp_path / "paper.bib").write_text(BIB.replace("2020", "2021"), encoding="utf-8")
    run = cli("check", "paper.tex", "--format", "json", cwd=tmp_path)
    assert {(f["rule"], f["key"]) for f in run.findings()} == {("unknown-key", "mueller2020")}


def test_a_missing_project_file_is_still_reported(cli: Cli, tmp_path: Path) -> None:
    paper = "\\input{chapters/intro}\n\\input{missing.tex}\n\\bibliography{refs}\n"
    (tmp_path / "paper.tex").write_text(paper)
    (tmp_path / "refs.bib").write_text("")
    run = cli("check", "paper.tex", "--format", "json", cwd=tmp_path)
    assert [f["message"] for f in run.findings("parse-error")] == [
        "included file 'chapters/intro' not found",
        "included file 'missing.tex' not found",
    ]


def test_wrappers_defined_in_another_file_and_a_local_package(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "paper.tex").write_text(
        "\\usepackage{mystyle}\n\\input{commands}\n\\loadglsentries[main]{glossary}\n"
        "\\import{chapters/}{intro}\n\\PrintBib{refs}\n"
    )
    (tmp_path / "mystyle.sty").write_text(
        "\\newcommand{\\PrintBib}[1]{\\bibliographystyle{plain}\\bibliography{#1}}\n\\cite{notacitation}\n"
    )
    (tmp_path / "commands.tex").write_text("\\newcommand{\\Zitat}[2][\\empty]{\\citep[#1]{#2}}\n")
    (tmp_path / "glossary.tex").write_text("\\newglossaryentry{x}{description={see \\autocite{b}}}\n")
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "intro.tex").write_text("Text \\Zitat[S.~3]{a}.\n")
    (tmp_path / "refs.bib").write_text("@misc{a, title={A}}\n@misc{b, title={B}}\n")
    run = cli("citations", "paper.tex", "--format", "json", cwd=tmp_path)
    assert run.status == 0, run.err
    assert [(r["key"], r["resolved"], r["path"]) for r in run.report["citations"]] == [
        ("b", "b", "glossary.tex"),
        ("a", "a", "chapters/intro.tex"),
    ]


def test_thebibliography_is_the_documents_bibliography(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "paper.tex").write_text(
        "Text \\cite{lowe99} and \\cite{nobody}.\n\\begin{thebibliography}{9}\n"
        "\\bibitem{lowe99} D. Lowe. Object recognition. 1999.\n"
        "\\bibitem[Bay(2008)]{bay08} H. Bay. SURF. 2008.\n\\end{thebibliography}\n"
    )
    run = cli("check", "paper.tex", "--format", "json", cwd=tmp_path)
    assert {(f["rule"], f["key"], f["path"], f["line"]) for f in run.findings()} == {
        ("unknown-key", "nobody", "paper.tex", 1),
        ("unused-entry", "bay08", "paper.tex", 4),
    }


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "paper.tex",
            "Python, by Alex Martelli (Google, 2008), and Fisher (1922) \\cite{a}.\n\\bibliography{refs}\n",
        ),
        ("paper.md", "---\nbibliography: refs.bib\n---\nBy Alex Martelli (Google, 2008) [@a].\n"),
    ],
)
def test_author_year_prose_in_a_document_that_cites_by_key_is_no_citation(
    cli: Cli, tmp_path: Path, name: str, text: str
) -> None:
    (tmp_path / name).write_text(text)
    (tmp_path / "refs.bib").write_text("@misc{a, author={Fisher, R.}, title={A}, year={1922}}\n")
    run = cli("check", name, "--format", "json", cwd=tmp_path)
    assert run.findings() == [] and run.status == 0, run.out
    listing = cli("citations", name, "--format", "json", cwd=tmp_path)
    assert [r["key"] for r in listing.report["citations"]] == ["a"]
