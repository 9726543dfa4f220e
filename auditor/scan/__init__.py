"""The scan stage: article bytes in, an :class:`~auditor.model.Article` out. No network, ever.

The stage's modules load when first used (see :mod:`auditor.scan.article`), so that a command that never scans
(``auditor --help``, ``auditor report``) starts without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from auditor.scan.article import parse_document, scan_article, scan_document

__all__ = ["parse_document", "scan_article", "scan_document"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from auditor.scan import article

        return getattr(article, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
