"""From a locator row to a facility: its values cleaned, its services mapped and its place
checked against the area, or the reason it cannot be imported.

Coordinates missing or unusable fall back to the ZIP's centre (and say so); a row without
a name, a street, a usable ZIP or a place is rejected with every reason at once.
``conditions`` come from ``type_facility`` and the type of care; when a row says neither,
the ``conditions`` given, else the file name ("substance" or "mental" as SAMHSA names its
exports); failing all of those the row is rejected.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from generator.geography import LatLon, miles_beyond, town_name
from generator.importers.samhsa.cleaning import (
    Names,
    Phone,
    clean_coordinates,
    clean_phone,
    clean_text,
    clean_website,
    clean_zip,
    clip,
    resolve_names,
    tidy_case,
    zip_centroid,
    zip_city,
    zip_state,
    zip_state_problem,
)
from generator.importers.samhsa.report import OutsideArea
from generator.importers.samhsa.services import (
    CONDITION_WORDS,
    FACILITY_TYPES,
    Facts,
    conditions_from_file_name,
    in_order,
    map_services,
    service_groups,
)
from generator.importers.samhsa.source import SourceRow
from generator.text import FORMULA_STARTS
from generator.vocabulary import group

ZIP_NOTE_MILES = 5.0  # the validator rejects coordinates 6+ miles from their ZIP's centre
# Where a spreadsheet formula would do harm, and where no one writes one.
FORMULA_COLUMNS = ("name1", "name2", "street1", "street2", "city")
PHONE_COLUMNS = {
    "phone": "Phone",
    "intake1": "Intake phone",
    "intake2": "Second intake phone",
    "hotline1": "Hotline",
}


@dataclass
class Facility:
    """One row, cleaned."""

    row: int
    names: Names
    address: str
    city: str
    state: str | None
    zip5: str
    coordinates: LatLon
    approximate: bool  # the coordinates are the ZIP's centre
    conditions: list[str]
    facts: Facts
    settings_known: bool
    phone: Phone | None
    other_phones: list[tuple[str, Phone]]
    website: str | None
    notes: list[str]


class FacilityReader:
    """Reads rows into facilities for one source file and one area."""

    def __init__(
        self,
        source_name: str,
        center: LatLon,
        radius_miles: float,
        conditions: Sequence[str] | None,
    ) -> None:
        self.source_name = source_name
        self.center = center
        self.radius = radius_miles
        self.fallback_conditions = list(conditions or conditions_from_file_name(source_name))
        self.conditions_from_name = not conditions and bool(self.fallback_conditions)

    def read(self, row: SourceRow) -> Facility | OutsideArea | str:
        """A Facility; the row's distance when it lies outside the area; or the reason
        the row cannot be imported."""
        if row.problem:
            return row.problem
        formula = _formula(row)
        if formula:
            return formula
        get = row.fields.get
        name1 = tidy_case(clean_text(get("name1")))
        notes: list[str] = []
        zip5, zip_problem = clean_zip(get("zip"))
        if zip5 and not zip_problem:
            zip_problem = zip_state_problem(get("zip"), zip5, get("state"))
            zip5 = None if zip_problem else zip5
        coordinates, coord_problem = clean_coordinates(get("latitude"), get("longitude"))
        approximate = False
        if coordinates is None and zip5:
            coordinates = zip_centroid(zip5)
            approximate = coordinates is not None
            if approximate:
                why = coord_problem or "the locator gives no coordinates"
                notes.append(
                    f"{why}; they are the centre of ZIP {zip5}: correct them from the address"
                )
        if coordinates is not None:
            miles = miles_beyond(self.center, coordinates, self.radius)
            if miles is not None:
                return OutsideArea(row.number, name1 or "(no name)", round(miles, 1))
        reasons = _missing(row, name1, zip5, zip_problem, coordinates, coord_problem)
        if reasons:
            return "; ".join(reasons)
        assert coordinates is not None and zip5 is not None and name1 is not None
        return self._facility(row, name1, zip5, coordinates, approximate, notes)

    def _facility(
        self,
        row: SourceRow,
        name1: str,
        zip5: str,
        coordinates: LatLon,
        approximate: bool,
        notes: list[str],
    ) -> Facility | str:
        get = row.fields.get
        city = tidy_case(clean_text(get("city")))
        if not city or len(city) < 2:
            city = zip_city(zip5)
            if not city:
                return "no city, and the ZIP does not name one"
            notes.append(f"the city is missing in the locator; {city} comes from ZIP {zip5}")
        city = town_name(city)  # "Mc Dade" as USPS writes it: McDade
        state = (clean_text(get("state")) or "").upper()
        zip_in = zip_state(zip5)
        if not re.fullmatch(r"[A-Z]{2}", state):
            state = zip_in
        elif zip_in and zip_in != state:
            notes.append(f"the state is {state} but ZIP {zip5} is in {zip_in}")
        street = ", ".join(
            filter(None, (tidy_case(clean_text(get(k))) for k in ("street1", "street2")))
        )
        if not approximate and (centroid := zip_centroid(zip5)) is not None:
            away = miles_beyond(centroid, coordinates, ZIP_NOTE_MILES)
            if away is not None:
                notes.append(f"the coordinates are {away:.1f} miles from ZIP {zip5}: check them")
        facts = map_services(service_groups(row.services))
        conditions = self._conditions(get("type_facility"), facts, notes)
        if not conditions:
            given = clean_text(get("type_facility"))
            why = f"type_facility {given!r} is not a type it knows" if given else \
                "no type_facility value"
            return (
                "the data does not say whether it treats substance use or mental health "
                f"({why}); import the file again with --conditions, e.g. "
                "--conditions substance-use"
            )
        phone, other_phones = _phones(row, notes)
        website, problem = clean_website(get("website"))
        if problem:
            notes.append(problem)
        names = resolve_names(name1, tidy_case(clean_text(get("name2"))))
        for label, value in (("name", names.name), ("organization", names.organization)):
            if value and len(value) > 120:
                notes.append(f"the {label} was shortened to 120 characters")
        names.name = clip(names.name, 120)
        if names.organization:
            names.organization = clip(names.organization, 120)
        return Facility(
            row=row.number,
            names=names,
            address=clip(street, 200),
            city=clip(city, 80),
            state=state or None,
            zip5=zip5,
            coordinates=coordinates,
            approximate=approximate,
            conditions=in_order(conditions, group("condition").values),
            facts=facts,
            settings_known=bool(facts.settings),
            phone=phone,
            other_phones=other_phones,
            website=website,
            notes=notes,
        )

    def _conditions(self, type_facility: object, facts: Facts, notes: list[str]) -> set[str]:
        found = set(facts.conditions)
        code = (clean_text(type_facility) or "").lower()
        if code in FACILITY_TYPES:
            found.add(FACILITY_TYPES[code])
        if not found and self.fallback_conditions:
            found.update(self.fallback_conditions)
            if self.conditions_from_name:
                words = " and ".join(CONDITION_WORDS[c] for c in self.fallback_conditions)
                notes.append(
                    f"the row does not say what it treats; '{words}' comes from the file "
                    f"name {self.source_name}"
                )
        return found


def _formula(row: SourceRow) -> str | None:
    for column in FORMULA_COLUMNS:
        value = row.fields.get(column)
        if (isinstance(value, str) and len(value.strip()) > 1  # a lone "-" means "none"
                and value.strip().startswith(FORMULA_STARTS)):
            return (f"{column} starts with {value.strip()[0]!r}, as a spreadsheet formula "
                    "does; check the row in the source")
    return None


def _missing(
    row: SourceRow,
    name1: str | None,
    zip5: str | None,
    zip_problem: str | None,
    coordinates: LatLon | None,
    coord_problem: str | None,
) -> list[str]:
    """Every reason the row lacks what a record needs."""
    reasons = []
    if not name1:
        reasons.append("no facility name (name1 is empty)")
    elif len(name1) < 2:
        reasons.append(f"the facility name {name1!r} is too short")
    if not clean_text(row.fields.get("street1")):
        reasons.append("no street address (street1 is empty)")
    if zip_problem:
        reasons.append(zip_problem)
    elif not zip5:
        reasons.append("no ZIP code")
    if coordinates is None and not zip_problem:
        where = f"ZIP {zip5} has no known centre" if zip5 else "no ZIP to place it by"
        reasons.append(f"{coord_problem or 'no coordinates'}, and {where}")
    return reasons


def _phones(row: SourceRow, notes: list[str]) -> tuple[Phone | None, list[tuple[str, Phone]]]:
    """The main phone and the row's other phones, each number once."""
    found: list[tuple[str, Phone]] = []
    for key, label in PHONE_COLUMNS.items():
        phone, problem = clean_phone(row.fields.get(key))
        if problem:
            notes.append(problem.replace("the phone", f"the {label.lower()}"))
        if phone and all(phone != p for _, p in found):
            found.append((label, phone))
    if not found:
        return None, []
    main_label, main = found[0]
    if main_label != "Phone":
        notes.append(f"the main phone is the {main_label.lower()} from the locator")
    if main.extension:
        notes.append(
            f"the phone has extension {main.extension}, which is in the description; "
            "check which number families should call"
        )
    return main, found[1:]
