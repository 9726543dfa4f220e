"""Recognise social embed markup (tweets, Telegram, Instagram, YouTube...) in an HTML tree."""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html

from auditor.scan import patterns
from auditor.scan.signature import find_signatures
from auditor.scan.urls import (
    TWITTER_HOSTS,
    Post,
    Status,
    find_urls,
    intent_status,
    normalize,
    post_url,
    tweet_status,
    unwrap_oembed,
)

MAX_SOURCELINE = 65535
"""libxml2 stores an element's line in 16 bits: every element past this line says this line."""

BIG_LINES: ContextVar[dict[lxml_html.HtmlElement, int] | None] = ContextVar("big_lines", default=None)
"""For the page being read, the true lines of elements past :data:`MAX_SOURCELINE` (see ``html._big_lines``)."""


def source_line(el: lxml_html.HtmlElement) -> int:
    """The 1-based line of ``el``'s start tag, past line 65,535 too."""
    line = el.sourceline or 1
    if line == MAX_SOURCELINE and (big := BIG_LINES.get()) is not None:
        return big.get(el, line)
    return line


@dataclass(frozen=True)
class EmbedHit:
    """One embed found in markup; tweet fields are filled for X/Twitter only."""

    platform: str
    """twitter, telegram, instagram, youtube, facebook, tiktok, bluesky, mastodon, threads, vk."""
    url: str | None
    """Canonical post URL (None for a tweet embed that lost its status link)."""
    line: int
    status_id: str | None = None
    handle: str | None = None
    author: str | None = None
    date: str | None = None
    text: str | None = None
    links: tuple[str, ...] = ()


_TWEET_CLASSES = frozenset({"twitter-tweet", "twitter-video", "twitter-tweet-rendered", "x-tweet",
                            "embedded-tweet", "twitter-embed", "embed-twitter", "wp-block-embed-twitter",
                            "tweet-embed"})
_BLOCKQUOTE_TWEET_CLASSES = frozenset({"tweet"})
"""Too generic on a <div> (share boxes use it); on a <blockquote> it is an embed."""
_BARE_EMBED_TAGS = frozenset({"amp-twitter", "twitter-widget"})
_TWEET_ID_ATTRS = ("data-tweet-id", "data-tweetid", "data-tweet")
_CARD_TAGS = frozenset({"div", "article", "section", "figure", "aside", "li"})
"""What a publisher draws a post's card with (``div.tweet__container``, ``figure.tweet-card``)."""
_QUOTE_TAGS = frozenset({"blockquote", "q"})
NAKED_EMBED_TAGS = _BARE_EMBED_TAGS | _QUOTE_TAGS
"""The tags :func:`recognize` looks at even without attributes: for any other, no attributes is no embed."""
_PROMO_RE = patterns.compile(r"(?:^|[\s_-])(?:promo\w*|advert\w*|ads?|sponsor\w*|banner|subscribe\w*|follow(?:-us)?)(?:$|[\s_-])",
                             re.IGNORECASE)
"""A promotion's class: a player or post in it advertises the site's channel, it is not the article's."""
_PLAYER_SRC_ATTRS = ("src", "data-src", "data-lazy-src", "data-lazy", "data-original", "data")
_QUOTED_POST_MAX = 800
"""A quote holding one post's link is that post when it is as short as a post and its attribution; a longer one
quotes an article or a speech, and a post's link in its sentences is a link."""
_JSON_URL_KEYS = ("url", "embedUrl", "embed_url", "src", "href", "tweetUrl", "tweet_url", "permalink", "postUrl")
_JSON_SCRIPT_MAX = 8192
_URL_ATTRS = ("href", "src", "cite", "data-href", "data-url", "data-src", "data-instgrm-permalink",
              "data-text-post-permalink", "data-embed-url", "data-permalink")


def _classes(el: lxml_html.HtmlElement) -> set[str]:
    return set((el.get("class") or "").lower().split())


