"""Find URLs in text, tidy them, and say what each one points at."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from auditor.model import LinkKind
from auditor.scan import patterns, suffixes

SHORTENERS = frozenset(

        """
        t.co bit.ly bitly.com ow.ly buff.ly tinyurl.com dlvr.it trib.al goo.gl is.gd v.gd tiny.cc cutt.ly
        rebrand.ly shorturl.at t.ly rb.gy lnkd.in fb.me ift.tt s.id j.mp amzn.to spr.ly sco.lt hubs.ly
        hubs.la wp.me flip.it bl.ink short.io qr.ae ln.is reut.rs nyti.ms wapo.st bbc.in cnn.it apne.ws
        on.ft.com econ.st bloom.bg politi.co hill.cm gu.com n.pr nbcnews.to cbsn.ws abcn.ws fxn.ws usat.ly
        on.wsj.com lat.ms cnb.cx dailym.ai mol.im ind.pn tgr.ph thetim.es bzfd.it huffp.st aje.io f24.my
        p.dw.com clck.ru vk.cc ya.cc goo.su u.to
        """.split()

)
"""Hosts whose links only redirect elsewhere: general and publishers' own."""

TWITTER_HOSTS = frozenset(
    {"twitter.com", "www.twitter.com", "mobile.twitter.com", "m.twitter.com",
     "x.com", "www.x.com", "mobile.x.com", "m.x.com"}
)
TWITTER_MEDIA_HOSTS = frozenset({"pic.twitter.com", "pic.x.com"})

_SOCIAL_DOMAINS = {
    "t.me": "telegram", "telegram.me": "telegram", "telegram.org": "telegram",
    "telegram.dog": "telegram",
    "instagram.com": "instagram", "instagr.am": "instagram",
    "youtube.com": "youtube", "youtu.be": "youtube", "youtube-nocookie.com": "youtube",
    "facebook.com": "facebook", "fb.watch": "facebook", "fb.com": "facebook",
    "tiktok.com": "tiktok",
    "bsky.app": "bluesky",
    "threads.net": "threads", "threads.com": "threads",
    "vk.com": "vk", "vk.ru": "vk", "vkvideo.ru": "vk",
    "twitter.com": "twitter", "x.com": "twitter",
    "mastodon.social": "mastodon", "mastodon.online": "mastodon",
    "mstdn.social": "mastodon", "mas.to": "mastodon", "mastodon.world": "mastodon",
    "journa.host": "mastodon", "newsie.social": "mastodon",
    "linkedin.com": "linkedin", "reddit.com": "reddit", "rumble.com": "rumble",
    "truthsocial.com": "truthsocial", "weibo.com": "weibo", "ok.ru": "ok",
    "whatsapp.com": "whatsapp",
}
"""Registered domain -> platform, for links of kind ``social``."""


_BARE_HOSTS = (
    r"t\.co|pic\.twitter\.com|pic\.x\.com|bit\.ly|ow\.ly|buff\.ly|tinyurl\.com|dlvr\.it"
    r"|trib\.al|reut\.rs|nyti\.ms|wapo\.st|bbc\.in|cnn\.it|apne\.ws|youtu\.be|t\.me"
    r"|(?:mobile\.)?twitter\.com|x\.com|instagram\.com|youtube\.com|facebook\.com"
    r"|tiktok\.com|bsky\.app|threads\.net|vk\.com|fb\.watch|is\.gd|goo\.gl|cutt\.ly"
)
# A URL starts with a scheme, "www.", or one of the short/social hosts people
# paste without a scheme ("pic.twitter.com/abc"). It never starts inside a
# word, an e-mail address or a longer host name.
_URL_RE = patterns.compile(
    # after a full stop too: "We will rebuild.https://t.co/x" is how pasted posts glue text to links
    r"(?:(?<![\w@\-/])(?:https?|ftp)://|(?<![\w@.\-/])(?:www\.|(?:" + _BARE_HOSTS + r")/))"
    r"[^\s<>\"`{}|\\^\u00ab\u00bb\u201c\u201d\u2018\u2019\u200b\u2026\u2013\u2014]*",
    re.IGNORECASE,
)
_SCHEME_RE = patterns.compile(r"^(?:[a-z][a-z0-9+.-]*):", re.IGNORECASE)
_TRAILING = ".,;:!?'\u2019\u201d*_"
_PAIRS = {")": "(", "]": "[", "}": "{"}


