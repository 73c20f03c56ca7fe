"""Open-data exports: /data/programs.json and the HSDS 3.0 export.

The HSDS export is checked against Open Referral's official HSDS 3.0 JSON Schemas in
../shared/hsds-3.0 (skipped with a reason where that folder is absent), and its
tabular form with Frictionless.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from frictionless import validate as frictionless_validate
from jsonschema import Draft202012Validator, FormatChecker

from generator.export.hsds import TABLES, hsds_files, hsds_organizations, table_rows
from generator.export.licence import DATA_LICENSE
from generator.export.open_data import programs_json, site_link
from generator.loader import load_record
from generator.model import Program, program_from_record
from generator.settings import Settings
from generator.validation.files import validate_record

ROOT = Path(__file__).resolve().parents[1]
HSDS = Path(__file__).resolve().parents[1].parent / "shared" / "hsds-3.0"
FIXTURE_RECORDS = ROOT / "tests" / "fixtures" / "records"
GENERATED = date(2026, 11, 20)
SITE = "https://example.github.io/austin-iop-directory/"
SHARED_ORG = "Fictional Shared Health Network"


# --------------------------------------------------------------------------- inputs


def load_program(path: Path) -> Program | None:
    """A record through the build's own stages: loaded, normalised, then the model."""
    loaded = load_record(path, path.name)
    if loaded.record is None:
        return None
    validate_record(loaded.record, Settings(today=GENERATED))
    return program_from_record(loaded.record)


def load_records() -> list[Program]:
    """The example programs (as many as exist) plus this suite's fixture records."""
    paths = sorted((ROOT / "programs").glob("*.yaml")) + sorted(FIXTURE_RECORDS.glob("*.yaml"))
    return [p for p in (load_program(path) for path in paths) if p is not None]


def url_for(slug: str) -> str:
    return f"programs/{slug}/"


def on_site(slug: str) -> str:
    return site_link(url_for(slug), SITE)


def nowhere(slug: str) -> None:
    return None


def write_hsds(organizations: list[dict[str, Any]], out: Path, *, generated: date) -> None:
    for name, content in hsds_files(organizations, generated=generated).items():
        (out / name).write_bytes(content)


@pytest.fixture(scope="module")
def records() -> list[Program]:
    return load_records()


@pytest.fixture(scope="module")
def published(records: list[Program]) -> list[Program]:
    return [r for r in records if not r.is_draft]


@pytest.fixture(scope="module")
def organizations(records: list[Program]) -> list[dict[str, Any]]:
    return hsds_organizations(records, on_site, GENERATED)


