"""The directory in Open Referral's Human Services Data Specification (HSDS) 3.0.

One HSDS organization per record, or per ``organization`` shared by several records,
with one service per record and its locations, addresses, phones, schedules,
languages and accreditations nested; licence numbers become organization identifiers.
``write_hsds`` writes them as ``organizations.json`` and as HSDS's tabular form: a
Frictionless ``datapackage.json`` with one CSV per table, named as in HSDS 3.0
(``organizations.csv``, ``services.csv``, ``service_at_location.csv``, ...).

Ids are UUID 5 from the slug (and the organization's name), so repeated exports of the
same records give the same ids. Our vocabularies have no HSDS equivalent, so they are
written as text in the service's description, eligibility and fees fields.
"""

from __future__ import annotations

import csv
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from generator.export.open_data import (
    ATTRIBUTION,
    DATA_LICENSE,
    is_published,
    labels,
    normalise_record,
    site_link,
    write_json,
)
from generator.render.markdown import markdown_to_text
from generator.text import FORMULA_STARTS
from generator.vocabulary import language_name

# Fixed namespace: changing it would change every exported id.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/example/austin-iop-directory/hsds")
HSDS_VERSION = "3.0.1"


def make_id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


# --------------------------------------------------------------------------- building


def hsds_organizations(
    programs: Iterable[Mapping[str, Any]],
    url_for: Callable[[str], str],
    generated: date,
    *,
    site_url: str | None = None,
) -> list[dict[str, Any]]:
    """HSDS organizations (with nested services, locations, ...) for published records.

    ``generated`` is the export date: accreditations that expired before it are left out.
    HSDS wants absolute URLs: a relative ``url_for`` result is resolved against
    ``site_url``, and left out when there is none.
    """
    page_url = _page_url(url_for, site_url)
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in sorted(programs, key=lambda r: str(r.get("slug", ""))):
        if not is_published(record):
            continue
        clean = normalise_record(record)
        org = clean.get("organization")
        key = f"organization/{_key(org)}" if org else f"program/{clean['slug']}"
        groups.setdefault(key, []).append(clean)
    organizations = [
        _organization(key, records, page_url, generated) for key, records in groups.items()
    ]
    return sorted(organizations, key=lambda o: (o["name"].lower(), o["id"]))


def _page_url(url_for: Callable[[str], str], site_url: str | None) -> Callable[[str], str | None]:
    def page_url(slug: str) -> str | None:
        url = url_for(slug)
        if not re.match(r"https?://", url):
            url = site_link(url, site_url) if site_url else ""
        return url or None

    return page_url


def _organization(
    key: str, records: list[dict[str, Any]], url_for: Callable[[str], str | None], generated: date
) -> dict[str, Any]:
    org_id = make_id(key)
    first = records[0]
    name = first.get("organization") or first["name"]
    org: dict[str, Any] = {"id": org_id, "name": name, "description": _org_description(records)}
    website = _shared(r.get("contact", {}).get("website") for r in records)
    email = _shared(r.get("contact", {}).get("email") for r in records)
    if website:
        org["website"] = website
    if email:
        org["email"] = email
    locations: dict[str, dict[str, Any]] = {}
    services = [_service(r, org_id, key, locations, url_for, generated) for r in records]
    org["locations"] = list(locations.values())
    org["services"] = services
    org["organization_identifiers"] = _identifiers(records, org_id)
    return org


def _shared(values: Iterable[Any]) -> Any:
    found = list(values)
    return found[0] if found and found[0] and all(v == found[0] for v in found) else None


def _org_description(records: list[dict[str, Any]]) -> str:
    if len(records) == 1:
        return records[0]["summary"]
    names = "; ".join(r["name"] for r in records)
    return f"Runs {len(records)} programs listed in the Austin IOP Directory: {names}."


def _identifiers(records: list[dict[str, Any]], org_id: str) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for record in records:
        for lic in record.get("licenses", []):
            number = str(lic["number"])
            key = f"{_key(lic['authority'])}/{number}"
            found.setdefault(
                key,
                {
                    "id": make_id("organization_identifier", key),
                    "organization_id": org_id,
                    "identifier_type": f"{lic['authority']}: {lic['type']} licence",
                    "identifier": number,
                },
            )
    return list(found.values())


