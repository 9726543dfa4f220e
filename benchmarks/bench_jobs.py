"""--jobs 2 against --jobs 1 on the same articles, and the start-up of the command line.

Run: .venv/bin/python benchmarks/bench_jobs.py [--repeat R]

The articles are the real-page development set when it has been materialised (.cache/realpages, by
`make eval-real`), else the project's own articles; each run is a whole `auditor scan FOLDER -f json -o FILE`
in a process of its own, `--jobs 1` and `--jobs 2` alternating. Start-up: `auditor --help` and
`auditor scan seeds/` (two articles, in one process), medians of 10 runs each, as an installed copy starts: with
its modules' bytecode (pip writes it at install; here it goes to a temporary PYTHONPYCACHEPREFIX, whatever
PYTHONDONTWRITEBYTECODE says) and the compiled copies a first run leaves in the cache folder (a temporary
AUDITOR_CACHE_DIR); that first run is timed apart. Figures are medians; the machine is shared, so read the
ratio, not the seconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / ".cache" / "realpages"


def timed(args: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "auditor", *args], cwd=ROOT, check=False, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = REAL if any(REAL.glob("*.html")) else ROOT / "tests" / "corpus" / "articles"
    count = sum(1 for p in folder.iterdir() if p.suffix in (".html", ".htm", ".txt", ".md"))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"--jobs on {count} articles of {folder.relative_to(ROOT)} ({cores} cores here)")
    with tempfile.TemporaryDirectory() as tmp:
        times: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(args.repeat):
            for jobs in (1, 2):
                times[jobs].append(timed(["scan", str(folder), "-f", "json", "-o", f"{tmp}/r.json", "-q",
                                          "--exit-zero", "--jobs", str(jobs)]))
        one, two = statistics.median(times[1]), statistics.median(times[2])
        ratios = [a / b for a, b in zip(times[1], times[2], strict=True)]
        print(f"  --jobs 1: {one:.2f} s   --jobs 2: {two:.2f} s   speed-up {statistics.median(ratios):.2f}x "
              f"(median of {args.repeat} paired runs; range {min(ratios):.2f}-{max(ratios):.2f}; target 1.7x)")
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(PYTHONPYCACHEPREFIX=f"{tmp}/bytecode", AUDITOR_CACHE_DIR=f"{tmp}/cache")
        first = timed(["scan", "seeds", "-q"], env)
        print(f"  first run (bytecode and compiled copies written): {first * 1000:.0f} ms")
        for label, command, target in (("auditor --help", ["--help"], 150),
                                       ("auditor scan seeds/", ["scan", "seeds", "-q"], 200)):
            runs = [timed(command, env) for _ in range(10)]
            print(f"  {label:<20} {statistics.median(runs) * 1000:5.0f} ms (median of 10; range "
                  f"{min(runs) * 1000:.0f}-{max(runs) * 1000:.0f}; target {target} ms)")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("AUDITOR_NO_CONFIG", "1")
    sys.exit(main())
