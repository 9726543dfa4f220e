"""SARIF 2.1.0: findings as static-analysis results, located in the article files, for code scanning (GitHub's
``upload-sarif``, GitLab, Azure DevOps) where articles live in a repository.

One run; the driver lists every rule of the catalogue, each result points at its rule by id and index. A result is
located by the article's path as a relative URI under ``%SRCROOT%`` (the folder the scan was run from: run it at the
repository's root) and by its line when it has one; its ``partialFingerprints`` carry the finding's fingerprint, so a
code-scanning service follows it across edits, and against a ``--baseline`` its ``baselineState`` says ``new`` or
``unchanged``. Unreadable articles are tool execution notifications, not results, and so are the findings of an
article read from standard input, which has no file to locate them in.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from auditor import __version__
from auditor.model import Finding, Report, Severity
from auditor.report.common import json_with_list, printable
from auditor.scan.findings import RULES

if TYPE_CHECKING:
    from auditor.report import RenderOptions

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT = "auditorFinding/v1"
"""The name of the fingerprint in ``partialFingerprints``: a new version if ever fingerprints are made differently."""
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
_BASELINE_STATES = {"new": "new", "persisting": "unchanged"}
_RULE_IDS = sorted(RULES)


def render(report: Report, options: RenderOptions) -> str:
    return "".join(chunks(report, options))


def chunks(report: Report, options: RenderOptions) -> Iterator[str]:
    """The log in pieces: all but the results first (one walk over the articles), then the results of an article
    at a time, as ``json.dumps(log, indent=2)`` writes them at their depth."""
    found: set[str] = set()
    notifications: list[dict[str, Any]] = []
    for article in report.articles:
        found.update(f.rule for f in article.findings)  # a rule of another version is listed too
        if article.path == "-" and article.findings:  # code scanning refuses a result without a location
            notifications.append({"level": "warning", "descriptor": {"id": "no-file"}, "message": {
                "text": f"{len(article.findings)} findings in the article read from standard input are not "
                        "results: it has no file"}})
    rules = _RULE_IDS + sorted(found - set(_RULE_IDS))
    index = {rule: number for number, rule in enumerate(rules)}
    log = _log(report, rules, notifications)
    return json_with_list(log, log["runs"][0], "results", _results(report, options, index), 3)


def _results(report: Report, options: RenderOptions, index: dict[str, int]) -> Iterator[dict[str, Any]]:
    for article in report.articles:
        if article.path == "-":
            continue
        failing = {id(f) for f in options.fail_on.failing(article)}
        for finding in article.findings:
            yield _result(article.path, finding, index[finding.rule], id(finding) in failing)


def _log(report: Report, rules: list[str], notifications: list[dict[str, Any]]) -> dict[str, Any]:
    notifications += [{"level": "error", "message": {"text": printable(problem.message)},
                       "descriptor": {"id": "unreadable"}, **_locations(problem.path, None)}
                      for problem in report.errors]
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "auditor", "semanticVersion": __version__, "version": __version__,
                            "rules": [_rule(rule) for rule in rules], "notifications": _NOTIFICATIONS}},
        "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The folder the scan was run from."}}},
        # an unreadable file makes the run exit 3: the analysis is incomplete
        "invocations": [{"executionSuccessful": not report.errors, "toolExecutionNotifications": notifications}],
        "columnKind": "unicodeCodePoints",
        "results": [],
        "properties": {"articles": len(report.articles), "resolved": report.meta.resolved,
                       **({"baseline": report.baseline.source, "fixed": len(report.baseline.fixed)}
                          if report.baseline is not None else {})},
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


_NOTIFICATIONS = [
    {"id": "unreadable", "shortDescription": {"text": "An article that could not be read, and was not audited."}},
    {"id": "no-file", "shortDescription": {"text": "Findings in an article read from standard input."}},
]


def _rule(rule: str) -> dict[str, Any]:
    severity, meaning = RULES.get(rule, (Severity.WARNING, "A rule of another version of auditor."))
    return {
        "id": rule,
        "name": "".join(word.capitalize() for word in rule.split("-")),
        "shortDescription": {"text": rule.replace("-", " ").capitalize()},
        "fullDescription": {"text": meaning},
        "defaultConfiguration": {"level": _LEVELS[severity.label]},
        "properties": {"tags": ["sourcing"], "severity": severity.label},
    }


def _result(path: str, finding: Finding, rule_index: int, fails: bool) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _LEVELS[finding.severity.label],
        "message": {"text": printable(finding.message)},
        **_locations(path, finding.line),
        "partialFingerprints": {FINGERPRINT: finding.fingerprint},
        "properties": {"failsRun": fails},
    }
    if finding.baseline in _BASELINE_STATES:
        result["baselineState"] = _BASELINE_STATES[finding.baseline]
    return result


def _locations(path: str, line: int | None) -> dict[str, Any]:
    """Where a result is: the article's file, and its line (standard input has no file)."""
    if path == "-":
        return {}
    region = {"region": {"startLine": line}} if line and line > 0 else {}
    return {"locations": [{"physicalLocation": {"artifactLocation": _artifact(path), **region}}]}


def _artifact(path: str) -> dict[str, Any]:
    """A path as a URI reference: relative ones under %SRCROOT%, absolute ones as file URIs; every byte of a name
    that is not UTF-8 is kept, percent-encoded."""
    raw = path.encode("utf-8", "surrogateescape")
    if os.sep != "/":
        raw = raw.replace(os.sep.encode(), b"/")
    # one spelling for one file: "./a//b.txt" and "a/x/../b.txt" are "a/b.txt" (".//a" must not become "/a")
    raw = posixpath.normpath(raw)
    encoded = quote(raw, safe="/")
    if os.path.isabs(path):
        return {"uri": "file://" + encoded}
    return {"uri": encoded, "uriBaseId": "%SRCROOT%"}

