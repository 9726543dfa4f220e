"""Compile the outlet gazetteer, ``auditor/data/outlets.json``, from the curated list and pinned open data.

    python scripts/build_gazetteer.py --mirrors DIR [--newscatcher WHEEL]

``DIR`` holds git mirrors of the repositories in ``SOURCES`` (named
``owner+name``, optionally with a ``repo`` folder inside, or ``owner/name``);
the newscatcher wheel is taken from PyPI when not given. Every input is pinned
by commit or version and hash, and the output's header records each one with
its licence, so the file can be rebuilt byte for byte.

Merging: the hand-curated ``data/curated_outlets.json`` comes first and wins;
each open-data record joins the entry that already has its domain or its X
handle, or starts a new one. Records that are not news outlets (government,
universities, NGOs, journals) are left out, and a one-word name from open data
is "strict": it counts only with a strong reporting cue, since "Reason",
"Salon" or "Mint" are also words.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
CURATED = ROOT / "data" / "curated_outlets.json"
OUTPUT = ROOT / "auditor" / "data" / "outlets.json"
FORMAT = 2


@dataclass(frozen=True)
class Source:
    """One pinned input."""

    key: str
    origin: str
    """``github:owner/name`` or ``pypi:name==version``."""
    version: str
    """The commit, or the wheel's SHA-256."""
    file: str
    licence: str


SOURCES = (
    Source("wikidata", "github:patrickswickard/international_newspapers", "0d8b4a34764914490583a603d2a5d12ad175ecbd",
           "full_list_of_newspapers.json", "CC0-1.0 (Wikidata)"),
    Source("mbfc", "github:drmikecrowe/mbfcext", "bbb763770fbaa14b181ff4be55b13c80311636d4",
           "docs/v5/data/combined.json", "MIT (names, domains and handles only)"),
    Source("localnews", "github:yinleon/LocalNewsDataset", "d97f2f86aa7da3813f6e388e637f9e7350e53178",
           "data/local_news_dataset_2018.csv", "MIT"),
    Source("newscatcher", "pypi:newscatcher==0.2.0",
           "6051b6b709717232ccd8f74ff96eccda2b603eb0366ee812b915f6dfd58fa300",
           "newscatcher/data/package_rss.db", "MIT"),
    Source("impresso", "github:impresso/newsagency-classification", "7bff34eda98819e4b293adc692bd35af7bdcf20e",
           "annotation_settings/inception_settings/tagset_newsagencies.json", "MIT"),
)


@dataclass
class Record:
    """An outlet as one input describes it."""

    name: str
    kind: str
    source: str
    domains: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    facebook: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    language: str | None = None
    shared: list[str] = field(default_factory=list)
    """Domains other outlets give too (a group's portal, an archive): kept, but never used to join entries."""


# --- readers: bytes of one input in, records out ------------------------------------------------------------

