"""Peak memory and time of whole runs as the archive grows: 1,000, 10,000 and 50,000 articles.

Run: .venv/bin/python benchmarks/bench_scale.py [--sizes 1000,10000,50000] [--format json] [--jobs 1]

Each size is a folder of copies of the project's own articles (the labelled corpus, the test articles and the
seeds, every copy with its own name and a line of its own, so that none is a duplicate): about 3 KB of text or
HTML each. Each run is `auditor scan FOLDER -f FORMAT -o FILE` in a process of its own; the figures are its peak
resident memory (the largest of the process and its workers) and its wall time. What a flat run looks like: the
peak at 50,000 articles within a few MB of the peak at 1,000. A JSON run is then read back as a nightly job reads
it, by `auditor report -f markdown` and by `auditor diff` of the run with itself, each measured the same way.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(p for folder in ("tests/corpus/articles", "tests/fixtures/articles", "seeds")
                 for p in (ROOT / folder).iterdir() if p.suffix in (".txt", ".md", ".html"))


def build(folder: Path, count: int) -> int:
    """``count`` articles in ``folder``, 1,000 to a subfolder; returns their bytes."""
    size = 0
    for i in range(count):
        source = SOURCES[i % len(SOURCES)]
        data = source.read_bytes()
        marker = f"\n\nArchive copy {i}.\n" if source.suffix != ".html" else f"<p>Archive copy {i}.</p>"
        target = folder / f"{i // 1000:03d}" / f"{i:06d}-{source.name}"
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(data + marker.encode())
        size += len(data)
    return size


def run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of one ``auditor`` command, in a process of its own."""
    probe = (
        "import resource, subprocess, sys\n"
        "code = subprocess.call(sys.argv[1:])\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.exit(code)\n"
    )
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "auditor", *command],
                            capture_output=True, text=True, cwd=ROOT, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"auditor {command[0]} failed ({result.returncode}): {result.stderr[-2000:]}")
    return elapsed, int(result.stdout.split()[-1]) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--format", default="json")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"auditor scan -f {args.format} --jobs {args.jobs}: peak memory and wall time by archive size "
          f"({len(SOURCES)} articles copied round)")
    first: float | None = None
    with tempfile.TemporaryDirectory(prefix="auditor-scale-") as tmp:
        for size in sizes:
            folder = Path(tmp) / f"n{size}"
            folder.mkdir()
            data = build(folder, size)
            out = Path(tmp) / f"report-{size}.{args.format}"
            elapsed, peak = run(["scan", str(folder), "-f", args.format, "-o", str(out), "-q", "--exit-zero",
                                 "--jobs", str(args.jobs)])
            first = peak if first is None else first
            print(f"{size:>7,} articles ({data / 1e6:6.1f} MB): {elapsed:7.1f} s, {size / elapsed:6.0f} articles/s, "
                  f"peak {peak:7.1f} MB ({peak - first:+.1f} MB over the smallest), report {out.stat().st_size / 1e6:.1f} MB")
            shutil.rmtree(folder)
            if args.format == "json":  # what a nightly job does with the run next: each reads it an article at a time
                for label, command in (("report -f markdown", ["report", str(out), "-f", "markdown", "-o",
                                                               str(out.with_suffix(".md")), "--exit-zero"]),
                                       ("diff RUN RUN", ["diff", str(out), str(out), "-o", str(out.with_suffix(".txt"))])):
                    elapsed, peak = run(command)
                    print(f"{'':>9}then auditor {label:<20} {elapsed:7.1f} s, peak {peak:7.1f} MB")
            for leftover in out.parent.glob(f"{out.stem}.*"):
                leftover.unlink()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("AUDITOR_NO_CONFIG", "1")
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.exit(main())
