"""CSL-JSON and CSL-YAML bibliographies, with the same rules as BibTeX."""

from __future__ import annotations

import json
from pathlib import Path

from claimcite.config import Settings
from claimcite.engine import run
from claimcite.files.contain import Area
from claimcite.load.csl import load_csl
from claimcite.load.tex import persons
from claimcite.pipeline import load_project
from claimcite.rules import ALL_RULES

from .conftest import write_project

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
