"""`check --online` end to end against fake registries on this machine: findings, the cache,
what is sent, no network, the Retraction Watch file, settings."""

from __future__ import annotations

import json
import os
import shutil
import socket
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from claimcite.model import Outcome
from claimcite.online.cache import Cache
from claimcite.online.registries import crossref_work

from .conftest import REPO, Run

CASE = REPO / "tests" / "cases" / "online-basic"
FIXTURES = REPO / "tests" / "fixtures" / "registry"
Invoke = Callable[..., Run]

BIB = r"""
@article{boulkedid2011,
  author = {Boulkedid, Rym and Abdoul, Hendy},
  title = {Using and Reporting the {Delphi} Method for Selecting Healthcare Quality Indicators: A Systematic Review},
  journal = {PLoS ONE}, year = {2011}, doi = {10.1371/journal.pone.0020476}
}
@article{tosatto2015,
  author = {Tosatto, Laura},
  title = {Single-molecule imaging of amyloid-beta aggregation in {Alzheimer}'s disease},
  journal = {Scientific Reports}, year = {2015}, doi = {10.1038/srep16696}
}
@article{kowalski2019,
  author = {Kowalski, Anna}, title = {Sleep fragmentation and memory consolidation in older adults},
  journal = {Journal of Sleep Research}, year = {2019}, doi = {10.5555/invented-2019-0042}
}
@article{wakefield1998,
  author = {Wakefield, Andrew J.},
  title = {Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive developmental disorder in children},
  journal = {The Lancet}, year = {1998}, doi = {10.1016/S0140-6736(97)11096-0}
}
@article{lieber1997,
  author = {Lieber, Richard L.},
  title = {Growth hormone secretagogue increases muscle strength during remobilization after canine hindlimb immobilization},
  journal = {Journal of Orthopaedic Research}, year = {1997}
}
@article{broken2020,
  author = {Broken, Bea}, title = {A work whose registry answers with an error},
  journal = {Journal of Errors}, year = {2020}, doi = {10.5555/server-error}
}
"""
CLAIMS = """
claims:
  - id: secret-sentence-alpha
    statement: Zyxwvut quokka marmalade statement that must never leave the machine.
    sources: [boulkedid2011, tosatto2015, kowalski2019, wakefield1998, lieber1997, broken2020]
"""


def _registry_folder(tmp_path: Path) -> Path:
    """The case's answers without the slow one, and a server error for 10.5555/server-error."""
    folder = tmp_path / "answers"
    shutil.copytree(CASE / "registry", folder)
    (folder / "crossref/works/10.1016/j.neurobiolaging.2010.03.024.http").unlink()
    error = folder / "crossref/works/10.5555/server-error.http"
    error.parent.mkdir(parents=True)
    error.write_text(
        "HTTP/1.1 500 Internal Server Error\nContent-Type: text/plain\n\nInternal Server Error\n"
    )
    return folder


@pytest.fixture
def online(tmp_path: Path, registry: Any) -> tuple[Path, Any]:
    """A project of six entries cited by one claim, and the registry that answers for them."""
    root = tmp_path / "project"
    (root / "claims").mkdir(parents=True)
    (root / "references.bib").write_text(textwrap.dedent(BIB).lstrip(), encoding="utf-8")
    (root / "claims" / "a.yaml").write_text(textwrap.dedent(CLAIMS).lstrip(), encoding="utf-8")
    registry.folder = str(_registry_folder(tmp_path))
    return root, registry


def _by_rule(run: Run) -> dict[str, set[str | None]]:
    found: dict[str, set[str | None]] = {}
    for finding in run.findings():
        found.setdefault(finding["rule"], set()).add(finding["key"])
    return found


def check(cli: Invoke, root: Path, *args: str) -> Run:
    return cli("check", "--format", "json", "--online", *args, cwd=root)


