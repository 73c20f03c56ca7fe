"""Writes the fixtures of the finder's JavaScript tests (tests/js/fixtures/*.json).

    .venv/bin/python tests/js/make_fixtures.py

The expectations in them are worked out here, independently of the finder's JavaScript:
distances with geopy's geodesic, places from the `zipcodes` package, what each program
offers straight from the records below. The data files themselves are the generator's
real output (generator.finder), so the tests read the format the site publishes.
tests/test_js_fixtures.py fails when the committed files differ from what this writes.
"""

from __future__ import annotations

import itertools
import json
import math
import sys
from pathlib import Path
from typing import Any

import zipcodes
from geopy.distance import geodesic

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import copy  # noqa: E402

from generator.finder import area_places, finder_index  # noqa: E402
from generator.model import Directory, Program, program_from_data  # noqa: E402
from generator.normalise import apply_defaults  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
CENTER = (30.2672, -97.7431)  # downtown Austin
PLACES_RADIUS = 20.0  # miles: takes in Round Rock, keeps the file small

# The finder's own figure: WGS-84, flat earth with the radii of curvature at the mean
# latitude, written here from that description (not from finder.js) so that the tests
# can hold the shown digits (4 decimals) to it.
WGS84_A, WGS84_E2, MILE = 6378137.0, 0.00669437999014, 1609.344


def as_programs(records: list[dict[str, Any]]) -> list[Program]:
    """The records as the model the finder index is made from."""
    verified = {"last_verified": "2026-11-01", "verified_by": "Fixture"}
    programs = []
    for record in records:
        data = copy.deepcopy({"verification": verified, "summary": "A fixture.", **record})
        apply_defaults(data)
        programs.append(program_from_data(record["slug"], data, Path(f"{record['slug']}.yaml")))
    # In the directory's order, as the site passes them to the finder index.
    return list(Directory.of(programs).programs)


def flat_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    mean = math.radians((a[0] + b[0]) / 2)
    w = 1 - WGS84_E2 * math.sin(mean) ** 2
    east_west = WGS84_A / math.sqrt(w)  # prime vertical radius of curvature
    north_south = east_west * (1 - WGS84_E2) / w  # meridional radius of curvature
    dx = east_west * math.cos(mean) * math.radians(b[1] - a[1])
    dy = north_south * math.radians(b[0] - a[0])
    return math.hypot(dx, dy) / MILE


def zip_point(code: str) -> tuple[float, float]:
    (record,) = zipcodes.matching(code)
    return float(record["lat"]), float(record["long"])


def location(city: str, lat: float, lon: float) -> dict[str, Any]:
    return {"address": "1 Fixture St", "city": city, "zip": "78701",
            "coordinates": {"lat": lat, "lon": lon}}


def program(slug: str, name: str, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"slug": slug, "name": name, "conditions": ["substance-use"],
                              "languages": ["en"], "locations": []}
    record.update(fields)
    return record


