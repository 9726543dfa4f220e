"""The HTML report in a real headless Chromium: no console errors, no requests, sorting and filtering work."""

from __future__ import annotations

import itertools
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from auditor.pipeline import audit
from auditor.report import render
from tests.conftest import ARTICLES, SEEDS
from tests.report.test_renderers import hostile_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="Debian's chromium and chromium-driver are not installed; `make test` installs them where apt-get runs as root",
)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1600",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    with pytest.MonkeyPatch.context() as patch:
        # the driver is on localhost: a proxy configured for the registries must not carry its commands
        patch.setenv("NO_PROXY", "localhost,127.0.0.1")
        patch.setenv("no_proxy", "localhost,127.0.0.1")
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
        try:
            yield driver
        finally:
            driver.quit()


def open_report(browser: Any, path: Path, html: str) -> str:
    path.write_text(html, encoding="utf-8")
    url = path.resolve().as_uri()
    browser.get("about:blank")  # the last test's page is gone, and with it anything it had still to log
    browser.get_log("browser")
    browser.get_log("performance")
    browser.get(url)
    return url


def requested(browser: Any) -> list[str]:
    """URLs fetched, less the browser's own internal pages (chrome://, which the new-tab page may load) and data:
    URLs, which carry what they hold and fetch nothing."""
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if not url.startswith(("chrome://", "chrome-untrusted://", "devtools://", "data:")):
                urls.append(url)
    return urls


def visible_rows(browser: Any) -> list[Any]:
    return [r for r in browser.find_elements("css selector", "#index tbody tr") if r.is_displayed()]


