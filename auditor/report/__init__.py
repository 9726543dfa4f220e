"""The report stage: pure renderers of a finished Report, behind one registry.

A renderer is a function of the model to text. The CLI's ``--format`` choices
come from :data:`FORMATS`; :func:`write_output` owns writing to a file or ``-``.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from auditor.errors import OutputError
from auditor.model import Report
from auditor.policy import DEFAULT_POLICY, Policy


@dataclass(frozen=True)
class RenderOptions:
    """Presentation choices, and the policy a JUnit report judges articles by."""

    color: bool = False
    fail_on: Policy = DEFAULT_POLICY
    """What makes an article a JUnit failure: the run's ``--fail-on`` policy."""


Renderer = Callable[[Report, RenderOptions], str]
Chunks = Callable[[Report, RenderOptions], Iterator[str]]


_R = TypeVar("_R")


class _Renderers(Mapping[str, _R]):
    """Format name -> renderer, each renderer's module loaded when first asked for (jinja2 for HTML only)."""

    def __init__(self, modules: dict[str, str], attribute: str = "render") -> None:
        self._modules = modules
        self._attribute = attribute

    def __getitem__(self, fmt: str) -> _R:
        module = importlib.import_module(f"auditor.report.{self._modules[fmt]}")
        renderer: _R = getattr(module, self._attribute)
        return renderer

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)


_MODULES = {
    "text": "textreport",
    "json": "jsonreport",
    "html": "htmlreport",
    "markdown": "markdown",
    "junit": "junit",
    "csv": "csvreport",
    "github": "github",
    "sarif": "sarif",
}

FORMATS: Mapping[str, Renderer] = _Renderers[Renderer](_MODULES)
"""Format name -> renderer; the single list the CLI and the tests read."""

_CHUNKS: Mapping[str, Chunks] = _Renderers[Chunks](_MODULES, "chunks")
"""Format name -> the renderer in pieces: all but HTML write an article at a time, so that a large run's report
is never held whole in memory."""


def render(report: Report, fmt: str, options: RenderOptions | None = None) -> str:
    """Render ``report`` in ``fmt`` (a key of :data:`FORMATS`)."""
    return _known(FORMATS, fmt)(report, options or RenderOptions())


def render_chunks(report: Report, fmt: str, options: RenderOptions | None = None) -> Iterator[str]:
    """``render(report, fmt, options)`` in pieces whose concatenation is the same text."""
    return _known(_CHUNKS, fmt)(report, options or RenderOptions())


def _known(table: Mapping[str, _R], fmt: str) -> _R:
    try:
        return table[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}") from None


