"""Command line: parse, call the pipeline, render, write, exit with the contract's code."""

from __future__ import annotations

import contextlib
import dataclasses
import math
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from auditor import __version__
from auditor.baseline import apply_baseline
from auditor.config import ConfigError, add_environment, config_source, default_map, load_config
from auditor.diff import FORMATS as DIFF_FORMATS
from auditor.diff import diff_runs, render_diff
from auditor.errors import AuditorError, ExitStatus, UsageError
from auditor.merge import MergeError, merge_shards
from auditor.model import OUTLET_KINDS, InputProblem, Report, shown_path, to_json_dict
from auditor.pipeline import DEFAULT_TIME_LIMIT, PathFilter, Skipped, audit, default_jobs
from auditor.policy import Policy, parse_policy
from auditor.report import FORMATS, RenderOptions, check_writable, render_chunks, write_output
from auditor.report.common import printable
from auditor.resolve import DEFAULT_CACHE, DEFAULT_OEMBED, DEFAULT_WAYBACK
from auditor.resolve.hosts import HostSettings, HostTable, host_table, parse_header, parse_statuses

if TYPE_CHECKING:
    from auditor.resolve import ResolveOptions

# NOTE: the scanner, the resolver and the report templates load in the commands that use them: `auditor --help`
# and `auditor report` start without them.

DEFAULT_PATH = "seeds"


class CliError(click.ClickException):
    """An input error, shown without a traceback: exit status 3."""

    exit_code = int(ExitStatus.INPUT)

    def show(self, file: object = None) -> None:
        click.echo(f"auditor: error: {one_line(self.format_message())}", err=True)


class OutputCliError(CliError):
    """The report could not be written: exit status 4."""

    exit_code = int(ExitStatus.OUTPUT)


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that what is being written is rolled back."""


class _Auditor(click.Group):
    """The command group, stopping cleanly on Ctrl-C (exit 130) and SIGTERM (exit 143)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _raise_terminated)
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            _stop(ExitStatus.INTERRUPTED, "interrupted")
        except Terminated:
            _stop(ExitStatus.TERMINATED, "terminated")


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated()


def _stop(status: ExitStatus, why: str) -> None:
    """Leave at once: a report being written has been rolled back by now, the cache holds every verdict
    reached, and checks still waiting on the network are abandoned, not awaited."""
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    import auditor.report

    outcome = "the report on standard output is incomplete" if auditor.report.STREAMING_TO_STDOUT else \
        "no report written"
    click.echo(f"\nauditor: {why}; {outcome}", err=True)
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    if threading.active_count() > 1:
        os._exit(int(status))  # worker threads blocked in a request would hold a normal exit
    sys.exit(int(status))


@click.group(cls=_Auditor, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="auditor")
@click.option("--config", "config_file", metavar="FILE", envvar="AUDITOR_CONFIG",
              help="Settings file (TOML). Default: the nearest auditor.toml, or pyproject.toml with a [tool.auditor] "
                   "table, from here upward. Keys are the options' long names; the command line and AUDITOR_<NAME> "
                   "variables win over it.")
@click.pass_context
def main(ctx: click.Context, config_file: str | None) -> None:
    """Audit how news articles are sourced: the outlets they cite, the posts they
    embed and the links they carry.

    \b
    Exit status: 0 clean, 1 a finding met --fail-on, 2 usage error,
    3 an input could not be read (the other inputs are still audited),
    4 the report or the verdict cache could not be written,
    130 interrupted (143 on SIGTERM).

    \b
    Settings: --config FILE, else the nearest auditor.toml (or [tool.auditor]
    in pyproject.toml); each option also from AUDITOR_<NAME>
    (AUDITOR_FAIL_ON=warning). Command line > environment > file > defaults.
    NO_COLOR and FORCE_COLOR are honoured.
    """
    source = config_source(config_file)
    if source is None:
        return
    try:
        config = load_config(source)
        ctx.default_map = default_map(main, config, str(source))
        if config.get("hosts"):
            try:
                ctx.meta[_HOSTS] = host_table(HostSettings(), config["hosts"], str(source)).hosts
            except ValueError as exc:
                raise ConfigError(str(exc)) from None
    except ConfigError as exc:
        if any(arg in ("-h", "--help") for arg in sys.argv[1:]):
            click.echo(f"auditor: warning: {exc}; ignored for --help", err=True)  # help must stay reachable
            return
        raise click.UsageError(str(exc)) from None


