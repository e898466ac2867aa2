"""The manuscript rules on cases that must fire and near misses that must stay silent."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcite.config import Settings
from claimcite.engine import run
from claimcite.findings import Finding
from claimcite.options import Options
from claimcite.pipeline import load_project
from claimcite.rules import ALL_RULES

from .conftest import write_project

BIB = """
@article{okafor2017,
  author = {Okafor, Chidi and Lindqvist, Maja and Berg, Ola},
  title = {Language barriers}, journal = {J}, year = {2017}
}
@article{bruijn2018,
  author = {de Bruijn, Els and Friedel, Rik},
  title = {Bereik}, journal = {J}, year = {2018}
}
@article{hulshof2021,
  author = {Hulshof, Anne},
  title = {Cli{\\"e}ntondersteuning}, journal = {J}, year = {2021}
}
@article{team2020,
  author = {Hulshof, Anne and others},
  title = {Team}, journal = {J}, year = {2020}
}
"""


def findings(
    root: Path, text: str, rule: str, *, suffix: str = "txt", options: Options | None = None
) -> list[Finding]:
    write_project(root, {"references.bib": BIB, f"paper.{suffix}": text})
    project = load_project(Settings(root=str(root)), [str(root / f"paper.{suffix}")])
    return [f for f in run(project, ALL_RULES, None, options).findings if f.rule == rule]


def test_unknown_key_in_markdown_and_latex(tmp_path: Path) -> None:
    (md,) = findings(tmp_path / "md", "As [@okafor2071] says.", "unknown-key", suffix="md")
    assert (md.key, md.suggestion, md.line, md.column) == ("okafor2071", "okafor2017", 1, 5)
    (tex,) = findings(
        tmp_path / "tex", "As \\citep{okafor2017, brujn2018} says.", "unknown-key", suffix="tex"
    )
    assert (tex.key, tex.suggestion) == ("brujn2018", "bruijn2018")


def test_bibliography_as_a_list_of_one_item_lists_is_read(tmp_path: Path) -> None:
    # papaja's template writes `bibliography: - [r-references.bib]`; pandoc reads the file
    write_project(
        tmp_path,
        {
            "bib/refs.bib": BIB,
            "paper.Rmd": "---\ntitle: x\nbibliography      :\n  - [bib/refs.bib]\n---\n\n"
            "Text [@okafor2017; @okafor2071; @bruijn2018; @hulshof2021; @team2020].\n",
        },
    )
    project = load_project(Settings(root=str(tmp_path)), [str(tmp_path / "paper.Rmd")])
    found = [(f.rule, f.key) for f in run(project, ALL_RULES).findings]
    assert found == [("unknown-key", "okafor2071")]


QUARTO_KINDS = "crossref:\n  custom:\n    - kind: float\n      key: suppfig\n      reference-prefix: S\n"


def test_quarto_custom_crossref_kinds_are_no_citations(tmp_path: Path) -> None:
    # Quarto renders `@suppfig-tasks` as "Figure S1": a cross-reference of the kind declared
    body = "As [@okafor2017] and @suppfig-tasks, [-@suppfig-b] show; also @suppfig2020 and @supptbl-x.\n"
    write_project(
        tmp_path,
        {
            "references.bib": BIB,
            "paper.qmd": f"---\ntitle: x\n{QUARTO_KINDS}---\n\n{body}\n{{{{< include part.qmd >}}}}\n",
            "part.qmd": "See @suppfig-part.\n",
            "book/_quarto.yml": f"project:\n  type: book\n{QUARTO_KINDS}",
            "book/chapter.qmd": "See @suppfig-chapter and @okafor2017.\n",
        },
    )
    paper = load_project(Settings(root=str(tmp_path)), [str(tmp_path / "paper.qmd")])
    # near misses: a key with no hyphen after the kind, a kind not declared
    assert [c.key for c in paper.citations] == ["okafor2017", "suppfig2020", "supptbl-x"]
    chapter = load_project(
        Settings(root=str(tmp_path), bibliography=(str(tmp_path / "references.bib"),)),
        [str(tmp_path / "book" / "chapter.qmd")],
    )
    assert [c.key for c in chapter.citations] == ["okafor2017"]


def test_included_file_of_a_document_citing_by_key_has_no_author_year_citations(tmp_path: Path) -> None:
    # Quarto puts the included text into the document, which pandoc renders with citeproc:
    # typed author-year text there is prose, as in the including file
    part = "Boyd (2019) counted words (Rayson & Garside, 2000).\n"
    write_project(
        tmp_path,
        {
            "references.bib": BIB,
            "keyed.qmd": "---\nbibliography: references.bib\n---\n\nAs [@okafor2017].\n\n"
            "{{< include part.qmd >}}\n",
            "plain.md": "As Okafor et al. (2017) say.\n\n{{< include part.qmd >}}\n",
            "part.qmd": part,
        },
    )
    keyed = load_project(Settings(root=str(tmp_path)), [str(tmp_path / "keyed.qmd")])
    assert [c.key for c in keyed.citations] == ["okafor2017"]
    # near miss: a document of typed author-year citations reads them in its included file too
    plain = load_project(Settings(root=str(tmp_path)), [str(tmp_path / "plain.md")])
    assert [c.authors for c in plain.citations] == [("Okafor",), ("Boyd",), ("Rayson", "Garside")]


def test_known_keys_and_crossrefs_are_silent(tmp_path: Path) -> None:
    text = "As [@okafor2017; @bruijn2018] and @fig-one show, mail me@x.org, see `@code`."
    assert findings(tmp_path, text, "unknown-key", suffix="md") == []


def test_unresolved_and_mismatch(tmp_path: Path) -> None:
    text = "Reach (Hulsof, 2021). Later (De Bruijn & Friedel, 2019)."
    (unresolved,) = findings(tmp_path / "a", text, "unresolved-citation")
    assert unresolved.suggestion == "hulshof2021"
    (mismatch,) = findings(tmp_path / "b", text, "author-year-mismatch")
    assert mismatch.suggestion == "bruijn2018"


def test_resolving_citations_are_silent(tmp_path: Path) -> None:
    text = (
        "Reach (Hulshof, 2021; Bruijn & Friedel, 2018). Bruijn en Friedel (2018) agree. (zie paragraaf 5.1)"
    )
    for rule in ("unresolved-citation", "author-year-mismatch", "ambiguous-citation", "et-al-misuse"):
        assert findings(tmp_path / rule, text, rule) == [], rule


def test_a_capitalised_word_before_a_year_is_no_citation(tmp_path: Path) -> None:
    text = "Het RIVM (2021) en de Eerste Kamer (2020) schrijven, en in Utrecht (2019)."
    assert findings(tmp_path, text, "unresolved-citation") == []


def test_et_al_misuse(tmp_path: Path) -> None:
    text = "One (Hulshof et al., 2021). Two (Okafor & Lindqvist, 2017). Three (Bruijn, 2018)."
    found = findings(tmp_path, text, "et-al-misuse")
    assert [f.suggestion for f in found] == ["hulshof2021", "okafor2017", "bruijn2018"]


def test_et_al_near_misses(tmp_path: Path) -> None:
    text = "(Okafor et al., 2017) (Bruijn & Friedel, 2018) (Hulshof, 2021) (Hulshof et al., 2020)"
    assert findings(tmp_path, text, "et-al-misuse") == []


def test_et_al_from_is_configurable(tmp_path: Path) -> None:
    text = "(Okafor, Lindqvist, & Berg, 2017)"
    assert len(findings(tmp_path / "apa", text, "et-al-misuse")) == 1
    assert findings(tmp_path / "chicago", text, "et-al-misuse", options=Options(et_al_from=4)) == []


def test_citation_style_reports_the_odd_one_out(tmp_path: Path) -> None:
    text = "(Hulshof, 2021) (Okafor et al., 2017) (Bruijn & Friedel 2018) (Hulshof, 2021)"
    (odd,) = findings(tmp_path, text, "citation-style")
    assert odd.column == 40 and odd.severity.value == "info"


def test_citation_style_consistent_is_silent(tmp_path: Path) -> None:
    text = "(Hulshof, 2021) and Bruijn and Friedel (2018) and (Bruijn & Friedel, 2018)"
    assert findings(tmp_path, text, "citation-style") == []


def _claims(root: Path, statement: str, sources: str, text: str) -> list[Finding]:
    write_project(
        root,
        {
            "references.bib": BIB,
            "paper.txt": text,
            "claims/a.yaml": f"document: paper.txt\nclaims:\n  - id: c\n    statement: {statement}\n"
            f"    sources: [{sources}]\n",
        },
    )
    project = load_project(Settings(root=str(root)))
    return list(run(project, ALL_RULES).findings)


def test_claim_found_despite_small_edits(tmp_path: Path) -> None:
    text = "Intro. Client support reaches people with a migration background less often (Hulshof, 2021)."
    found = _claims(
        tmp_path, "Client support reaches people with migration backgrounds less often.", "hulshof2021", text
    )
    assert [f.rule for f in found if f.rule in ("claim-not-in-document", "citation-differs")] == []


def test_claim_not_in_document(tmp_path: Path) -> None:
    found = _claims(
        tmp_path,
        "Volunteers do most of the work.",
        "hulshof2021",
        "Client support is scarce (Hulshof, 2021).",
    )
    assert [f.rule for f in found if f.rule == "claim-not-in-document"] == ["claim-not-in-document"]


def test_citation_differs_and_its_near_miss(tmp_path: Path) -> None:
    text = "Client support reaches few young people (Hulshof, 2021)."
    differs = _claims(tmp_path / "a", "Client support reaches few young people.", "bruijn2018", text)
    assert [f.claim for f in differs if f.rule == "citation-differs"] == ["c"]
    same = _claims(tmp_path / "b", "Client support reaches few young people.", "hulshof2021", text)
    assert [f for f in same if f.rule == "citation-differs"] == []
    uncited = _claims(
        tmp_path / "c",
        "Client support reaches few young people.",
        "bruijn2018",
        "Client support reaches few young people.",
    )
    assert [(f.rule, f.severity.value) for f in uncited if f.rule == "citation-differs"] == [
        ("citation-differs", "warning")
    ]


def test_manuscript_citations_count_for_unused_entry(tmp_path: Path) -> None:
    write_project(
        tmp_path, {"references.bib": BIB, "paper.md": "[@okafor2017; @bruijn2018] (Hulshof, 2021)\n"}
    )
    project = load_project(Settings(root=str(tmp_path)), [str(tmp_path / "paper.md")])
    unused = [f.key for f in run(project, ALL_RULES).findings if f.rule == "unused-entry"]
    # typed author-year text in a document that cites by key is prose: pandoc lists no entry for it
    assert unused == ["hulshof2021", "team2020"]


def test_nocite_star_uses_every_entry(tmp_path: Path) -> None:
    write_project(tmp_path, {"references.bib": BIB, "paper.md": "---\nnocite: '@*'\n---\nText.\n"})
    project = load_project(Settings(root=str(tmp_path)), [str(tmp_path / "paper.md")])
    assert [f for f in run(project, ALL_RULES).findings if f.rule == "unused-entry"] == []


def test_latex_include_and_bibliography(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "refs/main.bib": BIB,
            "paper.tex": "\\input{chapters/one}\n\\bibliography{refs/main}\n",
            "chapters/one.tex": "As \\citet{okafor2017} and \\cite{nope2000} show.\n",
        },
    )
    project = load_project(Settings(root=str(tmp_path)), [str(tmp_path / "paper.tex")])
    found = [(f.rule, f.path, f.line) for f in run(project, ALL_RULES).findings if f.rule == "unknown-key"]
    assert found == [("unknown-key", "chapters/one.tex", 1)]


def test_citations_that_pandoc_rendered_as_links(tmp_path: Path) -> None:
    """`Okafor et al. ([2017](#ref-okafor2017))`: a rendered Markdown text keeps its citations."""
    text = (
        "As Okafor et al. ([2017](#ref-okafor2017)) found, and later\n"
        "([Hulshof\n2021](#ref-hulshof2021), p. 4).\n"
    )
    write_project(tmp_path, {"references.bib": BIB, "paper.md": text})
    project = load_project(Settings(root=str(tmp_path)), [str(tmp_path / "paper.md")])
    assert [c.resolved for c in project.citations] == ["okafor2017", "hulshof2021"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("paper.Rmd", "---\nbibliography: references.bib\n---\n\n```{r, child = 'analysis.Rmd'}\n```\n"),
        ("paper.qmd", "---\nbibliography: references.bib\n---\n\n{{< include analysis.qmd >}}\n"),
        (
            "paper.tex",
            "\\documentclass{article}\\begin{document}\n\\input{chapters/analysis}\n"
            "\\bibliography{references}\\end{document}\n",
        ),
    ],
)
def test_no_unused_entry_where_an_included_file_is_missing(tmp_path: Path, name: str, text: str) -> None:
    # the missing file may cite any entry: it is reported once, the entries are not
    write_project(tmp_path, {"references.bib": BIB, name: text})
    project = load_project(Settings(root=str(tmp_path)), [str(tmp_path / name)])
    rules = [f.rule for f in run(project, ALL_RULES).findings]
    assert "parse-error" in rules and "unused-entry" not in rules
    # near miss: with the file there, an entry it does not cite is unused
    included = {
        "paper.Rmd": "analysis.Rmd",
        "paper.qmd": "analysis.qmd",
        "paper.tex": "chapters/analysis.tex",
    }
    cite = "\\citet{okafor2017}\n" if name.endswith(".tex") else "As [@okafor2017].\n"
    write_project(tmp_path, {included[name]: cite})
    project = load_project(Settings(root=str(tmp_path)), [str(tmp_path / name)])
    unused = [f.key for f in run(project, ALL_RULES).findings if f.rule == "unused-entry"]
    assert unused == ["bruijn2018", "hulshof2021", "team2020"]


LINKED = (
    "The gold standard - [Okafor et al., 2017](https://example.org/a). Over 200 journals\n"
    "[Bruijn and Friedel 2018](https://example.org/b), as ([Hulshof, 2021](https://example.org/c))\n"
    "says; see [the 2020 report](https://example.org/d) and [Release 2019](https://example.org/e).\n"
)


def test_a_link_whose_text_is_an_author_year_citation_is_one(tmp_path: Path) -> None:
    # a document of typed citations that sets them as links: the link text is the citation
    write_project(tmp_path, {"references.bib": BIB, "paper.md": LINKED})
    project = load_project(Settings(root=str(tmp_path)), [str(tmp_path / "paper.md")])
    assert [(c.authors, c.year, c.resolved) for c in project.citations] == [
        (("Okafor",), "2017", "okafor2017"),
        (("Bruijn", "Friedel"), "2018", "bruijn2018"),
        (("Hulshof",), "2021", "hulshof2021"),
    ]
    # near miss: where the document cites by key, pandoc reads links, and so does claimcite
    keyed = "---\nbibliography: references.bib\n---\n\nAs [@team2020].\n" + LINKED
    write_project(tmp_path, {"keyed.md": keyed})
    project = load_project(Settings(root=str(tmp_path)), [str(tmp_path / "keyed.md")])
    assert [c.key for c in project.citations] == ["team2020"]
