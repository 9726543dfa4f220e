"""A persistent verdict cache in SQLite: safe to share between concurrent runs, rebuilt when corrupt."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path

from auditor.model import Archive, Check, Hop, live_post

APPLICATION_ID = 0x41554454  # "AUDT": marks the file as ours
SCHEMA_VERSION = 1

DEFAULT_TTL = {"ok": 7 * 86400.0, "broken": 86400.0, "unverifiable": 3600.0}
"""Seconds a verdict stays fresh. Refused and skipped depend on this run's options: never cached."""


class _Newer(Exception):
    """A cache written by a newer auditor: never rewritten to this one's schema."""

    def __init__(self, version: int) -> None:
        super().__init__(f"schema {version}")
        self.version = version


class VerdictCache:
    """``kind:url`` -> Check, with an expiry per verdict; beside them, how long links have been broken and what
    archives answered about dead ones."""

    def __init__(self, path: Path, *, ttl: dict[str, float] | None = None, max_age: float | None = None,
                 warn: Callable[[str], None] | None = None, clock: Callable[[], float] = time.time,
                 timeout: float = 30.0) -> None:
        self.path = path
        self.timeout = timeout
        self.ttl = dict(DEFAULT_TTL if ttl is None else ttl)
        self.max_age = max_age
        self._clock = clock
        self._warn = warn or (lambda message: None)
        self.failed = False
        """True once the cache could not be opened or written: verdicts of this run are not all kept."""
        self._lock = threading.Lock()
        self._db = self._open()

    def _fail(self, message: str) -> None:
        self.failed = True
        self._warn(message)

    def _open(self) -> sqlite3.Connection | None:
        try:
            return self._connect()
        except _Newer as exc:
            self._fail(f"cache {self.path} was written by a newer auditor (schema {exc.version}); left untouched, "
                       "checking without it")
            return None
        except sqlite3.OperationalError as exc:  # locked by another run, read-only, no room: not corrupt
            self._fail(f"cache {self.path} cannot be used now ({exc}); checking without it")
            return None
        except OSError as exc:
            self._fail(f"cache {self.path} cannot be created ({exc.strerror or exc}); checking without it")
            return None
        except sqlite3.DatabaseError as exc:  # proven not ours: not a database, or another program's
            aside = self.path.with_name(f"{self.path.name}.corrupt-{int(self._clock())}")
            try:
                self.path.replace(aside)
            except OSError as move:
                self._fail(f"cache {self.path} is unreadable ({exc}) and cannot be moved aside "
                           f"({move.strerror or move}); checking without it")
                return None
            self._warn(f"cache {self.path} is unreadable ({exc}); moved it to {aside.name} and started a new one")
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            try:
                return self._connect()
            except (sqlite3.Error, OSError) as again:
                self._fail(f"cache {self.path} cannot be started ({again}); checking without it")
                return None

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=self.timeout, check_same_thread=False, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")
            # NOTE: judged and created under the write lock: two runs creating the cache at the same instant see
            # each other's work whole, never a half-made file they would take for a foreign one.
            db.execute("BEGIN IMMEDIATE")
            try:
                app_id = db.execute("PRAGMA application_id").fetchone()[0]
                version = db.execute("PRAGMA user_version").fetchone()[0]
                tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                if app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables):
                    raise sqlite3.DatabaseError("not an auditor cache")
                if app_id == APPLICATION_ID and version > SCHEMA_VERSION:
                    raise _Newer(version)
                db.execute(f"PRAGMA application_id={APPLICATION_ID}")
                db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                db.execute("CREATE TABLE IF NOT EXISTS verdicts (key TEXT PRIMARY KEY, verdict TEXT NOT NULL,"
                           " checked_at REAL NOT NULL, expires_at REAL NOT NULL)")
                # NOTE: added beside the verdicts: a cache of an earlier version gains it, and keeps working there
                db.execute("CREATE TABLE IF NOT EXISTS streaks (key TEXT PRIMARY KEY, since REAL NOT NULL,"
                           " runs INTEGER NOT NULL, run TEXT NOT NULL)")
                db.execute("CREATE TABLE IF NOT EXISTS archives (key TEXT PRIMARY KEY, answer TEXT NOT NULL,"
                           " checked_at REAL NOT NULL, expires_at REAL NOT NULL)")
                db.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                raise
            # WAL lets one run read while another writes; busy_timeout waits out the other's commit.
            self._wal(db)
            db.execute("SELECT key, verdict, checked_at, expires_at FROM verdicts LIMIT 1").fetchall()
        except BaseException:
            db.close()
            raise
        return db

    def _wal(self, db: sqlite3.Connection) -> None:
        """Switch to WAL once; the switch needs the file to itself and SQLite does not wait for that with the
        busy timeout, so runs opening a new cache at the same instant take turns here."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    def get(self, key: str) -> Check | None:
        text = self._fresh("verdicts", "verdict", key, "checking online")
        try:
            return replace(_decode(text), cached=True) if text is not None else None
        except (ValueError, KeyError, TypeError):  # a row another program wrote
            return None

    def _fresh(self, table: str, column: str, key: str, instead: str) -> str | None:
        """The text kept under ``key`` while it is fresh (its expiry, ``--max-age``); None otherwise."""
        if self._db is None:
            return None
        now = self._clock()
        with self._lock:
            try:
                row = self._db.execute(f"SELECT {column}, checked_at, expires_at FROM {table} WHERE key = ?",
                                       (key,)).fetchone()
            except sqlite3.DatabaseError as exc:
                self._warn(f"cache read failed ({exc}); {instead}")
                return None
        try:
            if row is None or row[2] <= now or (self.max_age is not None and now - row[1] > self.max_age):
                return None
        except TypeError:  # a row another program wrote: "expires_at" not a number
            return None
        return row[0] if isinstance(row[0], str) else None

    def put(self, key: str, check: Check) -> None:
        ttl = self.ttl.get(check.status)
        if not ttl or self._db is None:
            return
        now = self._clock()
        data = json.dumps(asdict(replace(check, cached=False)), sort_keys=True)
        with self._lock:
            try:
                with self._db:
                    self._db.execute("INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?, ?)", (key, data, now, now + ttl))
            except sqlite3.DatabaseError as exc:
                self._fail(f"cache write failed ({exc}); the verdict is kept for this run only")

    def get_archive(self, key: str) -> Archive | None:
        """An archive's answer kept by :meth:`put_archive`, while fresh (``--max-age`` applies too)."""
        text = self._fresh("archives", "answer", key, "asking the archive")
        try:
            raw = json.loads(text) if text is not None else None
            fields = tuple(raw[k] for k in ("url", "timestamp", "source", "note")) if raw is not None else None
        except (ValueError, KeyError, TypeError, RecursionError):
            return None
        if fields is None or not all(f is None or isinstance(f, str) for f in fields):
            return None  # NOTE: a row another program wrote
        return Archive(*fields)

    def put_archive(self, key: str, archive: Archive, ttl: float) -> None:
        if self._db is None or ttl <= 0:
            return
        now = self._clock()
        data = json.dumps(asdict(archive), sort_keys=True)
        with self._lock:
            try:
                with self._db:
                    self._db.execute("INSERT OR REPLACE INTO archives VALUES (?, ?, ?, ?)", (key, data, now, now + ttl))
            except sqlite3.DatabaseError as exc:
                self._fail(f"cache write failed ({exc}); the archive's answer is kept for this run only")

    def streak(self, key: str, broken: bool, run: str, fresh: bool) -> tuple[float, int] | None:
        """Record this run's verdict for ``key``: how long it has been broken, (first seen broken, runs in a row).

        A run counts once however often it asks; a verdict taken from the cache counts no new run (it was not
        checked again). A verdict that is not broken ends the streak."""
        if self._db is None:
            return None
        now = self._clock()
        with self._lock:
            try:
                with self._db:
                    if not broken:
                        self._db.execute("DELETE FROM streaks WHERE key = ?", (key,))
                        return None
                    row = self._db.execute("SELECT since, runs, run FROM streaks WHERE key = ?", (key,)).fetchone()
                    if row is not None and (row[2] == run or not fresh):
                        return float(row[0]), int(row[1])
                    since, runs = (float(row[0]), int(row[1]) + 1) if row is not None else (now, 1)
                    self._db.execute("INSERT OR REPLACE INTO streaks VALUES (?, ?, ?, ?)", (key, since, runs, run))
                    return since, runs
            except (sqlite3.DatabaseError, ValueError, TypeError) as exc:
                self._fail(f"cache write failed ({exc}); how long links have been broken is not kept")
                return None

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()


def _decode(text: str) -> Check:
    raw = json.loads(text)
    chain = tuple(Hop(h["url"], h["http_status"]) for h in raw["chain"])
    post = live_post(raw.get("live"))
    return Check(raw["status"], raw["reason"], raw["http_status"], raw["final_url"], chain, False, live=post)
