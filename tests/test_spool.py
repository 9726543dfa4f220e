"""Large runs keep their articles on disk: the spool reads back what was written, and every format renders from
it exactly what it renders from the articles in memory."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from auditor.model import Meta, Report, to_json_dict
from auditor.pipeline import audit
from auditor.report import FORMATS, render, render_chunks
from auditor.spool import ArticleSpool
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def report() -> Report:
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        found = audit(["tests/fixtures/articles", "seeds", "tests/no-such-file.txt"])
    finally:
        os.chdir(here)
    return replace(found, meta=Meta(generated_at="2026-01-01T00:00:00Z", version="0.1.0"))


def test_the_spool_gives_back_each_article_in_order_from_memory_and_disk(report: Report) -> None:
    articles = tuple(report.articles)
    spool = ArticleSpool(articles, in_memory=3)
    assert len(spool) == len(articles) > 3
    assert tuple(spool) == articles and tuple(spool) == articles  # walked twice
    assert spool[0] == articles[0] and spool[-1] == articles[-1] and spool[4] == articles[4]
    assert tuple(spool[2:6]) == articles[2:6]
    assert spool == articles and articles == spool
    with pytest.raises(IndexError):
        spool[len(articles)]
    spool.close()


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_renders_the_same_from_disk(report: Report, fmt: str) -> None:
    spilled = replace(report, articles=ArticleSpool(report.articles, in_memory=2))
    expected = render(report, fmt)
    assert render(spilled, fmt) == expected
    assert "".join(render_chunks(spilled, fmt)) == expected


@pytest.mark.parametrize("articles", [0, 1, 5])
def test_the_json_written_in_pieces_is_the_json_written_whole(report: Report, articles: int) -> None:
    part = replace(report, articles=ArticleSpool(tuple(report.articles)[:articles], in_memory=1))
    whole = json.dumps(to_json_dict(part), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    pieces = list(render_chunks(part, "json"))
    assert "".join(pieces) == whole
    assert len(pieces) == articles + 2  # the frame, then an article at a time
    assert json.loads(whole)["errors"], "the run has an unreadable file"


def test_a_large_run_spills_to_an_unnamed_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr("auditor.spool.IN_MEMORY", 2)
    spool = ArticleSpool(tuple(audit([str(ROOT / "tests/fixtures/articles")]).articles))
    assert len(spool) > 2 and list(tmp_path.iterdir()) == []  # already unlinked: nothing left behind
    spool.close()


def test_an_empty_run_still_gives_a_whole_document_in_every_streamed_format() -> None:
    import xml.etree.ElementTree as ET

    from auditor.report import STREAMED

    empty = Report(Meta(generated_at="2026-01-01T00:00:00Z", version="0.1.0"), ArticleSpool())
    assert set(STREAMED) >= {"json", "text", "csv", "github", "sarif", "junit"}
    suites = ET.fromstring("".join(render_chunks(empty, "junit")))
    assert suites.get("tests") == "0" and suites.find("testsuite") is not None
    assert json.loads(render(empty, "json"))["articles"] == []
    assert json.loads(render(empty, "sarif"))["runs"][0]["results"] == []
    assert render(empty, "csv").count("\n") == 1  # the header alone
