"""Turn an HTML page into a Document: metadata, the article body's text and its markup."""

from __future__ import annotations

import bisect
import codecs
import contextvars
import functools
import itertools
import json
import logging
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any, TypeVar

from lxml import etree
from lxml import html as lxml_html

from auditor.scan import patterns
from auditor.scan.dates import parse_date
from auditor.scan.document import Anchor, Block, Document
from auditor.scan.markup import (
    BIG_LINES,
    MAX_SOURCELINE,
    NAKED_EMBED_TAGS,
    EmbedHit,
    _plain,
    recognize,
    script_players,
    source_line,
)
from auditor.scan.urls import host_of, normalize, post_url, same_site, tweet_status

_BLOCK_TAGS = frozenset(

        """
        p div h1 h2 h3 h4 h5 h6 li ul ol dl dd dt blockquote pre figure figcaption table thead tbody tr td
        th section article header main hr address details summary center
        """.split()

)
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_SKIP_TAGS = frozenset(

        """
        script style noscript template svg math head iframe object embed video audio canvas button select
        option input textarea form nav aside footer dialog
        """.split()

)
# Page furniture around (and sometimes inside) the article body.
_CHROME_RE = patterns.compile(
    r"(?:^|[\s_-])(?:related\w*|recommend\w*|read-?more|more-?(?:stories|news)|most-?(?:read|popular|viewed)|popular"
    r"|trending|newsletter|subscribe|subscription|signup|sign-up|promo|advert\w*|ad-slot|ad-container|ads|sponsor\w*"
    r"|cookie\w*|consent|gdpr|share|sharing|social-(?:share|follow|links|icons|bar)|follow-us|comments?|comment(?:content|body|list|text|thread)|disqus"
    r"|breadcrumbs?|author-bio|author-?box|about-the-author|ts-fab-wrapper|sidebar|side-?(?:content|column|col)|rail"
    r"|site-footer|footer|site-header|(?:article|content|story|post)-?tools"
    r"|navbar|nav|navigation|nav-links|post-nav\w*|menu|masthead"
    r"|outbrain|taboola|teaser-list|tags|topic-list|more-on|more-from|also-read|read-also|see-also|recirc\w*"
    r"|related-\w+|video-rail|playlist|latest-videos?|more-videos?|up-next|watch-next|watch-live|live-tv"
    r"|latest-posts|addtoany\w*|a2a_kit)(?:$|[\s_-])",
    re.IGNORECASE,
)
_LINK_CHROME_RE = patterns.compile(
    r"(?:^|[\s_-])(?:by-?lines?|bylines?\w*|authors?|author-?(?:name|info|link|meta|details)|contributors?|writers?"
    r"|tags|tag-?(?:list|links|cloud|group)|keywords?|topics?|categor(?:y|ies)|rubric|kicker|eyebrow|breadcrumbs?"
    r"|(?:post|entry|article|story)-?(?:meta|metadata|tags|topics|footer)|postmetadata)(?:$|[\s_-])",
    re.IGNORECASE,
)
"""A byline, tag list or section label: its words are read (a byline may name an agency), its links are the
site's own navigation (the author's page, the topic's page), not the article's."""
_LINK_CHROME_TEXT = 300
"""More text than this and the element is no byline or tag list, whatever its class."""
_CAMEL_RE = patterns.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
"""Where a camelCase class name joins its words ("relatedRail", "articleComments"): read as "related-Rail"."""
_CONSENT_RE = patterns.compile(r"consent|cookie|gdpr|privacy|embed-gate|third-party", re.IGNORECASE)
_ROLE_CHROME = frozenset({"navigation", "complementary", "contentinfo", "banner", "search", "dialog"})
_BODY_HINT_RE = patterns.compile(
    r"(?:(?<![a-z])(?:article|story|entry|post|art|news)(?:[-_]{0,2}|-entry-)(?:body|content|text)"
    r"|body[-_]?text|rich[-_]?text|text[-_]?body)",
    re.IGNORECASE,
)
_NAMES_KEPT = 1 << 16
"""Class-and-id strings whose verdicts are remembered: a page repeats a few hundred over thousands of elements,
and the patterns asked about them are long."""


@functools.lru_cache(maxsize=_NAMES_KEPT)
def _body_hint(names: str) -> bool:
    # NOTE: every name the pattern takes holds "body", "text" or "content": most names are spared the pattern
    lowered = names.lower()
    return ("body" in lowered or "text" in lowered or "content" in lowered) and bool(_BODY_HINT_RE.search(names))


_XML_DECL_RE = patterns.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "date", "pubdate", "publishdate",
    "publish-date", "publish_date", "dc.date", "dc.date.issued", "dcterms.created", "parsely-pub-date",
    "sailthru.date", "article.published", "published_time", "cxenseparse:recs:publishtime",
)


def _html_parser(**options: Any) -> etree.HTMLParser:
    """lxml.html's parser with its elements' classes chosen in C: lxml.html chooses them in Python (a form's
    element, an input's), a call for every element the scan touches, and the scan uses none of those classes."""
    parser = lxml_html.HTMLParser(**options)
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment, pi=lxml_html.HtmlProcessingInstruction,
        entity=lxml_html.HtmlEntity))
    return parser


# huge_tree: libxml2 otherwise silently stops at 256 levels of nesting and the rest of the page is lost.
_UTF8_PARSER = _html_parser(encoding="utf-8", huge_tree=True)
_PARSER = _html_parser(huge_tree=True)


_S = TypeVar("_S", str, bytes)


def parse_html(path: str, text: str, encoding: str, raw: bytes | None = None) -> Document:
    """Read a whole page: metadata from the head, text and embeds from the article body only.

    ``raw``, when given, is the page's UTF-8 bytes: lxml parses those faster than a str.
    """
    cut: list[str] = []
    try:
        if raw is not None and encoding in ("utf-8", "utf-8-sig"):
            source: str | bytes = _cap_giant_tags(raw.removeprefix(codecs.BOM_UTF8), cut)
            parser = _UTF8_PARSER
        else:
            source, parser = _cap_giant_tags(_XML_DECL_RE.sub("", text, count=1), cut), _PARSER
        root = lxml_html.document_fromstring(source, parser=parser)
        if _too_deep(parser):
            # libxml2 drops everything past 2,048 levels of nesting, silently: read the page again with its
            # plain containers flattened, and say so if even that is cut
            root = lxml_html.document_fromstring(_flatten(source), parser=parser)
            if _too_deep(parser):
                cut.append(f"markup nested more than {_MAX_DEPTH:,} levels deep; what lies deeper was not read")
    except (etree.ParserError, ValueError):
        return Document(path, "html", encoding, [])
    token = BIG_LINES.set(_big_lines(root, text) if text.count("\n") >= MAX_SOURCELINE - 1 else None)
    try:
        doc = _read(path, root, encoding)
    finally:
        BIG_LINES.reset(token)
    doc.truncated = cut
    return doc


_MAX_DEPTH = 2048
"""libxml2's nesting limit for HTML, even with ``huge_tree``."""
_CONTAINER_TAG_RE = patterns.compile(r"</?(?:div|span|section|article|main|aside|header|footer|font|center|b|i|u|em|strong"
                                     r"|small|big|nav|figure|table|tbody|thead|tr|td|th|ul|ol|li|dl|dd|dt)\b[^<>]*>",
                                     re.IGNORECASE)
