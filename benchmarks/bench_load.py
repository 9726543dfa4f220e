"""Load: 20,000 unique URLs against local servers: one verdict each, flat memory, no descriptor leak.

    python benchmarks/bench_load.py                 # 20,000 URLs on 64 loopback hosts
    python benchmarks/bench_load.py --urls 5000

The servers (127.0.0.1 ... 127.0.0.64, all loopback) are those of
bench_resolve.py. A first pass checks a quarter of the URLs, a second all of
them; the process's peak memory after each and the open file descriptors
before and after are printed. Passes when every URL has exactly one verdict,
all of them `ok`, the peak grew by less than 50 MB from the quarter to the
whole, and no descriptor is left open.
"""

from __future__ import annotations

import argparse
import ipaddress
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_resolve  # noqa: E402

from auditor.resolve import ResolveOptions, ResolveStats, run_checks  # noqa: E402
from auditor.resolve.checker import CheckerConfig  # noqa: E402
from auditor.resolve.policy import AddressPolicy  # noqa: E402


def open_descriptors() -> int:
    """Descriptors open in this process, found by asking each number (no /proc needed)."""
    count = 0
    for fd in range(resource.getrlimit(resource.RLIMIT_NOFILE)[0] if resource.getrlimit(resource.RLIMIT_NOFILE)[0]
                    < 65536 else 65536):
        try:
            os.fstat(fd)
        except OSError:
            continue
        count += 1
    return count


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def check(urls: list[str]) -> tuple[float, int, int]:
    options = ResolveOptions(workers=bench_resolve.WORKERS, cache_path=None, allow_private=True,
                             config=CheckerConfig())
    policy = AddressPolicy(allowed_networks=(ipaddress.ip_network("127.0.0.0/8"),))
    stats = ResolveStats()
    started = time.perf_counter()
    verdicts = run_checks([("link", u) for u in urls], options, policy=policy, stats=stats)
    elapsed = time.perf_counter() - started
    return elapsed, len(verdicts), sum(1 for v in verdicts.values() if v.status == "ok")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--urls", type=int, default=20_000)
    parser.add_argument("--hosts", type=int, default=64)
    args = parser.parse_args()
    bench_resolve.COUNTER = multiprocessing.get_context("spawn").Value("i", 0)
    server, bases = bench_resolve.start_servers(args.hosts)
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.0/8,localhost"
    urls = [f"{bases[i % len(bases)]}/load/{i}" for i in range(args.urls)]
    fds_before = open_descriptors()
    quarter = check(urls[: args.urls // 4])
    peak_quarter = peak_mb()
    whole = check(urls)
    peak_whole = peak_mb()
    time.sleep(0.5)  # let closed sockets be reaped
    fds_after = open_descriptors()
    server.terminate()
    server.join()
    print(f"{args.urls:,} unique URLs on {args.hosts} loopback hosts, each answer after "
          f"{bench_resolve.DELAY * 1000:.0f} ms, {bench_resolve.WORKERS} workers")
    print(f"  quarter: {quarter[1]:,} verdicts ({quarter[2]:,} ok) in {quarter[0]:.1f} s; peak memory {peak_quarter:.0f} MB")
    print(f"  whole:   {whole[1]:,} verdicts ({whole[2]:,} ok) in {whole[0]:.1f} s; peak memory {peak_whole:.0f} MB "
          f"(+{peak_whole - peak_quarter:.0f} MB for 4x the URLs)")
    print(f"  file descriptors: {fds_before} before, {fds_after} after")
    ok = (whole[1] == whole[2] == args.urls and quarter[1] == quarter[2] == args.urls // 4
          and peak_whole - peak_quarter < 50 and fds_after <= fds_before)
    print("  pass" if ok else "  FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
