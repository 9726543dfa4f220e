"""Scan throughput on 1,000 mixed articles, against the floor of merely parsing the same HTML with lxml.

Run: make bench   (or .venv/bin/python benchmarks/bench_scan.py [--articles N] [--repeat R])

The corpus is built in a temporary folder from the project's sample articles:
half plain text, half HTML pages padded with the weight real CMS pages carry
(navigation, inline CSS and JSON state, related rails), about 300 KB each,
close to the 350 KB average of the pages measured in DESIGN.md. Figures are
medians of R runs; the machine is shared, so compare ratios, not seconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.pipeline import audit  # noqa: E402

SOURCES = [p for p in sorted((ROOT / "tests" / "fixtures" / "articles").iterdir()) if p.suffix in (".txt", ".md", ".html")]
SOURCES += sorted((ROOT / "seeds").glob("*.txt"))


def _chrome(i: int) -> tuple[str, str]:
    """Page furniture before and after the body: ~300 KB, as heavy pages are."""
    nav = "".join(f'<li><a href="/section/{n}/">Section {n}</a></li>' for n in range(400))
    state = json.dumps({"articles": [{"id": n, "headline": f"Story {n} Reuters reported", "url": f"/a/{n}"}
                                     for n in range(1500)]})
    css = ".c{color:#333}" * 4000
    rail = "".join(f'<li><a href="/related/{i}-{n}/">According to AFP, related story {n}</a></li>' for n in range(150))
    head = (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Story {i}</title>"
            f"<style>{css}</style><script>window.__STATE__={state}</script></head><body>"
            f"<header class=\"site-header\"><nav><ul>{nav}</ul></nav></header><main><article>")
    tail = f"</article><aside class=\"related\"><ul>{rail}</ul></aside></main><footer>© Ledger</footer></body></html>"
    return head, tail


def build_corpus(folder: Path, count: int) -> tuple[int, list[Path]]:
    texts = [p for p in SOURCES if p.suffix in (".txt", ".md")]
    pages = [p for p in SOURCES if p.suffix in (".html", ".htm")]
    html_paths: list[Path] = []
    size = 0
    for i in range(count):
        if i % 2 == 0:
            source = texts[i % len(texts)]
            target = folder / f"{i:04d}{source.suffix}"
            data = source.read_bytes()
        else:
            source = pages[i % len(pages)]
            body = lxml_html.tostring(lxml_html.document_fromstring(source.read_bytes()).body, encoding="unicode")
            head, tail = _chrome(i)
            data = (head + body + tail).encode("utf-8")
            target = folder / f"{i:04d}.html"
            html_paths.append(target)
        target.write_bytes(data)
        size += len(data)
    return size, html_paths


def timed(fn: object, repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        runs.append(time.perf_counter() - start)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="auditor-bench-") as tmp:
        folder = Path(tmp)
        size, html_paths = build_corpus(folder, args.articles)
        audit([str(folder)])  # warm-up: imports, gazetteer, regex compilation
        scan = timed(lambda: audit([str(folder)]), args.repeat)
        # Floor and scan alternate, so a burst of load on this shared machine hits both of a pair.
        floor, html_only = [], []
        for _ in range(args.repeat):
            floor += timed(lambda: [lxml_html.document_fromstring(p.read_bytes()) for p in html_paths], 1)
            html_only += timed(lambda: audit([str(p) for p in html_paths]), 1)
    scan_s, floor_s, html_s = statistics.median(scan), statistics.median(floor), statistics.median(html_only)
    pair_ratio = statistics.median(h / f for h, f in zip(html_only, floor, strict=True))
    print(f"corpus: {args.articles} articles ({args.articles - len(html_paths)} text/markdown, {len(html_paths)} HTML), "
          f"{size / 1e6:.1f} MB")
    print(f"scan, whole corpus:      median {scan_s:6.2f} s over {args.repeat} runs "
          f"({scan_s / args.articles * 1000:.1f} ms/article, {args.articles / scan_s:.0f} articles/s)")
    print(f"scan, HTML pages only:   median {html_s:6.2f} s ({html_s / len(html_paths) * 1000:.1f} ms/page)")
    print(f"lxml parse floor (HTML): median {floor_s:6.2f} s ({floor_s / len(html_paths) * 1000:.1f} ms/page)")
    print(f"ratio, HTML scan / lxml floor: {pair_ratio:.1f}x median of paired runs   (target: within 3x, DESIGN.md)")


if __name__ == "__main__":
    main()
