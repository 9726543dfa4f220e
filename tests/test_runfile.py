"""Reading a run's JSON report an article at a time gives the report reading it whole gives, whatever the JSON's
layout, and says where a broken one breaks."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import runfile
from auditor.cli import main
from auditor.model import report_from_json

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("run") / "run.json"
    result = CliRunner().invoke(main, ["scan", str(ROOT / "tests" / "corpus" / "articles"), str(ROOT / "seeds"),
                                       "-f", "json", "-o", str(out), "-q", "--exit-zero"])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def _layouts(data: bytes) -> dict[str, bytes]:
    tree = json.loads(data)
    return {
        "as written": data,
        "keys sorted, articles first": json.dumps(tree, sort_keys=True).encode(),
        "compact, ascii": json.dumps(tree, separators=(",", ":")).encode(),
        "spread out": json.dumps(tree, indent="\t\n ").encode(),
        "with a byte-order mark": b"\xef\xbb\xbf" + data,
    }


@pytest.mark.parametrize("chunk", [7, 1 << 20])
def test_a_report_read_an_article_at_a_time_is_the_report_read_whole(saved: bytes, chunk: int,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runfile, "_CHUNK", chunk)  # 7 bytes: values, numbers and characters cut at every place
    whole = report_from_json(json.loads(saved))
    assert len(whole.articles) > 70 and any(a.outlets for a in whole.articles)
    for name, data in _layouts(saved).items():
        read = runfile.load_run(io.BytesIO(data))
        assert read.articles == whole.articles, name
        assert (read.meta, read.errors, read.baseline) == (whole.meta, whole.errors, whole.baseline), name


@pytest.mark.parametrize("text", [
    '{"meta": ', '{"meta": {"tool": "auditor"}, "articles": [{"path": "a"},', '{"meta": {}} trailing',
    '{"articles": [1, 2,, 3]}', '\n\n  {"meta":\n {"a": tru}}', "", "   ", '{"meta": {"x": "\\ud83d"', '[1, 2',
    '{"articles": [], "meta": {"n": 12', '{"a": 1 "b": 2}',
])
@pytest.mark.parametrize("chunk", [3, 1 << 20])
def test_broken_json_is_said_broken_where_the_json_module_says(text: str, chunk: int,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runfile, "_CHUNK", chunk)
    with pytest.raises(json.JSONDecodeError) as theirs:
        json.loads(text)
    with pytest.raises(ValueError, match=r"not valid JSON") as ours:
        runfile.load_run(io.BytesIO(text.encode()))
    assert f"line {theirs.value.lineno} column {theirs.value.colno}" in str(ours.value)


@pytest.mark.parametrize(("text", "said"), [
    ('{"hello": 1}', "not an auditor JSON report"),
    ("[1, 2, 3]", "not an auditor JSON report"),
    ('{"meta": {"kind": "diff"}}', "a comparison of two runs"),
    ('{"meta": {"tool": "auditor", "format": 99}, "articles": []}', "not an auditor report of format"),
])
def test_what_is_no_run_is_named(text: str, said: str) -> None:
    with pytest.raises(ValueError, match=said):
        runfile.load_run(io.BytesIO(text.encode()))


def test_a_malformed_article_is_named_once_the_report_is_known_for_one(saved: bytes) -> None:
    tree = json.loads(saved)
    del tree["articles"][3]["title"]
    for data in (json.dumps(tree).encode(), json.dumps(tree, sort_keys=True).encode()):
        with pytest.raises(ValueError, match=r"malformed report: KeyError: 'title'"):
            runfile.load_run(io.BytesIO(data))
    tree["meta"]["tool"] = "other"
    with pytest.raises(ValueError, match="not an auditor report of format"):  # what it is, not what broke first
        runfile.load_run(io.BytesIO(json.dumps(tree, sort_keys=True).encode()))
    del tree["articles"]
    tree["meta"]["tool"] = "auditor"
    with pytest.raises(ValueError, match="KeyError: 'articles'"):
        runfile.load_run(io.BytesIO(json.dumps(tree).encode()))


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 1 << 20])
def test_what_json_loads_reads_is_read_alike(saved: bytes, chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second "articles" replaces the first, as in json.loads; a number cut by a read after "1." or "2e" is
    read whole; UTF-16 and UTF-32 files are read as json.loads reads them."""
    monkeypatch.setattr(runfile, "_CHUNK", chunk)
    whole = report_from_json(json.loads(saved))
    body = saved.rstrip()[:-1]
    variants = [body + b', "articles": []}', b'{"articles": [{"broken": 1}], ' + saved.lstrip()[1:],
                body + b', "x": 1.5, "y": 2e10, "z": -0.25e-3, "w": 1E+2, "v": 12345678901234567890.5}']
    if chunk == 1 << 20:
        variants.append(body + b" " * ((1 << 20) - len(body) - 7) + b', "x": 1.5}')  # "1." at the read's end
    for data in variants:
        assert runfile.load_run(io.BytesIO(data)).articles == report_from_json(json.loads(data)).articles
    assert not runfile.load_run(io.BytesIO(variants[0])).articles and len(whole.articles) > 70
    text = saved.decode("utf-8")
    for encoding in ("utf-16", "utf-16-le", "utf-32", "utf-32-be"):
        assert runfile.load_run(io.BytesIO(text.encode(encoding))).articles == whole.articles, encoding


