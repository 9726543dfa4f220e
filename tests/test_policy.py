"""--fail-on: severities, rules, verdicts and reasons; what exits 1, what never does unless named."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.model import Check, Hop, Meta, Report, Severity, to_json_dict
from auditor.policy import Policy, parse_policy
from auditor.scan import scan_article
from auditor.scan.findings import findings_for

ARTICLE = b"""<html><head><title>Flood</title></head><body><article>
<p>The river burst its banks overnight, the city said in a <a href="https://city.example/flood">statement</a>, and
<a href="https://gauges.example/river/7">the gauge</a> read 6.2 metres at dawn.</p>
<blockquote class="twitter-tweet"><p>Stay away from the old port.</p>&mdash; City Hall (@cityhall_example)
<a href="https://twitter.com/cityhall_example/status/1672523486418079745">June 24, 2023</a></blockquote>
</article></body></html>"""


def resolved_run(tmp_path: Path, verdicts: dict[str, Check]) -> Path:
    """A saved JSON run whose links and post were judged as ``verdicts`` says (by URL); findings derived again."""
    article = scan_article("flood.html", ARTICLE)
    article = replace(article,
                      links=tuple(replace(link, check=verdicts.get(link.url, Check("ok", None, 200, link.url)))
                                  for link in article.links),
                      tweets=tuple(replace(t, check=verdicts.get(t.url or "", Check("ok", None, 200, t.url)))
                                   for t in article.tweets))
    article = replace(article, findings=findings_for(article))
    path = tmp_path / "run.json"
    path.write_text(json.dumps(to_json_dict(Report(Meta("2026-01-01T00:00:00Z", True), (article,)))), encoding="utf-8")
    return path


POST = "https://twitter.com/cityhall_example/status/1672523486418079745"
DELETED = Check("broken", "tweet-deleted", 404, POST, (Hop("https://publish.twitter.com/oembed?url=x", 404),))
TIMEOUT = Check("unverifiable", "timeout", None, None, (Hop("https://gauges.example/river/7", None),))
GONE = Check("broken", "http-404", 404, "https://city.example/flood", (Hop("https://city.example/flood", 404),))


@pytest.mark.parametrize(("fail_on", "verdicts", "code"), [
    ("error", {POST: DELETED}, 1),                 # a broken post is an error
    ("error", {"https://gauges.example/river/7": TIMEOUT}, 0),
    ("info", {"https://gauges.example/river/7": TIMEOUT}, 0),  # could not check: never fails unless named
    ("unverifiable", {"https://gauges.example/river/7": TIMEOUT}, 1),
    ("timeout", {"https://gauges.example/river/7": TIMEOUT}, 1),
    ("unverifiable-link", {"https://gauges.example/river/7": TIMEOUT}, 1),
    ("tweet-deleted", {POST: DELETED}, 1),
    ("tweet-deleted", {"https://city.example/flood": GONE}, 0),  # broken, but not a deleted post
    ("http-404", {"https://city.example/flood": GONE}, 1),
    ("broken", {"https://city.example/flood": GONE}, 1),
    ("broken-link,tweet-deleted", {}, 0),
    ("never", {POST: DELETED}, 0),
    ("no-cited-outlet", {POST: DELETED}, 0),       # a rule fails only on its own findings
])
def test_each_kind_of_name_fails_on_what_it_names(tmp_path: Path, fail_on: str, verdicts: dict[str, Check],
                                                   code: int) -> None:
    run = resolved_run(tmp_path, verdicts)
    result = CliRunner().invoke(main, ["report", str(run), "-f", "junit", "--fail-on", fail_on])
    assert result.exit_code == code, result.output
    assert ('failures="1"' in result.stdout) == (code == 1)  # JUnit fails the article on the same policy


def test_exit_zero_reports_without_failing(tmp_path: Path) -> None:
    run = resolved_run(tmp_path, {POST: DELETED})
    assert CliRunner().invoke(main, ["report", str(run), "-f", "json", "--exit-zero"]).exit_code == 0


def test_a_rule_fails_on_its_findings(tmp_path: Path) -> None:
    text = tmp_path / "note.txt"
    text.write_text("The council meets on Tuesday.\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["scan", str(text), "--fail-on", "no-cited-outlet", "-q"]).exit_code == 1
    assert CliRunner().invoke(main, ["scan", str(text), "--fail-on", "tweet-without-url", "-q"]).exit_code == 0


@pytest.mark.parametrize("bad", ["bogus", "error,bogus,worse", "never,error", ","])
def test_an_unknown_name_is_a_usage_error_listing_the_valid_ones(bad: str) -> None:
    result = CliRunner().invoke(main, ["scan", "seeds", "--fail-on", bad])
    assert result.exit_code == 2
    if "bogus" in bad:
        assert "bogus" in result.output and "no-cited-outlet" in result.output and "tweet-deleted" in result.output


def test_parsing_keeps_the_weakest_severity_and_every_name() -> None:
    policy = parse_policy("error, warning ,broken-link,tweet-deleted,refused,http-410")
    assert policy == Policy(Severity.WARNING, frozenset({"broken-link"}), frozenset({"refused"}),
                            frozenset({"tweet-deleted", "http-410"}))
    assert parse_policy("never") == Policy(None)
    assert parse_policy("never").describe() == "never"


def test_each_exit_status_means_one_thing(tmp_path: Path) -> None:
    runner = CliRunner()
    clean = tmp_path / "clean.txt"
    clean.write_text("Dockers walked out on Tuesday, Reuters reported.\n", encoding="utf-8")
    bare = tmp_path / "bare.txt"
    bare.write_text("The council meets on Tuesday.\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert runner.invoke(main, ["scan", str(clean), "-q"]).exit_code == 0
    assert runner.invoke(main, ["scan", str(bare), "-q", "--fail-on", "warning"]).exit_code == 1
    assert runner.invoke(main, ["scan", str(clean), "--no-such-option"]).exit_code == 2
    assert runner.invoke(main, ["scan", str(clean), str(empty), "-q"]).exit_code == 3
    assert runner.invoke(main, ["scan", str(bare), str(empty), "-q", "--fail-on", "warning"]).exit_code == 3  # input first
    assert runner.invoke(main, ["scan", str(clean), "-q", "-o", str(tmp_path)]).exit_code == 4
    help_text = runner.invoke(main, ["scan", "--help"]).output
    documented = re.findall(r"^\s+(\d+)\s{2,}\S", help_text.split("Exit status:")[1].split("Options:")[0], re.MULTILINE)
    assert documented == ["0", "1", "2", "3", "4", "130"]


def test_github_says_fails_the_run_of_exactly_the_findings_that_do(tmp_path: Path) -> None:
    run = resolved_run(tmp_path, {"https://city.example/flood": GONE})
    for args, code in ((["--fail-on", "http-404"], 1), (["--fail-on", "broken"], 1), (["--fail-after", "3"], 0),
                       (["--fail-on", "http-999"], 0)):
        result = CliRunner().invoke(main, ["report", str(run), "-f", "github", *args])
        assert result.exit_code == code, args
        marked = [line for line in result.stdout.splitlines() if line.endswith("(fails the run)")]
        assert len(marked) == code, (args, result.stdout)
