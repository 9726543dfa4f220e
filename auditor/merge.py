"""Combine the shard reports of one run (``--shard K/N``) into the report a single run would have written."""

from __future__ import annotations

import dataclasses
import os

from auditor.model import Baseline, InputProblem, Report
from auditor.spool import ArticleSpool


class MergeError(ValueError):
    """The reports are not the shards of one run."""


def merge_shards(reports: list[tuple[str, Report]]) -> Report:
    """One report from every shard of a run, articles in the whole run's order; the latest ``generated_at``.

    Raises MergeError when a report is no shard, the shards are of different runs, versions or formats, were not
    all resolved alike, or one is missing or given twice."""
    if not reports:
        raise MergeError("no reports to merge")
    shards = []
    for name, report in reports:
        if report.meta.shard is None:
            raise MergeError(f"{name} is not a shard's report (scan with --shard K/N)")
        shards.append((name, report, report.meta.shard))
    first_name, first, part = shards[0]
    for name, report, shard in shards[1:]:
        for what, mine, theirs in (("run (paths scanned or left out)", part.run, shard.run),
                                   ("shard count", part.count, shard.count),
                                   ("auditor version", first.meta.version, report.meta.version),
                                   ("report format", first.meta.format, report.meta.format),
                                   ("--resolve", first.meta.resolved, report.meta.resolved)):
            if mine != theirs:
                raise MergeError(f"{name} is of another {what} than {first_name}: {theirs!r} against {mine!r}")
    seen: dict[int, str] = {}
    for name, _, shard in shards:
        if shard.index in seen:
            raise MergeError(f"shard {shard.index}/{shard.count} is given twice: {seen[shard.index]} and {name}")
        seen[shard.index] = name
    missing = [str(i) for i in range(1, part.count + 1) if i not in seen]
    if missing:
        raise MergeError(f"shard{'s' if len(missing) > 1 else ''} {', '.join(missing)} of {part.count} "
                         f"{'are' if len(missing) > 1 else 'is'} missing")
    places: list[tuple[int, int, int]] = []
    """(place in the whole run, shard, index in the shard) of each article: the articles stay where they are read
    from (a shard's report of thousands is on disk) until the merged report is written."""
    errors: list[tuple[int, InputProblem]] = []
    for number, (_, report, shard) in enumerate(shards):
        if len(shard.articles) != len(report.articles) or len(shard.errors) != len(report.errors):
            raise MergeError(f"shard {shard.index}/{shard.count} does not say where each of its articles goes")
        places += ((place, number, index) for index, place in enumerate(shard.articles))
        errors += zip(shard.errors, report.errors, strict=True)
    compared = {(os.path.normpath(r.baseline.source), r.baseline.generated_at) if r.baseline else None
                for _, r, _ in shards}
    if len(compared) > 1:
        raise MergeError("the shards were compared with different baselines (or some with none): "
                         + "; ".join(f"{name}: {r.baseline.source if r.baseline else 'none'}" for name, r, _ in shards))
    baseline = None
    some = shards[0][1].baseline
    if some is not None:
        fixed = sorted((f for _, r, _ in shards if r.baseline is not None for f in r.baseline.fixed),
                       key=lambda f: (f.path, f.rule, f.fingerprint))
        baseline = Baseline(some.source, some.generated_at, tuple(fixed))
    meta = dataclasses.replace(first.meta, generated_at=max(r.meta.generated_at for _, r, _ in shards), shard=None)
    places.sort(key=lambda p: p[0])
    articles = ArticleSpool(shards[number][1].articles[index] for _, number, index in places)
    return Report(meta, articles, tuple(e for _, e in sorted(errors, key=lambda pe: pe[0])), baseline)
