"""The terminal report: one block per article, then a summary. Colour only when asked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import click

from auditor.model import Article, Check, Mention, Report, shown_path, sources
from auditor.report.common import archive_of, printable_model

if TYPE_CHECKING:
    from auditor.report import RenderOptions

_SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}
_STATUS_COLOURS = {"ok": "green", "broken": "red", "unverifiable": "yellow", "refused": "magenta", "skipped": "white"}


class _Out:
    def __init__(self, color: bool) -> None:
        self.color = color
        self.lines: list[str] = []

    def style(self, text: str, **kwargs: object) -> str:
        return click.style(text, **kwargs) if self.color else text  # type: ignore[arg-type]

    def add(self, text: str = "") -> None:
        self.lines.append(text)

    def take(self) -> str:
        """The lines added since the last take, each ended by a newline."""
        text = "\n".join(self.lines) + "\n"
        self.lines = []
        return text


def render(report: Report, options: RenderOptions) -> str:
    return "".join(chunks(report, options))


def chunks(report: Report, options: RenderOptions) -> Iterator[str]:
    """The terminal report, an article at a time; every value from an article is stripped of control characters
    first."""
    report = printable_model(report)
    out = _Out(options.color)
    for article in report.articles:
        _article(out, article)
        out.add()
        yield out.take()
    for problem in report.errors:
        out.add(out.style("unreadable", fg="red", bold=True) + f"  {shown_path(problem.path)}: {problem.message}")
    if report.errors:
        out.add()
    _summary(out, report)
    yield out.take()



def _article(out: _Out, article: Article) -> None:
    facts = [f for f in (article.date, article.language, article.input_format) if f]
    out.add(out.style(shown_path(article.path), bold=True) + (out.style("  " + " · ".join(facts), dim=True) if facts else ""))
    if article.title:
        out.add(f"  {article.title}")
    if article.url:
        out.add(out.style(f"  {article.url}", dim=True))

    grouped = sources(article)
    out.add(_heading(out, "Outlets", len(grouped.outlets)))
    for outlet in grouped.outlets:
        tag = outlet.kind + ("" if outlet.known else ", not in gazetteer")
        out.add(f"    {out.style(outlet.name, bold=True)} ({tag})")
        for mention in outlet.mentions:
            out.add(f"      line {mention.line:<4} {_how(mention)}")
    for title, group in (("Accounts on platforms", [(a.label, a.mentions) for a in grouped.accounts]),
                         ("Platforms named as a source", [(p.name, p.mentions) for p in grouped.platforms])):
        if group:
            out.add(_heading(out, title, len(group)))
            for name, mentions in group:
                out.add(f"    {out.style(name, bold=True)}")
                for mention in mentions:
                    out.add(f"      line {mention.line:<4} {_how(mention)}")

    if article.credits:
        out.add(_heading(out, "Credits", len(article.credits)))
        for credit in article.credits:
            shown = "" if credit.name == credit.matched else f' ("{credit.matched}")'
            out.add(f"    line {credit.line:<4} {credit.name}{shown}")

    out.add(_heading(out, "Tweets", len(article.tweets)))
    for tweet in article.tweets:
        who = " ".join(x for x in (tweet.author, f"(@{tweet.handle})" if tweet.handle else None) if x) or "unknown"
        bits = [who, tweet.date, tweet.form, f"line {tweet.line}"]
        out.add("    " + " · ".join(b for b in bits if b) + _verdict(out, tweet.check))
        if tweet.text:
            out.add("      " + out.style(_clip(tweet.text, 100), italic=True))
        if tweet.url:
            out.add(f"      post: {tweet.url}")
        if tweet.check is not None and tweet.check.text_diff:
            # NOTE: the words only the article has struck [-so-], the live post's own marked {+so+}
            marked = " ".join(p.words if p.kind == "same" else f"[-{p.words}-]" if p.kind == "article" else
                              f"{{+{p.words}+}}" for p in tweet.check.text_diff)
            out.add("      " + out.style("words differ from the live post: ", fg="yellow") + marked)
        if tweet.links:
            out.add("      links: " + ", ".join(tweet.links))

    out.add(_heading(out, "Embeds", len(article.embeds)))
    for embed in article.embeds:
        out.add(f"    {embed.platform:<10} {embed.url}  line {embed.line}{_verdict(out, embed.check)}")

    out.add(_heading(out, "Links", len(article.links)))
    width = max((len(link.kind) for link in article.links), default=0)
    for link in article.links:
        where = f"line {link.line}" + (", in post" if link.in_tweet else "")
        out.add(f"    {link.kind:<{width}}  {link.url}  {out.style(where, dim=True)}{_verdict(out, link.check)}")

    out.add(_heading(out, "Findings", len(article.findings)))
    for finding in article.findings:
        label = finding.severity.label
        where = f"line {finding.line}" if finding.line else "article"
        mark = f" [{finding.baseline}]" if finding.baseline else ""
        out.add(f"    {out.style(label, fg=_SEVERITY_COLOURS[label], bold=True)} {finding.rule} ({where}){mark}: "
                f"{finding.message}")


def _heading(out: _Out, name: str, count: int) -> str:
    return f"  {out.style(name, underline=True)} ({count})" if count else out.style(f"  {name}: none", dim=True)


def _how(mention: Mention) -> str:
    if mention.account:
        return f'"{mention.matched}" {mention.cue} of {mention.account}'
    return f'"{mention.matched}", {mention.cue}'


def _verdict(out: _Out, check: Check | None) -> str:
    if check is None:
        return ""
    text = check.status + (f" ({check.reason})" if check.reason else "")
    if check.final_url:
        text += f" -> {check.final_url}"
    shown = "  " + out.style(text, fg=_STATUS_COLOURS.get(check.status, "white"), bold=True)
    if (copy := archive_of(check)) is not None:
        shown += "  " + out.style(f"archived copy ({copy['day']}): {copy['href']}" if copy["href"] else
                                  str(copy["note"]), dim=True)
    return shown


def _clip(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "\u2026"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _summary(out: _Out, report: Report) -> None:
    s = report.summary()
    outlets = ", ".join(f"{name} {count}" for name, count in s["sources"]["outlets"].items()) or "none"
    severities = ", ".join(f"{n} {label}" for label, n in s["findings_by_severity"].items()) or "none"
    out.add(out.style("Summary", bold=True))
    out.add(f"  articles  {s['articles']} audited" + (f", {s['errors']} unreadable" if s["errors"] else ""))
    out.add(f"  outlets   {outlets}")
    for group in ("accounts", "platforms"):
        if s["sources"][group]:
            out.add(f"  {group:<9} " + ", ".join(f"{name} {count}" for name, count in s["sources"][group].items()))
    out.add(f"  posts     {_count(s['tweets'], 'tweet')}, {_count(s['embeds'], 'other embed')}")
    kinds = ", ".join(f"{n} {kind}" for kind, n in s["links_by_kind"].items())
    out.add(f"  links     {s['links']}" + (f" ({kinds})" if kinds else ""))
    if s["checks_by_status"]:
        out.add("  checks    " + ", ".join(f"{n} {status}" for status, n in s["checks_by_status"].items()))
    out.add(f"  findings  {severities}, in {s['articles_with_findings']} of {s['articles']} articles")
    if report.baseline is not None:
        b = s["baseline"]
        out.add(f"  baseline  {b['new']} new, {b['persisting']} persisting, {b['fixed']} fixed since "
                f"{report.baseline.generated_at} ({report.baseline.source})")
        for fixed in report.baseline.fixed:
            out.add(f"    fixed {fixed.rule} in {shown_path(fixed.path)}: {fixed.message}")
