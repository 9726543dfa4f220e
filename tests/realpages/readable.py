"""Print a real page as plain text for labelling by reading: its metadata, then every text block with link targets.

    python -m tests.realpages.readable ID [ID ...] > page.txt

Deliberately independent of the scanner: labels must not inherit its idea of
where the article is or what a citation looks like.
"""

from __future__ import annotations

import json
import sys

import lxml.html

from tests.realpages.materialise import CACHE

_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "td", "tr", "br",
           "section", "article", "header", "footer", "aside", "nav", "ul", "ol", "table", "figure", "pre", "dd", "dt"}


def readable(page_id: str) -> str:
    raw = (CACHE / f"{page_id}.html").read_bytes()
    doc = lxml.html.document_fromstring(raw)
    out = [f"===== PAGE {page_id} ====="]
    title = doc.findtext(".//title")
    out.append(f"TITLE: {' '.join((title or '').split())}")
    for meta in doc.iter("meta"):
        key = meta.get("property") or meta.get("name") or ""
        if key.lower() in {"og:site_name", "author", "article:author", "og:url", "dc.creator", "article:publisher",
                           "twitter:site", "twitter:creator", "og:description", "sailthru.author"}:
            out.append(f"META {key}: {meta.get('content', '')}")
    for script in doc.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            try:
                data = json.loads(script.text)
            except ValueError:
                continue
            for item in data if isinstance(data, list) else data.get("@graph", [data]):
                if isinstance(item, dict) and ("author" in item or "publisher" in item):
                    out.append("JSON-LD author: " + json.dumps(item.get("author"), ensure_ascii=False)[:300])
                    publisher = item.get("publisher")
                    name = publisher.get("name") if isinstance(publisher, dict) else publisher
                    out.append(f"JSON-LD publisher: {name}")
    for bad in doc.xpath("//script|//style|//noscript|//svg|//template"):
        if bad.tag == "script":
            continue
        bad.drop_tree()
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = " ".join("".join(current).split())
        if text:
            lines.append(text)
        current.clear()

    def walk(el: lxml.html.HtmlElement) -> None:
        if el.tag == "script":
            if el.tail:
                current.append(el.tail)
            return
        block = isinstance(el.tag, str) and el.tag in _BLOCKS
        if block:
            flush()
        if el.tag in ("iframe", "amp-twitter", "amp-instagram", "amp-youtube") and (el.get("src") or el.get("data-tweetid")):
            current.append(f" [{el.tag} {el.get('src') or el.get('data-tweetid')}] ")
        if el.text:
            current.append(el.text)
        for child in el:
            walk(child)
        if el.tag == "a" and el.get("href", "").startswith("http"):
            current.append(f" <{el.get('href')}>")
        if block:
            flush()
        if el.tail:
            current.append(el.tail)

    body = doc.find("body")
    walk(body if body is not None else doc)
    flush()
    out.append("----- TEXT -----")
    out.extend(lines)
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        sys.stdout.write(readable(arg))
