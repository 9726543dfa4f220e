"""Reading articles: encodings, formats, metadata, and finding the body of a CMS page."""

from __future__ import annotations

import codecs
import re

import pytest

from auditor.errors import InputError
from auditor.scan import parse_document, scan_article

RU = "Как сообщает ТАСС, президент провел встречу с министром обороны. По данным источника, переговоры продолжатся."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (RU.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + RU.encode("utf-8"), "utf-8-sig"),
        (RU.encode("utf-16"), "utf-16"),
        (RU.encode("cp1251"), "cp1251"),
        (RU.encode("koi8-r"), "koi8-r"),
    ],
    ids=["utf-8", "utf-8 bom", "utf-16 bom", "cp1251", "koi8-r"],
)
def test_russian_text_comes_out_readable_in_any_common_encoding(data: bytes, encoding: str) -> None:
    doc = parse_document("ru.txt", data)
    assert doc.blocks[0].text == RU
    assert codecs.lookup(doc.encoding).name == codecs.lookup(encoding).name


def test_western_single_byte_text_is_read_as_windows_1252() -> None:
    text = "Zürich: Die Polizei bestätigte am Sonntag, dass die Straße gesperrt bleibt. Café geschlossen, naïve Täter."
    doc = parse_document("de.txt", text.encode("cp1252"))
    assert doc.blocks[0].text == text


def test_declared_charset_of_a_cp1251_page_is_used() -> None:
    html = f'<html lang="ru"><head><meta charset="windows-1251"><title>Новости</title></head><body><article><p>{RU}</p></article></body></html>'
    doc = parse_document("ru.html", html.encode("cp1251"))
    assert doc.title == "Новости"
    assert doc.blocks[0].text == RU
    assert doc.language == "ru"


@pytest.mark.parametrize(("data", "reason"), [
    (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00", "looks like a binary file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "unsupported format: a PNG image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "unsupported format: PDF"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml", "unsupported format: a Word"),
    (b"PK\x03\x04\x14\x00\x00\x08\x00\x00mimetypeapplication/vnd.oasis.opendocument.text", "OpenDocument"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "unsupported format: a Word 97-2003"),
    (b"{\\rtf1\\ansi The minister said", "unsupported format: RTF"),
])
def test_binary_files_and_documents_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=re.escape(reason)):
        parse_document("article.txt", data)


@pytest.mark.parametrize(("text", "stray_at"), [
    ("The minister said \u201cno\u201d on Monday, Reuters reported.\n" * 5, 6),
    ("Министерство сообщило, что ТАСС узнал о переговорах.\n" * 8, 3),
])
def test_a_few_stray_bytes_in_utf8_are_replaced_not_a_reason_to_misread_it(text: str, stray_at: int) -> None:
    raw = text.encode("utf-8")
    cut = raw.index(b"\n", raw.index(b"\n") + 1) + 1 if stray_at == 3 else len(raw)
    data = raw[:cut] + b"A stray \x92 quote.\n" + raw[cut:]
    doc = parse_document("a.txt", data)
    assert doc.encoding == "utf-8" and doc.invalid_bytes == [stray_at]
    assert text.splitlines()[0] in " ".join(b.text for b in doc.blocks)  # not mojibake


def test_a_single_byte_file_is_still_read_in_its_encoding() -> None:
    text = "Le ministre a démissionné, a révélé l'AFP. Les élèves étaient déçus.\n" * 3
    doc = parse_document("a.txt", text.encode("windows-1252"))
    assert doc.encoding == "cp1252" and doc.invalid_bytes == []
    assert "démissionné" in doc.blocks[0].text


def test_text_metadata_lines() -> None:
    doc = parse_document("a.txt", b" date 2023-07-04 \n\ntitle: Talks resume\n\nBody text here.\n")
    assert (doc.date, doc.title) == ("2023-07-04", "Talks resume")
    assert [(b.text, b.line) for b in doc.blocks] == [("Body text here.", 5)]


def test_a_first_line_that_only_looks_like_metadata_is_text() -> None:
    doc = parse_document("a.txt", b"Date night in Paris turned sour.\n\nMore.\n")
    assert doc.date is None
    assert doc.blocks[0].text == "Date night in Paris turned sour."


def test_html_metadata_sources() -> None:
    html = """<html lang="de-DE"><head>
<meta property="og:title" content="Kämpfe um Awdijiwka">
<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, {"@type": "NewsArticle", "datePublished": "2024-02-17T08:00:00+01:00"}]}</script>
<link rel="canonical" href="https://www.example.de/politik/awdijiwka-100.html">
</head><body><article><h1>Ignored for og:title</h1><p>Text.</p></article></body></html>"""
    doc = parse_document("a.html", html.encode())
    assert (doc.title, doc.date, doc.language, doc.url) == (
        "Kämpfe um Awdijiwka", "2024-02-17", "de", "https://www.example.de/politik/awdijiwka-100.html")


