"""Small helpers the renderers share: verdict labels, evidence highlighting, safe links."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

from auditor.model import Check, Mention, Report

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Article text without control characters: no terminal escapes, nothing XML cannot carry."""
    return _CONTROL_RE.sub("\ufffd", text)


VERDICT_ORDER = ("broken", "refused", "unverifiable", "skipped", "ok", "unchecked")


def verdict(check: Check | None) -> str:
    """The check's status, or "unchecked" when the run did not go online."""
    return check.status if check is not None else "unchecked"


def verdict_text(check: Check | None) -> str:
    if check is None:
        return "unchecked"
    return check.status + (f" ({check.reason})" if check.reason else "")


def safe_href(url: str | None) -> str | None:
    """The URL when it may become a link (http/https only); None for javascript:, data: and the rest."""
    if not url:
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def highlight(mention: Mention) -> tuple[str, str, str]:
    """The evidence sentence split around the cited name: (before, name, after)."""
    sentence = mention.sentence
    at = sentence.find(mention.matched)
    if at < 0:
        return sentence, "", ""
    return sentence[:at], mention.matched, sentence[at + len(mention.matched):]


def outlet_counts(report: Report) -> list[tuple[str, str, int]]:
    """(outlet, kind, articles citing it), most cited first."""
    counts: Counter[tuple[str, str]] = Counter()
    for article in report.articles:
        counts.update({(o.name, o.kind) for o in article.outlets})
    return sorted(((name, kind, n) for (name, kind), n in counts.items()), key=lambda x: (-x[2], x[0]))
