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
    assert HostTable().headers_digest("www.reuters.com") == "" != table.headers_digest("www.reuters.com")
    assert table.headers_digest("www.reuters.com") != table.headers_digest("graphics.reuters.com")


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


def test_names_are_keyed_as_requests_spell_them_and_addresses_cover_themselves_only() -> None:
    table = host_table(HostSettings(), {"straße.de": {"concurrency": 1}, "127.0.0.1": {"concurrency": 2},
                                        "0.0.1": {"concurrency": 3}, "[::1]": {"concurrency": 4}}, "f.toml")
    assert table.own("xn--strae-oqa.de") == HostSettings(concurrency=1)  # IDNA 2008, as urllib3 writes it
    assert table.own("strasse.de") is None  # IDNA 2003's spelling is another domain
    assert table.own("127.0.0.1") == HostSettings(concurrency=2)
    assert table.own("[::1]") == HostSettings(concurrency=4)
    assert table.own("10.0.0.1") is None
    for bad in ("exa mple.com", "*", "user@example.com", "", "example.com/path", "-x.com"):
        with pytest.raises(ValueError, match="a host name"):
            host_table(HostSettings(), {bad: {}}, "f.toml")
    with pytest.raises(ValueError, match="given twice"):
        host_table(HostSettings(), {"EXAMPLE.com": {}, "example.com.": {}}, "f.toml")


@pytest.mark.parametrize(("header", "says"), [
    ("Host: elsewhere.example", "set by the HTTP library"),
    ("Transfer-Encoding: chunked", "set by the HTTP library"),
    ("X-Desk: 東京", "only Latin-1"),
    ("X-Desk: a\x07b", "control character"),
])
def test_headers_a_server_cannot_take_are_refused(header: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_header(header)
    result = CliRunner().invoke(main, ["resolve", "http://127.0.0.1:9/", "--header", header])
    assert result.exit_code == 2 and says in result.stderr


def test_seconds_that_are_no_number_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="timeout: a number of seconds"):
        host_table(HostSettings(), {"example.com": {"timeout": float("nan")}}, "f.toml")
    with pytest.raises(ValueError, match="interval: a number of seconds"):
        host_table(HostSettings(), {"example.com": {"interval": float("inf")}}, "f.toml")
    for option in ("--timeout", "--max-age"):
        result = CliRunner().invoke(main, ["resolve", "http://127.0.0.1:9/", option, "nan"])
        assert result.exit_code == 2 and "not a number of seconds" in result.stderr


def test_settings_for_every_host_are_checked_in_the_file_and_named_by_it(tmp_path: Path) -> None:
    config = tmp_path / "auditor.toml"
    for text, says in (('header = ["bad header"]\n', "header: "), ('accept = "4xx"\n', "accept: "),
                       ('[resolve]\naccept = "abc"\n', "[resolve] accept: ")):
        config.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(main, ["--config", str(config), "resolve", "http://127.0.0.1:9/"])
        assert result.exit_code == 2 and f"{config}: {says}" in result.stderr, text


def test_accept_may_be_a_list_and_the_environment_may_end_in_a_blank_line(
        server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _recording(server, "/walled", 403)
    config = tmp_path / "auditor.toml"
    config.write_text("accept = [403, 999]\n", encoding="utf-8")
    monkeypatch.setenv("AUDITOR_HEADER", "X-Desk: night\nX-Run: 7\n\n")  # as a YAML block writes it
    result = CliRunner().invoke(main, ["--config", str(config), "resolve", server.url("/walled"), "--allow-private",
                                       "--no-cache", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["check"]["reason"] == "accepted-http-403"
    assert seen[0]["x-run"] == "7"


def test_no_configured_header_goes_over_plain_http_after_https(monkeypatch: pytest.MonkeyPatch) -> None:
    import responses

    from auditor.resolve.checker import Checker, CheckerConfig
    from auditor.resolve.policy import AddressPolicy
    from auditor.resolve.session import build_session

    hosts = host_table(HostSettings(headers=(("X-Desk", "night"),)),
                       {"news.example": {"header": ["Cookie: session=s3cret"]}}, "f.toml")
    policy = AddressPolicy()
    checker = Checker(build_session(policy), policy, CheckerConfig(host_interval=0.0, hosts=hosts))
    with responses.RequestsMock() as mocked:
        mocked.get("https://news.example/a", status=302, headers={"Location": "http://news.example/b"})
        mocked.get("http://news.example/b", status=302, headers={"Location": "https://news.example/c"})
        mocked.get("https://news.example/c", status=200)
        assert checker.check_url("https://news.example/a").status == "ok"
        sent = [(c.request.url, c.request.headers.get("Cookie"), c.request.headers.get("X-Desk"))
                for c in mocked.calls]
    assert sent == [("https://news.example/a", "session=s3cret", "night"), ("http://news.example/b", None, None),
                    ("https://news.example/c", "session=s3cret", "night")]


def test_an_accepted_status_leaves_the_broken_streak_as_the_server_said(server: LocalServer, tmp_path: Path) -> None:
    server.routes["/gone"] = lambda h: h.reply(404)
    story = tmp_path / "story.txt"
    story.write_text(f"Officials told Reuters the talks stalled; see {server.url('/gone')}.\n", encoding="utf-8")
    cache = str(tmp_path / "c.sqlite")

    def night(*extra: str) -> dict[str, Any]:
        result = CliRunner().invoke(main, ["scan", str(story), "--resolve", "--allow-private", "--cache", cache,
                                           "--max-age", "0", "-f", "json", "-q", *extra])
        return dict(json.loads(result.stdout)["articles"][0]["links"][0]["check"])

    assert night()["broken_runs"] == 1
    assert night()["broken_runs"] == 2
    accepted = night("--accept", "404")
    assert (accepted["status"], accepted["reason"], accepted["broken_runs"]) == ("ok", "accepted-http-404", 0)
    assert night()["broken_runs"] == 4  # the accepting run counted what the server said