@dataclass(frozen=True)
class UrlMatch:
    """A URL found in text: where it stands and what it says."""

    start: int
    end: int
    text: str
    """As written, trailing punctuation removed."""
    url: str
    """Normalised (scheme added, host lower-cased)."""


def find_urls(text: str) -> list[UrlMatch]:
    """Every URL in ``text``, in order, without the punctuation around it."""
    found: list[UrlMatch] = []
    if "/" not in text and "www." not in text.lower():
        return found
    for match in _URL_RE.finditer(text):
        raw = _trim(match.group(0))
        if not raw or ("/" not in raw and not raw.lower().startswith("www.")):
            continue
        url = normalize(raw)
        if url is None:
            continue
        found.append(UrlMatch(match.start(), match.start() + len(raw), raw, url))
    return found


def _trim(raw: str) -> str:
    """Drop what a sentence put after a URL: a full stop, a closing quote or bracket."""
    # NOTE: brackets counted once and kept up to date: recounting per character is quadratic in ")))))".
    counts = {ch: raw.count(ch) for pair in _PAIRS.items() for ch in pair}
    end = len(raw)
    while end:
        last = raw[end - 1]
        if last in _TRAILING or last == "'" or last == '"' or (last in _PAIRS and counts[last] > counts[_PAIRS[last]]):
            end -= 1
            if last in counts:
                counts[last] -= 1
        else:
            break
    return raw[:end]


def normalize(raw: str) -> str | None:
    """Give a URL a scheme and a lower-case host; None when it is not a web URL."""
    raw = raw.strip().strip("\u200b").replace("\t", "").replace("\r", "").replace("\n", "")  # as urlsplit drops them
    if raw.startswith("//"):
        raw = "https:" + raw
    elif not _SCHEME_RE.match(raw):
        raw = "https://" + raw
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    # Lower-case the scheme and host only: paths and queries are case-sensitive.
    netloc = parts.netloc
    at = netloc.rfind("@") + 1
    rest = raw[raw.index(netloc) + len(netloc):]
    netloc = netloc[:at] + netloc[at:].lower()
    return f"{parts.scheme.lower()}://{netloc}{rest}"


@functools.lru_cache(maxsize=8192)
def registered_domain(host: str) -> str:
    """``news.bbc.co.uk`` -> ``bbc.co.uk``; the host itself when there is no public suffix."""
    host = host.lower().rstrip(".")
    return suffixes.registered_domain(host) or host


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def same_site(host: str, other: str) -> bool:
    """Two hosts are one site when they differ at most by a leading ``www.`` (alice.substack.com is not
    bob.substack.com, nor is topics.cnn.com www.cnn.com)."""
    return bool(host) and host.lower().removeprefix("www.") == other.lower().removeprefix("www.")


def is_shortener(url: str) -> bool:
    return host_of(url).removeprefix("www.") in SHORTENERS


def classify(url: str, outlet_domains: frozenset[str] = frozenset()) -> tuple[LinkKind, str]:
    """The kind of a link (DESIGN.md's vocabulary) and its registered domain."""
    host = host_of(url)
    domain = registered_domain(host) if host else ""
    if host in TWITTER_MEDIA_HOSTS:
        return "twitter-media", domain
    if tweet_status(url) is not None:
        return "tweet", domain
    if is_shortener(url):
        return "shortener", domain
    if domain in _SOCIAL_DOMAINS or post_url(url) is not None:
        return "social", domain
    if domain in outlet_domains or host in outlet_domains:
        return "outlet", domain
    return "other", domain


@dataclass(frozen=True)
class Status:
    """A tweet named by a status URL."""

    status_id: str
    handle: str | None
    url: str
    """Canonical URL: https://twitter.com/<handle or i/web>/status/<id>."""


