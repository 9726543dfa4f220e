"""The JSON report: the source of truth every other format can be rendered from."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from auditor.model import Report, to_json_dict
from auditor.report.common import json_with_list

if TYPE_CHECKING:
    from auditor.report import RenderOptions


def render(report: Report, options: RenderOptions) -> str:
    """Deterministic JSON: sorted keys, lists in document order, wall-clock only in ``meta``."""
    return "".join(chunks(report, options))


def chunks(report: Report, options: RenderOptions) -> Iterator[str]:
    """The report in pieces, one article at a time, as ``json.dumps(to_json_dict(report), sort_keys=True,
    indent=2)`` writes it whole: everything but the articles first (the summary takes one walk over them)."""
    frame = {key: value for key, value in to_json_dict(replace(report, articles=())).items() if key != "summary"}
    frame["summary"] = report.summary()
    return json_with_list(frame, frame, "articles", (to_json_dict(a) for a in report.articles), 1, sort_keys=True)
