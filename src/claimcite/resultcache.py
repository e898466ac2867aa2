"""The results of the last check, kept in `.claimcite-cache/results/`, so that a check whose
inputs did not change since does not read, link and check them again (ruff keeps its findings
so too). In a pre-commit hook, an editor or a CI job run twice, that is most runs.

A kept result is used only when everything it came from is as it was:

- the same command: claimcite's code (the size and time of each of its modules), Python, the
  installed packages (their folder's time), the settings as resolved, the paths named, the
  folder the command was given in, today's date;
- every file the check read (through `files.read_bytes`, which notes each one here) has the
  same size, modification time, change time and inode, and one that was modified in the last
  two seconds before it was read is taken as changed (its time may not show a second change);
- the files and folders under the root are the same, by name and kind (a claim file added, a
  `\\input` file or a full text that appeared or went are seen here, even unread).

Nothing else is trusted: a check that reads or lists anything outside the root (named paths,
`fulltext_allow`, `zotero_storage`, full-text folders outside it), looks entries up online, or
builds the claims ledger (HTML) is not kept; a root with more than `MAX_ENTRIES` files and folders
is not listed and not kept. What is kept is plain JSON, never a pickle, read and written
through `files` where the run's area admits it; a file that does not parse or does not match is
a miss, and a cache that cannot be written is no cache, never an error.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from typing import Any

from claimcite import __version__
from claimcite.config import Settings
from claimcite.files import CACHE_FOLDER, UNSETTLED, prune_cache, read_bytes, reads, write_cache
from claimcite.files.contain import Area, within
from claimcite.findings import BaselineCount, Checked, Finding, Result, Summary
from claimcite.model import Edit, Location, Severity
from claimcite.outcome import FailOn

FOLDER = "results"
LAYOUT = 1  # the layout of what is kept; the code's own times cover the rest
KEEP = 16  # the results of so many different commands are kept, the last written
MAX_ENTRIES = 20_000  # files and folders under the root beyond which nothing is kept
RECENT_NS = 2_000_000_000  # a file modified this shortly before it was read is taken as changed
# folders left out of the listing: version control, installed packages, tools' caches, our own
_UNLISTED = frozenset(
    {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".nox"}
    | {".mypy_cache", ".ruff_cache", ".pytest_cache", CACHE_FOLDER}
)


@dataclass(frozen=True)
class Run:
    """One check as the cache knows it: where its cache files stand and what it must match."""

    cache: str  # the `.claimcite-cache` folder
    root: str
    area: Area
    command: str  # everything but the files: code, settings, paths, folder, date

    @property
    def path(self) -> str:
        name = f"{zlib.crc32(self.command.encode('utf-8', 'surrogatepass')):08x}.json"
        return os.path.join(self.cache, FOLDER, name)


def _code() -> str:
    """claimcite's modules by size and time, and the folder of the installed packages."""
    package = os.path.dirname(os.path.abspath(__file__))
    parts = []
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".json", ".j2", ".html", ".css", ".js")):
                path = os.path.join(folder, name)
                status = os.stat(path)
                parts.append(f"{os.path.relpath(path, package)}:{status.st_size}:{status.st_mtime_ns}")
    typer_module = sys.modules.get("typer")
    site = os.path.dirname(os.path.dirname(getattr(typer_module, "__file__", "") or package))
    try:
        parts.append(f"site:{os.stat(site).st_mtime_ns}")
    except OSError:
        parts.append("site:?")
    return "\n".join(parts)


def run_of(settings: Settings, paths: tuple[str, ...]) -> Run | None:
    """The cache's view of this check, or None when it is not one the cache may keep: the cache
    is off, or the check may read or list something outside the root, or look entries up."""
    root = os.path.realpath(settings.root)
    area = settings.area(paths)
    named = (
        *paths, *settings.bibliography, *settings.default_bibliography, *settings.claims,
        *settings.documents, *settings.fulltext_dirs,
    )  # fmt: skip
    if (
        not settings.use_cache
        or settings.online
        or settings.retraction_db
        or area.allowed
        or not all(within(os.path.realpath(path), root) for path in named)
    ):
        return None
    command = "\n".join(
        (
            f"layout {LAYOUT}",
            f"claimcite {__version__}",
            f"python {sys.version}",
            f"date {datetime.date.today().isoformat()}",
            f"cwd {os.getcwd()}",
            f"paths {paths!r}",
            f"settings {replace(settings, fail_on=FailOn.ERROR)!r}",  # --fail-on sets only the exit status
            _code(),
        )
    )
    return Run(os.path.join(settings.root, CACHE_FOLDER), root, area, command)


