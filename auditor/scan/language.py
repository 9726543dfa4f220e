"""Guess an article's language from its most common short words."""

from __future__ import annotations

from auditor.scan import patterns

_STOPWORDS = {
    "en": "the and of to in is that for on with was as by he it his said from at are has have were",
    "de": "der die und das ist nicht mit sich des auf für dem den ein eine sagte von zu im wie auch",
    "fr": "le la les et des est un une du que dans pour qui pas sur au avec ce il selon",
    "es": "el la los las y de que en un una es por con para del se su al según como",
    "it": "il la di che è e un una per non con del della sono gli le alla secondo",
    "pt": "o a os as e de que em um uma do da para com não por no na se",
    "nl": "de het een en van is dat op te in voor met niet zijn die",
    "pl": "i w na z się że do nie to jest o jak po od",
}
_WORD_RE = patterns.compile(r"[^\W\d_]+")
_UKRAINIAN = patterns.compile(r"[іїєґІЇЄҐ]")
_RUSSIAN = patterns.compile(r"[ыэъёЫЭЪЁ]")


def detect(text: str) -> str | None:
    """ISO 639-1 code, or None when there is too little text to tell."""
    words = _WORD_RE.findall(text[:20000].lower())
    if len(words) < 5:
        return None
    cyrillic = sum(1 for w in words if "\u0400" <= w[0] <= "\u04ff")
    if cyrillic > len(words) / 2:
        uk, ru = len(_UKRAINIAN.findall(text)), len(_RUSSIAN.findall(text))
        return "uk" if uk > ru else "ru"
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _SETS.items()}
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] >= 3 else None


_SETS = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}
