"""CSL-JSON and CSL-YAML bibliographies, with the same rules as BibTeX."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from claimcite.config import Settings
from claimcite.engine import run
from claimcite.files.contain import Area
from claimcite.load.csl import load_csl
from claimcite.load.tex import persons
from claimcite.pipeline import load_project
from claimcite.rules import ALL_RULES

from .conftest import REPO, write_project

sys.path.insert(0, str(REPO / "scripts"))
from pandoc_agreement import find_pandoc

PANDOC = find_pandoc()

ITEMS = [
    {
        "id": "kocak2016",
        "type": "report",
        "title": "Sociale wijkteams en diversiteit",
        "author": [{"family": "Koçak", "given": "Yasemin"}, {"family": "Jonkman", "given": "Harrie"}],
        "publisher": "KIS",
        "issued": {"date-parts": [[2016]]},
    },
    {
        "id": "bruijn2018",
        "type": "article-journal",
        "title": "Bereik",
        "container-title": "Tijdschrift",
        "author": [{"family": "Bruijn", "non-dropping-particle": "de", "given": "Els"}],
        "issued": {"date-parts": [[2018, 5]]},
        "page": "12-34",
    },
    {
        "id": "rivm2021",
        "type": "report",
        "title": "R",
        "author": [{"literal": "RIVM"}],
        "publisher": "RIVM",
        "issued": {"raw": "2021"},
    },
]


def test_csl_json_items_become_sources(tmp_path: Path) -> None:
    path = tmp_path / "refs.json"
    path.write_text(json.dumps(ITEMS, indent=2))
    bib, problems = load_csl(str(path), "refs.json", Area.of(str(path.parent)))
    assert problems == []
    kocak, bruijn, rivm = bib.entries
    assert (kocak.type, kocak.fields["year"], kocak.fields["institution"]) == ("techreport", "2016", "KIS")
    assert kocak.location.line == 3
    assert (bruijn.type, bruijn.fields["journal"], bruijn.fields["pages"]) == (
        "article",
        "Tijdschrift",
        "12--34",
    )
    assert [(p.von, p.last) for p in persons(bruijn)["author"]] == [("de", "Bruijn")]
    assert persons(rivm)["author"][0].last == "RIVM"


def test_csl_yaml_in_pandoc_form(tmp_path: Path) -> None:
    path = tmp_path / "refs.yaml"
    path.write_text(
        "references:\n- id: smith2020\n  type: book\n  title: A book\n  author:\n"
        "  - family: Smith\n    given: Jane\n  publisher: Boom\n  issued:\n    date-parts:\n    - [2020]\n"
    )
    bib, problems = load_csl(str(path), "refs.yaml", Area.of(str(path.parent)))
    assert problems == [] and [e.key for e in bib.entries] == ["smith2020"]
    assert bib.entries[0].location.line == 2


def test_mixed_bibliographies_resolve_citations(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "refs.json": json.dumps(ITEMS),
            "more.bib": "@book{smith2020, author = {Smith, Jane}, title = {B},\n"
            " publisher = {P}, year = {2020}}\n",
            "paper.txt": "(Kocak & Jonkman, 2016), De Bruijn (2018), (RIVM, 2021), (Smith, 2020).\n",
        },
    )
    settings = Settings(root=str(root), bibliography=(str(root / "refs.json"), str(root / "more.bib")))
    project = load_project(settings, [str(root / "paper.txt")])
    assert [c.resolved for c in project.citations] == ["kocak2016", "bruijn2018", "rivm2021", "smith2020"]
    assert [f.rule for f in run(project, ALL_RULES).findings] == []


def test_broken_csl_is_a_parse_error_and_nothing_cascades(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"refs.json": '[{"id": "x",\n', "paper.txt": "(Smith, 2020)\n"})
    settings = Settings(root=str(root), bibliography=(str(root / "refs.json"),))
    findings = run(load_project(settings, [str(root / "paper.txt")]), ALL_RULES).findings
    assert [(f.rule, f.path, f.line) for f in findings] == [("parse-error", "refs.json", 2)]


# `issued` as pandoc 3.9 reads it from CSL-YAML: each year is what `pandoc --citeproc` renders
# for the item (None where it renders "n.d.").
YAML_DATES = [
    ("\n  - year: 2000", "2000"),  # pandoc-citeproc's YAML, as Zotero exported it
    ("\n  - year: 2018\n    month: 4\n    day: 1", "2018"),
    ("\n  - year: 2011\n  - year: 2012", "2011"),  # a range
    ("\n    year: 2002\n    month: 3", "2002"),
    ("\n    date-parts:\n    - [2004, 3]", "2004"),
    (" [[2010, 3], [2011]]", "2010"),
    (" {date-parts: [[2022, 1, 1]], raw: '1999'}", "1999"),  # raw before date-parts
    (" {year: 2002, date-parts: [[2003]]}", "2003"),
    (" {literal: Spring 2006}", "2006"),
    (" '2008-03'", "2008"),
    (" 2009", "2009"),
    # near misses: pandoc renders these "n.d." (or the literal text, which holds no year)
    (" [2016, 3]", None),
    (" {date-parts: [2012]}", None),
    ("\n  - month: 3", None),
    ("\n  - date-parts: [[2004]]", None),
    (" []", None),
    (" {literal: In press}", None),
]


@pytest.mark.parametrize(("issued", "year"), YAML_DATES)
def test_csl_yaml_dates_read_as_pandoc_reads_them(tmp_path: Path, issued: str, year: str | None) -> None:
    path = tmp_path / "refs.yaml"
    path.write_text(f"references:\n- id: a\n  type: book\n  title: T\n  issued:{issued}\n")
    bib, problems = load_csl(str(path), "refs.yaml", Area.of(str(path.parent)))
    assert problems == []
    assert bib.entries[0].fields.get("year") == year


@pytest.mark.skipif(PANDOC is None, reason="pandoc is not installed (pip install pypandoc_binary)")
def test_csl_yaml_dates_are_what_pandoc_renders(tmp_path: Path) -> None:
    (tmp_path / "p.md").write_text("[@a]\n")
    for issued, year in YAML_DATES:
        (tmp_path / "refs.yaml").write_text(
            "references:\n- id: a\n  type: book\n  author: [{family: Smith}]\n  title: T\n"
            f"  issued:{issued}\n"
        )
        assert PANDOC is not None
        rendered = subprocess.run(
            [PANDOC, "p.md", "--citeproc", "--bibliography", "refs.yaml", "-t", "plain"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()[0]
        assert (year or "n.d.") in rendered or (year is None and "In press" in rendered), (issued, rendered)


# In CSL-JSON pandoc refuses the list form and ignores `year` keys: no year is read from them.
JSON_DATES = [
    ({"date-parts": [["2004", "3"]]}, "2004"),
    ({"raw": "2007-03-01"}, "2007"),
    ("2008-03", "2008"),
    ({"date-parts": [[2005]], "literal": "x"}, "2005"),  # pandoc prints "x"; the parts still date it
    ([{"year": 2001}], None),
    ({"year": 2002}, None),
    ([[2010]], None),
]


@pytest.mark.parametrize(("issued", "year"), JSON_DATES)
def test_csl_json_dates_read_as_pandoc_reads_them(tmp_path: Path, issued: object, year: str | None) -> None:
    path = tmp_path / "refs.json"
    path.write_text(json.dumps([{"id": "a", "type": "book", "title": "T", "issued": issued}]))
    bib, _ = load_csl(str(path), "refs.json", Area.of(str(path.parent)))
    assert bib.entries[0].fields.get("year") == year


def test_csl_yaml_date_list_is_no_missing_year(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "refs.yaml": "---\nreferences:\n- id: smith2020\n  author:\n  - family: Smith\n    given: John\n"
            "  container-title: Science\n  issued:\n  - year: 2020\n  title: A title\n"
            "  type: article-journal\n- id: jones2021\n  author:\n  - family: Jones\n"
            "  container-title: Nature\n  issued:\n  - month: 3\n  title: B\n  type: article-journal\n...\n",
            "paper.md": "Text [@smith2020; @jones2021].\n",
        },
    )
    settings = Settings(root=str(root), bibliography=(str(root / "refs.yaml"),))
    findings = run(load_project(settings, [str(root / "paper.md")]), ALL_RULES).findings
    assert [(f.rule, f.key) for f in findings] == [("missing-field", "jones2021")]