_LANGUAGES = {
    "English": "en", "American English": "en", "British English": "en", "French": "fr", "Spanish": "es",
    "Russian": "ru", "Ukrainian": "uk", "Arabic": "ar", "German": "de", "Finnish": "fi", "Hungarian": "hu",
    "Swedish": "sv", "Portuguese": "pt", "Brazilian Portuguese": "pt", "Korean": "ko", "Hindi": "hi",
    "Japanese": "ja", "Belarusian": "be", "Norwegian": "no", "Norwegian Bokmål": "nb", "Italian": "it",
    "Chinese": "zh", "Simplified Chinese": "zh", "Traditional Chinese": "zh", "Polish": "pl", "Turkish": "tr",
    "Romanian": "ro", "Dutch": "nl", "Bengali": "bn", "Greek": "el", "Modern Greek": "el", "Croatian": "hr",
    "Armenian": "hy", "Albanian": "sq", "Gujarati": "gu", "Marathi": "mr", "Persian": "fa", "Danish": "da",
    "Catalan": "ca", "Kannada": "kn", "Estonian": "et", "Indonesian": "id", "Serbian": "sr", "Urdu": "ur",
    "Czech": "cs", "Slovak": "sk", "Slovene": "sl", "Bulgarian": "bg", "Latvian": "lv", "Lithuanian": "lt",
    "Hebrew": "he", "Tamil": "ta", "Telugu": "te", "Malayalam": "ml", "Thai": "th", "Vietnamese": "vi",
    "Malay": "ms", "Georgian": "ka", "Azerbaijani": "az", "Kazakh": "kk", "Uzbek": "uz", "Macedonian": "mk",
    "Bosnian": "bs", "Icelandic": "is", "Irish": "ga", "Welsh": "cy", "Basque": "eu", "Galician": "gl",
}
_COUNTRIES = {
    "United States of America": "US", "India": "IN", "France": "FR", "Russia": "RU", "Canada": "CA",
    "United Kingdom": "GB", "Mexico": "MX", "People's Republic of China": "CN", "Spain": "ES", "Australia": "AU",
    "Belarus": "BY", "South Korea": "KR", "Finland": "FI", "Ukraine": "UA", "Brazil": "BR", "Norway": "NO",
    "Argentina": "AR", "Hungary": "HU", "Nigeria": "NG", "Germany": "DE", "Malaysia": "MY", "Japan": "JP",
    "New Zealand": "NZ", "Sweden": "SE", "Turkey": "TR", "Switzerland": "CH", "Venezuela": "VE",
    "Netherlands": "NL", "Kingdom of the Netherlands": "NL", "Poland": "PL", "Denmark": "DK", "Latvia": "LV",
    "South Africa": "ZA", "Bangladesh": "BD", "Italy": "IT", "Indonesia": "ID", "Israel": "IL", "Albania": "AL",
    "Republic of Ireland": "IE", "Ireland": "IE", "Armenia": "AM", "Thailand": "TH", "Pakistan": "PK",
    "Czech Republic": "CZ", "Romania": "RO", "Croatia": "HR", "Portugal": "PT", "Haiti": "HT", "Estonia": "EE",
    "Azerbaijan": "AZ", "Belgium": "BE", "Iran": "IR", "Luxembourg": "LU", "Greece": "GR", "Chile": "CL",
    "Austria": "AT", "Bulgaria": "BG", "Egypt": "EG", "Kazakhstan": "KZ", "Taiwan": "TW", "Saudi Arabia": "SA",
    "Serbia": "RS", "Morocco": "MA", "Benin": "BJ", "United Arab Emirates": "AE", "Uganda": "UG",
    "Singapore": "SG", "Afghanistan": "AF", "Colombia": "CO", "Peru": "PE", "Philippines": "PH", "Kenya": "KE",
    "Ghana": "GH", "Lebanon": "LB", "Jordan": "JO", "Iraq": "IQ", "Syria": "SY", "Qatar": "QA", "Kuwait": "KW",
    "Algeria": "DZ", "Tunisia": "TN", "Cuba": "CU", "Ecuador": "EC", "Bolivia": "BO", "Uruguay": "UY",
    "Paraguay": "PY", "Sri Lanka": "LK", "Nepal": "NP", "Vietnam": "VN", "Georgia": "GE", "Lithuania": "LT",
    "Slovakia": "SK", "Slovenia": "SI", "Iceland": "IS", "Cyprus": "CY", "Malta": "MT", "Moldova": "MD",
    "North Macedonia": "MK", "Bosnia and Herzegovina": "BA", "Montenegro": "ME", "Kosovo": "XK",
    "Hong Kong": "HK", "Zimbabwe": "ZW", "Zambia": "ZM", "Tanzania": "TZ", "Ethiopia": "ET", "Cameroon": "CM",
    "Senegal": "SN", "Ivory Coast": "CI", "Jamaica": "JM", "Puerto Rico": "PR", "Guatemala": "GT",
    "Costa Rica": "CR", "Panama": "PA", "Dominican Republic": "DO", "El Salvador": "SV", "Honduras": "HN",
    "Nicaragua": "NI", "Uzbekistan": "UZ", "Kyrgyzstan": "KG", "Tajikistan": "TJ", "Mongolia": "MN",
}
_US_STATES = frozenset("""AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM
NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI""".split())


