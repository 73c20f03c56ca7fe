"""Checks of one record beyond what a schema can say: dates, phones, places."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from typing import Any

import phonenumbers

from generator.diagnostics import Diagnostic, Severity
from generator.geography import (
    ZipPlace,
    distance_miles,
    in_service_area,
    miles_beyond,
    town_name,
    zip_place,
)
from generator.links import url_problem
from generator.loader import Path_, Record
from generator.settings import Settings
from generator.validation.readiness import for_draft, is_draft
from generator.wording import age_phrase

ERROR, WARNING = Severity.ERROR, Severity.WARNING
# What `python -m generator new` writes where a fact is still to be given.
PLACEHOLDER = "FILL IN"
PLACEHOLDER_MESSAGE = "still holds a FILL IN placeholder; replace it or delete the line"


def check_record(record: Record, settings: Settings) -> list[Diagnostic]:
    data = record.data
    findings: list[Diagnostic] = []
    findings += _check_ranges(record)
    facts: list[Diagnostic] = []
    facts += _check_contact(record, data.get("contact"))
    facts += _check_urls(record)
    facts += _check_expiries(record, settings)
    facts += _check_verification(record, data.get("verification"), settings)
    facts += _check_locations(record, settings)
    # A placeholder is a fact still to be given.
    facts += _check_placeholders(record)
    if is_draft(record):
        # Facts still to be checked or given (an imported facility's coordinates, an old
        # http website, a FILL IN) are the draft's to-do list, like what readiness says it
        # lacks: a half-done draft passes the pull-request check, a published one does not.
        facts = [for_draft(finding) for finding in facts]
    findings += facts
    return findings


def check_spanish(record: Record) -> Iterator[Diagnostic]:
    """The Spanish site shows the English summary where a record has no Spanish one: said
    as a warning, so that a published listing gets one in time (it never blocks)."""
    if is_draft(record):
        return
    spanish = record.data.get("spanish")
    if isinstance(record.data.get("summary"), str) and not (
            isinstance(spanish, dict) and spanish.get("summary")):
        yield record.diagnostic(
            ("summary",), WARNING,
            "no Spanish summary: the Spanish page (/es/) shows the English one, marked as "
            "English; add `spanish:` with `summary:` in Spanish below it")


def _check_placeholders(record: Record) -> Iterator[Diagnostic]:
    """Values left as ``FILL IN`` by ``python -m generator new``."""
    for path, (text, _tag, _quoted) in record.scalars.items():
        if PLACEHOLDER in text:
            yield record.diagnostic(path, ERROR, PLACEHOLDER_MESSAGE)


def _check_ranges(record: Record) -> Iterator[Diagnostic]:
    data = record.data
    schedule: dict[str, Any] = data["schedule"] if isinstance(data.get("schedule"), dict) else {}
    candidates = [
        (("ages",), data.get("ages")),
        (("schedule", "days_per_week"), schedule.get("days_per_week")),
        (("schedule", "length_weeks"), schedule.get("length_weeks")),
    ]
    for path, value in candidates:
        if isinstance(value, dict) and _is_number(value.get("min")) and _is_number(
            value.get("max")
        ) and value["min"] > value["max"]:
            yield record.diagnostic(
                (*path, "min"),
                ERROR,
                f"min ({value['min']}) is more than max ({value['max']}); swap them",
            )


def _check_contact(record: Record, contact: Any) -> Iterator[Diagnostic]:
    if not isinstance(contact, dict):
        return
    phone = contact.get("phone")
    if isinstance(phone, str) and not _valid_us_phone(phone):
        yield record.diagnostic(
            ("contact", "phone"),
            ERROR,
            f"'{phone}' is not a valid US phone number; write it like \"512-555-0142\"",
        )
    website = contact.get("website")
    if isinstance(website, str) and website.lower().startswith("http://"):
        yield record.diagnostic(
            ("contact", "website"),
            ERROR,
            f"'{website}' is not https; use https://{website[7:]} (check that it loads)",
        )


URL_FIELDS = frozenset({"website", "verify_url", "source"})


def _check_urls(record: Record) -> Iterator[Diagnostic]:
    """Addresses that pass the schema's pattern but would mislead (``good@evil``)."""
    def walk(value: Any, path: Path_) -> Iterator[Diagnostic]:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in URL_FIELDS and isinstance(item, str) and item.lower().startswith(
                        ("http://", "https://")):
                    problem = url_problem(item)
                    if problem:
                        yield record.diagnostic((*path, key), ERROR, f"'{item}' {problem}")
                else:
                    yield from walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, (*path, index))

    yield from walk(record.data, ())


