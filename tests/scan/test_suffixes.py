"""The registered domain the scan computes is tldextract's, for every rule of the public suffix list and for the
hosts the own articles link to."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import tldextract

from auditor.scan import suffixes
from auditor.scan.urls import registered_domain

ROOT = Path(__file__).resolve().parent.parent
EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def _theirs(host: str) -> str:
    return EXTRACT(host).top_domain_under_public_suffix


def _rules() -> list[str]:
    return [m["suffix"] for m in suffixes._RULE.finditer(suffixes._snapshot(suffixes._snapshot_path()).partition(suffixes._PRIVATE)[0])]


def test_every_rule_of_the_list_gives_tldextracts_answer() -> None:
    rules = _rules()
    assert len(rules) > 6000 and "co.uk" in rules and "*.ck" in rules and "!www.ck" in rules
    hosts = []
    for rule in rules:
        plain = rule.lstrip("!").replace("*", "wild")
        hosts += [plain, "example." + plain, "a.b.example." + plain, "EXAMPLE." + plain.upper()]
    differ = [(h, suffixes.registered_domain(h), _theirs(h)) for h in hosts
              if suffixes.registered_domain(h) != _theirs(h)]
    assert not differ[:20]


@pytest.mark.parametrize("host", [
    "news.bbc.co.uk", "bbc.co.uk", "co.uk", "uk", "www.ck", "foo.www.ck", "foo.bar.ck", "bar.ck", "localhost",
    "example.notatld", "192.0.2.1", "[2001:db8::1]", "2001:db8::1", "xn--80ak6aa92e.xn--p1ai", "www.xn--p1ai",
    "пример.рф", "a..com", ".com", "com.", "example.com.", "user@example.com", "example.com:8080", "xn--invalid-.com",
    "a.b.c.kawasaki.jp", "city.kawasaki.jp", "example\u3002co\uff0euk", "t.co", "pic.twitter.com", "amp.theguardian.com",
    "s3.amazonaws.com", "blogspot.com", "foo.blogspot.com", "github.io", "user.github.io", "",
])
def test_odd_hosts_give_tldextracts_answer(host: str) -> None:
    assert suffixes.registered_domain(host) == _theirs(host)


def test_the_hosts_the_own_articles_link_to_give_tldextracts_answer() -> None:
    hosts = set()
    for folder in (ROOT / "corpus" / "articles", ROOT / "fixtures" / "articles", ROOT.parent / "seeds"):
        for page in folder.iterdir():
            if page.is_file():
                text = page.read_bytes().decode("utf-8", "replace")
                hosts.update(m.lower() for m in re.findall(r"(?:https?:)?//([^/\s\"'<>?#]+)", text))
    assert len(hosts) > 100
    for host in sorted(hosts):
        assert registered_domain(host) == (_theirs(host.rstrip(".")) or host.rstrip(".")), host
