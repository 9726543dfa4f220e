"""A real HTTP server on 127.0.0.1 for the resolver's integration tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TypeVar

import pytest

Route = Callable[["Handler"], None]


@dataclass
class LocalServer:
    """Routes by path; records every request; knows how many body bytes it managed to send."""

    routes: dict[str, Route] = field(default_factory=dict)
    seen: list[tuple[str, str]] = field(default_factory=list)
    sent: dict[str, int] = field(default_factory=dict)
    connections: int = 0
    """TCP connections accepted."""
    base: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, path: str) -> int:
        return sum(1 for _, p in self.seen if p == path)


class Handler(BaseHTTPRequestHandler):
    server_state: LocalServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # as web servers do: headers and body are written apart

    def log_message(self, *args: object) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        state = self.server.state  # type: ignore[attr-defined]
        with state.lock:
            state.connections += 1

    def _route(self) -> None:
        state = self.server.state  # type: ignore[attr-defined]
        with state.lock:
            state.seen.append((self.command, self.path))
        # a proxy is sent the absolute URL; an origin server only the path
        route = state.routes.get(self.path) or state.routes.get(self.path.split("?")[0]) or next(
            (r for prefix, r in state.routes.items() if prefix.endswith("*") and self.path.startswith(prefix[:-1])),
            None)  # NOTE: a route whose name ends in * takes every path that begins with the rest
        if route is None:
            self.reply(404, b"not found")
        else:
            route(self)

    do_GET = _route
    do_HEAD = _route

    def reply(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
        for key, value in headers.items():
            self.send_header(key, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    state = LocalServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.state = state  # type: ignore[attr-defined]
    httpd.daemon_threads = True
    httpd.handle_error = lambda request, client_address: None  # type: ignore[method-assign]  # a client that hung up
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def stream_forever(handler: Handler, content_type: str, path: str) -> None:
    """Announce gigabytes and keep sending until the client hangs up; count what went out."""
    handler.send_response(200)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(5 * 1024**3))
    handler.end_headers()
    if handler.command == "HEAD":
        return
    chunk = b"<p>" + b"x" * 16381 + b"</p>"
    sent = 0
    deadline = time.monotonic() + 10
    try:
        while sent < 5 * 1024**3 and time.monotonic() < deadline:
            handler.wfile.write(chunk)
            sent += len(chunk)
    except OSError:
        pass
    finally:
        state = handler.server.state  # type: ignore[attr-defined]
        with state.lock:
            state.sent[path] = sent


@pytest.fixture(autouse=True)
def no_proxy_for_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy set for the registries (as on some CI machines) must not carry requests to the test server."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


_S = TypeVar("_S", bound="LoopbackServer")


class LoopbackServer:
    """A socket listening on 127.0.0.1 that hands each connection to ``_connected`` on a thread of its own; a
    context manager, closed with :meth:`close`."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(32)
        self.base = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.stop.set()
        self.sock.close()

    def __enter__(self: _S) -> _S:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _accept(self) -> None:
        self.sock.settimeout(0.1)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._connected, args=(conn,), daemon=True).start()

    def _connected(self, conn: socket.socket) -> None:
        raise NotImplementedError


class RawServer(LoopbackServer):
    """Answers every connection with the bytes it is given, optionally one byte at a time."""

    def __init__(self) -> None:
        self.answer = b""
        self.head_answer = b""
        """What a HEAD request gets, when it is not ``answer``."""
        self.dribble = 0.0
        super().__init__()

    def _connected(self, conn: socket.socket) -> None:
        self._answer(conn)

    def _answer(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(5)
            request = conn.recv(65536)
            if request.startswith(b"HEAD") and self.head_answer:
                conn.sendall(self.head_answer)
                return
            if self.dribble:
                for i in range(len(self.answer)):
                    if self.stop.is_set():
                        break
                    conn.sendall(self.answer[i:i + 1])
                    time.sleep(self.dribble)
            else:
                conn.sendall(self.answer)
        except OSError:
            pass
        finally:
            conn.close()


@pytest.fixture
def raw() -> Iterator[RawServer]:
    with RawServer() as server:
        yield server


Answer = Callable[[socket.socket, str, str], "str | None"]


class KeepAliveServer(LoopbackServer):
    """Reads request after request off each connection and lets ``answer(conn, method, path)`` write the bytes of
    each reply, however odd; returning "close" ends the connection. Records (connection, method, path)."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.seen: list[tuple[int, str, str]] = []
        self.lock = threading.Lock()
        self.connections = 0
        super().__init__()

    def _connected(self, conn: socket.socket) -> None:
        with self.lock:
            self.connections += 1
            number = self.connections
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._serve(conn, number)

    def _serve(self, conn: socket.socket, number: int) -> None:
        pending = b""
        try:
            conn.settimeout(10)
            while not self.stop.is_set():
                while b"\r\n\r\n" not in pending:
                    data = conn.recv(65536)
                    if not data:
                        return
                    pending += data
                head, pending = pending.split(b"\r\n\r\n", 1)
                method, path = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ")[:2]
                with self.lock:
                    self.seen.append((number, method, path))
                if self.answer(conn, method, path) == "close":
                    return
        except OSError:
            pass
        finally:
            conn.close()


def reply(status: str, body: bytes = b"", **headers: str) -> bytes:
    """The bytes of an answer; a Content-Length unless the headers say how the body ends."""
    fields = {"Content-Type": "text/html", **{k.replace("_", "-"): v for k, v in headers.items()}}
    if "Transfer-Encoding" not in fields and "Content-Length" not in fields:
        fields["Content-Length"] = str(len(body))
    lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in fields.items()), "", ""]
    return "\r\n".join(lines).encode("latin-1") + body


@pytest.fixture
def keepalive() -> Iterator[Callable[[Answer], KeepAliveServer]]:
    servers: list[KeepAliveServer] = []

    def start(answer: Answer) -> KeepAliveServer:
        servers.append(KeepAliveServer(answer))
        return servers[-1]
    try:
        yield start
    finally:
        for server in servers:
            server.close()
