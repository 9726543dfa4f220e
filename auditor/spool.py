"""A run's articles kept on disk once there are many, so that memory stays flat however large the archive.

An :class:`ArticleSpool` is a sequence of :class:`~auditor.model.Article`: the first articles are kept in memory;
past :data:`IN_MEMORY` each one is pickled to an unnamed temporary file (gone when the process ends, however it
ends) and read back, one at a time, whenever the sequence is walked. Renderers and the resolver walk it like a
tuple.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import weakref
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, overload

from auditor.model import Article

IN_MEMORY = 1000
"""Articles held in memory before the spool spills to disk: small runs never touch the disk."""


class _Articles(Sequence[Article]):
    """A sequence of articles read one at a time: indexing (negative and sliced included) and equality with any
    sequence of the same articles, over what a subclass gives: its length and the article at an index."""

    def _at(self, index: int) -> Article:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> Article: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Article]: ...

    def __getitem__(self, index: int | slice) -> Article | Sequence[Article]:
        if isinstance(index, slice):
            return tuple(self._at(i) for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("article index out of range")
        return self._at(index)

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence of the same articles (a tuple of them included), as tuples are to each other."""
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return False
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # it may grow


class ArticleSpool(_Articles):
    """Articles in the order appended; walked as often as needed, each walk reading them back one by one."""

    def __init__(self, articles: Iterable[Article] = (), *, in_memory: int | None = None) -> None:
        self._memory: list[Article] = []
        self._in_memory = IN_MEMORY if in_memory is None else in_memory
        self._after: list[Article] = []
        """Articles kept in memory after all because the temporary file could not take them (a full disk)."""
        self._file: IO[bytes] | None = None
        self._closer: weakref.finalize[[], ArticleSpool] | None = None
        self._offsets = array("q")
        """Where each spilled article starts in the file; one more entry marks the end of the last."""
        for article in articles:
            self.append(article)

    def append(self, article: Article) -> None:
        if len(self._memory) < self._in_memory:
            self._memory.append(article)
            return
        if not self._after:
            try:
                self._spill(article)
                return
            except OSError:  # a full or read-only temporary folder: memory it is, as before there was a spool
                pass
        self._after.append(article)

    def _spill(self, article: Article) -> None:
        if self._file is None:
            # NOTE: unbuffered: a write that fails says so at once, not later from the finaliser's flush
            self._file = tempfile.TemporaryFile(prefix="auditor-articles-", buffering=0)  # noqa: SIM115
            self._closer = weakref.finalize(self, self._file.close)  # closed by close(), or when dropped
            self._offsets.append(0)
        data = pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.seek(self._offsets[-1])
        self._file.write(data)
        self._offsets.append(self._offsets[-1] + len(data))

    def _spilled_count(self) -> int:
        return max(0, len(self._offsets) - 1)

    def __len__(self) -> int:
        return len(self._memory) + self._spilled_count() + len(self._after)

    def __iter__(self) -> Iterator[Article]:
        yield from self._memory[:]
        for index in range(self._spilled_count()):
            yield self._spilled(index)
        yield from self._after[:]

    def _at(self, index: int) -> Article:
        if index < len(self._memory):
            return self._memory[index]
        index -= len(self._memory)
        if index < self._spilled_count():
            return self._spilled(index)
        return self._after[index - self._spilled_count()]

    def _spilled(self, index: int) -> Article:
        assert self._file is not None
        start, end = self._offsets[index], self._offsets[index + 1]
        article: Article = pickle.loads(os.pread(self._file.fileno(), end - start, start))
        return article

    def __repr__(self) -> str:
        return f"ArticleSpool({len(self)} articles, {len(self._memory)} in memory)"

    def close(self) -> None:
        """Drop what was spilled: the spool holds only what it keeps in memory."""
        if self._closer is not None:
            self._closer()
            self._file, self._closer = None, None
            self._offsets = array("q")


class Mapped(_Articles):
    """``source`` with ``change`` applied to each article as it is read: a changed copy of a large run that is
    never held whole."""

    def __init__(self, source: Sequence[Article], change: Callable[[Article], Article]) -> None:
        self._source = source
        self._change = change

    def __len__(self) -> int:
        return len(self._source)

    def __iter__(self) -> Iterator[Article]:
        return map(self._change, self._source)

    def _at(self, index: int) -> Article:
        return self._change(self._source[index])
