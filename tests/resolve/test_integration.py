"""The resolver against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import ipaddress
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from auditor.model import Check, Meta, Report
from auditor.resolve import ResolveOptions, ResolveStats, resolve_report
from auditor.resolve.checker import Checker, CheckerConfig
from auditor.resolve.policy import AddressPolicy, ForbiddenAddress
from auditor.resolve.session import build_session
from auditor.scan import scan_article
from tests.resolve.conftest import Handler, LocalServer, stream_forever

LOOPBACK = AddressPolicy(allowed_networks=(ipaddress.ip_network("127.0.0.0/8"),))
FAST = CheckerConfig(connect_timeout=1.0, read_timeout=0.5, url_budget=5.0, retries=1, backoff=0.05, host_interval=0.0)


@pytest.fixture
def checker() -> Checker:
    return Checker(build_session(LOOPBACK), LOOPBACK, FAST)


def pair(check: Check) -> tuple[str, str | None]:
    return check.status, check.reason


def test_301_then_302_chain(server: LocalServer, checker: Checker) -> None:
    server.routes["/a"] = lambda h: h.reply(301, headers={"Location": "/b"})
    server.routes["/b"] = lambda h: h.reply(302, headers={"Location": server.url("/ok")})
    server.routes["/ok"] = lambda h: h.reply(200, b"<p>fine</p>")
    check = checker.check_url(server.url("/a"))
    assert pair(check) == ("ok", None)
    assert [(h.url, h.http_status) for h in check.chain] == [
        (server.url("/a"), 301), (server.url("/b"), 302), (server.url("/ok"), 200)]


def test_redirect_loop(server: LocalServer, checker: Checker) -> None:
    server.routes["/x"] = lambda h: h.reply(302, headers={"Location": "/y"})
    server.routes["/y"] = lambda h: h.reply(302, headers={"Location": "/x"})
    assert pair(checker.check_url(server.url("/x"))) == ("broken", "redirect-loop")


def test_429_with_retry_after_then_200(server: LocalServer, checker: Checker) -> None:
    def limited(h: Handler) -> None:
        if server.count("/limited") == 1:
            h.reply(429, headers={"Retry-After": "1"})
        else:
            h.reply(200)
    server.routes["/limited"] = limited
    start = time.monotonic()
    assert pair(checker.check_url(server.url("/limited"))) == ("ok", None)
    assert time.monotonic() - start >= 0.9  # it did wait as told
    assert server.count("/limited") == 2


def test_head_answered_405_falls_back_to_get(server: LocalServer, checker: Checker) -> None:
    server.routes["/nohead.pdf"] = lambda h: h.reply(405) if h.command == "HEAD" else h.reply(200, b"ok")
    assert pair(checker.check_url(server.url("/nohead.pdf"))) == ("ok", None)
    assert [m for m, p in server.seen if p == "/nohead.pdf"] == ["HEAD", "GET"]


def test_server_slower_than_the_timeout(server: LocalServer, checker: Checker) -> None:
    server.routes["/slow"] = lambda h: (time.sleep(1.5), h.reply(200))[1]  # type: ignore[func-returns-value]
    start = time.monotonic()
    assert pair(checker.check_url(server.url("/slow"))) == ("unverifiable", "timeout")
    assert time.monotonic() - start < 3.5  # read timeout 0.5 s, one retry: never a hang


@pytest.mark.parametrize("content_type", ["application/octet-stream", "text/html"])
def test_response_announcing_gigabytes_is_not_downloaded(server: LocalServer, checker: Checker, content_type: str) -> None:
    server.routes["/huge"] = lambda h: h.reply(405) if h.command == "HEAD" else stream_forever(h, content_type, "/huge")
    assert pair(checker.check_url(server.url("/huge"))) == ("ok", None)
    deadline = time.monotonic() + 5
    while "/huge" not in server.sent and time.monotonic() < deadline:
        time.sleep(0.05)
    # the server could only push what fits in socket buffers before we hung up
    assert server.sent["/huge"] < 16 * 1024 * 1024


def test_meta_refresh_leading_to_a_404_is_broken(server: LocalServer, checker: Checker) -> None:
    page = b'<html><head><meta http-equiv="refresh" content="0; url=/missing"></head><body>Redirecting</body></html>'
    server.routes["/landing"] = lambda h: h.reply(200, page)
    check = checker.check_url(server.url("/landing"))
    assert pair(check) == ("broken", "http-404")
    assert check.final_url == server.url("/missing")


def test_redirect_to_the_metadata_address_is_refused(server: LocalServer, checker: Checker, network_guard: list[object]) -> None:
    server.routes["/r"] = lambda h: h.reply(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    check = checker.check_url(server.url("/r"))
    assert pair(check) == ("refused", "private-address")
    assert check.final_url == "http://169.254.169.254/latest/meta-data/"
    assert network_guard == []  # refused by policy, not by the test guard


def test_names_are_checked_on_the_address_actually_dialled(server: LocalServer) -> None:
    session = build_session(AddressPolicy())  # public addresses only
    port = server.base.rsplit(":", 1)[1]
    with pytest.raises(ForbiddenAddress):
        session.get(f"http://localhost:{port}/ok", timeout=2)
    assert server.seen == []


def test_second_run_hits_the_cache(server: LocalServer, tmp_path: Path) -> None:
    server.routes["/page"] = lambda h: h.reply(200)
    server.routes["/gone"] = lambda h: h.reply(404)
    text = f"Officials told Reuters so.\n\nSee {server.url('/page')} and {server.url('/gone')}.\n"
    report = Report(Meta("2026-01-01T00:00:00Z"), (scan_article("a.txt", text.encode()),))
    options = ResolveOptions(workers=4, cache_path=tmp_path / "cache.sqlite", config=FAST)
    first_stats, second_stats = ResolveStats(), ResolveStats()
    first = resolve_report(report, options, policy=LOOPBACK, stats=first_stats)
    requests_after_first = len(server.seen)
    second = resolve_report(report, options, policy=LOOPBACK, stats=second_stats)
    assert len(server.seen) == requests_after_first  # the server saw nothing new
    assert [link.check.status for link in first.articles[0].links if link.check] == ["ok", "broken"]
    assert [(c.status, c.cached) for c in (link.check for link in second.articles[0].links) if c] == [
        ("ok", True), ("broken", True)]
    assert (first_stats.cached, second_stats.cached, second_stats.requests) == (0, 2, 0)
    assert second.meta.resolved is True
    assert [f.rule for f in second.articles[0].findings] == ["broken-link"]


def test_proxy_from_the_environment_is_used(server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Behind HTTP_PROXY the proxy resolves names; literal private addresses are still refused."""
    def forward(h: Handler) -> None:
        h.reply(200, b"<p>via proxy</p>")
    server.routes["http://news.example/story"] = forward
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", server.base)
    policy = AddressPolicy()  # public only: the proxy itself is on loopback, and that is allowed
    checker = Checker(build_session(policy), policy, FAST)
    check = checker.check_url("http://news.example/story")
    assert pair(check) == ("ok", None)
    assert ("GET", "http://news.example/story") in server.seen
    seen = len(server.seen)
    assert pair(checker.check_url("http://10.1.2.3/admin")) == ("refused", "private-address")
    assert len(server.seen) == seen


