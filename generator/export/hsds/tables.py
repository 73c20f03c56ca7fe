"""The HSDS 3.0 tables this export fills, with all their columns, and the flattening of
nested organizations into rows per table (HSDS's tabular form)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.text import FORMULA_STARTS


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


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        # A spreadsheet runs a cell starting "=", "+" ... as a formula: a leading quote
        # makes it text (OWASP's advice on CSV injection).
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(value)  # numbers: a minus sign is a number's, not a formula's


