"""--jobs N: articles scanned by N processes give the very report one process gives; Ctrl-C ends them all."""

from __future__ import annotations

import errno
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from auditor import pipeline
from auditor.cli import main
from tests.conftest import ROOT

_GENERATED = re.compile(r'"generated_at": "[^"]*"')


def _scan(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["scan", *args, "-f", "json", "-q"], input=stdin)
    return result.exit_code, _GENERATED.sub("", result.stdout), result.stderr


def test_two_processes_give_the_report_one_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")  # a problem, in its place among the articles
    (tmp_path / "gone.html").symlink_to(tmp_path / "nowhere.html")
    started: list[str] = []
    real = multiprocessing.get_context

    def spy(method: str | None = None) -> Any:
        started.append(str(method))
        return real(method)

    monkeypatch.setattr(pipeline.multiprocessing, "get_context", spy)
    args = [str(ROOT / "tests/corpus/articles"), str(tmp_path), "-", str(ROOT / "seeds"), "--exit-zero"]
    story = "Officials told Reuters the talks had stalled.\n"
    one = _scan(*args, "--jobs", "1", stdin=story)
    assert started == []  # one process: no pool
    two = _scan(*args, "--jobs", "2", stdin=story)
    assert started, "two processes: a pool"
    assert one[0] == two[0] == 3  # the unreadable files
    assert one[1] == two[1]
    assert one[1].count('"language"') >= 75  # the corpus's articles, the seeds and standard input's


def test_a_few_articles_are_scanned_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline.multiprocessing, "get_context", lambda *a: pytest.fail("no pool for 3 articles"))
    assert _scan(str(ROOT / "seeds"), "--jobs", "8")[0] == 0


def test_an_article_over_its_time_limit_in_a_worker_is_one_problem(tmp_path: Path) -> None:
    for n in range(8):
        (tmp_path / f"story-{n}.txt").write_text(f"Officials told Reuters of talks, day {n}.\n", encoding="utf-8")
    fifo = tmp_path / "nobody-writes.txt"
    os.mkfifo(fifo)
    code, out, err = _scan(str(tmp_path), str(fifo), "--jobs", "2", "--time-limit", "1")
    assert code == 3
    assert out.count('"title"') == 8
    assert "took longer than 1 s to read" in err


@pytest.mark.parametrize(("group", "sig", "code"), [(True, signal.SIGINT, 130), (True, signal.SIGTERM, 143),
                                                   (False, signal.SIGTERM, 143)])
def test_ctrl_c_or_sigterm_ends_the_workers_and_the_run_at_once(tmp_path: Path, group: bool, sig: int,
                                                               code: int) -> None:
    fifos = []
    for n in range(6):  # articles nobody writes: every worker waits on one
        fifos.append(tmp_path / f"wire-{n}.txt")
        os.mkfifo(fifos[-1])
    proc = subprocess.Popen([sys.executable, "-m", "auditor", "scan", *map(str, fifos), "--jobs", "2",
                             "--time-limit", "600", "-f", "json", "-o", str(tmp_path / "r.json")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 30
    while not any(_has_reader(f) for f in fifos):  # a worker has opened its article
        assert time.monotonic() < deadline, "no worker started"
        time.sleep(0.1)
    if group:
        os.killpg(proc.pid, sig)  # as a terminal's Ctrl-C: the whole process group
    else:
        proc.send_signal(sig)  # as a CI runner's timeout: the command alone, whichever of its threads takes it
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == code, err.decode()
    assert "Traceback" not in err.decode()
    assert not (tmp_path / "r.json").exists()
    time.sleep(0.5)
    assert [f.name for f in fifos if _has_reader(f)] == []  # no worker is left holding an article open


def _has_reader(fifo: Path) -> bool:
    try:
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as exc:
        assert exc.errno == errno.ENXIO
        return False
    os.close(fd)
    return True


def _stories(folder: Path, count: int) -> list[Path]:
    paths = []
    for n in range(count):
        paths.append(folder / f"story-{n:02d}.txt")
        paths[-1].write_text(f"Officials told Reuters of talks, day {n}.\n", encoding="utf-8")
    return paths


def test_a_worker_that_dies_loses_its_article_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _stories(tmp_path, 40)
    real = pipeline._scan_one

    def fatal(item: str, *args: Any) -> Any:
        if item.endswith("story-16.txt"):
            time.sleep(1.0)  # still being scanned, by the other worker, when its neighbour's worker dies
        if item.endswith("story-17.txt"):
            time.sleep(0.3)
            os._exit(9)  # as the out-of-memory killer, or a crash inside a library, ends a process
        return real(item, *args)

    monkeypatch.setattr(pipeline, "_scan_one", fatal)  # forked workers inherit it
    report = pipeline.audit([str(tmp_path)], jobs=2)
    assert [p.path for p in report.errors] == [str(paths[17])]
    assert report.errors[0].message == pipeline.DIED
    assert [a.path for a in report.articles] == [str(p) for i, p in enumerate(paths) if i != 17]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_scanner_bug_on_one_article_is_that_articles_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               jobs: int) -> None:
    class Odd(Exception):  # an exception that cannot even be sent back from a worker as it is
        def __init__(self, a: str, b: str) -> None:
            super().__init__(f"{a} {b}")

    paths = _stories(tmp_path, 12)
    from auditor.scan import article

    real = article.scan_article

    def buggy(path: str, *args: Any) -> Any:
        if path.endswith("story-05.txt"):
            raise Odd("broken", "parser")
        return real(path, *args)

    monkeypatch.setattr(article, "scan_article", buggy)
    report = pipeline.audit([str(tmp_path)], jobs=jobs)
    assert [p.path for p in report.errors] == [str(paths[5])]
    assert "Odd: broken parser" in report.errors[0].message and "a bug" in report.errors[0].message
    assert len(report.articles) == 11
