"""Pandoc Markdown citations: the syntax of the Pandoc manual, and what is not a citation."""

from __future__ import annotations

import pytest

from claimcite.load.markdown import front_matter_field, scan


def keys(text: str) -> list[tuple[str, str]]:
    return [(c.key, c.mode) for c in scan(text) if not c.crossref]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Blah blah [see @doe99, pp. 33-35; also @smith04, chap. 1].",
            [("doe99", "normal"), ("smith04", "normal")],
        ),
        ("Blah blah [@doe99, pp. 33-35, 38-39 and *passim*].", [("doe99", "normal")]),
        ("Blah blah [@smith04; @doe99].", [("smith04", "normal"), ("doe99", "normal")]),
        ("Smith says blah [-@smith04].", [("smith04", "suppress-author")]),
        ("@smith04 says blah.", [("smith04", "in-text")]),
        ("@smith04 [p. 33] says blah.", [("smith04", "in-text")]),
        (
            "@item1 [-@item2 p. 30; see also @item3] says",
            [("item1", "in-text"), ("item2", "suppress-author"), ("item3", "normal")],
        ),
        (
            "[@{https://example.com/bib?name=foobar&date=2000}, p. 33]",
            [("https://example.com/bib?name=foobar&date=2000", "normal")],
        ),
        ("As @Doe:2009.a shows.", [("Doe:2009.a", "in-text")]),
        ("See @smith04.", [("smith04", "in-text")]),
        ("See @smith04, and @doe99: both.", [("smith04", "in-text"), ("doe99", "in-text")]),
        ("Cyrillic [@пункт3].", [("пункт3", "normal")]),
    ],
)
def test_citations(text: str, expected: list[tuple[str, str]]) -> None:
    assert keys(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Write to john@example.com today.",
        "Inline `@code` is code.",
        "```\n@fenced code\n```\n",
        "    @indented code\n",
        "Math $x @m$ is math.",
        "Escaped \\@key is text.",
        "<!-- [@Figueredo:2009dg] -->",
        "An autolink <mailto:me@example.org>.",
        "[link](http://example.org/@user)",
        "Bookdown \\@ref(fig:plot) refers to a figure.",
        "[see the notes; and more]",
        "",
    ],
)
def test_not_citations(text: str) -> None:
    assert keys(text) == []


def test_suffix_and_prefix_and_groups() -> None:
    cites = scan("Text [see @a, p. 3; also @b, ch. 1] and @c [p. 9].")
    a, b, c = cites
    assert (a.prefix, a.suffix, b.prefix, b.suffix) == ("see", ", p. 3", "also", ", ch. 1")
    assert a.group == b.group != c.group
    assert c.suffix == "p. 9"


def test_crossrefs_are_marked() -> None:
    cites = scan("See @fig-plot, @tbl:data and [-@sec:intro], as @smith04 says.")
    assert [(c.key, c.crossref) for c in cites] == [
        ("fig-plot", True),
        ("tbl:data", True),
        ("sec:intro", True),
        ("smith04", False),
    ]


def test_bookdown_ref_is_a_crossref() -> None:
    (cite,) = scan("The workflow (Figure @ref(fig:workflow)) shows")
    assert cite.crossref


def test_a_bracket_followed_by_a_link_target_is_a_link() -> None:
    assert keys("[@a](http://x) and [@b]{.class}") == [("a", "in-text"), ("b", "in-text")]


def test_example_labels_are_not_citations() -> None:
    assert keys("(@good) An example.\n\nAs (@good) shows, and @smith04 too.\n") == [("smith04", "in-text")]


def test_rmarkdown_chunks_as_pandoc_reads_them() -> None:
    # `{r setup}` is no fence for pandoc: the chunk is inline code up to its closing backticks
    text = "```{r setup}\nx <- '@inside'\n```\n\nText [@after].\n"
    assert keys(text) == [("after", "normal")]


def test_front_matter_fields_and_nocite() -> None:
    text = (
        "---\ntitle: On @title2020\nbibliography: [a.bib, b.bib]\n"
        "nocite: |\n  @extra1, @extra2\n---\n\nBody @body.\n"
    )
    assert sorted(keys(text)) == sorted(
        [("title2020", "in-text"), ("extra1", "in-text"), ("extra2", "in-text"), ("body", "in-text")]
    )
    assert front_matter_field(text, "bibliography") == ["a.bib", "b.bib"]


@pytest.mark.parametrize(
    ("value", "names"),
    [
        # pandoc (3.9) reads each item of the list as its text: a one-item list is its item
        ("\n  - [bib/r.bib]\n  - [bib/refs.bib]", ["bib/r.bib", "bib/refs.bib"]),
        (" [[a.bib], [b.bib]]", ["a.bib", "b.bib"]),
        (" [a.bib, [b.bib]]", ["a.bib", "b.bib"]),
        # near misses: a list of two is one name with a space (pandoc: `File a.bib b.bib not
        # found`), a mapping is none
        ("\n  - [a.bib, b.bib]", ["a.bib b.bib"]),
        ("\n  - {file: a.bib}", []),
    ],
)
def test_front_matter_bibliography_as_pandoc_reads_a_list(value: str, names: list[str]) -> None:
    text = f"---\ntitle: x\nbibliography:{value}\n---\n\nText [@a].\n"
    assert front_matter_field(text, "bibliography") == names


def test_front_matter_bibliography_nested_deep_is_no_error() -> None:
    text = "---\nbibliography: " + "[" * 60 + "a.bib" + "]" * 60 + "\n---\n"
    assert front_matter_field(text, "bibliography") == ["a.bib"]