_JOURNAL = re.compile(r"^(?:The\s+)?(?:Annals|Proceedings|Bulletin|Archives|Review)\s+of\b|\bJournal\s+of\b|\bUniversity\b"
                      r"|\b(?:Oficial|Officiel|Ufficiale)\b|\bOfficial\s+(?:Journal|Gazette)\b|\bGazette\s+officielle\b")


def read_wikidata(data: bytes) -> Iterator[Record]:
    """Newspapers with an official website (a Wikidata query's results); one row per QID/site/language."""
    rows = json.loads(data)["results"]["bindings"]
    seen: dict[str, Record] = {}
    for row in rows:
        name = row.get("itemLabel", {}).get("value", "")
        qid = row["item"]["value"].rsplit("/", 1)[-1]
        if not name or re.fullmatch(r"Q\d+", name):  # no English label
            continue
        if _JOURNAL.search(name):
            continue
        record = seen.get(qid)
        if record is None:
            record = seen[qid] = Record(name, "newspaper", "wikidata")
        domain = _domain(row.get("offurl", {}).get("value", ""))
        if domain and domain not in record.domains:
            record.domains.append(domain)
        record.country = record.country or _COUNTRIES.get(row.get("countryLabel", {}).get("value", ""))
        record.language = record.language or _LANGUAGES.get(row.get("languageLabel", {}).get("value", ""))
    yield from seen.values()


_NOT_NEWS_NAME = re.compile(
    r"\b(?:Foundation|Institute|Institution|University|College|Council|Association|Society|Party|Committee"
    r"|Organi[sz]ation|Watch|Project|Alliance|Coalition|Fund|Campaign|League|Church|Ministry|Department"
    r"|Center|Centre|Laboratory|Academy|Agency for|Bureau of|Commission|Museum|Library|Union|Federation"
    r"|Network for|Initiative|Trust|Advocates|Action|Rights|Clinic|Hospital|Journal of|Proceedings|Review of"
    r"|Fact ?Check|Snopes|Wikipedia|Government|Embassy|Senator|Congressman|Congresswoman|Forum|Observatory"
    r"|Programme|Program|Commissioner|Nations|Office|Amnesty|Greenpeace|Gallup|Pew|Research|Consult|Polling|Survey"
    r"|Bank|Corporation|Company|Inc|LLC|Ltd|Group|Partners|Advisors|Consulting|Analytics|Data|Statistics|Census"
    r"|Federal|Administration|Authority|Police|Army|Navy|Court|Parliament|Congress|Senate|Assembly|Agency for"
    r"|Scholars|Physicians|Doctors|Lawyers|Teachers|Movement|Coalition|Network for|Advocacy|Justice|Freedom From"
    r"|Society for|Americans for|Citizens|Patriots?|Heritage|Liberty|Policy|Studies|Economics|Economic|Peace|Life"
    r"|Matters|Foundation|Church|Ministries|Islam|Catholic|Christian|Jewish|Muslim)\b", re.IGNORECASE)
_NEWS_WORD = re.compile(r"\b(?:News|Times|Post|Daily|Weekly|Magazine|Journal|Tribune|Herald|Gazette|Press"
                        r"|Radio|TV|Television|Chronicle|Observer|Review|Today|Report|Reporter|Star|Sun|Mirror"
                        r"|NPR|PBS|Public\s+Radio|Broadcasting|Dispatch|Ledger|Courier|Sentinel|Inquirer|Examiner"
                        r"|Bulletin|Beacon|Register|Record|Telegraph|Standard|Express|Globe|Wire|Newsroom|Insider"
                        r"|Investigative|Journalism|Reporting)\b|^[KW][A-Z]{2,3}\b")


