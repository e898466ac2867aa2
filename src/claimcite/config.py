"""Settings: `[tool.claimcite]` in pyproject.toml or claimcite.toml, with the command line winning."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from claimcite.errors import ConfigError
from claimcite.files import read_bytes
from claimcite.files.contain import MAX_FILE_MB, Area
from claimcite.options import Options, tunables
from claimcite.outcome import FailOn

if TYPE_CHECKING:  # imported where used: `--version` and `--help` read this module
    from claimcite.model import Severity


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know, resolved: paths are absolute."""

    root: str
    bibliography: tuple[str, ...] = ()  # explicit: --bib wins over every other source
    default_bibliography: tuple[str, ...] = ()  # from the config; a claim file may override
    claims: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    fulltext_dirs: tuple[str, ...] = ("sources",)
    fulltext_allow: tuple[str, ...] = ()  # folders outside the root whose full texts may be read
    zotero_storage: str | None = None  # where Zotero's relative attachment paths start
    fail_on: FailOn = FailOn.ERROR
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    use_cache: bool = True
    config_file: str | None = None
    options: Options = field(default_factory=Options)  # the rules' tunables (options.Options)
    baseline: str | None = None
    online: bool = False  # look entries up in Crossref, DataCite and OpenAlex
    online_timeout: float = 60.0  # seconds for every lookup of a run together
    mailto: str | None = None  # for the registries' polite pools
    retraction_db: str | None = None  # a local Retraction Watch CSV
    crossref_url: str = "https://api.crossref.org"
    datacite_url: str = "https://api.datacite.org"
    openalex_url: str = "https://api.openalex.org"
    refresh: bool = False  # ask the registries again, whatever the cache holds
    max_file_mb: float = MAX_FILE_MB  # the size cap of one input file
    named: tuple[str, ...] = ()  # paths named on the command line: allowed where outside the root

    def area(self, paths: tuple[str, ...] | list[str] = ()) -> Area:
        """Where claimcite may read and write: the root, the folders the user trusts
        (`fulltext_allow`, `zotero_storage`), and the paths the user named (on the command line,
        or as `paths`) that lie outside the root."""
        root = os.path.abspath(self.root)
        outside = [
            path
            for path in (*self.named, *paths)
            if os.path.commonpath([os.path.abspath(path), root]) != root
        ]
        trusted = [*self.fulltext_allow, *([self.zotero_storage] if self.zotero_storage else [])]
        return Area.of(self.root, [*trusted, *outside], max_mb=self.max_file_mb)


_KEYS = (
    "bibliography",
    "claims",
    "documents",
    "fulltext_dirs",
    "fulltext_allow",
    "zotero_storage",
    "fail_on",
    "select",
    "ignore",
    "severity",
    "baseline",
    "online",
    "online_timeout",
    "mailto",
    "retraction_db",
    "crossref_url",
    "datacite_url",
    "openalex_url",
    "max_file_mb",
)
# The registries' base URLs and the polite-pool address: the environment wins over the config.
ENVIRONMENT = {
    "CLAIMCITE_CROSSREF_URL": "crossref_url",
    "CLAIMCITE_DATACITE_URL": "datacite_url",
    "CLAIMCITE_OPENALEX_URL": "openalex_url",
    "CLAIMCITE_MAILTO": "mailto",
}


_REMOVED = {
    "quote_match": "a quote is found only when every word equals the source's (after typesetting "
    "normalisation), so no threshold decides it; remove the line (README: Full texts and quotes)",
}


def find_root(start: str) -> str:
    """The project root: the nearest folder from `start` upward holding a claimcite.toml, or a
    pyproject.toml with a [tool.claimcite] table (as ruff, mypy and pre-commit find theirs);
    `start` itself where none does."""
    folder = os.path.abspath(start)
    while True:
        found = find_config(folder)
        if found is not None and (folder == os.path.abspath(start) or _claims_the_folder(found, folder)):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return os.path.abspath(start)
        folder = parent


def _claims_the_folder(config: str, folder: str) -> bool:
    """Whether the config found above the current folder is claimcite's: a claimcite.toml, or a
    pyproject.toml that reads as TOML with a [tool.claimcite] table (one that does not parse is
    some other project's problem, not a root)."""
    if os.path.basename(config) == "claimcite.toml":
        return True
    try:
        table = _read_toml(config, Area.of(folder))
    except ConfigError:
        return False
    return isinstance(table.get("tool"), dict) and "claimcite" in table["tool"]


def find_config(root: str) -> str | None:
    """claimcite.toml in the root, else a pyproject.toml there with a [tool.claimcite] table."""
    candidate = os.path.join(root, "claimcite.toml")
    if os.path.lexists(candidate):
        return candidate
    candidate = os.path.join(root, "pyproject.toml")
    if os.path.lexists(candidate):
        try:
            table = _read_toml(candidate, Area.of(root))
        except ConfigError:
            return candidate  # let load_config say what is wrong with it
        if isinstance(table.get("tool"), dict) and "claimcite" in table["tool"]:
            return candidate
    return None


