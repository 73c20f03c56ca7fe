"""Normalised, validated records turned into programs, once a build.

Takes what the earlier stages left: the record's data (numbers as text, text composed,
defaults of the schema applied) and the points normalisation filled in for locations
without coordinates. Never reads the files again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from generator.loader import Record
from generator.model.directory import Directory
from generator.model.program import (
    Contact,
    Credential,
    Customization,
    Location,
    Payment,
    Program,
    Range,
    Schedule,
    Verification,
)
from generator.vocabulary import group


def build_directory(
    records: Iterable[Record], edit_url_for: Callable[[Path], str | None] | None = None
) -> Directory:
    return Directory.of([program_from_record(r, edit_url_for) for r in records])


def program_from_record(
    record: Record, edit_url_for: Callable[[Path], str | None] | None = None
) -> Program:
    data = record.data
    return program_from_data(
        record.slug, data, record.path,
        filled={i: point for i, point in record.filled.items()},
        edit_url=edit_url_for(record.path) if edit_url_for else None,
    )


def program_from_data(
    slug: str,
    data: Mapping[str, Any],
    source: Path,
    *,
    filled: Mapping[int, tuple[tuple[float, float], str]] | None = None,
    edit_url: str | None = None,
) -> Program:
    """A program from a record's normalised data (``filled``: location index -> point and
    where it came from, for locations without coordinates). The schema's defaults
    (languages, status, example, a location's state) are already in ``data``: they are
    the schema's alone, and normalisation applied them."""
    filled = filled or {}
    locations = tuple(_location(loc, filled.get(i)) for i, loc in enumerate(
        data.get("locations") or []))
    return Program(
        slug=slug,
        name=data["name"],
        summary=data["summary"],
        verification=_verification(data["verification"]),
        source=source,
        organization=data.get("organization"),
        description=data.get("description"),
        spanish=MappingProxyType({key: value for key, value in (data.get("spanish") or {}).items()
                                  if isinstance(value, str)}),
        levels=tuple(data.get("levels_of_care") or ()),
        conditions=tuple(data.get("conditions") or ()),
        populations=tuple(data.get("populations") or ()),
        ages=_range(data.get("ages")),
        therapies=tuple(data.get("therapies") or ()),
        addiction_medications=tuple(data.get("addiction_medications") or ()),
        schedule=_schedule(data.get("schedule") or {}, has_places=bool(locations)),
        accreditations=tuple(_accreditation(a) for a in data.get("accreditations") or ()),
        licenses=tuple(_licence(lic) for lic in data.get("licenses") or ()),
        customization=_customization(data.get("customization")),
        locations=locations,
        payment=_payment(data.get("payment") or {}),
        languages=tuple(data["languages"]),
        contact=_contact(data.get("contact") or {}),
        accepting_new_clients=data.get("accepting_new_clients"),
        status=data["status"],
        example=bool(data["example"]),
        edit_url=edit_url,
    )


def _range(value: Any) -> Range | None:
    if isinstance(value, dict) and value:
        return Range(value.get("min"), value.get("max"))
    if isinstance(value, int) and not isinstance(value, bool):
        return Range(value, value, single=True)
    return None


def _schedule(data: Mapping[str, Any], *, has_places: bool) -> Schedule:
    given = data.get("format")
    return Schedule(
        format=given or ("in-person" if has_places else "telehealth"),
        days_per_week=_range(data.get("days_per_week")),
        hours_per_day=data.get("hours_per_day"),
        tracks=tuple(data.get("tracks") or ()),
        length_weeks=_range(data.get("length_weeks")),
        format_given=given is not None,
    )


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def _accreditation(data: Mapping[str, Any]) -> Credential:
    return Credential(kind="accreditation", body=data["body"], identifier=data.get("id"),
                      expires=_date(data.get("expires")), verify_url=data.get("verify_url"))


def _licence(data: Mapping[str, Any]) -> Credential:
    return Credential(kind="licence", authority=data["authority"], type=data["type"],
                      identifier=data["number"], expires=_date(data.get("expires")),
                      verify_url=data.get("verify_url"))


def _customization(data: Any) -> Customization | None:
    if not isinstance(data, dict) or not data:
        return None
    return Customization(
        individualized_plan=data.get("individualized_plan"),
        assessment=data.get("assessment"),
        specialty_tracks=tuple(data.get("specialty_tracks") or ()),
        notes=data.get("notes"),
    )


def _location(data: Mapping[str, Any], filled: tuple[tuple[float, float], str] | None
              ) -> Location:
    coordinates = data.get("coordinates")
    point, source = ((coordinates["lat"], coordinates["lon"]), "record") if coordinates else (
        filled if filled else (None, "record"))
    return Location(
        address=data["address"],
        city=data["city"],
        state=data["state"],  # normalisation gave it the schema's default
        zip=data["zip"],
        name=data.get("name"),
        point=point,
        point_source=source,
        wheelchair_accessible=data.get("wheelchair_accessible"),
        transit=data.get("transit"),
    )


def _payment(data: Mapping[str, Any]) -> Payment:
    answers = tuple((key, data[key]) for key in group("payment").values
                    if isinstance(data.get(key), bool))
    return Payment(answers=answers, insurers=tuple(data.get("insurers") or ()),
                   cost_notes=data.get("cost_notes"))


def _contact(data: Mapping[str, Any]) -> Contact:
    return Contact(phone=data.get("phone"), website=data.get("website"),
                   email=data.get("email"), intake_hours=data.get("intake_hours"))


def _verification(data: Mapping[str, Any]) -> Verification:
    return Verification(
        last_verified=dt.date.fromisoformat(data["last_verified"]),
        verified_by=data["verified_by"],
        method=data.get("method"),
        source=data.get("source"),
        notes=data.get("notes"),
    )
