"""Unit tests of generator/finder/: the finder's compact data files."""

from __future__ import annotations

import copy
import datetime as dt
import gzip
import random
import re
from pathlib import Path
from typing import Any

import jinja2
import pytest
from geopy.distance import geodesic

from generator.finder import area_places, finder_context, finder_index
from generator.finder.index import bitmask, vocabularies
from generator.finder.places import area_zip_records
from generator.geography import zip_records
from generator.model import Program, program_from_data
from generator.normalise import apply_defaults
from generator.schema import program_schema as load_schema
from generator.settings import DOWNTOWN_AUSTIN
from generator.site import json_bytes


def programs_of(records: list[dict[str, Any]]) -> list[Program]:
    """The test's records as the model the finder takes (with the schema's defaults)."""
    verified = {"last_verified": "2026-11-01", "verified_by": "Test"}
    programs = []
    for record in records:
        data = copy.deepcopy({"verification": verified, **record})
        apply_defaults(data)
        programs.append(program_from_data(record["slug"], data, Path(f"{record['slug']}.yaml")))
    return programs


def to_json(data: Any) -> str:
    return json_bytes(data).decode("utf-8")


def program_format(program: dict[str, Any]) -> str:
    fmt = (program.get("schedule") or {}).get("format")
    return fmt or ("in-person" if program.get("locations") else "telehealth")

ROOT = Path(__file__).resolve().parent.parent
TEN_TOWNS = ["Austin", "Round Rock", "Cedar Park", "Georgetown", "Pflugerville", "Leander",
             "San Marcos", "Kyle", "Buda", "Lakeway"]


def program_url(slug: str) -> str:
    return f"programs/{slug}/"


# --- a decoder written from the format's description, as the finder's data.js reads it


