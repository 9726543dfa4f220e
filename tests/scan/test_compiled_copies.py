"""What the scanner compiles on every start (its regular expressions, the public suffix list) is kept in the
cache folder after the first run: a run that reads it back must find exactly what a run that compiles finds."""

from __future__ import annotations

import json
import marshal
import os
import re
import stat
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest

from auditor.scan import compiled, patterns, suffixes

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "tests" / "corpus" / "articles").iterdir())[:40]

# A run's imports, then what it compiled and whether any pattern was missing from the copy.
PROBE = ("import auditor.scan.article, auditor.scan.html; from auditor.scan import patterns; "
         "print(len(patterns._used), patterns._missing)")


def _probe(cache: Path) -> tuple[int, bool]:
    env = {**os.environ, "AUDITOR_CACHE_DIR": str(cache)}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True).stdout
    used, missing = out.split()
    return int(used), missing == "True"


def _copies(cache: Path, kind: str) -> list[Path]:
    return sorted(cache.glob(f"{kind}-*.marshal"))


def _scan(cache: str, tmp_path: Path) -> Any:
    env = {**os.environ, "AUDITOR_CACHE_DIR": cache}
    out = tmp_path / "run.json"
    subprocess.run([sys.executable, "-m", "auditor", "scan", *map(str, ARTICLES), "-f", "json", "-o", str(out),
                    "-q", "--jobs", "1"], env=env, capture_output=True, check=False)
    report = json.loads(out.read_text(encoding="utf-8"))
    report["meta"].pop("generated_at")
    return report


def test_the_first_run_keeps_every_pattern_and_the_next_compiles_none(tmp_path: Path) -> None:
    used, missing = _probe(tmp_path)
    assert missing and used > 150  # the scanner's own patterns, the outlet grammar's among them
    [copy] = _copies(tmp_path, "patterns")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    written = copy.stat().st_mtime_ns
    assert _probe(tmp_path) == (used, False)  # every one read back
    assert copy.stat().st_mtime_ns == written  # and nothing written again


def test_each_program_kept_is_the_one_the_compiler_makes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _probe(tmp_path)
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    kept = patterns._read()
    assert len(kept) > 150
    for (pattern, flags), program in kept.items():
        fresh, again = patterns._compile(pattern, flags)
        assert again == program, pattern[:80]
        ordinary = re.compile(pattern, flags)
        assert (fresh.flags, fresh.groups, fresh.groupindex) == (ordinary.flags, ordinary.groups, ordinary.groupindex)


def test_patterns_read_back_match_as_the_ordinary_ones_do() -> None:
    text = "According to the Russian news agency RIA, a Telegram post by @SkyNews said so — Sky News, June 24, 2023."
    for source, flags in [(r"(?P<cue>according\s+to)\s+(?:the\s+)?(?P<rest>[\w\s]+)", re.IGNORECASE),
                          (r"@(\w+)", 0), (r"(?<=\s)[A-Z]{2,}(?!\w)", 0), (r"\b(?:post|tweet)\b", re.I | re.M)]:
        made, program = patterns._compile(source, int(flags))
        assert program is not None
        again = patterns._sre.compile(source, *program)
        ordinary = re.compile(source, flags)
        for candidate in (made, again):
            assert [m.groupdict() or m.groups() or m.group(0) for m in candidate.finditer(text)] == \
                   [m.groupdict() or m.groups() or m.group(0) for m in ordinary.finditer(text)]
            assert candidate.pattern == source and candidate.flags == ordinary.flags


