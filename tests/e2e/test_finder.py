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
    if group == "medication":
        return set(record.get("addiction_medications") or [])
    if group == "insurer":
        return {insurer_key(name) for name in (record.get("payment") or {}).get("insurers") or []}
    raise AssertionError(group)


def insurer_key(name: str) -> str:
    """An insurer's insurer= value, however a record writes its name: ASCII lower case,
    "&" as "and", every run of other characters one hyphen."""
    text = name.lower().replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def ages_take(record: dict[str, Any], age: int) -> bool:
    """A program whose record lists no ages is kept: its card says so."""
    ages = record.get("ages") or {}
    return int(ages.get("min", 0)) <= age <= int(ages.get("max", 200))


Filters = dict[str, list[str]]


def meets(record: dict[str, Any], group: str, values: list[str]) -> bool:
    if group == "age":
        return ages_take(record, int(values[0]))
    return bool(facet(record, group) & set(values))


def passes(record: dict[str, Any], filters: Filters) -> bool:
    """Several choices in one group: any of them; different groups: all of them."""
    return all(meets(record, group, values) for group, values in filters.items() if values)


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
    """Choose one value the way a visitor would: a box, the insurer list, the age box."""
    if group == "accepting":
        page.check("#finder-accepting")
    elif group == "insurer":
        page.select_option("#finder-insurer", value)
    elif group == "age":
        page.fill("#finder-age", value)
        page.wait_for_function(
            "age => new URLSearchParams(location.search).get('age') === age", arg=value)
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
    # The cards of the page without a place are there from the start: wait for the
    # results from the position, which the results line names.
    expect(page.locator("#finder-status")).to_contain_text(
        re.compile(r"within \d+ miles of your location"))
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

    # By hand: a ZIP, a city, filters of every group, the location, words. One group at a
    # time: a choice that would show nothing is disabled, and together these would.
    page.click("#finder-clear")
    search_zip(page, HOME_ZIP)
    set_radius(page, 100)
    for group, value in [("condition", "co-occurring"), ("population", "veterans"),
                         ("payment", "medicaid"), ("accreditation", "carf"),
                         ("schedule", "evening"), ("format", "telehealth"),
                         ("language", "es"), ("accepting", "1"),
                         ("medication", "buprenorphine"), ("insurer", "aetna"),
                         ("age", "15")]:
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
               "evening", "EMDR", "dialectical", "buprenorphine", "aetna", "age=15"]
    parameters = {"zip", "city", "from", "radius", "q", "condition", "population", "payment",
                  "accreditation", "schedule", "format", "language", "accepting",
                  "medication", "insurer", "age"}
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


# --- 14. a family on a phone (issue 11) ----------------------------------------------------
# Results first, filters behind "Filters (N)", chips, counts, the age, insurer and
# medication filters, Call links, help in every empty state, no jumping layout, and a
# history that typing does not fill.

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 800}
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390px", "1280px"])


def cards(page: Page) -> Any:
    return page.locator("#finder-near > li[data-program], #finder-tele > li[data-program]")


def within(origin: tuple[float, float], radius: float) -> dict[str, dict[str, Any]]:
    """The published programs a search from `origin` can show: those with a location within
    the radius, and the telehealth-only ones. None may lie at the edge, where either
    answer would be right."""
    kept = {}
    for slug, record in PUBLISHED.items():
        points = locations(record)
        distance = min((miles(origin, point) for point in points), default=0.0)
        assert abs(distance - radius) > radius * BOUNDARY, slug
        if distance <= radius:
            kept[slug] = record
    return kept


