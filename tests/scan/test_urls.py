"""URLs are found whole, without the punctuation around them, and classified as DESIGN.md says."""

from __future__ import annotations

import pytest

from auditor.scan.urls import classify, find_urls, post_url, registered_domain, tweet_status


def urls(text: str) -> list[str]:
    return [m.text for m in find_urls(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Latest: https://t.co/X3flQUBL0r", ["https://t.co/X3flQUBL0r"]),
        ("See https://example.com/a.", ["https://example.com/a"]),
        ("See https://example.com/a, then b; https://example.org/x?y=1!", ["https://example.com/a", "https://example.org/x?y=1"]),
        ("(see https://example.com/report)", ["https://example.com/report"]),
        ("see https://en.wikipedia.org/wiki/Belgorod_(city).", ["https://en.wikipedia.org/wiki/Belgorod_(city)"]),
        ("“https://x.com/a/status/123456789”,", ["https://x.com/a/status/123456789"]),
        ("«https://ria.ru/20230624/prigozhin.html»", ["https://ria.ru/20230624/prigozhin.html"]),
        ("'https://example.com/q?a=b'", ["https://example.com/q?a=b"]),
        ('href="https://example.com/x"', ["https://example.com/x"]),
        ("<https://example.com/angle>", ["https://example.com/angle"]),
        ("📺 Sky 501 pic.twitter.com/iaIgz7YASc", ["pic.twitter.com/iaIgz7YASc"]),
        ("short t.co/abc123 and bit.ly/3xyz", ["t.co/abc123", "bit.ly/3xyz"]),
        ("visit www.bbc.co.uk/news today", ["www.bbc.co.uk/news"]),
        ("IDN https://пример.рф/новости?a=1.", ["https://пример.рф/новости?a=1"]),
        ("end…https://example.com/x…", ["https://example.com/x"]),
        ("pic.twitter.com/Zx9Yw8Vu7T—Kyiv Independent", ["pic.twitter.com/Zx9Yw8Vu7T"]),
        ("HTTPS://EXAMPLE.COM/Path", ["HTTPS://EXAMPLE.COM/Path"]),
    ],
)
def test_urls_are_found_without_surrounding_punctuation(text: str, expected: list[str]) -> None:
    assert urls(text) == expected


@pytest.mark.parametrize(
    "text",
    ["write to press@t.co/x", "not a url: example.com", "ftp.example.com/file", "the site mynews.t.co/x", "file:///etc/passwd", "javascript:alert(1)"],
)
def test_things_that_are_not_article_links(text: str) -> None:
    assert urls(text) == []


def test_normalised_url_gets_a_scheme_and_lower_case_host_but_keeps_its_path() -> None:
    (match,) = find_urls("HTTPS://WWW.Example.COM/Path?Q=A")
    assert match.url == "https://www.example.com/Path?Q=A"
    (bare,) = find_urls("pic.twitter.com/iaIgz7YASc")
    assert bare.url == "https://pic.twitter.com/iaIgz7YASc"


@pytest.mark.parametrize(
    ("url", "kind", "domain"),
    [
        ("https://t.co/X3flQUBL0r", "shortener", "t.co"),
        ("https://bit.ly/abc", "shortener", "bit.ly"),
        ("https://reut.rs/3abc", "shortener", "reut.rs"),
        ("https://nyti.ms/4aBcDeF", "shortener", "nyti.ms"),
        ("https://on.ft.com/3xyz", "shortener", "ft.com"),
        ("https://twitter.com/SkyNews/status/1672555555555555555", "tweet", "twitter.com"),
        ("https://pic.twitter.com/iaIgz7YASc", "twitter-media", "twitter.com"),
        ("https://t.me/durov/43", "social", "t.me"),
        ("https://twitter.com/SkyNews", "social", "twitter.com"),
        ("https://www.reuters.com/world/europe/", "outlet", "reuters.com"),
        ("https://news.bbc.co.uk/2/hi/europe/", "outlet", "bbc.co.uk"),
        ("https://example.com/", "other", "example.com"),
    ],
)
def test_links_are_classified(url: str, kind: str, domain: str) -> None:
    assert classify(url, frozenset({"reuters.com", "bbc.co.uk"})) == (kind, domain)


