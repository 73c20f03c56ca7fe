"""The distance-based program finder (/find/) in Chromium, checked against the records.

Every expectation is computed here, independently of the site's code: distances with
geopy's geodesic from the ZIP centroid of the `zipcodes` package (or from a town's centroid
as published in places.json, or from the browser's geolocation) to each program's nearest
location, and the filters' meaning (several choices in one group = any of them; different
groups = all of them) straight from programs/*.yaml.

Fixtures (tests/e2e/conftest.py): ``built_site``, ``served_site``, ``page`` and ``open_page``
(both fail the test when a request goes to another host) and ``run_axe``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import yaml
import zipcodes
from geopy.distance import geodesic
from playwright.sync_api import Page, Request, expect

from tests.e2e.conftest import TEST_TODAY, run_axe

pytestmark = pytest.mark.browser

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DRAFT = "leander-trailhead-teen-iop"
TELE_ONLY = "prickly-pear-telehealth-iop"
HOME_ZIP = "78745"  # south Austin
HERE = {"latitude": 30.5083, "longitude": -97.6789}  # near Round Rock
# A distance this close to the radius (relative) may fall either side of it: the finder's
# figures only have to agree with geopy within 0.5%.
BOUNDARY = 0.005


# --- the records, read independently of the generator -----------------------------


def _load_records() -> dict[str, dict[str, Any]]:
    records = {}
    for path in sorted((PROJECT_ROOT / "programs").glob("*.yaml")):
        records[path.stem] = yaml.safe_load(path.read_text("utf-8"))
    return records


RECORDS = _load_records()
PUBLISHED = {
    slug: r for slug, r in RECORDS.items() if r.get("status", "published") == "published"
}


def test_the_example_records_are_what_these_tests_assume() -> None:
    assert RECORDS[DRAFT]["status"] == "draft"
    assert DRAFT not in PUBLISHED
    assert not PUBLISHED[TELE_ONLY].get("locations")
    assert all(PUBLISHED[s].get("locations") for s in PUBLISHED if s != TELE_ONLY)


def locations(record: dict[str, Any]) -> list[tuple[float, float]]:
    return [
        (float(loc["coordinates"]["lat"]), float(loc["coordinates"]["lon"]))
        for loc in record.get("locations") or []
    ]


def formats(record: dict[str, Any]) -> set[str]:
    """What the format filter should match: hybrid counts as in person and as telehealth."""
    fmt = (record.get("schedule") or {}).get("format")
    if fmt is None:
        fmt = "in-person" if record.get("locations") else "telehealth"
    return {"in-person", "telehealth"} if fmt == "hybrid" else {fmt}


def facet(record: dict[str, Any], group: str) -> set[str]:
    """The values one record offers in one filter group."""
    schedule = record.get("schedule") or {}
    if group == "condition":
        return set(record.get("conditions") or [])
    if group == "population":
        return set(record.get("populations") or [])
    if group == "payment":
        return {key for key, value in (record.get("payment") or {}).items() if value is True}
    if group == "accreditation":
        bodies = {a["body"] for a in record.get("accreditations") or []}
        return bodies | ({"any"} if bodies else set())
    if group == "schedule":
        return set(schedule.get("tracks") or [])
    if group == "format":
        return formats(record)
    if group == "language":
        return set(record.get("languages") or ["en"])
    if group == "accepting":
        return {"1"} if record.get("accepting_new_clients") is True else set()
    raise AssertionError(group)


Filters = dict[str, list[str]]


def passes(record: dict[str, Any], filters: Filters) -> bool:
    """Several choices in one group: any of them; different groups: all of them."""
    return all(facet(record, group) & set(values) for group, values in filters.items() if values)


def miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    return geodesic(a, b).miles


@dataclass
class Expected:
    near: list[tuple[str, float]]  # (slug, geodesic miles to the nearest location), nearest first
    tele: set[str]
    doubtful: set[str]  # within 0.5% of the radius: either answer is right

    @property
    def near_slugs(self) -> list[str]:
        return [slug for slug, _ in self.near]

    def all(self) -> set[str]:
        return set(self.near_slugs) | self.tele


def expected(
    origin: tuple[float, float], radius: float, filters: Filters | None = None
) -> Expected:
    near, tele, doubtful = [], set(), set()
    for slug, record in PUBLISHED.items():
        if not passes(record, filters or {}):
            continue
        points = locations(record)
        if not points:
            tele.add(slug)
            continue
        distance = min(miles(origin, point) for point in points)
        if abs(distance - radius) <= radius * BOUNDARY:
            doubtful.add(slug)
        elif distance <= radius:
            near.append((slug, distance))
    near.sort(key=lambda pair: pair[1])
    return Expected(near, tele, doubtful)


def zip_centroid(code: str) -> tuple[float, float]:
    (record,) = zipcodes.matching(code)
    return float(record["lat"]), float(record["long"])


HOME = zip_centroid(HOME_ZIP)


def text_of(record: dict[str, Any]) -> str:
    """Every string of a record (its page shows them), lower case."""
    parts: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(record)
    return "\n".join(parts).lower()


# --- driving the page --------------------------------------------------------------


@dataclass
class Result:
    slug: str
    miles: str | None
    exact: str | None


def find_url(base: str, query: str = "") -> str:
    return urljoin(base, "find/") + (f"?{query}" if query else "")


def open_finder(page: Page, base: str, query: str = "") -> None:
    page.goto(find_url(base, query))
    page.wait_for_selector('#iop-finder[data-ready="true"]', state="attached")
    page.evaluate("() => window.iopFinder.ready")


def near(page: Page) -> list[Result]:
    rows = page.eval_on_selector_all(
        "#finder-near > li[data-program]",
        "items => items.map(li => [li.dataset.program, li.dataset.distanceMiles ?? null,"
        " li.dataset.distanceExact ?? null])",
    )
    return [Result(*row) for row in rows]


def tele(page: Page) -> list[Result]:
    rows = page.eval_on_selector_all(
        "#finder-tele > li[data-program]",
        "items => items.map(li => [li.dataset.program, li.dataset.distanceMiles ?? null,"
        " li.dataset.distanceExact ?? null])",
    )
    return [Result(*row) for row in rows]


def shown(page: Page) -> set[str]:
    return {r.slug for r in near(page)} | {r.slug for r in tele(page)}


def search_zip(page: Page, code: str) -> None:
    page.fill("#finder-zip", code)
    page.click("#finder-form button[type=submit]")


def set_radius(page: Page, radius: int) -> None:
    page.select_option("#finder-radius", str(radius))


def tick(page: Page, group: str, value: str) -> None:
    if group == "accepting":
        page.check("#finder-accepting")
    else:
        page.check(f"#f-{group}-{value}")


def wait_for_words(page: Page, words: str) -> None:
    """The word search (Pagefind) has answered and the lists show its outcome."""
    page.wait_for_function(
        """words => document.querySelector('.finder-results').getAttribute('aria-busy')
             === 'false' && document.getElementById('finder-status').textContent
             .includes(words)""",
        arg=words,
    )


def assert_near_matches(page: Page, want: Expected) -> list[Result]:
    """The near list is the expected one, in geopy's order (ties within 0.5% may swap)."""
    got = [r for r in near(page) if r.slug not in want.doubtful]
    assert [r.slug for r in got] == want.near_slugs or _same_up_to_ties(got, want), (
        [r.slug for r in got], want.near_slugs)
    truth = dict(want.near)
    for result in got:
        assert result.exact is not None and result.miles is not None, result
        exact, shown_miles, geo = float(result.exact), float(result.miles), truth[result.slug]
        assert abs(exact - geo) <= geo * 0.005, (result, geo)
        assert re.fullmatch(r"\d+\.\d", result.miles), result
        assert re.fullmatch(r"\d+\.\d{4}", result.exact), result
        assert abs(shown_miles - round(geo, 1)) <= 0.1 + 1e-9, (result, geo)
        # The one-decimal figure is the exact one rounded (not truncated).
        assert abs(shown_miles - exact) <= 0.05 + 1e-9, result
    return got


