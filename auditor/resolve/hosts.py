"""Settings by host: headers to send, statuses to accept as live, how many requests at once and how far apart,
how long to wait. Given for every host (``--header``, ``--accept``) or per host in a settings file::

    [hosts."reuters.com"]          # reuters.com and every host under it
    header = ["Cookie: consent=1"]
    accept = "401,403"
    concurrency = 1
    interval = 2.0
    timeout = 20

A host's own settings win over those for every host; the most specific name wins over a shorter one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from auditor.resolve.policy import fold_host

_TOKEN_RE = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_STATUS_RE = re.compile(r"\s*(\d{3})\s*(?:-\s*(\d{3})\s*)?")
KEYS = ("header", "accept", "concurrency", "interval", "timeout")
"""What a ``[hosts."NAME"]`` table may set."""


def parse_header(text: str) -> tuple[str, str]:
    """``"Name: value"`` -> (name, value); ValueError with a readable reason for anything a server would not take."""
    name, sep, value = text.partition(":")
    name, value = name.strip(), value.strip()
    if not sep or not _TOKEN_RE.fullmatch(name):
        raise ValueError(f"{text!r} is not a header: write it 'Name: value'")
    if any(c in value for c in "\r\n\0"):
        raise ValueError(f"the value of header {name!r} holds a line break")
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
        """The settings of the most specific name covering ``host``, if any."""
        if not self._by_name:
            return None
        labels = host.lower().rstrip(".").split(".")
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

    def headers_digest(self) -> str:
        """A short digest of every header given, '' for none: verdicts reached with other headers are others."""
        given = [("*", n, v) for n, v in self.every.headers] + \
            [(host, n, v) for host, s in self.hosts for n, v in s.headers]
        if not given:
            return ""
        return hashlib.sha256(repr(sorted(given)).encode("utf-8", "surrogatepass")).hexdigest()[:12]


def host_table(every: HostSettings, table: Mapping[str, Mapping[str, Any]], where: str) -> HostTable:
    """A HostTable from a settings file's ``[hosts]`` table; ValueError naming ``where`` and the key for a bad one."""
    hosts: list[tuple[str, HostSettings]] = []
    for raw_name, values in table.items():
        name = fold_host(raw_name.strip().rstrip(".").removeprefix("*.")) if raw_name.strip() else ""
        here = f'{where} [hosts."{raw_name}"]'
        if not name or "/" in name or ":" in name:
            raise ValueError(f"{here}: a host name (example.com), not {raw_name!r}")
        if not isinstance(values, Mapping):
            raise ValueError(f"{here} is not a table")
        settings = _settings(values, here)
        hosts.append((name, settings))
        try:
            ascii_name = name.encode("idna").decode("ascii")
        except UnicodeError:
            ascii_name = name
        if ascii_name != name:
            hosts.append((ascii_name, settings))  # bücher.de is also xn--bcher-kva.de
    return HostTable(every, tuple(hosts))


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
        if number is not None and (isinstance(number, bool) or not isinstance(number, int | float) or number < least
                                   or number > 600):
            raise ValueError(f"{here} {key}: a number of seconds from {least:g} to 600, not {number!r}")
        numbers[key] = float(number) if number is not None else None
    return HostSettings(tuple(headers), codes, concurrency, numbers["interval"], numbers["timeout"])
