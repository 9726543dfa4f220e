"""Read the dates articles and embeds show, in the languages a desk meets."""

from __future__ import annotations

import datetime as dt

from auditor.scan import patterns

_MONTHS: dict[str, int] = {}


def _add(month: int, *names: str) -> None:
    for name in names:
        _MONTHS[name] = month


_add(1, "january", "jan", "januar", "janvier", "janv", "enero", "ene", "gennaio", "gen", "janeiro", "januari",
     "января", "январь", "янв", "січня", "січень", "stycznia")
_add(2, "february", "feb", "februar", "février", "fevrier", "févr", "fevr", "febrero", "febbraio", "fevereiro",
     "februari", "февраля", "февраль", "фев", "лютого", "лютий", "lutego")
_add(3, "march", "mar", "märz", "maerz", "mars", "marzo", "março", "marco", "maart", "марта", "март",
     "березня", "березень", "marca")
_add(4, "april", "apr", "avril", "avr", "abril", "abr", "aprile", "апреля", "апрель", "апр", "квітня",
     "квітень", "kwietnia")
_add(5, "may", "mai", "mayo", "maggio", "mag", "maio", "mei", "мая", "май", "травня", "травень", "maja")
_add(6, "june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho", "июня", "июнь", "июн", "червня",
     "червень", "czerwca")
_add(7, "july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho", "июля", "июль", "июл",
     "липня", "липень", "lipca")
_add(8, "august", "aug", "août", "aout", "agosto", "ago", "augustus", "августа", "август", "авг", "серпня",
     "серпень", "sierpnia")
_add(9, "september", "sep", "sept", "septembre", "septiembre", "settembre", "set", "setembro",
     "сентября", "сентябрь", "сен", "вересня", "вересень", "września", "wrzesnia")
_add(10, "october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro", "out",
     "октября", "октябрь", "окт", "жовтня", "жовтень", "października")
_add(11, "november", "nov", "novembre", "noviembre", "novembro", "ноября", "ноябрь", "ноя", "листопада",
     "листопад", "listopada")
_add(12, "december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic", "dicembre",
     "dezembro", "декабря", "декабрь", "дек", "грудня", "грудень", "grudnia")

# NOTE: the names X's embeds write dates with in Turkish and Arabic (the Levant's month names beside Egypt's)
for _month, _names in enumerate((
        ("ocak", "يناير"), ("şubat", "subat", "فبراير", "شباط"), ("mart", "مارس", "آذار"),
        ("nisan", "أبريل", "ابريل", "نيسان"), ("mayıs", "mayis", "مايو", "أيار"), ("haziran", "يونيو", "حزيران"),
        ("temmuz", "يوليو", "تموز"), ("ağustos", "agustos", "أغسطس", "اغسطس"), ("eylül", "eylul", "سبتمبر", "أيلول"),
        ("ekim", "أكتوبر", "اكتوبر"), ("kasım", "kasim", "نوفمبر"), ("aralık", "aralik", "ديسمبر")), start=1):
    _add(_month, *_names)

_ISO_RE = patterns.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DMY_NAME_RE = patterns.compile(r"(?<!\d)(\d{1,2})(?:\.|er|st|nd|rd|th)?\s+(?:de\s+)?([^\W\d_]{3,12})\.?,?\s+"
                                r"(?:de\s+)?(\d{4})(?!\d)")
_MDY_NAME_RE = patterns.compile(r"([^\W\d_]{3,12})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)")
_DMY_DOT_RE = patterns.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")
_YMD_CJK_RE = patterns.compile(r"(?<!\d)(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")


def parse_date(text: str | None) -> str | None:
    """The first date in ``text`` as YYYY-MM-DD, or None."""
    if not text:
        return None
    text = text.strip()
    match = _ISO_RE.search(text)
    if match:
        return _iso(int(match[1]), int(match[2]), int(match[3]))
    for match in _DMY_NAME_RE.finditer(text):
        month = _MONTHS.get(match[2].lower())
        if month:
            return _iso(int(match[3]), month, int(match[1]))
    for match in _MDY_NAME_RE.finditer(text):
        month = _MONTHS.get(match[1].lower())
        if month:
            return _iso(int(match[3]), month, int(match[2]))
    match = _DMY_DOT_RE.search(text)
    if match:
        return _iso(int(match[3]), int(match[2]), int(match[1]))
    match = _YMD_CJK_RE.search(text)
    if match:  # "2023年6月24日" (Japanese, Chinese), "2023년 6월 24일" (Korean)
        return _iso(int(match[1]), int(match[2]), int(match[3]))
    return None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