def recognize(el: lxml_html.HtmlElement) -> EmbedHit | None:
    """The embed ``el`` is, or None. Only the embed's outermost element answers."""
    tag = el.tag if isinstance(el.tag, str) else ""
    attrib = el.attrib
    if not attrib and tag not in NAKED_EMBED_TAGS:
        return None  # the common case: a plain <p>, <a>, <span>...
    if _plain(el, tag, attrib):
        return None
    classes = _classes(el)
    line = source_line(el)

    tweet_like = classes & _TWEET_CLASSES or (tag == "blockquote" and classes & _BLOCKQUOTE_TWEET_CLASSES)
    if tag in ("amp-twitter", "twitter-widget") or tweet_like or any(el.get(a) for a in _TWEET_ID_ATTRS):
        hit = _tweet(el, line)
        if hit is not None:
            return hit
    elif (el.get("data-embed-type") or el.get("data-provider") or "").lower() in ("twitter", "x"):
        # a wrapper that names its provider: a post when it carries the post's id or link, not a consent notice
        hit = _tweet(el, line)
        if hit is not None and hit.status_id:
            return hit
    if tag == "script" and (described := _json_embed(el, line)) is not None:
        return described
    if el.get("data-s9e-mediaembed") and (forum := _s9e_embed(el, line)) is not None:
        return forum
    if (tag in _QUOTE_TAGS and _quotes_its_post(el)) or (tag in _CARD_TAGS and _is_post_card(el, classes)):
        # a quote of a post's words with the post's own link, or a card the publisher drew: the post, embedded
        hit = _tweet(el, line)
        if hit is not None:
            return hit
    if tag in ("iframe", "embed", "object"):  # <object>/<embed>: the Flash players of older pages
        # a lazy player keeps its address aside until it is scrolled to ("about:blank" in src meanwhile)
        sources = [v for a in _PLAYER_SRC_ATTRS if (v := el.get(a))]
        if tag == "object":
            sources += [p.get("value", "") for p in el.iter("param") if (p.get("name") or "").lower() in ("movie", "src")]
            sources += [e.get("src", "") for e in el.iter("embed")]
        return next((hit for raw in sources if (hit := _named_post(raw, line)) is not None), None)
    if tag == "script" and el.get("data-telegram-post"):
        post = post_url("https://t.me/" + el.get("data-telegram-post", "").strip("/"))
        return EmbedHit("telegram", post.url, line) if post else None
    if tag in ("amp-instagram",) and el.get("data-shortcode"):
        return EmbedHit("instagram", f"https://www.instagram.com/p/{el.get('data-shortcode')}/", line)
    if tag in ("amp-youtube", "lite-youtube", "youtube-video") and (el.get("data-videoid") or el.get("videoid")):
        vid = el.get("data-videoid") or el.get("videoid")
        return EmbedHit("youtube", f"https://www.youtube.com/watch?v={vid}", line)
    if tag == "amp-facebook" and el.get("data-href"):
        post = post_url(normalize(el.get("data-href", "")) or "")
        return EmbedHit("facebook", post.url, line) if post else None
    if tag == "amp-vk" and el.get("data-owner-id") and el.get("data-post-id"):
        return EmbedHit("vk", f"https://vk.com/wall{el.get('data-owner-id')}_{el.get('data-post-id')}", line)
    if tag == "div" and re.fullmatch(r"vk_post_-?\d+_\d+", el.get("id") or ""):
        owner, post_id = (el.get("id") or "")[len("vk_post_"):].rsplit("_", 1)
        return EmbedHit("vk", f"https://vk.com/wall{owner}_{post_id}", line)

    if _PROMO_RE.search(el.get("class") or "") or _PROMO_RE.search(el.get("id") or ""):
        return None  # a post or player advertising the site's own channel
    placeholder = _placeholder(el, classes, line)
    if placeholder is not None:
        return placeholder
    platform = _platform_by_class(classes)
    if platform is None:
        return None
    post = _first_post(el, platform)
    if post is None:
        vid = el.get("data-video-id")
        if platform == "tiktok" and vid and vid.isdigit():
            return EmbedHit("tiktok", f"https://www.tiktok.com/embed/v2/{vid}", line)
        return None
    return EmbedHit(platform, post.url, line)


