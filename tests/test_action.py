"""The GitHub Action (action.yml), its steps run here as a runner would run them, and the example workflow using it.

The steps that call other actions (setup-python, the cache) are GitHub's own and are not run; nor is the
install step (installing this checkout is what tests/test_packaging.py does, in a clean environment). Every
other step runs in bash with GitHub's options, its `${{ }}` expressions and `if:` conditions evaluated by the
small evaluator below, which refuses any expression it does not know rather than guess.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
SEED = ROOT / "seeds" / "000_d71e34fecafe3ed8.txt"
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
_TERM = re.compile(r"^(?P<path>[\w.-]+)\s*(?P<op>==|!=)\s*'(?P<value>[^']*)'$")


@dataclass
class Run:
    status: int
    outputs: dict[str, str]
    summary: str
    ran: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    log: str = ""


def _lookup(path: str, context: dict[str, Any]) -> str:
    value: Any = context
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            raise KeyError(f"unknown expression {path!r}")
        value = value[part]
    return str(value)


def _substitute(text: str, context: dict[str, Any]) -> str:
    return _EXPRESSION.sub(lambda m: _lookup(m.group(1), context), text)


def _condition(text: str, context: dict[str, Any]) -> bool:
    result = True
    for term in (t.strip() for t in text.split("&&")):
        if term == "always()":
            continue
        match = _TERM.match(term)
        if match is None:
            raise ValueError(f"condition the test cannot evaluate: {term!r}")
        equal = _lookup(match["path"], context) == match["value"]
        result = result and (equal if match["op"] == "==" else not equal)
    return result


def _outputs(path: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in path.read_text().splitlines():
        name, _, value = line.partition("=")
        found[name] = value  # NOTE: a later line wins, as on GitHub
    return found


def run_action(workspace: Path, **given: str) -> Run:
    """The action's steps with ``given`` inputs (underscores for dashes), in ``workspace``, as a runner runs them."""
    inputs = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    for name, value in given.items():
        key = name.replace("_", "-")
        assert key in inputs, f"the action has no input {key}"
        inputs[key] = value
    files = workspace / ".runner"
    files.mkdir(exist_ok=True)
    summary, steps_outputs = files / "summary.md", {}
    summary.touch()
    context: dict[str, Any] = {"inputs": inputs, "github": {"action_path": str(ROOT), "workflow": "audit",
                                                            "run_id": "1", "run_attempt": "1"},
                               "steps": steps_outputs}
    run = Run(0, {}, "")
    for index, step in enumerate(ACTION["runs"]["steps"]):
        name = step.get("name", str(index))
        if "if" in step and not _condition(step["if"], context):
            continue
        if "uses" in step or step.get("id") == "install":
            run.skipped.append(name)
            continue
        output = files / f"output-{index}"
        output.write_text("")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("INPUT_", "GITHUB_"))}
        env.update({k: _substitute(str(v), context) for k, v in step.get("env", {}).items()})
        env.update({"GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary),
                    "PATH": str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""),
                    "AUDITOR_CACHE_DIR": str(files / "compiled")})
        assert step["shell"] == "bash"
        script = files / f"step-{index}.sh"
        script.write_text(step["run"])
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=workspace,
                              env=env, capture_output=True, text=True, timeout=300)
        run.log += done.stdout + done.stderr
        run.ran.append(name)
        if "id" in step:
            steps_outputs[step["id"]] = {"outputs": _outputs(output)}
        if done.returncode != 0:
            run.status = done.returncode
            break
    run.outputs = steps_outputs.get("audit", {}).get("outputs", {})
    run.summary = summary.read_text()
    return run


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SEED, articles / "ria.txt")
    return tmp_path


