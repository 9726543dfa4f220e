"""The scan stage: article bytes in, an :class:`~auditor.model.Article` out. No network, ever."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from urllib.parse import urljoin, urlsplit

from auditor.model import Article, Credit, Embed, Link, Mention, Outlet, Tweet
from auditor.scan import patterns
from auditor.scan.credits import find_credits
from auditor.scan.document import Document, decode, sniff_format
from auditor.scan.findings import findings_for
from auditor.scan.gazetteer import Entry, Gazetteer, load_gazetteer
from auditor.scan.language import detect
from auditor.scan.outlets import Citation, find_citations, link_citations
from auditor.scan.plaintext import parse_text
from auditor.scan.tweets import find_pasted
from auditor.scan.urls import (
    classify,
    find_urls,
    host_of,
    is_share_link,
    normalize,
    post_url,
    registered_domain,
    same_site,
    tweet_status,
)

__all__ = ["parse_document", "scan_article", "scan_document"]

_LEADING_SPACE = re.compile(rb"[ \t\n\r\x0b\x0c]*")
"""What ``bytes.lstrip()`` strips."""


def _opens_with_tag(data: bytes) -> bool:
    """``data.lstrip()[:1] == b"<"``, without copying a page of megabytes to read its first byte."""
    match = _LEADING_SPACE.match(data)
    start = match.end() if match else 0
    return data[start:start + 1] == b"<"


def parse_document(path: str, data: bytes) -> Document:
    """Decode and parse an article; raises :class:`~auditor.errors.InputError` when it cannot."""
    looks_html = path.lower().endswith((".html", ".htm", ".xhtml", ".shtml")) or _opens_with_tag(data)
    text, encoding, invalid = decode(data, path, html=looks_html)
    fmt = sniff_format(path, text)
    if fmt == "html":
        from auditor.scan.html import parse_html  # NOTE: here, not at the top: a run of text articles needs no lxml

        doc = parse_html(path, text, encoding, raw=data if not invalid else None)
    else:
        doc = parse_text(path, text, encoding, markdown=fmt == "markdown")
    doc.invalid_bytes = invalid
    return doc


def scan_article(path: str, data: bytes, gazetteer: Gazetteer | None = None) -> Article:
    """Everything the scan finds in one article's bytes."""
    return scan_document(parse_document(path, data), gazetteer or load_gazetteer())


@dataclass
class _LinkSeen:
    url: str
    text: str
    line: int
    in_tweet: bool
    label: str = ""


def scan_document(doc: Document, gazetteer: Gazetteer) -> Article:
    """Find tweets, embeds, links and cited outlets in a parsed article."""
    pasted = find_pasted(doc.blocks, doc.anchors)
    tweet_blocks = {i for p in pasted for i in p.blocks}
    tweet_lines = [(doc.blocks[i].line, doc.blocks[i].line_at(len(doc.blocks[i].text))) for i in tweet_blocks]
    seen: list[_LinkSeen] = []
    tweets: list[Tweet] = []
    embeds: list[Embed] = []

    for hit in doc.embeds:
        if hit.platform == "twitter":
            tweets.append(Tweet(hit.author, hit.handle, hit.date, hit.status_id, hit.url, "html-embed",
                                hit.text, tuple(_norm_all(hit.links)), hit.line))
            if hit.url:
                seen.append(_LinkSeen(hit.url, hit.url, hit.line, True))
            seen.extend(_LinkSeen(u, u, hit.line, True) for u in _norm_all(hit.links))
        elif hit.url:
            embeds.append(Embed(hit.platform, hit.url, hit.line))
            if hit.url.startswith("http"):
                seen.append(_LinkSeen(hit.url, hit.url, hit.line, False))
    for p in pasted:
        status = p.status
        tweets.append(Tweet(p.signature.author, p.signature.handle or (status.handle if status else None),
                            p.signature.date, status.status_id if status else None, status.url if status else None,
                            "pasted-text", p.text, p.links, p.line))

    for index, block in enumerate(doc.blocks):
        lines = block.text.split("\n")
        for match in find_urls(block.text):
            line = block.line_at(match.start)
            seen.append(_LinkSeen(match.url, match.text, line, index in tweet_blocks))
            # A post URL alone on its line is what a flattened embed leaves behind.
            own_line = lines[block.text.count("\n", 0, match.start)].strip(" \t<>()[]")
            if own_line == match.text and index not in tweet_blocks:
                _standalone(match.url, line, tweets, embeds)
    for anchor in doc.anchors:
        url = _absolute(anchor.url, doc.url)
        if url is None:
            continue
        in_post = any(first <= anchor.line <= last for first, last in tweet_lines)
        if not in_post and (is_share_link(url) or (not anchor.prose and _site_navigation(url, doc.url))):
            continue  # a share button, the author's or the topic's page: the site's chrome, not a source
        seen.append(_LinkSeen(url, anchor.url, anchor.line, in_post, _label(anchor.label)))
        # NOTE: a post's link alone in its paragraph is what an embed leaves when its script never ran: the
        # address itself, or "View this post on Instagram". A picture or a caption linking to a post (a feed of
        # thumbnails, a teaser) is a link to it; on X a screenshot linking to the post shows the post as it was.
        if anchor.standalone and (tweet_status(url) is not None or _EMBED_LEFTOVER_RE.search(anchor.label)):
            _standalone(url, anchor.line, tweets, embeds)

    tweets = _unique_tweets(tweets)
    first: dict[str, Embed] = {}
    for embed in embeds:  # each post once, where it first appears, in the page's order
        first.setdefault(embed.url, embed)
    embeds = sorted(first.values(), key=lambda e: e.line)
    links = _links(seen, gazetteer)
    prose = [block for i, block in enumerate(doc.blocks) if i not in tweet_blocks]
    citations = find_citations(prose, gazetteer)
    citations += link_citations(prose, doc.anchors, gazetteer, {c.name for c in citations})
    citations += _poster_citations(tweets, embeds, gazetteer)
    citations += _author_citations(doc, gazetteer)
    own = _publisher_entries(doc, gazetteer)
    language = doc.language or detect(" ".join(b.text for b in doc.blocks))
    citations = [_in_language(c, gazetteer, language) for c in citations]
    outlets = _outlets([c for c in citations if not _is_own(c, own, doc.publisher)])
    credits = tuple(Credit(c.name, c.matched, c.line, c.known) for c in find_credits([*doc.captions, *doc.blocks], gazetteer))
    article = Article(doc.path, doc.title, doc.date, language, tuple(outlets), tuple(tweets), tuple(embeds),
                      tuple(links), (), doc.input_format, doc.encoding, credits, tuple(doc.invalid_bytes),
                      tuple(doc.truncated), doc.url if doc.input_format == "html" else None)
    return replace(article, findings=findings_for(article))