def test_front_matter_opens_with_no_blank_line_after_its_dashes() -> None:
    # pandoc: `---` followed by a blank line is a horizontal rule, and what follows is text
    assert front_matter_field("---\n\nbibliography: a.bib\n---\n\n[@a]\n", "bibliography") == []
    assert front_matter_field("---\n  \nbibliography: a.bib\n---\n", "bibliography") == []
    # near miss: a field on the line after the dashes opens front matter
    assert front_matter_field("---\nbibliography: a.bib\n\ntitle: x\n---\n", "bibliography") == ["a.bib"]


def test_offsets_point_at_the_citation() -> None:
    text = "---\ntitle: x\n---\nLine one.\nSee [@key1] here.\n"
    (cite,) = scan(text)
    assert text[cite.start : cite.end] == "@key1"


def test_linear_time_on_hostile_input() -> None:
    text = "[" * 20000 + "@a" + "]" * 5 + " `" * 5000 + " $" * 5000
    scan(text)  # must come back: no backtracking blow-up (a hang would time the test out)


def test_linear_time_on_nested_brackets() -> None:
    scan("[" * 20000 + "@a" + "]" * 20000 + " $a" * 5000 + " ``x" * 3000)


def test_linear_time_on_unclosed_comments() -> None:
    assert keys("<!--" * 20000 + " @a") == [("a", "in-text")]


def test_front_matter_aliases_are_read_once() -> None:
    laughs = "a: &a ['@x', '@x', '@x', '@x', '@x', '@x', '@x', '@x', '@x', '@x']\n"
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        laughs += f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 10) + "]\n"
    cites = scan("---\n" + laughs + "---\nBody.\n")
    assert len(cites) == 10  # the ten of `a`, not a billion


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\\textbf{@a} [@b]", ["b"]),  # raw TeX: a command and its arguments
        ("\\foo{x} {@c}", ["c"]),  # a group after a space is no argument
        ("``open @a `code @b`", ["b"]),  # an unclosed run: pandoc reads on from the next backtick
        ("x\n~~~\n@a\n~~~", ["a"]),  # a ~~~ fence does not interrupt a paragraph
        ("x\n```\n@a\n```", []),  # a ``` fence does
        ("- x\n~~~\n@a\n~~~", []),  # in a list item a ~~~ fence does too
        ("[^n]: a note [@a]\n", []),  # a footnote nothing refers to is left out
        ("Text[^n].\n\n[^n]: a note [@a]\n", ["a"]),
        ("Many know it[^n]:\n\n[^n]: a note [@a].\n", ["a"]),  # a reference before a colon
        ("[^x]: one [@a]\n[^y]: two [@b]\n\nText[^y]:\n", ["b"]),
        ("[^x]: a note [@a] that names [^x]: itself\n", []),  # only a reference outside the note counts
        ("Text <!-- open @a\n\n@b -->", []),  # a comment runs over blank lines
        ("- <!-- open @a\n\n@b", ["a", "b"]),  # except in a list item
        ("> <!-- open @a\n\n- Text\n- <!-- @a -->\n", ["a"]),  # and in a block quote
        ("> quote\n> <!-- x\n> @a -->\n", []),  # a comment closed inside its block quote
        ("(@a) (@b) example\n\nAs @b says [@b].", ["b"]),  # nested example markers; a bracket cites
        ("> (@x) quoted example\n\n@x again", []),
        ("- `open @a\n- [@b] `code @c`", ["a", "b"]),  # a code span ends with its list item
    ],
)
def test_pandoc_reads_these_as_it_does(text: str, expected: list[str]) -> None:
    assert [key for key, _ in keys(text)] == expected


def test_a_fence_at_the_margin_ends_a_list() -> None:
    assert keys("- Text\n- Text\n\n```\ncode\n```\n\n    [@a]\n") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an HTML comment runs to its `-->` over blank lines and fences: the fence in it is no code
        ("<!-- open @a\n\n```\n<!-- @c -->\n\n[@b]\n\n```\n", ["b"]),
        ("Text <!-- open @a\n\n```\n<!-- x -->\n```\n\nAfter [@b].\n", ["b"]),
        ("A <!-- x --> b <!-- open @a\n\n```\n<!-- x -->\n```\n\nAfter [@b].\n", ["b"]),
        # near misses: in a list item an unclosed comment is text; a closed one hides nothing else
        ("- <!-- open @a\n\n```\n<!-- x -->\n```\n\nAfter [@b].\n", ["a", "b"]),
        ("Text <!-- x --> @a\n\n```\n@c\n```\n\nAfter [@b].\n", ["a", "b"]),
    ],
)
def test_a_comment_hides_the_fences_inside_it(text: str, expected: list[str]) -> None:
    assert [key for key, _ in keys(text)] == expected


def test_linear_time_on_comments_over_fences() -> None:
    from .linear import assert_linear

    assert_linear(lambda n: "<!-- a\n\n```\n-->\n\n" * (n // 18) + "```\n", scan)
    assert_linear(lambda n: "Text <!-- a\n\n```\n" * (n // 17), scan)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a comment opened in a list item ends with the item: the next item ends it unclosed
        ("- <!-- open @a\n- <!-- @b -->\n", ["a"]),
        ("1. <!-- open @a\n2. more -->\n", ["a"]),
        # near miss: closed on a line of its own item, it is a comment
        ("- <!-- a\n  b @x -->\n- c @y\n", ["y"]),
    ],
)
def test_a_comment_in_a_list_item_ends_with_the_item(text: str, expected: list[str]) -> None:
    assert [key for key, _ in keys(text)] == expected


def test_linear_time_on_comments_in_many_list_items() -> None:
    from .linear import assert_linear

    assert_linear(lambda n: "- <!-- a\n" * (n // 9) + "-->", scan)
