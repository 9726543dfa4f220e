"""Quote integrity: a post as the article quotes it against the live post, read from a local emulation of X's
oEmbed endpoint on 127.0.0.1 (and, for the seed's pasted post, of t.co leading to it)."""

from __future__ import annotations

import html
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import requests
from requests.adapters import HTTPAdapter

from auditor.model import Meta, Report, TextPart
from auditor.report import RenderOptions, render_chunks
from auditor.resolve import ResolveOptions, resolve_report
from auditor.resolve.archive import ArchiveConfig
from auditor.resolve.quotes import compare, words
from auditor.resolve.session import build_session
from auditor.scan import scan_article
from tests.conftest import ROOT
from tests.resolve.conftest import Handler, LocalServer
from tests.resolve.test_integration import FAST, LOOPBACK

STATUS = "https://twitter.com/SkyNews/status/1672551178219249665"
LIVE = ("BREAKING: In a recorded address, Vladimir Putin says the Wagner group rebellion is a \u2018criminal "
        "adventuristic campaign\u2019 and \u201cequivalent to armed mutiny\u201d.\n\nHe says: \u201cIt is an attempt "
        "to subvert us from within. This is treason.\u201d\n\nLatest: <a href=\"https://t.co/X3flQUBL0r\">"
        "https://t.co/X3flQUBL0r</a>\n\n\U0001F4FA Sky 501 <a href=\"https://t.co/iaIgz7YASc\">pic.twitter.com/"
        "iaIgz7YASc</a>")


def oembed(server: LocalServer, text: str = LIVE, handle: str = "SkyNews", author: str = "Sky News") -> list[str]:
    """X's oEmbed answer for STATUS, as publish.twitter.com writes it; returns the posts it was asked about."""
    asked: list[str] = []

    def answer(h: Handler) -> None:
        asked.append(h.path)
        markup = (f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{text}</p>&mdash; {html.escape(author)} '
                  f'(@{handle}) <a href="https://twitter.com/{handle}/status/1672551178219249665?ref_src=twsrc%5Etfw">'
                  "June 24, 2023</a></blockquote>\n")
        body = {"url": f"https://twitter.com/{handle}/status/1672551178219249665", "author_name": author,
                "author_url": f"https://twitter.com/{handle}", "html": markup, "type": "rich", "version": "1.0"}
        h.reply(200, json.dumps(body).encode(), {"Content-Type": "application/json"})

    server.routes["/oembed"] = answer
    return asked


def embedded(text: str, handle: str = "SkyNews") -> bytes:
    return (f"<html><head><title>Putin speaks</title></head><body><article><h1>Putin speaks</h1>"
            f"<p>{'The Kremlin said the address was recorded on Saturday morning, officials told Reuters. ' * 4}</p>"
            f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{text}</p>&mdash; Sky News (@{handle}) '
            f'<a href="https://twitter.com/{handle}/status/1672551178219249665">June 24, 2023</a></blockquote>'
            "</article></body></html>").encode()


def resolve_options(server: LocalServer, tmp_path: Path) -> ResolveOptions:
    return ResolveOptions(workers=4, cache_path=tmp_path / "cache.sqlite",
                          config=replace(FAST, oembed_endpoint=server.url("/oembed")))


def resolved(server: LocalServer, tmp_path: Path, data: bytes, name: str = "a.html", *,
             options: ResolveOptions | None = None, **kwargs: Any) -> Report:
    report = Report(Meta("2026-01-01T00:00:00Z"), (scan_article(name, data),))
    return resolve_report(report, options or resolve_options(server, tmp_path), policy=LOOPBACK, **kwargs)


def test_words_set_aside_links_emoji_quotes_and_case() -> None:
    assert words("Latest: https://t.co/X3 \U0001F4FA Sky 501 pic.twitter.com/ia \u2018criminal\u2019") == \
        ["Latest", "Sky", "501", "criminal"]
    assert compare("It is \u201ctreason\u201d.  pic.twitter.com/x", 'it is "Treason" https://t.co/y') == ("match", ())
    verdict, parts = compare("Putin says the rebellion is treason", "Putin says the mutiny is treason")
    assert verdict == "differs"
    assert parts == (TextPart("same", "Putin says the"), TextPart("article", "rebellion"), TextPart("live", "mutiny"),
                     TextPart("same", "is treason"))


