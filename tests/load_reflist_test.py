"""Finding the reference list of a manuscript: headings in five languages, items as list items,
paragraphs or lines, and pandoc's rendered list."""

from __future__ import annotations

import textwrap
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcite.load.reflist import Block, ReferenceList, find_reference_list, heading_name, text_blocks
from claimcite.load.refstring import Reference, Unparsed, parse_reference

APA_1 = "Koçak, S., & Jonkman, H. (2016). Sociale wijkteams en diversiteit. Kennisplatform Integratie."
APA_2 = "Hulshof, C., Oud, M., & Bruijn, E. de (2021). Cliëntondersteuning in beeld. RIVM."


def found(text: str) -> ReferenceList | None:
    return find_reference_list(text_blocks(textwrap.dedent(text).lstrip("\n")), "report.md")


@pytest.mark.parametrize(
    "heading",
    [
        "References",
        "Bibliography",
        "Works Cited",
        "Literatuur",
        "Literatuurlijst",
        "Bronnen",
        "Bronnenlijst",
        "Bronvermelding",
        "Literatur",
        "Literaturverzeichnis",
        "Quellen",
        "Références",
        "Bibliographie",
        "Referencias",
        "Bibliografía",
        "7. Literatuur",
        "Literatuur:",
        "LITERATUUR",
        "References {.unnumbered}",
        "Referenzen",
        "Literatur- und Quellenverzeichnis",
        "Quellen- und Literaturverzeichnis",
        "Zitierte Literatur",
        "Referentielijst",
        "Ouvrages cités",
        "Œuvres citées",
        "Liste des références",
        "Lista de referencias",
        "Fuentes consultadas",
        "Works Consulted",
        "References and Notes",
        "## 7 Bronnen",
        "Reference",  # the singular, as Word manuscripts have it
        "REFERENCE",
        "Cited references",
    ],
)
def test_reference_list_headings(heading: str) -> None:
    assert heading_name(heading) is not None


@pytest.mark.parametrize(
    "heading",
    [
        "Referenties aan beleid in 2020",
        "Sources of error",
        "Conclusie",
        "7",
        "Literatuuroverzicht",  # a review of the literature, in prose
        "Weiterführende Literatur",  # further reading: works not cited
        "Further reading",
        "Forschungsstand",
        "Reference group",
        "Reference values",
    ],
)
def test_headings_that_are_not_a_reference_list(heading: str) -> None:
    assert heading_name(heading) is None


def test_items_as_paragraphs_under_a_markdown_heading() -> None:
    result = found(
        f"""
        # Rapport

        Tekst (Koçak & Jonkman, 2016).

        ## Literatuur

        {APA_1}

        {APA_2}
        """
    )
    assert result is not None
    assert result.heading == "Literatuur"
    assert [item.text for item in result.items] == [APA_1, APA_2]
    assert [item.location.line for item in result.items] == [7, 9]
    assert (result.first_line, result.last_line) == (5, 9)


def test_items_as_list_items_and_the_next_section_is_not_in_the_list() -> None:
    result = found(
        f"""
        ## References

        - {APA_1}
        - {APA_2}

        ## Appendix

        Een bijlage met een jaartal (2020).
        """
    )
    assert result is not None
    assert [item.text for item in result.items] == [APA_1, APA_2]
    assert result.items[0].location.column == 3
    assert result.last_line == 4


def test_plain_text_list_one_item_per_line_under_a_heading_line() -> None:
    result = found(
        f"""
        Rapport over de wijk.

        Literatuur
        {APA_1}
        {APA_2}
        """
    )
    assert result is not None
    assert [item.text for item in result.items] == [APA_1, APA_2]
    assert [item.location.line for item in result.items] == [4, 5]


def test_wrapped_lines_of_one_item_stay_together() -> None:
    result = found(
        """
        Bibliography

        Aalbersberg, IJsbrand Jan, Tom Appleyard, Sarah Brookhart, Todd
        Carpenter, Michael Clarke, et al. 2018. “Making Science Transparent by
        Default.” February.
        """
    )
    assert result is not None
    assert len(result.items) == 1
    assert result.items[0].text.startswith("Aalbersberg") and result.items[0].text.endswith("February.")


def test_hanging_indent_separates_items() -> None:
    result = found(
        """
        References

        Koçak, S., & Jonkman, H. (2016). Sociale wijkteams en diversiteit: een verkenning
            van de praktijk. Kennisplatform Integratie & Samenleving.
        Hulshof, C. (2021). Cliëntondersteuning in beeld. RIVM.
        """
    )
    assert result is not None
    assert len(result.items) == 2
    assert result.items[0].text.endswith("Samenleving.")


def test_the_last_reference_heading_wins_and_an_empty_one_is_passed_over() -> None:
    result = found(
        f"""
        # Bronnen

        {APA_1}

        # Literatuur

        {APA_2}

        # References
        """
    )
    assert result is not None
    assert result.heading == "Literatuur"
    assert [item.text for item in result.items] == [APA_2]


def test_pandoc_rendered_list_gives_each_item_its_key() -> None:
    result = found(
        """
        Text (Koçak and Jonkman 2016).

        ::: {#refs .references .csl-bib-body .hanging-indent}
        ::: {#ref-kocak2016 .csl-entry}
        Koçak, S., and H. Jonkman. 2016. *Sociale wijkteams en diversiteit*.
        Kennisplatform Integratie & Samenleving.
        :::
        :::
        """
    )
    assert result is not None
    assert result.rendered
    assert [(item.key, item.location.line) for item in result.items] == [("kocak2016", 5)]


