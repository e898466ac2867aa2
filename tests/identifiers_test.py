"""Citations by persistent identifier, as Manubot reads them: `@doi:10.1/x`, `@{https://…}`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcite.config import Settings
from claimcite.engine import run
from claimcite.identifiers import identifier
from claimcite.model import Status
from claimcite.pipeline import load_project
from claimcite.rules import ALL_RULES

from .conftest import write_project


@pytest.mark.parametrize(
    ("key", "named"),
    [
        ("doi:10.1038/nbt.3820", ("doi", "10.1038/nbt.3820")),
        ("DOI:10.1038/nbt.3820", ("doi", "10.1038/nbt.3820")),
        ("pmid:29424689", ("pmid", "29424689")),
        ("pmcid:PMC4568244", ("pmcid", "PMC4568244")),
        ("arxiv:1512.03385", ("arxiv", "1512.03385")),
        ("isbn:9780262035613", ("isbn", "9780262035613")),
        ("wikidata:Q56458321", ("wikidata", "Q56458321")),
        ("url:https://cells.ucsc.edu/", ("url", "https://cells.ucsc.edu/")),
        ("https://cells.ucsc.edu/", ("url", "https://cells.ucsc.edu/")),  # `@{https://…}`
        ("10.1038/s41588-022-01141-9", ("doi", "10.1038/s41588-022-01141-9")),  # a bare DOI
        # near misses: keys, cross-references and Manubot's own `raw:`/`tag:` (which a manual
        # reference or an alias must define)
        ("smith2020", None),
        ("fig:overview", None),
        ("raw:conversation", None),
        ("tag:deep-review", None),
        ("10.12/x", None),
        ("29424689", None),  # outside a Manubot manuscript, a key like any other
    ],
)
def test_identifier_forms(key: str, named: tuple[str, str] | None) -> None:
    assert identifier(key) == named


def test_manubot_infers_a_prefix_only_in_its_manuscripts() -> None:
    assert identifier("29424689", manubot=True) == ("pmid", "29424689")
    assert identifier("PMC4568244", manubot=True) == ("pmcid", "PMC4568244")
    assert identifier("smith2020", manubot=True) is None


MANUAL = [
    {"id": "url:https://cells.ucsc.edu/", "type": "webpage", "title": "UCSC Cell Browser"},
    {"id": "ching2018", "type": "article-journal", "title": "Opportunities", "DOI": "10.1098/RSIF.2017.0387"},
    {"id": "smith2020", "type": "book", "title": "B", "author": [{"family": "Smith"}], "issued": "2020"},
]


def _check(root: Path, text: str, *, manubot: bool = True) -> list[tuple[str, str | None]]:
    """The findings on `text` as a Manubot manuscript's `content/01.intro.md` (its manual
    references beside it), or (`manubot=False`) as a Markdown file with the same references
    elsewhere."""
    bib = "content/manual-references.json" if manubot else "refs/refs.json"
    write_project(root, {bib: json.dumps(MANUAL), "content/01.intro.md": text})
    settings = Settings(root=str(root), bibliography=(str(root / bib),))
    project = load_project(settings, [str(root / "content" / "01.intro.md")])
    wanted = ("unknown-key", "cited-by-identifier")
    return [(f.rule, f.key) for f in run(project, ALL_RULES).findings if f.rule in wanted]


def test_identifier_citations_resolve_or_are_looked_up(tmp_path: Path) -> None:
    text = (
        "Deep learning [@doi:10.1098/rsif.2017.0387; @doi:10.1038/nbt.3820; @pmid:29424689].\n"
        "The browser [@{https://cells.ucsc.edu}] and [@10.1038/s41588-022-01141-9], see [@smith2020].\n"
    )
    write_project(tmp_path, {"refs.json": json.dumps(MANUAL), "paper.md": text})
    settings = Settings(root=str(tmp_path), bibliography=(str(tmp_path / "refs.json"),))
    project = load_project(settings, [str(tmp_path / "paper.md")])
    assert [
        (c.key, c.resolution.status if c.resolution else None, c.resolved) for c in project.citations
    ] == [
        ("doi:10.1098/rsif.2017.0387", Status.RESOLVED, "ching2018"),  # by the entry's DOI
        ("doi:10.1038/nbt.3820", Status.BY_IDENTIFIER, None),
        ("pmid:29424689", Status.BY_IDENTIFIER, None),
        ("https://cells.ucsc.edu", Status.RESOLVED, "url:https://cells.ucsc.edu/"),  # the manual reference
        ("10.1038/s41588-022-01141-9", Status.BY_IDENTIFIER, None),
        ("smith2020", Status.RESOLVED, "smith2020"),
    ]
    findings = [f for f in run(project, ALL_RULES).findings if f.rule != "missing-field"]
    assert [(f.rule, f.line, f.column) for f in findings] == [("cited-by-identifier", 1, 45)]
    assert findings[0].message.startswith(
        "3 citations name their work by an identifier that no entry of refs.json carries "
        "(doi:10.1038/nbt.3820, pmid:29424689, doi:10.1038/s41588-022-01141-9)"
    )


def test_ordinary_unknown_keys_stay_unknown(tmp_path: Path) -> None:
    # near misses: a misspelt key, Manubot's `raw:` that no manual reference defines
    found = _check(tmp_path, "As [@smtih2020] and [@raw:conversation] and [@doi:10.1038/nbt.3820].\n")
    assert found == [
        ("unknown-key", "smtih2020"),
        ("unknown-key", "raw:conversation"),
        ("cited-by-identifier", "doi:10.1038/nbt.3820"),
    ]


TEMPLATE = (
    "{## A Jinja2 comment with @mention ##}\n"
    "{% for author in manubot.authors %}\n"
    "[@{{author.mastodon}}](https://{{author['mastodon-server']}}/@{{author.mastodon}})\n"
    "{% endfor %}\n\nAs shown [@29424689].\n"
)


def test_manubot_manuscript_infers_prefixes_and_skips_its_templates(tmp_path: Path) -> None:
    assert _check(tmp_path, TEMPLATE) == [("cited-by-identifier", "29424689")]


def test_outside_manubot_the_same_text_is_read_as_pandoc_reads_it(tmp_path: Path) -> None:
    # near miss: pandoc alone takes a key of digits for a key, and `@{{author.mastodon}}` for a
    # citation of `{author.mastodon}`: both unknown
    found = _check(tmp_path, TEMPLATE, manubot=False)
    assert found == [
        ("unknown-key", "mention"),
        ("unknown-key", "{author.mastodon}"),
        ("unknown-key", "29424689"),
    ]


def test_manubot_aliases_cite_what_they_name(tmp_path: Path) -> None:
    # Manubot takes `[@tag]: doi:…` lines out and cites the identifier wherever `@tag` stands,
    # in any file of the manuscript; `citekey-aliases:` in metadata.yaml does the same
    write_project(
        tmp_path,
        {
            "content/manual-references.json": json.dumps(MANUAL),
            "content/metadata.yaml": "title: x\ncitekey-aliases:\n  browser: url:https://cells.ucsc.edu/\n",
            "content/01.intro.md": "As [@deep-review] and [@browser] and [@pr].\n",
            "content/02.refs.md": "[@deep-review]: doi:10.1098/rsif.2017.0387\n"
            "[@pr]: url:https://github.com/manubot/manubot/pull/189\n[@gone]: raw:nothing\n\nSee [@gone].\n",
        },
    )
    settings = Settings(root=str(tmp_path), bibliography=(str(tmp_path / "content/manual-references.json"),))
    paths = [str(tmp_path / "content" / name) for name in ("01.intro.md", "02.refs.md")]
    project = load_project(settings, paths)
    assert [(c.key, c.resolved) for c in project.citations] == [
        ("deep-review", "ching2018"),
        ("browser", "url:https://cells.ucsc.edu/"),
        ("pr", None),
        ("gone", None),
    ]
    found = [(f.rule, f.key) for f in run(project, ALL_RULES).findings if f.rule != "missing-field"]
    # near miss: an alias of a key that no manual reference defines stays unknown
    assert found == [("cited-by-identifier", "pr"), ("unknown-key", "gone"), ("unused-entry", "smith2020")]