def test_seeds_report_in_a_browser(browser: Any, tmp_path: Path) -> None:
    report = audit([str(SEEDS), str(ARTICLES)])
    url = open_report(browser, tmp_path / "report.html", render(report, "html"))
    assert [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")] == []
    assert requested(browser) == [url]  # the page itself, nothing else
    sections = browser.find_elements("css selector", "main article")
    assert len(sections) == len(report.articles)
    assert all(s.is_displayed() for s in sections)
    assert browser.find_element("id", "filters").is_displayed()  # shown once the script runs
    assert browser.find_element("id", "filter-status").text == f"{len(report.articles)} of {len(report.articles)} articles shown"

    shown_first = [int(r.get_attribute("data-problems")) for r in visible_rows(browser)]
    assert shown_first[0] == max(shown_first) > 0  # problems first, before any click
    problems_header = browser.find_element("xpath", "//table[@id='index']//th[.//button[normalize-space()='Problems']]")
    button = problems_header.find_element("tag name", "button")
    button.click()  # a count: the most first
    descending = [int(r.get_attribute("data-problems")) for r in visible_rows(browser)]
    assert descending == sorted(descending, reverse=True) and descending[0] > descending[-1]
    assert problems_header.get_attribute("aria-sort") == "descending"
    button.click()
    ascending = [int(r.get_attribute("data-problems")) for r in visible_rows(browser)]
    assert ascending == sorted(ascending) and problems_header.get_attribute("aria-sort") == "ascending"

    browser.find_element("id", "only-problems").click()
    with_problems = sum(1 for a in report.articles if a.findings)
    assert len(visible_rows(browser)) == with_problems < len(report.articles)
    browser.find_element("id", "only-problems").click()

    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", "outlet-filter")).select_by_value("Reuters")
    citing = [a for a in report.articles if any(o.name == "Reuters" for o in a.outlets)]
    rows = visible_rows(browser)
    assert len(rows) == len(citing) >= 2
    hidden_sections = [s for s in browser.find_elements("css selector", "main article") if not s.is_displayed()]
    assert len(hidden_sections) == len(report.articles) - len(citing)
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_hostile_article_content_stays_inert_in_a_browser(browser: Any, tmp_path: Path) -> None:
    url = open_report(browser, tmp_path / "hostile.html", render(hostile_report(), "html"))
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 - any alert() would be open now
    assert requested(browser) == [url]
    assert browser.execute_script("return document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_report_reads_without_javascript(tmp_path: Path) -> None:
    page = render(audit([str(SEEDS)]), "html")
    body = page.split("<script>")[0]
    assert 'id="filters" hidden' in body  # controls that need the script stay out of the way
    assert body.count("<article id=") == 2


def test_an_article_opens_from_the_index_shows_its_findings_first_and_leads_back(browser: Any, tmp_path: Path) -> None:
    report = audit([str(SEEDS)])
    open_report(browser, tmp_path / "report.html", render(report, "html"))
    first = visible_rows(browser)[0]
    target = first.get_attribute("data-article")
    first.find_element("css selector", "td a").click()
    assert browser.current_url.endswith(f"#{target}")
    section = browser.find_element("id", target)
    headings = [h.text for h in section.find_elements("css selector", "h3")]
    assert headings[0] == "Findings"  # what the editor acts on comes before the evidence
    section.find_element("css selector", "a.back").click()
    assert browser.current_url.endswith("#index-h")
    index = browser.find_element("id", "index")
    assert browser.execute_script("var r = arguments[0].getBoundingClientRect(); return r.top < window.innerHeight && r.bottom > 0;", index)


def test_the_header_with_the_counts_stays_in_view_while_reading_an_article(browser: Any, tmp_path: Path) -> None:
    report = audit([str(SEEDS), str(ARTICLES)])
    open_report(browser, tmp_path / "report.html", render(report, "html"))
    last = visible_rows(browser)[-1]
    last.find_element("css selector", "td a").click()
    assert browser.execute_script("return window.scrollY") > 0
    header = browser.find_element("css selector", "header.top")
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top", header)
    assert top == 0 and header.is_displayed()
    assert f"with problems: {sum(1 for a in report.articles if a.findings)}" in header.text
    heading = browser.find_element("id", last.get_attribute("data-article") + "-h")
    below = browser.execute_script("return arguments[0].getBoundingClientRect().top - arguments[1].getBoundingClientRect().bottom",
                                   heading, header)
    assert below >= 0  # the article's heading is not hidden under the header
    header.find_element("css selector", ".counts a").click()
    assert browser.current_url.endswith("#index-h")


def overflow(browser: Any) -> list[str]:
    """Elements wider than the window, or reaching past its right edge (what makes a phone scroll sideways)."""
    return browser.execute_script("""
        var width = document.documentElement.clientWidth, out = [];
        document.querySelectorAll('body *').forEach(function (el) {
          var r = el.getBoundingClientRect();
          if (r.width > 0 && (r.right > width + 0.5 || r.left < -0.5)) {
            out.push(el.tagName + (el.id ? '#' + el.id : '') + (el.className ? '.' + el.className : '') + ' ' + Math.round(r.right));
          }
        });
        if (document.documentElement.scrollWidth > width) { out.push('page ' + document.documentElement.scrollWidth); }
        return out;""")


def long_report() -> Any:
    """Seeds, fixtures, the hostile article and a resolved run: long URLs, long names, every table the report has."""
    from dataclasses import replace

    from tests.report.test_renderers import resolved_seeds

    resolved = resolved_seeds()
    first = resolved.articles[0]
    # a news site's address as readers share it: long, with a query of tracking codes, and no title to show instead
    shared = replace(first, path="exports/2024/05/01/" + "x" * 90 + ".html", title=None,
                     url="https://www.dailyledger.example/2024/05/01/world/europe/ceasefire-talks-stall-officials-say.html"
                         "?smid=nytcore-ios-share&referringSource=articleShare&unlocked_article_code=1.qE0.AbCdEfGhIjKl"
                         "&utm_source=newsletter&utm_medium=email&utm_campaign=morning-briefing-2024-05-01")
    return replace(resolved, articles=(*resolved.articles, shared, *hostile_report().articles))


@pytest.mark.parametrize("width", [390, 641, 800, 1400])
def test_nothing_overflows_and_the_index_fits_the_screen(browser: Any, tmp_path: Path, width: int) -> None:
    report = long_report()
    browser.set_window_size(width, 1000)
    try:
        open_report(browser, tmp_path / "report.html", render(report, "html"))
        assert browser.execute_script("return document.documentElement.clientWidth") <= width
        assert overflow(browser) == []
        row = visible_rows(browser)[0]
        display = browser.execute_script("return getComputedStyle(arguments[0]).display", row)
        # a phone gets one card per article; a desktop a table row
        assert display == ("block" if width < 640 else "table-row")
        for button in browser.find_elements("css selector", "#index th button"):
            assert button.is_displayed()  # sorting stays at hand on a phone
        label = browser.execute_script("return getComputedStyle(arguments[0], '::before').content",
                                       row.find_element("css selector", "td:nth-child(6)"))
        assert label == ('"Problems: "' if width < 640 else "none")
        chart_text = browser.find_element("css selector", "table.chart th")
        size = float(browser.execute_script("return getComputedStyle(arguments[0]).fontSize", chart_text)[:-2])
        assert size >= 12  # chart labels are text at the page's size, not a scaled-down drawing
    finally:
        browser.set_window_size(1280, 1600)


def thousand_articles() -> Any:
    """1,000 articles from the bundled seeds and test articles, each under its own name; problems everywhere."""
    from dataclasses import replace

    report = audit([str(SEEDS), str(ARTICLES)])
    articles = [replace(a, path=f"run/{i:04d}/{a.path}", title=f"Story {i:04d}: {a.title or a.path}")
                for i, a in enumerate((tuple(report.articles) * (1000 // len(report.articles) + 1))[:1000])]
    return replace(report, articles=tuple(articles))


def test_a_thousand_article_report_opens_with_a_page_and_opens_any_article_on_demand(browser: Any, tmp_path: Path) -> None:
    report = thousand_articles()
    page = render(report, "html")
    assert len(page.encode("utf-8")) < 3_000_000
    open_report(browser, tmp_path / "big.html", page)
    assert browser.execute_script("return document.querySelectorAll('#index tbody tr').length") == 1000
    assert len(browser.find_elements("css selector", "main article")) == 100  # the first page only
    row = browser.find_elements("css selector", "#index tbody tr")[537]
    target = row.get_attribute("data-article")
    assert browser.find_elements("id", target) == []
    row.find_element("css selector", "td a").click()
    from selenium.webdriver.support.ui import WebDriverWait

    section = WebDriverWait(browser, 10).until(lambda b: b.find_elements("id", target))[0]
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith(f"#{target}"))
    assert section.is_displayed()
    assert section.find_element("css selector", "h2").text == row.find_element("css selector", "td a").text
    assert browser.execute_script("var r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight;",
                                  section)
    assert len(browser.find_elements("css selector", "main article")) == 200  # that article's page, no more
    section.find_element("css selector", "a.back").click()
    assert browser.current_url.endswith("#index-h")

    browser.find_element("css selector", "#pages button[data-page='all']").click()
    WebDriverWait(browser, 10).until(lambda b: len(b.find_elements("css selector", "main article")) == 1000)
    browser.find_element("css selector", "header.top .counts a").click()  # back to the list, as a reader would
    browser.find_element("id", "only-problems").click()
    shown = browser.execute_script("return Array.prototype.filter.call(document.querySelectorAll('main article'),"
                                   " function (s) { return s.offsetParent !== null; }).length")
    rows = browser.execute_script("return Array.prototype.filter.call(document.querySelectorAll('#index tbody tr'),"
                                  " function (r) { return !r.hidden; }).length")
    assert shown == rows == sum(1 for a in report.articles if a.findings) < 1000
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_a_link_to_an_article_of_a_later_page_opens_it(browser: Any, tmp_path: Path) -> None:
    url = open_report(browser, tmp_path / "big.html", render(thousand_articles(), "html"))
    browser.get(url + "#article-901")
    from selenium.webdriver.support.ui import WebDriverWait

    section = WebDriverWait(browser, 10).until(lambda b: b.find_elements("id", "article-901"))[0]
    assert section.is_displayed()


def axe_violations(browser: Any) -> list[str]:
    """axe-core's verdict on the page open in the browser (the axe.min.js that axe-core-python bundles)."""
    from importlib import resources

    browser.execute_script(resources.files("axe_core_python").joinpath("axe.min.js").read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document).then(function (r) { done(r); }, function (e) { done({error: String(e)}); });")
    assert "error" not in result, result
    assert len(result["passes"]) >= 30  # it ran its rules
    return [f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['html'][:120]}" for v in result["violations"]]


@pytest.mark.parametrize("width", [390, 1400])
def test_axe_finds_no_accessibility_violation(browser: Any, tmp_path: Path, width: int) -> None:
    page = render(long_report(), "html")
    browser.set_window_size(width, 1000)
    try:
        open_report(browser, tmp_path / "report.html", page)
        assert axe_violations(browser) == []
        # the check sees what it is there to see: the same page without its language is a violation
        open_report(browser, tmp_path / "nolang.html", page.replace('<html lang="en">', "<html>", 1))
        assert [v.split(" ")[0] for v in axe_violations(browser)] == ["html-has-lang"]
    finally:
        browser.set_window_size(1280, 1600)


def test_headings_in_order_headers_scoped_and_sorting_by_keyboard(browser: Any, tmp_path: Path) -> None:
    open_report(browser, tmp_path / "report.html", render(long_report(), "html"))
    levels = browser.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('h1, h2, h3, h4, h5, h6'),"
        " function (h) { return +h.tagName[1]; });")
    assert levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    unscoped = browser.execute_script(
        "return document.querySelectorAll('thead th:not([scope]), tbody th:not([scope])').length")
    assert unscoped == 0
    from selenium.webdriver.common.keys import Keys

    header = browser.find_element("xpath", "//table[@id='index']//th[.//button[normalize-space()='Date']]")
    button = header.find_element("tag name", "button")
    browser.execute_script("arguments[0].focus()", button)
    assert browser.switch_to.active_element == button
    button.send_keys(Keys.ENTER)
    assert header.get_attribute("aria-sort") == "ascending"
    button.send_keys(Keys.SPACE)
    assert header.get_attribute("aria-sort") == "descending"
    # a verdict or a severity is a word in its badge, not a colour alone
    badges = browser.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('.badge'), function (b) { return b.textContent.trim(); });")
    assert badges and all(badges)


def test_the_outlets_column_sorts_by_how_many(browser: Any, tmp_path: Path) -> None:
    from dataclasses import replace

    from auditor.scan import scan_article

    report = long_report()
    roundup = scan_article("roundup.txt", (
        b"Markets fell on Monday, Reuters reported. AFP said oil rose. According to the Associated Press, gold was flat. "
        b"Bloomberg reported a rally in bonds. The BBC said the pound slipped. CNN reported protests. Interfax reported "
        b"a ruble rally, and TASS reported a deal. Xinhua said exports grew. Kyodo News reported a yen fall. Al Jazeera "
        b"reported talks in Doha.\n"))
    assert len(roundup.outlets) >= 10
    open_report(browser, tmp_path / "report.html", render(replace(report, articles=(*report.articles, roundup)), "html"))
    header = browser.find_element("xpath", "//table[@id='index']//th[.//button[normalize-space()='Outlets']]")
    header.find_element("tag name", "button").click()
    counts = [int(r.find_element("css selector", "td:nth-child(3)").get_attribute("data-sort"))
              for r in visible_rows(browser)]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 10 > counts[1]  # 10 before 4, not "4" before "10"


@pytest.mark.parametrize("width", [320, 720, 1400])
def test_jumps_land_below_the_sticky_header_whatever_it_wraps_to(browser: Any, tmp_path: Path, width: int) -> None:
    browser.set_window_size(width, 900)
    try:
        open_report(browser, tmp_path / "report.html", render(long_report(), "html"))
        last = visible_rows(browser)[-1]
        last.find_element("css selector", "td a").click()
        section = browser.find_element("id", last.get_attribute("data-article"))
        header = browser.find_element("css selector", "header.top")
        gap = "return arguments[0].getBoundingClientRect().top - arguments[1].getBoundingClientRect().bottom"
        assert browser.execute_script(gap, section.find_element("css selector", "h2"), header) >= 0
        section.find_element("css selector", "a.back").click()
        assert browser.execute_script(gap, browser.find_element("id", "index-h"), header) >= 0
    finally:
        browser.set_window_size(1280, 1600)


def test_the_pager_lands_on_the_first_article_the_filters_let_through(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.support.ui import Select, WebDriverWait

    report = thousand_articles()
    open_report(browser, tmp_path / "big.html", render(report, "html"))
    page3 = browser.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('#index tbody tr[data-page=\"3\"]'),"
        " function (r) { return [r.getAttribute('data-article'), r.getAttribute('data-outlets')]; });")
    page3.sort(key=lambda row: int(row[0].split("-")[1]))
    options = [o.get_attribute("value") for o in browser.find_elements("css selector", "#outlet-filter option") if o.get_attribute("value")]
    # a source the page's first article does not cite, and a later one does
    source = next(o for o in options if f"|{o}|" not in page3[0][1] and any(f"|{o}|" in r[1] for r in page3))
    expected = next(r[0] for r in page3 if f"|{source}|" in r[1])
    Select(browser.find_element("id", "outlet-filter")).select_by_value(source)
    browser.find_element("css selector", "#pages button[data-page='3']").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements("id", "page-3"))
    first = expected
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith(f"#{first}"))
    section = browser.find_element("id", first)
    assert browser.execute_script("var r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight;",
                                  section)
    # asked again after reading elsewhere, it goes there again
    browser.execute_script("window.scrollTo(0, 0)")
    browser.find_element("css selector", "header.top .counts a").click()
    browser.find_element("css selector", "#pages button[data-page='3']").click()
    WebDriverWait(browser, 10).until(lambda b: b.execute_script(
        "var r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight;", section))
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_a_page_with_nothing_the_filters_let_through_says_so(browser: Any, tmp_path: Path) -> None:
    from dataclasses import replace

    from selenium.webdriver.support.ui import Select, WebDriverWait

    from auditor.model import Meta, Report
    from auditor.scan import scan_article

    reuters = scan_article("a.txt", b"Dockers walked out on Tuesday, Reuters reported.\n")
    afp = scan_article("b.txt", b"Ferry fares rise in June, AFP reported.\n")
    articles = [replace(reuters, path=f"a/{i}.txt") for i in range(300)] + [replace(afp, path=f"b/{i}.txt") for i in range(100)]
    open_report(browser, tmp_path / "400.html", render(Report(Meta("2026-01-01T00:00:00Z"), tuple(articles)), "html"))
    Select(browser.find_element("id", "outlet-filter")).select_by_value("Reuters")
    browser.find_element("css selector", "#pages button[data-page='4']").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements("id", "page-4"))
    WebDriverWait(browser, 10).until(lambda b: "No article on that page matches the filters" in b.find_element("id", "filter-status").text)
    assert not browser.current_url.endswith("#article-301")


def test_odd_addresses_and_a_browser_without_decompression_fail_softly(browser: Any, tmp_path: Path) -> None:
    url = open_report(browser, tmp_path / "big.html", render(thousand_articles(), "html"))
    browser.get(url + "#x'y%22]")
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    script = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": "delete window.DecompressionStream;"})
    try:
        browser.get(url)
        row = browser.find_elements("css selector", "#index tbody tr")[650]
        row.find_element("css selector", "td a").click()
        assert "cannot open the compressed pages" in browser.find_element("id", "filter-status").text
        assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})


def test_without_javascript_the_pager_stays_out_of_the_way_and_says_why(tmp_path: Path) -> None:
    page = render(thousand_articles(), "html")
    body = page.split("<script>")[0]
    assert '<nav id="pages" aria-labelledby="pages-h" hidden>' in body
    assert "need JavaScript to open" in body.split('<nav id="pages"')[0]  # the note is outside what JavaScript shows
