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
    other.write_text('[scan]\nformat = "csv"\n', encoding="utf-8")
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


@pytest.mark.parametrize(("content", "says"), [
    ('output = "tonight.json"\n', "belongs in a command's table"),  # diff would write over the run's report
    ("[scan]\nexit-zero = 1\n", "takes true or false"),
    ("[scan]\nworkers = \"many\"\n", "takes a number"),
    ("cache = 1\n", "takes a string"),
    ('exclude = "^https://x"\n', "takes a list"),
    ('fail-on = 3\n', "takes a string"),
])
def test_values_of_the_wrong_kind_are_usage_errors_naming_the_key(project: Path, content: str, says: str) -> None:
    (project / "auditor.toml").write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["scan", str(project / "archive"), "-q"])
    assert result.exit_code == 2 and says in result.output, result.output
    assert "Traceback" not in result.output


def test_a_key_that_is_also_a_command_is_the_option_unless_it_is_a_table(project: Path) -> None:
    mine = project / "mine.json"
    mine.write_text('{"outlets": [{"name": "Harbour Courier", "kind": "newspaper", "domains": ["courier.example"]}]}',
                    encoding="utf-8")
    (project / "archive" / "note.txt").write_text("Fares rise in June, the Harbour Courier reported.\n", encoding="utf-8")
    (project / "auditor.toml").write_text(f'outlets = "{mine.as_posix()}"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["scan", str(project / "archive"), "-q"])
    assert result.exit_code == 0, result.output  # the user's outlet is known: the article cites a source


def test_the_environment_never_sets_where_a_report_goes(project: Path) -> None:
    run = project / "run.json"
    CliRunner().invoke(main, ["scan", str(project / "archive"), "-q", "-f", "json", "-o", str(run)])
    before = run.read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(run), "-f", "text"], env={"AUDITOR_OUTPUT": str(run)})
    assert result.exit_code == 0 and run.read_text(encoding="utf-8") == before and "Summary" in result.stdout


def test_a_config_that_is_a_fifo_is_refused_not_waited_for(project: Path) -> None:
    import os

    fifo = project / "settings.toml"
    os.mkfifo(fifo)
    result = CliRunner().invoke(main, ["--config", str(fifo), "scan", str(project / "archive"), "-q"])
    assert result.exit_code == 2 and "not a regular file" in result.output


def test_help_stays_reachable_with_a_broken_config(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    (project / "auditor.toml").write_text("bogus = 1\n", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["auditor", "scan", "--help"])
    result = CliRunner().invoke(main, ["scan", "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output and "ignored for --help" in result.stderr


def test_the_readmes_settings_file_is_one_auditor_takes(tmp_path: Path) -> None:
    import re

    from auditor.config import default_map, load_config
    from auditor.resolve.hosts import HostSettings, host_table
    from tests.conftest import ROOT

    blocks = re.findall(r"```toml\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.DOTALL)
    assert blocks, "the README shows a settings file"
    for number, block in enumerate(blocks):
        path = tmp_path / f"auditor-{number}.toml"
        path.write_text(block, encoding="utf-8")
        config = load_config(path)
        defaults = default_map(main, config, str(path))
        assert defaults["scan"]["workers"] == 32
        hosts = dict(host_table(HostSettings(), config.get("hosts", {}), str(path)).hosts)
        assert hosts["reuters.com"].concurrency == 1 and 401 in hosts["reuters.com"].accept


def test_an_exclude_that_is_no_regular_expression_is_named_where_it_was_given(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["resolve", "http://127.0.0.1:9/", "--exclude", "("])
    assert result.exit_code == 2 and "'(' is not a regular expression" in result.stderr
    config = tmp_path / "auditor.toml"
    config.write_text('exclude = ["("]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(config), "resolve", "http://127.0.0.1:9/"])
    assert result.exit_code == 2 and f"{config}: exclude:" in result.stderr
