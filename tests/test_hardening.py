"""Nothing lost, nothing hangs: odd output targets, file modes, signals, closed and empty input.

Every target here lives in a temporary folder (FIFOs, symlinks, files); the
signal tests run the installed command in a child process against a server on
127.0.0.1 that accepts connections and never answers.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from auditor.cli import main
from tests.conftest import ROOT

SEED = ROOT / "seeds" / "000_d71e34fecafe3ed8.txt"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _scan_to(runner: CliRunner, target: Path | str, fmt: str = "json") -> tuple[int, str]:
    result = runner.invoke(main, ["scan", str(SEED), "-f", fmt, "-o", str(target), "-q"])
    return result.exit_code, result.stderr


def _scan_to_fifo_reader(runner: CliRunner, target: Path, fifo: Path) -> tuple[int, str, bytes]:
    """Scan to ``target`` while another thread reads ``fifo`` to its end: what the report's reader received."""
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code, err = _scan_to(runner, target)
    reader.join(timeout=10)
    return code, err, received[0] if received else b""


# -- 1. -o never replaces what is not a regular file ------------------------------------------------

def test_a_fifo_is_written_through_and_stays_a_fifo(runner: CliRunner, tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    code, err, received = _scan_to_fifo_reader(runner, fifo, fifo)
    assert code == 0, err
    assert json.loads(received)["summary"]["articles"] == 1
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.fifo"]


def test_a_symlink_stays_and_its_target_is_replaced(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "site").mkdir()
    target = tmp_path / "reports" / "nightly.json"
    target.write_text("old report", encoding="utf-8")
    link = tmp_path / "site" / "latest.json"
    link.symlink_to(target)
    code, err = _scan_to(runner, link)
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["articles"] == 1
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["latest.json"]
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["nightly.json"]


def test_a_dangling_symlink_gets_its_target_created(runner: CliRunner, tmp_path: Path) -> None:
    link = tmp_path / "latest.html"
    link.symlink_to(tmp_path / "out" / "report.html")
    (tmp_path / "out").mkdir()
    code, err = _scan_to(runner, link, "html")
    assert code == 0, err
    assert link.is_symlink() and (tmp_path / "out" / "report.html").read_text(encoding="utf-8").startswith("<!doctype html>")


def test_a_symlink_to_a_fifo_is_written_through(runner: CliRunner, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "report.json"
    link.symlink_to(fifo)
    code, err, received = _scan_to_fifo_reader(runner, link, fifo)
    assert code == 0, err
    assert json.loads(received)["meta"]["format"] == 1
    assert link.is_symlink() and stat.S_ISFIFO(os.stat(link).st_mode)


def test_a_folder_as_output_is_refused_with_exit_4(runner: CliRunner, tmp_path: Path) -> None:
    code, err = _scan_to(runner, tmp_path)
    assert code == 4
    assert f"cannot write {tmp_path}: is a directory" in err
    assert list(tmp_path.iterdir()) == []


# -- 2. modes follow the umask; an existing report keeps its mode -----------------------------------

@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_report_follows_the_umask(runner: CliRunner, tmp_path: Path, umask: None, mask: int, mode: int) -> None:
    os.umask(mask)
    target = tmp_path / "report.json"
    assert _scan_to(runner, target)[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_an_existing_report_keeps_its_mode(runner: CliRunner, tmp_path: Path, umask: None) -> None:
    target = tmp_path / "report.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o640)
    assert _scan_to(runner, target)[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["articles"] == 1


# -- 4. Ctrl-C and SIGTERM: 130 / 143 at once, nothing half written, the cache resumes --------------

def _auditor(*args: str, **kwargs: object) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "auditor", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, **kwargs)  # type: ignore[call-overload]


@pytest.fixture
def silent_server() -> Iterator[tuple[socket.socket, int]]:
    """Accepts connections on 127.0.0.1 and never says a word."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    try:
        yield listener, listener.getsockname()[1]
    finally:
        listener.close()


@pytest.mark.parametrize(("sig", "code", "word"), [(signal.SIGINT, 130, "interrupted"),
                                                    (signal.SIGTERM, 143, "terminated")])
def test_a_signal_during_resolve_stops_at_once(tmp_path: Path, silent_server: tuple[socket.socket, int],
                                              sig: int, code: int, word: str) -> None:
    listener, port = silent_server
    article = tmp_path / "a.txt"
    article.write_text("".join(f"Figures: http://127.0.0.1:{port}/page/{i}\n" for i in range(6)), encoding="utf-8")
    report = tmp_path / "report.json"
    proc = _auditor("scan", str(article), "--resolve", "--allow-private", "--timeout", "600", "--workers", "4",
                    "--cache", str(tmp_path / "cache.sqlite"), "-f", "json", "-o", str(report))
    listener.settimeout(30)
    held = [listener.accept()[0]]  # a check is now waiting on the silent server
    started = time.monotonic()
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    elapsed = time.monotonic() - started
    for conn in held:
        conn.close()
    assert proc.returncode == code, err.decode()
    assert elapsed < 5
    assert f"auditor: {word}; no report written" in err.decode()
    assert "Traceback" not in err.decode() and "Aborted!" not in err.decode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "cache.sqlite"]


def test_ctrl_c_while_reading_standard_input_exits_130(tmp_path: Path) -> None:
    proc = _auditor("scan", "-", stdin=subprocess.PIPE)
    time.sleep(1.0)  # the command is up and waiting for input
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err.decode()
    assert "Aborted!" not in err.decode() and "Traceback" not in err.decode()


# -- 5, 6. closed and empty input ---------------------------------------------------------------------

def test_closed_standard_input_is_an_input_problem() -> None:
    result = subprocess.run(["bash", "-c", f"'{sys.executable}' -m auditor scan - -f json <&-"],
                            capture_output=True, timeout=60)
    assert result.returncode == 3, result.stderr.decode()
    assert b"auditor: error: -: standard input is closed" in result.stderr
    assert b"Traceback" not in result.stderr
    assert json.loads(result.stdout)["errors"] == [{"path": "-", "message": "standard input is closed"}]


@pytest.mark.parametrize("content", [b"", b"   \n\n\t"])
def test_an_empty_file_is_an_input_problem_not_a_clean_article(runner: CliRunner, tmp_path: Path,
                                                               content: bytes) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(content)
    result = runner.invoke(main, ["scan", str(empty), str(SEED), "-f", "json"])
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert [a["path"] for a in data["articles"]] == [str(SEED)]
    assert data["errors"] == [{"path": str(empty), "message": "empty file"}]


def test_empty_standard_input_is_an_input_problem(runner: CliRunner) -> None:
    result = runner.invoke(main, ["scan", "-", "-f", "json"], input=b"")
    assert result.exit_code == 3
    assert json.loads(result.stdout)["errors"] == [{"path": "-", "message": "empty input"}]


# -- 3. a file name that is not UTF-8 is carried losslessly, and every format stays valid ------------

@pytest.mark.parametrize("fmt", ["json", "text", "html", "markdown", "junit", "csv"])
def test_a_latin1_file_name_keeps_every_format_valid(runner: CliRunner, tmp_path: Path, fmt: str) -> None:
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"caf\xe9.txt"), "wb") as handle:
        handle.write(b"The mayor resigned on Monday, Reuters reported.\n")
    with open(os.path.join(folder, b"vide\xff.txt"), "wb"):
        pass
    out = tmp_path / f"report.{fmt}"
    result = runner.invoke(main, ["scan", str(tmp_path), "-f", fmt, "-o", str(out), "-q"])
    assert result.exit_code == 3, result.output  # the empty one
    text = out.read_bytes().decode("utf-8")  # valid UTF-8, whatever the format
    shown = json.dumps(json.loads(text)) if fmt == "json" else text
    escaped = "\\\\" if fmt == "json" else "\\"
    assert f"caf{escaped}xe9.txt" in shown
    assert f"vide{escaped}xff.txt" in shown or fmt == "csv"  # CSV rows are the articles' items only
    assert "Traceback" not in result.stderr and "vide\\xff.txt: empty file" in result.stderr
    if fmt == "junit":
        import xml.etree.ElementTree as ET
        assert len(ET.fromstring(text).findall(".//testcase")) == 2
    if fmt == "csv":
        import csv
        import io
        assert any("caf\\xe9.txt" in row[0] for row in csv.reader(io.StringIO(text)))


def test_a_non_utf8_name_survives_the_json_round_trip(runner: CliRunner, tmp_path: Path) -> None:
    raw = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(raw, "wb") as handle:
        handle.write(b"The mayor resigned on Monday, Reuters reported.\n")
    first = runner.invoke(main, ["scan", str(tmp_path), "-f", "json", "-q"])
    (article,) = json.loads(first.stdout)["articles"]
    assert article["path"] == f"{tmp_path}/caf\\xe9.txt"
    assert __import__("base64").b64decode(article["path_bytes"]) == raw
    again = runner.invoke(main, ["report", "-", "-f", "json"], input=first.stdout)
    assert json.loads(again.stdout)["articles"][0]["path_bytes"] == article["path_bytes"]
    assert again.stdout == first.stdout


# -- 7, 9, 11. folder walks: unreadable folders, what is skipped, FIFOs, a file named twice -----------

def test_an_unreadable_folder_is_a_problem_not_an_empty_folder(runner: CliRunner, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # Run as root, chmod cannot make a folder unreadable: the walk is told so as the kernel would tell it.
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text("The mayor resigned, Reuters reported.\n", encoding="utf-8")
    (tmp_path / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    result = runner.invoke(main, ["scan", str(tmp_path), "-f", "json"])
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert [a["path"] for a in data["articles"]] == [str(tmp_path / "ok" / "a.txt")]
    assert data["errors"] == [{"path": str(tmp_path / "locked"), "message": "cannot read this folder: permission denied"}]
    named = runner.invoke(main, ["scan", str(tmp_path / "locked"), "-f", "json"])
    assert json.loads(named.stdout)["errors"] == [{"path": str(tmp_path / "locked"),
                                                   "message": "cannot read this folder: permission denied"}]


def test_a_walk_says_once_what_it_skipped_and_never_opens_a_fifo(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The mayor resigned, Reuters reported.\n", encoding="utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4\n")
    os.mkfifo(tmp_path / "feed.txt")
    result = runner.invoke(main, ["scan", str(tmp_path), "-f", "json"])  # a FIFO opened would hang here
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["articles"]) == 1
    assert result.stderr.count("auditor: note: skipped") == 1
    assert "skipped 3 files that are not articles (2 .pdf, 1 .docx); 1 FIFO, socket or device" in result.stderr


def test_a_pdf_named_on_the_command_line_is_an_unsupported_format(runner: CliRunner, tmp_path: Path) -> None:
    pdf = tmp_path / "report.txt"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n")
    result = runner.invoke(main, ["scan", str(pdf), "-f", "json"])
    assert result.exit_code == 3
    assert json.loads(result.stdout)["errors"][0]["message"].startswith("unsupported format: PDF")


def test_the_same_file_named_twice_is_audited_once(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The mayor resigned, Reuters reported.\n", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(article)
    result = runner.invoke(main, ["scan", str(article), str(tmp_path), "-f", "json"])
    assert result.exit_code == 0
    assert [a["path"] for a in json.loads(result.stdout)["articles"]] == [str(article)]
    assert "skipped 2 files already audited (named twice, or reached through a link)" in result.stderr


# -- 10. one stray byte does not turn a UTF-8 article into mojibake -----------------------------------

def test_stray_bytes_are_replaced_and_located(runner: CliRunner, tmp_path: Path) -> None:
    text = "Министерство сообщило, что переговоры продолжатся, — передаёт ТАСС.\n" * 6
    raw = text.encode("utf-8")
    (tmp_path / "ru.txt").write_bytes(raw[:200] + b"\xff" + raw[200:])
    result = runner.invoke(main, ["scan", str(tmp_path / "ru.txt"), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    (article,) = json.loads(result.stdout)["articles"]
    assert article["encoding"] == "utf-8" and article["invalid_bytes"] == [2]
    assert [o["name"] for o in article["outlets"]] == ["TASS"]
    (finding,) = [f for f in article["findings"] if f["rule"] == "invalid-bytes"]
    assert (finding["severity"], finding["line"]) == ("warning", 2)


# -- 8. line numbers past 65,535 (libxml2 keeps 16 bits of them) ---------------------------------------

def test_lines_past_65535_are_the_true_lines(tmp_path: Path) -> None:
    from auditor.scan import scan_article

    lines = ["<html><body><article><h1>Storm liveblog</h1>"]
    for i in range(1, 90001):
        lines.append(f"<p>Update {i}: the coast road is closed, Reuters reported.</p>" if i % 15000 == 0
                     else f"<p>Entry {i}.</p>")
    lines.append('<p>Read more: <a href="https://t.co/AbCdEf1234">https://t.co/AbCdEf1234</a></p>')
    lines.append('<blockquote class="twitter-tweet"><p>The bridge is shut.</p>&mdash; Sky News (@SkyNews) '
                 '<a href="https://twitter.com/SkyNews/status/1763812345678901234">March 2, 2024</a></blockquote>')
    lines.append("</article></body></html>")
    article = scan_article("liveblog.html", "\n".join(lines).encode("utf-8"))
    (reuters,) = [o for o in article.outlets if o.name == "Reuters"]
    assert [m.line for m in reuters.mentions] == [15001, 30001, 45001, 60001, 75001, 90001]
    assert [(link.url, link.line) for link in article.links if "t.co" in link.url] == [("https://t.co/AbCdEf1234", 90002)]
    assert [t.line for t in article.tweets] == [90003]


# -- hostile articles: what cannot be read in linear time is cut, and said ------------------------------

def test_a_tag_of_a_hundred_thousand_attributes_is_cut_and_the_rest_read() -> None:
    from auditor.scan import scan_article

    attrs = " ".join(f'data-a{i}="{i}"' for i in range(100_000))
    page = (f"<html><body><article><div {attrs}><p>The bridge is closed, Reuters reported.</p></div>"
            '<p>More: <a href="https://t.co/AbCdEf1234">https://t.co/AbCdEf1234</a></p></article></body></html>')
    article = scan_article("a.html", page.encode("utf-8"))
    assert [o.name for o in article.outlets] == ["Reuters"]
    assert [link.url for link in article.links] == ["https://t.co/AbCdEf1234"]
    (finding,) = [f for f in article.findings if f.rule == "content-truncated"]
    assert finding.severity.label == "warning"
    assert "a tag of more than 65,536 characters on line 1 was cut short" in finding.message


def test_brackets_after_a_url_are_still_trimmed_as_a_sentence_puts_them() -> None:
    from auditor.scan.urls import find_urls

    text = "(see https://example.com/a_(b)) and [https://example.com/c]. Then http://x.y/" + ")" * 50_000
    assert [u.text for u in find_urls(text)] == ["https://example.com/a_(b)", "https://example.com/c", "http://x.y/"]


def test_an_article_over_its_time_limit_is_an_input_problem_and_the_run_goes_on(runner: CliRunner,
                                                                                tmp_path: Path) -> None:
    words = "The mayor said the road would reopen, Reuters reported, and the council agreed. "
    (tmp_path / "slow.html").write_text("<html><body><p>" + words * 20_000 + "</p></body></html>", encoding="utf-8")
    started = time.monotonic()
    result = runner.invoke(main, ["scan", str(tmp_path / "slow.html"), str(SEED), "--time-limit", "0.5",
                                  "-f", "json"])
    assert time.monotonic() - started < 10
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert [a["path"] for a in data["articles"]] == [str(SEED)]
    assert data["errors"] == [{"path": str(tmp_path / "slow.html"),
                               "message": "took longer than 0.5 s to scan (a hostile or malformed page?); not audited"}]


# -- endless inputs: the cap is on the bytes actually read -------------------------------------------------

def test_endless_standard_input_is_capped_not_read_forever() -> None:
    started = time.monotonic()
    result = subprocess.run(["bash", "-c", f"yes 'The mayor resigned, Reuters reported.' | '{sys.executable}' "
                                           "-m auditor scan - -f json"], capture_output=True, timeout=120)
    assert time.monotonic() - started < 60
    assert result.returncode == 3, result.stderr.decode()
    assert json.loads(result.stdout)["errors"] == [
        {"path": "-", "message": "input is larger than 50 MiB (stopped reading there)"}]


def test_a_named_fifo_that_never_ends_is_capped(runner: CliRunner, tmp_path: Path) -> None:
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)
    stop = threading.Event()

    def endless() -> None:
        chunk = b"The mayor resigned, Reuters reported.\n" * 1000
        try:
            with open(fifo, "wb") as handle:
                while not stop.is_set():
                    handle.write(chunk)
        except OSError:
            pass  # the reader stopped reading: the pipe broke

    writer = threading.Thread(target=endless, daemon=True)
    writer.start()
    result = runner.invoke(main, ["scan", str(fifo), "-f", "json"])
    stop.set()
    assert result.exit_code == 3
    assert json.loads(result.stdout)["errors"] == [
        {"path": str(fifo), "message": "file is larger than 50 MiB (stopped reading there)"}]


# -- markup nested past libxml2's limit: read flattened, or said -------------------------------------------

TWEET = ('<blockquote class="twitter-tweet"><p>The bridge is shut.</p>&mdash; Sky News (@SkyNews) '
         '<a href="https://twitter.com/SkyNews/status/1763812345678901234">March 2, 2024</a></blockquote>')


@pytest.mark.parametrize("depth", [2_100, 10_000])
def test_containers_nested_past_the_parsers_limit_are_read_flattened(depth: int) -> None:
    from auditor.scan import scan_article

    page = ("<html><body>" + "<div>" * depth + "<p>See <a href='https://t.co/AbCdEf1234'>the figures</a>, Reuters "
            "reported.</p>" + TWEET + "</div>" * depth + "</body></html>")
    article = scan_article("a.html", page.encode("utf-8"))
    assert [t.status_id for t in article.tweets] == ["1763812345678901234"]
    assert "https://t.co/AbCdEf1234" in [link.url for link in article.links]
    assert {o.name for o in article.outlets} == {"Reuters", "Sky News"}


def test_nesting_that_cannot_be_flattened_is_said_as_a_finding() -> None:
    from auditor.scan import scan_article

    page = ("<html><body><p>Intro.</p>" + "<blockquote>" * 3_000 + "<p>See <a href='https://t.co/AbCdEf1234'>it</a></p>"
            + "</blockquote>" * 3_000 + "</body></html>")
    article = scan_article("a.html", page.encode("utf-8"))
    (finding,) = [f for f in article.findings if f.rule == "content-truncated"]
    assert "nested more than 2,048 levels deep" in finding.message


# -- found by trying to break the above ------------------------------------------------------------------

def test_a_servers_location_cannot_put_terminal_escapes_on_screen(runner: CliRunner) -> None:
    from tests.resolve.conftest import RawServer

    with RawServer() as server:
        server.answer = (b"HTTP/1.1 302 Found\r\nLocation: /ok?\x1b[2J\x1b[31mPWNED\x1b]0;title\x07\r\n"
                         b"Content-Length: 0\r\nConnection: close\r\n\r\n")
        result = runner.invoke(main, ["resolve", server.base + "/esc", "--allow-private", "--no-cache", "-q",
                                      "--timeout", "1"], color=True)
    assert "\x1b[2J" not in result.stdout and "\x1b]0;" not in result.stdout and "\x07" not in result.stdout
    assert "PWNED" in result.stdout  # shown, defused


def test_a_file_name_cannot_put_escapes_or_fake_lines_on_screen(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "x\x1b]0;owned\x07.txt").write_bytes(b"")
    result = runner.invoke(main, ["scan", str(tmp_path), "-o", str(tmp_path / "out\nfake: wrote OK.json")])
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert not any(line.startswith("fake: wrote OK") for line in result.stderr.splitlines())


def test_an_interim_1xx_answer_is_not_a_broken_link(runner: CliRunner) -> None:
    from tests.resolve.conftest import RawServer

    with RawServer() as server:
        server.answer = (b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                         b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        result = runner.invoke(main, ["resolve", server.base + "/", "--allow-private", "--no-cache", "-q",
                                      "--timeout", "1", "-f", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["check"]["status"] != "broken"


def test_a_report_name_of_250_characters_is_written(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / ("r" * 250)
    code, err = _scan_to(runner, target)
    assert code == 0, err
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["articles"] == 1


def test_an_existing_reports_setuid_bit_is_kept(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o4755)
    assert _scan_to(runner, target)[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o4755


@pytest.mark.parametrize("content", [b"\xef\xbb\xbf", b"\xef\xbb\xbf \n", b"\xff\xfe \x00\n\x00"])
def test_a_byte_order_mark_alone_is_an_empty_file(runner: CliRunner, tmp_path: Path, content: bytes) -> None:
    (tmp_path / "bom.txt").write_bytes(content)
    result = runner.invoke(main, ["scan", str(tmp_path / "bom.txt"), "-f", "json"])
    assert result.exit_code == 3
    assert json.loads(result.stdout)["errors"][0]["message"] == "empty file"


def test_a_pdf_behind_a_byte_order_mark_is_still_a_pdf(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbf%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    result = runner.invoke(main, ["scan", str(tmp_path / "a.txt"), "-f", "json"])
    assert json.loads(result.stdout)["errors"][0]["message"].startswith("unsupported format: PDF")


def test_the_first_progress_line_of_a_fresh_scan_says_what_is_coming(runner: CliRunner, tmp_path: Path) -> None:
    for i in range(25):
        (tmp_path / f"a{i:02}.txt").write_text("The mayor resigned, Reuters reported.\n", encoding="utf-8")
    result = runner.invoke(main, ["scan", str(tmp_path), "-o", str(tmp_path / "out.json")])
    assert result.stderr.splitlines()[0] == "auditor: scanning 25 articles"


def test_a_fifo_named_on_the_command_line_with_no_writer_ends_with_the_time_limit(runner: CliRunner,
                                                                                   tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "nobody.txt")
    started = time.monotonic()
    result = runner.invoke(main, ["scan", str(tmp_path / "nobody.txt"), str(SEED), "--time-limit", "0.5",
                                  "-f", "json"])
    assert time.monotonic() - started < 10
    data = json.loads(result.stdout)
    assert data["errors"][0]["message"].startswith("took longer than 0.5 s to read")
    assert [a["path"] for a in data["articles"]] == [str(SEED)]


def test_standard_input_named_twice_is_read_once(runner: CliRunner) -> None:
    result = runner.invoke(main, ["scan", "-", "-", "-f", "json"], input=SEED.read_bytes())
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [a["path"] for a in data["articles"]] == ["-"] and data["errors"] == []


# -- injection through names and text, in every format --------------------------------------------------------

def _report_of(path: str, text: str = "The bridge is closed, Reuters reported.") -> Any:
    from auditor.model import Meta, Report
    from auditor.scan import scan_article

    return Report(Meta("2026-12-02T00:00:00Z"), (scan_article(path, (text + "\n").encode("utf-8")),))


def test_backticks_in_a_name_cannot_break_out_of_its_markdown_code_span() -> None:
    import re

    from auditor.report import RenderOptions, render

    path = "a``<img src=x onerror=alert(1)>``b.txt"
    markdown = render(_report_of(path), "markdown", RenderOptions())
    (line,) = [line for line in markdown.splitlines() if "onerror" in line]
    span = re.search(r"(`+) (.*?) \1(?!`)", line)
    assert span is not None and "<img src=x onerror=alert(1)>" in span.group(2)
    assert len(span.group(1)) > max(len(run) for run in re.findall(r"`+", span.group(2)))


def test_a_carriage_return_in_a_name_does_not_split_a_csv_row() -> None:
    import csv
    import io

    from auditor.report import RenderOptions, render

    rows = list(csv.reader(io.StringIO(render(_report_of("evil\rname.txt"), "csv", RenderOptions()), newline="")))
    assert len(rows) == 2 and len(rows[1]) == len(rows[0])


def test_non_characters_in_a_name_keep_junit_valid() -> None:
    import xml.etree.ElementTree as ET

    from auditor.report import RenderOptions, render

    xml = render(_report_of("bad\ufffe\uffffname.txt"), "junit", RenderOptions())
    assert len(ET.fromstring(xml).findall(".//testcase")) == 1


def test_bidi_overrides_and_controls_are_defused_in_text_and_html() -> None:
    from auditor.report import RenderOptions, render

    report = _report_of("a.txt", "The bridge \u202eis closed\u202c, Reuters reported.\x01")
    for fmt in ("text", "html"):
        out = render(report, fmt, RenderOptions())
        assert "\u202e" not in out and "\x01" not in out, fmt
        assert "Reuters" in out


def test_an_ipv4_compatible_ipv6_loopback_is_refused() -> None:
    from auditor.resolve.policy import AddressPolicy, ForbiddenAddress

    with pytest.raises(ForbiddenAddress):
        AddressPolicy().check_literal("[::127.0.0.1]")


def test_temporary_files_a_killed_run_left_are_cleared_by_the_next(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "nightly.json"
    stale = tmp_path / ".nightly.json.a1b2c3.tmp"
    stale.write_text('{"half": ', encoding="utf-8")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))  # left two hours ago by a run killed mid-write
    fresh = tmp_path / ".nightly.json.d4e5f6.tmp"
    fresh.write_text('{"being written": ', encoding="utf-8")  # another run, writing now
    other = tmp_path / ".notes.txt.tmp"
    other.write_text("someone else's", encoding="utf-8")
    os.utime(other, (time.time() - 7200, time.time() - 7200))
    assert _scan_to(runner, target)[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [".nightly.json.d4e5f6.tmp", ".notes.txt.tmp", "nightly.json"]


def test_a_reader_that_stops_reading_ends_the_report_quietly() -> None:
    """`auditor scan ... | head`: the pipe closes mid-report; the run says nothing of it and exits as its findings
    say (0 here: the default policy fails on errors, and there are none offline)."""
    proc = subprocess.Popen([sys.executable, "-m", "auditor", "scan", str(ROOT / "tests" / "corpus" / "articles"),
                             "-f", "json", "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(10).startswith(b"{")
    proc.stdout.close()  # the report is some 400 KB: the rest meets a closed pipe
    with proc.stderr:
        err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, err
    assert "Traceback" not in err and "Exception ignored" not in err and "Broken pipe" not in err


def test_an_interrupted_report_on_standard_output_is_said_to_be_incomplete() -> None:
    proc = _auditor("scan", str(ROOT / "tests" / "corpus" / "articles"), "-f", "json", "-q")
    assert proc.stdout is not None
    assert proc.stdout.read(10).startswith(b"{")  # begun, and waiting on a full pipe for the rest to be read
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err.decode()
    assert "auditor: interrupted; the report on standard output is incomplete" in err.decode()
