"""Checking a run's links: each unique URL once per run, from the cache when fresh."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import requests
from urllib3.util import parse_url

from auditor.errors import AuditorError
from auditor.model import Archive, Article, Check, Report
from auditor.resolve import DEFAULT_CACHE
from auditor.resolve.archive import ArchiveConfig, ArchiveFinder, Lookup
from auditor.resolve.cache import VerdictCache
from auditor.resolve.checker import Checker, CheckerConfig
from auditor.resolve.policy import AddressPolicy
from auditor.resolve.quotes import compared
from auditor.resolve.session import build_session
from auditor.scan.findings import findings_for
from auditor.scan.urls import post_url, tweet_status
from auditor.spool import ArticleSpool

OFFLINE_AFTER = 8
"""This many checks in a row failing on this machine's own connectivity, and none reaching a server: offline."""


class Offline(AuditorError):
    """No check can reach the network: the resolver does not answer, or the proxy is down."""

    def __init__(self, failures: int, proxied: bool) -> None:
        where = "the proxy set in HTTP(S)_PROXY does not answer" if proxied else \
            "no name could be looked up (is this machine online?)"
        super().__init__(f"cannot go online: the first {failures} checks all failed because {where}; "
                         "nothing was cached, run again when the network is back")


def _proxy_from_environment() -> str | None:
    """The proxy requests would use for https, from the environment."""
    return requests.utils.get_environ_proxies("https://example.com/").get("https")

Target = tuple[str, str]
"""(how to check, URL): ("link" | "tweet" | "embed", url)."""


@dataclass(frozen=True)
class ResolveOptions:
    """What --resolve does, as the command line sets it."""

    workers: int = 16
    cache_path: Path | None = DEFAULT_CACHE
    """None: no cache (--no-cache)."""
    max_age: float | None = None
    """Accept cached verdicts no older than this many seconds."""
    allow_private: bool = False
    exclude: tuple[str, ...] = ()
    """Regular expressions; matching URLs are recorded as skipped/excluded."""
    config: CheckerConfig = field(default_factory=CheckerConfig)
    archive: ArchiveConfig | None = None
    """Where to look for archived copies of dead links (``--suggest-archive``); None: nowhere."""


@dataclass
class ResolveStats:
    """What a run did, for progress lines and benchmarks."""

    unique: int = 0
    cached: int = 0
    checked: int = 0
    requests: int = 0
    cache_failed: bool = False
    """The cache could not be opened or written: the run's verdicts are not all kept (exit status 4)."""