def test_a_verdict_cached_with_private_addresses_open_does_not_leak_into_a_closed_run(server: LocalServer, tmp_path: Path) -> None:
    server.routes["/ok"] = lambda h: h.reply(200)
    report = Report(Meta("2026-01-01T00:00:00Z"), (scan_article("a.txt", f"See {server.url('/ok')} now.".encode()),))
    options = ResolveOptions(workers=2, cache_path=tmp_path / "c.sqlite", config=FAST)
    opened = resolve_report(report, options, policy=LOOPBACK)
    assert opened.articles[0].links[0].check.status == "ok"  # type: ignore[union-attr]
    closed = resolve_report(report, options, policy=AddressPolicy())
    check = closed.articles[0].links[0].check
    assert check is not None and (check.status, check.reason, check.cached) == ("refused", "private-address", False)


def test_two_runs_sharing_one_cache_at_once_both_report_every_verdict(server: LocalServer, tmp_path: Path) -> None:
    import json
    import os
    import subprocess
    import sys

    for i in range(20):
        server.routes[f"/story/{i}"] = (lambda h: h.reply(200, b"<p>fine</p>")) if i % 4 else \
            (lambda h: h.reply(404, b"gone"))
    article = tmp_path / "a.txt"
    article.write_text("".join(f"Read {server.url(f'/story/{i}')} now.\n\n" for i in range(20)), encoding="utf-8")
    cache = tmp_path / "shared.sqlite"
    runs = [subprocess.Popen([sys.executable, "-m", "auditor", "scan", str(article), "--resolve", "--allow-private",
                              "--cache", str(cache), "-f", "json", "-o", str(tmp_path / f"run{n}.json"), "-q"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ})
            for n in (1, 2)]
    outcomes = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [1, 1], outcomes  # the 404s are broken links: the policy fails
    for n in (1, 2):
        links = json.loads((tmp_path / f"run{n}.json").read_text(encoding="utf-8"))["articles"][0]["links"]
        verdicts = [(link["check"]["status"], link["check"]["reason"]) for link in links]
        assert verdicts == [("broken", "http-404") if i % 4 == 0 else ("ok", None) for i in range(20)]
    import sqlite3
    with sqlite3.connect(cache) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM verdicts").fetchone() == (20,)


