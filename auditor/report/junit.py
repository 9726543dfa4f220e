"""JUnit XML: one test suite per run, one test case per article; a policy breach is a failure."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from auditor.model import Report, Severity, shown_path
from auditor.report.common import printable

if TYPE_CHECKING:
    from auditor.report import RenderOptions


def render(report: Report, options: RenderOptions) -> str:
    policy = options.fail_on
    suites = ET.Element("testsuites", name="auditor")
    suite = ET.SubElement(suites, "testsuite", name="auditor sourcing audit", timestamp=report.meta.generated_at)
    failures = errors = 0
    for article in report.articles:
        shown = shown_path(article.path)
        case = ET.SubElement(suite, "testcase", classname="auditor.article", name=shown, file=shown)
        failing = policy.failing(article)
        if failing:
            failures += 1
            worst = max(failing, key=lambda f: f.severity)
            failure = ET.SubElement(case, "failure", type=worst.rule, message=(
                f"{len(failing)} finding(s) that --fail-on {policy.describe()} fails: {worst.message}"))
            failure.text = "\n".join(_line(f.severity, f.rule, f.line, f.message) for f in failing)
        rest = [f for f in article.findings if f not in failing]
        if rest:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(_line(f.severity, f.rule, f.line, f.message) for f in rest)
    for problem in report.errors:
        errors += 1
        shown = shown_path(problem.path)
        case = ET.SubElement(suite, "testcase", classname="auditor.input", name=shown, file=shown)
        ET.SubElement(case, "error", type="unreadable", message=problem.message)
    tests = len(report.articles) + len(report.errors)
    for element in (suites, suite):
        element.set("tests", str(tests))
        element.set("failures", str(failures))
        element.set("errors", str(errors))
    suite.set("skipped", "0")
    ET.indent(suites)
    # ElementTree writes control characters as they are, and XML 1.0 cannot hold them.
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + printable(ET.tostring(suites, encoding="unicode")) + "\n"


def _line(severity: Severity, rule: str, line: int | None, message: str) -> str:
    return f"{severity.label} {rule} (line {line if line else '-'}): {message}"
