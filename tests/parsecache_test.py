"""The parse cache: a warm run reads what a cold run parsed, and reports the same, byte for byte;
a cache that is damaged, out of date, out of the root or unwritable is no cache, never an error."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from claimcite import __version__
from claimcite.files.contain import Area
from claimcite.load import bibtex, claims, csl
from claimcite.load.bibtex import Macros, load_bibtex
from claimcite.load.claims import load_claims
from claimcite.load.csl import load_csl
from claimcite.load.parsecache import FOLDER, ParseCache
from claimcite.load.text import reading

from .cases_test import CASES, OWN_CASES, _claimcite
from .conftest import REPO

BIB = r"""% claimcite: ignore[unused-entry]
@string{hsc = "Health and Social Care"}
@article{okafor2017,
  author = {Okafor, Chidi and de Bruijn, Els and {Centraal Bureau voor de Statistiek}},
  title = {Language Barriers in {Community} Health Work},
  journal = hsc,
  year = {2017},
  year = {2018},
  pages = {1--20}
}
@book{kocak2016,
  author = {Ko{\c{c}}ak, Yasemin and family=Bruijn, given=Els, prefix=de},
  title = {Discriminatie},
  journal = undefinedmacro,
  publisher = {Movisie},
  year = 2016
}
@misc{broken,
  title = {an unclosed {brace,
  year = {2020}
}
@article{after, title = {Still read}, author = {Beta, Bob, Cee, Dee}, year = {2021}}
"""

CLAIMS = """\
document: manuscript.md
bibliography: [references.bib, other.bib]
claims:
  - id: reach   # claimcite: ignore[unknown-key]
    statement: Support reaches migrants less often.
    sources:
      - okafor2017
      - key: kocak2016
        locator: p. 12
        quote: "wordt onvoldoende rekening gehouden"
  - id: gap
    statement: No study was found.
    unsourced: literature gap
  - statement: No id here.
    sources: {key: x}
    colour: red
"""

CSL_JSON = '[{"id": "a2020", "type": "article-journal", "title": "A", "author": [{"family": "Ann"}],'
CSL_JSON += ' "issued": {"date-parts": [[2020]]}}, {"type": "book"}]'


def _cache(root: Path) -> ParseCache:
    return ParseCache(str(root / ".claimcite-cache"), Area.of(str(root)))


def _counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[str]:
    """The calls of `module.name` from now on (the parse that a hit does not do)."""
    calls: list[str] = []
    original = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(name)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_a_bibliography_read_from_the_cache_is_the_one_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "references.bib"
    path.write_text(BIB, encoding="utf-8")
    area = Area.of(str(tmp_path))
    cold = load_bibtex(str(path), "references.bib", area)
    parses = _counting(monkeypatch, bibtex, "_parse")
    first = load_bibtex(str(path), "references.bib", area, cache=_cache(tmp_path))
    second = load_bibtex(str(path), "references.bib", area, cache=_cache(tmp_path))
    assert parses == ["_parse"]  # the second load is the cache's
    assert first == second == cold
    assert [e.at for e in second[0].entries] == [e.at for e in cold[0].entries]  # not compared by ==
    assert second[0].entries[1].at["publisher"] == 15
    bibliography, problems = second
    assert [e.key for e in bibliography.entries] == ["okafor2017", "kocak2016", "broken", "after"]
    assert bibliography.entries[0].fields["journal"] == "Health and Social Care"
    assert bibliography.entries[2].broken and bibliography.suppressions
    assert {p.message.split(":")[0] for p in problems} >= {"undefined @string macro 'undefinedmacro'"}


def test_a_changed_file_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "references.bib"
    path.write_text(BIB, encoding="utf-8")
    area = Area.of(str(tmp_path))
    load_bibtex(str(path), "references.bib", area, cache=_cache(tmp_path))
    path.write_text(BIB.replace("{2017}", "{2019}"), encoding="utf-8")
    parses = _counting(monkeypatch, bibtex, "_parse")
    bibliography, _ = load_bibtex(str(path), "references.bib", area, cache=_cache(tmp_path))
    assert parses == ["_parse"]
    assert bibliography.entries[0].fields["year"] == "2019"
    assert len(list((tmp_path / ".claimcite-cache" / FOLDER).iterdir())) == 1  # one version kept


def test_a_file_is_parsed_again_after_the_macros_before_it_change(tmp_path: Path) -> None:
    """`@string` macros carry over from one file to the next: the second file's parse depends
    on the first, and its cached parse is not used after the first changes."""
    (tmp_path / "strings.bib").write_text('@string{j = "Journal One"}\n', encoding="utf-8")
    (tmp_path / "refs.bib").write_text(
        "@article{a, title = {T}, journal = j, year = 2020}\n", encoding="utf-8"
    )
    area = Area.of(str(tmp_path))

    def journal() -> str:
        macros = Macros()
        for name in ("strings.bib", "refs.bib"):
            bibliography, _ = load_bibtex(str(tmp_path / name), name, area, macros, cache=_cache(tmp_path))
        return bibliography.entries[0].fields["journal"]

    assert journal() == journal() == "Journal One"  # the second time, both from the cache
    (tmp_path / "strings.bib").write_text('@string{j = "Journal Two"}\n', encoding="utf-8")
    assert journal() == journal() == "Journal Two"


def test_the_encoding_a_document_declares_is_part_of_the_key(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes("@book{a, title = {Caf\xe9}, year = 2020}\n".encode("latin-1"))
    area = Area.of(str(tmp_path))
    plain, problems = load_bibtex(str(path), "refs.bib", area, cache=_cache(tmp_path))
    with reading(fallback="latin-1"):
        declared, none = load_bibtex(str(path), "refs.bib", area, cache=_cache(tmp_path))
    assert (declared.entries[0].fields["title"], none) == ("Café", [])
    assert plain.entries[0].fields["title"] == "Caf\ufffd" and problems


def test_claim_files_and_csl_are_cached_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "claims.yaml").write_text(CLAIMS, encoding="utf-8")
    (tmp_path / "refs.json").write_text(CSL_JSON, encoding="utf-8")
    area = Area.of(str(tmp_path))
    cold_claims = load_claims(str(tmp_path / "claims.yaml"), "claims.yaml", area)
    cold_csl = load_csl(str(tmp_path / "refs.json"), "refs.json", area)
    reads, parses = _counting(monkeypatch, claims, "_read"), _counting(monkeypatch, csl, "_parse")
    for _ in range(2):
        cached = load_claims(str(tmp_path / "claims.yaml"), "claims.yaml", area, cache=_cache(tmp_path))
        assert cached == cold_claims
        assert load_csl(str(tmp_path / "refs.json"), "refs.json", area, cache=_cache(tmp_path)) == cold_csl
    assert (len(reads), len(parses)) == (1, 1)  # the second time, both from the cache
    assert cold_claims.problems and cold_claims.suppressions and cold_claims.document
    assert cold_csl[1]  # the item without an id


def _damage(cache_file: Path, how: str) -> None:
    data = cache_file.read_bytes()
    if how == "truncated":
        cache_file.write_bytes(data[: len(data) // 2])
    elif how == "a byte changed":
        middle = len(data) // 2
        cache_file.write_bytes(data[:middle] + bytes([data[middle] ^ 0x20]) + data[middle + 1 :])
    elif how == "empty":
        cache_file.write_bytes(b"")
    elif how == "not json":
        cache_file.write_bytes(b"\x00\xff" * 100)
    elif how == "a folder":
        cache_file.unlink()
        cache_file.mkdir()
    elif how == "another shape":  # the right key and checksum, data that is not a parse
        header = data.partition(b"\n")[0].split(b" ")[0].decode()
        ParseCache(str(cache_file.parent.parent), Area.of(str(cache_file.parent.parent.parent))).put(
            "bibtex", "references.bib", header, {"parsed": {"entries": [[1, 2, 3]]}, "macros": {}}
        )


@pytest.mark.parametrize(
    "how", ["truncated", "a byte changed", "empty", "not json", "a folder", "another shape"]
)
def test_a_damaged_cache_file_is_parsed_again(tmp_path: Path, how: str) -> None:
    path = tmp_path / "references.bib"
    path.write_text(BIB, encoding="utf-8")
    area = Area.of(str(tmp_path))
    cold = load_bibtex(str(path), "references.bib", area, cache=_cache(tmp_path))
    (cache_file,) = (tmp_path / ".claimcite-cache" / FOLDER).iterdir()
    _damage(cache_file, how)
    assert load_bibtex(str(path), "references.bib", area, cache=_cache(tmp_path)) == cold
    if how != "a folder":  # written anew
        assert load_bibtex(str(path), "references.bib", area, cache=_cache(tmp_path)) == cold


def _write_project(root: Path) -> Path:
    (root / "claims").mkdir(parents=True)
    (root / "references.bib").write_text(BIB, encoding="utf-8")
    (root / "claims" / "a.yaml").write_text(
        CLAIMS.replace("document: manuscript.md\n", "").replace(", other.bib", ""), encoding="utf-8"
    )
    return root


def _check(root: Path, *options: str, output: str = "json") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_claimcite(), "check", "--format", output, *options],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_no_cache_neither_reads_nor_writes_it(tmp_path: Path) -> None:
    root = _write_project(tmp_path / "project")
    cold = _check(root, "--no-cache")
    assert not (root / ".claimcite-cache").exists()
    _check(root)  # fills the cache
    (cache_file,) = (root / ".claimcite-cache" / FOLDER).glob("bibtex-*")
    header, _, payload = cache_file.read_bytes().partition(b"\n")
    stored = json.loads(payload)
    stored["parsed"]["entries"][0][0] = "poisoned2017"  # a parse that never was, under the right key
    ParseCache(str(root / ".claimcite-cache"), Area.of(str(root))).put(
        "bibtex", "references.bib", header.split(b" ")[0].decode(), stored
    )
    assert "poisoned2017" in _check(root).stdout  # the cache is read ...
    assert _check(root, "--no-cache").stdout == cold.stdout  # ... and not with --no-cache


def test_a_cache_folder_that_leads_out_of_the_root_is_not_used(tmp_path: Path) -> None:
    root = _write_project(tmp_path / "project")
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / ".claimcite-cache").symlink_to(outside)
    first, second = _check(root), _check(root)
    assert first.stdout == second.stdout
    assert "Traceback" not in first.stderr + second.stderr
    assert list(outside.iterdir()) == []  # nothing read or written there
    assert "poisoned" not in first.stdout


def test_a_cache_that_cannot_be_written_is_no_cache(tmp_path: Path) -> None:
    root = _write_project(tmp_path / "project")
    (root / ".claimcite-cache").write_text("a file where the folder would be", encoding="utf-8")
    cold = _check(root, "--no-cache")
    warm = _check(root)
    assert (warm.returncode, warm.stdout, warm.stderr) == (cold.returncode, cold.stdout, cold.stderr)
    if os.geteuid() != 0:  # root writes into any folder
        shutil.rmtree(root / ".claimcite-cache", ignore_errors=True)
        (root / ".claimcite-cache").unlink()
        (root / ".claimcite-cache").mkdir(mode=0o500)
        assert _check(root).stdout == cold.stdout


def test_runs_at_the_same_time_read_and_write_whole_files(tmp_path: Path) -> None:
    root = _write_project(tmp_path / "project")
    cold = _check(root, "--no-cache")
    for _ in range(3):
        shutil.rmtree(root / ".claimcite-cache", ignore_errors=True)
        runs = [
            subprocess.Popen(
                [*_claimcite(), "check", "--format", "json"],
                cwd=root,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        outputs = [run.communicate(timeout=300) for run in runs]
        assert all(out == cold.stdout and "Traceback" not in err for out, err in outputs)
        assert _check(root).stdout == cold.stdout
        assert not [p for p in (root / ".claimcite-cache" / FOLDER).iterdir() if p.suffix != ".json"]


def _projects() -> list[Path]:
    cases = [p for p in sorted(OWN_CASES.iterdir()) if (p / "expected.tsv").exists()]
    if CASES.is_dir():
        cases += [p for p in sorted(CASES.iterdir()) if (p / "expected.tsv").exists()]
    return [REPO, *cases]


@pytest.mark.parametrize(
    "source", _projects(), ids=lambda p: "example" if p == REPO else p.parent.name + "/" + p.name
)
def test_a_warm_run_reports_what_a_cold_run_reports_byte_for_byte(source: Path, tmp_path: Path) -> None:
    """The bundled example and every public case: the first run (which fills the cache) and the
    next (which reads it) print the same report as a run without the cache, in JSON and on the
    terminal."""
    work = tmp_path / "work"
    if source == REPO:
        work.mkdir()
        for name in ("claims", "manuscript", "references.bib"):
            copy = shutil.copytree if (REPO / name).is_dir() else shutil.copy
            copy(REPO / name, work / name)
    else:
        shutil.copytree(source, work, ignore=shutil.ignore_patterns(".claimcite-cache"))
    args = (source / "args").read_text().split() if (source / "args").exists() else []
    for output in ("json", "terminal"):
        shutil.rmtree(work / ".claimcite-cache", ignore_errors=True)
        runs = [_check(work, *args, *extra, output=output) for extra in (["--no-cache"], [], [])]
        assert "Traceback" not in runs[0].stderr
        assert len({(run.returncode, run.stdout, run.stderr) for run in runs}) == 1, runs[0].stderr
    if list(work.glob("**/*.bib")) or list(work.glob("claims/*.y*ml")):
        assert list((work / ".claimcite-cache" / FOLDER).iterdir())  # the warm runs read a cache


def test_another_claimcite_version_parses_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "references.bib"
    path.write_text(BIB, encoding="utf-8")
    area = Area.of(str(tmp_path))
    folder, now = str(tmp_path / ".claimcite-cache"), __version__
    load_bibtex(str(path), "references.bib", area, cache=ParseCache(folder, area, now))
    parses = _counting(monkeypatch, bibtex, "_parse")
    load_bibtex(str(path), "references.bib", area, cache=ParseCache(folder, area, now))
    assert parses == []  # the same version: the cache's
    load_bibtex(str(path), "references.bib", area, cache=ParseCache(folder, area, "999.0.0"))
    assert parses == ["_parse"]


def test_bibtex_read_without_comment_lines_is_another_parse(tmp_path: Path) -> None:
    """BibTeX itself keeps a `%` line inside an entry; biber drops it: the cached parse of one is
    not the other's."""
    path = tmp_path / "references.bib"
    path.write_text("@book{a,\n  title = {T},\n% note = {dropped},\n  year = 2020}\n", encoding="utf-8")
    area = Area.of(str(tmp_path))
    biber, _ = load_bibtex(str(path), "references.bib", area, cache=_cache(tmp_path))
    bibtex_itself, _ = load_bibtex(
        str(path), "references.bib", area, comment_lines=False, cache=_cache(tmp_path)
    )
    assert biber != bibtex_itself
    assert biber == load_bibtex(str(path), "references.bib", area)[0]
    assert bibtex_itself == load_bibtex(str(path), "references.bib", area, comment_lines=False)[0]