def _streaks(verdicts: dict[Target, Check], cache: VerdictCache | None, policy: AddressPolicy, config: CheckerConfig,
             fresh: set[Target], local: set[str]) -> None:
    """Say of each broken verdict since when, and for how many runs in a row, it has been broken (``--fail-after``);
    without a cache, only this run is known."""
    run = uuid.uuid4().hex
    for target, check in verdicts.items():
        if target[1] in local or check.status == "skipped":
            continue
        broken = check.status == "broken"
        known = cache.streak(_key(target, policy, config), broken, run, target in fresh) if cache is not None else None
        if known is not None:
            since = dt.datetime.fromtimestamp(known[0], dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
            verdicts[target] = replace(check, broken_since=since, broken_runs=known[1])
        elif broken:
            verdicts[target] = replace(check, broken_runs=1)


def targets_of(article: Article) -> list[Target]:
    """Every checkable URL of an article, tweets by their canonical status URL."""
    found: list[Target] = []
    for link in article.links:
        status = tweet_status(link.url) if link.kind == "tweet" else None
        found.append(("tweet", status.url) if status else ("link", link.url))
    found.extend(("tweet", t.url) for t in article.tweets if t.url)
    found.extend(("embed", e.url) for e in article.embeds)
    return found


def resolve_report(
    report: Report,
    options: ResolveOptions,
    *,
    session: requests.Session | None = None,
    policy: AddressPolicy | None = None,
    progress: Callable[[int, int], None] | None = None,
    warn: Callable[[str], None] | None = None,
    stats: ResolveStats | None = None,
    archive_progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Check every unique URL in ``report`` and return the report with each ``check`` filled in (and, with
    ``options.archive``, each dead one's archived copy)."""
    unique = list(dict.fromkeys(t for article in report.articles for t in targets_of(article)))
    verdicts = run_checks(unique, options, session=session, policy=policy, progress=progress, warn=warn, stats=stats)
    # NOTE: one more pass over the articles, keeping only what is small: the posts a pasted post's own short link
    # led to (its status link lost), to check next, and the dead targets with their article's date
    traced: dict[Target, None] = {}
    dead: list[Lookup] = []
    later: list[tuple[Target, str | None]] = []
    for article in report.articles:
        found = [("tweet", status) for status in _traced(article, verdicts).values()]
        traced.update((target, None) for target in found if target not in verdicts)
        if options.archive is not None:
            dead += [(target[1], article.date) for target in targets_of(article) if verdicts[target].status == "broken"]
            later += [(target, article.date) for target in found]
    if traced:
        more = ResolveStats()
        verdicts.update(run_checks(list(traced), options, session=session, policy=policy, warn=warn, stats=more))
        if stats is not None:
            stats.unique, stats.cached = stats.unique + more.unique, stats.cached + more.cached
            stats.checked, stats.requests = stats.checked + more.checked, stats.requests + more.requests
            stats.cache_failed = stats.cache_failed or more.cache_failed
    archives: dict[Lookup, Archive] = {}
    if options.archive is not None:
        dead += [(target[1], date) for target, date in later if verdicts[target].status == "broken"]
        archives = find_archives(dead, options, options.archive, session=session, policy=policy, warn=warn,
                                 progress=archive_progress)
    articles = ArticleSpool(_apply(article, verdicts, archives) for article in report.articles)
    return replace(report, meta=replace(report.meta, resolved=True), articles=articles)


def find_archives(lookups: list[Lookup], options: ResolveOptions, config: ArchiveConfig, *,
                  session: requests.Session | None = None, policy: AddressPolicy | None = None,
                  warn: Callable[[str], None] | None = None,
                  progress: Callable[[int, int], None] | None = None) -> dict[Lookup, Archive]:
    """The archived copy of each dead (URL, article date), from the cache when known; one request at a time."""
    if not lookups:
        return {}
    policy = policy or AddressPolicy(allow_private=options.allow_private)
    own_session = session is None
    session = session or build_session(policy, per_host=1)
    cache = VerdictCache(options.cache_path, max_age=options.max_age, warn=warn) if options.cache_path else None
    try:
        return ArchiveFinder(options.config, config, session, policy, cache).find_all(lookups, progress)
    finally:
        if cache is not None:
            cache.close()
        if own_session:
            session.close()


def check_urls(urls: list[str], options: ResolveOptions, **kwargs: Any) -> list[Check]:
    """Spot-check URLs: status links through oEmbed, Telegram posts through their embed view."""
    targets: list[Target] = []
    for url in urls:
        status = tweet_status(url)
        post = post_url(url)
        if status is not None:
            targets.append(("tweet", status.url))
        elif post is not None and post.platform == "telegram":
            targets.append(("embed", post.url))
        else:
            targets.append(("link", url))
    verdicts = run_checks(list(dict.fromkeys(targets)), options, **kwargs)
    return [verdicts[t] for t in targets]


def run_checks(
    targets: list[Target],
    options: ResolveOptions,
    *,
    session: requests.Session | None = None,
    policy: AddressPolicy | None = None,
    progress: Callable[[int, int], None] | None = None,
    warn: Callable[[str], None] | None = None,
    stats: ResolveStats | None = None,
) -> dict[Target, Check]:
    """One verdict per target: from the cache when fresh, else checked by a bounded worker pool."""
    policy = policy or AddressPolicy(allow_private=options.allow_private)
    own_session = session is None
    config = options.config
    session = session or build_session(
        policy, per_host=max(config.per_host, config.slow_per_host, config.hosts.most_concurrent()))
    stats = stats if stats is not None else ResolveStats()
    stats.unique = len(targets)
    excluded = [re.compile(p) for p in options.exclude]
    verdicts: dict[Target, Check] = {}
    cache = VerdictCache(options.cache_path, max_age=options.max_age, warn=warn) if options.cache_path else None
    checker = Checker(session, policy, options.config)
    try:
        todo = []
        for target in targets:
            if any(p.search(target[1]) for p in excluded):
                verdicts[target] = Check("skipped", "excluded")
            elif cache is not None and (hit := cache.get(_key(target, policy, config))) is not None:
                verdicts[target] = hit
                stats.cached += 1
            else:
                todo.append(target)
        done = len(targets) - len(todo)
        if progress is not None:
            progress(done, len(targets))
        pool = ThreadPoolExecutor(max_workers=max(1, options.workers), thread_name_prefix="auditor-check")
        try:
            futures = {pool.submit(_check, checker, target): target for target in todo}
            reached = local = 0
            for future in _as_completed(futures):
                target = futures[future]
                verdicts[target] = future.result()
                if target[1] in checker.local_failures:
                    local += 1  # the machine's connectivity, not the link: never cached
                else:
                    reached += 1
                    if cache is not None:  # each verdict kept as it comes: an interrupted run resumes from here
                        cache.put(_key(target, policy, config), verdicts[target])
                if not reached and local >= min(OFFLINE_AFTER, len(todo)):
                    raise Offline(local, bool(_proxy_from_environment()))
                done += 1
                if progress is not None:
                    progress(done, len(targets))
        except BaseException:
            # Ctrl-C or SIGTERM: drop what has not started, do not wait for what hangs on the network.
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
        _streaks(verdicts, cache, policy, config, fresh=set(todo), local=checker.local_failures)
        verdicts = {target: checker.accepted(check) if target[0] != "tweet" else check
                    for target, check in verdicts.items()}
    finally:
        if cache is not None:
            cache.close()
            stats.cache_failed = cache.failed
        if own_session:
            session.close()  # the idle keep-alive connections
    stats.checked = len(todo)
    stats.requests = checker.requests_made
    return verdicts


SIGNAL_CHECK = 0.25
"""Seconds the main thread waits at most before it looks for a signal: see :func:`_as_completed`."""


def _as_completed(futures: Iterable[Future[Check]]) -> Iterator[Future[Check]]:
    """:func:`concurrent.futures.as_completed`, waking every :data:`SIGNAL_CHECK` seconds.

    A signal sent to the process (SIGTERM, Ctrl-C) may be taken by any thread; one taken by a worker blocked on the
    network only sets a flag, which the main thread acts on when it next runs: a main thread waiting on the
    workers with no timeout would never see it."""
    pending = set(futures)
    while pending:
        done, pending = wait(pending, timeout=SIGNAL_CHECK, return_when=FIRST_COMPLETED)
        yield from done


def _key(target: Target, policy: AddressPolicy, config: CheckerConfig) -> str:
    # A verdict reached with private addresses open says nothing about a run where they are closed; one reached
    # with a cookie or a token sent says nothing about a run without.
    scope = "public" if policy == AddressPolicy() else "private"
    try:
        host = (parse_url(target[1]).host or "").lower()
    except ValueError:
        host = ""
    if digest := config.hosts.headers_digest(host):
        scope += f"+h{digest}"
    return f"{target[0]}:{scope}:{target[1]}"


def _check(checker: Checker, target: Target) -> Check:
    kind, url = target
    if kind == "tweet":
        return checker.check_tweet(url)
    if kind == "embed":
        return checker.check_embed(url)
    return checker.check_url(url)


def _traced(article: Article, verdicts: dict[Target, Check]) -> dict[int, str]:
    """Each post of the article with no status link (a pasted one, its date link lost) whose own short link led
    to a post: its number -> that post's status URL."""
    found: dict[int, str] = {}
    for i, tweet in enumerate(article.tweets):
        if tweet.url:
            continue
        for link in tweet.links:
            check = verdicts.get(("link", link))
            status = tweet_status(check.final_url) if check is not None and check.final_url else None
            if status is not None:
                found[i] = status.url
                break
    return found


def _apply(article: Article, verdicts: dict[Target, Check], archives: dict[Lookup, Archive] | None = None) -> Article:
    def verdict(target: Target) -> Check:
        check = verdicts[target]
        copy = archives.get((target[1], article.date)) if archives and check.status == "broken" else None
        return replace(check, archive=copy) if copy is not None else check

    links = tuple(replace(link, check=verdict(t)) for link, t in zip(article.links, targets_of(article), strict=False))
    traced = _traced(article, verdicts)
    tweets = tuple(replace(t, check=compared(t, verdict(("tweet", url))) if (url := t.url or traced.get(i))
                           else Check("skipped", "no-url"))
                   for i, t in enumerate(article.tweets))
    embeds = tuple(replace(e, check=verdict(("embed", e.url))) for e in article.embeds)
    updated = replace(article, links=links, tweets=tweets, embeds=embeds)
    return replace(updated, findings=findings_for(updated))
