"""The shortlist (issue 12) in Chromium on the built site: save three programs from the
finder, reload, compare them at /shortlist/, open the share link in a fresh browser, print
the call sheet to PDF, leave with the quick exit, clear what the site kept.

Every browser context here goes through ``Guard``: requests to the site's own host pass,
the quick exit's neutral site is answered locally (no real network), anything else is
aborted and fails the test; every request must be a GET. Expectations come from the
published records (``/data/programs.json``), the ``zipcodes`` package and geopy, and the
guide the call sheet quotes, not from the shortlist's own code.

Saving "from the finder" clicks the toggles inside the finder's results when its cards
carry ``[data-shortlist-toggle]``; until the finder's cards do, it saves the same three
programs (the finder's first three results) from their pages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import zipcodes
from geopy.distance import geodesic
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from tests.e2e.conftest import PROJECT_ROOT, run_axe
from tests.e2e.pdftext import pdf_text
from tests.e2e.test_accessibility import tab_through

pytestmark = pytest.mark.browser

EXIT_URL = "https://www.google.com/"
NEUTRAL = "<!doctype html><html lang=en><title>Google</title><p>A neutral page.</p></html>"
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ITEM = "[data-shortlist-item]"
LIST_KEY = "iop-directory:/:shortlist"
PLACE_KEY = "iop-directory:/:place"
GUIDE = (PROJECT_ROOT / "content" / "choosing-an-iop-in-austin.md").read_text("utf-8")


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


class Guard:
    """Routes every request of a context: see the module docstring."""

    def __init__(self, context: BrowserContext, base: str) -> None:
        self.origin = _origin(base)
        self.requests: list[tuple[str, str]] = []
        self.exits: list[dict[str, str]] = []  # the headers of each request to EXIT_URL
        self.foreign: list[str] = []
        context.route("**/*", self._handle)

    def _handle(self, route: Route) -> None:
        request = route.request
        self.requests.append((request.method, request.url))
        if _origin(request.url) == self.origin:
            route.continue_()
        elif request.url == EXIT_URL:
            self.exits.append(request.headers)
            route.fulfill(status=200, content_type="text/html", body=NEUTRAL)
        else:
            self.foreign.append(request.url)
            route.abort()

    def check(self) -> None:
        assert self.foreign == [], f"requests to other hosts: {self.foreign}"
        methods = {method for method, _ in self.requests}
        assert methods <= {"GET"}, f"not only GET: {self.requests}"


class Browsers:
    """Fresh browser contexts (each its own storage), all guarded and checked at the end."""

    def __init__(self, browser: Browser, base: str) -> None:
        self.browser, self.base = browser, base
        self.opened: list[tuple[BrowserContext, Guard, list[str]]] = []

    def open(self, viewport: dict[str, int] = WIDE, **options: object) -> tuple[Page, Guard]:
        context = self.browser.new_context(viewport=viewport, **options)  # type: ignore[arg-type]
        context.set_default_timeout(15_000)
        guard = Guard(context, self.base)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        self.opened.append((context, guard, errors))
        return page, guard

    def close(self) -> None:
        for context, guard, errors in self.opened:
            context.close()
            guard.check()
            assert errors == [], f"JavaScript errors: {errors}"


@pytest.fixture
def browsers(browser: Browser, served_site: str) -> Iterator[Browsers]:
    opened = Browsers(browser, served_site)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def records(built_site: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    """Every published record, as the site's open data publishes it, by slug."""
    data = json.loads((built_site / "data" / "programs.json").read_text("utf-8"))
    return {p["slug"]: p for p in data["programs"]}


def goto(page: Page, base: str, path: str) -> None:
    response = page.goto(urljoin(base, path))
    assert response is not None and response.ok, path
    page.wait_for_load_state("networkidle")


def saved(page: Page) -> list[str]:
    text = page.evaluate(f"localStorage.getItem({json.dumps(LIST_KEY)})")
    return [item["s"] for item in json.loads(text)["items"]] if text else []


