"""Check one URL: follow every hop, read just enough, and give a verdict DESIGN.md defines."""

from __future__ import annotations

import contextlib
import email.utils
import html
import http.client
import json
import random
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from urllib.parse import quote, urljoin, urlsplit

import requests
import urllib3.exceptions
from urllib3.util import parse_url

from auditor.model import Check, Hop, LivePost
from auditor.resolve import DEFAULT_OEMBED
from auditor.resolve.hosts import HostSettings, HostTable
from auditor.resolve.policy import DEADLINES, AddressPolicy, ForbiddenAddress
from auditor.scan.urls import is_shortener, post_url, tweet_status

RETRY_STATUSES = frozenset({429, 502, 503, 504})
# HEAD answers that say "ask me with GET" rather than anything about the page.
_HEAD_UNHELPFUL = frozenset({400, 401, 403, 404, 405, 406, 409, 410, 500, 501})
_PEEK_BYTES = 64 * 1024
_DRAIN_BYTES = 512 * 1024
"""What is left of an answer after the peek is read and dropped, up to this much, so that its connection can
serve the next request; a longer answer costs its connection instead."""
_DRAIN_SECONDS = 0.5
_PEEK_SECONDS = 5.0
"""The most the first 64 KB of a page may take."""
# A path naming a file (an image, a video, a document): a HEAD says all there is to say, without the body.
_FILE_PATH_RE = re.compile(
    r"\.(?:jpe?g|png|gif|webp|avif|heic|svg|ico|bmp|tiff?|mp[34]|m4[av]|mov|webm|mkv|avi|og[gav]|wav|flac|aac"
    r"|pdf|zip|gz|tgz|bz2|xz|7z|rar|tar|exe|dmg|iso|apk|msi|docx?|xlsx?|pptx?|od[tsp]|epub|csv)$", re.IGNORECASE)
# Only an immediate refresh is a redirect; "300; url=/front" is a page reloading itself.
# NOTE: each <meta> tag is cut out first and read on its own: one pattern over the whole body backtracks
# for minutes on a crafted "<meta http-equiv=refresh" followed by 60 KB without a ">".
_META_TAG_RE = re.compile(r"<meta\b[^<>]{0,2048}>?", re.IGNORECASE)
_REFRESH_RE = re.compile(r"http-equiv\s*=\s*[\"']?refresh\b", re.IGNORECASE)
_REFRESH_CONTENT_RE = re.compile(
    r"content\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]*))", re.IGNORECASE)
