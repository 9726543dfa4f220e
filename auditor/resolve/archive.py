"""Archived copies of dead links: the copy taken nearest before the article was published (``--suggest-archive``).

The Internet Archive's availability API is asked for the closest copy *before* the end of the article's
publication day (what the link showed when the article was written), and only when it has none, for the first
copy after; a Memento aggregator (TimeTravel's JSON API), when one is configured, is asked where the Internet
Archive has nothing or cannot be reached. Answers are kept in the verdict cache (a copy found for 30 days, none
found for a day); an archive that cannot be reached leaves the link's verdict as it is, with a note.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote

from auditor.model import Archive
from auditor.resolve import DEFAULT_WAYBACK
from auditor.resolve.cache import VerdictCache
from auditor.resolve.checker import Checker, CheckerConfig, ServiceDown
from auditor.resolve.hosts import HostTable

FOUND_TTL = 30 * 86400.0
"""Seconds a copy found stays in the cache: a copy once taken does not change."""
NONE_TTL = 86400.0
"""Seconds "no copy" stays in the cache: the archive may take one tomorrow."""
GIVE_UP_AFTER = 3
"""Lookups in a row left unanswered (timeouts, errors) after which a run stops asking the archives."""

_TIMESTAMP_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?$")


@dataclass(frozen=True)
class ArchiveConfig:
    """Where to ask, and how politely."""

    wayback: str = DEFAULT_WAYBACK
    """The Internet Archive's availability API (``--archive-endpoint``)."""
    memento: str | None = None
    """A Memento aggregator's JSON API, ``.../api/json`` (``--memento-endpoint``); None: not asked."""
    interval: float = 1.0
    """Seconds between the starts of two requests to one archive: one at a time, and no faster than this."""


Lookup = tuple[str, "str | None"]
"""(URL, the article's publication date or None)."""