_EMBED_TAGS = frozenset({"script", "iframe", "embed", "object", "lite-youtube", "youtube-video"}) | NAKED_EMBED_TAGS
"""Tags :func:`recognize` reads for what they are, not for their class or data attributes."""


def _plain(el: lxml_html.HtmlElement, tag: str, attrib: Any) -> bool:
    """Surely no embed, by what is cheap to see: not a tag embeds are made of, no ``data-`` attribute (where
    embeds keep their posts' addresses and ids), no class an embed or a post's card has, no VK post's id. Most
    elements of a page are such, and :func:`recognize` is asked about every one."""
    if tag in _EMBED_TAGS or tag.startswith("amp-"):
        return False
    for name in attrib:
        if name.startswith("data-"):
            return False
    if tag == "div" and (el.get("id") or "").startswith("vk_post_"):
        return False
    names = el.get("class")
    return not names or _plain_class(names)


@functools.lru_cache(maxsize=1 << 16)
def _plain_class(names: str) -> bool:
    """No class of an embed or a post's card (a page repeats a few hundred class names over thousands of
    elements)."""
    lowered = names.lower()
    classes = set(lowered.split())
    return "tweet" not in lowered and not classes & _TWEET_CLASSES and _platform_by_class(classes) is None


_POST_URL_ATTRS = ("data-embed-url", "data-tweet-url", "data-oembed-url", "data-extcontent_url", "data-post-url",
                   "data-block-json")
_PLACEHOLDER_HINT = patterns.compile(r"embed|lazy|placeholder|social|oembed|tweet|instagram|telegram|youtube|tiktok")


def _placeholder(el: lxml_html.HtmlElement, classes: set[str], line: int) -> EmbedHit | None:
    """A lazy-load placeholder carrying the post's URL in a data-* attribute (directly or as the ``url`` an oEmbed
    endpoint is asked about), or an <amp-*> embed with a src."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in ("a", "link", "meta", "img", "source", "script", "style", "form", "input", "button"):
        return None
    amp = tag.startswith("amp-")
    if amp or _PLACEHOLDER_HINT.search(" ".join(classes)):
        candidates = [(a, v) for a, v in el.attrib.items() if a.startswith("data-") or (a == "src" and amp)]
    else:  # the common case: no hint, so only the attributes that say what they carry
        candidates = [(a, v) for a in _POST_URL_ATTRS if (v := el.get(a))]
    for _attr, value in candidates:
        if not value:
            continue
        if value.lstrip().startswith("{") and len(value) <= _JSON_SCRIPT_MAX:
            hit = _described(value, line)  # a block's settings as JSON (Squarespace's data-block-json)
        else:
            hit = _named_post(value, line) if len(value) <= 2048 else None
        if hit is not None:
            return hit
    return None


_IFRAME_SRC_RE = patterns.compile(r"<iframe\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)


def _described(text: str, line: int) -> EmbedHit | None:
    """The post a JSON description names: in a URL key, or as the src of the iframe in its "html"."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    scopes = [data] if isinstance(data, dict) else []
    scopes += [v for v in (data.values() if isinstance(data, dict) else ()) if isinstance(v, dict)]
    for scope in scopes:
        for key in _JSON_URL_KEYS:
            value = scope.get(key)
            if isinstance(value, str) and (hit := _named_post(value, line)) is not None:
                return hit
        markup = scope.get("html")
        if (isinstance(markup, str) and (src := _IFRAME_SRC_RE.search(markup))
                and (hit := _named_post(html.unescape(src.group(1)), line)) is not None):
            return hit
    return None


