"""The resolve stage: the only code that goes online (see :mod:`auditor.resolve.run`).

Its modules load when first used, so that a command that stays offline starts without the HTTP stack.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from auditor.resolve.run import (
        Offline,
        ResolveOptions,
        ResolveStats,
        check_urls,
        resolve_report,
        run_checks,
        targets_of,
    )

DEFAULT_CACHE = Path(".auditor-cache.sqlite")
DEFAULT_OEMBED = "https://publish.twitter.com/oembed"
DEFAULT_WAYBACK = "https://archive.org/wayback/available"

__all__ = ["DEFAULT_CACHE", "DEFAULT_OEMBED", "DEFAULT_WAYBACK", "Offline", "ResolveOptions", "ResolveStats", "check_urls",
           "resolve_report", "run_checks", "targets_of"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from auditor.resolve import run

        return getattr(run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
