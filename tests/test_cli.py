"""The command line as users meet it: paths, formats, output files, errors and exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from auditor import __version__
from auditor.cli import main
from auditor.scan.gazetteer import OUTLET_KINDS
from tests.conftest import ARTICLES, ROOT

SEED_000 = "000_d71e34fecafe3ed8.txt"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_scan_defaults_to_seeds(runner: CliRunner, in_repo: None) -> None:
    result = runner.invoke(main, ["scan"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"seeds/{SEED_000}" in out
    for expected in ("RIA Novosti (news agency)", '"RIA", according to', "BelTA (news agency)", '"Belta", reported',
                     '"Telegram" official account of the Belarusian presidency', "Sky News (broadcaster)",
                     "Sky News (@SkyNews) · 2023-06-24 · pasted-text", "https://t.co/X3flQUBL0r",
                     "no-cited-outlet", "2023-07-04"):
        assert expected in out
    assert "\x1b[" not in out  # no colour when not on a terminal


def test_colour_only_when_asked_or_on_a_terminal(runner: CliRunner, in_repo: None) -> None:
    assert "\x1b[" in runner.invoke(main, ["scan", "--color"], color=True).output


def test_json_report_is_valid_and_deterministic(runner: CliRunner, in_repo: None, validate: Any) -> None:
    first = runner.invoke(main, ["scan", "seeds", "--format", "json"])
    second = runner.invoke(main, ["scan", "seeds", "--format", "json"])
    assert first.exit_code == second.exit_code == 0
    data = validate(first.stdout)
    assert data["meta"]["format"] == 1 and data["meta"]["resolved"] is False and data["meta"]["version"] == __version__
    assert [a["path"] for a in data["articles"]] == [f"seeds/{SEED_000}", "seeds/004_8002d404a781e14f.txt"]
    assert data["summary"]["outlets"] == {"BelTA": 1, "RIA Novosti": 1, "Sky News": 1, "Telegram": 1}
    assert _without_timestamp(first.stdout) == _without_timestamp(second.stdout)
    assert list(json.loads(first.stdout)) == sorted(json.loads(first.stdout))


def _without_timestamp(text: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(text)
    del data["meta"]["generated_at"]
    return data


def test_every_fixture_report_validates_against_the_schema(runner: CliRunner, validate: Any) -> None:
    result = runner.invoke(main, ["scan", str(ARTICLES), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = validate(result.stdout)
    assert len(data["articles"]) >= 6 and data["errors"] == []


def test_output_file_is_written_whole_and_nothing_else_is_left(runner: CliRunner, in_repo: None, tmp_path: Path) -> None:
    target = tmp_path / "nested" / "seeds.json"
    result = runner.invoke(main, ["scan", "seeds/", "-f", "json", "-o", str(target)])
    assert result.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["articles"] == 2
    assert [p.name for p in target.parent.iterdir()] == ["seeds.json"]
    assert f"wrote json report of 2 articles to {target}" in result.stderr


def test_unwritable_output_exits_4(runner: CliRunner, in_repo: None, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(main, ["scan", "seeds/", "-o", str(blocker / "report.json")])
    assert result.exit_code == 4
    assert "auditor: error: cannot write" in result.stderr


def test_stdin(runner: CliRunner) -> None:
    text = (Path(ROOT) / "seeds" / SEED_000).read_bytes()
    result = runner.invoke(main, ["scan", "-", "-f", "json"], input=text)
    assert result.exit_code == 0
    (article,) = json.loads(result.stdout)["articles"]
    assert article["path"] == "-"
    assert [o["name"] for o in article["outlets"]] == ["RIA Novosti", "Telegram", "BelTA", "Sky News"]


def test_folders_are_walked_recursively_in_a_stable_order(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "deep" / "z.md").write_text("# Z\n\nOfficials told Reuters it was over.\n")
    (tmp_path / "a.html").write_text("<html><body><p>AFP reported it.</p></body></html>")
    (tmp_path / "b" / "notes.json").write_text("{}")
    (tmp_path / ".hidden" / "x.txt").write_text("TASS said so.")
    result = runner.invoke(main, ["scan", str(tmp_path), "-f", "json"])
    paths = [Path(a["path"]).relative_to(tmp_path).as_posix() for a in json.loads(result.stdout)["articles"]]
    assert paths == ["a.html", "b/deep/z.md"]


def test_a_broken_file_does_not_sink_the_run(runner: CliRunner, tmp_path: Path, validate: Any) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Officials told Reuters the talks had stalled.\n")
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00")
    missing = tmp_path / "missing.html"
    result = runner.invoke(main, ["scan", str(tmp_path), str(missing), "-f", "json"])
    assert result.exit_code == 3
    data = validate(result.stdout)
    assert [a["path"] for a in data["articles"]] == [str(good)]
    assert data["articles"][0]["outlets"][0]["name"] == "Reuters"
    assert [(e["path"], e["message"]) for e in data["errors"]] == [
        (str(tmp_path / "photo.txt"), "unsupported format: a PNG image; save the article as HTML or text"),
        (str(missing), "no such file or directory"),
    ]
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"auditor: error: {tmp_path / 'photo.txt'}: unsupported format: a PNG image; save the article as HTML or text",
        f"auditor: error: {missing}: no such file or directory",
    ]


def test_empty_folder_is_reported(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["scan", str(tmp_path)])
    assert result.exit_code == 3
    assert "no articles in this folder" in result.stderr


@pytest.mark.parametrize(("fail_on", "code"), [("error", 0), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on_policy(runner: CliRunner, in_repo: None, fail_on: str, code: int) -> None:
    assert runner.invoke(main, ["scan", "--fail-on", fail_on]).exit_code == code


def test_clean_article_passes_the_strictest_policy(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Officials told Reuters the talks had stalled.\n")
    assert runner.invoke(main, ["scan", str(tmp_path), "--fail-on", "info"]).exit_code == 0


def test_usage_errors_exit_2(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert runner.invoke(main, ["scan", "--format", "yaml"]).exit_code == 2
    assert runner.invoke(main, ["scan", "--bogus"]).exit_code == 2
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["scan"])
    assert result.exit_code == 2
    assert "no PATH given and there is no seeds/ folder here" in result.stderr


def test_outlets_search(runner: CliRunner) -> None:
    result = runner.invoke(main, ["outlets", "belta"])
    assert result.exit_code == 0
    assert result.stdout.startswith("BelTA")
    assert "belta.by" in result.stdout
    assert "@SkyNews" not in result.stdout
    handle = runner.invoke(main, ["outlets", "@SkyNews", "--format", "json"])
    assert [o["name"] for o in json.loads(handle.stdout)] == ["Sky News"]
    agencies = json.loads(runner.invoke(main, ["outlets", "--kind", "news agency", "-f", "json"]).stdout)
    names = {o["name"] for o in agencies}
    assert {"Reuters", "Associated Press", "Agence France-Presse", "Xinhua", "TASS", "BelTA", "Ukrinform"} <= names
    assert runner.invoke(main, ["outlets", "no-such-outlet-anywhere"]).exit_code == 0


def search(runner: CliRunner, *args: str) -> list[str]:
    result = runner.invoke(main, ["outlets", *args, "-f", "json"])
    assert result.exit_code == 0, result.output
    return [o["name"] for o in json.loads(result.stdout)]


def test_outlets_search_is_exact_or_prefix_never_substring(runner: CliRunner) -> None:
    assert search(runner, "reuters")[0] == "Reuters"  # the exact name first
    assert search(runner, "REUTERS") == search(runner, "reuters")
    assert "Reuters" not in search(runner, "euters"), "a substring is not a match"
    assert "Reuters" in search(runner, "reut"), "a prefix is"
    assert search(runner, "reuters.com") == ["Reuters"]  # by domain
    assert search(runner, "@tass_agency") == ["TASS"]  # by handle
    assert "Süddeutsche Zeitung" in search(runner, "suddeutsche")  # accents aside
    ukrainian = search(runner, "--kind", "news agency", "--country", "ua")
    assert {"Ukrinform", "UNIAN"} <= set(ukrainian) and "TASS" not in ukrainian
    portuguese = json.loads(runner.invoke(main, ["outlets", "--language", "pt", "-f", "json"]).stdout)
    assert "Folha de S.Paulo" in {o["name"] for o in portuguese} and {o["language"] for o in portuguese} == {"pt"}


def test_gazetteer_is_large_and_consistent(runner: CliRunner) -> None:
    outlets = json.loads(runner.invoke(main, ["outlets", "-f", "json"]).stdout)
    assert len([o for o in outlets if o["kind"] != "platform"]) >= 80
    names = [o["name"] for o in outlets]
    assert len(names) == len(set(names))
    assert len([o for o in outlets if o["kind"] != "platform"]) >= 10_000
    curated = [(a, o["language"]) for o in outlets if o["curated"] for a in o["aliases"]]
    assert len(curated) == len(set(curated)), "an alias names two curated outlets of one language"
    assert set(o["kind"] for o in outlets) <= set(OUTLET_KINDS)


def test_version_and_help(runner: CliRunner) -> None:
    assert runner.invoke(main, ["--version"]).output.strip() == f"auditor, version {__version__}"
    help_text = runner.invoke(main, ["scan", "--help"]).output
    assert "Examples:" in help_text and "--fail-on" in help_text


def test_installed_entry_point_runs(tmp_path: Path) -> None:
    """The console script and python -m both work, as the README's first command uses them."""
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-m", "auditor", "scan", "seeds", "-q"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "RIA Novosti" in proc.stdout and proc.stderr == ""


