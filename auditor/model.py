"""The report model: what a scan finds in each article, as frozen dataclasses.

Field names are the JSON report's keys (format 1, see ``docs/report-format.md``);
:func:`to_json_dict` turns any of these objects into plain JSON data.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import enum
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

OUTLET_KINDS = ("broadcaster", "magazine", "news agency", "newspaper", "official channel", "online outlet", "platform")
"""What an outlet can be (the JSON report's ``outlets[].kind``)."""

REPORT_FORMAT = 1
"""Version of the JSON report layout; bumped only when a key is renamed or removed."""

TweetForm = Literal["html-embed", "pasted-text", "status-url"]
LinkKind = Literal["shortener", "tweet", "twitter-media", "social", "outlet", "other"]
CheckStatus = Literal["ok", "broken", "unverifiable", "refused", "skipped"]


class Severity(enum.IntEnum):
    """How much a finding matters; ordered so a policy can say "this or worse"."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Hop:
    """One request in a redirect chain."""

    url: str
    """The URL requested."""
    http_status: int | None
    """Its HTTP status, or None when no answer came."""


@dataclass(frozen=True)
class LivePost:
    """What a post shows now, as its platform gives it (X's oEmbed): its author, handle and words."""

    author: str | None
    handle: str | None
    text: str | None


@dataclass(frozen=True)
class TextPart:
    """A run of words in the comparison of a post as the article quotes it with the post as it stands."""

    kind: Literal["same", "article", "live"]
    """``same``: in both; ``article``: only in the article's copy; ``live``: only in the live post."""
    words: str


@dataclass(frozen=True)
class Archive:
    """An archived copy of what a dead link showed, the one taken nearest before the article was published (or,
    with none before, the first after); ``--suggest-archive``."""

    url: str | None
    """The copy's address; None when there is none or the archive could not be asked (``note`` says which)."""
    timestamp: str | None = None
    """When the copy was taken, ISO 8601 UTC ("2023-06-20T04:46:12Z")."""
    source: str | None = None
    """The archive that holds it: ``wayback`` (the Internet Archive) or ``memento`` (a Memento aggregator)."""
    note: str | None = None
    """Why there is no copy: ``no-snapshot``, or ``archive-unreachable: REASON`` (the verdict stands either way)."""


@dataclass(frozen=True)
class Check:
    """What going online learned about a URL (absent until resolved)."""

    status: CheckStatus
    """ok, broken, unverifiable, refused or skipped."""
    reason: str | None = None
    """Why, for anything but ok: ``http-404``, ``tweet-deleted``, ``timeout``..."""
    http_status: int | None = None
    """Status of the last answer."""
    final_url: str | None = None
    """Where the chain ended."""
    chain: tuple[Hop, ...] = ()
    """Every hop, in order."""
    cached: bool = False
    """True when the verdict came from the cache rather than the network."""
    broken_since: str | None = None
    """For a broken verdict, with a cache: when it was first found broken in the current run of broken checks."""
    broken_runs: int = 0
    """For a broken verdict: how many runs in a row have found it broken (1: this one only; 0: not broken)."""
    archive: Archive | None = None
    """For a broken verdict, with ``--suggest-archive``: the archived copy to link instead, or why there is none."""
    live: LivePost | None = None
    """For a post on X that is live: its author, handle and words as X gives them now."""
    text: Literal["match", "differs", "unknown"] | None = None
    """For a post whose words the article shows: whether they are the live post's (``unknown``: the live post's
    words could not be read); None when the article shows no words of it."""
    text_diff: tuple[TextPart, ...] = ()
    """With ``text`` ``differs``: the words of both, runs marked same, only in the article, only in the live post."""


@dataclass(frozen=True)
class Mention:
    """One place where the article attributes something to an outlet."""

    matched: str
    """The text that named the outlet ("RIA", "@SkyNews")."""
    cue: str
    """How it was cited: "according to", "reported", "dateline", "embedded post"..."""
    sentence: str
    """The sentence the citation stands in, whitespace collapsed."""
    line: int
    """1-based line in the source file."""
    account: str | None = None
    """For a platform: whose account ("the Belarusian presidency")."""


@dataclass(frozen=True)
class Outlet:
    """An outlet the article cites, with every place it does so."""

    name: str
    """Canonical name from the gazetteer, or the name as written when unknown."""
    kind: str
    """news agency, broadcaster, newspaper, magazine, online outlet, platform, official channel."""
    known: bool
    """False when found only by its attribution pattern ("the news agency Foo reported")."""
    mentions: tuple[Mention, ...]
    """Where it is cited, in document order."""
    country: str | None = None
    """ISO 3166 country code of the outlet, when known."""


@dataclass(frozen=True)
class Credit:
    """A photo or video credit: who supplied a picture, which is not what the text cites."""

    name: str
    """Canonical outlet name when the gazetteer knows it ("Agence France-Presse"), else as credited ("Getty Images")."""
    matched: str
    """The credit as written ("AFP", "REUTERS")."""
    line: int
    known: bool
    """True when the name is a gazetteer outlet."""


@dataclass(frozen=True)
class Tweet:
    """An embedded or quoted post on X/Twitter."""

    author: str | None
    """Display name ("Sky News")."""
    handle: str | None
    """Account handle without the @."""
    date: str | None
    """ISO date of the post, when the embed shows it."""
    status_id: str | None
    """The numeric status ID, when any form of the post carries it."""
    url: str | None
    """Canonical status URL, built from the ID."""
    form: TweetForm
    """html-embed, pasted-text or status-url."""
    text: str | None
    """The post's text as the article shows it."""
    links: tuple[str, ...]
    """URLs inside the post's text."""
    line: int
    """1-based line of the embed (for pasted text: of its signature)."""
    check: Check | None = None
    """Verdict once resolved."""

    def posted_by(self) -> str | None:
        """The live post's handle when the article attributes the post to another account; None when it is the
        same account, or either is not known."""
        live = self.check.live if self.check is not None else None
        if not self.handle or live is None or not live.handle:
            return None
        return live.handle if self.handle.lstrip("@").casefold() != live.handle.lstrip("@").casefold() else None


@dataclass(frozen=True)
class Embed:
    """A post from another social platform embedded in the article."""

    platform: str
    """telegram, instagram, youtube, facebook, tiktok, bluesky, mastodon, threads, vk."""
    url: str
    """Canonical URL of the embedded post or video."""
    line: int
    """1-based line of the embed."""
    form: str = "html-embed"
    """html-embed (widget markup) or post-url (a post URL standing on its own)."""
    check: Check | None = None
    """Verdict once resolved."""


@dataclass(frozen=True)
class Link:
    """A URL the article carries, in text or markup."""

    url: str
    """Normalised URL (scheme added when the text left it out)."""
    kind: LinkKind
    """shortener, tweet, twitter-media, social, outlet or other."""
    domain: str
    """Registered domain (public suffix list bundled with tldextract)."""
    line: int
    """1-based line of its first occurrence."""
    in_tweet: bool
    """True when the link sits inside an embedded or pasted post."""
    text: str = ""
    """The URL exactly as written (or the href attribute)."""
    check: Check | None = None
    """Verdict once resolved."""
    label: str = ""
    """The words the link is set on ("a statement on its website"); empty for an address written out."""


@dataclass(frozen=True)
class Finding:
    """Something an editor should look at, under a stable rule id."""

    rule: str
    """Stable id: tweet-without-url, unexpanded-shortener, no-cited-outlet..."""
    severity: Severity
    """info, warning or error."""
    message: str
    """One readable sentence."""
    line: int | None
    """1-based line it concerns, when it concerns one."""
    fingerprint: str = ""
    """Stable across runs: the article, the rule and what it is about, never a line number."""
    baseline: str | None = None
    """Against a baseline (``--baseline``): "new" or "persisting"; None without one."""


@dataclass(frozen=True)
class Article:
    """Everything a scan learned about one article."""

    path: str
    """Path as given on the command line ("-" for standard input)."""
    title: str | None
    date: str | None
    """ISO date of publication, when the article says."""
    language: str | None
    """ISO 639-1 code, from the page or detected from the text."""
    outlets: tuple[Outlet, ...] = ()
    tweets: tuple[Tweet, ...] = ()
    embeds: tuple[Embed, ...] = ()
    links: tuple[Link, ...] = ()
    findings: tuple[Finding, ...] = ()
    input_format: str = "text"
    """text, html or markdown: how the file was read."""
    encoding: str = "utf-8"
    """The encoding the file was decoded with."""
    credits: tuple[Credit, ...] = ()
    """Photo and video credits, kept apart from ``outlets``."""
    invalid_bytes: tuple[int, ...] = ()
    """Lines where bytes that were not valid in ``encoding`` were replaced by U+FFFD."""
    truncated: tuple[str, ...] = ()
    """What of the article could not be read, and why; empty when it was read whole."""
    url: str | None = None
    """The page's own address (its canonical link or og:url), when it names one."""


@dataclass(frozen=True)
class Account:
    """Somebody on a platform whose posts the article embeds or whose account it names as a source."""

    platform: str
    """The platform's name in the gazetteer: "X", "Telegram"."""
    name: str | None
    """As the article shows it: "Tom Phillips (@tomphillipsin)", "the Belarusian presidency"; None when an embed
    does not say whose post it is."""
    handle: str | None
    """The account's handle without the @, when known."""
    mentions: tuple[Mention, ...]
    """Where and how it is cited, in document order (the same mentions as under its platform in ``outlets``)."""

    @property
    def cues(self) -> tuple[str, ...]:
        """How it is cited ("embedded post", "official account"), each once."""
        return tuple(dict.fromkeys(m.cue for m in self.mentions))

    @property
    def lines(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(m.line for m in self.mentions))

    @property
    def label(self) -> str:
        """"Tom Phillips (@tomphillipsin) on X", "an unnamed account on Instagram"."""
        return f"{self.name or 'an unnamed account'} on {self.platform}"


@dataclass(frozen=True)
class Sources:
    """An article's sources as an editor reads them: news organisations, people and organisations on platforms,
    and platforms the text itself names as where something was said. A view of ``Article.outlets``."""

    outlets: tuple[Outlet, ...]
    """Every outlet but the platforms (an outlet whose own account posted an embedded post included)."""
    accounts: tuple[Account, ...]
    """The accounts whose posts are embedded or whose account the text names, in order of first citation."""
    platforms: tuple[Outlet, ...]
    """Platforms the text names without an account ("she said on Telegram"), with just those mentions."""


_HANDLE_RE = re.compile(r"@([A-Za-z0-9_.]{1,64})")


def sources(article: Article) -> Sources:
    """Group ``article.outlets`` into outlets, accounts on platforms and platforms named."""
    outlets, platforms = [], []
    accounts: dict[tuple[str, str | None], list[tuple[Mention, str | None]]] = {}
    for outlet in article.outlets:
        if outlet.kind != "platform":
            outlets.append(outlet)
            continue
        named = []
        for mention in outlet.mentions:
            if mention.account is None and mention.cue != "embedded post":
                named.append(mention)
                continue
            found = _HANDLE_RE.search(mention.account or "") or (
                _HANDLE_RE.fullmatch(mention.matched) if mention.cue == "embedded post" else None)
            handle = found.group(1) if found else None
            key = handle.lower() if handle else (" ".join(mention.account.casefold().split())
                                                 if mention.account else None)
            accounts.setdefault((outlet.name, key), []).append((mention, handle))
        if named:
            platforms.append(dataclasses.replace(outlet, mentions=tuple(named)))
    grouped = []
    for (platform, _), seen in accounts.items():
        names = [m.account for m, _ in seen if m.account]
        name = next((n for n in names if "(@" in n), names[0] if names else None)
        handle = next((h for _, h in seen if h), None)
        if name is None and handle:
            name = "@" + handle
        grouped.append(Account(platform, name, handle, tuple(sorted((m for m, _ in seen), key=lambda m: m.line))))
    grouped.sort(key=lambda a: a.mentions[0].line)
    return Sources(tuple(outlets), tuple(grouped), tuple(platforms))


@dataclass(frozen=True)
class InputProblem:
    """A file that could not be audited, and why."""

    path: str
    message: str


@dataclass(frozen=True)
class Shard:
    """Which part of a run a report holds (``--shard K/N``), and where its articles fall in the whole run."""

    index: int
    """K: 1-based."""
    count: int
    """N."""
    run: str
    """Names the whole run (the paths scanned and the version): shards of one run share it."""
    articles: tuple[int, ...] = ()
    """Each article's place in the whole run's order, for ``auditor merge``."""
    errors: tuple[int, ...] = ()
    """Each unreadable file's place in the whole run's order."""


@dataclass(frozen=True)
class Meta:
    """About the run; the only place wall-clock values appear."""

    generated_at: str
    resolved: bool = False
    version: str = ""
    format: int = REPORT_FORMAT
    tool: str = "auditor"
    shard: Shard | None = None
    """Set for a shard's report; None for a whole run."""


@dataclass(frozen=True)
class Fixed:
    """A finding of the baseline that this run no longer finds, in an article it audited again."""

    path: str
    rule: str
    severity: Severity
    message: str
    fingerprint: str


@dataclass(frozen=True)
class Baseline:
    """The earlier run this one was compared with (``--baseline``)."""

    source: str
    """The baseline report as named on the command line."""
    generated_at: str
    """When the baseline run was made."""
    fixed: tuple[Fixed, ...] = ()
    """Its findings this run no longer finds, in the articles both runs audited."""


@dataclass(frozen=True)
class Report:
    """A whole run: every article, the files that failed, and a summary."""

    meta: Meta
    articles: Sequence[Article]
    """A tuple, or for a large run an :class:`~auditor.spool.ArticleSpool` read back from disk: walk it, do not
    keep it whole."""
    errors: tuple[InputProblem, ...] = field(default=())
    baseline: Baseline | None = None
    """The earlier run each finding is new or persisting against, when one was given."""

    def summary(self) -> dict[str, Any]:
        """Counts a reader wants first; derived, so never out of step."""
        outlets: Counter[str] = Counter()
        credits: Counter[str] = Counter()
        kinds: Counter[str] = Counter()
        severities: Counter[str] = Counter()
        rules: Counter[str] = Counter()
        verdicts: Counter[str] = Counter()
        grouped: dict[str, Counter[str]] = {"outlets": Counter(), "accounts": Counter(), "platforms": Counter()}
        counts: Counter[str] = Counter()
        # NOTE: one walk over the articles: a large run's are read back from disk for each walk
        for article in self.articles:
            counts.update(articles=1, tweets=len(article.tweets), embeds=len(article.embeds), links=len(article.links),
                          with_findings=int(bool(article.findings)),
                          new=sum(1 for f in article.findings if f.baseline == "new"),
                          persisting=sum(1 for f in article.findings if f.baseline == "persisting"))
            outlets.update(o.name for o in article.outlets)
            view = sources(article)
            grouped["outlets"].update(o.name for o in view.outlets)
            grouped["accounts"].update({a.label for a in view.accounts})
            grouped["platforms"].update(p.name for p in view.platforms)
            credits.update({c.name for c in article.credits})
            kinds.update(link.kind for link in article.links)
            severities.update(f.severity.label for f in article.findings)
            rules.update(f.rule for f in article.findings)
            items: list[Link | Tweet | Embed] = [*article.links, *article.tweets, *article.embeds]
            verdicts.update(item.check.status for item in items if item.check is not None)
        return {
            "articles": counts["articles"],
            "errors": len(self.errors),
            "outlets": dict(sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0]))),
            "credits": dict(sorted(credits.items())),
            "tweets": counts["tweets"],
            "embeds": counts["embeds"],
            "links": counts["links"],
            "links_by_kind": dict(sorted(kinds.items())),
            "checks_by_status": dict(sorted(verdicts.items())),
            "findings_by_severity": dict(sorted(severities.items())),
            "findings_by_rule": dict(sorted(rules.items())),
            "articles_with_findings": counts["with_findings"],
            "sources": {group: dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
                        for group, counts in grouped.items()},
            "baseline": None if self.baseline is None else {
                "new": counts["new"],
                "persisting": counts["persisting"],
                "fixed": len(self.baseline.fixed)},
        }