# Validated records as finder_index() receives them (slug added, defaults applied).
PROGRAMS: list[dict[str, Any]] = [
    program(
        "barton-creek-recovery", "Barton Creek Recovery",
        conditions=["substance-use", "co-occurring"], populations=["adults"],
        payment={"medicaid": True, "self_pay": True, "medicare": False},
        accreditations=[{"body": "carf"}], languages=["en", "es"],
        schedule={"format": "in-person", "tracks": ["evening"], "days_per_week": 5,
                  "hours_per_day": 3},
        # Two locations: from Round Rock the second one is the nearer.
        locations=[location("Austin", 30.2500, -97.7700),
                   location("Round Rock", 30.5000, -97.6900)],
        accepting_new_clients=True,
        ages={"min": 18}, contact={"phone": "512-555-0101"},
        addiction_medications=["buprenorphine", "naltrexone"],
    ),
    program(
        "eglise-saint-jean-counseling", "Église Saint-Jean Counseling",  # slug not rebuildable
        conditions=["mental-health"], populations=["women", "pregnant-postpartum"],
        payment={"sliding_scale": True, "insurers": ["AETNA ", "Superior HealthPlan"]},
        languages=["fr", "en"],
        schedule={"format": "in-person", "days_per_week": 1, "hours_per_day": 1},
        locations=[location("Austin", 30.2900, -97.7400)],
        accepting_new_clients=False,
        ages={"min": 16}, contact={"phone": "(512) 555-0102"},
    ),
    program(
        "prickly-pear-telehealth", "Prickly Pear Telehealth",
        conditions=["mental-health", "co-occurring"], populations=["adolescents"],
        payment={"private_insurance": True,
                 "insurers": ["Aetna", "Blue Cross Blue Shield of Texas"]},
        schedule={"format": "telehealth", "tracks": ["afternoon", "evening", "weekend"]},
        ages={"min": 12, "max": 17}, contact={"phone": "737.555.0103 ext. 4"},
    ),
    program(
        "san-marcos-river-iop", "San Marcos River IOP",
        populations=["young-adults", "veterans"],
        payment={"tricare": True, "medicaid": True, "insurers": ["TRICARE East"]},
        addiction_medications=["methadone"],  # no ages listed, no phone
        accreditations=[{"body": "joint-commission"}, {"body": "coa"}], languages=["es", "en"],
        schedule={"format": "hybrid", "tracks": ["weekend"],
                  "days_per_week": {"min": 3, "max": 5}, "hours_per_day": 2.5},
        locations=[location("San Marcos", 29.8833, -97.9414)],
    ),
    program(
        "step-10-counseling", "Step 10 Counseling",
        schedule={"format": "in-person", "days_per_week": {"min": 4, "max": 4}},
        locations=[location("Taylor", 30.5708, -97.4095)],
        accepting_new_clients=True,
        ages={"max": 25}, contact={"phone": "1-512-555-0104"},
    ),
    program(
        "step-9-counseling", "Step 9 Counseling",
        conditions=["co-occurring"], accreditations=[{"body": "carf"}],
        schedule={"format": "in-person", "tracks": ["morning", "evening"]},
        locations=[location("Bastrop", 30.1105, -97.3153), location("Austin", 30.2672, -97.7431)],
        accepting_new_clients=True,
        ages={"min": 15, "max": 15}, contact={"phone": "512-555-0105"},
        addiction_medications=["naltrexone"],
        payment={"insurers": ["Blue Cross Blue Shield of Texas"]},
    ),
    program(
        "georgetown-veterans-iop", "Georgetown Veterans IOP",
        populations=["veterans", "men"], payment={"tricare": True, "insurers": ["TRICARE East"]},
        schedule={"format": "in-person", "days_per_week": 3, "hours_per_day": 3},
        locations=[location("Georgetown", 30.6333, -97.6770)],
        accepting_new_clients=False,
        ages={"min": 18, "max": 64}, contact={"phone": "512-555-0106"},
    ),
]
STALE = frozenset({"georgetown-veterans-iop"})
EXPIRED = frozenset({"san-marcos-river-iop"})

# Origins the ranking tests measure from: ZIP centroids from `zipcodes`.
ORIGINS = ["78745", "78664", "78666", "78701", "76574"]
# Pairs for the distance tests: every pair of these ZIP centroids, and a few farther.
DISTANCE_ZIPS = ["78701", "78745", "78664", "78666", "78602", "76574", "78626", "78641",
                 "78613", "78620", "78610", "78640", "78734"]
FAR_ZIPS = ["77002", "75201", "76701", "78205"]  # Houston, Dallas, Waco, San Antonio


def url_for(slug: str) -> str:
    return f"programs/{slug}/"


def offered(record: dict[str, Any]) -> dict[str, list[str]]:
    """What each filter group matches, read from the record itself."""
    schedule = record.get("schedule") or {}
    fmt = schedule.get("format")
    accepting = record.get("accepting_new_clients")
    return {
        "condition": sorted(record.get("conditions") or []),
        "population": sorted(record.get("populations") or []),
        "payment": sorted(k for k, v in (record.get("payment") or {}).items() if v is True),
        "accreditation": sorted(a["body"] for a in record.get("accreditations") or []),
        "schedule": sorted(schedule.get("tracks") or []),
        "format": ["in-person", "telehealth"] if fmt == "hybrid" else [fmt],
        "language": sorted(record.get("languages") or ["en"]),
        "accepting": ["1"] if accepting is True else [],
        "medication": sorted(record.get("addiction_medications") or []),
        # Insurers as the finder keys them: lower case, runs of other characters as "-".
        "insurer": sorted({insurer_key(name)
                           for name in (record.get("payment") or {}).get("insurers") or []}),
    }


