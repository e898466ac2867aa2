"""The claims ledger: each claim's standing, its sentence, its sources as references, and the
evidence the rules found, handed on without being computed again; and its Markdown table."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from claimcite import ledger, match, quotes
from claimcite.config import Settings
from claimcite.engine import run, select_rules
from claimcite.findings import Check, Result, Standing
from claimcite.ledger import reference_of
from claimcite.model import (
    Bibliography,
    Claim,
    FullText,
    Location,
    Page,
    QuoteComparison,
    QuoteWord,
    Source,
    SourceRef,
    WordKind,
)
from claimcite.model import Project as Project_
from claimcite.options import Options
from claimcite.pipeline import load_project
from claimcite.quotes import compare_quote
from claimcite.report.html import pieces

from .conftest import Run
from .report_html_test import QUOTES

Cli = Callable[..., Run]
Project = Callable[[dict[str, str]], Path]


def _source(key: str = "k", type: str = "article", **fields: str) -> Source:
    names = {name: fields.pop(name) for name in ("author", "editor") if name in fields}
    return Source(key, type, fields, names, Location("references.bib", 1, 1))


@pytest.mark.parametrize(
    ("fields", "authors", "year"),
    [
        ({"author": "Ko{\\c{c}}ak, Sinan and Jonkman, Harrie"}, "Koçak, S., & Jonkman, H.", "n.d."),
        ({"author": "Bruijn and Friedel", "year": "2018"}, "Bruijn & Friedel", "2018"),
        ({"author": "Hulshof and others", "year": "2021"}, "Hulshof et al.", "2021"),
        (
            {"author": "A, Ann and B, Bo and de Vries, Cees", "year": "2021a"},
            "A, A., B, B., & de Vries, C.",
            "2021a",
        ),
        ({"author": "Zhang, Jean-Paul", "date": "2019-05-01"}, "Zhang, J.-P.", "2019"),
        ({"editor": "Berg, Ola", "year": "z.d."}, "Berg, O. (Ed.)", "z.d."),
        ({"author": "{RIVM}", "year": "2020"}, "RIVM", "2020"),
        ({"organization": "WHO", "year": "2020"}, "WHO", "2020"),
    ],
)
def test_authors_and_year_as_a_reference_list_writes_them(
    fields: dict[str, str], authors: str, year: str
) -> None:
    reference = reference_of(_source(**fields))
    assert (reference.authors, reference.year) == (authors, year)


def test_many_authors_are_cut_as_apa_cuts_them() -> None:
    names = " and ".join(f"Name{i}, A." for i in range(25))
    assert reference_of(_source(author=names)).authors.endswith("Name18, A., …, Name24, A.")


def test_title_container_details_and_links() -> None:
    reference = reference_of(
        _source(
            author="Okafor, C.",
            title='Language {B}arriers in {\\"O}sterreich',
            journal="Health \\& Care",
            volume="25",
            number="2",
            pages="101--120",
            doi="https://doi.org/10.1111/HSC.1",
            url="https://example.org/a",
        )
    )
    assert (reference.title, reference.container, reference.details) == (
        "Language Barriers in Österreich",
        "Health & Care",
        "25(2), 101–120",
    )
    assert reference.doi == "10.1111/HSC.1" and reference.url == "https://example.org/a"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "//evil"])
def test_an_address_that_is_not_http_is_no_link(url: str) -> None:
    assert reference_of(_source(url=url)).url is None


def _checked(root: Path, ignore: tuple[str, ...] = ()) -> tuple[Project_, Result]:
    """The project at `root` loaded and checked with every rule (but those ignored)."""
    project = load_project(Settings(root=str(root)))
    return project, run(project, select_rules((), ignore), {}, Options())


def _ledger(root: Path, ignore: tuple[str, ...] = ()) -> ledger.Ledger:
    project, result = _checked(root, ignore)
    return ledger.build(project, result.findings, Options())


def test_standing_of_each_claim(project: Project) -> None:
    root = project(
        {
            **QUOTES,
            "claims/b.yaml": """\
                claims:
                  - id: again
                    statement: Reach is a matter of trust.
                    sources:
                      - key: berg2020
                        quote: "trust is all"
                  - id: bare
                    statement: Nothing backs this.
                """,
        }
    )
    built = _ledger(root)
    standing = {claim.id: claim.standing for claim in built.claims}
    assert standing == {
        "rarely": Standing.WARNINGS,  # locator-mismatch
        "often": Standing.PROBLEM,  # quote-not-found
        "unread": Standing.WARNINGS,  # source-unavailable names this claim
        "again": Standing.WARNINGS,  # ... and not this one, whose quote is unchecked all the same
        "gap": Standing.UNSOURCED,
        "bare": Standing.PROBLEM,  # unsupported-claim
    }
    relaxed = {claim.id: claim.standing for claim in _ledger(root, ("unsupported-claim",)).claims}
    assert relaxed["bare"] is Standing.UNSOURCED  # the standing follows the findings, not a rule of its own
    again = next(claim for claim in built.claims if claim.id == "again")
    assert [e.check for e in again.evidence] == [Check.UNCHECKED] and not again.findings
    assert Standing.WARNINGS.label == "backed, with warnings"


def test_a_source_without_a_quote_is_backed_by_its_reference_alone(project: Project) -> None:
    root = project(
        {
            "references.bib": "@misc{a2020, author = {A, B}, title = {T}, year = {2020}}\n",
            "claims/a.yaml": "claims:\n  - id: c\n    statement: S.\n    sources: [a2020, missing2020]\n",
        }
    )
    built = _ledger(root)
    (claim,) = built.claims
    assert [(e.key, e.check, e.reference is not None) for e in claim.evidence] == [
        ("a2020", Check.NONE, True),
        ("missing2020", Check.NONE, False),
    ]
    assert claim.standing is Standing.PROBLEM  # unknown-key


def _comparisons(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The quotes compared from now on, one item per comparison made."""
    compared: list[str] = []
    comparer = quotes._compare_quote

    def comparing(quote: str, fulltext: FullText) -> object:
        compared.append(quote)
        return comparer(quote, fulltext)

    monkeypatch.setattr(quotes, "_compare_quote", comparing)
    return compared