def test_on_a_phone_the_first_result_is_on_the_first_screen(
    open_page: Callable[..., Page], served_site: str
) -> None:
    page = open_page(served_site, viewport=PHONE)
    open_finder(page, served_site, f"zip={HOME_ZIP}")
    assert page.evaluate("scrollY") == 0
    first = page.locator("#finder-near > li").first
    assert first.get_attribute("data-program") == expected(HOME, 25).near_slugs[0]
    # The card's name, its distance and its Call link, not only its top edge.
    for part in (first.locator(".finder-name a"), first.locator(".finder-place"),
                 first.locator(".finder-call")):
        box = part.bounding_box()
        assert box is not None, part
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    # The filters wait behind their button, which comes before the results.
    expect(page.locator("#finder-filters")).to_be_hidden()
    toggle = page.locator("#finder-filters-toggle")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    # On a wide screen, the filters and the results side by side, as before.
    page.set_viewport_size(WIDE)
    expect(page.locator("#finder-filters")).to_be_visible()
    expect(toggle).to_be_hidden()
    form = page.locator("#finder-form").bounding_box()
    results = page.locator(".finder-results").bounding_box()
    assert form and results and form["x"] + form["width"] <= results["x"]
    assert abs(form["y"] - results["y"]) < 40


@VIEWPORTS
def test_every_card_with_a_phone_has_a_call_link(
    open_page: Callable[..., Page], served_site: str, viewport: dict[str, int]
) -> None:
    page = open_page(served_site, viewport=viewport)
    open_finder(page, served_site, f"zip={HOME_ZIP}&radius=100")
    listed = cards(page)
    assert {listed.nth(k).get_attribute("data-program") for k in range(listed.count())} \
        == expected(HOME, 100).all()
    with_phone = 0
    for k in range(listed.count()):
        card = listed.nth(k)
        record = PUBLISHED[card.get_attribute("data-program") or ""]
        phone = str((record.get("contact") or {}).get("phone") or "")
        links = card.locator("a[href^='tel:']")
        if not phone:
            assert links.count() == 0
            continue
        with_phone += 1
        assert links.count() == 1, record["name"]
        digits = re.sub(r"\D", "", phone)
        assert links.get_attribute("href") == f"tel:+1{digits[-10:]}"
        # Visible "Call 512-…", and a name that says which program it calls.
        assert links.inner_text().startswith(f"Call {phone}")
        expect(links).to_have_accessible_name(f"Call {phone}, {record['name']}")
        box = links.bounding_box()
        assert box and box["width"] >= 44 and box["height"] >= 44, box
    assert with_phone >= 10


NEW_FILTER_CASES: list[Filters] = [
    {"age": ["15"]},
    {"age": ["16"]},
    {"age": ["21"]},
    {"age": ["60"]},
    {"insurer": ["aetna"]},
    {"insurer": ["tricare-east"]},
    {"insurer": ["blue-cross-blue-shield-of-texas"]},
    {"medication": ["buprenorphine"]},
    {"medication": ["naltrexone"]},
    {"schedule": ["afternoon"]},
    {"schedule": ["morning"]},
    {"age": ["16"], "insurer": ["aetna"]},
    {"medication": ["buprenorphine"], "schedule": ["evening"]},
    {"age": ["30"], "insurer": ["cigna"], "schedule": ["evening"]},
]


@pytest.mark.parametrize("filters", NEW_FILTER_CASES, ids=_case_id)
def test_age_insurer_medication_and_tracks_narrow_as_the_records_say(
    page: Page, served_site: str, filters: Filters
) -> None:
    open_finder(page, served_site, f"zip={HOME_ZIP}&radius=100")
    everything = expected(HOME, 100)
    want = expected(HOME, 100, filters)
    assert want.all() and want.all() < everything.all(), want  # a real test
    for group, values in filters.items():
        for value in values:
            tick(page, group, value)
    assert_near_matches(page, want)
    assert shown(page) == want.all()
    query = parse_qs(urlsplit(page.url).query)
    assert {g: v for g, v in query.items() if g in filters} == filters

    # A shared link gives the same form and results.
    open_finder(page, served_site, urlsplit(page.url).query)
    assert shown(page) == want.all()
    if "age" in filters:
        expect(page.locator("#finder-age")).to_have_value(filters["age"][0])
    if "insurer" in filters:
        expect(page.locator("#finder-insurer")).to_have_value(filters["insurer"][0])