def read_mbfc(data: bytes) -> Iterator[Record]:
    """Sources rated by Media Bias/Fact Check: we keep name, domain and accounts, never the ratings."""
    for source in json.loads(data)["sources"]:
        name, domain = _clean_name(source.get("name", "")), _domain(source.get("domain", ""))
        if not name or not domain or _official_domain(domain) or _JOURNAL.search(name):
            continue
        # Media Bias/Fact Check rates think tanks, NGOs, pollsters and journals beside the press ("Pew Research",
        # "Amnesty International", "World Economic Forum"): "according to" them is not citing an outlet.
        if _NOT_NEWS_NAME.search(name) and not _NEWS_WORD.search(name):
            continue
        if (source.get("bias") == "pro-science" or domain.endswith(".org")) and not _NEWS_WORD.search(name):
            continue
        yield Record(name, "online outlet", "mbfc", domains=[domain],
                     handles=_handles(source.get("twitter", "")), facebook=_handles(source.get("facebook", "")))


_MEDIUM = {"Newspapers": "newspaper", "College Newspapers": "newspaper", "TV station": "broadcaster",
           "Magazines": "magazine", "Radio station": "broadcaster"}


def read_localnews(data: bytes) -> Iterator[Record]:
    """US local newspapers, TV stations and magazines, with their sites and accounts."""
    for row in csv.DictReader(io.StringIO(data.decode("utf-8"))):
        name = _clean_name(row["name"])
        if not name:
            continue
        domain = _domain(row.get("domain") or row.get("website") or "")
        yield Record(name, _MEDIUM.get(row["medium"], "newspaper"), "localnews",
                     domains=[domain] if domain else [], handles=_handles(row.get("twitter", "")),
                     facebook=_handles(row.get("facebook", "")), country="US" if row.get("state") in _US_STATES else None,
                     language="en")


def read_newscatcher(data: bytes) -> dict[str, str]:
    """Domain -> language of news sites (the wheel's SQLite table; it has no names, so it only adds languages)."""
    with tempfile.NamedTemporaryFile(suffix=".db") as tmp:
        tmp.write(data)
        tmp.flush()
        with sqlite3.connect(tmp.name) as db:
            rows = db.execute("SELECT clean_url, language FROM rss_main ORDER BY GlobalRank").fetchall()
    languages: dict[str, str] = {}
    for url, language in rows:
        domain = _domain(url or "")
        if domain and language and re.fullmatch(r"[a-z]{2}", language):
            languages.setdefault(domain, language)
    return languages


def read_impresso(data: bytes) -> Iterator[Record]:
    """News agencies with their historical names; only those still working ("...-today")."""
    for tag in json.loads(data)["tags"]:
        description = tag.get("tag_description") or ""
        first, _, _rest = description.partition("\n")
        if "today" not in first:
            continue
        full = re.sub(r",?\s*\d{4}\s*-\s*today.*", "", first).strip()
        aliases = [tag["tag_name"], *(a for a in re.split(r"[-/]", tag["tag_name"]) if a != tag["tag_name"])]
        variations = re.search(r"other variations:\s*(.+)", description, re.DOTALL)
        if variations:
            aliases += [v.strip() for v in re.split(r"[,\r\n]+", variations.group(1)) if v.strip()]
        yield Record(full or tag["tag_name"], "news agency", "impresso", aliases=aliases)


# --- helpers ---------------------------------------------------------------------------------------------------

def _domain(url: str) -> str | None:
    url = url.strip()
    if not url:
        return None
    host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    host = host.lower().removeprefix("www.").rstrip(".")
    if host in _SHARED_HOSTS or not ("." in host and re.fullmatch(r"[a-z0-9.-]+", host)):
        return None
    return host


