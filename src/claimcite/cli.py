"""The command line: parses options, runs the pipeline, picks the report, sets the exit status.

The only module that prints or exits. Exit status: 0 nothing at or above
--fail-on, 1 some findings there, 2 the command could not run (one line on
stderr, never a traceback).
"""

from __future__ import annotations

import functools
import gc
import inspect
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional, TextIO

import typer

from claimcite import __version__, typer_fit
from claimcite.errors import ClaimciteError, ConfigError, OutputError
from claimcite.files import Terminated, exit_cleanly_on_signals, replacing
from claimcite.load.formats import bib_help, paths_help  # the table of formats: no reader imported
from claimcite.options import tunable_types
from claimcite.options import tunables as declared_tunables
from claimcite.outcome import FailOn
from claimcite.report import WITH_LEDGER, Format, How, ListFormat, listing, reporter
from claimcite.report.safe import visible

if TYPE_CHECKING:
    from claimcite.config import Settings
    from claimcite.findings import Result
    from claimcite.model import Project

# The loaders, rules, engine and reports are imported by the commands that use them, not here:
# `--version`, `--help` and `rules` start in the time of importing typer (benchmarks/startup.py).

BASELINE_FILE = ".claimcite-baseline.json"
REGISTRY_RULES = "CC6"  # the rules that read what the registries said: only they need the lookups
app = typer.Typer(
    name="claimcite",
    help="Check claims and citations against their sources before a reader does.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# The options that several commands share (fastapi-cli's way: one Annotated alias each).
PathsArgument = Annotated[
    Optional[list[str]],  # noqa: UP045 - typer reads the annotation at run time
    typer.Argument(
        metavar="PATH",
        help=paths_help(),
    ),
]
BibOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--bib",
        metavar="FILE",
        help=bib_help(),
    ),
]
RootOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--root", metavar="DIR", help="Project root; report paths are relative to it."),
]
ConfigOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--config",
        metavar="FILE",
        help="Config file (default: claimcite.toml or [tool.claimcite] in pyproject.toml).",
    ),
]
SelectOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--select", metavar="RULES", help="Only these rules (names, codes or code prefixes, comma-separated)."
    ),
]
IgnoreOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--ignore", metavar="RULES", help="Skip these rules."),
]


typer_fit.plain_argument_help()
typer_fit.plain_coercion()


def _version(value: bool) -> None:
    if value:
        print(f"claimcite {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Check claims and citations against their sources before a reader does."""


def _split(values: list[str] | None) -> tuple[str, ...]:
    return tuple(item.strip() for value in values or () for item in value.split(",") if item.strip())


def _settings(root: str | None, config: str | None, bib: list[str] | None) -> Settings:
    from claimcite.config import CommandLine, resolve

    return resolve(CommandLine(root=root, config=config, bib=tuple(bib or ())), os.environ)


@contextmanager
def _output(path: str | None, settings: Settings) -> Iterator[TextIO]:
    """Standard output, or the file at `path` written whole: a regular file is replaced (a
    temporary file renamed over it), a link's target is written, a FIFO or a device (such as
    /dev/stdout) is written into. Inside the root it must stay inside (links followed); a path
    outside the root is the user's to choose."""
    if path is None or path == "-":
        yield sys.stdout
        return
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise OutputError(f"--output {path}: folder {folder} does not exist")
    area = replace(settings, named=(*settings.named, os.path.abspath(path))).area()
    try:
        with replacing(path, area) as stream:
            yield stream
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None


def _log(verbose: bool, message: str) -> None:
    if verbose:
        print(f"claimcite: {message}", file=sys.stderr)


@app.command()
def check(
    paths: PathsArgument = None,
    bib: BibOption = None,
    root: RootOption = None,
    config: ConfigOption = None,
    output_format: Annotated[Format, typer.Option("--format", help="Report format.")] = Format.TERMINAL,
    output: Annotated[str | None, typer.Option(metavar="FILE", help="Write the report to this file.")] = None,
    fail_on: Annotated[
        Optional[FailOn],  # noqa: UP045
        typer.Option(help="Exit with 1 when a finding is at least this severe. [default: error]"),
    ] = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the cache.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print findings only, no summary.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Say what is read and how long it takes.")
    ] = False,
    baseline: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(metavar="FILE", help="Report only findings that this baseline does not hold."),
    ] = None,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Print the number of findings per rule instead.")
    ] = False,
    online: Annotated[
        bool,
        typer.Option(
            "--online",
            help="Look the entries up in Crossref, DataCite and OpenAlex (only DOIs and titles are sent).",
        ),
    ] = False,
    refresh: Annotated[
        bool,
        typer.Option(
            "--refresh", help="Ask the registries again, whatever the cache holds (implies --online)."
        ),
    ] = False,
    **tunables: Any,  # the options of the rules' tunables that declare a flag (`_tunable_flags`)
) -> None:
    """Check claim files, manuscripts and their bibliography; report every finding."""
    settings, result = _run_check(
        paths, root=root, config=config, bib=bib, select=select, ignore=ignore, fail_on=fail_on,
        no_cache=no_cache, baseline=baseline, verbose=verbose, online=online, refresh=refresh,
        ledger=output_format in WITH_LEDGER and not statistics,
        flags={name: value for name, value in tunables.items() if value is not None}, keep=True,
    )  # fmt: skip
    how = How(
        root=os.path.relpath(settings.root).replace(os.sep, "/"), quiet=quiet, to_file=output is not None
    )
    shown = _from_here(result, settings.root) if output_format is Format.TERMINAL else result
    with _output(output, settings) as stream:
        reporter("statistics" if statistics else output_format.value)(shown, stream, how)
    if any(settings.fail_on.fails(finding.severity) for finding in result.findings):
        raise typer.Exit(1)