def _valid_us_phone(text: str) -> bool:
    try:
        number = phonenumbers.parse(text, "US")
    except phonenumbers.NumberParseException:
        return False
    if number.country_code != 1:
        return False
    # 555-01xx numbers are reserved for fiction; phonenumbers rightly calls them invalid,
    # but example listings use them, so accept them as possible numbers.
    national = str(number.national_number)
    if national[3:7] == "5550" and national[7:8] == "1":
        return phonenumbers.is_possible_number(number)
    return phonenumbers.is_valid_number_for_region(number, "US")  # not Canada's +1


def _check_expiries(record: Record, settings: Settings) -> Iterator[Diagnostic]:
    for group, noun in (("accreditations", "accreditation"), ("licenses", "licence")):
        items = record.data.get(group)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            expires = _date(item.get("expires")) if isinstance(item, dict) else None
            if expires is None:
                continue
            path = (group, index, "expires")
            days = (expires - settings.today).days
            if days < 0:
                # An error for the editor changing the record; a warning elsewhere (the
                # page says it is being checked again), so time alone breaks no build.
                yield record.diagnostic(
                    path,
                    ERROR,
                    f"the {noun} expired on {expires.isoformat()}; confirm the renewal and "
                    "enter the new expiry date, or remove it",
                    time_based=True,
                )
            elif days <= settings.expiry_warning_days:
                yield record.diagnostic(
                    path, WARNING, f"the {noun} expires in {days} days ({expires.isoformat()})",
                    time_based=True,
                )


def _check_verification(
    record: Record, verification: Any, settings: Settings
) -> Iterator[Diagnostic]:
    today = settings.today
    if not isinstance(verification, dict):
        return
    when = _date(verification.get("last_verified"))
    if when is None:
        return
    path = ("verification", "last_verified")
    if when > today:
        yield record.diagnostic(
            path, ERROR, f"{when.isoformat()} is in the future; enter the day it was checked"
        )
    elif (today - when).days > settings.stale_after_days:
        yield record.diagnostic(
            path,
            WARNING,
            f"last verified {when.isoformat()}, more than {age_phrase(settings.stale_after_days)} "
            "ago; check the listing with the program again",
            time_based=True,
        )


def _check_locations(record: Record, settings: Settings) -> Iterator[Diagnostic]:
    locations = record.data.get("locations")
    if not isinstance(locations, list):
        return
    for index, location in enumerate(locations):
        if isinstance(location, dict):
            yield from _check_location(record, index, location, settings)


def _check_location(
    record: Record,
    index: int,
    location: dict[str, Any],
    settings: Settings,
) -> Iterator[Diagnostic]:
    base = ("locations", index)
    zip_code = location.get("zip")
    place = zip_place(zip_code) if isinstance(zip_code, str) else None
    if isinstance(zip_code, str) and len(zip_code) == 5 and zip_code.isdigit() and place is None:
        yield record.diagnostic(
            (*base, "zip"), ERROR, f"ZIP code {zip_code} does not exist; check the address"
        )
    state = location.get("state")
    if place is not None and isinstance(state, str) and state.strip().upper() != place.state:
        yield record.diagnostic(
            (*base, "zip"), ERROR,
            f"ZIP code {place.zip} is in {place.state} ({place.city}), not {state}; "
            "check the ZIP and the state",
        )
    city = location.get("city")
    in_state = place is not None and place.state == str(state).strip().upper()
    if place is not None and in_state and isinstance(city, str):  # else the ZIP is wrong
        yield from _check_city(record, base, city, place)
    coords = location.get("coordinates")
    if coords is None:
        if index in record.filled:
            yield from _check_filled(record, base, record.filled[index], place, settings)
        return
    if not (isinstance(coords, dict) and _is_number(coords.get("lat"))
            and _is_number(coords.get("lon"))):
        return
    point = (float(coords["lat"]), float(coords["lon"]))
    if not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
        return  # the schema has already said so
    inside, miles = in_service_area(point, settings.service_area)
    if not inside:
        miles = distance_miles(settings.service_area.center, point)
        yield record.diagnostic(
            (*base, "coordinates"),
            ERROR,
            f"{point[0]}, {point[1]} is {miles:.0f} miles from the centre of the service area "
            f"(at most {settings.service_area.radius_miles:g}); check the coordinates "
            "(are lat and lon swapped, or a minus sign missing?)",
        )
        return
    if place is not None and (off := miles_beyond(point, place.point,
                                                  settings.max_zip_distance_miles)) is not None:
        yield record.diagnostic(
            (*base, "coordinates"),
            ERROR,
            f"{point[0]}, {point[1]} is {off:.1f} miles from the centre of ZIP {place.zip} "
            f"({place.city}); check the coordinates and the ZIP "
            f"(the ZIP's centre is {place.lat:.4f}, {place.lon:.4f})",
        )


