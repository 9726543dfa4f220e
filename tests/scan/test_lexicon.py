"""The cue files: well formed, and the phrase notation means what docs/outlets.md says."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from auditor.scan.lexicon import LANGUAGES, alternation, load_lexicon, phrase


def _phrases(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [p for v in value for p in _phrases(v)]
    if isinstance(value, dict):
        return [p for v in value.values() for p in _phrases(v)]
    return []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_cue_file_is_well_formed(language: str) -> None:
    raw = resources.files("auditor.data").joinpath("cues", f"{language}.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    assert data["language"] == language
    for key in ("before", "after", "weak", "descriptors", "articles", "credit"):
        assert key in data, f"{language}.json lacks {key!r}"
    for text in _phrases({k: v for k, v in data.items() if k not in ("language", "platform_names")}):
        assert text == " ".join(text.split()), f"{language}: stray whitespace in {text!r}"
        assert not re.search(r"\{[^}]*\s[^}]*\}", text), f"{language}: a choice holds a space: {text!r}"
        assert all(t[0] == "{" and t[-1] == "}" for t in text.split() if "{" in t or "}" in t), \
            f"{language}: a choice must be a whole word: {text!r}"
        re.compile(phrase(text))


@pytest.mark.parametrize(("notation", "matches", "misses"), [
    ("according to", ["according to", "according\n  to"], ["accordingto"]),
    ("in {a|an|} interview with", ["in an interview with", "in interview with"], ["in the interview with"]),
    ("{l'|} {avait|a|ont} révélé", ["l'ont révélé", "l’avait révélé", "a révélé"], ["l ont révélé"]),
    ("a déclaré … à", ["a déclaré à", "a déclaré mardi soir à"], ["a déclaré. Puis à"]),
    ("pro-*", ["pro-Kremlin", "pro-government"], ["anti-Kremlin"]),
    ("*-owned", ["state-owned", "Kremlin-owned"], ["owned"]),
])
def test_phrase_notation(notation: str, matches: list[str], misses: list[str]) -> None:
    pattern = re.compile(phrase(notation), re.IGNORECASE)
    for text in matches:
        assert pattern.fullmatch(text), f"{notation!r} should match {text!r}"
    for text in misses:
        assert not pattern.fullmatch(text), f"{notation!r} should not match {text!r}"


def test_longer_phrases_are_tried_first() -> None:
    match = re.match(alternation(["according", "according to"]), "according to Reuters")
    assert match is not None and match.group(0) == "according to"


def test_every_language_contributes_cues() -> None:
    lexicon = load_lexicon()
    for language in LANGUAGES:
        assert lexicon.words("before", [language]) and lexicon.words("after", [language]), language
