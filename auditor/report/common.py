"""Small helpers the renderers share: verdict labels, evidence highlighting, safe links."""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from auditor.model import Check, Mention, Report
from auditor.spool import Mapped

# C0 and C1 controls (terminal escapes), non-characters XML cannot carry (U+FFFE, U+FFFF, U+FDD0-U+FDEF), and the
# bidirectional overrides and isolates that make text display in another order than it reads. (A file name's
# surrogate escapes are left for shown_path to spell out.)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\u202a-\u202e\u2066-\u2069]")


def printable_model(obj: Any) -> Any:
    """A copy of a model object (a Report, an Article...) with :func:`printable` applied to every string."""
    if isinstance(obj, str):
        return printable(obj)
    if isinstance(obj, Report):
        # a run in memory is cleaned once; one spilled to disk, article by article as it is read, never all at once
        articles = printable_model(obj.articles) if isinstance(obj.articles, tuple) else Mapped(obj.articles,
                                                                                               printable_model)
        return dataclasses.replace(obj, articles=articles, errors=printable_model(obj.errors),
                                   baseline=printable_model(obj.baseline), meta=printable_model(obj.meta))
    if isinstance(obj, tuple):
        return tuple(printable_model(item) for item in obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return dataclasses.replace(obj, **{f.name: printable_model(getattr(obj, f.name))
                                           for f in dataclasses.fields(obj) if f.init})
    return obj


def printable(text: str) -> str:
    """Article text without control characters: no terminal escapes, nothing XML cannot carry, no text shown in
    another order than it reads."""
    return _CONTROL_RE.sub("\ufffd", text)


VERDICT_ORDER = ("broken", "refused", "unverifiable", "skipped", "ok", "unchecked")


def verdict(check: Check | None) -> str:
    """The check's status, or "unchecked" when the run did not go online."""
    return check.status if check is not None else "unchecked"


def verdict_text(check: Check | None) -> str:
    if check is None:
        return "unchecked"
    return check.status + (f" ({check.reason})" if check.reason else "")


def archive_of(check: Check | None) -> dict[str, str | None] | None:
    """What ``--suggest-archive`` found for a dead link, as the reports show it: the copy's address (``href``,
    http/https only), the day it was taken, or why there is none (``note``); None when nothing was asked."""
    if check is None or check.archive is None:
        return None
    copy = check.archive
    href = safe_href(copy.url)
    if href is not None:
        return {"href": href, "day": (copy.timestamp or "")[:10] or None, "note": None}
    note = copy.note or "no-snapshot"
    said = "no archived copy" if note == "no-snapshot" else \
        "the archive could not be asked (" + note.removeprefix("archive-unreachable:").strip() + ")"
    return {"href": None, "day": None, "note": said}


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
    """(outlet, kind, articles citing it), most cited first; platforms aside (see :func:`sources`)."""
    counts: Counter[tuple[str, str]] = Counter()
    for article in report.articles:
        counts.update({(o.name, o.kind) for o in article.outlets if o.kind != "platform"})
    return sorted(((name, kind, n) for (name, kind), n in counts.items()), key=lambda x: (-x[2], x[0]))


def md_cell(text: object) -> str:
    """A Markdown table cell: no pipes, newlines or markup from an article can break the table or inject HTML."""
    value = " ".join(printable(str(text if text is not None else "")).split())
    for ch in "\\|*_`[]<>#":
        value = value.replace(ch, "\\" + ch)
    return value or "\u2013"


_HOLE = "\0list\0"


def json_with_list(frame: dict[str, Any], holder: dict[str, Any], key: str, items: Iterable[Any], depth: int,
                   *, sort_keys: bool = False) -> Iterator[str]:
    """``json.dumps(frame, indent=2)`` with ``holder[key]`` (a dict inside ``frame``, at ``depth``) the list of
    ``items``, written in pieces: the frame around the list first, then an item at a time, so that a large list is
    never held whole. The bytes are those of the whole document dumped at once."""
    holder[key] = _HOLE

    def dumps(data: Any) -> str:
        return json.dumps(data, sort_keys=sort_keys, indent=2, ensure_ascii=False)

    # NOTE: the key with its value, which no string in the data can spell (their quotes are escaped)
    head, _, tail = dumps(frame).partition(f"{json.dumps(key)}: {json.dumps(_HOLE)}")
    yield head + f"{json.dumps(key)}: "
    inner = "\n" + "  " * (depth + 1)
    opened = False
    for item in items:
        yield ("[" if not opened else ",") + inner + dumps(item).replace("\n", inner)
        opened = True
    yield ("\n" + "  " * depth + "]" if opened else "[]") + tail + "\n"
