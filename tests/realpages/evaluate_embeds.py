"""Score the scanner's embedded posts and short links on real publishers' pages, and run the peer check.

    make eval-real        (materialises the pages from the git mirrors in $MIRRORS first)
    python -m tests.realpages.evaluate_embeds [--quiet] [--only ID ...]
    python -m tests.realpages.evaluate_embeds --peer      (make peer)

Labels in ``labels-embeds/<id>.json`` were written by reading each page (see
``README.md``): the status IDs of the posts on X the article embeds, its t.co
and pic.twitter.com links, and other platforms' posts and players as
``platform:id`` keys. ``doubtful`` items count neither way.

``--peer`` scans Tweet-Finder's own test pages and checks the embedded-post
counts its tests assert (cnn 1, time 11, buzzfeed 13, npr 0, guardian 0,
1987377089 0; buzzfeed's first post 1137051097955102720 by @realDonaldTrump and
time's 580932146874957824 among them).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from auditor.model import Article
from auditor.scan import scan_article
from auditor.scan.gazetteer import load_gazetteer
from tests.corpus.evaluate import Score, print_scores
from tests.realpages.materialise import CACHE

HERE = Path(__file__).resolve().parent
CATEGORIES = ("tweets", "tco", "pic", "embeds")
TARGETS = {"tweets": (0.99, 0.98), "tco": (0.99, 0.98), "pic": (0.99, 0.98), "embeds": (0.95, 0.95)}
"""Category -> (minimum precision, minimum recall)."""

PEER = {"cnn": 1, "time": 11, "buzzfeed": 13, "npr": 0, "guardian": 0, "1987377089": 0}
"""Tweet-Finder's fixtures (``tweet-finder-<name>`` in the manifest) -> embedded posts its tests count."""

_YOUTUBE_ID = re.compile(r"(?:/embed/|/shorts/|/live/|/v/|youtu\.be/|[?&]v=)([\w-]{11})")


