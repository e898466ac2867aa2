"""Writing files whole (DESIGN §4): a temporary file in the target's folder, then a rename, so
that a crash or a kill leaves the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from typing import IO, TextIO, cast


@contextlib.contextmanager
def _replacing(path: str, mode: str) -> Iterator[IO[bytes] | IO[str]]:
    target = os.path.abspath(path)
    handle, temporary = tempfile.mkstemp(prefix=".claimcite-", suffix=".tmp", dir=os.path.dirname(target))
    try:
        encoding = None if "b" in mode else "utf-8"
        newline = None if "b" in mode else "\n"
        with os.fdopen(handle, mode, encoding=encoding, newline=newline) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(OSError):  # keep the permissions of the file it replaces
            os.chmod(temporary, os.stat(target).st_mode & 0o7777)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def replacing(path: str) -> Iterator[TextIO]:
    """A text stream whose content replaces the file at `path` when the block ends without error."""
    with _replacing(path, "w") as stream:
        yield cast(TextIO, stream)


def write_atomically(path: str, data: bytes) -> None:
    """Write `data` to `path` whole."""
    with _replacing(path, "wb") as stream:
        cast(IO[bytes], stream).write(data)
