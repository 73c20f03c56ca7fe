"""Data for the distance-based program finder (`/find/`).

Pure Python: builds the two static JSON files the finder page loads, and the
context its template (theme/partials/finder.html) is rendered with.

- `finder_index(programs, url_for)`: one compact, columnar record of every
  published program. Filter facets are integer bitmasks whose bit order is the
  `vocab` list of each group; coordinates are integers in 1e-6 degrees; the page
  URL is derived from the slug through a `{slug}` template, and the slug from the
  name when it is the plain ASCII slug of the name (so neither is stored twice).
- `area_places(center, radius_miles)`: the area's ZIP centroids and towns, so
  that a ZIP or a town turns into coordinates inside the browser.

Everything is computed in the visitor's browser from these files: the ZIP, the
coordinates and the filters never leave the device.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from geopy.distance import geodesic

from generator.geography import town_name, zip_records

SCHEMA_PATH = Path(__file__).parent / "schema" / "program.schema.json"

INDEX_VERSION = 1
PLACES_VERSION = 1

# Downtown Austin, and how far the directory reaches (the validator's default too).
AREA_CENTER: tuple[float, float] = (30.2672, -97.7431)
AREA_RADIUS_MILES = 60.0

RADIUS_OPTIONS: tuple[int, ...] = (5, 10, 25, 50, 100)
DEFAULT_RADIUS = 25

# Coordinates travel as integers in 1e-6 degree (about 0.1 m): records rarely
# carry more decimals, and even a 50 m distance stays well inside 0.5% of geopy's.
COORD_SCALE = 1_000_000

# The filter groups whose choices are fixed (languages come from the data).
SCHEDULE_FILTERS: tuple[str, ...] = ("evening", "weekend")
FORMAT_FILTERS: tuple[str, ...] = ("in-person", "telehealth")
FORMAT_BITS = {"in-person": 1, "telehealth": 2, "hybrid": 3}  # hybrid counts as both

# accepting_new_clients: true, false, or not stated. Only 1 passes the filter bit.
ACCEPTING_CODES = {True: 1, False: 0, None: 2}

# Per-program bitmask columns, one per filter group.
FACET_KEYS = ("condition", "population", "payment", "accreditation", "schedule", "format",
              "language")

# Bitmasks must fit JavaScript's 32-bit integer operators.
MAX_BITS = 31

# Plain names for the languages families around Austin are most likely to need;
# any other ISO 639-1 code is shown as its code.
LANGUAGE_NAMES = {
    "am": "Amharic",
    "ar": "Arabic",
    "bn": "Bengali",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian (Farsi)",
    "fr": "French",
    "gu": "Gujarati",
    "hi": "Hindi",
    "ht": "Haitian Creole",
    "it": "Italian",
    "ja": "Japanese",
    "km": "Khmer",
    "ko": "Korean",
    "my": "Burmese",
    "ne": "Nepali",
    "pa": "Punjabi",
    "pl": "Polish",
    "ps": "Pashto",
    "pt": "Portuguese",
    "ru": "Russian",
    "so": "Somali",
    "sw": "Swahili",
    "ta": "Tamil",
    "te": "Telugu",
    "tl": "Tagalog",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
    "zh": "Chinese",
}

# Word forms USPS uses in its "acceptable city" lists ("Harker Hts"): such
# spellings are left out of the town list.
_VOWELS = set("aeiouy")


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    """The record schema: the single source of the vocabularies and labels."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _defs() -> dict[str, Any]:
    return load_schema()["$defs"]


def _enum_labels(name: str) -> dict[str, str]:
    """value -> label for one enum of the schema, in the schema's order."""
    definition = _defs()[name]
    labels = definition.get("x-labels", {})
    return {value: labels.get(value, value) for value in definition["enum"]}


def vocabularies() -> dict[str, list[str]]:
    """Bit order of every filter group with a fixed vocabulary."""
    return {
        "condition": list(_defs()["condition"]["enum"]),
        "population": list(_defs()["population"]["enum"]),
        "payment": list(_defs()["payment"]["x-labels"]),
        "accreditation": list(_defs()["accreditation_body"]["enum"]),
        "schedule": list(SCHEDULE_FILTERS),
        "format": list(FORMAT_FILTERS),
    }


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code.upper())


