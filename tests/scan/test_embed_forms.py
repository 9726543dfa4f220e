"""The forms embedded posts take on real publishers' pages, each in an article written for the test."""

from __future__ import annotations

import pytest

from auditor.model import Article
from auditor.scan import scan_article

LEAD = ("<p>Flooding closed three roads into the valley on Tuesday, and the county asked drivers to stay home "
        "until the water had gone down.</p>")
TAIL = "<p>The county said it would give another update on Wednesday morning, when the river is expected to crest.</p>"


def page(body: str, head: str = "", after: str = "") -> Article:
    html = (f"<!doctype html><html lang=en><head><title>Valley roads closed</title>{head}</head><body>"
            f"<header class=site-header><a href='/'>The Valley Courier</a></header>"
            f"<article class=story><h1>Valley roads closed as river rises</h1><div class=story-body>{LEAD}\n"
            f"{body}\n{TAIL}</div></article>{after}</body></html>")
    return scan_article("story.html", html.encode("utf-8"))


def statuses(article: Article) -> list[str | None]:
    return [t.status_id for t in article.tweets]


# -- posts on X ------------------------------------------------------------------------------------------------


def test_an_oembed_component_described_by_a_json_script_beside_its_placeholder() -> None:
    """The CMS mounts the post from the JSON; the markup keeps a fallback link, or nothing at all."""
    with_link = page('<div class="oembed-frame" data-component="OEmbed"><a href="https://x.com/CountyAlerts/status/'
                     '1790012345678901234">View the post on X</a></div>'
                     '<script type="application/json" data-component-props="OEmbed">{"url": '
                     '"https://x.com/CountyAlerts/status/1790012345678901234", "provider": "twitter", '
                     '"maxWidth": 550}</script>')
    bare = page('<div class="oembed-frame" data-component="OEmbed"></div>'
                '<script type="application/json" data-component-props="OEmbed">{"url": '
                '"https://twitter.com/CountyAlerts/status/1790012345678901234?s=20", "provider": "twitter"}</script>')
    assert statuses(with_link) == ["1790012345678901234"]
    assert statuses(bare) == ["1790012345678901234"]


def test_amp_twitter_whose_tweetid_is_a_whole_status_url() -> None:
    article = page('<amp-twitter width="375" height="472" layout="responsive" '
                   'data-tweetid="https://twitter.com/CountyAlerts/status/1790012345678901234"></amp-twitter>')
    assert statuses(article) == ["1790012345678901234"]
    assert article.tweets[0].handle == "CountyAlerts"


def test_a_time_style_embed_id_placeholder() -> None:
    article = page('<div class="component embed-twitter js-embed-twitter social-embed" data-embed-type="twitter" '
                   'data-embed-id="1790012345678901234"></div>'
                   '<div class="component embed-twitter js-embed-twitter social-embed" data-embed-type="twitter" '
                   'data-embed-id="1790012345678905678"></div>')
    assert statuses(article) == ["1790012345678901234", "1790012345678905678"]


@pytest.mark.parametrize("attribute", [
    'data-tweet-id="1790012345678901234"',
    'data-tweet-url="https://twitter.com/CountyAlerts/status/1790012345678901234"',
    'data-oembed-url="https://x.com/CountyAlerts/status/1790012345678901234"',
    'data-href="https://twitter.com/CountyAlerts/status/1790012345678901234"',
    'data-extcontent_url="https://publish.twitter.com/oembed?url=https%3A%2F%2Ftwitter.com%2FCountyAlerts%2Fstatus'
    '%2F1790012345678901234&amp;omit_script=1"',
])
def test_a_status_in_any_data_attribute_of_a_placeholder(attribute: str) -> None:
    article = page(f'<div class="embed-wrapper" {attribute}></div>')
    assert statuses(article) == ["1790012345678901234"]


def test_a_publisher_rendered_card_known_by_its_intent_links() -> None:
    """A card drawn by the site itself: the only trace of the post is the like/retweet links."""
    card = ('<div class="tweet__container"><div class="tweet__header"><span class="tweet__name">County Alerts</span> '
            '<span class="tweet__handle">@CountyAlerts</span></div><div class="tweet__body">Route 9 is closed at the '
            'bridge. Please stay home.</div><div class="tweet__actions">'
            '<a href="https://twitter.com/intent/tweet?in_reply_to=1790012345678901234">Reply</a> '
            '<a href="https://twitter.com/intent/retweet?tweet_id=1790012345678901234">Retweet</a> '
            '<a href="https://twitter.com/intent/like?tweet_id=1790012345678901234">Like</a></div></div>')
    article = page(card)
    assert statuses(article) == ["1790012345678901234"]