def _read_toml(path: str, area: Area) -> dict[str, Any]:
    if sys.version_info >= (3, 11):  # imported here: a run without a config file needs no TOML
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        return tomllib.loads(read_bytes(path, area).decode("utf-8"))
    except OSError as error:
        raise ConfigError(f"cannot read config {path}: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"config {path} is not valid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"config {path} is nested too deeply to read") from None


def load_config(path: str, root: str, *, named: bool = False) -> Settings:
    """Settings from the config file at `path`; relative paths in it are relative to its folder.
    A config `named` on the command line may lie outside the root."""
    table = _read_toml(path, Area.of(root, [path] if named else []))
    tool = table.get("tool")
    if isinstance(tool, dict) and isinstance(tool.get("claimcite"), dict):
        section: dict[str, Any] = tool["claimcite"]
    elif os.path.basename(path) == "pyproject.toml":
        section = {}
    else:
        section = table
    base = os.path.dirname(os.path.abspath(path))
    settings = Settings(root=root, config_file=path, options=Options())
    declared_tunables = tunables()
    # the keys in the order the docs list them: the rules' tunables after `severity`
    known = (*_KEYS[: _KEYS.index("severity") + 1], *declared_tunables, *_KEYS[_KEYS.index("severity") + 1 :])
    for name, value in section.items():
        if name in _REMOVED:
            raise ConfigError(f"{path}: {name!r} is no longer a setting: {_REMOVED[name]}")
        if name not in known:
            from claimcite.match import closest

            guess = closest(name, known, cutoff=70)
            hint = f"; did you mean {guess!r}?" if guess else f" (known: {', '.join(known)})"
            raise ConfigError(f"{path}: unknown setting {name!r}{hint}")
        if name in declared_tunables:
            declared = declared_tunables[name]
            if not declared.check(value):
                raise ConfigError(f"{path}: {name!r} must be {declared.must}")
            changed: dict[str, Any] = {name: declared.convert(value)}
            settings = replace(settings, options=replace(settings.options, **changed))
        else:
            settings = _apply(settings, name, value, base, path)
    return settings