def test_findings_from_the_registries(cli: Invoke, online: tuple[Path, Any]) -> None:
    root, _ = online
    run = check(cli, root)
    assert run.status == 1, run.err
    found = _by_rule(run)
    assert found["doi-not-found"] == {"kowalski2019"}
    assert found["metadata-mismatch"] == {"tosatto2015"}
    assert found["retracted-source"] == {"wakefield1998"}
    assert found["doi-missing"] == {"lieber1997"}
    assert found["could-not-verify"] == {"broken2020"}
    assert "source-has-notice" not in found  # the retraction says more than its earlier correction
    assert "reference-not-found" not in found
    unverified = next(f for f in run.findings() if f["rule"] == "could-not-verify")
    assert "HTTP 500" in unverified["message"] and unverified["severity"] == "info"


def test_a_second_run_answers_from_the_cache(cli: Invoke, online: tuple[Path, Any]) -> None:
    root, registry = online
    first = check(cli, root)
    registry.seen.clear()
    second = check(cli, root)
    assert second.findings() == first.findings()
    asked = {seen.path for seen in registry.seen}
    assert asked == {"/crossref/works/10.5555/server-error"}  # only what could not be verified
    assert len(registry.seen) == 2  # asked, and asked again once after the server error


def test_404_answers_are_cached_too(cli: Invoke, online: tuple[Path, Any]) -> None:
    root, registry = online
    check(cli, root)
    registry.seen.clear()
    check(cli, root)
    assert not [s for s in registry.seen if "invented" in s.path]


def test_refresh_asks_again(cli: Invoke, online: tuple[Path, Any]) -> None:
    root, registry = online
    check(cli, root)
    registry.seen.clear()
    run = check(cli, root, "--refresh")
    assert run.status == 1
    assert "/crossref/works/10.1371/journal.pone.0020476" in {s.path for s in registry.seen}


def test_no_cache_reads_and_writes_none(cli: Invoke, online: tuple[Path, Any]) -> None:
    root, registry = online
    check(cli, root, "--no-cache")
    assert not (root / ".claimcite-cache" / "online").exists()
    registry.seen.clear()
    check(cli, root, "--no-cache")
    assert "/crossref/works/10.1371/journal.pone.0020476" in {s.path for s in registry.seen}


def test_a_stale_answer_is_asked_again(tmp_path: Path) -> None:
    now = [1_000_000.0]
    cache = Cache(str(tmp_path), clock=lambda: now[0])
    request = crossref_work("10.1/a")
    cache.put(request, 404, None)
    assert cache.get(request) == (404, None)
    now[0] += 31 * 24 * 3600
    assert cache.get(request) is None
    assert Cache(str(tmp_path), refresh=True, clock=lambda: now[0]).get(request) is None


