"""Settings: the command line over AUDITOR_* variables over a file over the defaults; unknown keys refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main

BARE = "The council meets on Tuesday.\n"
"""No source at all: a no-cited-outlet warning, so --fail-on decides the exit status."""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "note.txt").write_text(BARE, encoding="utf-8")
    (tmp_path / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "deep" / "er")  # the file is found from here upward
    for name in ("AUDITOR_FAIL_ON", "AUDITOR_FORMAT", "AUDITOR_CONFIG", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def scan(project: Path, *args: str, env: dict[str, str] | None = None) -> int:
    return CliRunner().invoke(main, ["scan", str(project / "archive"), "-q", *args], env=env).exit_code


def test_flag_over_environment_over_file_over_default(project: Path) -> None:
    assert scan(project) == 0  # default: --fail-on error; a warning passes
    (project / "auditor.toml").write_text('fail-on = ["warning"]\n', encoding="utf-8")
    assert scan(project) == 1  # the file
    assert scan(project, env={"AUDITOR_FAIL_ON": "never"}) == 0  # the environment over the file
    assert scan(project, "--fail-on", "warning", env={"AUDITOR_FAIL_ON": "never"}) == 1  # the flag over both


def test_a_table_per_command_and_pyproject(project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.auditor.scan]\nformat = "json"\n',
                                            encoding="utf-8")
    result = CliRunner().invoke(main, ["scan", str(project / "archive"), "-q"])
    assert json.loads(result.stdout)["summary"]["articles"] == 1
    (project / "auditor.toml").write_text("[scan]\nformat = \"markdown\"\n", encoding="utf-8")  # nearer wins
    assert CliRunner().invoke(main, ["scan", str(project / "archive"), "-q"]).stdout.startswith("## Sourcing audit")
    other = project / "ci.toml"
    other.write_text('format = "csv"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(other), "scan", str(project / "archive"), "-q"])
    assert result.stdout.startswith("article,item")


@pytest.mark.parametrize(("content", "names"), [("bogus = 1\n", "'bogus'"), ("[scan]\nworkerz = 4\n", "'workerz' in [scan]"),
                                                 ("fail-on = \n", "not valid TOML")])
def test_an_unknown_key_or_a_broken_file_is_a_usage_error_naming_both(project: Path, content: str, names: str) -> None:
    (project / "auditor.toml").write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["scan", str(project / "archive")])
    assert result.exit_code == 2
    assert names in result.output and str(project / "auditor.toml") in result.output


def test_no_color_and_force_color(project: Path) -> None:
    plain = CliRunner().invoke(main, ["scan", str(project / "archive"), "-q"], env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" in plain  # forced, though the output is no terminal
    assert "\x1b[" not in CliRunner().invoke(main, ["scan", str(project / "archive"), "-q"], env={"NO_COLOR": "1"}).stdout
    assert "\x1b[" not in CliRunner().invoke(main, ["scan", str(project / "archive"), "-q", "--no-color"],
                                             env={"FORCE_COLOR": "1"}).stdout


def test_verbose_says_a_line_per_article_and_completion_is_offered(project: Path) -> None:
    result = CliRunner().invoke(main, ["scan", str(project / "archive"), "-v"])
    lines = [line for line in result.stderr.splitlines() if "note.txt:" in line]
    assert lines == [f"auditor: {project / 'archive' / 'note.txt'}: 0 outlets, 0 posts, 0 links, 1 findings (worst: warning)"]
    assert "note.txt:" not in CliRunner().invoke(main, ["scan", str(project / "archive")]).stderr
    script = CliRunner().invoke(main, [], prog_name="auditor", env={"_AUDITOR_COMPLETE": "bash_source"})
    assert "_auditor_completion" in script.output and "complete " in script.output
