"""GitHub Actions workflow commands: one annotation per finding and unreadable file, on the article's file and line.

See GitHub's "Workflow commands for GitHub Actions": ``::error file=F,line=L,title=T::message``; a finding's
severity gives the command (error, warning, notice). Values are escaped as the runner expects, so an article's
text can neither end an annotation early nor start a command of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from auditor.model import Report, shown_path
from auditor.report.common import printable

if TYPE_CHECKING:
    from auditor.report import RenderOptions

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, options: RenderOptions) -> str:
    return "".join(chunks(report, options))


def chunks(report: Report, options: RenderOptions) -> Iterator[str]:
    """The annotations of an article at a time, then a line of counts."""
    for article in report.articles:
        path = _property(printable(shown_path(article.path)))
        fails = {id(f) for f in options.fail_on.failing(article)}
        for f in article.findings:
            where = f"file={path}" + (f",line={f.line}" if f.line else "")
            failing = " (fails the run)" if id(f) in fails else ""
            yield (f"::{_COMMANDS[f.severity.label]} {where},title={_property(f.rule)}::"
                   f"{_data(printable(f.message))}{failing}\n")
    for problem in report.errors:
        yield (f"::error file={_property(printable(shown_path(problem.path)))},title=unreadable::"
               f"{_data(printable(problem.message))}\n")
    s = report.summary()
    yield (f"auditor: {sum(s['findings_by_severity'].values())} findings in {s['articles_with_findings']} of "
           f"{s['articles']} articles; {s['errors']} unreadable\n")
