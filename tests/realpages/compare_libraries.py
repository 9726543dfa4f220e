"""The scanner's own parts against the field's libraries, on the real-page development set.

    make compare          (installs the `compare` extra: htmldate, py3langid, dateparser, trafilatura)
    python -m tests.realpages.compare_libraries [--only language,dates,dates-heldout,signatures,body]

Each comparison gives both sides the same input and scores them against labels written by reading the pages:

- language: the scanner's stop-word guesser (``auditor.scan.language.detect``) and py3langid, each on the
  article text the scanner found, against ``labels/<id>.json``'s ``language``; then the scanner's answer as it
  reports it (the page's declared language first, the guess after).
- dates: the scanner's own metadata rules, htmldate's ``find_date`` (original date) on the whole page, and the
  two as the scanner now joins them (htmldate on an excerpt of a page whose metadata gives no date), against
  ``labels-dates/<id>.json`` and, for the held-out pages, ``labels-dates-heldout/`` (doubtful labels left out).
- signatures: the date of every embedded post's signature on the pages ("— Name (@handle) June 24, 2023"),
  read by the scanner's ``parse_date`` and by dateparser; both answers are printed where they differ.
- body: the scanner's body and trafilatura's extraction: how many of the labelled citations' evidence
  (``labels/``) and of the story's links (``labels-links/``) each keeps, and how many chrome links it lets in
  (the scanner's links as it reports them, after its own filtering of share buttons and site navigation).

Times are the median per page of the part alone (process time), not of a whole scan.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from lxml import etree
from lxml import html as lxml_html

from auditor.scan import html as scan_html
from auditor.scan.article import parse_document, scan_document
from auditor.scan.dates import parse_date
from auditor.scan.document import Document
from auditor.scan.gazetteer import load_gazetteer
from auditor.scan.language import detect
from tests.realpages.evaluate_links import found, link_key
from tests.realpages.materialise import CACHE

HERE = Path(__file__).resolve().parent
_T = TypeVar("_T")


def _timed(times: list[float], fn: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
    started = time.process_time()
    result = fn(*args, **kwargs)
    times.append(time.process_time() - started)
    return result


def _ms(times: list[float]) -> str:
    return f"{statistics.median(times) * 1e3:.2f}" if times else "-"


def _labelled(folder: str) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted((HERE / folder).glob("*.json")):
        if (CACHE / f"{path.stem}.html").exists():
            found.append((path.stem, json.loads(path.read_text(encoding="utf-8"))))
    return found


_DOCS: dict[str, Document] = {}


def _doc(page: str) -> Document:
    if page not in _DOCS:
        _DOCS[page] = parse_document(f"{page}.html", (CACHE / f"{page}.html").read_bytes())
    return _DOCS[page]


def _body_text(doc: Document) -> str:
    return "\n".join(block.text for block in doc.blocks)


def compare_language() -> None:
    import py3langid  # type: ignore[import-untyped]

    labels = [(page, label["language"]) for page, label in _labelled("labels") if label.get("language")]
    own_t: list[float] = []
    lib_t: list[float] = []
    own_ok = lib_ok = reported_ok = own_none = 0
    wrong: Counter[str] = Counter()
    for page, truth in labels:
        doc = _doc(page)
        text = _body_text(doc)
        own = _timed(own_t, detect, text)
        lib = _timed(lib_t, py3langid.classify, text)[0] if text.strip() else None
        own_ok += own == truth
        own_none += own is None
        lib_ok += lib == truth
        reported = doc.language or own
        reported_ok += (reported or "").split("-")[0].lower() == truth
        if own != truth:
            wrong[f"{truth}->{own}"] += 1
    n = len(labels)
    languages = Counter(truth for _, truth in labels)
    print(f"language, {n} labelled pages ({', '.join(f'{k} {v}' for k, v in languages.most_common())})")
    print(f"  own guesser on the body text   {own_ok}/{n} = {own_ok / n:.3f}  ({own_none} no answer)  "
          f"{_ms(own_t)} ms/page")
    print(f"  py3langid on the body text     {lib_ok}/{n} = {lib_ok / n:.3f}  {_ms(lib_t)} ms/page")
    print(f"  as reported (declared, then own guess) {reported_ok}/{n} = {reported_ok / n:.3f}")
    print(f"  own guesser's misses: {dict(wrong.most_common())}")


def compare_dates(folder: str = "labels-dates") -> None:
    from htmldate import find_date  # type: ignore[import-untyped]

    labels = [(p, lab) for p, lab in _labelled(folder) if not lab.get("doubtful")]
    names = ("own metadata rules", "htmldate, whole page", "htmldate fast, whole page",
             "metadata, else htmldate fast on the whole page", "as the scanner reads it (excerpt)")
    times: dict[str, list[float]] = {name: [] for name in names}
    rows: dict[str, Counter[str]] = {name: Counter() for name in names}
    misses: list[str] = []
    searched = scan_html._searched_date

    def timed_search(root: Any) -> Any:
        return _timed(times[names[4]], searched, root)

    for page, label in labels:
        data = (CACHE / f"{page}.html").read_bytes()
        scan_html._searched_date = lambda root: None  # type: ignore[assignment]
        own = parse_document(f"{page}.html", data).date
        scan_html._searched_date = timed_search  # type: ignore[assignment]
        try:
            reported = parse_document(f"{page}.html", data).date
        finally:
            scan_html._searched_date = searched  # type: ignore[assignment]
        tree = lxml_html.document_fromstring(data)
        whole = _timed(times[names[1]], find_date, tree, original_date=True, outputformat="%Y-%m-%d")
        fast = _timed(times[names[2]], find_date, tree, original_date=True, outputformat="%Y-%m-%d",
                      extensive_search=False)
        truth = label["date"]
        for name, got in zip(names, (own, whole, fast, own or fast, reported), strict=True):
            rows[name]["right" if got == truth else "none given" if got is None else
                       "date where none" if truth is None else "wrong date"] += 1
        if reported != truth:
            misses.append(f"    {page}: label {truth}  metadata {own}  scanner {reported}  htmldate {whole}")
    n = len(labels)
    dated = sum(1 for _, lab in labels if lab["date"])
    print(f"publication date, {n} pages of {folder}/ labelled without doubt ({dated} with a date, {n - dated} with none)")
    for name in names:
        row = rows[name]
        cost = f"{_ms(times[name])} ms/page searched" if times[name] else ""
        print(f"  {name:48s} right {row['right']}/{n} = {row['right'] / n:.3f}  wrong date {row['wrong date']}  "
              f"missed {row['none given']}  date where none {row['date where none']}  {cost}")
    print("  where the scanner's date is not the label's:")
    print("\n".join(misses) or "    none")


_SIGNED = re.compile(r"\(@\w{1,15}\)\s*$")


def signature_dates() -> list[str]:
    """The date text of every embedded post's signature on the pages: the link after "(@handle)"."""
    found: list[str] = []
    for path in sorted(CACHE.glob("*.html")):
        try:
            root = lxml_html.document_fromstring(path.read_bytes())
        except (etree.ParserError, ValueError):
            continue
        for quote in root.iter("blockquote"):
            for a in quote.iter("a"):
                before = (a.getprevious().tail if a.getprevious() is not None else a.getparent().text) or ""
                text = " ".join(a.text_content().split())
                if _SIGNED.search(before) and re.search(r"\d{4}", text):
                    found.append(text)
    return found