def embed_key(platform: str, url: str) -> str:
    """A post or player as ``platform:id``, from any of its URL spellings (the labels' vocabulary)."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if platform == "youtube":
        found = _YOUTUBE_ID.search(url)
        return f"youtube:{found.group(1) if found else path}"
    if platform == "instagram":
        found = re.search(r"/(?:p|reel|reels|tv)/([\w-]+)", path)
        return f"instagram:{found.group(1) if found else path}"
    if platform == "tiktok":
        found = re.search(r"/video/(\d+)", path)
        return f"tiktok:{found.group(1) if found else path}"
    if platform == "telegram":
        return "telegram:" + "/".join(path.strip("/").removeprefix("s/").split("/")[:2]).lower()
    if platform == "bluesky":
        return f"bluesky:{path.rsplit('/', 1)[-1]}"
    if platform == "threads":
        found = re.search(r"/(?:post|t)/([\w-]+)", path)
        return f"threads:{found.group(1) if found else path}"
    if platform == "facebook":
        ids = re.findall(r"\d{6,}", path) or parse_qs(parts.query).get("v", []) or parse_qs(parts.query).get("story_fbid", [])
        return f"facebook:{ids[-1] if ids else path.lower()}"
    if platform == "vk":
        found = re.search(r"(video|wall)(-?\d+_\d+)", url)
        return f"vk:{found.group(1) + found.group(2) if found else path}"
    if platform == "mastodon":
        return f"mastodon:{(parts.hostname or '').lower()}/{path.rsplit('/', 1)[-1]}"
    return f"{platform}:{path}"


_SHORT_CODE = re.compile(r"^(?:https?://)?(?:www\.)?(t\.co|pic\.(?:twitter|x)\.com)/([\w-]+)", re.IGNORECASE)


def found(article: Article) -> dict[str, dict[str, str]]:
    """What the scanner reports, per category: key -> evidence."""
    got: dict[str, dict[str, str]] = {c: {} for c in CATEGORIES}
    for tweet in article.tweets:
        if tweet.status_id:
            got["tweets"].setdefault(tweet.status_id, f"line {tweet.line}: {tweet.form} by @{tweet.handle}")
    for link in article.links:
        if match := _SHORT_CODE.match(link.url):
            host = match.group(1).lower()
            key = f"t.co/{match.group(2)}" if host == "t.co" else f"pic.twitter.com/{match.group(2)}"
            got["tco" if host == "t.co" else "pic"].setdefault(key, f"line {link.line}")
    for embed in article.embeds:
        got["embeds"].setdefault(embed_key(embed.platform, embed.url), f"line {embed.line}: {embed.form}")
    return got


def load_labels(only: list[str] | None = None) -> dict[str, dict]:  # type: ignore[type-arg]
    labels = {}
    for path in sorted((HERE / "labels-embeds").glob("*.json")):
        if only and path.stem not in only:
            continue
        labels[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    return labels


def evaluate(only: list[str] | None = None) -> tuple[dict[str, Score], int, float]:
    gazetteer = load_gazetteer()
    scores = {c: Score() for c in CATEGORIES}
    labels = load_labels(only)
    elapsed = 0.0
    for page_id, label in labels.items():
        html = _page(page_id)
        started = time.perf_counter()
        article = scan_article(f"{page_id}.html", html, gazetteer)
        elapsed += time.perf_counter() - started
        got = found(article)
        doubtful = set(label.get("doubtful", []))
        for category in CATEGORIES:
            scores[category].count(page_id, set(label.get(category, [])) - doubtful,
                                   {k: v for k, v in got[category].items() if k not in doubtful})
    return scores, len(labels), elapsed


def _page(page_id: str) -> bytes:
    path = CACHE / f"{page_id}.html"
    if not path.exists():
        raise SystemExit(f"{path} is missing: run `make eval-real MIRRORS=DIR` (or tests.realpages.materialise) first")
    return path.read_bytes()


def peer() -> list[tuple[str, bool, str]]:
    """Tweet-Finder's eight assertions on its fixtures: (what, holds, what the scanner found)."""
    gazetteer = load_gazetteer()
    posts: dict[str, list[tuple[str, str | None]]] = {}
    for name in PEER:
        article = scan_article(f"tweet-finder-{name}.html", _page(f"tweet-finder-{name}"), gazetteer)
        seen: dict[str, str | None] = {}
        for tweet in article.tweets:  # in the order of the page
            if tweet.status_id and tweet.status_id not in seen:
                seen[tweet.status_id] = tweet.handle
        posts[name] = list(seen.items())
    results = []
    for name, count in PEER.items():
        ids = [i for i, _ in posts[name]]
        results.append((f"{name}: {count} embedded posts", len(ids) == count,
                        f"{len(ids)} found" + (f": {', '.join(ids[:15])}" if ids else "")))
        if name == "time":
            second = ids[1] if len(ids) > 1 else None
            results.append(("time: the second is 580932146874957824", second == "580932146874957824", f"{second}"))
        if name == "buzzfeed":
            first = posts[name][0] if posts[name] else (None, None)
            results.append(("buzzfeed: the first is 1137051097955102720 by @realDonaldTrump",
                            first[0] == "1137051097955102720" and (first[1] or "").lower() == "realdonaldtrump",
                            f"{first[0]} by @{first[1]}"))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quiet", action="store_true", help="figures only, no lists of misses")
    parser.add_argument("--only", nargs="+", metavar="ID", help="score these pages only")
    parser.add_argument("--peer", action="store_true", help="check Tweet-Finder's own assertions instead")
    args = parser.parse_args()
    if args.peer:
        results = peer()
        for what, holds, detail in results:
            print(f"{'holds' if holds else 'FAILS'}  {what}  ({detail})")
        held = sum(1 for _, holds, _ in results if holds)
        print(f"{held} of {len(results)} of Tweet-Finder's assertions hold")
        return 0 if held == len(results) else 1
    scores, pages, elapsed = evaluate(args.only)
    print(f"{pages} real pages, scanned in {elapsed:.1f} s")
    return 1 if print_scores(scores, TARGETS, quiet=args.quiet) else 0


if __name__ == "__main__":
    sys.exit(main())
