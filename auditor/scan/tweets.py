"""Pasted tweets: the signature a flattened embed leaves, and the post text above it."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.scan import patterns
from auditor.scan.document import Anchor, Block
from auditor.scan.signature import Signature, find_signatures
from auditor.scan.urls import TWITTER_MEDIA_HOSTS, Status, UrlMatch, find_urls, host_of, normalize, tweet_status

TWEET_LIMIT = 280
"""X's limit in weighted characters; a run of paragraphs longer than that is not one post."""
_URL_WEIGHT = 23  # every link counts as a t.co link of 23 characters
_PROSE_LENGTH = 120
"""Past the nearest paragraph, one this long with nothing of a post about it is the article's own."""
_POST_MARKS_RE = patterns.compile(
    r"https?://|\bpic\.(?:twitter|x)\.com/|(?<!\w)[#@]\w|^(?:BREAKING|JUST IN|NEW|LATEST|UPDATE|WATCH)\b"
    r"|[\U0001F300-\U0001FAFF\u2600-\u27BF]"
)
# Past-tense reporting is the article's voice; posts say "says", "reports".
_REPORTED_SPEECH_RE = patterns.compile(r"\b(?:said|according to|told|reported|posted|wrote|announced|stated|added)\b")
_DATELINE_RE = patterns.compile(r"^[^\W\d_][\w .,'\u2019/-]{0,40}\(\s*[\w .-]{2,30}\)\s*[-\u2013\u2014]")


@dataclass(frozen=True)
class PastedTweet:
    """A tweet left as text: its signature and the paragraphs that make up its text."""

    signature: Signature
    line: int
    """Line of the signature."""
    blocks: tuple[int, ...]
    """Indexes of the blocks holding the post (its text and the signature)."""
    text: str | None
    links: tuple[str, ...]
    status: Status | None


def weighted_length(text: str) -> int:
    """Length as X counts it: links 23, attached media 0, wide characters (emoji, CJK) 2."""
    total = 0
    cursor = 0
    for match in find_urls(text):
        total += _chars(text[cursor:match.start])
        total += 0 if host_of(match.url) in TWITTER_MEDIA_HOSTS else _URL_WEIGHT
        cursor = match.end
    return total + _chars(text[cursor:])


def _chars(text: str) -> int:
    return sum(1 if ord(ch) <= 0x10FF or 0x2000 <= ord(ch) <= 0x206F else 2 for ch in text)


def find_pasted(blocks: list[Block], anchors: list[Anchor]) -> list[PastedTweet]:
    """Every pasted tweet, its text gathered backwards from the signature while it fits a post."""
    found: list[PastedTweet] = []
    floor = 0  # a post never reaches back past the previous one
    for index, block in enumerate(blocks):
        cursor = 0
        for sig in find_signatures(block.text):
            head = block.text[cursor:sig.start].strip()
            parts = [head] if head else []
            used = [index]
            weight = weighted_length(head)
            j = index - 1
            while j >= floor and not (parts and weight >= TWEET_LIMIT):
                candidate = blocks[j]
                if _article_text(candidate, j):
                    break
                extra = weighted_length(candidate.text) + (2 if parts else 0)
                if parts and (weight + extra > TWEET_LIMIT or _prose(candidate.text, extra)):
                    break
                parts.insert(0, candidate.text)
                used.insert(0, j)
                weight += extra
                j -= 1
                if weight > TWEET_LIMIT:  # one long paragraph: a long-form post, stop there
                    break
            text = "\n".join(" ".join(p.split()) for p in parts) or None
            urls: list[UrlMatch] = [m for p in parts for m in find_urls(p)]
            first_line = blocks[used[0]].line
            line = block.line_at(sig.start)
            # the date under the signature is often the post's own link: "[May 2, 2024](https://x.com/.../status/1)"
            status = _status_for([*find_urls(block.text[sig.start:sig.end]), *urls], anchors, first_line,
                                 block.line_at(sig.end))
            links = tuple(dict.fromkeys(m.url for m in urls if tweet_status(m.url) is None))
            found.append(PastedTweet(sig, line, tuple(used), text, links, status))
            cursor = sig.end
            floor = index + 1
    return found


def _article_text(block: Block, index: int) -> bool:
    """Paragraphs that belong to the article, never to a post above a signature."""
    text = block.text.rstrip()
    return (
        index == 0  # the lead
        or block.heading
        or text.endswith(":")  # "...including this post:" introduces the embed
        or bool(_DATELINE_RE.match(text))
        or bool(find_signatures(text))
    )


def _prose(text: str, weight: int) -> bool:
    """A paragraph that reads as the article's own prose rather than part of a post."""
    if _POST_MARKS_RE.search(text):
        return False
    return weight > _PROSE_LENGTH or bool(_REPORTED_SPEECH_RE.search(text))


def _status_for(urls: list[UrlMatch], anchors: list[Anchor], first: int, last: int) -> Status | None:
    """The post's own status URL, when the flattening kept it (often as the date's link)."""
    for anchor in anchors:
        if first <= anchor.line <= last:
            url = normalize(anchor.url)
            status = tweet_status(url) if url else None
            if status is not None:
                return status
    for match in urls:
        status = tweet_status(match.url)
        if status is not None:
            return status
    return None