def test_an_embed_whose_words_are_the_live_posts_matches(server: LocalServer, tmp_path: Path) -> None:
    oembed(server)
    report = resolved(server, tmp_path, embedded(LIVE))
    (tweet,) = report.articles[0].tweets
    assert tweet.check is not None and tweet.check.status == "ok"
    assert tweet.check.live is not None and tweet.check.live.handle == "SkyNews"
    assert (tweet.check.text, tweet.check.text_diff) == ("match", ())
    assert not [f for f in report.articles[0].findings if f.rule.startswith("post-")]


def test_a_changed_word_is_a_warning_showing_both_texts(server: LocalServer, tmp_path: Path) -> None:
    oembed(server)
    report = resolved(server, tmp_path, embedded(LIVE.replace("recorded address", "televised address")))
    (tweet,) = report.articles[0].tweets
    assert tweet.check is not None and tweet.check.text == "differs"
    assert TextPart("article", "televised") in tweet.check.text_diff
    assert TextPart("live", "recorded") in tweet.check.text_diff
    (finding,) = [f for f in report.articles[0].findings if f.rule == "post-text-differs"]
    assert finding.severity.label == "warning"
    assert "Article: \u201cBREAKING: In a televised address" in finding.message
    assert "Live: \u201cBREAKING: In a recorded address" in finding.message
    assert "\u201ctelevised\u201d \u2192 \u201crecorded\u201d" in finding.message
    for fmt in ("text", "markdown", "junit", "csv", "sarif", "github"):
        shown = "".join(render_chunks(report, fmt, RenderOptions()))
        assert "televised" in shown and "recorded address" in shown, fmt
    page = "".join(render_chunks(report, "html", RenderOptions()))
    assert '<del class="quote-changed">televised</del>' in page and '<ins class="quote-changed">recorded</ins>' in page


def test_a_post_attributed_to_another_account_is_an_error(server: LocalServer, tmp_path: Path) -> None:
    oembed(server, handle="SkyNewsBreak", author="Sky News Breaking")
    report = resolved(server, tmp_path, embedded(LIVE))
    rules = {f.rule: f for f in report.articles[0].findings}
    assert rules["post-author-differs"].severity.label == "error"
    assert "attributed to @SkyNews, but it is @SkyNewsBreak's (Sky News Breaking)" in rules["post-author-differs"].message
    assert "post-text-differs" not in rules
    page = "".join(render_chunks(report, "html", RenderOptions()))
    assert "Posted by @SkyNewsBreak, not @SkyNews." in page
    assert "posted by @SkyNewsBreak, not @SkyNews" in "".join(render_chunks(report, "csv", RenderOptions()))


def test_a_deleted_post_has_no_words_to_compare_and_a_post_whose_words_cannot_be_read_is_unknown(
        server: LocalServer, tmp_path: Path) -> None:
    server.routes["/oembed"] = lambda h: h.reply(200, b'{"type": "rich"}', {"Content-Type": "application/json"})
    report = resolved(server, tmp_path, embedded(LIVE))
    (tweet,) = report.articles[0].tweets
    assert tweet.check is not None and (tweet.check.status, tweet.check.text) == ("ok", "unknown")
    server.routes["/oembed"] = lambda h: h.reply(404, b"{}", {"Content-Type": "application/json"})
    gone = resolved(server, tmp_path / "2", embedded(LIVE))
    (tweet,) = gone.articles[0].tweets
    assert tweet.check is not None and (tweet.check.reason, tweet.check.text) == ("tweet-deleted", "unknown")


def test_the_live_words_are_kept_in_the_cache(server: LocalServer, tmp_path: Path) -> None:
    asked = oembed(server)
    first = resolved(server, tmp_path, embedded(LIVE.replace("recorded", "taped")))
    second = resolved(server, tmp_path, embedded(LIVE.replace("recorded", "taped")))
    assert len(asked) == 1
    assert second.articles[0].tweets[0].check.cached  # type: ignore[union-attr]
    assert [f.message for f in second.articles[0].findings] == [f.message for f in first.articles[0].findings]


class _Rewrite(HTTPAdapter):
    """Sends https://t.co/... and https://twitter.com/... to the local server (their paths kept, under a prefix)."""

    def __init__(self, server: LocalServer) -> None:
        super().__init__()
        self.server = server

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        url = request.url or ""
        for origin, prefix in (("https://t.co", "/tco"), ("https://twitter.com", "/twitter")):
            if url.startswith(origin + "/"):
                request.url = self.server.url(prefix + url[len(origin):])
        return super().send(request, **kwargs)