def js_slug(name: str) -> str:
    """data.js: name.toLowerCase().replace(/[^a-z0-9]+/g, "-") without edge hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def decode(index: dict[str, Any]) -> list[dict[str, Any]]:
    vocab, scale = index["vocab"], index["scale"]

    def values(group: str, mask: int) -> set[str]:
        return {value for bit, value in enumerate(vocab[group]) if mask >> bit & 1}

    programs, k = [], 0
    for i, name in enumerate(index["name"]):
        slug = index["slug"].get(str(i)) or js_slug(name)
        count = index["nloc"][i]
        locations = [
            (index["cities"][index["city"][j]], index["lat"][j] / scale, index["lon"][j] / scale)
            for j in range(k, k + count)
        ]
        k += count
        days = index["days"][i]
        fmt = {1: "in-person", 2: "telehealth", 3: "hybrid"}[index["format"][i]]
        programs.append({
            "name": name,
            "slug": slug,
            "url": index["url"].replace("{slug}", slug) if "url" in index else index["urls"][i],
            "conditions": values("condition", index["condition"][i]),
            "populations": values("population", index["population"][i]),
            "payment": values("payment", index["payment"][i]),
            "accreditations": values("accreditation", index["accreditation"][i]),
            "tracks": values("schedule", index["schedule"][i]),
            "format": fmt,
            "format_filters": values("format", index["format"][i]),
            "languages": values("language", index["language"][i]),
            "accepting": {1: True, 0: False, 2: None}[index["accepting"][i]],
            "days": None if not days else days if days < 10 else {"min": days // 10,
                                                                   "max": days % 10},
            "hours": index["hours"][i] or None,
            "locations": locations,
        })
    assert k == len(index["lat"]) == len(index["lon"]) == len(index["city"])
    return programs


def expected(program: dict[str, Any]) -> dict[str, Any]:
    """What the decoder must give back for one input record."""
    schedule = program.get("schedule") or {}
    payment = program.get("payment") or {}
    days = schedule.get("days_per_week")
    if isinstance(days, dict) and days["min"] == days["max"]:
        days = days["min"]
    fmt = program_format(program)
    return {
        "name": program["name"],
        "slug": program["slug"],
        "url": program_url(program["slug"]),
        "conditions": set(program["conditions"]),
        "populations": set(program.get("populations") or []),
        "payment": {key for key, value in payment.items() if value is True},
        "accreditations": {a["body"] for a in program.get("accreditations") or []},
        # Every track is a filter (teens need afternoons), not only evening and weekend.
        "tracks": set(schedule.get("tracks") or []),
        "format": fmt,
        "format_filters": {"in-person", "telehealth"} if fmt == "hybrid" else {fmt},
        "languages": set(program.get("languages") or ["en"]),
        "accepting": program.get("accepting_new_clients"),
        "days": days,
        "hours": schedule.get("hours_per_day"),
        # Coordinates travel in 1e-6 degree: within half a unit (about 5 cm).
        "locations": [
            (loc["city"], pytest.approx(loc["coordinates"]["lat"], abs=5.01e-7),
             pytest.approx(loc["coordinates"]["lon"], abs=5.01e-7))
            for loc in program.get("locations") or []
        ],
    }


# --- generated programs ----------------------------------------------------------------

FIRST = ["Limestone", "Cypress", "Bluebonnet", "Live Oak", "Pecan", "Barton", "Shoal Creek",
         "Hill Country", "Balcones", "Mesquite", "Redbud", "Agave", "Mockingbird", "Sunrise",
         "Riverbend", "Lone Star", "Brushy Creek", "Onion Creek", "Walnut", "Granite", "Sage",
         "Willow", "Juniper", "Caliche", "Pedernales", "San Gabriel", "Blanco", "Cardinal"]
SECOND = ["Ledge", "Springs", "Bend", "Ridge", "Path", "Grove", "Trail", "Hollow", "Meadow",
          "Crossing", "House", "Point", "Valley", "Landing", "", ""]
THIRD = ["Recovery", "Behavioral Health", "Counseling Center", "Wellness", "Treatment Center",
         "IOP", "Outpatient Services", "Family Services", "Clinic", "Recovery Community",
         "Intensive Outpatient Program", "Psychiatry"]
TOWNS = [("Austin", 30.2672, -97.7431), ("Round Rock", 30.5083, -97.6789),
         ("Cedar Park", 30.5052, -97.8203), ("Georgetown", 30.6333, -97.6770),
         ("Pflugerville", 30.4394, -97.6200), ("Leander", 30.5788, -97.8531),
         ("San Marcos", 29.8833, -97.9414), ("Kyle", 29.9891, -97.8772),
         ("Buda", 30.0852, -97.8403), ("Lakeway", 30.3638, -97.9795),
         ("Dripping Springs", 30.1902, -98.0867), ("Bastrop", 30.1105, -97.3153)]


def choose(rng: random.Random, values: list[str], most: int) -> list[str]:
    return rng.sample(values, rng.randint(0, most))


def generate(count: int, seed: int = 3) -> list[dict[str, Any]]:
    """Varied, schema-shaped records: optional fields left out at random."""
    rng = random.Random(seed)
    defs = load_schema()["$defs"]
    programs, used = [], set()
    for _ in range(count):
        name = " ".join(w for w in (rng.choice(FIRST), rng.choice(SECOND), rng.choice(THIRD)) if w)
        slug, n = js_slug(name), 2
        while slug in used:
            slug, n = f"{js_slug(name)}-{n}", n + 1
        used.add(slug)
        fmt = rng.choices(["in-person", "hybrid", "telehealth", None], [5, 3, 1, 1])[0]
        program: dict[str, Any] = {
            "slug": slug, "name": name, "summary": "A generated program for the tests.",
            "conditions": rng.sample(defs["condition"]["enum"], rng.randint(1, 3)),
            "languages": ["en", *choose(rng, ["es", "vi", "zh", "ko", "ar"], 2)],
            "verification": {"last_verified": "2025-01-01", "verified_by": "Tests"},
        }
        if rng.random() < 0.8:
            program["populations"] = choose(rng, defs["population"]["enum"], 4)
        schedule: dict[str, Any] = {}
        if fmt:
            schedule["format"] = fmt
        if rng.random() < 0.8:
            low = rng.randint(1, 5)
            schedule["days_per_week"] = low if rng.random() < 0.5 else {
                "min": low, "max": rng.randint(low, 7)}
        if rng.random() < 0.8:
            schedule["hours_per_day"] = rng.choice([0.5, 2, 2.5, 3, 3.5, 4, 8])
        if rng.random() < 0.8:
            schedule["tracks"] = choose(rng, defs["track"]["enum"], 3)
        if schedule:
            program["schedule"] = schedule
        if rng.random() < 0.9:
            program["payment"] = {key: rng.random() < 0.5 for key in
                                  rng.sample(list(defs["payment"]["x-labels"]), rng.randint(0, 6))}
        if rng.random() < 0.7:
            bodies = choose(rng, defs["accreditation_body"]["enum"], 2)
            program["accreditations"] = [{"body": body, "id": "X1"} for body in bodies]
        if rng.random() < 0.9:
            program["accepting_new_clients"] = rng.random() < 0.8
        if fmt != "telehealth":
            program["locations"] = []
            for _ in range(rng.choice([1, 1, 1, 2, 3])):
                town, lat, lon = rng.choice(TOWNS)
                program["locations"].append({
                    "address": f"{rng.randint(100, 9999)} Main St", "city": town, "zip": "78701",
                    "coordinates": {"lat": round(lat + rng.gauss(0, 0.05), 6),
                                    "lon": round(lon + rng.gauss(0, 0.05), 6)},
                })
        programs.append(program)
    return programs


SPECIAL = [
    {   # a slug that is not the name's plain slug, and no optional fields at all
        "slug": "st-davids-iop", "name": "St. David's IOP", "conditions": ["mental-health"],
        "languages": ["en"], "summary": "x" * 20,
        "locations": [{"address": "1 A St", "city": "Austin", "zip": "78701",
                       "coordinates": {"lat": 30.27, "lon": -97.74}}],
    },
    {   # a name the browser cannot slug identically: stored explicitly
        "slug": "clinica-esperanza", "name": "Clínica Esperanza", "conditions": ["co-occurring"],
        "languages": ["es", "en"], "summary": "x" * 20, "accepting_new_clients": False,
        "schedule": {"format": "telehealth", "days_per_week": {"min": 3, "max": 3},
                     "hours_per_day": 3, "tracks": ["evening", "weekend", "morning"]},
        "payment": {"medicaid": True, "sliding_scale": True, "self_pay": False,
                    "insurers": ["Acme"]},
    },
]


# --- tests -------------------------------------------------------------------------------


def test_round_trip_reproduces_the_inputs() -> None:
    programs = generate(300) + SPECIAL
    index = finder_index(programs_of(programs), program_url)
    assert decode(index) == [expected(p) for p in programs]


def test_slug_stored_only_when_the_browser_cannot_derive_it() -> None:
    index = finder_index(programs_of(SPECIAL + generate(5)), program_url)
    assert index["slug"] == {"0": "st-davids-iop", "1": "clinica-esperanza"}
    assert index["url"] == "programs/{slug}/"


def test_irregular_urls_are_stored_in_full() -> None:
    programs = generate(4)
    urls = {p["slug"]: f"p/{n}.html" for n, p in enumerate(programs)}
    index = finder_index(programs_of(programs), urls.__getitem__)
    assert "url" not in index
    assert [p["url"] for p in decode(index)] == list(urls.values())


def test_bitmasks_follow_the_vocabulary_order() -> None:
    vocab = vocabularies()
    assert vocab["payment"] == ["medicaid", "medicare", "tricare", "private_insurance",
                                "self_pay", "sliding_scale"]
    assert bitmask(["medicaid", "sliding_scale"], vocab["payment"]) == 0b100001
    assert vocab["schedule"] == ["morning", "afternoon", "evening", "weekend"]
    assert bitmask(["evening", "morning"], vocab["schedule"]) == 0b101
    assert bitmask([], vocab["condition"]) == 0
    assert vocab["accreditation"] == load_schema()["$defs"]["accreditation_body"]["enum"]
    assert vocab["condition"] == load_schema()["$defs"]["condition"]["enum"]


def test_hybrid_sets_both_format_bits_and_filters_match() -> None:
    programs = generate(60)
    index = finder_index(programs_of(programs), program_url)
    payment = index["vocab"]["payment"]
    medicaid = 1 << payment.index("medicaid")
    for i, program in enumerate(programs):
        fmt = program_format(program)
        assert index["format"][i] == {"in-person": 1, "telehealth": 2, "hybrid": 3}[fmt]
        takes_medicaid = (program.get("payment") or {}).get("medicaid") is True
        assert bool(index["payment"][i] & medicaid) == takes_medicaid


def test_languages_are_ordered_by_use_and_capped() -> None:
    index = finder_index(programs_of(generate(50) + SPECIAL), program_url)
    assert index["vocab"]["language"][0] == "en"
    many = [{**SPECIAL[0], "slug": f"p{i}", "languages": [code]}
            for i, code in enumerate(f"{a}{b}" for a in "abc" for b in "abcdefghijklm")]
    with pytest.raises(ValueError, match="languages"):
        finder_index(programs_of(many), program_url)


def test_telehealth_only_programs_have_no_coordinates() -> None:
    index = finder_index(programs_of(SPECIAL), program_url)
    assert index["nloc"] == [1, 0]
    assert len(index["lat"]) == len(index["lon"]) == len(index["city"]) == 1
    decoded = decode(index)[1]
    assert decoded["locations"] == [] and decoded["format"] == "telehealth"
    assert decoded["tracks"] == {"evening", "weekend", "morning"}
    assert decoded["days"] == 3 and decoded["accepting"] is False


def test_labels_come_from_the_schema() -> None:
    index = finder_index(programs_of(SPECIAL), program_url)
    defs = load_schema()["$defs"]
    assert index["labels"]["payment"] == defs["payment"]["x-labels"]
    assert index["labels"]["accreditation"]["carf"] == "CARF"
    assert index["labels"]["format"]["hybrid"] == defs["format"]["x-labels"]["hybrid"]


def test_size_budget_120_bytes_per_program_gzipped() -> None:
    programs = generate(2000, seed=11)
    payload = to_json(finder_index(programs_of(programs), program_url)).encode()
    per_program = len(gzip.compress(payload, compresslevel=9)) / len(programs)
    assert per_program <= 120, f"{per_program:.1f} bytes per program"
    assert b" " not in to_json({"a": [1, 2]}).encode()


@pytest.fixture(scope="module")
def places() -> dict[str, Any]:
    return area_places(DOWNTOWN_AUSTIN, 60.0)


def zip_row(places: dict[str, Any], code: str) -> tuple[str, float, float] | None:
    if code not in places["zip"]:
        return None
    i = places["zip"].index(code)
    scale = places["scale"]
    return places["cities"][places["city"][i]], places["lat"][i] / scale, places["lon"][i] / scale


def test_area_table_holds_the_area_zips_only(places: dict[str, Any]) -> None:
    assert zip_row(places, "78701")[0] == "Austin"
    assert zip_row(places, "78664")[0] == "Round Rock"
    assert zip_row(places, "78666")[0] == "San Marcos"
    assert zip_row(places, "77002") is None  # Houston
    assert len(places["zip"]) == len(set(places["zip"])) == len(places["lat"])
    for code in places["zip"]:
        _, lat, lon = zip_row(places, code)
        assert geodesic(DOWNTOWN_AUSTIN, (lat, lon)).miles <= 60


@pytest.mark.parametrize(("center", "radius"), [
    (DOWNTOWN_AUSTIN, 60), ((29.76, -95.37), 150), ((61.2, -149.9), 300), ((47.6, -122.3), 5)])
def test_the_area_holds_every_active_standard_zip_within_the_radius(
        center: tuple[float, float], radius: float) -> None:
    # Against a scan of all 42,000 rows with geopy: the package's sphere pre-selects them.
    expected = sorted(
        row["zip_code"] for row in zip_records()
        if row["zip_code_type"] == "STANDARD" and row["active"]
        and geodesic(center, (float(row["lat"]), float(row["long"]))).miles <= radius)
    assert [row["zip_code"] for row in area_zip_records(center, radius)] == expected


def test_towns_include_the_ten_named_with_sensible_centroids(places: dict[str, Any]) -> None:
    towns = dict(zip(places["cities"], zip(places["clat"], places["clon"], strict=True),
                     strict=True))
    for name, lat, lon in TOWNS[:10]:
        assert name in towns, name
        clat, clon = (value / places["scale"] for value in towns[name])
        assert geodesic((lat, lon), (clat, clon)).miles < 8, name
    assert "Harker Hts" not in towns and "Harker Heights" in towns  # no USPS short forms
    # Names as the towns write them, not as USPS capitalises them.
    assert "McDade" in towns and "Mc Dade" not in towns
    assert "Village of the Hills" in towns and "The Hills" in towns
    assert places["cities"] == sorted(places["cities"], key=str.casefold)


def test_towns_named_only_by_programs_are_added() -> None:
    program = {**SPECIAL[0], "locations": [{"address": "1 A St", "city": "Nowhere Springs",
                                            "zip": "78701",
                                            "coordinates": {"lat": 30.1, "lon": -97.5}}]}
    places = area_places(DOWNTOWN_AUSTIN, 60.0, programs_of([program]))
    i = places["cities"].index("Nowhere Springs")
    assert (places["clat"][i], places["clon"][i]) == (30_100_000, -97_500_000)


def test_template_renders_every_required_part(places: dict[str, Any]) -> None:
    programs = generate(20) + SPECIAL
    context = finder_context(
        programs_of(programs), places, root_url="../", index_url="../assets/finder/programs.json",
        places_url="../assets/finder/places.json", pagefind_url="../pagefind/pagefind.js",
        directory_url="../programs/", script_url="../assets/finder/finder.js",
        style_url="../assets/finder/finder.css",
    )
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "theme" / "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             extensions=["jinja2.ext.i18n"])
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]  # English
    page = env.get_template("finder.html").render(**context)
    for id_ in ["where-from", "filter-condition", "filter-population", "filter-payment",
                "filter-accreditation", "filter-schedule", "filter-format", "filter-language",
                "filter-accepting", "filter-medication", "filter-age", "filter-insurer",
                "finder-zip", "finder-city", "finder-here", "finder-radius", "finder-q",
                "finder-status", "finder-age", "finder-insurer", "finder-filters-toggle",
                "finder-filters", "finder-show", "finder-chips", "finder-help"]:
        assert f'id="{id_}"' in page, id_
    # Every track of the vocabulary is a choice, the afternoon one for school days.
    for track in ("morning", "afternoon", "evening", "weekend"):
        assert f'id="f-schedule-{track}"' in page, track
    assert "Afternoon (after school)" in page
    for medication in ("buprenorphine", "naltrexone", "methadone"):
        assert f'id="f-medication-{medication}"' in page, medication
    # The helplines, hidden until a search finds nothing.
    help_section = re.search(r'<section id="finder-help"[^>]*>(.*?)</section>', page, re.S)
    assert help_section and " hidden" in help_section.group(0)[:120]
    for link in ('href="tel:988"', 'href="sms:988"', 'href="tel:211"', 'href="tel:+18006624357"',
                 'href="https://findtreatment.gov/"'):
        assert link in help_section.group(1), link
    assert re.search(r"<noscript>.*JavaScript.*href=\"\.\./programs/\".*</noscript>", page, re.S)
    assert 'value="25" selected' in page
    assert not re.search(r"\son[a-z]+=", page)  # no inline event handlers
    assert not re.search(r"<script(?![^>]*\ssrc=)", page)  # no inline scripts
    assert '<option>Lakeway</option>' in page
    assert 'value="es"' in page and "Spanish" in page


def test_ages_phone_insurers_medication_and_check_date_travel_to_the_browser() -> None:
    a = {**SPECIAL[0], "slug": "a", "name": "A", "ages": {"min": 13, "max": 17},
         "contact": {"phone": "512-555-0100"}, "addiction_medications": ["naltrexone"],
         "payment": {"insurers": ["Aetna", "Blue Cross Blue Shield of Texas"]},
         "verification": {"last_verified": "2026-11-01", "verified_by": "T"}}
    b = {**SPECIAL[0], "slug": "b", "name": "B", "ages": {"min": 18},
         "payment": {"insurers": ["AETNA ", "Cigna"]},
         "verification": {"last_verified": "1970-01-11", "verified_by": "T"}}
    index = finder_index(programs_of([a, b]), program_url)
    assert index["amin"] == [13, 18] and index["amax"] == [17, 0]
    assert index["phone"] == ["512-555-0100", ""]
    # Insurers keyed however a record capitalises them, most named first.
    assert index["insurer_keys"] == ["aetna", "blue-cross-blue-shield-of-texas", "cigna"]
    assert index["insurers"][0] in ("Aetna", "AETNA")
    assert index["insurer"] == [[0, 1], [0, 2]]
    assert index["vocab"]["medication"] == ["buprenorphine", "naltrexone", "methadone"]
    assert index["medication"] == [0b10, 0]
    assert index["checked"] == [(dt.date(2026, 11, 1) - dt.date(1970, 1, 1)).days, 10]


def test_the_insurer_list_is_the_insurers_records_name_alphabetically(  # as most write them
    places: dict[str, Any],
) -> None:
    a = {**SPECIAL[0], "slug": "a", "name": "A",
         "payment": {"insurers": ["Cigna", "Aetna", "Blue Cross Blue Shield of Texas"]}}
    b = {**SPECIAL[0], "slug": "b", "name": "B", "payment": {"insurers": ["AETNA ", "Cigna"]}}
    c = {**SPECIAL[0], "slug": "c", "name": "C", "payment": {"insurers": ["Aetna"]}}
    context = finder_context(
        programs_of([a, b, c]), places, root_url="../", index_url="i", places_url="p",
        pagefind_url="f", directory_url="d",
    )
    assert context["insurers"] == [
        {"value": "aetna", "label": "Aetna"},
        {"value": "blue-cross-blue-shield-of-texas", "label": "Blue Cross Blue Shield of Texas"},
        {"value": "cigna", "label": "Cigna"},
    ]
    # The keys are those of the index, which the browser filters by.
    index = finder_index(programs_of([a, b, c]), program_url)
    assert {o["value"] for o in context["insurers"]} == set(index["insurer_keys"])
    assert context["age_max"] == 120
    assert [o["value"] for o in context["medications"]] == ["buprenorphine", "naltrexone",
                                                              "methadone"]
    assert [o["value"] for o in context["schedules"]] == ["morning", "afternoon", "evening",
                                                            "weekend"]


def test_stale_after_is_the_setting_worded_never_a_copy_of_it() -> None:
    programs = programs_of(SPECIAL)
    # The default setting (365 days) as people say it, and whatever the build passes.
    assert finder_index(programs, program_url)["stale_after"] == "12 months"
    assert finder_index(programs, program_url, stale_after="2 years")["stale_after"] == "2 years"


def test_names_are_in_the_order_a_reader_expects() -> None:
    from generator.text import sort_key

    names = ["step 10 recovery", "Zilker Place", "Álamo House", "Step 9 Recovery", "alder grove",
             "Bee Cave"]
    assert sorted(names, key=sort_key) == [
        "Álamo House", "alder grove", "Bee Cave", "Step 9 Recovery", "step 10 recovery",
        "Zilker Place"]