def _check_city(record: Record, base: Path_, city: str, place: ZipPlace) -> Iterator[Diagnostic]:
    """The city is one the Postal Service names for the ZIP, spelled as it does: it heads
    a group in the directory and is a choice in the finder's town list for every visitor."""
    names = list(dict.fromkeys(town_name(n) for n in (place.city, *place.acceptable_cities)))
    if city in names:
        return
    same = [n for n in names if n.casefold() == " ".join(city.split()).casefold()]
    if same:
        hint = f"write it as the Postal Service does: '{same[0]}'"
    else:
        guess = difflib.get_close_matches(city, names, n=1, cutoff=0.6)
        hint = (f"did you mean '{guess[0]}'?" if guess else
                f"write {' or '.join(repr(n) for n in names[:4])}, or check the ZIP")
    yield record.diagnostic(
        (*base, "city"), ERROR,
        f"'{city}' is not a name the Postal Service uses for ZIP {place.zip}; {hint}",
    )


def _check_filled(
    record: Record,
    base: tuple[str | int, ...],
    filled: tuple[tuple[float, float], str],
    place: ZipPlace | None,
    settings: Settings,
) -> Iterator[Diagnostic]:
    """A point normalisation filled in (from the geocode cache or the ZIP's centre) is held
    to the rules of a typed one: a ZIP from another state would otherwise put a listing
    hundreds of miles away without a word."""
    point, origin = filled
    if origin in ("geocoded", "cache"):
        how = (f"geocoded the address to {point[0]:.5f}, {point[1]:.5f}; add them to the "
               "record") if origin == "geocoded" else (
               f"using {point[0]:.5f}, {point[1]:.5f} from the geocode cache; add them to "
               "the record")
        source = "the geocoded address"
    else:
        how = (f"using the centre of ZIP {place.zip} ({place.lat:.4f}, {place.lon:.4f}); "
               "add coordinates: {lat: ..., lon: ...} for exact distances") if place else ""
        source = f"the centre of ZIP {place.zip}" if place else "the ZIP's centre"
    inside, _ = in_service_area(point, settings.service_area)
    if not inside:
        miles = distance_miles(settings.service_area.center, point)
        yield record.diagnostic(
            (*base, "zip") if origin == "zip" else base,
            ERROR,
            f"{source} is {miles:.0f} miles from the centre of the service area (at most "
            f"{settings.service_area.radius_miles:g}); check the ZIP and the address",
        )
        return
    if place is not None and origin != "zip" and (off := miles_beyond(
            point, place.point, settings.max_zip_distance_miles)) is not None:
        # A geocoder can find the wrong street: held to the same rule as typed ones.
        yield record.diagnostic(
            base, ERROR,
            f"the geocoded address ({point[0]:.5f}, {point[1]:.5f}) is {off:.1f} miles "
            f"from the centre of ZIP {place.zip} ({place.city}); check the address and "
            "the ZIP, and add coordinates to the record",
        )
        return
    yield record.diagnostic(base, WARNING, f"no coordinates: {how}")


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