def _same_up_to_ties(got: list[Result], want: Expected) -> bool:
    """Same programs, and any two swapped ones are within 0.5% of each other in distance."""
    truth = dict(want.near)
    if sorted(r.slug for r in got) != sorted(want.near_slugs):
        return False
    distances = [truth[r.slug] for r in got]
    return all(b >= a * (1 - 0.005) for a, b in itertools.pairwise(distances))


# --- 1. a ZIP search -----------------------------------------------------------------


def test_zip_search_orders_programs_by_geodesic_distance_to_their_nearest_location(
    page: Page, served_site: str
) -> None:
    open_finder(page, served_site)
    expect(page.locator("#finder-radius")).to_have_value("25")
    search_zip(page, HOME_ZIP)

    want = expected(HOME, 25)
    assert len(want.near) >= 8  # not a trivial ordering
    got = assert_near_matches(page, want)
    assert len(got) == len(want.near)
    assert {r.slug for r in near(page)} - want.doubtful == set(want.near_slugs)

    tele_results = tele(page)
    assert [r.slug for r in tele_results] == [TELE_ONLY]
    assert tele_results[0].miles is None and tele_results[0].exact is None
    tele_item = page.locator(f'#finder-tele > li[data-program="{TELE_ONLY}"]')
    assert "mile" not in tele_item.inner_text()
    expect(page.locator("#finder-tele-group")).to_be_visible()

    assert DRAFT not in shown(page)
    assert not page.locator(f'[data-program="{DRAFT}"]').count()
    status = page.locator("#finder-status").inner_text()
    assert f"{len(got)} programs" in status and HOME_ZIP in status
    assert urlsplit(page.url).query == f"zip={HOME_ZIP}"
    assert not page.page_errors