class ArchiveFinder:
    """Finds archived copies for dead links; one per run, asking one archive request at a time."""

    def __init__(self, checker_config: CheckerConfig, config: ArchiveConfig, session: Any, policy: Any,
                 cache: VerdictCache | None = None) -> None:
        self.config = config
        # NOTE: a checker of its own: the archive's limit (one at a time, an interval) is not the links', and the
        # headers configured for the links' hosts are not sent to the archive
        own = replace(checker_config, per_host=1, slow_per_host=1, host_interval=config.interval, hosts=HostTable())
        self.checker = Checker(session, policy, own)
        self.cache = cache
        digest = hashlib.sha1(f"{config.wayback}\n{config.memento}".encode()).hexdigest()[:12]
        self._scope = f"archive:{digest}"

    def _key(self, url: str, date: str | None) -> str:
        return f"{self._scope}:{date or '-'}:{url}"

    def find(self, url: str, date: str | None) -> Archive:
        key = self._key(url, date)
        if self.cache is not None and (kept := self.cache.get_archive(key)) is not None:
            return kept
        answer = self._ask(url, date)
        if self.cache is not None and (answer.url is not None or answer.note == "no-snapshot"):
            self.cache.put_archive(key, answer, FOUND_TTL if answer.url else NONE_TTL)
        return answer

    def find_all(self, lookups: Iterable[Lookup], progress: Callable[[int, int], None] | None = None
                 ) -> dict[Lookup, Archive]:
        """Each lookup's answer; after :data:`GIVE_UP_AFTER` in a row that no archive answered, the rest are not
        asked (an archive that is down would otherwise cost every dead link its timeouts)."""
        todo = list(dict.fromkeys(lookups))
        found: dict[Lookup, Archive] = {}
        silent = 0
        for done, (url, date) in enumerate(todo, 1):
            if silent >= GIVE_UP_AFTER:
                kept = self.cache.get_archive(self._key(url, date)) if self.cache is not None else None
                found[(url, date)] = kept or Archive(None, note=f"archive-unreachable: not asked after {silent} "
                                                                "lookups in a row went unanswered")
            else:
                found[(url, date)] = answer = self.find(url, date)
                silent = silent + 1 if (answer.note or "").startswith("archive-unreachable") else 0
            if progress is not None:
                progress(done, len(todo))
        return found

    def _ask(self, url: str, date: str | None) -> Archive:
        down: str | None = None
        try:
            copy = self._wayback(url, date)
        except ServiceDown as exc:
            copy, down = None, f"archive-unreachable: {exc.reason}"
        if copy is None and self.config.memento:
            try:
                copy = self._memento(url, date)
            except ServiceDown as exc:
                down = down or f"archive-unreachable: {exc.reason}"
        if copy is not None:
            return copy
        return Archive(None, note=down or "no-snapshot")

    # -- the Internet Archive ------------------------------------------------------------

    def _wayback(self, url: str, date: str | None) -> Archive | None:
        if date is None:  # NOTE: no date known: the newest copy
            return self._available(url, None, None)
        moment = _moment(date)
        return self._available(url, moment, "before") or self._available(url, moment, "after")

    def _available(self, url: str, moment: str | None, closest: str | None) -> Archive | None:
        query = f"url={quote(url, safe='')}"
        if moment is not None:
            query += f"&timestamp={moment}"
        if closest is not None:
            query += f"&closest={closest}"
        endpoint = self.config.wayback
        status, body = self.checker.ask(f"{endpoint}{'&' if '?' in endpoint else '?'}{query}")
        if not 200 <= status < 300:
            raise ServiceDown(f"http-{status}")
        try:
            snapshot = json.loads(body)["archived_snapshots"].get("closest")
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            raise ServiceDown("unreadable-answer") from None
        if not isinstance(snapshot, dict) or not snapshot.get("available") or not str(snapshot.get("status", "200")
                                                                                     ).startswith("2"):
            return None
        taken = _iso(str(snapshot.get("timestamp", "")))
        address = snapshot.get("url")
        if not isinstance(address, str) or taken is None or not _plausible(address, taken):
            return None
        if moment is not None and closest == "before" and _digits(taken) > moment:
            return None  # NOTE: an archive that ignored the direction: the "after" question asks again
        return Archive(address, taken, "wayback")

    # -- a Memento aggregator ------------------------------------------------------------

    def _memento(self, url: str, date: str | None) -> Archive | None:
        moment = _moment(date) if date else dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
        endpoint = (self.config.memento or "").rstrip("/")
        status, body = self.checker.ask(f"{endpoint}/{moment}/{url}")
        if status == 404:
            return None
        if not 200 <= status < 300:
            raise ServiceDown(f"http-{status}")
        try:
            mementos = json.loads(body)["mementos"]
        except (ValueError, KeyError, TypeError, RecursionError):
            raise ServiceDown("unreadable-answer") from None
        if not isinstance(mementos, dict):
            return None
        closest = _memento_item(mementos.get("closest"))
        before = _memento_item(mementos.get("prev"))
        if closest is not None and date is not None and _digits(closest.timestamp or "") > moment and before:
            return before
        return closest or before


def _memento_item(raw: Any) -> Archive | None:
    if not isinstance(raw, dict):
        return None
    uris = raw.get("uri")
    address = uris[0] if isinstance(uris, list) and uris else uris
    when = raw.get("datetime")
    if not isinstance(address, str) or not isinstance(when, str):
        return None
    try:
        taken = dt.datetime.fromisoformat(when.replace("Z", "+00:00"))
        # NOTE: a time without its zone is the aggregator's UTC, not this machine's local time
        taken = taken.replace(tzinfo=dt.UTC) if taken.tzinfo is None else taken.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        return None
    stamp = taken.strftime("%Y-%m-%dT%H:%M:%SZ")
    return Archive(address, stamp, "memento") if _plausible(address, stamp) else None


def _plausible(address: str, taken: str) -> bool:
    """A copy worth offering: a web address (not ``javascript:``), taken no later than now (an archive holds no
    copies from the future)."""
    if not address.lower().startswith(("http://", "https://")):
        return False
    return taken <= dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _moment(date: str) -> str:
    """The end of the article's publication day, as the archives write a moment (YYYYMMDDhhmmss)."""
    return date.replace("-", "")[:8] + "235959"


def _iso(stamp: str) -> str | None:
    match = _TIMESTAMP_RE.match(stamp)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(p) if p else 0 for p in match.groups())
    try:
        return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return None


def _digits(iso: str) -> str:
    return re.sub(r"\D", "", iso)[:14]