def store(page: Page, slugs: list[str]) -> None:
    """Writes a saved list as the site writes it (its format is in store.js)."""
    value = json.dumps({"v": 1, "items": [{"s": s} for s in slugs]})
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [LIST_KEY, value])


def shown(page: Page) -> list[str]:
    page.wait_for_selector(f"{ITEM}", state="attached")
    expect(page.locator("[data-shortlist-list]")).not_to_have_attribute("aria-busy", "true")
    return page.locator(ITEM).evaluate_all("els => els.map(e => e.dataset.shortlistItem)")


def header_count(page: Page) -> str:
    link = page.locator("[data-shortlist-count-link]")
    expect(link).to_be_visible()
    return link.locator("[data-shortlist-count]").inner_text()


def first_three_from_the_finder(page: Page, base: str) -> tuple[list[str], bool]:
    """Saves the first three results of a search from ZIP 78745; returns their slugs and
    whether the finder's own cards carried the toggles."""
    goto(page, base, "find/?zip=78745")
    content = page.locator(".md-content")
    expect(content.locator("a[href*='programs/']").nth(3)).to_be_attached()
    toggles = content.locator("[data-shortlist-toggle]")
    if toggles.count() >= 3:
        slugs = [toggles.nth(i).get_attribute("data-shortlist-toggle") or "" for i in range(3)]
        for slug in slugs:
            page.locator(f"[data-shortlist-button='{slug}']").first.click()
        return slugs, True
    hrefs = content.locator("a[href*='programs/']").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)")
    slugs = [m.group(1) for m in (re.fullmatch(r".*/programs/([a-z0-9-]+)/", h) for h in hrefs)
             if m][:3]
    for slug in slugs:
        goto(page, base, f"programs/{slug}/")
        page.get_by_role("button", name=re.compile(r"^Save to shortlist")).click()
    return slugs, False


# -- the journey of the "done when" ------------------------------------------------


def test_save_reload_compare_share_print_and_only_get_requests_to_this_host(
    browsers: Browsers, served_site: str, records: dict[str, dict]  # type: ignore[type-arg]
) -> None:
    page, _ = browsers.open(permissions=["clipboard-read", "clipboard-write"])
    slugs, from_cards = first_three_from_the_finder(page, served_site)
    assert len(slugs) == 3 and all(s in records for s in slugs), slugs
    assert saved(page) == slugs
    assert header_count(page) == "3"

    page.reload()
    page.wait_for_load_state("networkidle")
    assert header_count(page) == "3", "the list outlives a reload"
    if from_cards:
        for slug in slugs:
            button = page.locator(f"[data-shortlist-toggle='{slug}'] [data-shortlist-button], "
                                  f"button[data-shortlist-toggle='{slug}']").first
            expect(button).to_have_attribute("aria-pressed", "true")
    assert "78745" in (page.evaluate(f"localStorage.getItem({json.dumps(PLACE_KEY)})") or "")

    # Compare: the three, in the order saved, each named and callable as its record says.
    goto(page, served_site, "shortlist/")
    assert shown(page) == slugs
    for slug in slugs:
        card = page.locator(f"{ITEM}[data-shortlist-item='{slug}']")
        expect(card.locator("h3")).to_have_text(records[slug]["name"])
        phone = records[slug]["contact"].get("phone")
        if phone:
            expect(card.get_by_role("link", name=f"Call {phone}")).to_be_visible()
    check_distances(page, slugs, records)
    check_differences(page, slugs, records)

    # Reorder with the keyboard: the focus stays on the moved program's button.
    first = page.locator(f"{ITEM}[data-shortlist-item='{slugs[0]}'] button[data-action=later]")
    first.focus()
    page.keyboard.press("Enter")
    expect(page.locator(ITEM).first).to_have_attribute("data-shortlist-item", slugs[1])
    order = [slugs[1], slugs[0], slugs[2]]
    assert shown(page) == order and saved(page) == order
    focused = page.evaluate("(() => { const b = document.activeElement;"
                            " return [b.dataset.action, b.closest('[data-shortlist-item]')"
                            ".dataset.shortlistItem]; })()")
    assert focused == ["later", slugs[0]]
    # Announced a moment later (so that the same message twice is read twice): wait for it.
    expect(page.locator("[data-shortlist-live]")).to_contain_text("place 2 of 3")

    # Share: one action copies the link; a screen reader hears that it did.
    share = page.locator("[data-shortlist-share]")
    link = share.get_attribute("href") or ""
    assert link == urljoin(served_site, "shortlist/") + "#programs=" + ",".join(order)
    page.locator("[data-shortlist-copy]").click()
    expect(page.locator("[data-shortlist-live]")).to_contain_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == link

    # The link in a fresh browser: the same three, in the same order, kept only if asked.
    other, _ = browsers.open()
    goto(other, served_site, link)
    assert shown(other) == order
    expect(other.locator("[data-shortlist-shared]")).to_be_visible()
    assert saved(other) == []
    for slug in order:
        expect(other.locator(f"{ITEM}[data-shortlist-item='{slug}'] h3")).to_have_text(
            records[slug]["name"])
    other.locator("[data-shortlist-keep]").click()
    assert saved(other) == order
    expect(other.locator("[data-shortlist-shared]")).to_be_hidden()

    # Print (Chromium's PDF, as "Save as PDF" makes it): a sheet per program with its phone,
    # intake hours and the questions of the guide, with room to write.
    check_call_sheet(page, order, records)


