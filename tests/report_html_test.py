"""`--format html`: one page that parses as HTML without an error, loads nothing, holds every
finding of the JSON report and the claims ledger, and shows markup from the inputs as text."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import html5lib
import pytest

from claimcite.report import How
from claimcite.report.html import shown

from .conftest import REPO, SHARED, Run

Cli = Callable[..., Run]
Project = Callable[[dict[str, str]], Path]

OWN_CASES = REPO / "tests" / "cases"
SHARED_CASES = SHARED / "cases"
HOSTILE = "<script>alert(1)</script>"
# attributes that make a browser fetch something, on any element
LOADING = (
    "src",
    "srcset",
    "poster",
    "data",
    "action",
    "formaction",
    "background",
    "ping",
    "manifest",
    "xlink:href",
)


def parse(text: str) -> ET.Element:
    """The page as a tree; no parse error allowed (html5lib reports what browsers recover from)."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    tree = parser.parse(text)
    assert not parser.errors, parser.errors[:5]
    return tree  # type: ignore[no-any-return]


def text_of(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def external_loads(tree: ET.Element) -> list[str]:
    """Everything in the page that would make a browser fetch a resource: the attributes that
    load, links to style sheets or icons, a refresh, `url(` or `@import` in a style."""
    found = []
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        for name, value in element.attrib.items():
            if name in LOADING:
                found.append(f"<{tag} {name}={value!r}>")
            if name == "href" and tag != "a":
                found.append(f"<{tag} href={value!r}>")
            if name == "href" and tag == "a" and not re.match(r"#|https?://", value):
                found.append(f"<a href={value!r}>")  # a javascript: or file: link
            if name == "style" or name.startswith("on"):
                found.append(f"<{tag} {name}=...>")
        if tag in ("iframe", "frame", "object", "embed", "img", "video", "audio", "link", "base", "portal"):
            found.append(f"<{tag}>")
        if tag == "meta" and element.get("http-equiv", "").lower() == "refresh":
            found.append("<meta refresh>")
        if tag == "style" and re.search(r"url\(|@import", element.text or "", re.IGNORECASE):
            found.append("url() in a style sheet")
    return found


def _digest(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def check_page(page: str, findings: list[dict[str, object]]) -> ET.Element:
    """The checks every report must pass; the tree for more."""
    tree = parse(page)
    assert external_loads(tree) == []
    policy = tree.find(".//meta[@http-equiv='Content-Security-Policy']")
    assert policy is not None and "default-src 'none'" in policy.get("content", "")
    style, script = tree.find(".//style"), tree.find(".//script")
    assert style is not None and script is not None
    assert [s.text for s in tree.iter("script")] == [script.text]  # one script: the page's own
    assert f"style-src '{_digest(style.text or '')}'" in policy.get("content", "")  # or no style
    assert f"script-src '{_digest(script.text or '')}'" in policy.get("content", "")  # or no filters
    listed = [text_of(li) for li in tree.iterfind(".//li[@data-filter='finding']")]
    unmatched = list(listed)  # each finding once: with its claim, or with its file
    for finding in findings:
        where = f"{finding['path']}" + "".join(f":{finding[k]}" for k in ("line", "column") if finding[k])
        if "excerpt" in finding:  # a Word document's paragraph, as a person finds it
            where = f'{finding["path"]}:¶{finding["line"]} "{finding["excerpt"]}"'
        message = " ".join(shown(str(finding["message"])).split())
        parts = (shown(where), message, f"{finding['code']} {finding['rule']}", finding["severity"])
        hit = next((row for row in unmatched if all(str(part) in row for part in parts)), None)
        assert hit is not None, f"not in the page: {parts}"
        unmatched.remove(hit)
    return tree


def _cases() -> Iterator[Path]:
    yield from sorted(p for p in OWN_CASES.iterdir() if (p / "expected.tsv").exists())
    if SHARED_CASES.is_dir():
        own = {p.name for p in OWN_CASES.iterdir()}
        yield from sorted(
            p for p in SHARED_CASES.iterdir() if (p / "expected.tsv").exists() and p.name not in own
        )


def _reports(cli: Cli, root: Path, args: list[str]) -> tuple[str, list[dict[str, object]]]:
    page = cli("check", "--format", "html", *args, cwd=root)
    report = cli("check", "--format", "json", *args, cwd=root)
    assert page.status == report.status, page.err
    if report.status == 2:
        pytest.skip(f"the check cannot run on this case yet: {report.err.strip()}")
    return page.out, report.findings()


def test_the_example_report(cli: Cli) -> None:
    page, findings = _reports(cli, REPO, [])
    tree = check_page(page, findings)
    claims = tree.findall(".//article[@data-filter='claim']")
    assert len(claims) == cli("check", "--format", "json", cwd=REPO).report["summary"]["claims"] == 10
    assert {c.get("id") for c in claims} >= {"claim-bereik-veel-burgers-niet", "claim-taalbarriere"}


@pytest.mark.parametrize("case", list(_cases()), ids=lambda path: f"{path.parent.parent.name}/{path.name}")
def test_every_case_report(cli: Cli, tmp_path: Path, case: Path) -> None:
    root = tmp_path / case.name
    shutil.copytree(case, root)
    args = (case / "args").read_text().split() if (case / "args").exists() else []
    page, findings = _reports(cli, root, args)
    check_page(page, findings)


def test_shared_cases_are_there_or_skipped() -> None:
    if not SHARED_CASES.is_dir():
        pytest.skip("../shared/cases is not present beside the repository: only tests/cases are rendered")
    assert any(SHARED_CASES.iterdir())


def _page(cli: Cli, root: Path, *args: str) -> tuple[ET.Element, str]:
    page, findings = _reports(cli, root, list(args))
    return check_page(page, findings), page


def _article(tree: ET.Element, anchor: str) -> ET.Element:
    found = tree.find(f".//article[@id='{anchor}']")
    assert found is not None, anchor
    return found


def test_markup_from_the_inputs_is_shown_as_text(cli: Cli, tmp_path: Path) -> None:
    """The public case html-report: a claim id, a key, a title and a quote that hold a script."""
    root = tmp_path / "html-report"
    shutil.copytree(OWN_CASES / "html-report", root)
    tree, page = _page(cli, root)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    claim = _article(tree, "claim-script-alert-1-script")
    heading = claim.find(".//h3/a")
    assert heading is not None and heading.text == HOSTILE  # the claim id
    assert [text_of(c) for c in claim.iter("cite")] == [f"{HOSTILE} in community health work"]  # the title
    key = claim.find(".//p[@class='meta']/code")
    assert key is not None and key.text == HOSTILE  # the key
    passage = claim.find(".//span[@class='passage']")
    assert passage is not None and text_of(passage) == f"wrote {HOSTILE} on every form"  # the quote
    assert f"Workers wrote {HOSTILE} on the forms." in text_of(claim)  # the statement
    other = _article(tree, "claim-unknown")
    assert '"><img src=x onerror=alert(1)>' in text_of(other)  # a title that closes an attribute
    assert "javascript:alert(1)" not in {a.get("href") for a in tree.iter("a")}  # a URL that is a script
    links = {a.get("href") for a in tree.iter("a")}
    assert "#claim-script-alert-1-script" in links  # findings link to the claim


def test_content_shows_without_javascript(cli: Cli, project: Project) -> None:
    root = project(QUOTES)
    tree, _ = _page(cli, root)
    hidden = [element for element in tree.iter() if "hidden" in element.attrib]
    assert [element.get("id") for element in hidden] == ["filters"]  # the filters alone need the script
    assert len(tree.findall(".//article[@data-filter='claim']")) == 4
    assert not [article for details in tree.iter("details") for article in details.iter("article")]


QUOTES = {
    "references.bib": (
        "@article{okafor2017,\n  author = {Okafor, Chidi and Lindqvist, Maja},\n"
        "  title = {Language barriers in community health work},\n  journal = {Health and Social Care},\n"
        "  year = {2017},\n  volume = {25},\n  number = {2},\n  pages = {101--120},\n"
        "  doi = {10.1111/hsc.12345}\n}\n"
        "@book{berg2020,\n  editor = {Berg, Ola},\n  title = {Bereik},\n  publisher = {Boom},\n"
        "  year = {2020a}\n}\n"
    ),
    "sources/okafor2017.txt": (
        "Chapter 1. Workers met residents at home.\f"
        "We wrote notes. Interpreters were rarely available when they were needed. Nobody came twice.\f"
        "The end."
    ),
    "claims/a.yaml": """\
        document: paper.md
        claims:
          - id: rarely
            statement: Interpreters were rarely available.
            sources:
              - key: okafor2017
                locator: p. 101
                quote: "interpreters were rarely available"
          - id: often
            statement: Interpreters were often available.
            sources:
              - key: okafor2017
                quote: "Interpreters were often available when they were needed"
          - id: unread
            statement: Reach is a matter of trust and of time.
            sources:
              - key: berg2020
                quote: "trust takes time"
          - id: gap
            statement: Nobody studied the waiting lists.
            unsourced: a gap in the literature
        """,
    "paper.md": (
        "Interpreters were rarely available [@okafor2017; @berg2020].\n\n"
        "Interpreters were often available [@nobody].\n"
    ),
}


def test_the_ledger_shows_each_claims_evidence(cli: Cli, project: Project) -> None:
    root = project(QUOTES)
    tree, _ = _page(cli, root, "--fail-on", "warning")
    rarely = _article(tree, "claim-rarely")
    assert rarely.get("data-standing") == "warnings"  # found, on another page than p. 101
    assert "Okafor, C., & Lindqvist, M. (2017). Language barriers in community health work. " in text_of(
        rarely
    )
    assert "Health and Social Care, 25(2), 101–120." in text_of(rarely)
    doi = rarely.find(".//a[@class='doi']")
    assert doi is not None and doi.get("href") == "https://doi.org/10.1111/hsc.12345"
    assert "Quote found word for word, p. 2" in text_of(rarely)
    context = rarely.find(".//blockquote[@class='context']")
    assert context is not None
    assert text_of(context) == (
        "We wrote notes. Interpreters were rarely available when they were needed. Nobody came twice."
    )  # the sentences around the quote, from its page only
    assert [text_of(m) for m in context.iter("mark")] == ["Interpreters were rarely available"]
    sentence = rarely.find(".//figure[@class='sentence']")
    assert sentence is not None and [(m.get("class"), m.text) for m in sentence.iter("mark")] == [
        ("cite listed", "@okafor2017"),  # a source of the claim
        ("cite other", "@berg2020"),  # another work
    ]
    often = _article(tree, "claim-often")
    assert often.get("data-standing") == "problem"
    assert [d.text for d in often.iter("del")] == ["rarely"] and [i.text for i in often.iter("ins")] == [
        "often"
    ]
    assert "The quote differs from the source; the closest passage, p. 2" in text_of(often)
    cited = often.find(".//figure[@class='sentence']//mark")
    assert cited is not None and cited.get("class") == "cite unresolved"
    unread = _article(tree, "claim-unread")
    assert unread.get("data-standing") == "warnings"
    assert "Berg, O. (Ed.) (2020a). Bereik. Boom." in text_of(unread)
    assert "Quote not checked: no full text" in text_of(unread)
    gap = _article(tree, "claim-gap")
    assert gap.get("data-standing") == "unsourced" and "a gap in the literature" in text_of(gap)
    verdict = tree.find(".//p[@class='verdict fail']")
    assert verdict is not None and "--fail-on warning" in text_of(verdict)


def test_the_verdict_follows_fail_on(cli: Cli, project: Project) -> None:
    root = project(QUOTES)
    tree, _ = _page(cli, root, "--select", "CC2", "--fail-on", "error")
    verdict = tree.find(".//p[@class='verdict pass']")
    assert verdict is not None and "no finding at or above --fail-on error" in text_of(verdict)
    tree, _ = _page(cli, root, "--fail-on", "never")
    verdict = tree.find(".//p[@class='verdict pass']")
    assert verdict is not None and "--fail-on never" in text_of(verdict)


def test_the_same_inputs_give_the_same_page(
    cli: Cli, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(QUOTES)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = cli("check", "--format", "html", cwd=root).out
    assert "2023-11-14" in first
    assert cli("check", "--format", "html", cwd=root).out == first


def test_claims_get_an_anchor_each(cli: Cli, project: Project) -> None:
    root = project(
        {
            **QUOTES,
            "claims/b.yaml": "claims:\n  - id: gap\n    statement: Twice.\n    unsourced: again\n"
            "  - id: 'a b/c'\n    statement: Odd.\n    unsourced: odd\n",
        }
    )
    tree, _ = _page(cli, root)
    anchors = [a.get("id") for a in tree.iter("article")]
    assert len(anchors) == len(set(anchors)) == 6
    assert {"claim-gap", "claim-gap-2", "claim-a-b-c"} <= set(anchors)


def test_each_rule_found_is_explained_in_the_page(cli: Cli, project: Project) -> None:
    root = project(QUOTES)
    tree, _ = _page(cli, root)
    rules = {f"rule-{name}" for name in ("quote-not-found", "locator-mismatch", "source-unavailable")}
    assert rules <= {section.get("id") for section in tree.iter("section")}
    doc = tree.find(".//section[@id='rule-quote-not-found']")
    assert doc is not None
    assert [text_of(h) for h in doc.iter("h4")] == ["What it does", "Why is this bad?", "Example"]
    assert "claims/a.yaml" in [text_of(d) for d in doc.iter("div")]  # the example's file
    links = {a.get("href") for a in tree.iter("a")}
    assert {f"#{rule}" for rule in rules} <= links  # every finding links to its rule


def test_a_manuscript_that_was_not_read(project: Project) -> None:
    """A claim whose manuscript could not be read (an I/O error) is not said to be missing
    from it."""
    import io
    from dataclasses import replace

    from claimcite import ledger
    from claimcite.config import Settings
    from claimcite.engine import run, select_rules
    from claimcite.pipeline import load_project
    from claimcite.report import html

    loaded = load_project(Settings(root=str(project(QUOTES))))
    unread = replace(loaded, documents=())
    result = run(unread, select_rules((), ()))
    built = ledger.build(unread, result.findings)
    assert [(c.document, c.document_read, c.passage) for c in built.claims[:1]] == [("paper.md", False, None)]
    stream = io.StringIO()
    html.render(replace(result, ledger=built), stream, How())
    text = text_of(_article(parse(stream.getvalue()), "claim-rarely"))
    assert "Its manuscript paper.md could not be read." in text and "not found" not in text


def test_a_result_without_ledger_still_renders(project: Project) -> None:
    """The renderer takes a result and a stream, as every format does: without a ledger (a
    library caller's result) it shows the findings, by file."""
    import io

    from claimcite.config import Settings
    from claimcite.engine import run, select_rules
    from claimcite.pipeline import load_project
    from claimcite.report import html
    from claimcite.report.json import finding_record

    root = project(QUOTES)
    result = run(load_project(Settings(root=str(root))), select_rules((), ()))
    stream = io.StringIO()
    html.render(result, stream, How())
    tree = check_page(stream.getvalue(), [finding_record(f) for f in result.findings])
    assert tree.find(".//section[@id='claims']") is None and tree.find(".//p[@class='verdict fail']") is None