def test_the_draft_is_not_found_even_from_next_door(page: Page, served_site: str) -> None:
    # 78641 is Leander, where the draft's only location is.
    open_finder(page, served_site, "zip=78641&radius=100")
    assert near(page)
    assert DRAFT not in shown(page)


# --- 2. every filter group ---------------------------------------------------------

FILTER_CASES: list[Filters] = [
    {"payment": ["medicaid"]},
    {"payment": ["medicaid", "tricare"]},
    {"condition": ["co-occurring"]},
    {"condition": ["mental-health"]},
    {"population": ["veterans"]},
    {"population": ["veterans", "pregnant-postpartum"]},
    {"accreditation": ["carf"]},
    {"accreditation": ["any"]},
    {"schedule": ["evening"]},
    {"schedule": ["weekend"]},
    {"format": ["telehealth"]},
    {"format": ["in-person"]},
    {"language": ["es"]},
    {"accepting": ["1"]},
    {"payment": ["medicaid"], "language": ["es"]},
    {"schedule": ["evening"], "format": ["telehealth"]},
]


def _case_id(filters: Filters) -> str:
    return "&".join(f"{group}={value}" for group, values in filters.items() for value in values)


@pytest.mark.parametrize("filters", FILTER_CASES, ids=_case_id)
def test_each_filter_group_narrows_as_the_records_say(
    page: Page, served_site: str, filters: Filters
) -> None:
    open_finder(page, served_site)
    set_radius(page, 100)
    search_zip(page, HOME_ZIP)
    everything = expected(HOME, 100)
    assert shown(page) == everything.all()

    for group, values in filters.items():
        for value in values:
            tick(page, group, value)
    want = expected(HOME, 100, filters)

    # The case is a real test: it keeps some programs and removes others.
    assert want.all() and want.all() < everything.all(), want
    assert_near_matches(page, want)
    assert {r.slug for r in near(page)} == set(want.near_slugs)
    assert {r.slug for r in tele(page)} == want.tele
    expect(page.locator("#finder-tele-group")).to_be_visible(visible=bool(want.tele))

    # The filters live in the URL (for sharing), next to the place and the radius.
    query = parse_qs(urlsplit(page.url).query)
    assert query.pop("zip") == [HOME_ZIP] and query.pop("radius") == ["100"]
    assert {g: sorted(v) for g, v in query.items()} == {g: sorted(v) for g, v in filters.items()}

    # Un-ticking gives everything back.
    page.click("#finder-clear")
    assert shown(page) == everything.all()


def test_hybrid_programs_count_as_both_in_person_and_telehealth(
    page: Page, served_site: str
) -> None:
    hybrid = {
        slug for slug, r in PUBLISHED.items() if (r.get("schedule") or {}).get("format") == "hybrid"
    }
    assert hybrid
    open_finder(page, served_site, f"zip={HOME_ZIP}&radius=100&format=telehealth")
    telehealth = shown(page)
    assert hybrid <= telehealth and TELE_ONLY in telehealth
    page.uncheck("#f-format-telehealth")
    page.check("#f-format-in-person")
    in_person = shown(page)
    assert hybrid <= in_person and TELE_ONLY not in in_person
    # Hybrid programs keep their distance in both views.
    assert all(r.miles for r in near(page) if r.slug in hybrid)