_AUTHOR_SPLIT = patterns.compile(r"\s*(?:,|/|;|\||&|\b(?:and|und|et|y|e|with|mit|avec|con|com|и|і)\b)\s*")


def _author_citations(doc: Document, gazetteer: Gazetteer) -> list[Citation]:
    """Wire copy credited in the page's metadata: ``<meta name="author" content="Reuters">``, a JSON-LD author
    "AP", "Jane Doe, dpa". Only a whole author name (or one part of a list) that is an outlet's counts."""
    found = []
    for author in doc.authors:
        for part in _AUTHOR_SPLIT.split(author):
            entry = gazetteer.by_alias.get(part.strip()) or gazetteer.by_alias.get(part.strip().removeprefix("The "))
            if entry is None or entry.kind == "platform" or (part.strip() in gazetteer.strict and part != author):
                continue
            # An agency's name as author is wire copy; another outlet's only on a page published by someone else.
            if entry.kind != "news agency" and not doc.publisher:
                continue
            mention = Mention(part.strip(), "byline", f"Author in the page's metadata: {author}", 1)
            found.append(Citation(entry, entry.name, entry.kind, mention))
    # a section of the site for one agency's copy: example.com/reuters/2024/..., example.com/news/ap/...
    path = urlsplit(doc.url).path if doc.url else ""
    for segment in path.split("/")[1:-1]:
        entry = _agency_sections(gazetteer).get(segment.lower())
        if entry is not None:
            mention = Mention(segment, "wire section", f"The page's address files it under /{segment}/: {doc.url}", 1)
            found.append(Citation(entry, entry.name, entry.kind, mention))
    return found


@functools.lru_cache(maxsize=4)
def _agency_sections(gazetteer: Gazetteer) -> dict[str, Entry]:
    """Curated news agencies by the lower-case names sites give their sections ("reuters", "ap", "afp")."""
    sections: dict[str, Entry] = {}
    for entry in gazetteer.agencies:
        for alias in entry.aliases:
            if re.fullmatch(r"[A-Za-z-]{2,20}", alias) and (len(alias) >= 3 or alias == "AP"):
                sections.setdefault(alias.lower(), entry)
    return sections


def _in_language(citation: Citation, gazetteer: Gazetteer, language: str | None) -> Citation:
    if citation.entry is None:
        return citation
    entry = gazetteer.in_language(citation.entry, citation.mention.matched, language)
    return citation if entry is citation.entry else Citation(entry, entry.name, entry.kind, citation.mention)