def language_codes(programs: Iterable[Mapping[str, Any]]) -> list[str]:
    """Languages found in the data, most offered first (English leads in practice)."""
    counts = Counter(code for p in programs for code in p.get("languages") or ["en"])
    return sorted(counts, key=lambda code: (-counts[code], code))


def simple_slug(name: str) -> str | None:
    """The slug the browser can rebuild from the name, or None for non-ASCII names.

    The finder's slugify (theme/assets/finder/data.js) applies the same rule (lower
    case, runs of other characters become one hyphen, no hyphen at either end);
    limiting it to ASCII keeps Python's and JavaScript's lower-casing identical.
    """
    if not name.isascii():
        return None
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def bitmask(values: Iterable[str], vocab: list[str]) -> int:
    """Bit i set when vocab[i] is among the values; unknown values are ignored."""
    position = {value: i for i, value in enumerate(vocab)}
    mask = 0
    for value in values:
        if value in position:
            mask |= 1 << position[value]
    return mask


def encode_days(days: Any) -> int:
    """0 unknown; 1..7 a fixed number; 10*min+max for a range (35 means 3 to 5)."""
    if isinstance(days, Mapping):
        low, high = int(days["min"]), int(days["max"])
        return low if low == high else 10 * low + high
    return int(days) if days else 0


def encode_hours(hours: Any) -> int | float:
    """0 unknown; otherwise the number, as an integer when it is whole."""
    if not hours:
        return 0
    return int(hours) if float(hours).is_integer() else float(hours)


def program_format(program: Mapping[str, Any]) -> str:
    """The program's format; without one, a program with locations meets in person."""
    fmt = (program.get("schedule") or {}).get("format")
    if fmt:
        return fmt
    return "in-person" if program.get("locations") else "telehealth"


def url_template(slugs: list[str], url_for: Callable[[str], str]) -> str | None:
    """`prefix{slug}suffix` when url_for is that shape for every slug, else None."""
    if not slugs:
        return url_for("{slug}")
    first = url_for(slugs[0])
    at = first.rfind(slugs[0])
    if at < 0:
        return None
    prefix, suffix = first[:at], first[at + len(slugs[0]) :]
    if all(url_for(slug) == f"{prefix}{slug}{suffix}" for slug in slugs):
        return f"{prefix}{{slug}}{suffix}"
    return None


def scaled(value: float) -> int:
    return round(float(value) * COORD_SCALE)


def finder_index(
    programs: list[dict[str, Any]],
    url_for: Callable[[str], str],
    stale: frozenset[str] = frozenset(),
    expired: frozenset[str] = frozenset(),
    *,
    stale_after: str = "12 months",
) -> dict[str, Any]:
    """The compact JSON the finder page loads (see the module docstring).

    `programs` are validated records with `slug`, defaults applied, coordinates on
    every location, published only. Column i of every per-program list belongs to
    programs[i]; `lat`/`lon`/`city` are per location, `nloc` says how many
    locations each program has, in order (0 for telehealth-only programs).
    `stale` names the slugs last verified longer ago than `stale_after` says, `expired`
    those with a licence or accreditation past its expiry date: the results say so, as
    the program pages do (short lists of column numbers, as most are fresh).
    """
    vocab = vocabularies()
    languages = language_codes(programs)
    if len(languages) > MAX_BITS:
        raise ValueError(f"the finder supports at most {MAX_BITS} languages")
    vocab["language"] = languages

    city_counts = Counter(loc["city"] for p in programs for loc in p.get("locations") or [])
    cities = sorted(city_counts, key=lambda city: (-city_counts[city], city))
    city_number = {city: i for i, city in enumerate(cities)}

    slugs = [p["slug"] for p in programs]
    template = url_template(slugs, url_for)
    columns: dict[str, list[Any]] = defaultdict(list)
    extra_slugs: dict[str, str] = {}
    for i, program in enumerate(programs):
        if simple_slug(program["name"]) != program["slug"]:
            extra_slugs[str(i)] = program["slug"]
        add_program(columns, program, vocab, city_number)

    index: dict[str, Any] = {
        "v": INDEX_VERSION,
        "scale": COORD_SCALE,
        "vocab": vocab,
        "labels": display_labels(),
        "cities": cities,
        "slug": extra_slugs,
        "stale": [i for i, slug in enumerate(slugs) if slug in stale],
        "expired": [i for i, slug in enumerate(slugs) if slug in expired],
        "stale_after": stale_after,
    }
    if template is not None:
        index["url"] = template
    else:
        index["urls"] = [url_for(slug) for slug in slugs]
    for key in ("name", *FACET_KEYS, "accepting", "days", "hours", "nloc", "lat", "lon", "city"):
        index[key] = columns[key]
    return index


