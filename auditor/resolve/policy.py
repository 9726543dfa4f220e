"""Which addresses the resolver may connect to, enforced on the address actually dialled."""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass, field
from typing import Any

from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NameResolutionError

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
               ipaddress.ip_network("2002::/16"), ipaddress.ip_network("fec0::/10"))


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
        bare = host.strip("[]").lower().rstrip(".")
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


def _checked_new_conn(self: Any) -> socket.socket:
    """Resolve, keep only allowed addresses, and dial one of those: no window for DNS rebinding."""
    policy: AddressPolicy = self.auditor_policy
    host = self._dns_host
    try:
        infos = socket.getaddrinfo(host, self.port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise NameResolutionError(self.host, self, exc) from exc
    allowed = [info[4][0] for info in infos if policy.allows(str(info[4][0]))]
    if not allowed:
        raise ForbiddenAddress(self.host, str(infos[0][4][0]) if infos else "no address")
    self._dns_host = allowed[0]
    try:
        return super(type(self), self)._new_conn()  # type: ignore[no-any-return]
    finally:
        self._dns_host = host


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

    class CheckedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = CheckedHTTPSConnection

    return {"http": CheckedHTTPPool, "https": CheckedHTTPSPool}