def _publisher_entries(doc: Document, gazetteer: Gazetteer) -> set[str]:
    """The gazetteer outlets that published this page: "told Reuters" on reuters.com is not a citation."""
    own: set[str] = set()
    for name in [*doc.publisher, *doc.site_hints]:
        for match in gazetteer.names.finditer(name):
            own.add(gazetteer.by_alias[match.group(0)].name)
    if doc.url:
        entry = gazetteer.by_domain.get(registered_domain(host_of(doc.url)))
        # A page whose canonical address is another outlet's, under its own site's name, republishes that
        # outlet's story ("This story originally appeared on Reuters" on entrepreneur.com): not its own.
        if entry is not None and (not doc.publisher or entry.name in own or _names(entry, doc.publisher)):
            own.add(entry.name)
    return own


def _names(entry: Entry, names: Iterable[str]) -> bool:
    folded = [" ".join(n.casefold().split()) for n in names]
    return any(alias.casefold() in name for alias in (entry.name, *entry.aliases) for name in folded)


def _is_own(citation: Citation, own: set[str], publisher: Iterable[str]) -> bool:
    """The publisher citing itself, by its full name or by a short one: "told the Courier" in the
    Harbour Courier, "according to an ABC News poll" on abcnews.go.com."""
    if citation.entry is not None and citation.entry.name in own:
        return True
    short = citation.mention.matched.removeprefix("the ").removeprefix("The ")
    return bool(short) and any(re.search(r"(?<!\w)" + re.escape(short) + r"(?!\w)", name) for name in publisher)


def _norm_all(urls: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(u for u in (normalize(x) for x in urls) if u))


_SITE_NAVIGATION_RE = patterns.compile(
    r"^/+(?:[\w-]+/)?(?:authors?|profiles?|people|contributors?|staff|journalists?|by|tags?|topics?|categor(?:y|ies)"
    r"|sections?|keywords?|subjects?|rubriques?|rubrics?|auteurs?|autor(?:es|en)?|autori|autore|thema|themen|temas?)/",
    re.IGNORECASE)


def _site_navigation(url: str, page: str | None) -> bool:
    """A link to the page's own site (its host, www. aside: alice.substack.com is not bob.substack.com) that is its
    navigation: the front page, the page itself, an author's, a tag's, a topic's or a section's page. A query
    names a page ("/?p=5512", "index.php?id=9870"): only the bare front page and this very address count."""
    if not page:
        return False
    try:
        there, here = urlsplit(url), urlsplit(page)
    except ValueError:
        return False
    if not same_site(there.hostname or "", here.hostname or ""):
        return False
    path = there.path.rstrip("/")
    if not path and not there.query:
        return True
    if path == here.path.rstrip("/") and there.query == here.query:
        return True
    return bool(_SITE_NAVIGATION_RE.match(there.path))


def _absolute(href: str, base: str | None) -> str | None:
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    url = normalize(href) if href.startswith(("http://", "https://", "//", "www.")) else None
    if url is None and base and "://" not in href:
        url = normalize(urljoin(base, href))
    return url


_EMBED_LEFTOVER_RE = patterns.compile(
    r"https?://|www\.|\b(?:instagram|youtube|youtu|tiktok|facebook|t\.me|telegram|bsky|threads|vk|mastodon)\.\w"
    r"|\b(?:Instagram|YouTube|TikTok|Facebook|Telegram|Threads|Bluesky|VK|Mastodon)\b", re.IGNORECASE)
"""The text an embed leaves around its link when its script never ran: the address, or the platform named in any
language ("View this post on Instagram", "Ver esta publicación en Instagram", "Auf YouTube ansehen")."""


def _standalone(url: str, line: int, tweets: list[Tweet], embeds: list[Embed]) -> None:
    status = tweet_status(url)
    if status is not None:
        tweets.append(Tweet(None, status.handle, None, status.status_id, status.url, "status-url", None, (), line))
        return
    post = post_url(url)
    if post is not None:
        embeds.append(Embed(post.platform, post.url, line, "post-url"))


def _unique_tweets(tweets: list[Tweet]) -> list[Tweet]:
    """One entry per post: an embed's own status link does not make a second tweet."""
    rank = {"html-embed": 0, "pasted-text": 1, "status-url": 2}
    kept: dict[object, Tweet] = {}
    for tweet in sorted(tweets, key=lambda t: (rank[t.form], t.line)):
        key: object = tweet.status_id or (tweet.form, tweet.handle, tweet.line)
        kept.setdefault(key, tweet)
    return sorted(kept.values(), key=lambda t: t.line)


_LABEL_MAX = 200


