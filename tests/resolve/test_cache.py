"""The verdict cache: lifetimes by verdict, sharing between runs, and recovery from a bad file."""

from __future__ import annotations

import multiprocessing
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from auditor.model import Check, Hop
from auditor.resolve.cache import VerdictCache

OK = Check("ok", None, 200, "https://example.com/", (Hop("https://t.co/a", 301), Hop("https://example.com/", 200)))


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_round_trip_marks_the_verdict_cached(tmp_path: Path) -> None:
    cache = VerdictCache(tmp_path / "c.sqlite")
    cache.put("link:https://t.co/a", OK)
    cache.close()
    again = VerdictCache(tmp_path / "c.sqlite")
    from dataclasses import replace
    assert again.get("link:https://t.co/a") == replace(OK, cached=True)
    assert again.get("link:https://other.example/") is None


def test_lifetimes_by_verdict(tmp_path: Path) -> None:
    clock = Clock()
    cache = VerdictCache(tmp_path / "c.sqlite", clock=clock)
    cache.put("ok", OK)
    cache.put("broken", Check("broken", "http-404", 404))
    cache.put("unverifiable", Check("unverifiable", "timeout"))
    cache.put("refused", Check("refused", "private-address"))
    cache.put("skipped", Check("skipped", "excluded"))
    assert cache.get("refused") is None and cache.get("skipped") is None  # depend on this run's options
    clock.now += 2 * 3600
    assert cache.get("unverifiable") is None and cache.get("broken") is not None
    clock.now += 2 * 86400
    assert cache.get("broken") is None and cache.get("ok") is not None
    clock.now += 7 * 86400
    assert cache.get("ok") is None


def test_max_age_overrides(tmp_path: Path) -> None:
    clock = Clock()
    VerdictCache(tmp_path / "c.sqlite", clock=clock).put("ok", OK)
    clock.now += 600
    assert VerdictCache(tmp_path / "c.sqlite", clock=clock, max_age=300).get("ok") is None
    assert VerdictCache(tmp_path / "c.sqlite", clock=clock, max_age=3600).get("ok") is not None


def test_corrupt_file_is_reported_and_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    warnings: list[str] = []
    cache = VerdictCache(path, warn=warnings.append)
    cache.put("ok", OK)
    assert cache.get("ok") is not None
    assert len(warnings) == 1 and "unreadable" in warnings[0]
    assert [p.name.startswith("c.sqlite.corrupt-") for p in tmp_path.iterdir() if p.name != "c.sqlite" and
            not p.name.endswith(("-wal", "-shm"))] == [True]


def test_foreign_database_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE accounts (id INTEGER)")
        db.execute("INSERT INTO accounts VALUES (42)")
    db.close()
    warnings: list[str] = []
    VerdictCache(path, warn=warnings.append).put("ok", OK)
    assert warnings and "not an auditor cache" in warnings[0]
    (aside,) = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    with sqlite3.connect(aside) as db:
        assert db.execute("SELECT id FROM accounts").fetchall() == [(42,)]
    db.close()


def _writer(path: str, worker: int) -> None:
    cache = VerdictCache(Path(path))
    for i in range(200):
        cache.put(f"link:https://example.com/{worker}/{i}", OK)
        cache.get(f"link:https://example.com/{1 - worker}/{i}")
    cache.close()


def test_two_runs_sharing_the_cache_at_once(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(path), w)) for w in (0, 1)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM verdicts").fetchone() == (400,)
    db.close()


def test_a_locked_cache_is_left_alone_and_the_run_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    VerdictCache(path).put("ok", OK)
    holder = sqlite3.connect(path, timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    warnings: list[str] = []
    cache = VerdictCache(path, warn=warnings.append, timeout=0.2)
    try:
        cache.put("other", OK)  # nothing raised, nothing kept
        assert cache.get("other") is None
    finally:
        holder.rollback()
        holder.close()
        cache.close()
    assert warnings and "cannot be used now" in warnings[0]
    assert sorted(p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name) == []
    assert VerdictCache(path).get("ok") is not None  # the shared cache survived


def _create_and_write(path: str, worker: int, start: float) -> None:
    while time.time() < start:  # every process opens the new cache at the same instant
        pass
    cache = VerdictCache(Path(path), warn=lambda message: sys.exit(f"warned: {message}"))
    for i in range(20):
        cache.put(f"link:https://example.com/{worker}/{i}", OK)
    cache.close()


def test_eight_runs_creating_a_new_cache_at_once_never_take_it_for_a_foreign_one(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    for trial in range(8):
        path = tmp_path / f"c{trial}.sqlite"
        start = time.time() + 0.3
        procs = [ctx.Process(target=_create_and_write, args=(str(path), w, start)) for w in range(8)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        assert [p.exitcode for p in procs] == [0] * 8, f"trial {trial}"
        assert not [p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name]
        with sqlite3.connect(path) as db:
            assert db.execute("SELECT count(*) FROM verdicts").fetchone() == (160,)
        db.close()


def test_a_cache_from_a_newer_version_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    VerdictCache(path).put("ok", OK)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version=99")
    db.close()
    warnings: list[str] = []
    cache = VerdictCache(path, warn=warnings.append)
    assert cache.get("ok") is None
    cache.put("other", OK)
    cache.close()
    assert warnings and "written by a newer auditor (schema 99)" in warnings[0]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (99,)
        assert db.execute("SELECT key FROM verdicts").fetchall() == [("ok",)]
    db.close()


def test_a_corrupt_cache_that_cannot_be_moved_aside_is_left_and_the_run_goes_on(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not a database" * 100)

    def read_only(self: Path, target: object) -> Path:
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(Path, "replace", read_only)  # as root, a read-only folder cannot be made here
    warnings: list[str] = []
    cache = VerdictCache(path, warn=warnings.append)
    cache.put("ok", OK)
    assert cache.get("ok") is None
    cache.close()
    assert len(warnings) == 1 and "cannot be moved aside (Read-only file system); checking without it" in warnings[0]
