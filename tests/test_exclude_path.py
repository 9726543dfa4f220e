"""--exclude-path: files and folders left out of folder walks, as a .gitignore reads its patterns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.pipeline import PathFilter

STORY = "Officials told Reuters the talks had stalled.\n"


@pytest.mark.parametrize(("pattern", "left_out", "kept"), [
    ("drafts", ["drafts", "2019/drafts", "2019/drafts/a.txt"], ["drafts.txt", "old-drafts"]),
    ("*.md", ["a.md", "x/b.md"], ["a.md.txt", "md"]),
    ("2019/*/wire", ["2019/06/wire"], ["2019/06/07/wire", "2020/06/wire", "x/2019/06/wire"]),
    ("2019/**/wire", ["2019/wire", "2019/06/wire", "2019/06/07/wire"], ["2020/06/wire", "2019/06/wirex"]),
    ("/index.html", ["index.html"], ["news/index.html"]),
    ("**/tmp", ["tmp", "a/b/tmp"], ["a/tmpx"]),
    ("draft-[0-9].txt", ["draft-1.txt", "x/draft-7.txt"], ["draft-a.txt"]),
    ("draft-[!0-9].txt", ["draft-a.txt"], ["draft-1.txt"]),
    ("wire?.txt", ["wire1.txt"], ["wire.txt", "wire12.txt"]),
    ("a+b (1).txt", ["a+b (1).txt"], ["aab (1).txt"]),
    ("2019/**wire", ["2019/wire", "2019/newswire"], ["2019/06/wire"]),  # ** inside a part is *
    ("notes.md/", [], ["notes.md"]),  # folders only: see test_a_trailing_slash_names_folders_only
    ("a\\*b.txt", ["a*b.txt"], ["axb.txt"]),
    ("\\[draft\\].txt", ["[draft].txt"], ["d.txt"]),
    ("[[:digit:]]*", ["2019", "7.txt"], ["x7.txt"]),
    ("./drafts", ["drafts"], ["x/drafts"]),
])
def test_patterns_read_as_a_gitignore_reads_them(pattern: str, left_out: list[str], kept: list[str]) -> None:
    rule = PathFilter([pattern])
    assert [p for p in left_out if not rule.excludes(p)] == []
    assert [p for p in kept if rule.excludes(p)] == []


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    for name in ("one.txt", "drafts/d.txt", "2019/06/wire/w.html", "2019/06/keep.txt", "notes.md"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(STORY, encoding="utf-8")
    return root


def paths_audited(*args: str) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(main, ["scan", *args, "-f", "json"])
    return result.exit_code, sorted(a["path"] for a in json.loads(result.stdout)["articles"]), result.stderr


def test_excluded_files_and_folders_are_left_out_and_counted(archive: Path) -> None:
    code, audited, err = paths_audited(str(archive), "--exclude-path", "drafts", "--exclude-path", "2019/**/wire",
                                       "--exclude-path", "*.md")
    assert code == 0
    assert audited == [str(archive / "2019/06/keep.txt"), str(archive / "one.txt")]
    assert "skipped 3 files or folders excluded (--exclude-path)" in err


def test_a_file_named_on_the_command_line_is_audited_anyway(archive: Path) -> None:
    _, audited, _ = paths_audited(str(archive / "drafts"), str(archive / "notes.md"), "--exclude-path", "*.md",
                                  "--exclude-path", "d.txt")
    assert audited == [str(archive / "notes.md")]


def test_a_folder_wholly_excluded_is_no_mistake(archive: Path) -> None:
    code, audited, err = paths_audited(str(archive / "drafts"), "--exclude-path", "*.txt")
    assert code == 0 and audited == [] and "no articles in this folder" not in err


def test_a_settings_file_and_the_environment_give_exclusions(archive: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "auditor.toml"
    config.write_text('[scan]\nexclude-path = ["drafts", "2019"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(config), "scan", str(archive), "-f", "json", "-q"])
    assert sorted(a["path"] for a in json.loads(result.stdout)["articles"]) == \
        [str(archive / "notes.md"), str(archive / "one.txt")]
    monkeypatch.setenv("AUDITOR_EXCLUDE_PATH", "*.md 2019")
    _, audited, _ = paths_audited(str(archive))
    assert audited == [str(archive / "drafts/d.txt"), str(archive / "one.txt")]


def test_shards_of_runs_that_exclude_differently_are_not_merged(archive: Path, tmp_path: Path) -> None:
    for k, extra in ((1, []), (2, ["--exclude-path", "drafts"])):
        CliRunner().invoke(main, ["scan", str(archive), "--shard", f"{k}/2", "-f", "json", "-o",
                                  str(tmp_path / f"s{k}.json"), "-q", *extra])
    merged = CliRunner().invoke(main, ["merge", str(tmp_path / "s1.json"), str(tmp_path / "s2.json")])
    assert merged.exit_code != 0 and "run" in merged.stderr


def test_a_trailing_slash_names_folders_only_and_a_bang_takes_back() -> None:
    rule = PathFilter(["notes/", "*.md", "!keep.md"])
    assert rule.excludes("notes", folder=True) and rule.excludes("notes/a.txt")
    assert not rule.excludes("x/notes")  # a file called notes
    assert rule.excludes("a.md") and not rule.excludes("x/keep.md")
    assert PathFilter(["!keep.md", "*.md"]).excludes("keep.md")  # the last pattern that matches decides
    assert PathFilter(["drafts", "!drafts/keep.txt"]).excludes("drafts/keep.txt")  # its folder is left out whole


@pytest.mark.parametrize("bad", ["[!]", "[^]", "[z-a]", "[a", "", "/", "!", "[[:nope:]]"])
def test_a_pattern_that_cannot_be_read_is_a_usage_error(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError):
        PathFilter([bad])
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--exclude-path", bad])
    assert result.exit_code == 2 and "--exclude-path" in result.stderr and "Traceback" not in result.output
    config = tmp_path / "auditor.toml"
    config.write_text(f"exclude-path = [{json.dumps(bad)}]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(config), "scan", str(tmp_path)])
    assert result.exit_code == 2 and f"{config}: exclude-path" in result.stderr
