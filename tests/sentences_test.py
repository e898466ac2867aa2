"""Sentences: a sentence that starts with a citation or a lower-case name particle is its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcite.files.contain import Area
from claimcite.load.documents import ShownPath, sentences
from claimcite.load.formats import load_document
from claimcite.load.text import LineIndex


def split(text: str) -> list[str]:
    return [s.text for s in sentences(text, "t", LineIndex(text))]


@pytest.mark.parametrize(
    ("text", "second"),
    [
        ("Reach is low. @b2020 shows why.", "@b2020 shows why."),
        ("Reach is low. [@a; @b] show why.", "[@a; @b] show why."),
        ("Reach is low. [-@a] shows why.", "[-@a] shows why."),
        ("Reach is low. \\citet{b} shows why.", "\\citet{b} shows why."),
        ("Het bereik is laag. de Bruijn (2020) stelt dat.", "de Bruijn (2020) stelt dat."),
        ("Het bereik is laag. van der Heijden en Oud (2019) ook.", "van der Heijden en Oud (2019) ook."),
        ("Die Lage ist ernst. von Humboldt (1810) sah das.", "von Humboldt (1810) sah das."),
    ],
)
def test_a_sentence_that_starts_with_a_citation_is_its_own(text: str, second: str) -> None:
    assert split(text)[1:] == [second]


@pytest.mark.parametrize(
    "text",
    [
        "Dat geldt bijv. voor ouderen, d.w.z. mensen van 75 jaar.",
        "Laut Müller u. a. (2020) steigen die Wartezeiten.",
        "Das gilt z. B. für Ältere.",
        "The effect was small (p. 12; see Fig. 3).",
        "Most teams use interpreters, see Vol. 2 of the report.",
        "It was de facto a rule.",
        "Dr. Smith and Prof. Jones disagree.",
    ],
)
def test_abbreviations_end_no_sentence(text: str) -> None:
    assert split(text) == [text]


def test_a_possessive_s_is_no_abbreviation() -> None:
    assert len(split("Dat zagen we in drie regio's. Het aantal steeg.")) == 2


@pytest.mark.parametrize(
    ("suffix", "text"),
    [
        ("md", "Client support reaches few migrants [@a].\n@b2020 shows that waiting lists grow.\n"),
        (
            "tex",
            "Client support reaches few migrants \\citep{a}.\n"
            "\\citet{b2020} shows that waiting lists grow.\n",
        ),
        (
            "txt",
            "Client support reaches few migrants (Aa, 2019).\n"
            "de Bruijn (2020) shows that waiting lists grow.\n",
        ),
    ],
)
def test_a_sentence_starting_with_a_citation_keeps_its_own_citations(
    tmp_path: Path, suffix: str, text: str
) -> None:
    path = tmp_path / f"paper.{suffix}"
    path.write_text(text)
    loaded = load_document(str(path), ShownPath(str(tmp_path)), Area.of(str(tmp_path)))
    cited = [
        [loaded.citations[i].key or loaded.citations[i].authors for i in s.citations]
        for s in loaded.sentences
    ]
    assert len(cited) == 2 and len(cited[0]) == 1 and len(cited[1]) == 1, cited