_STATUS_PATH_RE = patterns.compile(
    r"^/+(?:#!/)?(?:(?P<handle>[A-Za-z0-9_]{1,20})|i/web|i)/status(?:es)?/(?P<id>\d{5,20})(?:[/?#]|$)"
)


def tweet_status(url: str) -> Status | None:
    """The status a twitter.com / x.com URL points at, in any of its spellings."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if host not in TWITTER_HOSTS:
        if host == "platform.twitter.com" and "tweet" in parts.path.lower():
            ids = parse_qs(parts.query).get("id")
            if ids and ids[0].isdigit():
                return _status(ids[0], None)
        return None
    path = parts.path
    if parts.fragment.startswith("!/"):  # old "#!/user/status/123" links
        path = "/" + parts.fragment[1:]
    match = _STATUS_PATH_RE.match(path)
    if not match:
        return None
    handle = match.group("handle")
    if handle and handle.lower() in ("i", "intent", "home", "search", "hashtag"):
        handle = None
    return _status(match.group("id"), handle)


_INTENT_PATH_RE = patterns.compile(r"^/+intent/(?:like|favorite|retweet|tweet|post|reply)/?$", re.IGNORECASE)


def intent_status(url: str) -> Status | None:
    """The post a like, repost or reply link names ("twitter.com/intent/like?tweet_id=…"); a publisher's own
    drawing of a post may keep no other trace of it."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if (parts.hostname or "").lower() not in TWITTER_HOSTS or not _INTENT_PATH_RE.match(parts.path):
        return None
    query = parse_qs(parts.query)
    for key in ("tweet_id", "in_reply_to"):
        value = (query.get(key) or [""])[0]
        if value.isascii() and value.isdigit() and 5 <= len(value) <= 20:
            return _status(value, None)
    return None


_SHARE_PATHS: dict[str, re.Pattern[str]] = {
    host: patterns.compile(pattern, re.IGNORECASE) for host, pattern in {
        "twitter.com": r"^/+(?:intent/(?:tweet|post)|share)/?$",
        "x.com": r"^/+(?:intent/(?:tweet|post)|share)/?$",
        "facebook.com": r"^/+(?:sharer(?:/sharer)?(?:\.php)?|share\.php|dialog/(?:share|feed|send))/?$",
        "linkedin.com": r"^/+(?:shareArticle|sharing/share-offsite|cws/share)/?$",
        "reddit.com": r"^/+(?:r/[\w-]+/)?submit/?$",
        "pinterest": r"^/+pin/create(?:/\w+)?/?$",
        "tumblr.com": r"^/+(?:share|widgets/share/tool)(?:/\w+)?/?$",
        "plus.google.com": r"^/+share/?$",
        "stumbleupon.com": r"^/+submit/?$",
        "digg.com": r"^/+(?:submit|tools/services)/?$",
        "del.icio.us": r"^/+post/?$",
        "delicious.com": r"^/+(?:save|post)/?$",
        "share.flipboard.com": r"^/+bookmarklet/popout/?$",
        "flipboard.com": r"^/+bookmarklet/popout/?$",
        "service.weibo.com": r"^/+share/share\.php$",
        "vk.com": r"^/+share\.php$",
        "connect.ok.ru": r"^/+(?:offer|dk)/?$",
        "api.whatsapp.com": r"^/+send/?$",
        "web.whatsapp.com": r"^/+send/?$",
        "wa.me": r"^/*$",
        "t.me": r"^/+share(?:/url)?/?$",
        "telegram.me": r"^/+share(?:/url)?/?$",
        "news.ycombinator.com": r"^/+submitlink$",
        "getpocket.com": r"^/+(?:save|edit)/?$",
        "buffer.com": r"^/+add/?$",
        "addthis.com": r"^/+bookmark\.php$",
        "addtoany.com": r"^/+(?:add_to/[\w-]+|share(?:_save)?)/?$",
        "xing.com": r"^/+(?:spi/shares/new|social/share/spi)/?$",
        "mix.com": r"^/+add/?$",
        "bsky.app": r"^/+intent/compose/?$",
        "threads.net": r"^/+intent/post/?$",
        "threads.com": r"^/+intent/post/?$",
        "mastodonshare.com": r"^/*$",
        "social-plugins.line.me": r"^/+lineit/share/?$",
    }.items()
}
"""Share buttons' addresses, host -> path: "post this page on X", never a source the article cites. Pinterest is
matched on any of its country domains."""


