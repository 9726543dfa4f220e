"""The shipped gazetteer is read by a fast path: it must give the very entries the checked reader gives."""

from __future__ import annotations

import json
from importlib import resources

from auditor.scan.gazetteer import _shipped_entry, entry_from_json


def test_the_fast_reader_gives_the_checked_readers_entries() -> None:
    raw = json.loads(resources.files("auditor.data").joinpath("outlets.json").read_text(encoding="utf-8"))["outlets"]
    assert len(raw) > 19000
    assert [_shipped_entry(item) for item in raw] == [entry_from_json(item) for item in raw]
