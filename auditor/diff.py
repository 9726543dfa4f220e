"""What changed between two runs: articles added and removed, findings new and fixed, links whose verdict changed,
posts deleted since. Findings are matched by fingerprint, articles by their address (else their path), links by URL.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from auditor.model import REPORT_FORMAT, Article, Check, Embed, Finding, Link, Report, Tweet, shown_path
from auditor.report.common import md_cell as _cell
from auditor.report.common import printable, verdict_text
from auditor.scan.findings import article_identity

FORMATS = ("text", "json", "markdown")


@dataclass(frozen=True)
class Change:
    """A link, post or embed whose verdict is not what it was."""

    path: str
    url: str
    before: Check | None
    after: Check | None

    @property
    def went_dead(self) -> bool:
        return self.after is not None and self.after.status == "broken" and (
            self.before is None or self.before.status != "broken")

    @property
    def came_back(self) -> bool:
        return self.before is not None and self.before.status == "broken" and (
            self.after is not None and self.after.status == "ok")


@dataclass(frozen=True)
class FindingChange:
    path: str
    rule: str
    severity: str
    message: str
    fingerprint: str


@dataclass(frozen=True)
class Diff:
    old: Report
    new: Report
    old_source: str
    new_source: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    new_findings: tuple[FindingChange, ...]
    fixed_findings: tuple[FindingChange, ...]
    changes: tuple[Change, ...]

    @property
    def deleted_posts(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.after is not None and c.after.reason == "tweet-deleted"
                     and (c.before is None or c.before.reason != "tweet-deleted"))


def diff_runs(old: Report, new: Report, old_source: str = "", new_source: str = "") -> Diff:
    """What changed from ``old`` to ``new``. Each run is walked once more per question asked of it and only
    articles' numbers and findings are kept: runs of 50,000 articles read from disk are never held whole."""
    before = {article_identity(a): (i, shown_path(a.path)) for i, a in enumerate(old.articles)}
    after = {article_identity(a): (i, shown_path(a.path)) for i, a in enumerate(new.articles)}
    added = tuple(path for k, (_, path) in after.items() if k not in before)
    removed = tuple(path for k, (_, path) in before.items() if k not in after)
    old_marks = {f.fingerprint: _finding(a, f) for a in old.articles if article_identity(a) in after for f in a.findings}
    new_marks = {f.fingerprint: _finding(a, f) for a in new.articles for f in a.findings}
    new_findings = tuple(f for mark, f in new_marks.items() if mark not in old_marks)
    fixed = tuple(f for mark, f in old_marks.items() if mark not in new_marks)
    changes = []
    for key, (index, path) in after.items():
        if key not in before:
            continue
        then = _checks(old.articles[before[key][0]])
        for url, check in _checks(new.articles[index]).items():
            if url in then and _verdict(then[url]) != _verdict(check):
                changes.append(Change(path, url, then[url], check))
    return Diff(old, new, old_source, new_source, added, removed, new_findings, fixed, tuple(changes))


def _finding(article: Article, f: Finding) -> FindingChange:
    return FindingChange(shown_path(article.path), f.rule, f.severity.label, f.message, f.fingerprint)


def _checks(article: Article) -> dict[str, Check | None]:
    items: list[Link | Tweet | Embed] = [*article.links, *article.tweets, *article.embeds]
    return {item.url: item.check for item in items if item.url}


def _verdict(check: Check | None) -> tuple[str, str | None] | None:
    return None if check is None else (check.status, check.reason)


