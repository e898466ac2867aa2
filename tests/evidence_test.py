"""Full texts: PDFs that the tests make (page labels, hyphenation, two columns), text files with
form feeds, HTML; quotes, locators and the root that no file field may leave."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from claimcite.load.fulltext import extract, file_field_paths, inside
from claimcite.match import Searchable, find_passage, normalize
from claimcite.model import Page
from claimcite.rules.evidence import language, locator_pages

from .conftest import Run, write_project
from .pdfmaker import make_pdf

Cli = Callable[..., Run]

BIB = """
@article{okafor2017,
  author = {Okafor, Chidi},
  title = {Language barriers},
  journal = {J},
  year = {2017},
  pages = {101--103},
  file = {Full Text:docs/okafor2017.pdf:application/pdf}
}
"""
PAGES = [
    ["Language barriers in community health work", "Chapter 1", "This study followed forty workers."],
    [
        "Chapter 2",
        "Workers reported that language barriers delayed the first contact with",
        "residents by several weeks, and that interpreters were rarely avail-",
        "able when they were needed. Residents did not trust the official letters.",
    ],
    ["Chapter 3", "Key persons from the community shortened the \ufb01rst delay considerably."],
]


def pdf_project(root: Path, claims: str, *, columns: int = 1) -> Path:
    write_project(root, {"references.bib": BIB, "claims/a.yaml": claims})
    (root / "docs").mkdir()
    (root / "docs" / "okafor2017.pdf").write_bytes(make_pdf(PAGES, first_label=101, columns=columns))
    return root


def quote(quote_text: str, locator: str | None = None) -> str:
    where = f"        locator: {locator}\n" if locator else ""
    return (
        "claims:\n  - id: c\n    statement: Workers met language barriers.\n    sources:\n"
        f'      - key: okafor2017\n{where}        quote: "{quote_text}"\n'
    )


def rules(cli: Cli, root: Path) -> list[tuple[str, str]]:
    run = cli("check", "--format", "json", "--no-cache", cwd=root)
    return [(f["rule"], f["message"]) for f in run.findings() if f["rule"] not in ("unused-entry",)]


def test_pdf_pages_carry_their_labels_and_hyphenation_is_joined(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(make_pdf(PAGES, first_label=101))
    pages, problem = extract(str(path))
    assert problem is None
    assert [p.label for p in pages] == ["101", "102", "103"]
    text = Searchable.of(tuple(pages))
    found = find_passage(normalize("interpreters were rarely available when they were needed"), text)
    assert found is not None and found.score == 100 and found.page == "102"


def test_quote_on_the_cited_page_is_silent(cli: Cli, tmp_path: Path) -> None:
    root = pdf_project(tmp_path, quote("interpreters were rarely available when they were needed", "p. 102"))
    assert rules(cli, root) == []


def test_ligature_and_curly_quotes_and_dashes_are_typesetting(cli: Cli, tmp_path: Path) -> None:
    root = pdf_project(tmp_path, quote("shortened the first delay considerably", "p. 103"))
    assert rules(cli, root) == []


def test_quote_on_another_page(cli: Cli, tmp_path: Path) -> None:
    root = pdf_project(tmp_path, quote("Key persons from the community shortened", "p. 101"))
    ((rule, message),) = rules(cli, root)
    assert rule == "locator-mismatch" and "page 103" in message


def test_a_misquote_names_the_words_that_differ(cli: Cli, tmp_path: Path) -> None:
    root = pdf_project(tmp_path, quote("interpreters were always available when needed", "p. 102"))
    ((rule, message),) = rules(cli, root)
    assert rule == "quote-not-found" and "p. 102" in message
    assert '"always" where the source has "rarely"' in message
    assert 'the quote leaves out "they were" after "when"' in message
    assert "'interpreters were rarely available when they were needed'" in message  # joined at avail-able


def test_a_quote_from_elsewhere_shows_the_closest_passage(cli: Cli, tmp_path: Path) -> None:
    root = pdf_project(tmp_path, quote("outreach doubled the number of referrals within a year", "p. 102"))
    ((rule, message),) = rules(cli, root)
    assert rule == "quote-not-found" and "is not in the full text" in message and "closest passage" in message


def test_two_columns(cli: Cli, tmp_path: Path) -> None:
    root = pdf_project(tmp_path, quote("Residents did not trust the official letters", "p. 102"), columns=2)
    assert rules(cli, root) == []


def test_ellipsis_over_a_negation_is_misleading(cli: Cli, tmp_path: Path) -> None:
    root = pdf_project(tmp_path, quote("Residents did ... trust the official letters", "p. 102"))
    assert [rule for rule, _ in rules(cli, root)] == ["misleading-quote"]
    fine = pdf_project(tmp_path / "b", quote("language barriers delayed … the first contact", "p. 102"))
    assert rules(cli, fine) == []


def test_locator_outside_the_entry_pages(cli: Cli, tmp_path: Path) -> None:
    claims = "claims:\n  - id: c\n    statement: S.\n    sources:\n      - key: okafor2017\n"
    claims += "        locator: p. 12\n"
    root = pdf_project(tmp_path, claims)
    assert [rule for rule, _ in rules(cli, root)] == ["locator-out-of-range"]


def test_text_file_pages_and_html_text_only(cli: Cli, tmp_path: Path) -> None:
    bib = (
        "@misc{a, author = {A, B}, title = {T}, year = {2000}}\n"
        "@misc{b, author = {B, C}, title = {T}, year = {2000}}\n"
    )
    claims = (
        "claims:\n  - id: one\n    statement: S.\n    sources:\n      - key: a\n        locator: blz. 2\n"
        '        quote: "the second page"\n  - id: two\n    statement: S.\n    sources:\n      - key: b\n'
        '        quote: "hidden in a script"\n'
    )
    root = write_project(tmp_path, {"references.bib": bib, "claims/a.yaml": claims})
    (root / "sources").mkdir()
    (root / "sources" / "a.txt").write_text("The first page.\fThe second page.\f")
    (root / "sources" / "b.html").write_text("<p>Visible.</p><script>var s = 'hidden in a script';</script>")
    assert [rule for rule, _ in rules(cli, root)] == ["quote-not-found"]


def test_a_file_outside_the_root_is_never_opened(cli: Cli, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT the landlord is not permitted; only-in-the-secret-file")
    root = tmp_path / "project"
    bib = f"@misc{{x, author = {{A, B}}, title = {{T}}, year = {{2000}}, file = {{{secret}}}}}\n"
    bib += "@misc{y, author = {A, B}, title = {T}, year = {2001}, file = {../secret.txt}}\n"
    claims = (
        "claims:\n  - id: c\n    statement: The landlord is not permitted to terminate the lease today.\n"
        '    sources:\n      - key: x\n        quote: "TOP-SECRET-CONTENT"\n      - key: y\n'
        "  - id: d\n    statement: The landlord is not permitted to terminate the lease today.\n"
        "    sources: [y]\n"
    )
    write_project(root, {"references.bib": bib, "claims/a.yaml": claims})
    (root / "sources").mkdir()
    os.symlink(secret, root / "sources" / "y.txt")  # a link out of the root is refused too
    for output_format in ("terminal", "json", "sarif", "junit", "github", "markdown"):
        run = cli("check", "--format", output_format, cwd=root)
        assert "TOP-SECRET" not in run.out + run.err, output_format
    report = json.loads(cli("check", "--format", "json", cwd=root).out)
    unavailable = [f for f in report["findings"] if f["rule"] == "source-unavailable"]
    assert unavailable and "outside the root" in unavailable[0]["message"]
    # the claim file's own quote is in the parse cache; nothing of the file outside the root is
    assert not (root / ".claimcite-cache").exists() or "only-in-the-secret-file" not in "".join(
        p.read_text() for p in (root / ".claimcite-cache").rglob("*.json")
    )


def test_cache_is_used_and_can_be_bypassed(cli: Cli, tmp_path: Path) -> None:
    root = pdf_project(tmp_path, quote("interpreters were rarely available when they were needed", "p. 102"))
    assert cli("check", cwd=root).status == 0
    cached = list((root / ".claimcite-cache" / "fulltext").glob("*.json"))
    assert len(cached) == 1 and (root / ".claimcite-cache" / ".gitignore").read_text().strip().endswith("*")
    data = json.loads(cached[0].read_text())
    data["pages"][1][1:] = ["The cache answers, not the PDF.", "the cache answers, not the pdf."]
    cached[0].write_text(json.dumps(data))
    assert "quote-not-found" in cli("check", cwd=root).out  # a second run reads the cache
    assert "quote-not-found" not in cli("check", "--no-cache", cwd=root).out


def test_unreadable_pdfs_are_findings(cli: Cli, tmp_path: Path) -> None:
    root = pdf_project(tmp_path, quote("anything at all here", "p. 102"))
    (root / "docs" / "okafor2017.pdf").write_bytes(b"%PDF-1.4 this is not a PDF")
    ((rule, message),) = rules(cli, root)
    assert rule == "source-unavailable" and "cannot be read" in message
    (root / "docs" / "okafor2017.pdf").write_bytes(make_pdf([[], []]))
    ((rule, message),) = rules(cli, root)
    assert rule == "source-unavailable" and "no text" in message


@pytest.mark.parametrize(
    ("field", "paths"),
    [
        ("docs/a.pdf", ["docs/a.pdf"]),
        ("Full Text PDF:docs/a.pdf:application/pdf", ["docs/a.pdf"]),
        (":docs/a.pdf:PDF;:docs/b.txt:text/plain", ["docs/a.pdf", "docs/b.txt"]),
        ("/home/u/Zotero/a.pdf;/home/u/Zotero/b.pdf", ["/home/u/Zotero/a.pdf", "/home/u/Zotero/b.pdf"]),
        ("Book:C\\:\\\\Users\\\\me\\\\a.pdf:PDF", ["C:\\Users\\me\\a.pdf"]),
        (":C$\\backslash$:/Users/me/a.pdf:pdf", ["C\\:/Users/me/a.pdf".replace("\\:", ":")]),
        ("attachments:ABCD/a.pdf", ["attachments:ABCD/a.pdf"]),
        ("Full Text:attachments:ABCD/a.pdf:application/pdf", ["attachments:ABCD/a.pdf"]),
        ("attachments:ABCD/a.pdf:application/pdf", ["attachments:ABCD/a.pdf"]),
    ],
)
def test_file_field_forms(field: str, paths: list[str]) -> None:
    assert file_field_paths(field) == paths


def test_inside_the_root(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    assert inside(str(tmp_path / "in" / "a.pdf"), str(tmp_path))
    assert not inside(str(tmp_path / ".." / "a.pdf"), str(tmp_path))


@pytest.mark.parametrize(
    ("locator", "pages"),
    [("p. 12", (12, 12)), ("pp. 12-14", (12, 14)), ("12", (12, 12)), ("blz. 12", (12, 12)),
     ("S. 12f.", (12, 13)), ("pp. 123-45", (123, 145)), ("p. iv", (4, 4)), ("chapter 3", None)],
)  # fmt: skip
def test_locators(locator: str, pages: tuple[int, int] | None) -> None:
    assert locator_pages(locator) == pages


def test_language_by_stop_words() -> None:
    assert language("Football referees suffer verbal abuse from the spectators in amateur leagues.") == "en"
    assert language("Mensen met een migratieachtergrond maken weinig gebruik van de ondersteuning.") == "nl"
    assert language("Referees.") is None


def test_weak_support_stays_quiet_on_an_honest_paraphrase(cli: Cli, tmp_path: Path) -> None:
    claims = (
        "claims:\n  - id: honest\n    statement: Language barriers held up the first contact between workers "
        "and residents for weeks.\n    sources: [okafor2017]\n"
    )
    root = pdf_project(tmp_path, claims)
    assert rules(cli, root) == []


def test_searchable_pages() -> None:
    text = Searchable.of((Page("1", "One page."), Page("2", "Two  pages\nhere.")))
    assert text.text == "one page. two pages here."
    assert text.label_at(text.text.index("two")) == "2"


def _text_project(root: Path, source: str, quote_text: str, locator: str | None = None) -> Path:
    bib = "@misc{rent2020, author = {Huur, Commissie}, title = {Huurrecht}, year = {2020}}\n"
    where = f"        locator: {locator}\n" if locator else ""
    quoted = f"        quote: {json.dumps(quote_text)}\n" if quote_text else ""
    claims = f"claims:\n  - id: c\n    statement: S.\n    sources:\n      - key: rent2020\n{where}{quoted}"
    write_project(root, {"references.bib": bib, "claims/a.yaml": claims, "sources/rent2020.txt": source})
    return root


LEASE = "In these cases the landlord is not permitted to terminate the lease before its end."


def test_an_insertion_that_stands_for_a_negation_is_misleading(cli: Cli, tmp_path: Path) -> None:
    root = _text_project(tmp_path, LEASE, "the landlord [may] terminate the lease")
    ((rule, message),) = rules(cli, root)
    assert rule == "misleading-quote" and "the insertion '[may]' leaves out 'not'" in message


def test_an_insertion_that_adds_a_negation_is_misleading(cli: Cli, tmp_path: Path) -> None:
    root = _text_project(
        tmp_path, "The landlord is permitted to terminate the lease.", "the landlord is [not] permitted"
    )
    ((rule, message),) = rules(cli, root)
    assert rule == "misleading-quote" and "adds 'not'" in message


def test_what_an_adapted_quote_stands_for_is_info(cli: Cli, tmp_path: Path) -> None:
    root = _text_project(
        tmp_path, LEASE, "[t]he landlord is not permitted to terminate [the contract] before its end"
    )
    run = cli("check", "--format", "json", "--no-cache", cwd=root)
    ((finding),) = [f for f in run.findings() if f["rule"] != "unused-entry"]
    assert finding["rule"] == "quote-adapted" and finding["severity"] == "info" and run.status == 0
    assert "'[the contract]' stands for 'the lease'" in finding["message"]


def test_a_locator_alone_unchecked_is_info(cli: Cli, tmp_path: Path) -> None:
    bib = "@misc{berg2020, author = {Berg, Ola}, title = {Bereik}, year = {2020}}\n"
    claims = (
        "claims:\n  - id: c\n    statement: S.\n    sources:\n      - key: berg2020\n        locator: p. 4\n"
    )
    write_project(tmp_path, {"references.bib": bib, "claims/a.yaml": claims})
    run = cli("check", "--format", "json", "--fail-on", "warning", cwd=tmp_path)
    ((finding),) = run.findings("source-unavailable")
    assert finding["severity"] == "info" and finding["message"].startswith("1 locator of 'berg2020'")
    assert run.status == 0
    configured = cli("check", "--format", "json", "--config", str(_config(tmp_path)), cwd=tmp_path)
    assert configured.findings("source-unavailable")[0]["severity"] == "error"  # a set severity wins


def _config(root: Path) -> Path:
    path = root / "strict.toml"
    path.write_text('[severity]\nsource-unavailable = "error"\n')
    return path


def test_a_quote_across_a_page_break_keeps_both_pages(cli: Cli, tmp_path: Path) -> None:
    source = "Huurrecht 2020\nIn these cases the landlord is not\n1\fHuurrecht 2020\npermitted to end it.\n2"
    root = _text_project(tmp_path, source, "the landlord is not permitted to end it", "p. 2")
    assert rules(cli, root) == []  # on pp. 1-2: p. 2 is one of them
    elsewhere = _text_project(tmp_path / "b", source, "the landlord is not permitted to end it", "p. 5")
    assert [rule for rule, _ in rules(cli, elsewhere)] == ["locator-mismatch"]


def test_the_closest_passage_is_shown_as_printed_and_cut_between_words(cli: Cli, tmp_path: Path) -> None:
    """Not case-folded and not cut mid-word: a reader searches the PDF for it."""
    long_page = " ".join(
        f"Sentence {i} of the Report: Residents in Rotterdam trusted the Letters." for i in range(40)
    )
    write_project(
        tmp_path,
        {
            "references.bib": BIB.replace("  file = {Full Text:docs/okafor2017.pdf:application/pdf}\n", ""),
            "claims/a.yaml": quote("residents in Amsterdam trusted the letters of the municipality"),
            "sources/okafor2017.txt": long_page,
        },
    )
    ((rule, message),) = rules(cli, tmp_path)
    assert rule == "quote-not-found"
    shown = message.split(" reads ", 1)[1].strip("'")
    assert "Residents in Rotterdam trusted the Letters" in shown  # the source's case
    words = shown.strip("…").split()
    printed = {word.strip(".:") for word in long_page.split()}
    assert words and all(word.strip(".:") in printed for word in words)  # whole words of the source only
