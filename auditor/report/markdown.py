"""Markdown: a compact summary for a CI job summary or a pull-request comment, problems first."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import quote

from auditor.model import Article, Check, Report, shown_path, sources
from auditor.report.common import archive_of, outlet_counts, printable, verdict_text
from auditor.report.common import md_cell as _cell

if TYPE_CHECKING:
    from auditor.report import RenderOptions


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _code(text: str) -> str:
    """A code span safe in a table cell: one line, pipes escaped (GFM splits cells even inside code), fenced by
    more backticks than the longest run inside (CommonMark's rule: no name or URL can close it early)."""
    flat = " ".join(printable(text).split()).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {flat} {fence}" if longest else f"`{flat}`"


def _verdict(check: Check | None) -> str:
    """A verdict cell; for a dead link with an archived copy, the copy offered in its place; for a post whose
    words differ from the live post's, so."""
    cell = _cell(verdict_text(check))
    if check is not None and check.text == "differs":
        cell += "; words differ from the live post"
    copy = archive_of(check)
    if copy is None:
        return cell
    if copy["href"] is None:
        return f"{cell}; {_cell(copy['note'])}"
    # NOTE: percent-encoded but for the characters a URL needs, so that nothing in it ends the link or the cell
    target = quote(str(copy["href"]).encode("utf-8", "replace"), safe=":/?#@!$&'*+,;=%~-._")  # NOTE: a lone
    # half of a UTF-16 pair in an archive's answer cannot be encoded: it becomes "?", as nowhere else can it go
    return f"{cell}; [replace with archived copy]({target}) ({_cell(copy['day'])})"


def render(report: Report, options: RenderOptions) -> str:
    return "".join(chunks(report, options))


def chunks(report: Report, options: RenderOptions) -> Iterator[str]:
    """The overview (the problems of every article ranked, from one walk that keeps only the findings), then an
    article at a time."""
    s = report.summary()
    out: list[str] = []
    severities = s["findings_by_severity"]
    out.append(f"## Sourcing audit: {s['articles']} article{'s' if s['articles'] != 1 else ''}")
    out.append("")
    out.append(f"**{sum(severities.values())} findings** ({severities.get('error', 0)} errors, "
               f"{severities.get('warning', 0)} warnings, {severities.get('info', 0)} info) in "
               f"{s['articles_with_findings']} of {s['articles']} articles · "
               f"{_n(len(s['sources']['outlets']), 'outlet')} cited · "
               f"{_n(len(s['sources']['accounts']), 'account')} on platforms · "
               f"{_n(s['tweets'], 'tweet')} · {_n(s['embeds'], 'other embed')} · {_n(s['links'], 'link')}"
               + (" · links checked online" if report.meta.resolved else ""))
    if report.errors:
        out += ["", "### Unreadable files", "", "| File | Problem |", "|---|---|"]
        out += [f"| {_code(shown_path(e.path))} | {_cell(e.message)} |" for e in report.errors]
    problems = [(a.path, f) for a in report.articles for f in a.findings]
    problems.sort(key=lambda af: (-af[1].severity, af[0], af[1].line or 0))
    out += ["", "### Problems", ""]
    if report.baseline is not None:
        b = s["baseline"]
        out += [f"Against the baseline of {_cell(report.baseline.generated_at)}: **{b['new']} new**, "
                f"{b['persisting']} persisting, {b['fixed']} fixed.", ""]
        problems.sort(key=lambda af: af[1].baseline != "new")  # new first, each group as before
    if problems:
        since = report.baseline is not None
        out += ["| Severity | Article | Line | Rule | Message |" + (" Baseline |" if since else ""),
                "|---|---|---|---|---|" + ("---|" if since else "")]
        out += [f"| {f.severity.label} | {_code(shown_path(path))} | {f.line or '–'} | {_code(f.rule)} | {_cell(f.message)} |"
                + (f" {f.baseline} |" if since else "") for path, f in problems]
    else:
        out.append("None.")
    if report.baseline is not None and report.baseline.fixed:
        out += ["", "### Fixed since the baseline", "", "| Severity | Article | Rule | Message |", "|---|---|---|---|"]
        out += [f"| {f.severity.label} | {_code(shown_path(f.path))} | {_code(f.rule)} | {_cell(f.message)} |"
                for f in report.baseline.fixed]
    counts = outlet_counts(report)
    if counts:
        out += ["", "### Outlets cited", "", "| Outlet | Kind | Articles |", "|---|---|---|"]
        out += [f"| {_cell(name)} | {kind} | {n} |" for name, kind, n in counts]
    for group, title, column in (("accounts", "Accounts on platforms", "Account"),
                                 ("platforms", "Platforms named as a source", "Platform")):
        if s["sources"][group]:
            out += ["", f"### {title}", "", f"| {column} | Articles |", "|---|---|"]
            out += [f"| {_cell(name)} | {n} |" for name, n in s["sources"][group].items()]
    out += ["", "### Articles"]
    yield "\n".join(out)
    for article in report.articles:
        yield "\n" + "\n".join(_article(article))
    yield "\n"


def _article(article: Article) -> list[str]:
    head = _code(shown_path(article.path)) + (f" — {_cell(article.title)}" if article.title else "")
    facts = ", ".join(x for x in (article.date, article.language) if x)
    out = ["", f"#### {head}" + (f" ({facts})" if facts else ""), ""]
    grouped = sources(article)
    rows = [(f"{_cell(o.name)}{'' if o.known else ' (unknown)'}", o.kind, m) for o in grouped.outlets for m in o.mentions]
    rows += [(_cell(a.label), f"account on {a.platform}", m) for a in grouped.accounts for m in a.mentions]
    rows += [(_cell(p.name), "platform", m) for p in grouped.platforms for m in p.mentions]
    if rows:
        out += ["| Source | Kind | How cited | Line |", "|---|---|---|---|"]
        for name, kind, m in rows:
            how = f"{m.cue} of {m.account}" if m.account else m.cue
            out.append(f"| {name} | {_cell(kind)} | {_cell(how)} ({_cell(m.matched)}) | {m.line} |")
    else:
        out.append("No cited source.")
    if article.credits:
        out += ["", "Credits: " + ", ".join(f"{_cell(c.name)} (line {c.line})" for c in article.credits)]
    if article.tweets or article.embeds or article.links:
        out += ["", "| Item | Kind | Verdict | Line |", "|---|---|---|---|"]
        for t in article.tweets:
            who = f"@{t.handle}" if t.handle else "post"
            out.append(f"| {_cell(who)} {_code(t.url) if t.url else '(no link)'} | tweet, {t.form} | "
                       f"{_verdict(t.check)} | {t.line} |")
        for e in article.embeds:
            out.append(f"| {_code(e.url)} | {e.platform} embed | {_verdict(e.check)} | {e.line} |")
        for link in article.links:
            out.append(f"| {_code(link.url)} | {link.kind} | {_verdict(link.check)} | {link.line} |")
    return out
