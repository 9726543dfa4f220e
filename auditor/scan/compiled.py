"""Compiled copies kept between runs in the user's cache folder: what the scanner would otherwise build on every
start (the gazetteer's indexes, its large regular expressions).

A copy is a :mod:`marshal` payload behind a CRC-32, named by its caller for everything it was compiled from, so a
copy of other data or code is never read. It is read only when it is a regular file of this user's that no one
else may write, and written atomically (a reader sees a whole copy or none) for this user alone. A folder that
cannot be read or written costs time, never a run.

Copies are trusted as Python trusts the compiled modules it keeps beside its sources: the checksum finds a
damaged or cut copy, which is then built again; a copy rewritten on purpose, its checksum made to match, is
beyond it (as a rewritten ``.pyc`` is), which is why only a file of the user's own is read.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import stat
import sys
import tempfile
import time
import zlib
from pathlib import Path


def cache_dir() -> Path | None:
    """The folder of the copies: ``$AUDITOR_CACHE_DIR`` (empty: nowhere), else ``auditor`` in ``$XDG_CACHE_HOME``
    or ``~/.cache``."""
    if "AUDITOR_CACHE_DIR" in os.environ:
        chosen = os.environ["AUDITOR_CACHE_DIR"]
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or ""
    if not os.path.isabs(base):  # the XDG rule: a relative value is ignored
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "auditor") if os.path.isabs(base) else None


def copy_path(kind: str, *sources: str, version: str = "") -> Path | None:
    """Where the copy of ``kind`` compiled from the files ``sources`` (by their size and time of change, as Python
    names its compiled modules) and ``version`` is kept; None when copies are not kept, or a source is not a
    file (a zipped install: nothing to tell a stale copy by)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        stamps = [os.stat(source) for source in sources]
    except (OSError, TypeError, ValueError):
        return None
    key = " ".join([*(f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}" for st in stamps), version,
                    f"{sys.version_info[:2]} {marshal.version}"])
    return folder / f"{kind}-{hashlib.blake2b(key.encode(), digest_size=16).hexdigest()}.marshal"


def read_copy(path: Path) -> memoryview | None:
    """The payload of the copy at ``path`` when there is one to trust (its checksum holds), else ``None``."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            st = os.fstat(handle.fileno())
            if not stat.S_ISREG(st.st_mode) or st.st_mode & 0o022 or \
                    (hasattr(os, "getuid") and st.st_uid != os.getuid()):
                return None
            data = handle.read()  # NOTE: marshal.load() from a file reads it in small pieces: 5x slower
    except OSError:
        return None
    if len(data) < 4 or zlib.crc32(memoryview(data)[4:]) != int.from_bytes(data[:4], "big"):
        return None
    return memoryview(data)[4:]


_OTHERS_KEPT = 3
"""Copies of a kind kept besides the one written: those of other installs and Pythons sharing the folder (each
would otherwise remove the others' and build its own again at every run), the newest first."""
_ABANDONED = 600
"""Seconds after which a temporary file is taken for one a killed writer left."""


def write_copy(path: Path, payload: bytes) -> None:
    """Write ``payload`` as the copy at ``path``; of the other copies of the same kind (the file name up to its
    first "-"), left by other data, code or Pythons, keep the newest few; remove what killed writers left."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        kind = path.name.split("-", 1)[0]
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(zlib.crc32(payload).to_bytes(4, "big"))
                handle.write(payload)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        others = []
        for other in path.parent.glob(f"{kind}-*{path.suffix}"):
            with contextlib.suppress(OSError):
                if other != path:
                    others.append((other.lstat().st_mtime_ns, other))
        for _, stale in sorted(others, reverse=True)[_OTHERS_KEPT:]:
            with contextlib.suppress(OSError):
                stale.unlink()
        for leftover in path.parent.glob(f".{kind}-*.tmp"):
            with contextlib.suppress(OSError):
                if time.time() - leftover.lstat().st_mtime > _ABANDONED:
                    leftover.unlink()
    except OSError:
        return
