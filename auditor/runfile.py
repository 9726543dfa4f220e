"""Read a run's JSON report an article at a time, so that reading a report of 50,000 articles takes no more
memory than writing it did.

The top-level object is read key by key; each item of ``articles`` is decoded alone, made an
:class:`~auditor.model.Article` and appended to an :class:`~auditor.spool.ArticleSpool` (on disk past its first
thousand). Any valid JSON is read, whatever its keys' order or spacing; what is not valid JSON is said with the
line and column where it stops being so.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import IO, Any, NoReturn

from auditor.model import MALFORMED, Report, article_from_json, check_report_meta, report_with_articles
from auditor.spool import ArticleSpool

_CHUNK = 1 << 20
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class _Text:
    """A JSON text read from a byte stream in pieces: values are decoded where they stand, more read as needed."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self._decoder: codecs.IncrementalDecoder | None = None  # chosen from the first bytes, as json.loads does
        self._head = b""
        self._bytes = 0  # bytes given to the decoder so far: for the place of a byte that is not text
        self._buffer = ""
        self._pos = 0
        self._consumed = 0  # characters dropped from the buffer's front: for error positions
        self._lines = 0  # line breaks in them
        self._last_break = -1  # offset of the last of those, from the start of the text
        self._done = False

    def _more(self, at_least: int = 0) -> bool:
        """Read on (``at_least`` characters' worth when a value is still being read: a value of many megabytes is
        read in ever larger pieces, not copied again for every megabyte)."""
        if self._done:
            return False
        data = self._handle.read(max(_CHUNK, at_least))
        self._done = not data
        if self._decoder is None:
            self._head += data
            if len(self._head) < 4 and not self._done:
                return True
            data, self._head = self._head, b""
            self._decoder = codecs.getincrementaldecoder(_encoding(data))()
        try:
            text = self._decoder.decode(data, final=self._done)
        except UnicodeDecodeError as exc:
            raise ValueError(f"not valid {exc.encoding.upper()} text: byte {self._bytes + exc.start + 1} "
                             f"cannot be read ({exc.reason})") from None
        self._bytes += len(data)
        dropped = self._buffer[:self._pos]
        if dropped:
            breaks = dropped.count("\n")
            if breaks:
                self._last_break = self._consumed + dropped.rindex("\n")
                self._lines += breaks
            self._consumed += self._pos
        self._buffer = self._buffer[self._pos:] + text
        self._pos = 0
        return bool(text) or not self._done

    def peek(self) -> str:
        """The next character that is not white space ("" at the end), not consumed."""
        while True:
            space = _SPACE.match(self._buffer, self._pos)
            self._pos = space.end() if space is not None else self._pos  # NOTE: it always matches, if only ""
            if self._pos < len(self._buffer):
                return self._buffer[self._pos]
            if not self._more():
                return ""

    def take(self, expected: str) -> None:
        found = self.peek()
        if found != expected:
            self.fail(f"expected {expected!r}, found {found!r}" if found else f"expected {expected!r}, found the end")
        self._pos += 1

    def value(self) -> Any:
        """The JSON value that starts here, whole: a value that reaches the end of what has been read, or stops
        within a few characters of it (a number cut after "1." reads as 1), is decoded again once more is read."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self._buffer, self._pos)
            except json.JSONDecodeError as exc:
                # NOTE: an error well inside what has been read is the text's own, not where the read stopped
                cut = exc.pos >= len(self._buffer) - _LOOKAHEAD or exc.msg.startswith("Unterminated string")
                where = self._consumed + exc.pos  # reading more moves the buffer's start
                if cut and self._more(len(self._buffer) - self._pos):
                    continue
                self.fail(exc.msg, where - self._consumed)
            except RecursionError:
                self.fail("values nested too deeply")
            if end + _LOOKAHEAD > len(self._buffer):
                length = end - self._pos
                if self._more(len(self._buffer) - self._pos):
                    continue
                end = self._pos + length  # NOTE: reading moved the value to the buffer's start
            start, self._pos = self._pos, end
            if _SURROGATE_ESCAPE.search(self._buffer, start, end):
                return _mended(value)
            return value

    def fail(self, message: str, at: int | None = None) -> NoReturn:
        at = self._pos if at is None else at
        head = self._buffer[:at]
        breaks = head.count("\n")
        line = self._lines + breaks + 1
        start = (self._consumed + head.rindex("\n")) if breaks else self._last_break
        column = self._consumed + at - start
        raise ValueError(f"not valid JSON: {message}: line {line} column {column}")


_LOOKAHEAD = 64
"""Characters read past a value before it is taken: more than a number's tail, an escape or a literal."""

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _mended(value: Any) -> Any:
    """``value`` with each lone surrogate in its strings made U+FFFD, the replacement character. JSON may escape
    half of a UTF-16 pair alone ("\\ud800"), which is no character: no report can be written with one. Lists and
    objects are mended in place, without recursion: the decoder reads values nested deeper than a recursive walk
    could follow."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            items = [(_mended(key), item) for key, item in node.items()]
            node.clear()
            node.update(items)  # NOTE: in order; two keys that now read alike: the last wins, as in the decoder
            pairs: Any = node.items()
        elif isinstance(node, list):
            pairs = enumerate(node)
        else:
            continue
        for key, item in list(pairs):
            if isinstance(item, str):
                node[key] = _LONE_SURROGATE.sub("\ufffd", item)
            elif isinstance(item, list | dict):
                stack.append(item)
    return value


def _encoding(head: bytes) -> str:
    """The encoding of a JSON text by its first bytes, as :func:`json.loads` tells it (UTF-8, -16 or -32)."""
    found = json.detect_encoding(head)
    return "utf-8-sig" if found == "utf-8" else found


def _members(text: _Text, opening: str, closing: str) -> Iterator[None]:
    """Read an object's or a list's brackets and commas; between them, once a member, the caller reads it."""
    text.take(opening)
    if text.peek() != closing:
        while True:
            yield
            if text.peek() != ",":
                break
            text.take(",")
    text.take(closing)


def load_run(handle: IO[bytes]) -> Report:
    """The run a JSON report holds. Raises ValueError with a readable message when it is not one."""
    text = _Text(handle)
    if text.peek() != "{":  # a list, a number, nothing: read whole (it is no report), to say what it is
        whole = text.value()
        check_report_meta(whole)
    top: dict[str, Any] = {}
    articles = ArticleSpool()
    broken: Exception | None = None  # NOTE: kept until the end: a report whose "meta" comes last is told apart
    for _ in _members(text, "{", "}"):
        key = text.value()
        if not isinstance(key, str):
            text.fail("expected a key")
        text.take(":")
        if key != "articles" or text.peek() != "[":
            top[key] = text.value()
            continue
        if "articles" in top:  # a second list of articles: the last wins, as json.loads has it
            articles.close()
            articles, broken = ArticleSpool(), None
        for _ in _members(text, "[", "]"):
            item = text.value()
            if broken is None:
                try:
                    articles.append(article_from_json(item))
                except MALFORMED as exc:
                    broken = exc  # NOTE: kept, not raised: a later "articles" would replace this one
        top[key] = True
    if text.peek():
        text.fail("extra data after the report")
    check_report_meta(top)
    if "articles" not in top:
        raise ValueError("malformed report: KeyError: 'articles'")
    if top["articles"] is not True:
        broken = broken or TypeError(f"'articles' is not a list: {type(top['articles']).__name__}")
    if broken is not None:
        raise ValueError(f"malformed report: {type(broken).__name__}: {broken}")
    try:
        return report_with_articles(top, articles)
    except MALFORMED as exc:
        raise ValueError(f"malformed report: {type(exc).__name__}: {exc}") from None
