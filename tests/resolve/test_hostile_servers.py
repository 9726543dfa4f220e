"""Servers that misbehave on purpose, on 127.0.0.1 (RawServer, in conftest): each ends as the right verdict within its budget."""

from __future__ import annotations

import ipaddress
import json
import socket
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from auditor.cli import main
from auditor.model import Check
from auditor.resolve.cache import VerdictCache
from auditor.resolve.checker import Checker, CheckerConfig
from auditor.resolve.policy import AddressPolicy
from auditor.resolve.session import build_session
from tests.resolve.conftest import RawServer

LOOPBACK = AddressPolicy(allowed_networks=(ipaddress.ip_network("127.0.0.0/8"),))
FAST = CheckerConfig(connect_timeout=1.0, read_timeout=1.0, url_budget=2.0, retries=1, backoff=0.05,
                     host_interval=0.0, retry_after_cap=2.0)


@pytest.fixture
def checker() -> Checker:
    return Checker(build_session(LOOPBACK), LOOPBACK, FAST)


def verdict(check: Check) -> tuple[str, str | None]:
    return check.status, check.reason


def test_a_bogus_charset_is_read_as_utf8_not_a_crash(raw: RawServer, checker: Checker) -> None:
    raw.answer = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=x-bogus\r\nContent-Length: 20\r\n"
                  b"Connection: close\r\n\r\n<p>a fine page</p>\n\n")
    assert verdict(checker.check_url(raw.base + "/page")) == ("ok", None)


def test_a_superscript_retry_after_is_the_servers_fault_not_a_bad_link(raw: RawServer, checker: Checker) -> None:
    raw.answer = (b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: \xb2\r\nContent-Length: 0\r\n"
                  b"Connection: close\r\n\r\n")
    assert verdict(checker.check_url(raw.base + "/busy")) == ("unverifiable", "http-503")


def test_duplicated_content_lengths_are_a_bad_response(raw: RawServer, checker: Checker) -> None:
    raw.answer = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\nContent-Length: 9\r\n"
                  b"Connection: close\r\n\r\nhello")
    assert verdict(checker.check_url(raw.base + "/twice")) == ("unverifiable", "bad-response")


def test_a_crafted_meta_refresh_is_read_in_linear_time(raw: RawServer, checker: Checker) -> None:
    body = b"<html><head>" + b"<meta http-equiv=refresh " * 800  # 20 KB: minutes for one pattern over it all
    raw.head_answer = b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    raw.answer = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + str(len(body)).encode()
                  + b"\r\nConnection: close\r\n\r\n" + body)
    started = time.monotonic()
    assert verdict(checker.check_url(raw.base + "/refresh")) == ("ok", None)
    assert time.monotonic() - started < 3


def test_a_cache_row_whose_expiry_is_not_a_number_is_a_miss(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    cache = VerdictCache(path)
    cache.put("link:public:https://example.com/", Check("ok", None, 200))
    cache.close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE verdicts SET expires_at = 'tomorrow'")
    reopened = VerdictCache(path)
    assert reopened.get("link:public:https://example.com/") is None
    reopened.close()


@pytest.mark.parametrize("part", ["status line", "headers", "body"])
def test_a_server_dribbling_a_byte_at_a_time_cannot_hold_a_check_past_its_budget(raw: RawServer, checker: Checker,
                                                                                part: str) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 4000\r\nConnection: close\r\n\r\n"
    body = b"<p>" + b"slow " * 800
    raw.head_answer = b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    raw.answer = head + body
    raw.dribble = 0.02  # every read gets a byte well within the read timeout; the whole takes minutes
    if part == "body":
        raw.answer = head + body
    elif part == "headers":
        raw.answer = b"HTTP/1.1 200 OK\r\n" + b"X-Padding: " + b"a" * 3000 + b"\r\n\r\n"
    else:
        raw.answer = b"HTTP/1.1 " + b" " * 3000 + b"200 OK\r\n\r\n"
    started = time.monotonic()
    check = checker.check_url(raw.base + "/slow")
    elapsed = time.monotonic() - started
    assert elapsed < FAST.url_budget + 1.5
    if part == "body":
        assert verdict(check) == ("ok", None)  # the answer was known before the body: 200
    else:
        assert verdict(check) == ("unverifiable", "timeout")


def test_a_name_lookup_that_never_answers_ends_with_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    import auditor.resolve.policy as policy

    release = threading.Event()

    def hangs(*args: object, **kwargs: object) -> list[object]:
        release.wait(30)
        raise socket.gaierror(socket.EAI_AGAIN, "gave up")

    monkeypatch.setattr(policy.socket, "getaddrinfo", hangs)
    public = AddressPolicy()
    checker = Checker(build_session(public), public, FAST)
    started = time.monotonic()
    check = checker.check_url("http://news.example/story")
    release.set()
    assert time.monotonic() - started < FAST.url_budget + 1.5
    assert verdict(check) in (("unverifiable", "dns"), ("unverifiable", "timeout"))


# -- going online: no network at all is one clear message, and nothing it caused is cached --------------

def _article_with_links(tmp_path: Path, count: int) -> Path:
    article = tmp_path / "a.txt"
    article.write_text("".join(f"Read it at https://www.ferrytown-herald-{i}.com/news/{i} today.\n\n" for i in range(count)), encoding="utf-8")
    return article


def _rows(cache: Path) -> int:
    with sqlite3.connect(cache) as db:
        return int(db.execute("SELECT count(*) FROM verdicts").fetchone()[0])


def _resolve_with_lookups_failing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errno: int, links: int
                                  ) -> tuple[Result, Path]:
    """Scan an article of ``links`` links with --resolve while every name lookup fails with ``errno``."""
    import auditor.resolve.policy as policy

    def failing(*args: object, **kwargs: object) -> list[object]:
        raise socket.gaierror(errno, "lookup failed")

    monkeypatch.setattr(policy.socket, "getaddrinfo", failing)
    cache = tmp_path / "cache.sqlite"
    result = CliRunner().invoke(main, ["scan", str(_article_with_links(tmp_path, links)), "--resolve", "--cache",
                                       str(cache), "-f", "json"])
    return result, cache


def test_no_resolver_answering_stops_the_run_with_one_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result, cache = _resolve_with_lookups_failing(tmp_path, monkeypatch, socket.EAI_AGAIN, 30)
    assert result.exit_code == 3
    assert "auditor: error: cannot go online: the first 8 checks all failed because no name could be looked up" \
        in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert _rows(cache) == 0


def test_a_name_that_does_not_exist_is_the_links_own_verdict_and_cached(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    result, cache = _resolve_with_lookups_failing(tmp_path, monkeypatch, socket.EAI_NONAME, 10)
    assert result.exit_code == 0, result.stderr
    checks = [link["check"] for link in json.loads(result.stdout)["articles"][0]["links"]]
    assert {(c["status"], c["reason"]) for c in checks} == {("unverifiable", "dns")}
    assert _rows(cache) == 10


def test_a_dead_proxy_stops_the_run_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    cache = tmp_path / "cache.sqlite"
    started = time.monotonic()
    result = CliRunner().invoke(main, ["scan", str(_article_with_links(tmp_path, 30)), "--resolve", "--cache",
                                       str(cache), "--timeout", "1"])
    assert time.monotonic() - started < 20
    assert result.exit_code == 3
    assert "the proxy set in HTTP(S)_PROXY does not answer" in result.stderr
    assert result.stderr.splitlines()[0] == "auditor: checking 30 URLs"
    assert _rows(cache) == 0
