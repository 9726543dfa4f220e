"""Photo and video credits ("Photo: AFP", "REUTERS/Jane Doe", "Foto: dpa"): reported apart from citations."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from auditor.scan import patterns
from auditor.scan.document import Block
from auditor.scan.gazetteer import Gazetteer
from auditor.scan.lexicon import any_of

PHOTO_AGENCIES = {
    "Getty Images": "Getty Images", "Getty": "Getty Images", "AFP via Getty Images": "Getty Images",
    "EPA": "EPA", "EPA-EFE": "EPA", "Shutterstock": "Shutterstock", "Alamy": "Alamy", "Sipa": "Sipa",
    "SIPA": "Sipa", "Keystone": "Keystone", "ZUMA": "ZUMA Press", "ZUMA Press": "ZUMA Press",
    "NurPhoto": "NurPhoto", "SOPA Images": "SOPA Images", "Imago": "Imago", "IMAGO": "Imago",
    "picture alliance": "picture alliance", "picture-alliance": "picture alliance", "LaPresse": "LaPresse",
    "Europa Press": "Europa Press", "PA Images": "PA Media", "PA Wire": "PA Media",
}
"""Photo agencies that are not news outlets in the gazetteer, by how credits spell them."""

_PREFIX = (r"(?:Photos?|Photograph|Picture|Pictures|Image|Images|Video|Footage|Illustration|Foto|Fotos|Bild|Bilder"
           r"|Фото|Видео|Відео|Кадр|Crédits?(?:\s+photo)?|Credits?|Imagen|Fuente\s+de\s+la\s+imagen|Photo\s+credit"
           r"|Image\s+source,?|Video\s+source,?|Media\s+caption,?)")
# "© Name/TASS" credits a picture; a bare "(c) Agencia EFE" under a story is the text's copyright instead.
_CAPTION_RE = patterns.compile(r"(?:(?:^|[\s(\[|·,])" + _PREFIX + r"\s*:?\s+|(?:\u00a9|\(c\))\s*(?=[^\n;|)\]]{1,60}/))"
                               r"(?P<body>[^\n;|)\]]{2,90})")
_SLASH_RE = patterns.compile(r"(?<![\w/])(?P<agency>[A-Za-zА-Яа-яЁё.-]{2,20})"
                             r"/(?P<who>[A-ZА-Я][\w.'-]+(?:\s+[A-ZА-Я][\w.'-]+){0,3})")
_HINTS = ("/", "\u00a9", "(c)", "Photo", "Picture", "Image", "Video", "Footage", "Illustration", "Foto", "Bild",
          "Фото", "Видео", "Відео", "Кадр", "Crédit", "Credit", "Fuente", "Media", "Getty", "Shutterstock", "Alamy",
          "SOPA", "picture alliance")
"""What every credit holds: a word of :data:`_PREFIX`, a slash, a copyright sign or an agency's name. A block
without any is skipped."""
_HINTED = any_of(_HINTS)
_AP_PHOTO_RE = patterns.compile(r"\b(?:AP|AFP)\s+Photo\b")


@dataclass(frozen=True)
class CreditHit:
    name: str
    matched: str
    line: int
    known: bool


def find_credits(blocks: Iterable[Block], gazetteer: Gazetteer) -> list[CreditHit]:
    """Every credited agency, in document order; one hit per (name, line)."""
    found: dict[tuple[str, int], CreditHit] = {}
    for block in blocks:
        text = block.text
        if not _HINTED(text):
            continue
        spans: list[tuple[int, str]] = []
        for match in _CAPTION_RE.finditer(text):
            body = match["body"]
            for token in re.split(r"\s*(?:/|,|;|\+|\band\b|\bund\b|\bet\b|\by\b|\bvia\b)\s*", body):
                spans.append((match.start("body") + max(0, body.find(token)), token.strip(" .")))
        for match in _SLASH_RE.finditer(text):
            spans.append((match.start("agency"), match["agency"]))
        for match in _AP_PHOTO_RE.finditer(text):
            spans.append((match.start(), match.group(0).split()[0]))
        for name in ("Getty Images", "Shutterstock", "Alamy", "NurPhoto", "SOPA Images", "picture alliance"):
            for match in re.finditer(re.escape(name), text):
                spans.append((match.start(), name))
        for offset, token in spans:
            hit = _resolve(token, gazetteer)
            if hit is not None:
                line = block.line_at(offset)
                found.setdefault((hit[0], line), CreditHit(hit[0], token, line, hit[1]))
    return sorted(found.values(), key=lambda c: (c.line, c.name))


def _resolve(token: str, gazetteer: Gazetteer) -> tuple[str, bool] | None:
    token = token.strip(" .()[]")
    if token in PHOTO_AGENCIES:
        return PHOTO_AGENCIES[token], False
    entry = gazetteer.by_alias.get(token) or gazetteer.by_alias.get(token.upper())
    if entry is None:
        for alias in (token.split("-")[0], token.split()[0] if token.split() else ""):
            entry = gazetteer.by_alias.get(alias)
            if entry is not None or alias in PHOTO_AGENCIES:
                break
        if entry is None:
            first = token.split("-")[0]
            return (PHOTO_AGENCIES[first], False) if first in PHOTO_AGENCIES else None
    if entry.kind == "platform":
        return None
    return entry.name, True