def compare_signatures() -> None:
    import dateparser  # type: ignore[import-untyped]

    texts = signature_dates()
    own_t: list[float] = []
    lib_t: list[float] = []
    settings = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}
    own_n = lib_n = 0
    differ: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for text in texts:
            own = _timed(own_t, parse_date, text)
            parsed = _timed(lib_t, dateparser.parse, text, settings=settings)
            lib = parsed.strftime("%Y-%m-%d") if parsed else None
            own_n += own is not None
            lib_n += lib is not None
            if own != lib:
                differ.append(f"    {text!r}: own {own}  dateparser {lib}")
    forms = Counter(re.sub(r"\d", "9", unicodedata.normalize("NFKC", t)) for t in texts)
    print(f"post signature dates on the pages: {len(texts)} ({len(forms)} forms, e.g. "
          f"{', '.join(repr(f) for f, _ in forms.most_common(4))})")
    print(f"  own parse_date  read {own_n}/{len(texts)}  {_ms(own_t)} ms each")
    print(f"  dateparser      read {lib_n}/{len(texts)}  {_ms(lib_t)} ms each")
    print("  where they differ:")
    print("\n".join(sorted(set(differ))) or "    none")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2026", " ")
    return " ".join(text.lower().split())


_REMARK = re.compile(r"^(?:byline|meta|embedded|provider|credit|dateline|caption|headline)\b[^:']*:?", re.IGNORECASE)
_CUT = re.compile(r"<[^>]*>|\.\.\.|\u2026|['\u2018\u2019\u201c\u201d\"\[\];]")


