"""Property tests: whatever bytes an article holds and whatever a URL says, no traceback, the exit status the
contract gives, and every report format valid."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import responses
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from auditor.cli import main
from auditor.errors import InputError
from auditor.model import Meta, Report
from auditor.report import FORMATS, RenderOptions, render
from auditor.resolve.checker import Checker, CheckerConfig
from auditor.resolve.policy import AddressPolicy
from auditor.resolve.session import build_session
from auditor.scan import scan_article
from auditor.scan.urls import classify, find_urls, normalize, post_url, tweet_status

FRAGMENTS = [
    "<p>", "</p>", "<div class='article-body'>", "</div>", "<a href='https://t.co/AbCdEf1234'>", "</a>",
    '<blockquote class="twitter-tweet">', "</blockquote>", "&mdash; Sky News (@SkyNews) June 24, 2023",
    "https://twitter.com/SkyNews/status/1672523486418079745", "according to Reuters", " reported", "(AP) — ",
    "МОСКВА, 3 марта. /ТАСС/.", "<script>", "</script>", '{"url": "https://x.com/a/status/1"}', "<!--", "-->",
    "\u2014", "Mr. ", "((((", "))))", "[", "](", "<meta property='og:site_name' content='Reuters'>", "\n\n", "\x00",
    "\ufeff", "<iframe src='https://www.youtube.com/embed/abc'>", "@", "http://", "#", "<br>", "<<", ">>",
]
article_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=60).map("".join)
article_bytes = st.one_of(st.binary(max_size=2000), article_text.map(lambda t: t.encode("utf-8", "surrogatepass")))
names = st.sampled_from(["a.txt", "a.html", "a.md", "a", "-"])
EXAMPLES = int(os.environ.get("AUDITOR_FUZZ_EXAMPLES", "150"))
"""Examples per property; raise it for a longer hunt (AUDITOR_FUZZ_EXAMPLES=5000)."""
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(name=names, data=article_bytes)
def test_scanning_any_bytes_gives_an_article_or_a_reason(name: str, data: bytes) -> None:
    try:
        article = scan_article(name, data)
    except InputError as exc:
        assert exc.reason  # a plain reason the user reads, never a traceback
        return
    lines = [f.line for f in article.findings if f.line is not None] + [link.line for link in article.links]
    lines += [m.line for o in article.outlets for m in o.mentions] + [t.line for t in article.tweets]
    assert all(isinstance(line, int) and line >= 1 for line in lines)
    report = Report(Meta("2026-12-02T00:00:00Z"), (article,))
    for fmt in FORMATS:
        _valid(fmt, render(report, fmt, RenderOptions()))


def _valid(fmt: str, text: str) -> None:
    text.encode("utf-8")  # every format is valid UTF-8 (no lone surrogates)
    if fmt == "json":
        json.loads(text)
    elif fmt == "junit":
        ET.fromstring(text)
    elif fmt == "csv":
        list(csv.reader(io.StringIO(text)))
    elif fmt == "html":
        assert text.startswith("<!doctype html>") and text.rstrip().endswith("</html>")
    elif fmt == "github":  # one workflow command per line, and nothing from an article starts one of its own
        lines = text.splitlines()
        assert all(re.fullmatch(r"::(?:error|warning|notice) file=[^,:\n]*(?:,line=\d+)?,title=[^,:\n]+::[^\n]*", line)
                   for line in lines[:-1]), lines
        assert lines[-1].startswith("auditor: ")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=article_bytes, fmt=st.sampled_from(list(FORMATS)))
def test_the_command_line_exits_as_the_contract_says(tmp_path: Path, data: bytes, fmt: str) -> None:
    article = tmp_path / "article.html"
    article.write_bytes(data)
    result = CliRunner().invoke(main, ["scan", str(article), "-f", fmt, "-q"])
    assert result.exit_code in (0, 1, 3), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stderr
    _valid(fmt, result.stdout)


@FUZZ
@given(text=st.text(max_size=300))
@example(text="0\n0")  # urlsplit drops the newline: the host was then looked for in the text as written
def test_urls_in_any_text_never_raise(text: str) -> None:
    for found in find_urls(text):
        assert found.url.startswith(("http://", "https://"))
        classify(found.url)
    for candidate in (text, "https://" + text, "http://x.y/" + text):
        url = normalize(candidate)
        if url is not None:
            classify(url)
            tweet_status(url)
            post_url(url)


@pytest.fixture(scope="module")
def offline_checker() -> Any:
    policy = AddressPolicy()
    config = CheckerConfig(connect_timeout=0.2, read_timeout=0.2, url_budget=1.0, retries=0, host_interval=0.0)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        mocked.add_passthru("http://127.0.0.1")
        yield Checker(build_session(policy), policy, config)


@FUZZ
@given(url=st.one_of(st.text(max_size=120), st.text(max_size=80).map(lambda t: "https://" + t),
                     st.text(max_size=80).map(lambda t: "http://example.com/" + t)))
@example(url="A://[")  # not even a URL: once a ValueError out of the checker
def test_checking_any_url_gives_a_verdict(offline_checker: Checker, url: str) -> None:
    check = offline_checker.check_url(url)
    assert check.status in ("ok", "broken", "unverifiable", "refused", "skipped")
    assert check.reason is None or check.reason
