"""Settings by host: headers to send, statuses to accept as live, how many requests at once and how far apart,
how long to wait. Given for every host (``--header``, ``--accept``) or per host in a settings file::

    [hosts."reuters.com"]          # reuters.com and every host under it
    header = ["Cookie: consent=1"]
    accept = "401,403"
    concurrency = 1
    interval = 2.0
    timeout = 20

A host's own settings win over those for every host; the most specific name wins over a shorter one. An address
(``[hosts."192.0.2.1"]``) covers itself only. Each host under a name has limits of its own: ``concurrency = 1`` on
reuters.com lets www.reuters.com and reuters.com have one request each in flight.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import idna

_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


def fold_host(host: str) -> str:
    """A host as a browser reads it: full-width digits and letters folded (NFKC), ideographic full stops made
    dots, lower case: "１２７。０。０。１" is 127.0.0.1."""
    return unicodedata.normalize("NFKC", host.translate(_DOTS)).translate(_DOTS).lower()


_TOKEN_RE = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_STATUS_RE = re.compile(r"\s*(\d{3})\s*(?:-\s*(\d{3})\s*)?")
KEYS = ("header", "accept", "concurrency", "interval", "timeout")
"""What a ``[hosts."NAME"]`` table may set."""


_FRAMING = frozenset({"host", "content-length", "transfer-encoding", "connection", "te", "trailer", "upgrade",
                      "keep-alive", "proxy-connection"})
"""Headers that say how a message is framed or routed, not what is asked: the HTTP library's to set."""
_CONTROL_RE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def parse_header(text: str) -> tuple[str, str]:
    """``"Name: value"`` -> (name, value); ValueError with a readable reason for anything a server would not take."""
    name, sep, value = text.partition(":")
    name, value = name.strip(), value.strip()
    if not sep or not _TOKEN_RE.fullmatch(name):
        raise ValueError(f"{text!r} is not a header: write it 'Name: value'")
    if name.lower() in _FRAMING:
        raise ValueError(f"{name} is set by the HTTP library, not by a setting")
    if _CONTROL_RE.search(value):
        raise ValueError(f"the value of header {name!r} holds a line break or another control character")
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        raise ValueError(f"the value of header {name!r} holds characters HTTP headers cannot carry (only Latin-1;"
                         " percent-encode the rest)") from None
    return name, value


def parse_statuses(text: str | Iterable[str | int]) -> frozenset[int]:
    """``"403,999"``, ``"400-404"`` or a list of those or of numbers -> the statuses they name, 100 to 999 (LinkedIn
    answers bots 999)."""
    parts = text.split(",") if isinstance(text, str) else [str(p) for p in text]
    codes: set[int] = set()
    for part in parts:
        match = _STATUS_RE.fullmatch(part)
        if match is None:
            raise ValueError(f"{part.strip()!r} is not an HTTP status or a range of them (403, 400-404)")
        low, high = int(match[1]), int(match[2] or match[1])
        if not 100 <= low <= high <= 999:
            raise ValueError(f"{part.strip()!r} is not a range of HTTP statuses (100 to 999, low-high)")
        codes.update(range(low, high + 1))
    return frozenset(codes)


@dataclass(frozen=True)
class HostSettings:
    """What one host (or every host) is given; None: as for every host."""

    headers: tuple[tuple[str, str], ...] = ()
    accept: frozenset[int] = frozenset()
    """Statuses that count as a live link besides 2xx."""
    concurrency: int | None = None
    """Requests in flight to the host at once."""
    interval: float | None = None
    """Seconds between the starts of two requests to the host."""
    timeout: float | None = None
    """Read timeout for the host's requests (connect: half of it, at most 5 s)."""


