"""--baseline: findings new or persisting by fingerprint (lines may move), fixed ones listed, only new ones fail."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from auditor.cli import main

STORY = """Markets fell on Monday. Readers were sent to https://bit.ly/3xYzAbC for the figures, Reuters reported.

{extra}The harbour was closed all day, one local account posted.

Boats stayed in port all day. #storm

— Harbour Watch (@harbourwatch) June 24, 2023
"""
"""A short link in the text (a warning) and a pasted post with no link to it (a warning)."""
NEW_POST = "Cranes stopped at noon.\n\n— Quay Cams (@quaycams) June 25, 2023\n\n"


def run(tmp_path: Path, name: str, text: str, *args: str) -> tuple[int, dict[str, Any], str]:
    article = tmp_path / "archive" / "story.txt"
    article.parent.mkdir(exist_ok=True)
    article.write_text(text, encoding="utf-8")
    out = tmp_path / f"{name}.json"
    result = CliRunner().invoke(main, ["scan", str(tmp_path / "archive"), "-f", "json", "-o", str(out), "-q", *args])
    return result.exit_code, json.loads(out.read_text(encoding="utf-8")), result.stderr


def test_lines_moved_above_a_finding_leave_it_persisting_and_only_new_ones_fail(tmp_path: Path, validate: Any) -> None:
    code, last, _ = run(tmp_path, "last", STORY.format(extra=""), "--fail-on", "warning")
    assert code == 1 and len(last["articles"][0]["findings"]) == 2
    assert all(f["fingerprint"] and f["baseline"] is None for f in last["articles"][0]["findings"])
    # three paragraphs added at the top: every line moves, nothing is new
    moved = "Update: the exchange reopened.\n\nMore to follow.\n\nAnd more.\n\n" + STORY.format(extra="")
    code, tonight, _ = run(tmp_path, "tonight", moved, "--fail-on", "warning", "--baseline", str(tmp_path / "last.json"))
    validate(json.dumps(tonight))
    findings = tonight["articles"][0]["findings"]
    assert [f["baseline"] for f in findings] == ["persisting", "persisting"]
    assert [f["line"] for f in findings] != [f["line"] for f in last["articles"][0]["findings"]]
    assert code == 0  # nothing new
    assert tonight["summary"]["baseline"] == {"new": 0, "persisting": 2, "fixed": 0}
    strict = CliRunner().invoke(main, ["report", str(tmp_path / "tonight.json"), "-f", "json", "--fail-on", "warning",
                                       "--baseline", str(tmp_path / "last.json"), "--fail-on-persisting"])
    assert strict.exit_code == 1


def test_a_new_finding_fails_and_a_fixed_one_is_listed_in_every_format(tmp_path: Path) -> None:
    run(tmp_path, "last", STORY.format(extra=""))
    # the short link is expanded (fixed); a second pasted post appears (new)
    fixed = STORY.format(extra=NEW_POST).replace("https://bit.ly/3xYzAbC", "https://stats.example/fall")
    code, tonight, _ = run(tmp_path, "tonight", fixed, "--fail-on", "warning", "--baseline", str(tmp_path / "last.json"))
    assert code == 1
    marks = {f["message"].split(" carries")[0]: f["baseline"] for f in tonight["articles"][0]["findings"]}
    assert marks == {"Post by Quay Cams (@quaycams)": "new", "Post by Harbour Watch (@harbourwatch)": "persisting"}
    assert [f["rule"] for f in tonight["baseline"]["fixed"]] == ["unexpanded-shortener"]
    tonight_path, last_path = str(tmp_path / "tonight.json"), str(tmp_path / "last.json")
    for fmt, shows in (("text", "1 new, 1 persisting, 1 fixed"), ("markdown", "### Fixed since the baseline"),
                       ("html", "Fixed since the baseline")):
        rendered = CliRunner().invoke(main, ["report", tonight_path, "-f", fmt, "--baseline", last_path, "--exit-zero"])
        assert rendered.exit_code == 0 and shows in rendered.stdout, fmt
        assert "unexpanded-shortener" in rendered.stdout


def test_the_first_night_has_no_baseline_yet(tmp_path: Path) -> None:
    code, tonight, _ = run(tmp_path, "tonight", STORY.format(extra=""), "--baseline", str(tmp_path / "none.json"),
                                "--fail-on", "warning")
    assert code == 1 and {f["baseline"] for f in tonight["articles"][0]["findings"]} == {"new"}
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(main, ["scan", str(tmp_path / "archive"), "--baseline", str(broken)])
    assert result.exit_code == 3 and "the baseline" in result.stderr


def test_articles_the_run_left_out_fix_nothing(tmp_path: Path) -> None:
    run(tmp_path, "last", STORY.format(extra=""))
    other = tmp_path / "elsewhere.txt"
    other.write_text("The council meets on Tuesday, Reuters reported.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["scan", str(other), "-f", "json", "--baseline", str(tmp_path / "last.json")])
    assert json.loads(result.stdout)["baseline"]["fixed"] == []


def test_the_same_folder_spelled_another_way_is_the_same_baseline(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    run(tmp_path, "last", STORY.format(extra=""))  # scanned as an absolute path
    for spelled in ("archive", "./archive/", str(tmp_path / "archive")):
        result = CliRunner().invoke(main, ["scan", spelled, "-f", "json", "-q", "--baseline", "last.json",
                                           "--fail-on", "warning"])
        assert result.exit_code == 0, spelled
        assert json.loads(result.stdout)["summary"]["baseline"] == {"new": 0, "persisting": 2, "fixed": 0}, spelled


def test_republished_copies_sharing_a_canonical_address_are_two_articles(tmp_path: Path) -> None:
    page = ('<html><head><title>T</title><link rel="canonical" href="https://news.example/story"></head><body>'
            '<p>Fares rise, readers were told at <a href="{link}">{link}</a> on Monday.</p></body></html>')
    folder = tmp_path / "copies"
    folder.mkdir()
    (folder / "a.html").write_text(page.format(link="https://bit.ly/same1"), encoding="utf-8")
    (folder / "b.html").write_text(page.format(link="https://bit.ly/same1"), encoding="utf-8")
    last = tmp_path / "last.json"
    CliRunner().invoke(main, ["scan", str(folder), "-f", "json", "-q", "-o", str(last)])
    marks = [a["findings"][0]["fingerprint"] for a in json.loads(last.read_text(encoding="utf-8"))["articles"]]
    assert len(set(marks)) == 2
    (folder / "a.html").write_text(page.format(link="https://fares.example/june"), encoding="utf-8")
    result = CliRunner().invoke(main, ["scan", str(folder), "-f", "json", "-q", "--baseline", str(last)])
    assert json.loads(result.stdout)["summary"]["baseline"] == {"new": 0, "persisting": 1, "fixed": 1}


def test_a_baseline_that_is_no_run_stops_the_scan_before_it_starts(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Fares rise, AFP reported.\n", encoding="utf-8")
    a = tmp_path / "a.json"
    CliRunner().invoke(main, ["scan", str(article), "-f", "json", "-q", "-o", str(a)])
    diff = tmp_path / "diff.json"
    CliRunner().invoke(main, ["diff", str(a), str(a), "-f", "json", "-o", str(diff)])
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["scan", str(article), "--baseline", str(diff), "-f", "json", "-o", str(out)])
    assert result.exit_code == 3 and "not a run's JSON report" in result.stderr
    assert not out.exists() and "scanning" not in result.stderr


def test_a_baseline_whose_name_is_not_utf8_is_named_in_every_format(tmp_path: Path) -> None:
    import os

    run(tmp_path, "last", STORY.format(extra=""))
    odd = os.fsencode(tmp_path) + b"/last-\xff.json"
    os.rename(tmp_path / "last.json", odd)
    for fmt in ("json", "sarif", "text", "html"):
        out = tmp_path / f"tonight.{fmt}"
        result = CliRunner().invoke(main, ["scan", str(tmp_path / "archive"), "-f", fmt, "-o", str(out), "-q",
                                           "--baseline", os.fsdecode(odd), "--exit-zero"])
        assert result.exit_code == 0, (fmt, result.output)
        text = out.read_text(encoding="utf-8")
        if fmt == "json":
            text = json.loads(text)["baseline"]["source"]
        elif fmt == "sarif":
            text = json.loads(text)["runs"][0]["properties"]["baseline"]
        assert "last-\\xff.json" in text, fmt
