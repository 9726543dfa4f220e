"""More servers that misbehave on purpose: endless bodies, bombs, odd redirects, disguised private addresses.

Every server here listens on 127.0.0.1; a host that must "resolve" elsewhere is a made-up name answered by a
monkeypatched ``getaddrinfo``, and the first hop of a "public" link is mocked with `responses`.
"""

from __future__ import annotations

import gzip
import re
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import responses

from auditor.model import Check
from auditor.resolve.checker import Checker, CheckerConfig
from auditor.resolve.policy import AddressPolicy
from auditor.resolve.session import USER_AGENT, build_session
from tests.resolve.conftest import Handler, LocalServer, RawServer
from tests.resolve.test_hostile_servers import FAST, LOOPBACK

PEEK = 64 * 1024
NOT_ALLOWED = b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"

Script = Callable[["ScriptServer", socket.socket, bytes], None]


def verdict(check: Check) -> tuple[str, str | None]:
    return check.status, check.reason


class ScriptServer(RawServer):
    """Runs ``script`` on each connection (after reading the request), and notes what it sent."""

    def __init__(self) -> None:
        self.script: Script | None = None
        self.sent = 0
        self.hung_up = threading.Event()
        """Set when the client closed a connection the script was still writing to."""
        self.lock = threading.Lock()
        super().__init__()

    def _answer(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(5)
            request = conn.recv(65536)
            if self.script is not None:
                self.script(self, conn, request)
        except OSError:
            self.hung_up.set()
        finally:
            conn.close()

    def send(self, conn: socket.socket, data: bytes) -> None:
        conn.sendall(data)
        with self.lock:
            self.sent += len(data)


@pytest.fixture
def scripted() -> Iterator[ScriptServer]:
    with ScriptServer() as server:
        yield server


@pytest.fixture
def checker() -> Checker:
    return Checker(build_session(LOOPBACK), LOOPBACK, FAST)


@pytest.fixture
def body_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Sizes of the (decoded) body pieces the checker pulled out of every response."""
    pieces: list[int] = []
    original: Any = requests.models.Response.iter_content

    def counting(self: requests.Response, chunk_size: int | None = 1, decode_unicode: bool = False) -> Iterator[Any]:
        for chunk in original(self, chunk_size, decode_unicode):
            pieces.append(len(chunk))
            yield chunk

    monkeypatch.setattr(requests.models.Response, "iter_content", counting)
    return pieces


def fake_dns(monkeypatch: pytest.MonkeyPatch, names: dict[str, list[str]]) -> list[str]:
    """Made-up names answer with the given addresses; anything else goes to the (guarded) real lookup.

    Returns the names looked up, in order.
    """
    looked_up: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, service: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        looked_up.append(name)
        if name.lower().rstrip(".") in names:
            port_number = int(service or 0)
            return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", (a, port_number, 0, 0)) if ":" in a
                    else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port_number))
                    for a in names[name.lower().rstrip(".")]]
        return real(host, service, *args, **kwargs)

    monkeypatch.setattr("auditor.resolve.policy.socket.getaddrinfo", getaddrinfo)
    return looked_up


# -- 1. an endless chunked body ------------------------------------------------------------------------------



@pytest.mark.parametrize(("status", "expected", "final_status"), [
    pytest.param(b"200 OK", ("ok", None), 200, id="200"),
    pytest.param(b"404 Not Found", ("broken", "http-404"), 404, id="404"),
    pytest.param(b"302 Found", ("ok", None), 200, id="302"),
])
@pytest.mark.parametrize("pace", ["flood", "trickle"])
def test_an_endless_chunked_body_is_peeked_not_read_to_the_end(scripted: ScriptServer, checker: Checker,
                                                             body_read: list[int], status: bytes,
                                                             expected: tuple[str, str | None], final_status: int,
                                                             pace: str) -> None:
    def endless(server: ScriptServer, conn: socket.socket, request: bytes) -> None:
        if request.startswith(b"HEAD"):
            server.send(conn, NOT_ALLOWED)
            return
        if request.startswith(b"GET /landing "):
            server.send(conn, b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        server.send(conn, b"HTTP/1.1 " + status + b"\r\nLocation: /landing\r\nContent-Type: text/html\r\n"
                    b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        payload = b"<p>" + b"x" * (1017 if pace == "flood" else 93) + b"</p>"
        chunk = f"{len(payload):x}\r\n".encode() + payload + b"\r\n"
        until = time.monotonic() + 10
        while not server.stop.is_set() and time.monotonic() < until:
            server.send(conn, chunk)
            if pace == "trickle":  # each piece well within the read timeout: only the URL budget ends it
                time.sleep(0.02)

    scripted.script = endless
    started = time.monotonic()
    check = checker.check_url(scripted.base + "/stream")
    elapsed = time.monotonic() - started
    assert verdict(check) == expected  # the status line decides, whatever follows it
    assert check.http_status == final_status
    assert elapsed < FAST.url_budget + 0.5
    if pace == "flood":
        assert elapsed < 1.5  # 64 KB is enough: no need to wait for the budget
    assert sum(body_read) <= PEEK + 1024
    assert scripted.hung_up.wait(3), "the checker kept the endless connection open"
    assert scripted.sent < 16 * 1024 * 1024


# -- 2. a compression bomb -------------------------------------------------------------------------------------

_BOMB_SIZE = 50 * 1024 * 1024


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    zeros = bytes(_BOMB_SIZE)
    once = gzip.compress(zeros, 9)
    return {"gzip": once, "deflate": zlib.compress(zeros, 9), "gzip, gzip": gzip.compress(once, 9)}


@pytest.mark.parametrize(("encoding", "status"), [
    ("gzip", 200), ("deflate", 200), ("gzip, gzip", 200), ("gzip", 404),
    pytest.param("gzip, gzip", 302),
])
def test_a_compression_bomb_is_never_inflated_past_the_peek(scripted: ScriptServer, checker: Checker,
                                                            body_read: list[int], bombs: dict[str, bytes], encoding: str,
                                                            status: int) -> None:
    body = bombs[encoding]
    assert len(body) < 100 * 1024
    answer = (b"HTTP/1.1 %d Bomb\r\nLocation: /landing\r\nContent-Type: text/html\r\nContent-Encoding: " % status
              + encoding.encode() + b"\r\nContent-Length: " + str(len(body)).encode()
              + b"\r\nConnection: close\r\n\r\n" + body)

    def bomb(server: ScriptServer, conn: socket.socket, request: bytes) -> None:
        if b" /landing " in request.split(b"\r\n", 1)[0]:
            server.send(conn, b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        elif request.startswith(b"HEAD"):
            server.send(conn, NOT_ALLOWED)
        else:
            server.send(conn, answer)

    scripted.script = bomb
    tracing = tracemalloc.is_tracing()
    if not tracing:
        tracemalloc.start()
    tracemalloc.reset_peak()
    started = time.monotonic()
    try:
        check = checker.check_url(scripted.base + "/bomb")
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        if not tracing:
            tracemalloc.stop()
    assert verdict(check) == {200: ("ok", None), 404: ("broken", "http-404"), 302: ("ok", None)}[status]
    assert sum(body_read) <= PEEK + 1024  # 64 KB of the 50 MB it inflates to, no more
    assert elapsed < 1.5
    assert peak < 8 * 1024 * 1024, f"{peak / 2**20:.1f} MB allocated for one check"


# -- 3. huge headers -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("headers", [
    pytest.param(b"".join(b"X-Pad-%d: %s\r\n" % (i, b"a" * 40) for i in range(20_000)), id="20000-lines"),
    pytest.param(b"X-Pad: " + b"a" * (1024 * 1024) + b"\r\n", id="one-1MB-line"),
    pytest.param(b"Set-Cookie: " + b"c" * (1024 * 1024) + b"\r\n", id="one-1MB-cookie"),
])
def test_a_megabyte_of_headers_is_a_clear_verdict(raw: RawServer, checker: Checker, headers: bytes) -> None:
    raw.answer = b"HTTP/1.1 200 OK\r\n" + headers + b"Content-Length: 0\r\nConnection: close\r\n\r\n"
    started = time.monotonic()
    check = checker.check_url(raw.base + "/fat")
    assert time.monotonic() - started < FAST.url_budget + 0.5
    assert check.status == "unverifiable"
    assert check.reason in ("bad-response", "connection"), check.reason  # http.client's limits: 100 lines, 64 KB a line
    assert len(checker.session.cookies) == 0


def test_headers_under_the_line_limits_still_give_the_status_line_verdict(raw: RawServer, checker: Checker) -> None:
    padding = b"".join(b"X-Pad-%d: %s\r\n" % (i, b"a" * 10_000) for i in range(90))  # 900 KB in 90 lines
    raw.answer = b"HTTP/1.1 404 Not Found\r\n" + padding + b"Content-Length: 0\r\nConnection: close\r\n\r\n"
    started = time.monotonic()
    assert verdict(checker.check_url(raw.base + "/fat")) == ("broken", "http-404")
    assert time.monotonic() - started < FAST.url_budget + 0.5


# -- 4. odd Location headers ---------------------------------------------------------------------------------------

def _landing(h: Handler) -> None:
    h.reply(200, b"<p>landed</p>")


@pytest.mark.parametrize(("location", "expected", "next_path"), [
    pytest.param("/to here", ("ok", None), "/to%20here", id="space-inside"),
    pytest.param("   /padded   ", ("ok", None), "/padded", id="spaces-around"),
    pytest.param("/ta\tb", ("ok", None), "/tab", id="tab-inside"),
    pytest.param("/caf%C3%A9", ("ok", None), "/caf%C3%A9", id="percent-encoded-unicode"),
    pytest.param("//127.0.0.1:{port}/scheme-relative", ("ok", None), "/scheme-relative", id="scheme-relative"),
    pytest.param("HTTP://127.0.0.1:{port}/upper", ("ok", None), "/upper", id="upper-case-scheme"),
    pytest.param("news.example/story", ("ok", None), "/dir/news.example/story", id="no-scheme-is-a-relative-path"),
    pytest.param("sub/page", ("ok", None), "/dir/sub/page", id="relative"),
    pytest.param("../up", ("ok", None), "/up", id="dot-dot"),
    pytest.param("?page=2", ("ok", None), "/dir/from?page=2", id="query-only"),
    pytest.param("   ", ("unverifiable", "http-302"), None, id="blank"),
    pytest.param("news.example:8080/story", ("refused", "unsupported-scheme"), None, id="host-port-no-scheme"),
    pytest.param("http://[oops/", ("broken", "invalid-url"), None, id="unclosed-bracket"),
    pytest.param("http://127.0.0.1:99999/", ("broken", "invalid-url"), None, id="port-out-of-range"),
    pytest.param("http://exa mple.com/", ("broken", "invalid-url"), None, id="space-in-host"),
])
def test_odd_location_headers_lead_to_the_right_next_hop(server: LocalServer, checker: Checker, location: str,
                                                         expected: tuple[str, str | None], next_path: str | None) -> None:
    port = server.base.rsplit(":", 1)[1]

    def start(h: Handler) -> None:
        if "?" in h.path:
            _landing(h)
        else:
            h.reply(302, headers={"Location": location.format(port=port)})

    server.routes["/dir/from"] = start
    for path in ("/to%20here", "/padded", "/tab", "/caf%C3%A9", "/scheme-relative", "/upper", "/dir/news.example/story",
                 "/dir/sub/page", "/up"):
        server.routes[path] = _landing
    check = checker.check_url(server.url("/dir/from"))
    assert verdict(check) == expected
    later = [path for _, path in server.seen if path != "/dir/from"]
    if next_path is None:
        assert later == [] and len(check.chain) <= 2
    else:
        assert later and set(later) == {next_path}
        assert check.chain[0].http_status == 302 and check.chain[-1].http_status == 200


def _utf8_header(value: str) -> str:
    """What BaseHTTPRequestHandler must be given to put ``value``'s UTF-8 bytes on the wire."""
    return value.encode("utf-8").decode("latin-1")


def test_a_raw_utf8_location_path_is_followed_as_utf8(server: LocalServer, checker: Checker) -> None:
    server.routes["/from"] = lambda h: h.reply(302, headers={"Location": _utf8_header("/café")})
    server.routes["/caf%C3%A9"] = _landing
    check = checker.check_url(server.url("/from"))
    assert verdict(check) == ("ok", None)
    assert [path for _, path in server.seen if path != "/from"][:1] == ["/caf%C3%A9"]


def test_a_raw_utf8_location_host_is_followed_as_an_idn(server: LocalServer, checker: Checker,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    port = int(server.base.rsplit(":", 1)[1])
    fake_dns(monkeypatch, {"xn--bcher-kva.example": ["127.0.0.1"]})
    server.routes["/from"] = lambda h: h.reply(302, headers={"Location": _utf8_header(f"http://bücher.example:{port}/buch")})
    server.routes["/buch"] = _landing
    check = checker.check_url(server.url("/from"))
    assert verdict(check) == ("ok", None)
    assert check.final_url is not None and "/buch" in check.final_url


@pytest.mark.parametrize(("host", "via"), [("xn--bcher-kva.example", "location"), ("xn--bcher-kva.example", "meta-refresh"),
                                           ("bücher.example", "meta-refresh")])
def test_an_internationalised_host_is_followed_to_that_host(server: LocalServer, checker: Checker,
                                                            monkeypatch: pytest.MonkeyPatch, host: str, via: str) -> None:
    """An IDN host as punycode in Location, or as text in a (UTF-8) page's meta refresh: the next hop is that host."""
    port = int(server.base.rsplit(":", 1)[1])
    looked_up = fake_dns(monkeypatch, {"xn--bcher-kva.example": ["127.0.0.1"]})
    hosts: list[str | None] = []

    def landing(h: Handler) -> None:
        hosts.append(h.headers.get("Host"))
        _landing(h)

    target = f"http://{host}:{port}/buch"
    if via == "location":
        server.routes["/from"] = lambda h: h.reply(302, headers={"Location": target})
    else:
        server.routes["/from"] = lambda h: h.reply(200, f'<meta http-equiv="refresh" content="0; url={target}">'.encode())
    server.routes["/buch"] = landing
    check = checker.check_url(server.url("/from"))
    assert verdict(check) == ("ok", None)
    assert "xn--bcher-kva.example" in looked_up
    assert hosts and set(hosts) == {f"xn--bcher-kva.example:{port}"}


# -- 5. redirects to schemes that are not the web -------------------------------------------------------------------

OFF_THE_WEB = ["file:///etc/passwd", "FILE:///etc/passwd", "file://localhost/etc/passwd", "ftp://ftp.example.org/pub/f.txt",
               "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "data:,hello",
               "javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", "  javascript:alert(1)", "java\tscript:alert(1)",
               "gopher://gopher.example/1", "view-source:http://example.com/"]


@pytest.mark.parametrize(("target", "via"), [
    pytest.param(target, via, id=f"{via}-{target!r}")
    for via in ("location", "meta-refresh") for target in OFF_THE_WEB])
def test_redirects_off_the_web_are_refused(server: LocalServer, checker: Checker, target: str, via: str) -> None:
    if via == "location":
        server.routes["/r"] = lambda h: h.reply(302, headers={"Location": target})
    else:
        server.routes["/r"] = lambda h: h.reply(200, f'<meta http-equiv="refresh" content="0;url={target}">'.encode())
    check = checker.check_url(server.url("/r"))
    assert verdict(check) == ("refused", "unsupported-scheme")
    assert [hop.url for hop in check.chain] == [server.url("/r")]
    assert check.final_url is not None and not check.final_url.startswith("http")
    assert {path for _, path in server.seen} == {"/r"}


# -- 6. a thousand hops --------------------------------------------------------------------------------------------

def test_a_thousand_hop_chain_stops_after_ten_redirects(server: LocalServer, checker: Checker) -> None:
    for i in range(1000):
        server.routes[f"/hop/{i}"] = lambda h, i=i: h.reply(302, headers={"Location": f"/hop/{i + 1}"})  # type: ignore[misc]
    started = time.monotonic()
    check = checker.check_url(server.url("/hop/0"))
    assert verdict(check) == ("broken", "too-many-redirects")
    assert time.monotonic() - started < 2
    assert len(check.chain) == 11
    assert len(server.seen) <= 11  # each hop asked once, nothing after the tenth redirect


def test_a_keep_alive_server_cannot_hold_the_next_hop_past_the_budget(scripted: ScriptServer, checker: Checker) -> None:
    def keep_alive(server: ScriptServer, conn: socket.socket, request: bytes) -> None:
        while request.split(b" ", 2)[1:2] == [b"/first"]:
            # answered as HTTP/1.1 keeps connections, whatever the client said
            server.send(conn, b"HTTP/1.1 302 Found\r\nLocation: /next\r\nContent-Length: 0\r\n\r\n")
            conn.settimeout(1)
            request = conn.recv(65536)
        if not request:
            return
        until = time.monotonic() + FAST.url_budget + 2.5
        for byte in b"HTTP/1.1 " + b" " * 3000:  # /next: a byte at a time, each well within the read timeout
            if server.stop.is_set() or time.monotonic() > until:
                break
            server.send(conn, bytes([byte]))
            time.sleep(0.02)

    scripted.script = keep_alive
    started = time.monotonic()
    check = checker.check_url(scripted.base + "/first")
    assert time.monotonic() - started < FAST.url_budget + 1.5
    assert verdict(check) == ("unverifiable", "timeout")
    assert [hop.http_status for hop in check.chain] == [302, None]


# -- 7. a TLS handshake that never completes -------------------------------------------------------------------------

@pytest.fixture
def silent() -> Iterator[int]:
    """Accepts TCP connections on 127.0.0.1 and never says a word; gives the port."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.1)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join(2)
        for conn in held:
            conn.close()
        listener.close()


def test_a_tls_handshake_that_never_completes_ends_within_the_budget(silent: int, checker: Checker) -> None:
    started = time.monotonic()
    check = checker.check_url(f"https://127.0.0.1:{silent}/")
    assert time.monotonic() - started < FAST.url_budget + 1.0
    assert check.status == "unverifiable"
    assert check.reason in ("timeout", "tls")


def test_plain_http_answering_a_tls_hello_is_a_tls_failure(raw: RawServer, checker: Checker) -> None:
    raw.answer = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    started = time.monotonic()
    check = checker.check_url(raw.base.replace("http://", "https://") + "/")
    assert verdict(check) == ("unverifiable", "tls")
    assert time.monotonic() - started < FAST.url_budget


# -- 8. Retry-After: come back tomorrow --------------------------------------------------------------------------------

@pytest.mark.parametrize(("status", "reason"), [(503, "http-503"), (429, "rate-limited")])
@pytest.mark.parametrize("retry_after", ["99999", "9" * 400, "Fri, 31 Dec 9999 23:59:59 GMT"])
def test_a_retry_after_of_days_is_not_waited_for(server: LocalServer, status: int, reason: str, retry_after: str) -> None:
    sleeps: list[float] = []
    config = CheckerConfig(connect_timeout=1.0, read_timeout=1.0, url_budget=5.0, host_interval=0.0)  # default cap, 30 s
    checker = Checker(build_session(LOOPBACK), LOOPBACK, config, sleep=sleeps.append)
    server.routes["/busy"] = lambda h: h.reply(status, headers={"Retry-After": retry_after})
    started = time.monotonic()
    check = checker.check_url(server.url("/busy"))
    assert verdict(check) == ("unverifiable", reason)
    assert check.http_status == status
    assert time.monotonic() - started < 1.0
    assert sleeps == []
    assert server.count("/busy") == 1  # told to come back later: not asked again now


# -- 9. private addresses in every spelling, on every hop ------------------------------------------------------------

PRIVATE_URLS = [
    "http://2130706433/", "http://017700000001/", "http://0177.0.0.1/", "http://0x7f000001/", "http://0x7f.0.0.1/",
    "http://127.1/", "http://127.0.1/", "http://127.000.000.001/", "http://127.0.0.1./", "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/", "http://[0:0:0:0:0:ffff:127.0.0.1]/", "http://[::1]/", "http://[0:0:0:0:0:0:0:1]/",
    "http://0.0.0.0/", "http://0/", "http://169.254.169.254/latest/meta-data/", "http://2852039166/latest/meta-data/",
    "http://[::ffff:169.254.169.254]/", "http://[fd00:ec2::254]/latest/meta-data/", "http://100.100.100.200/",
    "http://10.0.0.5/", "http://0xa.0.0.5/", "http://192.168.1.1/", "http://172.16.0.1/", "https://127.0.0.1:8443/",
    "http://LOCALHOST/", "http://localhost./", "http://app.localhost/", "http://evil.example@127.0.0.1/",
    "http://127.0.0.1#@evil.example/", "http://127.0.0.1\\@evil.example/",
]

FIRST_HOP = "https://news.example/"
NOT_FIRST_HOP = re.compile(rf"^(?!{re.escape(FIRST_HOP)})")
"""Every other URL really goes out (to the policy, and the test's connect() that refuses all)."""


@pytest.fixture
def mocked(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[responses.RequestsMock, list[str], list[object]]]:
    """`responses` for news.example; any other request really goes out, recorded, and every connect() is refused
    and recorded (so the only way to pass is to refuse before dialling)."""
    sends: list[str] = []
    connects: list[object] = []

    def real_send(adapter: Any, request: requests.PreparedRequest, **kwargs: Any) -> Any:
        sends.append(str(request.url))
        return responses._real_send(adapter, request, **kwargs)

    def connect(self: socket.socket, address: Any) -> None:
        connects.append(address)
        raise ConnectionRefusedError(111, f"test refused a connection to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    with responses.RequestsMock(assert_all_requests_are_fired=False, real_adapter_send=real_send) as rsps:  # type: ignore[arg-type]
        rsps.add_passthru(NOT_FIRST_HOP)
        yield rsps, sends, connects


def _public_checker() -> Checker:
    policy = AddressPolicy()  # the default: private addresses closed
    return Checker(build_session(policy), policy, CheckerConfig(connect_timeout=1.0, read_timeout=1.0, url_budget=3.0,
                                                                retries=0, host_interval=0.0))


def _every_hop(rsps: responses.RequestsMock, target: str) -> dict[str, tuple[Check, int]]:
    """The target checked as a first hop, as a redirect from a public page, and as that page's meta refresh
    after a redirect; each with the number of hops expected before it."""
    rsps.get(FIRST_HOP + "r", status=302, headers={"Location": target})
    rsps.get(FIRST_HOP + "hop", status=301, headers={"Location": "/page"})
    rsps.get(FIRST_HOP + "page", status=200, content_type="text/html",
             body=f'<html><head><meta http-equiv="refresh" content="0; url={target}"></head></html>')
    checker = _public_checker()
    return {"first hop": (checker.check_url(target), 0), "redirect": (checker.check_url(FIRST_HOP + "r"), 1),
            "meta refresh": (checker.check_url(FIRST_HOP + "hop"), 2)}


@pytest.mark.parametrize("target", PRIVATE_URLS)
def test_a_private_address_in_any_spelling_is_refused_on_every_hop(
        mocked: tuple[responses.RequestsMock, list[str], list[object]], network_guard: list[object], target: str) -> None:
    rsps, sends, connects = mocked
    for where, (check, before) in _every_hop(rsps, target).items():
        assert verdict(check) == ("refused", "private-address"), where
        assert len(check.chain) == before + 1, where
        assert check.chain[-1].http_status is None, where
    assert sends == []  # refused on the literal, before any request: so behind a proxy too
    assert connects == [] and network_guard == []


@pytest.mark.parametrize("addresses", [
    ["10.0.0.5"], ["127.0.0.1"], ["169.254.169.254"], ["0.0.0.0"], ["100.64.0.1"], ["224.0.0.1"], ["::1"],
    ["::ffff:127.0.0.1"], ["fd00:ec2::254"], ["fe80::1"], ["10.0.0.5", "192.168.0.7", "::1"],
])
def test_a_name_resolving_to_a_private_address_is_refused_on_every_hop(
        mocked: tuple[responses.RequestsMock, list[str], list[object]], network_guard: list[object],
        monkeypatch: pytest.MonkeyPatch, addresses: list[str]) -> None:
    rsps, sends, connects = mocked
    looked_up = fake_dns(monkeypatch, {"intranet.example": addresses})
    for where, (check, before) in _every_hop(rsps, "http://intranet.example/admin").items():
        assert verdict(check) == ("refused", "private-address"), where
        assert len(check.chain) == before + 1, where
    assert looked_up.count("intranet.example") == 3  # judged on what the name resolved to, at each hop
    assert len(sends) == 3
    assert connects == [] and network_guard == []


def test_a_name_resolving_to_loopback_never_reaches_the_server_there(server: LocalServer, monkeypatch: pytest.MonkeyPatch,
                                                                     network_guard: list[object]) -> None:
    """The same refusal with a live server on the resolved address: had the policy let it through, it would see it."""
    port = int(server.base.rsplit(":", 1)[1])
    server.routes["/admin"] = _landing
    fake_dns(monkeypatch, {"intranet.example": ["127.0.0.1"]})
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.add_passthru(NOT_FIRST_HOP)
        rsps.get(FIRST_HOP + "r", status=302, headers={"Location": f"http://intranet.example:{port}/admin"})
        checker = _public_checker()
        assert verdict(checker.check_url(f"http://intranet.example:{port}/admin")) == ("refused", "private-address")
        assert verdict(checker.check_url(FIRST_HOP + "r")) == ("refused", "private-address")
    assert server.seen == [] and network_guard == []


@pytest.mark.parametrize("target", PRIVATE_URLS)
def test_behind_a_proxy_a_private_literal_is_never_handed_to_the_proxy(server: LocalServer, monkeypatch: pytest.MonkeyPatch,
                                                                       target: str) -> None:
    """The proxy resolves names, so the checker must catch literals itself, on every hop."""
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", server.base)
    monkeypatch.setenv("HTTPS_PROXY", server.base)
    server.routes["http://news.example/r"] = lambda h: h.reply(302, headers={"Location": target})
    checker = _public_checker()
    first = checker.check_url(target)
    redirected = checker.check_url("http://news.example/r")
    assert verdict(first) == ("refused", "private-address")
    assert verdict(redirected) == ("refused", "private-address")
    assert server.seen == [("GET", "http://news.example/r")]


UNICODE_LOOPBACK = ["http://\uff11\uff12\uff17.\uff10.\uff10.\uff11/", "http://127\u30020\u30020\u30021/",
                    "http://\u24db\u24de\u24d2\u24d0\u24db\u24d7\u24de\u24e2\u24e3/",
                    "http://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54/"]
"""Full-width digits, ideographic full stops, circled and full-width letters: 127.0.0.1 and localhost to a browser."""


@pytest.mark.parametrize("target", UNICODE_LOOPBACK)
def test_unicode_spellings_of_loopback_are_never_fetched(
        mocked: tuple[responses.RequestsMock, list[str], list[object]], network_guard: list[object], target: str) -> None:
    rsps, sends, connects = mocked
    rsps.get(FIRST_HOP + "page", status=200, content_type="text/html; charset=utf-8",
             body=f'<meta http-equiv="refresh" content="0; url={target}">')
    checker = _public_checker()
    for check in (checker.check_url(target), checker.check_url(FIRST_HOP + "page")):
        assert check.status != "ok" and check.chain[-1].http_status is None
    assert sends == [] and connects == [] and network_guard == []


@pytest.mark.parametrize("target", UNICODE_LOOPBACK)
def test_unicode_spellings_of_loopback_are_refused_as_private(target: str) -> None:
    assert verdict(_public_checker().check_url(target)) == ("refused", "private-address")


# -- 10. nothing secret goes out -------------------------------------------------------------------------------------

SECRET_ENV = {"GITHUB_TOKEN": "ghp_s3cr3tGITHUB", "GH_TOKEN": "s3cr3t-gh", "CI_JOB_TOKEN": "s3cr3t-ci-job",
              "AUTHORIZATION": "Bearer s3cr3t-auth", "HTTP_AUTHORIZATION": "Basic s3cr3t-http-auth",
              "NPM_TOKEN": "s3cr3t-npm", "API_KEY": "s3cr3t-api", "COOKIE": "session=s3cr3t-cookie-env"}
EXPECTED_HEADERS = {"host", "user-agent", "accept", "accept-encoding", "connection"}


def _recording(server: LocalServer) -> list[list[tuple[str, str]]]:
    received: list[list[tuple[str, str]]] = []

    def record(then: Callable[[Handler], None]) -> Callable[[Handler], None]:
        def route(h: Handler) -> None:
            received.append(list(h.headers.items()))
            then(h)
        return route

    server.routes["/set"] = record(lambda h: h.reply(200, b"<p>hello</p>", headers={"Set-Cookie": "session=s3cr3t-sid; Path=/"}))
    server.routes["/r"] = record(lambda h: h.reply(302, headers={"Location": "/echo", "Set-Cookie": "hop=s3cr3t-hop; Path=/"}))
    server.routes["/echo"] = record(lambda h: h.reply(200, b"<p>echo</p>"))
    return received


def _assert_nothing_secret(received: list[list[tuple[str, str]]]) -> None:
    assert len(received) >= 3
    for headers in received:
        names = [name.lower() for name, _ in headers]
        assert sorted(names) == sorted(EXPECTED_HEADERS), headers  # each once, nothing else
        values = {name.lower(): value for name, value in headers}
        assert values["user-agent"] == USER_AGENT
        assert values["connection"] == "keep-alive"  # connections are reused per host
        assert not any("s3cr3t" in value for value in values.values()), headers


def test_no_token_cookie_or_credential_is_sent(server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in SECRET_ENV.items():
        monkeypatch.setenv(name, value)
    checker = Checker(build_session(LOOPBACK), LOOPBACK, FAST)  # built with the secrets already in the environment
    received = _recording(server)
    assert verdict(checker.check_url(server.url("/set"))) == ("ok", None)
    assert verdict(checker.check_url(server.url("/r"))) == ("ok", None)  # a cookie set on the hop itself
    assert verdict(checker.check_url(server.url("/echo"))) == ("ok", None)
    _assert_nothing_secret(received)
    assert len(checker.session.cookies) == 0


def test_netrc_credentials_are_not_sent_to_the_sites_checked(server: LocalServer, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine registry.example login ci password s3cr3t-registry\n"
                     "default login deploy password s3cr3t-netrc\n", encoding="utf-8")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    checker = Checker(build_session(LOOPBACK), LOOPBACK, FAST)
    received = _recording(server)
    checker.check_url(server.url("/set"))
    checker.check_url(server.url("/r"))
    checker.check_url(server.url("/echo"))
    _assert_nothing_secret(received)