def check_distances(page: Page, slugs: list[str], records: dict[str, dict]) -> None:  # type: ignore[type-arg]
    zip_info = zipcodes.matching("78745")[0]
    origin = (float(zip_info["lat"]), float(zip_info["long"]))
    for slug in slugs:
        cell = page.locator(f"{ITEM}[data-shortlist-item='{slug}'] [data-row=distance] dd")
        text = cell.inner_text()
        points = [(loc["coordinates"]["lat"], loc["coordinates"]["lon"])
                  for loc in records[slug]["locations"] if loc.get("coordinates")]
        if not records[slug]["locations"]:
            assert text.startswith("Telehealth only"), text
            continue
        expected = min(geodesic(origin, point).miles for point in points)
        shown_miles = float(re.match(r"([\d.]+) miles?", text).group(1))  # type: ignore[union-attr]
        # Shown to a tenth of a mile; the finder's formula is within 0.5% of geopy's.
        tolerance = 0.05 + 0.005 * expected
        assert abs(shown_miles - expected) <= tolerance, (slug, text, expected)
    label = page.locator(f"{ITEM} [data-row=distance] dt").first.inner_text()
    assert "ZIP code 78745" in label


def check_differences(page: Page, slugs: list[str], records: dict[str, dict]) -> None:  # type: ignore[type-arg]
    """Rows whose raw values the records give directly: marked exactly when they differ."""
    raw = {
        "days": [json.dumps(records[s]["schedule"].get("days_per_week")) for s in slugs],
        "accepting": [json.dumps(records[s].get("accepting_new_clients")) for s in slugs],
        "languages": [json.dumps(sorted(records[s].get("languages", ["en"]))) for s in slugs],
        "medications": [json.dumps(sorted(records[s].get("addiction_medications", [])))
                        for s in slugs],
    }
    for key, values in raw.items():
        rows = page.locator(f"{ITEM} [data-row={key}]")
        expect(rows).to_have_count(3)
        differs = len(set(values)) > 1
        for i in range(3):
            marked = rows.nth(i).evaluate("r => r.classList.contains('shortlist-row--differs')")
            assert marked is differs, (key, values)
            assert ("Differs" in rows.nth(i).locator("dt").inner_text()) is differs
    line = page.locator("[data-shortlist-differ]").inner_text()
    assert ("Days a week" in line) is (len(set(raw["days"])) > 1)


