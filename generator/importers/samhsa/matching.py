"""The records already in the folder: which one a facility may duplicate, and a name and
a slug that no record has.

A facility is a possible duplicate of a record (existing, or written earlier in the same
run) with the same normalised name and address (with or without the suite), or with
coordinates within 50 m. Coordinates that are only a ZIP centroid are not compared.
Existing records are read with the project's loader, so a file that the validator would
refuse to read (a link, a huge file, YAML tags, ...) is only noted, never trusted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.geography import LatLon, miles_within
from generator.importers.samhsa.cleaning import (
    Names,
    clean_coordinates,
    clean_zip,
    clip,
    normal_address,
    normal_name,
    zip_centroid,
)
from generator.importers.samhsa.facility import Facility
from generator.importers.samhsa.source import one_line
from generator.loader import load_record
from generator.slugs import slugify

DUPLICATE_METRES = 50.0
CENTROID_METRES = 30.0  # coordinates this close to their ZIP's centre are only that centre
METRES_PER_MILE = 1609.344
# Where a street address turns to the suite or unit: "1310 Lohmans Crossing, Suite 240".
# Not "RM" or "FL": in Texas those start road names (RM 620, FM 1431).
UNIT = re.compile(r"(?i)\s*(?:[,#]|\b(?:suites?|ste|units?|bldg|building|floor|room|apt)\b)")


@dataclass(frozen=True)
class Place:
    address: str  # normalised, with the ZIP
    coordinates: LatLon | None
    approximate: bool  # only a ZIP centroid: useless for the 50 m test
    building: str = ""  # the street address without suite or unit, normalised, with the ZIP


@dataclass
class KnownRecord:
    path: Path
    names: list[str]  # normalised
    places: list[Place]


def metres_if_within(a: LatLon, b: LatLon, limit: float) -> float | None:
    """The geodesic distance in metres when it is at most ``limit`` metres, else None."""
    miles = miles_within(a, b, limit / METRES_PER_MILE)
    return None if miles is None else miles * METRES_PER_MILE


def place_of(address: str, zip5: str, coordinates: LatLon | None) -> Place:
    centroid = zip_centroid(zip5)
    metres = (metres_if_within(coordinates, centroid, CENTROID_METRES)
              if coordinates and centroid else None)
    near_centroid = metres is not None and metres < CENTROID_METRES
    building = UNIT.split(address, maxsplit=1)[0].strip()
    return Place(normal_address(address, zip5), coordinates, near_centroid,
                 normal_address(building, zip5) if building else "")


def known_record(path: Path, data: dict[str, Any]) -> KnownRecord:
    """What duplicates are found by: the record's name and its locations."""
    names = [normal_name(str(data[k])) for k in ("name",) if data.get(k)]
    places = []
    locations = data.get("locations")
    for loc in locations if isinstance(locations, list) else []:
        if not isinstance(loc, dict):
            continue
        zip5, _ = clean_zip(loc.get("zip"))
        coords = loc.get("coordinates")
        point = None
        if isinstance(coords, dict):
            point, _ = clean_coordinates(coords.get("lat"), coords.get("lon"))
        places.append(place_of(str(loc.get("address") or ""), zip5 or "", point))
    return KnownRecord(path, names, places)


def name_candidates(names: Names, city: str, address: str) -> list[str]:
    """Names to try, in turn, when the facility's name is taken."""
    base = names.name
    extra = [f"{base} – {names.listed_as}"] if names.listed_as else []
    return [
        base,
        *extra,
        f"{base} ({city})",
        *[f"{e} ({city})" for e in extra],
        f"{base} ({address}, {city})",
    ]


def names_match(a: str, b: str) -> bool:
    """Normalised names of one program: equal, or one the other with words added."""
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")


class KnownRecords:
    """The folder's records, slugs and names, and those written during the run."""

    def __init__(self, records: list[KnownRecord], slugs: set[str]) -> None:
        self.records = records
        self.slugs = slugs
        self.names = {n for record in records for n in record.names}

    def duplicate_of(self, fac: Facility) -> tuple[Path, str] | None:
        """The record the facility may duplicate, and why; None when there is none."""
        place = place_of(fac.address, fac.zip5, None if fac.approximate else fac.coordinates)
        mine = {normal_name(fac.names.name)}
        if fac.names.organization:
            mine.add(normal_name(fac.names.organization))
        for record in self.records:
            same_name = any(names_match(a, b) for a in mine for b in record.names)
            # The same program with or without its suite number is still the same program.
            if same_name and any(
                p.address == place.address or (place.building and p.building == place.building)
                for p in record.places
            ):
                return record.path, "same name and address as"
        if place.coordinates is None:
            return None
        for record in self.records:
            for other in record.places:
                if other.coordinates is None or other.approximate:
                    continue
                metres = metres_if_within(place.coordinates, other.coordinates, DUPLICATE_METRES)
                if metres is not None:
                    return record.path, f"{metres:.0f} m from"
        return None

    def unique_name(self, fac: Facility) -> str:
        """The facility's name, or the first variant no record has (the validator rejects
        two records of one name)."""
        for candidate in name_candidates(fac.names, fac.city, fac.address):
            candidate = clip(candidate, 120)
            if normal_name(candidate) not in self.names:
                return candidate
        number = 2
        while normal_name(f"{fac.names.name} ({number})") in self.names:
            number += 1
        return f"{fac.names.name} ({number})"

    def unique_slug(self, name: str, city: str) -> str:
        """A slug no file has: the name's, else with the city, else numbered."""
        base = slugify(name)
        for candidate in (base, f"{base}-{slugify(city)}"):
            if candidate not in self.slugs:
                return candidate
        number = 2
        while f"{base}-{number}" in self.slugs:
            number += 1
        return f"{base}-{number}"

    def add(self, path: Path, record: dict[str, Any], name: str) -> None:
        """A record written in this run, which later rows must not duplicate."""
        self.names.add(normal_name(name))
        self.records.append(known_record(path, record))


def scan_programs(programs_dir: Path) -> tuple[KnownRecords, list[str]]:
    """The folder's records (for duplicates) and its slugs, and problems reading them."""
    records: list[KnownRecord] = []
    slugs: set[str] = set()
    notes: list[str] = []
    for path in sorted(programs_dir.glob("*.y*ml")):
        slugs.add(path.stem)
        loaded = load_record(path)
        if loaded.record is None:
            problem = next((d for d in loaded.diagnostics if d.is_error), None)
            where = f"line {problem.line}: " if problem and problem.line else ""
            why = one_line(problem.message) if problem else "unreadable"
            notes.append(f"could not read {path} to check for duplicates ({where}{why})")
            continue
        records.append(known_record(path, loaded.record.data))
    return KnownRecords(records, slugs), notes
