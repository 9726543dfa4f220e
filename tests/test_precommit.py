"""The pre-commit hook (.pre-commit-hooks.yaml): a valid manifest, and, run by pre-commit itself in a git
repository, it scans the staged articles (and nothing else) offline and fails the commit on the policy.

pre-commit would install the hook's repository into an environment of its own from the package index; here the
same hook (entry, files, types) is declared as a local one that runs the `auditor` already installed, so that
pre-commit's own file selection and invocation are what is tested, without the network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from pre_commit.clientlib import language_names, load_manifest

from tests.conftest import ROOT

SEED = ROOT / "seeds" / "000_d71e34fecafe3ed8.txt"
UNSOURCED = ROOT / "seeds" / "004_8002d404a781e14f.txt"


def _hook() -> dict[str, Any]:
    (hook,) = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    return dict(hook)


def test_the_manifest_is_one_valid_hook_that_scans_offline() -> None:
    hook = _hook()
    assert hook["id"] == "auditor"
    assert hook["language"] == "python"
    assert hook["entry"].split()[:2] == ["auditor", "scan"]
    assert "--resolve" not in hook["entry"]
    assert hook["pass_filenames"] is True


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "newsroom"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "desk@example.org")
    _git(repo, "config", "user.name", "Desk")
    hook = _hook()
    local = {key: hook[key] for key in ("id", "name", "entry", "files", "types", "require_serial")}
    local["language"] = "unsupported" if "unsupported" in language_names else "system"
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    (repo / "articles").mkdir()
    return repo


def _commit(repo: Path, tmp: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AUDITOR_", "GIT_"))}
    env.update({"PRE_COMMIT_HOME": str(tmp / "pre-commit-home"), "AUDITOR_CACHE_DIR": str(tmp / "compiled"),
                "PATH": str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")})
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", *extra], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=300)


def test_staged_articles_that_pass_the_policy_pass(repo: Path, tmp_path: Path) -> None:
    shutil.copy(SEED, repo / "articles" / "ria.txt")
    (repo / "notes.py").write_text("print('not an article')\n")
    _git(repo, "add", ".")
    result = _commit(repo, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "sourcing audit (auditor)" in result.stdout and "Passed" in result.stdout


def test_the_repository_policy_fails_the_commit_and_names_the_article(repo: Path, tmp_path: Path) -> None:
    (repo / "auditor.toml").write_text('fail-on = ["warning"]\n')
    shutil.copy(UNSOURCED, repo / "articles" / "unsourced.txt")
    _git(repo, "add", ".")
    result = _commit(repo, tmp_path, "--verbose")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout
    assert "articles/unsourced.txt" in result.stdout and "no-cited-outlet" in result.stdout


def test_only_staged_files_are_scanned(repo: Path, tmp_path: Path) -> None:
    (repo / "auditor.toml").write_text('fail-on = ["warning"]\n')
    shutil.copy(SEED, repo / "articles" / "ria.txt")
    _git(repo, "add", "articles/ria.txt", ".pre-commit-config.yaml")
    _git(repo, "commit", "-q", "-m", "first", "--no-verify")
    shutil.copy(UNSOURCED, repo / "articles" / "draft.txt")  # not staged: not the commit's
    (repo / "articles" / "ria.txt").write_text(SEED.read_text() + "\nMore text.\n")
    _git(repo, "add", "articles/ria.txt")
    result = _commit(repo, tmp_path, "--verbose")
    assert "draft.txt" not in result.stdout
    assert "articles/ria.txt" in result.stdout
    assert result.returncode == 1  # ria.txt's pasted post has no link: a warning, which this policy fails on
    assert "tweet-without-url" in result.stdout


def test_no_article_staged_skips_the_hook(repo: Path, tmp_path: Path) -> None:
    (repo / "notes.py").write_text("print('not an article')\n")
    _git(repo, "add", "notes.py")
    result = _commit(repo, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(no files to check)Skipped" in result.stdout
