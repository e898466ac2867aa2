"""The registries' answers read: recorded answers of the live APIs, what the cache keeps of
them, and JSON of any shape without an exception."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcite.online import registries as reg

from .conftest import REPO

CASE = REPO / "tests" / "cases" / "online-basic" / "registry"
FIXTURES = REPO / "tests" / "fixtures" / "registry"


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def test_a_crossref_work() -> None:
    message = reg.crossref_message(_json(CASE / "crossref/works/10.1038/srep16696.json"))
    record = reg.crossref_record(message)
    assert record.doi == "10.1038/srep16696"
    assert record.title and record.title.startswith("Single-molecule FRET studies on alpha-synuclein")
    assert (record.first_author, record.first_given) == ("Tosatto", "Laura")
    assert record.years == (2015,)
    assert record.containers[0] == "Scientific Reports"
    assert reg.crossref_notices(message) == ()


def test_crossref_notices_from_retraction_watch() -> None:
    message = reg.crossref_message(_json(CASE / "crossref/works/10.1016/s0140-6736(97)11096-0.json"))
    notices = reg.crossref_notices(message)
    assert [(n.kind, n.date, n.doi) for n in notices] == [
        ("correction", "2004-03-06", "10.1016/s0140-6736(04)15715-2"),
        ("retraction", "2010-02-06", "10.1016/s0140-6736(10)60175-4"),
    ]
    assert notices[1].source == "Crossref, from Retraction Watch"


def test_a_notice_under_the_works_own_doi() -> None:
    own = {
        "DOI": "10.1234/x",
        "update-to": [{"DOI": "10.1234/X", "type": "retraction", "label": "Retraction"}],
    }
    other = {"DOI": "10.1234/notice", "update-to": [{"DOI": "10.1234/x", "type": "retraction"}]}
    assert [n.kind for n in reg.crossref_notices(own)] == ["retraction"]
    assert reg.crossref_notices(other) == ()  # the notice itself is not retracted


def test_a_crossref_search() -> None:
    items = reg.crossref_items(_json(CASE / "crossref/works.json"))
    assert [reg.crossref_record(item).doi for item in items] == ["10.1002/jor.1100150407"]


def test_a_datacite_doi() -> None:
    record = reg.datacite_record(_json(FIXTURES / "datacite/dois/10.6084/m9.figshare.1449060.json"))
    assert record.doi == "10.6084/m9.figshare.1449060"
    assert (record.first_author, record.first_given) == ("Dworkin", "Ian")
    assert record.years == (2020,)
    assert record.containers == ()  # `container: {}`


def test_an_openalex_search() -> None:
    works = reg.openalex_results(_json(FIXTURES / "openalex/works.json"))
    record = reg.openalex_record(works[0])
    assert record.doi == "10.7717/peerj.4375"
    assert (record.first_author, record.first_given) == ("Piwowar", "Heather A.")
    assert record.years == (2018,) and record.containers == ("PeerJ",)
    assert reg.openalex_notices(works[0]) == ()
    assert reg.openalex_notices({**works[0], "is_retracted": True})[0].kind == "retraction"


def test_the_agency() -> None:
    data = _json(FIXTURES / "crossref/works/10.1126/science.169.3946.635/agency.json")
    assert reg.crossref_agency_of(data) == ("crossref", "Crossref")


def test_markup_in_titles_is_text() -> None:
    record = reg.crossref_record({"title": ["The <i>Drosophila</i> gene &amp; <mml:math>x</mml:math>"]})
    assert record.title == "The Drosophila gene & x"


def test_the_cache_keeps_what_the_readers_use() -> None:
    cases = [
        (reg.crossref_work("10.1038/srep16696"), CASE / "crossref/works/10.1038/srep16696.json"),
        (reg.crossref_work("x"), CASE / "crossref/works/10.1016/s0140-6736(97)11096-0.json"),
        (
            reg.datacite_doi("10.6084/m9.figshare.1449060"),
            FIXTURES / "datacite/dois/10.6084/m9.figshare.1449060.json",
        ),
    ]
    for request, path in cases:
        data = _json(path)
        kept = reg.trim(request, data)
        assert len(json.dumps(kept)) < len(json.dumps(data))
        if request.registry == reg.CROSSREF:
            full, short = reg.crossref_message(data), reg.crossref_message(kept)
            assert reg.crossref_record(short) == reg.crossref_record(full)
            assert reg.crossref_notices(short) == reg.crossref_notices(full)
        else:
            assert reg.datacite_record(kept) == reg.datacite_record(data)
    search = _json(CASE / "crossref/works.json")
    kept = reg.trim(reg.crossref_search("t"), search)
    assert [reg.crossref_record(i) for i in reg.crossref_items(kept)] == [
        reg.crossref_record(i) for i in reg.crossref_items(search)
    ]
    works = _json(FIXTURES / "openalex/works.json")
    kept = reg.trim(reg.openalex_search("t"), works)
    assert [reg.openalex_record(w) for w in reg.openalex_results(kept)] == [
        reg.openalex_record(w) for w in reg.openalex_results(works)
    ]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=30,
)
KEYS = st.sampled_from(
    ["message", "items", "title", "subtitle", "author", "family", "given", "sequence", "issued",
     "date-parts", "updated-by", "update-to", "type", "DOI", "data", "attributes", "titles",
     "creators", "results", "authorships", "author_position", "display_name", "agency", "id"]
)  # fmt: skip
SHAPED = st.recursive(
    st.none() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=6),
    max_leaves=40,
)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.one_of(JSON, SHAPED))
def test_any_json_is_read_without_an_exception(data: Any) -> None:
    message = reg.crossref_message(data)
    reg.crossref_record(message)
    reg.crossref_notices(message)
    for item in reg.crossref_items(data):
        reg.crossref_record(item)
    reg.crossref_agency_of(data)
    reg.datacite_record(data)
    for work in reg.openalex_results(data):
        reg.openalex_record(work)
        reg.openalex_notices(work)
    if isinstance(data, dict):
        for item in (data, *(v for v in data.values() if isinstance(v, dict))):
            reg.crossref_record(item)
            reg.openalex_record(item)
    for request in (
        reg.crossref_work("10.1/a"),
        reg.crossref_search("t"),
        reg.datacite_doi("x"),
        reg.openalex_search("t"),
    ):
        reg.trim(request, data)