def test_an_insurer_no_record_names_and_an_unlisted_medication_find_nothing(
    page: Page, served_site: str
) -> None:
    assert not expected(HOME, 100, {"medication": ["methadone"]}).all()
    open_finder(page, served_site, f"zip={HOME_ZIP}&radius=100&medication=methadone")
    assert not shown(page)
    # Unticking is still possible: a chosen option is never disabled, even at 0.
    expect(page.locator("#f-medication-methadone")).to_be_checked()
    expect(page.locator("#f-medication-methadone")).to_be_enabled()
    page.uncheck("#f-medication-methadone")
    assert shown(page) == expected(HOME, 100).all()
    expect(page.locator("#f-medication-methadone")).to_be_disabled()  # 0 now, and unticked


def test_the_filters_survive_back_and_forward(page: Page, served_site: str) -> None:
    filters = {"age": ["16"], "insurer": ["aetna"], "schedule": ["evening"]}
    open_finder(page, served_site, f"zip={HOME_ZIP}&age=16&insurer=aetna&schedule=evening")
    first = shown(page)
    assert first == expected(HOME, 25, filters).all()
    search_zip(page, "78664")
    assert shown(page) == expected(zip_centroid("78664"), 25, filters).all()
    page.go_back()
    page.wait_for_function("() => new URLSearchParams(location.search).get('zip') === '78745'")
    expect(page.locator("#finder-age")).to_have_value("16")
    expect(page.locator("#finder-insurer")).to_have_value("aetna")
    assert shown(page) == first


def option_counts(page: Page) -> dict[tuple[str, str], tuple[int, bool, bool]]:
    """(group, value) -> (the number beside it, disabled, chosen), for every box and radio
    of the filters and every insurer in the list."""
    rows = page.evaluate(
        """() => [
          ...[...document.querySelectorAll('#finder-filters .finder-check input')].map(i =>
            [i.name, i.value, i.parentElement.querySelector('.finder-count').textContent,
             i.disabled, i.checked]),
          ...[...document.querySelectorAll('#finder-insurer option')].map(o =>
            ['insurer', o.value, o.textContent, o.disabled, o.selected]),
        ]"""
    )
    counts = {}
    for group, value, text, disabled, chosen in rows:
        number = re.search(r"\((\d+)\)\s*$", text)
        assert number, (group, value, text)
        counts[(group, value)] = (int(number.group(1)), disabled, chosen)
    return counts


def test_each_option_counts_what_ticking_it_would_show(page: Page, served_site: str) -> None:
    chosen = {"schedule": ["evening"], "insurer": ["aetna"]}
    open_finder(page, served_site, f"zip={HOME_ZIP}&schedule=evening&insurer=aetna")
    pool = within(HOME, 25)
    results = {s for s, r in pool.items() if passes(r, chosen)}
    assert results == shown(page)
    counts = option_counts(page)
    assert len(counts) > 40
    zeros = 0
    for (group, value), (number, disabled, ticked) in counts.items():
        others = {g: v for g, v in chosen.items() if g != group}
        kept = [r for r in pool.values() if passes(r, others)]
        want = len(kept) if value == "" else sum(meets(r, group, [value]) for r in kept)
        assert number == want, (group, value, number, want)
        # Nothing to show: disabled, unless chosen (it must stay possible to untick it).
        assert disabled == (want == 0 and not ticked), (group, value)
        zeros += want == 0
    assert zeros  # the case has options to disable
    expect(page.locator("#finder-show")).to_have_text(f"Show {len(results)} programs")