def _service(
    record: dict[str, Any],
    org_id: str,
    org_key: str,
    locations: dict[str, dict[str, Any]],
    url_for: Callable[[str], str | None],
    generated: date,
) -> dict[str, Any]:
    slug = record["slug"]
    service_id = make_id("service", slug)
    contact = record.get("contact", {})
    service: dict[str, Any] = {
        "id": service_id,
        "organization_id": org_id,
        "name": record["name"],
        "description": _service_description(record),
        "status": "active",
    }
    optional = {
        "url": contact.get("website") or url_for(slug),
        "email": contact.get("email"),
        "application_process": _application_process(record),
        "fees_description": _fees(record.get("payment", {})),
        "accreditations": _accreditations(record.get("accreditations", []), generated),
        "eligibility_description": _eligibility(record),
        "minimum_age": record.get("ages", {}).get("min"),
        "maximum_age": record.get("ages", {}).get("max"),
        "assured_date": record["verification"]["last_verified"],
        "alert": _alert(record),
    }
    service.update({k: v for k, v in optional.items() if v not in (None, "")})
    service["phones"] = _phones(contact.get("phone"), "service_id", service_id, slug)
    service["schedules"] = _schedules(record, service_id)
    service["languages"] = [
        {
            "id": make_id("language", slug, code),
            "service_id": service_id,
            "name": language_name(code),
            "code": code,
        }
        for code in record.get("languages", ["en"])
    ]
    links = []
    for index, loc in enumerate(record.get("locations", [])):
        location = _location(loc, record, org_id, org_key, index)
        location_id = locations.setdefault(location["id"], location)["id"]
        links.append(location_id)
    virtual = _virtual_location(record, org_id)
    if virtual:
        links.append(locations.setdefault(virtual["id"], virtual)["id"])
    service["service_at_locations"] = [
        {
            "id": make_id("service_at_location", slug, location_id),
            "service_id": service_id,
            "location_id": location_id,
        }
        for location_id in dict.fromkeys(links)
    ]
    return service


def _location(
    loc: dict[str, Any], record: dict[str, Any], org_id: str, org_key: str, index: int
) -> dict[str, Any]:
    # Records of one organization at the same address share one HSDS location.
    place = _key(f"{loc['address']} {loc['zip']}")
    location_id = make_id("location", org_key, place)
    location: dict[str, Any] = {
        "id": location_id,
        "location_type": "physical",
        "organization_id": org_id,
        "name": loc.get("name") or record["name"],
    }
    if loc.get("transit"):
        location["transportation"] = loc["transit"]
    coords = loc.get("coordinates")
    if coords:
        location["latitude"] = coords["lat"]
        location["longitude"] = coords["lon"]
    location["addresses"] = [
        {
            "id": make_id("address", org_key, place),
            "location_id": location_id,
            "address_1": loc["address"],
            "city": loc["city"],
            "state_province": loc.get("state", "TX"),
            "postal_code": str(loc["zip"]),
            "country": "US",
            "address_type": "physical",
        }
    ]
    access = loc.get("wheelchair_accessible")
    location["accessibility"] = (
        []
        if access is None
        else [
            {
                "id": make_id("accessibility", org_key, place),
                "location_id": location_id,
                "description": "Wheelchair accessible" if access else "Not wheelchair accessible",
            }
        ]
    )
    return location


def _virtual_location(record: dict[str, Any], org_id: str) -> dict[str, Any] | None:
    fmt = record.get("schedule", {}).get("format")
    website = record.get("contact", {}).get("website")
    if fmt not in ("telehealth", "hybrid") or not website:
        return None
    return {
        "id": make_id("location", "virtual", record["slug"]),
        "location_type": "virtual",
        "url": website,
        "organization_id": org_id,
        "name": f"{record['name']} (telehealth)",
    }


def _phones(phone: str | None, owner: str, owner_id: str, slug: str) -> list[dict[str, Any]]:
    if not phone:
        return []
    match = re.fullmatch(r"(.*?)[\s,]*(?:x|ext\.?|extension)\s*(\d+)", phone, re.IGNORECASE)
    item: dict[str, Any] = {
        "id": make_id("phone", slug),
        owner: owner_id,
        "number": match.group(1) if match else phone,
        "type": "voice",
    }
    if match:
        item["extension"] = int(match.group(2))
    return [item]


