"""An HTML page's publication date: the page's metadata first; where it gives none, htmldate on an excerpt of
the page (its head, its JSON-LD, its <abbr> dates and the headline with its surroundings)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from auditor.scan import scan_article
from tests.conftest import ROOT

_STORY = "<p>" + "The council voted on Tuesday to close the bridge for repairs, officials said. " * 6 + "</p>"


def page(head: str = "", header: str = "", footer: str = "", rail: str = "") -> bytes:
    return (f"<html><head><title>Bridge to close</title>{head}</head><body>"
            f"<nav><a href='/'>Home</a></nav>{rail}<article><header><h1>Bridge to close for repairs</h1>"
            f"<div class='byline'><span class='author'>By Jane Doe</span>{header}</div></header>"
            f"<div class='article-body'>{_STORY}</div></article>"
            f"<footer>{footer}</footer></body></html>").encode()


def date_of(data: bytes) -> str | None:
    return scan_article("page.html", data).date


def test_the_metadata_date_comes_first() -> None:
    data = page(head="<meta property='article:published_time' content='2015-06-03T10:00:00Z'>",
                header="<span class='date'>Updated 4 June 2016</span>")
    assert date_of(data) == "2015-06-03"


def test_a_byline_date_beside_the_headline_dates_a_page_without_metadata() -> None:
    assert date_of(page(header="<span class='dateline'>August 13, 2010 -- 2:30 p.m. EDT</span>")) == "2010-08-13"
    assert date_of(page(header="<span class='posted'>Posted 08/13/2010</span>")) == "2010-08-13"


def test_the_date_in_the_canonical_address_dates_a_page_without_metadata() -> None:
    head = "<link rel='canonical' href='https://news.example.com/2011/04/10/bridge-to-close.html'>"
    assert date_of(page(head=head)) == "2011-04-10"


def test_an_abbr_date_and_json_ld_in_the_body() -> None:
    assert date_of(page(header="<abbr class='published' title='2012-11-28T09:00:00'>Nov 28</abbr>")) == "2012-11-28"
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "dateCreated": "2013-05-27T08:00:00Z"}</script>'
    assert date_of(page(footer=ld)) == "2013-05-27"


def test_dates_far_from_the_headline_are_not_the_articles() -> None:
    rail = "<aside class='latest'><ul><li>March 3, 2019: <a href='/x'>Other story</a></li></ul></aside>"
    footer = "<p>Comment posted January 5, 2020</p><p>Copyright 2021 Example News</p>"
    assert date_of(page(rail=rail, footer=footer)) is None


def test_the_answer_does_not_follow_the_clock() -> None:
    # NOTE: by default htmldate believes no date after today's; a future day is read alike whenever the scan runs
    assert date_of(page(header="<span class='date'>June 3, 2039</span>")) == "2039-06-03"
    assert date_of(page(header="<span class='date'>June 3, 1989</span>")) is None  # before the web's news sites


def test_a_page_dated_by_its_metadata_never_loads_the_date_library(tmp_path: Path) -> None:
    article = tmp_path / "p.html"
    article.write_bytes(page(head="<meta name='date' content='2020-01-02'>"))
    code = ("import sys; from auditor.scan import scan_article; "
            f"a = scan_article('p.html', open({str(article)!r}, 'rb').read()); print(a.date, 'htmldate' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["2020-01-02", "False"]


def test_the_search_leaves_the_rest_of_the_scan_as_it_was() -> None:
    with_date = scan_article("page.html", page(header="<span class='date'>August 13, 2010</span>"))
    without = scan_article("page.html", page())
    assert with_date.date == "2010-08-13" and without.date is None
    assert (with_date.outlets, with_date.links, with_date.title) == (without.outlets, without.links, without.title)


def test_a_page_that_says_it_is_a_product_or_a_front_page_is_not_searched_for_a_date() -> None:
    header = "<span class='date'>August 13, 2010</span>"
    assert date_of(page(head="<meta property='og:type' content='product'>", header=header)) is None
    ld = '<script type="application/ld+json">{"@type": "WebSite", "name": "Example"}</script>'
    assert date_of(page(head=ld, header=header)) is None
    # NOTE: a site's graph names the site beside the story: the story wins
    both = '<script type="application/ld+json">{"@graph": [{"@type": "WebSite"}, {"@type": "NewsArticle"}]}</script>'
    assert date_of(page(head=both, header=header)) == "2010-08-13"
    assert date_of(page(head="<meta property='og:type' content='article'>", header=header)) == "2010-08-13"


def test_a_date_the_libraries_warn_about_leaves_no_warning_on_the_terminal(tmp_path: Path) -> None:
    article = tmp_path / "p.html"
    article.write_bytes(page(header="<abbr class='published' title='000000.\uff11\uff129999T99'>x</abbr>"))
    out = subprocess.run([sys.executable, "-m", "auditor", "scan", str(article), "-q", "-f", "json"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert out.returncode == 0
    assert out.stderr == ""


def test_the_date_library_is_set_up_once_not_once_a_page() -> None:
    import logging

    undated = page(header="<span class='date'>August 13, 2010</span>")
    date_of(undated)
    handlers = len(logging.getLogger("htmldate").handlers)
    for _ in range(5):
        assert date_of(undated) == "2010-08-13"
    assert len(logging.getLogger("htmldate").handlers) == handlers  # a handler a page would grow without end
