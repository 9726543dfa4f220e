"""Scanning never touches the network: not for links, not for the public suffix list."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from click.testing import CliRunner

from auditor.cli import main
from tests.conftest import ARTICLES, ROOT


def test_scan_opens_no_connection_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("network use during scan")

    # Stricter than the suite's guard: loopback and name lookups are refused too.
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    # A fresh tldextract cache would show up here if the scan tried to fetch the suffix list.
    monkeypatch.setenv("TLDEXTRACT_CACHE", str(ROOT / "nonexistent-cache-dir"))
    result = CliRunner().invoke(main, ["scan", str(ROOT / "seeds"), str(ARTICLES), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert '"name": "RIA Novosti"' in result.output
    assert attempts == []
    assert not (ROOT / "nonexistent-cache-dir").exists()
