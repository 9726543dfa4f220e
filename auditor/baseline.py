"""Compare a run with an earlier one: each finding new or persisting, and what the earlier run found that is fixed.

Findings are matched by fingerprint (the article, the rule and what the finding
is about; never a line number), so an edit above a finding leaves it
persisting. Only articles this run audited are compared: an article the run
left out (another shard, a file removed) fixes nothing.
"""

from __future__ import annotations

import dataclasses

from auditor.model import Baseline, Fixed, Report, shown_path
from auditor.scan.findings import article_identity
from auditor.spool import ArticleSpool


def apply_baseline(report: Report, earlier: Report, source: str) -> Report:
    """``report`` with each finding marked "new" or "persisting" against ``earlier``, and ``earlier``'s findings
    that this run no longer finds listed as fixed."""
    audited = {article_identity(a) for a in report.articles}
    before: dict[str, Fixed] = {}
    for article in earlier.articles:
        if article_identity(article) not in audited:
            continue
        for finding in article.findings:
            if finding.fingerprint:
                before[finding.fingerprint] = Fixed(article.path, finding.rule, finding.severity, finding.message,
                                                    finding.fingerprint)
    now: set[str] = set()
    articles = ArticleSpool()
    for article in report.articles:
        marked = []
        for finding in article.findings:
            now.add(finding.fingerprint)
            marked.append(dataclasses.replace(finding, baseline="persisting" if finding.fingerprint in before else "new"))
        articles.append(dataclasses.replace(article, findings=tuple(marked)))
    # NOTE: in a stable order of their own, so that the merged shards of a run list them as the whole run does
    fixed = tuple(sorted((f for mark, f in before.items() if mark not in now),
                         key=lambda f: (f.path, f.rule, f.fingerprint)))
    return dataclasses.replace(report, articles=articles,
                               baseline=Baseline(shown_path(source), earlier.meta.generated_at, fixed))
