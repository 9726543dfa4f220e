"""Tweets in all three forms: embed markup, the pasted-text signature, bare status URLs."""

from __future__ import annotations

import pytest

from auditor.model import Tweet
from auditor.scan import scan_article
from auditor.scan.signature import find_signatures


@pytest.mark.parametrize(
    ("line", "author", "handle", "date"),
    [
        ("— Sky News (@SkyNews) June 24, 2023", "Sky News", "SkyNews", "2023-06-24"),
        ("—Sky News (@SkyNews)June 24, 2023", "Sky News", "SkyNews", "2023-06-24"),
        ("– Sky News (@SkyNews) Jun 24, 2023", "Sky News", "SkyNews", "2023-06-24"),
        ("- Sky News (@SkyNews) 24 June 2023", "Sky News", "SkyNews", "2023-06-24"),
        ("&mdash; Sky News (@SkyNews) June 24, 2023", "Sky News", "SkyNews", "2023-06-24"),
        ("— 🇺🇦 Зеленський / Zelenskyy (@ZelenskyyUa) 24 июня 2023 г.", "🇺🇦 Зеленський / Zelenskyy", "ZelenskyyUa", "2023-06-24"),
        ("— tagesschau (@tagesschau) 24. Juni 2023", "tagesschau", "tagesschau", "2023-06-24"),
        ("— AFP (@AFP) 24 juin 2023", "AFP", "AFP", "2023-06-24"),
        ("— EFE Noticias (@EFEnoticias) 24 de junio de 2023", "EFE Noticias", "EFEnoticias", "2023-06-24"),
        ("— Anadolu Ajansı (@anadoluajansi) 24 Haziran 2023", "Anadolu Ajansı", "anadoluajansi", "2023-06-24"),
        ("— NHKニュース (@nhk_news) 2023年6月24日", "NHKニュース", "nhk_news", "2023-06-24"),
        ("— 연합뉴스 (@yonhaptweet) 2023년 6월 24일", "연합뉴스", "yonhaptweet", "2023-06-24"),
        ("— الجزيرة (@AJArabic) 24 يونيو 2023", "الجزيرة", "AJArabic", "2023-06-24"),
        ("— الجزيرة (@AJArabic) ٢٤ يونيو ٢٠٢٣", "الجزيرة", "AJArabic", "2023-06-24"),
        ("— Reuters (@Reuters) 10:15 AM · Jun 24, 2023", "Reuters", "Reuters", "2023-06-24"),
        ("— Reuters (@Reuters) June 24, 2023 at 10:15 AM", "Reuters", "Reuters", "2023-06-24"),
        ("text ends here. pic.twitter.com/x1—Kyiv Independent (@KyivIndependent) March 21, 2024", "Kyiv Independent", "KyivIndependent", "2024-03-21"),
    ],
)
def test_signature_forms(line: str, author: str, handle: str, date: str | None) -> None:
    (sig,) = find_signatures(line)
    assert (sig.author, sig.handle, sig.date) == (author, handle, date)


@pytest.mark.parametrize(
    "line",
    [
        "He wrote - see (@bob) and then much more prose follows here",
        "Sky News (@SkyNews) June 24, 2023",  # no dash: a byline, not a flattened embed
        "— Sky News (@SkyNews) said the situation was tense",
        "email-me (@home) 2023",
        "— Sky News (@SkyNews)",  # no date: a byline or a list of accounts, not a flattened post
        "- BBC Breaking News (@BBCBreaking)",
        "first posted by a military blogger — Rybar (@rybar).",
    ],
)
def test_not_signatures(line: str) -> None:
    assert find_signatures(line) == []


def _tweets(text: str, name: str = "a.txt") -> tuple[Tweet, ...]:
    return scan_article(name, text.encode("utf-8")).tweets


LONG = ("The regional administration said repair crews had worked through the night to restore power to "
        "the eastern districts, and that schools would reopen on Monday if the weather allowed it.")


def test_pasted_tweet_text_stops_at_the_article_paragraph_above() -> None:
    text = f"{LONG}\n\n{LONG}\n\nPower is back in most of the city. Thank you, crews! https://t.co/abcDEF1234\n\n— City Hall (@cityhall) May 2, 2024\n"
    (tweet,) = _tweets(text)
    assert tweet.text == "Power is back in most of the city. Thank you, crews! https://t.co/abcDEF1234"
    assert tweet.links == ("https://t.co/abcDEF1234",)
    assert (tweet.line, tweet.date, tweet.status_id) == (7, "2024-05-02", None)


