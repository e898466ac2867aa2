"""The HTML report in a real browser: headless Chromium (Debian's `chromium` package) shows the
example's report and a report with quotes at desktop and at phone width, with nothing sticking
out sideways on the phone, and its filters and search box work.

Set CLAIMCITE_SCREENSHOTS to a folder to keep the screenshots there: docs/report.png, which the
README shows, is `report-evidence-desktop.png` of such a run.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .chromium import OVERFLOW, Browser, find, png_size
from .conftest import REPO, Run, write_project

Cli = Callable[..., Run]

CHROMIUM = find()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium): no screenshots"
)
DESKTOP = (1000, 1250)
PHONE = (390, 844)  # CSS pixels of a common phone


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM is not None
    with Browser(CHROMIUM) as opened:
        yield opened


def _report(cli: Cli, root: Path, target: Path) -> Path:
    run = cli("check", "--format", "html", "--output", str(target), cwd=root)
    assert run.status in (0, 1), run.err
    return target


def _keep(name: str, png: bytes) -> None:
    folder = os.environ.get("CLAIMCITE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(png)


LONG = "x" * 300  # a word no line can hold


@pytest.fixture
def reports(cli: Cli, tmp_path: Path) -> dict[str, Path]:
    cases = REPO / "tests" / "cases"
    for name in ("evidence-basic", "html-report"):
        shutil.copytree(cases / name, tmp_path / name)
    long = write_project(
        tmp_path / "long",
        {
            "references.bib": f"@misc{{k{LONG}, author = {{A{LONG}, B}}, title = {{T{LONG}}},\n"
            f"  year = {{2020}}, url = {{https://example.org/{LONG}}}}}\n",
            "claims/a.yaml": f"claims:\n  - id: c{LONG}\n    statement: S{LONG}.\n    sources:\n"
            f"      - key: k{LONG}\n        locator: p. {LONG}\n        quote: q{LONG}\n",
        },
    )
    return {
        "example": _report(cli, REPO, tmp_path / "example.html"),
        "evidence": _report(cli, tmp_path / "evidence-basic", tmp_path / "evidence.html"),
        "html-report": _report(cli, tmp_path / "html-report", tmp_path / "html-report.html"),
        "long": _report(cli, long, tmp_path / "long.html"),
    }


@pytest.mark.parametrize("name", ["example", "evidence", "html-report", "long"])
def test_desktop_and_phone_width(browser: Browser, reports: dict[str, Path], name: str) -> None:
    browser.open(reports[name], width=DESKTOP[0], height=DESKTOP[1])
    desktop = browser.screenshot()
    assert png_size(desktop) == DESKTOP
    assert browser.evaluate(OVERFLOW)["page"] == DESKTOP[0]
    _keep(f"report-{name}-desktop.png", desktop)

    browser.open(reports[name], width=PHONE[0], height=PHONE[1], mobile=True)
    phone = browser.screenshot()
    assert png_size(phone) == PHONE
    measured = browser.evaluate(OVERFLOW)
    assert measured["wide"] == []  # no element passes the right edge
    assert measured["page"] == measured["viewport"] == measured["inner"] == PHONE[0]  # nor the page
    _keep(f"report-{name}-phone.png", phone)


def test_the_overflow_probe_sees_a_page_too_wide(browser: Browser, tmp_path: Path) -> None:
    page = tmp_path / "wide.html"
    page.write_text(
        '<!DOCTYPE html><meta name="viewport" content="width=device-width"><title>w</title>'
        '<div style="width:600px">wide</div>'
        '<div style="overflow-x:auto"><div style="width:900px">scrolls</div></div>'
    )
    browser.open(page, width=PHONE[0], height=PHONE[1], mobile=True)
    measured = browser.evaluate(OVERFLOW)
    assert measured["page"] > PHONE[0] and measured["wide"] == ["div"]


def test_filters_and_search_work_in_the_browser(browser: Browser, reports: dict[str, Path]) -> None:
    browser.open(reports["evidence"], width=DESKTOP[0], height=DESKTOP[1])
    shown = "document.querySelectorAll('[data-filter=claim]:not([hidden])').length"
    findings = "document.querySelectorAll('[data-filter=finding]:not([hidden])').length"
    assert browser.evaluate("document.getElementById('filters').hidden") is False  # the script ran
    assert (browser.evaluate(shown), browser.evaluate(findings)) == (12, 8)

    def change(script: str) -> None:
        form = "document.getElementById('filters')"
        browser.evaluate(f"(() => {{ {script}; {form}.dispatchEvent(new Event('change')); }})()")

    change("document.querySelector('input[value=backed]').checked = false")
    assert browser.evaluate(shown) == 8  # 4 claims are backed
    change("document.querySelector('input[value=backed]').checked = true;"
           "document.querySelector('select[name=rule]').value = 'quote-not-found'")  # fmt: skip
    assert (browser.evaluate(shown), browser.evaluate(findings)) == (4, 4)
    change("document.querySelector('select[name=rule]').value = '';"
           "document.querySelector('input[name=q]').value = 'Okafor'")  # fmt: skip
    assert browser.evaluate(shown) == 5  # the claims citing okafor2017
    change("document.querySelector('input[name=q]').value = '';"
           "document.querySelector('input[value=warning]').checked = false")  # fmt: skip
    assert (browser.evaluate(shown), browser.evaluate(findings)) == (12, 4)
    change("document.querySelector('input[value=error]').checked = false")
    assert browser.evaluate(findings) == 0


def test_filters_hide_files_left_empty(browser: Browser, reports: dict[str, Path]) -> None:
    browser.open(reports["example"], width=DESKTOP[0], height=DESKTOP[1])
    shown = (
        "[...document.querySelectorAll('#findings section.file')]"
        ".filter(s => !s.hidden).map(s => s.querySelector('h3 code').textContent)"
    )
    everything = [
        "claims/clientondersteuning.yaml",
        "manuscript/discriminatie-zorg-sport-p38.txt",
        "references.bib",
    ]
    assert browser.evaluate(shown) == everything

    def change(script: str) -> None:
        form = "document.getElementById('filters')"
        browser.evaluate(f"(() => {{ {script}; {form}.dispatchEvent(new Event('change')); }})()")

    change("document.querySelector('input[value=info]').checked = false")
    assert browser.evaluate(shown) == [everything[0], everything[2]]  # the manuscript has infos only
    change("document.querySelector('input[value=info]').checked = true;"
           "const files = document.querySelector('select[name=file]');"
           "files.value = [...files.options].find(o => o.text === 'references.bib').value")  # fmt: skip
    assert browser.evaluate(shown) == ["references.bib"]
    claims = "document.querySelectorAll('[data-filter=claim]:not([hidden])').length"
    assert browser.evaluate(claims) == 0  # no claim stands in the bibliography


def test_the_page_prints(browser: Browser, reports: dict[str, Path]) -> None:
    """On paper: no filters (they need a screen), every claim laid out, nothing cut at the
    right edge of an A4 page (about 794 CSS pixels wide, less its margins)."""
    browser.open(reports["evidence"], width=700, height=1000)
    browser.media("print")
    try:
        filters = "getComputedStyle(document.getElementById('filters')).display"
        assert browser.evaluate(filters) == "none"
        visibility = (
            "[...document.querySelectorAll('article')].map(a => getComputedStyle(a).contentVisibility)"
        )
        assert set(browser.evaluate(visibility)) == {"visible"}  # none skipped as off-screen
        measured = browser.evaluate(OVERFLOW)
        assert measured["wide"] == [] and measured["page"] == measured["viewport"]
        printed = browser.pdf()
        pages = re.findall(rb"/Type\s*/Page(?!s)", printed)
        assert printed.startswith(b"%PDF") and len(pages) >= 3
    finally:
        browser.media("screen")
