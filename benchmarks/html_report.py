"""The HTML report of 5,000 claims and 10,000 entries: how long `claimcite check --format html`
takes against `--format json` of the same check (each a fresh process, best of five, run in turns), and how
long headless Chromium takes to open the page (from the request to its load event, and to the
first paint of its content). Issue #15 asks for at most 1.5 times the JSON report, and at most
3 seconds to open.

One in ten claims quotes its source, whose full text is a page of `sources/`: the ledger then
shows evidence, compared word by word by the rules and handed on, not compared again.

    python benchmarks/html_report.py [--entries N] [--claims M]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from generate import best_of, claimcite, sizes, write_project

from chromium import Browser, find

SENTENCES = (
    "Community health workers met residents at home in the first weeks.",
    "Language barriers delayed the first contact with residents by several weeks.",
    "Interpreters were rarely available when they were needed.",
    "Key persons from the community shortened the delay considerably.",
)


def add_quotes(root: Path, claims: int, every: int = 10) -> None:
    """Every `every`-th claim gets a quote of its own full text of two pages (one in five of them
    with a word changed)."""
    (root / "sources").mkdir(exist_ok=True)
    lines = (root / "claims" / "claims.yaml").read_text(encoding="utf-8").splitlines()
    out: list[str] = []
    count = 0
    for line in lines:
        out.append(line)
        stripped = line.strip()
        if stripped.startswith("- key: key"):
            key = stripped.removeprefix("- key: ")
            count += 1
            if count % every:
                continue
            pages = [" ".join(SENTENCES[(count + page + i) % 4] for i in range(8)) for page in range(2)]
            (root / "sources" / f"{key}.txt").write_text("\f".join(pages), encoding="utf-8")
            quote = SENTENCES[count % 4].rstrip(".")
            if count % (5 * every) == 0:
                quote = quote.replace(" were ", " are ", 1).replace(" met ", " meet ", 1)
            out.append(f'        quote: "{quote}"')
    (root / "claims" / "claims.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")


PAINTED = """
new Promise((done) => {
  const entry = performance.getEntriesByName("first-contentful-paint")[0];
  if (entry) { done(entry.startTime); return; }
  new PerformanceObserver((list) => done(list.getEntries()[0].startTime))
    .observe({type: "paint", buffered: true});
})
"""


def ledger_times(root: Path) -> tuple[float, float]:
    """Building the ledger after the rules ran (their comparisons handed on), and building it
    with the comparisons forgotten (each quote compared again): best of three each."""
    from claimcite import ledger, match
    from claimcite.config import Settings
    from claimcite.engine import run, select_rules
    from claimcite.model import Options
    from claimcite.pipeline import load_project

    project = load_project(Settings(root=str(root)))
    result = run(project, select_rules((), ()), {}, Options())
    handed, again = [], []
    for _ in range(3):
        start = time.perf_counter()
        ledger.build(project, result.findings, Options())
        handed.append(time.perf_counter() - start)
        for fulltext in project.fulltexts.values():  # the rules' comparisons forgotten
            fulltext.memo.clear()
        match._FOUND.clear()
        start = time.perf_counter()
        ledger.build(project, result.findings, Options())
        again.append(time.perf_counter() - start)
    return min(handed), min(again)


def main() -> None:
    args = sizes(__doc__)
    exe = claimcite()
    with tempfile.TemporaryDirectory() as folder:
        root = write_project(Path(folder), args.entries, args.claims)
        add_quotes(root, args.claims)
        check = [exe, "check", "--fail-on", "never"]
        subprocess.run([*check, "--format", "json"], cwd=root, capture_output=True, check=False)  # the cache
        (json_wall, json_cpu), (html_wall, html_cpu) = best_of(
            [
                [*check, "--format", "json", "--output", "report.json"],
                [*check, "--format", "html", "--output", "report.html"],
            ],
            root,
        )
        size = (root / "report.html").stat().st_size
        print(
            f"entries={args.entries} claims={args.claims} ({len(list((root / 'sources').iterdir()))} quoted)"
        )
        print(f"check --format json: {json_wall:.2f}s wall, {json_cpu:.2f}s CPU")
        print(f"check --format html: {html_wall:.2f}s wall, {html_cpu:.2f}s CPU  ({size / 1e6:.1f} MB)")
        ratios = f"{html_wall / json_wall:.2f} wall, {html_cpu / json_cpu:.2f} CPU"
        print(f"ratio html/json:     {ratios} (target <= 1.5)")
        handed, again = ledger_times(root)
        print(f"ledger after the rules: {handed:.2f}s; comparing the quotes again instead: {again:.2f}s")
        chromium = find()
        if chromium is None:
            print("chromium is not installed (apt-get install chromium): the page was not opened")
            return
        loads, paints = [], []
        for _ in range(3):
            with Browser(chromium) as browser:
                loads.append(browser.open(root / "report.html", width=1280, height=900))
                paints.append(browser.evaluate(PAINTED) / 1000)
        print(f"Chromium: loaded in {min(loads):.2f}s, first paint at {min(paints):.2f}s (target <= 3 s)")


if __name__ == "__main__":
    main()