def test_registered_domain_uses_the_bundled_suffix_list() -> None:
    assert registered_domain("news.bbc.co.uk") == "bbc.co.uk"
    assert registered_domain("www.gov.uk") == "www.gov.uk"
    assert registered_domain("localhost") == "localhost"


@pytest.mark.parametrize(
    ("url", "status_id", "handle"),
    [
        ("https://twitter.com/SkyNews/status/1672555555555555555", "1672555555555555555", "SkyNews"),
        ("https://x.com/SkyNews/status/1672555555555555555?s=20&t=abc", "1672555555555555555", "SkyNews"),
        ("https://mobile.twitter.com/SkyNews/statuses/1672555555555555555", "1672555555555555555", "SkyNews"),
        ("https://twitter.com/i/web/status/1672555555555555555", "1672555555555555555", None),
        ("https://twitter.com/#!/SkyNews/status/1672555555555555555", "1672555555555555555", "SkyNews"),
        ("https://www.x.com/SkyNews/status/1672555555555555555/photo/1", "1672555555555555555", "SkyNews"),
        ("https://platform.twitter.com/embed/Tweet.html?id=1672555555555555555", "1672555555555555555", None),
    ],
)
def test_status_urls_in_every_spelling_give_one_status_id(url: str, status_id: str, handle: str | None) -> None:
    status = tweet_status(url)
    assert status is not None
    assert (status.status_id, status.handle) == (status_id, handle)
    assert status.url.endswith(f"/status/{status_id}")


@pytest.mark.parametrize("url", ["https://twitter.com/SkyNews", "https://x.com/search?q=status", "https://example.com/a/status/123456"])
def test_non_status_urls(url: str) -> None:
    assert tweet_status(url) is None


@pytest.mark.parametrize(
    ("url", "platform", "canonical"),
    [
        ("https://t.me/s/durov/43", "telegram", "https://t.me/durov/43"),
        ("https://t.me/durov/43?embed=1", "telegram", "https://t.me/durov/43"),
        ("https://www.instagram.com/reel/C3aBcD1eFgH/?igsh=x", "instagram", "https://www.instagram.com/reel/C3aBcD1eFgH/"),
        ("https://youtu.be/dQw4w9WgXcQ?t=5", "youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        ("https://www.youtube.com/shorts/abcDEF12345", "youtube", "https://www.youtube.com/watch?v=abcDEF12345"),
        ("https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2FBBCnews%2Fposts%2Fpfbid0abc", "facebook", "https://www.facebook.com/BBCnews/posts/pfbid0abc"),
        ("https://www.facebook.com/watch/?v=1234567890", "facebook", "https://www.facebook.com/watch/?v=1234567890"),
        ("https://www.tiktok.com/@user.name/video/7335512345678901234?lang=en", "tiktok", "https://www.tiktok.com/@user.name/video/7335512345678901234"),
        ("https://bsky.app/profile/jo.bsky.social/post/3kllq2w3e4r5t", "bluesky", "https://bsky.app/profile/jo.bsky.social/post/3kllq2w3e4r5t"),
        ("https://mastodon.social/@Gargron/109383485858403828/embed", "mastodon", "https://mastodon.social/@Gargron/109383485858403828"),
        ("https://journa.host/users/jo/statuses/111945678901234567", "mastodon", "https://journa.host/@jo/111945678901234567"),
        ("https://www.threads.net/@zuck/post/CuP48CiS5sx", "threads", "https://www.threads.net/@zuck/post/CuP48CiS5sx"),
        ("https://vk.com/wall-1_123", "vk", "https://vk.com/wall-1_123"),
        ("https://vk.com/video_ext.php?oid=-1&id=456&hash=x", "vk", "https://vk.com/video-1_456"),
    ],
)
def test_post_urls_are_canonicalised(url: str, platform: str, canonical: str) -> None:
    post = post_url(url)
    assert post is not None
    assert (post.platform, post.url) == (platform, canonical)


@pytest.mark.parametrize("url", ["https://t.me/durov", "https://www.instagram.com/bbcnews/", "https://www.youtube.com/@BBCNews", "https://medium.com/@writer/a-story-1a2b3c"])
def test_profiles_and_channels_are_not_posts(url: str) -> None:
    assert post_url(url) is None
