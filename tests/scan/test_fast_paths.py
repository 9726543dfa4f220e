"""The scanner's shortcuts: each must give what the long way gives, on every element of the own articles."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest
from lxml import html as lxml_html

from auditor.scan import markup
from auditor.scan.document import Block
from auditor.scan.gazetteer import load_gazetteer
from auditor.scan.html import _PARSER

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p for folder in (ROOT / "corpus" / "articles", ROOT / "fixtures" / "articles")
               for p in folder.iterdir() if p.suffix in (".html", ".htm"))


def _full(el: lxml_html.HtmlElement, monkeypatch: pytest.MonkeyPatch) -> markup.EmbedHit | None:
    with monkeypatch.context() as patch:
        patch.setattr(markup, "_plain", lambda *_: False)
        return markup.recognize(el)


def test_an_element_taken_for_plain_is_no_embed_the_long_way_either(monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(PAGES) > 40
    plain = embeds = 0
    for page in PAGES:
        root = lxml_html.document_fromstring(page.read_bytes(), parser=_PARSER)
        for el in root.iter():
            if not isinstance(el.tag, str) or not el.attrib:
                continue
            if markup._plain(el, el.tag, el.attrib):
                plain += 1
                assert _full(el, monkeypatch) is None, (page.name, el.tag, el.get("class"))
            elif markup.recognize(el) is not None:
                embeds += 1
    assert plain > 1000 and embeds > 50  # the shortcut is taken, and the embeds are still found


@pytest.mark.parametrize("markup_text", [
    '<figure class="wp-block-embed wp-block-embed-twitter"><blockquote><p>x</p>'
    '<a href="https://twitter.com/a/status/123">link</a></blockquote></figure>',
    '<div class="Instagram-Media"><a href="https://www.instagram.com/p/Cabc123/">post</a></div>',
    '<div class="tweet-card"><span>@someone</span><a href="https://x.com/someone/status/77">now</a></div>',
    '<div id="vk_post_-1_2"></div>',
    '<span data-tweet-id="99"></span>',
])
def test_what_could_be_an_embed_is_never_taken_for_plain(markup_text: str) -> None:
    el = lxml_html.fragment_fromstring(markup_text, parser=_PARSER)
    assert not markup._plain(el, el.tag, el.attrib)


def test_every_word_a_credit_may_open_with_passes_the_credit_hints() -> None:
    """A block is searched for credits only when it holds a hint: a new word of the credit grammar without one
    would never be found."""
    from auditor.scan import credits

    words = credits._PREFIX.removeprefix("(?:").removesuffix(")").split("|")
    assert len(words) > 20
    for word in words:
        assert any(hint in word for hint in credits._HINTS), word
    for agency in credits.PHOTO_AGENCIES.values():
        found = credits.find_credits([Block(f"A protest in the capital. Photo: {agency}", 1)], load_gazetteer())
        assert [hit.name for hit in found] == [agency], agency


def test_a_signature_is_found_wherever_the_handle_opens() -> None:
    from auditor.scan.signature import find_signatures

    for text in ("Flooding in the valley.\n— Met Office (@metoffice) June 24, 2023",
                 "Flooding.\n-- Met Office ( @metoffice ) June 24, 2023", "no handle here — at all, June 24, 2023"):
        assert len(find_signatures(text)) == (0 if "no handle" in text else 1), text


def _cut_the_long_way(source: str) -> tuple[str, list[str]]:
    """The giant-tag cut as the tag pattern alone finds the tags, over the whole page."""
    from auditor.scan.html import _GIANT_TAG, _GIANT_TAG_RE

    pieces, cut, pos = [], [], 0
    for match in _GIANT_TAG_RE.finditer(source):
        if match.start() < pos:
            continue
        kept, end = match.group(0), source.find(">", match.end())
        pieces += [source[pos:match.start()], kept[:max(kept.rfind(" "), 1)]]
        pos = end if end >= 0 else len(source)
        cut.append(f"a tag of more than {_GIANT_TAG:,} characters on line {source.count(chr(10), 0, match.start()) + 1} "
                   "was cut short")
    return ("".join([*pieces, source[pos:]]) if pieces else source), cut


@pytest.mark.parametrize("offset", [0, 1, 2, 1000, 32767, 32768, 32769, 65535, 65536, 98303, 100_000])
@pytest.mark.parametrize("size", [65536, 65537, 70_000, 200_000])
def test_a_giant_tag_is_seen_wherever_it_starts(offset: int, size: int) -> None:
    """The block test that spares most of a page the tag pattern must never miss a tag the pattern would cut."""
    from auditor.scan.html import _GIANT_TAG_RE, _GIANT_TAG_RE_B, _cap_giant_tags, _giant_tag_starts

    filler = ("<p>a</p>\n" * (offset // 9 + 1))[:offset]
    page = filler + '<img alt="' + "x" * size + '">' + "<p>after</p>" * 10
    for source, pattern in ((page, _GIANT_TAG_RE), (page.encode(), _GIANT_TAG_RE_B)):
        match = pattern.search(source)
        assert match is not None and list(_giant_tag_starts(source)) == [match.start()]  # type: ignore[arg-type]
        cut: list[str] = []
        assert len(_cap_giant_tags(source, cut)) < len(source) and len(cut) == 1
    assert _cap_giant_tags(page, []) == _cut_the_long_way(page)[0]


@pytest.mark.parametrize("parts", [
    ['<a title="', "x" * 70_000, '">', "<b>", "y" * 70_000, "</b>", '<i class="', "z" * 140_000, '">'],
    ["<script>", "x" * 200_000, "</script>", '<img alt="', "w" * 66_000, '">'],
    ['<p data-x="', "v" * 65_535, '">', '<p data-y="', "u" * 65_536, '">', "<p", " a" * 40_000, ">"],
    ['<div title="', "x" * 100_000],  # a tag never closed
    ["x" * 100_000, '<em alt="', "y" * 90_000, '>', "<", "q" * 65_536],
])
def test_giant_tags_are_cut_as_the_pattern_over_the_whole_page_cuts_them(parts: list[str]) -> None:
    from auditor.scan.html import _cap_giant_tags

    page = "\n".join(parts)
    cut: list[str] = []
    assert (_cap_giant_tags(page, cut), cut) == _cut_the_long_way(page)
    cut_bytes: list[str] = []
    assert _cap_giant_tags(page.encode(), cut_bytes) == _cut_the_long_way(page)[0].encode() and cut_bytes == cut


def test_an_ordinary_page_is_spared_the_tag_pattern() -> None:
    from auditor.scan.html import _GIANT_TAG_RE, _giant_tag_starts

    page = "<p>" + "word " * 10 + "</p>"
    assert not list(_giant_tag_starts(page * 20_000)) and not list(_giant_tag_starts((page * 20_000).encode()))
    script = page + "<script>" + "x" * 70_000 + "</script>"  # a long script, no long tag
    assert not list(_giant_tag_starts(script)) and _GIANT_TAG_RE.search(script) is None


def _own_texts() -> list[str]:
    from auditor.scan.article import parse_document

    texts = []
    for folder in (ROOT / "corpus" / "articles", ROOT / "fixtures" / "articles", ROOT.parent / "seeds"):
        for page in sorted(folder.iterdir()):
            if page.is_file():
                texts += [block.text for block in parse_document(page.name, page.read_bytes()).blocks]
    return texts


def test_the_platform_hint_passes_every_text_the_platform_pattern_finds_a_name_in() -> None:
    import re

    from auditor.scan import outlets

    pattern = re.compile(r"(?<!\w)(?:(?:" + outlets._PLATFORMS + r")(?!\w)|tweet)")
    names = [n for n in outlets._PLATFORM_NAMES if " " not in n] + ["X", "VK", "Truth Social", "tweet"]
    made = [f"{before}{name}{after}" for name in names for before, after in
            (("", ""), ("posted on ", "."), ("(", ")"), ("«", "»"), ("said on ", "'s app"), ("wrote in a ", "ed"))]
    texts = made + _own_texts() + ["XL sizes", "Xi Jinping", "tax-X", "the X-ray", "X\u2019s owner", "MAX", "X"]
    passed = 0
    for text in texts:
        if pattern.search(text):
            assert outlets._platform_hint(text), text
            passed += 1
    assert passed > 200
    assert not outlets._platform_hint("XL sizes and Xi Jinping at MAXIMUM")


def test_the_headword_and_agency_hints_find_what_a_search_of_each_word_finds() -> None:
    from auditor.scan import outlets

    words = (*outlets._HEADWORDS, *outlets._HEADS_FIRST)
    for text in _own_texts() + [f"x{w}y" for w in words] + ["nothing of the kind"]:
        assert outlets._HEADWORD_HINT(text) == any(w in text for w in words), text
        lowered = text.lower()
        assert outlets._AGENCY_WORDS(lowered) == any(w in lowered for w in outlets._AGENCY_HINTS), text


def test_short_lower_case_names_are_found_as_whole_words_only() -> None:
    from auditor.scan.gazetteer import NameFinder

    finder = NameFinder(["nd", "taz", "hr", "nd aktuell", "Reuters", "tz"])
    text = "And the 2nd end: nd reported, taz-Informationen, (hr) and nd aktuell; Reuters_ tz. hr-info nd."
    found = [(m.group(), m.start()) for m in finder.finditer(text)]
    assert found == [("nd", text.index(" nd ") + 1), ("taz", text.index("taz")), ("hr", text.index("(hr)") + 1),
                     ("nd aktuell", text.index("nd aktuell")), ("tz", text.index(" tz.") + 1),
                     ("nd", text.rindex("nd."))]
    again = NameFinder.from_state(marshal.loads(marshal.dumps(finder.state())))
    assert [(m.group(), m.start()) for m in again.finditer(text)] == found


@pytest.mark.parametrize("data", [b"", b"  ", b"<", b" \n\t<html>", b"x<p>", b"\x0b\x0c<p>", b"\xa0<p>",
                                  b"\xef\xbb\xbf<html>", b" " * 100_000 + b"<p>", b"\r\n" * 5 + b"text <b>"])
def test_a_page_is_seen_to_open_with_a_tag_as_stripping_it_would_see(data: bytes) -> None:
    from auditor.scan.article import _opens_with_tag

    assert _opens_with_tag(data) == (data.lstrip()[:1] == b"<")


def test_an_element_without_attributes_is_no_byline_or_tag_list_but_an_address_may_be() -> None:
    from auditor.scan.html import _LINKS_CHROME_TAGS, _links_chrome

    spared = 0
    for page in PAGES:
        root = lxml_html.document_fromstring(page.read_bytes(), parser=_PARSER)
        for el in root.iter(*_LINKS_CHROME_TAGS):
            if not el.attrib and el.tag != "address":
                spared += 1
                assert not _links_chrome(el), (page.name, el.tag)
    assert spared > 500
    assert _links_chrome(lxml_html.fragment_fromstring("<address>By <a href='/a'>Ann Lee</a></address>"))


def test_an_element_without_attributes_is_never_chrome() -> None:
    from auditor.scan.html import _CHROME_TAGS, _NOT_CHROME, _chrome_kind

    spared = 0
    for page in PAGES:
        root = lxml_html.document_fromstring(page.read_bytes(), parser=_PARSER)
        for el in root.iter(*_CHROME_TAGS):
            if not el.attrib:
                spared += 1
                assert _chrome_kind(el) == _NOT_CHROME, (page.name, el.tag)
    assert spared > 100


def test_the_body_hint_takes_what_its_pattern_takes() -> None:
    from auditor.scan.html import _BODY_HINT_RE, _body_hint

    names = {f"{el.get('class') or ''} {el.get('id') or ''}" for page in PAGES
             for el in lxml_html.document_fromstring(page.read_bytes(), parser=_PARSER).iter()
             if isinstance(el.tag, str) and (el.get("class") or el.get("id"))}
    names |= {"ARTICLE-BODY", "storyText", "post__content", "rich_text", "TEXT-BODY", "entry-content", "bodycopy"}
    taken = {n for n in names if _BODY_HINT_RE.search(n)}
    assert len(names) > 500 and len(taken) > 20
    assert {n for n in names if _body_hint(n)} == taken