def check_call_sheet(page: Page, order: list[str], records: dict[str, dict]) -> None:  # type: ignore[type-arg]
    pdf = page.pdf()
    text = " ".join(pdf_text(pdf).split())
    pages = len(re.findall(rb"/Type /Page\b", pdf))
    assert pages == len(order), f"{pages} pages for {len(order)} programs"
    questions = page.locator("[data-shortlist-questions] li").all_inner_texts()
    assert len(questions) >= 6
    for question in questions:
        assert text.count(" ".join(question.split())) == len(order), question
    # The questions are the guide's: who leads the groups and their licences, family, ...
    for asked in ("Who leads the groups, and what licenses do they hold?",
                  "How do you involve family?"):
        assert asked in GUIDE and asked in questions
    topics = {"tailor": "tailor", "insurance": "insurance", "cost": "owe", "waiting": "start",
              "schedule": "days a week", "medicine": "medication for addiction"}
    for topic, word in topics.items():
        assert any(word in q for q in questions), topic
    starts = [text.find(records[slug]["name"]) for slug in order]
    assert starts == sorted(starts) and -1 not in starts, "a sheet per program, in order"
    for slug in order:
        contact = records[slug]["contact"]
        assert contact["phone"] in text, slug
        if contact.get("intake_hours"):
            assert " ".join(contact["intake_hours"].split()) in text, slug
        for location in records[slug]["locations"]:
            assert location["address"] in text, slug
    assert "Save to shortlist" not in text and "Leave this site" not in text


# -- the quick exit -------------------------------------------------------------------------


def test_quick_exit_replaces_the_page_so_back_does_not_return(
    browsers: Browsers, served_site: str
) -> None:
    page, guard = browsers.open()
    goto(page, served_site, "how-an-iop-works/")
    exit_link = page.locator("[data-quick-exit]")
    expect(exit_link).to_be_visible()
    expect(exit_link).to_have_accessible_name(re.compile("Leave this site quickly"))
    exit_link.click()
    page.wait_for_url(EXIT_URL)
    assert len(guard.exits) == 1
    assert "referer" not in {k.lower() for k in guard.exits[0]}, "the neutral site learns nothing"
    page.go_back()
    page.wait_for_timeout(300)
    assert not page.url.startswith(served_site), f"Back returned to {page.url}"


def test_pressing_shift_three_times_leaves_but_typing_capitals_does_not(
    browsers: Browsers, served_site: str
) -> None:
    page, guard = browsers.open()
    goto(page, served_site, "programs/")
    for _ in range(4):  # capitals: Shift held while a letter is pressed
        page.keyboard.down("Shift")
        page.keyboard.press("KeyA")
        page.keyboard.up("Shift")
    page.wait_for_timeout(200)
    assert page.url.startswith(served_site) and guard.exits == []
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    expect(page.locator("[data-shortlist-live]")).to_contain_text("1 more time")
    page.keyboard.press("Shift")
    page.wait_for_url(EXIT_URL)
    page.go_back()
    page.wait_for_timeout(300)
    assert not page.url.startswith(served_site), f"Back returned to {page.url}"


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390px", "1280px"])
def test_the_exit_hides_neither_content_nor_crisis_help_and_is_big_enough(
    browsers: Browsers, served_site: str, viewport: dict[str, int]
) -> None:
    page, _ = browsers.open(viewport)
    goto(page, served_site, "programs/limestone-ledge-recovery/")
    exit_box = page.locator("[data-quick-exit]").bounding_box()
    assert exit_box is not None and exit_box["height"] >= 44 and exit_box["width"] >= 44
    for link in page.locator(".iop-crisis a").all():
        box = link.bounding_box()
        assert box is not None and link.is_visible()
        assert not overlaps(box, exit_box), link.inner_text()
    # The page's own heading is not under the header's controls.
    heading = page.locator("h1").bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert heading is not None and header is not None
    assert heading["y"] >= header["y"] + header["height"]


