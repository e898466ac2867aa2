"""Every read and every write of claimcite, through `contain.Area.admit` (DESIGN §1, §4).

Reads take regular files only (a FIFO, a device or a folder is refused, never waited on or
read without end) and no more than the area's size cap. Writes are whole: the new content
goes to a temporary file in the target's folder, then a rename over the target, so that a
crash or a kill leaves the old file or the new one, never half of one. A link is written
through (its target is replaced, the link stays), and a target that is not a regular file
(a FIFO, `/dev/stdout`, a terminal) is written into, never replaced by a file.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import stat
import time
from collections.abc import Iterator
from typing import TextIO

from claimcite.files.contain import Area, Refused

_KINDS = (
    (stat.S_ISDIR, "it is a folder, not a file"),
    (stat.S_ISFIFO, "it is a named pipe (FIFO), not a regular file"),
    (stat.S_ISCHR, "it is a device, not a regular file"),
    (stat.S_ISBLK, "it is a device, not a regular file"),
    (stat.S_ISSOCK, "it is a socket, not a regular file"),
)


def _not_regular(mode: int) -> str | None:
    for test, reason in _KINDS:
        if test(mode):
            return reason
    return None if stat.S_ISREG(mode) else "it is not a regular file"


CACHE_FOLDER = ".claimcite-cache"  # in the root: what claimcite keeps between runs

_noted: list[dict[str, int]] = []  # the files read while `reads()` is open, and when


@contextlib.contextmanager
def reads() -> Iterator[dict[str, int]]:
    """Note every file that `read_bytes` reads meanwhile: its real path and when it was first
    read (time.time_ns()), so that a kept result can tell whether its inputs changed since."""
    noted: dict[str, int] = {}
    _noted.append(noted)
    try:
        yield noted
    finally:
        _noted.remove(noted)


UNSETTLED = "\0unsettled"  # noted by `unsettled()`


def unsettled() -> None:
    """Say that what was read this time may read otherwise next time with the same files (a
    full text cut short by its time limit): no result of this run is kept."""
    for noted in _noted:
        noted[UNSETTLED] = 0


def read_bytes(path: str, area: Area) -> bytes:
    """The bytes of the regular file at `path`, which `area` must admit and whose size must
    stay within its cap. Raises Refused (an OSError) saying why, or the OSError of the read."""
    real = area.admit(path)
    for noted in _noted:
        noted.setdefault(real, time.time_ns())
    # O_NONBLOCK: opening a FIFO does not wait for a writer (it is refused just after)
    flags = (
        os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    )
    descriptor = os.open(real, flags)
    try:
        status = os.fstat(descriptor)
        reason = _not_regular(status.st_mode)
        if reason is not None:
            raise Refused(path, reason)
        if status.st_size > area.max_bytes:
            raise Refused(path, f"it is larger than {area.size_limit()} (`max_file_mb` in the config)")
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = stream.read(area.max_bytes + 1)
    finally:
        os.close(descriptor)
    if len(data) > area.max_bytes:  # it grew while it was read
        raise Refused(path, f"it is larger than {area.size_limit()} (`max_file_mb` in the config)")
    return data


# Writes ------------------------------------------------------------------------------------

_TERMINATING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: raised so that a write in progress removes its temporary file."""


def _terminate(signum: int, _frame: object) -> None:
    raise Terminated(signum)


def exit_cleanly_on_signals() -> None:
    """Let SIGTERM and SIGHUP unwind the stack (removing temporary files) instead of ending the
    process where it stands; for the console script, which is the main thread."""
    for signum in _TERMINATING:
        with contextlib.suppress(ValueError, OSError):  # not the main thread, or not allowed
            signal.signal(signum, _terminate)


def _temporary(folder: str, mode: int) -> tuple[int, str | None]:
    """A descriptor to write the new content to: an unnamed file in `folder` where the system
    has them (Linux O_TMPFILE: a kill leaves nothing behind), else a named temporary file."""
    flag = getattr(os, "O_TMPFILE", 0)
    if flag and os.path.isdir("/proc/self/fd"):
        try:
            return os.open(folder, flag | os.O_WRONLY, mode), None
        except OSError:
            pass  # a file system without O_TMPFILE
    import tempfile  # imported here: a run that writes nothing needs none

    descriptor, name = tempfile.mkstemp(prefix=f".claimcite-{os.getpid()}-", suffix=".tmp", dir=folder)
    return descriptor, name


_STALE = re.compile(r"\.claimcite-(\d+)-\w+\.tmp")
_swept: set[str] = set()