@pytest.mark.parametrize("fmt", ["text", "json", "html", "markdown", "junit", "csv"])
def test_report_command_rerenders_saved_json_byte_for_byte(runner: CliRunner, in_repo: None, tmp_path: Path, fmt: str) -> None:
    saved = tmp_path / "run.json"
    assert runner.invoke(main, ["scan", "seeds", "-f", "json", "-o", str(saved), "-q"]).exit_code == 0
    direct = tmp_path / f"direct.{fmt}"
    runner.invoke(main, ["scan", "seeds", "-f", fmt, "-o", str(direct), "-q"])
    again = runner.invoke(main, ["report", str(saved), "-f", fmt])
    assert again.exit_code == 0
    stamp = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
    assert stamp.sub("T", again.stdout) == stamp.sub("T", direct.read_text(encoding="utf-8"))


def test_report_command_refuses_what_is_not_a_report(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text('{"hello": 1}')
    result = runner.invoke(main, ["report", str(tmp_path / "x.json")])
    assert result.exit_code == 3 and "not an auditor JSON report" in result.stderr
    (tmp_path / "broken.json").write_text('{"meta": ')
    assert runner.invoke(main, ["report", str(tmp_path / "broken.json")]).exit_code == 3
    assert runner.invoke(main, ["report", str(tmp_path / "missing.json")]).exit_code == 3


def test_users_own_outlets_from_a_file(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The ferry was late again, the Harbour Courier reported.\n", encoding="utf-8")
    mine = tmp_path / "outlets.json"
    mine.write_text(json.dumps({"outlets": [{"name": "Harbour Courier", "kind": "newspaper",
                                             "aliases": ["Harbour Courier"], "domains": ["www.courier.example"],
                                             "handles": ["@HarbourCourier"]}]}), encoding="utf-8")
    before = json.loads(runner.invoke(main, ["scan", str(article), "-f", "json", "-q"]).stdout)
    # named like a paper and cited, it is listed even unknown; the user's file makes it known
    assert [(o["name"], o["known"]) for o in before["articles"][0]["outlets"]] == [("Harbour Courier", False)]
    result = runner.invoke(main, ["scan", str(article), "-f", "json", "-q", "--outlets", str(mine)])
    outlet = json.loads(result.stdout)["articles"][0]["outlets"][0]
    assert (outlet["name"], outlet["kind"], outlet["known"]) == ("Harbour Courier", "newspaper", True)
    found = runner.invoke(main, ["outlets", "courier.example", "-f", "json"], env={"AUDITOR_OUTLETS": str(mine)})
    assert [o["name"] for o in json.loads(found.stdout)] == ["Harbour Courier"]


@pytest.mark.parametrize(("content", "message"), [
    (None, "cannot read the outlets file"),
    ("{not json", "is not valid UTF-8 JSON"),
    ('{"outlets": [{"kind": "newspaper"}]}', 'outlet 1 needs a "name"'),
    ('[{"name": "X Daily", "kind": "blog"}]', "has kind 'blog'"),
    ('[{"name": "X Daily", "aliases": "X Daily"}]', "'aliases' must be a list of strings"),
])
def test_a_bad_outlets_file_is_a_usage_error(runner: CliRunner, tmp_path: Path, content: str | None,
                                            message: str) -> None:
    mine = tmp_path / "outlets.json"
    if content is not None:
        mine.write_text(content, encoding="utf-8")
    result = runner.invoke(main, ["scan", str(ROOT / "seeds"), "-q", "--outlets", str(mine)])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output
