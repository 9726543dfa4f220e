"""Score the scanner's article links on real publishers' pages: the story's own links in, the page's chrome out.

    python -m tests.realpages.evaluate_links [--quiet] [--only ID ...] [--heldout]     (after make eval-real)

Labels in ``labels-links/<id>.json`` were written by reading each page: ``body`` holds the hrefs the writer or
editor put in the story (its paragraphs, lists, captions, the posts it embeds, a closing source line);
``doubtful`` the "Read more:" promos between paragraphs, product boxes and the like, which count neither way.
Everything else on the page (menus, bylines' profile links, tag lists, share buttons, newsletter boxes, rails,
footers) is chrome: a link of the scanner's that is not in ``body`` or ``doubtful`` is a false positive.
``mailto:`` and in-page ``#`` links are left out on both sides.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from auditor.model import Article
from auditor.scan import scan_article
from auditor.scan.gazetteer import load_gazetteer
from tests.corpus.evaluate import Score, print_scores
from tests.realpages.materialise import CACHE

HERE = Path(__file__).resolve().parent
TARGETS = {"links": (0.95, 0.95)}
"""(minimum precision, minimum recall)."""


def link_key(href: str, base: str) -> str | None:
    """An href as a comparable key: absolute, scheme and host lower-cased, no fragment, no trailing slash;
    None for what neither side counts (mailto:, javascript:, in-page anchors)."""
    href = href.strip()
    if not href or href.startswith("#") or href.lower().startswith(("mailto:", "javascript:", "tel:")):
        return None
    absolute = urljoin(base, href) if base else href
    try:
        parts = urlsplit(absolute)
    except ValueError:
        return absolute
    if parts.scheme.lower() not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    return urlunsplit(("", host, parts.path.rstrip("/"), parts.query, ""))


def found(article: Article, base: str) -> dict[str, str]:
    got: dict[str, str] = {}
    for link in article.links:
        key = link_key(link.text or link.url, base) or link_key(link.url, base)
        if key:
            got.setdefault(key, f"line {link.line}: {link.kind}" + (", in post" if link.in_tweet else ""))
    return got


def evaluate(only: list[str] | None = None, folder: str = "labels-links") -> tuple[Score, int]:
    gazetteer = load_gazetteer()
    score = Score()
    pages = 0
    for path in sorted((HERE / folder).glob("*.json")):
        if only and path.stem not in only:
            continue
        label = json.loads(path.read_text(encoding="utf-8"))
        page = CACHE / f"{path.stem}.html"
        if not page.exists():
            raise SystemExit(f"{page} is missing: run `make eval-real MIRRORS=DIR` (or tests.realpages.materialise) first")
        article = scan_article(page.name, page.read_bytes(), gazetteer)
        base = article.url or ""
        body = {k for h in label["body"] if (k := link_key(h, base))}
        doubtful = {k for h in label.get("doubtful", []) if (k := link_key(h, base))}
        got = {k: v for k, v in found(article, base).items() if k not in doubtful}
        score.count(path.stem, body - doubtful, got)
        pages += 1
    return score, pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quiet", action="store_true", help="figures only, no lists of misses")
    parser.add_argument("--only", nargs="+", metavar="ID", help="score these pages only")
    parser.add_argument("--heldout", action="store_true",
                        help="the 30 pages of labels-links-heldout/, never used to tune the scanner")
    args = parser.parse_args()
    folder = "labels-links-heldout" if args.heldout else "labels-links"
    score, pages = evaluate(args.only, folder)
    print(f"{pages} real pages ({folder})")
    return 1 if print_scores({"links": score}, TARGETS, quiet=args.quiet) else 0


if __name__ == "__main__":
    sys.exit(main())