_SHARED_HOSTS = frozenset("""
wordpress.com blogspot.com medium.com substack.com facebook.com twitter.com x.com youtube.com google.com wix.com
weebly.com squarespace.com tumblr.com typepad.com livejournal.com github.io yahoo.com msn.com aol.com patch.com
wixsite.com webs.com homestead.com angelfire.com tripod.com yolasite.com jimdo.com blogger.com linkedin.com
instagram.com t.me telegram.org vk.com ok.ru apple.com spotify.com soundcloud.com web.archive.org archive.org
archive.today archive.ph
""".split())
"""Hosts that carry many unrelated outlets' pages: a shared host is never evidence of being the same outlet."""


def _official_domain(domain: str) -> bool:
    return bool(re.search(r"\.(?:gov|edu|mil|int)(?:\.[a-z]{2})?$|\.(?:gc\.ca|gouv\.fr|gob\.\w+|ac\.uk)$", domain))


def _handles(value: str) -> list[str]:
    """An account name from a bare handle or a profile URL."""
    value = value.strip().strip("/")
    if not value:
        return []
    if "/" in value:
        path = urlsplit(value if "//" in value else "//" + value).path.strip("/")
        if not path or path.startswith(("pages/", "groups/", "profile.php", "people/")):
            return []
        value = path.split("/")[0]
    value = value.lstrip("@")
    return [value] if re.fullmatch(r"[A-Za-z0-9_.-]{2,50}", value) else []


def _clean_name(name: str) -> str:
    """ "CNN (Cable News Network)" -> "CNN"; collapse spaces; no trailing "- News"."""
    name = re.sub(r"\s*\([^)]*\)\s*", " ", unicodedata.normalize("NFC", name))
    return " ".join(name.split()).strip(" -–|,")


_WORDS = frozenset("""
News Today Daily Weekly Post Press Times Report Journal Monday Tuesday Wednesday Thursday Friday Saturday Sunday
January February March April May June July August September October November December Home World Politics Business
Local National International Breaking Live Video Opinion Sports Health Science Media Online Network Digital
""".split())


def _strict(alias: str, curated: bool) -> bool:
    """Open-data names that are also words: one capitalised word ("Salon", "Mint"), or an acronym of 2-3 letters."""
    if curated:
        return False
    bare = alias.removeprefix("The ").strip()
    if re.fullmatch(r"[A-Z]{2,3}", bare):
        return True
    return " " not in bare and bool(re.fullmatch(r"[A-Z][a-z]+", bare))


_BODIES = frozenset("""
WHO UN EU IMF NATO FBI CIA NSA NASA CDC FDA EPA IAEA OPEC WTO UNICEF UNESCO UNHCR ICC ICJ OSCE ASEAN OECD ECB
IRS DOJ DHS SEC FTC FCC FAA NTSB DEA ATF ICE TSA USDA NIH NOAA IPCC AU ANC BJP GOP SNP SPD CDU CSU AfD FDP
KGB FSB GRU SBU MI5 MI6 NHS BBC ITV CIA IDF IRGC PKK YPG ISIS ISIL
""".split())
"""Acronyms of public bodies, parties and agencies that open data also gives to small outlets ("WHO" is a radio
station in Des Moines): never an alias of an outlet known only from open data."""


def _usable_alias(alias: str) -> bool:
    bare = alias.removeprefix("The ").strip()
    return (len(bare) >= 2 and bare not in _WORDS and bare not in _BODIES and not re.fullmatch(r"[\d\W_]+", bare))


# --- merging ---------------------------------------------------------------------------------------------------