def _named_post(value: str, line: int) -> EmbedHit | None:
    """The post a URL names, directly or as the ``url`` an oEmbed endpoint is asked about."""
    url = normalize(unwrap_oembed(value.strip())) if "/" in value else None
    if not url:
        return None
    status = tweet_status(url)
    if status is not None:
        return _status_hit(status, line)
    post = post_url(url)
    return EmbedHit(post.platform, post.url, line) if post is not None else None


def _json_embed(el: lxml_html.HtmlElement, line: int) -> EmbedHit | None:
    """A small JSON script in the article describing one embed for the page's code to mount: ``{"url": …}``."""
    kind = (el.get("type") or "").lower()
    text = el.text or ""
    if "json" not in kind or "ld+json" in kind or len(text) > _JSON_SCRIPT_MAX:
        return None
    beside = el.getprevious()
    names = " ".join([*(f"{k} {v}" for k, v in el.attrib.items() if k != "type"),
                      *((f"{k} {v}" for k, v in beside.attrib.items()) if beside is not None else ())])
    if "embed" not in names.lower():
        return None  # share buttons' and analytics' settings name URLs too: only an embed's description counts
    return _described(text, line)


_SCRIPT_IFRAME_RE = patterns.compile(r"<iframe\b[^>]{0,400}?\bsrc\s*=\s*\\?[\"']([^\"'\\\s>]+)", re.IGNORECASE)
_SCRIPT_PLAYERS_MAX = 20000


def script_players(el: lxml_html.HtmlElement) -> list[EmbedHit]:
    """The players an inline script in the story writes into the page ("var vids = ['<iframe src=…>', …]": a
    gallery that opens each video in a window of its own)."""
    text = el.text or ""
    if el.get("src") or "<iframe" not in text or len(text) > _SCRIPT_PLAYERS_MAX:
        return []
    line = source_line(el)
    hits: dict[str, EmbedHit] = {}
    for match in _SCRIPT_IFRAME_RE.finditer(text):
        hit = _named_post(match.group(1).replace("\\/", "/"), line)
        if hit is not None and hit.url is not None:
            hits.setdefault(hit.url, hit)
    return list(hits.values())


def _s9e_embed(el: lxml_html.HtmlElement, line: int) -> EmbedHit | None:
    """A forum's media embed (s9e MediaEmbed, in XenForo and phpBB): the platform in one attribute, the player's
    address in another or in a JSON list of the iframe's attributes; posts on X, Instagram and TikTok go by the
    fragment of s9e's own player page ("twitter.min.html#1807756970734113149")."""
    platform = (el.get("data-s9e-mediaembed") or "").lower()
    src = el.get("data-s9e-mediaembed-src") or el.get("src") or ""
    if not src and (spec := el.get("data-s9e-mediaembed-iframe")):
        try:
            pairs = json.loads(spec)
        except (ValueError, RecursionError):
            pairs = []
        if isinstance(pairs, list):
            src = next((str(v) for k, v in zip(pairs[::2], pairs[1::2], strict=False) if k == "src"), "")
    key = src.split("#")[1] if src.count("#") >= 1 else ""
    if platform == "twitter" and key.isascii() and key.isdigit():
        return EmbedHit("twitter", f"https://twitter.com/i/web/status/{key}", line, key)
    if platform == "instagram" and re.fullmatch(r"[\w-]{5,40}", key):
        return EmbedHit("instagram", f"https://www.instagram.com/p/{key}/", line)
    if platform == "tiktok" and key.isascii() and key.isdigit():
        return EmbedHit("tiktok", f"https://www.tiktok.com/embed/v2/{key}", line)
    return _named_post(src, line) if src else None