def test_the_action_is_composite_and_documents_every_input_and_output() -> None:
    assert ACTION["runs"]["using"] == "composite"
    for name, spec in {**ACTION["inputs"], **ACTION["outputs"]}.items():
        assert spec.get("description"), name
    step_ids = {s.get("id") for s in ACTION["runs"]["steps"]}
    for spec in ACTION["outputs"].values():
        assert re.fullmatch(r"\$\{\{ steps\.(\w+)\.outputs\.[\w-]+ \}\}", spec["value"])
        assert spec["value"].split(".")[1] in step_ids
    for step in ACTION["runs"]["steps"]:
        if "run" in step:  # NOTE: inputs pass through the environment: an input pasted into a script could run code
            assert "${{" not in step["run"], step["name"]


def test_a_clean_audit_passes_and_writes_its_reports_and_the_job_summary(workspace: Path) -> None:
    run = run_action(workspace, paths="articles", formats="markdown,html,junit,sarif")
    assert run.status == 0, run.log
    assert run.outputs["exit-code"] == "0"
    assert run.outputs["report"] == "auditor-report/auditor.json"
    report = json.loads((workspace / "auditor-report" / "auditor.json").read_text())
    assert [a["path"] for a in report["articles"]] == ["articles/ria.txt"]
    for name in ("auditor.md", "auditor.html", "auditor.xml", "auditor.sarif"):
        assert (workspace / "auditor-report" / name).stat().st_size > 0, name
    assert "RIA Novosti" in run.summary and "BelTA" in run.summary
    assert run.skipped == ["Set up Python", "Install auditor"]  # no resolve: the cache steps do not run


def test_a_finding_named_in_fail_on_fails_the_job_after_the_reports_are_written(workspace: Path) -> None:
    run = run_action(workspace, paths="articles", fail_on="tweet-without-url", formats="github")
    assert run.status == 1
    assert run.outputs["exit-code"] == "1"
    assert "::error title=auditor::the audit exited 1" in run.log
    assert "::warning file=articles/ria.txt,line=25" in run.log  # the annotation of the 'github' format
    assert "tweet-without-url" in run.summary


def test_fail_false_lets_the_job_go_on_and_the_exit_code_says_what_was_found(workspace: Path) -> None:
    run = run_action(workspace, paths="articles", fail_on="warning", fail="false")
    assert run.status == 0
    assert run.outputs["exit-code"] == "1"


def test_with_a_baseline_only_new_findings_fail(workspace: Path) -> None:
    first = run_action(workspace, paths="articles", fail_on="warning", baseline="last.json", fail="false")
    assert first.outputs["exit-code"] == "1"  # the first night: no baseline yet, every finding is new
    shutil.copy(workspace / "auditor-report" / "auditor.json", workspace / "last.json")
    again = run_action(workspace, paths="articles", fail_on="warning", baseline="last.json")
    assert again.status == 0, again.log
    shutil.copy(ROOT / "seeds" / "004_8002d404a781e14f.txt", workspace / "articles" / "new.txt")
    third = run_action(workspace, paths="articles", fail_on="warning", baseline="last.json")
    assert third.status == 1  # the added article's finding is new
    assert "no-cited-outlet" in third.summary


def test_paths_on_several_lines_and_more_scan_options(workspace: Path) -> None:
    (workspace / "more").mkdir()
    shutil.copy(ROOT / "seeds" / "004_8002d404a781e14f.txt", workspace / "more" / "b.txt")
    (workspace / "more" / "drafts").mkdir()
    shutil.copy(SEED, workspace / "more" / "drafts" / "c.txt")
    run = run_action(workspace, paths="articles\nmore", args="--exclude-path drafts --jobs 1")
    assert run.status == 0, run.log
    report = json.loads((workspace / "auditor-report" / "auditor.json").read_text())
    assert sorted(a["path"] for a in report["articles"]) == ["articles/ria.txt", "more/b.txt"]


def test_an_unknown_format_is_an_error_that_names_the_formats(workspace: Path) -> None:
    run = run_action(workspace, paths="articles", formats="markdown,pdf")
    assert run.status == 2
    assert "unknown format 'pdf'" in run.log
    assert (workspace / "auditor-report" / "auditor.md").exists()


def test_an_unreadable_path_exits_3_and_still_reports_the_rest(workspace: Path) -> None:
    run = run_action(workspace, paths="articles missing.txt")
    assert run.status == 3
    report = json.loads((workspace / "auditor-report" / "auditor.json").read_text())
    assert [a["path"] for a in report["articles"]] == ["articles/ria.txt"]


