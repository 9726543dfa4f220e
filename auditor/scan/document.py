"""Read an article file into a :class:`Document`: decoded text blocks with line numbers."""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bs4.dammit import EncodingDetector
from charset_normalizer import from_bytes

from auditor.errors import InputError

if TYPE_CHECKING:
    from auditor.scan.markup import EmbedHit

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
ARTICLE_SUFFIXES = HTML_SUFFIXES | MARKDOWN_SUFFIXES | TEXT_SUFFIXES
"""What a folder walk picks up."""

MAX_BYTES = 50 * 1024 * 1024
"""Larger files are refused: no article is that big, and it protects the run."""


@dataclass
class Block:
    """A paragraph (or heading, list item, caption) of the article's body text."""

    text: str
    line: int
    """1-based line of the block's first character."""
    marks: list[tuple[int, int]] = field(default_factory=list)
    """(offset, line) checkpoints inside ``text``, for blocks built from markup."""
    heading: bool = False

    def line_at(self, offset: int) -> int:
        """Source line of the character at ``offset``."""
        if not self.marks:
            return self.line + self.text.count("\n", 0, offset)
        i = bisect.bisect_right(self.marks, (offset, 1 << 62)) - 1
        if i < 0:
            return self.line + self.text.count("\n", 0, offset)
        start, line = self.marks[i]
        return line + self.text.count("\n", start, offset)


@dataclass(frozen=True)
class Anchor:
    """A hyperlink (or src) found in the article body's markup."""

    url: str
    """The attribute value as written."""
    line: int
    label: str
    """The link's visible text."""
    standalone: bool
    """True when the link is all its paragraph holds (what a flattened embed leaves)."""


@dataclass
class Document:
    """An article, read and decoded, ready for the detectors."""

    path: str
    input_format: str
    """text, html or markdown."""
    encoding: str
    blocks: list[Block]
    title: str | None = None
    date: str | None = None
    language: str | None = None
    url: str | None = None
    """The article's own (canonical) URL, when it says."""
    publisher: list[str] = field(default_factory=list)
    """Names the page gives its publisher (og:site_name, JSON-LD publisher): never its own source."""
    site_hints: list[str] = field(default_factory=list)
    """Where the page's title names its site ("Headline - CNBC"): a known outlet there is the publisher."""
    authors: list[str] = field(default_factory=list)
    """Authors the page's metadata names (meta author, JSON-LD author): an agency there credits wire copy."""
    anchors: list[Anchor] = field(default_factory=list)
    embeds: list[EmbedHit] = field(default_factory=list)
    captions: list[Block] = field(default_factory=list)
    """Picture captions outside the body (a lead image above it): read for credits only."""
    """Embed markup recognised in the body (HTML, or HTML inside Markdown)."""


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or an :class:`InputError` saying plainly why not."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(str(path), f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "no such file or directory") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a directory") from None
    except PermissionError:
        raise InputError(str(path), "permission denied") from None
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from None


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Single-byte encodings newsrooms still meet, tried in this order on a tie.
_FALLBACKS = ("windows-1252", "windows-1251", "koi8-r", "iso-8859-2")
_WORD_RE = re.compile(r"[^\W\d_]+")


def decode(data: bytes, path: str, *, html: bool = False) -> tuple[str, str]:
    """Decode an article: BOM, then UTF-8, then a declared charset, then a guess.

    Returns the text and the name of the encoding used.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise InputError(path, f"cannot decode as {name} despite its byte-order mark ({exc.reason})") from None
    if b"\x00" in data[:8192]:
        raise InputError(path, "looks like a binary file (contains NUL bytes), not an article")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if html:
        declared = EncodingDetector.find_declared_encoding(data, is_html=True)
        if declared and declared.lower().replace("_", "-") not in ("utf-8", "utf8"):
            try:
                return data.decode(declared), codecs.lookup(declared).name
            except (LookupError, UnicodeDecodeError):
                pass
    return _guess(data, path)


def _guess(data: bytes, path: str) -> tuple[str, str]:
    """Pick the single-byte encoding whose reading looks most like words."""
    candidates = list(_FALLBACKS)
    best = from_bytes(data[:65536]).best()
    if best is not None and best.encoding not in candidates:
        candidates.append(best.encoding)
    scored = []
    for rank, name in enumerate(candidates):
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((_plausibility(text), -rank, text, codecs.lookup(name).name))
    if not scored:
        raise InputError(path, "cannot decode: not UTF-8, and no known encoding fits")
    score, _, text, name = max(scored)
    if score < 0:
        raise InputError(path, "cannot decode: not UTF-8, and no known encoding gives readable text")
    return text, name


def _plausibility(text: str) -> int:
    """How much a decoding reads like words: mixed-script words count against it."""
    score = 0
    for word in _WORD_RE.findall(text):
        if word.isascii():
            continue
        cyrillic = sum(1 for ch in word if "\u0400" <= ch <= "\u04ff")
        if cyrillic == len(word):
            # koi8-r read as cp1251 (and vice versa) swaps the case of letters.
            score += 1 if word[1:].islower() or word.isupper() else -1
        elif cyrillic:
            score -= 2
        elif any(ch.isascii() for ch in word):
            score += 1
        elif len(word) >= 3:
            score -= 1
    score -= 2 * sum(1 for ch in text if ch == "\ufffd" or ("\x80" <= ch <= "\x9f"))
    return score


def sniff_format(path: str, text: str) -> str:
    """text, html or markdown: by suffix, else by what the content looks like."""
    suffix = Path(path).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in TEXT_SUFFIXES:
        return "text"
    head = text.lstrip()[:2048].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or re.search(r"<(?:body|article|p|div)[\s>]", head):
        return "html"
    if re.match(r"(?:---\n|#{1,6} )", text.lstrip("\ufeff")):
        return "markdown"
    return "text"