_OPENING_QUOTE_RE = patterns.compile(r"^\s*[\"\u201c\u201e\u00ab\u2018\u300c]")
_CLOSING_QUOTE_RE = patterns.compile(r"[\"\u201d\u00bb\u2019\u300d]")
_HANDLE_RE = patterns.compile(r"(?<![\w@])@\w{1,20}\b")
_CARD_CLASS_RE = patterns.compile(r"^(?:tweet|tweet(?:__|-|_)(?:card|container|embed|wrapper|wrap|body|header)\w*"
                                  r"|tweetcard\w*|embedded-tweet|twitter-card\w*)$")


def _quotes_its_post(el: lxml_html.HtmlElement) -> bool:
    """A quote of a post: it opens with the post's words in quotation marks and names the post after them, with
    the only status link it holds ("“Do not drive through it,” the sheriff's office said in a <a>post</a>.").
    An excerpt of an article or a forum reply that links to a post in its sentences is a link to it."""
    text = el.text_content()
    if len(text) > _QUOTED_POST_MAX or not _OPENING_QUOTE_RE.match(text) or len(_post_ids(el, cards=False)) != 1:
        return False
    link = next(a for a in el.iter("a") if tweet_status(normalize(a.get("href") or "") or "") is not None)
    before = "".join(_text_before(el, link))
    return bool(_CLOSING_QUOTE_RE.search(before[1:]))  # the quoted words end before the link


def _text_before(root: lxml_html.HtmlElement, stop: lxml_html.HtmlElement) -> Iterable[str]:
    """The text of ``root`` before ``stop`` starts, in document order."""
    inside = set(root.iter())
    for piece in stop.xpath("preceding::text()"):
        owner = piece.getparent()
        if owner is not None and owner in inside and (owner is not root or not piece.is_tail):
            yield str(piece)


def _is_post_card(el: lxml_html.HtmlElement, classes: set[str]) -> bool:
    """A card a publisher drew for a post: a card's class, its author's @handle shown, one post named by its links."""
    if "tweet" not in (el.get("class") or "").lower() or not any(_CARD_CLASS_RE.match(c) for c in classes):
        return False
    return bool(_HANDLE_RE.search(el.text_content())) and len(_post_ids(el, cards=True)) == 1


def _post_ids(el: lxml_html.HtmlElement, *, cards: bool) -> set[str]:
    """The posts on X that ``el``'s links name: status links, and for a card its like/repost/reply links."""
    ids: set[str] = set()
    for a in el.iter("a"):
        url = normalize(a.get("href") or "")
        if not url:
            continue
        found = tweet_status(url) or (intent_status(url) if cards else None)
        if found is not None:
            ids.add(found.status_id)
            if len(ids) > 1:
                break
    return ids


def _platform_by_class(classes: set[str]) -> str | None:
    if "instagram-media" in classes:
        return "instagram"
    if "tiktok-embed" in classes:
        return "tiktok"
    if "bluesky-embed" in classes:
        return "bluesky"
    if "mastodon-embed" in classes:
        return "mastodon"
    if "text-post-media" in classes or "threads-embed" in classes:
        return "threads"
    if "telegram-post" in classes or "telegram-embed" in classes:
        return "telegram"
    if classes & {"fb-post", "fb-video"}:
        return "facebook"
    if classes & {"youtube-player", "youtube-embed"}:
        return "youtube"
    for cls in classes:
        if cls.startswith("wp-block-embed-"):
            name = cls.removeprefix("wp-block-embed-")
            if name in ("instagram", "tiktok", "youtube", "facebook", "bluesky", "threads", "mastodon", "vk"):
                return name
    return None


def _attribute_urls(el: lxml_html.HtmlElement) -> list[str]:
    """URLs in the embed's markup (href, src, data-*), in document order."""
    urls: list[str] = []
    for node in el.iter():
        if not isinstance(node.tag, str):
            continue
        for attr in _URL_ATTRS:
            value = node.get(attr)
            if value and not value.startswith(("#", "javascript:", "data:", "mailto:")):
                urls.append(value.strip())
    return urls


