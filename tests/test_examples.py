"""The CI examples in examples/ parse, and every auditor command in them is one the command line accepts."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from auditor.cli import main
from tests.conftest import ROOT

EXAMPLES = sorted((ROOT / "examples").glob("*.yml"))
_EXPRESSION = re.compile(r"\$\{\{\s*matrix\.shard\s*\}\}|\$\{\{[^}]*\}\}")


def scripts(workflow: dict[str, Any]) -> list[str]:
    """Every shell line a workflow runs: GitHub's steps' `run`, GitLab's `script` and `after_script`."""
    lines: list[str] = []
    for job in (workflow.get("jobs") or {}).values():
        for step in job.get("steps", []):
            lines += str(step.get("run", "")).splitlines()
    for name, job in workflow.items():
        if isinstance(job, dict) and name not in ("jobs", "on", True):
            for key in ("before_script", "script", "after_script"):
                lines += [str(line) for line in job.get(key, [])]
    return lines


def auditor_commands(line: str) -> list[list[str]]:
    """The auditor invocations in a shell line: `if ...; then auditor diff ... >> x; fi` gives the diff's words."""
    line = _EXPRESSION.sub("1", line)
    found = []
    for part in re.split(r"&&|\|\||;|\|", line):
        words = shlex.split(part.strip()) if part.strip() else []
        while words and words[0] in ("then", "if", "do", "else"):
            words = words[1:]
        if words and words[0] == "auditor":
            args = words[1:]
            for redirect in (">>", ">"):
                if redirect in args:
                    args = args[:args.index(redirect)]
            found.append(args)
    return found


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_auditor_command_in_the_example_is_accepted(path: Path) -> None:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    commands = [c for line in scripts(workflow) for c in auditor_commands(line)]
    if path.name == "github-action.yml":  # the action runs auditor; tests/test_action.py runs its steps
        assert commands == []
        return
    assert len(commands) >= 3, "the example runs auditor"
    for args in commands:
        name, rest = args[0], args[1:]
        assert name in main.commands, f"{path.name}: auditor {' '.join(args)}: no such command"
        with main.make_context("auditor", [], resilient_parsing=True) as parent:
            try:
                main.commands[name].make_context(name, rest, parent=parent)
            except click.ClickException as exc:
                pytest.fail(f"{path.name}: auditor {' '.join(args)}: {exc.format_message()}")


def test_the_examples_are_the_ones_the_readme_names() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [p.name for p in EXAMPLES] == ["github-action.yml", "github-nightly-sharded.yml", "github-nightly.yml",
                                        "gitlab-ci.yml"]
    for path in EXAMPLES:
        assert f"examples/{path.name}" in readme