def test_only_dois_and_titles_leave_the_machine(cli: Invoke, online: tuple[Path, Any]) -> None:
    root, registry = online
    (root / "paper.md").write_text(
        "Quokka marmalade zyxwvut [@tosatto2015; @lieber1997].\n", encoding="utf-8"
    )
    (root / "claims" / "a.yaml").write_text(
        textwrap.dedent(CLAIMS).lstrip().replace("claims:", "document: paper.md\nclaims:"), encoding="utf-8"
    )
    run = check(cli, root)
    assert run.status == 1, run.err
    titles = {
        "Growth hormone secretagogue increases muscle strength during remobilization after canine "
        "hindlimb immobilization"
    }
    dois = {
        "10.1371/journal.pone.0020476",
        "10.1038/srep16696",
        "10.5555/invented-2019-0042",
        "10.1016/s0140-6736(97)11096-0",
        "10.5555/server-error",
    }
    assert registry.seen
    for seen in registry.seen:
        registry_name, _, rest = seen.path.strip("/").partition("/")
        assert registry_name in {"crossref", "datacite", "openalex"}
        if seen.query:
            assert rest == "works"
            assert set(seen.query) <= {"query.bibliographic", "rows", "search", "per-page"}
            sent = seen.query.get("query.bibliographic") or seen.query.get("search")
            assert sent is not None and set(sent) <= titles
        else:
            doi = rest.removeprefix("works/").removeprefix("dois/").removesuffix("/agency")
            assert doi in dois, seen.path
        everything = json.dumps([seen.path, seen.query, seen.headers]).lower()
        for word in ("zyxwvut", "quokka", "marmalade", "secret-sentence"):
            assert word not in everything


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_without_network_the_check_is_as_offline_plus_one_info(
    cli: Invoke, online: tuple[Path, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = online
    nowhere = f"http://127.0.0.1:{_closed_port()}"
    for name in ("CROSSREF", "DATACITE", "OPENALEX"):
        monkeypatch.setenv(f"CLAIMCITE_{name}_URL", f"{nowhere}/{name.lower()}")
    offline = cli("check", "--format", "json", cwd=root)
    run = check(cli, root)
    assert run.status == offline.status
    extra = [f for f in run.findings() if f not in offline.findings()]
    assert [f["rule"] for f in extra] == ["could-not-verify"]
    assert "could not verify 6 entries" in extra[0]["message"] and "no connection" in extra[0]["message"]
    assert not (root / ".claimcite-cache" / "online").exists()  # failures are never cached


def test_the_environment_wins_over_the_config(cli: Invoke, online: tuple[Path, Any]) -> None:
    root, _ = online
    nowhere = f"http://127.0.0.1:{_closed_port()}"
    (root / "claimcite.toml").write_text(f'crossref_url = "{nowhere}"\nonline = true\n', encoding="utf-8")
    run = cli("check", "--format", "json", cwd=root)  # online from the config
    assert "doi-not-found" in _by_rule(run)


def test_mailto_from_the_config_and_the_environment(
    cli: Invoke, online: tuple[Path, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, registry = online
    (root / "claimcite.toml").write_text('mailto = "team@example.org"\n', encoding="utf-8")
    check(cli, root)
    crossref = [s for s in registry.seen if s.path.startswith("/crossref/works/")]
    assert crossref and all("mailto:team@example.org" in s.headers["User-Agent"] for s in crossref)
    monkeypatch.setenv("CLAIMCITE_MAILTO", "other@example.org")
    registry.seen.clear()
    check(cli, root, "--refresh")
    searches = [s for s in registry.seen if s.query]
    assert searches and all(s.query["mailto"] == ["other@example.org"] for s in searches)


def test_only_cited_entries_are_looked_up(cli: Invoke, online: tuple[Path, Any]) -> None:
    root, registry = online
    (root / "claims" / "a.yaml").write_text(
        "claims:\n  - id: one\n    statement: One.\n    sources: [boulkedid2011]\n", encoding="utf-8"
    )
    check(cli, root)
    assert {s.path for s in registry.seen} == {"/crossref/works/10.1371/journal.pone.0020476"}


def test_a_malformed_doi_is_not_sent(cli: Invoke, tmp_path: Path, registry: Any) -> None:
    (tmp_path / "references.bib").write_text(
        "@article{a, author={A, B}, title={T}, journal={J}, year=2020, doi={not a doi}}\n", encoding="utf-8"
    )
    run = check(cli, tmp_path)
    assert run.status == 0 and registry.seen == []
    assert "could-not-verify" not in _by_rule(run)


def _bib(root: Path, text: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "references.bib").write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


def test_a_datacite_doi(cli: Invoke, tmp_path: Path, registry: Any) -> None:
    registry.folder = str(FIXTURES)
    root = _bib(
        tmp_path / "p",
        """
        @misc{dworkin2020,
          author = {Dworkin, Ian and Pool, John},
          title = {Drosophila melanogaster wing images from low and high altitude populations in Ethiopia and Zambia},
          year = {2020}, doi = {10.6084/m9.figshare.1449060}
        }
        """,
    )
    run = check(cli, root)
    assert run.status == 0 and run.findings() == []
    assert [s.path for s in registry.seen] == [
        "/crossref/works/10.6084/m9.figshare.1449060",
        "/datacite/dois/10.6084/m9.figshare.1449060",
    ]


def test_a_datacite_record_that_differs(cli: Invoke, tmp_path: Path, registry: Any) -> None:
    registry.folder = str(FIXTURES)
    root = _bib(
        tmp_path / "p",
        "@misc{x, author = {Smith, Ann}, title = {Wing images}, year = {2019}, doi = {10.6084/m9.figshare.1449060}}",
    )
    message = check(cli, root).findings("metadata-mismatch")[0]["message"]
    assert "DataCite" in message and "Dworkin" in message and "2019" in message


def test_a_doi_of_another_agency_exists(cli: Invoke, tmp_path: Path, registry: Any) -> None:
    folder = tmp_path / "answers" / "crossref" / "works" / "10.1400" / "123"
    folder.mkdir(parents=True)
    agency = {"status": "ok", "message-type": "work-agency", "message-version": "1.0.0",
              "message": {"DOI": "10.1400/123", "agency": {"id": "medra", "label": "mEDRA"}}}  # fmt: skip
    (folder / "agency.json").write_text(json.dumps(agency), encoding="utf-8")
    registry.folder = str(tmp_path / "answers")
    root = _bib(
        tmp_path / "p", "@article{x, author={A, B}, title={T}, journal={J}, year=2020, doi={10.1400/123}}"
    )
    run = check(cli, root)
    assert run.status == 0 and run.findings() == []
    assert [s.path for s in registry.seen][-1] == "/crossref/works/10.1400/123/agency"


def test_openalex_is_the_second_opinion(cli: Invoke, tmp_path: Path, registry: Any) -> None:
    registry.folder = str(FIXTURES)  # Crossref's search has no answer here: 404, then OpenAlex
    answers = tmp_path / "answers"
    shutil.copytree(FIXTURES, answers)
    (answers / "crossref" / "works.json").write_text(
        json.dumps({"status": "ok", "message-type": "work-list", "message": {"items": []}}), encoding="utf-8"
    )
    registry.folder = str(answers)
    root = _bib(
        tmp_path / "p",
        """
        @article{piwowar2018,
          author = {Piwowar, Heather and Priem, Jason},
          title = {The state of {OA}: a large-scale analysis of the prevalence and impact of Open Access articles},
          journal = {PeerJ}, year = {2018}
        }
        @article{made2018,
          author = {Made, Up},
          title = {Open access citation advantage in the humanities: a replication},
          journal = {PeerJ}, year = {2018}
        }
        """,
    )
    found = {f["rule"]: f for f in check(cli, root).findings()}
    assert found["doi-missing"]["key"] == "piwowar2018"
    assert (
        "OpenAlex" in found["doi-missing"]["message"]
        and "10.7717/peerj.4375" in found["doi-missing"]["message"]
    )
    assert found["reference-not-found"]["key"] == "made2018"
    assert "Crossref and OpenAlex" in found["reference-not-found"]["message"]
    assert "The state of OA" in found["reference-not-found"]["message"]  # the closest record


def test_a_failed_search_is_unverified_not_missing(cli: Invoke, tmp_path: Path, registry: Any) -> None:
    registry.folder = str(tmp_path / "empty")  # every search answers 404: not an answer
    root = _bib(tmp_path / "p", "@article{x, author={A, B}, title={Some title}, journal={J}, year=2020}")
    found = _by_rule(check(cli, root))
    assert found == {"could-not-verify": {"x"}}


def test_the_deadline_bounds_the_run(cli: Invoke, tmp_path: Path, registry: Any) -> None:
    registry.folder = str(CASE / "registry")  # 10.1016/j.neurobiolaging.2010.03.024 is held back 30 s
    root = _bib(
        tmp_path / "p",
        "@article{lee2012, author={Lee, H}, title={T}, journal={J}, year=2012, doi={10.1016/j.neurobiolaging.2010.03.024}}",
    )
    (root / "claimcite.toml").write_text("online_timeout = 1\n", encoding="utf-8")
    run = check(cli, root)
    assert run.status == 0
    message = run.findings("could-not-verify")[0]["message"]
    assert "ran out of time (online_timeout = 1 s)" in message


WAKEFIELD = (CASE / "retraction_watch.csv").read_text(encoding="utf-8")


def test_the_retraction_file_works_offline(cli: Invoke, tmp_path: Path, registry: Any) -> None:
    root = _bib(tmp_path / "p", BIB)
    (root / "retractions.csv").write_text(WAKEFIELD, encoding="utf-8")
    (root / "claimcite.toml").write_text('retraction_db = "retractions.csv"\n', encoding="utf-8")
    run = cli("check", "--format", "json", cwd=root)
    assert _by_rule(run).get("retracted-source") == {"wakefield1998"}
    assert "Retraction Watch" in run.findings("retracted-source")[0]["message"]
    assert registry.seen == []


def test_the_retraction_file_by_title_and_author_without_doi(cli: Invoke, tmp_path: Path) -> None:
    root = _bib(
        tmp_path / "p",
        """
        @article{w, author = {Wakefield, A. J.}, journal = {Lancet}, year = {1998},
          title = {Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive developmental disorder in children}}
        @article{other, author = {Other, A.}, journal = {Lancet}, year = {1998},
          title = {Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive developmental disorder in children}}
        """,
    )
    (root / "retractions.csv").write_text(WAKEFIELD, encoding="utf-8")
    (root / "claimcite.toml").write_text('retraction_db = "retractions.csv"\n', encoding="utf-8")
    assert _by_rule(cli("check", "--format", "json", cwd=root)).get("retracted-source") == {"w"}


def test_a_notice_and_a_reinstatement(cli: Invoke, tmp_path: Path) -> None:
    header = WAKEFIELD.splitlines()[0]
    rows = [
        "1,T,,,J,P,,A Author,,,3/1/2020 0:00,10.1/eoc,,,10.1234/concern,,Expression of concern,,No,,",
        "2,T,,,J,P,,A Author,,,3/1/2019 0:00,10.1/r,,,10.1234/back,,Retraction,,No,,",
        "3,T,,,J,P,,A Author,,,3/1/2021 0:00,10.1/re,,,10.1234/back,,Reinstatement,,No,,",
    ]
    root = _bib(
        tmp_path / "p",
        """
        @article{concern, author={A, B}, title={T1}, journal={J}, year=2018, doi={10.1234/concern}}
        @article{back, author={A, B}, title={T2}, journal={J}, year=2018, doi={10.1234/BACK}}
        """,
    )
    (root / "rw.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    (root / "claimcite.toml").write_text('retraction_db = "rw.csv"\n', encoding="utf-8")
    run = cli("check", "--format", "json", cwd=root)
    found = _by_rule(run)
    assert found.get("source-has-notice") == {"concern", "back"}
    assert "retracted-source" not in found
    messages = " ".join(f["message"] for f in run.findings("source-has-notice"))
    assert "expression of concern of 2020-03-01" in messages and "reinstatement" in messages


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ('retraction_db = "missing.csv"', "no such file"),
        ('retraction_db = "../outside.csv"', "outside the project root"),
        ('retraction_db = "references.bib"', "not a Retraction Watch CSV"),
        ("online_timeout = -1", "online_timeout"),
        ('online = "yes"', "'online' must be true or false"),
        ('crossref_url = "ftp://example.org"', "http:// or https://"),
        ('mailto = "nobody"', "e-mail address"),
    ],
)
def test_bad_settings_stop_the_run(cli: Invoke, tmp_path: Path, setting: str, words: str) -> None:
    (tmp_path / "outside.csv").write_text(WAKEFIELD, encoding="utf-8")
    root = _bib(tmp_path / "p", "@article{x, author={A, B}, title={T}, journal={J}, year=2020}")
    (root / "claimcite.toml").write_text(setting + "\n", encoding="utf-8")
    run = cli("check", cwd=root)
    assert run.status == 2
    assert run.err.startswith("claimcite: error:") and words in run.err and len(run.err.splitlines()) == 1


def test_a_bad_url_in_the_environment_stops_the_run(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _bib(tmp_path / "p", "@article{x, author={A, B}, title={T}, journal={J}, year=2020}")
    monkeypatch.setenv("CLAIMCITE_DATACITE_URL", "not a url")
    run = cli("check", cwd=root)
    assert run.status == 2 and "CLAIMCITE_DATACITE_URL" in run.err


def test_a_cache_folder_that_leads_out_of_the_root_is_not_used(
    cli: Invoke, online: tuple[Path, Any], tmp_path: Path
) -> None:
    root, _ = online
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / ".claimcite-cache").symlink_to(outside, target_is_directory=True)
    assert check(cli, root).status == 1
    assert list(outside.iterdir()) == []


def test_lookups_record_outcomes(online: tuple[Path, Any]) -> None:
    from claimcite.config import Settings, apply_environment
    from claimcite.online import verify
    from claimcite.pipeline import load_project

    root, _ = online
    settings = apply_environment(Settings(root=str(root), online=True), os.environ)
    verification = verify(load_project(settings), settings)
    outcomes = {key: lookup.outcome for key, lookup in verification.lookups.items()}
    assert outcomes == {
        "boulkedid2011": Outcome.FOUND,
        "tosatto2015": Outcome.FOUND,
        "kowalski2019": Outcome.NOT_FOUND,
        "wakefield1998": Outcome.FOUND,
        "lieber1997": Outcome.FOUND,
        "broken2020": Outcome.UNVERIFIED,
    }
    assert [n.kind for n in verification.notices["wakefield1998"]] == ["correction", "retraction"]


def test_fix_and_unselected_rules_do_not_go_online(cli: Invoke, online: tuple[Path, Any]) -> None:
    root, registry = online
    (root / "claimcite.toml").write_text("online = true\n", encoding="utf-8")
    assert cli("check", "--format", "json", "--select", "CC1,CC2,CC4", cwd=root).status == 0
    assert cli("fix", "--dry-run", cwd=root).status == 0
    assert registry.seen == []
    assert cli("check", "--format", "json", "--select", "CC6", cwd=root).status == 1
    assert registry.seen


def test_a_broken_cache_file_is_asked_again(cli: Invoke, online: tuple[Path, Any]) -> None:
    root, registry = online
    check(cli, root)
    for path in (root / ".claimcite-cache" / "online").rglob("*.json"):
        path.write_text('{"version": 1, "request": "', encoding="utf-8")
    registry.seen.clear()
    again = check(cli, root)
    assert again.status == 1 and "/crossref/works/10.1371/journal.pone.0020476" in {
        s.path for s in registry.seen
    }


def test_doi_forms_in_the_entry() -> None:
    from claimcite.model import Location, Source
    from claimcite.online.lookup import entry_doi

    def doi(value: str) -> str | None:
        return entry_doi(Source("k", "article", {"doi": value}, {}, Location("r.bib")))

    assert doi("https://doi.org/10.1038/SREP16696") == "10.1038/srep16696"
    assert doi("doi:10.1038/srep16696.") == "10.1038/srep16696"
    assert doi(r"10.1000/a\_b") == "10.1000/a_b"
    assert doi("10.1002/(SICI)1097-4547(19960215)43:4<439::AID-JNR5>3.0.CO;2-G") is not None
    assert doi("not a doi") is None and doi("") is None
