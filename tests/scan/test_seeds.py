"""The bundled seed articles give the sourcing an editor reading them would list."""

from __future__ import annotations

import pytest

from auditor.model import Article
from auditor.scan import scan_article
from tests.conftest import SEEDS


def scan_seed(name: str) -> Article:
    path = SEEDS / name
    return scan_article(f"seeds/{name}", path.read_bytes())


def test_seed_000_outlets_are_exactly_the_four_cited() -> None:
    article = scan_seed("000_d71e34fecafe3ed8.txt")
    cited = [(o.name, o.kind, [(m.matched, m.cue, m.account) for m in o.mentions]) for o in article.outlets]
    assert cited == [
        ("RIA Novosti", "news agency", [("RIA", "according to", None)]),
        ("Telegram", "platform", [("Telegram", "official account", "the Belarusian presidency")]),
        ("BelTA", "news agency", [("Belta", "reported", None)]),
        ("Sky News", "broadcaster", [("@SkyNews", "embedded post", None)]),
    ]
    assert [m.line for o in article.outlets for m in o.mentions] == [1, 7, 9, 25]


def test_seed_000_pasted_tweet_runs_from_breaking_to_the_picture_link() -> None:
    article = scan_seed("000_d71e34fecafe3ed8.txt")
    assert len(article.tweets) == 1
    tweet = article.tweets[0]
    assert (tweet.author, tweet.handle, tweet.date, tweet.form) == ("Sky News", "SkyNews", "2023-06-24", "pasted-text")
    assert tweet.status_id is None and tweet.url is None
    assert tweet.text is not None
    assert tweet.text.startswith("BREAKING: In a recorded address")
    assert tweet.text.endswith("pic.twitter.com/iaIgz7YASc")
    assert "Without specifically mentioning" not in tweet.text
    assert tweet.links == ("https://t.co/X3flQUBL0r", "https://pic.twitter.com/iaIgz7YASc")
    assert tweet.line == 25


def test_seed_000_links_and_findings() -> None:
    article = scan_seed("000_d71e34fecafe3ed8.txt")
    assert [(link.url, link.kind, link.in_tweet) for link in article.links] == [
        ("https://t.co/X3flQUBL0r", "shortener", True),
        ("https://pic.twitter.com/iaIgz7YASc", "twitter-media", True),
    ]
    # the t.co is the pasted post's own (X shows every link so): listed, checked when resolving, but no finding
    assert [(f.rule, f.line) for f in article.findings] == [("tweet-without-url", 25)]
    assert article.language == "en"


def test_seed_004_has_a_date_and_nothing_cited() -> None:
    article = scan_seed("004_8002d404a781e14f.txt")
    assert article.date == "2023-07-04"
    assert (article.outlets, article.tweets, article.links, article.embeds) == ((), (), (), ())
    assert [f.rule for f in article.findings] == ["no-cited-outlet"]


def test_project_seeds_are_the_shared_samples() -> None:
    shared = SEEDS.parent.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("no shared/seeds beside this checkout to compare with")
    ours = {p.name: p.read_bytes() for p in SEEDS.glob("*.txt")}
    theirs = {p.name: p.read_bytes() for p in shared.glob("*.txt")}
    assert ours == theirs