def test_html_date_from_time_element_and_title_from_h1() -> None:
    html = '<html><body><main><h1>Headline here</h1><time datetime="2023-06-24T11:42:07Z">24 June</time><p>Text.</p></main></body></html>'
    doc = parse_document("a.html", html.encode())
    assert (doc.title, doc.date) == ("Headline here", "2023-06-24")


def test_html_body_is_found_and_chrome_ignored() -> None:
    html = """<html><body>
<div class="cookie-banner">Reuters reported that cookies are tasty.</div>
<nav><a href="https://t.me/ourpaper">Telegram</a></nav>
<div class="layout">
  <div class="content">
    <p>Officials told Reuters the talks had stalled after the second round.</p>
    <div class="newsletter-signup"><p>Sign up: TASS reported our newsletter is great.</p></div>
    <p>The next round is due on Monday, the foreign ministry said.</p>
  </div>
  <div class="sidebar"><p>According to AFP, something else happened.</p></div>
</div>
<footer><p>© Reuters 2024</p></footer>
</body></html>"""
    article = scan_article("a.html", html.encode())
    assert [o.name for o in article.outlets] == ["Reuters"]
    assert article.outlets[0].mentions[0].line == 6
    assert article.links == ()


def test_comments_inside_a_paragraph_do_not_cut_it() -> None:
    html = "<html><body><article><p>Peskov spoke, according to <!-- inline-ad -->Interfax-Ukraine, on Monday.</p></article></body></html>"
    article = scan_article("a.html", html.encode())
    assert [(o.name, o.mentions[0].cue) for o in article.outlets] == [("Interfax-Ukraine", "according to")]


def test_deeply_nested_markup_is_read_whole() -> None:
    deep = "<div>" * 300 + "<p>Deep: officials told Reuters so.</p>" + "</div>" * 300
    html = f"<html><body><article>{deep}<p>Shallow: AFP reported it.</p></article></body></html>"
    article = scan_article("a.html", html.encode())
    assert [o.name for o in article.outlets] == ["Reuters", "Agence France-Presse"]


def test_an_empty_or_broken_page_is_an_empty_article_not_a_crash() -> None:
    for data in (b"", b"<html>", b"<<<>>>", b"<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>"):
        article = scan_article("a.html", data)
        assert article.outlets == ()


def test_markdown_front_matter_links_and_raw_html() -> None:
    md = """---
title: Talks resume
date: 2024-04-08
---

# Heading

Negotiators met, **Al Jazeera** reported. See [the statement](https://nyti.ms/4aBcDeF).

<blockquote class="twitter-tweet"><p>Talks resume.</p>&mdash; Axios (@axios) <a href="https://twitter.com/axios/status/1776998765432109876">April 7, 2024</a></blockquote>
"""
    article = scan_article("a.md", md.encode())
    assert (article.title, article.date, article.input_format) == ("Talks resume", "2024-04-08", "markdown")
    assert [o.name for o in article.outlets] == ["Al Jazeera", "Axios"]
    assert [(t.form, t.status_id, t.line) for t in article.tweets] == [("html-embed", "1776998765432109876", 10)]
    assert [(link.url, link.line) for link in article.links] == [
        ("https://nyti.ms/4aBcDeF", 8), ("https://twitter.com/axios/status/1776998765432109876", 10)]


def test_stdin_content_is_sniffed() -> None:
    assert parse_document("-", b"<!DOCTYPE html><html><body><p>x</p></body></html>").input_format == "html"
    assert parse_document("-", b"---\ntitle: x\n---\n\n# T\n").input_format == "markdown"
    assert parse_document("-", b"Plain words.").input_format == "text"


@pytest.mark.parametrize(("text", "language"), [
    ("The minister said on Friday that the talks had stalled and that the next round was due in May.", "en"),
    ("Der Minister sagte am Freitag, dass die Gespräche ins Stocken geraten seien und die nächste Runde im Mai sei.", "de"),
    ("Міністр заявив у п'ятницю, що переговори зайшли в глухий кут, і наступний раунд відбудеться в травні.", "uk"),
    ("Министр заявил в пятницу, что переговоры зашли в тупик и что следующий раунд состоится в мае.", "ru"),
])
def test_language_is_detected_when_the_page_does_not_say(text: str, language: str) -> None:
    assert scan_article("a.txt", text.encode()).language == language