def _listing(root: str) -> str | None:
    """The names and kinds of the files and folders under `root` (a link with its target), as
    one text; None when there are more than MAX_ENTRIES or the root cannot be listed."""
    lines: list[str] = []
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as entries:
                found = sorted(entries, key=lambda entry: entry.name)
        except OSError:
            lines.append(f"?{folder}")
            continue
        for entry in found:
            if entry.is_symlink():
                try:
                    lines.append(f"l{entry.path}\0{os.readlink(entry.path)}")
                except OSError:
                    lines.append(f"l{entry.path}")
            elif entry.is_dir():
                if entry.name in _UNLISTED:
                    continue
                lines.append(f"d{entry.path}")
                pending.append(entry.path)
            else:
                lines.append(f"f{entry.path}")
            if len(lines) > MAX_ENTRIES:
                return None
    return "\n".join(lines)


def _checksum(text: str) -> str:
    data = text.encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"


def _stat(path: str) -> list[int] | None:
    """Size, modification and change times and inode of `path`; None where it cannot be read."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]


def _signature(path: str, read_at_ns: int) -> list[int] | None:
    """`_stat` of `path`; None for one modified too shortly before it was read (at
    `read_at_ns`) to tell a second change by its time."""
    stat = _stat(path)
    return None if stat is None or read_at_ns - stat[1] < RECENT_NS else stat


def _unchanged(path: str, signature: list[int]) -> bool:
    return _stat(path) == signature


def load(run: Run) -> Result | None:
    """The result kept for `run`, when nothing it came from changed; else None."""
    try:
        kept = json.loads(read_bytes(run.path, run.area))
        if kept.get("command") != run.command:
            return None
        read = kept["read"]
        if not all(isinstance(s, list) and _unchanged(path, s) for path, s in read.items()):
            return None
        listing = _listing(run.root)
        if listing is None or _checksum(listing) != kept["listing"]:
            return None
        return _result(kept["result"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


@contextmanager
def recording(run: Run | None) -> Iterator[dict[str, int]]:
    """Note every file the check reads (outside the cache), for `save`."""
    if run is None:
        yield {}
        return
    with reads() as noted:
        yield noted


def save(run: Run, result: Result, noted: Mapping[str, int]) -> None:
    """Keep `result` for `run` with the files it read (`noted`: real path → when it was read)."""
    if UNSETTLED in noted:
        return
    cache = os.path.realpath(run.cache) + os.sep
    signatures: dict[str, list[int]] = {}
    for path, read_at in noted.items():
        if path.startswith(cache):
            continue
        signature = _signature(path, read_at)
        if signature is None:
            return  # changed as it was read, or gone: nothing worth keeping
        signatures[path] = signature
    listing = _listing(run.root)
    if listing is None:
        return
    kept = {
        "command": run.command,
        "read": signatures,
        "listing": _checksum(listing),
        "result": _plain(result),
    }
    # ASCII with escapes: a lone surrogate (an undecodable file name) comes back as it went
    data = json.dumps(kept, separators=(",", ":")).encode("ascii")
    write_cache(run.cache, run.path, data, run.area)
    prune_cache(os.path.dirname(run.path), KEEP, run.area)


# The result as JSON and back ---------------------------------------------------------------


def _plain(result: Result) -> dict[str, Any]:
    return {
        "findings": [_plain_finding(f) for f in result.findings],
        "summary": asdict(result.summary),
        "checked": [[c.kind, c.name, c.path] for c in result.checked],
        "suppressed": result.suppressed,
        "baseline": None if result.baseline is None else [result.baseline.matched, result.baseline.gone],
        "hashes": dict(result.hashes),
    }


def _plain_location(location: Location) -> list[Any]:
    return [location.path, location.line, location.column, location.excerpt]


def _plain_finding(finding: Finding) -> list[Any]:
    fix = finding.fix
    return [
        finding.rule,
        finding.code,
        finding.severity.value,
        finding.message,
        _plain_location(finding.location),
        finding.claim,
        finding.key,
        finding.suggestion,
        None if fix is None else [_plain_location(fix.location), fix.old, fix.new, fix.safe],
    ]


def _location(value: list[Any]) -> Location:
    path, line, column, excerpt = value
    return Location(str(path), line, column, excerpt)


def _finding(value: list[Any]) -> Finding:
    rule, code, severity, message, location, claim, key, suggestion, fix = value
    edit = None if fix is None else Edit(_location(fix[0]), str(fix[1]), str(fix[2]), bool(fix[3]))
    return Finding(rule, code, Severity(severity), message, _location(location), claim, key, suggestion, edit)


def _result(value: dict[str, Any]) -> Result:
    baseline = value["baseline"]
    return Result(
        findings=tuple(_finding(f) for f in value["findings"]),
        summary=Summary(**value["summary"]),
        checked=tuple(Checked(*c) for c in value["checked"]),
        suppressed=int(value["suppressed"]),
        baseline=None if baseline is None else BaselineCount(*baseline),
        hashes=dict(value["hashes"]),
    )
