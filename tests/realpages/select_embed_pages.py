"""Choose the real pages for the embed development set and add them to ``manifest.json``.

Run once, by hand, with the git mirrors of the repositories below:

    python -m tests.realpages.select_embed_pages --mirrors /path/to/mirrors

A page is chosen when its markup names a post on X (a status URL, a tweet
embed's class or attribute), or another platform's post or player (Instagram,
TikTok, Telegram, Bluesky, Threads, VK, Mastodon, a YouTube player). Pages a
platform serves about its own posts (an x.com or instagram.com page saved by a
metadata scraper's tests) are not articles and are left out. Pages already in
the manifest keep their ids; the ids chosen are written to
``embed_pages.txt``, the set that ``labels-embeds/`` labels.
"""

from __future__ import annotations

import argparse
import fnmatch
import gzip
import hashlib
import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from tests.realpages.materialise import git_show, mirror_dir

HERE = Path(__file__).resolve().parent
SOURCES = {
    ("Murrough-Foley/web-content-extraction-benchmark", "c039d5ee9f5a3a984a0e167e63aacd04e76e78a9"):
        ["dev/html/*.html.gz"],
    ("microlinkhq/metascraper", "20423f52ef9b4a07d3b25e56e34d2756b3291250"):
        ["packages/metascraper/test/integration/*/input.html", "packages/metascraper-*/test/fixtures/*.html",
         "packages/metascraper-*/test/fixtures/*/*.html"],
    ("smallrivers/snacktory", "6a87f3f19d13843166dd689760cbdc2ff3af34f6"): ["src/test/resources/de/jetwick/snacktory/*.html"],
    ("goose3/goose3", "c5a8902eed0c4592a1ff5ec51a0277cf73a3aca7"): ["tests/data/*.html", "tests/data/*/*.html"],
    ("advancedlogic/GoOse", "717927370fc8f68b5f590aa46b8b156756cfebb3"): ["sites/*.html"],
    ("kepano/defuddle", "6de16345bbc822e69397bd6a126861bad9ff469f"): ["tests/fixtures/*.html"],
    ("j0k3r/graby", "3e7695203c4c57dac2998780972450ced372b960"): ["tests/fixtures/content/*.html"],
    ("dataculturegroup/Tweet-Finder", "71117eb243208bf9c18ed261e4a53b8c721ed0f9"): ["tweetfinder/test/fixtures/*.html"],
}
_X = re.compile(rb"(?:twitter|x)\.com/(?:#!/)?\w+/status(?:es)?/\d+|twitter-tweet|amp-twitter|embed-twitter|data-tweet-?id",
                re.IGNORECASE)
_OTHER = re.compile(
    rb"instagram\.com/(?:p|reel|tv)/[\w-]+|tiktok\.com/@[\w.]+/video|\bt\.me/\w+/\d+|telegram-post"
    rb"|bsky\.app/profile/[^\"' ]+/post|mastodon-embed|threads\.(?:net|com)/@|vk\.com/(?:video|wall)"
    rb"|<iframe[^>]+youtube(?:-nocookie)?\.com/embed|<amp-youtube|youtube\.com/embed/[\w-]{11}", re.IGNORECASE)
_OWN_URL = re.compile(rb"<(?:link[^>]+rel=[\"']?canonical|meta[^>]+property=[\"']?og:url)[^>]*>", re.IGNORECASE)
_HREF = re.compile(rb"(?:href|content)=[\"']?([^\"' >]+)", re.IGNORECASE)
_SITE_NAME = re.compile(rb"<meta[^>]+og:site_name[\"']?\s+content=[\"']?(YouTube|Telegram|Instagram|TikTok|X|Twitter"
                        rb"|Bluesky|Facebook|Threads|VK)[\"' >]", re.IGNORECASE)
PLATFORMS = ("twitter.com", "x.com", "instagram.com", "tiktok.com", "youtube.com", "youtu.be", "t.me", "telegram.org",
             "bsky.app", "facebook.com", "threads.net", "threads.com", "vk.com", "podcasts.google.com")


def platform_page(body: bytes) -> bool:
    """A page whose own address (canonical link or og:url) or site name is a platform's: its page about a post."""
    if _SITE_NAME.search(body):
        return True
    for tag in _OWN_URL.findall(body):
        for url in _HREF.findall(tag):
            host = (urlsplit(url.decode("utf-8", "replace")).hostname or "").lower().removeprefix("www.")
            host = host.removeprefix("mobile.").removeprefix("m.")
            if any(host == p or host.endswith("." + p) for p in PLATFORMS):
                return True
    return False


def slug(repo: str, path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    stem = re.sub(r"\.html(?:\.gz)?$", "", name)
    if "/integration/" in path:
        stem = path.split("/")[-2]
    elif path.startswith("packages/metascraper-"):
        stem = path.split("/")[1].removeprefix("metascraper-") + "-" + stem
    return re.sub(r"[^a-z0-9]+", "-", f"{repo.split('/')[1]}-{stem}".lower()).strip("-")[:60]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mirrors", type=Path, required=True, help="folder holding the repositories' git mirrors")
    args = parser.parse_args()
    manifest = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
    by_sha = {p["sha1"]: p for p in manifest["pages"]}
    ids = {p["id"] for p in manifest["pages"]}
    chosen: list[str] = []
    added = 0
    for (repo, commit), patterns in sorted(SOURCES.items()):
        git = mirror_dir(args.mirrors, repo)
        listing = subprocess.run(["git", "-C", str(git), "ls-tree", "-r", "--name-only", commit],
                                 capture_output=True, text=True, check=True).stdout.splitlines()
        for path in sorted(p for p in listing if any(fnmatch.fnmatch(p, pat) for pat in patterns)):
            raw = git_show(git, commit, path)
            body = gzip.decompress(raw) if path.endswith(".gz") else raw
            if not (_X.search(body) or _OTHER.search(body)) or platform_page(body) or "oembed" in path:
                continue
            sha1 = hashlib.sha1(body).hexdigest()
            page = by_sha.get(sha1)
            if page is None:
                page_id = slug(repo, path)
                while page_id in ids:
                    page_id += "-2"
                page = {"id": page_id, "repo": repo, "commit": commit, "path": path, "sha1": sha1}
                manifest["pages"].append(page)
                by_sha[sha1] = page
                ids.add(page_id)
                added += 1
            if page["id"] not in chosen:
                chosen.append(page["id"])
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (HERE / "embed_pages.txt").write_text("\n".join(chosen) + "\n", encoding="utf-8")
    print(f"{len(chosen)} pages in the embed set ({added} new to the manifest)")


if __name__ == "__main__":
    main()
