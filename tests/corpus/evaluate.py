"""Score the scanner against the labelled corpus: precision, recall and F1 per category, every miss listed.

Run: make eval   (or .venv/bin/python -m tests.corpus.evaluate [--quiet])
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from auditor.model import Article
from auditor.scan import scan_article
from auditor.scan.gazetteer import load_gazetteer

CORPUS = Path(__file__).resolve().parent
CATEGORIES = ("outlets", "credits", "tweets", "embeds", "short_links")
TARGETS = {"outlets": (0.95, 0.90), "tweets": (0.98, 0.98), "embeds": (0.98, 0.98), "short_links": (0.98, 0.98)}
"""Category -> (minimum precision, minimum recall)."""


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    def count(self, where: str, expected: Mapping[str, str] | set[str], reported: Mapping[str, str]) -> None:
        """Add one page: ``expected`` items (with the label's evidence, when it has some) against ``reported``
        items with the scanner's evidence; every false positive and miss is kept, named by ``where``."""
        self.tp += len(set(expected) & set(reported))
        for item in sorted(set(reported) - set(expected)):
            self.fp += 1
            self.false_positives.append(f"{where}: {item} <- {reported[item]}")
        for item in sorted(set(expected) - set(reported)):
            self.fn += 1
            evidence = f" <- {expected[item][:160]}" if isinstance(expected, Mapping) else ""
            self.misses.append(f"{where}: {item}{evidence}")

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def found(article: Article) -> dict[str, dict[str, str]]:
    """What the scanner reports, per category: item -> evidence for the listing of false positives."""
    tweets = {}
    for t in article.tweets:
        key = t.status_id or f"pasted:@{t.handle}"
        tweets[key] = f"line {t.line}: {t.form} by @{t.handle}"
    return {
        "outlets": {o.name: f"line {o.mentions[0].line} ({o.mentions[0].cue}): {o.mentions[0].sentence}"
                    for o in article.outlets},
        "credits": {c.name: f"line {c.line}: {c.matched}" for c in article.credits},
        "tweets": tweets,
        "embeds": {e.url: f"line {e.line}: {e.form}" for e in article.embeds},
        "short_links": {link.url: f"line {link.line}" for link in article.links if link.kind == "shortener"},
    }


def evaluate() -> tuple[dict[str, Score], int]:
    gazetteer = load_gazetteer()
    scores = {c: Score() for c in CATEGORIES}
    labels = sorted((CORPUS / "labels").glob("*.json"))
    for label_path in labels:
        label = json.loads(label_path.read_text(encoding="utf-8"))
        articles = [p for p in (CORPUS / "articles").glob(label_path.stem + ".*")]
        if len(articles) != 1:
            raise SystemExit(f"{label_path.name}: expected one article named {label_path.stem}.*, found {len(articles)}")
        article = scan_article(articles[0].name, articles[0].read_bytes(), gazetteer)
        got = found(article)
        for category in CATEGORIES:
            scores[category].count(articles[0].name, set(label.get(category, [])), got[category])
    return scores, len(labels)


def print_scores(scores: dict[str, Score], targets: dict[str, tuple[float, float]], quiet: bool) -> bool:
    """The table of figures, then every false positive and miss; True when a target was missed."""
    print(f"{'category':<12} {'precision':>9} {'recall':>7} {'F1':>6}   {'TP':>4} {'FP':>4} {'FN':>4}   target")
    failed = False
    for category, s in scores.items():
        target = targets.get(category)
        ok = target is None or (s.precision >= target[0] and s.recall >= target[1])
        failed |= not ok
        goal = f"P>={target[0]:.2f} R>={target[1]:.2f} {'ok' if ok else 'MISSED'}" if target else "(reported)"
        print(f"{category:<12} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f}   {s.tp:4} {s.fp:4} {s.fn:4}   {goal}")
    if not quiet:
        for category, s in scores.items():
            for line in s.false_positives:
                print(f"  false positive  {category:<11} {line}")
            for line in s.misses:
                print(f"  miss            {category:<11} {line}")
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quiet", action="store_true", help="figures only, no lists of misses")
    args = parser.parse_args()
    scores, count = evaluate()
    print(f"corpus: {count} labelled articles in {CORPUS.relative_to(CORPUS.parent.parent)}")
    failed = print_scores(scores, TARGETS, args.quiet)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