def test_pandoc_html_div_list_in_a_block_quote() -> None:
    result = found(
        """
        > <summary><strong>Quellen</strong></summary>
        >
        > <div id="refs" class="references csl-bib-body hanging-indent">
        >
        > <div id="ref-Aho2023" class="csl-entry">
        >
        > Aho, A. V., M. S. Lam, und R. Sethi. 2023. *Compilers*. Pearson.
        >
        > </div>
        >
        > </div>
        """
    )
    assert result is not None
    assert result.heading == "Quellen"
    (item,) = result.items
    assert (item.key, item.location.line, item.location.column) == ("Aho2023", 7, 3)


def test_pandoc_3_wraps_the_opening_tag_of_the_list() -> None:
    result = found(
        """
        <div id="refs" class="references csl-bib-body hanging-indent"
        entry-spacing="0">

        <div id="ref-walters2004" class="csl-entry">

        Walters, C. J., and S. J. D. Martell. 2004. *Fisheries Ecology and
        Management*. Princeton University Press.

        </div>

        </div>
        """
    )
    assert result is not None and result.rendered
    assert [(item.key, item.location.line) for item in result.items] == [("walters2004", 6)]


def test_a_wrapped_tag_that_never_closes_is_no_list() -> None:
    blocks = text_blocks('<div id="refs" class="references"\nentry-spacing="0"\n\nWalters, C. (2004). *F*.\n')
    assert not any(block.in_refs for block in blocks)


def test_a_list_typed_as_a_table_under_a_heading_with_an_anchor() -> None:
    result = found(
        """
        # 7. Literatuurlijst <a name="chapter7"></a>

        | Nr | Bron |
        | :---: | :--- |
        | 1 | Okafor, C. (2017). *Taal als drempel*. Movisie. |
        | 2 | Jansen, P. (2020, 3 mei). *Wachten*. Boom. |

        <div style="page-break-after: always;"></div>

        # 8. Bijlagen
        """
    )
    assert result is not None and result.heading == '7. Literatuurlijst <a name="chapter7"></a>'
    assert [
        (item.text[:10], item.location.line, item.location.column, item.list_item) for item in result.items
    ] == [
        ("Okafor, C.", 5, 7, True),
        ("Jansen, P.", 6, 7, True),
    ]


def test_a_table_elsewhere_is_no_list() -> None:
    assert found("# Resultaten\n\n| Groep | Jaar |\n|---|---|\n| A | 2020 |\n") is None


def test_no_heading_no_list() -> None:
    assert found(f"# Inleiding\n\n{APA_1}\n") is None


def test_a_heading_word_inside_a_sentence_is_no_heading() -> None:
    assert found(f"Zie de literatuur over dit onderwerp.\n{APA_1}\n") is None


def test_blocks_from_another_format_work_the_same() -> None:
    """A format that hands over its paragraphs (Word, later) finds its list the same way."""
    blocks = [
        Block("Inleiding", 1, heading=1),
        Block("Tekst (Koçak & Jonkman, 2016).", 2),
        Block("Literatuur", 3, heading=1),
        Block(APA_1, 4),
        Block(APA_2, 5),
    ]
    result = find_reference_list(blocks, "report.docx")
    assert result is not None
    assert [item.location.line for item in result.items] == [4, 5]


def test_linear_time_on_hostile_documents() -> None:
    """1x, 4x and 16x: lines that each look like the start of an item, without blank lines."""
    unit = "Literatuur\n" + "Smith, J. (2020). T.\n(((( *a* _b_ [c](d) <e>\n" * 50 + "::: {#refs}\n" * 20

    def seconds(scale: int) -> float:
        text = unit * scale
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            find_reference_list(text_blocks(text), "x.md")
            best = min(best, time.perf_counter() - started)
        return best

    small, middle, large = seconds(1), seconds(4), seconds(16)
    assert middle / small < 4 * 3
    assert large / middle < 4 * 3


def test_footnotes_after_a_references_heading_are_no_items() -> None:
    """pandoc's own test file ends with `References` and then only footnotes."""
    assert found("Text [^1].\n\nReferences\n==========\n\n[^1]: @item1 [p. 12] and [@item2].\n") is None


def test_a_rendered_id_may_hold_a_slash() -> None:
    result = found(
        """
        <div id="refs" class="references">

        <div id="ref-10.5555/1593511">

        Koller, Daphne. 2009. *Probabilistic Graphical Models*. MIT Press.

        </div>

        <div id="ref-wright2015">

        Wright, Marvin N. 2015. “Ranger.” *arXiv*, August.

        </div>

        </div>
        """
    )
    assert result is not None
    assert [item.key for item in result.items] == ["10.5555/1593511", "wright2015"]


TEXT = st.text(
    alphabet=st.sampled_from(list("#=-*_[](){}<>:;.,&'\"“”‘’—–\\/ \n\tabcKLM0123456789äé@^|")),
    max_size=500,
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(TEXT)
def test_any_text_gives_a_list_or_none_never_an_exception(text: str) -> None:
    document = "# Tekst\n\n" + text + "\n\nLiteratuur\n\n" + text
    result = find_reference_list(text_blocks(document), "x.md")
    if result is not None:
        for item in result.items:
            parsed = parse_reference(item.text, item.location)
            assert isinstance(parsed, (Reference, Unparsed))
