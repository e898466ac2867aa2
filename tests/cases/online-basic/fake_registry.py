"""A fake of the scholarly registries' APIs, for claimcite's tests and benchmarks: Python's own
http.server answering from a folder of fixed answers. Nothing here reaches the network.

    python fake_registry.py FOLDER [--port 0] [--latency SECONDS]

prints its base URL (`http://127.0.0.1:PORT`) on the first line and serves until it is
stopped. Each registry lives below it: /crossref, /datacite, /openalex, so that

    CLAIMCITE_CROSSREF_URL=http://127.0.0.1:PORT/crossref
    CLAIMCITE_DATACITE_URL=http://127.0.0.1:PORT/datacite
    CLAIMCITE_OPENALEX_URL=http://127.0.0.1:PORT/openalex

point claimcite at it. FOLDER holds one file per answer, named by the request's path:

- `crossref/works/10.1371/journal.pone.0033693.json` answers GET
  /crossref/works/10.1371/journal.pone.0033693 with 200 and that JSON; a search
  (/crossref/works?query.bibliographic=...) answers with `crossref/works.json`.
- a `.http` file in place of the `.json` is a whole response as it goes over the wire
  (status line, headers, an empty line, the body): errors, Retry-After, a body cut short
  (a Content-Length above the body's length). Lines before the status line that start with
  `# delay SECONDS` hold the answer back.
- no file: 404, worded as that registry words it.
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

NOT_FOUND = {
    "crossref": ("text/plain", b"Resource not found."),
    "datacite": (
        "application/json",
        json.dumps(
            {"errors": [{"status": "404", "title": "The resource you are looking for doesn't exist."}]}
        ).encode(),
    ),
}


@dataclass
class Seen:
    """A request as the fake registry received it."""

    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


@dataclass
class FakeRegistry:
    """The server, its folder of answers (which may change between runs) and what it was asked."""

    folder: str
    latency: float = 0.0
    port: int = 0
    seen: list[Seen] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    server: http.server.ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def environment(self) -> dict[str, str]:
        """The variables that point claimcite at this registry."""
        return {
            f"CLAIMCITE_{name.upper()}_URL": f"{self.url}/{name}"
            for name in ("crossref", "datacite", "openalex")
        }

    def start(self) -> FakeRegistry:
        registry = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms stall

            def do_GET(self) -> None:
                registry.answer(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def __enter__(self) -> FakeRegistry:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _file(self, path: str) -> str | None:
        relative = urllib.parse.unquote(path).lstrip("/")
        base = os.path.realpath(self.folder)
        for suffix in (".http", ".json"):
            candidate = os.path.realpath(os.path.join(base, relative + suffix))
            if candidate.startswith(base + os.sep) and os.path.isfile(candidate):
                return candidate
        return None

    def answer(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        parts = urllib.parse.urlsplit(handler.path)
        self.seen.append(Seen(parts.path, urllib.parse.parse_qs(parts.query), dict(handler.headers.items())))
        if self.latency:
            self.stopping.wait(self.latency)
        found = self._file(parts.path)
        if found is None:
            registry = parts.path.strip("/").split("/", 1)[0]
            kind, body = NOT_FOUND.get(registry, ("text/plain", b"Not Found"))
            self._send(handler, 404, {"Content-Type": kind}, body)
        elif found.endswith(".json"):
            with open(found, "rb") as stream:
                body = stream.read()
            self._send(handler, 200, {"Content-Type": "application/json"}, body)
        else:
            self._raw(handler, found)

    def _send(
        self, handler: http.server.BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: bytes
    ) -> None:
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def _raw(self, handler: http.server.BaseHTTPRequestHandler, path: str) -> None:
        with open(path, "rb") as stream:
            data = stream.read().replace(b"\r\n", b"\n")
        lines = data.split(b"\n")
        while lines and lines[0].startswith(b"#"):
            words = lines.pop(0).decode().split()
            if words[1:2] == ["delay"]:
                self.stopping.wait(float(words[2]))
        head, _, body = b"\n".join(lines).partition(b"\n\n")
        head_lines = head.split(b"\n")
        if b"content-length" not in head.lower():
            head_lines.append(b"Content-Length: %d" % len(body))
        head_lines.append(b"Connection: close")
        handler.close_connection = True
        try:
            handler.wfile.write(b"\r\n".join(head_lines) + b"\r\n\r\n" + body)
            handler.wfile.flush()
        except OSError:
            pass  # the client gave up waiting


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="A fake of Crossref, DataCite and OpenAlex for tests.")
    parser.add_argument("folder")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    args = parser.parse_args(argv)
    registry = FakeRegistry(args.folder, latency=args.latency, port=args.port).start()
    print(registry.url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        registry.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