def seed_run(server: LocalServer, tmp_path: Path, **kwargs: Any) -> Report:
    """The seed article resolved with its t.co link leading to STATUS, t.co and X served from loopback."""
    server.routes["/tco/X3flQUBL0r"] = lambda h: h.reply(301, headers={"Location": STATUS})
    server.routes["/twitter/SkyNews/status/1672551178219249665"] = lambda h: h.reply(200, b"<html>X</html>")
    session = build_session(LOOPBACK)
    adapter = _Rewrite(server)
    session.mount("https://t.co/", adapter)
    session.mount("https://twitter.com/", adapter)
    seed = (ROOT / "seeds" / "000_d71e34fecafe3ed8.txt").read_bytes()
    return resolved(server, tmp_path, seed, name="000_d71e34fecafe3ed8.txt", session=session, **kwargs)


def test_the_seeds_pasted_post_is_matched_through_its_tco_link(server: LocalServer, tmp_path: Path) -> None:
    asked = oembed(server)
    report = seed_run(server, tmp_path)
    (tweet,) = report.articles[0].tweets
    assert tweet.url is None and tweet.form == "pasted-text"  # the article still carries no status link
    assert tweet.check is not None
    assert (tweet.check.status, tweet.check.final_url) == ("ok", STATUS)
    assert tweet.check.text == "match"
    assert len(asked) == 1 and "1672551178219249665" in asked[0]
    assert not [f for f in report.articles[0].findings if f.rule.startswith("post-")]
    (without,) = [f for f in report.articles[0].findings if f.rule == "tweet-without-url"]
    assert without.message.endswith(f"it was found through its own short link: {STATUS}.")


@pytest.mark.parametrize("changed", ["treason", "betrayal"])
def test_the_seeds_pasted_post_against_an_edited_live_post(server: LocalServer, tmp_path: Path, changed: str) -> None:
    oembed(server, text=LIVE.replace("treason", changed))
    (tweet,) = seed_run(server, tmp_path).articles[0].tweets
    assert tweet.check is not None
    assert tweet.check.text == ("match" if changed == "treason" else "differs")


def test_a_pasted_post_found_through_its_short_link_and_deleted_gets_its_archived_copy(server: LocalServer,
                                                                                        tmp_path: Path) -> None:
    from tests.resolve.test_archive import SNAPSHOT, Wayback

    server.routes["/oembed"] = lambda h: h.reply(404, b"{}", {"Content-Type": "application/json"})
    Wayback(server, {STATUS: ["20230624101500"]})
    report = seed_run(server, tmp_path, options=replace(resolve_options(server, tmp_path), archive=ArchiveConfig(
        server.url("/wayback/available"), interval=0.0)))
    (tweet,) = report.articles[0].tweets
    assert tweet.check is not None and tweet.check.reason == "tweet-deleted"
    assert tweet.check.archive is not None and tweet.check.archive.url == SNAPSHOT.format("20230624101500", STATUS)


def test_a_saved_run_renders_again_the_same(server: LocalServer, tmp_path: Path) -> None:
    oembed(server)
    report = resolved(server, tmp_path, embedded(LIVE.replace("recorded", "taped")))
    saved = tmp_path / "run.json"
    saved.write_text("".join(render_chunks(report, "json", RenderOptions())), encoding="utf-8")
    for fmt in ("markdown", "html", "text", "csv"):
        again = subprocess.run([sys.executable, "-m", "auditor", "report", str(saved), "-f", fmt, "--exit-zero"],
                               capture_output=True, text=True, cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        assert again.stdout == "".join(render_chunks(report, fmt, RenderOptions())), fmt


def test_hostile_oembed_answers_neither_crash_nor_inject(server: LocalServer, tmp_path: Path) -> None:
    server.routes["/oembed"] = lambda h: h.reply(200, b"[" * 100000, {"Content-Type": "application/json"})
    report = resolved(server, tmp_path, embedded(LIVE))
    (tweet,) = report.articles[0].tweets
    assert tweet.check is not None and (tweet.check.status, tweet.check.text) == ("ok", "unknown")
    oembed(server, text='Putin &lt;script&gt;alert(1)&lt;/script&gt; <img src=x onerror="alert(2)"> says <b>no</b>')
    hostile = resolved(server, tmp_path / "2", embedded(LIVE))
    page = "".join(render_chunks(hostile, "html", RenderOptions()))
    assert "<script>alert(1)" not in page and 'onerror="alert(2)"' not in page
    assert "&lt;script&gt;alert(1)" in page  # the live words shown, as text
