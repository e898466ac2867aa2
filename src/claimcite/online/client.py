"""HTTP to the registries with httpx: at most five requests at a time per registry (fewer when
the registry's `x-concurrency-limit` asks for fewer), `Retry-After` honoured and backing off
on 429 and 503, one retry on a server error, and one deadline for the whole run. A registry
that refuses the connection is not asked again in that run. Every failure is an `Answer` with
the reason, never an exception: the caller reports it as could-not-verify, never as "not found".
"""

from __future__ import annotations

import asyncio
import collections
import email.utils
import json
import time
from collections.abc import Awaitable, Callable, Mapping
from urllib.parse import urlsplit

import httpx

from claimcite import __version__
from claimcite.online.registries import CROSSREF, OPENALEX, Answer, Request, failed

CONCURRENCY = 5  # per registry
REQUEST_SECONDS = 30.0  # one request, at most
ATTEMPTS = 4  # for 429 and 503
BACKOFF = 1.0  # seconds, doubled on each attempt
MAX_BODY = 20_000_000  # bytes: a registry's answer longer than this is not read


class _Gate:
    """One registry's share of the run: how many requests may be out (waiters are let in one
    by one, first come first served), when it may be asked again after a 429, and why it is
    not asked at all."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.active = 0
        self.waiting: collections.deque[asyncio.Future[None]] = collections.deque()
        self.resume_at = 0.0
        self.down: str | None = None

    def lower(self, limit: int) -> None:
        if 0 < limit < self.limit:
            self.limit = limit

    async def __aenter__(self) -> None:
        if self.active < self.limit and not self.waiting:
            self.active += 1
            return
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiting.append(turn)
        await turn  # the slot was counted for us when we were let in

    async def __aexit__(self, *exc: object) -> None:
        self.active -= 1
        while self.waiting and self.active < self.limit:
            turn = self.waiting.popleft()
            if not turn.done():
                self.active += 1
                turn.set_result(None)


def _retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, moment.timestamp() - now)


class Client:
    """Fetches requests from the registries at `bases` (registry -> base URL)."""

    def __init__(
        self,
        bases: Mapping[str, str],
        *,
        timeout: float,
        mailto: str | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.bases = dict(bases)
        self.timeout = timeout
        self.mailto = mailto
        self.sleep = sleep
        self.clock = clock
        self.deadline = clock() + timeout
        self.gates = {name: _Gate(CONCURRENCY) for name in bases}
        contact = f" (mailto:{mailto})" if mailto else ""
        self.http = httpx.AsyncClient(
            headers={"User-Agent": f"claimcite/{__version__}{contact}", "Accept": "application/json"},
            follow_redirects=True,
            transport=transport,
            timeout=httpx.Timeout(REQUEST_SECONDS),
            trust_env=True,
        )

    async def close(self) -> None:
        await self.http.aclose()

    def url(self, request: Request) -> str:
        return f"{self.bases[request.registry].rstrip('/')}/{request.path}"

    def params(self, request: Request) -> list[tuple[str, str | int | float | bool | None]]:
        params: list[tuple[str, str | int | float | bool | None]] = list(request.params)
        if self.mailto and request.registry in (CROSSREF, OPENALEX):
            params.append(("mailto", self.mailto))  # the polite pools of Crossref and OpenAlex
        return params

    def _left(self) -> float:
        return self.deadline - self.clock()

    def _out_of_time(self) -> Answer:
        return failed(f"the online check ran out of time (online_timeout = {self.timeout:g} s)")

    async def fetch(self, request: Request) -> Answer:
        """The registry's answer to `request`, or why there is none."""
        gate = self.gates[request.registry]
        async with gate:
            answer = failed(f"{request.registry} was not asked")
            server_errors = 0
            for attempt in range(ATTEMPTS):
                if gate.down:
                    return failed(gate.down)
                wait = gate.resume_at - self.clock()
                if wait > 0:
                    if wait >= self._left():
                        return failed(
                            f"{request.registry} asked to wait {wait:.0f} s, longer than the time left"
                        )
                    await self.sleep(wait)
                answer, retry_in = await self._once(request, gate, attempt)
                if retry_in is None:
                    return answer
                if answer.status in (429, 503):
                    if retry_in >= self._left():
                        return failed(
                            f"{answer.problem} and asked to wait {retry_in:g} s, longer than the time left"
                        )
                    gate.resume_at = max(gate.resume_at, self.clock() + retry_in)  # the whole registry waits
                    continue
                server_errors += 1
                if server_errors > 1 or retry_in >= self._left():
                    return answer
                await self.sleep(retry_in)
            return answer

    async def _once(self, request: Request, gate: _Gate, attempt: int) -> tuple[Answer, float | None]:
        """One try: the answer, and the seconds to wait before trying again (None: do not)."""
        left = self._left()
        if left <= 0:
            return self._out_of_time(), None
        registry = request.registry
        try:
            response = await asyncio.wait_for(self._get(request), timeout=min(left, REQUEST_SECONDS))
        except (asyncio.TimeoutError, httpx.TimeoutException) as error:
            if isinstance(error, httpx.ConnectTimeout):
                gate.down = f"no connection to {registry} ({self._host(request)}): it did not answer"
                return failed(gate.down), None
            if self._left() <= 0:
                return self._out_of_time(), None
            return failed(f"{registry} did not answer within {min(left, REQUEST_SECONDS):g} s"), None
        except httpx.ConnectError as error:
            gate.down = f"no connection to {registry} ({self._host(request)}): {_reason(error)}"
            return failed(gate.down), None
        except (httpx.HTTPError, httpx.InvalidURL, _TooLong) as error:
            return failed(f"{registry}'s answer broke off or could not be read ({_reason(error)})"), None
        status, headers, body = response
        limit = headers.get("x-concurrency-limit", "")
        if limit.isdigit():
            gate.lower(int(limit))
        if status in (429, 503):
            wait = _retry_after(headers.get("retry-after"), time.time())
            why = "too many requests" if status == 429 else "unavailable"
            retry_in = wait if wait is not None else BACKOFF * 2**attempt
            return Answer(status, None, f"{registry} answered HTTP {status} ({why})"), retry_in
        if status in (500, 502, 504):
            return Answer(status, None, f"{registry} answered HTTP {status} (server error)"), BACKOFF
        if status == 404:
            return Answer(404), None
        if status != 200:
            return Answer(status, None, f"{registry} answered HTTP {status}"), None
        try:
            return Answer(200, json.loads(body)), None
        except (ValueError, UnicodeDecodeError):
            return failed(f"{registry}'s answer is not JSON (cut short?)"), None

    async def _get(self, request: Request) -> tuple[int, httpx.Headers, bytes]:
        async with self.http.stream(
            "GET", self.url(request), params=httpx.QueryParams(self.params(request))
        ) as response:
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > MAX_BODY:
                    raise _TooLong(f"over {MAX_BODY // 1_000_000} MB")
                chunks.append(chunk)
            return response.status_code, response.headers, b"".join(chunks)

    def _host(self, request: Request) -> str:
        return urlsplit(self.bases[request.registry]).netloc


class _TooLong(Exception):
    pass


def _reason(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."
