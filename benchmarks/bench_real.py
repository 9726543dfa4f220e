"""Scan cost on real publishers' pages, against the floor of merely parsing them with lxml.

Run: .venv/bin/python benchmarks/bench_real.py [--repeat R]   (on the pages `make eval-real` materialises into
.cache/realpages/; without them, on the project's own HTML articles)

Each round parses every page with ``lxml.html.document_fromstring`` (the floor) and then scans every page
(decode, parse, find the body, detect outlets, posts and links); the figure is the median over R rounds of
scan time / floor time, so a noisy machine slows both sides of each ratio alike.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.scan import scan_article  # noqa: E402
from auditor.scan.gazetteer import load_gazetteer  # noqa: E402

CACHE = ROOT / ".cache" / "realpages"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    pages = [(p.name, p.read_bytes()) for p in sorted(CACHE.glob("*.html"))]
    what = "real pages"
    if not pages:  # not materialised here: the project's own HTML articles stand in
        pages = [(p.name, p.read_bytes()) for folder in ("tests/corpus/articles", "tests/fixtures/articles")
                 for p in sorted((ROOT / folder).glob("*.html"))]
        what = f"own HTML articles ({CACHE.relative_to(ROOT)} not materialised: make eval-real)"
    started = time.perf_counter()
    gazetteer = load_gazetteer()
    gazetteer.names.finditer("warm up")
    load = time.perf_counter() - started
    floors, scans, ratios = [], [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for _, data in pages:
            lxml_html.document_fromstring(data)
        t1 = time.perf_counter()
        for name, data in pages:
            scan_article(name, data, gazetteer)
        t2 = time.perf_counter()
        floors.append(t1 - t0)
        scans.append(t2 - t1)
        ratios.append((t2 - t1) / (t1 - t0))
    size = sum(len(d) for _, d in pages) / 1e6
    print(f"{len(pages)} {what}, {size:.1f} MB; gazetteer loaded in {load:.2f} s (once per run)")
    print(f"lxml parse floor: {statistics.median(floors):.2f} s  ({statistics.median(floors) / len(pages) * 1e3:.1f} ms/page)")
    print(f"scan:             {statistics.median(scans):.2f} s  ({statistics.median(scans) / len(pages) * 1e3:.1f} ms/page)")
    print(f"scan / floor:     {statistics.median(ratios):.1f}x (median of {args.repeat} paired rounds;"
          f" range {min(ratios):.1f}-{max(ratios):.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
