"""The shipped gazetteer is read by a fast path, and after the first run from a compiled copy: both must give\nwhat the checked reader and a fresh build give."""

from __future__ import annotations

import json
import marshal
import os
import stat
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from auditor.scan.compiled import cache_dir
from auditor.scan.gazetteer import Gazetteer, _shipped_entry, _shipped_gazetteer, entry_from_json


def test_the_fast_reader_gives_the_checked_readers_entries() -> None:
    raw = json.loads(resources.files("auditor.data").joinpath("outlets.json").read_text(encoding="utf-8"))["outlets"]
    assert len(raw) > 19000
    assert [_shipped_entry(item) for item in raw] == [entry_from_json(item) for item in raw]


# The compiled copy: a run reads the gazetteer from the cache folder when an earlier run wrote it there.


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(folder))
    _shipped_gazetteer.cache_clear()
    yield folder
    _shipped_gazetteer.cache_clear()


def _built() -> Gazetteer:
    data = resources.files("auditor.data").joinpath("outlets.json").read_bytes()
    return Gazetteer([_shipped_entry(item) for item in json.loads(data)["outlets"]])


def _same(a: Gazetteer, b: Gazetteer) -> None:
    assert a.entries == b.entries
    for table in ("by_alias", "by_handle", "by_domain", "by_telegram", "by_language", "platforms", "agencies"):
        assert getattr(a, table) == getattr(b, table), table
    assert a.strict == b.strict and a.domains == b.domains
    text = ("Moscow, 3 June /ТАСС/. REUTERS reported, as did the Athens News Agency, Spiegel-Informationen and "
            "RIA Novosti, citing Interfax and Le Monde; told the Times that dpa/AFP and a WABC-TV crew saw it.")
    assert [m.span() for m in a.names.finditer(text)] == [m.span() for m in b.names.finditer(text)]
    assert len(list(a.names.finditer(text))) >= 8


def _compiled(folder: Path) -> list[Path]:
    return sorted(folder.glob("gazetteer-*.marshal"))


def test_a_compiled_copy_gives_back_the_gazetteer_it_was_made_from() -> None:
    built = _built()
    _same(Gazetteer.from_state(marshal.loads(marshal.dumps(built.state()))), built)


def test_the_first_run_writes_the_compiled_copy_and_the_next_reads_it(cache: Path) -> None:
    first = _shipped_gazetteer()
    [path] = _compiled(cache)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # this user's alone
    _shipped_gazetteer.cache_clear()
    before = path.stat().st_mtime_ns
    second = _shipped_gazetteer()
    assert second is not first and path.stat().st_mtime_ns == before  # read, not written again
    assert second.from_copy and not first.from_copy
    _same(second, _built())


def test_a_copy_that_cannot_be_trusted_or_read_is_built_again(cache: Path) -> None:
    _shipped_gazetteer()
    [path] = _compiled(cache)
    good = path.read_bytes()
    built = _built()
    for spoil in ("truncate", "other-writable", "fifo", "symlink", "garbage", "flipped", "flipped-name"):
        path.unlink()
        if spoil == "fifo":
            os.mkfifo(path)  # opening it for reading would wait for a writer forever
        elif spoil == "symlink":
            (cache / "elsewhere").write_bytes(good)
            path.symlink_to(cache / "elsewhere")
        elif spoil.startswith("flipped"):  # one byte of a written copy changed: in the automaton, or in a name
            data = bytearray(good)
            at = data.index(b"Reuters") + 4 if spoil == "flipped-name" else len(data) * 3 // 4
            data[at] ^= 0x3C
            path.write_bytes(bytes(data))
            path.chmod(0o600)
        else:
            path.write_bytes({"truncate": good[: len(good) // 2], "garbage": b"\x00not marshal"}.get(spoil, good))
            path.chmod(0o666 if spoil == "other-writable" else 0o600)
        _shipped_gazetteer.cache_clear()
        again = _shipped_gazetteer()
        assert not again.from_copy, spoil  # built, not read
        _same(again, built)
        assert stat.S_ISREG(path.lstat().st_mode) and stat.S_IMODE(path.stat().st_mode) == 0o600, spoil


def test_the_newest_copies_of_other_outlets_or_code_are_kept_and_older_ones_removed(cache: Path) -> None:
    cache.mkdir()
    others = [cache / f"gazetteer-{n:032x}.marshal" for n in range(5)]
    for age, other in enumerate(others):  # two installs sharing the folder keep each other's copy
        other.write_bytes(b"old")
        os.utime(other, (1_000_000 + age, 1_000_000 + age))
    (cache / "urls.sqlite").write_bytes(b"not ours to remove")
    abandoned, writing = cache / ".gazetteer-killed.tmp", cache / ".gazetteer-writing.tmp"
    abandoned.write_bytes(b"a writer killed long ago")
    os.utime(abandoned, (1_000_000, 1_000_000))
    writing.write_bytes(b"another run writing now")
    _shipped_gazetteer()
    assert len(_compiled(cache)) == 4 and (cache / "urls.sqlite").exists()
    assert [o.exists() for o in others] == [False, False, True, True, True]
    assert not abandoned.exists() and writing.exists()


def test_a_folder_that_cannot_be_written_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(blocker / "cache"))
    _shipped_gazetteer.cache_clear()
    try:
        _same(_shipped_gazetteer(), _built())
    finally:
        _shipped_gazetteer.cache_clear()
    assert blocker.read_text() == "not a folder" and not list(tmp_path.glob("**/gazetteer-*"))


def test_an_empty_cache_setting_keeps_nothing_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITOR_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_dir() is None
    _shipped_gazetteer.cache_clear()
    try:
        _shipped_gazetteer()
    finally:
        _shipped_gazetteer.cache_clear()
    assert not list(tmp_path.glob("**/gazetteer-*"))


def test_the_cache_folder_follows_the_xdg_rules(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("AUDITOR_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "auditor"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # ignored, as the specification says
    assert cache_dir() == tmp_path / "home" / ".cache" / "auditor"
