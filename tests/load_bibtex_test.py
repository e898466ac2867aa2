from __future__ import annotations

from pathlib import Path

from claimcite.files.contain import Area
from claimcite.load.bibtex import Macros, load_bibtex
from claimcite.load.tex import decode_latex, persons
from claimcite.model import ProblemKind


def _load(tmp_path: Path, text: str | bytes, macros: Macros | None = None):  # type: ignore[no-untyped-def]
    path = tmp_path / "refs.bib"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return load_bibtex(str(path), "refs.bib", Area.of(str(path.parent)), macros)


def test_entries_keep_their_lines_and_fields(tmp_path: Path) -> None:
    bib, problems = _load(
        tmp_path,
        "% comment\n\n@Article{a2020,\n  Author = {Ko{\\c{c}}ak, Yasemin and de Bruijn, Els},\n"
        "  TITLE = {One},\n  year = 2020\n}\n@book{b2021, title={Two}, year={2021}}\n",
    )
    assert problems == []
    assert [(e.key, e.type, e.location.line) for e in bib.entries] == [
        ("a2020", "article", 3),
        ("b2021", "book", 8),
    ]
    first = bib.entries[0]
    assert first.fields["title"] == "One" and first.fields["year"] == "2020"
    kocak, bruijn = persons(first)["author"]
    assert (kocak.last, kocak.first) == ("Koçak", "Yasemin")
    assert (bruijn.von, bruijn.last, bruijn.first) == ("de", "Bruijn", "Els")


def test_an_unclosed_brace_does_not_swallow_the_entries_after_it(tmp_path: Path) -> None:
    bib, problems = _load(
        tmp_path,
        "@article{one, title = {One}, year = {2010}}\n"
        "@article{two,\n  author = {Two, T},\n  title = {Two,\n  journal = {J},\n  year = {2011}\n}\n"
        "@article{three, title = {Three}, year = {2012}}\n",
    )
    assert [e.key for e in bib.entries] == ["one", "two", "three"]
    assert [e.broken for e in bib.entries] == [False, True, False]
    assert len(problems) == 1
    assert problems[0].kind is ProblemKind.PARSE
    assert problems[0].location.line == 4  # the line whose brace is never closed
    assert "'two'" in problems[0].message


def test_a_syntax_error_is_reported_where_it_stands(tmp_path: Path) -> None:
    bib, problems = _load(
        tmp_path, "@article{one,\n  title = {One},\n  year = 20 10\n}\n@misc{two, title={x}}\n"
    )
    assert [e.key for e in bib.entries] == ["one", "two"]
    assert [p.location.line for p in problems] == [3]
    assert "syntax error in entry 'one'" in problems[0].message


def test_at_the_end_of_the_file(tmp_path: Path) -> None:
    _bib, problems = _load(tmp_path, "@article{one,\n  title = {One\n")
    assert len(problems) == 1
    assert "end of the file" in problems[0].message


def test_undefined_macros_are_reported_once_and_strings_are_shared(tmp_path: Path) -> None:
    _bib, problems = _load(tmp_path, "@article{a, journal = jacm}\n@article{b, journal = jacm}\n")
    assert len(problems) == 1 and "jacm" in problems[0].message
    macros = Macros()
    (tmp_path / "strings.bib").write_text('@string{jacm = "J. ACM"}\n', encoding="utf-8")
    load_bibtex(str(tmp_path / "strings.bib"), "strings.bib", Area.of(str(tmp_path)), macros)
    bib, problems = _load(tmp_path, "@article{a, journal = jacm}\n", macros)
    assert problems == [] and bib.entries[0].fields["journal"] == "J. ACM"


def test_month_macros_are_defined(tmp_path: Path) -> None:
    bib, problems = _load(tmp_path, "@article{a, month = jan}\n")
    assert problems == [] and bib.entries[0].fields["month"] == "January"


def test_a_repeated_field_is_reported(tmp_path: Path) -> None:
    bib, problems = _load(tmp_path, "@article{a, year = {2020}, year = {2021}}\n")
    assert bib.entries[0].fields["year"] == "2020"
    assert "twice" in problems[0].message


def test_bytes_that_are_not_utf8_are_a_problem_and_the_rest_loads(tmp_path: Path) -> None:
    bib, problems = _load(tmp_path, b"@article{a,\n  author = {M\xfcller, Hans},\n  year = {2020}\n}\n")
    assert [e.key for e in bib.entries] == ["a"]
    assert problems[0].kind is ProblemKind.PARSE
    assert (problems[0].location.line, problems[0].location.column) == (2, 14)


def test_duplicate_keys_are_kept_as_data(tmp_path: Path) -> None:
    bib, problems = _load(tmp_path, "@misc{a, title={1}}\n@misc{A, title={2}}\n")
    assert problems == []
    assert [e.key for e in bib.entries] == ["a", "A"]


def test_latex_is_decoded_for_names() -> None:
    cases = {
        r"Ko{\c{c}}ak": "Koçak",
        r"Ko\c{c}ak": "Koçak",
        r"M{\"u}ller": "Müller",
        r"Erd\H{o}s": "Erdős",
        r"{\'E}mile": "Émile",
        r"Ra\'{\i}l": "Raíl",
        r"{\L}ukasz": "Łukasz",
        r"Gro\ss": "Groß",
        r"\v{S}koda": "Škoda",
        r"{van der Berg}": "van der Berg",
        "Plain": "Plain",
    }
    for latex, text in cases.items():
        assert decode_latex(latex) == text, latex


def test_string_macros_that_double_do_not_fill_memory(tmp_path: Path) -> None:
    lines = ['@string{m0 = "xxxxxxxxxx"}']
    for level in range(1, 30):
        lines.append(f"@string{{m{level} = m{level - 1} # m{level - 1}}}")
    bib, _ = _load(tmp_path, "\n".join(lines) + "\n@misc{x, title = m29 # m29}\n")
    assert len(bib.entries[0].fields["title"]) <= 2 * 100_000
