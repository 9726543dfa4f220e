"""The JSON report of the whole own corpus, byte for byte: what every speed-up must leave as it was.

Regenerate with AUDITOR_UPDATE_EXPECTED=1 only when a change is meant to alter what is found, and read the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from click.testing import CliRunner

from auditor.cli import main
from tests.conftest import ROOT

GOLDEN = Path(__file__).parent / "golden" / "corpus.json"
_GENERATED = re.compile(r'"generated_at": "[^"]*"')


def test_the_corpus_report_is_unchanged() -> None:
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(main, ["scan", "tests/corpus/articles", "tests/fixtures/articles", "seeds",
                                           "-f", "json", "-q", "--exit-zero"])
    finally:
        os.chdir(here)
    assert result.exit_code == 0, result.stderr
    rendered = _GENERATED.sub('"generated_at": "<timestamp>"', result.stdout)
    if os.environ.get("AUDITOR_UPDATE_EXPECTED"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(rendered, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    assert rendered.count("\n") == expected.count("\n")
    assert rendered == expected