def test_accreditation_is_one_choice_and_no_preference_restores_everything(
    page: Page, served_site: str
) -> None:
    open_finder(page, served_site, f"zip={HOME_ZIP}&radius=100")
    everything = shown(page)
    page.check("#f-accreditation-carf")
    assert shown(page) == expected(HOME, 100, {"accreditation": ["carf"]}).all()
    page.check("#f-accreditation-coa")  # a radio: replaces CARF
    assert not page.is_checked("#f-accreditation-carf")
    assert shown(page) == expected(HOME, 100, {"accreditation": ["coa"]}).all()
    page.check("#f-accreditation-none")
    assert shown(page) == everything


# --- 3. radius -----------------------------------------------------------------------


def test_radius_changes_the_set_as_geopy_predicts(page: Page, served_site: str) -> None:
    open_finder(page, served_site)
    search_zip(page, HOME_ZIP)
    sets = {}
    for radius in (5, 25, 100, 10, 50):
        set_radius(page, radius)
        want = expected(HOME, radius)
        assert_near_matches(page, want)
        assert {r.slug for r in near(page)} - want.doubtful == set(want.near_slugs), radius
        assert [r.slug for r in tele(page)] == [TELE_ONLY]
        sets[radius] = set(want.near_slugs)
        query = parse_qs(urlsplit(page.url).query)
        assert query.get("radius", ["25"]) == [str(radius)]
    assert sets[5] < sets[25] < sets[100]


# --- 4. a city ---------------------------------------------------------------------------


def town(built_site: Path, name: str) -> tuple[float, float]:
    places = json.loads((built_site / "assets" / "finder" / "places.json").read_text("utf-8"))
    i = places["cities"].index(name)
    scale = places["scale"]
    return places["clat"][i] / scale, places["clon"][i] / scale


def test_city_search_measures_from_the_published_town_centroid(
    page: Page, served_site: str, built_site: Path
) -> None:
    open_finder(page, served_site)
    options = page.eval_on_selector_all("#finder-city option", "os => os.map(o => o.text)")
    for name in ("Austin", "Round Rock", "Cedar Park", "Georgetown", "Pflugerville", "Leander",
                 "San Marcos", "Kyle", "Buda", "Lakeway"):
        assert name in options
    page.select_option("#finder-city", label="Round Rock")

    centre = town(built_site, "Round Rock")
    assert miles(centre, (30.5083, -97.6789)) < 5  # it is Round Rock's
    # From the north, a program's second location is its nearer one: the finder must use
    # the nearest location, not the first.
    assert any(
        min(points, key=lambda p: miles(centre, p)) != points[0]
        for points in (locations(r) for r in PUBLISHED.values())
        if points
    )
    want = expected(centre, 25)
    got = assert_near_matches(page, want)
    assert got[0].slug == "pecan-hollow-family-counseling"  # the program in Round Rock
    assert [r.slug for r in tele(page)] == [TELE_ONLY]
    assert "Round Rock" in page.locator("#finder-status").inner_text()
    assert parse_qs(urlsplit(page.url).query) == {"city": ["Round Rock"]}
    first = page.locator("#finder-near > li").first
    assert "Round Rock" in first.locator(".finder-place").inner_text()


# --- 5. "Use my location" -------------------------------------------------------------


def test_use_my_location_ranks_from_the_browser_position(
    open_page: Callable[..., Page], served_site: str
) -> None:
    page = open_page(served_site, geolocation=HERE, permissions=["geolocation"])
    open_finder(page, served_site)
    page.click("#finder-here")
    page.wait_for_function("() => document.querySelectorAll('#finder-near > li').length > 0")

    want = expected((HERE["latitude"], HERE["longitude"]), 25)
    got = assert_near_matches(page, want)
    assert got[0].slug == "pecan-hollow-family-counseling"
    assert "your location" in page.locator("#finder-status").inner_text()
    expect(page.locator("#where-error")).to_be_hidden()
    # The coordinates stay out of the URL: only "from=here".
    assert parse_qs(urlsplit(page.url).query) == {"from": ["here"]}
    assert "30.5" not in page.url and "97.6" not in page.url


