"""Score the scanner's outlets on real publishers' pages: precision, recall and every miss.

    make eval-real        (materialises the pages from the git mirrors in $MIRRORS first)
    python -m tests.realpages.evaluate [--quiet] [--only ID ...]

Labels in ``labels/<id>.json`` were written by reading each page; a label names
the outlet as people write it ("The Associated Press", "Folha"), so both sides
are mapped to one key through the gazetteer before comparing: the entry an
alias or domain names, else the folded name itself. ``doubtful`` items count
neither way.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

from auditor.scan import scan_article
from auditor.scan.gazetteer import Gazetteer, load_gazetteer
from tests.corpus.evaluate import Score, print_scores
from tests.realpages.materialise import CACHE, load_manifest

HERE = Path(__file__).resolve().parent
CATEGORIES = ("outlets", "platforms")
TARGETS = {"outlets": (0.95, 0.85)}
"""Category -> (minimum precision, minimum recall): the issue's targets on real pages."""


_ARTICLE = re.compile(r"^(?:(?:the|a|le|la|les|el|los|las|il|lo|der|die|das|o|os|as)\s+)", re.IGNORECASE)


def fold(name: str) -> str:
    """Case-, accent-, article- and punctuation-insensitive form of an outlet's name."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _ARTICLE.sub("", text.strip())
    return re.sub(r"[^\w]+", "", text)


class Keys:
    """Map an outlet's written name or domain to one comparison key."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.by_fold: dict[str, str] = {}
        self.by_domain: dict[str, str] = {}
        shared: set[str] = set()
        for entry in gazetteer.entries:
            for alias in (entry.name, *entry.aliases):
                self.by_fold.setdefault(fold(alias), entry.name)
            for domain in entry.domains:
                if self.by_domain.setdefault(domain.lower(), entry.name) != entry.name:
                    shared.add(domain.lower())
        for domain in shared:  # bizjournals.com is forty papers: its domain names none of them
            del self.by_domain[domain]

    def key(self, name: str, domain: str | None = None) -> str:
        folded = fold(name)
        if folded in self.by_fold:
            return self.by_fold[folded]
        if domain and domain.lower().removeprefix("www.") in self.by_domain:
            return self.by_domain[domain.lower().removeprefix("www.")]
        return folded


def load_labels(only: list[str] | None = None, folder: str = "labels") -> dict[str, dict]:  # type: ignore[type-arg]
    labels = {}
    for path in sorted((HERE / folder).glob("*.json")):
        if only and path.stem not in only:
            continue
        labels[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    return labels


def evaluate(only: list[str] | None = None, folder: str = "labels") -> tuple[dict[str, Score], int, float]:
    gazetteer = load_gazetteer()
    keys = Keys(gazetteer)
    scores = {c: Score() for c in CATEGORIES}
    pages = {p["id"]: p for p in load_manifest()}
    labels = load_labels(only, folder)
    missing = [pid for pid in labels if not (CACHE / f"{pid}.html").exists()]
    if missing:
        raise SystemExit(f"{len(missing)} labelled pages are not materialised (first: {missing[0]}); "
                         "run: python -m tests.realpages.materialise --mirrors DIR")
    elapsed = 0.0
    for pid, label in labels.items():
        if pid not in pages:
            raise SystemExit(f"labels/{pid}.json: no such page in manifest.json")
        data = (CACHE / f"{pid}.html").read_bytes()
        started = time.perf_counter()
        article = scan_article(f"{pid}.html", data, gazetteer)
        elapsed += time.perf_counter() - started
        doubtful = {keys.key(d["name"], d.get("domain")) for d in label.get("doubtful", [])}
        reported: dict[str, dict[str, str]] = {"outlets": {}, "platforms": {}}
        for outlet in article.outlets:
            category = "platforms" if outlet.kind == "platform" else "outlets"
            m = outlet.mentions[0]
            reported[category].setdefault(keys.key(outlet.name), f"line {m.line} ({m.cue}): {m.sentence[:160]}")
        for category in CATEGORIES:
            expected = {keys.key(o["name"], o.get("domain")): o.get("evidence", "") for o in label.get(category, [])}
            got = {k: v for k, v in reported[category].items() if k not in doubtful or k in expected}
            scores[category].count(pid, expected, got)
    return scores, len(labels), elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quiet", action="store_true", help="figures only, no lists of misses")
    parser.add_argument("--only", nargs="+", metavar="ID", help="score these pages only")
    parser.add_argument("--heldout", action="store_true",
                        help="score the held-out pages (labels-heldout/), never used to tune the scanner")
    args = parser.parse_args()
    folder = "labels-heldout" if args.heldout else "labels"
    scores, count, elapsed = evaluate(args.only, folder)
    print(f"real pages: {count} labelled (tests/realpages/{folder}), scanned in {elapsed:.2f} s")
    failed = print_scores(scores, TARGETS, args.quiet)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