def insurer_key(name: str) -> str:
    """Written here from the rule, not taken from generator.finder.index.insurer_key."""
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


def index_fixture() -> dict[str, Any]:
    programs = {}
    for record in PROGRAMS:
        points = [(loc["city"], (loc["coordinates"]["lat"], loc["coordinates"]["lon"]))
                  for loc in record["locations"]]
        nearest = {}
        for code in ORIGINS:
            if points:
                origin = zip_point(code)
                city, point = min(points, key=lambda p: geodesic(origin, p[1]).miles)
                nearest[code] = {"miles": geodesic(origin, point).miles, "city": city}
        programs[record["slug"]] = {
            "name": record["name"],
            "path": url_for(record["slug"]),
            "locations": [{"city": city, "lat": lat, "lon": lon} for city, (lat, lon) in points],
            "offers": offered(record),
            "accepting": record.get("accepting_new_clients"),
            "stale": record["slug"] in STALE,
            "ages": record.get("ages") or {},
            "phone": (record.get("contact") or {}).get("phone"),
            "expired": record["slug"] in EXPIRED,
            "nearest": nearest,
        }
    odd = {"san-marcos-river-iop": "listings/texas/hays/san-marcos-river-iop/"}
    return {
        "index": finder_index(as_programs(PROGRAMS), url_for, STALE, EXPIRED,
                              stale_after="12 months"),
        # One URL not of the programs/<slug>/ shape: the index lists every URL.
        "index_with_urls": finder_index(as_programs(PROGRAMS),
                                        lambda slug: odd.get(slug, url_for(slug))),
        "odd_urls": odd,
        # Pages elsewhere than programs/, still one template.
        "index_elsewhere": finder_index(as_programs(PROGRAMS),
                                        lambda slug: f"directory/{slug}.html"),
        "origins": {code: list(zip_point(code)) for code in ORIGINS},
        "programs": programs,
    }


def places_fixture() -> dict[str, Any]:
    places = area_places(CENTER, PLACES_RADIUS)
    inside = {code: list(zip_point(code)) for code in ("78701", "78745", "78664")}
    return {
        "places": places,
        "inside": inside,  # ZIP centroids within the radius, from `zipcodes`
        "outside": ["77002", "78666", "10001"],  # Houston, San Marcos (~28 mi), New York
        "radius": PLACES_RADIUS,
    }


def distance_fixture() -> dict[str, Any]:
    points = {code: zip_point(code) for code in DISTANCE_ZIPS + FAR_ZIPS}
    pairs = list(itertools.combinations(DISTANCE_ZIPS, 2))
    pairs += [("78701", code) for code in FAR_ZIPS]
    rows = []
    for a, b in pairs:
        flat = flat_miles(points[a], points[b])
        if abs(flat * 1e4 % 1 - 0.5) < 1e-6:
            continue  # a figure on a rounding edge could print either way
        rows.append({"from": a, "to": b, "geodesic": geodesic(points[a], points[b]).miles,
                     "shown": f"{flat:.4f}"})
    return {"points": {code: list(p) for code, p in points.items()}, "pairs": rows}


def fixtures() -> dict[str, str]:
    """File name -> text."""
    made = {"index.json": index_fixture(), "places.json": places_fixture(),
            "distances.json": distance_fixture()}
    return {name: json.dumps(data, ensure_ascii=False, indent=1) + "\n"
            for name, data in made.items()}


def main() -> None:
    FIXTURES.mkdir(exist_ok=True)
    for name, text in fixtures().items():
        (FIXTURES / name).write_text(text, encoding="utf-8")
        print(f"wrote {FIXTURES / name}")


if __name__ == "__main__":
    main()