def _strings(name: str, value: Any, path: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise ConfigError(f"{path}: {name!r} must be a string or a list of strings")


def _folder(item: str, base: str) -> str:
    """A folder named in the config: `~` is the user's home, a relative path starts at `base`."""
    return os.path.normpath(os.path.join(base, os.path.expanduser(item)))


def _apply(settings: Settings, name: str, value: Any, base: str, path: str) -> Settings:
    if name == "fulltext_allow":
        folders = tuple(_folder(item, base) for item in _strings(name, value, path))
        return replace(settings, fulltext_allow=folders)
    if name == "zotero_storage":
        if not isinstance(value, str):
            raise ConfigError(f"{path}: 'zotero_storage' must be a folder, such as \"~/Zotero/storage\"")
        return replace(settings, zotero_storage=_folder(value, base))
    if name in ("bibliography", "claims", "documents", "fulltext_dirs"):
        paths = tuple(os.path.normpath(os.path.join(base, item)) for item in _strings(name, value, path))
        if name == "bibliography":
            return replace(settings, default_bibliography=paths)
        if name == "claims":
            return replace(settings, claims=paths)
        if name == "documents":
            return replace(settings, documents=paths)
        return replace(settings, fulltext_dirs=paths)
    if name == "select":
        return replace(settings, select=_strings(name, value, path))
    if name == "ignore":
        return replace(settings, ignore=_strings(name, value, path))
    if name == "baseline":
        if not isinstance(value, str):
            raise ConfigError(f"{path}: 'baseline' must be a path")
        return replace(settings, baseline=os.path.normpath(os.path.join(base, value)))
    if name == "max_file_mb":
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 < value < 1e9:
            raise ConfigError(f"{path}: 'max_file_mb' must be a positive number of megabytes (default 200)")
        return replace(settings, max_file_mb=float(value))
    if name == "fail_on":
        return replace(settings, fail_on=parse_fail_on(value, f"{path}: fail_on"))
    if name in _ONLINE:
        return _ONLINE[name](settings, value, base, path)
    # severity: a table of rule -> level
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: 'severity' must be a table such as {{unused-entry = \"info\"}}")
    from claimcite.model import Severity

    levels: dict[str, Severity] = {}
    for rule, level in value.items():
        try:
            levels[str(rule)] = Severity(level)
        except ValueError:
            raise ConfigError(
                f"{path}: severity of {rule!r} must be error, warning or info, not {level!r}"
            ) from None
    return replace(settings, severity=levels)


def parse_fail_on(value: object, where: str) -> FailOn:
    try:
        return FailOn(value)
    except ValueError:
        choices = ", ".join(item.value for item in FailOn)
        raise ConfigError(f"{where} must be one of {choices}, not {value!r}") from None


def _online(settings: Settings, value: Any, base: str, path: str) -> Settings:
    if not isinstance(value, bool):
        raise ConfigError(f"{path}: 'online' must be true or false")
    return replace(settings, online=value)


def _online_timeout(settings: Settings, value: Any, base: str, path: str) -> Settings:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 < value <= 86400:
        raise ConfigError(f"{path}: 'online_timeout' must be a number of seconds above 0 (default 60)")
    return replace(settings, online_timeout=float(value))


def _mailto(settings: Settings, value: Any, base: str, path: str) -> Settings:
    return replace(settings, mailto=check_mailto(value, f"{path}: 'mailto'"))


def _retraction_db(settings: Settings, value: Any, base: str, path: str) -> Settings:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{path}: 'retraction_db' must be the path of a Retraction Watch CSV file")
    return replace(settings, retraction_db=os.path.normpath(os.path.join(base, value)))


def _url(name: str) -> Callable[[Settings, Any, str, str], Settings]:
    def apply(settings: Settings, value: Any, base: str, path: str) -> Settings:
        return _set(settings, name, check_url(value, f"{path}: {name!r}"))

    return apply


_ONLINE: dict[str, Callable[[Settings, Any, str, str], Settings]] = {
    "online": _online,
    "online_timeout": _online_timeout,
    "mailto": _mailto,
    "retraction_db": _retraction_db,
    "crossref_url": _url("crossref_url"),
    "datacite_url": _url("datacite_url"),
    "openalex_url": _url("openalex_url"),
}


def _set(settings: Settings, name: str, value: str) -> Settings:
    changes: dict[str, Any] = {name: value}
    return replace(settings, **changes)


def check_url(value: object, where: str) -> str:
    """A registry's base URL: http or https, with a host; a path is kept (`http://host/crossref/`)."""
    from urllib.parse import urlsplit

    if isinstance(value, str):
        try:
            parts = urlsplit(value.strip())
        except ValueError:
            parts = None
        if parts is not None and parts.scheme in ("http", "https") and parts.hostname:
            return value.strip()
    raise ConfigError(f"{where} must be an http:// or https:// URL, not {value!r}")


def check_mailto(value: object, where: str) -> str:
    """An e-mail address for the polite pools of Crossref and OpenAlex."""
    if isinstance(value, str) and "@" in value and not any(c.isspace() or c in '<>"' for c in value.strip()):
        return value.strip()
    raise ConfigError(f"{where} must be an e-mail address such as name@example.org, not {value!r}")


def apply_environment(settings: Settings, environ: Mapping[str, str]) -> Settings:
    """CLAIMCITE_CROSSREF_URL, CLAIMCITE_DATACITE_URL, CLAIMCITE_OPENALEX_URL and
    CLAIMCITE_MAILTO over the config, as mirrors, proxies and tests set them."""
    for variable, name in ENVIRONMENT.items():
        value = environ.get(variable)
        if value:
            checked = check_mailto(value, variable) if name == "mailto" else check_url(value, variable)
            settings = _set(settings, name, checked)
    return settings


@dataclass(frozen=True)
class CommandLine:
    """What the command line says; None, empty or False where it says nothing."""

    root: str | None = None
    config: str | None = None
    bib: tuple[str, ...] = ()
    fail_on: FailOn | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    no_cache: bool = False
    baseline: str | None = None
    online: bool = False
    refresh: bool = False  # implies online
    options: Mapping[str, object] = field(default_factory=dict)  # tunables set by their flags


def resolve(line: CommandLine, environ: Mapping[str, str]) -> Settings:
    """The settings of one run: the defaults, the config file (`--config`, else the one found in
    the root), the environment, then the command line, which wins (`--ignore` adds to the
    config's). Paths come out absolute; the paths the command line names may lie outside the
    root."""
    base = os.path.abspath(line.root) if line.root is not None else find_root(".")
    if line.root is not None and not os.path.isdir(base):
        raise ConfigError(f"--root {line.root}: no such folder")
    path = line.config or find_config(base)
    if line.config is not None and not os.path.lexists(line.config):
        raise ConfigError(f"--config {line.config}: no such file")
    settings = load_config(path, base, named=line.config is not None) if path else Settings(root=base)
    settings = apply_environment(settings, environ)
    named = [*line.bib, *([line.config] if line.config else []), *([line.baseline] if line.baseline else [])]
    changes: dict[str, Any] = {"named": tuple(os.path.abspath(item) for item in named)}
    if line.bib:
        changes["bibliography"] = tuple(os.path.abspath(item) for item in line.bib)
    if line.fail_on is not None:
        changes["fail_on"] = line.fail_on
    if line.select is not None:
        changes["select"] = line.select
    if line.ignore is not None:
        changes["ignore"] = settings.ignore + line.ignore
    if line.no_cache:
        changes["use_cache"] = False
    if line.baseline is not None:
        changes["baseline"] = os.path.abspath(line.baseline)
    if line.online or line.refresh:
        changes.update(online=True, refresh=line.refresh)
    declared_tunables = tunables()
    options: dict[str, Any] = {}
    for name, value in line.options.items():
        declared = declared_tunables[name]
        if not declared.check(value):
            raise ConfigError(f"{declared.flag or name}: must be {declared.must}, not {value!r}")
        options[name] = declared.convert(value)
    if options:
        changes["options"] = replace(settings.options, **options)
    return replace(settings, **changes)