def _label(text: str) -> str:
    """A link's words as the reader sees them, whitespace collapsed; none when they are only its address."""
    words = " ".join(text.split())
    if len(words) > _LABEL_MAX:
        words = words[:_LABEL_MAX - 1].rstrip() + "\u2026"
    return "" if find_urls(words) and find_urls(words)[0].text == words else words


def _links(seen: list[_LinkSeen], gazetteer: Gazetteer) -> list[Link]:
    merged: dict[str, _LinkSeen] = {}
    for item in sorted(seen, key=lambda s: s.line):
        if item.url in merged:
            merged[item.url].in_tweet = merged[item.url].in_tweet or item.in_tweet
            merged[item.url].label = merged[item.url].label or item.label
        else:
            merged[item.url] = _LinkSeen(item.url, item.text, item.line, item.in_tweet, item.label)
    links = []
    for item in merged.values():
        kind, domain = classify(item.url, gazetteer.domains)
        links.append(Link(item.url, kind, domain, item.line, item.in_tweet, item.text, label=item.label))
    return links


_PLATFORM_OUTLETS = {"twitter": "X", "telegram": "Telegram", "instagram": "Instagram", "youtube": "YouTube",
                     "facebook": "Facebook", "tiktok": "TikTok", "bluesky": "Bluesky", "mastodon": "Mastodon",
                     "threads": "Threads", "vk": "VK"}


def _poster_citations(tweets: list[Tweet], embeds: list[Embed], gazetteer: Gazetteer) -> list[Citation]:
    """An embedded post cites its poster: the outlet when the account is an outlet's (@SkyNews is Sky News),
    otherwise the platform, with the account that posted."""
    found = []
    for tweet in tweets:
        entry = gazetteer.by_handle.get((tweet.handle or "").lower())
        who = f"{tweet.author} (@{tweet.handle})" if tweet.author and tweet.handle else (
            f"@{tweet.handle}" if tweet.handle else "an account on X")
        evidence = f"Post by {who}" + (f", {tweet.date}" if tweet.date else "")
        if tweet.text:
            evidence += ": " + (tweet.text if len(tweet.text) <= 160 else tweet.text[:157] + "...")
        if entry is not None:
            mention = Mention(f"@{tweet.handle}", "embedded post", " ".join(evidence.split()), tweet.line)
        else:
            entry = gazetteer.platforms["X"]
            account = who if tweet.handle else None
            mention = Mention(f"@{tweet.handle}" if tweet.handle else "X", "embedded post",
                              " ".join(evidence.split()), tweet.line, account)
        found.append(Citation(entry, entry.name, entry.kind, mention))
    for embed in embeds:
        # A video player is media, not a post: the clip's source is whoever the text says it is.
        platform = gazetteer.platforms.get(_PLATFORM_OUTLETS.get(embed.platform, "")) if embed.platform != "youtube" else None
        if platform is None:
            continue
        account = _account_of(embed.url)
        outlet = gazetteer.by_telegram.get((account or "").lstrip("@").lower()) if embed.platform == "telegram" else None
        if outlet is not None:  # a post from an outlet's own channel cites the outlet: t.me/tass_agency/...
            mention = Mention(account or outlet.name, "embedded post", f"Embedded Telegram post: {embed.url}",
                              embed.line)
            found.append(Citation(outlet, outlet.name, outlet.kind, mention))
            continue
        mention = Mention(platform.name, "embedded post", f"Embedded {platform.name} post: {embed.url}", embed.line,
                          account)
        found.append(Citation(platform, platform.name, platform.kind, mention))
    return found


def _account_of(url: str) -> str | None:
    """The posting account a post URL names, where it names one (t.me/<channel>/, /@user/...)."""
    parts = [p for p in urlsplit(url).path.split("/") if p]
    if not parts:
        return None
    if parts[0].startswith("@"):
        return parts[0]
    if "t.me" in url and parts[0] != "c":
        return "@" + parts[0]
    if "bsky.app" in url and len(parts) > 1:
        return "@" + parts[1]
    if "facebook.com" in url and parts[0] not in ("watch", "reel", "share", "story.php", "permalink.php"):
        return parts[0]
    return None


def _outlets(citations: list[Citation]) -> list[Outlet]:
    groups: dict[str, list[Citation]] = {}
    for citation in citations:
        key = citation.entry.name if citation.entry else "?" + citation.name.casefold()
        groups.setdefault(key, []).append(citation)
    outlets = []
    for group in groups.values():
        first = group[0]
        mentions = sorted({(m.line, m.matched, m.cue, m.account): m for m in (c.mention for c in group)}.values(),
                          key=lambda m: m.line)
        outlets.append(Outlet(first.name, first.kind, first.entry is not None, tuple(mentions),
                              first.entry.country if first.entry else None))
    return sorted(outlets, key=lambda o: o.mentions[0].line)


