"""Choose the real-page development set from the pinned repositories and write ``manifest.json``.

Run once, by hand, with the git mirrors of the repositories in ``sources`` below:

    python -m tests.realpages.select_pages --mirrors /path/to/mirrors

The manifest (repository, commit, path, SHA-1 of the page) is what the project
keeps; the pages themselves are materialised by ``materialise.py`` into an
ignored cache and never committed.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from tests.realpages.materialise import git_show, mirror_dir

HERE = Path(__file__).resolve().parent
WCXB = ("Murrough-Foley/web-content-extraction-benchmark", "c039d5ee9f5a3a984a0e167e63aacd04e76e78a9")
MBFC = ("drmikecrowe/mbfcext", "bbb763770fbaa14b181ff4be55b13c80311636d4")
WIKIDATA = ("patrickswickard/international_newspapers", "0d8b4a34764914490583a603d2a5d12ad175ecbd")
LOCAL = ("yinleon/LocalNewsDataset", "d97f2f86aa7da3813f6e388e637f9e7350e53178")

# Pages of news sites, chosen by name from each repository's listing (product pages, encyclopaedias,
# code hosts and pages in languages the scanner does not read are left out).
NAMED = {
    ("microlinkhq/metascraper", "20423f52ef9b4a07d3b25e56e34d2756b3291250"): [
        f"packages/metascraper/test/integration/{name}/input.html" for name in """
        arstechnica bbc bloomberg bukvy business-today cio cnet computerworld crn economic-times engadget eweek
        fast-company financial-times forbes fortune hola inc information-week itpro jewish-business-news
        los-angeles-times mac-rumors marketing-land mashable milanocittastato nbcnews npr qz recode reuters
        san-francisco-chronicle sfstandard silicon-angle silicon-beat silicon-valley-business-journal stuff
        techcrunch techmonitor the-boston-globe the-guardian the-register the-verge usa-today venture-beat vice
        wired wsj yahoo-news zdnet""".split()],
    ("smallrivers/snacktory", "6a87f3f19d13843166dd689760cbdc2ff3af34f6"): [
        f"src/test/resources/de/jetwick/snacktory/{name}.html" for name in ["Coronavirus_The Media Line", *"""\n        aolnews bbc_noscript bloomberg br-online businessweek businessweek2 cnbc\n        cnn cnn2 corona_247wallst corona_newsgram corona_theislandnow Covid-19News8Plus economist engadget espn\n        faz forbes foxnews gizmodo golem heise huffingtonpost2 huffingtonpost2020 khaleejtimes_com lefigaro\n        msnbc newsweek nyt nyt2 people politico reuters rian sfgate spiegel sportingnews taz techcrunch\n        theatlantic thedailybeast time tokyo_protest usatoday usatoday2 washingtonpost wsj yahoo yomiuri""".split()]],
    ("goose3/goose3", "c5a8902eed0c4592a1ff5ec51a0277cf73a3aca7"): [
        f"tests/data/{name}.html" for name in """
        content/test_aolNews content/test_businessWeek1 content/test_businessWeek2 content/test_businessWeek3
        content/test_businessinsider3 content/test_cbslocal content/test_cnbc1 content/test_cnn1
        content/test_elmondo1 content/test_elpais content/test_espn content/test_foxNews content/test_guardian1
        content/test_huffingtonPost2 content/test_lefigaro content/test_liberation content/test_marketplace
        content/test_msn1 content/test_politico content/test_techcrunch1 content/test_time content/test_time2
        content/test_usatoday_issue_74 content/test_wiwo content/test_yahoo tweets/test_tweet""".split()],
    ("advancedlogic/GoOse", "717927370fc8f68b5f590aa46b8b156756cfebb3"): [
        f"sites/{name}.html" for name in """
        abcnews.go.com bbc.co.uk bbc.com bizjournals.com bloomberg.com businessinsider.com cnn.com
        dailymail.co.uk economist.com edition.cnn.com forbes.com foxnews.com globoesporte.globo.com
        huffingtonpost.co.uk nbcnews.com nytimes.com techcrunch.com theguardian.com usatoday.com
        washingtonpost.com wsj.com yahoo.com""".split()],
    ("j0k3r/graby", "3e7695203c4c57dac2998780972450ced372b960"): [
        f"tests/fixtures/content/{name}.html" for name in """
        20minutes-authors 20minutes-date 20minutes-jsonld lemonde-date liberation-authors rollingstone
        https___www.lemonde.fr_actualite-medias_article_2015_04_12_radio-france-vers-une-sortie-du-conflit_4614610_3236
        https___www.motherjones.com_politics_2012_02_mac-mcclelland-free-online-shipping-warehouses-labor_
        https___www.presseportal.de_pm_103258_2930232
        https___www.xataka.com_movilidad_coches-vendidos-2023-2024-espana""".split()],
    ("dataculturegroup/Tweet-Finder", "71117eb243208bf9c18ed261e4a53b8c721ed0f9"): [
        f"tweetfinder/test/fixtures/{name}.html" for name in "1987377089 buzzfeed cnn guardian npr time".split()],
}


def news_domains(mirrors: Path) -> set[str]:
    """Registered news domains from the outlet lists (used only to pick news pages of the WCXB dev split)."""
    domains: set[str] = set()
    mbfc = json.loads(git_show(mirror_dir(mirrors, MBFC[0]), MBFC[1], "docs/v5/data/combined.json"))
    domains.update(s["domain"].lower().removeprefix("www.") for s in mbfc["sources"] if s.get("domain"))
    wikidata = json.loads(git_show(mirror_dir(mirrors, WIKIDATA[0]), WIKIDATA[1], "full_list_of_newspapers.json"))
    for row in wikidata["results"]["bindings"]:
        host = urlsplit(row.get("offurl", {}).get("value", "")).hostname
        if host:
            domains.add(host.lower().removeprefix("www."))
    local = git_show(mirror_dir(mirrors, LOCAL[0]), LOCAL[1], "data/local_news_dataset_2018.csv").decode()
    domains.update(r["domain"].lower().removeprefix("www.") for r in csv.DictReader(io.StringIO(local)) if r["domain"])
    return domains


_NEWS_SCHEMA = re.compile(rb'"@type"\s*:\s*\[?\s*"(?:NewsArticle|ReportageNewsArticle|LiveBlogPosting'
                          rb'|AnalysisNewsArticle|OpinionNewsArticle)"')


def wcxb_pages(mirrors: Path) -> list[str]:
    """Article pages of the WCXB dev split on a known news domain or marked up as news."""
    repo, commit = WCXB
    git = mirror_dir(mirrors, repo)
    meta = json.loads(git_show(git, commit, "metadata.json"))
    domains = news_domains(mirrors)
    chosen = []
    for key, info in sorted(meta["files"].items()):
        if info["split"] != "dev" or info["page_type"] != "article":
            continue
        host = info["domain"].lower().removeprefix("www.")
        if host.endswith((".gov", ".edu")) or ".edu." in host or ".gov." in host:
            continue
        parts = host.split(".")
        known = any(".".join(parts[i:]) in domains for i in range(len(parts) - 1))
        path = f"dev/html/{key}.html.gz"
        if known or _NEWS_SCHEMA.search(gzip.decompress(git_show(git, commit, path))):
            chosen.append(path)
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mirrors", type=Path, required=True, help="folder holding the repositories' git mirrors")
    args = parser.parse_args()
    wanted = dict(NAMED)
    wanted[WCXB] = wcxb_pages(args.mirrors)
    pages, seen = [], set()
    for (repo, commit), paths in sorted(wanted.items()):
        git = mirror_dir(args.mirrors, repo)
        for path in paths:
            raw = git_show(git, commit, path)
            body = gzip.decompress(raw) if path.endswith(".gz") else raw
            sha1 = hashlib.sha1(body).hexdigest()
            if sha1 in seen:  # the same page saved by two projects
                continue
            seen.add(sha1)
            stem = re.sub(r"\.html(?:\.gz)?$", "", path.rsplit("/", 1)[-1] if "integration" not in path
                          else path.split("/")[-2])
            slug = re.sub(r"[^a-z0-9]+", "-", f"{repo.split('/')[1]}-{stem}".lower()).strip("-")[:60]
            pages.append({"id": slug, "repo": repo, "commit": commit, "path": path, "sha1": sha1})
    ids = [p["id"] for p in pages]
    assert len(ids) == len(set(ids)), "page ids must be unique"
    out = {"about": "Real news pages for `make eval-real`; pages are materialised, never committed.",
           "pages": pages}
    (HERE / "manifest.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(pages)} pages written to {HERE / 'manifest.json'}")


if __name__ == "__main__":
    main()
