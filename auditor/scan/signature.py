"""The "— Name (@handle) June 24, 2023" line a tweet embed leaves when flattened."""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.scan import patterns
from auditor.scan.dates import parse_date

# An em or en dash may follow the post's last word directly ("...pic.twitter.com/x—Name");
# a hyphen only counts after a space.
_DASH = r"(?:\u2014|\u2013|\u2015|&mdash;|&#8212;|&#x2014;|(?:^|(?<=\s))(?:--|-))"
SIGNATURE_RE = patterns.compile(
    _DASH + r"[ \t\u00a0]*"
    # the name holds no link: "– LHL https://t.co/x pic.twitter.com/y— Lee (@lee)" is the post's own sign-off, its
    # links, then the signature ("NWS – Valley Office" is one name)
    r"(?P<name>(?:(?!https?://|\bt\.co/|pic\.(?:twitter|x)\.com/)[^\n]){0,80}?)"
    r"[ \t\u00a0]*\([ \t]*@(?P<handle>[A-Za-z0-9_]{1,20})[ \t]*\)"
    r"[ \t\u00a0]*(?P<date>[^\n]{0,80}?)[ \t\u00a0]*$",
    re.MULTILINE,
)

_HANDLE_OPEN_RE = patterns.compile(r"\([ \t]*@")
"""What every signature holds, and a search of the text finds at once."""


@dataclass(frozen=True)
class Signature:
    """A parsed tweet signature and where it starts in its text."""

    start: int
    end: int
    author: str | None
    handle: str
    date: str | None


def find_signatures(text: str) -> list[Signature]:
    """Every signature line in ``text``. The date is required: without it "— Jane Doe (@janedoe)" is a byline
    or a list of accounts to follow, not a flattened post."""
    found: list[Signature] = []
    if not _HANDLE_OPEN_RE.search(text):
        return found  # NOTE: no "(@" anywhere: the signature's pattern, tried at every dash, would find nothing
    for match in SIGNATURE_RE.finditer(text):
        raw_date = match["date"].strip(" .\u00b7\u2022|")
        date = parse_date(raw_date)
        if date is None:
            continue
        name = " ".join(match["name"].split()) or None
        found.append(Signature(match.start(), match.end(), name, match["handle"], date))
    return found