def check_writable(destination: str, what: str = "") -> None:
    """Raise OutputError at once when ``destination`` plainly cannot be written (a folder, a missing or read-only
    folder), so that a long run does not end unable to save its result. Standard output always can."""
    if destination == "-":
        return
    try:
        st: os.stat_result | None = os.stat(destination)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(f"cannot write {what}{destination}: {exc.strerror or exc}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(f"cannot write {what}{destination}: is a directory")
    if st is not None and not stat.S_ISREG(st.st_mode):
        if not os.access(destination, os.W_OK):
            raise OutputError(f"cannot write {what}{destination}: permission denied")
        return  # a FIFO, a terminal: written through as it is
    folder = os.path.dirname(os.path.realpath(destination)) or "."
    existing = folder
    while not os.path.exists(existing):  # missing folders are made when the report is written
        existing = os.path.dirname(existing) or "."
    if not os.path.isdir(existing):
        raise OutputError(f"cannot write {what}{destination}: {existing} is not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {what}{destination}: the folder {existing} is not writable")


def write_output(text: str | Iterable[str], destination: str) -> None:
    """Write the report (whole, or in pieces) to ``destination``: standard output for ``-``; a regular file
    atomically (a reader never sees half a report); anything else (a FIFO, a device, a terminal) written through
    as it is.

    A symlink stays a symlink: its target is replaced. A new file's mode follows the umask, an existing file
    keeps its mode (and, where allowed, its owner).
    """
    pieces = _whole_characters([text] if isinstance(text, str) else text)
    if destination == "-":
        _write_stdout(pieces)
        return
    data = (piece.encode("utf-8") for piece in pieces)
    try:
        try:
            st: os.stat_result | None = os.stat(destination)  # follows symlinks
        except FileNotFoundError:
            st = None
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory")
        if st is not None and not stat.S_ISREG(st.st_mode):
            _write_through(destination, data)
        else:
            _replace(Path(os.path.realpath(destination)), data, st)
    except OSError as exc:
        raise OutputError(f"cannot write {destination}: {exc.strerror or exc}") from None


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _whole_characters(pieces: Iterable[str]) -> Iterator[str]:
    """``pieces`` with U+FFFD for each half of a UTF-16 pair standing alone: a page's JSON may escape one
    ("\\ud800" in its JSON-LD), and no encoding writes it. Closing this closes ``pieces``."""
    try:
        for piece in pieces:
            yield _LONE_SURROGATE.sub("\ufffd", piece) if _LONE_SURROGATE.search(piece) else piece
    finally:
        close = getattr(pieces, "close", None)
        if close is not None:
            close()


STREAMING_TO_STDOUT = False
"""Set once a report has begun on standard output: an interrupted run has then left part of it there."""


def _write_stdout(pieces: Iterable[str]) -> None:
    """Standard output, a piece at a time. A reader that stops reading (``| head``) ends the writing quietly:
    the run still exits with the status its findings give. Written to the descriptor, not through Python's buffer,
    so that nothing is left to fail again when the interpreter flushes it at exit."""
    global STREAMING_TO_STDOUT
    STREAMING_TO_STDOUT = True
    sys.stdout.flush()
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (a test runner's capture): as it is
        for piece in pieces:
            sys.stdout.write(piece)
        sys.stdout.flush()
        return
    encoding = sys.stdout.encoding or "utf-8"
    errors = sys.stdout.errors or "strict"
    try:
        for piece in pieces:
            view = memoryview(piece.encode(encoding, errors))
            while view:
                view = view[os.write(fd, view):]
    except BrokenPipeError:
        close = getattr(pieces, "close", None)
        if close is not None:
            close()  # stops what produces the pieces (a scan's worker processes) now, not at exit
        return


def _write_through(destination: str, data: Iterable[bytes]) -> None:
    """A FIFO, a character device, a terminal: open it as it is (no truncation to replace, nothing to rename)."""
    fd = os.open(destination, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "wb") as handle:
        for piece in data:
            handle.write(piece)


def _replace(path: Path, data: Iterable[bytes], existing: os.stat_result | None) -> None:
    """Write beside ``path``, then rename over it: the old report or the new one, never half of either."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # NOTE: the temporary name must stay within the 255 bytes a name may have, however long the report's
    short = path.name.encode("utf-8", "surrogateescape")[:64].decode("utf-8", "surrogateescape")
    fd, tmp = tempfile.mkstemp(prefix=f".{short}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in data:
                handle.write(piece)
            handle.flush()
            if existing is not None:
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.fchown(handle.fileno(), existing.st_uid, existing.st_gid)
                os.fchmod(handle.fileno(), stat.S_IMODE(existing.st_mode))  # after: a chown clears setuid bits
            else:
                os.fchmod(handle.fileno(), 0o666 & ~_umask())
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _clear_stale(path.parent, f".{short}.", Path(tmp).name)


STALE_AFTER = 3600.0
"""Seconds after which a temporary file of ours beside a report is left over from a killed run, not in use."""


def _clear_stale(folder: Path, prefix: str, current: str) -> None:
    """Temporary files of this report's pattern left by a run killed with SIGKILL (or a crash), an hour old or
    more: another run writing the same report now would have a fresh one."""
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if not (entry.name.startswith(prefix) and entry.name.endswith(".tmp")) or entry.name == current:
                continue
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False) and now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER:
                    os.unlink(entry.path)


def _umask() -> int:
    """The process's umask (reading it means setting it; done once, before any thread writes a file)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
