"""The lookups that the cache could not answer, run concurrently against the registries within
one deadline; each answer worth keeping goes to the cache."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping

from claimcite.load.read import Progress
from claimcite.model import Lookup, Outcome
from claimcite.online.cache import Cache
from claimcite.online.client import Client
from claimcite.online.lookup import Result, Step
from claimcite.online.registries import Answer, Request, trim

GRACE_SECONDS = 2.0  # past the deadline, for lookups to finish what they are doing


async def _run_one(step: Step, client: Client, cache: Cache) -> Result:
    request = next(step)
    while True:
        cached = cache.get(request)
        if cached is not None:
            answer = Answer(*cached)
        else:
            answer = await client.fetch(request)
            if answer.ok or answer.missing:
                data = trim(request, answer.data) if answer.ok else None
                cache.put(request, answer.status or 0, data)
                answer = Answer(answer.status, data)
        try:
            request = step.send(answer)
        except StopIteration as stop:
            result: Result = stop.value
            return result


async def _run_all(
    pending: Mapping[str, Callable[[], Step]],
    cache: Cache,
    client: Client,
    progress: Progress | None,
) -> dict[str, Result]:
    async def one(key: str) -> tuple[str, Result]:
        result = await _run_one(pending[key](), client, cache)
        if progress is not None:
            progress.advance()
        return key, result

    tasks = [asyncio.ensure_future(one(key)) for key in pending]
    done, late = await asyncio.wait(tasks, timeout=client.timeout + GRACE_SECONDS)
    for task in late:
        task.cancel()
    results: dict[str, Result] = {}
    for task in done:
        if not task.cancelled() and task.exception() is None:
            key, result = task.result()
            results[key] = result
    await client.close()
    return results


def run_network(
    pending: Mapping[str, Callable[[], Step]],
    cache: Cache,
    *,
    bases: Mapping[str, str],
    timeout: float,
    mailto: str | None,
    progress: Callable[[int], Progress] | None = None,
) -> dict[str, Result]:
    """The result of every pending lookup; one that did not finish is unverified."""
    bar = progress(len(pending)) if progress is not None and len(pending) > 3 else None

    async def main() -> dict[str, Result]:
        client = Client(bases, timeout=timeout, mailto=mailto)
        return await _run_all(pending, cache, client, bar)

    try:
        results = asyncio.run(main())
    finally:
        cache.flush()  # what was answered is kept, also when the run was interrupted
        if bar is not None:
            bar.close()
    reason = f"the online check ran out of time (online_timeout = {timeout:g} s)"
    for key in pending:
        if key not in results:
            results[key] = (Lookup(key, Outcome.UNVERIFIED, reason=reason), ())
    return {key: results[key] for key in pending}


__all__ = ["Request", "run_network"]