def test_refused_location_says_so_and_never_leaves_a_silent_blank(
    open_page: Callable[..., Page], served_site: str
) -> None:
    page = open_page(served_site, geolocation=HERE, permissions=["geolocation"])
    page.context.clear_permissions()
    open_finder(page, served_site)
    page.click("#finder-here")

    error = page.locator("#where-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("location")
    expect(error).to_contain_text("ZIP")
    assert not near(page)
    status = page.locator("#finder-status").inner_text().strip()
    assert status, "the results area is blank with no explanation"
    assert "Finding your location" not in status

    # Recovering: a ZIP works straight after.
    search_zip(page, HOME_ZIP)
    expect(error).to_be_hidden()
    assert near(page)


def test_location_refused_in_a_context_that_never_granted_it(
    open_page: Callable[..., Page], served_site: str
) -> None:
    page = open_page(served_site)
    open_finder(page, served_site)
    page.click("#finder-here")
    expect(page.locator("#where-error")).to_be_visible(timeout=20_000)
    expect(page.locator("#where-error")).to_contain_text("location")
    assert page.locator("#finder-status").inner_text().strip()


# --- 6. bad ZIP codes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("7870", "not a ZIP code"),
        ("abcde", "not a ZIP code"),
        ("77002", "outside the area"),  # Houston
        ("10001", "outside the area"),  # New York
    ],
)
def test_bad_or_far_zip_codes_get_a_clear_message(
    page: Page, served_site: str, code: str, words: str
) -> None:
    open_finder(page, served_site)
    search_zip(page, HOME_ZIP)
    assert near(page)
    search_zip(page, code)

    error = page.locator("#where-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text(words)
    expect(error).to_contain_text(code)
    expect(page.locator("#finder-zip")).to_have_attribute("aria-invalid", "true")
    assert "where-error" in (page.get_attribute("#finder-zip", "aria-describedby") or "")
    # No stale list from the previous search, and no blank: the status says what happened.
    assert not near(page)
    assert page.locator("#finder-status").inner_text().strip()


def test_a_far_zip_in_a_shared_url_is_explained_too(page: Page, served_site: str) -> None:
    open_finder(page, served_site, "zip=77002")
    expect(page.locator("#where-error")).to_contain_text("outside the area")
    expect(page.locator("#finder-zip")).to_have_value("77002")


# --- 7. shared URLs and the Back button ----------------------------------------------


def form_state(page: Page) -> dict[str, Any]:
    return page.evaluate(
        """() => ({
            zip: document.getElementById('finder-zip').value,
            city: document.getElementById('finder-city').value,
            radius: document.getElementById('finder-radius').value,
            q: document.getElementById('finder-q').value,
            checked: [...document.querySelectorAll('#finder-form input:checked')]
                .map(i => i.id).sort(),
        })"""
    )


def snapshot(page: Page) -> tuple[list[tuple[str, str | None]], list[str]]:
    return [(r.slug, r.exact) for r in near(page)], [r.slug for r in tele(page)]


def test_a_shared_url_restores_the_same_form_and_results_as_doing_it_by_hand(
    open_page: Callable[..., Page], served_site: str
) -> None:
    by_hand = open_page(served_site)
    open_finder(by_hand, served_site)
    by_hand.fill("#finder-zip", HOME_ZIP)
    set_radius(by_hand, 10)
    tick(by_hand, "payment", "medicaid")
    by_hand.click("#finder-form button[type=submit]")
    assert parse_qs(urlsplit(by_hand.url).query) == {
        "zip": [HOME_ZIP], "radius": ["10"], "payment": ["medicaid"]}

    shared = open_page(served_site)
    open_finder(shared, served_site, f"zip={HOME_ZIP}&radius=10&payment=medicaid")
    assert form_state(shared) == form_state(by_hand)
    assert form_state(shared)["zip"] == HOME_ZIP
    assert "f-payment-medicaid" in form_state(shared)["checked"]
    assert snapshot(shared) == snapshot(by_hand)

    want = expected(HOME, 10, {"payment": ["medicaid"]})
    assert want.near
    assert_near_matches(shared, want)
    expect(shared.locator("#finder-status")).to_have_text(
        by_hand.locator("#finder-status").inner_text())


def test_a_shared_url_takes_the_visitor_to_the_results(
    open_page: Callable[..., Page], served_site: str
) -> None:
    # From the home page's ZIP box on a phone, the results sit below a long form.
    phone = open_page(served_site, viewport={"width": 360, "height": 740})
    open_finder(phone, served_site, f"zip={HOME_ZIP}")
    expect(phone.locator("#finder-results-heading")).to_be_focused()
    expect(phone.locator("#finder-results-heading")).to_be_in_viewport()
    # Without a place there is nothing to show yet: the form keeps the top of the page.
    plain = open_page(served_site)
    open_finder(plain, served_site)
    assert plain.evaluate("document.activeElement === document.body")


def test_results_say_when_a_listing_may_be_out_of_date(page: Page, served_site: str) -> None:
    today = dt.date.fromisoformat(TEST_TODAY)
    stale = {slug for slug, r in PUBLISHED.items()
             if (today - r["verification"]["last_verified"]).days > 365}
    assert stale, "the examples include a listing not checked for over a year"
    open_finder(page, served_site, f"zip={HOME_ZIP}&radius=100")
    flagged = set(page.eval_on_selector_all(
        "[data-program]:has(.finder-stale)", "els => els.map(e => e.dataset.program)"))
    assert flagged == stale & shown(page)
    assert flagged


def test_a_shared_city_url_restores_the_city(page: Page, served_site: str) -> None:
    open_finder(page, served_site, "city=Round+Rock&schedule=evening&accepting=1")
    state = form_state(page)
    assert state["city"] == "Round Rock" and state["zip"] == ""
    assert {"f-schedule-evening", "finder-accepting"} <= set(state["checked"])


def test_back_returns_to_the_previous_search_and_forward_comes_again(
    page: Page, served_site: str
) -> None:
    open_finder(page, served_site)
    search_zip(page, HOME_ZIP)
    first_state, first_results = form_state(page), snapshot(page)
    first_url = page.url

    search_zip(page, "78664")  # Round Rock
    second_state, second_results = form_state(page), snapshot(page)
    assert second_results != first_results
    assert second_state["zip"] == "78664"

    page.go_back()
    page.wait_for_function("url => location.href === url", arg=first_url)
    expect(page.locator("#finder-zip")).to_have_value(HOME_ZIP)
    assert form_state(page) == first_state
    assert snapshot(page) == first_results

    page.go_forward()
    expect(page.locator("#finder-zip")).to_have_value("78664")
    assert form_state(page) == second_state
    assert snapshot(page) == second_results


# --- 8. privacy ---------------------------------------------------------------------------


def test_no_request_carries_the_place_the_coordinates_or_the_filters(
    open_page: Callable[..., Page], served_site: str
) -> None:
    page = open_page(served_site, geolocation=HERE, permissions=["geolocation"])
    requests: list[Request] = []
    page.on("request", lambda request: requests.append(request))

    # A shared URL: opening it necessarily sends its query string to the site's own server,
    # once, as the navigation itself. That one request is excluded below, explicitly;
    # nothing the page does afterwards may repeat any of it.
    shared = find_url(served_site, f"zip={HOME_ZIP}&payment=medicaid&condition=co-occurring")
    open_finder(page, served_site, f"zip={HOME_ZIP}&payment=medicaid&condition=co-occurring")
    assert near(page)

    # By hand: a ZIP, a city, filters of every group, the location, words.
    page.click("#finder-clear")
    search_zip(page, HOME_ZIP)
    for group, value in [("condition", "co-occurring"), ("population", "veterans"),
                         ("payment", "medicaid"), ("accreditation", "carf"),
                         ("schedule", "evening"), ("format", "telehealth"),
                         ("language", "es"), ("accepting", "1")]:
        tick(page, group, value)
    page.click("#finder-clear")
    set_radius(page, 50)
    page.select_option("#finder-city", label="Round Rock")
    page.click("#finder-here")
    page.wait_for_function("() => new URLSearchParams(location.search).get('from') === 'here'")
    page.fill("#finder-q", "EMDR")
    page.click("#finder-form button[type=submit]")
    wait_for_words(page, "EMDR")
    assert shown(page) == {"hill-country-veterans-iop"}
    page.fill("#finder-q", "")
    page.fill("#finder-zip", HOME_ZIP)
    page.fill("#finder-q", "dialectical")
    page.click("#finder-form button[type=submit]")
    wait_for_words(page, "dialectical")
    assert near(page)
    # Following a result to its page is a request too.
    page.locator("#finder-near a").first.click()
    page.wait_for_url(re.compile(r".*/programs/[a-z0-9-]+/$"))
    page.wait_for_load_state("networkidle")

    initial = [r for r in requests if r.url == shared and r.is_navigation_request()]
    assert len(initial) == 1
    others = [r for r in requests if r is not initial[0]]
    assert any("/pagefind/" in r.url for r in others), "the word box did not use Pagefind"

    secrets = [HOME_ZIP, "30.5083", "-97.6789", "97.6789", "30.508", "97.678", "Round Rock",
               "Round+Rock", "Round%20Rock", "co-occurring", "medicaid", "veterans", "carf",
               "evening", "EMDR", "dialectical"]
    parameters = {"zip", "city", "from", "radius", "q", "condition", "population", "payment",
                  "accreditation", "schedule", "format", "language", "accepting"}
    leaks = []
    for request in others:
        carried = {
            "url": request.url,
            "body": request.post_data or "",
            # A Referer header is a request carrying the page's URL (and its query string).
            "referer": request.header_value("referer") or "",
        }
        for where, text in carried.items():
            hits = [s for s in secrets if s.lower() in text.lower()]
            names = set(parse_qs(urlsplit(text).query)) & parameters if where != "body" else set()
            if hits or names:
                leaks.append((request.method, request.url, where, hits, sorted(names)))
    assert not leaks, "\n".join(map(str, leaks))


# --- 9. nothing found ---------------------------------------------------------------------


def test_an_empty_result_names_the_filter_to_loosen(page: Page, served_site: str) -> None:
    filters = {"population": ["pregnant-postpartum"], "language": ["es"]}
    within_5 = expected(HOME, 5, filters)
    assert not within_5.all() - within_5.tele, "the case must find nothing nearby"
    # Language alone is not to blame; population is.
    assert expected(HOME, 5, {"language": ["es"]}).near
    assert not expected(HOME, 5, {"population": ["pregnant-postpartum"]}).near

    open_finder(page, served_site,
                f"zip={HOME_ZIP}&radius=5&population=pregnant-postpartum&language=es")
    assert not near(page)
    expect(page.locator("#finder-status")).to_contain_text("No program")
    suggest = page.locator("#finder-suggest")
    expect(suggest).to_be_visible()
    expect(suggest).to_contain_text("Who it serves")
    assert "Language" not in suggest.inner_text()
    # A wider radius would find the program for pregnant and postpartum women.
    wider = expected(HOME, 10, filters)
    assert wider.near
    expect(suggest).to_contain_text("within 10 miles")

    # The suggestion works.
    suggest.get_by_role("button", name=re.compile("Who it serves")).click()
    assert not page.is_checked("#f-population-pregnant-postpartum")
    assert_near_matches(page, expected(HOME, 5, {"language": ["es"]}))
    assert "population" not in parse_qs(urlsplit(page.url).query)


def test_an_empty_result_can_widen_the_radius(page: Page, served_site: str) -> None:
    open_finder(page, served_site, f"zip={HOME_ZIP}&radius=5&population=pregnant-postpartum")
    page.locator("#finder-suggest").get_by_role("button", name=re.compile("10 miles")).click()
    expect(page.locator("#finder-radius")).to_have_value("10")
    want = expected(HOME, 10, {"population": ["pregnant-postpartum"]})
    assert want.near
    assert_near_matches(page, want)


# --- 10. without JavaScript --------------------------------------------------------------


def test_without_javascript_the_page_says_so_and_links_to_the_directory_by_city(
    open_page: Callable[..., Page], served_site: str
) -> None:
    page = open_page(served_site, java_script_enabled=False)
    page.goto(find_url(served_site))
    note = page.locator(".finder-noscript")
    expect(note).to_be_visible()
    expect(note).to_contain_text("needs JavaScript")
    expect(page.locator("#finder-app")).to_be_hidden()
    link = note.get_by_role("link")
    assert urlsplit(urljoin(page.url, link.get_attribute("href"))).path == urlsplit(
        urljoin(served_site, "programs/")).path
    link.click()
    page.wait_for_url(urljoin(served_site, "programs/"))

    grouped = page.eval_on_selector_all(
        "section[aria-labelledby^='city-']",
        """sections => sections.map(s => [s.querySelector('h2').textContent.trim(),
              [...s.querySelectorAll('h3 a')].map(a => a.getAttribute('href'))])""",
    )
    by_city: dict[str, set[str]] = {}
    for city, hrefs in grouped:
        by_city[city] = {href.strip("/").split("/")[-1] for href in hrefs}
    want: dict[str, set[str]] = {}
    for slug, record in PUBLISHED.items():
        cities = {loc["city"] for loc in record.get("locations") or []} or {"Telehealth only"}
        for city in cities:
            want.setdefault(city, set()).add(slug)
    assert by_city == want
    assert DRAFT not in set().union(*by_city.values())


# --- 11. the word box ---------------------------------------------------------------------


@pytest.mark.parametrize("word", ["EMDR", "DBT"])
def test_words_narrow_the_results_through_pagefind(
    page: Page, served_site: str, word: str
) -> None:
    open_finder(page, served_site, f"zip={HOME_ZIP}&radius=100")
    everything = expected(HOME, 100)
    assert shown(page) == everything.all()

    mentions = {slug for slug, r in PUBLISHED.items() if word.lower() in text_of(r)}
    assert mentions and mentions < everything.all()
    # Typing alone (no submit) runs the search after a pause.
    page.fill("#finder-q", word)
    wait_for_words(page, word)
    assert shown(page) == mentions
    want = expected(HOME, 100)
    want.near = [(slug, d) for slug, d in want.near if slug in mentions]
    want.tele &= mentions
    assert_near_matches(page, want)
    assert parse_qs(urlsplit(page.url).query).get("q") == [word]

    # Emptying the box brings everything back.
    page.fill("#finder-q", "")
    page.wait_for_function("() => !new URLSearchParams(location.search).has('q')")
    assert shown(page) == everything.all()


def test_words_and_filters_combine(page: Page, served_site: str) -> None:
    open_finder(page, served_site, f"zip={HOME_ZIP}&radius=100&q=DBT&format=telehealth")
    wait_for_words(page, "DBT")
    mentions = {slug for slug, r in PUBLISHED.items() if "dbt" in text_of(r)}
    want = expected(HOME, 100, {"format": ["telehealth"]}).all() & mentions
    assert want
    assert shown(page) == want


# --- 12. accessibility ------------------------------------------------------------------


def _violations(page: Page) -> list[dict]:
    return run_axe(page)


def test_axe_finds_no_violation_with_results_and_with_the_empty_message(
    page: Page, served_site: str
) -> None:
    open_finder(page, served_site)
    search_zip(page, HOME_ZIP)
    assert near(page) and tele(page)
    assert _violations(page) == []

    open_finder(page, served_site,
                f"zip={HOME_ZIP}&radius=5&population=pregnant-postpartum&language=es")
    expect(page.locator("#finder-suggest button").first).to_be_visible()
    assert _violations(page) == []

    search_zip(page, "10001")
    expect(page.locator("#where-error")).to_be_visible()
    assert _violations(page) == []


def test_the_count_is_announced_and_focus_moves_to_the_results(
    page: Page, served_site: str
) -> None:
    open_finder(page, served_site)
    status = page.locator("#finder-status")
    assert status.get_attribute("aria-live") == "polite"
    assert status.get_attribute("role") == "status"

    page.focus("#finder-zip")
    page.keyboard.type(HOME_ZIP)
    page.keyboard.press("Enter")
    count = len(near(page))
    assert count
    expect(status).to_contain_text(f"{count} programs")
    active = page.evaluate("document.activeElement.id")
    assert active in {"finder-results-heading", "finder-status"}, active
    # The heading it lands on introduces the results that follow it.
    assert page.evaluate(
        "document.activeElement.compareDocumentPosition("
        "document.getElementById('finder-near')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )

    # A ZIP that fails keeps the focus in the ZIP box, which now points to the message.
    page.fill("#finder-zip", "7870")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "finder-zip"

    # Filter changes update the count without stealing the focus.
    page.fill("#finder-zip", HOME_ZIP)
    page.keyboard.press("Enter")
    page.focus("#f-payment-medicaid")
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.id") == "f-payment-medicaid"
    expect(status).to_contain_text(f"{len(near(page))} program")


# --- 13. a phone ----------------------------------------------------------------------------


def test_no_horizontal_scroll_at_320_pixels_with_results(
    open_page: Callable[..., Page], served_site: str
) -> None:
    page = open_page(served_site, viewport={"width": 320, "height": 640})
    open_finder(page, served_site, f"zip={HOME_ZIP}&radius=100")
    assert len(near(page)) > 5
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
        " document.body.scrollWidth]"
    )
    assert widths[0] <= widths[1] and widths[2] <= widths[1], widths
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('#iop-finder *')]
             .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5
                          && e.getClientRects().length)
             .map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 10)"""
    )
    assert overflowing == []


# The "the header search box finding an article and a program" is covered by
# tests/e2e/test_header_search.py (test_article_words_find_the_article_with_highlighted_excerpts
# and test_program_name_finds_the_program_page).