_CONTAINER_TAG_RE_B = re.compile(_CONTAINER_TAG_RE.pattern.encode(), re.IGNORECASE)
_EMBED_HINT = patterns.compile(r"tweet|instagram|tiktok|bluesky|telegram|embed|data-", re.IGNORECASE)
_EMBED_HINT_B = re.compile(_EMBED_HINT.pattern.encode(), re.IGNORECASE)


def _too_deep(parser: etree.HTMLParser) -> bool:
    return any("Excessive depth" in entry.message for entry in parser.error_log)


def _flatten(source: str | bytes) -> str | bytes:
    """``source`` with its plain containers (a bare ``<div>``, ``<span>``, table cells...) turned into paragraph
    breaks, so that no nesting is left to exceed the parser's limit; tags that may mark an embed are kept."""
    if isinstance(source, bytes):
        return _CONTAINER_TAG_RE_B.sub(lambda m: m.group(0) if _EMBED_HINT_B.search(m.group(0)) else b"<p></p>",
                                       source)
    return _CONTAINER_TAG_RE.sub(lambda m: m.group(0) if _EMBED_HINT.search(m.group(0)) else "<p></p>", source)


_GIANT_TAG = 65536
"""Characters a start tag may hold: libxml2 checks each attribute against all before it, so a tag of 250,000
attributes takes minutes; no page needs more than a few hundred."""
_GIANT_TAG_RE = patterns.compile("<[^<>]{" + str(_GIANT_TAG) + "}")
_GIANT_TAG_RE_B = re.compile(b"<[^<>]{" + str(_GIANT_TAG).encode() + b"}")


def _cap_giant_tags(source: _S, cut: list[str]) -> _S:
    """``source`` with every start tag longer than :data:`_GIANT_TAG` characters cut back to that length
    (at an attribute's boundary); each cut is noted in ``cut``."""
    if isinstance(source, bytes):
        pattern: re.Pattern[Any] = _GIANT_TAG_RE_B
        gt, space, newline, empty = b">", b" ", b"\n", b""
    else:
        pattern = _GIANT_TAG_RE
        gt, space, newline, empty = ">", " ", "\n", ""
    pieces: list[_S] = []
    pos = 0
    for start in _giant_tag_starts(source):
        match = pattern.match(source, start)
        if match is None or match.start() < pos:
            continue
        kept = match.group(0)
        end = source.find(gt, match.end())
        pieces += [source[pos:match.start()], kept[:max(kept.rfind(space), 1)]]
        pos = end if end >= 0 else len(source)
        line = source.count(newline, 0, match.start()) + 1
        cut.append(f"a tag of more than {_GIANT_TAG:,} characters on line {line} was cut short")
    if not pieces:
        return source
    pieces.append(source[pos:])
    return empty.join(pieces)


def _giant_tag_starts(source: _S) -> Iterator[int]:
    """Where a giant tag may start, in order: the ``<`` before a run of :data:`_GIANT_TAG` characters with no
    ``<`` or ``>``. Such a run covers a whole aligned block of half its length, and the tag opens at the last
    angle bracket before that block: two searches in C a block, and the tag pattern tried only there (it read
    every character of every tag of a page that had such a block, a long script's or JSON's)."""
    lt: Any = "<" if isinstance(source, str) else b"<"
    gt: Any = ">" if isinstance(source, str) else b">"
    step = _GIANT_TAG // 2
    found = -1
    previous_clear = False
    for start in range(0, len(source) - step + 1, step):
        end = start + step
        clear = source.find(lt, start, end) < 0 and source.find(gt, start, end) < 0
        if clear and not previous_clear:  # NOTE: a run of clear blocks has one bracket before it: looked for once
            opening = max(source.rfind(lt, 0, start), source.rfind(gt, 0, start))
            if opening >= 0 and opening != found and source[opening:opening + 1] == lt:
                found = opening
                yield opening
        previous_clear = clear


def _read(path: str, root: lxml_html.HtmlElement, encoding: str) -> Document:
    token = _HOLDERS.set(_embed_holders())
    try:
        return _read_page(path, root, encoding)
    finally:
        _HOLDERS.reset(token)


def _embed_holders() -> Callable[[lxml_html.HtmlElement], bool]:
    """Whether an embed sits under an element (a consent gate is asked it): each element's subtree is searched
    once, so gates nested a thousand deep cost no more than the outermost, and pages without gates nothing."""
    holders: set[lxml_html.HtmlElement] = set()
    covered: set[lxml_html.HtmlElement] = set()

    def holds(el: lxml_html.HtmlElement) -> bool:
        if el not in covered:
            for d in el.iter():
                if isinstance(d.tag, str) and d not in covered:
                    covered.add(d)
                    if recognize(d) is not None:
                        holders.add(d)
                        holders.update(d.iterancestors())
        return el in holders
    return holds


_HOLDERS: contextvars.ContextVar[Callable[[lxml_html.HtmlElement], bool] | None] = contextvars.ContextVar(
    "embed_holders", default=None)
"""The page being read's :func:`_embed_holders`, for the chrome tests made while finding its body."""


def _read_page(path: str, root: lxml_html.HtmlElement, encoding: str) -> Document:
    metas = _metas(root)
    ld = list(_json_ld(root))
    body, core = _find_body(root, metas.get("og:title") or "")
    # A story wrapped in a container whose class reads like chrome ("related-content") is still the story.
    keep: set[lxml_html.HtmlElement] = set()
    for above in core.iterancestors() if core is not None else ():
        if above is body:
            break
        keep.add(above)
    else:
        keep.clear()  # the core is not inside the body
    canonical = root.find(".//link[@rel='canonical']")
    url = normalize((canonical.get("href") if canonical is not None else None) or metas.get("og:url") or "")
    site = host_of(url) if url else None
    blocks, anchors, embeds = walk(body, keep=keep, site=site)
    for extra in reversed(_story_head(body)):  # a standfirst or byline beside the body, above it
        head_blocks, head_anchors, head_embeds = walk(extra)
        blocks, anchors, embeds = head_blocks + blocks, head_anchors + anchors, head_embeds + embeds
    region = _story_region(body, root)
    if region is not None:  # the lead video above the text, the post below it: the story's, outside its text
        known = {e.url for e in embeds}
        beside = [hit for hit in _embeds_beside(region, body) if hit.url not in known]
        embeds = sorted(embeds + beside, key=lambda hit: hit.line)
    thin = sum(len(b.text) for b in blocks if not b.heading) < _THIN_BODY
    if thin:
        # A client-rendered page (Next.js, Arc): the story itself lives in the JSON state.
        state_blocks, state_anchors, state_embeds = _state_story(root)
        blocks, anchors, embeds = blocks + state_blocks, anchors + state_anchors, embeds + state_embeds
    blocks += _live_updates(ld, blocks)
    if thin or _awaits_embeds(body):
        # NOTE: only where the story's markup leaves room for them: the state of a front page or a rail holds
        # other stories' embeds too
        embeds += _state_embeds(root, {hit.url for hit in embeds})
    doc = Document(path, "html", encoding, blocks, anchors=anchors, embeds=embeds)
    doc.captions = _captions(root, body)
    doc.title = _title(root, body, metas, ld)
    doc.date = _date(root, body, metas, ld)
    doc.language = _language(root, metas)
    doc.publisher = _publisher(metas, ld)
    doc.authors = _authors(metas, ld)
    doc.site_hints = _site_hints(root)
    doc.url = url
    if doc.date is None and not _not_an_article(metas, ld):  # NOTE: last: the tree is not needed after this
        doc.date = _searched_date(root)
    return doc