def test_the_evidence_is_what_the_rules_found_not_found_again(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(QUOTES)
    counted: list[str] = []
    finder = match._find_statement

    def counting(statement: str, *args: object) -> object:
        counted.append(statement)
        return finder(statement, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(match, "_find_statement", counting)
    match._FOUND.clear()
    compared = _comparisons(monkeypatch)
    project_, result = _checked(root)
    assert (len(compared), len(counted)) == (
        2,
        4,
    )  # the rules compared two quotes, looked for four statements
    built = ledger.build(project_, result.findings, Options())
    assert (len(compared), len(counted)) == (2, 4)
    assert [claim.passage is not None for claim in built.claims] == [True, True, False, False]
    rarely = built.claims[0]
    assert rarely.evidence[0].comparison is compare_quote(
        "interpreters were rarely available", project_.fulltexts["okafor2017"]
    )


def test_more_quotes_than_a_bounded_cache_holds_are_each_compared_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """5,000 distinct quotes: every evidence rule and the ledger share one comparison of each
    (a cache of 4,096 comparisons compared each quote four times)."""
    rng = random.Random(5)
    words = ["care", "reach", "trust", "team", "client", "health", "migrant", "support", "barrier", "work"]
    pages: list[Page] = []
    claims: list[Claim] = []
    for page in range(1, 101):
        lines = [" ".join(rng.choice(words) for _ in range(8)) + "." for _ in range(50)]
        pages.append(Page(str(page), "\n".join(lines)))
        for line in lines:
            where = Location("claims/a.yaml", len(claims) + 1)
            claims.append(
                Claim(f"c{len(claims)}", line, where, (SourceRef("src", where, f"p. {page}", line[:-1]),))
            )
    source = _source("src", author="Okafor, Chidi", title="Items", journal="J", year="2020")
    built = Project_.build(
        root=".",
        bibliographies=(Bibliography("references.bib", (source,)),),
        claims=tuple(claims),
        problems=(),
        files=("references.bib", "claims/a.yaml"),
        fulltexts={"src": FullText("src", "sources/src.txt", tuple(pages))},
    )
    compared = _comparisons(monkeypatch)
    result = run(built, select_rules((), ()), {}, Options())
    ledger.build(built, result.findings, Options())
    assert len(compared) == len(set(compared)) == len(claims) == 5000
    assert not [f for f in result.findings if f.rule in ("quote-not-found", "locator-mismatch")]


def _comparison(words: list[QuoteWord], passage: str) -> QuoteComparison:
    return QuoteComparison("q", passage, "1", "1", tuple(words))


def test_pieces_cut_the_passage_at_each_word() -> None:
    passage = "the rate is low, as before"
    words = [
        QuoteWord(WordKind.EQUAL, "the", "the", "1", (0, 3)),
        QuoteWord(WordKind.EQUAL, "rate", "rate", "1", (4, 8)),
        QuoteWord(WordKind.EQUAL, "is", "is", "1", (9, 11)),
        QuoteWord(WordKind.ADDED, "not"),
        QuoteWord(WordKind.CHANGED, "high", "low", "1", (12, 15)),
        QuoteWord(WordKind.LEFT_OUT, "…", "as", "1", (17, 19)),
        QuoteWord(WordKind.DROPPED, "", "before", "1", (20, 26)),
    ]
    cut = [(p.kind, p.text, p.quote) for p in pieces(_comparison(words, passage))]
    assert cut == [
        ("equal", "the rate is", ""),  # equal words in a row are one stretch
        ("text", " ", ""),
        ("added", "", "not"),
        ("text", " ", ""),
        ("changed", "low", "high"),
        ("text", ", ", ""),
        ("left-out", "as", "…"),
        ("text", " ", ""),
        ("dropped", "before", ""),
    ]
    assert "".join(p.text for p in pieces(_comparison(words, passage))).replace("  ", " ") == passage


def test_markdown_shows_the_ledger_as_a_table(cli: Cli, project: Project) -> None:
    root = project(QUOTES)
    out = cli("check", "--format", "markdown", cwd=root).out
    table = out[out.index("<details><summary>Claims") :]
    rows = [row for row in table.splitlines() if row.startswith("| ")]
    assert rows[0] == "| claim | status | statement | sources |"
    assert rows[1:] == [
        "| rarely | ⚠️ warnings | Interpreters were rarely available. "
        "| okafor2017 p. 101: quote found on p. 2 |",
        "| often | ❌ problem | Interpreters were often available. | okafor2017: quote differs on p. 2 |",
        "| unread | ⚠️ warnings | Reach is a matter of trust and of time. | berg2020: quote not checked |",
        "| gap | ➖ unsourced | Nobody studied the waiting lists. | unsourced: a gap in the literature |",
    ]
    assert "<summary>Claims: 1 ❌ problem, 2 ⚠️ warnings, 1 ➖ unsourced</summary>" in out


def test_markdown_ledger_escapes_what_the_inputs_hold(cli: Cli, project: Project) -> None:
    root = project(
        {
            "references.bib": "@misc{a2020, author = {A, B}, title = {T}, year = {2020}}\n",
            "claims/a.yaml": "claims:\n  - id: '<b>x</b>|@octocat'\n    statement: 'a `b` | *c*'\n"
            "    sources: [a2020]\n",
        }
    )
    out = cli("check", "--format", "markdown", cwd=root).out
    assert "| &lt;b&gt;x&lt;/b&gt;\\|&#64;octocat | ✅ backed | a \\`b\\` \\| \\*c\\* | a2020 |" in out


def test_other_formats_build_no_ledger(cli: Cli, project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(QUOTES)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("built a ledger")

    monkeypatch.setattr(ledger, "build", refuse)
    assert cli("check", "--format", "json", cwd=root).status == 1
    assert cli("check", "--format", "markdown", cwd=root).status == 2  # the ledger is asked for