def test_a_card_holding_the_posts_own_status_link() -> None:
    card = ('<figure class="tweet-card"><figcaption><b>Valley Fire Dept</b> @ValleyFD</figcaption>'
            '<p>Crews rescued two people from a car on Mill Lane.</p>'
            '<a class="tweet-card__date" href="https://twitter.com/ValleyFD/status/1790012345678909999">9:12 AM, '
            'May 14, 2024</a></figure>')
    assert statuses(page(card)) == ["1790012345678909999"]


def test_a_share_box_whose_class_says_tweet_is_still_not_a_post() -> None:
    share = ('<div class="tweet-this"><a href="https://twitter.com/intent/tweet?text=Valley%20roads%20closed&amp;'
             'url=https%3A%2F%2Fcourier.example%2Fstory">Tweet this story</a></div>')
    assert page(share).tweets == ()


def test_a_custom_blockquote_with_the_posts_own_link_is_an_embedded_post() -> None:
    quote = ('<blockquote class="pull-quote">“Water over the road on Route 9 at the bridge. Do not drive through it,” '
             'the sheriff\'s office said in a <a href="https://twitter.com/ValleySheriff/status/1790012345678907777">'
             'post</a>.</blockquote>')
    article = page(quote)
    assert statuses(article) == ["1790012345678907777"]


def test_a_bare_quote_in_a_live_blog_entry_with_the_posts_link_is_an_embedded_post() -> None:
    entry = ('<div class="entry"><q>“Crews are on scene at Mill Lane and the road is closed,” the fire department’s '
             '<a href="https://twitter.com/ValleyFD/status/1790012345678909999" target="_blank">tweet</a> said.</q></div>')
    assert statuses(page(entry)) == ["1790012345678909999"]


def test_a_status_link_in_a_sentence_of_the_article_stays_a_link() -> None:
    sentence = ('<p>The sheriff\'s office <a href="https://twitter.com/ValleySheriff/status/1790012345678907777">'
                'warned drivers on X</a> not to cross flooded roads.</p>')
    article = page(sentence)
    assert article.tweets == ()
    assert [link.kind for link in article.links] == ["tweet"]


def test_a_long_excerpt_quoted_from_another_page_links_to_a_post_in_a_sentence() -> None:
    excerpt = ("<blockquote><p>" + "The county's road crews worked through the night to clear the debris. " * 8
               + 'Residents shared a <a href="https://twitter.com/ValleySheriff/status/1790012345678907777">long thread '
               "of photos</a> of the flooded bridge.</p><p>" + "Crews expect to reopen the road by Friday. " * 6
               + "</p></blockquote>")
    article = page(excerpt)
    assert article.tweets == ()
    assert [link.kind for link in article.links] == ["tweet"]


def test_a_blockquote_quoting_two_posts_is_not_one_embedded_post() -> None:
    quote = ('<blockquote>Both agencies posted warnings: <a href="https://twitter.com/ValleySheriff/status/'
             '1790012345678907777">the sheriff</a> and <a href="https://twitter.com/CountyAlerts/status/'
             '1790012345678901234">the county</a>.</blockquote>')
    assert page(quote).tweets == ()


def test_every_paragraph_of_a_tweet_embed_belongs_to_the_post() -> None:
    embed = ('<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Update on the valley floods:</p>'
             '<p lang="en" dir="ltr">Route 9 closed at the bridge <a href="https://t.co/AbC123xYz">https://t.co/AbC123xYz</a></p>'
             '<p lang="en" dir="ltr">Shelter open at the high school <a href="https://t.co/QrS456tUv">pic.twitter.com/QrS456tUv</a></p>'
             '&mdash; County Alerts (@CountyAlerts) <a href="https://twitter.com/CountyAlerts/status/1790012345678901234">'
             'May 14, 2024</a></blockquote>')
    article = page(embed)
    tweet = article.tweets[0]
    assert tweet.status_id == "1790012345678901234"
    assert "Route 9 closed" in (tweet.text or "") and "Shelter open" in (tweet.text or "")
    assert "County Alerts" not in (tweet.text or "")
    urls = {link.url for link in article.links if link.in_tweet}
    assert {"https://t.co/AbC123xYz", "https://t.co/QrS456tUv"} <= urls
    assert any(link.kind == "twitter-media" for link in article.links)  # pic.twitter.com/QrS456tUv