def test_a_summary_past_githubs_limit_is_cut_with_a_note(workspace: Path) -> None:
    articles = workspace / "articles"
    text = SEED.read_text()
    for i in range(1400):  # about 790 bytes of Markdown each
        (articles / f"copy-{i:04}.txt").write_text(text)
    run = run_action(workspace, paths="articles", args="--jobs 2")
    assert run.status == 0, run.log
    assert len(run.summary.encode()) < 1_000_000 + 500
    assert "**The report was cut here**" in run.summary
    assert (workspace / "auditor-report" / "auditor.md").stat().st_size > 1_000_000  # the file is whole


@pytest.fixture()
def server() -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(404 if self.path.startswith("/gone") else 200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><title>x</title></html>")

        do_HEAD = do_GET

        def log_message(self, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_resolve_checks_links_into_the_cache_file_the_cache_steps_keep(workspace: Path, server: str) -> None:
    (workspace / "articles" / "ria.txt").unlink()  # NOTE: its links lead off this machine
    (workspace / "articles" / "links.txt").write_text(
        f"According to Reuters, the plan failed.\n\nSource: {server}/ok and {server}/gone/story\n")
    run = run_action(workspace, paths="articles", resolve="true", fail_on="broken-link", cache_file="verdicts.sqlite",
                     args="--allow-private")
    assert run.status == 1, run.log
    assert (workspace / "verdicts.sqlite").exists()
    assert run.skipped == ["Set up Python", "Install auditor", "Restore the verdict cache", "Save the verdict cache"]
    cached = [s for s in ACTION["runs"]["steps"] if str(s.get("uses", "")).startswith("actions/cache/")]
    assert {s["with"]["path"] for s in cached} == {"${{ inputs.cache-file }}"}
    report = json.loads((workspace / "auditor-report" / "auditor.json").read_text())
    verdicts = {link["url"]: link["check"]["status"] for a in report["articles"] for link in a["links"]}
    assert verdicts == {f"{server}/ok": "ok", f"{server}/gone/story": "broken"}


def test_the_example_workflow_uses_the_action_with_its_inputs_only() -> None:
    workflow = yaml.safe_load((ROOT / "examples" / "github-action.yml").read_text())
    uses = [step for job in workflow["jobs"].values() for step in job["steps"]
            if "/auditor@" in str(step.get("uses", ""))]
    assert uses
    for step in uses:
        assert set(step.get("with", {})) <= set(ACTION["inputs"]), step


def test_a_path_with_spaces_one_a_line_and_a_file_named_like_an_option(workspace: Path) -> None:
    (workspace / "my articles").mkdir()
    shutil.copy(SEED, workspace / "my articles" / "a b.txt")
    shutil.copy(ROOT / "seeds" / "004_8002d404a781e14f.txt", workspace / "--exit-zero")
    run = run_action(workspace, paths="my articles\n  --exit-zero  \n", fail_on="warning")
    report = json.loads((workspace / "auditor-report" / "auditor.json").read_text())
    assert sorted(a["path"] for a in report["articles"]) == ["--exit-zero", "my articles/a b.txt"]
    assert run.status == 1  # the file named "--exit-zero" was audited, not taken for the option


def test_options_on_several_lines_and_formats_that_look_like_globs(workspace: Path) -> None:
    (workspace / "articles" / "drafts").mkdir()
    shutil.copy(SEED, workspace / "articles" / "drafts" / "d.txt")
    run = run_action(workspace, paths="articles", args="--jobs 1\n--exclude-path drafts", formats="markdown, *")
    report = json.loads((workspace / "auditor-report" / "auditor.json").read_text())
    assert [a["path"] for a in report["articles"]] == ["articles/ria.txt"]  # the second line was read too
    assert run.status == 2 and "unknown format '*'" in run.log
    assert run.log.count("unknown format") == 1  # "*" is no glob: no file of the folder is taken for a format
