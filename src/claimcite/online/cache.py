"""The registries' answers on disk, in `.claimcite-cache/online/` of the project, keyed by the
request (registry, path and query; the polite-pool address is not part of it) and kept for 30
days. Only definitive answers are kept, a record (200) or "no such DOI" (404): a lookup that
failed is asked again next time.

The answers live in 16 files, each holding the requests whose key hashes to it: a warm run
reads 16 files, not one per request, and a cold run writes each changed file once at its end
(`flush`), expired answers left out. Two runs that write at once may lose each other's new
answers, which are then asked again: a cache, not a record.

Every write goes through `_write`, the one place this package writes a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from typing import Any

from claimcite.files import read_bytes, write_cache
from claimcite.files.contain import Area
from claimcite.online.registries import Request

VERSION = 2
TTL_SECONDS = 30 * 24 * 3600
FOLDER = "online"
SHARDS = 16


class Cache:
    """Answers by request. `folder` None: no cache (`--no-cache`); `refresh`: nothing is read,
    everything asked is written (`--refresh`). Files are read and written where `area` admits
    them (by default, inside `folder`)."""

    def __init__(
        self,
        folder: str | None,
        *,
        area: Area | None = None,
        refresh: bool = False,
        ttl: float = TTL_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.folder = folder
        self.area = area or Area.of(folder or os.curdir)
        self.refresh = refresh
        self.ttl = ttl
        self.clock = clock
        self.shards: dict[int, dict[str, Any]] = {}
        self.changed: set[int] = set()

    def _path(self, shard: int) -> str:
        return os.path.join(self.folder or "", FOLDER, f"answers-{shard:x}.json")

    def _shard(self, request: Request) -> tuple[dict[str, Any], int]:
        digest = hashlib.sha256(request.key.encode("utf-8")).digest()
        number = digest[0] % SHARDS
        if number not in self.shards:
            self.shards[number] = self._read(number)
        return self.shards[number], number

    def _read(self, shard: int) -> dict[str, Any]:
        try:
            stored = json.loads(read_bytes(self._path(shard), self.area).decode("utf-8"))
            if stored["version"] == VERSION and isinstance(stored["answers"], dict):
                return dict(stored["answers"])
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            pass  # absent or broken: everything in it is asked again
        return {}

    def _fresh(self, entry: Any) -> bool:
        try:
            return 0 <= self.clock() - float(entry["stored"]) < self.ttl and entry["status"] in (200, 404)
        except (KeyError, TypeError, ValueError):
            return False

    def get(self, request: Request) -> tuple[int, Any] | None:
        """The status (200 or 404) and JSON of a fresh answer to `request`, or None."""
        if self.folder is None or self.refresh:
            return None
        answers, _ = self._shard(request)
        entry = answers.get(request.key)
        if not isinstance(entry, dict) or not self._fresh(entry):
            return None
        return int(entry["status"]), entry.get("data")

    def put(self, request: Request, status: int, data: Any) -> None:
        """Keep an answer; it reaches the disk with `flush`."""
        if self.folder is None or status not in (200, 404):
            return
        answers, number = self._shard(request)
        answers[request.key] = {"stored": self.clock(), "status": status, "data": data}
        self.changed.add(number)

    def flush(self) -> None:
        """Write the files that gained answers, without the answers that expired."""
        for number in sorted(self.changed):
            answers = {key: entry for key, entry in self.shards[number].items() if self._fresh(entry)}
            stored = {"version": VERSION, "answers": answers}
            _write(
                self.folder or "",
                self._path(number),
                json.dumps(stored, ensure_ascii=False).encode("utf-8"),
                self.area,
            )
        self.changed.clear()


def _write(cache_folder: str, path: str, data: bytes, area: Area) -> None:
    """Write one cache file whole; a cache that cannot be written is no cache."""
    write_cache(cache_folder, path, data, area)
