"""Quotes word by word, in Dutch, English and German: a negation, an antonym, a changed number,
a number in words, a dropped negation and another word order are found; what typesetting
changes (a word hyphenated at a line end, a ligature, curly quotes, an en dash, a page break
with a running head and a page number between) is not a difference. Each source is a PDF and
a text file with form feeds."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from claimcite.model import FullText, Page, WordKind
from claimcite.quotes import compare_quote

from .conftest import Run, write_project
from .pdfmaker import make_pdf

Cli = Callable[..., Run]


@dataclass(frozen=True)
class Language:
    first: int  # the label of the first page
    pages: list[list[str]]
    silent: list[tuple[str, str]]  # (quote, locator): typesetting only, must stay silent
    fire: list[tuple[str, str]]  # (quote, what the message must say)


LANGUAGES = {
    "nl": Language(
        38,
        [
            [
                "Tijdschrift voor Zorg 12 (2021)",
                "Uit de peiling blijkt dat het bereik van de cli\u00ebnt-",
                "ondersteuning laag is. De \ufb01nanciering liep van 2010\u20132015 en",
                "de gemeenten noemen het \u201csterk\u201d en zeggen: \u2018het werkt\u2019. In 2021",
                "hadden 12 gemeenten een wachtlijst. De taalbarri\u00e8re is niet",
                "opgelost. Jongeren en ouderen worden vaak niet bereikt. Er is geen",
                "38",
            ],
            ["Tijdschrift voor Zorg 12 (2021)", "geld voor tolken. Het bereik is een probleem.", "39"],
        ],
        silent=[
            ("het bereik van de cliëntondersteuning laag is", "p. 38"),  # hyphenated at a line end
            ("De financiering liep", "p. 38"),  # the ligature ﬁ
            ("de gemeenten noemen het \"sterk\" en zeggen: 'het werkt'", "p. 38"),  # curly quotes
            ("liep van 2010-2015", "p. 38"),  # – for -
            ("Er is geen geld voor tolken", "pp. 38-39"),  # across a page break
        ],
        fire=[
            ("het bereik van de cliëntondersteuning niet laag is", '"niet" is not in the source'),
            ("Het bereik is geen probleem", '"geen" where the source has "een"'),
            ("het bereik van de cliëntondersteuning hoog is", '"hoog" where the source has "laag"'),
            ("In 2021 hadden 21 gemeenten een wachtlijst", '"21" where the source has "12"'),
            ("In 2021 hadden twaalf gemeenten een wachtlijst", '"twaalf" where the source has "12"'),
            ("De taalbarrière is opgelost", 'the quote leaves out "niet" after "is"'),
            ("Ouderen en jongeren worden vaak niet bereikt", "in another order"),
        ],
    ),
    "en": Language(
        12,
        [
            [
                "Journal of Care 7 (2019)",
                "The survey shows that the reach of client sup-",
                "port is low. The \ufb01nancing ran from 2010\u20132015, and the",
                "municipalities call it \u201cstrong\u201d and say: \u2018it works\u2019. In 2019",
                "12 municipalities had a waiting list. The language barrier was",
                "not solved. Young and old people are often not reached. There is",
                "12",
            ],
            ["Journal of Care 7 (2019)", "no money for interpreters. Reach is a problem.", "13"],
        ],
        silent=[
            ("the reach of client support is low", "p. 12"),
            ("The financing ran", "p. 12"),
            ("the municipalities call it \"strong\" and say: 'it works'", "p. 12"),
            ("ran from 2010-2015", "p. 12"),
            ("There is no money for interpreters", "pp. 12-13"),
        ],
        fire=[
            ("the reach of client support is not low", '"not" is not in the source'),
            ("Reach is no problem", '"no" where the source has "a"'),
            ("the reach of client support is high", '"high" where the source has "low"'),
            ("In 2019 21 municipalities had a waiting list", '"21" where the source has "12"'),
            ("In 2019 twelve municipalities had a waiting list", '"twelve" where the source has "12"'),
            ("The language barrier was solved", 'the quote leaves out "not" after "was"'),
            ("Old and young people are often not reached", "in another order"),
        ],
    ),
    "de": Language(
        101,
        [
            [
                "Zeitschrift f\u00fcr Pflege 3 (2020)",
                "Die Umfrage zeigt, dass die Reichweite der Be-",
                "ratung niedrig ist. Die Finanzierung lief von 2010\u20132015, und",
                "die Gemeinden nennen sie \u201estark\u201c und sagen: \u201aes wirkt\u2018. Im Jahr",
                "2020 hatten 12 Gemeinden eine Warteliste. Die Sprachbarriere wurde",
                "nicht gel\u00f6st. Junge und alte Menschen werden h\u00e4u\ufb01g nicht erreicht. Es gibt",
                "101",
            ],
            [
                "Zeitschrift f\u00fcr Pflege 3 (2020)",
                "kein Geld f\u00fcr Dolmetscher. Die Reichweite ist ein Problem.",
                "102",
            ],
        ],
        silent=[
            ("dass die Reichweite der Beratung niedrig ist", "S. 101"),
            ("werden häufig nicht erreicht", "S. 101"),
            ("die Gemeinden nennen sie \"stark\" und sagen: 'es wirkt'", "S. 101"),
            ("lief von 2010-2015", "S. 101"),
            ("Es gibt kein Geld für Dolmetscher", "S. 101f."),
        ],
        fire=[
            ("dass die Reichweite der Beratung nicht niedrig ist", '"nicht" is not in the source'),
            ("Die Reichweite ist kein Problem", '"kein" where the source has "ein"'),
            ("dass die Reichweite der Beratung hoch ist", '"hoch" where the source has "niedrig"'),
            ("2020 hatten 21 Gemeinden eine Warteliste", '"21" where the source has "12"'),
            ("2020 hatten zwölf Gemeinden eine Warteliste", '"zwölf" where the source has "12"'),
            ("Die Sprachbarriere wurde gelöst", 'the quote leaves out "nicht" after "wurde"'),
            ("Alte und junge Menschen werden häufig nicht erreicht", "in another order"),
        ],
    ),
}


def _project(root: Path, language: Language, kind: str) -> Path:
    claims = ["claims:"]
    for number, (quote, locator) in enumerate(language.silent):
        claims += [f"  - id: silent{number}", "    statement: S.", "    sources:", "      - key: src"]
        claims += [f"        locator: {locator}"] if locator else []
        claims += [f"        quote: {json.dumps(quote)}"]
    for number, (quote, _) in enumerate(language.fire):
        claims += [f"  - id: fire{number}", "    statement: S.", "    sources:", "      - key: src"]
        claims += [f"        quote: {json.dumps(quote)}"]
    bib = f"@misc{{src, author = {{A, B}}, title = {{T}}, year = {{2020}}, file = {{docs/src.{kind}}}}}\n"
    write_project(root, {"references.bib": bib, "claims/a.yaml": "\n".join(claims) + "\n"})
    (root / "docs").mkdir()
    if kind == "pdf":
        (root / "docs" / "src.pdf").write_bytes(make_pdf(language.pages, first_label=language.first))
    else:  # pages as pdftotext writes them: a form feed between
        text = "\f".join("\n".join(lines) for lines in language.pages)
        (root / "docs" / "src.txt").write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("kind", ["pdf", "txt"])
@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_misquotes_are_found_and_typesetting_is_not(cli: Cli, tmp_path: Path, code: str, kind: str) -> None:
    language = LANGUAGES[code]
    if kind == "txt":  # a text file keeps its pages' numbers from 1
        language = Language(1, language.pages, [(q, "") for q, _ in language.silent], language.fire)
    root = _project(tmp_path, language, kind)
    run = cli("check", "--format", "json", "--no-cache", cwd=root)
    found = {(f["claim"] or "", f["rule"]): f["message"] for f in run.findings()}
    silent = {claim: rule for claim, rule in found if claim.startswith("silent")}
    assert silent == {}, found
    for number, (_, said) in enumerate(language.fire):
        message = found.get((f"fire{number}", "quote-not-found"), "")
        assert said in message, (number, found)
    assert len(found) == len(language.fire)


def _text(*pages: str) -> FullText:
    return FullText("k", "k.txt", tuple(Page(str(n), page) for n, page in enumerate(pages, 1)))


SOURCE = _text(
    "Uit de peiling blijkt dat het bereik van de cliëntondersteuning laag is. "
    "Met name de eerste generatie migranten ervaart een hoge drempel bij het aangaan "
    "van ondersteuning. De verhuurder mag de huur niet opzeggen voor het einde.",
    "Tweede pagina.",
)


def test_the_comparison_is_data_for_reports() -> None:
    comparison = compare_quote("het bereik van de Cliëntondersteuning hoog is", SOURCE)
    assert comparison is not None and not comparison.found
    assert comparison.passage == "het bereik van de cliëntondersteuning laag is"  # as printed
    assert comparison.page == comparison.last_page == "1"
    assert comparison.before.endswith("peiling blijkt dat") and comparison.after.startswith(". Met name")
    kinds = [(word.kind, word.quote, word.source) for word in comparison.words]
    assert kinds[4] == (WordKind.EQUAL, "Cliëntondersteuning", "cliëntondersteuning")
    assert kinds[5] == (WordKind.CHANGED, "hoog", "laag")
    changed = comparison.words[5]
    assert changed.span is not None and comparison.passage[slice(*changed.span)] == "laag"


@pytest.mark.parametrize(
    ("quote", "kinds"),
    [
        ("de eerste generatie migranten [sic] ervaart", [WordKind.SIC]),
        ("[zij] ervaart een hoge drempel", [WordKind.REPLACED]),
        ("[Deze] generatie migranten ervaart", [WordKind.REPLACED]),
        ("de eerste [migranten] ervaart een hoge drempel", [WordKind.REPLACED]),
        ("het bereik … laag is", [WordKind.LEFT_OUT]),
        ("het bereik [...] laag is", [WordKind.LEFT_OUT]),
        ("[H]et bereik van de cliëntondersteuning", []),
        ("migrant[en] ervaart", []),
    ],
)
def test_quoting_conventions_are_allowed(quote: str, kinds: list[WordKind]) -> None:
    comparison = compare_quote(quote, SOURCE)
    assert comparison is not None
    assert comparison.found, comparison.differences
    assert [word.kind for word in comparison.adaptations] == kinds


def test_what_an_insertion_or_an_ellipsis_stands_for() -> None:
    comparison = compare_quote("de eerste [migranten] ervaart een hoge drempel", SOURCE)
    assert comparison is not None
    (replaced,) = comparison.adaptations
    assert replaced.quote == "[migranten]" and replaced.source == "generatie migranten"
    comparison = compare_quote("de verhuurder mag … opzeggen", SOURCE)
    assert comparison is not None
    (left_out,) = comparison.adaptations
    assert left_out.source == "de huur niet"


def test_a_bracketed_ending_that_changes_the_word_is_an_adaptation() -> None:
    source = _text("De eerste generatie migrant ervaart.")
    comparison = compare_quote("de eerste generatie migrant[en] ervaart", source)
    assert comparison is not None and comparison.found
    assert [w.kind for w in comparison.adaptations] == [WordKind.REPLACED]


def test_a_hyphen_a_space_or_nothing_between_the_parts_of_a_word() -> None:
    source = _text("Het sociaal-economische beleid en de e-mail van de gemeente.")
    for quote in ("het sociaaleconomische beleid", "het sociaal economische beleid", "de email van de"):
        comparison = compare_quote(quote, source)
        assert comparison is not None and comparison.found, quote


def test_a_word_is_not_a_part_of_another() -> None:
    comparison = compare_quote("het bereik van de cliënt", SOURCE)
    assert comparison is not None and not comparison.found  # the source has cliëntondersteuning


def test_a_long_quote_is_compared_in_bounded_time() -> None:
    words = [f"woord{n % 97}" for n in range(3000)]
    source = _text(" ".join(words))
    quote = " ".join(words[100:2100]).replace("woord5 ", "ander ", 3)
    started = time.perf_counter()
    comparison = compare_quote(quote, source)
    assert comparison is not None and not comparison.found
    assert time.perf_counter() - started < 20  # a guard against a hang, not a benchmark


def test_many_ellipses_are_compared_in_bounded_time() -> None:
    source = _text(" ".join(f"woord{n}" for n in range(5000)))
    quote = " … ".join(f"woord{n} ander" for n in range(0, 5000, 25))
    started = time.perf_counter()
    comparison = compare_quote(quote, source)
    assert comparison is not None and not comparison.found
    assert time.perf_counter() - started < 20


def test_quote_match_is_no_longer_a_setting(cli: Cli, tmp_path: Path) -> None:
    write_project(tmp_path, {"references.bib": "", "claimcite.toml": "quote_match = 80\n"})
    run = cli("check", cwd=tmp_path)
    assert run.status == 2 and run.err.count("\n") == 1
    assert "'quote_match' is no longer a setting" in run.err and "every word" in run.err


MARKED = _text(
    "Het bereik van de cliëntondersteuning is laag.12 Dat blijkt uit onderzoek [3, 5–7] van het "
    "RIVM. Interpreters were rarely avail- able when needed, and level 3 was reached."
)


@pytest.mark.parametrize(
    "quote",
    [
        "het bereik van de cliëntondersteuning is laag. Dat blijkt",  # a footnote mark glued on
        "Dat blijkt uit onderzoek van het RIVM",  # a numbered citation mark
        "Dat blijkt uit onderzoek [3, 5-7] van het RIVM",  # ... quoted as it stands
        "Interpreters were rarely available when needed",  # a hyphen and a space, as a line end left it
    ],
)
def test_marks_of_the_text_layer_are_no_difference(quote: str) -> None:
    comparison = compare_quote(quote, MARKED)
    assert comparison is not None and comparison.found, comparison.differences


def test_a_number_is_no_footnote_mark() -> None:
    comparison = compare_quote("and level 4 was reached", MARKED)
    assert comparison is not None and [(w.quote, w.source) for w in comparison.differences] == [("4", "3")]
    comparison = compare_quote("and level was reached", MARKED)
    assert comparison is not None and [w.source for w in comparison.differences] == ["3"]