def merge(curated: list[dict[str, object]], records: Iterable[Record], languages: dict[str, str]) -> list[dict[str, object]]:
    """Curated entries first (they win), then each record joined by domain or X handle, or added."""
    entries: list[dict[str, object]] = []
    by_domain: dict[str, dict[str, object]] = {}
    by_handle: dict[str, dict[str, object]] = {}
    by_name: dict[str, dict[str, object]] = {}

    shared: set[str] = set()

    def index(entry: dict[str, object]) -> None:
        for domain in entry.get("domains", []):  # type: ignore[union-attr]
            if domain not in shared:
                by_domain.setdefault(str(domain), entry)
        for handle in entry.get("handles", []):  # type: ignore[union-attr]
            by_handle.setdefault(str(handle).lower(), entry)
        for alias in [entry["name"], *entry.get("aliases", [])]:  # type: ignore[misc]
            by_name.setdefault(_fold(str(alias)), entry)

    for item in curated:
        entry = dict(item)
        entry["aliases"] = list(entry.get("aliases") or [entry["name"]])  # type: ignore[arg-type]
        entry["sources"] = ["curated"]
        entries.append(entry)
        index(entry)
    for record in records:
        shared.update(record.shared)
        target = next((by_domain[d] for d in record.domains if d in by_domain and d not in shared), None)
        if target is None:  # a shared site joins only the same name: "Pittsburgh Tribune-Review" at triblive.com
            same = by_name.get(_fold(record.name))
            if same is not None and set(record.domains) & set(same.get("domains", [])):  # type: ignore[arg-type]
                target = same
        if target is None:
            target = next((by_handle[h.lower()] for h in record.handles if h.lower() in by_handle), None)
        if target is None and record.kind == "news agency":  # agencies have no domain in their list
            target = next((by_name[_fold(a)] for a in [record.name, *record.aliases] if _fold(a) in by_name), None)
        if target is None:
            if not _usable_alias(record.name) or not (record.domains or record.kind == "news agency"):
                continue
            target = {"name": record.name, "kind": record.kind, "aliases": [], "domains": [], "handles": [],
                      "sources": []}
            entries.append(target)
        curated_entry = "curated" in target["sources"]  # type: ignore[operator]
        _extend(target, "domains", record.domains)
        _extend(target, "handles", record.handles)
        _extend(target, "facebook", record.facebook)
        if not curated_entry:
            names = [record.name, *record.aliases]
            _extend(target, "aliases", [a for a in names if _usable_alias(a)])
            _extend(target, "strict", [a for a in names if _usable_alias(a) and _strict(a, False)])
            for key in ("country", "language"):
                if not target.get(key) and getattr(record, key):
                    target[key] = getattr(record, key)
        _extend(target, "sources", [record.source])
        index(target)
    for entry in entries:
        if not entry.get("language") and "curated" not in entry["sources"]:  # type: ignore[operator]
            language = next((languages[d] for d in entry.get("domains", []) if d in languages), None)  # type: ignore[union-attr]
            if language:
                entry["language"] = language
                _extend(entry, "sources", ["newscatcher"])
    return entries


def _extend(entry: dict[str, object], key: str, values: Iterable[str]) -> None:
    current = entry.setdefault(key, [])
    assert isinstance(current, list)
    for value in values:
        if value and value not in current:
            current.append(value)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"[\W_]+", "", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


_ORDER = ("name", "kind", "country", "language", "aliases", "strict", "domains", "handles", "telegram", "facebook",
          "sources")


def render(entries: list[dict[str, object]], sources: Iterable[Source]) -> str:
    """The gazetteer file: a header naming every input, then one outlet a line (diffs stay readable)."""
    header = {
        "format": FORMAT,
        "generated_by": "scripts/build_gazetteer.py",
        "sources": [{"key": "curated", "origin": "data/curated_outlets.json", "version": "this repository",
                     "licence": "the project's own"}]
        + [{"key": s.key, "origin": s.origin, "version": s.version, "file": s.file, "licence": s.licence}
           for s in sources],
    }
    lines = []
    for entry in entries:
        ordered = {k: entry[k] for k in _ORDER if entry.get(k) not in (None, [], "")}
        lines.append(json.dumps(ordered, ensure_ascii=False, separators=(",", ":")))
    head = json.dumps(header, ensure_ascii=False, indent=1)[:-2]
    return head + ',\n "outlets": [\n' + ",\n".join(lines) + "\n]}\n"


