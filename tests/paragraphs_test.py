"""Paragraphs of manuscripts: blank lines everywhere; in plain text also the layout of its lines."""

from __future__ import annotations

import textwrap

from claimcite.load.documents import paragraph_starts, sentences
from claimcite.load.text import LineIndex


def _paragraphs(text: str, *, layout: bool) -> list[list[str]]:
    found = sentences(text, "a.txt", LineIndex(text), layout=layout)
    grouped: dict[int, list[str]] = {}
    for sentence in found:
        grouped.setdefault(sentence.paragraph, []).append(sentence.text)
    return list(grouped.values())


def test_a_blank_line_ends_a_paragraph() -> None:
    text = "One. Two.\n\nThree.\n   \nFour."
    assert _paragraphs(text, layout=False) == [["One.", "Two."], ["Three."], ["Four."]]


# a sentence ends at the end of the second line, which is full: the paragraph goes on
FIRST = (
    "Zoals hierboven is beschreven, is wel duidelijk dat cliëntondersteuning veel burgers niet\n"
    "bereikt, want de drempel is hoog en de weg naar de ondersteuning is voor velen onbekend.\n"
    "In het rapport van het RIVM wordt beschreven dat het vaak bepaalde doelgroepen zijn die\n"
    "niet of minder bereikt worden. Onduidelijk is welke groepen dit zijn."
)
SECOND = (
    "Uit een verkennend onderzoek van het KIS blijkt dat mensen met een migratieachtergrond relatief "
    "weinig gebruik maken van preventieve ondersteuning, terwijl intensieve hulpverlening "
    "verhoudingsgewijs vaak wordt ingezet. Het gaat in dit onderzoek niet specifiek over de "
    "ondersteuning van cliënten."
)
THIRD = (
    "Er zijn geen onderzoeken gevonden over de aard van de discriminatie in de ondersteuning van "
    "cliënten, en ook niet over discriminatie tussen professionals onderling in wijkteams."
)
# as a PDF's text layer has it: lines of about one width, no blank lines
WRAPPED = "\n".join([FIRST, textwrap.fill(SECOND, 90), "Aard van de discriminatie", textwrap.fill(THIRD, 90)])


def test_hard_wrapped_text_ends_a_paragraph_on_a_short_line() -> None:
    paragraphs = _paragraphs(WRAPPED, layout=True)
    assert [p[0][:12] for p in paragraphs] == ["Zoals hierbo", "Uit een verk", "Aard van de ", "Er zijn geen"]
    assert paragraphs[2] == ["Aard van de discriminatie"]  # a heading: a paragraph, and not glued to the next


def test_a_full_line_ending_a_sentence_goes_on() -> None:
    assert "onbekend.\n" in WRAPPED
    assert len(_paragraphs(WRAPPED, layout=True)[0]) == 3


def test_markdown_and_latex_lines_are_not_layout() -> None:
    assert len(_paragraphs(WRAPPED, layout=False)) == 1


def test_a_paragraph_per_line_when_lines_are_long() -> None:
    line = "This paragraph is written on one line as editors that wrap softly save it. " * 4
    text = f"{line}\n{line}\n{line}\n"
    assert len(_paragraphs(text, layout=True)) == 3


def test_short_texts_have_only_blank_lines() -> None:
    assert paragraph_starts("One line.\nTwo.", layout=True) == []


def test_a_statement_per_line_is_a_paragraph_per_line() -> None:
    text = (
        "De wachttijden nemen toe (Oud, 2019).\nTaal is een drempel (Okafor, 2017).\nHet werkt.\nZie dit.\n"
    )
    assert len(_paragraphs(text, layout=True)) == 4