def _sweep(folder: str) -> None:
    """Remove the temporary files that a claimcite killed with SIGKILL (which no process can
    catch) left in `folder` between naming its new file and renaming it: those whose process is
    gone. Once per folder per run."""
    if folder in _swept:
        return
    _swept.add(folder)
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            found = _STALE.fullmatch(entry.name)
            if found is None or int(found[1]) == os.getpid() or _alive(int(found[1])):
                continue
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # another user's process, or a number no process has: leave its file
    return True


def _replace(real: str, data: bytes) -> None:
    """Write `data` to a temporary file beside `real`, then rename it over `real`."""
    folder = os.path.dirname(real)
    try:
        mode = os.stat(real).st_mode & 0o7777  # keep the permissions of the file it replaces
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    _sweep(folder)
    descriptor, name = _temporary(folder, mode)
    try:
        with os.fdopen(descriptor, "wb", closefd=False) as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if hasattr(os, "fchmod"):
            os.fchmod(descriptor, mode)
        elif name is not None:  # pragma: no cover - Windows before Python 3.13: a named file
            os.chmod(name, mode)
        if name is None:  # an unnamed file: give it a name for just as long as the rename takes
            name = os.path.join(folder, f".claimcite-{os.getpid()}-{os.urandom(4).hex()}.tmp")
            _link(descriptor, name)
        os.replace(name, real)
        name = None
    finally:
        os.close(descriptor)
        if name is not None:
            with contextlib.suppress(OSError):
                os.unlink(name)


def _link(descriptor: int, name: str) -> None:
    """Give the unnamed file open at `descriptor` the name `name` (linkat with
    AT_SYMLINK_FOLLOW on /proc/self/fd, which os.link does only when given a folder
    descriptor)."""
    folder = os.open(os.path.dirname(name), os.O_RDONLY)
    try:
        os.link(
            f"/proc/self/fd/{descriptor}", os.path.basename(name), dst_dir_fd=folder, follow_symlinks=True
        )
    finally:
        os.close(folder)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomically(path: str, data: bytes, area: Area) -> None:
    """Write `data` to `path`, which `area` must admit: a regular file (or a new one) is replaced
    whole, a link's target is written, a FIFO or a device is written into."""
    real = area.admit(path)
    try:
        mode = os.stat(path).st_mode  # links followed: /dev/stdout is the pipe or terminal it names
    except FileNotFoundError:
        mode = stat.S_IFREG
    if stat.S_ISDIR(mode):
        raise Refused(path, "it is a folder")
    if not stat.S_ISREG(mode):
        with open(path, "wb") as stream:  # a FIFO, /dev/stdout, a terminal: write into it
            stream.write(data)
        return
    _replace(real, data)


@contextlib.contextmanager
def replacing(path: str, area: Area) -> Iterator[TextIO]:
    """A text stream whose content is written to `path` (as `write_atomically` writes) when the
    block ends without error."""
    area.admit(path)  # refused before anything is produced
    buffer = io.StringIO(newline="\n")
    yield buffer
    write_atomically(path, buffer.getvalue().encode("utf-8"), area)


def write_cache(cache_folder: str, path: str, data: bytes, area: Area) -> None:
    """Write one file of claimcite's cache (`path`, inside `cache_folder`) whole, making its
    folder and the cache's `.gitignore` as needed. A cache that cannot be written (a folder
    that is a file, a full disk, no permission, a link out of the root) is no cache, never an
    error: nothing is raised."""
    try:
        area.admit(os.path.dirname(path))  # no folder made through a link out of the root
        os.makedirs(os.path.dirname(path), exist_ok=True)
        ignore = os.path.join(cache_folder, ".gitignore")
        if not os.path.isfile(ignore):
            write_atomically(ignore, b"# claimcite's cache\n*\n", area)
        write_atomically(path, data, area)
    except OSError:
        pass


def prune_cache(folder: str, keep: int, area: Area) -> None:
    """Remove all but the `keep` files of the cache folder `folder` written last, so that a cache
    that gains a file with every different command stays bounded. What cannot be removed stays:
    nothing is raised."""
    try:
        area.admit(folder)
        with os.scandir(folder) as entries:
            found = [entry for entry in entries if entry.is_file(follow_symlinks=False)]
        found.sort(key=lambda entry: entry.stat(follow_symlinks=False).st_mtime_ns, reverse=True)
        for entry in found[keep:]:
            os.unlink(entry.path)
    except OSError:
        pass