def test_filters_n_and_show_n_programs_on_a_phone(
    open_page: Callable[..., Page], served_site: str
) -> None:
    page = open_page(served_site, viewport=PHONE)
    open_finder(page, served_site, f"zip={HOME_ZIP}")
    toggle, panel = page.locator("#finder-filters-toggle"), page.locator("#finder-filters")
    expect(toggle).to_have_text("Filters")
    toggle.click()
    expect(panel).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.check("#f-schedule-evening")
    page.select_option("#finder-insurer", "aetna")
    expect(toggle).to_have_text("Filters (2)")
    want = expected(HOME, 25, {"schedule": ["evening"], "insurer": ["aetna"]})
    assert want.all() and len(want.all()) > 1
    show = page.get_by_role("button", name=f"Show {len(want.all())} programs")
    expect(show).to_be_visible()  # kept in view at the foot of the panel
    show.click()
    expect(panel).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#finder-results-heading")).to_be_focused()
    expect(page.locator("#finder-results-heading")).to_be_in_viewport()
    assert shown(page) == want.all()
    # The results line names the filters, and so does each card it matches.
    status = page.locator("#finder-status")
    expect(status).to_contain_text(
        f"{len(want.near)} programs within 25 miles of ZIP code {HOME_ZIP}")
    expect(status).to_contain_text("· Evening, Aetna")
    for card in page.locator("#finder-near > li[data-program]").all():
        expect(card.locator(".finder-matches")).to_have_text("Matches: Evening, Aetna")


