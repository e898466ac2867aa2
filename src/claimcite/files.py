"""Writing files whole (DESIGN §4): a temporary file in the target's folder, then a rename, so
that a crash or a kill leaves the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from typing import TextIO


@contextlib.contextmanager
def replacing(path: str) -> Iterator[TextIO]:
    """A text stream whose content replaces the file at `path` when the block ends without error."""
    target = os.path.abspath(path)
    handle, temporary = tempfile.mkstemp(prefix=".claimcite-", suffix=".tmp", dir=os.path.dirname(target))
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
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


def write_atomically(path: str, data: bytes) -> None:
    """Write `data` to `path` whole."""
    target = os.path.abspath(path)
    handle, temporary = tempfile.mkstemp(prefix=".claimcite-", suffix=".tmp", dir=os.path.dirname(target))
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(OSError):
            os.chmod(temporary, os.stat(target).st_mode & 0o7777)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
