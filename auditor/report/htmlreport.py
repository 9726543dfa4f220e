"""The editors' view: one self-contained HTML file, inert to whatever the articles contain.

Every value from an article goes through Jinja2's autoescape; only http(s)
URLs become links; the page loads nothing, and a Content-Security-Policy
with hashes of its own inline style and script forbids anything else.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import gzip
import hashlib
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

import jinja2

from auditor.model import Article, Mention, Report, Sources, shown_path, sources
from auditor.report.common import (
    VERDICT_ORDER,
    archive_of,
    highlight,
    outlet_counts,
    printable_model,
    safe_href,
    verdict,
    verdict_text,
)
from auditor.scan.findings import RULES
from auditor.spool import ArticleSpool

if TYPE_CHECKING:
    from auditor.report import RenderOptions

_VERDICT_COLOURS = {"ok": "#1a7f37", "broken": "#cf222e", "unverifiable": "#9a6700", "refused": "#8250df",
                    "skipped": "#6e7781", "unchecked": "#6e7781"}
_KIND_COLOUR = "#0969da"
_BAR_MAX = 220
PAGE_SIZE = 100
"""Articles written out in the page itself; the rest wait, compressed, until the reader opens them."""


@functools.lru_cache(maxsize=1)
def _assets() -> tuple[jinja2.Environment, str, str]:
    folder = resources.files("auditor.report.templates")
    sources = {name: folder.joinpath(name).read_text(encoding="utf-8") for name in ("report.html.j2", "article.html.j2")}
    env = jinja2.Environment(loader=jinja2.DictLoader(sources), autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    return env, folder.joinpath("report.css").read_text(encoding="utf-8"), \
        folder.joinpath("report.js").read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def chunks(report: Report, options: RenderOptions, page_size: int | None = None) -> Iterator[str]:
    """The page in pieces of some 64 KB, written as it is rendered: the index holds a row of a few counts an
    article, the first page of articles is written out, and each further page is read, rendered and compressed
    when its turn comes, so that a run of 50,000 articles read from disk is never held whole."""
    pending: list[str] = []
    size = 0
    for piece in _generate(report, page_size or PAGE_SIZE):
        pending.append(piece)
        size += len(piece)
        if size >= _PIECE:
            yield "".join(pending)
            pending, size = [], 0
    pending.append("\n")
    yield "".join(pending)


_PIECE = 1 << 16


def render(report: Report, options: RenderOptions, page_size: int | None = None) -> str:
    """The report; past ``page_size`` articles, each further page of them is stored gzip-compressed in the file
    and written into the page by its script when the reader opens one of them (a 1,000-article report stays a few
    megabytes and opens at once)."""
    return "".join(chunks(report, options, page_size))


def _generate(report: Report, page_size: int) -> Iterator[str]:
    report = printable_model(report)  # no control characters
    if not isinstance(report.articles, tuple):
        # a run on disk: cleaned once, article by article, into a spool of its own that the walks below read
        report = dataclasses.replace(report, articles=ArticleSpool(report.articles))
    env, css, js = _assets()
    template = env.get_template("report.html.j2")
    csp = (f"default-src 'none'; style-src {_sha256(css)}; script-src {_sha256(js)}; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    folder = _folder(report.articles)
    # problems first: the worst finding, then how many, then the order of the run
    keys = [(-max((int(f.severity) for f in a.findings), default=0), -len(a.findings), i)
            for i, a in enumerate(report.articles)]
    ranked = [i for *_, i in sorted(keys)]
    rows = [_row(number, report.articles[i], (number - 1) // page_size + 1, folder)
            for number, i in enumerate(ranked, 1)]
    first_page = [_article(number, report.articles[i], 1, folder) for number, i in enumerate(ranked[:page_size], 1)]
    pager = [{"number": n, "first": start + 1, "last": min(start + page_size, len(ranked))}
             for n, start in enumerate(range(page_size, len(ranked), page_size), 2)]
    section = env.get_template("article.html.j2").module.article_section  # type: ignore[attr-defined]

    def packed() -> Iterator[dict[str, Any]]:
        for page in pager:
            html = "".join(str(section(_article(number, report.articles[ranked[number - 1]], page["number"], folder),
                                       report.meta.resolved))
                           for number in range(page["first"], page["last"] + 1))
            yield {"number": page["number"], "data": _pack(html)}

    verdicts = sorted({v for row in rows for v in row["verdicts"]}, key=VERDICT_ORDER.index)
    summary = report.summary()
    return template.generate(csp=csp, css=css, js=js, meta=report.meta, s=summary,
                             errors=[{"path": shown_path(e.path), "message": e.message} for e in report.errors],
                             outlets=outlet_counts(report), accounts=list(summary["sources"]["accounts"].items()),
                             platforms=list(summary["sources"]["platforms"].items()), rules=_rules(report),
                             articles=rows, first_page=first_page, pager=pager, packed=packed(),
                             verdicts=verdicts, charts=_charts(report), bar_max=_BAR_MAX,
                             baseline=None if report.baseline is None else {
                                 "source": report.baseline.source, "generated_at": report.baseline.generated_at,
                                 "fixed": [{"path": shown_path(f.path), "rule": f.rule, "severity": f.severity.label,
                                            "message": f.message} for f in report.baseline.fixed]},
                             resolved=report.meta.resolved)


def _row(index: int, a: Article, page: int, folder: str, grouped: Sources | None = None) -> dict[str, Any]:
    """What the index shows of an article: its name and a few counts, not its sections."""
    items = [*(link.check for link in a.links), *(t.check for t in a.tweets), *(e.check for e in a.embeds)]
    grouped = sources(a) if grouped is None else grouped
    worst = max((f.severity for f in a.findings), default=None)
    return {
        "id": f"article-{index}", "page": page, "path": shown_path(a.path), "url": a.url, "date": a.date,
        # its title, else its address, else its path within the folder scanned
        "name": a.title or a.url or shown_path(a.path).removeprefix(folder),
        "outlet_names": [o.name for o in grouped.outlets], "account_count": len(grouped.accounts),
        "source_names": [o.name for o in grouped.outlets] + [acct.label for acct in grouped.accounts]
                        + [p.name for p in grouped.platforms],
        "verdicts": sorted({verdict(c) for c in items}, key=VERDICT_ORDER.index) if items else [],
        "worst": worst.label if worst else None, "post_count": len(a.tweets) + len(a.embeds),
        "link_count": len(a.links), "problem_count": len(a.findings),
    }


def _pack(html: str) -> str:
    """HTML gzip-compressed (no timestamp: the same report gives the same bytes), as base64."""
    return base64.b64encode(gzip.compress(html.encode("utf-8"), compresslevel=9, mtime=0)).decode("ascii")


def _rules(report: Report) -> list[dict[str, Any]]:
    """Which rules fired, how often and in how many articles: the worst first, then the most frequent."""
    findings: Counter[str] = Counter()
    articles: Counter[str] = Counter()
    severity: dict[str, Any] = {}
    for article in report.articles:
        findings.update(f.rule for f in article.findings)
        articles.update({f.rule for f in article.findings})
        severity.update({f.rule: f.severity for f in article.findings})
    ranked = sorted(findings, key=lambda rule: (-int(severity[rule]), -findings[rule], rule))
    return [{"rule": rule, "severity": severity[rule].label, "findings": findings[rule], "articles": articles[rule],
             "meaning": RULES[rule][1] if rule in RULES else ""} for rule in ranked]


def _bars(counts: list[tuple[str, int]], colour: Any) -> list[dict[str, Any]]:
    top = max((n for _, n in counts), default=0)
    return [{"label": label, "count": n, "width": max(2, round(_BAR_MAX * n / top)) if top else 0,
             "colour": colour(label) if callable(colour) else colour} for label, n in counts]


def _charts(report: Report) -> list[dict[str, Any]]:
    kinds: Counter[str] = Counter(o.kind for a in report.articles for o in a.outlets if o.kind != "platform")
    verdicts: Counter[str] = Counter()
    for a in report.articles:
        verdicts.update(verdict(link.check) for link in a.links)
    link_kinds: Counter[str] = Counter(link.kind for a in report.articles for link in a.links)
    charts = [{"title": "Outlets cited, by kind (outlet citations across articles)", "label": "Kind",
               "bars": _bars(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])), _KIND_COLOUR)}]
    if report.meta.resolved:
        ordered = sorted(verdicts.items(), key=lambda kv: VERDICT_ORDER.index(kv[0]))
        charts.append({"title": "Links by verdict", "label": "Verdict", "bars": _bars(ordered, _VERDICT_COLOURS.__getitem__)})
    else:
        charts.append({"title": "Links by kind", "label": "Kind",
                       "bars": _bars(sorted(link_kinds.items(), key=lambda kv: (-kv[1], kv[0])), _KIND_COLOUR)})
    return charts


def _folder(articles: Sequence[Article]) -> str:
    """The folder every article of the run sits in ("archive/2024/" for a scan of archive/2024), or ""."""
    paths = [shown_path(a.path) for a in articles if a.path != "-"]
    if len(paths) < 2:
        return ""
    try:
        common = os.path.commonpath([os.path.dirname(p) for p in paths])
    except ValueError:  # absolute and relative paths mixed
        return ""
    return common + os.sep if common and common != os.sep else ""


def _article(index: int, a: Article, page: int = 1, folder: str = "") -> dict[str, Any]:
    """An article's index row, and all that its section shows."""
    grouped = sources(a)
    outlets = [{"name": o.name, "kind": o.kind, "known": o.known, "mentions": _mentions(o.mentions)}
               for o in grouped.outlets]
    accounts = [{"name": acct.label, "mentions": _mentions(acct.mentions)} for acct in grouped.accounts]
    platforms = [{"name": p.name, "mentions": _mentions(p.mentions)} for p in grouped.platforms]
    return {
        **_row(index, a, page, folder, grouped),
        "index": index, "title": a.title, "language": a.language, "url_href": safe_href(a.url) if a.url else None,
        "input_format": a.input_format, "outlets": outlets, "accounts": accounts, "platforms": platforms,
        "credits": _credits(a),
        "tweets": [{"author": t.author, "handle": t.handle, "date": t.date, "form": t.form, "line": t.line,
                    "text": t.text, "url": t.url, "href": safe_href(t.url), "verdict": verdict(t.check),
                    "verdict_text": verdict_text(t.check), "archive": archive_of(t.check),
                    "diff": [{"kind": p.kind, "words": p.words} for p in t.check.text_diff] if t.check else [],
                    "live_handle": t.check.live.handle if t.check and t.check.live else None,
                    "posted_by": t.posted_by(),
                    "quote": t.check.text if t.check else None} for t in a.tweets],
        "embeds": [{"platform": e.platform, "form": e.form, "line": e.line, "url": e.url, "href": safe_href(e.url),
                    "verdict": verdict(e.check), "verdict_text": verdict_text(e.check), "archive": archive_of(e.check)}
                   for e in a.embeds],
        "links": [{"url": link.url, "href": safe_href(link.url), "kind": link.kind, "in_tweet": link.in_tweet,
                   "label": link.label,
                   "line": link.line, "verdict": verdict(link.check), "verdict_text": verdict_text(link.check),
                   "chain": link.check.chain if link.check and len(link.check.chain) > 1 else (),
                   "final": link.check.final_url if link.check and link.check.final_url != link.url else None,
                   "final_href": safe_href(link.check.final_url) if link.check else None,
                   "archive": archive_of(link.check)} for link in a.links],
        "findings": [{"severity": f.severity.label, "rule": f.rule, "message": f.message, "line": f.line,
                      "baseline": f.baseline} for f in a.findings],
    }


def _mentions(mentions: tuple[Mention, ...]) -> list[dict[str, Any]]:
    shown = []
    for m in mentions:
        before, name, after = highlight(m)
        shown.append({"cue": m.cue, "account": m.account, "line": m.line, "before": before, "name": name,
                      "after": after})
    return shown


def _credits(article: Article) -> list[dict[str, Any]]:
    """Credits by agency, most first: "Getty Images (25)", not twenty-five lines of "Getty Images, line N"."""
    grouped: dict[str, list[int]] = {}
    for credit in article.credits:
        grouped.setdefault(credit.name, []).append(credit.line)
    ranked = sorted(grouped.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [{"name": name, "count": len(lines), "lines": ", ".join(map(str, lines[:10])) + (" ..." if len(lines) > 10 else "")}
            for name, lines in ranked]