def test_pasted_tweet_never_swallows_an_introducing_paragraph() -> None:
    text = f"{LONG}\n\nThe mayor wrote:\n\nWe did it.\n\n— City Hall (@cityhall) May 2, 2024\n"
    (tweet,) = _tweets(text)
    assert tweet.text == "We did it."


def test_pasted_tweet_with_crlf_line_endings() -> None:
    text = f"{LONG}\r\n\r\nWe did it.\r\n\r\n— City Hall (@cityhall) May 2, 2024\r\n"
    (tweet,) = _tweets(text)
    assert (tweet.text, tweet.handle, tweet.line) == ("We did it.", "cityhall", 5)


def test_short_article_paragraphs_in_the_past_tense_are_not_the_post() -> None:
    text = (f"{LONG}\n\nReuters reported the strike earlier.\n\nThe mayor posted a short message.\n\n"
            "Kyiv will stand. 🇺🇦\n\n— Vitali Klitschko (@Vitalii_Klychko) May 2, 2024\n")
    article = scan_article("a.txt", text.encode())
    (tweet,) = article.tweets
    assert tweet.text == "Kyiv will stand. 🇺🇦"
    assert [o.name for o in article.outlets] == ["Reuters", "X"]


def test_a_list_of_accounts_to_follow_is_not_a_set_of_posts() -> None:
    text = f"{LONG}\n\nAccounts worth following:\n- Sky News (@SkyNews)\n- BBC Breaking News (@BBCBreaking)\n"
    article = scan_article("a.txt", text.encode())
    assert (article.tweets, article.outlets) == ((), ())


def test_link_glued_to_the_end_of_a_sentence() -> None:
    (link,) = scan_article("a.txt", b"We will rebuild.https://t.co/AbCdEf12").links
    assert (link.url, link.kind) == ("https://t.co/AbCdEf12", "shortener")


def test_two_pasted_tweets_do_not_share_text() -> None:
    text = (f"{LONG}\n\nFirst post.\n\n— A (@aaa) May 2, 2024\n\nSecond post.\n\n— B (@bbb) May 3, 2024\n")
    first, second = _tweets(text)
    assert (first.text, second.text) == ("First post.", "Second post.")


def test_bare_status_url_on_its_own_line_is_a_tweet_and_a_link() -> None:
    text = f"{LONG}\n\nThe post:\n\nhttps://mobile.twitter.com/SkyNews/statuses/1672555555555555555?s=20\n"
    article = scan_article("a.txt", text.encode())
    (tweet,) = article.tweets
    assert (tweet.form, tweet.status_id, tweet.handle) == ("status-url", "1672555555555555555", "SkyNews")
    assert tweet.url == "https://twitter.com/SkyNews/status/1672555555555555555"
    assert [link.kind for link in article.links] == ["tweet"]


def test_status_url_inside_a_sentence_is_only_a_link() -> None:
    text = f"{LONG}\n\nThe ministry said so on https://x.com/mod/status/1672555555555555555 this morning.\n"
    article = scan_article("a.txt", text.encode())
    assert article.tweets == ()
    assert [link.kind for link in article.links] == ["tweet"]


def test_pasted_tweet_keeps_its_status_when_the_date_link_survived() -> None:
    html = f"""<html><body><article><p>{LONG}</p>
<p>We did it.</p>
<p>— City Hall (@cityhall) <a href="https://twitter.com/cityhall/status/1785000000000000001">May 2, 2024</a></p>
</article></body></html>"""
    (tweet,) = _tweets(html, "a.html")
    assert (tweet.form, tweet.status_id, tweet.text) == ("pasted-text", "1785000000000000001", "We did it.")


