"""Does the post an article quotes say what the live post says? Words compared after what copying changes.

A post pasted into an article, or the text an embed falls back to, loses and gains things that are not the
author's words: its links become t.co addresses or disappear, its picture becomes a "pic.twitter.com/..."
address, emoji and typographic quotes are dropped or turned plain, lines run together. Both texts are read as
words with those set aside; what is left must be the same words in the same order.
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from dataclasses import replace
from typing import Literal

from auditor.model import Check, TextPart, Tweet

_LINK_RE = re.compile(r"(?:https?://|www\.)\S+|\b(?:pic\.twitter\.com|t\.co|bit\.ly|youtu\.be)/\S+", re.IGNORECASE)
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u201c": '"', "\u201d": '"',
                         "\u201e": '"', "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2026": "..."})
_WORD_EDGE = "\"'()[]{}.,;:!?-"


def words(text: str) -> list[str]:
    """The author's words of a post's text: links, emoji and symbols set aside, quotes and dashes made plain,
    punctuation at a word's edges dropped."""
    text = unicodedata.normalize("NFKC", html.unescape(text)).translate(_QUOTES)
    text = _LINK_RE.sub(" ", text)
    kept = "".join(" " if unicodedata.category(ch) in ("So", "Sk", "Cs", "Co", "Cn") or ch in "\ufe0f\u200d"
                   else ch for ch in text)
    return [word for word in (w.strip(_WORD_EDGE) for w in kept.split()) if word]


def compare(article_text: str, live_text: str) -> tuple[Literal["match", "differs"], tuple[TextPart, ...]]:
    """``("match", ())`` when the article's copy has the live post's words, else ``("differs", parts)``."""
    ours, theirs = words(article_text), words(live_text)
    if [w.casefold() for w in ours] == [w.casefold() for w in theirs]:
        return "match", ()
    matcher = difflib.SequenceMatcher(a=[w.casefold() for w in ours], b=[w.casefold() for w in theirs],
                                      autojunk=False)
    parts: list[TextPart] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(TextPart("same", " ".join(ours[a1:a2])))
            continue
        if a2 > a1:
            parts.append(TextPart("article", " ".join(ours[a1:a2])))
        if b2 > b1:
            parts.append(TextPart("live", " ".join(theirs[b1:b2])))
    return "differs", tuple(parts)


def compared(tweet: Tweet, check: Check) -> Check:
    """``check`` with what the article's copy of the post says against the live post: ``text`` and its diff."""
    if not words(tweet.text or ""):
        return check  # NOTE: a bare link to a post: no words of it in the article to compare
    if check.live is None or check.live.text is None:
        return replace(check, text="unknown", text_diff=())
    verdict, parts = compare(tweet.text or "", check.live.text)
    return replace(check, text=verdict, text_diff=parts)
