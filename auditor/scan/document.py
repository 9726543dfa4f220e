"""Read an article file into a :class:`Document`: decoded text blocks with line numbers."""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from auditor.errors import InputError
from auditor.scan import patterns

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
    _newline_offsets: list[int] | None = field(default=None, init=False, repr=False, compare=False)

    def line_at(self, offset: int) -> int:
        """Source line of the character at ``offset``."""
        i = bisect.bisect_right(self.marks, (offset, 1 << 62)) - 1 if self.marks else -1
        start, line = self.marks[i] if i >= 0 else (0, self.line)
        if offset - start < 4096:
            return line + self.text.count("\n", start, offset)
        # NOTE: a long run of text without marks (a huge paragraph): count by bisection, not from its start
        newlines = self._newlines()
        return line + bisect.bisect_left(newlines, offset) - bisect.bisect_left(newlines, start)

    def _newlines(self) -> list[int]:
        if self._newline_offsets is None:
            self._newline_offsets = [m.start() for m in re.finditer("\n", self.text)]
        return self._newline_offsets


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
    prose: bool = False
    """True when the link stands in a sentence of the text: its paragraph is mostly words that are no link."""


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
    truncated: list[str] = field(default_factory=list)
    """What of the page could not be read, and why (an attack's giant tag): said as a finding."""
    invalid_bytes: list[int] = field(default_factory=list)
    """Lines where bytes not valid in the encoding were replaced by U+FFFD."""
    captions: list[Block] = field(default_factory=list)
    """Picture captions outside the body (a lead image above it): read for credits only."""
    """Embed markup recognised in the body (HTML, or HTML inside Markdown)."""


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or an :class:`InputError` saying plainly why not."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(str(path), f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
        with path.open("rb") as handle:
            return read_capped(handle, str(path))
    except FileNotFoundError:
        raise InputError(str(path), "no such file or directory") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a directory") from None
    except PermissionError:
        raise InputError(str(path), "permission denied") from None
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from None


def read_capped(handle: BinaryIO, name: str) -> bytes:
    """At most :data:`MAX_BYTES` from ``handle``: a size the file system states may be 0 (a device, standard input,
    a pipe) while the bytes never end, so the cap is on what is actually read."""
    data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        what = "input" if name == "-" else "file"
        raise InputError(name, f"{what} is larger than {MAX_BYTES // (1024 * 1024)} MiB (stopped reading there)")
    return data


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def is_blank(data: bytes) -> bool:
    """Nothing but whitespace, a byte-order mark aside (a file holding only a BOM is an empty file)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return not data.decode(name).lstrip("\ufeff").strip()
            except UnicodeDecodeError:
                return False  # decoding will say what is wrong with it
    return not data.strip()


# Single-byte encodings newsrooms still meet, tried in this order on a tie.
_FALLBACKS = ("windows-1252", "windows-1251", "koi8-r", "iso-8859-2")
_WORD_RE = patterns.compile(r"[^\W\d_]+")


_DOCUMENTS = (
    (b"%PDF-", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Word 97-2003 or other OLE document (DOC, XLS, PPT)"),
    (b"{\\rtf", "RTF"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
)


def document_format(data: bytes) -> str | None:
    """The name of a document or archive format ``data`` starts like (by its magic bytes), else None."""
    if data.startswith(b"PK\x03\x04"):
        head = data[:4096]
        if b"word/" in head or b"[Content_Types].xml" in head:
            return "a Word or other Office Open XML document (DOCX)"
        if b"opendocument" in head:
            return "an OpenDocument file (ODT)"
        if b"epub+zip" in head:
            return "an EPUB book"
        return "a ZIP archive"
    return next((name for magic, name in _DOCUMENTS if data.startswith(magic)), None)


def decode(data: bytes, path: str, *, html: bool = False) -> tuple[str, str, list[int]]:
    """Decode an article: BOM, then UTF-8, then a declared charset, then a guess.

    Returns the text, the name of the encoding used, and the lines where bytes that were not valid in it were
    replaced (a UTF-8 file with a few stray bytes stays UTF-8: one bad byte must not turn the rest to mojibake).
    """
    if (kind := document_format(data.removeprefix(codecs.BOM_UTF8))) is not None:
        raise InputError(path, f"unsupported format: {kind}; save the article as HTML or text")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name, []
            except UnicodeDecodeError as exc:
                raise InputError(path, f"cannot decode as {name} despite its byte-order mark ({exc.reason})") from None
    if b"\x00" in data[:8192]:
        raise InputError(path, "looks like a binary file (contains NUL bytes), not an article")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    if html:
        from bs4.dammit import EncodingDetector  # NOTE: here, not above: only a page that is not UTF-8 needs it

        declared = EncodingDetector.find_declared_encoding(data, is_html=True)
        if declared and declared.lower().replace("_", "-") not in ("utf-8", "utf8"):
            try:
                return data.decode(declared), codecs.lookup(declared).name, []
            except (LookupError, UnicodeDecodeError):
                pass
    if (mostly := _mostly_utf8(data)) is not None:
        return mostly[0], "utf-8", mostly[1]
    text, name = _guess(data, path)
    return text, name, []


_MAX_STRAY = 200
"""More invalid sequences than this and a file is not UTF-8 with a few stray bytes."""


def _mostly_utf8(data: bytes) -> tuple[str, list[int]] | None:
    """UTF-8 text with a few invalid bytes (a stray cp1252 quote pasted in): each replaced by U+FFFD, with the
    lines where that happened; None when the file is not overwhelmingly UTF-8 (or is plain ASCII but for the
    stray bytes, which any single-byte reading gets as right)."""
    view = memoryview(data)
    parts: list[str] = []
    bad: list[int] = []
    pos = 0
    while True:
        try:
            parts.append(codecs.utf_8_decode(view[pos:], "strict", True)[0])
            break
        except UnicodeDecodeError as exc:
            parts.append(codecs.utf_8_decode(view[pos:pos + exc.start], "strict", True)[0])
            parts.append("\ufffd")
            bad.append(pos + exc.start)
            pos += exc.end
            if len(bad) > _MAX_STRAY:
                return None
    text = "".join(parts)
    multibyte = sum(1 for ch in text if ch > "\x7f") - len(bad)
    if multibyte < 10 * len(bad):
        return None
    lines = sorted({data.count(b"\n", 0, offset) + 1 for offset in bad})
    return text, lines


def _guess(data: bytes, path: str) -> tuple[str, str]:
    """Pick the single-byte encoding whose reading looks most like words."""
    from charset_normalizer import from_bytes  # NOTE: here, not above: only a file that is not UTF-8 needs it

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