def add_program(
    columns: dict[str, list[Any]],
    program: Mapping[str, Any],
    vocab: Mapping[str, list[str]],
    city_number: Mapping[str, int],
) -> None:
    """Append one program to every column."""
    schedule = program.get("schedule") or {}
    payment = program.get("payment") or {}
    locations = program.get("locations") or []
    facets = {
        "condition": program.get("conditions") or [],
        "population": program.get("populations") or [],
        "payment": [key for key in vocab["payment"] if payment.get(key) is True],
        "accreditation": [a["body"] for a in program.get("accreditations") or []],
        "schedule": schedule.get("tracks") or [],
        "language": program.get("languages") or ["en"],
    }
    columns["name"].append(program["name"])
    for key, values in facets.items():
        columns[key].append(bitmask(values, vocab[key]))
    columns["format"].append(FORMAT_BITS[program_format(program)])
    columns["accepting"].append(ACCEPTING_CODES[program.get("accepting_new_clients")])
    columns["days"].append(encode_days(schedule.get("days_per_week")))
    columns["hours"].append(encode_hours(schedule.get("hours_per_day")))
    columns["nloc"].append(len(locations))
    for location in locations:
        coordinates = location["coordinates"]
        columns["lat"].append(scaled(coordinates["lat"]))
        columns["lon"].append(scaled(coordinates["lon"]))
        columns["city"].append(city_number[location["city"]])


def display_labels() -> dict[str, dict[str, str]]:
    """The labels results show: format (hybrid included), payment, accreditation short names."""
    return {
        "format": _enum_labels("format"),
        "payment": dict(_defs()["payment"]["x-labels"]),
        "accreditation": dict(_defs()["accreditation_body"]["x-short-labels"]),
    }


def to_json(data: Mapping[str, Any]) -> str:
    """Serialise a finder file the way its size budget is measured: no spaces."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


# --- the area: ZIP centroids and towns --------------------------------------------


def miles_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    return geodesic(a, b).miles


def _is_abbreviation(name: str, others: Iterable[str]) -> bool:
    """True for USPS short forms such as "Harker Hts", "W Lake Hills" or "Mcdade"."""
    words = name.split()
    if any(len(word) == 1 or not (_VOWELS & set(word.lower())) for word in words):
        return True
    compact = name.replace(" ", "").lower()
    for other in others:
        if other == name:
            continue
        if other.replace(" ", "").lower() == compact:
            return True
        other_words = other.split()
        if len(other_words) == len(words) and all(
            word == long or _shortens(word.lower(), long.lower())
            for word, long in zip(words, other_words, strict=True)
        ):
            return True
    return False


def _shortens(short: str, long: str) -> bool:
    """"acad" shortens "academy": same first letter, a subsequence, fewer letters.

    A plural is not a short form: "Bee Cave" does not shorten "Bee Caves".
    """
    if not short or short[0] != long[0] or len(short) >= len(long) or long == f"{short}s":
        return False
    letters = iter(long)
    return all(letter in letters for letter in short)


def area_zip_records(
    center: tuple[float, float], radius_miles: float
) -> list[dict[str, Any]]:
    """Active standard ZIPs whose centroid lies within the radius of the centre."""
    # A cheap box first: geodesic() on all 42,000 ZIPs would be slow.
    lat_span = radius_miles / 68.0 + 0.1
    lon_span = radius_miles / (69.2 * max(math.cos(math.radians(center[0])), 0.01)) + 0.1
    found = []
    for record in zip_records():
        if record["zip_code_type"] != "STANDARD" or not record["active"]:
            continue
        lat, lon = float(record["lat"]), float(record["long"])
        if abs(lat - center[0]) > lat_span or abs(lon - center[1]) > lon_span:
            continue
        if miles_between(center, (lat, lon)) <= radius_miles:
            found.append(record)
    return sorted(found, key=lambda r: r["zip_code"])


def town_zips(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Town -> the ZIPs it stands for.

    A town's own ZIPs are those where it is the primary city; a town known only as
    an "acceptable" name (Lakeway, Bee Cave, Sunset Valley) takes the ZIPs that
    list it. USPS abbreviations are skipped.
    """
    primary: dict[str, list[dict[str, Any]]] = defaultdict(list)
    secondary: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        primary[record["city"]].append(record)
    for record in records:
        names = [record["city"], *record["acceptable_cities"]]
        for name in record["acceptable_cities"]:
            if name in primary or _is_abbreviation(name, [*names, *primary]):
                continue
            if name.endswith("s") and name[:-1] in names:  # "Bee Caves" beside "Bee Cave"
                continue
            secondary[name].append(record)
    return {**secondary, **primary}


