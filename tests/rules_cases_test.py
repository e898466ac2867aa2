"""Each rule on cases that must fire and on near misses that must stay silent."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcite.config import Settings
from claimcite.engine import run
from claimcite.findings import Finding
from claimcite.pipeline import load_project
from claimcite.rules import ALL_RULES

from .conftest import write_project


def findings(root: Path, files: dict[str, str], rule: str) -> list[Finding]:
    write_project(root, files)
    project = load_project(Settings(root=str(root)))
    return [f for f in run(project, ALL_RULES).findings if f.rule == rule]


def claims(*sources: str, extra: str = "") -> str:
    listed = ", ".join(sources)
    return f"claims:\n  - id: c1\n    statement: A claim.\n    sources: [{listed}]\n{extra}"


MISC = "@misc{{{key},\n  author = {{Doe, Jane}},\n  title = {{T}},\n  year = {{2020}}\n}}\n"


def bib(*keys: str) -> str:
    return "".join(MISC.format(key=key) for key in keys)


# unknown-key


def test_unknown_key_suggests_only_a_close_key(tmp_path: Path) -> None:
    (found,) = findings(
        tmp_path, {"references.bib": bib("hulshof2021"), "claims/a.yaml": claims("zzz1999")}, "unknown-key"
    )
    assert found.suggestion is None and "no entry in references.bib" in found.message


def test_unknown_key_case_differs(tmp_path: Path) -> None:
    (found,) = findings(
        tmp_path, {"references.bib": bib("okafor2017"), "claims/a.yaml": claims("Okafor2017")}, "unknown-key"
    )
    assert found.suggestion == "okafor2017" and "case-sensitive" in found.message


def test_known_keys_with_punctuation_are_silent(tmp_path: Path) -> None:
    keys = ("doe:2020.a", "smith-jones_2019", "x/y+z")
    files = {"references.bib": bib(*keys), "claims/a.yaml": claims(*(f"'{k}'" for k in keys))}
    assert findings(tmp_path, files, "unknown-key") == []


def test_unknown_key_against_the_claim_files_own_bibliography(tmp_path: Path) -> None:
    files = {
        "references.bib": bib("inmain2020"),
        "other.bib": bib("inother2020"),
        "claims/a.yaml": "bibliography: other.bib\n" + claims("inmain2020"),
        "claims/b.yaml": claims("inmain2020").replace("c1", "c2"),
    }
    (found,) = findings(tmp_path, files, "unknown-key")
    assert found.path == "claims/a.yaml"


# unsupported-claim


def test_unsupported_claim_with_an_empty_list_fires(tmp_path: Path) -> None:
    files = {
        "references.bib": bib("a2020"),
        "claims/a.yaml": "claims:\n  - id: c\n    statement: s\n    sources: []\n",
    }
    assert len(findings(tmp_path, files, "unsupported-claim")) == 1


def test_broken_sources_are_invalid_not_unsupported(tmp_path: Path) -> None:
    files = {
        "references.bib": bib("a2020"),
        "claims/a.yaml": "claims:\n  - id: c\n    statement: s\n    sources: 7\n",
    }
    assert findings(tmp_path, files, "unsupported-claim") == []
    assert len(findings(tmp_path, files, "invalid-claim")) == 1


# duplicate-claim-id


def test_duplicate_claim_id_across_files(tmp_path: Path) -> None:
    files = {
        "references.bib": bib("a2020"),
        "claims/a.yaml": claims("a2020"),
        "claims/b.yaml": claims("a2020"),
    }
    (found,) = findings(tmp_path, files, "duplicate-claim-id")
    assert found.path == "claims/b.yaml" and "claims/a.yaml:2" in found.message


def test_ids_differing_in_case_are_distinct(tmp_path: Path) -> None:
    files = {
        "references.bib": bib("a2020"),
        "claims/a.yaml": claims("a2020"),
        "claims/b.yaml": claims("a2020").replace("c1", "C1"),
    }
    assert findings(tmp_path, files, "duplicate-claim-id") == []


# duplicate-key


def test_duplicate_key_across_files(tmp_path: Path) -> None:
    files = {
        "a.bib": bib("smith2020"),
        "b.bib": bib("Smith2020"),
        "claims/a.yaml": "bibliography: [a.bib, b.bib]\n" + claims("smith2020"),
    }
    (found,) = findings(tmp_path, files, "duplicate-key")
    assert found.path == "b.bib" and found.key == "Smith2020"


def test_similar_keys_are_not_duplicates(tmp_path: Path) -> None:
    files = {
        "references.bib": bib("smith2020", "smith2020a", "smith2020b"),
        "claims/a.yaml": claims("smith2020"),
    }
    assert findings(tmp_path, files, "duplicate-key") == []


# missing-field


def test_missing_field_each_field_once(tmp_path: Path) -> None:
    files = {
        "references.bib": "@article{a,\n  title = {T},\n  journal = {}\n}\n",
        "claims/a.yaml": claims("a"),
    }
    messages = sorted(f.message for f in findings(tmp_path, files, "missing-field"))
    assert len(messages) == 3  # author, journal (empty), year
    assert any("empty 'journal'" in m for m in messages)


def test_biblatex_aliases_and_crossref_count_as_present(tmp_path: Path) -> None:
    text = (
        "@article{a, author = {A, B}, title = {T}, journaltitle = {J}, date = {2020-05}}\n"
        "@proceedings{p, title = {Proc}, editor = {E, F}, year = {2019}}\n"
        "@inproceedings{i, author = {A, B}, title = {T}, crossref = {P}}\n"
        "@inproceedings{j, author = {A, B}, title = {T}, crossref = {elsewhere}}\n"
        "@misc{m}\n@unknowntype{u}\n"
    )
    files = {"references.bib": text, "claims/a.yaml": claims("a", "i", "j", "m", "u")}
    assert findings(tmp_path, files, "missing-field") == []


def test_crossref_parent_without_the_field_fires(tmp_path: Path) -> None:
    text = (
        "@proceedings{p, editor = {E, F}, year = {2019}}\n"
        "@inproceedings{i, author = {A, B}, title = {T}, crossref = {p}}\n"
    )
    files = {"references.bib": text, "claims/a.yaml": claims("i")}
    found = findings(tmp_path, files, "missing-field")
    assert [(f.key, "'booktitle'" in f.message) for f in found] == [("p", False), ("i", True)]


UNSIGNED = (
    "@misc{treaty, title = {Covenant on civil rights}}\n"  # no author, no date
    "@article{review, title = {Global round-up}, journal = {MarketWatch}}\n"  # an article has both
    "@techreport{stan, author = {{Stan Development Team}}, title = {RStan}, year = {2023}}\n"
    "@techreport{dupuy, author = {Dupuy, Kendra}, title = {Stop meddling}, year = {2014}}\n"
)
CSL_UNSIGNED = (
    '[{"id": "iccpr", "type": "manuscript", "title": "Covenant"},'
    ' {"id": "stan", "type": "report", "author": [{"literal": "Stan Team"}], "title": "RStan",'
    ' "issued": {"date-parts": [[2023]]}},'
    ' {"id": "nd", "type": "article-journal", "author": [{"literal": "NDI"}], "title": "T"}]'
)


@pytest.mark.parametrize(
    ("files", "wanted"),
    [
        # citeproc (a Markdown manuscript's .bib, any CSL file) and APA styles cite a work without
        # author by its title and one without date as n.d. (a treaty, a report; an article has
        # both); a group author is its own publisher
        (
            {"paper.md": "[@treaty; @review; @stan; @dupuy]\n", "references.bib": UNSIGNED},
            [("review", "author"), ("review", "year"), ("dupuy", "institution")],
        ),
        (
            {
                "t.tex": "\\usepackage{apacite}\\cite{review,stan,dupuy}\\bibliography{references}\n",
                "references.bib": UNSIGNED,
            },
            [("review", "author"), ("review", "year"), ("dupuy", "institution")],
        ),
        (
            {
                "t.tex": "\\usepackage[style=apa]{biblatex}\\addbibresource{references.bib}"
                "\\cite{review,stan}\n",
                "references.bib": UNSIGNED,
            },
            [("review", "author"), ("review", "year"), ("dupuy", "institution")],
        ),
        (
            {
                "paper.md": "---\nbibliography: refs.json\n---\n[@iccpr; @stan; @nd]\n",
                "refs.json": CSL_UNSIGNED,
            },
            [("nd", "journal"), ("nd", "year")],
        ),
        # near misses: BibTeX's standard styles ask for them, and so does a claim file alone
        (
            {
                "t.tex": "\\cite{review,stan,dupuy}\\bibliographystyle{plain}\\bibliography{references}\n",
                "references.bib": UNSIGNED,
            },
            [("review", "author"), ("review", "year"), ("stan", "institution"), ("dupuy", "institution")],
        ),
        (
            {"claims/a.yaml": claims("review", "stan", "dupuy"), "references.bib": UNSIGNED},
            [("review", "author"), ("review", "year"), ("stan", "institution"), ("dupuy", "institution")],
        ),
    ],
)
def test_missing_field_follows_the_style_that_sets_the_references(
    tmp_path: Path, files: dict[str, str], wanted: list[tuple[str, str]]
) -> None:
    write_project(tmp_path, files)
    documents = [str(tmp_path / name) for name in files if name.endswith((".md", ".tex"))]
    project = load_project(Settings(root=str(tmp_path)), documents)
    found = [f for f in run(project, ALL_RULES).findings if f.rule == "missing-field"]
    got = [
        (f.key, next(name for name in ("author", "year", "institution", "journal") if name in f.message))
        for f in found
    ]
    assert sorted(got) == sorted(wanted)


# unused-entry


def test_crossref_parent_of_a_cited_entry_is_used(tmp_path: Path) -> None:
    text = (
        "@proceedings{p, title = {Proc}, year = {2019}}\n"
        "@inproceedings{i, author = {A, B}, title = {T}, crossref = {p}}\n"
    )
    files = {"references.bib": text, "claims/a.yaml": claims("i")}
    assert findings(tmp_path, files, "unused-entry") == []


def test_no_claims_no_unused_entries(tmp_path: Path) -> None:
    assert findings(tmp_path, {"references.bib": bib("a2020", "b2021")}, "unused-entry") == []


def test_unused_entry_fires_per_uncited_entry(tmp_path: Path) -> None:
    files = {"references.bib": bib("a2020", "b2021", "c2022"), "claims/a.yaml": claims("b2021")}
    assert [f.key for f in findings(tmp_path, files, "unused-entry")] == ["a2020", "c2022"]


# parse-error and invalid-claim


def test_well_formed_input_has_no_parse_error(tmp_path: Path) -> None:
    files = {
        "references.bib": '@string{j = "Journal"}\n'
        '@article{a, author = "A, B", title = "T {with} braces", journal = j, year = 2020}\n',
        "claims/a.yaml": claims("a"),
    }
    assert findings(tmp_path, files, "parse-error") == []
    assert findings(tmp_path, files, "invalid-claim") == []


def test_unsourced_with_an_empty_reason_is_invalid(tmp_path: Path) -> None:
    files = {
        "references.bib": bib("a2020"),
        "claims/a.yaml": "claims:\n  - id: c\n    statement: s\n    unsourced: ''\n",
    }
    assert len(findings(tmp_path, files, "invalid-claim")) == 1


def test_duplicate_key_says_which_definition_the_tool_keeps(tmp_path: Path) -> None:
    first = "@misc{k, author = {First, A}, title = {One}, year = {2001}}\n"
    second = "@misc{k, author = {Second, B}, title = {Two}, year = {2002}}\n"
    files = {"a.bib": first, "b.bib": second, "paper.md": "---\nbibliography: [a.bib, b.bib]\n---\n[@k]\n"}
    write_project(tmp_path, files)
    project = load_project(Settings(root=str(tmp_path)), [str(tmp_path / "paper.md")])
    (found,) = [f for f in run(project, ALL_RULES).findings if f.rule == "duplicate-key"]
    assert "pandoc keeps only the last" in found.message  # `pandoc --citeproc` cites Second (2002)
    # near miss: the same files read by BibTeX for a LaTeX manuscript
    files = {"a.bib": first, "b.bib": second, "t.tex": "\\cite{k}\\bibliography{a,b}\n"}
    write_project(tmp_path / "tex", files)
    project = load_project(Settings(root=str(tmp_path / "tex")), [str(tmp_path / "tex" / "t.tex")])
    (found,) = [f for f in run(project, ALL_RULES).findings if f.rule == "duplicate-key"]
    assert "BibTeX keeps only the first" in found.message
