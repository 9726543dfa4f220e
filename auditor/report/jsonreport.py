"""The JSON report: the source of truth every other format can be rendered from."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from auditor.model import Report, to_json_dict

if TYPE_CHECKING:
    from auditor.report import RenderOptions


def render(report: Report, options: RenderOptions) -> str:
    """Deterministic JSON: sorted keys, lists in document order, wall-clock only in ``meta``."""
    return "".join(chunks(report, options))


_ARTICLES = "\0articles\0"


def chunks(report: Report, options: RenderOptions) -> Iterator[str]:
    """The report in pieces, one article at a time, as ``json.dumps(to_json_dict(report), sort_keys=True,
    indent=2)`` writes it whole: everything but the articles first (the summary takes one walk over them), then
    each article as the list at depth two indents it."""
    frame = {key: value for key, value in to_json_dict(replace(report, articles=())).items() if key != "summary"}
    frame["summary"] = report.summary()
    frame["articles"] = _ARTICLES
    # NOTE: the key with it, which no string in the data can spell (their quotes are escaped)
    head, _, tail = _dumps(frame).partition(f'"articles": {json.dumps(_ARTICLES)}')
    yield head + '"articles": '
    opened = False
    for article in report.articles:
        item = _dumps(to_json_dict(article)).replace("\n", "\n    ")
        yield ("[\n    " if not opened else ",\n    ") + item
        opened = True
    yield ("\n  ]" if opened else "[]") + tail + "\n"


def _dumps(data: object) -> str:
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)
