"""ZIP-code centroids, the service area and distances.

ZIP centroids come from the ``zipcodes`` package (GeoNames data, CC BY 4.0), read offline.
Distances are geodesic distances on the WGS-84 ellipsoid, as geopy measures them.
"""

from __future__ import annotations

import functools
import heapq
import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import zipcodes
from geographiclib.geodesic import Geodesic

from generator.settings import ServiceArea

LatLon = tuple[float, float]
_TOWN_SMALL_WORDS = {"Of", "The", "And"}
EARTH_RADIUS_MILES = 3958.8
METRES_PER_MILE = 1609.344


@dataclass(frozen=True)
class ZipPlace:
    zip: str
    city: str
    state: str
    lat: float
    lon: float
    county: str
    acceptable_cities: tuple[str, ...] = ()

    @property
    def point(self) -> LatLon:
        return (self.lat, self.lon)


_ZIP5 = re.compile(r"[0-9]{5}")


@cache
def zip_records() -> tuple[dict[str, Any], ...]:
    """All of the zipcodes package's 42,000 rows, read once (a quarter of a second:
    lookups use ``zip_row``, which reads only the rows it needs)."""
    return tuple(zipcodes.list_all())  # type: ignore[no-untyped-call]


def zip_row(zip_code: str) -> dict[str, Any] | None:
    """The package's row for a five-digit ZIP, or None."""
    if not _ZIP5.fullmatch(zip_code):
        return None
    return _rows_with_prefix(zip_code[:3]).get(zip_code)


@cache
def _rows_with_prefix(prefix: str) -> dict[str, dict[str, Any]]:
    # A directory's ZIPs share a few three-digit prefixes (787, 786 around Austin): the
    # package finds each prefix's rows in a millisecond, where turning all 42,000 rows
    # into Python objects took a quarter of a second of every build and validate.
    rows = zipcodes.similar_to(prefix)  # type: ignore[no-untyped-call]
    return {row["zip_code"]: row for row in rows}


def warm_up_zips() -> None:
    """Load the package's data now (its first lookup, a third of a second), before the
    validator's workers are forked: they share it instead of each loading it."""
    zipcodes.is_real("00501")  # type: ignore[no-untyped-call]


def area_zip_rows(center: LatLon, radius_miles: float) -> list[dict[str, Any]]:
    """The rows of ZIPs whose centroid may lie within the radius of the centre (a few more:
    the package measures on a sphere; callers measure each on the ellipsoid)."""
    rows = zipcodes.filter_by_coordinates(  # type: ignore[no-untyped-call]
        center[0], center[1], radius_miles * 1.01 + 1)
    return list(rows)


@cache
def zip_place(zip_code: str) -> ZipPlace | None:
    row = zip_row(zip_code)
    if row is None:
        return None
    try:
        lat, lon = float(row["lat"]), float(row["long"])
    except (TypeError, ValueError):
        return None
    return ZipPlace(
        zip=row["zip_code"],
        city=_title(row.get("city") or ""),
        state=row.get("state") or "",
        lat=lat,
        lon=lon,
        county=row.get("county") or "",
        acceptable_cities=tuple(_title(c) for c in row.get("acceptable_cities") or ()),
    )




def town_name(name: str) -> str:
    """A town's name as its people write it: USPS "Mc Dade" is McDade, "Mcmahan" McMahan,
    and "Village Of The Hills" is Village of the Hills."""
    name = re.sub(r"\bMc ?([a-z])", lambda m: "Mc" + m.group(1).upper(), name,
                  flags=re.IGNORECASE)
    first, *rest = name.split(" ")
    rest = [word.lower() if word in _TOWN_SMALL_WORDS else word for word in rest]
    return " ".join([first, *rest])


def distance_miles(a: LatLon, b: LatLon) -> float:
    """The geodesic distance on the WGS-84 ellipsoid, as geopy's ``geodesic`` gives it;
    from geographiclib (geopy's own engine) directly, whose one shared ``Geodesic`` spares
    the new one geopy makes for each distance (seven times slower)."""
    metres = Geodesic.WGS84.Inverse(a[0], a[1], b[0], b[1], Geodesic.DISTANCE)["s12"]
    return float(metres) / METRES_PER_MILE


