"""Social embeds of every platform, in the markup their widgets use, and what is not an embed."""

from __future__ import annotations

import pytest

from auditor.model import Article
from auditor.scan import scan_article

PARA = "<p>Residents posted footage overnight, and our reporters verified the posts below before publication.</p>"


def scan_html(body: str, head: str = "") -> Article:
    html = f"<!doctype html><html><head>{head}</head><body><article>{PARA}\n{body}\n{PARA}</article></body></html>"
    return scan_article("a.html", html.encode("utf-8"))


MARKUP = {
    "telegram widget": ('<script async src="https://telegram.org/js/telegram-widget.js?22" data-telegram-post="durov/43" data-width="100%"></script>',
                        "telegram", "https://t.me/durov/43"),
    "telegram iframe": ('<iframe src="https://t.me/durov/43?embed=1&amp;userpic=true" width="100%"></iframe>', "telegram", "https://t.me/durov/43"),
    "instagram": ('<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/C3aBcD1eFgH/?utm_source=ig_embed" data-instgrm-version="14"><a href="https://www.instagram.com/p/C3aBcD1eFgH/?utm_source=ig_embed">View this post on Instagram</a></blockquote>',
                  "instagram", "https://www.instagram.com/p/C3aBcD1eFgH/"),
    "youtube": ('<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ?si=x" allowfullscreen></iframe>', "youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    "youtube-nocookie": ('<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"></iframe>', "youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    "facebook div": ('<div class="fb-post" data-href="https://www.facebook.com/BBCnews/posts/pfbid0abc" data-width="500"></div>', "facebook", "https://www.facebook.com/BBCnews/posts/pfbid0abc"),
    "facebook iframe": ('<iframe src="https://www.facebook.com/plugins/video.php?height=314&amp;href=https%3A%2F%2Fwww.facebook.com%2FBBCnews%2Fvideos%2F1234567890%2F&amp;show_text=false"></iframe>',
                        "facebook", "https://www.facebook.com/BBCnews/videos/1234567890"),
    "tiktok": ('<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@bbcnews/video/7335512345678901234" data-video-id="7335512345678901234"><section></section></blockquote>',
               "tiktok", "https://www.tiktok.com/@bbcnews/video/7335512345678901234"),
    "bluesky": ('<blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:abc/app.bsky.feed.post/3kllq2w3e4r5t"><p>Text</p>&mdash; Jo (<a href="https://bsky.app/profile/did:plc:abc?ref_src=embed">@jo.bsky.social</a>) <a href="https://bsky.app/profile/did:plc:abc/post/3kllq2w3e4r5t?ref_src=embed">February 17, 2024</a></blockquote>',
                "bluesky", "https://bsky.app/profile/did:plc:abc/post/3kllq2w3e4r5t"),
    "mastodon": ('<iframe src="https://mastodon.social/@Gargron/109383485858403828/embed" class="mastodon-embed" width="400"></iframe>', "mastodon", "https://mastodon.social/@Gargron/109383485858403828"),
    "threads": ('<blockquote class="text-post-media" data-text-post-permalink="https://www.threads.net/@zuck/post/CuP48CiS5sx" data-text-post-version="0"></blockquote>', "threads", "https://www.threads.net/@zuck/post/CuP48CiS5sx"),
    "vk post": ('<div id="vk_post_-1_45616"></div><script>VK.Widgets.Post("vk_post_-1_45616", -1, 45616, "abc");</script>', "vk", "https://vk.com/wall-1_45616"),
    "vk video": ('<iframe src="https://vk.com/video_ext.php?oid=-22822305&amp;id=456241864&amp;hash=e037414127166efe" width="640"></iframe>', "vk", "https://vk.com/video-22822305_456241864"),
}


@pytest.mark.parametrize(("markup", "platform", "url"), MARKUP.values(), ids=list(MARKUP))
def test_embed_markup(markup: str, platform: str, url: str) -> None:
    article = scan_html(markup)
    assert [(e.platform, e.url, e.form, e.line) for e in article.embeds] == [(platform, url, "html-embed", 2)]
    assert article.tweets == ()


def test_post_link_in_a_sentence_is_a_link_not_an_embed() -> None:
    article = scan_html('<p>The mayor <a href="https://t.me/citymayor/812">wrote on Telegram</a> that power was back.</p>')
    assert article.embeds == ()
    assert [(link.url, link.kind) for link in article.links] == [("https://t.me/citymayor/812", "social")]


def test_post_link_standing_alone_is_what_a_flattened_embed_left() -> None:
    article = scan_html('<p><a href="https://www.instagram.com/p/C3aBcD1eFgH/">https://www.instagram.com/p/C3aBcD1eFgH/</a></p>')
    assert [(e.platform, e.form) for e in article.embeds] == [("instagram", "post-url")]
    text = scan_article("a.txt", b"The governor's post:\n\nt.me/belgorod_gov/23817\n")
    assert [(e.platform, e.url, e.form, e.line) for e in text.embeds] == [("telegram", "https://t.me/belgorod_gov/23817", "post-url", 3)]


def test_scripts_and_styles_that_name_embed_classes_are_not_embeds() -> None:
    article = scan_html(
        '<style>.twitter-tweet, .instagram-media { margin: 0 auto; }</style>'
        '<script>var embeds = ["twitter-tweet", "https://t.me/durov/43"]; loadEmbeds(embeds);</script>'
    )
    assert (article.embeds, article.tweets, article.links) == ((), (), ())


def test_site_follow_links_in_the_page_chrome_are_ignored() -> None:
    html = (f'<html><body><header><nav><a href="https://t.me/ourpaper">Telegram</a></nav></header>'
            f'<article>{PARA}{PARA}</article>'
            '<footer><a href="https://twitter.com/ourpaper">Follow us</a></footer></body></html>')
    article = scan_article("a.html", html.encode())
    assert article.links == ()


def test_embeds_kept_only_in_the_page_json_state() -> None:
    next_data = ('{"props":{"pageProps":{"article":{"body":[{"type":"embed","html":"<blockquote class=\\"twitter-tweet\\">'
                 '<p>Talks resume</p>&mdash; Reuters (@Reuters) <a href=\\"https:\\/\\/twitter.com\\/Reuters\\/status\\/1776998765432109876\\">'
                 'April 7, 2024<\\/a><\\/blockquote>"}]}}}}')
    fusion = ('Fusion.globalContent={"content_elements":[{"type":"oembed_response","subtype":"instagram",'
              '"raw_oembed":{"url":"https://www.instagram.com/p/C3aBcD1eFgH/"}}]};Fusion.contentCache={};')
    html = (f'<html><body><article>{PARA}<div class="embed-placeholder"></div>{PARA}</article>'
            f'<script id="__NEXT_DATA__" type="application/json">{next_data}</script>'
            f'<script id="fusion-metadata" type="application/javascript">{fusion}</script></body></html>')
    article = scan_article("a.html", html.encode())
    assert [(t.form, t.status_id, t.handle) for t in article.tweets] == [("html-embed", "1776998765432109876", "Reuters")]
    assert [(e.platform, e.url) for e in article.embeds] == [("instagram", "https://www.instagram.com/p/C3aBcD1eFgH/")]
    assert [o.name for o in article.outlets] == ["Reuters", "Instagram"]


def test_lazy_placeholders_and_amp_tags() -> None:
    article = scan_html(
        '<div class="lazy-embed" data-embed-url="https://twitter.com/SkyNews/status/1672523486418079745"></div>\n'
        '<amp-instagram data-shortcode="C3aBcD1eFgH" width="400" height="400" layout="responsive"></amp-instagram>\n'
        '<amp-youtube data-videoid="dQw4w9WgXcQ" width="480" height="270"></amp-youtube>\n'
        '<amp-tiktok width="325" height="575" data-src="https://www.tiktok.com/@bbcnews/video/7335512345678901234"></amp-tiktok>'
    )
    assert [(t.status_id, t.line) for t in article.tweets] == [("1672523486418079745", 2)]
    assert [(e.platform, e.line) for e in article.embeds] == [("instagram", 3), ("youtube", 4), ("tiktok", 5)]
