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


def _scan(html: str) -> tuple[list[str], list[str]]:
    article = scan_article("page.html", html.encode())
    return [link.url for link in article.links], [o.name for o in article.outlets]


def test_a_camelcase_wrapper_around_the_story_is_the_story_and_its_rail_is_not() -> None:
    links, outlets = _scan("""<html><head><title>Port strike</title></head><body><article><h1>Port strike</h1>
<div class="mainColumnWithRail"><div class="storyColumn">
<p>Union leaders told Reuters they would not return to work until the offer improved. The operator said in a
<a href="https://portoperator.example/press/offer">statement</a> that its offer was fair and final.</p></div>
<div class="rightRail"><a href="/news/cranes">New cranes</a> <a href="/news/ferry">Ferry fares</a></div>
</div></article></body></html>""")
    assert links == ["https://portoperator.example/press/offer"] and outlets == ["Reuters"]


def test_sections_headed_like_rails_that_cite_others_are_the_story() -> None:
    briefing = """<html><head><title>Morning briefing</title></head><body><article><div class="entry-content">
<p>Good morning. Here is what you need to know today, with the reporting we relied on linked in each item.</p>
<section class="briefing"><h2>Top stories</h2>
<p>Ceasefire talks stalled, <a href="https://www.reuters.com/world/ceasefire-2024-05-01/">Reuters reports</a>.</p>
<p>The central bank held rates, <a href="https://www.bloomberg.com/news/rates-2024-05-01">according to Bloomberg</a>.</p>
</section>
<div class="fc-sources"><h3>Read more</h3><ul><li><a href="https://www.who.int/news/item/statement">WHO statement</a></li>
<li><a href="https://www.cdc.gov/media/releases/2024/s0430.html">CDC release</a></li></ul></div>
</div></article></body></html>"""
    links, outlets = _scan(briefing)
    assert len(links) == 4 and outlets == ["Reuters", "Bloomberg"]
    live = """<html><head><title>Live</title></head><body><article><div class="live-blog">
<div class="live-entry"><h3>More from the Kremlin briefing</h3>
<p>Peskov said no meeting was planned, <a href="https://www.interfax.ru/russia/958123">Interfax reported</a>.</p></div>
<div class="live-entry"><h3>Explosions in Odesa</h3><p>Explosions were heard in Odesa early on Wednesday and the mayor
urged residents to stay in shelters, according to <a href="https://suspilne.media/odesa/123/">Suspilne</a>.</p></div>
</div></article></body></html>"""
    links, outlets = _scan(live)
    assert "https://www.interfax.ru/russia/958123" in links and "Interfax" in outlets


def test_paragraph_classes_that_name_a_topic_keep_their_links() -> None:
    links, _ = _scan("""<html lang="ru"><head><title>Песков</title></head><body><div class="topic-body__content">
<p class="topic-body__content-text">Пресс-секретарь президента прокомментировал сообщения о переговорах, передает
<a href="https://ria.ru/20240501/peskov-1943212345.html">РИА Новости</a>.</p>
<p class="topic-body__content-text">Ранее агентство <a href="https://www.reuters.com/world/talks/">Reuters</a>
со ссылкой на источники сообщило об обмене пленными.</p></div></body></html>""")
    assert links == ["https://ria.ru/20240501/peskov-1943212345.html", "https://www.reuters.com/world/talks/"]


def test_the_sites_own_pages_named_by_a_query_and_its_sister_publications_are_links() -> None:
    links, _ = _scan("""<html><head><title>Budget</title>
<link rel="canonical" href="https://www.towncrier.example/index.php?option=com_content&amp;view=article&amp;id=9911"></head>
<body><div itemprop="articleBody"><p>The town council approved the 2024 budget on Tuesday by a vote of 6 to 3 after a
four-hour meeting that drew a large crowd to the hall.</p><p>Background:</p><ul>
<li><a href="https://www.towncrier.example/index.php?option=com_content&amp;view=article&amp;id=9870">Draft budget</a></li>
<li><a href="https://www.towncrier.example/?p=5512">Mayor interview</a></li>
<li><a href="https://www.towncrier.example/index.php?option=com_content&amp;view=article&amp;id=9911">Permalink</a></li>
<li><a href="https://www.towncrier.example/">Home</a></li></ul></div></body></html>""")
    assert links == ["https://www.towncrier.example/index.php?option=com_content&view=article&id=9870",
                     "https://www.towncrier.example/?p=5512"]
    links, _ = _scan("""<html><head><title>Leaked memo</title><meta property="og:url" content="https://alice.substack.com/p/memo">
</head><body><div class="body markup"><p>The memo runs to 14 pages and was shared with reporters on Monday by two
officials, according to another newsletter.</p><p>First reported by: <a href="https://bob.substack.com/">Bob's Brief</a></p>
</div></body></html>""")
    assert links == ["https://bob.substack.com/"]


