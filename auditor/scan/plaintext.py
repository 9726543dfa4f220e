"""Turn a plain-text or Markdown article into a Document of paragraphs."""

from __future__ import annotations

import re

from auditor.scan import patterns
from auditor.scan.dates import parse_date
from auditor.scan.document import Block, Document

# "date 2023-07-04", "Title: ...": metadata lines at the very top of a text article.
_META_RE = patterns.compile(
    r"^\s*(date|title|author|byline|url|source|lang|language|publisher|site|outlet)\s*[:=]?\s+(\S.*?)\s*$",
    re.IGNORECASE,
)
# NOTE: no "[" in the text and no "(" in the plain runs of the URL: each attempt stops at the next bracket, so a
# line of 100,000 "[" (or "[a](((((") is read in linear time, not quadratic.
_MD_LINK_RE = patterns.compile(r"!?\[([^\[\]\n]*)\]\(\s*<?([^()\s>]+(?:\([^()\s]*\)[^()\s>]*)*)>?(?:\s+\"[^\"\n]*\")?\s*\)")
_MD_PREFIX_RE = patterns.compile(r"^[ \t]{0,3}(?:>[ \t]?)*(?:[-*+][ \t]+|\d{1,3}[.)][ \t]+)?")
_MD_HEADING_RE = patterns.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_HTML_BLOCK_RE = patterns.compile(r"^[ \t]{0,3}<(?:[a-zA-Z][\w-]*|!--)")


def parse_text(path: str, text: str, encoding: str, *, markdown: bool = False) -> Document:
    """Paragraphs are runs of lines between blank lines; line numbers are the file's."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    doc = Document(path, "markdown" if markdown else "text", encoding, [])
    start = _front_matter(lines, doc) if markdown else 0
    start = _meta_lines(lines, start, doc)
    para: list[str] = []
    first = start
    for number in range(start, len(lines) + 1):
        line = lines[number] if number < len(lines) else ""
        if line.strip():
            if not para:
                first = number
            para.append(line)
            continue
        if para:
            _add_paragraph(doc, para, first + 1, markdown)
            para = []
    if markdown and doc.title is None:
        doc.title = next((b.text for b in doc.blocks if b.heading), None)
    return doc


def _meta_lines(lines: list[str], start: int, doc: Document) -> int:
    i = start
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        match = _META_RE.match(lines[i])
        if not match or not _set_meta(doc, match[1].lower(), match[2]):
            break
        i += 1
    return i if i > start and any(lines[j].strip() for j in range(start, i)) else start


def _front_matter(lines: list[str], doc: Document) -> int:
    """YAML-style front matter between --- lines: only the simple key: value pairs are read."""
    if not lines or lines[0].strip() != "---":
        return 0
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() in ("---", "..."):
            for line in lines[1:end]:
                key, sep, value = line.partition(":")
                if sep:
                    _set_meta(doc, key.strip().lower(), value.strip().strip("'\""))
            return end + 1
    return 0


def _set_meta(doc: Document, key: str, value: str) -> bool:
    if key in ("date", "published", "pubdate"):
        date = parse_date(value)
        if date is None:
            return False
        doc.date = date
    elif key == "title":
        doc.title = value
    elif key in ("lang", "language"):
        if not re.match(r"^[A-Za-z]{2,3}(?:[-_]\w+)?$", value):
            return False
        doc.language = re.split(r"[-_]", value)[0].lower()
    elif key in ("url", "source", "canonical"):
        if not value.startswith(("http://", "https://")):
            return False
        doc.url = value
    elif key in ("publisher", "site", "outlet"):
        doc.publisher.append(value)
    elif key not in ("author", "byline"):
        return False
    return True


def _add_paragraph(doc: Document, para: list[str], line: int, markdown: bool) -> None:
    if markdown and _HTML_BLOCK_RE.match(para[0]):
        from auditor.scan.html import parse_fragment  # NOTE: here, not at the top: most text has no markup

        blocks, anchors, embeds = parse_fragment("\n".join(para), line)
        doc.blocks.extend(blocks)
        doc.anchors.extend(anchors)
        doc.embeds.extend(embeds)
        return
    if not markdown:
        doc.blocks.append(Block("\n".join(para), line))
        return
    heading = _MD_HEADING_RE.match(para[0]) if len(para) == 1 else None
    if heading:
        doc.blocks.append(Block(heading[2], line, heading=True))
        return
    cleaned = []
    for raw in para:
        raw = _MD_PREFIX_RE.sub("", raw)
        # [label](url) reads as "label (url)" so both the words and the URL are seen.
        raw = _MD_LINK_RE.sub(lambda m: f"{m[1]} ({m[2]})" if m[1] else m[2], raw)
        cleaned.append(raw.replace("**", ""))
    doc.blocks.append(Block("\n".join(cleaned), line))
