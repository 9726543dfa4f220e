"""Every piece of a page's markup that touches a social platform or a short link, with where it sits.

    python -m tests.realpages.embed_view <page id or path> [--all]

For labelling embeds by reading: it lists, in document order, links, players,
blockquotes, placeholders, data attributes and script text that mention X,
t.co, pic.twitter.com, Instagram, YouTube, TikTok, Facebook, Telegram,
Bluesky, Mastodon, Threads or VK, each with its source line and the chain of
elements around it (``article.story > div#body > blockquote.twitter-tweet``),
so a reader can tell the article's body from the page's chrome. It does not
use the scanner: what counts as an embed is for the reader to judge.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import lxml.html

CACHE = Path(__file__).resolve().parent.parent.parent / ".cache" / "realpages"
SOCIAL = re.compile(
    r"(?:twitter\.com|//x\.com|\bx\.com/|\bt\.co/|pic\.(?:twitter|x)\.com|instagram\.com|instagr\.am|youtube(?:-nocookie)?\.com"
    r"|youtu\.be|tiktok\.com|facebook\.com|fb\.watch|\bt\.me/|telegram\.(?:org|me)|bsky\.app|threads\.(?:net|com)"
    r"|vk\.com|mastodon|/@\w+/\d{6,})", re.IGNORECASE)
HINT = re.compile(r"tweet|twitter|instagram|tiktok|youtube|facebook|telegram|bluesky|bsky|mastodon|threads|oembed|embed",
                  re.IGNORECASE)


def where(el: lxml.html.HtmlElement, depth: int = 7) -> str:
    chain = []
    node = el.getparent()
    while node is not None and len(chain) < depth and isinstance(node.tag, str):
        label = node.tag
        if node.get("id"):
            label += "#" + node.get("id")[:30]
        if node.get("class"):
            label += "." + ".".join(node.get("class").split())[:60]
        chain.append(label)
        node = node.getparent()
    return " < ".join(chain)


def describe(el: lxml.html.HtmlElement) -> str:
    attrs = " ".join(f'{k}="{v[:160]}"' for k, v in el.attrib.items() if k in ("href", "src", "class", "id", "cite")
                     or k.startswith("data-"))
    return f"<{el.tag} {attrs}>"


def view(html: bytes, show_all: bool) -> None:
    root = lxml.html.document_fromstring(html)
    for name in ("title",):
        for el in root.iter(name):
            print(f"TITLE: {(el.text_content() or '').strip()[:200]}")
            break
    for el in root.xpath("//link[@rel='canonical'] | //meta[@property='og:url' or @property='og:site_name']"):
        print(f"META: {describe(el)} {el.get('content', '')[:200]}")
    print()
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("html", "head", "body"):
            continue
        if el.tag in ("script", "noscript", "template"):
            text = el.text_content() or ""
            spots = [m.start() for m in SOCIAL.finditer(text)]
            if spots and (show_all or el.get("type") in ("application/json", "application/ld+json", None)
                          or len(text) < 20000):
                print(f"L{el.sourceline} SCRIPT {describe(el)}  in: {where(el, 4)}")
                for at in spots[:12]:
                    print(f"    ...{text[max(0, at - 120):at + 160]!r}...")
                if len(spots) > 12:
                    print(f"    (+{len(spots) - 12} more)")
            continue
        values = " ".join(v for k, v in el.attrib.items())
        hinted = any(HINT.search(k) for k in el.attrib) or HINT.search(el.get("class", "") + " " + el.get("id", ""))
        if SOCIAL.search(values) or (hinted and el.tag in ("div", "blockquote", "figure", "section", "aside", "span",
                                                               "iframe", "embed", "object", "video")) \
                or (el.tag.startswith("amp-") and el.tag not in ("amp-img", "amp-analytics", "amp-pixel")):
            text = " ".join((el.text_content() or "").split())
            print(f"L{el.sourceline} {describe(el)}")
            print(f"    in: {where(el)}")
            if text:
                print(f"    text: {text[:300]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("page", help="a page id of manifest.json (materialised in .cache/realpages) or a path")
    parser.add_argument("--all", action="store_true", help="also long scripts")
    args = parser.parse_args()
    path = Path(args.page)
    if not path.exists():
        path = CACHE / f"{args.page}.html"
    view(path.read_bytes(), args.all)
    return 0


if __name__ == "__main__":
    sys.exit(main())
