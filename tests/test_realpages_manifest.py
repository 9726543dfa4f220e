"""The real-page manifest and its labels agree (the pages themselves are not in the repository)."""

from __future__ import annotations

import json
import re
from pathlib import Path

REALPAGES = Path(__file__).resolve().parent / "realpages"


def test_every_label_names_a_page_of_the_manifest_and_ids_are_unique() -> None:
    pages = json.loads((REALPAGES / "manifest.json").read_text(encoding="utf-8"))["pages"]
    ids = [p["id"] for p in pages]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[0-9a-f]{40}", p["sha1"]) and re.fullmatch(r"[0-9a-f]{40}", p["commit"]) for p in pages)
    for folder in ("labels", "labels-heldout", "labels-embeds", "labels-links", "labels-links-heldout"):
        stray = [p.stem for p in (REALPAGES / folder).glob("*.json") if p.stem not in set(ids)]
        assert stray == [], folder
    chosen = (REALPAGES / "embed_pages.txt").read_text(encoding="utf-8").split()
    assert set(chosen) <= set(ids)
