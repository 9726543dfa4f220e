"""`scan --resolve` and `resolve` from the command line, against a server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from auditor.cli import main
from tests.conftest import ROOT
from tests.resolve.conftest import LocalServer


@pytest.fixture
def article(server: LocalServer, tmp_path: Path) -> Path:
    server.routes["/live"] = lambda h: h.reply(200, b"<p>live</p>")
    server.routes["/short"] = lambda h: h.reply(301, headers={"Location": "/live"})
    path = tmp_path / "story.txt"
    path.write_text(f"Officials told Reuters the talks had stalled.\n\nMore at {server.url('/short')} and "
                    f"{server.url('/gone')}, and again {server.url('/short')}.\n", encoding="utf-8")
    return path


def test_scan_resolve_fills_every_check(server: LocalServer, article: Path, tmp_path: Path, validate: Any) -> None:
    args = ["scan", str(article), "--resolve", "--allow-private", "--cache", str(tmp_path / "c.sqlite"), "-f", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1  # a broken link is an error finding; --fail-on error by default
    data = validate(result.stdout)
    assert data["meta"]["resolved"] is True
    checks = {link["url"]: link["check"] for link in data["articles"][0]["links"]}
    assert checks[server.url("/short")]["status"] == "ok"
    assert checks[server.url("/short")]["final_url"] == server.url("/live")
    assert checks[server.url("/gone")]["reason"] == "http-404"
    assert server.count("/short") == 1  # each unique URL once per run
    assert "broken-link" in [f["rule"] for f in data["articles"][0]["findings"]]
    assert data["summary"]["checks_by_status"] == {"broken": 1, "ok": 1}
    assert "checked 2 unique URLs (0 from cache" in result.stderr


def test_without_resolve_nothing_is_checked_or_requested(server: LocalServer, article: Path, validate: Any) -> None:
    data = validate(CliRunner().invoke(main, ["scan", str(article), "-f", "json"]).stdout)
    assert data["meta"]["resolved"] is False
    assert all(link["check"] is None for link in data["articles"][0]["links"])
    assert server.seen == []


def test_private_addresses_are_refused_by_default(server: LocalServer, article: Path) -> None:
    result = CliRunner().invoke(main, ["scan", str(article), "--resolve", "--no-cache", "-f", "json"])
    checks = [link["check"] for link in json.loads(result.stdout)["articles"][0]["links"]]
    assert {(c["status"], c["reason"]) for c in checks} == {("refused", "private-address")}
    assert server.seen == []
    assert result.exit_code == 0  # refused links are warnings


def test_progress_on_a_log_is_a_line_per_tenth(server: LocalServer, tmp_path: Path) -> None:
    lines = "\n\n".join(f"Item {server.url(f'/p{i}')}" for i in range(20))
    for i in range(20):
        server.routes[f"/p{i}"] = lambda h: h.reply(200)
    (tmp_path / "a.txt").write_text(lines)
    result = CliRunner().invoke(main, ["scan", str(tmp_path / "a.txt"), "--resolve", "--allow-private", "--no-cache"])
    progress = [line for line in result.stderr.splitlines() if line.startswith("auditor: checking")]
    assert progress[0] == "auditor: checking 20 URLs"  # at once, before the first answer
    assert len(progress) == 11
    assert progress[-1] == "auditor: checking 20/20 URLs (100%)"
    quiet = CliRunner().invoke(main, ["scan", str(tmp_path / "a.txt"), "--resolve", "--allow-private", "--no-cache", "-q"])
    assert quiet.stderr == ""


def test_resolve_command_shows_each_hop(server: LocalServer, article: Path) -> None:
    result = CliRunner().invoke(main, ["resolve", server.url("/short"), "--allow-private", "--no-cache"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        server.url("/short"), f"  301  {server.url('/short')}", f"  200  {server.url('/live')}",
        f"  => ok  final: {server.url('/live')}"]
    broken = CliRunner().invoke(main, ["resolve", server.url("/gone"), "--allow-private", "--no-cache", "-f", "json"])
    assert broken.exit_code == 1
    (item,) = json.loads(broken.stdout)
    assert (item["check"]["status"], item["check"]["reason"]) == ("broken", "http-404")


def test_resolve_rejects_what_is_not_a_url() -> None:
    result = CliRunner().invoke(main, ["resolve", "mailto:desk@example.com"])
    assert result.exit_code == 2


def test_offline_machine_answers_quickly(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_dns(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)  # a machine with no network and no proxy
    start = time.monotonic()
    result = CliRunner().invoke(main, ["scan", str(ROOT / "seeds"), "--resolve", "--no-cache", "-f", "json"])
    elapsed = time.monotonic() - start
    checks = [link["check"] for a in json.loads(result.stdout)["articles"] for link in a["links"]]
    assert checks and {(c["status"], c["reason"]) for c in checks} == {("unverifiable", "dns")}
    tweet = json.loads(result.stdout)["articles"][0]["tweets"][0]
    assert tweet["check"] == {"status": "skipped", "reason": "no-url", "http_status": None, "final_url": None,
                              "chain": [], "cached": False, "broken_since": None, "broken_runs": 0,
                              "archive": None, "live": None, "text": None, "text_diff": []}
    assert elapsed < 10


def test_excluded_urls_are_skipped_not_fetched(server: LocalServer, article: Path) -> None:
    args = ["scan", str(article), "--resolve", "--allow-private", "--no-cache", "--exclude", "/gone$", "-f", "json"]
    result = CliRunner().invoke(main, args)
    checks = {link["url"]: link["check"] for link in json.loads(result.stdout)["articles"][0]["links"]}
    assert (checks[server.url("/gone")]["status"], checks[server.url("/gone")]["reason"]) == ("skipped", "excluded")
    assert server.count("/gone") == 0 and server.count("/short") == 1
    bad = CliRunner().invoke(main, ["scan", str(article), "--resolve", "--exclude", "(unclosed"])
    assert bad.exit_code == 2 and "not a regular expression" in bad.stderr


def test_a_cache_that_cannot_be_written_exits_4_with_the_report_complete(server: LocalServer, article: Path,
                                                                          tmp_path: Path) -> None:
    import sqlite3

    from auditor.resolve.cache import VerdictCache

    cache = tmp_path / "c.sqlite"
    VerdictCache(cache).close()
    with sqlite3.connect(cache) as db:
        db.execute("PRAGMA user_version=99")  # a newer auditor's: left untouched, so nothing of this run is kept
    db.close()
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["scan", str(article), "--resolve", "--allow-private", "--cache", str(cache),
                                       "-f", "json", "-o", str(out), "--fail-on", "never"])
    assert result.exit_code == 4
    assert "the verdict cache could not be written" in result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["meta"]["resolved"] is True  # the report is whole
    resolved = CliRunner().invoke(main, ["resolve", server.url("/live"), "--allow-private", "--cache", str(cache), "-q"])
    assert resolved.exit_code == 4


def test_an_unwritable_cache_or_report_stops_the_run_before_anything_is_checked(server: LocalServer, article: Path,
                                                                                 tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    for extra in (["--cache", str(blocker / "c.sqlite")], ["--no-cache", "-o", str(blocker / "r.json")],
                  ["--no-cache", "-o", str(tmp_path)]):
        result = CliRunner().invoke(main, ["scan", str(article), "--resolve", "--allow-private", *extra])
        assert result.exit_code == 4, extra
        assert "nothing was scanned" in result.stderr
    assert server.seen == []


def test_fail_after_fails_a_link_only_once_it_has_been_broken_that_many_runs(server: LocalServer, tmp_path: Path) -> None:
    state = {"gone": True}
    server.routes["/flaky"] = lambda h: h.reply(404 if state["gone"] else 200)
    server.routes["/dead"] = lambda h: h.reply(410)
    story = tmp_path / "story.txt"
    story.write_text(f"Officials told Reuters the talks stalled.\n\nSee {server.url('/flaky')} and "
                     f"{server.url('/dead')}.\n", encoding="utf-8")
    cache = tmp_path / "c.sqlite"

    def night() -> tuple[int, dict[str, Any]]:
        # --max-age 0: each night checks again, as a nightly job does once yesterday's verdicts have expired
        result = CliRunner().invoke(main, ["scan", str(story), "--resolve", "--allow-private", "--cache", str(cache),
                                           "--max-age", "0", "--fail-after", "3", "-f", "json", "-q"])
        checks = {link["url"]: link["check"] for link in json.loads(result.stdout)["articles"][0]["links"]}
        return result.exit_code, checks

    code, first = night()
    assert code == 0 and first[server.url("/dead")]["broken_runs"] == 1
    since = first[server.url("/dead")]["broken_since"]
    code, second = night()
    assert code == 0 and second[server.url("/dead")]["broken_runs"] == 2
    state["gone"] = False  # the flaky page is back: its streak ends
    code, third = night()
    assert code == 1  # the dead page has been broken three nights in a row
    assert third[server.url("/dead")]["broken_runs"] == 3 and third[server.url("/dead")]["broken_since"] == since
    assert third[server.url("/flaky")]["status"] == "ok" and third[server.url("/flaky")]["broken_runs"] == 0
    state["gone"] = True
    code, fourth = night()
    assert fourth[server.url("/flaky")]["broken_runs"] == 1  # a new streak starts from one
    # the same report judged without --fail-after fails at once
    again = CliRunner().invoke(main, ["scan", str(story), "--resolve", "--allow-private", "--cache", str(cache), "-q"])
    assert again.exit_code == 1