@pytest.mark.parametrize("damage", ["garbage", "not a dict", "a program the engine refuses"])
def test_a_damaged_copy_is_compiled_again_and_replaced(tmp_path: Path, damage: str) -> None:
    used, _ = _probe(tmp_path)
    [copy] = _copies(tmp_path, "patterns")
    if damage == "garbage":
        copy.write_bytes(b"\x00\x01garbage")
    else:
        if damage == "not a dict":
            payload = marshal.dumps(["patterns"])
        else:  # a checksum that holds over a program that does not: the engine checks a program before it runs it
            kept = marshal.loads(copy.read_bytes()[4:])
            kept = {key: (flags, [999999, *code[1:]], groups, index, names)
                    for key, (flags, code, groups, index, names) in kept.items()}
            payload = marshal.dumps(kept)
        copy.write_bytes(zlib.crc32(payload).to_bytes(4, "big") + payload)
    os.chmod(copy, 0o600)
    assert _probe(tmp_path) == (used, True)  # compiled the ordinary way
    assert _probe(tmp_path) == (used, False)  # and the copy written whole again


def test_a_scan_reads_the_same_with_no_copy_a_new_one_and_an_old_one(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    none = _scan("", tmp_path)
    first = _scan(str(cache), tmp_path)
    assert {p.name.split("-")[0] for p in cache.iterdir()} == {"gazetteer", "patterns", "suffixes"}
    again = _scan(str(cache), tmp_path)
    assert none == first == again
    assert sum(len(a["outlets"]) for a in none["articles"]) > 20


def test_the_suffix_list_read_back_is_the_one_read_from_the_list(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    suffixes._nodes.cache_clear()
    try:
        built = suffixes._nodes()
        [copy] = _copies(tmp_path, "suffixes")
        suffixes._nodes.cache_clear()
        read = suffixes._nodes()
        assert read == built and read is not built and len(read) > 6000
        assert suffixes.registered_domain("news.bbc.co.uk") == "bbc.co.uk"
        copy.write_bytes(b"spoilt")  # a bad copy: the list is read again
        suffixes._nodes.cache_clear()
        assert suffixes._nodes() == built
    finally:
        suffixes._nodes.cache_clear()


def test_copies_are_not_kept_without_a_cache_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITOR_CACHE_DIR", "")
    assert compiled.copy_path("patterns", version="x") is None
    assert patterns._path() is None


def test_another_versions_patterns_stay_in_the_copy_beside_this_ones(tmp_path: Path) -> None:
    used, _ = _probe(tmp_path)
    [copy] = _copies(tmp_path, "patterns")
    kept = marshal.loads(copy.read_bytes()[4:])
    ours = next(iter(kept))
    del kept[ours]  # this version now misses one of its own
    theirs = ("another version's (?P<word>pattern)", 0)
    kept[theirs] = patterns._compile(*theirs)[1]
    payload = marshal.dumps(kept)
    copy.write_bytes(zlib.crc32(payload).to_bytes(4, "big") + payload)
    assert _probe(tmp_path) == (used, True)
    again = marshal.loads(copy.read_bytes()[4:])
    assert ours in again and theirs in again and len(again) == used + 1


def test_a_run_over_a_pool_of_workers_keeps_the_patterns_for_the_next(tmp_path: Path) -> None:
    env = {**os.environ, "AUDITOR_CACHE_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-m", "auditor", "scan", *map(str, ARTICLES), "-f", "json", "-o",
                    str(tmp_path / "run.json"), "-q", "--jobs", "2"], env=env, capture_output=True, check=False)
    used, missing = _probe(tmp_path)
    assert used > 150 and not missing


def test_entries_looked_up_by_threads_at_once_are_one_object_each(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from auditor.scan.gazetteer import Gazetteer, _shipped_gazetteer

    built = _shipped_gazetteer()
    for _ in range(3):
        read = Gazetteer.from_state(marshal.loads(marshal.dumps(built.state())))
        aliases = list(read.by_alias)[::7]
        seen: list[list[object]] = [[] for _ in range(6)]
        start = threading.Barrier(len(seen))

        def look(out: list[object], gazetteer: Gazetteer = read, names: list[str] = aliases,
                 barrier: threading.Barrier = start) -> None:
            barrier.wait()
            out.extend(gazetteer.by_alias[name] for name in names)

        threads = [threading.Thread(target=look, args=(out,)) for out in seen]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for column in zip(*seen, strict=True):
            assert all(entry is column[0] for entry in column)
