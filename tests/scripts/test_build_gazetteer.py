"""The gazetteer build: small inputs of each source's shape in, merged outlets and their provenance out."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import sqlite3
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from auditor.scan.gazetteer import Gazetteer, entry_from_json
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "scripts" / "build_gazetteer.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_gazetteer"] = module
    spec.loader.exec_module(module)
    return module


def _wikidata(*rows: tuple[str, str, str, str, str]) -> bytes:
    bindings = [{"item": {"value": f"http://www.wikidata.org/entity/{qid}"}, "itemLabel": {"value": label},
                 "offurl": {"value": url}, "countryLabel": {"value": country}, "languageLabel": {"value": language}}
                for qid, label, url, country, language in rows]
    return json.dumps({"results": {"bindings": bindings}}).encode()


def _mbfc(*sources: dict[str, Any]) -> bytes:
    return json.dumps({"sources": list(sources)}).encode()


def _local(*rows: dict[str, str]) -> bytes:
    out = io.StringIO()
    fields = ["name", "state", "website", "domain", "twitter", "youtube", "facebook", "owner", "medium", "source",
              "collection_date"]
    writer = csv.DictWriter(out, fields)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k, "") for k in fields})
    return out.getvalue().encode()


def _newscatcher(tmp_path: Path, *rows: tuple[str, str]) -> bytes:
    path = tmp_path / "rss.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE rss_main (clean_url, language, topic_unified, main, clean_country, rss_url,"
                   " GlobalRank)")
        db.executemany("INSERT INTO rss_main VALUES (?, ?, 'news', 1, 'None', '', ?)",
                       [(url, lang, rank) for rank, (url, lang) in enumerate(rows)])
    return path.read_bytes()


def _impresso(*tags: tuple[str, str]) -> bytes:
    return json.dumps({"tags": [{"tag_name": n, "tag_description": d} for n, d in tags]}).encode()


CURATED = [{"name": "The Sun", "kind": "newspaper", "country": "GB", "aliases": ["The Sun", "Sun"],
            "strict": ["Sun"], "domains": ["thesun.co.uk"], "handles": ["TheSun"]}]


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, bytes]:
    return {
        "wikidata": _wikidata(
            ("Q1", "Folha de S.Paulo", "https://www.folha.uol.com.br/", "Brazil", "Portuguese"),
            ("Q1", "Folha de S.Paulo", "https://www.folha.uol.com.br/", "Brazil", "Brazilian Portuguese"),
            ("Q2", "The Sun", "https://www.thesun.co.uk", "United Kingdom", "English"),
            ("Q3", "Q3", "https://example-unlabelled.org", "", ""),
            ("Q4", "The Herald", "https://www.heraldscotland.com", "United Kingdom", "English"),
            ("Q5", "Valley Gazette", "https://archive.newspapers.example", "", ""),
            ("Q6", "Harbour Ledger", "https://archive.newspapers.example", "", ""),
        ),
        "mbfc": _mbfc(
            {"name": "Salon", "domain": "salon.com", "bias": "left", "twitter": "Salon", "facebook": "Salon"},
            {"name": "Heritage Foundation", "domain": "heritage.org", "bias": "right"},
            {"name": "Centers for Disease Control", "domain": "cdc.gov", "bias": "pro-science"},
            {"name": "Nature", "domain": "nature.com", "bias": "pro-science"},
            {"name": "The Herald", "domain": "heraldsun.com", "bias": "center"},
            {"name": "The Sun (UK)", "domain": "thesun.co.uk", "bias": "right", "twitter": "https://twitter.com/TheSun"},
        ),
        "localnews": _local(
            {"name": "KTLA", "state": "CA", "domain": "ktla.com", "twitter": "KTLA", "medium": "TV station"},
            {"name": "Campus Echo", "state": "NC", "domain": "wordpress.com", "medium": "College Newspapers"},
            {"name": "Harbour Ledger", "state": "ME", "domain": "archive.newspapers.example", "medium": "Newspapers"},
        ),
        "newscatcher": _newscatcher(tmp_path, ("folha.uol.com.br", "pt"), ("salon.com", "en")),
        "impresso": _impresso(("AFP", "Agence France Presse, 1944-today\r\n\r\nother variations: A.F.P."),
                              ("DNB", "Deutsches Nachrichtenbüro, 1933-1945"),
                              ("Belga", "Agence Belga SA, 1920-today")),
    }


def test_merges_by_domain_and_keeps_curated_first(build: ModuleType, inputs: dict[str, bytes]) -> None:
    entries = {e["name"]: e for e in build.build(inputs, CURATED)}
    sun = entries["The Sun"]
    assert sun["sources"] == ["curated", "wikidata", "mbfc"], "one outlet, joined by its domain"
    assert sun["aliases"] == ["The Sun", "Sun"] and sun["country"] == "GB", "curated facts win"
    folha = entries["Folha de S.Paulo"]
    assert (folha["kind"], folha["country"], folha["language"]) == ("newspaper", "BR", "pt")
    assert folha["domains"] == ["folha.uol.com.br"], "one entry per Wikidata item, rows merged"
    ktla = entries["KTLA"]
    assert (ktla["kind"], ktla["country"], ktla["handles"]) == ("broadcaster", "US", ["KTLA"])


def test_leaves_out_what_is_not_a_news_outlet(build: ModuleType, inputs: dict[str, bytes]) -> None:
    names = {e["name"] for e in build.build(inputs, CURATED)}
    assert not names & {"Heritage Foundation", "Centers for Disease Control", "Nature", "Q3"}
    assert "Campus Echo" not in names, "a shared host (wordpress.com) is no outlet's domain"
    assert "Agence France Presse" in names and "Deutsches Nachrichtenbüro" not in names, "only agencies still at work"


def test_a_site_many_outlets_share_joins_none_of_them(build: ModuleType, inputs: dict[str, bytes]) -> None:
    entries = {e["name"]: e for e in build.build(inputs, CURATED)}
    assert entries["Valley Gazette"]["aliases"] == ["Valley Gazette"], "an archive host is not one outlet"
    assert entries["Harbour Ledger"]["sources"] == ["wikidata", "localnews"], "the same name on it still joins"


def test_names_stay_unique_and_single_words_are_strict(build: ModuleType, inputs: dict[str, bytes]) -> None:
    entries = build.build(inputs, CURATED)
    names = [e["name"] for e in entries]
    assert len(names) == len(set(names))
    assert {"The Herald", "The Herald (heraldsun.com)"} <= set(names)
    salon = next(e for e in entries if e["name"] == "Salon")
    assert salon["strict"] == ["Salon"] and salon["handles"] == ["Salon"] and salon["language"] == "en"
    gazetteer = Gazetteer([entry_from_json(e) for e in entries])
    assert gazetteer.by_alias["The Herald"].name == "The Herald", "the first outlet keeps the plain alias"
    assert "Salon" in gazetteer.strict and not gazetteer.by_alias["Salon"].curated


def test_render_records_every_source_with_its_version_and_licence(build: ModuleType, inputs: dict[str, bytes]) -> None:
    text = build.render(build.build(inputs, CURATED), build.SOURCES)
    data = json.loads(text)
    assert data["format"] == 2
    keys = {s["key"]: s for s in data["sources"]}
    assert set(keys) == {"curated", "wikidata", "mbfc", "localnews", "newscatcher", "impresso"}
    assert all(s["version"] and s["licence"] for s in data["sources"])
    assert keys["wikidata"]["version"] == "0d8b4a34764914490583a603d2a5d12ad175ecbd"
    assert text.count("\n") > len(data["outlets"]), "one outlet a line"


def test_shipped_gazetteer_names_its_sources_and_scale() -> None:
    data = json.loads((ROOT / "auditor" / "data" / "outlets.json").read_text(encoding="utf-8"))
    assert {s["key"] for s in data["sources"]} == {"curated", "wikidata", "mbfc", "localnews", "newscatcher", "impresso"}
    outlets = [o for o in data["outlets"] if o["kind"] != "platform"]
    assert len(outlets) >= 10_000
    assert all(o.get("domains") or o["kind"] == "news agency" or "curated" in o["sources"] for o in outlets)
