"""Which addresses the resolver may connect to, enforced on the address actually dialled."""

from __future__ import annotations

import contextlib
import heapq
import ipaddress
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NameResolutionError

from auditor.resolve.hosts import fold_host

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class ForbiddenAddress(Exception):
    """A hop would connect to a private, loopback, link-local, multicast or reserved address.

    Deliberately not an OSError, so neither urllib3 nor requests retries or wraps it.
    """

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to {address}, which is not a public address")
        self.host = host
        self.address = address


_TRANSLATED = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"),
               ipaddress.ip_network("2002::/16"), ipaddress.ip_network("fec0::/10"),
               ipaddress.ip_network("::/96"))  # "::127.0.0.1", IPv4-compatible: deprecated, never public


@dataclass(frozen=True)
class AddressPolicy:
    """Public addresses only, unless opened: everything (``allow_private``) or some networks (tests)."""

    allow_private: bool = False
    allowed_networks: tuple[IPNetwork, ...] = field(default=())

    def allows(self, address: str) -> bool:
        try:
            ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            return False
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if self.allow_private or any(ip in net for net in self.allowed_networks):
            return True
        # is_global is False for private, loopback, link-local (169.254.169.254 included),
        # shared (100.64/10), documentation and reserved ranges; multicast can be "global".
        if isinstance(ip, ipaddress.IPv6Address) and any(ip in net for net in _TRANSLATED):
            return False  # NAT64, 6to4 and site-local forms can reach private IPv4 space through a gateway
        return ip.is_global and not ip.is_multicast

    def check_literal(self, host: str) -> None:
        """Refuse an IP-literal or localhost host before any connection is made (also behind a proxy)."""
        bare = fold_host(host).strip("[]").rstrip(".")
        if bare in ("localhost", "localhost.localdomain", "ip6-localhost") or bare.endswith(".localhost"):
            if not self.allows("127.0.0.1"):
                raise ForbiddenAddress(host, "127.0.0.1")
            return
        try:
            address = str(ipaddress.ip_address(bare.split("%", 1)[0]))
        except ValueError:
            try:  # the forms inet_aton reads: "2130706433", "0x7f.1", "127.1", "0177.0.0.1"
                address = socket.inet_ntoa(socket.inet_aton(bare)) if re.fullmatch(r"[0-9a-fx.]+", bare) else ""
            except OSError:
                address = ""
        if not address:
            return  # a name: checked when it is resolved, at connect time (or by the proxy)
        if not self.allows(address):
            raise ForbiddenAddress(host, address)


class Deadlines:
    """One deadline per request, name lookup included: a server that dribbles its answer a byte at a time,
    or a resolver that never answers, cannot hold a worker past it.

    The checker opens a request with :meth:`request`; the connection it dials registers its socket here, and a
    watchdog thread shuts the socket down when the request's time is up, which ends any read blocked on it.
    """

    def __init__(self) -> None:
        self._local = threading.local()
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, int]] = []
        self._open: set[int] = set()
        """Requests still running: only their sockets may be shut down."""
        self._next = 0
        self._thread: threading.Thread | None = None

    @contextlib.contextmanager
    def request(self, deadline: float) -> Iterator[None]:
        """Sockets watched inside are shut down at ``deadline`` unless the block has ended; blocks nest (a part of
        a request with a shorter time of its own, such as reading a body's first KB)."""
        with self._cond:
            self._next += 1
            token = self._next
            self._open.add(token)
        outer = getattr(self._local, "current", None)
        self._local.current = (token, deadline)
        try:
            yield
        finally:
            self._local.current = outer
            with self._cond:
                self._open.discard(token)

    def current(self) -> tuple[int, float] | None:
        return getattr(self._local, "current", None)

    def watch(self, sock: socket.socket) -> None:
        """Shut ``sock`` down when the current request's deadline passes (if the request is still open)."""
        current = self.current()
        if current is None:
            return
        with self._cond:
            heapq.heappush(self._heap, (current[1], current[0], sock.fileno()))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="auditor-deadlines", daemon=True)
                self._thread.start()
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._heap:
                    self._cond.wait()
                deadline, token, fd = self._heap[0]
                now = time.monotonic()
                if deadline > now:
                    self._cond.wait(deadline - now)
                    continue
                heapq.heappop(self._heap)
                if token not in self._open:
                    continue  # the request ended in time
                # NOTE: by descriptor: a TLS socket wraps (and detaches) the one dialled; the request still
                # holds it open, so the number cannot have been given to another socket.
                with contextlib.suppress(OSError):
                    handle = socket.socket(fileno=fd)
                    try:
                        handle.shutdown(socket.SHUT_RDWR)
                    finally:
                        handle.detach()


DEADLINES = Deadlines()
"""The deadlines of every request the resolver makes in this process."""


def resolve_name(host: str, port: int, deadline: float | None) -> list[Any]:
    """``getaddrinfo`` with a time limit: the system's resolver has none of its own."""
    if deadline is None:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    box: list[Any] = []

    def lookup() -> None:
        try:
            box.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except OSError as exc:
            box.append(exc)

    worker = threading.Thread(target=lookup, name="auditor-dns", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if not box:
        raise socket.gaierror(socket.EAI_AGAIN, f"no answer for {host} in time")
    if isinstance(box[0], OSError):
        raise box[0]
    return box[0]  # type: ignore[no-any-return]




def _checked_new_conn(self: Any) -> socket.socket:
    """Resolve, keep only allowed addresses, and dial one of those: no window for DNS rebinding."""
    policy: AddressPolicy = self.auditor_policy
    host = self._dns_host
    current = DEADLINES.current()
    try:
        infos = resolve_name(host, self.port, current[1] if current else None)
    except socket.gaierror as exc:
        raise NameResolutionError(self.host, self, exc) from exc
    allowed = [info[4][0] for info in infos if policy.allows(str(info[4][0]))]
    if not allowed:
        raise ForbiddenAddress(self.host, str(infos[0][4][0]) if infos else "no address")
    self._dns_host = allowed[0]
    try:
        sock: socket.socket = super(type(self), self)._new_conn()
    finally:
        self._dns_host = host
    DEADLINES.watch(sock)
    return sock


def _watched_get_conn(self: Any, timeout: float | None = None) -> Any:
    """A pooled connection handed to a request: its socket (when it has one already, a server that kept it open
    against "Connection: close") is watched by that request's deadline too."""
    base: Any = HTTPSConnectionPool if isinstance(self, HTTPSConnectionPool) else HTTPConnectionPool
    conn = base._get_conn(self, timeout)
    sock = getattr(conn, "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError, ValueError):
            DEADLINES.watch(sock)
    return conn


def pool_classes(policy: AddressPolicy) -> dict[str, type[HTTPConnectionPool]]:
    """Connection pools whose connections enforce ``policy`` (used for direct, unproxied requests)."""

    class CheckedHTTPConnection(HTTPConnection):
        auditor_policy = policy
        _new_conn = _checked_new_conn

    class CheckedHTTPSConnection(HTTPSConnection):
        auditor_policy = policy
        _new_conn = _checked_new_conn

    class CheckedHTTPPool(HTTPConnectionPool):
        ConnectionCls = CheckedHTTPConnection
        _get_conn = _watched_get_conn

    class CheckedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = CheckedHTTPSConnection
        _get_conn = _watched_get_conn

    return {"http": CheckedHTTPPool, "https": CheckedHTTPSPool}