def _run_check(
    paths: list[str] | None,
    *,
    root: str | None,
    config: str | None,
    bib: list[str] | None,
    select: list[str] | None,
    ignore: list[str] | None,
    fail_on: FailOn | None = None,
    no_cache: bool = False,
    baseline: str | None = None,
    verbose: bool = False,
    use_baseline: bool = True,
    online: bool = False,
    refresh: bool = False,
    ledger: bool = False,
    flags: dict[str, object] | None = None,
    keep: bool = False,
) -> tuple[Settings, Result]:
    """Settings from the config and the command line, then the project loaded and checked;
    `keep`: the findings kept from the last check when nothing it read has changed, and this
    check's kept for the next (resultcache)."""
    from claimcite import resultcache
    from claimcite.config import CommandLine, resolve
    from claimcite.model import Severity

    started = time.perf_counter()
    line = CommandLine(
        root=root,
        config=config,
        bib=tuple(bib or ()),
        fail_on=fail_on,
        select=_split(select) if select else None,
        ignore=_split(ignore) if ignore else None,
        no_cache=no_cache,
        baseline=baseline,
        online=online,
        refresh=refresh,
        options=flags or {},
    )
    settings = resolve(line, os.environ)
    lowest = None if settings.fail_on is FailOn.NEVER else Severity(settings.fail_on.value)
    run_key = resultcache.run_of(settings, tuple(paths or ())) if keep and not ledger else None
    kept = resultcache.load(run_key) if run_key is not None else None
    if run_key is not None and kept is not None:
        _log(verbose, f"nothing read has changed since the last check: its findings, from {run_key.path}")
        return settings, replace(kept, fail_on=lowest)
    with resultcache.recording(run_key) as noted:
        project, result = _check(settings, paths, started=started, verbose=verbose, use_baseline=use_baseline)
    if run_key is not None:
        resultcache.save(run_key, result, noted)
    result = replace(result, fail_on=lowest)
    if ledger:
        from claimcite.ledger import build

        failed = any(settings.fail_on.fails(finding.severity) for finding in result.findings)
        claims = build(
            project, result.findings, settings.options, fail_on=settings.fail_on.value, failed=failed
        )
        result = replace(result, ledger=claims)
    return settings, result


def _check(
    settings: Settings, paths: list[str] | None, *, started: float, verbose: bool, use_baseline: bool
) -> tuple[Project, Result]:
    """The project loaded, looked up online where asked, and checked."""
    from claimcite.engine import run, select_rules, severities
    from claimcite.load.baseline import load_baseline
    from claimcite.pipeline import load_project

    rules = select_rules(settings.select, settings.ignore)
    overrides = severities(settings.severity)
    if settings.config_file:
        _log(verbose, f"config {settings.config_file}")
    known = load_baseline(settings.baseline, settings.area()) if settings.baseline and use_baseline else None
    terminal = _stderr_is_terminal()  # a progress bar there; rich only then
    project = load_project(settings, paths or (), progress=_Bar if terminal else None)
    loaded = time.perf_counter()
    _log(verbose, f"read {len(project.files)} files in {loaded - started:.2f}s: {', '.join(project.files)}")
    if (settings.online or settings.retraction_db) and any(r.code.startswith(REGISTRY_RULES) for r in rules):
        from claimcite.online import verify

        online_bar = functools.partial(_Bar, label="Verifying references") if terminal else None
        verification = verify(project, settings, progress=online_bar)
        project = replace(project, verification=verification)
        _log(verbose, f"looked up {len(verification.lookups)} entries in {time.perf_counter() - loaded:.2f}s")
        loaded = time.perf_counter()
    result = run(project, rules, overrides, settings.options, known)
    _log(verbose, f"ran {len(rules)} rules in {time.perf_counter() - loaded:.2f}s")
    return project, result