_HOSTS = "auditor.hosts"
"""Where the settings file's ``[hosts]`` table waits, in the context's meta, for the command that goes online."""


class _Parsed(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.3, plain before
    """A value read by one of the package's parsers, whose ValueError says what is wrong with it."""

    def __init__(self, name: str, parse: Callable[[str], Any], done: type | None = None) -> None:
        self.name = name
        self._parse = parse
        self._done = done
        """What a value already parsed is (a default, a value given twice over)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if self._done is not None and isinstance(value, self._done):
            return value
        try:
            return self._parse(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class _HeaderType(_Parsed):
    """``Name: value``; from the environment, one a line (values hold spaces), blank lines aside."""

    def __init__(self) -> None:
        super().__init__("header", parse_header, tuple)

    def split_envvar_value(self, rv: str) -> Sequence[str]:
        return [line for line in rv.splitlines() if line.strip()]


def _glob(value: str) -> str:
    PathFilter([value])  # a .gitignore-style pattern it can read
    return value


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"{value!r} is not a regular expression: {exc}") from None
    return value


class _Seconds(click.FloatRange):
    """Seconds: a finite number in range (``nan`` is in every range click checks)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        return number


def _resolve_options(f: Callable[..., None]) -> Callable[..., None]:
    """Options shared by `scan --resolve` and `resolve`."""
    options = [
        click.option("--cache", "cache_path", type=click.Path(dir_okay=False, path_type=Path),
                     default=DEFAULT_CACHE, show_default=True, help="Verdict cache (SQLite), shared safely between runs."),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the cache."),
        click.option("--max-age", type=_Seconds(min=0), metavar="SECONDS",
                     help="Ignore cached verdicts older than this (default: ok 7 days, broken 1 day, unverifiable 1 hour)."),
        click.option("--workers", type=click.IntRange(1, 128), default=16, show_default=True,
                     help="Checks in flight at once (at most 2 per host; up to 8, with short timeouts, for a host "
                          "that has stopped answering)."),
        click.option("--timeout", type=_Seconds(min=0.1), default=10.0, show_default=True, metavar="SECONDS",
                     help="Read timeout per request (connect timeout: half of it, at most 5 s)."),
        click.option("--allow-private", is_flag=True,
                     help="Also follow links to private, loopback and link-local addresses (local testing only)."),
        click.option("--exclude", multiple=True, metavar="REGEX", type=_Parsed("regex", _regex),
                     help="Do not check URLs matching REGEX (repeatable)."),
        click.option("--oembed-endpoint", default=DEFAULT_OEMBED, show_default=True, metavar="URL",
                     help="Where posts on X are checked."),
        click.option("--header", "headers", multiple=True, type=_HeaderType(), metavar="'NAME: VALUE'",
                     help="Send this header with every request (repeatable; a host's own, in the settings file's "
                          "[hosts] table, win). Verdicts cached with other headers are not reused."),
        click.option("--accept", metavar="CODES", type=_Parsed("statuses", parse_statuses, frozenset),
                     default=frozenset(),
                     help="HTTP statuses that also count as a live link, besides 2xx: '403,999' or '400-403' (the "
                          "verdict is ok, reason accepted-http-NNN). Per host: the settings file's [hosts] table."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _build_resolve_options(cache_path: Path, no_cache: bool, max_age: float | None, workers: int, timeout: float,
                           allow_private: bool, exclude: tuple[str, ...], oembed_endpoint: str,
                           headers: tuple[tuple[str, str], ...], accept: frozenset[int]) -> ResolveOptions:
    hosts = HostTable(HostSettings(headers=headers, accept=accept),
                      click.get_current_context().meta.get(_HOSTS, ()))
    from auditor.resolve import ResolveOptions
    from auditor.resolve.checker import CheckerConfig

    config = CheckerConfig(connect_timeout=min(5.0, timeout / 2), read_timeout=timeout, oembed_endpoint=oembed_endpoint,
                           url_budget=max(30.0, 3 * timeout), slow_timeout=min(3.0, timeout), hosts=hosts)
    return ResolveOptions(workers=workers, cache_path=None if no_cache else cache_path, max_age=max_age,
                          allow_private=allow_private, exclude=exclude, config=config)


def _output_options(default_format: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """-f/--format, -o/--output, --fail-on and --color, shared by `scan` and `report`."""

    def decorate(f: Callable[..., None]) -> Callable[..., None]:
        for option in reversed([
            click.option("-f", "--format", "fmt", type=click.Choice(list(FORMATS)), default=default_format,
                         show_default=True, help="Report format."),
            click.option("-o", "--output", default="-", metavar="FILE", show_default=True,
                         help="Write the report to FILE ('-' for standard output); written atomically."),
            click.option("--fail-on", "policy", default="error", show_default=True, metavar="NAMES",
                         callback=_policy_option,
                         help="Exit 1 when a finding matches any of these comma-separated names: a severity (error, "
                              "warning, info: that or worse), a rule (no-cited-outlet, broken-link...), a verdict "
                              "(broken, refused, unverifiable, skipped) or a reason (tweet-deleted, http-404...); "
                              "'never' for none. A link that could not be checked fails only when named. Also what "
                              "JUnit counts as a failure."),
            click.option("--exit-zero", is_flag=True,
                         help="Exit 0 whatever the findings (a report-only job); unreadable input still exits 3."),
            click.option("--baseline", "baseline_path", metavar="RUN.json",
                         help="An earlier JSON report: each finding is marked new or persisting, fixed ones are listed, "
                              "and --fail-on counts only new findings. A missing file (the first night) makes every "
                              "finding new."),
            click.option("--fail-on-persisting", is_flag=True,
                         help="With --baseline, let persisting findings fail the run too."),
            click.option("--fail-after", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
                         help="A broken link fails the run only once N runs in a row have found it broken (kept in "
                              "the verdict cache): a flaky server does not fail a nightly job."),
            click.option("--color/--no-color", default=None,
                         help="Colour the text report [default: when writing to a terminal]."),
        ]):
            f = option(f)
        return f

    return decorate


def _policy_option(ctx: click.Context, param: click.Parameter, value: str) -> Policy:
    try:
        return parse_policy(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _load_run(path: str, what: str) -> Report:
    """A saved JSON report, read an article at a time, or a CliError (exit 3) saying why not."""
    from auditor.runfile import load_run

    if path == "-" and sys.stdin is None:
        raise CliError("cannot read standard input: it is closed")
    try:
        with contextlib.nullcontext(sys.stdin.buffer) if path == "-" else open(path, "rb") as handle:
            return load_run(handle)
    except OSError as exc:
        raise CliError(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise CliError(f"{what} {path}: {exc}") from None


def _earlier(baseline_path: str | None) -> Report | None:
    """The baseline run; None when none is asked for, or it does not exist yet (the first night: said once)."""
    if baseline_path is None:
        return None
    if baseline_path != "-" and not Path(baseline_path).exists():
        click.echo(f"auditor: no baseline at {one_line(baseline_path)} yet: every finding is new", err=True)
        return None
    return _load_run(baseline_path, "the baseline")


def _with_baseline(report: Report, baseline_path: str | None) -> Report:
    if baseline_path is None:
        return report
    earlier = _earlier(baseline_path)
    return apply_baseline(report, earlier or Report(report.meta, ()), baseline_path)


def _colour_by_default(output: str) -> bool:
    """FORCE_COLOR, then NO_COLOR (https://no-color.org), then whether standard output is a terminal."""
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("NO_COLOR"):
        return False
    return output == "-" and sys.stdout.isatty()


def _emit(report: Report, fmt: str, output: str, policy: Policy, color: bool | None, exit_zero: bool,
          fail_on_persisting: bool = False, fail_after: int = 1) -> ExitStatus:
    """Render, write (atomically, or to stdout) and return the exit status the policy gives."""
    policy = dataclasses.replace(policy, fail_after=fail_after)
    if report.baseline is not None and not fail_on_persisting:
        policy = dataclasses.replace(policy, persisting=False)
    use_color = color if color is not None else _colour_by_default(output)
    options = RenderOptions(color=use_color and fmt == "text", fail_on=policy)
    try:
        write_output(render_chunks(report, fmt, options), output)
    except AuditorError as exc:
        raise (OutputCliError if exc.exit_status == ExitStatus.OUTPUT else CliError)(str(exc)) from None
    return _exit_status(report, policy, exit_zero)


@main.command()
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@_output_options("text")
@click.option("--resolve", "go_online", is_flag=True,
              help="Go online: expand short links, follow redirects, tell live links and posts from dead ones.")
@_resolve_options
@click.option("--suggest-archive", is_flag=True,
              help="With --resolve: for each dead link and deleted post, the archived copy taken nearest before the "
                   "article's publication date (the Internet Archive; a Memento aggregator too with "
                   "--memento-endpoint), offered in the reports as a replacement.")
@click.option("--archive-endpoint", default=DEFAULT_WAYBACK, show_default=True, metavar="URL",
              help="The Internet Archive's availability API, asked by --suggest-archive.")
@click.option("--memento-endpoint", metavar="URL",
              help="A Memento aggregator's JSON API (https://timetravel.mementoweb.org/api/json), asked by "
                   "--suggest-archive where the Internet Archive has no copy.")
@click.option("--outlets", "outlets_file", metavar="FILE", envvar="AUDITOR_OUTLETS",
              help="Your own outlets (JSON; see docs/outlets.md), added to the gazetteer and taking precedence."
                   " Also read from $AUDITOR_OUTLETS.")
@click.option("--time-limit", type=_Seconds(min=0), default=DEFAULT_TIME_LIMIT, show_default=True,
              metavar="SECONDS", help="Most time one article may take to scan; one that takes longer is reported as "
                                      "unreadable (exit 3) and the run goes on. 0: no limit.")
@click.option("--exclude-path", "exclude_paths", multiple=True, metavar="GLOB", type=_Parsed("glob", _glob),
              help="Leave out of folder walks the files and folders GLOB names (repeatable), as a .gitignore does: "
                   "'drafts' or '*.md' anywhere, '2019/**/wire' from the folder scanned, 'tmp/' folders only, "
                   "'!keep.md' to take one back. A file named on the command line is audited anyway.")
@click.option("--shard", metavar="K/N", callback=lambda ctx, param, value: _shard_option(value),
              help="Scan only the K-th of N stable parts of the articles (by a hash of each path within the folder "
                   "scanned), for a CI matrix; `auditor merge` joins the parts.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), metavar="N",
              help="Processes scanning at once [default: the machine's cores]; 1 scans in this process. The report "
                   "is the same whatever N.")
@click.option("-q", "--quiet", is_flag=True, help="No progress on standard error (errors are still shown).")
@click.option("-v", "--verbose", is_flag=True,
              help="Also a line per article on standard error: what it cites, embeds and links, and its findings.")
def scan(paths: tuple[str, ...], fmt: str, output: str, policy: Policy, exit_zero: bool, baseline_path: str | None,
         fail_on_persisting: bool, fail_after: int, go_online: bool, color: bool | None, quiet: bool,
         outlets_file: str | None, time_limit: float, exclude_paths: tuple[str, ...], shard: tuple[int, int] | None,
         jobs: int | None, verbose: bool, suggest_archive: bool, archive_endpoint: str, memento_endpoint: str | None,
         **resolve_kwargs: Any) -> None:
    """Scan articles for cited outlets, tweets, social embeds and links.

    PATH is an article (.txt, .html, .htm, .md), a folder searched recursively,
    or - for standard input. With no PATH, the seeds/ folder is audited.
    Nothing goes online unless --resolve is given.

    \b
    Examples:
      auditor scan                                  # audit seeds/
      auditor scan article.html archive/2023/
      cat article.txt | auditor scan -
      auditor scan seeds/ --format json -o reports/seeds.json
      auditor scan archive/ --fail-on warning       # strict: warnings fail the run
      auditor scan archive/ --resolve -f json -o reports/nightly.json
      auditor scan archive/ --resolve --fail-on broken-link,tweet-deleted
      auditor scan archive/ --resolve --suggest-archive -f html -o reports/dead-links.html
      auditor scan archive/ --baseline reports/last.json -f json -o reports/tonight.json
      auditor scan archive/ --shard 3/8 --resolve -f json -o reports/shard-3.json
      auditor scan archive/ --exclude-path drafts --exclude-path '*.md'

    \b
    Exit status:
      0    audited; no finding matched --fail-on (or --exit-zero)
      1    a finding matched --fail-on
      2    the command line is wrong (an unknown option or --fail-on name)
      3    an input could not be read (the others were still audited)
      4    the report or the verdict cache cannot be written (checked before
           scanning; a cache that fails later still gets the report written)
      130  interrupted (Ctrl-C; 143 for SIGTERM)
    """
    if not paths:
        if not Path(DEFAULT_PATH).is_dir():
            raise click.UsageError(f"no PATH given and there is no {DEFAULT_PATH}/ folder here to audit.")
        paths = (DEFAULT_PATH,)
    options = _build_resolve_options(**resolve_kwargs) if go_online else None
    if suggest_archive and options is None:
        raise click.UsageError("--suggest-archive looks up archived copies of dead links: it needs --resolve.")
    if suggest_archive and options is not None:
        from auditor.resolve.archive import ArchiveConfig

        options = dataclasses.replace(options, archive=ArchiveConfig(archive_endpoint, memento_endpoint or None))
    _preflight(output, options, scanning=True)
    earlier = _earlier(baseline_path)  # a baseline that cannot be read stops the run before it starts
    stdin = sys.stdin.buffer if "-" in paths and sys.stdin is not None else None  # None: closed (`<&-`)
    try:
        report = audit(paths, stdin=stdin, progress=_progress("scanning", "articles", quiet, minimum=20),
                       on_problem=_print_problem, on_skipped=None if quiet else _print_skipped,
                       outlets_file=outlets_file, time_limit=time_limit or None, shard=shard,
                       exclude=exclude_paths, jobs=jobs or default_jobs())
    except UsageError as exc:
        raise click.BadParameter(str(exc), param_hint="--outlets") from None
    cache_failed = False
    if options is not None:
        from auditor.resolve import ResolveStats, resolve_report

        stats = ResolveStats()
        try:
            report = resolve_report(report, options, progress=_progress("checking", "URLs", quiet),
                                    warn=_print_warning, stats=stats,
                                    archive_progress=_progress("looking up archived copies of", "dead links", quiet))
        except AuditorError as exc:  # offline: one clear line, not a report full of "dns"
            raise CliError(str(exc)) from None
        if not quiet:
            click.echo(f"auditor: checked {stats.unique} unique URLs ({stats.cached} from cache, "
                       f"{stats.requests} requests)", err=True)
        cache_failed = stats.cache_failed
    if verbose and not quiet:
        for article in report.articles:
            worst = max((f.severity for f in article.findings), default=None)
            click.echo(f"auditor: {one_line(shown_path(article.path))}: {len(article.outlets)} outlets, "
                       f"{len(article.tweets) + len(article.embeds)} posts, {len(article.links)} links, "
                       f"{len(article.findings)} findings" + (f" (worst: {worst.label})" if worst else ""), err=True)
    if baseline_path is not None:
        report = apply_baseline(report, earlier or Report(report.meta, ()), baseline_path)
    status = _emit(report, fmt, output, policy, color, exit_zero, fail_on_persisting, fail_after)
    if output != "-" and not quiet:
        click.echo(f"auditor: wrote {fmt} report of {len(report.articles)} articles to {one_line(output)}", err=True)
    if cache_failed:
        click.echo("auditor: error: the verdict cache could not be written (see above); the report is complete, "
                   "but the next run will check these links again", err=True)
        status = ExitStatus.OUTPUT
    sys.exit(int(status))


def _shard_option(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", value)
    if match is None or not 1 <= int(match[1]) <= int(match[2]):
        raise click.BadParameter(f"{value!r} is not K/N with 1 <= K <= N (3/8: the third of eight parts)",
                                 param_hint="--shard")
    return int(match[1]), int(match[2])


@main.command()
@click.argument("shards", nargs=-1, required=True, metavar="SHARD.json...")
@click.option("-o", "--output", default="-", metavar="FILE", show_default=True,
              help="Write the merged JSON report to FILE ('-' for standard output); written atomically.")
def merge(shards: tuple[str, ...], output: str) -> None:
    """Join the JSON reports of one run's shards (scan --shard K/N) into one.

    The result is the report a single run over the same articles would have
    written (timestamps aside): articles in the same order, one summary.
    Shards of different runs, versions or formats, a missing shard or one
    given twice are refused (exit 3).

    \b
    Examples:
      auditor merge reports/shard-*.json -o reports/tonight.json
    """
    _preflight(output, None)
    try:
        merged = merge_shards([(name, _load_run(name, "the shard")) for name in shards])
    except MergeError as exc:
        raise CliError(str(exc)) from None
    try:
        write_output(render_chunks(merged, "json"), output)
    except AuditorError as exc:
        raise OutputCliError(str(exc)) from None
    sys.exit(int(ExitStatus.INPUT if merged.errors else ExitStatus.OK))


def _preflight(output: str, options: ResolveOptions | None, scanning: bool = False) -> None:
    """Exit 4 at once when the report or the cache plainly cannot be written: not after an hour of resolving."""
    try:
        check_writable(output)
        if options is not None and options.cache_path is not None:
            check_writable(str(options.cache_path), "the verdict cache ")
    except AuditorError as exc:
        raise OutputCliError(f"{exc}" + (" (nothing was scanned)" if scanning else "")) from None


@main.command()
@click.argument("run", type=click.Path(dir_okay=False, allow_dash=True), metavar="RUN.json")
@_output_options("html")
def report(run: str, fmt: str, output: str, policy: Policy, exit_zero: bool, baseline_path: str | None,
           fail_on_persisting: bool, fail_after: int, color: bool | None) -> None:
    """Render a saved JSON report again, in any format.

    The JSON report is the source of truth: rendering it again gives the same
    bytes as asking for that format during the scan.

    \b
    Examples:
      auditor report reports/nightly.json --format html -o reports/nightly.html
      auditor report reports/nightly.json --format markdown >> "$GITHUB_STEP_SUMMARY"
      auditor report reports/tonight.json --baseline reports/last.json -f markdown

    The exit status is the run's (3 when it recorded unreadable files), but
    with --exit-zero it is 0 whatever the run found: a job rendering its
    reports goes on to the next.
    """
    _preflight(output, None)
    loaded = _with_baseline(_load_run(run, "the report"), baseline_path)
    status = _emit(loaded, fmt, output, policy, color, exit_zero, fail_on_persisting, fail_after)
    sys.exit(0 if exit_zero and status == ExitStatus.INPUT else int(status))


@main.command()
@click.argument("old", metavar="OLD.json")
@click.argument("new", metavar="NEW.json")
@click.option("-f", "--format", "fmt", type=click.Choice(DIFF_FORMATS), default="text", show_default=True,
              help="text for a terminal, json for tools, markdown for a CI job summary.")
@click.option("-o", "--output", default="-", metavar="FILE", show_default=True,
              help="Write the comparison to FILE ('-' for standard output); written atomically.")
def diff(old: str, new: str, fmt: str, output: str) -> None:
    """What changed between two runs' JSON reports.

    Articles added and removed, findings new and fixed (matched by
    fingerprint, so moved lines change nothing), links whose verdict changed
    (ok -> broken: went dead since the last run) and posts deleted since.

    \b
    Examples:
      auditor diff reports/last.json reports/tonight.json
      auditor diff reports/last.json reports/tonight.json -f markdown >> "$GITHUB_STEP_SUMMARY"
    """
    _preflight(output, None)
    result = diff_runs(_load_run(old, "the old run"), _load_run(new, "the new run"), old, new)
    try:
        write_output(render_diff(result, fmt), output)
    except AuditorError as exc:
        raise OutputCliError(str(exc)) from None
    sys.exit(int(ExitStatus.OK))


@main.command()
@click.argument("urls", nargs=-1, required=True, metavar="URL...")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-q", "--quiet", is_flag=True, help="No progress on standard error (errors are still shown).")
@_resolve_options
def resolve(urls: tuple[str, ...], fmt: str, quiet: bool, **resolve_kwargs: Any) -> None:
    """Spot-check links: every hop, the final URL and the verdict.

    Posts on X are checked through oEmbed, Telegram posts through their embed
    view. Exit status 1 when any URL is broken.

    \b
    Examples:
      auditor resolve https://t.co/X3flQUBL0r
      auditor resolve https://x.com/SkyNews/status/1672523486418079745 t.me/durov/43
    """
    import json

    from auditor.resolve import ResolveStats, check_urls
    from auditor.scan.urls import normalize

    options = _build_resolve_options(**resolve_kwargs)
    _preflight("-", options)
    normalized = []
    for raw in urls:
        url = normalize(raw)
        if url is None:
            raise click.BadParameter(f"{raw!r} is not an http(s) URL", param_hint="URL")
        normalized.append(url)
    stats = ResolveStats()
    try:
        checks = check_urls(normalized, options, warn=_print_warning, progress=_progress("checking", "URLs", quiet),
                            stats=stats)
    except AuditorError as exc:
        raise CliError(str(exc)) from None
    if fmt == "json":
        click.echo(json.dumps([{"url": u, "check": to_json_dict(c)} for u, c in zip(normalized, checks, strict=True)],
                              indent=2, sort_keys=True))
    else:
        for url, check in zip(normalized, checks, strict=True):
            # NOTE: hops and the final URL come from servers' Location headers: no terminal escapes through
            click.echo(click.style(one_line(url), bold=True))
            for hop in check.chain:
                click.echo(f"  {hop.http_status if hop.http_status is not None else '---'}  {one_line(hop.url)}")
            verdict = check.status + (f" ({check.reason})" if check.reason else "") + (" [cached]" if check.cached else "")
            click.echo(f"  => {verdict}" + (f"  final: {one_line(check.final_url)}" if check.final_url else ""))
    if stats.cache_failed:
        click.echo("auditor: error: the verdict cache could not be written (see above)", err=True)
        sys.exit(int(ExitStatus.OUTPUT))
    sys.exit(int(ExitStatus.POLICY if any(c.status == "broken" for c in checks) else ExitStatus.OK))


def _exit_status(report: Report, policy: Policy, exit_zero: bool = False) -> ExitStatus:
    if report.errors:
        return ExitStatus.INPUT
    if not exit_zero and any(policy.failing(a) for a in report.articles):
        return ExitStatus.POLICY
    return ExitStatus.OK


def one_line(text: str) -> str:
    """Text from outside (a file name, a server's Location) fit for one terminal line: no escape sequences, and
    line breaks shown, not made."""
    return printable(shown_path(text)).replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def _print_problem(problem: InputProblem) -> None:
    click.echo(f"auditor: error: {one_line(problem.path)}: {one_line(problem.message)}", err=True)


def _print_skipped(skipped: Skipped) -> None:
    click.echo(f"auditor: note: {skipped.describe()}", err=True)


def _print_warning(message: str) -> None:
    click.echo(f"auditor: warning: {one_line(message)}", err=True)


def _progress(verb: str, noun: str, quiet: bool, minimum: int = 1) -> Callable[[int, int], None] | None:
    """A counter redrawn in place on a terminal; elsewhere (CI logs) one line per 10%."""
    if quiet:
        return None
    tty = sys.stderr.isatty()
    last = [-1]

    def report(done: int, total: int) -> None:
        if total < minimum:
            return
        if tty:
            click.echo(f"\r{verb} {done}/{total} {noun}", err=True, nl=done == total)
            return
        if last[0] == -1 and done < total:  # say at once what is coming: a dead proxy must not mean silence
            click.echo(f"auditor: {verb} {total} {noun}" + (f" ({done} already known)" if done else ""), err=True)
        tenth = done * 10 // total if total else 10
        if tenth > last[0] and done > 0:
            last[0] = tenth
            click.echo(f"auditor: {verb} {done}/{total} {noun} ({done * 100 // total}%)", err=True)
        elif last[0] == -1:
            last[0] = 0

    return report


@main.command()
@click.argument("query", required=False, default="")
@click.option("--kind", type=click.Choice(OUTLET_KINDS), help="Only outlets of this kind.")
@click.option("--country", metavar="CC", help="Only outlets of this country (ISO code: GB, UA, BR...).")
@click.option("--language", metavar="LL", help="Only outlets in this language (ISO code: en, pt, uk...).")
@click.option("--outlets", "outlets_file", metavar="FILE", envvar="AUDITOR_OUTLETS",
              help="Include your own outlets from FILE (as `scan --outlets`).")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def outlets(query: str, kind: str | None, country: str | None, language: str | None, outlets_file: str | None,
            fmt: str) -> None:
    """List the outlet gazetteer, or search it: QUERY matches a name, alias, domain or handle exactly or
    by its start (a whole name or any word of it), case and accents aside.

    \b
    Examples:
      auditor outlets                           # every outlet
      auditor outlets reuters
      auditor outlets "daily m"                 # Daily Mail, Daily Mirror...
      auditor outlets thesun.co.uk              # who owns a domain
      auditor outlets @SkyNews                  # who owns a handle
      auditor outlets --kind "news agency" --country UA
    """
    import json

    from auditor.scan.gazetteer import load_gazetteer

    try:
        gazetteer = load_gazetteer(outlets_file)
    except UsageError as exc:
        raise click.BadParameter(str(exc), param_hint="--outlets") from None
    entries = [e for e in gazetteer.search(query)
               if (kind is None or e.kind == kind) and (country is None or (e.country or "").upper() == country.upper())
               and (language is None or (e.language or "").lower() == language.lower())]
    if fmt == "json":
        data = [{"name": e.name, "kind": e.kind, "country": e.country, "language": e.language,
                 "aliases": list(e.aliases), "domains": list(e.domains), "handles": list(e.handles),
                 "telegram": list(e.telegram), "facebook": list(e.facebook), "curated": e.curated,
                 "sources": list(e.sources)} for e in entries]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    if not entries:
        click.echo(f"No outlet matches {query!r}.", err=True)
        return
    width = min(40, max(len(e.name) for e in entries))
    for e in entries:
        extras = [f"aka {', '.join(a for a in e.aliases if a != e.name)}" if len(e.aliases) > 1 else "",
                  ", ".join(e.domains), " ".join("@" + h for h in e.handles)]
        detail = "; ".join(x for x in extras if x)
        click.echo(f"{e.name:<{width}}  {e.kind:<13} {e.country or '--':<3} {detail}")
    click.echo(f"{len(entries)} outlets", err=True)


add_environment(main)  # AUDITOR_FAIL_ON, AUDITOR_CACHE, AUDITOR_WORKERS...: each option from the environment too
