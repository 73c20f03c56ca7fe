"""The directory as open data: ``/data/programs.json`` and the schema that describes it.

Every published program as a record in the schema's shape (defaults applied, dates as ISO
text), with its slug and page URL, under a header naming the licence and the schema.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any
from urllib.parse import urljoin

from generator.export.licence import ATTRIBUTION, DATA_LICENSE
from generator.model import Credential, Location, Program, Range
from generator.schema import program_schema

SCHEMA_URL_PATH = "schema/program.schema.json"  # where the built site publishes the schema
# The schema of /data/programs.json itself: its items are records plus slug and url.
FILE_SCHEMA_URL_PATH = "schema/programs.schema.json"


def site_link(path: str, site_url: str | None) -> str:
    """An absolute URL when the site URL is known, else a root-relative path."""
    if site_url:
        return urljoin(site_url.rstrip("/") + "/", path.lstrip("/"))
    return path if path.startswith(("/", "http://", "https://")) else "/" + path


def programs_json(
    programs: Sequence[Program],
    url_for: Callable[[str], str],
    site_url: str | None,
    *,
    generated: date,
) -> dict[str, Any]:
    """The content of /data/programs.json: published programs with slug and page URL."""
    items = [
        {"slug": p.slug, "url": site_link(url_for(p.slug), site_url), **record_data(p)}
        for p in sorted(programs, key=lambda p: p.slug)
        if not p.is_draft  # drafts are never published, not even as data
    ]
    return {
        "generated": generated.isoformat(),
        "license": {**DATA_LICENSE, "attribution": ATTRIBUTION},
        "schema": site_link(FILE_SCHEMA_URL_PATH, site_url),
        "count": len(items),
        "programs": items,
    }


def record_data(program: Program) -> dict[str, Any]:
    """The program as a record in the schema's shape, its keys in the schema's order; values
    the record left out are left out (but for the schema's defaults)."""
    schedule = program.schedule
    data: dict[str, Any] = {
        "name": program.name,
        "organization": program.organization,
        "summary": program.summary,
        "description": program.description,
        "spanish": dict(program.spanish) or None,
        "levels_of_care": list(program.levels) or None,
        "conditions": list(program.conditions),
        "populations": list(program.populations) or None,
        "ages": _range(program.ages),
        "therapies": list(program.therapies) or None,
        "addiction_medications": list(program.addiction_medications) or None,
        "schedule": _drop_empty({
            "days_per_week": _range(schedule.days_per_week),
            "hours_per_day": schedule.hours_per_day,
            "tracks": list(schedule.tracks) or None,
            "length_weeks": _range(schedule.length_weeks),
            "format": schedule.format if schedule.format_given else None,
        }),
        "accreditations": [_credential(c) for c in program.accreditations] or None,
        "licenses": [_credential(c) for c in program.licenses] or None,
        "customization": _drop_empty({
            "individualized_plan": program.customization.individualized_plan,
            "assessment": program.customization.assessment,
            "specialty_tracks": list(program.customization.specialty_tracks) or None,
            "notes": program.customization.notes,
        }) if program.customization else None,
        "locations": [_location(loc) for loc in program.locations] or None,
        "payment": _drop_empty({
            **dict(program.payment.answers),
            "insurers": list(program.payment.insurers) or None,
            "cost_notes": program.payment.cost_notes,
        }),
        "languages": list(program.languages),
        "contact": _drop_empty({
            "phone": program.contact.phone, "website": program.contact.website,
            "email": program.contact.email, "intake_hours": program.contact.intake_hours,
        }),
        "accepting_new_clients": program.accepting_new_clients,
        "verification": _drop_empty({
            "last_verified": program.verification.last_verified.isoformat(),
            "verified_by": program.verification.verified_by,
            "method": program.verification.method,
            "source": program.verification.source,
            "notes": program.verification.notes,
        }),
        "status": program.status,
        "example": program.example,
    }
    return _drop_empty(data)


def _range(value: Range | None) -> int | dict[str, int] | None:
    if value is None:
        return None
    if value.single and value.min is not None:
        return value.min
    return {k: v for k, v in (("min", value.min), ("max", value.max)) if v is not None}


def _credential(item: Credential) -> dict[str, Any]:
    if item.kind == "accreditation":
        fields = {"body": item.body, "id": item.identifier}
    else:
        fields = {"authority": item.authority, "type": item.type, "number": item.identifier}
    return _drop_empty({**fields, "expires": item.expires.isoformat() if item.expires else None,
                        "verify_url": item.verify_url})


def _location(item: Location) -> dict[str, Any]:
    coordinates = ({"lat": item.point[0], "lon": item.point[1]}
                   if item.point and item.point_source == "record" else None)
    return _drop_empty({
        "name": item.name, "address": item.address, "city": item.city, "state": item.state,
        "zip": item.zip, "coordinates": coordinates,
        "wheelchair_accessible": item.wheelchair_accessible, "transit": item.transit,
    })


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value is not None and value != {}}


def programs_file_schema(site_url: str | None = None) -> dict[str, Any]:
    """The JSON Schema of ``/data/programs.json``, made from the record schema.

    Each item is a record (the record schema's properties and rules) with its ``slug`` and
    page ``url`` added, so a re-user can validate the file as it is published.
    """
    record = copy.deepcopy(program_schema())
    item = {key: value for key, value in record.items() if key not in ("$schema", "$defs")}
    item["title"] = "A published listing"
    item["properties"] = {
        "slug": {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$",
                 "description": "The record's file name without .yaml; its page's address."},
        "url": {"type": "string", "description": "The listing's page on the site."},
        **item["properties"],
    }
    item["required"] = ["slug", "url", *item["required"]]
    return {
        "$schema": record["$schema"],
        "$id": site_link(FILE_SCHEMA_URL_PATH, site_url),
        "title": "Austin IOP Directory: programs.json",
        "description": "Every published listing of the directory, with the licence of the "
        "data. Items follow the record schema (program.schema.json) with slug and url added.",
        "type": "object",
        "additionalProperties": False,
        "required": ["generated", "license", "schema", "count", "programs"],
        "properties": {
            "generated": {"type": "string", "format": "date"},
            "license": {"type": "object"},
            "schema": {"type": "string"},
            "count": {"type": "integer", "minimum": 0},
            "programs": {"type": "array", "items": {"$ref": "#/$defs/listing"}},
        },
        "$defs": {**record["$defs"], "listing": item},
    }
