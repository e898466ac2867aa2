"""LaTeX cite commands."""

from __future__ import annotations

import pytest

from claimcite.load.latex import scan

from .linear import assert_linear


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


def test_a_wrapper_of_a_cite_command_cites_its_arguments() -> None:
    text = "\\newcommand{\\Quelle}[2][]{\\citep[#1]{#2}}\nSiehe \\Quelle[S.~8]{a} und \\Quelle{b,c}."
    assert keys(text) == [("a", "citep", "S.~8"), ("b", "citep", ""), ("c", "citep", "")]


def test_the_citation_of_a_wrapper_stands_at_its_key() -> None:
    text = "\\newcommand\\mc[1]{\\cite{#1}}\nSee \\mc{smith}."
    (cite,) = scan(text).cites
    assert text[cite.start : cite.end] == "smith"


@pytest.mark.parametrize(
    ("definition", "use"),
    [
        ("\\renewcommand{\\mc}[1]{\\citet{#1}}", "\\mc{a}"),
        ("\\providecommand*{\\mc}[1]{\\citet{#1}}", "\\mc{a}"),
        ("\\DeclareRobustCommand\\mc[1]{\\citet{#1}}", "\\mc{a}"),
        ("\\def\\mc#1{\\citet{#1}}", "\\mc{a}"),
        ("\\def\\mc#1#2{\\citet[#1]{#2}}", "\\mc{p. 2}{a}"),
        ("\\NewDocumentCommand{\\mc}{O{} m}{\\citet[#1]{#2}}", "\\mc[p. 2]{a}"),
        ("\\NewDocumentCommand\\mc{s m}{\\citet{#2}}", "\\mc*{a}"),
        ("\\let\\mc\\citet", "\\mc{a}"),
        ("\\let\\mc=\\citet", "\\mc[p. 2]{a}"),
        ("\\newcommand\\inner[1]{\\citet{#1}}\\newcommand\\mc[1]{\\inner{#1}}", "\\mc{a}"),
        ("\\newcommand\\mc{\\citet{a}}", "\\mc"),
    ],
)
def test_every_kind_of_definition_makes_a_wrapper(definition: str, use: str) -> None:
    assert [k for k, _, _ in keys(f"{definition}\nText {use}.")] == ["a"]


def test_a_biblatex_cite_command_is_a_cite_command_and_its_body_cites_nothing() -> None:
    text = (
        "\\DeclareCiteCommand{\\mycite}{\\usebibmacro{prenote}}"
        "{\\citeindex\\printnames{labelname}}{\\multicitedelim}{\\usebibmacro{postnote}}\n"
        "Text \\mycite[p. 3]{a}."
    )
    assert keys(text) == [("a", "cite", "p. 3")]


def test_a_cite_inside_a_definition_body_is_no_citation() -> None:
    text = "\\newcommand{\\never}{\\cite{unused}}\n\\newenvironment{x}{\\cite{alsonot}}{}\nText."
    assert keys(text) == []


def test_a_wrapper_is_known_only_after_its_definition() -> None:
    assert keys("\\mc{a}\\newcommand\\mc[1]{\\cite{#1}}\\mc{b}") == [("b", "cite", "")]


def test_filecontents_are_embedded_files() -> None:
    text = (
        "\\begin{filecontents*}[overwrite]{\\jobname.bib}\n@misc{a, title={T}}\n\\end{filecontents*}\n"
        "% \\begin{filecontents}{commented.bib}\n"
    )
    (found,) = scan(text).embedded
    assert (found.name, found.force, found.text) == ("\\jobname.bib", True, "\n@misc{a, title={T}}\n")
    assert text[found.start :].startswith(found.text)


def test_linear_time_on_unbalanced_wrapper_braces() -> None:
    assert_linear(lambda n: "\\newcommand{\\x}[1]{\\cite{#1}" * (n // 28) + "\\x{a}", scan)


def test_linear_time_on_deeply_nested_definitions() -> None:
    def make(n: int) -> str:
        count = n // 40
        chain = "".join(
            f"\\newcommand\\w{_letters(i + 1)}[1]{{\\w{_letters(i)}{{#1,#1}}}}" for i in range(count)
        )
        return "\\newcommand\\wa[1]{\\cite{#1}}" + chain + f"\\w{_letters(count)}{{k}}"

    assert_linear(make, scan)


def test_linear_time_on_definitions_without_bodies() -> None:
    assert_linear(lambda n: "\\def\\x#1" * (n // 8), scan)


def _letters(number: int) -> str:
    out = ""
    number += 1
    while number:
        number, digit = divmod(number - 1, 26)
        out = chr(ord("a") + digit) + out
    return out