def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


# -- saving ---------------------------------------------------------------------------------


def test_the_program_page_toggle_by_keyboard_with_its_state_and_name(
    browsers: Browsers, served_site: str
) -> None:
    page, _ = browsers.open()
    goto(page, served_site, "programs/limestone-ledge-recovery/")
    toggle = page.get_by_role("button", name="Save to shortlist: Limestone Ledge Recovery")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert (toggle.bounding_box() or {}).get("height", 0) >= 44
    toggle.focus()
    page.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-shortlist-live]")).to_contain_text("Saved Limestone Ledge Recovery")
    assert saved(page) == ["limestone-ledge-recovery"] and header_count(page) == "1"
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert saved(page) == [] and header_count(page) == "0"
    # No cookie, ever.
    assert page.context.cookies() == []


def test_the_sample_listing_has_no_toggle(browsers: Browsers, served_site: str) -> None:
    page, _ = browsers.open()
    goto(page, served_site, "sample-listing/")
    expect(page.locator("[data-shortlist-toggle]")).to_have_count(0)


def test_cards_added_later_anywhere_get_a_working_toggle(
    browsers: Browsers, served_site: str
) -> None:
    """What the finder's cards get once they carry the attribute: an element added after
    the page loaded becomes a toggle, named by its heading, in step with the others."""
    page, _ = browsers.open()
    goto(page, served_site, "find/?zip=78745")
    page.evaluate("""() => {
        const card = document.createElement('li');
        const heading = document.createElement('h3');
        heading.textContent = 'Limestone Ledge Recovery';
        card.append(heading);
        card.dataset.shortlistToggle = 'limestone-ledge-recovery';
        card.id = 'late-card';
        document.querySelector('.md-content').append(card);
        const twin = document.createElement('li');
        twin.id = 'twin-card';
        document.querySelector('.md-content').append(twin);
        twin.dataset.shortlistToggle = 'limestone-ledge-recovery';  // set after insertion
    }""")
    button = page.locator("#late-card button")
    expect(button).to_have_accessible_name("Save to shortlist: Limestone Ledge Recovery")
    twin = page.locator("#twin-card button")
    expect(twin).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(twin).to_have_attribute("aria-pressed", "true")
    assert saved(page) == ["limestone-ledge-recovery"]
    page.evaluate("document.querySelector('#late-card').dataset.shortlistToggle = 'not a slug!'")
    twin.click()
    assert saved(page) == []


def test_another_tab_sees_the_change(browsers: Browsers, served_site: str) -> None:
    page, _ = browsers.open()
    goto(page, served_site, "programs/san-gabriel-steps/")
    second = page.context.new_page()
    goto(second, served_site, "programs/")
    page.get_by_role("button", name=re.compile("^Save to shortlist")).click()
    expect(second.locator("[data-shortlist-count]")).to_have_text("1")


# -- the shortlist page -----------------------------------------------------------------------


def test_a_program_no_longer_listed_says_so_and_can_be_removed(
    browsers: Browsers, served_site: str
) -> None:
    page, _ = browsers.open()
    goto(page, served_site, "shortlist/")
    store(page, ["limestone-ledge-recovery", "closed-since-you-saved-it", "san-gabriel-steps"])
    page.reload()
    assert shown(page) == ["limestone-ledge-recovery", "closed-since-you-saved-it",
                           "san-gabriel-steps"]
    gone = page.locator(f"{ITEM}[data-shortlist-item='closed-since-you-saved-it']")
    expect(gone).to_contain_text("No longer listed")
    expect(page.locator("[data-shortlist-summary]")).to_contain_text("1 program could not be shown")
    # The two listed still compare with each other.
    expect(page.locator(f"{ITEM}[data-shortlist-item='san-gabriel-steps'] [data-row=format]")
           ).to_have_count(1)
    gone.locator("button[data-action=remove]").click()
    assert shown(page) == ["limestone-ledge-recovery", "san-gabriel-steps"]
    assert saved(page) == ["limestone-ledge-recovery", "san-gabriel-steps"]
    expect(page.locator("[data-shortlist-live]")).to_contain_text(
        "Removed closed-since-you-saved-it")
    # The focus goes to the card now in its place.
    assert page.evaluate("document.activeElement.closest('[data-shortlist-item]')"
                         "?.dataset.shortlistItem") == "san-gabriel-steps"


