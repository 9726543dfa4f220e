"""Rules an article is held to; each finding has a stable rule id CI jobs can key on."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import re
from collections.abc import Iterator

from auditor.model import Article, Check, Finding, Severity, shown_path

RULES: dict[str, tuple[Severity, str]] = {
    "tweet-without-url": (Severity.WARNING, "A pasted or embedded post that cannot be traced to its original."),
    "unexpanded-shortener": (Severity.WARNING, "The article's own text shows a short link (bit.ly, t.co...), not "
                                               "its destination."),
    "no-cited-outlet": (Severity.WARNING, "Nothing in the piece is attributed to an outlet, embedded or linked."),
    "broken-link": (Severity.ERROR, "A link, post or embed is proven gone (404, 410, deleted post, redirect loop)."),
    "refused-link": (Severity.WARNING, "A link leads to a private or non-web address and was not followed."),
    "unverifiable-link": (Severity.INFO, "A link could not be checked (bot wall, rate limit, timeout); try again later."),
    "post-text-differs": (Severity.WARNING, "A post as the article quotes it (pasted, or an embed's text) is not worded "
                                            "as the live post: words changed, added or dropped."),
    "post-author-differs": (Severity.ERROR, "A post is attributed to another account than the one that posted it."),
    "content-truncated": (Severity.WARNING, "Part of the article could not be read (a tag of hundreds of thousands "
                                            "of characters, markup nested past what the parser holds): it was not "
                                            "audited."),
    "invalid-bytes": (Severity.WARNING, "Bytes that are not valid in the file's encoding were replaced; the text "
                                        "around them may be damaged."),
}
"""Rule id -> (severity, what it means): the catalogue ``docs/report-format.md`` lists."""


def findings_for(article: Article) -> tuple[Finding, ...]:
    """Every finding for ``article``, in document order (article-wide findings first), each with its fingerprint."""
    return tuple(finding for finding, _ in _fingerprinted(article))


def reported_checks(article: Article) -> dict[str, Check]:
    """Fingerprint -> the check a finding about a link, post or embed reports (what ``--fail-on broken`` or
    ``tweet-deleted`` judge it by)."""
    return {finding.fingerprint: check for finding, check in _fingerprinted(article) if check is not None}


def _fingerprinted(article: Article) -> list[tuple[Finding, Check | None]]:
    identity = article_identity(article)
    found: list[tuple[Finding, Check | None]] = []
    seen: dict[str, int] = {}
    for finding, subject, check in sorted(_findings(article), key=lambda fs: (fs[0].line or 0, fs[0].rule)):
        mark = fingerprint(identity, finding.rule, subject)
        seen[mark] = seen.get(mark, 0) + 1
        if seen[mark] > 1:  # the same thing twice in one article: the second is its own finding
            mark = fingerprint(identity, finding.rule, f"{subject}#{seen[mark]}")
        found.append((dataclasses.replace(finding, fingerprint=mark), check))
    return found


def article_identity(article: Article) -> str:
    """What names an article from one run to the next: its path, however it was spelled (``archive/a.txt``,
    ``./archive/a.txt``, or absolute under the working folder). Not its canonical address: republished copies
    share one."""
    path = shown_path(article.path)
    if path == "-":
        return path
    if os.path.isabs(path):
        with contextlib.suppress(ValueError):
            relative = os.path.relpath(path)
            if not relative.startswith(".."):
                path = relative
    return os.path.normpath(path).replace(os.sep, "/")


def fingerprint(identity: str, rule: str, subject: str) -> str:
    """A finding's stable name: the article, the rule and what it is about (a URL, a post), never a line number,
    so that an edit above it does not make it a new finding."""
    return hashlib.sha256(f"{identity}\x1f{rule}\x1f{subject}".encode("utf-8", "surrogateescape")).hexdigest()[:20]


def _findings(article: Article) -> Iterator[tuple[Finding, str, Check | None]]:
    """Each finding with its subject (what it is about, for its fingerprint) and the check it reports, if any."""
    yield from ((finding, subject, None) for finding, subject in _from_the_text(article))
    yield from _checked(article)
    yield from _quoted(article)
    if not (article.outlets or article.links or article.tweets or article.embeds):
        yield _finding("no-cited-outlet",
                       "Nothing in this article is attributed to an outlet, and it embeds and links nothing.", None), \
            "", None


def _from_the_text(article: Article) -> Iterator[tuple[Finding, str]]:
    for tweet in article.tweets:
        if tweet.status_id is None:
            who = f"{tweet.author} (@{tweet.handle})" if tweet.author else f"@{tweet.handle}"
            traced = tweet.check.final_url if tweet.check is not None and tweet.check.status != "skipped" else None
            said = (f"Post by {who} carries no link to the original; it was found through its own short link: "
                    f"{traced}." if traced else
                    f"Post by {who} carries no link to the original, so it cannot be traced or checked.")
            yield _finding("tweet-without-url", said, tweet.line), \
                f"{tweet.handle}|{' '.join((tweet.text or '').split())[:200]}"
    for link in article.links:
        # NOTE: a short link inside an embedded or pasted post is the post's own (X shows every link as t.co): the
        # editor cannot change it; it is listed, and checked when resolving, but it is no finding
        if link.kind == "shortener" and not link.in_tweet:
            leads = "not where it leads"
            if link.check is not None and link.check.final_url and link.check.final_url != link.url:
                leads = f"not where it leads ({link.check.final_url})"
            yield _finding("unexpanded-shortener", f"Readers see the short link {link.text or link.url}, {leads}.",
                           link.line), link.url
    for reason in article.truncated:
        yield _finding("content-truncated", f"Part of this article was not read: {reason}.", None), \
            re.sub(r"[0-9,]+", "#", reason)
    if article.invalid_bytes:
        lines = article.invalid_bytes
        where = ", ".join(map(str, lines[:10])) + (f" and {len(lines) - 10} more" if len(lines) > 10 else "")
        yield _finding("invalid-bytes", f"Bytes that are not valid {article.encoding} were replaced with \ufffd on "
                       f"line{'s' if len(lines) > 1 else ''} {where}.", lines[0]), ""


def _finding(rule: str, message: str, line: int | None) -> Finding:
    return Finding(rule, RULES[rule][0], message, line)


def _quoted(article: Article) -> Iterator[tuple[Finding, str, Check]]:
    """Findings from comparing each post the article quotes with the live post."""
    for tweet in article.tweets:
        check = tweet.check
        if check is None or check.live is None:
            continue
        url = tweet.url or check.final_url or ""
        live = check.live
        if (other := tweet.posted_by()) is not None:
            yield _finding("post-author-differs",
                           f"The post {url} is attributed to @{(tweet.handle or '').lstrip('@')}, but it is "
                           f"@{other}'s ({live.author or other}).", tweet.line), url, check
        if check.text == "differs":
            ours = " ".join((tweet.text or "").split())
            yield _finding("post-text-differs",
                           f"The post {url} by @{live.handle or tweet.handle} reads differently from the article's "
                           f"copy. Article: \u201c{ours}\u201d Live: \u201c{live.text}\u201d "
                           f"(changed: {_changes(check)}).", tweet.line), url, check


def _changes(check: Check) -> str:
    """The differing words of a comparison, briefly: "recorded" -> "televised"; "also" dropped."""
    said: list[str] = []
    parts = list(check.text_diff)
    i = 0
    while i < len(parts):
        part = parts[i]
        if part.kind == "article" and i + 1 < len(parts) and parts[i + 1].kind == "live":
            said.append(f"\u201c{part.words}\u201d \u2192 \u201c{parts[i + 1].words}\u201d")
            i += 2
            continue
        if part.kind == "article":
            said.append(f"\u201c{part.words}\u201d not in the live post")
        elif part.kind == "live":
            said.append(f"\u201c{part.words}\u201d not in the article")
        i += 1
    return "; ".join(said[:5]) + ("; ..." if len(said) > 5 else "")


def _checked(article: Article) -> Iterator[tuple[Finding, str, Check]]:
    """Findings from online checks; an embedded post and its own status link give one finding."""
    seen: set[str] = set()
    items: list[tuple[str, str, int, Check | None]] = [
        # NOTE: a pasted post with no status link is checked where its t.co link led (the check's final URL)
        *(("post", t.url or (t.check.final_url if t.check is not None else None) or "", t.line, t.check)
          for t in article.tweets),
        *((f"{e.platform} embed", e.url, e.line, e.check) for e in article.embeds),
        *(("link", link.url, link.line, link.check) for link in article.links),
    ]
    for what, url, line, check in items:
        if check is None or not url or check.status in ("ok", "skipped"):
            continue
        # a post's status link and the post itself share one verdict: report it once
        key = (check.final_url or url) if (check.reason or "").startswith("tweet-") else url
        if key in seen:
            continue
        seen.add(key)
        if check.status == "broken":
            yield _finding("broken-link", f"Broken {what}: {url} ({check.reason}).", line), key, check
        elif check.status == "refused":
            yield _finding("refused-link", f"Not followed: {url} ({check.reason}).", line), key, check
        else:
            yield _finding("unverifiable-link", f"Could not check {url} ({check.reason}).", line), key, check
