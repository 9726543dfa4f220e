"""The JSON report: the source of truth every other format can be rendered from."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from auditor.model import Report, to_json_dict

if TYPE_CHECKING:
    from auditor.report import RenderOptions


def render(report: Report, options: RenderOptions) -> str:
    """Deterministic JSON: sorted keys, lists in document order, wall-clock only in ``meta``."""
    return json.dumps(to_json_dict(report), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
