"""Each sample article beside the tests gives exactly the sourcing recorded in its .expected.json.

Exact comparison is the point: an extra outlet (a false citation) fails as
surely as a missing one. To accept a deliberate change, rerun with
AUDITOR_UPDATE_EXPECTED=1 and review the diff of the .expected.json files.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from auditor.model import Article
from auditor.scan import scan_article
from tests.conftest import ARTICLES

CASES = sorted(p for p in ARTICLES.iterdir() if p.suffix in (".txt", ".html", ".htm", ".md"))


def project(article: Article) -> dict[str, Any]:
    """What an editor reads off a report, minus presentation."""
    return {
        "title": article.title,
        "date": article.date,
        "language": article.language,
        "outlets": [
            {"name": o.name, "kind": o.kind, "known": o.known,
             "mentions": [[m.matched, m.cue, m.line, m.account] for m in o.mentions]}
            for o in article.outlets
        ],
        "tweets": [
            {"form": t.form, "author": t.author, "handle": t.handle, "date": t.date, "status_id": t.status_id,
             "url": t.url, "line": t.line, "text": t.text, "links": list(t.links)}
            for t in article.tweets
        ],
        "embeds": [[e.platform, e.url, e.form, e.line] for e in article.embeds],
        "links": [[link.url, link.kind, link.domain, link.line, link.in_tweet] for link in article.links],
        "credits": [[c.name, c.matched, c.line] for c in article.credits],
        "findings": [[f.rule, f.severity.label, f.line] for f in article.findings],
    }


def _dump(value: Any, indent: str = "") -> str:
    """JSON with short lists of plain values on one line, so reviews read like a table."""
    inner = indent + "  "
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k)}: {_dump(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}" if items else "{}"
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            return json.dumps(value, ensure_ascii=False)
        return "[\n" + ",\n".join(inner + _dump(v, inner) for v in value) + "\n" + indent + "]"
    return json.dumps(value, ensure_ascii=False)


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_article_gives_expected_sourcing(path: Path) -> None:
    got = project(scan_article(str(path.relative_to(ARTICLES)), path.read_bytes()))
    expected_path = path.with_name(path.name + ".expected.json")
    if os.environ.get("AUDITOR_UPDATE_EXPECTED"):
        expected_path.write_text(_dump(got) + "\n", encoding="utf-8")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert got == expected


def test_every_fixture_has_expectations() -> None:
    assert len(CASES) >= 6
    missing = [p.name for p in CASES if not p.with_name(p.name + ".expected.json").exists()]
    assert missing == []