# -- connections: one GET a page, kept alive -----------------------------------------------------------------------


def _check_all(checker: Checker, urls: list[str], workers: int = 4) -> list[Check]:
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(checker.check_url, urls))


@pytest.mark.parametrize("size", [2_000, 30_000, 300_000])
def test_pages_on_one_host_take_one_get_each_over_shared_connections(server: LocalServer, checker: Checker,
                                                                   size: int) -> None:
    """A short page is read whole by the peek; a longer one's rest (up to 512 KB) is read and dropped, so that
    the connection serves the next page instead of a new one being dialled for each."""
    body = b"<!doctype html><title>story</title><p>" + b"w" * size + b"</p>"
    paths = [f"/story/{i}" for i in range(20)]
    for path in paths:
        server.routes[path] = lambda h: h.reply(200, body)
    checks = _check_all(checker, [server.url(p) for p in paths])
    assert [pair(c) for c in checks] == [("ok", None)] * len(paths)
    assert sorted(server.seen) == sorted(("GET", p) for p in paths)  # no HEAD before any of them
    assert server.connections <= FAST.per_host  # at most one per request in flight at once


def test_a_page_longer_than_the_drain_costs_its_connection_not_a_wait(server: LocalServer, checker: Checker) -> None:
    body = b"<p>" + b"w" * (2 * 1024 * 1024) + b"</p>"
    paths = [f"/long/{i}" for i in range(3)]
    for path in paths:
        server.routes[path] = lambda h: h.reply(200, body)
    checks = [checker.check_url(server.url(p)) for p in paths]
    assert [pair(c) for c in checks] == [("ok", None)] * 3
    assert server.connections == 3


def test_a_rest_that_trickles_is_not_waited_for(server: LocalServer, checker: Checker) -> None:
    """64 KB at once, then a byte now and then: the verdict is in, the rest is not worth the URL's budget."""
    def trickle(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(100 * 1024))
        h.end_headers()
        h.wfile.write(b"<p>" + b"w" * (70 * 1024))
        h.wfile.flush()
        with contextlib.suppress(OSError):
            for _ in range(60):
                time.sleep(0.1)
                h.wfile.write(b"w")
                h.wfile.flush()
    server.routes["/trickle"] = trickle
    server.routes["/next"] = lambda h: h.reply(200, b"<p>next</p>")
    started = time.monotonic()
    assert pair(checker.check_url(server.url("/trickle"))) == ("ok", None)
    assert time.monotonic() - started < 3  # the rest would take 6 s; the drain gives up after half a second
    assert pair(checker.check_url(server.url("/next"))) == ("ok", None)
    assert server.connections == 2  # the trickling connection was closed, not handed to the next page


def test_a_host_that_stops_answering_gets_short_timeouts_several_at_once(server: LocalServer) -> None:
    """Two timeouts make the host slow: each of its remaining URLs gets one short try, and more of them wait
    at once than a healthy host's two, instead of each waiting out the full timeouts in turn."""
    waiting = [0, 0]  # now, most at once
    lock = threading.Lock()

    def silent(h: Handler) -> None:
        with lock:
            waiting[0] += 1
            waiting[1] = max(waiting[1], waiting[0])
        time.sleep(2.5)
        with lock:
            waiting[0] -= 1
    paths = [f"/silent/{i}" for i in range(12)]
    for path in paths:
        server.routes[path] = silent
    config = CheckerConfig(connect_timeout=1.0, read_timeout=1.0, url_budget=10.0, retries=1, backoff=0.05,
                           host_interval=0.0, per_host=2, slow_after=2, slow_timeout=0.2, slow_per_host=6)
    checker = Checker(build_session(LOOPBACK), LOOPBACK, config)
    checks = _check_all(checker, [server.url(p) for p in paths], workers=8)
    assert [pair(c) for c in checks] == [("unverifiable", "timeout")] * len(paths)
    # the two URLs that made it slow may have had their retry; every other URL was asked once
    assert len(server.seen) <= len(paths) + 2
    assert waiting[1] > config.per_host
