"""PDF text extraction in a process of its own, so that no PDF can take claimcite down with it.

PDFium is C++: a PDF made to inflate (445 KB that unpack to 128 MB of drawing operators) asks
it for gigabytes, and a broken one can make it abort (SIGABRT) or hang on one page. The worker
(`python -m claimcite.load.pdfworker`) reads one PDF after another for the run, page by page,
with its address space limited (WORKER_MEMORY_MB, or less where the run itself is limited), and
streams each page back as soon as it is read. When it dies or stops answering, the pages read
so far are kept, the rest is a finding ("pages after N are not checked") and such a partial
text is never cached as whole; the next PDF gets a fresh worker.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from typing import IO, Any

BATCH = 16  # pages the worker writes at once, unless asked to be careful
WORKER_MEMORY_MB = 1024  # address space of the worker: a page that needs more is not read
GRACE_SECONDS = 10.0  # how long after its time is up a worker may take to say so
_SURROGATE = re.compile("[\ud800-\udfff]")


# The worker --------------------------------------------------------------------------------------


def _limit_memory(megabytes: int) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = megabytes * 1024 * 1024
    if soft == resource.RLIM_INFINITY or soft > wanted:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _read(path: str, seconds: float, emit: Callable[[dict[str, Any]], None], start: int = 0) -> None:
    """Emit the number of pages of the PDF at `path` ({"count"}), each page from `start` on
    ({"label", "text"}), then {"done": problem or None}; after `seconds`, {"done": ..., "after":
    index} for the pages not read."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        encrypted = "password" in str(error).lower()
        emit({"done": "the PDF is encrypted" if encrypted else f"the PDF cannot be read ({error})"})
        return
    started = time.perf_counter()
    try:
        emit({"count": len(document)})
        for index in range(start, len(document)):
            if time.perf_counter() - started > seconds:
                emit({"done": f"the PDF took over {seconds:.0f}s to read", "after": index})
                return
            page = document[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            label = document.get_page_label(index) or str(index + 1)
            textpage.close()
            page.close()
            # PDFium marks a hyphen that breaks a word at a line end as U+FFFE and joins the
            # word: kept as a soft hyphen, so that `sociaal-economisch` and `sociaaleconomisch`
            # both match; lone surrogates of a broken text layer cannot be written as UTF-8
            text = _SURROGATE.sub("\ufffd", text.replace("\ufffe", "\u00ad").replace("\r\n", "\n"))
            emit({"label": _SURROGATE.sub("\ufffd", label), "text": text})
    finally:
        document.close()
    emit({"done": None})


def main() -> None:  # pragma: no cover - runs in the worker process
    _limit_memory(int(sys.argv[1]) if len(sys.argv) > 1 else WORKER_MEMORY_MB)
    out = sys.stdout.buffer
    pending = [0, time.monotonic()]  # pages written since the last flush, and when that was
    careful = [False]

    def emit(event: dict[str, Any]) -> None:
        # a JSON line, and for a page its text after it as so many bytes of UTF-8 (cheaper than JSON)
        if "text" in event:
            payload = event["text"].encode("utf-8")
            out.write(json.dumps({"label": event["label"], "bytes": len(payload)}).encode() + b"\n" + payload)
        else:
            out.write(json.dumps(event).encode() + b"\n")
        pending[0] += 1
        # pages go in batches (a wake-up of the run per page costs more than the page); after a
        # crash the run asks again, page by page, to tell the page that crashed
        if careful[0] or "text" not in event or pending[0] >= BATCH or time.monotonic() - pending[1] > 0.05:
            out.flush()
            pending[:] = [0, time.monotonic()]

    for line in sys.stdin:
        request = json.loads(line)
        careful[0] = bool(request.get("careful"))
        try:
            _read(request["path"], float(request["seconds"]), emit, int(request.get("start", 0)))
        except MemoryError:
            emit({"done": "the PDF needs more memory than is allowed to read it"})


# The run's side ------------------------------------------------------------------------------------

Pages = list[tuple[str, str]]  # (label, text) of each page read
MOST_LOST = 3  # pages that crash the reader before the rest of the PDF is given up


def _finished(pages: Pages, event: dict[str, Any]) -> tuple[Pages, str | None, bool]:
    """The pages, the problem and whether they are the whole text, from the worker's last event."""
    if "after" in event:
        return pages, f"{event['done']}: pages after {event['after']} are not checked", False
    return pages, event["done"], True


def read_here(path: str, seconds: float) -> tuple[Pages, str | None, bool]:
    """As `Reader.read`, in this process (where pipes cannot be waited on with select)."""
    events: list[dict[str, Any]] = []
    _read(path, seconds, events.append)
    pages = [(event["label"], event["text"]) for event in events if "text" in event]
    return _finished(pages, events[-1])


def _not_checked(why: str, after: int, lost: list[int]) -> str:
    left_out = f"pages {', '.join(map(str, lost))} and " if lost else ""
    return f"{why}: {left_out}the pages from {after + 1} on are not checked"


class Reader:
    """The worker of one run, started when the first PDF is read and again after one died."""

    def __init__(self, memory_mb: int = WORKER_MEMORY_MB) -> None:
        self.memory_mb = memory_mb
        self.process: subprocess.Popen[bytes] | None = None
        self.buffer = bytearray()
        self.ended = False

    def _start(self) -> subprocess.Popen[bytes]:
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "claimcite.load.pdfworker", str(self.memory_mb)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
            self.buffer = bytearray()
            self.ended = False
        return self.process

    def _fill(self, stream: IO[bytes], deadline: float) -> bool:
        """More bytes from the worker into the buffer; False when it is gone or time is up."""
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([stream], [], [], left)[0]:
            return False
        chunk = os.read(stream.fileno(), 1 << 16)
        if not chunk:
            self.ended = True  # the worker is gone (its status comes when it is reaped)
            return False
        self.buffer += chunk
        return True

    def _event(self, stream: IO[bytes], deadline: float) -> dict[str, Any] | None:
        """The next event from the worker (a page with its text), or None when it is gone or
        the deadline has passed."""
        while (end := self.buffer.find(b"\n")) == -1:
            if not self._fill(stream, deadline):
                return None
        event: dict[str, Any] = json.loads(self.buffer[:end])
        del self.buffer[: end + 1]
        if "bytes" in event:
            while len(self.buffer) < event["bytes"]:
                if not self._fill(stream, deadline):
                    return None
            event["text"] = self.buffer[: event["bytes"]].decode("utf-8", errors="replace")
            del self.buffer[: event["bytes"]]
        return event

    def _attempt(self, path: str, seconds: float, start: int, pages: Pages, careful: bool) -> dict[str, Any]:
        """Read the PDF from page `start` on, adding to `pages`: the worker's last event, or
        {"lost": index, "status": ...} where it died or stopped answering at page `index` (with
        `careful`, exactly there: the worker writes each page as soon as it is read)."""
        process = self._start()
        assert process.stdin is not None and process.stdout is not None
        request = {"path": path, "seconds": seconds, "start": start, "careful": careful}
        try:
            process.stdin.write(json.dumps(request).encode() + b"\n")
            process.stdin.flush()
        except OSError:
            self.close()
            return {"lost": start, "status": "the PDF reader could not be started", "count": None}
        index, count = start, None
        deadline = time.monotonic() + seconds + GRACE_SECONDS
        while True:
            event = self._event(process.stdout, deadline)
            if event is None:
                return {"lost": index, "status": self._end(), "count": count}
            if "count" in event:
                count = event["count"]
            elif "text" in event:
                pages.append((event["label"], event["text"]))
                index += 1
            else:
                return event

    def read(self, path: str, seconds: float) -> tuple[Pages, str | None, bool]:
        """The pages (label, text) of the PDF at `path`, what went wrong, and whether the pages
        are the whole text (else they must not be cached as if they were). A page that crashes
        the reader is left out and the reading goes on after it, a few times at most."""
        pages: Pages = []
        lost: list[int] = []  # pages left out, counted from 1
        why = ""
        started = time.monotonic()
        start = 0
        careful = False
        while True:
            left = seconds - (time.monotonic() - started)
            if left <= 0:
                return pages, _not_checked(f"the PDF took over {seconds:.0f}s to read", start, lost), False
            event = self._attempt(path, left, start, pages, careful)
            if "lost" not in event:
                pages, problem, complete = _finished(pages, event)
                break
            if event["status"] == "timeout":
                return pages, _not_checked("one page took too long to read", event["lost"], lost), False
            if event["count"] is None:  # the document itself, not one of its pages
                return pages, f"the PDF cannot be read: {event['status']}", False
            start = event["lost"]
            careful = not careful
            if careful:  # pages of the last batch may have been read: again, one by one
                continue
            why = event["status"]
            lost.append(start + 1)
            start += 1
            if len(lost) > MOST_LOST:
                return pages, _not_checked(why, start, lost), False
            if start >= event["count"]:
                problem, complete = None, True
                break
        if not lost:
            return pages, problem, complete
        listed = ", ".join(map(str, lost))
        skipped = f"{why}: page{'s' if len(lost) > 1 else ''} {listed} of the file not checked"
        return pages, skipped if problem is None else f"{problem}; {skipped}", False

    def _end(self) -> str:
        """End the worker that stopped answering, and say why it did."""
        process = self.process
        status = None
        if process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                status = process.wait(timeout=10) if self.ended else process.poll()
        self.close()
        if status is None:
            return "timeout"
        if status < 0 and -status in (signal.SIGABRT, signal.SIGSEGV, getattr(signal, "SIGBUS", 7)):
            return "the PDF reader crashed (or ran out of memory)"
        if status < 0 and -status == getattr(signal, "SIGKILL", 9):
            return "the PDF reader was killed (out of memory?)"
        return f"the PDF reader stopped (status {status})"

    def close(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        with contextlib.suppress(OSError):
            if process.poll() is None:
                process.kill()
            process.wait(timeout=10)
        for stream in (process.stdin, process.stdout):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()


if __name__ == "__main__":  # pragma: no cover
    main()
