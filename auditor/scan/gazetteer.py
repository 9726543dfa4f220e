"""The outlet gazetteer: canonical names, aliases, kinds, domains and X handles."""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Entry:
    """One outlet as the gazetteer knows it."""

    name: str
    kind: str
    country: str | None
    aliases: tuple[str, ...]
    """Spellings that name it in text, matched case-sensitively."""
    domains: tuple[str, ...]
    handles: tuple[str, ...]
    """X/Twitter handles without the @."""
    strict: tuple[str, ...] = ()
    """Aliases that also name other things (PTI is also a party): they need a reporting cue."""


class Gazetteer:
    """Look outlets up by alias, handle or domain, and search them by any of those."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = tuple(entries)
        self.by_alias: dict[str, Entry] = {}
        self.by_handle: dict[str, Entry] = {}
        self.by_domain: dict[str, Entry] = {}
        for entry in entries:
            for alias in entry.aliases:
                self.by_alias.setdefault(alias, entry)
                if alias.startswith("The "):  # "told the Times", "according to the Economist"
                    self.by_alias.setdefault("the " + alias[4:], entry)
                for form in _inflections(alias):  # "сообщил Интерфаксу", "передає Укрінформу"
                    self.by_alias.setdefault(form, entry)
                # Datelines and photo credits shout: "REUTERS", "INTERFAX".
                if len(alias) >= 5 and alias.upper() != alias:
                    self.by_alias.setdefault(alias.upper(), entry)
            for handle in entry.handles:
                self.by_handle.setdefault(handle.lower(), entry)
            for domain in entry.domains:
                self.by_domain.setdefault(domain.lower(), entry)
        self.domains = frozenset(self.by_domain)
        self.strict = frozenset(a for e in entries for a in e.strict)
        self.platforms = {e.name: e for e in entries if e.kind == "platform"}
        names = sorted((a for a, e in self.by_alias.items() if e.kind != "platform"), key=len, reverse=True)
        # Not inside a word, an e-mail, a handle or a URL path; " /ТАСС/" (a TASS dateline) is fine.
        # A hyphen may follow only in German compounds of reporting ("Spiegel-Informationen").
        self.name_re = re.compile(r"(?<![\w@#.\-])(?<![\w.]/)" + trie_pattern(names)
                                  + r"(?![\w]|-(?![\u201e\"]?[A-Z][a-z])|\.\w)")

    def search(self, query: str) -> list[Entry]:
        """Entries whose name, alias, country, kind, domain or handle contains ``query``."""
        needle = _fold(query)
        if not needle:
            return list(self.entries)
        if query.strip().startswith("@"):  # a handle: who owns exactly this one
            entry = self.by_handle.get(needle)
            return [entry] if entry else []
        hits = []
        for entry in self.entries:
            haystack = [entry.name, entry.kind, entry.country or "", *entry.aliases, *entry.domains, *entry.handles]
            if any(needle in _fold(value) for value in haystack):
                hits.append(entry)
        return hits


_CYRILLIC_CONSONANT = re.compile(r"[бвгджзклмнпрстфхцчшщ]ъ?$")


def _inflections(alias: str) -> list[str]:
    """Case endings of a Russian or Ukrainian name that ends in a consonant (not for acronyms: ТАСС)."""
    if alias.isupper() or not re.search(r"[а-яёіїєґ]$", alias):
        return []
    if _CYRILLIC_CONSONANT.search(alias):
        stem = alias.removesuffix("ъ")
        return [stem + ending for ending in ("а", "у", "ом", "е", "і", "ові")]
    if alias.endswith("и"):  # "Ведомости" -> "Ведомостей"
        return [alias[:-1] + ending for ending in ("ей", "ям", "ях")]
    if alias.endswith("е"):  # "Суспільне" -> "Суспільному", "Громадське" -> "Громадського"
        return [alias[:-1] + ending for ending in ("ого", "ому", "им")]
    if alias.endswith("а"):  # "Свобода" in "Радио Свобода" -> "Радио Свободы"
        return [alias[:-1] + ending for ending in ("ы", "и", "е", "у", "ою", "ой")]
    return []


_Trie = dict[str, "_Trie"]


def trie_pattern(words: list[str]) -> str:
    """One regex matching any of ``words``, shaped as a trie; the longest match is tried first.

    A flat alternation of hundreds of names makes the regex engine try every
    name at every position; sharing prefixes lets it give up after one character.
    """
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return "(?:" + _pattern(trie) + ")"


def _pattern(node: _Trie) -> str:
    parts = [re.escape(ch) + _pattern(node[ch]) for ch in sorted(k for k in node if k)]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    if "" not in node:
        return body
    return f"(?:{body})?" if len(parts) == 1 else body + "?"


def _fold(text: str) -> str:
    """Case- and accent-insensitive form for searching."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip().lstrip("@")


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer shipped in ``auditor/data/outlets.json``."""
    raw = json.loads(resources.files("auditor.data").joinpath("outlets.json").read_text(encoding="utf-8"))
    entries = [
        Entry(
            name=item["name"],
            kind=item["kind"],
            country=item.get("country"),
            aliases=tuple(item.get("aliases") or [item["name"]]),
            domains=tuple(item.get("domains", ())),
            handles=tuple(item.get("handles", ())),
            strict=tuple(item.get("strict", ())),
        )
        for item in raw["outlets"]
    ]
    return Gazetteer(entries)