def is_share_link(url: str) -> bool:
    """A share button's address ("facebook.com/sharer.php?u=…", "twitter.com/intent/tweet?text=…"); a link to
    like, repost or answer a given post is not one (it names that post)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    for prefix in ("www.", "m.", "mobile."):
        host = host.removeprefix(prefix)
    if host.split(".")[0] == "pinterest":
        host = "pinterest"
    if host == "linkedin.com" and parts.path.rstrip("/") == "/feed" and "shareActive" in parts.query:
        return True
    pattern = _SHARE_PATHS.get(host)
    return pattern is not None and bool(pattern.match(parts.path)) and intent_status(url) is None


_EMBED_PROXIES = ("embedly.com", "iframe.ly", "iframely.com")


def unwrap_oembed(url: str) -> str:
    """The post an oEmbed endpoint is asked about ("publish.twitter.com/oembed?url=…", Instagram's and
    Facebook's Graph endpoints, TikTok's), or an embed service shows (Embedly's and Iframely's players:
    "cdn.embedly.com/widgets/media.html?src=…&url=…"), else ``url`` itself."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    host = (parts.hostname or "").lower()
    proxy = any(host == p or host.endswith("." + p) for p in _EMBED_PROXIES)
    if "oembed" not in parts.path.lower() and not proxy:
        return url
    query = parse_qs(parts.query)
    inner = query.get("url") or (query.get("src") if proxy else None)
    return inner[0].strip() if inner else url


def _status(status_id: str, handle: str | None) -> Status:
    who = handle or "i/web"
    return Status(status_id, handle, f"https://twitter.com/{who}/status/{status_id}")


_FACEBOOK = r"^(?:www\.|m\.|web\.)?facebook\.com$"
# (platform, host, path): the path's group b is the post's id, group a its owner or kind.
_POST_PATTERNS = [
    ("telegram", r"^(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)$", r"^/(?:s/)?(?P<a>[A-Za-z]\w{3,31})/(?P<b>\d+)/?$"),
    ("telegram", r"^(?:www\.)?(?:t\.me|telegram\.me)$", r"^/c/(?P<a>\d+)/(?P<b>\d+)/?$"),
    ("instagram", r"^(?:www\.)?instagram\.com$", r"^/(?:[\w.]+/)?(?P<a>p|reel|reels|tv)/(?P<b>[\w-]+)"),
    ("youtube", r"^(?:www\.|m\.)?youtube(?:-nocookie)?\.com$", r"^/(?P<a>embed|shorts|live|v)/(?P<b>[\w-]{6,})"),
    ("youtube", r"^youtu\.be$", r"^/(?P<b>[\w-]{6,})"),
    ("facebook", _FACEBOOK, r"^/(?P<a>[\w.-]+)/(?:posts|videos|photos)/(?:[\w.-]+/)?(?P<b>[\w.-]+)"),
    ("facebook", _FACEBOOK, r"^/(?P<a>reel|watch/live|share/[prv])/(?P<b>[\w-]+)"),
    ("facebook", r"^fb\.watch$", r"^/(?P<b>[\w-]+)"),
    ("tiktok", r"^(?:www\.|m\.)?tiktok\.com$", r"^/@(?P<a>[\w.-]+)/(?:video|photo)/(?P<b>\d+)"),
    ("tiktok", r"^(?:www\.)?tiktok\.com$", r"^/embed(?:/v2)?/(?P<b>\d+)"),
    ("bluesky", r"^bsky\.app$", r"^/profile/(?P<a>[\w.:-]+)/post/(?P<b>\w+)"),
    ("threads", r"^(?:www\.)?threads\.(?:net|com)$", r"^/@(?P<a>[\w.]+)/post/(?P<b>[\w-]+)"),
    ("vk", r"^(?:www\.|m\.)?vk\.(?:com|ru)$", r"^/(?P<a>wall|video|clip|photo)(?P<b>-?\d+_\d+)"),
    ("vk", r"^(?:www\.)?vkvideo\.ru$", r"^/(?P<a>video)(?P<b>-?\d+_\d+)"),
    # Any Mastodon server: /@user/<snowflake id>, or the ActivityPub path.
    ("mastodon", r"^[\w.-]+\.[a-z]{2,}$",
     r"^/(?:@(?P<a>\w+)|users/(?P<a2>\w+)/statuses)/(?P<b>\d{6,20})(?:/embed)?/?$"),
]
_POST_PATTERNS_COMPILED = [(p, patterns.compile(h), patterns.compile(r)) for p, h, r in _POST_PATTERNS]


