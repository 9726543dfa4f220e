"""auditor diff: what changed between two runs (articles, findings, verdicts, deleted posts)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from auditor.cli import main
from auditor.model import Check, Hop, Meta, Report, to_json_dict
from auditor.scan import scan_article
from auditor.scan.findings import findings_for

STORY = b"""<html><head><title>Flood</title><link rel="canonical" href="https://news.example/flood"></head><body><article>
<p>The river burst its banks overnight, the city said in a <a href="https://city.example/flood">statement</a>, and
readers were sent to <a href="https://bit.ly/3xYzAbC">https://bit.ly/3xYzAbC</a> for the gauge readings.</p>
<blockquote class="twitter-tweet"><p>Stay away from the old port.</p>&mdash; City Hall (@cityhall_example)
<a href="https://twitter.com/cityhall_example/status/1672523486418079745">June 24, 2023</a></blockquote>
</article></body></html>"""
POST = "https://twitter.com/cityhall_example/status/1672523486418079745"
OK = Check("ok", None, 200, None, ())


def saved(tmp_path: Path, name: str, html: bytes, verdicts: dict[str, Check], when: str, extra: bytes | None = None) -> Path:
    articles = []
    for path, data in (("flood.html", html), *((("other.html", extra),) if extra else ())):
        article = scan_article(path, data)
        article = replace(article,
                          links=tuple(replace(x, check=verdicts.get(x.url, OK)) for x in article.links),
                          tweets=tuple(replace(t, check=verdicts.get(t.url or "", OK)) for t in article.tweets))
        articles.append(replace(article, findings=findings_for(article)))
    out = tmp_path / f"{name}.json"
    out.write_text(json.dumps(to_json_dict(Report(Meta(when, True), tuple(articles)))), encoding="utf-8")
    return out


def test_a_link_that_died_a_post_deleted_and_a_finding_fixed(tmp_path: Path) -> None:
    last = saved(tmp_path, "last", STORY, {}, "2026-11-30T02:00:00Z",
                 extra=b"<html><body><p>Fares rise, AFP reported.</p></body></html>")
    # tonight: the statement is gone, the post deleted, the short link expanded; the other article dropped,
    # a new one added; lines moved by a new paragraph above
    tonight_html = STORY.replace(b"<article>", b"<article><p>Update at 6 am: the water is falling.</p>").replace(
        b'href="https://bit.ly/3xYzAbC">https://bit.ly/3xYzAbC', b'href="https://gauges.example/7">the gauge')
    gone = Check("broken", "http-404", 404, "https://city.example/flood", (Hop("https://city.example/flood", 404),))
    deleted = Check("broken", "tweet-deleted", 404, POST, ())
    tonight = tmp_path / "tonight.json"
    article = scan_article("flood.html", tonight_html)
    article = replace(article, links=tuple(replace(x, check=gone if x.url == "https://city.example/flood" else
                                                   (deleted if x.url == POST else OK)) for x in article.links),
                      tweets=tuple(replace(t, check=deleted) for t in article.tweets))
    newcomer = scan_article("new.txt", b"Ferries stop on Sunday, Reuters reported.\n")
    tonight.write_text(json.dumps(to_json_dict(Report(Meta("2026-12-01T02:00:00Z", True), (
        replace(article, findings=findings_for(article)), newcomer)))), encoding="utf-8")

    result = CliRunner().invoke(main, ["diff", str(last), str(tonight), "-f", "json"])
    assert result.exit_code == 0, result.output
    d = json.loads(result.stdout)
    assert d["articles"] == {"added": ["new.txt"], "removed": ["other.html"]}
    dead = {c["url"] for c in d["links"] if c["went_dead"]}
    assert dead == {"https://city.example/flood", POST}
    assert [p["url"] for p in d["posts_deleted"]] == [POST]
    assert [f["rule"] for f in d["findings"]["fixed"]] == ["unexpanded-shortener"]
    assert sorted(f["rule"] for f in d["findings"]["new"]) == ["broken-link", "broken-link"]
    text = CliRunner().invoke(main, ["diff", str(last), str(tonight)]).stdout
    assert "2 went dead" in text and "Posts deleted" in text and "1 fixed" in text
    md = CliRunner().invoke(main, ["diff", str(last), str(tonight), "-f", "markdown"]).stdout
    assert "### Links that went dead" in md and "| https://city.example/flood | ok | broken (http-404) |" in md


def test_two_identical_runs_differ_in_nothing_and_a_bad_file_exits_3(tmp_path: Path) -> None:
    a = saved(tmp_path, "a", STORY, {}, "2026-11-30T02:00:00Z")
    b = saved(tmp_path, "b", STORY, {}, "2026-12-01T02:00:00Z")
    d = json.loads(CliRunner().invoke(main, ["diff", str(a), str(b), "-f", "json"]).stdout)
    assert all(v == 0 for v in d["summary"].values())
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(a), str(bad)])
    assert result.exit_code == 3 and "the new run" in result.stderr