def _service_description(record: dict[str, Any]) -> str:
    parts = [record["summary"].strip()]
    if record.get("description"):
        parts.append(markdown_to_text(record["description"]))
    facts = [
        ("Levels of care", record.get("levels_of_care", []), labels("level_of_care")),
        ("Therapies", record.get("therapies", []), labels("therapy")),
    ]
    for title, values, names in facts:
        if values:
            parts.append(f"{title}: {', '.join(names.get(v, v) for v in values)}.")
    custom = record.get("customization", {})
    if custom.get("specialty_tracks"):
        parts.append(f"Specialty tracks: {', '.join(custom['specialty_tracks'])}.")
    if custom.get("notes"):
        parts.append(custom["notes"])
    return "\n\n".join(parts)


def _eligibility(record: dict[str, Any]) -> str:
    parts = []
    conditions = labels("condition")
    if record.get("conditions"):
        parts.append("Treats: " + ", ".join(conditions.get(c, c) for c in record["conditions"]))
    populations = labels("population")
    if record.get("populations"):
        parts.append("Serves: " + ", ".join(populations.get(p, p) for p in record["populations"]))
    ages = record.get("ages", {})
    if "min" in ages and "max" in ages:
        parts.append(f"Ages {ages['min']} to {ages['max']}")
    elif "min" in ages:
        parts.append(f"Ages {ages['min']} and over")
    elif "max" in ages:
        parts.append(f"Ages up to {ages['max']}")
    return ". ".join(parts) + "." if parts else ""


def _fees(payment: dict[str, Any]) -> str:
    names = {k: v for k, v in labels("payment").items() if k != "sliding_scale"}
    accepted = [names[k] for k in names if payment.get(k) is True]
    refused = [names[k] for k in names if payment.get(k) is False]
    parts = []
    if accepted:
        parts.append("Accepts: " + ", ".join(accepted) + ".")
    if refused:
        parts.append("Does not accept: " + ", ".join(refused) + ".")
    if "sliding_scale" in payment:
        parts.append("Sliding-scale fees." if payment["sliding_scale"] else "No sliding scale.")
    if payment.get("insurers"):
        parts.append("Insurers: " + ", ".join(payment["insurers"]) + ".")
    if payment.get("cost_notes"):
        parts.append(payment["cost_notes"])
    return " ".join(parts)


def _accreditations(items: list[dict[str, Any]], generated: date) -> str:
    names = labels("accreditation_body")
    texts = []
    for item in items:
        expires = item.get("expires")
        if expires and str(expires) < generated.isoformat():
            continue  # never advertise an accreditation that has lapsed
        text = names.get(item["body"], item["body"])
        details = [
            f"ID {item['id']}" if item.get("id") else "",
            f"expires {expires}" if expires else "",
        ]
        details = [d for d in details if d]
        texts.append(f"{text} ({', '.join(details)})" if details else text)
    return "; ".join(texts)


def _application_process(record: dict[str, Any]) -> str:
    contact = record.get("contact", {})
    parts = []
    if contact.get("phone"):
        parts.append(f"Call {contact['phone']} to ask about admission.")
    if contact.get("intake_hours"):
        parts.append(f"Intake hours: {contact['intake_hours']}.")
    assessment = record.get("customization", {}).get("assessment")
    if assessment:
        parts.append(assessment)
    return " ".join(parts)


def _alert(record: dict[str, Any]) -> str:
    if record.get("accepting_new_clients") is False:
        return f"Not accepting new clients as of {record['verification']['last_verified']}."
    return ""


def _schedules(record: dict[str, Any], service_id: str) -> list[dict[str, Any]]:
    schedules = []
    text = _schedule_text(record.get("schedule", {}))
    if text:
        item: dict[str, Any] = {
            "id": make_id("schedule", record["slug"], "program"),
            "service_id": service_id,
            "description": text,
        }
        fmt = record.get("schedule", {}).get("format")
        if fmt:
            item["attending_type"] = labels("format").get(fmt, fmt)
        schedules.append(item)
    hours = record.get("contact", {}).get("intake_hours")
    if hours:
        schedules.append(
            {
                "id": make_id("schedule", record["slug"], "intake"),
                "service_id": service_id,
                "description": f"Intake hours: {hours}",
            }
        )
    return schedules