def _quoted(evidence: str) -> str | None:
    """The longest run of the page's own words in a label's evidence: a labeller's remark ("byline:"), links
    in angle brackets, ellipses and quotation marks left out; None when no run of 12 characters is left."""
    pieces = [_norm(p).strip(" .,:") for p in _CUT.split(_REMARK.sub("", evidence.strip()))]
    longest = max(pieces, key=len, default="")
    return longest if len(longest) >= 12 else None


def compare_body() -> None:
    import trafilatura  # type: ignore[import-untyped]

    outlet_labels = dict(_labelled("labels"))
    link_labels = dict(_labelled("labels-links"))
    pages = sorted(set(outlet_labels) | set(link_labels))
    gazetteer = load_gazetteer()
    own_t: list[float] = []
    lib_t: list[float] = []
    score = {name: Counter() for name in ("own", "trafilatura")}
    for page in pages:
        data = (CACHE / f"{page}.html").read_bytes()
        doc = _timed(own_t, parse_document, f"{page}.html", data)
        xml = _timed(lib_t, trafilatura.extract, data, output_format="xml", include_links=True,
                     include_comments=False, include_tables=True)
        base = doc.url or ""
        own_text = _norm(_body_text(doc) + "\n" + "\n".join(c.text for c in doc.captions))
        own_links = set(found(scan_document(doc, gazetteer), base))  # NOTE: the links as the scanner reports them
        lib_text, lib_links = "", set()
        if xml:
            tree = etree.fromstring(xml.encode())
            lib_text = _norm(" ".join(tree.itertext()))
            lib_links = {k for ref in tree.iter("ref") if (k := link_key(ref.get("target", ""), base))}
        for name, text, links in (("own", own_text, own_links), ("trafilatura", lib_text, lib_links)):
            row = score[name]
            for outlet in outlet_labels.get(page, {}).get("outlets", []):
                evidence = _quoted(outlet.get("evidence", ""))
                if evidence:
                    row["evidence"] += 1
                    row["evidence kept"] += evidence in text
            label = link_labels.get(page)
            if label is not None and label.get("article", True):
                body = {k for h in label["body"] if (k := link_key(h, base))}
                doubtful = {k for h in label.get("doubtful", []) if (k := link_key(h, base))}
                row["links"] += len(body)
                row["links kept"] += len(body & links)
                row["chrome let in"] += len(links - body - doubtful)
    print(f"article body, {len(pages)} pages (citation evidence from labels/, links from labels-links/)")
    for name, times in (("own", own_t), ("trafilatura", lib_t)):
        row = score[name]
        print(f"  {name:12s} evidence kept {row['evidence kept']}/{row['evidence']} = "
              f"{row['evidence kept'] / max(row['evidence'], 1):.3f}  story links kept {row['links kept']}/"
              f"{row['links']} = {row['links kept'] / max(row['links'], 1):.3f}  chrome links let in "
              f"{row['chrome let in']}  {_ms(times)} ms/page ({'parse, body, text and links' if name == 'own' else 'extract'})")


PARTS = {"language": compare_language, "dates": compare_dates,
         "dates-heldout": lambda: compare_dates("labels-dates-heldout"), "signatures": compare_signatures,
         "body": compare_body}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default=",".join(PARTS), help="comma-separated: " + ", ".join(PARTS))
    args = parser.parse_args()
    if not any(CACHE.glob("*.html")):
        raise SystemExit(f"no pages in {CACHE}: run `make eval-real MIRRORS=DIR` first")
    for name in args.only.split(","):
        if name == "dates-heldout" and not any((HERE / "labels-dates-heldout").glob("*.json")):
            continue
        PARTS[name.strip()]()
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
