"""Kept-alive connections never carry one answer into the next URL's check, and reading the rest of an answer
never costs more than its short time, whatever the server sends."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from auditor.model import Check
from auditor.resolve.checker import Checker, CheckerConfig, HostGate
from auditor.resolve.policy import AddressPolicy
from auditor.resolve.session import build_session
from tests.resolve.conftest import Answer, KeepAliveServer, reply

LOOPBACK = AddressPolicy(allowed_networks=(ipaddress.ip_network("127.0.0.0/8"),))
CONFIG = CheckerConfig(connect_timeout=2.0, read_timeout=2.0, url_budget=5.0, retries=1, backoff=0.05, host_interval=0.0)
Start = Callable[[Answer], KeepAliveServer]


def checker(config: CheckerConfig = CONFIG) -> Checker:
    return Checker(build_session(LOOPBACK), LOOPBACK, config)


def pair(check: Check) -> tuple[str, str | None]:
    return check.status, check.reason


def test_an_early_hints_answer_never_hands_the_final_one_to_the_next_url(keepalive: Start) -> None:
    def answer(conn: socket.socket, method: str, path: str) -> None:
        if path == "/gone":  # behind a CDN that sends Early Hints while the origin thinks
            conn.sendall(b"HTTP/1.1 103 Early Hints\r\nLink: </site.css>; rel=preload\r\n\r\n")
            time.sleep(0.3)
            conn.sendall(reply("404 Not Found", b"<p>gone</p>"))
        else:
            conn.sendall(reply("200 OK", b"<p>a story</p>"))
    server = keepalive(answer)
    check = checker()
    check.check_url(server.url("/gone"))
    time.sleep(0.05)
    assert pair(check.check_url(server.url("/story"))) == ("ok", None)
    assert pair(check.check_url(server.url("/other-story"))) == ("ok", None)


def test_a_bodiless_answer_announcing_an_endless_chunked_body_is_not_read(keepalive: Start) -> None:
    """A 304 has no body; one that says "chunked" and then floods is closed, not drained without end."""
    sent = [0]

    def answer(conn: socket.socket, method: str, path: str) -> str:
        conn.sendall(b"HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"4000\r\n" + b"x" * 0x4000 + b"\r\n"
        until = time.monotonic() + 4
        try:
            while time.monotonic() < until:
                conn.sendall(chunk)
                sent[0] += len(chunk)
        except OSError:
            pass
        return "close"
    server = keepalive(answer)
    started = time.monotonic()
    result = checker().check_url(server.url("/cached"))
    assert time.monotonic() - started < 2
    assert result.http_status == 304
    time.sleep(0.5)
    assert sent[0] < 16 * 1024 * 1024  # what socket buffers hold, not gigabytes read


def test_a_redirect_whose_chunked_trailer_trickles_is_still_followed(keepalive: Start) -> None:
    def answer(conn: socket.socket, method: str, path: str) -> str | None:
        if path == "/old":
            conn.sendall(b"HTTP/1.1 301 Moved Permanently\r\nLocation: /new\r\nTransfer-Encoding: chunked\r\n\r\n"
                         b"5\r\nmoved\r\n0\r\n")
            for _ in range(40):  # a trailer line, a byte every fifth of a second
                conn.sendall(b"X")
                time.sleep(0.2)
            return "close"
        conn.sendall(reply("200 OK", b"<p>new home</p>"))
        return None
    server = keepalive(answer)
    started = time.monotonic()
    check = checker().check_url(server.url("/old"))
    assert pair(check) == ("ok", None)
    assert [h.http_status for h in check.chain] == [301, 200]
    assert time.monotonic() - started < 2  # the drain gives up after half a second


def test_a_page_whose_body_trickles_is_judged_by_its_status(keepalive: Start) -> None:
    def answer(conn: socket.socket, method: str, path: str) -> str:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n")
        for _ in range(100):
            conn.sendall(b"<p>words ")
            time.sleep(0.2)
        return "close"
    server = keepalive(answer)
    config = CheckerConfig(connect_timeout=2.0, read_timeout=2.0, url_budget=20.0, retries=1, host_interval=0.0)
    started = time.monotonic()
    assert pair(checker(config).check_url(server.url("/slow-page"))) == ("ok", None)
    assert time.monotonic() - started < 7  # the peek's 5 s, not the URL's 20


def test_urls_waiting_their_turn_at_a_busy_host_are_not_timed_out_and_do_not_make_it_slow(keepalive: Start) -> None:
    """Each answer takes 0.3 s and one request at a time is allowed: the sixth URL waits 1.5 s for its turn, longer
    than a URL's whole budget, and is still checked."""
    def answer(conn: socket.socket, method: str, path: str) -> None:
        time.sleep(0.3)
        conn.sendall(reply("200 OK", b"<p>fine</p>"))
    server = keepalive(answer)
    config = CheckerConfig(connect_timeout=1.0, read_timeout=1.0, url_budget=1.0, retries=0, host_interval=0.0,
                           per_host=1)
    check = checker(config)
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(check.check_url, [server.url(f"/p{i}") for i in range(6)]))
    assert [pair(r) for r in results] == [("ok", None)] * 6
    assert not check.gate.is_slow("127.0.0.1")


def test_a_slow_host_that_answers_again_is_no_longer_slow() -> None:
    gate = HostGate(per_host=2, interval=0.0, slow_after=2, slow_per_host=8)
    gate.timed_out("news.example")
    gate.answered("news.example")
    gate.timed_out("news.example")
    assert not gate.is_slow("news.example")  # two timeouts, but not running
    gate.timed_out("news.example")
    assert gate.is_slow("news.example")
    gate.answered("news.example")
    assert not gate.is_slow("news.example")


def test_up_to_eight_requests_wait_on_a_slow_host_at_once() -> None:
    gate = HostGate(per_host=2, interval=0.0, slow_after=2, slow_per_host=8)
    gate.timed_out("down.example")
    gate.timed_out("down.example")
    for _ in range(8):
        gate.enter("down.example")
    ninth = threading.Thread(target=gate.enter, args=("down.example",), daemon=True)
    ninth.start()
    ninth.join(0.2)
    assert ninth.is_alive()
    gate.leave("down.example")
    ninth.join(2)
    assert not ninth.is_alive()