@pytest.fixture(scope="module")
def exported(organizations: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hsds")
    write_hsds(organizations, out, generated=GENERATED)
    return out


def hsds_schema(name: str) -> dict[str, Any]:
    path = HSDS / "compiled" / name
    if not path.is_file():
        pytest.skip(f"{path} is absent: the official HSDS 3.0 schemas are not on this machine")
    return json.loads(path.read_text(encoding="utf-8"))


def services(organizations: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {s["name"]: s for org in organizations for s in org["services"]}


# --------------------------------------------------------------------------- HSDS JSON


def test_every_organization_validates_against_hsds(organizations: list[dict[str, Any]]) -> None:
    validator = Draft202012Validator(
        hsds_schema("organization.json"), format_checker=FormatChecker()
    )
    for org in organizations:
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(org)]
        assert errors == [], org["name"]


def test_organization_list_validates(exported: Path) -> None:
    schema = hsds_schema("organization.json")
    listed = json.loads((exported / "organizations.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(
        {"type": "array", "items": schema}, format_checker=FormatChecker()
    )
    assert list(validator.iter_errors(listed)) == []


def test_one_organization_per_record_or_shared_name(
    organizations: list[Program], published: list[Program]
) -> None:
    assert sum(len(o["services"]) for o in organizations) == len(published)
    shared = [o for o in organizations if o["name"] == SHARED_ORG]
    assert len(shared) == 1
    (org,) = shared
    assert sorted(s["name"] for s in org["services"]) == [
        "Fixture Shared Network Evening IOP",
        "Fixture Shared Network North IOP",
        "Fixture Shared Network South IOP",
    ]
    assert org["description"].startswith("Runs 3 programs listed in the Austin IOP Directory")
    assert "website" not in org  # the south program has none: no single website to give


def test_org_website_needs_agreement(records: list[Program]) -> None:
    south = next(r for r in records if r.slug == "fixture-shared-south")
    north = next(r for r in records if r.slug == "fixture-shared-north")
    (org,) = hsds_organizations([north, south], nowhere, GENERATED)
    assert "website" not in org
    (org,) = hsds_organizations([north], nowhere, GENERATED)
    assert org["website"] == "https://shared-network.example.org/"


def test_shared_address_is_one_location(organizations: list[dict[str, Any]]) -> None:
    org = next(o for o in organizations if o["name"] == SHARED_ORG)
    physical = [loc for loc in org["locations"] if loc["location_type"] == "physical"]
    assert sorted(loc["addresses"][0]["address_1"] for loc in physical) == [
        "100 Example Way",
        "200 Example Way",
    ]
    by_name = {s["name"]: s for s in org["services"]}
    north = {
        link["location_id"]
        for link in by_name["Fixture Shared Network North IOP"]["service_at_locations"]
    }
    evening = {
        link["location_id"]
        for link in by_name["Fixture Shared Network Evening IOP"]["service_at_locations"]
    }
    assert north <= evening  # same clinic; the hybrid evening IOP adds a virtual location
    virtual = [loc for loc in org["locations"] if loc["location_type"] == "virtual"]
    assert [v["url"] for v in virtual] == ["https://shared-network.example.org/"]


def test_licences_are_organization_identifiers(organizations: list[dict[str, Any]]) -> None:
    org = next(o for o in organizations if o["name"] == SHARED_ORG)
    identifiers = sorted(
        (i["identifier"], i["identifier_type"]) for i in org["organization_identifiers"]
    )
    hhsc = "Texas Health and Human Services Commission (HHSC)"
    assert identifiers == [  # FIX-CDTF-0001 is on two records: listed once
        ("FIX-CDTF-0001", f"{hhsc}: Chemical dependency treatment facility licence"),
        ("FIX-MH-0002", f"{hhsc}: Mental health facility licence"),
    ]
    assert all(i["organization_id"] == org["id"] for i in org["organization_identifiers"])


def test_service_fields(organizations: list[dict[str, Any]]) -> None:
    north = services(organizations)["Fixture Shared Network North IOP"]
    assert north["status"] == "active"
    assert north["url"] == "https://shared-network.example.org/"
    assert north["assured_date"] == "2026-10-01"
    assert north["minimum_age"] == 18 and "maximum_age" not in north
    assert north["accreditations"] == (
        "CARF International (Commission on Accreditation of Rehabilitation Facilities) "
        "(ID FIX-0001, expires 2099-01-31)"
    )
    assert north["fees_description"] == ("Accepts: Medicaid, Private insurance. No sliding scale.")
    assert north["eligibility_description"] == (
        "Treats: Substance use. Serves: Adults. Ages 18 and over."
    )
    assert "Levels of care: Intensive outpatient (IOP), Outpatient (OP)." in north["description"]
    assert north["application_process"] == (
        "Call 512-555-0171 to ask about admission. Intake hours: Monday to Friday 9 am to 5 pm."
    )
    schedules = [s["description"] for s in north["schedules"]]
    assert schedules == [
        "3 days a week; 3 hours a day; tracks: morning; in person.",
        "Intake hours: Monday to Friday 9 am to 5 pm",
    ]
    assert north["schedules"][0]["attending_type"] == "In person"
    assert [(lang["code"], lang["name"]) for lang in north["languages"]] == [("en", "English")]


def test_languages_are_named_from_cldr(records: list[Program]) -> None:
    # One table of language names for the site, the importer and the export.
    north = next(r for r in records if r.slug == "fixture-shared-north")
    record = dataclasses.replace(north, languages=("en", "es", "sv", "ht"))
    [org] = hsds_organizations([record], on_site, GENERATED)
    [service] = org["services"]
    assert [(lang["code"], lang["name"]) for lang in service["languages"]] == [
        ("en", "English"), ("es", "Spanish"), ("sv", "Swedish"), ("ht", "Haitian Creole"),
    ]


def test_descriptions_are_plain_text(
    organizations: list[dict[str, Any]], records: list[Program]
) -> None:
    # HSDS text fields hold text: Markdown's ** and [link](url) would show as typed.
    marked = [r for r in records if "**" in (r.description or "")]
    assert marked, "the examples use Markdown in descriptions"
    for service in services(organizations).values():
        assert "**" not in service["description"] and "](" not in service["description"]
    limestone = services(organizations)["Limestone Ledge Recovery"]["description"]
    assert "for eight to twelve weeks. The evening track (6:00–9:00 pm) is built" in limestone


def test_phone_extension_and_closed_program(organizations: list[dict[str, Any]]) -> None:
    service = services(organizations)["Fixture Extension Phone IOP"]
    (phone,) = service["phones"]
    assert (phone["number"], phone["extension"], phone["type"]) == ("512-555-0173", 12, "voice")
    assert service["alert"] == "Not accepting new clients as of 2026-10-01."
    assert service["email"] == "intake@extension.example.org"
    # the lapsed Joint Commission accreditation is not advertised
    assert service["accreditations"] == (
        "National Association of Addiction Treatment Providers (NAATP)"
    )
    assert service["url"] == f"{SITE}programs/fixture-extension-phone/"  # no website: its page


def test_accessibility_and_transit(organizations: list[dict[str, Any]]) -> None:
    org = next(o for o in organizations if o["name"] == SHARED_ORG)
    south = next(loc for loc in org["locations"] if loc.get("transportation"))
    assert south["transportation"] == "Bus stop at the corner."
    assert [a["description"] for a in south["accessibility"]] == ["Not wheelchair accessible"]
    assert (south["latitude"], south["longitude"]) == (30.21, -97.79)
    assert south["addresses"][0]["postal_code"] == "78745"
    assert south["addresses"][0]["country"] == "US"


def test_relative_page_urls_need_the_site_url(records: list[Program]) -> None:
    record = next(r for r in records if r.slug == "fixture-extension-phone")
    (org,) = hsds_organizations([record], nowhere, GENERATED)
    assert "url" not in org["services"][0]  # "programs/..." is not a URI: left out
    (org,) = hsds_organizations([record], lambda s: f"https://x.example/{s}/", GENERATED)
    assert org["services"][0]["url"] == "https://x.example/fixture-extension-phone/"


def test_drafts_are_never_exported(organizations: list[dict[str, Any]]) -> None:
    assert "Fixture Draft Program" not in services(organizations)


def test_ids_are_stable_uuids(
    records: list[Program], organizations: list[dict[str, Any]]
) -> None:
    again = hsds_organizations(list(reversed(records)), on_site, GENERATED)
    assert again == organizations
    ids = [row["id"] for rows in table_rows(organizations).values() for row in rows]
    assert len(ids) == len(set(ids))
    for value in ids:
        assert uuid.UUID(value).version == 5


# --------------------------------------------------------------------------- tabular


def test_datapackage_passes_frictionless(exported: Path) -> None:
    report = frictionless_validate(exported / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_files_written(exported: Path) -> None:
    names = sorted(p.name for p in exported.iterdir())
    assert names == sorted(
        ["organizations.json", "datapackage.json", *(table.path for table in TABLES)]
    )
    package = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"] == [DATA_LICENSE]
    assert package["created"] == "2026-11-20T00:00:00Z"


def test_csv_rows_match_the_json(exported: Path, organizations: list[dict[str, Any]]) -> None:
    rows = table_rows(organizations)
    for table in TABLES:
        with (exported / table.path).open(encoding="utf-8", newline="") as handle:
            found = list(csv.DictReader(handle))
        assert [r["id"] for r in found] == [r["id"] for r in rows[table.name]], table.name
    with (exported / "services.csv").open(encoding="utf-8", newline="") as handle:
        by_name = {r["name"]: r for r in csv.DictReader(handle)}
    org = next(o for o in organizations if o["name"] == SHARED_ORG)
    assert by_name["Fixture Shared Network South IOP"]["organization_id"] == org["id"]
    assert by_name["Fixture Shared Network South IOP"]["maximum_age"] == "17"


def test_tables_follow_hsds_tabular_format() -> None:
    """Each CSV has exactly the columns, order and file name of HSDS 3.0's table."""
    tabular = hsds_schema("tabular.json")["properties"]
    for table in TABLES:
        spec = tabular[table.name]["items"]
        assert table.path == spec["path"]
        scalars = [
            name
            for name, prop in spec["properties"].items()
            if prop.get("type") != "array" and "$ref" not in prop
        ]
        assert [c.name for c in table.columns] == scalars, table.name
        required = set(spec.get("required", [])) | set(spec.get("tabular_required", []))
        assert {c.name for c in table.columns if c.required} == required, table.name


def test_broken_csv_fails_frictionless(exported: Path, tmp_path: Path) -> None:
    """The check has teeth: a service pointing at no organization is caught."""
    for path in exported.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    services_csv = tmp_path / "services.csv"
    lines = services_csv.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    cells = next(csv.reader([lines[1]]))
    cells[header.index("organization_id")] = str(uuid.uuid4())
    buffer = [lines[0], ",".join(f'"{c}"' for c in cells), *lines[2:]]
    services_csv.write_text("\n".join(buffer), encoding="utf-8")
    assert not frictionless_validate(tmp_path / "datapackage.json").valid


# --------------------------------------------------------------------------- programs.json


def test_programs_json(records: list[Program], published: list[Program]) -> None:
    data = programs_json(records, url_for, SITE, generated=GENERATED)
    json.dumps(data)  # plain JSON: dates became text
    assert data["generated"] == "2026-11-20"
    assert data["license"]["name"] == "CC-BY-4.0"
    assert data["license"]["attribution"]
    assert data["schema"] == f"{SITE}schema/programs.schema.json"
    assert data["count"] == len(published) == len(data["programs"])
    slugs = [p["slug"] for p in data["programs"]]
    assert slugs == sorted(slugs)
    assert "fixture-draft" not in slugs
    extension = next(p for p in data["programs"] if p["slug"] == "fixture-extension-phone")
    assert extension["url"] == f"{SITE}programs/fixture-extension-phone/"
    assert extension["verification"]["last_verified"] == "2026-10-01"
    assert extension["accreditations"][0]["expires"] == "2020-01-31"
    assert extension["languages"] == ["en"]
    assert extension["locations"][0]["state"] == "TX"
    assert list(extension)[:2] == ["slug", "url"]


def test_programs_json_has_the_schema_s_defaults() -> None:
    # The record leaves status, example, languages and the location's state out.
    program = load_program(FIXTURE_RECORDS / "fixture-shared-south.yaml")
    assert program is not None
    data = programs_json([program], url_for, None, generated=GENERATED)
    (item,) = data["programs"]
    assert item["status"] == "published"
    assert item["example"] is True
    assert item["languages"] == ["en"]
    assert item["locations"][0]["state"] == "TX"
    assert item["url"] == "/programs/fixture-shared-south/"
    assert data["schema"] == "/schema/programs.schema.json"


def test_every_exported_program_is_schema_valid(records: list[Program]) -> None:
    schema = json.loads((ROOT / "generator" / "schema" / "program.schema.json").read_text())
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    for program in programs_json(records, url_for, SITE, generated=GENERATED)["programs"]:
        body = {k: v for k, v in program.items() if k not in ("slug", "url")}
        assert list(validator.iter_errors(body)) == [], program["slug"]


def test_one_hour_a_day_is_singular_as_on_the_pages(published: list[Program]) -> None:
    # The export once wrote "1 hours a day": it now words schedules as the pages do.
    base = next(p for p in published if p.schedule.days_per_week is not None)
    schedule = dataclasses.replace(base.schedule, hours_per_day=1.0)
    one_hour = dataclasses.replace(base, schedule=schedule)
    [org] = hsds_organizations([one_hour], url_for, generated=GENERATED)
    [service] = org["services"]
    description = service["schedules"][0]["description"]
    assert "; 1 hour a day;" in description and "hours a day" not in description
