"""CSV: one row per citation, post, embed and link, for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import TYPE_CHECKING

from auditor.model import Report, shown_path, sources
from auditor.report.common import verdict

if TYPE_CHECKING:
    from auditor.report import RenderOptions

COLUMNS = ("article", "item", "name_or_url", "detail", "verdict", "reason", "final_url", "line")


def _safe(value: object) -> str:
    """Neutralise cells a spreadsheet would run as a formula (=, +, -, @ from untrusted text), and carriage returns,
    which the csv module leaves unquoted and readers take for the end of the row."""
    text = "" if value is None else str(value).replace("\r\n", "\n").replace("\r", "\n")
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and text != "-" else text


def render(report: Report, options: RenderOptions) -> str:
    return "".join(chunks(report, options))


def chunks(report: Report, options: RenderOptions) -> Iterator[str]:
    """The header, then an article's rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for a in report.articles:
        rows: list[tuple[object, ...]] = []
        grouped = sources(a)
        for o in grouped.outlets:
            for m in o.mentions:
                detail = f"{o.kind}; {m.cue}" + (f" of {m.account}" if m.account else "") + f"; as {m.matched}"
                rows.append(("outlet", o.name, detail, "", "", "", m.line))
        for account in grouped.accounts:
            for m in account.mentions:
                rows.append(("account", account.label, f"{m.cue}; as {m.matched}", "", "", "", m.line))
        for p in grouped.platforms:
            for m in p.mentions:
                rows.append(("platform", p.name, f"{m.cue}; as {m.matched}", "", "", "", m.line))
        for c in a.credits:
            rows.append(("credit", c.name, f"as {c.matched}", "", "", "", c.line))
        for t in a.tweets:
            name = t.url or (f"@{t.handle}" if t.handle else "")
            detail = t.form
            if (other := t.posted_by()) is not None:
                detail += f"; posted by @{other}, not @{t.handle}"
            if t.check is not None and t.check.live is not None and t.check.text == "differs":
                detail += (f"; words differ: article \u201c{' '.join((t.text or '').split())}\u201d, live "
                           f"\u201c{t.check.live.text}\u201d")
            rows.append(("tweet", name, detail, verdict(t.check), t.check.reason if t.check else "",
                         t.check.final_url if t.check else "", t.line))
        for e in a.embeds:
            rows.append(("embed", e.url, e.platform, verdict(e.check), e.check.reason if e.check else "",
                         e.check.final_url if e.check else "", e.line))
        for link in a.links:
            rows.append(("link", link.url, link.kind, verdict(link.check), link.check.reason if link.check else "",
                         link.check.final_url if link.check else "", link.line))
        for row in sorted(rows, key=lambda r: (r[-1], r[0])):
            writer.writerow([_safe(shown_path(a.path)), *(_safe(v) for v in row)])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