def _stderr_is_terminal() -> bool:
    """Whether stderr is a terminal, as rich's Console decides it (FORCE_TERMINAL first), without
    importing rich for a run that writes JSON to a pipe."""
    forced = os.environ.get("FORCE_TERMINAL")
    if forced is not None:
        return forced.lower() not in ("", "0", "false")
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class _Bar:
    """A Rich progress bar on stderr while full texts are extracted or entries looked up."""

    def __init__(self, total: int, label: str = "Reading full texts") -> None:
        from rich.console import Console
        from rich.progress import Progress

        self.progress = Progress(console=Console(stderr=True), transient=True)
        self.task = self.progress.add_task(label, total=total)
        self.progress.start()

    def advance(self) -> None:
        self.progress.advance(self.task)

    def close(self) -> None:
        self.progress.stop()


def _from_here(result: Result, root: str) -> Result:
    """From a subfolder of the root, findings with paths relative to it (`../references.bib`), so
    that they stay clickable in the terminal; the machine formats keep them relative to the root."""
    here = os.getcwd()
    if here == root or not here.startswith(root.rstrip(os.sep) + os.sep):
        return result
    findings = tuple(
        replace(
            f,
            location=replace(
                f.location, path=os.path.relpath(os.path.join(root, f.path), here).replace(os.sep, "/")
            ),
        )
        for f in result.findings
    )
    return replace(result, findings=findings)


@app.command()
def citations(
    paths: PathsArgument = None,
    bib: BibOption = None,
    root: RootOption = None,
    config: ConfigOption = None,
    output_format: Annotated[
        ListFormat, typer.Option("--format", help="Listing format.")
    ] = ListFormat.TERMINAL,
) -> None:
    """List every citation: where it stands, as written, what it resolves to; or, with
    `--format bibtex`, write the manuscripts' typed reference lists as a .bib."""
    from claimcite.pipeline import load_project

    settings = _settings(root, config, bib)
    project = load_project(settings, paths or (), bibliography_required=False)
    listing(output_format.value)(project, sys.stdout, How())


@app.command("baseline")
def baseline_command(
    paths: PathsArgument = None,
    bib: BibOption = None,
    root: RootOption = None,
    config: ConfigOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(metavar="FILE", help=f"Where to write it. [default: {BASELINE_FILE} in the root]"),
    ] = None,
) -> None:
    """Write today's findings to a baseline; `check --baseline FILE` then reports only new ones."""
    settings, result = _run_check(
        paths, root=root, config=config, bib=bib, select=select, ignore=ignore, use_baseline=False
    )
    target = output or os.path.join(settings.root, BASELINE_FILE)
    with _output(target, settings) as stream:
        reporter("baseline")(result, stream, How())
    print(f"claimcite: wrote {len(result.findings)} findings to {os.path.relpath(target)}", file=sys.stderr)


@app.command("fix")
def fix_command(
    paths: PathsArgument = None,
    bib: BibOption = None,
    root: RootOption = None,
    config: ConfigOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the diff and change nothing; exit 1 if there is a fix.")
    ] = False,
    unsafe_fixes: Annotated[
        bool,
        typer.Option(
            "--unsafe-fixes",
            help="Also take the closest key where another is about as close (check the diff).",
        ),
    ] = False,
) -> None:
    """Apply the safe fixes (an unknown key with one clear closest match) and print the diff."""
    from claimcite import fix as fixes

    settings, result = _run_check(
        paths, root=root, config=config, bib=bib, select=["unknown-key"], ignore=None, use_baseline=False,
        no_cache=dry_run,  # a dry run writes nothing, not even the cache
    )  # fmt: skip
    area = settings.area(paths or ())
    planned = fixes.plan(result.findings, settings.root, result.hashes, area, unsafe=unsafe_fixes)
    for item in planned.files:
        if item.skipped:
            print(f"claimcite: {visible(item.path)}: {item.skipped}", file=sys.stderr)
        else:
            sys.stdout.write(item.diff)
    for finding, why in planned.left:  # what is not fixed, one line each, and why
        where = ":".join(str(part) for part in (finding.path, finding.line, finding.column) if part)
        print(f"claimcite: {visible(where)}: {visible(str(finding.key))!r} not fixed: {why}", file=sys.stderr)
    left = len(result.findings) - planned.count
    if dry_run:
        count = planned.count
        print(
            f"claimcite: would fix {count} key{'s' if count != 1 else ''}, {left} remaining; nothing written",
            file=sys.stderr,
        )
        if count:
            raise typer.Exit(1)
        return
    written = fixes.apply(planned, settings.root, area)
    for item in planned.files:
        if item.skipped and item not in written and "while fixing" in item.skipped:
            print(f"claimcite: {visible(item.path)}: {item.skipped}", file=sys.stderr)
    count = sum(item.count for item in written)
    print(
        f"claimcite: fixed {count} key{'s' if count != 1 else ''} in {len(written)} "
        f"file{'s' if len(written) != 1 else ''}, {len(result.findings) - count} remaining",
        file=sys.stderr,
    )


