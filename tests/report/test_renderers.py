"""What each format promises: re-rendering from JSON, hostile content kept inert, the JUnit policy."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from lxml import html as lxml_html

from auditor.model import Check, Hop, Meta, Report, Severity, report_from_json, to_json_dict
from auditor.pipeline import audit
from auditor.policy import Policy
from auditor.report import FORMATS, RenderOptions, render
from auditor.scan import scan_article
from tests.conftest import ARTICLES, SEEDS

HOSTILE_HTML = b"""<html><head><title>x</title><meta property="og:title" content="Evil &lt;script&gt;alert('title')&lt;/script&gt; headline"></head>
<body><article>
<p>Officials told Reuters "><img src=x onerror=alert(1)> that <script>alert('body')</script> talks stalled.</p>
<p>See <a href="javascript:alert('href')">javascript:alert('href')</a> and <a href="data:text/html,<script>alert(1)</script>">this</a>.</p>
<blockquote class="twitter-tweet"><p>=HYPERLINK("http://evil.example","click") <b onmouseover="alert(2)">bold</b> https://t.co/AbCdEf1234</p>&mdash; Evil "quote' (@evil_acct) <a href="https://twitter.com/evil_acct/status/1672523486418079745">June 24, 2023</a></blockquote>
<p>The <style>body{display:none}</style> end, according to AFP.</p>
</article></body></html>"""


def hostile_report() -> Report:
    article = scan_article("evil<script>.html", HOSTILE_HTML)
    link = article.links[0]
    bad_check = Check("broken", "http-404", 404, "javascript:alert('final')", (Hop("javascript:alert('hop')", 302),))
    article = replace(article, links=(replace(link, check=bad_check), *article.links[1:]))
    return Report(Meta("2026-01-01T00:00:00Z", True, "0.1.0"), (article,))


def resolved_seeds() -> Report:
    report = audit([str(SEEDS), str(ARTICLES)])
    checks = [Check("ok", None, 200, "https://example.com/final", (Hop("https://t.co/X", 301), Hop("https://example.com/final", 200))),
              Check("broken", "http-404", 404, "https://example.com/gone", (Hop("https://example.com/gone", 404),)),
              Check("unverifiable", "bot-wall", 403, "https://example.com/wall", ()),
              Check("refused", "private-address", None, "http://10.0.0.1/", ()),
              Check("skipped", "excluded")]
    articles = []
    for a in report.articles:
        links = tuple(replace(link, check=checks[i % len(checks)]) for i, link in enumerate(a.links))
        articles.append(replace(a, links=links, tweets=tuple(replace(t, check=checks[1]) for t in a.tweets)))
    return Report(Meta("2026-01-01T00:00:00Z", True, "0.1.0"), tuple(articles), report.errors)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("make", [resolved_seeds, hostile_report], ids=["resolved", "hostile"])
def test_rendering_from_saved_json_gives_the_same_bytes(fmt: str, make: object) -> None:
    report = make()  # type: ignore[operator]
    again = report_from_json(json.loads(json.dumps(to_json_dict(report))))
    assert again == report
    assert render(again, fmt) == render(report, fmt)


def test_html_keeps_hostile_content_inert() -> None:
    page = render(hostile_report(), "html")
    root = lxml_html.document_fromstring(page)
    scripts = root.xpath("//script")
    assert len(scripts) == 1 and "alert" not in (scripts[0].text or "")  # only the report's own
    assert root.xpath("//img") == [] and root.xpath("//b") == []
    assert len(root.xpath("//style")) == 1
    handlers = [(el.tag, name) for el in root.iter() if isinstance(el.tag, str) for name in el.attrib if name.startswith("on")]
    assert handlers == []
    hrefs = [a.get("href") for a in root.iter("a")]
    assert all(h.startswith(("https://", "http://", "#")) for h in hrefs), hrefs
    for a in root.iter("a"):
        if not a.get("href", "").startswith("#"):
            assert a.get("rel") == "noopener noreferrer nofollow"
    text = root.text_content()
    assert "javascript:alert('final')" in text  # shown, as text
    csp = root.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp


def test_markdown_and_csv_and_junit_stay_well_formed_on_hostile_content() -> None:
    report = hostile_report()
    md = render(report, "markdown")
    outside_code = re.sub(r"`[^`]*`", "", md)  # code spans show their text literally
    assert not re.search(r"(?<!\\)<(?:script|img)", outside_code)  # escaped \<script\> shows as text
    rows = list(csv.reader(io.StringIO(render(report, "csv"))))
    assert all(len(row) == len(rows[0]) for row in rows)
    assert not any(cell.startswith(("=", "+", "@")) for row in rows[1:] for cell in row)
    ET.fromstring(render(report, "junit"))  # parses


def test_junit_failures_follow_the_policy() -> None:
    report = audit([str(SEEDS)])
    strict = ET.fromstring(render(report, "junit", RenderOptions(fail_on=Policy(Severity.WARNING))))
    suite = strict.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("2", "2")
    failure = suite.find("testcase/failure")
    assert failure is not None and failure.get("type") in ("tweet-without-url", "unexpanded-shortener")
    lenient = ET.fromstring(render(report, "junit"))
    assert lenient.get("failures") == "0"
    assert [c.get("name") for c in lenient.iter("testcase")] == [f"{SEEDS}/000_d71e34fecafe3ed8.txt", f"{SEEDS}/004_8002d404a781e14f.txt"]


def test_csv_has_a_row_per_citation_post_embed_and_link() -> None:
    report = audit([str(SEEDS)])
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    seed = [r for r in rows if r["article"].endswith("000_d71e34fecafe3ed8.txt")]
    assert [(r["item"], r["name_or_url"], r["line"]) for r in seed] == [
        ("outlet", "RIA Novosti", "1"), ("account", "the Belarusian presidency on Telegram", "7"), ("outlet", "BelTA", "9"),
        ("link", "https://t.co/X3flQUBL0r", "21"), ("link", "https://pic.twitter.com/iaIgz7YASc", "23"),
        ("outlet", "Sky News", "25"), ("tweet", "'@SkyNews", "25")]


def test_control_characters_from_articles_reach_no_terminal_and_no_xml() -> None:
    text = "Officials told Reuters the talks stalled. \x1b[2J\x1b[31mRED\n\nSee https://example.com/a|b for more.\n"
    report = Report(Meta("2026-01-01T00:00:00Z", False, "0.1.0"), (scan_article("evil\x01.txt", text.encode()),))
    assert "\x1b" not in render(report, "text") and "\x01" not in render(report, "text")
    ET.fromstring(render(report, "junit", RenderOptions(fail_on=Policy(Severity.INFO))))
    md = render(report, "markdown")
    row = next(line for line in md.splitlines() if "example.com" in line)
    assert row.count("|") - row.count("\\|") == 5  # four cells, the URL's pipe escaped


def test_a_page_is_named_by_its_own_address_in_every_format_and_keeps_it_through_json() -> None:
    page = ('<html><head><link rel="canonical" href="https://courier.example/news/valley-roads"></head><body><article>'
            '<p>Flooding closed three roads into the valley on Tuesday, the county said in a statement.</p>'
            '</article></body></html>')
    article = scan_article("exports/2024/05/14/node-88231.html", page.encode())
    assert article.url == "https://courier.example/news/valley-roads"
    report = Report(Meta(generated_at="2024-05-14T00:00:00+00:00"), (article,))
    data = json.loads(render(report, "json"))
    assert data["articles"][0]["url"] == "https://courier.example/news/valley-roads"
    assert report_from_json(data).articles[0].url == article.url
    index = lxml_html.fromstring(render(report, "html")).get_element_by_id("index")
    assert "https://courier.example/news/valley-roads" in index.text_content()  # the name an editor knows
    assert "courier.example/news/valley-roads" in render(report, "text")
    text_only = scan_article("notes.txt", b"The county said the roads would reopen on Friday.\n")
    assert text_only.url is None


def test_photo_credits_are_grouped_by_agency_with_a_count_in_the_html_report() -> None:
    captions = "".join(f"\n<figure><img src='/p{i}.jpg' alt=''><figcaption>Flooded road number {i}. Photo: Getty Images"
                       "</figcaption></figure>" for i in range(12))
    page = (f"<html><body><article><p>Flooding closed three roads into the valley on Tuesday, the county said.</p>"
            f"{captions}<figure><img src='/x.jpg' alt=''><figcaption>The bridge. Photo: AFP</figcaption></figure>"
            "</article></body></html>")
    article = scan_article("gallery.html", page.encode())
    assert len(article.credits) == 13
    html = render(Report(Meta(generated_at="2024-05-14T00:00:00+00:00"), (article,)), "html")
    credits = next(p for p in lxml_html.fromstring(html).iter("p") if "Photo and video credits" in p.text_content())
    assert " ".join(credits.text_content().split()) == "Photo and video credits (not citations): Getty Images (12); Agence France-Presse"


def test_github_annotations_keep_an_articles_text_inside_its_annotation() -> None:
    from auditor.model import Article, Finding

    evil = Article("dir/a,b:c.html", None, None, None, findings=(
        Finding("no-cited-outlet", Severity.WARNING, "first line\n::error::injected 100%\r", None),
        Finding("broken-link", Severity.ERROR, "Broken link: https://x.example/a (http-404).", 7)))
    text = render(Report(Meta("2026-01-01T00:00:00Z", True), (evil,)), "github")
    lines = text.splitlines()
    assert lines[0] == ("::warning file=dir/a%2Cb%3Ac.html,title=no-cited-outlet::first line%0A::error::injected 100%25"
                        "%0D")
    assert lines[1] == ("::error file=dir/a%2Cb%3Ac.html,line=7,title=broken-link::Broken link: https://x.example/a "
                        "(http-404). (fails the run)")
    assert len(lines) == 3 and lines[2].startswith("auditor: 2 findings in 1 of 1 articles")
