"""HTTP to the registries against a local server (pytest-httpserver): answers, 404, 429 with
Retry-After, 503, 500, slow and cut-short bodies, refused connections, concurrency."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from claimcite.online import registries as reg
from claimcite.online.client import CONCURRENCY, Client
from claimcite.online.registries import Answer

WORK = {"status": "ok", "message-type": "work", "message": {"DOI": "10.1/a", "title": ["A"]}}


def fetch(server: HTTPServer, request: reg.Request, **options: Any) -> tuple[Answer, list[float]]:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    async def main() -> Answer:
        bases = {reg.CROSSREF: server.url_for("/crossref"), reg.DATACITE: server.url_for("/datacite")}
        client = Client(bases, timeout=options.pop("timeout", 10), sleep=sleep, **options)
        try:
            return await client.fetch(request)
        finally:
            await client.close()

    return asyncio.run(main()), slept


def test_a_record(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/crossref/works/10.1/a").respond_with_json(WORK)
    answer, _ = fetch(httpserver, reg.crossref_work("10.1/a"))
    assert answer.ok and answer.data == WORK


def test_a_404_is_missing_and_nothing_else_is(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/crossref/works/10.1/none").respond_with_data(
        "Resource not found.", status=404
    )
    answer, _ = fetch(httpserver, reg.crossref_work("10.1/none"))
    assert answer.missing and not answer.ok


def test_a_base_url_keeps_its_path(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/mirror/api/works/10.1/a").respond_with_json(WORK)

    async def main() -> Answer:
        client = Client({reg.CROSSREF: httpserver.url_for("/mirror/api/")}, timeout=5)
        try:
            return await client.fetch(reg.crossref_work("10.1/a"))
        finally:
            await client.close()

    assert asyncio.run(main()).ok


def test_retry_after_is_honoured(httpserver: HTTPServer) -> None:
    httpserver.expect_oneshot_request("/crossref/works/10.1/a").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "2"}
    )
    httpserver.expect_request("/crossref/works/10.1/a").respond_with_json(WORK)
    answer, slept = fetch(httpserver, reg.crossref_work("10.1/a"))
    assert answer.ok
    assert slept and slept[0] == pytest.approx(2, abs=0.1)


def test_503_without_retry_after_backs_off(httpserver: HTTPServer) -> None:
    for _ in range(2):
        httpserver.expect_oneshot_request("/crossref/works/10.1/a").respond_with_data("busy", status=503)
    httpserver.expect_request("/crossref/works/10.1/a").respond_with_json(WORK)
    answer, slept = fetch(httpserver, reg.crossref_work("10.1/a"))
    assert answer.ok
    assert len(slept) == 2 and slept[1] > slept[0]  # backing off


def test_429_past_the_time_left_is_a_failure_not_a_wait(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/crossref/works/10.1/a").respond_with_data(
        "", status=429, headers={"Retry-After": "3600"}
    )
    answer, slept = fetch(httpserver, reg.crossref_work("10.1/a"), timeout=5)
    assert not answer.ok and not answer.missing
    assert "429" in (answer.problem or "") and slept == []


def test_a_server_error_is_retried_once(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/crossref/works/10.1/a").respond_with_data("oops", status=500)
    answer, slept = fetch(httpserver, reg.crossref_work("10.1/a"))
    assert not answer.ok and not answer.missing
    assert "500" in (answer.problem or "")
    assert len(httpserver.log) == 2 and len(slept) == 1


def test_a_slow_answer_times_out(httpserver: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.5)
        return Response(json.dumps(WORK), content_type="application/json")

    httpserver.expect_request("/crossref/works/10.1/a").respond_with_handler(slow)
    answer, _ = fetch(httpserver, reg.crossref_work("10.1/a"), timeout=0.5)
    assert not answer.ok and not answer.missing
    assert "time" in (answer.problem or "")


def test_a_body_that_is_not_json(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/crossref/works/10.1/a").respond_with_data('{"status": "ok", "mess')
    answer, _ = fetch(httpserver, reg.crossref_work("10.1/a"))
    assert not answer.ok and "not JSON" in (answer.problem or "")


def test_a_body_cut_short(httpserver: HTTPServer) -> None:
    body = json.dumps(WORK).encode()

    def cut(request: Request) -> Response:
        response = Response(body[:20], content_type="application/json")
        response.headers["Content-Length"] = str(len(body))
        return response

    httpserver.expect_request("/crossref/works/10.1/a").respond_with_handler(cut)
    answer, _ = fetch(httpserver, reg.crossref_work("10.1/a"), timeout=3)
    assert not answer.ok and not answer.missing and answer.problem


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_refused_connection_is_asked_once() -> None:
    port = _closed_port()

    async def main() -> list[Answer]:
        client = Client({reg.CROSSREF: f"http://127.0.0.1:{port}"}, timeout=5)
        try:
            first = await client.fetch(reg.crossref_work("10.1/a"))
            started = time.monotonic()
            second = await client.fetch(reg.crossref_work("10.1/b"))
            assert time.monotonic() - started < 0.05  # not tried again
            return [first, second]
        finally:
            await client.close()

    first, second = asyncio.run(main())
    assert not first.ok and "no connection" in (first.problem or "")
    assert second.problem == first.problem


def test_mailto_goes_to_the_polite_pools(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/crossref/works").respond_with_json({"message": {"items": []}})
    answer, _ = fetch(httpserver, reg.crossref_search("A title"), mailto="someone@example.org")
    assert answer.ok
    request, _ = httpserver.log[0]
    assert request.args["mailto"] == "someone@example.org"
    assert request.args["query.bibliographic"] == "A title"
    assert "mailto:someone@example.org" in request.headers["User-Agent"]


def test_no_mailto_to_datacite(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/datacite/dois/10.1/a").respond_with_json({"data": {}})
    answer, _ = fetch(httpserver, reg.datacite_doi("10.1/a"), mailto="someone@example.org")
    assert answer.ok
    assert "mailto" not in httpserver.log[0][0].args


def _concurrency(httpserver: HTTPServer, headers: dict[str, str] | None = None) -> int:
    """The most requests the server had in hand at once, from 20 fetched together."""
    lock = threading.Lock()
    state = {"now": 0, "most": 0}

    def handler(request: Request) -> Response:
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        time.sleep(0.05)
        with lock:
            state["now"] -= 1
        return Response(json.dumps(WORK), content_type="application/json", headers=headers or {})

    httpserver.expect_request("/crossref/works/10.1/a").respond_with_handler(handler)

    async def main() -> None:
        client = Client({reg.CROSSREF: httpserver.url_for("/crossref")}, timeout=20)
        try:
            await client.fetch(reg.crossref_work("10.1/a"))  # the first answer tells the limit, if any
            answers = await asyncio.gather(*(client.fetch(reg.crossref_work("10.1/a")) for _ in range(20)))
        finally:
            await client.close()
        assert all(a.ok for a in answers)

    asyncio.run(main())
    return state["most"]


@pytest.fixture
def threaded_server() -> Any:
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_at_most_five_at_a_time(threaded_server: HTTPServer) -> None:
    most = _concurrency(threaded_server)
    assert most == CONCURRENCY == 5


def test_the_registrys_concurrency_limit_is_honoured(threaded_server: HTTPServer) -> None:
    assert _concurrency(threaded_server, {"x-concurrency-limit": "2"}) == 2