def test_a_post_signed_off_with_a_dash_keeps_its_links_and_its_author() -> None:
    """"– LHL" closes the post's text; its links follow; then the embed's own signature."""
    embed = ('<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Spoke with the county about the floods. – JM '
             '<a href="https://t.co/0Nc9suPOWH">https://t.co/0Nc9suPOWH</a> <a href="https://t.co/6wks4LIBvu">'
             'pic.twitter.com/6wks4LIBvu</a></p>&mdash; Jo Mayor (@valleymayor) <a href="https://twitter.com/valleymayor/'
             'status/1790012345678903333">May 14, 2024</a></blockquote>')
    article = page(embed)
    assert [(t.author, t.handle) for t in article.tweets] == [("Jo Mayor", "valleymayor")]
    assert "https://pic.twitter.com/6wks4LIBvu" in {link.url for link in article.links}


def test_json_ld_posts_confirm_but_never_add_an_embed() -> None:
    ld = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
          '"headline": "Valley roads closed", "hasPart": [{"@type": "SocialMediaPosting", '
          '"url": "https://twitter.com/CountyAlerts/status/1790012345678901234"}, {"@type": "SocialMediaPosting", '
          '"url": "https://twitter.com/ValleyFD/status/1790012345678909999"}]}</script>')
    embed = ('<blockquote class="twitter-tweet"><p>Route 9 closed.</p>&mdash; County Alerts (@CountyAlerts) '
             '<a href="https://twitter.com/CountyAlerts/status/1790012345678901234">May 14, 2024</a></blockquote>')
    assert statuses(page(embed, head=ld)) == ["1790012345678901234"]
    assert page("", head=ld).tweets == ()


def test_a_forums_media_embed_of_a_post() -> None:
    """s9e MediaEmbed, as XenForo and phpBB forums render a pasted post."""
    embed = ('<div class="bbWrapper"><span data-s9e-mediaembed="twitter" style="height:350px;width:550px" '
             'data-s9e-mediaembed-iframe=\'["data-s9e-mediaembed","twitter","allow","autoplay *","src",'
             '"https:\\/\\/s9e.github.io\\/iframe\\/2\\/twitter.min.html#1790012345678901234#theme=auto"]\'></span><br>'
             '<i><a href="https://x.com/CountyAlerts/status/1790012345678901234">View: '
             'https://x.com/CountyAlerts/status/1790012345678901234</a></i></div>')
    assert statuses(page(embed)) == ["1790012345678901234"]


# -- other platforms -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("src", [
    "https://www.youtube.com/embed/dQw4w9WgXcQ?rel=0", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    "https://www.youtube.com/shorts/dQw4w9WgXcQ",
])
def test_a_player_in_the_body_is_an_embed_under_one_canonical_address(src: str) -> None:
    article = page(f'<figure class="video"><iframe src="{src}" allowfullscreen></iframe></figure>')
    assert [(e.platform, e.url) for e in article.embeds] == [("youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")]


@pytest.mark.parametrize("banner", [
    '<div class="promo-banner youtube-promo"><a class="youtube-link" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">'
    '<img src="/subscribe.png" alt="Subscribe to our channel"></a></div>',
    '<aside class="advert"><iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe></aside>',
    '<div class="sponsored-content tiktok-embed-promo" data-href="https://www.tiktok.com/@courier/video/7335512345678901234">'
    'Follow us on TikTok</div>',
])
def test_a_player_or_post_in_a_promotion_is_not_an_embed(banner: str) -> None:
    assert page(banner).embeds == ()


