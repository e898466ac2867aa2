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


# --- files as LaTeX finds them: chapterfolder, case, encodings declared on the way -------------


def _keys(run: Run) -> list[tuple[str | None, str | None, str]]:
    return [(r["key"], r["resolved"], r["path"]) for r in run.report["citations"]]


def test_chapterfolder_inputs_each_chapter_from_its_folder(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text(
        "\\usepackage{chapterfolder}\n"
        "\\cfchapter{Einleitung}{intro}{text.tex}\n"
        "\\cfchapter*[Kurz]{Methoden \\& Daten}{methods}{main}\n"
        "\\cfsubsection{Nie gelesen}{methods}{unread}\n"  # the package's \cfsubsection inputs nothing
        "\\bibliography{refs}\n"
    )
    (tmp_path / "intro").mkdir()
    (tmp_path / "intro" / "text.tex").write_text("Wie \\citet{a} zeigt.\n")
    (tmp_path / "methods" / "data").mkdir(parents=True)
    (tmp_path / "methods" / "main.tex").write_text(
        "\\cfsection{Daten}{data}{sources}\n\\cfinput{closing}\n\\cffolderinput{data}{extra}\n"
    )
    (tmp_path / "methods" / "data" / "sources.tex").write_text("Die Daten \\citep{b}.\n")
    (tmp_path / "methods" / "data" / "extra.tex").write_text("Mehr \\citep{d}.\n")
    (tmp_path / "methods" / "closing.tex").write_text("Schluss \\cite{c}.\n")
    (tmp_path / "methods" / "unread.tex").write_text("\\cite{never}\n")
    (tmp_path / "refs.bib").write_text("".join(f"@misc{{{k}, title={{T}}}}\n" for k in "abcd"))
    run = cli("citations", "thesis.tex", "--format", "json", cwd=tmp_path)
    assert run.status == 0, run.err
    assert _keys(run) == [
        ("a", "a", "intro/text.tex"),
        ("b", "b", "methods/data/sources.tex"),
        ("c", "c", "methods/closing.tex"),
        ("d", "d", "methods/data/extra.tex"),
    ]
    check = cli("check", "thesis.tex", "--format", "json", cwd=tmp_path)
    assert check.findings() == [], check.out


def test_a_chapter_folder_that_does_not_exist_is_reported(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("\\cfchapter{Intro}{ch1}{intro.tex}\n\\bibliography{refs}\n")
    (tmp_path / "refs.bib").write_text("")
    run = cli("check", "thesis.tex", "--format", "json", cwd=tmp_path)
    assert [f["message"] for f in run.findings("parse-error")] == ["included file 'ch1/intro.tex' not found"]


def test_an_input_is_found_in_another_case_as_tex_live_finds_it(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "Kapitel").mkdir()
    (tmp_path / "Kapitel" / "4_konzepte.tex").write_text("Konzepte \\cite{a}.\n")
    (tmp_path / "Kapitel" / "Ausblick.tex").write_text("Ausblick \\cite{b}.\n")
    (tmp_path / "arbeit.tex").write_text(
        "\\input{Kapitel/4_Konzepte.tex}\n\\input{Kapitel/AUSBLICK}\n\\bibliography{Literatur}\n"
    )
    (tmp_path / "literatur.bib").write_text("@misc{a, title={A}}\n@misc{b, title={B}}\n")
    run = cli("check", "arbeit.tex", "--format", "json", cwd=tmp_path)
    assert run.findings() == [], run.out
    listing = cli("citations", "arbeit.tex", "--format", "json", cwd=tmp_path)
    assert _keys(listing) == [("a", "a", "Kapitel/4_konzepte.tex"), ("b", "b", "Kapitel/Ausblick.tex")]


def test_a_folder_in_another_case_is_not_found_as_tex_live_does_not(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "Kapitel").mkdir()
    (tmp_path / "Kapitel" / "eins.tex").write_text("\\cite{a}\n")
    (tmp_path / "Kapitel" / "Über.tex").write_text("\\cite{a}\n")
    (tmp_path / "arbeit.tex").write_text(
        "\\input{kapitel/eins}\n\\input{Kapitel/über.tex}\n\\bibliography{refs}\n"
    )
    (tmp_path / "refs.bib").write_text("@misc{a, title={A}}\n")
    run = cli("check", "arbeit.tex", "--format", "json", cwd=tmp_path)
    # kpathsea folds only the file name, and only its ASCII letters
    assert [f["message"] for f in run.findings("parse-error")] == [
        "included file 'kapitel/eins' not found",
        "included file 'Kapitel/über.tex' not found",
    ]


def test_input_if_file_exists_is_read_when_there_and_silent_when_not(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "paper.tex").write_text(
        "\\InputIfFileExists{local}{}{}\n\\InputIfFileExists{absent}{}{}\n\\bibliography{refs}\n"
    )
    (tmp_path / "local.tex").write_text("\\cite{a}\n")
    (tmp_path / "refs.bib").write_text("@misc{a, title={A}}\n")
    run = cli("check", "paper.tex", "--format", "json", cwd=tmp_path)
    assert run.findings() == [], run.out


@pytest.mark.parametrize(
    "declaration", ["\\usepackage[T1]{fontenc}\n\\usepackage[latin1]{inputenc}", "\\inputencoding{latin1}"]
)
def test_an_encoding_declared_in_an_input_file_holds_for_the_files_after_it(
    cli: Cli, tmp_path: Path, declaration: str
) -> None:
    (tmp_path / "kapitel").mkdir()
    (tmp_path / "kapitel" / "header.tex").write_text(declaration + "\n")
    (tmp_path / "kapitel" / "einleitung.tex").write_bytes(
        "Für die Messung \\cite{mueller2020}.\n".encode("latin-1")
    )
    (tmp_path / "main.tex").write_text(
        "\\input{kapitel/header}\n\\begin{document}\n\\include{kapitel/einleitung}\n\\bibliography{refs}\n"
    )
    (tmp_path / "refs.bib").write_bytes(BIB.encode("latin-1"))
    run = cli("check", "main.tex", "--format", "json", cwd=tmp_path)
    assert run.findings() == [], run.out


def test_an_encoding_declared_later_does_not_hold_for_the_files_before(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "early.tex").write_bytes("Für \\cite{a}.\n".encode("latin-1"))
    (tmp_path / "header.tex").write_text("\\usepackage[latin1]{inputenc}\n")
    (tmp_path / "late.tex").write_bytes("Für \\cite{a}.\n".encode("latin-1"))
    (tmp_path / "main.tex").write_text(
        "\\input{early}\n\\input{header}\n\\input{late}\n\\bibliography{refs}\n"
    )
    (tmp_path / "refs.bib").write_text("@misc{a, title={A}}\n")
    run = cli("check", "main.tex", "--format", "json", cwd=tmp_path)
    assert [(f["path"], f["rule"]) for f in run.findings()] == [("early.tex", "parse-error")]


# --- keys as the backend compares them; the .bib as it reads it --------------------------------

KORRINGA = "@article{KORRINGA, author={J. Korringa}, title={T}, journal={Physica}, year={1950}}\n"


@pytest.mark.parametrize(
    "preamble",
    [
        "\\bibliographystyle{plain}",
        "\\usepackage{natbib}\\bibliographystyle{plainnat}",
        "\\usepackage[backend=bibtex]{biblatex}",
        "\\usepackage[style=apa, backend = bibtex8]{biblatex}",
    ],
)
def test_bibtex_finds_a_key_written_in_another_case(cli: Cli, tmp_path: Path, preamble: str) -> None:
    command = "\\addbibresource{t.bib}" if "biblatex" in preamble else "\\bibliography{t}"
    (tmp_path / "t.tex").write_text(f"{preamble}\n{command}\nSee \\cite{{Korringa}}.\n")
    (tmp_path / "t.bib").write_text(KORRINGA)
    run = cli("check", "t.tex", "--format", "json", cwd=tmp_path)
    assert run.findings() == [], run.out
    listing = cli("citations", "t.tex", "--format", "json", cwd=tmp_path)
    assert _keys(listing) == [("Korringa", "KORRINGA", "t.tex")]


@pytest.mark.parametrize(
    ("preamble", "command"),
    [
        ("\\usepackage{biblatex}", "\\addbibresource{t.bib}"),
        ("\\usepackage[backend=biber,style=apa]{biblatex}", "\\addbibresource{t.bib}"),
        ("", "\\begin{thebibliography}{1}\\bibitem{KORRINGA} J. Korringa, 1950.\\end{thebibliography}"),
    ],
)
def test_biber_and_thebibliography_compare_keys_with_their_case(
    cli: Cli, tmp_path: Path, preamble: str, command: str
) -> None:
    (tmp_path / "t.tex").write_text(f"{preamble}\n{command}\nSee \\cite{{Korringa}}.\n")
    (tmp_path / "t.bib").write_text(KORRINGA)
    run = cli("check", "t.tex", "--format", "json", cwd=tmp_path)
    (unknown,) = run.findings("unknown-key")
    assert unknown["key"] == "Korringa" and unknown["suggestion"] == "KORRINGA"


def test_markdown_keys_keep_their_case_as_pandoc_does(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "paper.md").write_text("---\nbibliography: t.bib\n---\nSee @Korringa.\n")
    (tmp_path / "t.bib").write_text(KORRINGA)
    run = cli("check", "paper.md", "--format", "json", cwd=tmp_path)
    assert [f["key"] for f in run.findings("unknown-key")] == ["Korringa"]


COMMENTED = """@online{brink,
  author = "Sascha Brink",
  title = "Was ist Angular?",
  url = {https://angularjs.de/buch},
  % year = "2014",
  date = {2018-12-20},
  abstract = {A value
% that holds a line with a per cent sign},
}
"""


def test_biber_reads_a_per_cent_line_inside_an_entry_as_a_comment(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "t.tex").write_text("\\usepackage{biblatex}\\addbibresource{lit.bib}\nSiehe \\cite{brink}.\n")
    (tmp_path / "lit.bib").write_text(COMMENTED)
    run = cli("check", "t.tex", "--format", "json", cwd=tmp_path)
    assert run.findings() == [], run.out


def test_bibtex_takes_a_per_cent_line_inside_an_entry_for_an_error(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "t.tex").write_text("\\bibliographystyle{plain}\\bibliography{lit}\nSiehe \\cite{brink}.\n")
    (tmp_path / "lit.bib").write_text(COMMENTED)
    run = cli("check", "t.tex", "--format", "json", cwd=tmp_path)
    (error,) = run.findings("parse-error")
    assert error["line"] == 5 and "brink" in error["message"]


def test_thebibliography_keys_repeat_only_within_their_list_and_with_their_case(
    cli: Cli, tmp_path: Path
) -> None:
    def chapter(keys: str) -> str:
        items = "".join(f"\\bibitem{{{key}}} A. Author, 2007.\n" for key in keys.split())
        return (
            f"\\cite{{{keys.split()[0]}}}\n\\begin{{thebibliography}}{{9}}\n{items}\\end{{thebibliography}}\n"
        )

    (tmp_path / "one.tex").write_text(chapter("mckee07 McKee07 lee09"))
    (tmp_path / "two.tex").write_text(chapter("lee09 other10 lee09"))
    (tmp_path / "thesis.tex").write_text("\\usepackage{chapterbib}\n\\include{one}\n\\include{two}\n")
    run = cli("check", "thesis.tex", "--format", "json", "--select", "duplicate-key", cwd=tmp_path)
    (duplicate,) = run.findings()
    assert (duplicate["path"], duplicate["line"], duplicate["key"]) == ("two.tex", 5, "lee09")
    assert "LaTeX defines it twice" in duplicate["message"]