def shown_path(path: str) -> str:
    """A path as text every format can hold: a file name that is not valid UTF-8 (carried in memory with
    surrogate escapes, as Python reads it) shows each undecodable byte as ``\\xNN``."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return path


def path_bytes(path: str) -> str | None:
    """The exact bytes of a file name that is not valid UTF-8, base64-encoded (None for any other name)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return base64.b64encode(path.encode("utf-8", "surrogateescape")).decode("ascii")
    return None


def _path_from_json(raw: dict[str, Any]) -> str:
    if raw.get("path_bytes"):
        return base64.b64decode(raw["path_bytes"], validate=True).decode("utf-8", "surrogateescape")
    return str(raw["path"])


def to_json_dict(obj: Any) -> Any:
    """Turn a model object (or a tuple of them) into JSON-ready data."""
    if isinstance(obj, (Article, InputProblem)):
        data = {f.name: to_json_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
        data["path"] = shown_path(obj.path)
        if isinstance(obj, Article):
            data["sources"] = sources_json(sources(obj))
        if (exact := path_bytes(obj.path)) is not None:
            data["path_bytes"] = exact  # the name is not UTF-8: its bytes, so that nothing is lost
        return data
    if isinstance(obj, Report):
        return {
            "meta": to_json_dict(obj.meta),
            "articles": [to_json_dict(a) for a in obj.articles],
            "errors": [to_json_dict(e) for e in obj.errors],
            "baseline": to_json_dict(obj.baseline),
            "summary": obj.summary(),
        }
    if isinstance(obj, Fixed):
        data = {f.name: to_json_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
        data["path"] = shown_path(obj.path)
        return data
    if isinstance(obj, Severity):
        return obj.label
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_json_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (tuple, list)):
        return [to_json_dict(item) for item in obj]
    return obj


def sources_json(grouped: Sources) -> dict[str, Any]:
    """An article's ``sources`` key: outlet names, accounts and platforms named, each with how and where."""
    return {
        "outlets": [o.name for o in grouped.outlets],
        "accounts": [{"platform": a.platform, "account": a.name, "handle": a.handle, "label": a.label,
                      "cues": list(a.cues), "lines": list(a.lines)} for a in grouped.accounts],
        "platforms": [{"name": p.name, "cues": list(dict.fromkeys(m.cue for m in p.mentions)),
                       "lines": list(dict.fromkeys(m.line for m in p.mentions))} for p in grouped.platforms],
    }


def report_from_json(data: Any) -> Report:
    """Rebuild a Report from its JSON form (format 1); the summary is derived again.

    Raises ValueError with a readable message when ``data`` is not such a report.
    """
    check_report_meta(data)
    try:
        return report_with_articles(data, tuple(article_from_json(a) for a in data["articles"]))
    except MALFORMED as exc:
        raise ValueError(f"malformed report: {type(exc).__name__}: {exc}") from None


MALFORMED = (KeyError, TypeError, ValueError, AttributeError, binascii.Error)
"""What reading a report's values raises when one is missing or of the wrong kind."""


def check_report_meta(data: Any) -> None:
    """Raise ValueError, saying what it is instead, unless ``data`` (a report's top level) is a run's report."""
    if not isinstance(data, dict) or not isinstance(data.get("meta"), dict):
        raise ValueError("not an auditor JSON report (no 'meta' object)")
    meta = data["meta"]
    if meta.get("kind") == "diff":
        raise ValueError("this is a comparison of two runs (auditor diff -f json), not a run's JSON report")
    if meta.get("tool") != "auditor" or meta.get("format") != REPORT_FORMAT:
        raise ValueError(f"not an auditor report of format {REPORT_FORMAT} "
                         f"(tool={meta.get('tool')!r}, format={meta.get('format')!r})")


def report_with_articles(data: dict[str, Any], articles: Sequence[Article]) -> Report:
    """The Report of a checked report's top level (:func:`check_report_meta`) and its articles, already read.
    Raises one of :data:`MALFORMED` on a malformed value."""
    meta = data["meta"]
    errors = tuple(InputProblem(_path_from_json(e), e["message"]) for e in data.get("errors", []))
    baseline = None
    if isinstance(raw := data.get("baseline"), dict):
        baseline = Baseline(raw["source"], raw["generated_at"], tuple(
            Fixed(f["path"], f["rule"], Severity[f["severity"].upper()], f["message"], f["fingerprint"])
            for f in raw["fixed"]))
    shard = None
    if isinstance(raw_shard := meta.get("shard"), dict):
        shard = Shard(int(raw_shard["index"]), int(raw_shard["count"]), str(raw_shard["run"]),
                      tuple(int(i) for i in raw_shard["articles"]), tuple(int(i) for i in raw_shard["errors"]))
    return Report(Meta(meta["generated_at"], bool(meta["resolved"]), meta.get("version", ""), shard=shard),
                  articles, errors, baseline)


def _check(raw: Any) -> Check | None:
    if raw is None:
        return None
    chain = tuple(Hop(h["url"], h["http_status"]) for h in raw["chain"])
    archive = Archive(*_strings(found, "url", "timestamp", "source", "note")) \
        if isinstance(found := raw.get("archive"), dict) else None
    parts = tuple(TextPart(p["kind"], p["words"]) for p in raw.get("text_diff") or ()
                  if p.get("kind") in ("same", "article", "live") and isinstance(p.get("words"), str))
    text = raw.get("text") if raw.get("text") in ("match", "differs", "unknown") else None
    return Check(raw["status"], raw["reason"], raw["http_status"], raw["final_url"], chain, bool(raw["cached"]),
                 raw.get("broken_since"), int(raw.get("broken_runs") or 0), archive, live_post(raw.get("live")),
                 text, parts)


def _strings(raw: dict[str, Any], *keys: str) -> tuple[str | None, ...]:
    """The values of ``keys``, each a string or None (anything else, written by another program, is None)."""
    return tuple(value if isinstance(value := raw.get(key), str) else None for key in keys)


def live_post(raw: Any) -> LivePost | None:
    """A check's ``live`` as saved (a report, the cache); None for anything but an object."""
    return LivePost(*_strings(raw, "author", "handle", "text")) if isinstance(raw, dict) else None


def article_from_json(raw: dict[str, Any]) -> Article:
    outlets = tuple(
        Outlet(o["name"], o["kind"], o["known"],
               tuple(Mention(m["matched"], m["cue"], m["sentence"], m["line"], m.get("account")) for m in o["mentions"]),
               o.get("country"))
        for o in raw["outlets"]
    )
    tweets = tuple(
        Tweet(t["author"], t["handle"], t["date"], t["status_id"], t["url"], t["form"], t["text"], tuple(t["links"]),
              t["line"], _check(t["check"]))
        for t in raw["tweets"]
    )
    embeds = tuple(Embed(e["platform"], e["url"], e["line"], e.get("form", "html-embed"), _check(e["check"]))
                   for e in raw["embeds"])
    links = tuple(Link(x["url"], x["kind"], x["domain"], x["line"], x["in_tweet"], x.get("text", ""), _check(x["check"]),
                       x.get("label", "")) for x in raw["links"])
    findings = tuple(Finding(f["rule"], Severity[f["severity"].upper()], f["message"], f["line"], f.get("fingerprint", ""),
                             f.get("baseline")) for f in raw["findings"])
    credits = tuple(Credit(c["name"], c["matched"], c["line"], c["known"]) for c in raw.get("credits", []))
    return Article(_path_from_json(raw), raw["title"], raw["date"], raw["language"], outlets, tweets, embeds, links,
                   findings, raw.get("input_format", "text"), raw.get("encoding", "utf-8"), credits,
                   tuple(raw.get("invalid_bytes", ())), tuple(raw.get("truncated", ())), raw.get("url"))