@pytest.mark.parametrize(("markup", "url"), [
    ('<div class="oembed-container"><iframe class="embedly-embed" src="https://cdn.embedly.com/widgets/media.html?src='
     'https%3A%2F%2Fwww.youtube.com%2Fembed%2FdQw4w9WgXcQ%3Ffeature%3Doembed&amp;url=http%3A%2F%2Fwww.youtube.com%2F'
     'watch%3Fv%3DdQw4w9WgXcQ&amp;type=text%2Fhtml&amp;schema=youtube"></iframe></div>',
     "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ('<object width="425" height="344"><param name="movie" value="http://www.youtube.com/v/dQw4w9WgXcQ&amp;hl=en_US">'
     '<embed src="http://www.youtube.com/v/dQw4w9WgXcQ&amp;hl=en_US" type="application/x-shockwave-flash"></object>',
     "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ('<div class="sqs-block video-block sqs-block-video" data-block-json="{&quot;layout&quot;:&quot;caption-hidden'
     '&quot;,&quot;html&quot;:&quot;&lt;iframe class=\\&quot;embedly-embed\\&quot; src=\\&quot;//cdn.embedly.com/'
     'widgets/media.html?src=https%3A%2F%2Fwww.youtube.com%2Fembed%2FdQw4w9WgXcQ&amp;amp;type=text%2Fhtml\\&quot;'
     '&gt;&lt;/iframe&gt;&quot;}"><div class="sqs-video-wrapper"></div></div>',
     "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ('<div class="component component--youtubevideo rc-lazyload"><iframe class="video" src="about:blank" '
     'data-lazy="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?enablejsapi=1"></iframe></div>',
     "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
], ids=["embedly", "flash", "squarespace", "lazy"])
def test_a_player_behind_an_embed_service_or_in_old_or_json_markup(markup: str, url: str) -> None:
    assert [e.url for e in page(markup).embeds] == [url]


@pytest.mark.parametrize(("attribute", "platform", "url"), [
    ('data-oembed-url="https://graph.facebook.com/v16.0/instagram_oembed?url=https%3A%2F%2Fwww.instagram.com%2Fp%2F'
     'C3aBcD1eFgH%2F&amp;access_token=x"', "instagram", "https://www.instagram.com/p/C3aBcD1eFgH/"),
    ('data-extcontent_url="https://graph.facebook.com/v16.0/oembed_post?url=https%3A%2F%2Fwww.facebook.com%2F'
     'ValleyFD%2Fposts%2F1234567890"', "facebook", "https://www.facebook.com/ValleyFD/posts/1234567890"),
    ('data-src="https://www.tiktok.com/oembed?url=https://www.tiktok.com/@valleyfd/video/7335512345678901234"',
     "tiktok", "https://www.tiktok.com/@valleyfd/video/7335512345678901234"),
])
def test_a_post_given_through_an_oembed_endpoint_is_the_post(attribute: str, platform: str, url: str) -> None:
    article = page(f'<div class="social-embed" {attribute}></div>')
    assert [(e.platform, e.url) for e in article.embeds] == [(platform, url)]


# -- where the story's embeds sit, and what is only a link ------------------------------------------------------


def test_a_feed_of_thumbnails_linking_to_posts_is_not_a_set_of_embeds() -> None:
    feed = "".join(f'<div class="feed-item"><a class="feed-photo" href="https://www.instagram.com/p/C3aBcD1eF{i}H/">'
                   f'<span class="sr-only">Market day {i}</span><img src="/t{i}.jpg" alt=""></a></div>' for i in range(4))
    article = page(feed)
    assert article.embeds == ()
    assert [link.kind for link in article.links] == ["social"] * 4


def test_the_link_an_embed_leaves_when_its_script_never_ran_is_the_embed() -> None:
    leftover = ('<div class="embed-instagram"><p><a href="https://www.instagram.com/p/C3aBcD1eFgH/">View this post '
                'on Instagram</a></p></div>')
    assert [(e.platform, e.url, e.form) for e in page(leftover).embeds] == [
        ("instagram", "https://www.instagram.com/p/C3aBcD1eFgH/", "post-url")]


def test_a_story_cut_into_sections_of_one_class_is_read_whole() -> None:
    sections = "".join(
        f'<div class="section-wrap"><div class="detail__body"><h2>Road {i}</h2><p>{LEAD[3:-4]} Section {i} of the '
        f'report describes the closures on this road in detail, with the times the county gave'
        f'{" and the detours it set up, road by road, for the people who live there" if i == 2 else ""}.</p>'
        + ('<p><iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe></p>' if i == 4 else "")
        + '</div></div>' for i in range(1, 7))
    html = (f"<!doctype html><html><head><title>Six roads</title></head><body><div class=layout><div class=left>"
            f"<h1>Six roads closed</h1>{sections}</div><div class=right><p>{TAIL}</p></div></div></body></html>")
    article = scan_article("story.html", html.encode())
    assert [e.url for e in article.embeds] == ["https://www.youtube.com/watch?v=dQw4w9WgXcQ"]


def test_a_lead_video_above_the_story_text_is_the_storys() -> None:
    html = ("<!doctype html><html><head><title>Valley roads closed</title></head><body>"
            "<div class=page><div class=story-wrap><h1>Valley roads closed as river rises</h1>"
            '<div class="lead-media"><iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe></div>'
            f'<div class="story-text">{LEAD}{LEAD}{TAIL}</div></div>'
            '<div class="more-videos-rail"><iframe src="https://www.youtube.com/embed/aBcDeFgHiJk"></iframe></div>'
            "</div></body></html>")
    article = scan_article("story.html", html.encode())
    assert [e.url for e in article.embeds] == ["https://www.youtube.com/watch?v=dQw4w9WgXcQ"]


def test_embeds_in_the_json_state_of_a_page_whose_story_awaits_none_are_not_the_storys() -> None:
    """A front page's state holds every story's embeds; only a story with a placeholder for one mounts it."""
    state = ('{"props":{"pageProps":{"rail":[{"type":"embed","html":"<blockquote class=\\"twitter-tweet\\"><p>Other '
             'story</p>&mdash; Someone (@someone) <a href=\\"https:\\/\\/twitter.com\\/someone\\/status\\/'
             '1776998765432109876\\">April 7, 2024<\\/a><\\/blockquote>"}]}}}')
    script = f'<script id="__NEXT_DATA__" type="application/json">{state}</script>'
    story = LEAD * 4  # a story told in the page's markup, not one the page's code draws from its state
    assert page(story, after=script).tweets == ()
    waiting = page(story + '<div class="embed-placeholder"></div>', after=script)
    assert statuses(waiting) == ["1776998765432109876"]


def test_a_gallery_whose_players_an_inline_script_writes_are_the_storys() -> None:
    gallery = ('<div class="videoGallery"><div class="vid"><img src="/thumb1.jpg" alt=""></div>'
               '<div class="vid"><img src="/thumb2.jpg" alt=""></div><script>var vids = ['
               '\'<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ?autoplay=1" allowfullscreen></iframe>\','
               '\'<iframe src="https://www.youtube.com/embed/aBcDeFgHiJk?autoplay=1" allowfullscreen></iframe>\'];'
               '</script></div>')
    assert [e.url for e in page(gallery).embeds] == ["https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                                                      "https://www.youtube.com/watch?v=aBcDeFgHiJk"]


def test_the_latest_post_in_an_author_box_is_not_the_storys() -> None:
    box = ('<div class="ts-fab-wrapper"><div class="ts-fab-latest"><p>New guide on site speed '
           '<a href="https://t.co/O2F3Yxf2p7">https://t.co/O2F3Yxf2p7</a></p></div></div>')
    assert all("t.co" not in link.url for link in page(box).links)  # the box sits in the story's column


# -- what a link to a post in the story's own words is, whatever holds it ----------------------------------------

STATUS = "https://twitter.com/SenSmith/status/1790012345678907777"


@pytest.mark.parametrize("markup", [
    f'<p>As the Herald reported:</p><blockquote><p>Smith, who <a href="{STATUS}">announced her run on X</a> last '
    'week, has raised $2 million.</p></blockquote>',
    f'<blockquote class="bbCodeBlock bbCodeBlock--quote" data-quote="RiverRat">Did anyone see this? <a href="{STATUS}">'
    f'{STATUS}</a></blockquote>',
    f'<p>Smith called the ruling <q>a <a href="{STATUS}">disgrace</a></q> and vowed to appeal.</p>',
    f'<div class="latest-tweet"><p>Our latest: roads reopen at noon <a href="{STATUS}">1h</a></p></div>',
    f'<div class="tweetable-text"><p>The sheriff <a href="{STATUS}">warned drivers on X</a> not to cross.</p></div>',
])
def test_a_link_to_a_post_in_words_that_are_not_the_posts_is_a_link(markup: str) -> None:
    article = page(markup)
    assert article.tweets == ()
    assert [link.kind for link in article.links] == ["tweet"]


def test_a_share_buttons_settings_naming_a_post_are_no_embed() -> None:
    share = f'<div class="share-tools"></div><script type="application/json">{{"url": "{STATUS}", "via": "courier"}}</script>'
    article = page(share)
    assert article.tweets == () and article.embeds == ()


def test_the_json_state_is_not_taken_for_an_ad_slot_an_image_placeholder_or_an_icon() -> None:
    state = ('{"props":{"pageProps":{"rail":[{"type":"embed","html":"<blockquote class=\\"twitter-tweet\\"><p>Other '
             'story</p>&mdash; Someone (@someone) <a href=\\"https:\\/\\/twitter.com\\/someone\\/status\\/'
             '1776998765432109876\\">April 7, 2024<\\/a><\\/blockquote>"}]}}}')
    script = f'<script id="__NEXT_DATA__" type="application/json">{state}</script>'
    story = LEAD * 4 + ('<div class="ad-placeholder" id="div-gpt-ad-2"></div><div class="image-placeholder">'
                        '<img src="/a.jpg" alt=""></div><a href="https://instagram.com/jo"><span class="icon-instagram">'
                        '</span></a>')
    assert page(story, after=script).tweets == ()


def test_a_strip_of_the_sites_latest_videos_under_the_story_is_not_the_storys() -> None:
    html = ("<!doctype html><html><head><title>Valley roads closed</title></head><body><div class=page>"
            f"<div class=story-wrap><h1>Valley roads closed</h1><div class=story-text>{LEAD}{LEAD}{TAIL}</div>"
            '<div class="latest-videos"><h3>Latest videos</h3><iframe src="https://www.youtube.com/embed/aBcDeFgHiJk">'
            "</iframe></div></div></div></body></html>")
    assert scan_article("story.html", html.encode()).embeds == ()


@pytest.mark.parametrize("label", ["Ver esta publicación en Instagram", "Diesen Beitrag auf Instagram ansehen",
                                   "Посмотреть эту публикацию в Instagram"])
def test_the_link_an_embed_leaves_is_the_embed_in_any_language(label: str) -> None:
    leftover = f'<p><a href="https://www.instagram.com/p/C3aBcD1eFgH/">{label}</a></p>'
    assert [e.url for e in page(leftover).embeds] == ["https://www.instagram.com/p/C3aBcD1eFgH/"]


def test_an_authors_name_with_a_dash_is_whole() -> None:
    embed = ('<blockquote class="twitter-tweet"><p>Route 9 is closed at the bridge.</p>&mdash; NWS – Valley Office '
             '(@NWSValley) <a href="https://twitter.com/NWSValley/status/1790012345678903333">May 14, 2024</a></blockquote>')
    assert [(t.author, t.text) for t in page(embed).tweets] == [("NWS – Valley Office", "Route 9 is closed at the bridge.")]


@pytest.mark.parametrize(("src", "url"), [
    ("https://www.youtube.com/embed/live_stream?channel=UCabcdefghijklmnopqrstuv",
     "https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv/live"),
    ("https://www.youtube.com/embed/videoseries?list=PLabcdefghijklmnop", "https://www.youtube.com/playlist?list=PLabcdefghijklmnop"),
])
def test_a_live_stream_or_a_playlist_player_keeps_what_it_plays(src: str, url: str) -> None:
    assert [e.url for e in page(f'<iframe src="{src}"></iframe>').embeds] == [url]


def test_json_nested_past_the_parsers_depth_is_not_an_embed_and_not_a_crash() -> None:
    deep = "[" * 5000 + "]" * 5000
    markup = (f'<div class="social-embed" data-block-json="{{&quot;a&quot;: {deep}}}"></div>'
              f'<div class="oembed"></div><script type="application/json" data-component="OEmbed">{deep}</script>')
    assert page(markup).embeds == ()


def test_a_short_link_is_a_finding_in_the_articles_words_not_inside_an_embedded_post() -> None:
    embed = ('<p>The county <a href="https://bit.ly/3TxQw8L">published its closure map</a>.</p>'
             '<blockquote class="twitter-tweet"><p>Route 9 closed <a href="https://t.co/AbC123xYz">https://t.co/AbC123xYz'
             '</a></p>&mdash; County Alerts (@CountyAlerts) <a href="https://twitter.com/CountyAlerts/status/'
             '1790012345678901234">May 14, 2024</a></blockquote>')
    article = page(embed)
    assert {link.url for link in article.links if link.kind == "shortener"} == {"https://bit.ly/3TxQw8L",
                                                                                "https://t.co/AbC123xYz"}
    assert [f.message for f in article.findings if f.rule == "unexpanded-shortener"] == [
        "Readers see the short link https://bit.ly/3TxQw8L, not where it leads."]
