"""The guard every test runs behind refuses non-loopback traffic before a packet leaves."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import NetworkBlocked


@pytest.mark.parametrize("address", [("192.0.2.10", 80), ("10.1.2.3", 443), ("169.254.169.254", 80)])
def test_connect_to_other_addresses_is_refused(address: tuple[str, int], network_guard: list[object]) -> None:
    with pytest.raises(NetworkBlocked):
        socket.create_connection(address, timeout=0.1)
    assert network_guard == [address]


def test_name_lookup_is_refused(network_guard: list[object]) -> None:
    with pytest.raises(NetworkBlocked):
        socket.getaddrinfo("example.com", 443)
    assert network_guard == ["example.com"]


def test_loopback_is_allowed() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.create_connection(server.getsockname(), timeout=2):
            pass