def area_places(
    center: tuple[float, float] = AREA_CENTER,
    radius_miles: float = AREA_RADIUS_MILES,
    programs: Iterable[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """The area's ZIP table and town list, columnar, coordinates in 1e-6 degrees.

    `zip`/`lat`/`lon`/`city` are per ZIP (sorted by ZIP; `city` indexes `cities`);
    `cities`/`clat`/`clon` are the towns, alphabetical, each at the mean of its ZIP
    centroids. Towns that only program locations name (and that have no ZIP of
    their own in the area) can be added by passing `programs`: they sit at the mean
    of those locations.
    """
    records = area_zip_records(center, radius_miles)
    towns: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for name, zips in town_zips(records).items():
        towns[town_name(name)] += [(float(r["lat"]), float(r["long"])) for r in zips]
    extra: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for program in programs or []:
        for location in program.get("locations") or []:
            coordinates = location.get("coordinates")
            if coordinates and town_name(location.get("city") or "") not in towns:
                extra[location["city"]].append((float(coordinates["lat"]),
                                                float(coordinates["lon"])))
    merged = {**towns, **extra}
    names = sorted(merged, key=str.casefold)
    number = {name: i for i, name in enumerate(names)}
    centroids = [mean_point(merged[name]) for name in names]
    return {
        "v": PLACES_VERSION,
        "scale": COORD_SCALE,
        "center": [scaled(center[0]), scaled(center[1])],
        "radius": radius_miles,
        "zip": [r["zip_code"] for r in records],
        "lat": [scaled(r["lat"]) for r in records],
        "lon": [scaled(r["long"]) for r in records],
        "city": [number[town_name(r["city"])] for r in records],
        "cities": names,
        "clat": [scaled(lat) for lat, _ in centroids],
        "clon": [scaled(lon) for _, lon in centroids],
    }


def mean_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    return (
        sum(lat for lat, _ in points) / len(points),
        sum(lon for _, lon in points) / len(points),
    )


# --- the template's context --------------------------------------------------------


def options(labels: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"value": value, "label": label} for value, label in labels.items()]


def finder_context(
    programs: list[dict[str, Any]],
    places: Mapping[str, Any],
    *,
    root_url: str,
    index_url: str,
    places_url: str,
    pagefind_url: str,
    directory_url: str,
    script_url: str = "",
    style_url: str = "",
) -> dict[str, Any]:
    """Everything theme/partials/finder.html needs (its header documents each key).

    All URLs are relative to the finder page, e.g. root_url "../",
    index_url "../assets/finder/programs.json". Pass empty script_url/style_url
    when the page adds the script and the stylesheet itself.
    """
    defs = _defs()
    accreditation_short = defs["accreditation_body"]["x-short-labels"]
    return {
        "program_count": len(programs),
        "root_url": root_url,
        "index_url": index_url,
        "places_url": places_url,
        "pagefind_url": pagefind_url,
        "directory_url": directory_url,
        "script_url": script_url,
        "style_url": style_url,
        "radius_options": list(RADIUS_OPTIONS),
        "default_radius": DEFAULT_RADIUS,
        "area_radius": round(float(places.get("radius", AREA_RADIUS_MILES))),
        "cities": list(places["cities"]),
        "conditions": options(_enum_labels("condition")),
        "populations": options(_enum_labels("population")),
        "payments": options(defs["payment"]["x-labels"]),
        "accreditations": [
            {"value": value, "label": label, "short": accreditation_short.get(value, value)}
            for value, label in _enum_labels("accreditation_body").items()
        ],
        "schedules": options({key: _enum_labels("track")[key] for key in SCHEDULE_FILTERS}),
        "formats": options({key: _enum_labels("format")[key] for key in FORMAT_FILTERS}),
        "languages": options({code: language_name(code) for code in language_codes(programs)}),
    }
