"""Containment (DESIGN §1, §4): nothing is read or written outside the project root, except
in folders the user allowed. `Area.admit` is the one place that decides, for every file that
claimcite opens or writes; `files` opens and writes only through it.

A path is judged by where it really leads (symbolic links followed, `..` resolved), so a
link inside the root that points out of it is refused like the outside path itself. What is
refused is an OSError (`Refused`) whose `strerror` says why, so that every caller that
already turns an unreadable file into a finding reports the refusal in the same words.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from dataclasses import dataclass

MAX_FILE_MB = 200.0  # the default size cap of one input file (`max_file_mb` in the config)


class Refused(OSError):
    """A file that claimcite will not open or write; `strerror` says why."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(errno.EPERM, reason, path)


def within(path: str, folder: str) -> bool:
    """Whether `path` is `folder` or stands inside it (both as given: real paths to judge links)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


@dataclass(frozen=True)
class Area:
    """The files claimcite may open and write: those inside the root and inside the folders (or
    files) the user allowed, as real paths; and the size of the largest input it reads."""

    root: str
    allowed: tuple[str, ...] = ()
    max_mb: float = MAX_FILE_MB

    @classmethod
    def of(cls, root: str, allowed: Iterable[str] = (), *, max_mb: float = MAX_FILE_MB) -> Area:
        """The area of `root` and the `allowed` paths, each resolved to its real path."""
        real = [os.path.realpath(path) for path in allowed if "\0" not in path]
        return cls(os.path.realpath(root), tuple(dict.fromkeys(real)), max_mb)

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * 1024 * 1024)

    def admit(self, path: str) -> str:
        """The real path that `path` leads to, when claimcite may open or write it there.

        Raises Refused, saying why, for a path with a NUL character in it and for one that
        leads (through `..`, an absolute path or a symbolic link) out of the root and out of
        every allowed folder.
        """
        if "\0" in path:
            raise Refused(path, "its name holds a NUL character")
        real = os.path.realpath(path)
        if within(real, self.root) or any(within(real, allowed) for allowed in self.allowed):
            return real
        if within(os.path.abspath(path), self.root):
            reason = "it is a link to a place outside the project root"
        else:
            reason = "it lies outside the project root"
        raise Refused(path, f"{reason} (list its folder in `fulltext_allow` to allow it)")

    def size_limit(self) -> str:
        """The size cap as the messages show it."""
        return f"{self.max_mb:g} MB"