@app.command("rules")
def rules_command() -> None:
    """List every rule: code, name, default severity, what it flags."""
    from rich.console import Console

    from claimcite.report.rules import render_rules
    from claimcite.rules import ALL_RULES

    render_rules(ALL_RULES, Console())


@app.command()
def explain(
    rule: Annotated[str, typer.Argument(metavar="RULE", help="A rule name (unknown-key) or code (CC101).")],
) -> None:
    """What a rule flags, why it matters, an example, and how to fix it."""
    from rich.console import Console

    from claimcite.rules import lookup, unknown_rule

    found = lookup(rule)
    if found is None:
        raise ConfigError(unknown_rule(rule))
    from claimcite.report.rules import render_explain

    render_explain(found, Console())


def _tunable_flags(command: Callable[..., None]) -> None:
    """Give `command` an option for each tunable of the rules that declares a flag (options.Options):
    Typer reads the options from the signature, so the declaration is all a flag takes."""
    vars(command).pop("__signature__", None)  # the function's own, without the options added before
    signature = inspect.signature(command, eval_str=True)
    kept = [p for p in signature.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD]
    types = tunable_types()
    extra = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[Optional[types[name]], typer.Option(declared.flag, help=declared.help)],  # noqa: UP045
        )
        for name, declared in declared_tunables().items()
        if declared.flag
    ]
    command.__signature__ = signature.replace(parameters=[*kept, *extra])  # type: ignore[attr-defined]


def run_cli(argv: list[str] | None = None) -> int:
    """Run the command line with `argv`; the exit status is returned, nothing raised."""
    prog = "claimcite"
    _tunable_flags(check)
    try:
        status = app(args=argv, prog_name=prog, standalone_mode=False)
    except ClaimciteError as error:
        print(f"{prog}: error: {visible(str(error))}", file=sys.stderr)  # one line, whatever it quotes
        return 2
    except (KeyboardInterrupt, BrokenPipeError) as error:
        if isinstance(error, BrokenPipeError):
            return 0
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    except Terminated as signalled:
        print(f"{prog}: terminated", file=sys.stderr)
        return 128 + int(signalled.args[0])
    except Exception as error:  # noqa: BLE001 - the edge: nothing may show as a traceback
        return _edge_error(prog, error)
    return status if isinstance(status, int) else 0


def _edge_error(prog: str, error: Exception) -> int:
    """One line for an exception that reached the edge: Click's (typer may vendor Click, so
    its classes are told by name) or a bug."""
    names = {cls.__name__ for cls in type(error).__mro__}
    if "NoArgsIsHelpError" in names:  # `claimcite` alone: the usage on stderr, as ruff and mypy do
        print(error.format_message(), file=sys.stderr)  # type: ignore[attr-defined]
        return 2
    if "Abort" in names:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    if "ClickException" in names:
        message = error.format_message()  # type: ignore[attr-defined]
        message = message.replace("Value error, ", "")  # typer's word for a value outside the choices
        ctx = getattr(error, "ctx", None)
        if "NoSuchOption" in names and not getattr(error, "possibilities", None):
            message += _meant_option(str(getattr(error, "option_name", "")), ctx)
        hint = f" (see '{ctx.command_path} --help')" if "UsageError" in names and ctx is not None else ""
        print(f"{prog}: error: {visible(message)}{hint}", file=sys.stderr)
        return 2
    if os.environ.get("CLAIMCITE_DEBUG"):
        import traceback

        traceback.print_exc()
    print(
        f"{prog}: internal error: {type(error).__name__}: {visible(str(error))} "
        "(please report it; CLAIMCITE_DEBUG=1 shows the traceback)",
        file=sys.stderr,
    )
    return 2


def _meant_option(name: str, ctx: object) -> str:
    """ " Did you mean --bib?" for an option that a known one begins (`--bibliography`, pandoc's
    spelling) or that begins a known one; "" where none does."""
    command = getattr(ctx, "command", None)
    known = [o for p in getattr(command, "params", ()) for o in p.opts if o.startswith("--") and len(o) > 3]
    if not name.startswith("--") or len(name) < 4:
        return ""
    meant = [o for o in known if name.startswith(o) or o.startswith(name)]
    return f"; did you mean {min(meant, key=len)}?" if meant else ""


def main() -> NoReturn:
    """The console script."""
    # A check builds many small objects and few cycles, then exits: the cyclic garbage
    # collector would spend a quarter of the run walking them (benchmarks/check_vs_pybtex.py).
    gc.disable()
    exit_cleanly_on_signals()  # a kill (SIGTERM, SIGHUP) still removes a temporary file
    status = run_cli()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    sys.exit(status)
