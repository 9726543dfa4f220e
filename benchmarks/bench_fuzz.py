"""A bounded random-input run: mutated articles scanned and rendered, every crash counted.

    python benchmarks/bench_fuzz.py                 # 10,000 inputs, seed 1
    python benchmarks/bench_fuzz.py -n 50000 --seed 7

Inputs are the project's own articles (seeds/, tests/fixtures/, tests/corpus/)
mutated at random: bytes flipped, inserted or deleted, pieces of markup and of
attribution spliced in, truncated, repeated, nested, re-encoded. Each is scanned
(and every tenth rendered in every format). An `InputError` is a fine answer;
any other exception, or an input that takes over 10 s, is a failure. Prints
the counts and the first failures with how to reproduce them.
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.errors import InputError  # noqa: E402
from auditor.model import Meta, Report  # noqa: E402
from auditor.report import FORMATS, RenderOptions, render  # noqa: E402
from auditor.scan import scan_article  # noqa: E402
from auditor.scan.gazetteer import load_gazetteer  # noqa: E402

PIECES = [
    b"<p>", b"</p>", b"<div>", b"</div>", b"<a href='https://t.co/AbCdEf1234'>", b"</a>", b"<article>",
    b'<blockquote class="twitter-tweet">', b"</blockquote>", "\u2014 Sky News (@SkyNews) June 24, 2023".encode(),
    b"https://twitter.com/SkyNews/status/1672523486418079745", b" according to Reuters", b" reported",
    b"(AP) \xe2\x80\x94 ", "МОСКВА, 3 марта. /ТАСС/.".encode(), b"<script>", b"</script>", b"<!--", b"-->",
    b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"<iframe src='https://www.youtube.com/embed/abc'>", b"((((", b"))))",
    b"Mr. ", b"<br>", b"<meta charset='koi8-r'>", b'<script type="application/ld+json">{"@type": "LiveBlogPosting"',
    b"<![CDATA[", b"]]>", b"&#x0;", b"&mdash;", b"\r\n", b"\r", b"\t", b"<table><tr><td>", b"%PDF-", b"PK\x03\x04",
]


class _Slow(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Slow()


def mutate(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(7)
        at = rng.randint(0, len(buf)) if buf else 0
        if op == 0 and buf:  # flip a byte
            buf[min(at, len(buf) - 1)] = rng.randrange(256)
        elif op == 1:  # splice in a piece
            buf[at:at] = rng.choice(PIECES) * rng.choice((1, 1, 1, 5, 50))
        elif op == 2 and buf:  # delete a run
            del buf[at:at + rng.randint(1, 200)]
        elif op == 3:  # truncate
            del buf[at:]
        elif op == 4 and buf:  # repeat a slice
            end = min(len(buf), at + rng.randint(1, 300))
            buf[at:at] = buf[at:end] * rng.randint(2, 20)
        elif op == 5:  # nest
            depth = rng.choice((10, 100, 1000))
            buf[:] = b"<div>" * depth + bytes(buf) + b"</div>" * depth
        else:  # re-encode what reads as text
            text = bytes(buf).decode("utf-8", "replace")
            buf[:] = text.encode(rng.choice(("utf-8", "utf-16", "cp1251", "latin-1", "koi8-r")), "replace")
    return bytes(buf)


def corpus() -> list[tuple[str, bytes]]:
    found = []
    for folder in (ROOT / "seeds", ROOT / "tests" / "fixtures", ROOT / "tests" / "corpus" / "articles"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix.lower() in (".txt", ".html", ".htm", ".md"):
                found.append((path.name, path.read_bytes()))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=10_000, help="inputs to try (default 10,000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    base = corpus()
    gazetteer = load_gazetteer()
    signal.signal(signal.SIGALRM, _alarm)
    counts = {"scanned": 0, "input problem": 0, "crash": 0, "over 10 s": 0}
    failures: list[str] = []
    slowest = (0.0, -1)
    started = time.perf_counter()
    for i in range(args.n):
        name, data = rng.choice(base)
        mutated = mutate(data, rng)
        t0 = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, 10.0)
        try:
            article = scan_article(name, mutated, gazetteer)
            if i % 10 == 0:
                report = Report(Meta("2026-12-02T00:00:00Z"), (article,))
                for fmt in FORMATS:
                    render(report, fmt, RenderOptions()).encode("utf-8")
            counts["scanned"] += 1
        except InputError:
            counts["input problem"] += 1
        except _Slow:
            counts["over 10 s"] += 1
            failures.append(f"input {i} ({name}, {len(mutated):,} bytes): over 10 s")
        except Exception:  # counting every crash is the point
            counts["crash"] += 1
            failures.append(f"input {i} ({name}): {traceback.format_exc().strip().splitlines()[-1]}")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        elapsed = time.perf_counter() - t0
        slowest = max(slowest, (elapsed, i))
    total = time.perf_counter() - started
    print(f"{args.n:,} mutated inputs from {len(base)} articles (seed {args.seed}) in {total:.1f} s")
    print("  " + ", ".join(f"{k}: {v:,}" for k, v in counts.items()))
    print(f"  slowest input: {slowest[0]:.2f} s (input {slowest[1]})")
    for line in failures[:10]:
        print(f"  FAIL {line}  (reproduce: --seed {args.seed} -n {int(line.split()[1]) + 1})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
