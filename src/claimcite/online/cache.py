"""The registries' answers on disk, in `.claimcite-cache/online/` of the project: one file per
request, keyed by the request (registry, path and query; the polite-pool address is not part
of it), kept for 30 days. Only definitive answers are kept, a record (200) or "no such DOI"
(404): a lookup that failed is asked again next time.

Every write goes through `_write`, the one place this package writes a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from typing import Any

from claimcite.contain import Area
from claimcite.files import read_bytes, write_atomically
from claimcite.online.registries import Request

VERSION = 1
TTL_SECONDS = 30 * 24 * 3600
FOLDER = "online"


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

    def _path(self, request: Request) -> str | None:
        if self.folder is None:
            return None
        digest = hashlib.sha256(request.key.encode("utf-8")).hexdigest()
        return os.path.join(self.folder, FOLDER, digest[:2], digest + ".json")

    def get(self, request: Request) -> tuple[int, Any] | None:
        """The status (200 or 404) and JSON of a fresh answer to `request`, or None."""
        path = self._path(request)
        if path is None or self.refresh:
            return None
        try:
            stored = json.loads(read_bytes(path, self.area).decode("utf-8"))
            if (
                stored["version"] != VERSION
                or stored["request"] != request.key
                or not 0 <= self.clock() - float(stored["stored"]) < self.ttl
                or stored["status"] not in (200, 404)
            ):
                return None
            return int(stored["status"]), stored["data"]
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return None  # absent, or broken: asked again

    def put(self, request: Request, status: int, data: Any) -> None:
        path = self._path(request)
        if path is None or status not in (200, 404):
            return
        stored = {"version": VERSION, "request": request.key, "stored": self.clock(), "status": status}
        stored["data"] = data
        _write(self.folder or "", path, json.dumps(stored, ensure_ascii=False).encode("utf-8"), self.area)


def _write(cache_folder: str, path: str, data: bytes, area: Area) -> None:
    """Write one cache file whole; a cache that cannot be written is no cache."""
    try:
        area.admit(os.path.dirname(path))  # no folder made through a link out of the root
        os.makedirs(os.path.dirname(path), exist_ok=True)
        ignore = os.path.join(cache_folder, ".gitignore")
        if not os.path.isfile(ignore):
            write_atomically(ignore, b"# claimcite's cache\n*\n", area)
        write_atomically(path, data, area)
    except OSError:
        pass
