"""What fails a run: ``--fail-on`` names severities, finding rules, link verdicts and verdict reasons.

A run fails (exit 1) when any finding matches one of the names: a severity
matches its findings and worse ones, a rule its own findings, a verdict or a
reason the findings about links, posts and embeds that were judged so.
``unverifiable`` (a link that could not be checked: a bot wall, a timeout) never
fails a run through a severity: only when it, its rule or one of its reasons is
named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.model import Article, Check, Finding, Severity
from auditor.scan.findings import RULES, reported_checks

SEVERITIES = {s.label: s for s in Severity}
VERDICTS = ("broken", "refused", "unverifiable", "skipped")
"""Verdicts a policy may name (``ok`` is never a failure)."""
REASONS = ("tweet-deleted", "post-not-found", "redirect-loop", "too-many-redirects", "invalid-url", "bot-wall",
           "rate-limited", "timeout", "dns", "tls", "connection", "proxy", "bad-response", "tweet-protected",
           "private-address", "unsupported-scheme", "excluded", "no-url")
"""Named verdict reasons; ``http-NNN`` (any status code) is one too."""
_HTTP_REASON = re.compile(r"http-[0-9]{3}")


@dataclass(frozen=True)
class Policy:
    """What fails a run; the empty policy (``never``) fails nothing."""

    severity: Severity | None = Severity.ERROR
    rules: frozenset[str] = frozenset()
    verdicts: frozenset[str] = frozenset()
    reasons: frozenset[str] = frozenset()
    persisting: bool = True
    """False: against a baseline, only new findings fail (``--baseline`` without ``--fail-on-persisting``)."""
    fail_after: int = 1
    """A broken link fails the run only once that many runs in a row have found it broken (``--fail-after``)."""

    def fails(self, finding: Finding, check: Check | None = None) -> bool:
        """Whether ``finding`` (with the check it reports, for a link finding) fails the run."""
        if finding.baseline == "persisting" and not self.persisting:
            return False
        if check is not None and check.status == "broken" and (check.broken_runs or 1) < self.fail_after:
            return False  # not broken long enough to be more than a flake
        if finding.rule in self.rules:
            return True
        if check is not None and (check.status in self.verdicts or (check.reason or "") in self.reasons):
            return True
        if finding.rule == "unverifiable-link":
            return False  # a link that could not be checked fails only when named
        return self.severity is not None and finding.severity >= self.severity

    def failing(self, article: Article) -> list[Finding]:
        """The findings of ``article`` that fail the run, in its order."""
        checks = reported_checks(article)
        return [f for f in article.findings if self.fails(f, checks.get(f.fingerprint))]

    def describe(self) -> str:
        """The policy as ``--fail-on`` would say it."""
        names = ([self.severity.label] if self.severity is not None else []) + sorted(self.rules) + sorted(
            self.verdicts) + sorted(self.reasons)
        return ",".join(names) or "never"


DEFAULT_POLICY = Policy()
"""``--fail-on error``."""


def parse_policy(text: str) -> Policy:
    """``error``, ``warning,no-cited-outlet``, ``broken-link,tweet-deleted``, ``never``...

    Raises ValueError naming the unknown names and every valid one.
    """
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    if not names:
        raise ValueError("--fail-on needs at least one name (or 'never')")
    severities, rules, verdicts, reasons, unknown = [], set(), set(), set(), []
    for name in names:
        if name == "never":
            continue
        if name in SEVERITIES:
            severities.append(SEVERITIES[name])
        elif name in RULES:
            rules.add(name)
        elif name in VERDICTS:
            verdicts.add(name)
        elif name in REASONS or _HTTP_REASON.fullmatch(name):
            reasons.add(name)
        else:
            unknown.append(name)
    if unknown:
        raise ValueError(
            f"unknown name{'s' if len(unknown) > 1 else ''} in --fail-on: {', '.join(unknown)}. Valid: never; "
            f"severities {', '.join(SEVERITIES)}; rules {', '.join(sorted(RULES))}; verdicts {', '.join(VERDICTS)}; "
            f"reasons {', '.join(REASONS)}, http-NNN")
    if "never" in names and (severities or rules or verdicts or reasons):
        raise ValueError("--fail-on never cannot be combined with other names")
    return Policy(min(severities) if severities else None, frozenset(rules), frozenset(verdicts), frozenset(reasons))