def render_diff(d: Diff, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(_json(d), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return _markdown(d)
    return _text(d)


def _json(d: Diff) -> dict[str, Any]:
    def check(c: Check | None) -> dict[str, Any] | None:
        return None if c is None else {"status": c.status, "reason": c.reason, "http_status": c.http_status}

    def finding(f: FindingChange) -> dict[str, Any]:
        return {"path": f.path, "rule": f.rule, "severity": f.severity, "message": f.message,
                "fingerprint": f.fingerprint}
    return {
        "meta": {"tool": "auditor", "kind": "diff", "format": REPORT_FORMAT},
        "old": {"source": d.old_source, "generated_at": d.old.meta.generated_at},
        "new": {"source": d.new_source, "generated_at": d.new.meta.generated_at},
        "articles": {"added": list(d.added), "removed": list(d.removed)},
        "findings": {"new": [finding(f) for f in d.new_findings], "fixed": [finding(f) for f in d.fixed_findings]},
        "links": [{"path": c.path, "url": c.url, "before": check(c.before), "after": check(c.after),
                   "went_dead": c.went_dead, "came_back": c.came_back} for c in d.changes],
        "posts_deleted": [{"path": c.path, "url": c.url} for c in d.deleted_posts],
        "summary": _counts(d),
    }


def _counts(d: Diff) -> dict[str, int]:
    return {"articles_added": len(d.added), "articles_removed": len(d.removed), "findings_new": len(d.new_findings),
            "findings_fixed": len(d.fixed_findings), "links_went_dead": sum(c.went_dead for c in d.changes),
            "links_came_back": sum(c.came_back for c in d.changes), "links_changed": len(d.changes),
            "posts_deleted": len(d.deleted_posts)}


def _text(d: Diff) -> str:
    n = _counts(d)
    out = [f"From {d.old.meta.generated_at} ({d.old_source}) to {d.new.meta.generated_at} ({d.new_source})",
           f"  articles  {n['articles_added']} added, {n['articles_removed']} removed",
           f"  findings  {n['findings_new']} new, {n['findings_fixed']} fixed",
           f"  links     {n['links_went_dead']} went dead, {n['links_came_back']} came back, "
           f"{n['links_changed']} changed verdict in all; {n['posts_deleted']} posts deleted"]
    sections = [
        ("Links that went dead", [f"  {c.url}  {verdict_text(c.before)} -> {verdict_text(c.after)}  ({c.path})"
                                  for c in d.changes if c.went_dead]),
        ("Posts deleted", [f"  {c.url}  ({c.path})" for c in d.deleted_posts]),
        ("New findings", [f"  {f.severity} {f.rule} in {f.path}: {f.message}" for f in d.new_findings]),
        ("Fixed findings", [f"  {f.severity} {f.rule} in {f.path}: {f.message}" for f in d.fixed_findings]),
        ("Other verdict changes", [f"  {c.url}  {verdict_text(c.before)} -> {verdict_text(c.after)}  ({c.path})"
                                   for c in d.changes if not c.went_dead]),
        ("Articles added", [f"  {p}" for p in d.added]),
        ("Articles removed", [f"  {p}" for p in d.removed]),
    ]
    for title, lines in sections:
        if lines:
            out += ["", title, *lines]
    return printable("\n".join(out)) + "\n"


def _markdown(d: Diff) -> str:
    n = _counts(d)
    out = [f"## Since the last run ({_cell(d.old.meta.generated_at)})", "",
           f"**{n['findings_new']} new findings**, {n['findings_fixed']} fixed · **{n['links_went_dead']} links went "
           f"dead**, {n['links_came_back']} came back · {n['posts_deleted']} posts deleted · "
           f"{n['articles_added']} articles added, {n['articles_removed']} removed"]
    dead = [c for c in d.changes if c.went_dead]
    if dead:
        out += ["", "### Links that went dead", "", "| Link | Before | Now | Article |", "|---|---|---|---|"]
        out += [f"| {_cell(c.url)} | {_cell(verdict_text(c.before))} | {_cell(verdict_text(c.after))} | {_cell(c.path)} |"
                for c in dead]
    for title, findings in (("New findings", d.new_findings), ("Fixed findings", d.fixed_findings)):
        if findings:
            out += ["", f"### {title}", "", "| Severity | Rule | Article | Message |", "|---|---|---|---|"]
            out += [f"| {f.severity} | {_cell(f.rule)} | {_cell(f.path)} | {_cell(f.message)} |" for f in findings]
    if d.added or d.removed:
        out += ["", "### Articles", ""]
        out += [f"- added: {_cell(p)}" for p in d.added] + [f"- removed: {_cell(p)}" for p in d.removed]
    return "\n".join(out) + "\n"