EMBED_FORMS = {
    "blockquote": '<blockquote class="twitter-tweet" data-lang="en"><p lang="en" dir="ltr">Hello <a href="https://t.co/AAAAAAAAAA">https://t.co/AAAAAAAAAA</a></p>&mdash; Sky News (@SkyNews) <a href="https://twitter.com/SkyNews/status/1672523486418079745?ref_src=twsrc%5Etfw">June 24, 2023</a></blockquote>',
    "video": '<blockquote class="twitter-video" data-status="hidden"><p>Hello</p>— Sky News (@SkyNews) <a href="https://x.com/SkyNews/status/1672523486418079745">June 24, 2023</a></blockquote>',
    "rendered iframe": '<iframe id="twitter-widget-0" class="" title="X Post" src="https://platform.twitter.com/embed/Tweet.html?dnt=false&amp;id=1672523486418079745" data-tweet-id="1672523486418079745"></iframe>',
    "wordpress block": '<figure class="wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter"><div class="wp-block-embed__wrapper">\nhttps://twitter.com/SkyNews/status/1672523486418079745\n</div></figure>',
    "amp": '<amp-twitter width="375" height="472" layout="responsive" data-tweetid="1672523486418079745"></amp-twitter>',
    "twitter-widget": '<twitter-widget class="twitter-tweet" data-tweet-id="1672523486418079745"></twitter-widget>',
}


@pytest.mark.parametrize("markup", EMBED_FORMS.values(), ids=list(EMBED_FORMS))
def test_tweet_embed_markup_forms(markup: str) -> None:
    html = f"<html><body><article><p>{LONG}</p>\n{markup}\n<p>{LONG}</p></article></body></html>"
    article = scan_article("a.html", html.encode())
    (tweet,) = article.tweets
    assert (tweet.form, tweet.status_id, tweet.line) == ("html-embed", "1672523486418079745", 2)
    assert "tweet" in [link.kind for link in article.links]


def test_blockquote_embed_gives_author_date_text_and_links() -> None:
    html = f"<html><body><article><p>{LONG}</p>\n{EMBED_FORMS['blockquote']}</article></body></html>"
    article = scan_article("a.html", html.encode())
    (tweet,) = article.tweets
    assert (tweet.author, tweet.handle, tweet.date, tweet.text) == ("Sky News", "SkyNews", "2023-06-24", "Hello https://t.co/AAAAAAAAAA")
    assert tweet.links == ("https://t.co/AAAAAAAAAA",)
    assert [(link.url, link.in_tweet) for link in article.links if link.kind == "shortener"] == [("https://t.co/AAAAAAAAAA", True)]
    # the embed's own signature is not a second, pasted tweet
    assert [t.form for t in article.tweets] == ["html-embed"]


def test_embed_status_is_its_own_not_one_its_text_links_to() -> None:
    html = (f'<html><body><article><p>{LONG}</p><blockquote class="twitter-tweet"><p>As reported earlier '
            '<a href="https://twitter.com/BBCBreaking/status/1111111111111111111">twitter.com/BBCBreaking/status/1111111111111111111</a></p>'
            '— Sky News (@SkyNews) <a href="https://twitter.com/SkyNews/status/1672622222222222222">June 24, 2023</a>'
            '</blockquote></article></body></html>')
    article = scan_article("a.html", html.encode())
    (tweet,) = article.tweets
    assert (tweet.status_id, tweet.handle) == ("1672622222222222222", "SkyNews")
    assert "https://twitter.com/SkyNews/status/1672622222222222222" in [link.url for link in article.links]


def test_a_share_box_is_not_a_tweet() -> None:
    html = (f'<html><body><article><p>{LONG}</p><div class="tweet"><p>Share this story: 40 dead</p>'
            '<a href="https://twitter.com/intent/tweet?text=x">Post</a></div></article></body></html>')
    assert scan_article("a.html", html.encode()).tweets == ()


def test_embed_that_lost_its_status_link_is_flagged() -> None:
    html = f'<html><body><article><p>{LONG}</p><blockquote class="twitter-tweet"><p>Hello</p>— Sky News (@SkyNews) June 24, 2023</blockquote></article></body></html>'
    article = scan_article("a.html", html.encode())
    (tweet,) = article.tweets
    assert (tweet.form, tweet.status_id, tweet.handle) == ("html-embed", None, "SkyNews")
    assert "tweet-without-url" in [f.rule for f in article.findings]


def test_links_of_a_pasted_post_in_html_are_marked_as_in_the_post() -> None:
    html = f"""<html><body><article><p>{LONG}</p>
<p>Power is back. <a href="https://t.co/abcDEF1234">pic.twitter.com/abcDEF1234</a></p>
<p>— City Hall (@cityhall) May 2, 2024</p>
<p>{LONG} <a href="https://example.com/story">More</a></p></article></body></html>"""
    links = {link.url: link.in_tweet for link in scan_article("a.html", html.encode()).links}
    assert links["https://t.co/abcDEF1234"] is True
    assert links["https://example.com/story"] is False
