"""Headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: no
port, no websocket library), for the tests and the benchmark of the HTML report.

A page is opened in a viewport of an exact size (a phone's, where `--window-size` alone stops at
500 pixels), measured with JavaScript that DevTools runs outside the page's Content-Security-
Policy, and photographed.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

# The flags for a headless Chromium that talks to nothing but the page it is given.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def find() -> str | None:
    """Debian's `chromium` (or `chromium-browser`), or None when neither is installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


class ChromiumError(Exception):
    pass


def _high(pair: tuple[int, int]) -> tuple[int, int]:
    """A pipe's ends moved above 9, clear of the descriptors 3 and 4 that Chromium reads."""
    import fcntl

    moved = tuple(fcntl.fcntl(end, fcntl.F_DUPFD, 10) for end in pair)
    for end in pair:
        os.close(end)
    return moved[0], moved[1]


class Browser:
    """One headless Chromium with a fresh profile; close it (or use `with`)."""

    def __init__(self, executable: str, *, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="claimcite-chromium-")
        to_browser, self._commands = _high(os.pipe())
        self._answers, from_browser = _high(os.pipe())
        # Chromium reads commands on descriptor 3 and writes answers on 4 (bash: dash takes fds < 10)
        command = f'exec "$0" "$@" 3<&{to_browser} 4>&{from_browser} {to_browser}<&- {from_browser}>&-'
        self.process = subprocess.Popen(
            ["bash", "-c", command, executable, *FLAGS, f"--user-data-dir={self.profile}",
             "--remote-debugging-pipe", "about:blank"],
            pass_fds=(to_browser, from_browser),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._events: list[dict[str, Any]] = []
        self._next = 0
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Page.enable", session=self.session)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for descriptor in (self._commands, self._answers):
            with contextlib.suppress(OSError):
                os.close(descriptor)
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    def _message(self, deadline: float) -> dict[str, Any]:
        import select

        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._answers], [], [], left)[0]:
                raise ChromiumError("Chromium did not answer in time")
            chunk = os.read(self._answers, 1 << 20)
            if not chunk:
                raise ChromiumError("Chromium closed the pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)  # type: ignore[no-any-return]

    def send(self, method: str, params: dict[str, Any] | None = None, *, session: str | None = None) -> Any:
        """Send a command and wait for its answer; events that come meanwhile are kept."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self._message(deadline)
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise ChromiumError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self._events.append(answer)

    def wait_for(self, event: str) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while True:
            for index, seen in enumerate(self._events):
                if seen.get("method") == event:
                    return self._events.pop(index)
            self._events.append(self._message(deadline))

    def open(self, path: Path, *, width: int, height: int, mobile: bool = False) -> float:
        """Load the file at `path` in a viewport of `width` x `height` CSS pixels; the seconds
        from the request to the page's load event."""
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
            session=self.session,
        )
        self._events = [e for e in self._events if e.get("method") != "Page.loadEventFired"]
        started = time.perf_counter()
        self.send("Page.navigate", {"url": path.resolve().as_uri()}, session=self.session)
        self.wait_for("Page.loadEventFired")
        return time.perf_counter() - started

    def evaluate(self, expression: str) -> Any:
        found = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            session=self.session,
        )
        if "exceptionDetails" in found:
            raise ChromiumError(f"script failed: {found['exceptionDetails']}")
        return found["result"].get("value")

    def media(self, media: str) -> None:
        """Lay the page out for `print` or `screen`."""
        self.send("Emulation.setEmulatedMedia", {"media": media}, session=self.session)

    def pdf(self) -> bytes:
        """The page printed on A4."""
        found = self.send(
            "Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True},
            session=self.session,
        )  # fmt: skip
        return base64.b64decode(found["data"])

    def screenshot(self) -> bytes:
        """The viewport as a PNG."""
        found = self.send("Page.captureScreenshot", {"format": "png"}, session=self.session)
        return base64.b64decode(found["data"])


# What sticks out of the page sideways: the page's own width against the viewport's (a phone's
# browser zooms out to fit a page that is wider: `inner` grows), and the elements whose right edge
# passes the viewport outside any box that scrolls sideways itself.
# Content skipped while off-screen (content-visibility: auto) is laid out first.
OVERFLOW = """
(() => {
  for (const element of document.querySelectorAll("*")) {
    if (getComputedStyle(element).contentVisibility === "auto") element.style.contentVisibility = "visible";
  }
  const scrolls = (element) => {
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      const x = getComputedStyle(up).overflowX;
      if (x === "auto" || x === "scroll" || x === "hidden") return true;
    }
    return false;
  };
  const root = document.documentElement;
  const wide = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width && box.right > root.clientWidth + 0.5 && !scrolls(element)) {
      wide.push(element.tagName.toLowerCase() + (element.className ? "." + element.className : ""));
    }
  }
  return {page: root.scrollWidth, viewport: root.clientWidth, inner: innerWidth, wide: wide.slice(0, 10)};
})()
"""


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, from its header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
