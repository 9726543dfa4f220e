"""How a 1,000-article HTML report opens in Chromium: its size, and the time to a usable page.

Run: .venv/bin/python benchmarks/bench_report.py [--articles N] [--repeat R]

The articles are the real publishers' pages of .cache/realpages/ (make eval-real), scanned once and repeated
under new names up to N; without them, the project's own test articles. The report is written twice: as it
ships (the first 100 articles in the page, the rest compressed until opened) and with every article written
into the page, the way it was before, for comparison. Each is opened R times in headless Chromium (Debian's
chromium and chromedriver); the figure is the median time from navigation until the page is loaded, its script
has run (the index sorts and filters) and it is laid out, beside the target of 2 s and the 3 MB ceiling.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.model import Report  # noqa: E402
from auditor.pipeline import audit  # noqa: E402
from auditor.report import RenderOptions, htmlreport  # noqa: E402

REAL = ROOT / ".cache" / "realpages"
OWN = [ROOT / "seeds", ROOT / "tests" / "fixtures" / "articles", ROOT / "tests" / "corpus" / "articles"]
TARGET_SECONDS = 2.0
TARGET_BYTES = 3_000_000


def articles(count: int) -> tuple[Report, str]:
    sources = [REAL] if any(REAL.glob("*.html")) else OWN
    report = audit([str(p) for p in sources if p.exists()])
    base = tuple(report.articles)
    many = [dataclasses.replace(a, path=f"run/{i:05d}/{a.path}") for i, a in enumerate((base * (count // len(base) + 1))[:count])]
    what = f"{len(base)} {'real pages' if sources == [REAL] else 'own test articles'}, repeated to {count}"
    return dataclasses.replace(report, articles=tuple(many)), what


def open_times(driver: object, path: Path, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        driver.get("about:blank")  # type: ignore[attr-defined]
        driver.get(path.as_uri())  # type: ignore[attr-defined]
        # laid out: the page's full height is known once layout has run over every article written in
        took = driver.execute_script(  # type: ignore[attr-defined]
            "document.documentElement.scrollHeight; return performance.now();")
        times.append(float(took) / 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not chromedriver:
        print("needs Debian's chromium and chromium-driver (make browser)", file=sys.stderr)
        return 2
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    report, what = articles(args.articles)
    print(f"articles: {what}")
    with tempfile.TemporaryDirectory() as tmp:
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--window-size=1280,1000", f"--user-data-dir={tmp}/profile"):
            options.add_argument(arg)
        driver = webdriver.Chrome(service=Service(chromedriver), options=options)
        try:
            rows = []
            for label, page_size in (("as shipped (pages of 100)", htmlreport.PAGE_SIZE), ("every article in the page", 10**9)):
                started = time.perf_counter()
                html = htmlreport.render(report, RenderOptions(), page_size=page_size)
                rendered = time.perf_counter() - started
                path = Path(tmp) / f"report-{page_size}.html"
                path.write_text(html, encoding="utf-8")
                times = open_times(driver, path, args.repeat)
                rows.append((label, len(html.encode("utf-8")), rendered, statistics.median(times), min(times), max(times)))
        finally:
            driver.quit()
    print(f"{'report':<28} {'size MB':>8} {'render s':>9} {'open s (median)':>16} {'min':>6} {'max':>6}")
    for label, size, rendered, median, low, high in rows:
        print(f"{label:<28} {size / 1e6:8.2f} {rendered:9.2f} {median:16.2f} {low:6.2f} {high:6.2f}")
    shipped, whole = rows
    print(f"targets: open under {TARGET_SECONDS:.0f} s: {'ok' if shipped[3] < TARGET_SECONDS else 'MISSED'}; "
          f"under {TARGET_BYTES / 1e6:.0f} MB: {'ok' if shipped[1] < TARGET_BYTES else 'MISSED'}; "
          f"opens {whole[3] / shipped[3]:.1f}x faster and is {whole[1] / shipped[1]:.1f}x smaller than every article in the page")
    return 0 if shipped[3] < TARGET_SECONDS and shipped[1] < TARGET_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
