"""Every registered format renders; each has a golden file, timestamps scrubbed."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from auditor.model import Meta, Report
from auditor.pipeline import audit
from auditor.report import FORMATS, RenderOptions, render
from tests.conftest import ROOT

GOLDEN = Path(__file__).parent / "golden"
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


@pytest.fixture(scope="module")
def seeds_report() -> Report:
    cwd = os.getcwd()
    os.chdir(ROOT)  # paths in the report are as a user in the repository would type them
    try:
        report = audit(["seeds"])
    finally:
        os.chdir(cwd)
    return Report(Meta(generated_at="2026-01-01T00:00:00Z", version="0.1.0"), report.articles, report.errors)


def test_registry_lists_the_formats_the_cli_offers() -> None:
    assert {"text", "json"} <= set(FORMATS)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_matches_its_golden_file(seeds_report: Report, fmt: str) -> None:
    rendered = _TIMESTAMP.sub("<timestamp>", render(seeds_report, fmt))
    golden = GOLDEN / f"seeds.{fmt}"
    if os.environ.get("AUDITOR_UPDATE_EXPECTED"):
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8")


def test_unknown_format_is_refused(seeds_report: Report) -> None:
    with pytest.raises(ValueError, match="unknown format 'yaml'"):
        render(seeds_report, "yaml")


def test_text_colour_is_opt_in(seeds_report: Report) -> None:
    assert "\x1b[" not in render(seeds_report, "text")
    coloured = render(seeds_report, "text", RenderOptions(color=True))
    assert "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == render(seeds_report, "text")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("to", ["file", "stdout"])
def test_half_a_character_pair_in_a_pages_data_is_written_as_the_replacement_character(fmt: str, to: str,
                                                                                     tmp_path: Path) -> None:
    from click.testing import CliRunner

    from auditor.cli import main

    page = tmp_path / "storm.html"  # the page's JSON-LD escapes half a pair alone: valid JSON, no character
    page.write_text('<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": '
                    '"Storm \\ud800 warning"}</script></head><body><article><p>According to Reuters, the storm '
                    'reached the coast on Sunday and cut power to thousands of homes.</p></article></body></html>',
                    encoding="utf-8")
    out = tmp_path / f"report.{fmt}"
    args = ["scan", str(page), "-f", fmt, "-q", "--exit-zero", "-o", str(out) if to == "file" else "-"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8") if to == "file" else result.output
    assert "\ud800" not in written
    if fmt in ("json", "text", "markdown", "html"):
        assert "Storm \ufffd warning" in written or "Storm \\ufffd warning" in written
