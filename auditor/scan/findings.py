"""Rules an article is held to; each finding has a stable rule id CI jobs can key on."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.model import Article, Finding, Severity

RULES: dict[str, tuple[Severity, str]] = {
    "tweet-without-url": (Severity.WARNING, "A pasted or embedded post that cannot be traced to its original."),
    "unexpanded-shortener": (Severity.WARNING, "Readers see a short link (t.co, bit.ly...), not its destination."),
    "no-cited-outlet": (Severity.WARNING, "Nothing in the piece is attributed to an outlet, embedded or linked."),
}
"""Rule id -> (severity, what it means): the catalogue ``docs/report-format.md`` lists."""


def findings_for(article: Article) -> Iterator[Finding]:
    """Every finding for ``article``, in line order within each rule."""
    for tweet in article.tweets:
        if tweet.status_id is None:
            who = f"{tweet.author} (@{tweet.handle})" if tweet.author else f"@{tweet.handle}"
            yield _finding("tweet-without-url",
                           f"Post by {who} carries no link to the original, so it cannot be traced or checked.",
                           tweet.line)
    for link in article.links:
        if link.kind == "shortener":
            yield _finding("unexpanded-shortener",
                           f"Readers see the short link {link.text or link.url}, not where it leads.", link.line)
    if not (article.outlets or article.links or article.tweets or article.embeds):
        yield _finding("no-cited-outlet",
                       "Nothing in this article is attributed to an outlet, and it embeds and links nothing.", None)


def _finding(rule: str, message: str, line: int | None) -> Finding:
    return Finding(rule, RULES[rule][0], message, line)
