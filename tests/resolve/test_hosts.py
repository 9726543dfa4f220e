"""Settings by host: headers, accepted statuses, limits and timeouts, from --header/--accept and [hosts] tables,
against real servers on 127.0.0.1 (and "localhost", the same server under a second host name)."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.resolve.hosts import HostSettings, HostTable, host_table, parse_header, parse_statuses
from tests.resolve.conftest import Handler, LocalServer


def test_headers_and_statuses_are_read_strictly() -> None:
    assert parse_header("X-Desk:  night shift ") == ("X-Desk", "night shift")
    assert parse_header("Cookie: a=1; b=2") == ("Cookie", "a=1; b=2")
    for bad in ("no colon", ": empty name", "Bad Name: x", "X-A: line\r\nInjected: 1"):
        with pytest.raises(ValueError):
            parse_header(bad)
    assert parse_statuses("403, 999") == {403, 999}
    assert parse_statuses("400-403") == {400, 401, 402, 403}
    assert parse_statuses([403, "410-410"]) == {403, 410}
    for bad in ("2000", "403-400", "99", "x", "403,"):
        with pytest.raises(ValueError):
            parse_statuses(bad)


def test_the_most_specific_host_name_wins_and_covers_its_subdomains() -> None:
    table = host_table(HostSettings(headers=(("X-Desk", "night"), ("Cookie", "all=1"))), {
        "reuters.com": {"header": ["Cookie: consent=1"], "accept": "403"},
        "graphics.reuters.com": {"header": {"X-Desk": "graphics"}},
        "Bücher.de": {"concurrency": 1},
    }, "auditor.toml")
    assert table.headers("www.reuters.com") == {"X-Desk": "night", "Cookie": "consent=1"}  # the host's own win
    assert table.headers("graphics.reuters.com") == {"X-Desk": "graphics", "Cookie": "all=1"}
    assert table.headers("notreuters.com") == {"X-Desk": "night", "Cookie": "all=1"}
    assert table.accepts("www.reuters.com", 403) and not table.accepts("www.reuters.com", 401)
    assert not table.accepts("graphics.reuters.com", 403)  # its own table says nothing of 403
    assert table.own("xn--bcher-kva.de") == table.own("bücher.de") == HostSettings(concurrency=1)
    assert HostTable().headers_digest() == "" != table.headers_digest()


@pytest.mark.parametrize(("table", "says"), [
    ({"example.com": {"headers": ["X: 1"]}}, "unknown key 'headers' (valid: header, accept"),
    ({"example.com": {"concurrency": 0}}, "concurrency: a whole number from 1 to 32"),
    ({"example.com": {"timeout": "fast"}}, "timeout: a number of seconds"),
    ({"example.com": {"accept": "4xx"}}, "'4xx' is not an HTTP status"),
    ({"example.com": {"header": "X: 1"}}, "header: a list of 'Name: value' strings"),
    ({"https://example.com/": {"timeout": 1}}, "a host name (example.com)"),
])
def test_a_bad_host_table_is_a_usage_error_naming_the_file_and_the_key(tmp_path: Path, table: dict[str, Any],
                                                                        says: str) -> None:
    config = tmp_path / "auditor.toml"
    lines = []
    for host, values in table.items():
        lines.append(f'[hosts."{host}"]')
        lines.extend(f"{key} = {json.dumps(value)}" for key, value in values.items())
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(config), "resolve", "http://127.0.0.1:9/"])
    assert result.exit_code == 2
    assert str(config) in result.stderr and says in result.stderr and "[hosts." in result.stderr


def test_hosts_belong_at_the_top_level(tmp_path: Path) -> None:
    config = tmp_path / "auditor.toml"
    config.write_text('[scan.hosts."example.com"]\nconcurrency = 1\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(config), "scan", str(tmp_path)])
    assert result.exit_code == 2 and "[hosts] belongs at the top level, not in [scan]" in result.stderr


def _recording(server: LocalServer, path: str, status: int = 200, **headers: str) -> list[dict[str, str]]:
    seen: list[dict[str, str]] = []

    def route(h: Handler) -> None:
        seen.append({k.lower(): v for k, v in h.headers.items()})
        h.reply(status, b"<p>page</p>", headers or None)

    server.routes[path] = route
    return seen


def test_a_hosts_headers_go_to_that_host_only_and_never_follow_a_redirect_elsewhere(
        server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    port = server.base.rsplit(":", 1)[1]
    at_home = _recording(server, "/home", 302, Location=f"http://localhost:{port}/away")
    away = _recording(server, "/away")
    config = tmp_path / "auditor.toml"
    config.write_text('[hosts."127.0.0.1"]\nheader = ["Authorization: Bearer s3cret", "User-Agent: desk-bot/2"]\n',
                      encoding="utf-8")
    monkeypatch.setenv("AUDITOR_HEADER", "X-Desk: night shift\nX-Run: 7")  # one a line
    result = CliRunner().invoke(main, ["--config", str(config), "resolve", server.url("/home"), "--allow-private",
                                       "--no-cache", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["check"]["status"] == "ok"
    (home,), (elsewhere,) = at_home, away
    assert home["authorization"] == "Bearer s3cret" and home["user-agent"] == "desk-bot/2"
    assert home["x-desk"] == "night shift" and home["x-run"] == "7"
    assert "authorization" not in elsewhere and elsewhere["user-agent"].startswith("auditor/")
    assert elsewhere["x-desk"] == "night shift"


def test_accepted_statuses_make_a_live_link_by_host_and_the_cache_keeps_what_the_server_said(
        server: LocalServer, tmp_path: Path) -> None:
    _recording(server, "/walled", 403)
    _recording(server, "/members", 401)
    port = server.base.rsplit(":", 1)[1]
    urls = [server.url("/walled"), server.url("/members"), f"http://localhost:{port}/walled"]
    cache = str(tmp_path / "c.sqlite")
    config = tmp_path / "auditor.toml"
    config.write_text('[hosts."127.0.0.1"]\naccept = [401]\n', encoding="utf-8")

    def verdicts(*extra: str) -> list[tuple[str, str | None]]:
        result = CliRunner().invoke(main, ["--config", str(config), "resolve", *urls, "--allow-private",
                                           "--cache", cache, "-f", "json", "-q", *extra])
        return [(c["check"]["status"], c["check"]["reason"]) for c in json.loads(result.stdout)]

    assert verdicts("--accept", "403") == [("ok", "accepted-http-403"), ("ok", "accepted-http-401"),
                                           ("ok", "accepted-http-403")]
    config.write_text("", encoding="utf-8")
    assert verdicts() == [("unverifiable", "http-403"), ("unverifiable", "http-401"), ("unverifiable", "http-403")]
    assert server.count("/walled") == 2  # the second run read the cache: what the server said, not what was accepted


def test_a_hosts_own_limits_hold_requests_apart(server: LocalServer, tmp_path: Path) -> None:
    lock = threading.Lock()
    state = {"now": 0, "most": 0}
    starts: list[float] = []

    def slow(h: Handler) -> None:
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
            starts.append(time.monotonic())
        time.sleep(0.15)
        with lock:
            state["now"] -= 1
        h.reply(200, b"<p>ok</p>")

    for n in range(4):
        server.routes[f"/p{n}"] = slow
    urls = [server.url(f"/p{n}") for n in range(4)]

    def run(config_text: str) -> None:
        state["most"] = 0
        starts.clear()
        config = tmp_path / "auditor.toml"
        config.write_text(config_text, encoding="utf-8")
        result = CliRunner().invoke(main, ["--config", str(config), "resolve", *urls, "--allow-private", "--no-cache",
                                           "-q"])
        assert result.exit_code == 0, result.output

    run("")
    assert state["most"] == 2  # by default, two at a time to one host
    run('[hosts."127.0.0.1"]\nconcurrency = 1\n')
    assert state["most"] == 1
    run('[hosts."127.0.0.1"]\ninterval = 0.3\n')  # two may be in flight, but they start 0.3 s apart
    gaps = [b - a for a, b in zip(sorted(starts), sorted(starts)[1:], strict=False)]
    assert len(gaps) == 3 and min(gaps) >= 0.28


def test_a_hosts_own_timeout_replaces_the_runs(server: LocalServer, tmp_path: Path) -> None:
    def late(h: Handler) -> None:
        time.sleep(1.5)
        h.reply(200, b"<p>late</p>")

    server.routes["/late"] = late
    config = tmp_path / "auditor.toml"

    def verdict(config_text: str) -> tuple[str, str | None]:
        config.write_text(config_text, encoding="utf-8")
        result = CliRunner().invoke(main, ["--config", str(config), "resolve", server.url("/late"), "--allow-private",
                                           "--no-cache", "--timeout", "10", "-f", "json", "-q"])
        check = json.loads(result.stdout)[0]["check"]
        return check["status"], check["reason"]

    assert verdict("") == ("ok", None)
    assert verdict('[hosts."127.0.0.1"]\ntimeout = 0.5\n') == ("unverifiable", "timeout")
