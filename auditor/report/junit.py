"""JUnit XML: one test suite per run, one test case per article; a policy breach is a failure."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import TYPE_CHECKING

from auditor.model import Report, Severity, shown_path
from auditor.report.common import printable

if TYPE_CHECKING:
    from auditor.policy import Policy
    from auditor.report import RenderOptions


def render(report: Report, options: RenderOptions) -> str:
    return "".join(chunks(report, options))


_HOLE = "auditor-cases"


def chunks(report: Report, options: RenderOptions) -> Iterator[str]:
    """The suite's frame with its counts (one walk over the articles), then a test case at a time, indented as
    ``ET.indent`` indents the whole tree."""
    policy = options.fail_on
    failures = sum(1 for article in report.articles if policy.failing(article))
    errors = len(report.errors)
    tests = len(report.articles) + errors
    suites = ET.Element("testsuites", name="auditor")
    suite = ET.SubElement(suites, "testsuite", name="auditor sourcing audit", timestamp=report.meta.generated_at)
    for element in (suites, suite):
        element.set("tests", str(tests))
        element.set("failures", str(failures))
        element.set("errors", str(errors))
    suite.set("skipped", "0")
    if tests:
        ET.SubElement(suite, _HOLE)
    ET.indent(suites)
    frame = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    head, _, tail = frame.partition(f"<{_HOLE} />")
    # ElementTree writes control characters as they are, and XML 1.0 cannot hold them.
    yield printable(head)
    for number, case in enumerate(_cases(report, policy)):
        ET.indent(case, level=2)
        yield printable(("\n    " if number else "") + ET.tostring(case, encoding="unicode"))
    yield printable(tail)


def _cases(report: Report, policy: Policy) -> Iterator[ET.Element]:
    for article in report.articles:
        shown = shown_path(article.path)
        case = ET.Element("testcase", classname="auditor.article", name=shown, file=shown)
        failing = policy.failing(article)
        if failing:
            worst = max(failing, key=lambda f: f.severity)
            failure = ET.SubElement(case, "failure", type=worst.rule, message=(
                f"{len(failing)} finding(s) that --fail-on {policy.describe()} fails: {worst.message}"))
            failure.text = "\n".join(_line(f.severity, f.rule, f.line, f.message) for f in failing)
        rest = [f for f in article.findings if f not in failing]
        if rest:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(_line(f.severity, f.rule, f.line, f.message) for f in rest)
        yield case
    for problem in report.errors:
        shown = shown_path(problem.path)
        case = ET.Element("testcase", classname="auditor.input", name=shown, file=shown)
        ET.SubElement(case, "error", type="unreadable", message=problem.message)
        yield case


def _line(severity: Severity, rule: str, line: int | None, message: str) -> str:
    return f"{severity.label} {rule} (line {line if line else '-'}): {message}"
