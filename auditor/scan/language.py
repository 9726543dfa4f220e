"""Guess an article's language from its most common short words, or, for a script only one language (or a few)
is written in, from its letters."""

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
    "tr": "ve bir bu için ile olarak çok daha gibi sonra kadar ancak olan dedi göre ama",
}
_WORD_RE = patterns.compile(r"[^\W\d_]+")
_UKRAINIAN = patterns.compile(r"[іїєґІЇЄҐ]")
_RUSSIAN = patterns.compile(r"[ыэъёЫЭЪЁ]")


def detect(text: str) -> str | None:
    """ISO 639-1 code, or None when there is too little text to tell."""
    sample = text[:20000]
    words = _WORD_RE.findall(sample.lower())
    if len(words) < 5:  # NOTE: Japanese, Chinese and Thai put no spaces between words
        return None if sample.isascii() else _by_script(sample)
    cyrillic = sum(1 for w in words if "\u0400" <= w[0] <= "\u04ff")
    if cyrillic > len(words) / 2:
        uk, ru = len(_UKRAINIAN.findall(text)), len(_RUSSIAN.findall(text))
        return "uk" if uk > ru else "ru"
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _SETS.items()}
    best = max(scores, key=scores.__getitem__)
    if scores[best] >= 3:
        return best
    return None if sample.isascii() else _by_script(sample)


_SCRIPTS = (
    ("kana", patterns.compile(r"[\u3040-\u30ff]")),
    ("han", patterns.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")),
    ("ko", patterns.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("arabic", patterns.compile(r"[\u0600-\u06ff\u0750-\u077f]")),
    ("he", patterns.compile(r"[\u05d0-\u05ea]")),
    ("el", patterns.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")),
    ("th", patterns.compile(r"[\u0e00-\u0e7f]")),
    ("hi", patterns.compile(r"[\u0900-\u097f]")),
)
_LATIN_LETTER = patterns.compile(r"[A-Za-z\u00c0-\u024f]")
_PERSIAN = patterns.compile(r"[\u067e\u0686\u0698\u06af\u06a9\u06cc]")  # پ چ ژ گ ک ی
_URDU = patterns.compile(r"[\u0679\u0688\u0691\u06ba\u06be\u06d2]")  # ٹ ڈ ڑ ں ھ ے


def _by_script(sample: str) -> str | None:
    """The language of a text mostly written in a script of its own: Japanese (kana beside the kanji), Chinese,
    Korean, Arabic (Persian and Urdu by their own letters), Hebrew, Greek, Thai, Hindi (Devanagari)."""
    counts = {name: len(pattern.findall(sample)) for name, pattern in _SCRIPTS}
    counts["kana"] += counts["han"] if counts["kana"] * 10 >= counts["han"] > 0 else 0
    script = max(counts, key=counts.__getitem__)
    letters = counts[script]
    if letters < 20 or letters < len(_LATIN_LETTER.findall(sample)):
        return None  # a few words in another script in a Latin text: not enough to tell
    if script == "kana":
        return "ja"
    if script == "han":
        return "zh"
    if script == "arabic":
        urdu, persian = len(_URDU.findall(sample)), len(_PERSIAN.findall(sample))
        return "ur" if urdu * 50 > letters else "fa" if persian * 25 > letters else "ar"
    return script


_SETS = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}
