"""--shard K/N and auditor merge: stable, disjoint parts that join into the single run's report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from auditor.cli import main
from tests.conftest import ARTICLES, ROOT


def _scan(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(main, ["scan", *args, "-f", "json", "-q"])
    return result.exit_code, json.loads(result.stdout)


def _whole(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    data["meta"] = {k: v for k, v in data["meta"].items() if k != "generated_at"}
    return data


def test_three_shards_merged_are_the_single_run(tmp_path: Path, monkeypatch: Any, validate: Any) -> None:
    monkeypatch.chdir(ROOT)
    corpus = "tests/corpus/articles"
    code, single = _scan(corpus, "seeds", str(ARTICLES))
    paths = []
    seen: list[str] = []
    for k in (1, 2, 3):
        _, part = _scan(corpus, "seeds", str(ARTICLES), "--shard", f"{k}/3")
        validate(json.dumps(part))
        assert part["meta"]["shard"]["index"] == k and part["meta"]["shard"]["count"] == 3
        assert part["articles"], f"shard {k} is empty"
        seen += [a["path"] for a in part["articles"]]
        path = tmp_path / f"shard-{k}.json"
        path.write_text(json.dumps(part), encoding="utf-8")
        paths.append(str(path))
    assert sorted(seen) == sorted(a["path"] for a in single["articles"])  # each article in exactly one shard
    result = CliRunner().invoke(main, ["merge", *reversed(paths), "-o", str(tmp_path / "merged.json")])
    assert result.exit_code == code
    merged = json.loads((tmp_path / "merged.json").read_text(encoding="utf-8"))
    assert merged["meta"]["shard"] is None
    assert _whole(merged) == _whole(single)


def test_a_shard_is_the_same_articles_from_another_folder_and_night(tmp_path: Path) -> None:
    for name in ("a", "b"):
        root = tmp_path / name / "archive"
        for i in range(12):
            (root / f"d{i % 3}").mkdir(parents=True, exist_ok=True)
            (root / f"d{i % 3}" / f"story-{i}.txt").write_text(f"Story {i}, Reuters reported.\n", encoding="utf-8")
    picked = [[Path(a["path"]).relative_to(tmp_path / name / "archive").as_posix()
               for a in _scan(str(tmp_path / name / "archive"), "--shard", "2/4")[1]["articles"]] for name in ("a", "b")]
    assert picked[0] == picked[1] and 0 < len(picked[0]) < 12


def test_merge_refuses_what_is_not_one_run(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(ROOT)
    parts = {}
    for name, args in (("s1", ["seeds", "--shard", "1/2"]), ("s2", ["seeds", "--shard", "2/2"]),
                       ("other", [str(ARTICLES), "--shard", "2/2"]), ("whole", ["seeds"])):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(_scan(*args)[1]), encoding="utf-8")
        parts[name] = str(path)
    for given, says in (([parts["s1"]], "shard 2 of 2 is missing"), ([parts["s1"], parts["s1"]], "given twice"),
                        ([parts["s1"], parts["other"]], "another run"), ([parts["whole"]], "not a shard")):
        result = CliRunner().invoke(main, ["merge", *given])
        assert result.exit_code == 3 and says in result.stderr, (given, result.stderr)
    assert CliRunner().invoke(main, ["scan", "seeds", "--shard", "3/2"]).exit_code == 2
    assert CliRunner().invoke(main, ["merge", parts["s1"], parts["s2"]]).exit_code == 0


def test_shards_compared_with_a_baseline_merge_as_the_single_run_and_mixed_baselines_are_refused(
        tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    archive = tmp_path / "archive"
    archive.mkdir()
    for i in range(8):
        (archive / f"art{i}.txt").write_text(f"Story {i}. Readers were sent to https://bit.ly/x{i} for more, AFP "
                                             "reported.\n", encoding="utf-8")
    (tmp_path / "last.json").write_text(json.dumps(_scan("archive")[1]), encoding="utf-8")
    for i in range(8):  # every short link expanded: eight fixed findings
        (archive / f"art{i}.txt").write_text(f"Story {i}, AFP reported.\n", encoding="utf-8")
    single = _scan("archive", "--baseline", "last.json")[1]
    assert len(single["baseline"]["fixed"]) == 8
    parts = []
    for k in (1, 2, 3):
        path = tmp_path / f"s{k}.json"
        path.write_text(json.dumps(_scan("archive", "--shard", f"{k}/3", "--baseline", "last.json")[1]), encoding="utf-8")
        parts.append(str(path))
    merged = json.loads(CliRunner().invoke(main, ["merge", *parts]).stdout)
    assert _whole(merged) == _whole(single)
    (tmp_path / "s3.json").write_text(json.dumps(_scan("archive", "--shard", "3/3")[1]), encoding="utf-8")
    refused = CliRunner().invoke(main, ["merge", *parts])
    assert refused.exit_code == 3 and "different baselines" in refused.stderr