@dataclass(frozen=True)
class HostTable:
    """Settings for every host and by host name; a lookup walks the name's labels, so ``reuters.com`` covers
    ``www.reuters.com`` and the longest name given wins."""

    every: HostSettings = HostSettings()
    hosts: tuple[tuple[str, HostSettings], ...] = ()
    _by_name: dict[str, HostSettings] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._by_name.update(self.hosts)

    def own(self, host: str) -> HostSettings | None:
        """The settings of the most specific name covering ``host``, if any (an address only its own)."""
        if not self._by_name:
            return None
        host = host.lower().rstrip(".")
        if not host.isascii():
            host = _host_key(host) or host  # urllib3 sends it so
        if _is_address(host):
            return self._by_name.get(host.strip("[]"))
        labels = host.split(".")
        for start in range(len(labels)):
            found = self._by_name.get(".".join(labels[start:]))
            if found is not None:
                return found
        return None

    def headers(self, host: str) -> dict[str, str]:
        """Headers for a request to ``host``: those for every host, then the host's own over them."""
        sent = {name.lower(): (name, value) for name, value in self.every.headers}
        if (own := self.own(host)) is not None:
            sent.update({name.lower(): (name, value) for name, value in own.headers})
        return dict(sent.values())

    def accepts(self, host: str, status: int) -> bool:
        own = self.own(host)
        return status in self.every.accept or (own is not None and status in own.accept)

    def most_concurrent(self) -> int:
        return max((s.concurrency or 0 for _, s in self.hosts), default=0)

    def headers_digest(self, host: str) -> str:
        """A short digest of the headers sent to ``host``, '' for none: verdicts reached with other headers are
        others."""
        sent = self.headers(host)
        if not sent:
            return ""
        return hashlib.sha256(repr(sorted(sent.items())).encode("utf-8", "surrogatepass")).hexdigest()[:12]


def host_table(every: HostSettings, table: Mapping[str, Mapping[str, Any]], where: str) -> HostTable:
    """A HostTable from a settings file's ``[hosts]`` table; ValueError naming ``where`` and the key for a bad one."""
    hosts: dict[str, HostSettings] = {}
    for raw_name, values in table.items():
        here = f'{where} [hosts."{raw_name}"]'
        name = _host_key(raw_name)
        if name is None:
            raise ValueError(f"{here}: a host name (example.com) or an address (192.0.2.1, ::1), not {raw_name!r}")
        if name in hosts:
            raise ValueError(f"{here}: {name} is given twice")
        if not isinstance(values, Mapping):
            raise ValueError(f"{here} is not a table")
        hosts[name] = _settings(values, here)
    return HostTable(every, tuple(hosts.items()))


_LABEL_RE = re.compile(r"(?!-)[\w-]{1,63}(?<!-)")


def _host_key(raw: str) -> str | None:
    """A host name as requests go to it (lower case, IDNA 2008 as urllib3 writes it: straße.de is
    xn--strae-oqa.de), or an address; None when it is neither."""
    name = fold_host(raw.strip()).rstrip(".").removeprefix("*.")
    if _is_address(name):
        return str(ipaddress.ip_address(name.strip("[]")))
    if not name or not all(_LABEL_RE.fullmatch(label) for label in name.split(".")):
        return None
    try:
        return idna.encode(name, uts46=True).decode("ascii")
    except idna.IDNAError:
        return None


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _settings(values: Mapping[str, Any], here: str) -> HostSettings:
    unknown = sorted(set(values) - set(KEYS))
    if unknown:
        raise ValueError(f"{here}: unknown key {unknown[0]!r} (valid: {', '.join(KEYS)})")
    headers: list[tuple[str, str]] = []
    raw = values.get("header", [])
    if isinstance(raw, Mapping):
        raw = [f"{k}: {v}" for k, v in raw.items()]
    if isinstance(raw, str) or not isinstance(raw, list) or not all(isinstance(h, str) for h in raw):
        raise ValueError(f"{here} header: a list of 'Name: value' strings, not {raw!r}")
    try:
        headers = [parse_header(h) for h in raw]
        accept = values.get("accept", [])
        if not isinstance(accept, str | list) or (isinstance(accept, list) and not all(
                isinstance(a, str | int) and not isinstance(a, bool) for a in accept)):
            raise ValueError(f"accept takes '403,999' or a list of statuses, not {accept!r}")
        codes = parse_statuses(accept)
    except ValueError as exc:
        raise ValueError(f"{here}: {exc}") from None
    concurrency = values.get("concurrency")
    if concurrency is not None and (isinstance(concurrency, bool) or not isinstance(concurrency, int)
                                    or not 1 <= concurrency <= 32):
        raise ValueError(f"{here} concurrency: a whole number from 1 to 32, not {concurrency!r}")
    numbers = {}
    for key, least in (("interval", 0.0), ("timeout", 0.1)):
        number = values.get(key)
        if number is not None and (isinstance(number, bool) or not isinstance(number, int | float)
                                   or not least <= number <= 600):  # NOTE: so written, nan is refused too
            raise ValueError(f"{here} {key}: a number of seconds from {least:g} to 600, not {number!r}")
        numbers[key] = float(number) if number is not None else None
    return HostSettings(tuple(headers), codes, concurrency, numbers["interval"], numbers["timeout"])