def test_what_cannot_be_read_is_one_line_naming_where(saved: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runfile, "_CHUNK", 1000)
    bad = saved[:5000] + b"\xff" + saved[5000:]
    with pytest.raises(ValueError, match=r"not valid UTF-8 text: byte 5001 cannot be read"):
        runfile.load_run(io.BytesIO(bad))
    with pytest.raises(ValueError, match=r"nested too deeply"):
        runfile.load_run(io.BytesIO(b'{"meta": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"))
    meta = b'{"meta": {"tool": "auditor", "format": 1, "generated_at": "x", "resolved": false}, "articles": [], '
    with pytest.raises(ValueError, match=r"malformed report: AttributeError"):
        runfile.load_run(io.BytesIO(meta + b'"errors": [1]}'))


def test_a_syntax_error_early_in_a_large_file_is_said_without_reading_on(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[int] = []

    class Counting(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            reads.append(size or -1)
            return super().read(size)

    monkeypatch.setattr(runfile, "_CHUNK", 1000)
    data = b'{"meta": x, "pad": "' + b"a" * 1_000_000 + b'"}'
    with pytest.raises(ValueError, match=r"line 1 column 10"):
        runfile.load_run(Counting(data))
    assert len(reads) <= 2  # not the whole megabyte, a thousand bytes at a time


@pytest.mark.parametrize("fmt", ["text", "json", "html", "markdown", "csv", "junit", "github", "sarif"])
def test_half_a_character_pair_in_a_saved_run_is_read_as_the_replacement_character(saved: bytes, fmt: str,
                                                                                  tmp_path: Path) -> None:
    tree = json.loads(saved)
    article = next(a for a in tree["articles"] if a["outlets"])
    article["title"] = "Storm \ud800 warning \U0001f327"  # a lone high half, then a whole pair
    article["outlets"][0]["mentions"][0]["sentence"] = "said \udfff so"
    article["findings"].append({"rule": "no-cited-outlet", "severity": "warning", "message": "half \udbff",
                                "line": None})
    run = tmp_path / "run.json"
    run.write_text(json.dumps(tree), encoding="ascii")  # the halves as escapes: "\ud800"
    out = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(main, ["report", str(run), "-f", fmt, "-o", str(out), "--exit-zero"])
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")
    if fmt in ("text", "json", "html", "markdown"):
        assert "\ufffd" in written or "\\ufffd" in written
    if fmt == "json":
        read = json.loads(written)
        title = next(a["title"] for a in read["articles"] if a["path"] == article["path"])
        assert title == "Storm \ufffd warning \U0001f327"


def test_a_value_nested_deep_with_an_escape_like_a_half_pair_is_read(saved: bytes, tmp_path: Path) -> None:
    tree = json.loads(saved)
    nested: object = ["C:\\ud800 is a folder, not half a pair", "\ud800"]
    for _ in range(600):  # deeper than a recursive walk goes, shallower than the decoder's limit
        nested = [nested]
    tree["extra"] = nested
    run = tmp_path / "run.json"
    run.write_text(json.dumps(tree), encoding="ascii")
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["report", str(run), "-f", "json", "-o", str(out), "--exit-zero"])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["articles"] == json.loads(saved)["articles"]