_REFRESH_VALUE_RE = re.compile(r"^\s*(?P<delay>\d{0,6})\s*[;,]\s*url\s*=\s*[\"']?(?P<url>[^\"'>]+)", re.IGNORECASE)
_SCRIPT_RE = re.compile(r"<script\b[^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL)
_JS_REDIRECT_RE = re.compile(
    r"\blocation\.(?:replace|assign)\(\s*[\"']([^\"']+)[\"']\s*\)"
    r"|\b(?:window|document|top|self)\.location(?:\.href)?\s*=\s*[\"']([^\"']+)[\"']"
    r"|(?<![\w.-])location\.href\s*=\s*[\"']([^\"']+)[\"']")
# NOTE: plain substrings of the lower-cased page, not one case-insensitive pattern: the pattern costs ~3 ms on
# each 64 KB page read, the substrings a tenth of that.
_BOT_WALL_MARKERS = ("cf-chl", "challenge-platform", "just a moment...", "attention required! | cloudflare",
                     "captcha-delivery", "px-captcha", "please enable js and disable any ad blocker",
                     "_incapsula_resource")
_TELEGRAM_MISSING_RE = re.compile(r"tgme_widget_message_error|Post not found", re.IGNORECASE)


@dataclass(frozen=True)
class CheckerConfig:
    """How hard and how politely to check."""

    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    url_budget: float = 30.0
    """Seconds one URL may take in all, retries and redirects included."""
    max_redirects: int = 10
    retries: int = 2
    """Extra attempts on 429/502/503/504, timeouts and resets."""
    backoff: float = 0.5
    """First retry waits about this long, doubling each time (plus jitter)."""
    retry_after_cap: float = 30.0
    """A Retry-After longer than this is not waited for: the link is rate-limited."""
    per_host: int = 2
    """Requests in flight to one host at once."""
    host_interval: float = 0.1
    """Seconds between the starts of two requests to one host."""
    slow_after: int = 2
    """A host whose requests have timed out this many times is slow: its remaining URLs are checked with
    ``slow_timeout``, no retry after a timeout, and up to ``slow_per_host`` at once."""
    slow_timeout: float = 3.0
    slow_per_host: int = 8
    oembed_endpoint: str = DEFAULT_OEMBED
    hosts: HostTable = field(default_factory=HostTable)
    """Headers, accepted statuses, limits and timeouts, for every host and by host (``--header``, ``[hosts]``)."""


class HostGate:
    """At most ``per_host`` requests in flight per host, starts spaced by ``interval``; remembers slow hosts: those
    whose last ``slow_after`` requests got no answer in time (any answer clears it)."""

    def __init__(self, per_host: int, interval: float, *, slow_after: int = 2, slow_per_host: int = 8,
                 own: Callable[[str], HostSettings | None] = lambda host: None) -> None:
        self._per_host = per_host
        self._interval = interval
        self._slow_after = slow_after
        self._slow_per_host = max(per_host, slow_per_host)
        self._own = own
        """A host's own limits, which hold whether it is slow or not."""
        self._cond = threading.Condition()
        self._busy: dict[str, int] = {}
        self._next_start: dict[str, float] = {}
        self._timeouts: dict[str, int] = {}

    def enter(self, host: str) -> None:
        """Wait for a turn at ``host``; every :meth:`enter` is paired with a :meth:`leave`."""
        own = self._own(host)
        interval = own.interval if own is not None and own.interval is not None else self._interval
        with self._cond:
            while self._busy.get(host, 0) >= self._limit(host, own):
                self._cond.wait()
            self._busy[host] = self._busy.get(host, 0) + 1
            now = time.monotonic()
            start = max(now, self._next_start.get(host, 0.0))
            self._next_start[host] = start + interval
        if start > now:
            time.sleep(start - now)

    def _limit(self, host: str, own: HostSettings | None) -> int:
        if own is not None and own.concurrency is not None:
            return own.concurrency
        return self._slow_per_host if self._is_slow(host) else self._per_host

    def leave(self, host: str) -> None:
        with self._cond:
            self._busy[host] -= 1
            if not self._busy[host]:
                del self._busy[host]
            self._cond.notify_all()

    def timed_out(self, host: str) -> None:
        """A request sent to ``host`` got no answer in time (not one that ran out of time waiting for its turn)."""
        with self._cond:
            self._timeouts[host] = self._timeouts.get(host, 0) + 1
            if self._timeouts[host] == self._slow_after:
                self._cond.notify_all()  # more of its URLs may now wait at once

    def answered(self, host: str) -> None:
        """``host`` answered: it is not slow, whatever came before."""
        with self._cond:
            self._timeouts.pop(host, None)

    def is_slow(self, host: str) -> bool:
        with self._cond:
            return self._is_slow(host)

    def _is_slow(self, host: str) -> bool:
        return self._timeouts.get(host, 0) >= self._slow_after


class _Budget:
    """A URL's time in all (retries and redirects included), counted from its first request: a URL waiting its
    turn behind others of its host has not been checked yet, and is not judged on that wait."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline: float | None = None

    def start(self) -> float:
        """The deadline, set by the first call."""
        if self.deadline is None:
            self.deadline = time.monotonic() + self.seconds
        return self.deadline


@dataclass
class _Attempt:
    status: int | None
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""


class ServiceDown(Exception):
    """A service the resolver asks (an archive) gave no answer: ``reason`` says why (``timeout``, ``dns``...)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Failure(Exception):
    def __init__(self, status: str, reason: str, *, retry: bool = False, local: bool = False) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.retry = retry
        """Worth another attempt: a timeout or a reset, not a refusal or a missing name."""
        self.local = local
        """Caused by this machine's connectivity (no resolver answering, a dead proxy), not by the link."""


class Checker:
    """Gives a :class:`Check` for a URL; thread-safe, one per run, sharing one session."""

    def __init__(self, session: requests.Session, policy: AddressPolicy, config: CheckerConfig | None = None,
                 *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.session = session
        self.policy = policy
        self.config = config or CheckerConfig()
        self.hosts = self.config.hosts
        self.gate = HostGate(self.config.per_host, self.config.host_interval, slow_after=self.config.slow_after,
                             slow_per_host=self.config.slow_per_host, own=self.hosts.own)
        self._sleep = sleep
        self.requests_made = 0
        self.local_failures: set[str] = set()
        """URLs whose verdict came from this machine's own connectivity (no resolver, a dead proxy): such a
        verdict says nothing about the link and is never cached."""
        self._count_lock = threading.Lock()

    # -- public -------------------------------------------------------------------------

    def check_url(self, url: str) -> Check:
        """A link: follow it to the end and judge the final answer."""
        return self._guarded(url, lambda budget: self._follow(url, budget))

    def check_tweet(self, url: str) -> Check:
        """A post on X, judged through oEmbed: x.com answers 200 for missing posts and walls bots."""
        status = tweet_status(url)
        if status is None:
            return self.check_url(url)
        return self._guarded(url, lambda budget: self._oembed(status.url, budget))

    def check_embed(self, url: str) -> Check:
        """A social post; Telegram's embed view says when a post is gone."""
        post = post_url(url)
        if post is not None and post.platform == "telegram":
            return self._guarded(url, lambda budget: self._telegram(post.url, budget))
        return self.check_url(url)

    def accepted(self, check: Check) -> Check:
        """A link whose final answer is a status ``--accept`` or its host's ``accept`` names is live (reason
        ``accepted-http-NNN``). Applied to verdicts as they are used, never as they are cached or counted in a
        broken streak: the cache keeps what the server said. Not for posts, judged by what oEmbed says."""
        code = check.http_status
        if code is None or check.status == "ok" or check.final_url is None:
            return check
        if check.reason not in (f"http-{code}", "bot-wall", "rate-limited"):
            return check  # a deleted post, a redirect loop: what the status alone does not say
        try:
            host = (parse_url(check.final_url).host or "").lower()
        except ValueError:
            return check
        if not self.hosts.accepts(host, code):
            return check
        return replace(check, status="ok", reason=f"accepted-http-{code}", broken_runs=0, broken_since=None)

    def ask(self, url: str) -> tuple[int, str]:
        """A GET of a service's endpoint (an archive's API): its status and the first 64 KB of its text, under the
        same address policy, limits and retries as a check. Raises :class:`ServiceDown` when no answer came."""
        try:
            attempt = self._request(url, _Budget(self.config.url_budget), method="GET")
        except _Failure as failure:
            raise ServiceDown(failure.reason) from None
        except ValueError:
            raise ServiceDown("invalid-url") from None
        return attempt.status or 0, attempt.body

    # -- verdicts -----------------------------------------------------------------------

    def _guarded(self, url: str, run: Callable[[_Budget], Check]) -> Check:
        try:
            scheme = urlsplit(url).scheme.lower()
        except ValueError:  # "A://[": not even a URL
            return Check("broken", "invalid-url")
        if scheme not in ("http", "https"):
            return Check("refused", "unsupported-scheme")
        own = self.hosts.own(urlsplit(url).hostname or "")
        budget = self.config.url_budget
        if own is not None and own.timeout is not None:
            budget = max(budget, 3 * own.timeout)  # a host given longer to answer is given longer in all
        try:
            check = run(_Budget(budget))
        except _Failure as failure:
            check = Check(failure.status, failure.reason)  # type: ignore[arg-type]
            if failure.local:
                self._local(url)
            return check
        except ValueError:  # a URL urllib cannot parse: "http://[oops/"
            return Check("broken", "invalid-url")
        return check

    def _local(self, url: str) -> None:
        with self._count_lock:
            self.local_failures.add(url)

    def _follow(self, url: str, budget: _Budget) -> Check:
        chain: list[Hop] = []
        seen: set[str] = set()
        current = url
        while True:
            if current in seen:
                return Check("broken", "redirect-loop", chain[-1].http_status, current, tuple(chain))
            if len(chain) > self.config.max_redirects:
                return Check("broken", "too-many-redirects", chain[-1].http_status, current, tuple(chain))
            seen.add(current)
            # a hop from https to plain http carries no configured header: a cookie or a token given for the host
            # is not sent where anyone on the way can read it
            downgraded = any(hop.url.lower().startswith("https:") for hop in chain) and \
                current.lower().startswith("http:")
            try:
                attempt = self._request(current, budget, configured=not downgraded)
            except _Failure as failure:
                if failure.local:
                    self._local(url)
                chain.append(Hop(current, None))
                return Check(failure.status, failure.reason, None, current, tuple(chain))  # type: ignore[arg-type]
            chain.append(Hop(current, attempt.status))
            status = attempt.status or 0
            target = None
            if 300 <= status < 400 and attempt.headers.get("location"):
                target = _utf8_header(attempt.headers["location"])
            elif 200 <= status < 300 and attempt.body:
                target = _html_redirect(attempt.body)
            if target:
                try:
                    nxt = urljoin(current, html.unescape(target.strip()))
                    scheme = urlsplit(nxt).scheme.lower()
                except ValueError:
                    return Check("broken", "invalid-url", status, current, tuple(chain))
                if scheme not in ("http", "https"):
                    return Check("refused", "unsupported-scheme", status, nxt, tuple(chain))
                if nxt == current and not 300 <= status < 400:
                    return _verdict(attempt, current, tuple(chain))  # a page refreshing itself
                current = nxt
                continue
            return _verdict(attempt, current, tuple(chain))

    def _oembed(self, status_url: str, budget: _Budget) -> Check:
        endpoint = self.config.oembed_endpoint
        probe = f"{endpoint}{'&' if '?' in endpoint else '?'}url={quote(status_url, safe='')}&omit_script=true"
        attempt = self._request(probe, budget, method="GET")
        chain = (Hop(probe, attempt.status),)
        code = attempt.status or 0
        if 200 <= code < 300:
            return Check("ok", None, code, status_url, chain, live=_live_post(attempt.body))
        if code in (404, 410):
            return Check("broken", "tweet-deleted", code, status_url, chain)
        if code in (401, 403):
            return Check("unverifiable", "tweet-protected", code, status_url, chain)
        return _verdict(attempt, status_url, chain)

    def _telegram(self, post: str, budget: _Budget) -> Check:
        probe = f"{post}?embed=1"
        attempt = self._request(probe, budget, method="GET")
        chain = (Hop(probe, attempt.status),)
        code = attempt.status or 0
        if 200 <= code < 300:
            if _TELEGRAM_MISSING_RE.search(attempt.body):
                return Check("broken", "post-not-found", code, post, chain)
            return Check("ok", None, code, post, chain)
        return _verdict(attempt, post, chain)

    # -- transport ----------------------------------------------------------------------

    def _request(self, url: str, budget: _Budget, *, method: str | None = None, configured: bool = True) -> _Attempt:
        """One hop, with retries: a GET, whose first 64 KB say whether the page is a refresh or a bot wall; a HEAD
        first for a path naming a file (an image, a PDF), then a GET where the HEAD was unhelpful."""
        # NOTE: the host as urllib3 will send it, not as urlsplit reads it ("http://127.0.0.1\\@example.com/").
        try:
            host = (parse_url(url).host or "").lower()
        except ValueError:
            # a host urllib3 cannot read may still be a private address in another spelling ("１２７。０。０。１")
            try:
                self.policy.check_literal(urlsplit(url).hostname or "")
            except ForbiddenAddress:
                raise _Failure("refused", "private-address") from None
            except ValueError:
                pass
            raise _Failure("broken", "invalid-url") from None
        if not host:
            raise _Failure("broken", "invalid-url")
        try:
            self.policy.check_literal(host)
        except ForbiddenAddress:
            raise _Failure("refused", "private-address") from None
        use_get = method == "GET" or is_shortener(url) or not _names_a_file(url)
        headers = self.hosts.headers(host) if configured else {}
        attempt = self._with_retries("GET" if use_get else "HEAD", url, host, budget, headers)
        if not use_get and (attempt.status in _HEAD_UNHELPFUL or _is_html_ok(attempt)):
            attempt = self._with_retries("GET", url, host, budget, headers)
        return attempt

    def _with_retries(self, method: str, url: str, host: str, budget: _Budget, headers: dict[str, str]) -> _Attempt:
        tries = 0
        while True:
            tries += 1
            try:
                attempt = self._send(method, url, host, budget, headers)
            except _Failure as failure:
                if failure.reason == "timeout" and self.gate.is_slow(host):
                    raise  # a host that has not answered twice running gets no third wait from this URL
                if not failure.retry or tries > self.config.retries:
                    raise
                self._wait(self._backoff(tries), budget, failure)
                continue
            if attempt.status not in RETRY_STATUSES or tries > self.config.retries:
                return attempt
            delay = _retry_after(attempt.headers.get("retry-after"))
            if delay is not None and delay > self.config.retry_after_cap:
                return attempt
            self._wait(delay if delay is not None else self._backoff(tries), budget,
                       _Failure("unverifiable", "rate-limited" if attempt.status == 429 else f"http-{attempt.status}"))

    def _backoff(self, tries: int) -> float:
        base = self.config.backoff * 2.0 ** (tries - 1)
        return base + random.uniform(0, base / 2)

    def _wait(self, delay: float, budget: _Budget, failure: _Failure) -> None:
        if time.monotonic() + delay >= budget.start():
            raise failure
        self._sleep(delay)

    def _send(self, method: str, url: str, host: str, budget: _Budget, headers: dict[str, str]) -> _Attempt:
        self.gate.enter(host)
        deadline = budget.start()  # the URL's time runs from its first turn at the host, not from its wait for it
        sent = False
        try:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _Failure("unverifiable", "timeout")
            own = self.hosts.own(host)
            if own is not None and own.timeout is not None:
                connect, read = min(5.0, own.timeout / 2), own.timeout
            elif self.gate.is_slow(host):
                connect, read = self.config.slow_timeout, self.config.slow_timeout
            else:
                connect, read = self.config.connect_timeout, self.config.read_timeout
            timeout = (min(connect, remaining), min(read, remaining))
            with self._count_lock:
                self.requests_made += 1
            sent = True
            # NOTE: connections are kept alive and reused per host; the deadline watchdog watches a socket whether it
            # was dialled for this request or handed over by the pool.
            with DEADLINES.request(deadline), \
                    self.session.request(method, url, allow_redirects=False, stream=True, timeout=timeout,
                                         headers=headers) as response:
                if time.monotonic() >= deadline:  # the headers ended only because the watchdog cut them short
                    raise _Failure("unverifiable", "timeout")
                self.gate.answered(host)
                headers = {k.lower(): v for k, v in response.headers.items()}
                body, peeked = "", False
                # only a 2xx page (a refresh, a bot wall) or a 401/403 (a bot wall) says more in its body; any other
                # body (a 3xx's, however long it runs) is at most drained, never inflated, to keep the connection
                if method == "GET" and _is_textual(headers) and (200 <= response.status_code < 300
                                                                  or response.status_code in (401, 403)):
                    body, peeked = _peek(response, deadline), True
                _settle(response, deadline, peeked=peeked)
                return _Attempt(response.status_code, headers, body)
        except Exception as exc:
            # NOTE: built by a call, not kept in this frame: the frame would hold the failure, whose context holds
            # the frame, and the half-read answer's socket would wait for the garbage collector
            raise self._failed(exc, host, deadline, sent=sent) from None
        finally:
            self.gate.leave(host)

    def _failed(self, exc: Exception, host: str, deadline: float, *, sent: bool) -> _Failure:
        if time.monotonic() >= deadline and not isinstance(exc, (_Failure, ForbiddenAddress)):
            failure = _Failure("unverifiable", "timeout")  # the watchdog ended a dribbling answer
        else:
            failure = _classify(exc)
        if sent and failure.reason == "timeout":
            self.gate.timed_out(host)
        return failure


_AUTHOR_URL_RE = re.compile(r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/([A-Za-z0-9_]{1,15})/?$", re.IGNORECASE)


def _live_post(body: str) -> LivePost | None:
    """The author, handle and words of a post, from X's oEmbed answer: its ``author_url`` and the blockquote in
    its ``html``, read as the scanner reads an embed. None when the answer says nothing of them."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    from auditor.scan.html import parse_fragment  # NOTE: here: lxml only for a run that checks posts

    markup = data.get("html")
    hits = [h for h in parse_fragment(markup, 1)[2] if h.platform == "twitter"] if isinstance(markup, str) else []
    hit = hits[0] if hits else None
    author_url = data.get("author_url") if isinstance(data.get("author_url"), str) else ""
    by_url = _AUTHOR_URL_RE.match(author_url or "")
    handle = by_url.group(1) if by_url else (hit.handle if hit else None)
    author = data.get("author_name") if isinstance(data.get("author_name"), str) else (hit.author if hit else None)
    text = " ".join(hit.text.split()) if hit is not None and hit.text else None
    if handle is None and author is None and text is None:
        return None
    return LivePost(author, handle, text)


def _classify(exc: Exception) -> _Failure:
    """The failure a transport error means for the link."""
    if isinstance(exc, _Failure):
        return exc
    if isinstance(exc, ForbiddenAddress):
        return _Failure("refused", "private-address")
    if isinstance(exc, requests.exceptions.SSLError):
        return _Failure("unverifiable", "tls")
    if isinstance(exc, (requests.exceptions.ConnectTimeout, requests.exceptions.ReadTimeout)):
        return _Failure("unverifiable", "timeout", retry=True)
    if isinstance(exc, requests.exceptions.ProxyError):
        return _Failure("unverifiable", "proxy", local=True)
    if isinstance(exc, requests.exceptions.ConnectionError):
        if _is_dns(exc):
            # "no such name" is the link's; "the resolver did not answer" is this machine's
            return _Failure("unverifiable", "dns", local=not _caused_by(exc, _is_missing_name))
        # A reset mid-answer may pass; a refused connection will not.
        return _Failure("unverifiable", "connection", retry=not _is_refused(exc))
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema, UnicodeError)):
        return _Failure("broken", "invalid-url")
    if isinstance(exc, (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError,
                        requests.exceptions.InvalidHeader, http.client.HTTPException, urllib3.exceptions.HTTPError,
                        ValueError, LookupError)):
        # duplicated Content-Length, a broken chunk, an unknown charset: the server's fault, not the link's
        return _Failure("unverifiable", "bad-response")
    if isinstance(exc, requests.exceptions.RequestException):
        return _Failure("unverifiable", "connection")
    raise exc


def _peek(response: requests.Response, deadline: float) -> str:
    """The first few KB of a page, never the whole of a large one, within a few seconds: the status already says
    the page is there, so a body trickled a byte at a time costs its connection, not the URL's budget."""
    until = min(deadline, time.monotonic() + _PEEK_SECONDS)
    data = bytearray()
    with _cut_at(response, until):
        try:
            for chunk in response.iter_content(chunk_size=1024):
                data.extend(chunk)
                if len(data) >= _PEEK_BYTES or time.monotonic() > until:
                    break
        except requests.exceptions.RequestException:
            pass  # a truncated peek still says what we need; the status is already known
    try:
        return bytes(data[:_PEEK_BYTES]).decode(response.encoding or "utf-8", errors="replace")
    except LookupError:  # "charset=x-bogus": the server's word is no good, the bytes still are
        return bytes(data[:_PEEK_BYTES]).decode("utf-8", errors="replace")


@contextlib.contextmanager
def _cut_at(response: requests.Response, when: float) -> Iterator[None]:
    """Shut the answer's socket down at ``when`` if reading it is still going on: a server sending a byte now and
    then defeats every read timeout."""
    sock = getattr(getattr(response.raw, "connection", None), "sock", None)
    with DEADLINES.request(when):
        if sock is not None:
            with contextlib.suppress(OSError, ValueError):
                DEADLINES.watch(sock)
        yield


def _settle(response: requests.Response, deadline: float, *, peeked: bool) -> None:
    """Read and drop what is left of a short answer, so that its connection goes back to the pool for the next
    URL on that host; a long, slow or odd one is left for closing (it costs a connection, never a wait)."""
    raw = response.raw
    conn = getattr(raw, "connection", None)
    fp = getattr(raw, "_fp", None)  # http.client's response: counts what is left, undoes chunking, never inflates
    if conn is None or fp is None or not isinstance(fp, http.client.HTTPResponse) or fp.isclosed() or fp.will_close:
        return
    if response.status_code < 200:
        return  # an interim answer (103 Early Hints) where the final one was due: what follows is not the next URL's
    head = response.request.method == "HEAD"
    if fp.chunked and (peeked or (fp.length == 0 and not head)):
        # urllib3 reads chunks itself once it has begun; a bodiless 204/304 announcing chunks is not to be trusted
        return
    if fp.length is not None and fp.length > _DRAIN_BYTES:
        return
    until = min(deadline, time.monotonic() + _DRAIN_SECONDS)
    if until <= time.monotonic():
        return
    left = _DRAIN_BYTES
    try:
        with _cut_at(response, until):  # trailers and chunk sizes are read a line at a time: only a cut ends a trickle
            while not fp.isclosed():
                if fp.length == 0 or head:
                    fp.read()  # nothing is left: this marks the answer done
                    break
                if left <= 0 or time.monotonic() >= until:
                    return
                data = fp.read1(min(left, 64 * 1024))
                if not data:
                    break
                left -= len(data)
    except (OSError, http.client.HTTPException, ValueError):
        return  # the connection is closed with the answer
    if fp.isclosed() and not fp.length and time.monotonic() < until:
        raw.release_conn()


def _names_a_file(url: str) -> bool:
    try:
        return bool(_FILE_PATH_RE.search(urlsplit(url).path))
    except ValueError:
        return False


def _is_textual(headers: dict[str, str]) -> bool:
    kind = headers.get("content-type", "text/html").lower()
    return "html" in kind or "text/plain" in kind or "json" in kind


def _is_html_ok(attempt: _Attempt) -> bool:
    """A 200 HEAD on a shortener-like page may hide a meta refresh: worth a GET only for small HTML pages."""
    if not (attempt.status and 200 <= attempt.status < 300):
        return False
    kind = attempt.headers.get("content-type", "").lower()
    size = attempt.headers.get("content-length")
    return "html" in kind and size is not None and size.isdigit() and 0 < int(size) < 4096


def _utf8_header(value: str) -> str:
    """A header sent as raw UTF-8 (as browsers read ``Location``), which http.client decoded as Latin-1."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def _html_redirect(body: str) -> str | None:
    head = body[:_PEEK_BYTES]
    for tag in _META_TAG_RE.finditer(head):
        if _REFRESH_RE.search(tag.group(0)) and (content := _REFRESH_CONTENT_RE.search(tag.group(0))):
            value = content["dq"] if content["dq"] is not None else content["sq"] if content["sq"] is not None \
                else content["bare"]
            if (match := _REFRESH_VALUE_RE.match(value or "")) and int(match["delay"] or 0) <= 5:
                # as a browser's URL parser: tabs and newlines inside are dropped ("java\tscript:")
                return re.sub(r"[\t\n\r]", "", match["url"]).strip()
            break
    if len(head) < 8192:  # interstitials are small; a full page's scripts move readers around for other reasons
        for script in _SCRIPT_RE.findall(head):
            if found := _JS_REDIRECT_RE.search(script):
                return next(g for g in found.groups() if g).replace("\\/", "/")
    return None


def _is_bot_wall(body: str) -> bool:
    lowered = body.lower()
    return any(marker in lowered for marker in _BOT_WALL_MARKERS)


def _verdict(attempt: _Attempt, final: str, chain: tuple[Hop, ...]) -> Check:
    code = attempt.status or 0
    if 200 <= code < 300:
        if _is_bot_wall(attempt.body):
            return Check("unverifiable", "bot-wall", code, final, chain)
        return Check("ok", None, code, final, chain)
    if code == 429:
        return Check("unverifiable", "rate-limited", code, final, chain)
    if code in (401, 403):
        wall = _is_bot_wall(attempt.body) or attempt.headers.get("cf-mitigated") == "challenge"
        return Check("unverifiable", "bot-wall" if wall else f"http-{code}", code, final, chain)
    if code in (400, 408, 999) or code >= 500 or 300 <= code < 400 or 100 <= code < 200:
        # a 1xx as the answer: an interim response ("103 Early Hints") where the final one was due
        return Check("unverifiable", f"http-{code}", code, final, chain)
    return Check("broken", f"http-{code}", code, final, chain)


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds, from a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # not "²": str.isdigit says yes to superscripts
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _is_dns(exc: BaseException) -> bool:
    return _caused_by(exc, lambda e: isinstance(e, socket.gaierror) or type(e).__name__ == "NameResolutionError")


_MISSING_NAME = {getattr(socket, name) for name in ("EAI_NONAME", "EAI_NODATA") if hasattr(socket, name)}


def _is_missing_name(exc: BaseException) -> bool:
    return isinstance(exc, socket.gaierror) and exc.errno in _MISSING_NAME


def _is_refused(exc: BaseException) -> bool:
    return _caused_by(exc, lambda e: isinstance(e, ConnectionRefusedError) or type(e).__name__ == "NewConnectionError")


def _caused_by(exc: BaseException, test: Callable[[BaseException], bool]) -> bool:
    """Whether ``test`` holds for ``exc`` or anything it wraps (requests and urllib3 nest deeply)."""
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if test(current):
            return True
        stack.extend(arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException))
        stack.extend(e for e in (current.__cause__, current.__context__, getattr(current, "reason", None))
                     if isinstance(e, BaseException))
    return False