def build(inputs: dict[str, bytes], curated: list[dict[str, object]]) -> list[dict[str, object]]:
    """Every outlet from the inputs (keyed as in ``SOURCES``), curated first."""
    records: list[Record] = []
    records += read_impresso(inputs["impresso"])
    records += read_wikidata(inputs["wikidata"])
    records += read_localnews(inputs["localnews"])
    records += read_mbfc(inputs["mbfc"])
    records = _without_shared_hosts(records)
    return _unique_names(merge(curated, records, read_newscatcher(inputs["newscatcher"])))


def _without_shared_hosts(records: list[Record]) -> list[Record]:
    """A domain or X handle that several differently named outlets give as theirs (a library's archive of old
    papers, a publisher's portal, a group's one account) is not one outlet's: it joins nothing. Overlong names
    are captions, not names."""
    names: dict[tuple[str, str], set[str]] = {}
    for record in records:
        for key in [*record.domains, *("@" + h.lower() for h in record.handles)]:
            names.setdefault((key, record.source), set()).add(_fold(record.name))
    # two differently named items of one list with the same site: an archive or a group's portal
    shared = {key for (key, _), seen in names.items() if len(seen) > 1}
    kept = []
    for record in records:
        record.shared = [d for d in record.domains if d in shared]
        record.handles = [h for h in record.handles if "@" + h.lower() not in shared]
        record.aliases = [a for a in record.aliases if len(a) <= 80]
        if len(record.name) <= 80:
            kept.append(record)
    return kept


def _unique_names(entries: list[dict[str, object]]) -> list[dict[str, object]]:
    """A report lists outlets by name, so two papers called "The Herald" need two names: the later one
    is told apart by its domain ("The Herald (heraldsun.com)"); its alias still reads "The Herald"."""
    seen: set[str] = set()
    for entry in entries:
        name = str(entry["name"])
        if name in seen:
            place = next(iter(entry.get("domains") or []), None) or entry.get("country") or entry["sources"][0]  # type: ignore[index]
            name, base, number = f"{name} ({place})", f"{name} ({place}", 2
            while name in seen:
                name, number = f"{base}, {number})", number + 1
            entry["name"] = name
        seen.add(name)
    return entries


# --- fetching the pinned inputs ---------------------------------------------------------------------------------

def _git_show(mirrors: Path, source: Source) -> bytes:
    owner, name = source.origin.removeprefix("github:").split("/")
    for git in (mirrors / f"{owner}+{name}" / "repo", mirrors / f"{owner}+{name}", mirrors / owner / name):
        if git.is_dir():
            done = subprocess.run(["git", "-C", str(git), "show", f"{source.version}:{source.file}"],
                                  capture_output=True, check=False)
            if done.returncode == 0:
                return done.stdout
            raise SystemExit(f"{source.origin}: {done.stderr.decode(errors='replace').strip()}")
    raise SystemExit(f"no git mirror of {source.origin} under {mirrors}")


def _wheel_member(wheel: Path | None, source: Source) -> bytes:
    if wheel is None:
        folder = Path(tempfile.mkdtemp())
        spec = source.origin.removeprefix("pypi:")
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
                        spec, "-d", str(folder)], check=True)
        wheel = next(folder.glob("*.whl"))
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != source.version:
        raise SystemExit(f"{wheel}: SHA-256 {digest} is not the pinned {source.version}")
    with zipfile.ZipFile(wheel) as archive:
        return archive.read(source.file)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mirrors", type=Path, required=True, help="folder of git mirrors of the pinned repositories")
    parser.add_argument("--newscatcher", type=Path, help="the newscatcher 0.2.0 wheel (downloaded when absent)")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    inputs = {s.key: (_wheel_member(args.newscatcher, s) if s.origin.startswith("pypi:") else _git_show(args.mirrors, s))
              for s in SOURCES}
    curated = json.loads(CURATED.read_text(encoding="utf-8"))["outlets"]
    entries = build(inputs, curated)
    tmp = args.output.with_suffix(".tmp")
    tmp.write_text(render(entries, SOURCES), encoding="utf-8")
    tmp.replace(args.output)
    named = sum(1 for e in entries if e["kind"] != "platform")
    print(f"{named} outlets ({len(curated)} curated entries) written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
