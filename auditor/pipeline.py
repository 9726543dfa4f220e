"""Wire the stages: collect article paths, scan each, assemble the Report."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from auditor import __version__
from auditor.errors import InputError
from auditor.model import Article, InputProblem, Meta, Report
from auditor.scan import scan_article
from auditor.scan.document import ARTICLE_SUFFIXES, read_bytes
from auditor.scan.gazetteer import load_gazetteer

STDIN = "-"


def collect(paths: Sequence[str]) -> Iterator[str | InputProblem]:
    """Article paths in a stable order: files as given, folders walked (sorted, hidden entries skipped)."""
    for raw in paths:
        if raw == STDIN:
            yield raw
            continue
        path = Path(raw)
        if not path.is_dir():
            yield raw
            continue
        found = False
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith(".") and Path(name).suffix.lower() in ARTICLE_SUFFIXES:
                    found = True
                    yield os.path.join(folder, name)
        if not found:
            suffixes = ", ".join(sorted(ARTICLE_SUFFIXES))
            yield InputProblem(raw, f"no articles in this folder (looked for {suffixes})")


def audit(
    paths: Sequence[str],
    *,
    stdin: BinaryIO | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_problem: Callable[[InputProblem], None] | None = None,
    outlets_file: str | None = None,
) -> Report:
    """Scan every article under ``paths``; a file that fails is recorded and the run goes on.

    ``outlets_file`` adds the user's own outlets to the gazetteer (see :func:`load_user_outlets`)."""
    gazetteer = load_gazetteer(outlets_file)
    items = list(collect(paths))
    articles: list[Article] = []
    problems: list[InputProblem] = []
    for done, item in enumerate(items, 1):
        problem = item if isinstance(item, InputProblem) else None
        if isinstance(item, str):
            try:
                if item == STDIN:
                    if stdin is None:
                        raise InputError(item, "standard input is closed")
                    data = stdin.read()
                else:
                    data = read_bytes(Path(item))
                if not data.strip():
                    raise InputError(item, "empty input" if item == STDIN else "empty file")
                articles.append(scan_article(item, data, gazetteer))
            except InputError as exc:
                problem = InputProblem(item, exc.reason)
            except RecursionError:
                problem = InputProblem(item, "markup is nested too deeply to read")
        if problem is not None:
            problems.append(problem)
            if on_problem is not None:
                on_problem(problem)
        if progress is not None:
            progress(done, len(items))
    meta = Meta(generated_at=_now(), resolved=False, version=__version__)
    return Report(meta, tuple(articles), tuple(problems))


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
