"""The header search (Pagefind) in Chromium, on the built site.

Fixtures this module expects from tests/conftest.py:

- ``built_site`` (session scope): ``pathlib.Path`` of the built site directory, already indexed
  by Pagefind (``built_site / "pagefind" / "pagefind.js"`` exists).
- ``served_site`` (session scope): ``str``, the base URL serving ``built_site`` over HTTP from
  127.0.0.1, ending in "/" (``"http://127.0.0.1:PORT/"``; a sub-path such as
  ``"http://127.0.0.1:PORT/austin-iop-directory/"`` works too).
- ``browser`` (session scope): a ``playwright.sync_api.Browser``, Chromium launched with
  ``executable_path="/usr/bin/chromium"`` and ``args=["--no-sandbox", "--disable-gpu",
  "--disable-background-networking", "--disable-component-update"]``.

The axe-core check runs when ``node_modules/axe-core/axe.min.js`` exists in the project root (or
``AXE_CORE_JS`` names the file), and is skipped otherwise.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

PROJECT_ROOT = Path(__file__).resolve().parents[2]
WIDE = {"width": 1280, "height": 800}
PHONE = {"width": 320, "height": 640}
TIMEOUT_MS = 10_000

HEADER_INPUT = "#iop-search-input"
HEADER_RESULTS = ".iop-search__panel .iop-search__link"
DIALOG = "#iop-search-dialog"
OPEN_BUTTON = "[data-iop-search-open]"


@dataclass
class Tab:
    """A page and every URL it requested."""

    page: Page
    base: str
    requests: list[str] = field(default_factory=list)

    def goto(self, path: str = "") -> None:
        self.page.goto(urljoin(self.base, path))

    def foreign_requests(self) -> list[str]:
        origin = _origin(self.base)
        return [
            url
            for url in self.requests
            if not url.startswith(("data:", "blob:")) and _origin(url) != origin
        ]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture
def tab(browser: Browser, served_site: str) -> Iterator[Tab]:
    context = browser.new_context(viewport=WIDE)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    opened = Tab(page=page, base=served_site)
    page.on("request", lambda request: opened.requests.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture(scope="module")
def program(built_site: Path) -> tuple[str, str]:
    """(slug, name) of one program page of the built site, its name taken from its <h1>."""
    for page in sorted(built_site.glob("programs/*/index.html")):
        html = page.read_text(encoding="utf-8")
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
        if "data-pagefind-body" in html and heading:
            name = re.sub(r"<[^>]+>", "", heading.group(1))
            return page.parent.name, " ".join(name.replace("¶", "").split())
    pytest.fail(f"no program page with data-pagefind-body under {built_site / 'programs'}")


def _type_in_header(tab: Tab, text: str) -> None:
    tab.page.click(HEADER_INPUT)
    tab.page.keyboard.type(text)
    expect(tab.page.locator(HEADER_RESULTS).first).to_be_visible()


def _result_paths(tab: Tab, selector: str) -> list[str]:
    hrefs = tab.page.locator(selector).evaluate_all("links => links.map(link => link.href)")
    return [urlsplit(href).path for href in hrefs]


def _path_of(tab: Tab, path: str) -> str:
    return urlsplit(urljoin(tab.base, path)).path


def test_pagefind_loads_only_when_search_starts(tab: Tab) -> None:
    tab.goto("dual-diagnosis/")
    tab.page.wait_for_load_state("networkidle")
    assert not [url for url in tab.requests if "/pagefind/" in url]

    tab.page.focus(HEADER_INPUT)
    tab.page.wait_for_load_state("networkidle")
    tab.page.wait_for_function(
        "() => performance.getEntriesByType('resource').some("
        "entry => entry.name.includes('/pagefind/pagefind.js'))"
    )
    assert not tab.foreign_requests()


def test_article_words_find_the_article_with_highlighted_excerpts(tab: Tab) -> None:
    tab.goto()
    _type_in_header(tab, "dual diagnosis")

    assert _path_of(tab, "dual-diagnosis/") in _result_paths(tab, HEADER_RESULTS)
    marks = tab.page.locator(".iop-search__panel .iop-search__excerpt mark")
    expect(marks.first).to_be_visible()
    assert {text.lower() for text in marks.all_inner_texts()} >= {"dual", "diagnosis"}
    expect(tab.page.locator("[data-iop-search-status]").first).to_contain_text("result")

    article = _path_of(tab, "dual-diagnosis/")
    tab.page.locator(f'{HEADER_RESULTS}[href="{article}"]').click()
    tab.page.wait_for_url(urljoin(tab.base, "dual-diagnosis/"))
    assert not tab.foreign_requests()


def test_program_name_finds_the_program_page(tab: Tab, program: tuple[str, str]) -> None:
    slug, name = program
    tab.goto("dual-diagnosis/")
    _type_in_header(tab, name)

    paths = _result_paths(tab, HEADER_RESULTS)
    assert paths[0] == _path_of(tab, f"programs/{slug}/"), paths
    assert not tab.foreign_requests()


def test_keyboard_only_reaches_and_opens_a_result(tab: Tab) -> None:
    page = tab.page
    tab.goto("group-therapy/")
    for _ in range(40):  # skip link, logo, menu, ... then the search box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "iop-search-input":
            break
    else:
        pytest.fail("Tab never reached the header search box")

    page.keyboard.type("dual diagnosis")
    results = page.locator(HEADER_RESULTS)
    expect(results.first).to_be_visible()
    assert results.count() >= 2

    page.keyboard.press("ArrowDown")
    expect(results.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(results.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(results.nth(0)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(page.locator(HEADER_INPUT)).to_be_focused()

    page.keyboard.press("Tab")  # Tab works as well as the arrows
    expect(results.nth(0)).to_be_focused()
    target = results.nth(0).evaluate("link => link.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    assert not tab.foreign_requests()


def test_escape_closes_the_header_results(tab: Tab) -> None:
    tab.goto()
    _type_in_header(tab, "group")
    tab.page.keyboard.press("Escape")
    expect(tab.page.locator("[data-iop-search-panel]")).to_be_hidden()
    expect(tab.page.locator(HEADER_INPUT)).to_be_focused()
    expect(tab.page.locator(HEADER_INPUT)).to_have_value("group")


def test_phone_button_opens_a_dialog_that_traps_focus_and_closes_on_escape(tab: Tab) -> None:
    page = tab.page
    page.set_viewport_size(PHONE)
    tab.goto("what-is-an-iop/")
    button = page.locator(OPEN_BUTTON)
    expect(button).to_be_visible()
    expect(page.locator(HEADER_INPUT)).to_be_hidden()

    button.focus()
    page.keyboard.press("Enter")
    dialog = page.locator(DIALOG)
    expect(dialog).to_be_visible()
    expect(page.locator("#iop-search-dialog-input")).to_be_focused()

    page.keyboard.type("dual diagnosis")
    expect(dialog.locator(".iop-search__link").first).to_be_visible()
    expect(dialog.locator(".iop-search__excerpt mark").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    for _ in range(30):  # round the dialog more than once: focus never leaves it
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('dialog') !== null")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.closest('dialog') !== null")

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(button).to_be_focused()
    assert not tab.foreign_requests()


def test_phone_dialog_result_links_navigate(tab: Tab) -> None:
    page = tab.page
    page.set_viewport_size(PHONE)
    tab.goto()
    page.click(OPEN_BUTTON)
    page.keyboard.type("dual diagnosis")
    article = _path_of(tab, "dual-diagnosis/")
    page.locator(f'{DIALOG} .iop-search__link[href="{article}"]').click()
    page.wait_for_url(urljoin(tab.base, "dual-diagnosis/"))
    assert not tab.foreign_requests()


def test_search_page_shows_full_results_for_the_query(tab: Tab, built_site: Path) -> None:
    if not (built_site / "search" / "index.html").is_file():
        pytest.skip("the built site has no /search/ page")
    tab.goto("search/?q=dual+diagnosis")
    links = tab.page.locator(".iop-search-page .iop-search__link")
    expect(links.first).to_be_visible()
    expect(tab.page.locator("#iop-search-page-input")).to_have_value("dual diagnosis")
    assert _path_of(tab, "dual-diagnosis/") in _result_paths(
        tab, ".iop-search-page .iop-search__link"
    )
    expect(tab.page.locator(".iop-search-page .iop-search__excerpt mark").first).to_be_visible()
    assert not tab.foreign_requests()


def test_without_javascript_the_header_form_leads_to_the_search_page(
    browser: Browser, served_site: str, built_site: Path
) -> None:
    context = browser.new_context(viewport=WIDE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(urljoin(served_site, "dual-diagnosis/"))
        page.fill(HEADER_INPUT, "group therapy")
        page.press(HEADER_INPUT, "Enter")
        page.wait_for_url(re.compile(r"/search/\?"))
        assert parse_qs(urlsplit(page.url).query) == {"q": ["group therapy"]}
        if (built_site / "search" / "index.html").is_file():
            notice = page.locator(".iop-search-page__noscript")
            expect(notice).to_be_visible()
            expect(notice.locator("a", has_text="program directory")).to_have_attribute(
                "href", re.compile(r"programs/$")
            )
    finally:
        context.close()


def _axe_source() -> str | None:
    candidates = [os.environ.get("AXE_CORE_JS"), PROJECT_ROOT / "node_modules/axe-core/axe.min.js"]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate).read_text(encoding="utf-8")
    return None


def _axe_violations(page: Page, source: str) -> list[dict[str, object]]:
    page.add_script_tag(content=source)
    # Only the search UI: the site-wide axe tests cover the rest of each page.
    result = page.evaluate(
        """() => axe.run({include: ['.iop-search', '#iop-search-dialog', '.iop-search-page']
                              .filter(selector => document.querySelector(selector))
                              .map(selector => [selector])})"""
    )
    return [
        {"id": v["id"], "targets": [node["target"] for node in v["nodes"]]}
        for v in result["violations"]
    ]


def test_axe_finds_no_violation_in_the_search_ui(tab: Tab, built_site: Path) -> None:
    source = _axe_source()
    if source is None:
        pytest.skip("axe-core is not installed (npm install axe-core)")
    tab.goto("dual-diagnosis/")
    _type_in_header(tab, "dual diagnosis")
    assert _axe_violations(tab.page, source) == []

    if (built_site / "search" / "index.html").is_file():
        tab.goto("search/?q=therapy")
        expect(tab.page.locator(".iop-search-page .iop-search__link").first).to_be_visible()
        tab.page.locator(".iop-search-page__filters summary").click()
        assert _axe_violations(tab.page, source) == []

    tab.page.set_viewport_size(PHONE)
    tab.goto("dual-diagnosis/")
    tab.page.click(OPEN_BUTTON)
    tab.page.keyboard.type("dual diagnosis")
    expect(tab.page.locator(f"{DIALOG} .iop-search__link").first).to_be_visible()
    assert _axe_violations(tab.page, source) == []


@pytest.mark.browser
def test_search_page_loads_filters_only_when_asked_and_they_narrow(
    page: Page, served_site: str
) -> None:
    """The filter lists are the largest download: none before "Narrow the results" opens."""
    filter_requests: list[str] = []
    page.on("request", lambda r: filter_requests.append(r.url) if "/pagefind/filter/" in r.url
            else None)
    page.goto(urljoin(served_site, "search/?q=program"))
    results = page.locator("[data-iop-search=page] li a")
    expect(results.first).to_be_visible(timeout=20_000)
    before = results.count()
    assert filter_requests == []
    page.get_by_text("Narrow the results").click()
    city = page.locator("input[type=checkbox][name=City][value='Round Rock']")
    expect(city).to_be_attached(timeout=20_000)
    assert filter_requests, "opening the panel loads the filters"
    page.locator(f"label[for='{city.get_attribute('id')}']").click()
    expect(page).to_have_url(re.compile(r"City=Round\+Rock"))
    page.wait_for_function(
        f"document.querySelectorAll('[data-iop-search=page] li a').length < {before}")
    titles = results.all_inner_texts()
    assert titles and all("Pecan Hollow" in t for t in titles), titles


def test_a_zip_searched_for_offers_the_finder_for_it(tab: Tab) -> None:
    tab.goto()
    tab.page.click(HEADER_INPUT)
    tab.page.keyboard.type("78745")
    offer = tab.page.locator(".iop-search__panel .iop-search__place-link")
    expect(offer).to_have_text("Find programs near ZIP code 78745")
    assert offer.get_attribute("href") == urljoin(tab.base, "find/?zip=78745")
    offer.click()
    tab.page.wait_for_url(urljoin(tab.base, "find/?zip=78745"), wait_until="commit")
    assert not tab.foreign_requests()


def test_a_town_searched_for_on_the_search_page_offers_the_finder(tab: Tab) -> None:
    tab.goto("search/?q=round+rock")
    offer = tab.page.locator("[data-iop-search=page] .iop-search__place-link")
    expect(offer).to_have_text("Find programs near Round Rock")
    assert urlsplit(offer.get_attribute("href") or "").query == "city=Round+Rock"
    # Words that merely include a town stay a text search.
    tab.page.fill("[data-iop-search=page] [data-iop-search-input]", "round rock evening groups")
    expect(tab.page.locator("[data-iop-search=page] [data-iop-search-status]")).to_contain_text(
        "evening groups")
    expect(offer).to_have_count(0)
    assert not tab.foreign_requests()
