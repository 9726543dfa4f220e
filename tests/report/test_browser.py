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
    browser.get_log("browser")
    browser.get_log("performance")
    browser.get(url)
    return url


def requested(browser: Any) -> list[str]:
    """URLs fetched, less the browser's own internal pages (chrome://, which the new-tab page may load)."""
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if not url.startswith(("chrome://", "chrome-untrusted://", "devtools://")):
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
    return replace(resolved, articles=resolved.articles + hostile_report().articles)


@pytest.mark.parametrize("width", [390, 1400])
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
        assert display == ("block" if width == 390 else "table-row")
        for button in browser.find_elements("css selector", "#index th button"):
            assert button.is_displayed()  # sorting stays at hand on a phone
        label = browser.execute_script("return getComputedStyle(arguments[0], '::before').content",
                                       row.find_element("css selector", "td[data-label='Problems']"))
        assert label == ('"Problems: "' if width == 390 else "none")
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
                for i, a in enumerate((report.articles * (1000 // len(report.articles) + 1))[:1000])]
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