def test_hostile_share_links_show_only_real_programs_and_run_nothing(
    browsers: Browsers, served_site: str
) -> None:
    page, guard = browsers.open()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    hostile = ("shortlist/#programs=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E,"
               "javascript:alert(2),..%2F..%2Fdata%2Fprograms,limestone-ledge-recovery,"
               "https:%2F%2Fevil.example%2Fx,limestone-ledge-recovery")
    goto(page, served_site, hostile)
    assert shown(page) == ["limestone-ledge-recovery"]
    expect(page.locator("[data-shortlist-summary]")).to_contain_text("left out")
    assert dialogs == []
    assert page.locator(".md-content img").count() == 0
    fetched = [u for _, u in guard.requests if "/assets/shortlist/programs/" in u]
    assert [urlsplit(u).path for u in fetched] == [
        "/assets/shortlist/programs/limestone-ledge-recovery.json"]
    # A fragment that is not a list is just an anchor: the visitor's own list shows.
    page.evaluate("location.hash = '#shortlist-compare-title'")
    expect(page.locator("[data-shortlist-empty]")).to_be_visible()
    expect(page.locator(ITEM)).to_have_count(0)


def test_remove_and_reorder_by_mouse_at_the_ends(browsers: Browsers, served_site: str) -> None:
    page, _ = browsers.open(PHONE)
    goto(page, served_site, "shortlist/")
    store(page, ["limestone-ledge-recovery", "san-gabriel-steps", "windmill-creek-iop"])
    page.reload()
    shown(page)
    earlier = page.locator(f"{ITEM}").first.locator("button[data-action=earlier]")
    expect(earlier).to_have_attribute("aria-disabled", "true")
    earlier.focus()  # still focusable, so the focus is never lost; pressing it does nothing
    page.keyboard.press("Enter")
    assert saved(page) == ["limestone-ledge-recovery", "san-gabriel-steps", "windmill-creek-iop"]
    page.locator(f"{ITEM}").last.locator("button[data-action=earlier]").click()
    assert shown(page) == ["limestone-ledge-recovery", "windmill-creek-iop", "san-gabriel-steps"]
    page.locator(f"{ITEM}").first.locator("button[data-action=remove]").click()
    assert shown(page) == ["windmill-creek-iop", "san-gabriel-steps"]
    # Stacked on a phone: one card under the other.
    boxes = [page.locator(ITEM).nth(i).bounding_box() for i in range(2)]
    assert boxes[0] and boxes[1] and boxes[1]["y"] >= boxes[0]["y"] + boxes[0]["height"]


def test_side_by_side_on_a_wide_screen_with_rows_aligned(
    browsers: Browsers, served_site: str
) -> None:
    page, _ = browsers.open(WIDE)
    goto(page, served_site, "shortlist/")
    store(page, ["limestone-ledge-recovery", "san-gabriel-steps", "windmill-creek-iop"])
    page.reload()
    shown(page)
    cards = [page.locator(ITEM).nth(i).bounding_box() for i in range(3)]
    assert all(cards) and cards[0]["y"] == cards[1]["y"] == cards[2]["y"]  # type: ignore[index]
    for key in ("payment", "licenses", "verified"):
        tops = page.locator(f"{ITEM} [data-row={key}]").evaluate_all(
            "rows => rows.map(r => Math.round(r.getBoundingClientRect().top))")
        assert len(set(tops)) == 1, (key, tops)


