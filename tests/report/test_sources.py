"""Sources as an editor reads them: outlets, accounts on platforms, platforms named; in every format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from lxml import html as lxml_html

from auditor.model import Meta, Report, sources
from auditor.report import render
from auditor.scan import scan_article
from tests.conftest import SEEDS

LIVEBLOG = b"""<html><head><title>Live: the flood</title></head><body><article>
<h1>Live: the flood in Harbour City</h1>
<p>Water rose overnight in the old port, the city's mayor said on Telegram on Sunday morning.</p>
<blockquote class="twitter-tweet"><p>The river has crossed the quay. Stay away from the old port.</p>&mdash; Tom Phillips (@tomphillipsin) <a href="https://twitter.com/tomphillipsin/status/1672523486418079745">June 24, 2023</a></blockquote>
<p>Rescue crews reached the port district before dawn, according to Reuters.</p>
<blockquote class="twitter-tweet"><p>Boats are out on Quay Street now.</p>&mdash; Tom Phillips (@tomphillipsin) <a href="https://twitter.com/tomphillipsin/status/1672523486418079799">June 24, 2023</a></blockquote>
<blockquote class="twitter-tweet"><p>Live pictures from the harbour.</p>&mdash; Sky News (@SkyNews) <a href="https://twitter.com/SkyNews/status/1672523486418079800">June 24, 2023</a></blockquote>
<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/CtzA1b2Mxyz/"><a href="https://www.instagram.com/p/CtzA1b2Mxyz/">A post shared on Instagram</a></blockquote>
<p>The warning was repeated in a message on the official Telegram account of the regional governor.</p>
</article></body></html>"""


def liveblog_report() -> Report:
    return Report(Meta("2026-01-01T00:00:00Z"), (scan_article("live.html", LIVEBLOG),))


def test_accounts_are_apart_from_outlets_and_each_account_is_one_source() -> None:
    view = sources(liveblog_report().articles[0])
    assert [o.name for o in view.outlets] == ["Reuters", "Sky News"]
    labels = [a.label for a in view.accounts]
    assert labels == ["Tom Phillips (@tomphillipsin) on X", "an unnamed account on Instagram",
                      "the regional governor on Telegram"]
    tom = view.accounts[0]
    assert tom.handle == "tomphillipsin" and len(tom.mentions) == 2 and tom.cues == ("embedded post",)
    # the mayor "said on Telegram": the text names the platform itself, with no account
    assert [(p.name, [m.cue for m in p.mentions]) for p in view.platforms] == [("Telegram", ["posted on"])]


def test_json_keeps_outlets_whole_and_adds_the_grouping() -> None:
    data = json.loads(render(liveblog_report(), "json"))
    article = data["articles"][0]
    # the contract: every outlet, platforms included, stays under "outlets"
    assert {o["name"] for o in article["outlets"]} == {"Reuters", "Sky News", "X", "Instagram", "Telegram"}
    assert article["sources"]["outlets"] == ["Reuters", "Sky News"]
    tom = article["sources"]["accounts"][0]
    assert tom == {"platform": "X", "account": "Tom Phillips (@tomphillipsin)", "handle": "tomphillipsin",
                   "label": "Tom Phillips (@tomphillipsin) on X", "cues": ["embedded post"],
                   "lines": tom["lines"]} and len(tom["lines"]) == 2
    assert article["sources"]["platforms"] == [{"name": "Telegram", "cues": ["posted on"], "lines": [3]}]
    summary = data["summary"]
    assert summary["outlets"]["X"] == 1  # unchanged meaning: articles citing each outlets[] name
    assert summary["sources"]["outlets"] == {"Reuters": 1, "Sky News": 1}
    assert summary["sources"]["accounts"]["Tom Phillips (@tomphillipsin) on X"] == 1
    assert summary["sources"]["platforms"] == {"Telegram": 1}


def test_the_seed_names_the_presidency_on_telegram_not_telegram() -> None:
    from auditor.pipeline import audit
    report = audit([str(SEEDS)])
    text = render(report, "text")
    first = text.split("\n\n")[0]
    outlets_part = first.split("Accounts on platforms")[0]
    assert "Telegram" not in outlets_part
    assert "the Belarusian presidency on Telegram" in first
    assert "  outlets   BelTA 1, RIA Novosti 1, Sky News 1\n" in text
    assert "  accounts  the Belarusian presidency on Telegram 1\n" in text


def test_html_ranks_outlets_alone_and_counts_accounts_and_platforms_apart() -> None:
    report = liveblog_report()
    page = lxml_html.fromstring(render(report, "html"))
    tables = {t.get("id"): t for t in page.iter("table") if t.get("id")}
    outlets = [r.findtext("td") for r in tables["outlets-table"].iter("tr") if r.find("td") is not None]
    assert outlets == ["Reuters", "Sky News"]
    accounts = [r.find("td").text_content() for r in tables["accounts-table"].iter("tr") if r.find("td") is not None]
    assert "Tom Phillips (@tomphillipsin) on X" in accounts and "X" not in accounts
    platforms = [r.find("td").text_content() for r in tables["platforms-table"].iter("tr") if r.find("td") is not None]
    assert platforms == ["Telegram"]
    article = page.get_element_by_id("article-1")
    headings = [h.text_content() for h in article.iter("h4")]
    assert headings == ["Outlets (2)", "Accounts on platforms (3)", "Platforms named as a source (1)"]


def test_markdown_and_csv_name_accounts_as_accounts() -> None:
    report = liveblog_report()
    md = render(report, "markdown")
    assert "| Tom Phillips (@tomphillipsin) on X | 1 |" in md.split("### Articles")[0]
    assert "| X |" not in md.split("### Articles")[0]
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    items = {(r["item"], r["name_or_url"]) for r in rows}
    assert ("account", "Tom Phillips (@tomphillipsin) on X") in items
    assert ("platform", "Telegram") in items
    assert not any(r["item"] == "outlet" and r["name_or_url"] in ("X", "Telegram", "Instagram") for r in rows)


def test_the_overview_says_which_rules_fired_how_often_and_in_how_many_articles() -> None:
    from tests.report.test_renderers import resolved_seeds

    report = resolved_seeds()
    page = lxml_html.fromstring(render(report, "html"))
    rows = [[td.text_content().strip() for td in tr.findall("td")]
            for tr in page.get_element_by_id("rules-table").iter("tr") if tr.find("td") is not None]
    expected = {}
    for article in report.articles:
        for f in article.findings:
            n, arts = expected.get(f.rule, (0, set()))
            expected[f.rule] = (n + 1, arts | {article.path})
    assert {r[0]: (int(r[2]), int(r[3])) for r in rows} == {k: (n, len(a)) for k, (n, a) in expected.items()}
    rank = {"error": 0, "warning": 1, "info": 2}
    order = [(rank[r[1]], -int(r[2])) for r in rows]
    assert len(rows) >= 3 and order == sorted(order)  # the worst rule first, then the most frequent
    assert all(r[4] for r in rows)  # each says when it is raised


def test_an_untitled_article_is_named_by_its_path_within_the_folder_scanned(tmp_path: Path) -> None:
    from auditor.pipeline import audit

    folder = tmp_path / "archive" / "2024"
    (folder / "march").mkdir(parents=True)
    (folder / "march" / "strike.txt").write_text("Dockers walked out, Reuters reported.\n", encoding="utf-8")
    (folder / "ferry.txt").write_text("Fares rise, according to AFP.\n", encoding="utf-8")
    page = lxml_html.fromstring(render(audit([str(folder)]), "html"))
    cells = [tr.find("td") for tr in page.get_element_by_id("index").find("tbody")]
    names = sorted(td.find("a").text_content() for td in cells)
    assert names == ["ferry.txt", "march/strike.txt"]
    full = [td.find("span").text_content() for td in cells]
    assert sorted(full) == sorted([str(folder / "ferry.txt"), str(folder / "march" / "strike.txt")])  # in small print
