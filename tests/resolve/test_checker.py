"""Every verdict and reason, with HTTP mocked by `responses` (unregistered URLs fail)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
import requests
import responses

from auditor.model import Check
from auditor.resolve.checker import Checker, CheckerConfig
from auditor.resolve.policy import AddressPolicy
from auditor.resolve.session import USER_AGENT, build_session

OEMBED = "https://publish.twitter.com/oembed"


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def checker(sleeps: list[float]) -> Checker:
    policy = AddressPolicy()
    config = CheckerConfig(host_interval=0.0, retries=2, backoff=0.5, retry_after_cap=30.0)
    return Checker(build_session(policy), policy, config, sleep=sleeps.append)


def verdict(check: Check) -> tuple[str, str | None]:
    return check.status, check.reason


def test_ok_after_a_redirect_chain(mocked: responses.RequestsMock, checker: Checker) -> None:
    mocked.get("https://t.co/abc", status=301, headers={"Location": "https://bit.ly/x"})
    mocked.get("https://bit.ly/x", status=302, headers={"Location": "/final"})
    mocked.get("https://bit.ly/final", status=200)
    check = checker.check_url("https://t.co/abc")
    assert verdict(check) == ("ok", None)
    assert check.final_url == "https://bit.ly/final"
    assert [(h.url, h.http_status) for h in check.chain] == [
        ("https://t.co/abc", 301), ("https://bit.ly/x", 302), ("https://bit.ly/final", 200)]
    assert mocked.calls[0].request.headers["User-Agent"] == USER_AGENT


def test_short_link_to_a_missing_page_is_broken_not_ok(mocked: responses.RequestsMock, checker: Checker) -> None:
    mocked.get("https://t.co/abc", status=301, headers={"Location": "https://example.com/gone"})
    mocked.get("https://example.com/gone", status=404)
    check = checker.check_url("https://t.co/abc")
    assert verdict(check) == ("broken", "http-404")
    assert check.final_url == "https://example.com/gone"


def test_meta_refresh_and_script_redirects_are_followed(mocked: responses.RequestsMock, checker: Checker) -> None:
    mocked.get("https://t.co/meta", status=200, content_type="text/html",
               body='<head><noscript><META http-equiv="refresh" content="0;URL=https://example.com/a"></noscript>'
                    '<title>https://example.com/a</title></head><script>window.opener = null; location.replace("https:\\/\\/example.com\\/a")</script>')
    mocked.get("https://example.com/a", status=200)
    assert checker.check_url("https://t.co/meta").final_url == "https://example.com/a"
    mocked.get("https://t.co/js", status=200, content_type="text/html",
               body='<script>location.replace("https://example.com/gone")</script>')
    mocked.get("https://example.com/gone", status=410)
    assert verdict(checker.check_url("https://t.co/js")) == ("broken", "http-410")


@pytest.mark.parametrize(
    ("status", "expected"),
    [(404, ("broken", "http-404")), (410, ("broken", "http-410")), (403, ("unverifiable", "http-403")),
     (401, ("unverifiable", "http-401")), (500, ("unverifiable", "http-500")), (451, ("broken", "http-451"))],
)
@pytest.mark.parametrize("path", ["/p", "/p.pdf"])  # a page: one GET; a file: a HEAD, then a GET to be sure
def test_final_status_codes(mocked: responses.RequestsMock, checker: Checker, status: int, expected: tuple[str, str],
                            path: str) -> None:
    mocked.head(f"https://example.com{path}", status=status)
    mocked.get(f"https://example.com{path}", status=status)
    assert verdict(checker.check_url(f"https://example.com{path}")) == expected


def test_a_page_takes_one_get(mocked: responses.RequestsMock, checker: Checker) -> None:
    """Its first 64 KB are read anyway (a refresh, a bot wall): a HEAD before it would be a second request."""
    mocked.head("https://example.com/story", status=200, content_type="text/html")
    mocked.get("https://example.com/story", status=200, content_type="text/html", body="<p>A story</p>")
    assert verdict(checker.check_url("https://example.com/story")) == ("ok", None)
    assert [c.request.method for c in mocked.calls] == ["GET"]


@pytest.mark.parametrize("path", ["/photo.JPG", "/report.pdf", "/clip.mp4", "/data/archive.zip"])
def test_a_file_takes_a_head(mocked: responses.RequestsMock, checker: Checker, path: str) -> None:
    mocked.head(f"https://example.com{path}", status=200, content_type="application/octet-stream")
    mocked.get(f"https://example.com{path}", status=200, content_type="application/octet-stream")
    assert verdict(checker.check_url(f"https://example.com{path}")) == ("ok", None)
    assert [c.request.method for c in mocked.calls] == ["HEAD"]


def test_head_refused_then_get(mocked: responses.RequestsMock, checker: Checker) -> None:
    mocked.head("https://example.com/report.pdf", status=405)
    mocked.get("https://example.com/report.pdf", status=200)
    check = checker.check_url("https://example.com/report.pdf")
    assert verdict(check) == ("ok", None)
    assert [c.request.method for c in mocked.calls] == ["HEAD", "GET"]


def test_bot_wall_is_unverifiable(mocked: responses.RequestsMock, checker: Checker) -> None:
    mocked.get("https://example.com/p", status=403, content_type="text/html",
               body="<html><title>Just a moment...</title><script src='/cdn-cgi/challenge-platform/x.js'></script></html>")
    assert verdict(checker.check_url("https://example.com/p")) == ("unverifiable", "bot-wall")


def test_rate_limit_retried_with_retry_after_then_ok(mocked: responses.RequestsMock, checker: Checker, sleeps: list[float]) -> None:
    mocked.get("https://example.com/p", status=429, headers={"Retry-After": "3"})
    mocked.get("https://example.com/p", status=200)
    assert verdict(checker.check_url("https://example.com/p")) == ("ok", None)
    assert sleeps == [3.0]


def test_retry_after_as_http_date(mocked: responses.RequestsMock, checker: Checker, sleeps: list[float]) -> None:
    mocked.get("https://example.com/p", status=503, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})
    mocked.get("https://example.com/p", status=200)
    assert verdict(checker.check_url("https://example.com/p")) == ("ok", None)
    assert sleeps == [0.0]  # a date in the past: retry at once


def test_rate_limited_past_the_cap(mocked: responses.RequestsMock, checker: Checker, sleeps: list[float]) -> None:
    mocked.get("https://example.com/p", status=429, headers={"Retry-After": "3600"})
    assert verdict(checker.check_url("https://example.com/p")) == ("unverifiable", "rate-limited")
    assert sleeps == []


def test_server_errors_back_off_exponentially_then_give_up(mocked: responses.RequestsMock, checker: Checker, sleeps: list[float]) -> None:
    for _ in range(3):
        mocked.get("https://example.com/p", status=503)
    assert verdict(checker.check_url("https://example.com/p")) == ("unverifiable", "http-503")
    assert len(sleeps) == 2
    assert 0.5 <= sleeps[0] <= 0.75 and 1.0 <= sleeps[1] <= 1.5


def test_network_failures(mocked: responses.RequestsMock, checker: Checker) -> None:
    dns = requests.ConnectionError("Failed to resolve")
    dns.__cause__ = socket.gaierror(-2, "Name or service not known")
    mocked.get("https://nowhere.example/", body=dns)
    assert verdict(checker.check_url("https://nowhere.example/")) == ("unverifiable", "dns")
    mocked.get("https://slow.example/", body=requests.ReadTimeout("read timed out"))
    assert verdict(checker.check_url("https://slow.example/")) == ("unverifiable", "timeout")
    mocked.get("https://tls.example/", body=requests.exceptions.SSLError("certificate verify failed"))
    assert verdict(checker.check_url("https://tls.example/")) == ("unverifiable", "tls")
    refused = requests.ConnectionError("refused")
    refused.__cause__ = ConnectionRefusedError(111, "Connection refused")
    mocked.get("https://down.example/", body=refused)
    assert verdict(checker.check_url("https://down.example/")) == ("unverifiable", "connection")


def test_redirect_loop_and_too_many_redirects(mocked: responses.RequestsMock, checker: Checker) -> None:
    mocked.get("https://example.com/a", status=301, headers={"Location": "/b"})
    mocked.get("https://example.com/b", status=301, headers={"Location": "/a"})
    assert verdict(checker.check_url("https://example.com/a")) == ("broken", "redirect-loop")
    for i in range(12):
        mocked.get(f"https://example.com/r{i}", status=302, headers={"Location": f"/r{i + 1}"})
    check = checker.check_url("https://example.com/r0")
    assert verdict(check) == ("broken", "too-many-redirects")
    assert len(check.chain) == 11


def test_refused_before_any_request(mocked: responses.RequestsMock, checker: Checker) -> None:
    for url in ("http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/", "http://[::1]:8080/", "http://localhost/x",
                "http://127.0.0.1/", "http://[::ffff:192.168.1.1]/"):
        assert verdict(checker.check_url(url)) == ("refused", "private-address"), url
    assert verdict(checker.check_url("ftp://example.com/file")) == ("refused", "unsupported-scheme")
    mocked.get("https://example.com/r", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    check = checker.check_url("https://example.com/r")
    assert verdict(check) == ("refused", "private-address")
    assert [h.url for h in check.chain] == ["https://example.com/r", "http://169.254.169.254/latest/meta-data/"]
    mocked.get("https://example.com/j", status=302, headers={"Location": "javascript:alert(1)"})
    assert verdict(checker.check_url("https://example.com/j")) == ("refused", "unsupported-scheme")
    assert len(mocked.calls) == 2


def test_tweets_are_judged_by_oembed(mocked: responses.RequestsMock, checker: Checker) -> None:
    live = "https://twitter.com/SkyNews/status/1672523486418079745"
    mocked.get(OEMBED, status=200, json={"html": "<blockquote>"},
               match=[responses.matchers.query_param_matcher({"url": live, "omit_script": "true"})])
    assert verdict(checker.check_tweet("https://x.com/SkyNews/status/1672523486418079745?s=20")) == ("ok", None)
    mocked.get(OEMBED, status=404, match=[responses.matchers.query_param_matcher(
        {"url": "https://twitter.com/SkyNews/status/1672523486418079746", "omit_script": "true"})])
    gone = checker.check_tweet("https://twitter.com/SkyNews/status/1672523486418079746")
    assert verdict(gone) == ("broken", "tweet-deleted")
    assert gone.final_url == "https://twitter.com/SkyNews/status/1672523486418079746"
    mocked.get(OEMBED, status=403, match=[responses.matchers.query_param_matcher(
        {"url": "https://twitter.com/SkyNews/status/1672523486418079747", "omit_script": "true"})])
    assert verdict(checker.check_tweet("https://twitter.com/SkyNews/status/1672523486418079747")) == ("unverifiable", "tweet-protected")
    assert all(c.request.url.startswith(OEMBED) for c in mocked.calls)  # never x.com itself


def test_telegram_post_not_found(mocked: responses.RequestsMock, checker: Checker) -> None:
    mocked.get("https://t.me/durov/43?embed=1", status=200, content_type="text/html",
               body='<div class="tgme_widget_message_text">Hello</div>')
    assert verdict(checker.check_embed("https://t.me/durov/43")) == ("ok", None)
    mocked.get("https://t.me/durov/99999?embed=1", status=200, content_type="text/html",
               body='<div class="tgme_widget_message_error">Post not found</div>')
    assert verdict(checker.check_embed("https://t.me/durov/99999")) == ("broken", "post-not-found")


def test_no_cookies_are_kept(mocked: responses.RequestsMock, checker: Checker) -> None:
    mocked.get("https://example.com/a", status=200, headers={"Set-Cookie": "track=1; Path=/"})
    mocked.get("https://example.com/b", status=200)
    checker.check_url("https://example.com/a")
    checker.check_url("https://example.com/b")
    assert "Cookie" not in mocked.calls[1].request.headers
    assert len(checker.session.cookies) == 0


def test_a_broken_redirect_target_is_one_broken_link_not_a_crash(mocked: responses.RequestsMock, checker: Checker) -> None:
    mocked.get("https://t.co/bad", status=200, content_type="text/html",
               body='<meta http-equiv="refresh" content="0;url=http://[oops/">')
    assert verdict(checker.check_url("https://t.co/bad")) == ("broken", "invalid-url")


def test_pages_that_only_look_like_redirects(mocked: responses.RequestsMock, checker: Checker) -> None:
    mocked.get("https://t.co/attr", status=200, content_type="text/html",
               body='<div data-location="Paris">Paris</div><script>var location_hint = "x";</script>')
    assert verdict(checker.check_url("https://t.co/attr")) == ("ok", None)
    mocked.get("https://t.co/front", status=200, content_type="text/html",
               body='<meta http-equiv="refresh" content="300; url=/front"><p>front page</p>')
    assert verdict(checker.check_url("https://t.co/front")) == ("ok", None)


@pytest.mark.parametrize("url", ["http://2130706433/", "http://0x7f.1/", "http://127.1/", "http://0177.0.0.1/",
                                 "http://127.0.0.1\\@example.com/", "http://[64:ff9b::7f00:1]/", "http://[2002:7f00:1::]/"])
def test_disguised_private_addresses_are_refused(mocked: responses.RequestsMock, checker: Checker, url: str) -> None:
    assert verdict(checker.check_url(url)) == ("refused", "private-address")
    assert len(mocked.calls) == 0