def _urls_in(el: lxml_html.HtmlElement) -> list[str]:
    """Every URL the embed carries: its attributes' and the ones written in its text."""
    return _attribute_urls(el) + [m.text for m in find_urls(el.text_content())]


def _first_post(el: lxml_html.HtmlElement, platform: str) -> Post | None:
    uri = el.get("data-bluesky-uri")
    for raw in _urls_in(el):
        url = normalize(raw)
        post = post_url(url) if url else None
        if post is not None and post.platform == platform:
            return post
    if uri and uri.startswith("at://"):
        return Post("bluesky", uri)
    return None


def _status_hit(status: Status, line: int) -> EmbedHit:
    return EmbedHit("twitter", status.url, line, status.status_id, status.handle)


def _tweet(el: lxml_html.HtmlElement, line: int) -> EmbedHit | None:
    """A tweet embed: its status, author, date and text, from whatever the markup kept."""
    hrefs = _urls_in(el)
    status: Status | None = None
    for attr in (*_TWEET_ID_ATTRS, "data-embed-id"):
        value = (el.get(attr) or "").strip()
        if value.isascii() and value.isdigit():
            status = Status(value, None, f"https://twitter.com/i/web/status/{value}")
        elif "/" in value and (url := normalize(unwrap_oembed(value))) and (found := tweet_status(url)):
            status = found  # amp-twitter's data-tweetid holding a whole status URL
        if status is not None:
            break
    # The post's own status link comes last (the date under the signature); links in its text come first.
    for raw in [*reversed(_attribute_urls(el)), *hrefs]:
        url = normalize(unwrap_oembed(raw))
        found = tweet_status(url) if url else None
        if found is not None and (status is None or found.status_id == status.status_id):
            status = found
            break
    if status is None:  # a card the publisher drew: its like and repost links name the post
        for a in el.iter("a"):
            url = normalize(a.get("href") or "")
            if url and (found := intent_status(url)) is not None:
                status = found
                break
    author = handle = date = None
    full = el.text_content()
    signatures = find_signatures(full.replace("\u00a0", " "))
    before = full[: signatures[-1].start] if signatures else full
    paragraphs = [p for p in el.iter("p")]
    if signatures:
        sig = signatures[-1]
        author, handle, date = sig.author, sig.handle, sig.date
        text = " ".join(before.split()) or None
    elif paragraphs:  # every paragraph is the post's, not the first alone
        text = " ".join(" ".join(p.text_content() for p in paragraphs).split()) or None
    else:
        text = None
    if status is None and not signatures and text is None:
        return None
    if status is not None and status.handle:
        handle = status.handle if handle is None else handle
    links = _unique(link for link in _post_links(el, before) if not _names_the_account(link))
    if status is None:
        return EmbedHit("twitter", None, line, None, handle, author, date, text, tuple(links))
    return EmbedHit("twitter", status.url, line, status.status_id, handle or status.handle, author, date, text,
                    tuple(links))


def _post_links(el: lxml_html.HtmlElement, before: str) -> list[str]:
    """The links a post's text carries: its anchors' and the URLs written in it, before its signature."""
    links = [a.get("href", "").strip() for a in el.iter("a") if a.get("href")]
    links.extend(m.text for m in find_urls(before))
    return links


_ACCOUNT_PATH_RE = patterns.compile(r"^/+(?:@?\w{1,20}/?|intent/.*|i/.*)$")


def _names_the_account(link: str) -> bool:
    """A link of the post's frame, not its text: the post itself, its author's profile, a like or reply."""
    url = normalize(link) or ""
    if tweet_status(url) is not None or intent_status(url) is not None:
        return True
    try:
        parts = urlsplit(url)
    except ValueError:
        return True
    return (parts.hostname or "") in TWITTER_HOSTS and bool(_ACCOUNT_PATH_RE.match(parts.path)) and not parts.query


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
