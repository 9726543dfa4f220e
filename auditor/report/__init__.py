"""The report stage: pure renderers of a finished Report, behind one registry.

A renderer is a function of the model to text. The CLI's ``--format`` choices
come from :data:`FORMATS`; :func:`write_output` owns writing to a file or ``-``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from auditor.errors import OutputError
from auditor.model import Report, Severity
from auditor.report import csvreport, htmlreport, jsonreport, junit, markdown, textreport


@dataclass(frozen=True)
class RenderOptions:
    """Presentation choices, and the policy a JUnit report judges articles by."""

    color: bool = False
    fail_on: Severity | None = Severity.ERROR
    """Findings this severe or worse make an article a JUnit failure (None: never)."""


Renderer = Callable[[Report, RenderOptions], str]

FORMATS: dict[str, Renderer] = {
    "text": textreport.render,
    "json": jsonreport.render,
    "html": htmlreport.render,
    "markdown": markdown.render,
    "junit": junit.render,
    "csv": csvreport.render,
}
"""Format name -> renderer; the single list the CLI and the tests read."""


def render(report: Report, fmt: str, options: RenderOptions | None = None) -> str:
    """Render ``report`` in ``fmt`` (a key of :data:`FORMATS`)."""
    try:
        renderer = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}") from None
    return renderer(report, options or RenderOptions())


def write_output(text: str, destination: str) -> None:
    """Write to stdout for ``-``, else atomically: a reader never sees half a report."""
    if destination == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(destination)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(f"cannot write {destination}: {exc.strerror or exc}") from None