def rough_miles(a: LatLon, b: LatLon) -> float:
    """Great-circle distance; a cheap pre-filter before the exact geodesic."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


# The great-circle distance is within 0.6% of the geodesic one: outside this margin of a
# limit it decides alone, and the exact (much slower) geodesic is left for the few near it.
_ROUGH_MARGIN = 0.01


def miles_beyond(a: LatLon, b: LatLon, limit: float) -> float | None:
    """The geodesic distance in miles when it is more than ``limit``, else None."""
    if rough_miles(a, b) < limit * (1 - _ROUGH_MARGIN):
        return None
    miles = distance_miles(a, b)
    return miles if miles > limit else None


def miles_within(a: LatLon, b: LatLon, limit: float) -> float | None:
    """The geodesic distance in miles when it is at most ``limit``, else None."""
    if rough_miles(a, b) > limit * (1 + _ROUGH_MARGIN):
        return None
    miles = distance_miles(a, b)
    return miles if miles <= limit else None


def in_service_area(point: LatLon, area: ServiceArea) -> tuple[bool, float]:
    """Whether a point is inside, and its distance from the centre (geodesic if near the edge).

    The great-circle distance is within 0.6% of the geodesic one; only points near the
    boundary need the exact (and much slower) geodesic to decide.
    """
    rough = rough_miles(area.center, point)
    if abs(rough - area.radius_miles) > _ROUGH_MARGIN * area.radius_miles:
        return rough <= area.radius_miles, rough
    miles = distance_miles(area.center, point)
    return miles <= area.radius_miles, miles


@dataclass(frozen=True)
class Neighbour:
    slug: str
    miles: float


def nearest_neighbours(
    points: dict[str, Sequence[LatLon]], count: int = 3
) -> dict[str, list[Neighbour]]:
    """For each program, the ``count`` nearest other programs (nearest location to nearest).

    A grid of cells about 10 miles wide keeps this near-linear for thousands of programs;
    geodesic distance is computed only for the few candidates the grid finds.
    """
    # `serve` asks again after every edit, mostly for the same points: recent answers
    # are kept (the same points in the same order give the same neighbours).
    key = tuple((slug, tuple(map(tuple, locations))) for slug, locations in points.items())
    return {slug: list(found) for slug, found in _neighbours_of(key, count).items()}


@functools.lru_cache(maxsize=4)
def _neighbours_of(
    key: tuple[tuple[str, tuple[LatLon, ...]], ...], count: int
) -> dict[str, tuple[Neighbour, ...]]:
    return {slug: tuple(found) for slug, found in _neighbours(dict(key), count).items()}


def _neighbours(points: dict[str, Sequence[LatLon]], count: int) -> dict[str, list[Neighbour]]:
    # Programs can share a point (a ZIP code's centre stands in for addresses without
    # coordinates; several programs work from one address): the grid holds each distinct
    # point once, with the programs there. Points arrive as tuples (the cache's key made
    # them so), which can be hashed and ordered.
    at_point: dict[LatLon, list[str]] = {}
    for slug, locations in points.items():
        for point in dict.fromkeys(locations):  # a point given twice counts once
            at_point.setdefault(point, []).append(slug)
    grid = _Grid(cell_degrees=_cell_size(at_point))
    for point, slugs in at_point.items():
        grid.add(point, slugs)
    distances = _Distances()
    result: dict[str, list[Neighbour]] = {}
    for slug, locations in points.items():
        if locations:
            result[slug] = _nearest_for(slug, locations, points, grid, count, distances)
    return result


class _Distances:
    """Geodesic distances between points, each pair measured once, whichever way round:
    neighbours are often each other's (the great-circle distances cost less than looking
    them up)."""

    def __init__(self) -> None:
        self._exact: dict[tuple[LatLon, LatLon], float] = {}

    def exact(self, a: LatLon, b: LatLon) -> float:
        pair = (a, b) if a <= b else (b, a)
        miles = self._exact.get(pair)
        if miles is None:
            miles = self._exact[pair] = distance_miles(*pair)
        return miles


def _cell_size(points: Iterable[LatLon]) -> float:
    """Cells holding a handful of points each, so that a search looks at tens of
    candidates, not thousands, however many programs there are and however they cluster.

    Begins as if the points were spread evenly over their bounding box, then halves the
    cells while the occupied ones hold more than a handful on average: programs cluster
    (a town centre, a medical district), and cells sized for an even spread held 30 points
    each, with 660 in the fullest, at 10,000 generated programs."""
    everything = list(points)
    if len(everything) < 2:
        return 1.0
    lats = [p[0] for p in everything]
    lons = [p[1] for p in everything]
    area = max(max(lats) - min(lats), 0.01) * max(max(lons) - min(lons), 0.01)
    size = min(1.0, max(_SMALLEST_CELL, math.sqrt(area * _POINTS_A_CELL / len(everything))))
    while size / 2 >= _SMALLEST_CELL:
        occupied = {(math.floor(lat / size), math.floor(lon / size)) for lat, lon in everything}
        if len(everything) <= _POINTS_A_CELL * len(occupied):
            break
        size /= 2
    return size


# Points a cell holds on average; cells no smaller than this many degrees (about 200 m).
_POINTS_A_CELL = 4
_SMALLEST_CELL = 0.002


class _Grid:
    """Distinct points in square cells, each with the programs at it."""

    def __init__(self, cell_degrees: float) -> None:
        self.size = cell_degrees
        self.cells: dict[tuple[int, int], list[tuple[LatLon, list[str]]]] = {}
        self._bounds: tuple[int, int, int, int] | None = None

    def cell(self, point: LatLon) -> tuple[int, int]:
        return (math.floor(point[0] / self.size), math.floor(point[1] / self.size))

    def add(self, point: LatLon, slugs: list[str]) -> None:
        self._bounds = None
        self.cells.setdefault(self.cell(point), []).append((point, slugs))

    def rings_to_cover(self, centre: tuple[int, int]) -> int:
        """How many rings around ``centre`` reach every occupied cell."""
        if not self.cells:
            return 0
        if self._bounds is None:
            ys = [cy for cy, _ in self.cells]
            xs = [cx for _, cx in self.cells]
            self._bounds = (min(ys), max(ys), min(xs), max(xs))
        low_y, high_y, low_x, high_x = self._bounds
        cy, cx = centre
        return max(cy - low_y, high_y - cy, cx - low_x, high_x - cx) + 1

    def ring(self, centre: tuple[int, int], radius: int) -> Iterable[tuple[LatLon, list[str]]]:
        """The points in the cells ``radius`` cells away from ``centre`` (its square's edge)."""
        cy, cx = centre
        cells = self.cells
        if radius == 0:
            yield from cells.get(centre, ())
            return
        for dx in range(-radius, radius + 1):
            yield from cells.get((cy - radius, cx + dx), ())
            yield from cells.get((cy + radius, cx + dx), ())
        for dy in range(-radius + 1, radius):
            yield from cells.get((cy + dy, cx - radius), ())
            yield from cells.get((cy + dy, cx + radius), ())

    def beyond(self, centre: tuple[int, int], radius: int) -> Iterable[tuple[LatLon, list[str]]]:
        """The points at least ``radius`` cells away from ``centre``, taken from the
        occupied cells: for a program far from the rest, quicker than ring after ring."""
        cy, cx = centre
        for (y, x), entries in self.cells.items():
            if max(abs(y - cy), abs(x - cx)) >= radius:
                yield from entries


def _nearest_for(
    slug: str,
    locations: Sequence[LatLon],
    points: dict[str, Sequence[LatLon]],
    grid: _Grid,
    count: int,
    distances: _Distances,
) -> list[Neighbour]:
    rough: dict[str, float] = {}
    for origin in locations:
        centre = grid.cell(origin)
        for radius in range(grid.rings_to_cover(centre)):
            # A ring of more cells than are occupied: whatever is left is searched at once.
            everything_left = 8 * radius > len(grid.cells)
            found = grid.beyond(centre, radius) if everything_left else grid.ring(centre, radius)
            for point, others in found:
                miles = rough_miles(origin, point)
                for other in others:
                    if miles < rough.get(other, math.inf) and other != slug:
                        rough[other] = miles
            if everything_left or (len(rough) >= count and _searched_enough(
                    rough, count, origin, centre, radius, grid)):
                break
    if not rough:
        return []
    # Great-circle and geodesic distances differ by under 0.6%: only candidates within that
    # margin of the k-th nearest can be among the k nearest by geodesic distance.
    kth = heapq.nsmallest(count, rough.values())[-1]
    limit = kth * 1.012 + 0.01
    exact = [
        Neighbour(other, _closest_pair_miles(locations, points[other], distances))
        for other, miles in rough.items()
        if miles <= limit
    ]
    return sorted(exact, key=lambda n: (n.miles, n.slug))[:count]


def _closest_pair_miles(ours: Sequence[LatLon], theirs: Sequence[LatLon],
                        distances: _Distances) -> float:
    if len(ours) == 1 and len(theirs) == 1:
        return distances.exact(ours[0], theirs[0])
    pairs = [(rough_miles(o, p), o, p) for o in ours for p in theirs]
    nearest = min(pair[0] for pair in pairs)
    # Only pairs within the sphere's error of the nearest can be nearest on the ellipsoid.
    return min(distances.exact(o, p) for miles, o, p in pairs
               if miles <= nearest * 1.012 + 0.01)


# Miles in a degree, at least: of latitude (69.09 on the sphere), and of longitude up to
# 50 degrees north (the contiguous United States).
_LAT_MILES = 69.0
_LON_MILES = 69.0 * math.cos(math.radians(50))


def _searched_enough(rough: dict[str, float], count: int, origin: LatLon,
                     centre: tuple[int, int], radius: int, grid: _Grid) -> bool:
    """Whether no unsearched location can be among the ``count`` nearest: every one is
    outside the square of rings searched, farther than the k-th candidate by more than
    the margin the exact distances are chosen within (see _nearest_for). The distance
    to the square's edge is measured from the origin itself, so a dense cluster is
    often settled within its own cell."""
    kth = heapq.nsmallest(count, rough.values())[-1]
    cy, cx = centre
    low_lat, high_lat = (cy - radius) * grid.size, (cy + radius + 1) * grid.size
    low_lon, high_lon = (cx - radius) * grid.size, (cx + radius + 1) * grid.size
    edge = min((origin[0] - low_lat) * _LAT_MILES, (high_lat - origin[0]) * _LAT_MILES,
               (origin[1] - low_lon) * _LON_MILES, (high_lon - origin[1]) * _LON_MILES)
    return kth * 1.012 + 0.01 <= edge


class GeocodeError(Exception):
    """The geocode cache cannot be read or written; the message says which and why."""


Lookup = Callable[[str], "LatLon | None"]


class Geocoder:
    """Addresses to points: the committed cache first, then (only when ``online``)
    Nominatim through geopy, at most one request a second as its usage policy asks.

    Builds and plain ``validate`` runs read the cache only, so they never touch the
    network; ``validate --geocode`` adds what it finds and saves the cache once.
    """

    def __init__(self, cache_path: Path | None, online: bool = False,
                 lookup: Lookup | None = None, min_delay_seconds: float = 1.0) -> None:
        self.cache_path = cache_path
        self.online = online
        self._lookup = lookup  # address -> point; Nominatim unless given
        self._limited: Lookup | None = None
        self._min_delay = min_delay_seconds
        self._changed = False
        self.entries: dict[str, list[float]] = self._load()

    def locate(self, address: str) -> LatLon | None:
        hit = self.entries.get(address)
        if hit:
            return (hit[0], hit[1])
        if not self.online:
            return None
        point = self._remote()(address)
        if point is not None:
            self.entries[address] = [round(point[0], 6), round(point[1], 6)]
            self._changed = True
        return point

    def save(self) -> None:
        if not self._changed or self.cache_path is None:
            return
        text = json.dumps(dict(sorted(self.entries.items())), indent=1, ensure_ascii=False)
        try:
            self.cache_path.write_text(text + "\n", "utf-8")
        except OSError as err:
            raise GeocodeError(f"{self.cache_path}: cannot save the geocode cache: "
                               f"{err.strerror or err}") from None
        self._changed = False

    def _load(self) -> dict[str, list[float]]:
        path = self.cache_path
        if path is None or not path.exists():
            return {}
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as err:
            raise GeocodeError(f"{path}: the geocode cache cannot be read ({err}); fix it, "
                               "or delete it and run validate --geocode again") from None
        good = isinstance(data, dict) and all(_is_point(v) for v in data.values())
        if not good:
            raise GeocodeError(f"{path}: the geocode cache should map each address to "
                               "[lat, lon] on Earth; fix it, or delete it and run validate "
                               "--geocode again")
        entries: dict[str, list[float]] = data
        return entries

    def _remote(self) -> Lookup:
        # One limiter for the whole run, so the delay holds between addresses.
        if self._limited is None:
            import logging

            from geopy.extra.rate_limiter import RateLimiter

            # geopy logs each failed try with its traceback; a failed look-up is reported
            # by the validator instead (the location keeps its ZIP centre, with a warning).
            logging.getLogger("geopy").setLevel(logging.CRITICAL)
            self._limited = RateLimiter(
                self._lookup or _nominatim(), min_delay_seconds=self._min_delay,
                max_retries=1, error_wait_seconds=self._min_delay,
                swallow_exceptions=True, return_value_on_exception=None,
            )
        return self._limited


def _is_point(value: Any) -> bool:
    if not (isinstance(value, list) and len(value) == 2):
        return False
    if not all(isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)
               for x in value):
        return False
    return bool(-90 <= value[0] <= 90 and -180 <= value[1] <= 180)


def _nominatim() -> Lookup:
    from geopy.geocoders import Nominatim

    geocoder = Nominatim(user_agent="austin-iop-directory-validator", timeout=10)

    def lookup(address: str) -> LatLon | None:
        found = geocoder.geocode(address, country_codes="us")
        return None if found is None else (found.latitude, found.longitude)

    return lookup


def _title(text: str) -> str:
    return " ".join(word.capitalize() for word in text.split())
