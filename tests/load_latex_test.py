"""LaTeX cite commands."""

from __future__ import annotations

from claimcite.load.latex import scan


def keys(text: str) -> list[tuple[str, str, str]]:
    return [(c.key, c.command, c.postnote) for c in scan(text).cites]


def test_commands_notes_and_several_keys() -> None:
    text = (
        r"\cite{a} \citep[see][p.~4]{b, c} \citet*{d} \parencite[12]{e} \textcite{f}"
        r" \autocite{g} \footcite{h} \citeauthor{i} \citeyear{j} \Textcite{k} \citeA{l}"
    )
    assert keys(text) == [
        ("a", "cite", ""),
        ("b", "citep", "p.~4"),
        ("c", "citep", "p.~4"),
        ("d", "citet", ""),
        ("e", "parencite", "12"),
        ("f", "textcite", ""),
        ("g", "autocite", ""),
        ("h", "footcite", ""),
        ("i", "citeauthor", ""),
        ("j", "citeyear", ""),
        ("k", "Textcite", ""),
        ("l", "citeA", ""),
    ]


def test_a_command_spread_over_lines_and_multicite() -> None:
    text = "\\citep[see][\n  p. 3]\n  {a,\n   b}\n\\parencites(global)(post)[p. 1]{c}[p. 2]{d}"
    assert [k for k, _, _ in keys(text)] == ["a", "b", "c", "d"]


def test_nothing_in_comments_or_verbatim() -> None:
    text = (
        "% \\cite{commented}\nText 50\\% \\cite{real} % \\cite{trailing}\n"
        "\\begin{verbatim}\\cite{verb}\\end{verbatim}\n\\verb|\\cite{inline}|\n"
        "\\begin{lstlisting}\n\\cite{listing}\n\\end{lstlisting}\n"
    )
    assert [k for k, _, _ in keys(text)] == ["real"]


def test_nocite_star_bibliography_and_includes() -> None:
    found = scan(
        "\\nocite{*}\\bibliography{refs,more}\\addbibresource[label=x]{extra.bib}\\input{chap1}\\include{chap2.tex}"
    )
    assert found.nocite_all and found.cites == []
    assert found.bibliographies == ["refs.bib", "more.bib", "extra.bib"]
    assert [name for name, _ in found.includes] == ["chap1", "chap2.tex"]


def test_not_cite_commands() -> None:
    assert keys("\\bibcite{x}{1} \\citestyle{plain}") == []


def test_unclosed_group_is_left_alone() -> None:
    assert keys("\\cite{open and never closed") == []


def test_linear_time_on_hostile_input() -> None:
    scan("\\cite{" * 20000 + "\\citep[" * 5000 + "%" * 1000)


def test_linear_time_on_unclosed_verbatim() -> None:
    scan("\\begin{verbatim}" * 5000 + "\\cite{a}")
