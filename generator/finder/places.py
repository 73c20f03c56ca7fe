"""The area's places for the finder (``assets/finder/places.json``): its ZIP centroids
and towns, so that a ZIP or a town becomes coordinates inside the visitor's browser."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from generator.finder.index import COORD_SCALE, scaled
from generator.geography import area_zip_rows, distance_miles, town_name
from generator.model import Program

PLACES_VERSION = 1

# Word forms USPS uses in its "acceptable city" lists ("Harker Hts"): such
# spellings are left out of the town list.
_VOWELS = set("aeiouy")


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
    found = []
    for record in area_zip_rows(center, radius_miles):
        if record["zip_code_type"] != "STANDARD" or not record["active"]:
            continue
        lat, lon = float(record["lat"]), float(record["long"])
        if distance_miles(center, (lat, lon)) <= radius_miles:
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
    center: tuple[float, float],
    radius_miles: float,
    programs: Iterable[Program] = (),
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
    for program in programs:
        for location in program.locations:
            if location.point and town_name(location.city) not in towns:
                extra[location.city].append(location.point)
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


