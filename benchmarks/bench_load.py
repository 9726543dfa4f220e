"""Load: 20,000 unique URLs on 200 local hosts: requests per URL, connections per host, wall time, memory.

    python benchmarks/bench_load.py                 # 20,000 URLs on 200 loopback hosts
    python benchmarks/bench_load.py --urls 5000 --hosts 50

The servers listen on 127.0.0.1 ... 127.0.0.HOSTS (all loopback) in a process
of their own and count every connection and every request they receive. The
pages are a mix like an archive's links: small HTML pages (2 KB, 40%), article
pages (30 KB, 35%), long pages (200 KB, 10%), images (60 KB JPEG, 10%) and
missing pages (404, 5%). The last host never answers at all (0.5% of the
URLs), as a host that is down behind a firewall does.

A first pass checks a quarter of the URLs, a second all of them; the process's
peak memory after each and the open file descriptors before and after are
printed. Passes when every URL has exactly one verdict (the answering hosts'
URLs `ok` or `broken` as served, the silent host's `unverifiable`), requests
per URL are at most 1.1, requests per connection at least 10 on the answering
hosts, the peak grew by less than 50 MB from the quarter to the whole, and no
descriptor is left open.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import multiprocessing
import os
import resource
import statistics
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.resolve import ResolveOptions, ResolveStats, run_checks  # noqa: E402
from auditor.resolve.checker import CheckerConfig  # noqa: E402
from auditor.resolve.policy import AddressPolicy  # noqa: E402

WORKERS = 16
DELAY = 0.02
"""Seconds each answering server takes before its answer."""
SMALL = b"<!doctype html><title>moved</title><p>" + b"words " * 330 + b"</p>"
PAGE = b"<!doctype html><title>story</title><p>" + b"words " * 5000 + b"</p>"
LONG = b"<!doctype html><title>long read</title><p>" + b"words " * 34000 + b"</p>"
IMAGE = b"\xff\xd8\xff\xe0" + bytes(60 * 1024)
GONE = b"<!doctype html><title>Not found</title><p>No such page.</p>"
KINDS = ("small",) * 8 + ("page",) * 7 + ("long",) * 2 + ("image",) * 2 + ("gone",)
"""One in twenty URLs of each kind's share: 40% small, 35% pages, 10% long, 10% images, 5% missing."""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # as web servers do: headers and body are written apart
    counts: Any  # multiprocessing Array: connections then requests, per host
    silent: str = ""

    def log_message(self, *args: object) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        self._host = int(self.server.server_address[0].rsplit(".", 1)[1]) - 1
        with self.counts.get_lock():
            self.counts[2 * self._host] += 1

    def _answer(self) -> None:
        with self.counts.get_lock():
            self.counts[2 * self._host + 1] += 1
        if self.server.server_address[0] == self.silent:
            time.sleep(3600)  # connected, never answered
            return
        time.sleep(DELAY)
        kind = self.path.split("/")[1]
        status, body, ctype = {
            "small": (200, SMALL, "text/html; charset=utf-8"),
            "page": (200, PAGE, "text/html; charset=utf-8"),
            "long": (200, LONG, "text/html; charset=utf-8"),
            "image": (200, IMAGE, "image/jpeg"),
        }.get(kind, (404, GONE, "text/html; charset=utf-8"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            with contextlib.suppress(OSError):  # the client read what it needed and closed
                self.wfile.write(body)

    do_GET = _answer
    do_HEAD = _answer


def _serve(hosts: int, counts: Any, ports: Queue) -> None:  # type: ignore[type-arg]
    """In its own process, so the servers do not compete with the client for one interpreter."""
    Handler.counts = counts
    Handler.silent = f"127.0.0.{hosts}"
    for n in range(1, hosts + 1):
        address = f"127.0.0.{n}"
        assert ipaddress.ip_address(address).is_loopback
        httpd = ThreadingHTTPServer((address, 0), Handler)
        httpd.daemon_threads = True
        httpd.request_queue_size = 64
        httpd.handle_error = lambda request, client_address: None  # type: ignore[method-assign]  # client resets
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        ports.put(f"http://{address}:{httpd.server_address[1]}")
    while True:
        time.sleep(3600)


def open_descriptors() -> int:
    """Descriptors open in this process, found by asking each number (no /proc needed)."""
    count = 0
    for fd in range(min(resource.getrlimit(resource.RLIMIT_NOFILE)[0], 65536)):
        try:
            os.fstat(fd)
        except OSError:
            continue
        count += 1
    return count


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def expected(url: str, silent: str) -> str:
    if f"//{silent}:" in url:
        return "unverifiable"
    return "broken" if "/gone/" in url else "ok"


def snapshot(counts: Any, hosts: int) -> tuple[list[int], list[int]]:
    with counts.get_lock():
        values = list(counts)
    return values[0::2][:hosts], values[1::2][:hosts]


def check(urls: list[str], silent: str, counts: Any, hosts: int) -> dict[str, Any]:
    options = ResolveOptions(workers=WORKERS, cache_path=None, allow_private=True, config=CheckerConfig())
    policy = AddressPolicy(allowed_networks=(ipaddress.ip_network("127.0.0.0/8"),))
    stats = ResolveStats()
    conns_before, reqs_before = snapshot(counts, hosts)
    started = time.perf_counter()
    verdicts = run_checks([("link", u) for u in urls], options, policy=policy, stats=stats)
    elapsed = time.perf_counter() - started
    conns_after, reqs_after = snapshot(counts, hosts)
    conns = [a - b for a, b in zip(conns_after, conns_before, strict=True)]
    reqs = [a - b for a, b in zip(reqs_after, reqs_before, strict=True)]
    wrong = Counter((expected(url, silent), verdicts[("link", url)].status) for url in urls
                    if verdicts[("link", url)].status != expected(url, silent))
    answering = range(hosts - 1)
    return {
        "seconds": elapsed,
        "verdicts": len(verdicts),
        "wrong": wrong,
        "requests": stats.requests,
        "served": sum(reqs),
        "connections": sum(conns),
        "conns_per_host": statistics.median(conns[h] for h in answering),
        "reqs_per_conn": sum(reqs[h] for h in answering) / max(1, sum(conns[h] for h in answering)),
        "silent_requests": reqs[hosts - 1],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--urls", type=int, default=20_000)
    parser.add_argument("--hosts", type=int, default=200)
    args = parser.parse_args()
    if not 2 <= args.hosts <= 254:
        parser.error("--hosts must be 2 to 254 (one loopback address each)")
    ctx = multiprocessing.get_context("spawn")
    counts = ctx.Array("q", 2 * args.hosts)
    ports: Queue = ctx.Queue()  # type: ignore[type-arg]
    server = ctx.Process(target=_serve, args=(args.hosts, counts, ports), daemon=True)
    server.start()
    bases = sorted((ports.get(timeout=60) for _ in range(args.hosts)),
                   key=lambda b: int(b.split("//")[1].split(":")[0].rsplit(".", 1)[1]))
    silent = f"127.0.0.{args.hosts}"
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.0/8,localhost"
    urls = []
    for i in range(args.urls):
        kind = KINDS[(i + i // args.hosts) % len(KINDS)]  # each host gets every kind, in turn
        urls.append(f"{bases[i % args.hosts]}/{kind}/{i}" + (".jpg" if kind == "image" else ""))
    fds_before = open_descriptors()
    quarter = check(urls[: args.urls // 4], silent, counts, args.hosts)
    peak_quarter = peak_mb()
    whole = check(urls, silent, counts, args.hosts)
    peak_whole = peak_mb()
    time.sleep(0.5)  # let closed sockets be reaped
    fds_after = open_descriptors()
    server.terminate()
    server.join()

    print(f"{args.urls:,} unique URLs on {args.hosts} loopback hosts ({args.hosts - 1} answering after "
          f"{DELAY * 1000:.0f} ms, 1 silent), {WORKERS} workers")
    for name, run, peak in (("quarter", quarter, peak_quarter), ("whole", whole, peak_whole)):
        n = args.urls // 4 if name == "quarter" else args.urls
        print(f"  {name:<8} {run['seconds']:6.1f} s wall; {run['verdicts']:,} verdicts, "
              f"{sum(run['wrong'].values())} not as served {dict(run['wrong']) or ''}")
        print(f"           {run['served'] / n:.2f} requests per URL ({run['served']:,} served, "
              f"{run['silent_requests']} of them to the silent host); {run['connections']:,} connections, "
              f"median {run['conns_per_host']:.0f} per answering host, "
              f"{run['reqs_per_conn']:.1f} requests per connection; peak memory {peak:.0f} MB")
    print(f"  memory growth for 4x the URLs: +{peak_whole - peak_quarter:.0f} MB; "
          f"file descriptors: {fds_before} before, {fds_after} after")
    print("  targets: <= 1.1 requests per URL, >= 10 requests per connection, < 50 MB growth, no descriptor kept")
    ok = (not whole["wrong"] and not quarter["wrong"] and whole["verdicts"] == args.urls
          and whole["served"] / args.urls <= 1.1 and whole["reqs_per_conn"] >= 10
          and peak_whole - peak_quarter < 50 and fds_after <= fds_before)
    print("  pass" if ok else "  FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