@dataclass(frozen=True)
class Post:
    """A post on a social platform other than X, named by its URL."""

    platform: str
    url: str
    """Canonical URL of the post."""


def post_url(url: str) -> Post | None:
    """The social post a URL names (Telegram, Instagram, YouTube...), or None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if host in TWITTER_HOSTS or not host:
        return None
    path = parts.path
    query = parse_qs(parts.query)
    youtube = host.endswith(("youtube.com", "youtube-nocookie.com"))
    if youtube and path.rstrip("/") == "/watch" and query.get("v"):
        return Post("youtube", f"https://www.youtube.com/watch?v={query['v'][0]}")
    if youtube and path.rstrip("/") == "/embed/live_stream":  # a channel's live stream, not a video
        channel = query.get("channel")
        return Post("youtube", f"https://www.youtube.com/channel/{channel[0]}/live") if channel else None
    if youtube and path.rstrip("/") == "/embed/videoseries":  # a playlist
        playlist = query.get("list")
        return Post("youtube", f"https://www.youtube.com/playlist?list={playlist[0]}") if playlist else None
    if host.endswith("facebook.com"):
        if path.startswith("/plugins/") and query.get("href"):
            return post_url(unquote(query["href"][0]))
        story = query.get("story_fbid") or query.get("fbid")
        if story and path.endswith((".php", ".php/")):
            owner = query.get("id", [""])[0]
            tail = f"&id={owner}" if owner else ""
            return Post("facebook", f"https://www.facebook.com{path}?story_fbid={story[0]}{tail}")
        if path.rstrip("/") == "/watch" and query.get("v"):
            return Post("facebook", f"https://www.facebook.com/watch/?v={query['v'][0]}")
    if host.endswith("vk.com") and path == "/video_ext.php" and query.get("oid") and query.get("id"):
        return Post("vk", f"https://vk.com/video{query['oid'][0]}_{query['id'][0]}")
    for platform, host_re, path_re in _POST_PATTERNS_COMPILED:
        if not host_re.match(host):
            continue
        match = path_re.match(path)
        if match:
            return Post(platform, _canonical(platform, host, match))
    return None


def _canonical(platform: str, host: str, match: re.Match[str]) -> str:
    g = match.groupdict()
    a, b = g.get("a"), g["b"]
    if platform == "telegram":
        return f"https://t.me/c/{a}/{b}" if a and a.isdigit() else f"https://t.me/{a}/{b}"
    if platform == "instagram":
        kind = "reel" if a in ("reel", "reels") else a
        return f"https://www.instagram.com/{kind}/{b}/"
    if platform == "youtube":
        return f"https://www.youtube.com/watch?v={b}"
    if platform == "facebook":
        if host == "fb.watch":
            return f"https://fb.watch/{b}/"
        return "https://www.facebook.com" + match.group(0)
    if platform == "tiktok":
        return f"https://www.tiktok.com/@{a}/video/{b}" if a else f"https://www.tiktok.com/embed/v2/{b}"
    if platform == "bluesky":
        return f"https://bsky.app/profile/{a}/post/{b}"
    if platform == "threads":
        return f"https://www.threads.net/@{a}/post/{b}"
    if platform == "vk":
        return f"https://vk.com/{a}{b}"
    user = a or g.get("a2")
    return f"https://{host}/@{user}/{b}"
