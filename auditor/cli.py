"""Command line: parse, call the pipeline, render, write, exit with the contract's code."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from auditor import __version__
from auditor.errors import AuditorError, ExitStatus
from auditor.model import InputProblem, Report, Severity
from auditor.pipeline import audit
from auditor.report import FORMATS, RenderOptions, render, write_output
from auditor.scan.gazetteer import load_gazetteer

DEFAULT_PATH = "seeds"
_FAIL_ON = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO, "never": None}


class CliError(click.ClickException):
    """An input or infrastructure error: exit status 3."""

    exit_code = int(ExitStatus.INPUT)

    def show(self, file: object = None) -> None:
        click.echo(f"auditor: error: {self.format_message()}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="auditor")
def main() -> None:
    """Audit how news articles are sourced: the outlets they cite, the posts they
    embed and the links they carry.

    \b
    Exit status: 0 clean, 1 a finding met --fail-on, 2 usage error,
    3 an input could not be read (the other inputs are still audited).
    """


@main.command()
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@click.option("-f", "--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True,
              help="Report format.")
@click.option("-o", "--output", default="-", metavar="FILE", show_default=True,
              help="Write the report to FILE ('-' for standard output); written atomically.")
@click.option("--fail-on", type=click.Choice(list(_FAIL_ON)), default="error", show_default=True,
              help="Exit 1 when any finding is this severe or worse.")
@click.option("--color/--no-color", default=None, help="Colour the text report [default: when writing to a terminal].")
@click.option("-q", "--quiet", is_flag=True, help="No progress on standard error (errors are still shown).")
def scan(paths: tuple[str, ...], fmt: str, output: str, fail_on: str, color: bool | None, quiet: bool) -> None:
    """Scan articles for cited outlets, tweets, social embeds and links.

    PATH is an article (.txt, .html, .htm, .md), a folder searched recursively,
    or - for standard input. With no PATH, the seeds/ folder is audited.

    \b
    Examples:
      auditor scan                                  # audit seeds/
      auditor scan article.html archive/2023/
      cat article.txt | auditor scan -
      auditor scan seeds/ --format json -o reports/seeds.json
      auditor scan archive/ --fail-on warning       # strict: warnings fail the run
    """
    if not paths:
        if not Path(DEFAULT_PATH).is_dir():
            raise click.UsageError(f"no PATH given and there is no {DEFAULT_PATH}/ folder here to audit.")
        paths = (DEFAULT_PATH,)
    stdin = sys.stdin.buffer if "-" in paths else None
    show_progress = not quiet and sys.stderr.isatty()
    bar = _Progress() if show_progress else None
    report = audit(paths, stdin=stdin, progress=bar, on_problem=_print_problem)
    if bar is not None:
        bar.close()
    use_color = color if color is not None else (output == "-" and sys.stdout.isatty())
    try:
        write_output(render(report, fmt, RenderOptions(color=use_color and fmt == "text")), output)
    except AuditorError as exc:
        raise CliError(str(exc)) from None
    if output != "-" and not quiet:
        click.echo(f"auditor: wrote {fmt} report of {len(report.articles)} articles to {output}", err=True)
    sys.exit(int(_exit_status(report, _FAIL_ON[fail_on])))


def _exit_status(report: Report, threshold: Severity | None) -> ExitStatus:
    if report.errors:
        return ExitStatus.INPUT
    if threshold is not None and any(f.severity >= threshold for a in report.articles for f in a.findings):
        return ExitStatus.POLICY
    return ExitStatus.OK


def _print_problem(problem: InputProblem) -> None:
    click.echo(f"auditor: error: {problem.path}: {problem.message}", err=True)


class _Progress:
    """A counter on standard error, redrawn in place; only used on a terminal."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if total < 20:
            return
        if done == total or done % 10 == 0:
            click.echo(f"\rscanning {done}/{total} articles", err=True, nl=False)
            self.shown = True

    def close(self) -> None:
        if self.shown:
            click.echo("", err=True)


@main.command()
@click.argument("query", required=False, default="")
@click.option("--kind", type=click.Choice(sorted({e.kind for e in load_gazetteer().entries})),
              help="Only outlets of this kind.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def outlets(query: str, kind: str | None, fmt: str) -> None:
    """List the outlet gazetteer, or search it by name, alias, country, domain or handle.

    \b
    Examples:
      auditor outlets                 # every outlet
      auditor outlets reuters
      auditor outlets @SkyNews        # who owns a handle
      auditor outlets --kind "news agency" ua
    """
    import json

    entries = [e for e in load_gazetteer().search(query) if kind is None or e.kind == kind]
    if fmt == "json":
        data = [{"name": e.name, "kind": e.kind, "country": e.country, "aliases": list(e.aliases),
                 "domains": list(e.domains), "handles": list(e.handles)} for e in entries]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    if not entries:
        click.echo(f"No outlet matches {query!r}.", err=True)
        return
    width = max(len(e.name) for e in entries)
    for e in entries:
        extras = [f"aka {', '.join(a for a in e.aliases if a != e.name)}" if len(e.aliases) > 1 else "",
                  ", ".join(e.domains), " ".join("@" + h for h in e.handles)]
        detail = "; ".join(x for x in extras if x)
        click.echo(f"{e.name:<{width}}  {e.kind:<13} {e.country or '--':<3} {detail}")
    click.echo(f"{len(entries)} outlets", err=True)