def test_chips_name_the_filters_and_remove_them(page: Page, served_site: str) -> None:
    filters = {"schedule": ["evening"], "insurer": ["aetna"], "age": ["30"]}
    open_finder(page, served_site,
                f"zip={HOME_ZIP}&radius=100&schedule=evening&insurer=aetna&age=30")
    assert shown(page) == expected(HOME, 100, filters).all()
    chips = page.locator("#finder-chips button")
    assert [chips.nth(k).evaluate("b => b.textContent") for k in range(chips.count())][:3] \
        == ["Remove Evening×", "Remove Aetna×", "Remove Age 30×"]
    for name in ("Remove Evening", "Remove Aetna", "Remove Age 30"):
        expect(page.get_by_role("button", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Clear all filters").first).to_be_visible()

    page.get_by_role("button", name="Remove Aetna", exact=True).click()
    rest = {"schedule": ["evening"], "age": ["30"]}
    assert shown(page) == expected(HOME, 100, rest).all()
    expect(page.locator("#finder-insurer")).to_have_value("")
    assert "insurer" not in parse_qs(urlsplit(page.url).query)
    expect(page.locator("#finder-status")).not_to_contain_text("Aetna")
    # The focus moves to the chip now in its place, and the keyboard removes it too.
    expect(page.get_by_role("button", name="Remove Age 30", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#finder-age")).to_have_value("")
    assert shown(page) == expected(HOME, 100, {"schedule": ["evening"]}).all()
    page.get_by_role("button", name="Remove Evening", exact=True).click()
    expect(page.locator("#finder-chips")).to_be_hidden()
    expect(page.locator("#finder-results-heading")).to_be_focused()
    assert shown(page) == expected(HOME, 100).all()


def test_ages_not_listed_are_kept_and_said(
    build_project: Callable[..., Path], serve_dir: Callable[[Path], str],
    open_page: Callable[..., Page],
) -> None:
    """An example record without ages, in a copy of the project: age=15 keeps it."""
    files = {path.name: path.read_text("utf-8")
             for path in (PROJECT_ROOT / "programs").glob("*.yaml")}
    unlisted = "windmill-creek-iop"
    record = yaml.safe_load(files[f"{unlisted}.yaml"])
    assert record["ages"] == {"min": 18} and not ages_take(record, 15)
    del record["ages"]
    files[f"{unlisted}.yaml"] = yaml.safe_dump(record, sort_keys=False, allow_unicode=True)
    base = serve_dir(build_project(files, search=False, shared="finder-ages-not-listed"))
    page = open_page(base, viewport=WIDE)
    open_finder(page, base, f"zip={HOME_ZIP}&radius=100&age=15")
    taking_15 = {s for s, r in PUBLISHED.items() if s != unlisted and ages_take(r, 15)}
    assert shown(page) == taking_15 | {unlisted}
    card = page.locator(f'[data-program="{unlisted}"]')
    expect(card.locator(".finder-facts")).to_contain_text("Ages not listed")
    expect(card.locator(".finder-matches")).to_be_hidden()  # kept, but it does not "match" 15
    for slug in taking_15:
        matches = page.locator(f'[data-program="{slug}"] .finder-matches')
        expect(matches).to_have_text("Matches: Age 15")


def test_cards_say_when_each_listing_was_last_checked(
    open_page: Callable[..., Page], served_site: str
) -> None:
    page = open_page(served_site)
    today = dt.date.fromisoformat(TEST_TODAY)
    page.clock.set_fixed_time(dt.datetime(today.year, today.month, today.day, 12))
    open_finder(page, served_site, f"zip={HOME_ZIP}&radius=100")
    for card in cards(page).all():
        record = PUBLISHED[card.get_attribute("data-program") or ""]
        days = (today - record["verification"]["last_verified"]).days
        assert days > 1
        expect(card.locator(".finder-checked")).to_have_text(f"Checked {days} days ago")
        # And the rest a family asks about, from the record.
        facts = card.locator(".finder-facts").inner_text()
        for language in record.get("languages") or ["en"]:
            assert {"en": "English", "es": "Spanish"}[language] in facts
        tracks = (record.get("schedule") or {}).get("tracks") or []
        for track in tracks:
            assert track.capitalize() in facts
        accepting = record.get("accepting_new_clients")
        if accepting is not None:
            expect(card.locator(".finder-accepting")).to_have_text(
                "Accepting new clients" if accepting else "Not accepting new clients right now")


# --- 15. no dead ends ---------------------------------------------------------------------

TELEHEALTH = {s for s, r in PUBLISHED.items() if "telehealth" in formats(r)}
EMPTY_STATES = {
    "no results": f"zip={HOME_ZIP}&radius=5&population=pregnant-postpartum&language=es",
    "outside the area": "zip=10001",
    "not a ZIP code": "zip=7870",
    "unknown town": "city=Atlantis",
    "data failed to load": f"zip={HOME_ZIP}",
}


def open_empty(page: Page, base: str, state: str) -> None:
    if state == "data failed to load":
        page.route("**/assets/finder/programs.json",
                   lambda route: route.fulfill(status=503, body=""))
        page.goto(find_url(base, EMPTY_STATES[state]))
        page.wait_for_selector('#iop-finder[data-ready="failed"]', state="attached")
    else:
        open_finder(page, base, EMPTY_STATES[state])


@pytest.mark.parametrize("state", list(EMPTY_STATES))
def test_every_empty_state_offers_telehealth_and_the_helplines(
    open_page: Callable[..., Page], served_site: str, state: str
) -> None:
    assert len(TELEHEALTH) >= 2
    page = open_page(served_site, viewport=PHONE)
    open_empty(page, served_site, state)
    assert not near(page)
    help_box = page.locator("#finder-help")
    expect(help_box).to_be_visible()
    for href, text in [("tel:+18006624357", "1-800-662-4357"), ("tel:988", "call 988"),
                       ("sms:988", "text 988"), ("tel:211", "2-1-1"),
                       ("https://findtreatment.gov/", "findtreatment.gov")]:
        link = help_box.locator(f'a[href="{href}"]')
        expect(link).to_be_visible()
        expect(link).to_contain_text(text)
    expect(help_box).to_contain_text("free")
    expect(help_box).to_contain_text("24 hours a day, in English and Spanish")
    assert page.locator("#finder-status").inner_text().strip()

    if state == "data failed to load":
        link = help_box.locator("#finder-tele-link a")
        expect(link).to_be_visible()
        link.click()
        page.wait_for_url(re.compile(r".*/programs/#city-telehealth-only$"))
        expect(page.locator("#city-telehealth-only")).to_be_visible()
        return
    # The telehealth programs, one press away, wherever the family is.
    offer = help_box.get_by_role("button", name=re.compile(r"telehealth program"))
    expect(offer).to_be_visible()
    offer.click()
    expect(page.locator("#where-error")).to_be_hidden()
    expect(page.locator("#finder-help")).to_be_hidden()
    filters = {"population": ["pregnant-postpartum"], "language": ["es"]}
    keeps = state == "no results" and any(passes(PUBLISHED[s], filters) for s in TELEHEALTH)
    assert shown(page) == (TELEHEALTH & {s for s in PUBLISHED if passes(PUBLISHED[s], filters)}
                           if keeps else TELEHEALTH)
    assert parse_qs(urlsplit(page.url).query).get("format") == ["telehealth"]
    expect(page.locator("#finder-results-heading")).to_be_focused()


# --- 16. nothing jumps, and the history stays short -----------------------------------

CLS_OBSERVER = """
window.__cls = 0; window.__shifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (e.hadRecentInput) continue;
    window.__cls += e.value;
    window.__shifts.push([e.value,
      (e.sources || []).map((s) => s.node && (s.node.id || s.node.className))]);
  }
}).observe({ type: "layout-shift", buffered: true });
"""


def cumulative_layout_shift(page: Page, base: str, query: str) -> tuple[float, list[Any]]:
    page.add_init_script(CLS_OBSERVER)
    open_finder(page, base, query)
    page.wait_for_timeout(1500)  # anything late: the observer keeps counting
    return page.evaluate("window.__cls"), page.evaluate("window.__shifts")


@VIEWPORTS
def test_the_page_does_not_jump_when_the_results_arrive(
    open_page: Callable[..., Page], served_site: str, viewport: dict[str, int]
) -> None:
    page = open_page(served_site, viewport=viewport)
    cls, shifts = cumulative_layout_shift(page, served_site, f"zip={HOME_ZIP}")
    assert near(page)
    assert cls < 0.05, shifts


def test_the_layout_shift_measure_can_fail(
    open_page: Callable[..., Page], served_site: str
) -> None:
    page = open_page(served_site, viewport=PHONE)
    cls, _ = cumulative_layout_shift(page, served_site, f"zip={HOME_ZIP}")
    assert cls < 0.05
    # Content inserted above the results after load, as the old finder's did.
    page.evaluate("""() => { const p = document.createElement('p'); p.style.height = '300px';
        document.getElementById('finder-app').before(p); }""")
    page.wait_for_timeout(500)
    assert page.evaluate("window.__cls") > 0.05


HISTORY_SPY = """
window.__history = { push: 0, replace: 0 };
for (const kind of ["push", "replace"]) {
  const original = history[kind + "State"].bind(history);
  history[kind + "State"] = (...args) => { window.__history[kind] += 1; return original(...args); };
}
"""


def test_typing_a_zip_replaces_the_entry_and_a_search_is_one_new_entry(
    page: Page, served_site: str
) -> None:
    page.add_init_script(HISTORY_SPY)
    open_finder(page, served_site)
    start_url, length = page.url, page.evaluate("history.length")
    page.evaluate("window.__history = { push: 0, replace: 0 }")
    box = page.locator("#finder-zip")
    box.press_sequentially("7874", delay=60)
    page.wait_for_timeout(600)  # not a ZIP code yet: nothing changes, nothing complains
    assert page.url == start_url
    expect(page.locator("#where-error")).to_be_hidden()
    box.press_sequentially("5", delay=60)
    # A complete ZIP code of the area shows its programs, through replaceState alone.
    page.wait_for_function("() => new URLSearchParams(location.search).get('zip') === '78745'")
    assert_near_matches(page, expected(HOME, 25))
    spy = page.evaluate("window.__history")
    assert spy["push"] == 0 and spy["replace"] >= 1, spy
    assert page.evaluate("history.length") == length

    box.press("Enter")  # the search, submitted: one new entry
    expect(page.locator("#finder-results-heading")).to_be_focused()
    assert page.evaluate("window.__history")["push"] == 1
    assert page.evaluate("history.length") == length + 1
    page.go_back()
    page.wait_for_function("url => location.href === url", arg=start_url)
    expect(box).to_have_value("")
    page.go_forward()
    expect(box).to_have_value(HOME_ZIP)

    # Typing after a search, then submitting: Back returns to the search before it.
    box.fill("")
    box.press_sequentially("78664", delay=40)
    page.wait_for_function("() => new URLSearchParams(location.search).get('zip') === '78664'")
    box.press("Enter")
    assert page.evaluate("window.__history")["push"] == 2
    page.go_back()
    page.wait_for_function("() => new URLSearchParams(location.search).get('zip') === '78745'")
    expect(box).to_have_value(HOME_ZIP)
    assert_near_matches(page, expected(HOME, 25))


# --- 17. accessibility of every state, and the keyboard ------------------------------


@VIEWPORTS
@pytest.mark.parametrize("state", ["initial", "results", "filters open", "no results",
                                   "outside the area", "data failed to load"])
def test_axe_finds_no_violation_in_any_state(
    open_page: Callable[..., Page], served_site: str, viewport: dict[str, int], state: str
) -> None:
    page = open_page(served_site, viewport=viewport)
    if state == "initial":
        open_finder(page, served_site)
    elif state in ("results", "filters open"):
        open_finder(page, served_site, f"zip={HOME_ZIP}&schedule=evening&age=30")
        if state == "filters open" and viewport == PHONE:
            page.click("#finder-filters-toggle")
        open_panel = state == "filters open" or viewport == WIDE
        expect(page.locator("#finder-filters")).to_be_visible(visible=open_panel)
    else:
        open_empty(page, served_site, state)
        expect(page.locator("#finder-help")).to_be_visible()
    violations = run_axe(page)
    assert violations == [], violations


def focus_by_tab(page: Page, target: str, limit: int = 120) -> None:
    """Press Tab until the element with id `target` has the focus (it must be reachable)."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == target:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{target} is not reachable with Tab")


def outline(page: Page) -> str:
    return page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle + ' ' + s.outlineWidth; })()")


def test_a_phone_search_by_keyboard_alone(
    open_page: Callable[..., Page], served_site: str
) -> None:
    page = open_page(served_site, viewport=PHONE)
    open_finder(page, served_site)
    page.keyboard.press("Tab")
    focus_by_tab(page, "finder-zip")
    page.keyboard.type(HOME_ZIP)
    page.keyboard.press("Enter")
    expect(page.locator("#finder-results-heading")).to_be_focused()

    focus_by_tab(page, "finder-filters-toggle")  # Tab goes round the page to it
    assert outline(page).startswith("solid"), outline(page)
    page.keyboard.press("Enter")
    expect(page.locator("#finder-filters")).to_be_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-schedule-morning"
    assert outline(page).startswith("solid")
    page.keyboard.press("Space")
    expect(page.locator("#f-schedule-morning")).to_be_checked()
    focus_by_tab(page, "finder-age")
    page.keyboard.type("30")
    focus_by_tab(page, "finder-insurer")
    page.keyboard.press("ArrowDown")  # the first insurer
    insurer = page.eval_on_selector("#finder-insurer", "s => s.value")
    want = expected(HOME, 25, {"schedule": ["morning"], "age": ["30"], "insurer": [insurer]})
    focus_by_tab(page, "finder-show")
    expect(page.locator("#finder-show")).to_have_text(
        re.compile(rf"Show {len(want.all())} programs?"))
    page.keyboard.press("Enter")
    expect(page.locator("#finder-filters")).to_be_hidden()
    expect(page.locator("#finder-results-heading")).to_be_focused()
    assert shown(page) == want.all()

    # The chips come next, each a button; Escape closes the panel when it is open.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    name = page.evaluate("document.activeElement.textContent")
    assert name.startswith("Remove "), name
    assert outline(page).startswith("solid")
    page.keyboard.press("Enter")
    expect(page.locator("#finder-chips button")).to_have_count(3)  # two chips and "Clear all"
    focus_by_tab(page, "finder-filters-toggle")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(page.locator("#finder-filters")).to_be_hidden()
    expect(page.locator("#finder-filters-toggle")).to_be_focused()
    # The Call links are reachable too, and show their focus.
    first_call = page.locator("#finder-near .finder-call").first
    for _ in range(40):
        if first_call.evaluate("a => a === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(first_call).to_be_focused()
    assert outline(page).startswith("solid")
