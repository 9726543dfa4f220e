"""Shared fixtures: the network guard every test runs behind, paths, and report validation."""

from __future__ import annotations

import atexit
import ipaddress
import json
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTICLES = FIXTURES / "articles"
SEEDS = ROOT / "seeds"

# The compiled gazetteer of the runs the tests make goes to a folder of the session's, not the user's cache.
os.environ["AUDITOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="auditor-test-cache-")
atexit.register(shutil.rmtree, os.environ["AUDITOR_CACHE_DIR"], True)


class NetworkBlocked(OSError):
    """Raised instead of connecting anywhere but loopback."""


def _loopback(host: object) -> bool:
    if host in ("localhost", "localhost.localdomain", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _literal(host: str) -> bool:
    """An IP literal: looking it up sends nothing, and connect() is checked on its own."""
    try:
        ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    return True


_ATTEMPTS: list[object] = []


@pytest.fixture(scope="session", autouse=True)
def _network_guard_installed() -> Iterator[None]:
    """Installed for the whole session, so session- and module-scoped fixtures are guarded too."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def check(address: object) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, (str, bytes)) and not isinstance(address, tuple):
            return  # AF_UNIX paths
        if not _loopback(host.decode() if isinstance(host, bytes) else host):
            _ATTEMPTS.append(address)
            raise NetworkBlocked(f"test tried to reach {address!r}; only loopback is allowed")

    def connect(self: socket.socket, address: Any) -> None:
        check(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and not _loopback(name) and not _literal(name):
            _ATTEMPTS.append(host)
            raise NetworkBlocked(f"test tried to resolve {host!r}; only loopback is allowed")
        return real_getaddrinfo(host, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", connect)
        patch.setattr(socket.socket, "connect_ex", connect_ex)
        patch.setattr(socket, "getaddrinfo", getaddrinfo)
        yield


@pytest.fixture(autouse=True)
def network_guard() -> Iterator[list[object]]:
    """Fail any connection (and any name lookup) that is not to loopback, before anything is sent.

    Yields the refused attempts of the current test.
    """
    _ATTEMPTS.clear()
    yield _ATTEMPTS


@pytest.fixture(scope="session")
def report_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        resources.files("auditor.data").joinpath("report.schema.json").read_text(encoding="utf-8")
    )
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


@pytest.fixture
def validate(report_schema: dict[str, Any]) -> Any:
    """Validate a JSON report (text or parsed) against the shipped schema; returns the data."""

    def _validate(report: str | dict[str, Any]) -> dict[str, Any]:
        data = json.loads(report) if isinstance(report, str) else report
        jsonschema.validate(data, report_schema, cls=jsonschema.Draft202012Validator)
        return data

    return _validate