def _schedule_text(schedule: dict[str, Any]) -> str:
    parts = []
    days = schedule.get("days_per_week")
    if isinstance(days, dict):
        parts.append(f"{days['min']} to {days['max']} days a week")
    elif days:
        parts.append(f"{days} day{'s' if days != 1 else ''} a week")
    if schedule.get("hours_per_day"):
        parts.append(f"{schedule['hours_per_day']:g} hours a day")
    if schedule.get("tracks"):
        tracks = labels("track")
        parts.append("tracks: " + ", ".join(tracks.get(t, t).lower() for t in schedule["tracks"]))
    weeks = schedule.get("length_weeks")
    if weeks:
        span = weeks["min"] if weeks["min"] == weeks["max"] else f"{weeks['min']} to {weeks['max']}"
        parts.append(f"usually {span} weeks")
    if schedule.get("format"):
        parts.append(labels("format").get(schedule["format"], schedule["format"]).lower())
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "." if text else ""


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "string"  # Frictionless field type
    format: str | None = None
    required: bool = False
    enum: tuple[str, ...] = ()

    def descriptor(self) -> dict[str, Any]:
        field: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.format:
            field["format"] = self.format
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.name == "id":
            constraints["unique"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            field["constraints"] = constraints
        return field


@dataclass(frozen=True)
class Table:
    name: str  # HSDS object name, also the datapackage resource name
    path: str  # HSDS 3.0 file name
    nested_as: str  # key of the array that holds these objects in the JSON form
    columns: tuple[Column, ...]
    foreign_keys: tuple[tuple[str, str], ...] = ()  # (column, referenced table)


def _uuid(name: str, required: bool = False) -> Column:
    return Column(name, format="uuid", required=required)


def _text(*names: str) -> tuple[Column, ...]:
    return tuple(Column(n) for n in names)


# The HSDS 3.0 tables this export fills, with all their columns (from compiled/tabular.json).
TABLES: tuple[Table, ...] = (
    Table(
        "organization", "organizations.csv", "",
        (_uuid("id", True), Column("name", required=True), Column("alternate_name"),
         Column("description", required=True), Column("email", format="email"),
         Column("website", format="uri"), *_text("tax_status", "tax_id"),
         Column("year_incorporated", "number"), *_text("legal_status", "logo"),
         Column("uri", format="uri"), _uuid("parent_organization_id")),
    ),
    Table(
        "service", "services.csv", "services",
        (_uuid("id", True), _uuid("organization_id", True), _uuid("program_id"),
         Column("name", required=True), *_text("alternate_name", "description"),
         Column("url", format="uri"), Column("email", format="email"),
         Column("status", required=True,
                enum=("active", "inactive", "defunct", "temporarily closed")),
         *_text("interpretation_services", "application_process", "fees_description",
                "wait_time", "fees", "accreditations", "eligibility_description"),
         Column("minimum_age", "number"), Column("maximum_age", "number"),
         Column("assured_date", "date"), Column("assurer_email", format="email"),
         *_text("licenses", "alert"), Column("last_modified", "datetime")),
        (("organization_id", "organization"),),
    ),
    Table(
        "location", "locations.csv", "locations",
        (_uuid("id", True),
         Column("location_type", required=True, enum=("physical", "postal", "virtual")),
         Column("url", format="uri"), _uuid("organization_id"),
         *_text("name", "alternate_name", "description", "transportation"),
         Column("latitude", "number"), Column("longitude", "number"),
         *_text("external_identifier", "external_identifier_type")),
        (("organization_id", "organization"),),
    ),
    Table(
        "address", "addresses.csv", "addresses",
        (_uuid("id", True), _uuid("location_id"), Column("attention"),
         Column("address_1", required=True), Column("address_2"),
         Column("city", required=True), Column("region"),
         Column("state_province", required=True), Column("postal_code", required=True),
         Column("country", required=True),
         Column("address_type", required=True, enum=("physical", "postal", "virtual"))),
        (("location_id", "location"),),
    ),
    Table(
        "phone", "phones.csv", "phones",
        (_uuid("id", True), _uuid("location_id"), _uuid("service_id"),
         _uuid("organization_id"), _uuid("contact_id"), _uuid("service_at_location_id"),
         Column("number", required=True), Column("extension", "number"),
         *_text("type", "description")),
        (("location_id", "location"), ("service_id", "service"),
         ("organization_id", "organization")),
    ),
    Table(
        "schedule", "schedules.csv", "schedules",
        (_uuid("id", True), _uuid("service_id"), _uuid("location_id"),
         _uuid("service_at_location_id"), Column("valid_from", "date"),
         Column("valid_to", "date"), Column("dtstart", "date"),
         Column("timezone", "number"), Column("until", "date"), Column("count", "number"),
         Column("wkst", enum=("MO", "TU", "WE", "TH", "FR", "SA", "SU")),
         Column("freq", enum=("WEEKLY", "MONTHLY")), Column("interval", "number"),
         *_text("byday", "byweekno", "bymonthday", "byyearday", "description"),
         Column("opens_at", "time"), Column("closes_at", "time"),
         Column("schedule_link", format="uri"), *_text("attending_type", "notes")),
        (("service_id", "service"), ("location_id", "location")),
    ),
    Table(
        "language", "languages.csv", "languages",
        (_uuid("id", True), _uuid("service_id"), _uuid("location_id"), _uuid("phone_id"),
         *_text("name", "code", "note")),
        (("service_id", "service"), ("location_id", "location"), ("phone_id", "phone")),
    ),
    Table(
        "service_at_location", "service_at_location.csv", "service_at_locations",
        (_uuid("id", True), _uuid("service_id", True), _uuid("location_id", True),
         Column("description")),
        (("service_id", "service"), ("location_id", "location")),
    ),
    Table(
        "organization_identifier", "organization_identifiers.csv", "organization_identifiers",
        (_uuid("id", True), _uuid("organization_id", True), Column("identifier_scheme"),
         Column("identifier_type", required=True), Column("identifier", required=True)),
        (("organization_id", "organization"),),
    ),
    Table(
        "accessibility", "accessibility.csv", "accessibility",
        (_uuid("id", True), _uuid("location_id"), *_text("description", "details"),
         Column("url", format="uri")),
        (("location_id", "location"),),
    ),
)  # fmt: skip
TABLES_BY_KEY = {t.nested_as: t for t in TABLES if t.nested_as}


def table_rows(organizations: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Flatten nested organizations into rows per table, each object once."""
    rows: dict[str, dict[str, dict[str, Any]]] = {t.name: {} for t in TABLES}
    for org in organizations:
        _collect(org, TABLES[0], rows)
    return {name: list(found.values()) for name, found in rows.items()}


def _collect(obj: dict[str, Any], table: Table, rows: dict[str, dict[str, dict[str, Any]]]) -> None:
    rows[table.name].setdefault(obj["id"], obj)
    for key, value in obj.items():
        child = TABLES_BY_KEY.get(key)
        if child and isinstance(value, list):
            for item in value:
                _collect(item, child, rows)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(value)  # numbers: a minus sign is a number's, not a formula's


def write_hsds(
    organizations: list[dict[str, Any]], out_dir: Path, *, generated: date | None = None
) -> list[Path]:
    """Write organizations.json, datapackage.json and one CSV per table; return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [out_dir / "organizations.json"]
    write_json(organizations, written[0])
    rows = table_rows(organizations)
    for table in TABLES:
        path = out_dir / table.path
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow([c.name for c in table.columns])
            for row in rows[table.name]:
                writer.writerow([_cell(row.get(c.name)) for c in table.columns])
        written.append(path)
    written.append(out_dir / "datapackage.json")
    write_json(datapackage(generated), written[-1])
    return written


def datapackage(generated: date | None = None) -> dict[str, Any]:
    """The Frictionless data package descriptor of the HSDS tables."""
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": "austin-iop-directory-hsds",
        "title": "Austin IOP Directory in HSDS 3.0",
        "description": (
            "Intensive Outpatient Programs in the Austin, Texas area in the Open Referral "
            f"Human Services Data Specification (HSDS) {HSDS_VERSION}, tabular form. "
            f"Attribution: {ATTRIBUTION}."
        ),
        "licenses": [DATA_LICENSE],
    }
    if generated:
        package["created"] = f"{generated.isoformat()}T00:00:00Z"
    package["resources"] = [_resource(table) for table in TABLES]
    return package


def _resource(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [c.descriptor() for c in table.columns],
        "primaryKey": ["id"],
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": [column], "reference": {"resource": target, "fields": ["id"]}}
            for column, target in table.foreign_keys
        ]
    return {
        "name": table.name,
        "path": table.path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }
