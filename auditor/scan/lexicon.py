"""The attribution lexicon: what each language says to cite an outlet, read from ``auditor/data/cues/*.json``.

The files hold words and phrases only; this module turns them into the pieces
of regular expression that :mod:`auditor.scan.outlets` assembles into its
grammar (cue, optional determiner and adjectives, name; or name, verb). The
grammar is the same for every language.

Phrase notation in the files:

- words are separated by single spaces and match any run of whitespace;
- ``{a|b|}`` is a choice of words; an empty choice makes the word optional;
- ``…`` is a gap of up to 60 characters within the sentence ("a déclaré … à");
- a trailing or leading ``*`` in a word stands for any word characters
  ("pro-*", "*-owned");
- ``'`` matches both the ASCII and the typographic apostrophe.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import ahocorasick

LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "ru", "uk")
"""The languages whose attribution is read, in the order their cues are tried."""

_GAP = r"(?:\s+[^.!?;]{1,60}?)?"


def _word(word: str) -> str:
    prefix, suffix = word.startswith("*"), word.endswith("*") and len(word) > 1
    core = re.escape(word.strip("*")).replace("'", "['\u2019]").replace("\\-", "-")
    return (r"[\w'\u2019]+" if prefix else "") + core + (r"\w*" if suffix else "")


def phrase(text: str) -> str:
    """The regular expression for one phrase of the cue files (see the module's notation)."""
    out = ""
    need_space = False
    glued = False  # the previous word ended in an apostrophe: "l'ont", "dell'agenzia"
    for token in text.split():
        if token == "\u2026":
            out += _GAP
            continue
        choices = token[1:-1].split("|") if token.startswith("{") and token.endswith("}") else [token]
        optional = "" in choices
        body = "|".join(_word(c) for c in choices if c)
        body = f"(?:{body})" if "|" in body or optional else body
        space = r"\s*" if glued else r"\s+"
        elided = any(c.endswith("'") for c in choices if c)
        if optional:
            after = r"\s*" if elided else r"\s+"
            out += f"(?:{space}{body})?" if need_space else f"(?:{body}{after})?"
            glued = False
        else:
            out += (space if need_space else "") + body
            need_space, glued = True, elided
    return out


def alternation(phrases: Iterable[str]) -> str:
    """One group matching any of ``phrases``, the longest tried first so "according to" beats "according"."""
    unique = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "(?:" + "|".join(phrase(p) for p in unique) + ")" if unique else "(?!)"


def any_of(words: Iterable[str]) -> Callable[[str], bool]:
    """Whether a text holds any of ``words`` (case-sensitive substrings): one pass of an automaton, where a
    pattern of the words tries every word at every character and ``any(w in text ...)`` reads the text once a
    word."""
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    for word in words:
        automaton.add_word(word, 0)
    automaton.make_automaton()

    def holds(text: str) -> bool:
        return next(automaton.iter(text), None) is not None
    return holds


@dataclass(frozen=True)
class Lexicon:
    """Every language's cue words, merged: each field is a list across :data:`LANGUAGES`."""

    raw: dict[str, dict[str, Any]]

    def words(self, key: str, languages: Iterable[str] = LANGUAGES) -> list[str]:
        """All entries of ``key`` (a list in each file; ``credit.source`` reads a nested one)."""
        found: list[str] = []
        for language in languages:
            value: Any = self.raw[language]
            for part in key.split("."):
                value = value.get(part, []) if isinstance(value, dict) else []
            found.extend(value)
        return found

    def pattern(self, key: str, languages: Iterable[str] = LANGUAGES) -> str:
        """The alternation of every phrase under ``key``."""
        return alternation(self.words(key, languages))

    def mapping(self, key: str) -> dict[str, str]:
        merged: dict[str, str] = {}
        for language in LANGUAGES:
            merged.update(self.raw[language].get(key, {}))
        return merged


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The cue files shipped in ``auditor/data/cues/``."""
    folder = resources.files("auditor.data").joinpath("cues")
    raw = {language: json.loads(folder.joinpath(f"{language}.json").read_text(encoding="utf-8"))
           for language in LANGUAGES}
    return Lexicon(raw)