def test_common_cms_chrome_inside_the_story_is_left_out() -> None:
    links, _ = _scan("""<html><head><title>Transit plan</title>
<link rel="canonical" href="https://www.citypaper.example/2024/05/01/transit-plan/"></head><body><article>
<div class="entry-content"><p>The city unveiled a $2 billion transit plan on Wednesday that would add three bus lines
and extend the light rail to the airport by 2030, <a href="https://www.city.example/transit-plan.pdf">the plan</a> says.</p>
<ul class="wp-block-latest-posts__list wp-block-latest-posts"><li><a href="https://www.citypaper.example/2024/04/30/school/">School board</a></li></ul>
<div class="a2a_kit addtoany_list"><a href="https://www.addtoany.com/add_to/facebook?linkurl=x">Facebook</a></div>
<div class="sharing-row"><a href="https://bsky.app/intent/compose?text=x">Bluesky</a>
<a href="https://www.threads.net/intent/post?text=x">Threads</a><a href="https://www.pinterest.de/pin/create/button/?url=x">Pin</a>
<a href="https://www.linkedin.com/feed/?shareActive=true&amp;text=x">LinkedIn</a><a href="https://mobile.twitter.com/intent/tweet?text=x">X</a>
<a href="https://www.reddit.com/r/news/submit?url=x">Reddit</a></div>
<div id="jp-relatedposts" class="jp-relatedposts"><a href="https://www.citypaper.example/2023/11/02/rail/">Rail delayed</a></div>
<div class="navigation"><a href="https://www.citypaper.example/2024/04/30/school/" rel="prev">School board</a></div>
<p class="postmetadata">Posted in <a href="https://www.citypaper.example/news/local/">Local</a>,
<a href="https://www.citypaper.example/news/transport/">Transport</a></p>
</div></article></body></html>""")
    assert links == ["https://www.city.example/transit-plan.pdf"]


def test_share_buttons_addresses_are_known_and_posts_are_not_share_buttons() -> None:
    from auditor.scan.urls import is_share_link

    shares = ["https://www.facebook.com/sharer/sharer.php?u=x", "https://twitter.com/intent/tweet?text=x",
              "https://mobile.twitter.com/intent/tweet?text=x", "https://x.com/intent/post?text=x",
              "https://www.linkedin.com/shareArticle?mini=true&url=x", "https://www.linkedin.com/feed/?shareActive=true",
              "https://www.reddit.com/submit?url=x", "https://www.reddit.com/r/news/submit?url=x",
              "https://www.pinterest.de/pin/create/button/?url=x", "https://www.addtoany.com/add_to/facebook?linkurl=x",
              "https://www.addtoany.com/share", "https://bsky.app/intent/compose?text=x",
              "https://www.threads.net/intent/post?text=x", "https://mastodonshare.com/?text=x",
              "https://social-plugins.line.me/lineit/share?url=x", "https://flipboard.com/bookmarklet/popout?v=2&url=x",
              "https://wa.me/?text=x", "https://t.me/share/url?url=x", "https://vk.com/share.php?url=x"]
    assert [u for u in shares if not is_share_link(u)] == []
    sources = ["https://twitter.com/intent/tweet?in_reply_to=1672523486418079745", "https://www.reddit.com/r/news/",
               "https://www.facebook.com/share/p/1AbCdEfGh/", "https://bsky.app/profile/a.bsky.social/post/3kabc",
               "https://wa.me/4915112345678", "https://www.pinterest.com/pin/123456789/", "https://t.me/rian_ru/123"]
    assert [u for u in sources if is_share_link(u)] == []