# -- clearing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["about/", "shortlist/"])
def test_clear_removes_everything_the_site_kept_and_nothing_else(
    browsers: Browsers, served_site: str, path: str
) -> None:
    page, _ = browsers.open()
    goto(page, served_site, path)
    store(page, ["limestone-ledge-recovery"])
    page.evaluate(f"""() => {{
        localStorage.setItem({json.dumps(PLACE_KEY)}, '{{"v":1,"kind":"zip","value":"78745"}}');
        localStorage.setItem('/.__palette', '{{}}');
        sessionStorage.setItem('/.__tabs', '1');
        localStorage.setItem('another-site-on-this-origin', 'keep');
    }}""")
    page.reload()
    page.wait_for_load_state("networkidle")
    assert header_count(page) == "1"
    page.get_by_role("button", name="Clear my saved list and searches").click()
    expect(page.locator("[data-shortlist-count]")).to_have_text("0")
    kept = page.evaluate("[Object.keys(localStorage), Object.keys(sessionStorage)]")
    assert kept == [["another-site-on-this-origin"], []]
    expect(page.locator("[data-shortlist-live]")).to_contain_text("Cleared")
    if path == "shortlist/":
        expect(page.locator("[data-shortlist-empty]")).to_be_visible()
        expect(page.locator(ITEM)).to_have_count(0)


# -- accessibility ----------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390px", "1280px"])
@pytest.mark.parametrize("state", ["three saved", "empty", "shared"])
def test_axe_finds_no_violation_on_the_shortlist(
    browsers: Browsers, served_site: str, viewport: dict[str, int], state: str
) -> None:
    page, _ = browsers.open(viewport)
    three = ["limestone-ledge-recovery", "prickly-pear-telehealth-iop", "san-gabriel-steps"]
    fragment = "#programs=" + ",".join(three) if state == "shared" else ""
    goto(page, served_site, "shortlist/" + fragment)
    if state == "three saved":
        store(page, three)
        page.evaluate(f"localStorage.setItem({json.dumps(PLACE_KEY)}, "
                      "'{\"v\":1,\"kind\":\"city\",\"value\":\"Round Rock\"}')")
        page.reload()
    if state != "empty":
        assert shown(page) == three
    page.wait_for_load_state("networkidle")
    violations = run_axe(page)
    assert violations == [], violations


@pytest.mark.parametrize("path", ["about/", "programs/limestone-ledge-recovery/"])
def test_axe_finds_no_violation_with_the_controls_in_use(
    browsers: Browsers, served_site: str, path: str
) -> None:
    page, _ = browsers.open(PHONE)
    goto(page, served_site, path)
    store(page, ["limestone-ledge-recovery"])
    page.reload()
    page.wait_for_load_state("networkidle")
    assert run_axe(page) == []


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390px", "1280px"])
@pytest.mark.parametrize("path", ["shortlist/", "programs/limestone-ledge-recovery/"])
def test_every_control_takes_a_visible_focus_in_view(
    browsers: Browsers, served_site: str, viewport: dict[str, int], path: str
) -> None:
    page, _ = browsers.open(viewport)
    goto(page, served_site, path)
    store(page, ["limestone-ledge-recovery", "san-gabriel-steps"])
    page.reload()
    page.wait_for_load_state("networkidle")
    stops = tab_through(page, "Report a problem", limit=200)
    names = [s["name"] for s in stops]
    assert "Leave this site quickly" in names[:14], names  # after the header's links
    ours = [s for s in stops if re.match(r"(Save to shortlist|Move (earlier|later)|Remove|"
                                         r"Copy the link|Print a call sheet|Clear my saved|"
                                         r"Leave this site|★)", s["name"])]
    assert len(ours) >= (9 if path == "shortlist/" else 3), names
    invisible = [s["name"] for s in ours if not (s["focusVisible"] and s["ring"])]
    assert invisible == [], f"focus without a visible outline or ring: {invisible}"
    hidden = [s["name"] for s in ours if not s["inView"] or s["covered"]]
    assert hidden == [], f"focused but off screen or covered: {hidden}"