_LINES_PER_COARSE_LINE_CAP = 60000


def _big_lines(root: lxml_html.HtmlElement, text: str) -> dict[lxml_html.HtmlElement, int]:
    """The true lines of the elements libxml2 can only say are past line 65,535.

    One more parse of the page with its lines folded ``m`` to one (every newline but each m-th made a space:
    the tree is the same, and each element's line there names its window of ``m`` lines); then the element's
    start tag is looked for in that window of the source, in document order.
    """
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    capped = [i for i, el in enumerate(elements) if el.sourceline == MAX_SOURCELINE]
    if not capped:
        return {}
    source = _XML_DECL_RE.sub("", text, count=1)
    lines = source.split("\n")
    fold = -(-len(lines) // _LINES_PER_COARSE_LINE_CAP)
    folded = "\n".join(" ".join(lines[i:i + fold]) for i in range(0, len(lines), fold))
    try:
        coarse = [el for el in lxml_html.document_fromstring(folded, parser=_PARSER).iter() if isinstance(el.tag, str)]
    except (etree.ParserError, ValueError):
        return {}
    if len(coarse) != len(elements):
        return {}  # not the same tree after all: keep what libxml2 said
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    found: dict[lxml_html.HtmlElement, int] = {}
    cursor = 0
    patterns: dict[str, re.Pattern[str]] = {}
    for i in capped:
        el = elements[i]
        coarse_line = coarse[i].sourceline
        window = (coarse_line if isinstance(coarse_line, int) and coarse_line > 0 else 1) - 1
        first, last = window * fold, min(len(lines), (window + 1) * fold)
        pattern = patterns.get(el.tag) or patterns.setdefault(el.tag, re.compile("<" + re.escape(el.tag) + r"[\s/>]",
                                                                                 re.IGNORECASE))
        end = starts[last] if last < len(starts) else len(source)
        match = pattern.search(source, max(cursor, starts[first]), end)
        if match is None:
            found[el] = first + 1  # an element the parser implied: the first line of its window
            continue
        cursor = match.end()
        found[el] = bisect.bisect_right(starts, match.start())
    return found


def _captions(root: lxml_html.HtmlElement, body: lxml_html.HtmlElement) -> list[Block]:
    """Captions outside the body but not in page furniture: the lead picture above the story."""
    found = []
    for caption in root.iter("figcaption"):
        ancestors = list(caption.iterancestors())
        if any(a is body for a in ancestors):
            continue
        if any(a.tag in ("nav", "footer", "aside") or _is_chrome(a) for a in ancestors):
            continue
        text = " ".join(str(t) for t in caption.itertext())
        if text.strip():
            found.append(Block(" ".join(text.split()), source_line(caption)))
    return found


def parse_fragment(text: str, first_line: int, *, flat: bool = False) -> tuple[list[Block], list[Anchor], list[EmbedHit]]:
    """HTML standing inside another format (Markdown, JSON state): blocks, anchors and embeds, lines shifted.

    ``flat``: every line is ``first_line`` (text taken out of a one-line script).
    """
    try:
        root = lxml_html.fragment_fromstring(text, create_parent="div", parser=_PARSER)
    except (etree.ParserError, ValueError):
        return [], [], []
    if flat:
        for el in root.iter():
            el.sourceline = 1
    return walk(root, line_offset=first_line - 1)


_STATE_MARKERS = patterns.compile(
    r"twitter-tweet|instagram-media|tiktok-embed|data-telegram-post|telegram-post|youtube(?:-nocookie)?\.com/embed"
    r"|bluesky-embed|text-post-media|fb-post|mastodon-embed|oembed_response"
)
# Only elements that do not nest in themselves: a lazy match of <div>...</div> would stop at an inner </div>.
_STATE_SNIPPET_RE = patterns.compile(
    r"<(blockquote|amp-twitter|amp-instagram|amp-youtube|amp-facebook)\b[^>]*>.*?</\1>"
    r"|<iframe\b[^>]*>|<script\b[^>]*data-telegram-post[^>]*>|<div\b[^>]*(?:fb-post|vk_post_)[^>]*>",
    re.DOTALL | re.IGNORECASE
)
_JSON_ESCAPE_RE = patterns.compile(r"\\u([0-9a-fA-F]{4})|\\([\"/\\nrt])")


_THIN_BODY = 300
_STORY_KEYS = frozenset({"content", "html", "text", "body", "articleBody", "paragraph"})


def _state_story(root: lxml_html.HtmlElement) -> tuple[list[Block], list[Anchor], list[EmbedHit]]:
    """Paragraphs of the story from __NEXT_DATA__ or Fusion.globalContent, in order, as blocks."""
    for script in root.iter("script"):
        text = script.text or ""
        data: Any = None
        if script.get("id") == "__NEXT_DATA__":
            try:
                data = json.loads(text)
            except ValueError:
                continue
        elif "Fusion.globalContent=" in text:
            start = text.index("Fusion.globalContent=") + len("Fusion.globalContent=")
            try:
                data, _ = json.JSONDecoder().raw_decode(text[start:])
            except ValueError:
                continue
        if data is None:
            continue
        pieces: list[str] = []
        stack: list[Any] = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                for key, value in reversed(list(item.items())):
                    if key in _STORY_KEYS and isinstance(value, str) and len(value) > 40 and " " in value:
                        pieces.append(value)
                    elif isinstance(value, (dict, list)) and key not in ("related_content", "related", "promo_items"):
                        stack.append(value)
            elif isinstance(item, list):
                stack.extend(reversed(item))
        if pieces:
            html = "".join(f"<p>{p}</p>" if not p.lstrip().startswith("<") else p for p in pieces)
            return parse_fragment(html, source_line(script), flat=True)
    return [], [], []


def _live_updates(ld: list[dict[str, Any]], blocks: list[Block]) -> list[Block]:
    """A liveblog's updates from its JSON-LD that the page's markup does not show (those loaded as the reader
    scrolls): "Mayor Sam Liccardo tweeted ..." only in ``liveBlogUpdate``."""
    shown: str | None = None
    extra: list[Block] = []
    for item in ld:
        if item.get("@type") != "LiveBlogPosting":
            continue
        if shown is None:
            shown = " ".join(" ".join(b.text.split()) for b in blocks)
        updates = item.get("liveBlogUpdate")
        for update in updates if isinstance(updates, list) else [updates]:
            body = update.get("articleBody") if isinstance(update, dict) else None
            if not isinstance(body, str) or not body.strip():
                continue
            text = " ".join(body.split())
            if text[:80] not in shown:
                extra.append(Block(text, 1, [(0, 1)], False))
    return extra


def _state_embeds(root: lxml_html.HtmlElement, seen: set[str | None]) -> list[EmbedHit]:
    """Embeds that survive only in the page's JSON state (__NEXT_DATA__, Fusion globalContent, JSON-LD).

    Some CMSs render an empty placeholder and keep the embed's HTML in a script for the client to mount.
    """
    found: list[EmbedHit] = []
    for script in root.iter("script"):
        text = script.text or ""
        kind = (script.get("type") or "").lower()
        stateful = (script.get("id") in ("__NEXT_DATA__", "fusion-metadata", "__NUXT_DATA__")
                    or "json" in kind or "globalContent" in text[:20000])
        if not stateful or not _STATE_MARKERS.search(text):
            continue
        decoded = _JSON_ESCAPE_RE.sub(_unescape, text)
        for snippet in _STATE_SNIPPET_RE.finditer(decoded):
            try:
                fragment = lxml_html.fragment_fromstring(snippet.group(0), create_parent="div", parser=_PARSER)
            except (etree.ParserError, ValueError):
                continue
            for el in fragment.iter():
                hit = recognize(el) if isinstance(el.tag, str) else None
                if hit is not None:
                    if hit.url is not None and hit.url not in seen:
                        seen.add(hit.url)
                        found.append(replace(hit, line=source_line(script)))
                    break
        for match in re.finditer(r'"type"\s*:\s*"oembed_response".{0,400}?"url"\s*:\s*"([^"]+)"', decoded, re.DOTALL):
            url = normalize(match.group(1))
            status = tweet_status(url) if url else None
            post = post_url(url) if url and status is None else None
            line = source_line(script)
            hit = (EmbedHit("twitter", status.url, line, status.status_id, status.handle)
                   if status else EmbedHit(post.platform, post.url, line) if post else None)
            if hit is not None and hit.url not in seen:
                seen.add(hit.url)
                found.append(hit)
    return found


_AWAITING_RE = patterns.compile(r"embed", re.IGNORECASE)
"""An embed's placeholder says so ("embed-placeholder", "Embed_consent", "social-embed"); an ad slot, an image
placeholder or a share counter does not."""


def _awaits_embeds(body: lxml_html.HtmlElement) -> bool:
    """A placeholder in the story, empty or holding a consent notice, where the page's code mounts an embed kept
    in its JSON state."""
    for el in body.iter("div", "figure", "section", "span", "aside"):
        names = f"{el.get('class') or ''} {el.get('id') or ''}"
        if names.strip() and _AWAITING_RE.search(names) and len(el.text_content().strip()) <= 300 \
                and el.find(".//a") is None and el.find(".//iframe") is None:
            return True
    return False


def _unescape(match: re.Match[str]) -> str:
    if match.group(1):
        return chr(int(match.group(1), 16))
    return {"n": "\n", "r": "\r", "t": "\t"}.get(match.group(2), match.group(2))


def _metas(root: lxml_html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv") or "")
        value = meta.get("content")
        if key and value and key.lower() not in found:
            found[key.lower()] = value.strip()
    return found


def _json_ld(root: lxml_html.HtmlElement) -> Iterator[dict[str, Any]]:
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(reversed(item["@graph"]))


def _text_len(el: lxml_html.HtmlElement, paragraphs: dict[lxml_html.HtmlElement, int] | None = None) -> int:
    """Text in the element's paragraphs; for a story written as lines broken by ``<br>``, its own text.
    ``paragraphs`` keeps each paragraph's length for the next element that holds it."""
    paragraphs = {} if paragraphs is None else paragraphs
    size = 0
    for p in el.iter("p"):
        known = paragraphs.get(p)
        if known is None:
            known = paragraphs[p] = len(p.text_content().strip())
        size += known
    if size < _THIN_BODY and el.find(".//br") is not None:
        texts = _LOOSE_TEXT(el)
        size = max(size, sum(len(str(t).strip()) for t in texts) if isinstance(texts, list) else 0)
    return size


_LOOSE_TEXT = etree.XPath(".//text()[not(ancestor::script or ancestor::style or ancestor::a)]")


def _find_body(root: lxml_html.HtmlElement, title: str = "") -> tuple[lxml_html.HtmlElement,
                                                                       lxml_html.HtmlElement | None]:
    """The element holding the article text, and the story's own container inside it (or None): explicit
    markers first, then the densest paragraphs.

    A marker that holds next to nothing (an empty ``<article>`` beside the real text, a teaser) yields to the
    densest paragraphs; of several stories streamed one after another, the one the page is titled after wins.
    """
    # NOTE: one pass in Python beats XPath here: lxml's //*[@attr] walks are several times slower.
    marked, hinted, articles, mains = [], [], [], []
    for el in root.iter("div", "section", "article", "main"):
        if el.get("itemprop") == "articleBody":
            marked.append(el)
        names = el.get("class"), el.get("id")
        if (names[0] or names[1]) and _body_hint(f"{names[0] or ''} {names[1] or ''}"):
            hinted.append(el)
        if el.tag == "article" and "Comment" not in (el.get("itemtype") or "") and not _is_chrome(el):
            articles.append(el)
        elif el.tag == "main" or el.get("role") == "main":
            mains.append(el)
    lengths: dict[lxml_html.HtmlElement, int] = {}
    paragraphs: dict[lxml_html.HtmlElement, int] = {}  # NOTE: nested candidates hold the same paragraphs

    def size(el: lxml_html.HtmlElement) -> int:
        if el not in lengths:
            lengths[el] = _text_len(el, paragraphs)
        return lengths[el]

    densest: list[lxml_html.HtmlElement | None] = []  # found once, on first need

    def the_densest() -> lxml_html.HtmlElement | None:
        if not densest:
            densest.append(_densest(root))
        return densest[0]

    def enough(el: lxml_html.HtmlElement) -> bool:
        """Holds the story, not a teaser beside it: a third of the densest paragraphs at least."""
        if size(el) >= _THIN_BODY:
            return True
        best = the_densest()
        return size(el) >= (size(best) // 3 if best is not None else 0)

    def outweighed(el: lxml_html.HtmlElement) -> bool:
        """A class that reads like a body on a rail of teasers ("top-story-content"), while paragraphs twice
        as long sit elsewhere on the page."""
        best = the_densest()
        if best is None or best is el or any(a is el for a in best.iterancestors()):
            return False
        return _own_text(best) >= 2 * size(el)


    if marked:
        best = max(marked, key=size)
        if enough(best):
            return best, best
    hinted = [el for el in hinted if size(el) > 0]
    if hinted:
        best = max(hinted, key=size)
        if enough(best) and not outweighed(best):
            # An article wrapper often holds the headline and dateline the body div lacks.
            article = next((a for a in best.iterancestors("article")), None)
            run = _run_of_entries(article, articles) if article is not None else None
            if run is not None:
                return run, None  # one entry of a liveblog: the story is all of them
            whole = _sections(best, size)
            if whole is not None:
                return (article if article is not None else whole), whole
            return (article if article is not None else best), best
    articles = [a for a in articles if size(a) > 0]
    if articles:
        best = max(articles, key=size)
        parent = best.getparent()
        siblings = [a for a in articles if a.getparent() is parent]
        if enough(best) and not outweighed(parent if parent is not None and len(siblings) >= 3 else best):
            # A liveblog is a run of <article> entries: the story is all of them, not the longest.
            if parent is not None and len(siblings) >= 3 and sum(map(size, siblings)) > 2 * size(best):
                titled = _titled(siblings, title)
                return (titled if titled is not None else parent), None
            titled = _titled(siblings, title) if len(siblings) >= 2 else None
            run = _run_of_entries(best, articles) if titled is None else None
            return (titled if titled is not None else run if run is not None else best), None
    if mains and enough(mains[0]):
        return mains[0], None
    fallback = the_densest()
    if fallback is not None:
        whole = _sections(fallback, size)
        return (whole, whole) if whole is not None else (fallback, fallback)
    body = root.find("body")
    return (body if body is not None else root), None


def _sections(best: lxml_html.HtmlElement, size: Callable[[lxml_html.HtmlElement], int]
              ) -> lxml_html.HtmlElement | None:
    """A story cut into sections of one class (one per subheading, each maybe in a wrapper of its own): the
    container of them all, when three or more hold over twice the text of the longest."""
    kind = _class_key(best)
    if not kind:
        return None
    for depth, above in enumerate(best.iterancestors(), start=1):
        if depth > 2 or above.tag in ("body", "html"):
            break
        kin = [el for el in above.iter(best.tag) if _class_key(el) == kind
               and next(itertools.islice(el.iterancestors(), depth - 1, None), None) is above]
        if len(kin) >= 3 and sum(map(size, kin)) > 2 * size(best):
            return above
    return None


def _class_key(el: lxml_html.HtmlElement) -> str:
    """An element's classes, whatever their order and spacing ("post  js-post " is "js-post post")."""
    return _classes_key(el.get("class") or "")


@functools.lru_cache(maxsize=_NAMES_KEPT)
def _classes_key(names: str) -> str:
    return " ".join(sorted(set(names.split())))


def _own_text(el: lxml_html.HtmlElement) -> int:
    """Text of the paragraphs directly under ``el``."""
    return sum(len(p.text_content().strip()) for p in el.iterchildren("p"))


def _run_of_entries(entry: lxml_html.HtmlElement, articles: list[lxml_html.HtmlElement]
                    ) -> lxml_html.HtmlElement | None:
    """A liveblog whose entries are each wrapped on their own: three or more <article>s of the entry's class
    make one story, held by their nearest common ancestor."""
    kind = _class_key(entry)
    run = [a for a in articles if _class_key(a) == kind] if kind else []
    if len(run) < 3:
        return None
    common = set(run[0].iterancestors())
    for other in run[1:]:
        common &= set(other.iterancestors())
    return next((a for a in run[0].iterancestors() if a in common), None)


def _densest(root: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The element whose own paragraphs hold the most text (comments and other chrome aside)."""
    parents: dict[lxml_html.HtmlElement, int] = {}
    chrome: dict[lxml_html.HtmlElement, bool] = {}
    for p in root.iter("p"):
        parent = p.getparent()
        if parent is None:
            continue
        if parent not in chrome:
            chrome[parent] = _is_chrome(parent)
        if not chrome[parent]:
            parents[parent] = parents.get(parent, 0) + len(p.text_content().strip())
    return max(parents, key=parents.__getitem__) if parents else None


def _fold_title(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())[:60]


def _titled(stories: list[lxml_html.HtmlElement], title: str) -> lxml_html.HtmlElement | None:
    """Of several stories on one page (an endless scroll), the one whose headline is the page's title."""
    wanted = _fold_title(title)
    if len(wanted) < 12:
        return None
    for story in stories:
        for heading in story.iter("h1", "h2"):
            if _fold_title(heading.text_content()) == wanted:
                return story
    return None


_HEAD_HINT_RE = patterns.compile(
    r"(?:^|[\s_-])(?:standfirst|chapo|chapeau|dek|deck|lede|lead|intro|summary|subhead\w*|sub-headline|teaser"
    r"|byline\w*|signature|bloc_signature|credit-?line|dateline|article-?source)(?:$|[\s_-])",
    re.IGNORECASE,
)


_HEAD_TAGS = ("p", "div", "span", "h2", "address")


def _story_head(body: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The standfirst, byline and dateline of the story the body belongs to, when they sit outside it:
    "Selon le ministre ... interviewé par le Wall Street Journal", "Le Monde.fr avec AFP"."""
    story = next((a for a in body.iterancestors("article")), None)
    if story is None:
        parent = body.getparent()
        story = parent if parent is not None and parent.tag not in ("body", "html") else None
    if story is None:
        return []
    # NOTE: the walk stops at the body when the body is of the tags it walks; else it passes through the body
    inside = set() if body.tag in _HEAD_TAGS else set(body.iter())
    above = set(body.iterancestors())
    taken: set[lxml_html.HtmlElement] = set()
    found: list[lxml_html.HtmlElement] = []
    for el in story.iter(*_HEAD_TAGS):
        if el is body:
            break  # a standfirst and a byline stand above the story, not below it
        if el in inside or el in above or el in taken:
            continue
        names = f"{el.get('class') or ''} {el.get('id') or ''}"
        if _names_head(names) and 0 < len(el.text_content().strip()) <= 600:
            found.append(el)
            taken.update(el.iter())
            if len(found) == 4:
                break
    return found


@functools.lru_cache(maxsize=_NAMES_KEPT)
def _names_head(names: str) -> bool:
    """A class and id of a standfirst, byline or dateline, not of chrome."""
    return bool(names.strip() and _HEAD_HINT_RE.search(names) and not _CHROME_RE.search(names))


_PLAYER_TAGS = ("iframe", "blockquote", "script", "lite-youtube", "youtube-video", "twitter-widget", "amp-youtube",
                "amp-twitter", "amp-instagram", "amp-facebook", "amp-vk", "amp-tiktok")
"""The tags an embed beside the story's text comes in (a lead video, a post under the text)."""


def _embeds_beside(region: lxml_html.HtmlElement, body: lxml_html.HtmlElement) -> list[EmbedHit]:
    """The players and posts in ``region`` outside ``body`` and outside chrome. Only their tags are looked at,
    found by lxml in one pass: the region is not read again as text."""
    found: list[EmbedHit] = []
    chrome: dict[lxml_html.HtmlElement, bool] = {}
    taken: set[lxml_html.HtmlElement] = set()
    shared = set(body.iterancestors())  # what holds the body too (a <form> around a whole page) is not in the way
    for el in region.iter(*_PLAYER_TAGS):
        above = [a for a in itertools.takewhile(lambda a: a is not region, el.iterancestors()) if a not in shared]
        if body in above or any(a in taken for a in above) or any(a.tag in _SKIP_TAGS for a in above):
            continue
        if any(chrome[a] if a in chrome else chrome.setdefault(a, _is_chrome(a)) for a in above):
            continue
        if el.tag == "script":  # beside the text only a widget's own script, never settings that name a URL
            hit = recognize(el) if el.get("data-telegram-post") else None
            found.extend([hit] if hit is not None else script_players(el))
            continue
        hit = recognize(el)
        if hit is not None:
            found.append(hit)
            taken.add(el)
    return found


def _story_region(body: lxml_html.HtmlElement, root: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The widest container around the body that adds headings, media and little text: where a story's lead
    video and the posts set apart from its text sit. None when the body's own parent already holds more."""
    size = _text_len(body)
    total = size
    region, inner = None, body
    for above in body.iterancestors():
        if above.tag in ("body", "html") or above is root or _is_chrome(above):
            break
        # what the level adds beside the part already counted (chrome aside: its embeds are never taken)
        total += sum(_text_len(child) for child in above
                     if child is not inner and isinstance(child.tag, str) and child.tag not in _SKIP_TAGS
                     and not _is_chrome(child))
        if total > size + max(600, size // 2):
            break  # other stories, a rail, comments: no longer this story's
        region, inner = above, above
    return region


_CHROME_TAGS = frozenset("div section aside ul ol nav header footer form span figure details".split())
"""Only containers are judged by their class: a <p class="popular-quote"> is still body text."""


def _is_chrome(el: lxml_html.HtmlElement,
               holds_embed: Callable[[lxml_html.HtmlElement], bool] | None = None) -> bool:
    return _chrome_kind(el, holds_embed) != _NOT_CHROME


_NOT_CHROME, _CHROME, _CAMEL_CHROME = 0, 1, 2
"""What an element's class says: nothing; chrome; chrome only once its camelCase words are parted ("relatedRail",
but also "mainColumnWithRail": the walk takes such an element for chrome only when it holds little of the story)."""


def _chrome_kind(el: lxml_html.HtmlElement,
                 holds_embed: Callable[[lxml_html.HtmlElement], bool] | None = None) -> int:
    # NOTE: a hidden element is not chrome by itself: consent gates hide the embedded post until accepted.
    if (el.get("role") or "").lower() in _ROLE_CHROME:
        return _CHROME
    if el.tag not in _CHROME_TAGS:
        return _NOT_CHROME
    if el.tag == "span" and (parent := el.getparent()) is not None and parent.tag == "p":
        return _NOT_CHROME  # words of a paragraph ("<span class=comment-selection>"), whatever their class
    consent, kind = _names_kind((el.get("class") or "") + " " + (el.get("id") or ""))
    if consent:
        holds_embed = holds_embed or _HOLDERS.get()
        if holds_embed(el) if holds_embed is not None else any(recognize(d) for d in el.iter()
                                                               if isinstance(d.tag, str)):
            return _NOT_CHROME  # a consent gate holding back an embedded post: the post is the article's
    return kind


@functools.lru_cache(maxsize=_NAMES_KEPT)
def _names_kind(names: str) -> tuple[bool, int]:
    """What a container's class and id say by themselves: whether they name a consent gate, and the kind of
    chrome they name."""
    if not names.strip() or "embed" in names.lower() or _body_hint(names):
        return False, _NOT_CHROME  # "article-body paywall" is the body, whatever else it is called
    consent = bool(_CONSENT_RE.search(names))
    if _CHROME_RE.search(names):
        return consent, _CHROME
    if names.islower() or names.isupper():  # NOTE: no camelCase word to part: most class names, searched once
        return consent, _NOT_CHROME
    return consent, _CAMEL_CHROME if _CHROME_RE.search(_CAMEL_RE.sub("-", names)) else _NOT_CHROME


_RAIL_HEADING_RE = patterns.compile(
    r"^\W*(?:more\s+(?:from|on|in|about|stories|news|articles|to\s+read)|related(?:\s+(?:stories|articles|news|content"
    r"|coverage|posts|links|reading))?|read\s+(?:more|next|also)|also\s+read|recommended(?:\s+reading)?|see\s+also"
    r"|you\s+(?:may|might)\s+(?:also\s+)?like|most\s+(?:read|popular|viewed|shared)|trending(?:\s+now)?"
    r"|top\s+stories|editors?['\u2019]?s?\s+picks|don['\u2019]t\s+miss|latest\s+(?:news|stories|articles)"
    r"|lesen\s+sie\s+auch|mehr\s+zum\s+thema|mehr\s+dazu|auch\s+interessant|à\s+lire\s+aussi|lire\s+aussi"
    r"|sur\s+le\s+même\s+sujet|leer\s+más|lee\s+también|más\s+información|te\s+puede\s+interesar"
    r"|leggi\s+anche|читайте\s+также|по\s+теме|читайте\s+також)\b",
    re.IGNORECASE,
)
"""The heading of a rail of other stories ("More from Business", "Related stories", "Lesen Sie auch")."""


_RAIL_TAGS = frozenset(("div", "section", "aside", "ul", "ol", "nav"))
_HEAD_NAME_RE = patterns.compile(r"head|title|label|kicker", re.IGNORECASE)


@functools.lru_cache(maxsize=_NAMES_KEPT)
def _names_heading(names: str) -> bool:
    return bool(_HEAD_NAME_RE.search(names))


def _is_rail(el: lxml_html.HtmlElement, site: str | None) -> bool:
    """A box of the site's other stories under a heading that says so: its first child is that heading, links make
    up a good part of its text (a live blog under "Latest updates" is prose), and every link is to the page's own
    site (a briefing's "Top stories" citing Reuters, a fact-check's "Read more" sources are the story's)."""
    if el.tag not in _RAIL_TAGS:
        return False
    first = next((c for c in el if isinstance(c.tag, str)), None)
    if first is None or (first.tag not in _HEADINGS and first.tag not in ("header", "strong", "b")
                         and not _names_heading((first.get("class") or "") + " " + (first.get("id") or ""))):
        return False  # NOTE: a heading, or an element named as one: most boxes stop here, cheaply
    head = ""
    for piece in first.itertext():
        head += piece
        if len(head) > 60:
            return False
    if not _RAIL_HEADING_RE.match(head.strip()):
        return False
    links = [a for a in el.iter("a") if a.get("href")]
    if len(links) < 2 or not all(_own_site(a.get("href", ""), site) for a in links):
        return False
    text = len(el.text_content().strip())
    linked = sum(len(a.text_content().strip()) for a in links)
    return text > 0 and linked >= 0.3 * text


def _own_site(href: str, site: str | None) -> bool:
    """A link to the page's own site: a relative address, or the page's host (www. aside)."""
    href = href.strip()
    if not href.lower().startswith(("http://", "https://", "//")):
        return not href.lower().startswith(("mailto:", "javascript:", "tel:", "#")) and ":" not in href.split("/")[0]
    return site is not None and same_site(host_of(href if not href.startswith("//") else "https:" + href), site)


class _Builder:
    """Accumulates inline text into blocks, remembering source lines."""

    def __init__(self, line_offset: int) -> None:
        self.offset = line_offset
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.size = 0
        self.marks: list[tuple[int, int]] = []
        self.heading = False
        self.pending: list[tuple[str, int, str]] = []
        self.anchors: list[Anchor] = []

    def mark(self, line: int | None) -> None:
        if line:
            self.marks.append((self.size, line + self.offset))

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)
            self.size += len(text)

    def flush(self) -> None:
        if not self.parts and not self.pending:  # NOTE: the common case: a block tag with nothing since the last
            self.marks.clear()
            self.heading = False
            return
        text = "".join(self.parts)
        stripped = text.strip()
        if stripped:
            lead = len(text) - len(text.lstrip())
            marks = [(max(0, off - lead), line) for off, line in self.marks] or [(0, self.offset + 1)]
            block = Block(stripped, marks[0][1], marks, self.heading)
            block.line = block.line_at(0)
            self.blocks.append(block)
            whole = " ".join(stripped.split()) if self.pending else ""  # NOTE: once, not once per link
            linked = sum(len(label.strip()) for _, _, label in self.pending)
            prose = len(whole) >= _PROSE_CHARS and linked * 2 < len(whole)
            for url, line, label in self.pending:
                alone = len(label) >= len(whole) and " ".join(label.split()) == whole
                self.anchors.append(Anchor(url, line, label, alone, prose))
        else:
            for url, line, label in self.pending:
                self.anchors.append(Anchor(url, line, label, True))
        # NOTE: emptied in place: the walk holds these lists
        self.parts.clear()
        self.marks.clear()
        self.pending.clear()
        self.size, self.heading = 0, False


def walk(body: lxml_html.HtmlElement, line_offset: int = 0, keep: set[lxml_html.HtmlElement] | None = None,
         site: str | None = None) -> tuple[list[Block], list[Anchor], list[EmbedHit]]:
    """Blocks of text, hyperlinks and embeds under ``body``, skipping chrome (but not ``keep``), the rails of
    ``site``'s other stories, and scripts."""
    out = _Builder(line_offset)
    embeds: list[EmbedHit] = []
    holds_embed = _HOLDERS.get() or _embed_holders()

    story: list[int] = []
    weighed: list[int] = []

    def chrome(el: lxml_html.HtmlElement) -> bool:
        kind = _chrome_kind(el, holds_embed)
        if kind != _CAMEL_CHROME:
            return kind == _CHROME
        # NOTE: "mainColumnWithRail" may wrap the story: chrome only when it holds less than half the body's text.
        # Weighed a bounded number of times, so that thousands of nested wrappers stay linear.
        if len(weighed) >= _CAMEL_WEIGHINGS:
            return True
        weighed.append(1)
        if not story:
            story.append(len(body.text_content()))
        return len(el.text_content()) * 2 < story[0]

    # NOTE: iterwalk does not report comments, so their tails would be lost: "according to <!-- ad -->Interfax".
    etree.strip_tags(body, etree.Comment, etree.ProcessingInstruction)
    walker = etree.iterwalk(body, events=("start", "end"))
    quiet: set[lxml_html.HtmlElement] = set()  # bylines and tag lists open around the current element
    # NOTE: the builder's commonest steps (add text, mark a line, flush nothing) are written out below: a call
    # for each costs more than the step, and a page's body has hundreds of elements
    parts, marks, pending = out.parts, out.marks, out.pending
    for event, el in walker:
        tag = el.tag
        if not isinstance(tag, str):
            tag = None
        if event == "end":
            if tag in _BLOCK_TAGS:
                if parts or pending:
                    out.flush()
                else:
                    marks.clear()
                    out.heading = False
            if quiet:
                quiet.discard(el)
            if el is not body and (text := el.tail):
                parts.append(text)
                out.size += len(text)
            continue
        if tag is None:  # comments, processing instructions
            walker.skip_subtree()
            continue
        if tag in _BLOCK_TAGS:
            if parts or pending:
                out.flush()
            else:
                marks.clear()
                out.heading = False
        attrib = el.attrib
        # NOTE: an element with no attribute, or with only plain ones, is spared the recogniser's call
        hit = recognize(el) if (attrib or tag in NAKED_EMBED_TAGS) and not _plain(el, tag, attrib) else None
        if hit is not None:
            out.flush()
            embeds.append(replace(hit, line=hit.line + line_offset))
            walker.skip_subtree()
            continue
        if tag == "script":
            embeds.extend(replace(hit, line=hit.line + line_offset) for hit in script_players(el))
        if keep and el in keep:
            pass  # holds the story, whatever its tag or class says ("<aside class=byline>" around it all)
        elif tag in _SKIP_TAGS or (el is not body and (
                # NOTE: only a container, or an element with a role, can be chrome, and only by a class, id or role:
                # most elements are spared the call
                (attrib and (tag in _CHROME_TAGS or el.get("role")) and chrome(el))
                or (tag in _RAIL_TAGS and len(el) and _is_rail(el, site)))):
            walker.skip_subtree()
            continue
        out.heading = out.heading or tag in _HEADINGS
        # NOTE: a byline or a tag list is named by its class or id (an <address> is one whatever its name)
        if el is not body and tag in _LINKS_CHROME_TAGS and (attrib or tag == "address") and _links_chrome(el):
            quiet.add(el)
        line = el.sourceline or 1
        if line == MAX_SOURCELINE:
            line = source_line(el)
        if tag == "br":
            parts.append("\n")
            out.size += 1
        elif tag == "a" and el.get("href") and not quiet and not _LINK_REL_CHROME.intersection(
                (el.get("rel") or "").lower().split()):
            pending.append((el.get("href", "").strip(), line + line_offset, el.text_content()))
        marks.append((out.size, line + line_offset))
        if text := el.text:
            parts.append(text)
            out.size += len(text)
    out.flush()
    return out.blocks, out.anchors, embeds


_CAMEL_WEIGHINGS = 32
"""At most this many camelCase-chrome elements are weighed against the story in one walk; the rest are chrome."""
_PROSE_CHARS = 120
"""A paragraph at least this long, less than half of it links, is prose: its links are the writer's."""
_LINK_REL_CHROME = frozenset({"author", "tag", "category", "prev", "next"})


def _links_chrome(el: lxml_html.HtmlElement) -> bool:
    """A byline, tag list or section label (see ``_LINK_CHROME_RE``): short, and not the story's container."""
    if el.tag == "address":
        return len(el.text_content()) <= _LINK_CHROME_TEXT
    if el.tag not in _LINKS_CHROME_TAGS:
        return False
    if not _names_link_chrome((el.get("class") or "") + " " + (el.get("id") or "")):
        return False
    text = el.text_content()
    if len(text) > _LINK_CHROME_TEXT:
        return False
    if el.tag in ("p", "li", "dd", "dt"):  # a paragraph is a tag list when it is mostly links: "Tags: a, b, c"
        return sum(len(a.text_content().strip()) for a in el.iter("a")) * 5 >= len(text.strip()) * 2
    return True


@functools.lru_cache(maxsize=_NAMES_KEPT)
def _names_link_chrome(names: str) -> bool:
    """A class and id of a byline, tag list or section label; not of the story's text ("topic-body__content-text"
    is the story's paragraph)."""
    if not names.strip():
        return False
    parted = names if names.islower() else _CAMEL_RE.sub("-", names)
    return bool(_LINK_CHROME_RE.search(parted)) and not _body_hint(names) and not _TEXT_WORD_RE.search(names)


_LINKS_CHROME_TAGS = _CHROME_TAGS | {"address", "p", "li", "dl", "dd", "dt"}
"""The only tags :func:`_links_chrome` can take for a byline or a tag list."""
_TEXT_WORD_RE = patterns.compile(r"(?:^|[\s_-])(?:body|text|paragraph|para)(?:$|[\s_-])", re.IGNORECASE)


def _title(root: lxml_html.HtmlElement, body: lxml_html.HtmlElement, metas: dict[str, str],
           ld: list[dict[str, Any]]) -> str | None:
    for candidate in (metas.get("og:title"), metas.get("twitter:title")):
        if candidate:
            return " ".join(candidate.split())
    for item in ld:
        if isinstance(item.get("headline"), str):
            return " ".join(item["headline"].split())
    h1 = body.find(".//h1")
    if h1 is None:
        h1 = root.find(".//h1")
    if h1 is not None and h1.text_content().strip():
        return " ".join(h1.text_content().split())
    title = root.find(".//title")
    if title is not None and title.text_content().strip():
        return " ".join(title.text_content().split())
    return None


def _date(root: lxml_html.HtmlElement, body: lxml_html.HtmlElement, metas: dict[str, str],
          ld: list[dict[str, Any]]) -> str | None:
    for key in _DATE_META:
        found = parse_date(metas.get(key))
        if found:
            return found
    for item in ld:
        found = parse_date(item.get("datePublished") if isinstance(item.get("datePublished"), str) else None)
        if found:
            return found
    for scope in (body, root):
        for time in scope.iter("time"):
            found = parse_date(time.get("datetime")) or parse_date(time.text_content())
            if found:
                return found
    return None


_LATEST_DATE = "2100-12-31"
"""The latest publication date believed: a fixed day, so that a scan's answer does not change with the clock."""
_HEADLINE_REACH = 2
"""How far above the headline the excerpt htmldate reads goes: its container's container holds the byline and
its date on most pages (of the development set's pages without a metadata date, one level dated 44 right and 5
wrong, two 55 and 6, three 59 and 8; the whole page 62 and 15)."""


_STORY_TYPES = frozenset(("Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
                          "LiveBlogPosting", "OpinionNewsArticle", "ReviewNewsArticle", "Report", "TechArticle"))
_NOT_STORY_OG = frozenset(("website", "product", "profile", "book"))
_NOT_STORY_TYPES = frozenset(("Product", "WebSite", "CollectionPage", "ItemList", "Organization", "ProfilePage",
                              "SearchResultsPage"))


def _not_an_article(metas: dict[str, str], ld: list[dict[str, Any]]) -> bool:
    """A page that says it is a site's front page, a product, a profile or a listing, and nowhere an article: no
    date is searched for on it (the search found dates on 9 of 57 such pages that have none)."""
    kinds: set[str] = set()
    for item in ld:
        kind = item.get("@type")
        kinds.update(k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str))
    kind = metas.get("og:type", "").strip().lower()
    if kind == "article" or kinds & _STORY_TYPES:
        return False
    return kind in _NOT_STORY_OG or bool(kinds & _NOT_STORY_TYPES)


def _searched_date(root: lxml_html.HtmlElement) -> str | None:
    """The publication date htmldate finds where the page's metadata gives none (see docs/libraries.md), read
    from an excerpt of the page: its head (scripts and styles aside), its JSON-LD, its ``<abbr>`` dates and the
    headline with what surrounds it. Not from the whole page: that took two to four times as long on each
    undated page, and found dates in rails, comments and copyright lines."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # NOTE: dateutil's warnings about a page's odd dates are not the user's
            found = _find_date()(_date_excerpt(root), extensive_search=False, original_date=True,
                                 outputformat="%Y-%m-%d", max_date=_LATEST_DATE)
    except (ValueError, TypeError, OverflowError, RecursionError, etree.LxmlError):
        return None
    return parse_date(found) if isinstance(found, str) else None


@functools.cache
def _find_date() -> Callable[..., Any]:
    """htmldate's ``find_date``, imported when first needed (0.1 s of imports, for the pages that need it), its
    logger silenced once: its complaints about a page are not the user's."""
    from htmldate import find_date

    quiet = logging.getLogger("htmldate")
    quiet.addHandler(logging.NullHandler())
    quiet.propagate = False
    return find_date


def _date_excerpt(root: lxml_html.HtmlElement) -> bytes:
    # NOTE: written out piece by piece (the pieces' own markup, no copy of the tree made)
    head = root.find("head")
    pieces = [b"<html><head>"]
    pieces += [etree.tostring(el, with_tail=False) for el in (head if head is not None else ())
               if (isinstance(el.tag, str) and el.tag not in ("style", "noscript", "script")) or _is_ld(el)]
    pieces.append(b"</head><body>")
    pieces += [etree.tostring(el, with_tail=False) for el in root.iter("abbr", "script")
               if el.tag == "abbr" or (_is_ld(el) and el.getparent() is not head)]
    headline = next(root.iter("h1"), None)
    if headline is not None:
        for _ in range(_HEADLINE_REACH):
            parent = headline.getparent()
            if parent is None or parent.tag in ("body", "html"):
                break
            headline = parent
        pieces.append(etree.tostring(headline, with_tail=False))
    pieces.append(b"</body></html>")
    return b"".join(pieces)


def _is_ld(el: lxml_html.HtmlElement) -> bool:
    return el.tag == "script" and (el.get("type") or "").strip().lower() == "application/ld+json"


def _publisher(metas: dict[str, str], ld: list[dict[str, Any]]) -> list[str]:
    names = [metas.get("og:site_name", ""), metas.get("application-name", ""), metas.get("publisher", "")]
    for item in ld:
        publisher = item.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            names.append(publisher["name"])
        elif isinstance(publisher, str):
            names.append(publisher)
    return [" ".join(n.split()) for n in dict.fromkeys(names) if n and n.strip()]


def _site_hints(root: lxml_html.HtmlElement) -> list[str]:
    """The site's name as a page title ends: "Headline - CNBC", "Headline | Reuters"."""
    title = root.find(".//title")
    text = " ".join(title.text_content().split()) if title is not None else ""
    parts = re.split(r"\s+[-|\u2013\u2014:]\s+", text)
    return [parts[-1]] if len(parts) > 1 and 1 < len(parts[-1]) <= 40 else []


_ARTICLE_TYPES = ("Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
                  "LiveBlogPosting", "OpinionNewsArticle", "WebPage")


def _authors(metas: dict[str, str], ld: list[dict[str, Any]]) -> list[str]:
    """Who the page says wrote it (meta author, JSON-LD author): wire copy names its agency here."""
    names = [metas.get(key, "") for key in ("author", "article:author", "sailthru.author", "dc.creator",
                                            "parsely-author", "byl")]
    for item in ld:
        kinds = item.get("@type")
        if not any(k in _ARTICLE_TYPES for k in (kinds if isinstance(kinds, list) else [kinds])):
            continue
        authors = item.get("author")
        for author in authors if isinstance(authors, list) else [authors]:
            if isinstance(author, dict) and isinstance(author.get("name"), str):
                names.append(author["name"])
            elif isinstance(author, str):
                names.append(author)
    cleaned = (re.sub(r"^(?i:by)\s+", "", " ".join(n.split())) for n in names if n and "://" not in n)
    return [n for n in dict.fromkeys(cleaned) if 1 < len(n) <= 80]


def _language(root: lxml_html.HtmlElement, metas: dict[str, str]) -> str | None:
    for value in (root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang"),
                  metas.get("content-language"), metas.get("og:locale"), metas.get("language")):
        if value and re.match(r"^[A-Za-z]{2,3}(?:[-_]|$)", value.strip()):
            return re.split(r"[-_]", value.strip())[0].lower()
    return None
