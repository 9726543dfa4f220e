"""Read a run's JSON report an article at a time, so that reading a report of 50,000 articles takes no more
memory than writing it did.

The top-level object is read key by key; each item of ``articles`` is decoded alone, made an
:class:`~auditor.model.Article` and appended to an :class:`~auditor.spool.ArticleSpool` (on disk past its first
thousand). Any valid JSON is read, whatever its keys' order or spacing; what is not valid JSON is said with the
line and column where it stops being so.
"""

from __future__ import annotations

import binascii
import codecs
import json
import re
from typing import IO, Any, NoReturn

from auditor.model import Report, article_from_json, check_report_meta, report_with_articles
from auditor.spool import ArticleSpool

_CHUNK = 1 << 20
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class _Text:
    """A JSON text read from a byte stream in pieces: values are decoded where they stand, more read as needed."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self._utf8 = codecs.getincrementaldecoder("utf-8-sig")()
        self._buffer = ""
        self._pos = 0
        self._consumed = 0  # characters dropped from the buffer's front: for error positions
        self._lines = 0  # line breaks in them
        self._last_break = -1  # offset of the last of those, from the start of the text
        self._done = False

    def _more(self) -> bool:
        if self._done:
            return False
        data = self._handle.read(_CHUNK)
        self._done = not data
        text = self._utf8.decode(data, final=self._done)
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
        """The JSON value that starts here, whole (a number is not taken until what follows it has been read)."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self._buffer, self._pos)
            except json.JSONDecodeError as exc:
                where = self._consumed + exc.pos  # NOTE: reading more moves the buffer's start
                if self._more():
                    continue
                self.fail(exc.msg, where - self._consumed)
            if end < len(self._buffer) or not self._more():
                self._pos = end
                return value

    def fail(self, message: str, at: int | None = None) -> NoReturn:
        at = self._pos if at is None else at
        head = self._buffer[:at]
        breaks = head.count("\n")
        line = self._lines + breaks + 1
        start = (self._consumed + head.rindex("\n")) if breaks else self._last_break
        column = self._consumed + at - start
        raise ValueError(f"not valid JSON: {message}: line {line} column {column}")


def load_run(handle: IO[bytes]) -> Report:
    """The run a JSON report holds. Raises ValueError with a readable message when it is not one."""
    text = _Text(handle)
    if text.peek() != "{":  # a list, a number, nothing: read whole (it is no report), to say what it is
        whole = text.value()
        check_report_meta(whole)
    top: dict[str, Any] = {}
    articles = ArticleSpool()
    broken: Exception | None = None  # NOTE: kept until the end: a report whose "meta" comes last is told apart
    text.take("{")
    if text.peek() != "}":
        while True:
            key = text.value()
            if not isinstance(key, str):
                text.fail("expected a key")
            text.take(":")
            if key == "articles" and text.peek() == "[":
                text.take("[")
                if text.peek() != "]":
                    while True:
                        item = text.value()
                        if broken is None:
                            try:
                                articles.append(article_from_json(item))
                            except (KeyError, TypeError, ValueError, AttributeError, binascii.Error) as exc:
                                broken = exc
                        if text.peek() != ",":
                            break
                        text.take(",")
                text.take("]")
                top[key] = True
            else:
                top[key] = text.value()
            if text.peek() != ",":
                break
            text.take(",")
    text.take("}")
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
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        raise ValueError(f"malformed report: {type(exc).__name__}: {exc}") from None
