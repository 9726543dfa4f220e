"""The page's chrome is not the article: share buttons, bylines' profile links, tag lists and rails of other
stories inside the story's container are left out of its links; the writer's own links stay."""

from __future__ import annotations

from auditor.scan import scan_article

PAGE = """<html><head><title>Dockers strike over automation plan</title>
<link rel="canonical" href="https://www.harbourcourier.example/business/2024/03/12/dockers-strike/"></head>
<body><article class="story">
<h1>Dockers strike over automation plan</h1>
<div class="story-byline">By <a href="/authors/jane-doe/">Jane Doe</a> and <a rel="author" href="https://www.harbourcourier.example/people/sam-roe">Sam Roe</a>, Reuters</div>
<div class="shareTools"><a href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fwww.harbourcourier.example%2Fx">Share</a>
<a href="https://twitter.com/intent/tweet?text=Dockers%20strike&amp;url=https%3A%2F%2Fwww.harbourcourier.example%2Fx">Post</a></div>
<p>Southampton dockers walked out on Tuesday over a plan to automate two berths, the union said in a
<a href="https://www.unite.example/news/southampton-ballot">statement on its website</a>, a week after the
<a href="https://www.harbourcourier.example/topics/ports/">ports</a> authority published its
<a href="https://www.portauthority.example/plans/2024-automation.pdf">automation plan</a>.</p>
<p><a href="https://www.harbourcourier.example/share-buttons-are-not-here/">Read the port authority's answer to the union in full</a></p>
<div class="relatedRail"><a href="https://www.harbourcourier.example/business/2024/03/01/cranes/">New cranes for the port</a>
<a href="https://www.harbourcourier.example/business/2024/02/20/ferry/">Ferry fares rise</a></div>
<div class="box"><h3>More from Business</h3><ul>
<li><a href="https://www.harbourcourier.example/business/2024/03/10/bank/">Harbour bank opens branch</a></li>
<li><a href="https://www.harbourcourier.example/business/2024/03/09/fish/">Fish market moves</a></li></ul></div>
<p class="post-tags">Tags: <a href="https://www.harbourcourier.example/tag/strikes/">strikes</a>,
<a href="https://www.harbourcourier.example/tag/ports/">ports</a></p>
</article></body></html>"""

LIVE_BLOG = """<html><head><title>Flood: live</title></head><body><main>
<div class="live"><h2>Latest updates</h2>
<p>Water rose overnight in the old port and crews evacuated 40 homes, the city said in a
<a href="https://www.city.example/news/flood-update">flood update</a> posted at 6 am.</p>
<p>Rescue boats reached Quay Street before dawn, according to the fire service, which said on its website that
<a href="https://www.fire.example/incidents/2291">two people were taken to hospital</a> with minor injuries.</p>
</div></main></body></html>"""


def _urls(html: str) -> list[str]:
    return [link.url for link in scan_article("page.html", html.encode()).links]


def test_only_the_writers_links_are_the_articles() -> None:
    urls = _urls(PAGE)
    assert urls == ["https://www.unite.example/news/southampton-ballot",
                    "https://www.harbourcourier.example/topics/ports/",  # a topic page, but linked in a sentence
                    "https://www.portauthority.example/plans/2024-automation.pdf",
                    "https://www.harbourcourier.example/share-buttons-are-not-here/"]


def test_a_byline_is_still_read_for_the_agency_it_names() -> None:
    article = scan_article("page.html", PAGE.encode())
    assert "Reuters" in [o.name for o in article.outlets]
    assert not any("/authors/" in link.url or "/people/" in link.url for link in article.links)


def test_a_live_blog_under_a_latest_updates_heading_is_the_story() -> None:
    assert _urls(LIVE_BLOG) == ["https://www.city.example/news/flood-update", "https://www.fire.example/incidents/2291"]


def test_a_link_that_names_a_post_is_no_share_button() -> None:
    html = PAGE.replace("<p>Southampton", '<p><a href="https://twitter.com/intent/tweet?in_reply_to=1672523486418079745">'
                                         "Reply</a> to the union's post. Southampton", 1)
    assert "https://twitter.com/intent/tweet?in_reply_to=1672523486418079745" in _urls(html)


def test_each_link_keeps_the_words_it_is_set_on_and_the_report_quotes_them() -> None:
    from lxml import html as lxml_html

    from auditor.model import Meta, Report
    from auditor.report import render

    article = scan_article("page.html", PAGE.replace("</article>", "<p>Union ballot: https://www.unite.example/ballot-2024</p></article>").encode())
    labels = {link.url: link.label for link in article.links}
    assert labels["https://www.unite.example/news/southampton-ballot"] == "statement on its website"
    assert labels["https://www.unite.example/ballot-2024"] == ""  # an address written out: its words are itself
    page = lxml_html.fromstring(render(Report(Meta("2026-01-01T00:00:00Z"), (article,)), "html"))
    quoted = [q.text_content() for q in page.iter("q")]
    assert "statement on its website" in quoted
