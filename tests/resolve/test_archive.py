"""--suggest-archive: archived copies of dead links and deleted posts, as of the article's publication date, from a
local emulation of the Internet Archive's availability API and of a Memento aggregator on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from auditor.model import Archive, Check, Meta, Report
from auditor.report import RenderOptions, render_chunks, write_output
from auditor.resolve import ResolveOptions, resolve_report
from auditor.resolve.archive import ArchiveConfig
from auditor.scan import scan_article
from tests.resolve.conftest import Handler, LocalServer
from tests.resolve.test_integration import FAST, LOOPBACK

SNAPSHOT = "http://web.archive.org/web/{}/{}"


class Wayback:
    """The availability API: the closest copy before, after or either side of ``timestamp``, as asked."""

    def __init__(self, server: LocalServer, copies: dict[str, list[str]]) -> None:
        self.copies = copies
        self.asked: list[dict[str, str]] = []
        self.down = False
        server.routes["/wayback/available"] = self.answer

    def answer(self, h: Handler) -> None:
        query = {k: v[0] for k, v in parse_qs(urlsplit(h.path).query).items()}
        self.asked.append(query)
        if self.down:
            h.reply(503, b"busy")
            return
        taken = sorted(self.copies.get(query["url"], []))
        moment, closest = query.get("timestamp"), query.get("closest", "either")
        if moment is None:
            pick = taken[-1:] or []
        elif closest == "before":
            pick = [t for t in taken if t <= moment][-1:]
        elif closest == "after":
            pick = [t for t in taken if t >= moment][:1]
        else:
            pick = sorted(taken, key=lambda t: abs(int(t) - int(moment)))[:1]
        found: dict[str, Any] = {}
        if pick:
            found = {"closest": {"available": True, "url": SNAPSHOT.format(pick[0], query["url"]),
                                 "timestamp": pick[0], "status": "200"}}
        h.reply(200, json.dumps({"url": query["url"], "archived_snapshots": found}).encode(),
                {"Content-Type": "application/json"})


def article(server: LocalServer, body: str, date: str | None = "2023-06-24") -> Report:
    text = (f"date {date}\n\n" if date else "") + "Officials told Reuters the plan had failed.\n\n" + body + "\n"
    return Report(Meta("2026-01-01T00:00:00Z"), (scan_article("a.txt", text.encode()),))


def options(server: LocalServer, tmp_path: Path, *, memento: str | None = None, archive: bool = True) -> ResolveOptions:
    config = replace(FAST, oembed_endpoint=server.url("/oembed"))
    copies = ArchiveConfig(server.url("/wayback/available"), memento, interval=0.0) if archive else None
    return ResolveOptions(workers=4, cache_path=tmp_path / "cache.sqlite", config=config, archive=copies)


def links(report: Report) -> dict[str, Check]:
    return {link.url: link.check for a in report.articles for link in a.links if link.check}


@pytest.fixture
def pages(server: LocalServer) -> LocalServer:
    server.routes["/ok"] = lambda h: h.reply(200, b"<p>here</p>")
    for path in ("/gone", "/later", "/never"):
        server.routes[path] = lambda h: h.reply(404, b"not found")
    return server


def test_the_copy_before_the_article_is_chosen_over_a_nearer_one_after(pages: LocalServer, tmp_path: Path) -> None:
    gone = pages.url("/gone")
    wayback = Wayback(pages, {gone: ["20230101120000", "20230620044612", "20230625000000"]})
    report = resolve_report(article(pages, f"Source: {gone}"), options(pages, tmp_path), policy=LOOPBACK)
    check = links(report)[gone]
    assert (check.status, check.reason) == ("broken", "http-404")
    assert check.archive == Archive(SNAPSHOT.format("20230620044612", gone), "2023-06-20T04:46:12Z", "wayback")
    assert wayback.asked[0]["timestamp"] == "20230624235959" and wayback.asked[0]["closest"] == "before"


def test_with_no_copy_before_the_first_one_after_is_offered(pages: LocalServer, tmp_path: Path) -> None:
    later = pages.url("/later")
    Wayback(pages, {later: ["20230801000000", "20240101000000"]})
    report = resolve_report(article(pages, f"Source: {later}"), options(pages, tmp_path), policy=LOOPBACK)
    assert links(report)[later].archive == Archive(SNAPSHOT.format("20230801000000", later), "2023-08-01T00:00:00Z",
                                                   "wayback")


def test_no_copy_anywhere_is_said_and_live_links_are_not_looked_up(pages: LocalServer, tmp_path: Path) -> None:
    never, ok = pages.url("/never"), pages.url("/ok")
    wayback = Wayback(pages, {ok: ["20230101000000"]})
    report = resolve_report(article(pages, f"Sources: {never} and {ok}"), options(pages, tmp_path), policy=LOOPBACK)
    verdicts = links(report)
    assert verdicts[never].archive == Archive(None, note="no-snapshot")
    assert verdicts[ok].status == "ok" and verdicts[ok].archive is None
    assert {q["url"] for q in wayback.asked} == {never}


def test_a_deleted_post_gets_the_copy_taken_before_the_article(pages: LocalServer, tmp_path: Path) -> None:
    post = "https://x.com/SkyNews/status/1672580000000000000"
    canonical = "https://twitter.com/SkyNews/status/1672580000000000000"  # NOTE: as the archive keeps most posts
    pages.routes["/oembed"] = lambda h: h.reply(404, b'{"error": "not found"}', {"Content-Type": "application/json"})
    Wayback(pages, {canonical: ["20230624101500", "20230630000000"]})
    report = resolve_report(article(pages, f"The broadcaster posted:\n\n{post}"), options(pages, tmp_path),
                            policy=LOOPBACK)
    (tweet,) = report.articles[0].tweets
    assert (tweet.check.status, tweet.check.reason) == ("broken", "tweet-deleted")  # type: ignore[union-attr]
    assert tweet.check.archive == Archive(SNAPSHOT.format("20230624101500", canonical),  # type: ignore[union-attr]
                                          "2023-06-24T10:15:00Z", "wayback")


def test_the_archive_down_leaves_the_verdict_and_says_it_could_not_be_asked(pages: LocalServer, tmp_path: Path) -> None:
    gone = pages.url("/gone")
    wayback = Wayback(pages, {gone: ["20230601000000"]})
    wayback.down = True
    report = resolve_report(article(pages, f"Source: {gone}"), options(pages, tmp_path), policy=LOOPBACK)
    check = links(report)[gone]
    assert (check.status, check.reason) == ("broken", "http-404")
    assert check.archive == Archive(None, note="archive-unreachable: http-503")
    assert [f.rule for f in report.articles[0].findings] == ["broken-link"]
    wayback.down = False  # NOTE: the archive back: its silence was not kept as "no copy"
    again = resolve_report(article(pages, f"Source: {gone}"), options(pages, tmp_path), policy=LOOPBACK)
    assert links(again)[gone].archive.url == SNAPSHOT.format("20230601000000", gone)  # type: ignore[union-attr]


def test_the_archives_answers_are_kept_in_the_cache(pages: LocalServer, tmp_path: Path) -> None:
    gone, never = pages.url("/gone"), pages.url("/never")
    wayback = Wayback(pages, {gone: ["20230601000000"]})
    first = resolve_report(article(pages, f"See {gone} and {never}"), options(pages, tmp_path), policy=LOOPBACK)
    asked = len(wayback.asked)
    second = resolve_report(article(pages, f"See {gone} and {never}"), options(pages, tmp_path), policy=LOOPBACK)
    assert len(wayback.asked) == asked  # nothing asked again: a copy, and "none", both kept
    assert links(first) == {url: replace(c, cached=False) for url, c in links(second).items()}
    other_day = resolve_report(article(pages, f"See {gone}", date="2020-01-01"), options(pages, tmp_path),
                               policy=LOOPBACK)
    assert len(wayback.asked) > asked  # another article's date is another question
    assert links(other_day)[gone].archive.url == SNAPSHOT.format("20230601000000", gone)  # type: ignore[union-attr]


def test_without_suggest_archive_no_archive_is_asked(pages: LocalServer, tmp_path: Path) -> None:
    gone = pages.url("/gone")
    wayback = Wayback(pages, {gone: ["20230601000000"]})
    report = resolve_report(article(pages, f"Source: {gone}"), options(pages, tmp_path, archive=False), policy=LOOPBACK)
    assert links(report)[gone].archive is None
    assert wayback.asked == []


def test_an_article_without_a_date_gets_the_newest_copy(pages: LocalServer, tmp_path: Path) -> None:
    gone = pages.url("/gone")
    wayback = Wayback(pages, {gone: ["20200101000000", "20230601000000"]})
    report = resolve_report(article(pages, f"Source: {gone}", date=None), options(pages, tmp_path), policy=LOOPBACK)
    assert links(report)[gone].archive.timestamp == "2023-06-01T00:00:00Z"  # type: ignore[union-attr]
    assert "timestamp" not in wayback.asked[0]


def test_a_memento_aggregator_is_asked_where_the_internet_archive_has_nothing(pages: LocalServer,
                                                                               tmp_path: Path) -> None:
    gone = pages.url("/gone")
    Wayback(pages, {})
    asked: list[str] = []

    def timetravel(h: Handler) -> None:
        asked.append(h.path)
        body = {"original_uri": gone, "mementos": {
            "closest": {"datetime": "2023-06-26T08:00:00Z", "uri": ["http://arquivo.pt/wayback/20230626080000/" + gone]},
            "prev": {"datetime": "2023-05-02T10:00:00Z", "uri": ["http://archive.today/20230502100000/" + gone]}}}
        h.reply(200, json.dumps(body).encode(), {"Content-Type": "application/json"})

    pages.routes["/timetravel/api/json/*"] = timetravel
    report = resolve_report(article(pages, f"Source: {gone}"),
                            options(pages, tmp_path, memento=pages.url("/timetravel/api/json")), policy=LOOPBACK)
    assert links(report)[gone].archive == Archive("http://archive.today/20230502100000/" + gone,
                                                  "2023-05-02T10:00:00Z", "memento")
    assert asked == [f"/timetravel/api/json/20230624235959/{gone}"]


def _render(report: Report, fmt: str) -> str:
    return "".join(render_chunks(report, fmt, RenderOptions()))


def test_every_report_offers_the_copy_in_place_of_the_dead_link(pages: LocalServer, tmp_path: Path,
                                                                validate: Callable[[dict[str, Any]], Any]) -> None:
    gone, never = pages.url("/gone"), pages.url("/never")
    Wayback(pages, {gone: ["20230620044612"]})
    report = resolve_report(article(pages, f"See {gone} and {never}"), options(pages, tmp_path), policy=LOOPBACK)
    copy = SNAPSHOT.format("20230620044612", gone)
    data = validate(json.loads(_render(report, "json")))
    shown = {link["url"]: link["check"]["archive"] for link in data["articles"][0]["links"]}
    assert shown[gone] == {"url": copy, "timestamp": "2023-06-20T04:46:12Z", "source": "wayback", "note": None}
    assert shown[never] == {"url": None, "timestamp": None, "source": None, "note": "no-snapshot"}
    markdown = _render(report, "markdown")
    assert f"[replace with archived copy]({copy}) (2023-06-20)" in markdown
    assert "no archived copy" in markdown
    html = _render(report, "html")
    assert f'<a class="archive" href="{copy}"' in html and "Replace with archived copy" in html
    assert f"archived copy (2023-06-20): {copy}" in _render(report, "text")


def dead_link_with(pages: LocalServer, copy: Archive) -> Report:
    """A scanned article whose one link is dead, ``copy`` offered for it (an address no archive emulation makes)."""
    a = article(pages, f"See {pages.url('/gone')}").articles[0]
    dead = tuple(replace(link, check=Check("broken", "http-404", archive=copy)) for link in a.links)
    return Report(Meta("2026-01-01T00:00:00Z", resolved=True), (replace(a, links=dead),))


def test_a_snapshot_address_cannot_break_out_of_the_markdown_link(pages: LocalServer) -> None:
    odd = Archive("http://web.archive.org/web/1/x)|<script>", "2023-06-20T04:46:12Z", "wayback")
    markdown = _render(dead_link_with(pages, odd), "markdown")
    assert "(http://web.archive.org/web/1/x%29%7C%3Cscript%3E)" in markdown
    assert "<script>" not in markdown


def test_the_command_line_needs_resolve_for_suggest_archive(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Officials told Reuters the plan had failed.\n")
    done = subprocess.run([sys.executable, "-m", "auditor", "scan", "a.txt", "--suggest-archive", "-q"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 2
    assert "--suggest-archive" in done.stderr and "--resolve" in done.stderr


def test_the_command_line_end_to_end(pages: LocalServer, tmp_path: Path) -> None:
    gone = pages.url("/gone")
    Wayback(pages, {gone: ["20230620044612"]})
    (tmp_path / "a.txt").write_text(f"date 2023-06-24\n\nOfficials told Reuters the plan failed: {gone}\n")
    done = subprocess.run([sys.executable, "-m", "auditor", "scan", "a.txt", "--resolve", "--allow-private",
                           "--suggest-archive", "--archive-endpoint", pages.url("/wayback/available"),
                           "--cache", str(tmp_path / "c.sqlite"), "-f", "json", "--fail-on", "never"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "looking up archived copies of 1/1 dead links" in done.stderr  # progress, on a long nightly run
    (link,) = json.loads(done.stdout)["articles"][0]["links"]
    assert link["check"]["archive"]["url"] == SNAPSHOT.format("20230620044612", gone)


@pytest.mark.parametrize("body", [b"[" * 100000, b'{"archived_snapshots": ' + b"[" * 100000])
def test_an_answer_nested_past_the_parsers_depth_is_unreadable_not_a_crash(pages: LocalServer, tmp_path: Path,
                                                                           body: bytes) -> None:
    gone = pages.url("/gone")
    pages.routes["/wayback/available"] = lambda h: h.reply(200, body, {"Content-Type": "application/json"})
    report = resolve_report(article(pages, f"Source: {gone}"), options(pages, tmp_path), policy=LOOPBACK)
    assert links(report)[gone].archive == Archive(None, note="archive-unreachable: unreadable-answer")


@pytest.mark.parametrize(("when", "expected"), [
    ("9999-12-31T23:59:59-01:00", None),  # past the calendar's end in UTC: no copy, no crash
    ("2023-05-02T10:00:00", "2023-05-02T10:00:00Z"),  # no zone: the aggregator's UTC, not this machine's zone
])
def test_odd_memento_dates(pages: LocalServer, tmp_path: Path, when: str, expected: str | None) -> None:
    gone = pages.url("/gone")
    Wayback(pages, {})
    body = {"mementos": {"closest": {"datetime": when, "uri": ["http://archive.today/x/" + gone]}}}
    pages.routes["/timetravel/api/json/*"] = lambda h: h.reply(200, json.dumps(body).encode(),
                                                               {"Content-Type": "application/json"})
    report = resolve_report(article(pages, f"Source: {gone}"),
                            options(pages, tmp_path, memento=pages.url("/timetravel/api/json")), policy=LOOPBACK)
    assert links(report)[gone].archive.timestamp == expected  # type: ignore[union-attr]


def test_a_copy_that_is_no_web_address_or_from_the_future_is_not_offered(pages: LocalServer, tmp_path: Path) -> None:
    gone, later = pages.url("/gone"), pages.url("/later")

    def answer(h: Handler) -> None:
        query = {k: v[0] for k, v in parse_qs(urlsplit(h.path).query).items()}
        if query["url"] == gone:
            found = {"available": True, "url": "javascript:alert(1)//http://x", "timestamp": "20230601000000"}
        else:
            found = {"available": True, "url": SNAPSHOT.format("20990101000000", later), "timestamp": "20990101000000"}
        h.reply(200, json.dumps({"archived_snapshots": {"closest": {**found, "status": "200"}}}).encode(),
                {"Content-Type": "application/json"})

    pages.routes["/wayback/available"] = answer
    report = resolve_report(article(pages, f"See {gone} and {later}"), options(pages, tmp_path), policy=LOOPBACK)
    assert links(report)[gone].archive == Archive(None, note="no-snapshot")
    assert links(report)[later].archive == Archive(None, note="no-snapshot")


def test_an_archive_that_stops_answering_is_given_up_on(pages: LocalServer, tmp_path: Path) -> None:
    urls = [pages.url(f"/gone{i}") for i in range(6)]
    for url in urls:
        pages.routes[url.removeprefix(pages.base)] = lambda h: h.reply(404)
    wayback = Wayback(pages, {})
    wayback.down = True
    report = resolve_report(article(pages, "Sources: " + " ".join(urls)), options(pages, tmp_path), policy=LOOPBACK)
    notes = [links(report)[url].archive.note for url in urls]  # type: ignore[union-attr]
    assert notes[:3] == ["archive-unreachable: http-503"] * 3
    assert all(n is not None and n.startswith("archive-unreachable: not asked after 3") for n in notes[3:])
    assert len({q["url"] for q in wayback.asked}) == 3


def test_a_cache_row_another_program_wrote_is_not_believed(pages: LocalServer, tmp_path: Path) -> None:
    import sqlite3

    gone = pages.url("/gone")
    wayback = Wayback(pages, {gone: ["20230601000000"]})
    resolve_report(article(pages, f"Source: {gone}"), options(pages, tmp_path), policy=LOOPBACK)
    with sqlite3.connect(tmp_path / "cache.sqlite") as db:
        db.execute("""UPDATE archives SET answer = '{"url": 5, "timestamp": 7, "source": null, "note": null}'""")
    asked = len(wayback.asked)
    report = resolve_report(article(pages, f"Source: {gone}"), options(pages, tmp_path), policy=LOOPBACK)
    assert links(report)[gone].archive.url == SNAPSHOT.format("20230601000000", gone)  # type: ignore[union-attr]
    assert len(wayback.asked) > asked  # asked again
    assert "archived copy" in _render(report, "text")


def test_a_lone_surrogate_in_a_snapshot_address_is_written_in_every_format(pages: LocalServer, tmp_path: Path) -> None:
    shown = dead_link_with(pages, Archive("http://web.archive.org/web/1/x\ud800y", "2023-06-01T00:00:00Z", "wayback"))
    for fmt in ("markdown", "text", "html", "json"):
        out = tmp_path / f"r.{fmt}"
        write_output(render_chunks(shown, fmt, RenderOptions()), str(out))
        assert b"web.archive.org/web/1/x" in out.read_bytes(), fmt  # the copy is offered, the odd half mended
