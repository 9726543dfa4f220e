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
from auditor.report import FORMATS, htmlreport, render, render_chunks
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
def test_every_format_renders_the_same_from_disk(report: Report, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(htmlreport, "_PIECE", 2000)  # the HTML page's pieces: small, so that there are many
    monkeypatch.setattr(htmlreport, "PAGE_SIZE", 4)  # and pages of articles read from disk as their turn comes
    spilled = replace(report, articles=ArticleSpool(report.articles, in_memory=2))
    expected = render(report, fmt)
    assert render(spilled, fmt) == expected
    pieces = list(render_chunks(spilled, fmt))
    assert "".join(pieces) == expected
    # every format is written in pieces, never held whole: an article at a time, the HTML page as rendered
    if fmt == "html":
        assert len(pieces) > len(expected) // 20_000 and all(len(p) >= 2000 for p in pieces[:-1])
        assert expected.count('class="packed"') == -(-len(report.articles) // 4) - 1
    else:
        assert len(pieces) > len(spilled.articles) // 2


@pytest.mark.parametrize("articles", [0, 1, 5])
def test_the_json_written_in_pieces_is_the_json_written_whole(report: Report, articles: int) -> None:
    part = replace(report, articles=ArticleSpool(tuple(report.articles)[:articles], in_memory=1))
    whole = json.dumps(to_json_dict(part), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    pieces = list(render_chunks(part, "json"))
    assert "".join(pieces) == whole
    assert len(pieces) == articles + 2  # the frame, then an article at a time
    assert json.loads(whole)["errors"], "the run has an unreadable file"


def test_a_large_run_spills_to_an_unnamed_file_and_reports_as_if_in_memory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    whole = render(audit([str(ROOT / "tests/fixtures/articles")]), "json")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr("auditor.spool.IN_MEMORY", 2)
    report = audit([str(ROOT / "tests/fixtures/articles")])
    assert isinstance(report.articles, ArticleSpool) and report.articles._file is not None  # it did spill
    assert list(tmp_path.iterdir()) == []  # unnamed: nothing is left behind, however the run ends
    assert render(report, "json").split('"meta"')[0] == whole.split('"meta"')[0]


def test_a_temporary_folder_that_takes_nothing_keeps_the_articles_in_memory(
        report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    articles = tuple(report.articles)
    spool = ArticleSpool(articles[:3], in_memory=1)
    assert spool._file is not None

    def full(*args: object, **kwargs: object) -> object:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(spool._file, "write", full)  # the disk fills up midway
    for article in articles[3:]:
        spool.append(article)
    assert tuple(spool) == articles and len(spool) == len(articles) and spool[-1] == articles[-1]
    monkeypatch.setattr(tempfile, "TemporaryFile", full)  # or cannot even be written
    late = ArticleSpool(articles, in_memory=1)
    assert tuple(late) == articles and late[2] == articles[2]


def test_an_empty_run_still_gives_a_whole_document_in_every_streamed_format() -> None:
    import xml.etree.ElementTree as ET

    empty = Report(Meta(generated_at="2026-01-01T00:00:00Z", version="0.1.0"), ArticleSpool())
    suites = ET.fromstring("".join(render_chunks(empty, "junit")))
    assert suites.get("tests") == "0" and suites.find("testsuite") is not None
    assert json.loads(render(empty, "json"))["articles"] == []
    assert json.loads(render(empty, "sarif"))["runs"][0]["results"] == []
    assert render(empty, "csv").count("\n") == 1  # the header alone


def test_a_value_spelling_the_placeholders_does_not_move_the_lists(report: Report) -> None:
    from dataclasses import replace as changed

    first = report.articles[0]
    odd = changed(first, findings=tuple(changed(f, rule="\0results\0", message="\0articles\0") for f in first.findings),
                  title="\0articles\0")
    crafted = changed(report, articles=(odd, *tuple(report.articles)[1:]))
    assert first.findings, "the first article has findings to rename"
    assert json.loads(render(crafted, "json"))["articles"][0]["title"] == "\0articles\0"
    results = json.loads(render(crafted, "sarif"))["runs"][0]["results"]
    assert isinstance(results, list) and results[0]["ruleId"] == "\0results\0"
