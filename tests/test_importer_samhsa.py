"""The SAMHSA treatment-locator importer: mapping, messy values, duplicates, errors.

Fixtures in tests/fixtures/samhsa/ are hand-made, with fictional facilities, in the
locator's two layouts. Where ../shared/data holds real locator files, they are
imported too (never copied into the repository).
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from generator.importers.samhsa import (
    ImportReport,
    Rejected,
    SourceError,
    format_report,
    import_samhsa,
    services,
)
from generator.importers.samhsa.cleaning import (
    clean_coordinates,
    clean_phone,
    clean_text,
    clean_website,
    clean_zip,
    tidy_case,
    zip_centroid,
)
from generator.importers.samhsa.services import map_services, service_groups
from generator.settings import Settings
from generator.validation import validate_paths

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "samhsa"
CSV_FIXTURE = FIXTURES / "locator-facilities.csv"
JSON_FIXTURE = FIXTURES / "locator-api.json"
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SCHEMA = json.loads((ROOT / "generator" / "schema" / "program.schema.json").read_text())
TODAY = date(2026, 11, 20)
AUSTIN = (30.2672, -97.7431)


# --------------------------------------------------------------------------- helpers


def run(source: Path, programs: Path, **options: Any) -> ImportReport:
    options.setdefault("center", AUSTIN)
    options.setdefault("radius_miles", 60.0)
    return import_samhsa(source, programs, today=TODAY, **options)


def import_rows(tmp_path: Path, header: str, *rows: str) -> ImportReport:
    """Import a small CSV of the given rows (substance-use facilities) into tmp_path."""
    source = tmp_path / "substance-use.csv"
    source.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return run(source, tmp_path / "programs")


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def as_json(value: Any) -> Any:
    """yaml.safe_load gives dates; the schema wants ISO strings."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def validator_errors(folder: Path) -> list[str]:
    """Errors of the project's whole validator (schema, record and collection checks)."""
    report = validate_paths([folder], Settings(today=TODAY))
    return [d.format_text() for d in report.diagnostics if d.is_error]


def schema_errors(record: dict[str, Any]) -> list[str]:
    validator = Draft202012Validator(SCHEMA, format_checker=FormatChecker())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(as_json(record))]


def written_by_row(report: ImportReport) -> dict[int, dict[str, Any]]:
    return {row: load(path) for path, row in report.written_rows.items()}


def skipped_rows(report: ImportReport) -> list[int]:
    return sorted(
        [d.row for d in report.duplicates]
        + [o.row for o in report.outside_area]
        + [r.row for r in report.rejected]
        + [n.row for n in report.not_iop]
    )


def assert_every_row_explained(report: ImportReport) -> None:
    rows = sorted(list(report.written_rows.values()) + skipped_rows(report))
    assert len(rows) == len(set(rows)) == report.rows_read, format_report(report)
    text = format_report(report)
    for row in skipped_rows(report):
        assert f"row {row}: " in text


@pytest.fixture(scope="module")
def csv_import(tmp_path_factory: pytest.TempPathFactory) -> tuple[ImportReport, Path]:
    programs = tmp_path_factory.mktemp("csv") / "programs"
    return run(CSV_FIXTURE, programs), programs


@pytest.fixture(scope="module")
def json_import(tmp_path_factory: pytest.TempPathFactory) -> tuple[ImportReport, Path]:
    programs = tmp_path_factory.mktemp("json") / "programs"
    return run(JSON_FIXTURE, programs), programs


@pytest.fixture(scope="module")
def full_row(json_import: tuple[ImportReport, Path]) -> dict[str, Any]:
    """Row 1 of the JSON fixture lists a value of every service group."""
    return written_by_row(json_import[0])[1]


# --------------------------------------------------------------------------- CSV layout


def test_csv_summary(csv_import: tuple[ImportReport, Path]) -> None:
    report, _ = csv_import
    assert report.summary() == (
        "20 rows read, 11 written, 2 skipped as possible duplicates, 1 outside the area, 6 rejected"
    )
    assert "ignored unknown column(s): fax" in report.notes  # unknown columns are noted
    assert_every_row_explained(report)


def test_csv_rejections_name_row_and_reason(csv_import: tuple[ImportReport, Path]) -> None:
    reasons = {r.row: r.reason for r in csv_import[0].rejected}
    assert reasons == {
        5: "no ZIP code; no coordinates, and no ZIP to place it by",
        6: "no facility name (name1 is empty)",
        14: "the row has 19 values but the header has 18 columns (probably an unquoted comma)",
        15: "ZIP '7870' is not a 5-digit ZIP code",
        17: "the data does not say whether it treats substance use or mental health "
        "(no type_facility value); import the file again with --conditions, e.g. "
        "--conditions substance-use",
        18: "no street address (street1 is empty)",
    }


def test_blank_line_keeps_spreadsheet_row_numbers(csv_import: tuple[ImportReport, Path]) -> None:
    # Line 20 of the file is blank: the rows after it keep their spreadsheet numbers.
    records = written_by_row(csv_import[0])
    assert records[21]["locations"][0]["city"] == "Pflugerville"
    assert records[21]["verification"]["source"] == "locator-facilities.csv row 21"


def test_outside_area_reports_name_and_miles(csv_import: tuple[ImportReport, Path]) -> None:
    (outside,) = csv_import[0].outside_area
    assert (outside.row, outside.name) == (7, "Big D Example Recovery")
    assert 175 < outside.miles < 190


def test_csv_records_are_schema_valid_drafts(csv_import: tuple[ImportReport, Path]) -> None:
    report, _ = csv_import
    for path in report.written:
        record = load(path)
        assert schema_errors(record) == [], path
        assert record["status"] == "draft"
        assert "levels_of_care" not in record  # the CSV does not say IOP: the editor must
        row = report.written_rows[path]
        assert record["verification"] == {
            "last_verified": TODAY,
            "verified_by": "SAMHSA treatment locator import",
            "method": "import",
            "source": f"locator-facilities.csv row {row}",
            "notes": record["verification"]["notes"],
        }


def test_file_starts_with_schema_line_and_editor_checklist(
    csv_import: tuple[ImportReport, Path],
) -> None:
    for path in csv_import[0].written:
        lines = path.read_text(encoding="utf-8").splitlines()
        # The schema the validator uses, found from the folder the draft is in.
        reference = lines[0].removeprefix("# yaml-language-server: $schema=")
        assert reference != lines[0]
        schema = (path.parent / reference).resolve()
        assert schema == (Path(__file__).parents[1] / "generator" / "schema" /
                          "program.schema.json").resolve()
        comments = "\n".join(line for line in lines if line.startswith("#"))
        assert "Before publishing, an editor must" in comments
        assert "levels_of_care" in comments
        assert "delete this comment block" in comments


def test_yaml_round_trips_exactly(csv_import: tuple[ImportReport, Path]) -> None:
    for path in csv_import[0].written:
        text = path.read_text(encoding="utf-8")
        record = yaml.safe_load(text)
        again = yaml.safe_dump(record, sort_keys=False, allow_unicode=True)
        assert yaml.safe_load(again) == record
        assert isinstance(record["locations"][0]["zip"], str)  # ZIPs stay text
        if "contact" in record and "phone" in record["contact"]:
            assert isinstance(record["contact"]["phone"], str)


def test_summary_is_factual_and_fits(csv_import: tuple[ImportReport, Path]) -> None:
    record = written_by_row(csv_import[0])[2]
    assert record["summary"] == (
        "Substance use treatment facility in Austin, TX, imported from the SAMHSA treatment "
        "locator and not yet verified."
    )
    for path in csv_import[0].written:
        assert 20 <= len(load(path)["summary"]) <= 300


# --------------------------------------------------------------------------- messy values


def test_zip_plus_four_extension_and_https_site(csv_import: tuple[ImportReport, Path]) -> None:
    record = written_by_row(csv_import[0])[2]
    assert record["locations"][0]["zip"] == "78701"  # from "78701-1234"
    assert record["contact"] == {
        "phone": "512-555-0101",  # the number without " x123"
        "website": "https://quillfeather.example.org/",
    }
    assert "Phone: 512-555-0101 ext. 123" in record["description"]
    assert "Intake phone: 512-555-0102" in record["description"]
    assert "extension 123" in record["verification"]["notes"]


def test_capitals_whitespace_na_and_http_site(csv_import: tuple[ImportReport, Path]) -> None:
    record = written_by_row(csv_import[0])[3]
    assert record["name"] == "Zephyr Hollow Counseling"  # "  ZEPHYR HOLLOW COUNSELING  "
    location = record["locations"][0]
    assert location["address"] == "455 East Pecan Street"  # "  455   east  PECAN   street "
    assert (location["city"], location["state"]) == ("Austin", "TX")  # AUSTIN, tx
    assert record["contact"] == {"phone": "512-555-0103"}  # http site left out...
    assert "https://zephyr-hollow.example.org" in record["verification"]["notes"]  # ...noted


def test_missing_coordinates_fall_back_to_zip_centroid(
    csv_import: tuple[ImportReport, Path],
) -> None:
    records = written_by_row(csv_import[0])
    for row, zip_code, problem in ((4, "78704", "gives no"), (16, "78666", "not numbers"),
                                   (22, "78701", "not a real position")):  # fmt: skip
        record = records[row]
        lat, lon = zip_centroid(zip_code)
        assert record["locations"][0]["coordinates"] == {"lat": lat, "lon": lon}
        notes = record["verification"]["notes"]
        assert f"centre of ZIP {zip_code}" in notes and problem in notes
        assert "contact" not in record or "phone" not in record["contact"]  # "N/A" phone


def test_zip_stored_as_number_and_bad_phone_and_site(
    csv_import: tuple[ImportReport, Path],
) -> None:
    record = written_by_row(csv_import[0])[8]
    assert record["locations"][0]["zip"] == "78745"  # "78745.0"
    assert "contact" not in record
    notes = record["verification"]["notes"]
    assert "'+44 20 7946 0958' is not a US number" in notes
    assert "'htp//not a site' is not a valid address" in notes


def test_second_name_field(csv_import: tuple[ImportReport, Path]) -> None:
    records = written_by_row(csv_import[0])
    # a name split over name1 and name2
    assert records[11]["name"] == "Sunrise Example Counseling and Wellness Services"
    # a "doing business as" name is the name families know
    assert (records[12]["name"], records[12]["organization"]) == (
        "Bluestem Evening IOP",
        "Bluestem Holdings Inc",
    )
    # a legal name is the organisation
    assert records[13]["organization"] == "Cactus Flower Health LLC"
    # anything else is told in the description, not invented into a field
    assert "organization" not in records[20]
    assert "Huisache Example House – Austin" in records[20]["description"]
    assert records[20]["locations"][0]["city"] == "Austin"  # "austin"
    assert records[20]["contact"]["website"] == "https://huisache.example.org/Intake"
    assert records[20]["contact"]["phone"] == "512-555-0120"  # "512.555.0120 ext. 7"


def test_a_taken_name_gets_the_city(csv_import: tuple[ImportReport, Path]) -> None:
    report, programs = csv_import
    record = written_by_row(report)[21]
    assert record["name"] == "Quillfeather Recovery Center (Pflugerville)"
    assert (programs / "quillfeather-recovery-center-pflugerville.yaml").is_file()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("78701", ("78701", None)),
        (78701, ("78701", None)),
        (78701.0, ("78701", None)),
        ("78701.0", ("78701", None)),
        ("78701-1234", ("78701", None)),
        ("787011234", ("78701", None)),
        (" 78701 ", ("78701", None)),
        (2134, ("02134", None)),  # a number lost its leading zero
        ("NA", (None, None)),
        ("N/A", (None, None)),
        ("", (None, None)),
        (None, (None, None)),
        ("TX", (None, "ZIP 'TX' is not a 5-digit ZIP code")),
        ("787", ("00787", None)),
    ],
)
def test_clean_zip(value: Any, expected: tuple[str | None, str | None]) -> None:
    assert clean_zip(value) == expected


@pytest.mark.parametrize(
    ("value", "number", "extension"),
    [
        ("512-555-0142", "512-555-0142", None),
        ("(512) 555-0142", "512-555-0142", None),
        ("512.555.0142", "512-555-0142", None),
        ("5125550142", "512-555-0142", None),
        ("+1 512 555 0142", "512-555-0142", None),
        ("512-555-0100 x123", "512-555-0100", "123"),
        ("512-555-0100 ext. 45", "512-555-0100", "45"),
        ("512-555-0100 extension 6", "512-555-0100", "6"),
        ("5125550142.0", "512-555-0142", None),  # a spreadsheet number stored as text
    ],
)
def test_clean_phone(value: str, number: str, extension: str | None) -> None:
    phone, problem = clean_phone(value)
    assert problem is None
    assert phone is not None
    assert (phone.number, phone.extension) == (number, extension)


@pytest.mark.parametrize(
    ("value", "kept"),
    [("512-544-5253/5255", "512-544-5253"), ("512-396-8500 or 800-848-9090", "512-396-8500")],
)
def test_a_field_with_several_phones_keeps_the_first_and_says_so(value: str, kept: str) -> None:
    phone, note = clean_phone(value)
    assert phone is not None and phone.number == kept
    assert note == f"the phone field reads {value!r}; only the first number, {kept}, was kept"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("+44 20 7946 0958", "not a US number"),
        ("call us", "could not be read"),
        ("123", "not a valid US number"),
        ("NA", None),
    ],
)
def test_clean_phone_rejects(value: str, problem: str | None) -> None:
    phone, found = clean_phone(value)
    assert phone is None
    assert (found is None) if problem is None else (problem in (found or ""))


@pytest.mark.parametrize(
    ("value", "url", "problem"),
    [
        ("https://example.org/", "https://example.org/", None),
        ("HTTPS://WWW.Example.ORG/Path", "https://www.example.org/Path", None),
        ("http://example.org", None, "not https: check that https://example.org works"),
        ("www.example.org", None, "not https: check that https://www.example.org works"),
        ("not a site", None, "is not a valid address"),
        ("ftp://example.org", None, "is not an https address"),
        ("http://[::1", None, "is not a valid address"),
        ("N/A", None, None),
        ("mailto:intake@example.org", None, "holds an email address"),
        ("intake@example.org", None, "add it as contact.email"),
    ],
)
def test_clean_website(value: str, url: str | None, problem: str | None) -> None:
    found_url, found_problem = clean_website(value)
    assert found_url == url
    assert (found_problem is None) if problem is None else (problem in (found_problem or ""))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  a \t b\u00a0 c  ", "a b c"),
        ("NA", None),
        ("n/a", None),
        ("NULL", None),
        ("", None),
        (float("nan"), None),
        (30.0, "30"),
        (None, None),
    ],
)
def test_clean_text(value: Any, expected: str | None) -> None:
    assert clean_text(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("AUSTIN", "Austin"),
        ("round rock", "Round Rock"),
        ("SAN MARCOS TREATMENT CTR", "San Marcos Treatment Ctr"),
        ("THE MHMR CENTER OF AUSTIN LLC", "The MHMR Center of Austin LLC"),
        ("MEN'S RECOVERY", "Men's Recovery"),
        ("1ST STREET IH35 SUITE B", "1st Street IH35 Suite B"),
        ("PACT", "PACT"),  # a lone short word in capitals is an acronym
        ("Center for Discovery", "Center for Discovery"),  # typed with care: kept
        ("bbTrails", "bbTrails"),
        ("MCDADE", "McDade"),
        ("MC HEALTH SERVICES", "MC Health Services"),  # a name, not a town: kept apart
        ("O'CONNOR HOUSE", "O'Connor House"),
        ("ROUND ROCK ISD", "Round Rock ISD"),
        ("DRS. SMITH AND JONES", "Drs. Smith and Jones"),
    ],
)
def test_tidy_case(value: str, expected: str) -> None:
    assert tidy_case(value) == expected


@pytest.mark.parametrize("written", ["MC DADE", "Mc Dade", "mcdade"])
def test_a_town_is_named_as_its_people_write_it(tmp_path: Path, written: str) -> None:
    [path] = import_rows(tmp_path, "name1,street1,city,state,zip,latitude,longitude",
                         f"Example Place,1 Main St,{written},TX,78650,30.2880,-97.3390").written
    assert load(path)["locations"][0]["city"] == "McDade"


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        ("30.2672", "-97.7431", (30.2672, -97.7431)),
        (30.26721234, -97.74319876, (30.267212, -97.743199)),
        ("NA", "NA", None),
        ("", "-97.7", None),
        ("abc", "def", None),
        ("0", "0", None),
        ("95", "-97", None),
        ("nan", "inf", None),
    ],
)
def test_clean_coordinates(lat: Any, lon: Any, expected: tuple[float, float] | None) -> None:
    assert clean_coordinates(lat, lon)[0] == expected


# --------------------------------------------------------------------------- duplicates


def test_duplicate_by_name_and_address(csv_import: tuple[ImportReport, Path]) -> None:
    report, programs = csv_import
    dup = next(d for d in report.duplicates if d.row == 9)
    # "1200 Quillfeather Ln, Ste 100" is "1200 Quillfeather Lane, Suite 100", 1.3 km away
    assert dup.existing == programs / "quillfeather-recovery-center.yaml"
    assert dup.reason == "same name and address as"


def test_the_same_name_and_street_without_the_suite_is_a_duplicate(tmp_path: Path) -> None:
    report = import_rows(tmp_path, "name1,street1,street2,city,state,zip,latitude,longitude",
                         "Lakeway Example IOP,1310 Lohmans Crossing,Suite 240,Lakeway,TX,78734,"
                         "30.3630,-97.9790",
                         "LAKEWAY EXAMPLE IOP,1310 Lohmans Crossing,,Lakeway,TX,78734,"
                         "30.3640,-97.9790")
    assert len(report.written) == 1
    [dup] = report.duplicates
    assert (dup.row, dup.reason) == (3, "same name and address as")


def test_texas_ranch_roads_are_streets_not_rooms(tmp_path: Path) -> None:
    report = import_rows(tmp_path, "name1,street1,city,state,zip,latitude,longitude",
                         "Hill Example IOP,12343 RM 620 N,Austin,TX,78750,30.4400,-97.8000",
                         "Hill Example IOP,12343 RM 1431,Austin,TX,78750,30.4700,-97.8300")
    assert len(report.written) == 2 and report.duplicates == []


def test_duplicate_by_coordinates_within_50_m(csv_import: tuple[ImportReport, Path]) -> None:
    report, programs = csv_import
    dup = next(d for d in report.duplicates if d.row == 10)
    assert dup.name == "Prairie Smoke Wellness"
    assert dup.existing == programs / "zephyr-hollow-counseling.yaml"
    assert dup.reason == "12 m from"
    assert "row 10: Prairie Smoke Wellness: 12 m from" in format_report(report)


def test_running_twice_writes_nothing_new(tmp_path: Path) -> None:
    for fixture in (CSV_FIXTURE, JSON_FIXTURE):
        first = run(fixture, tmp_path)
        before = {p: p.read_bytes() for p in tmp_path.iterdir()}
        second = run(fixture, tmp_path)
        assert second.written == []
        assert {p: p.read_bytes() for p in tmp_path.iterdir()} == before
        assert len(second.duplicates) == len(first.written) + len(first.duplicates)
        assert_every_row_explained(second)


def test_existing_records_are_never_overwritten(tmp_path: Path) -> None:
    # A hand-written record that takes the slug the importer would choose, elsewhere.
    existing = tmp_path / "quillfeather-recovery-center.yaml"
    existing.write_text("name: Quillfeather Recovery Center\nlocations: []\n", encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    report = run(CSV_FIXTURE, tmp_path)
    assert existing.read_text(encoding="utf-8").startswith("name: Quillfeather")
    record = written_by_row(report)[2]
    assert record["name"] == "Quillfeather Recovery Center (Austin)"
    assert (tmp_path / "quillfeather-recovery-center-austin.yaml").is_file()
    assert any("broken.yaml" in note for note in report.notes)


def test_existing_hand_written_record_is_a_duplicate(tmp_path: Path) -> None:
    (tmp_path / "zephyr.yaml").write_text(
        "name: Zephyr Hollow Counseling\n"
        "locations:\n"
        "  - address: 455 E. Pecan St.\n    city: Austin\n    zip: '78702'\n",
        encoding="utf-8",
    )
    report = run(CSV_FIXTURE, tmp_path)
    dup = next(d for d in report.duplicates if d.row == 3)
    assert dup.existing == tmp_path / "zephyr.yaml"
    assert dup.reason == "same name and address as"


ZEPHYR = ("locations:\n  - address: 455 E. Pecan St.\n    city: Austin\n    zip: '78702'\n")


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        ("link", "a symbolic link"),
        ("name: Another Place\nname: Zephyr Hollow Counseling\n" + ZEPHYR, "appears twice"),
        ("name: !!python/object/apply:os.getcwd []\n" + ZEPHYR, "not allowed in records"),
    ],
    ids=["link", "duplicate-key", "tag"],
)
def test_a_record_the_loader_refuses_is_noted_not_trusted(
    tmp_path: Path, make: str, problem: str
) -> None:
    # Existing records are read as the validator reads them, never around its protections.
    programs = tmp_path / "programs"
    programs.mkdir()
    refused = programs / "zephyr.yaml"
    if make == "link":
        elsewhere = tmp_path / "elsewhere.yaml"
        elsewhere.write_text("name: Zephyr Hollow Counseling\n" + ZEPHYR, encoding="utf-8")
        refused.symlink_to(elsewhere)
    else:
        refused.write_text(make, encoding="utf-8")
    report = run(CSV_FIXTURE, programs)
    [note] = [n for n in report.notes if str(refused) in n]
    assert note.startswith(f"could not read {refused} to check for duplicates (")
    assert problem in note
    assert all(d.existing != refused for d in report.duplicates)
    assert 3 in report.written_rows.values()  # Zephyr Hollow Counseling, row 3
    assert (programs / "zephyr.yaml").is_symlink() == (make == "link")  # left as it was


def test_zip_centroids_are_not_compared_for_distance(tmp_path: Path) -> None:
    csv_text = (
        "name1,street1,city,state,zip,latitude,longitude,type_facility\n"
        "Alpha Example Place,1 Alpha Street,Austin,TX,78701,NA,NA,SA\n"
        "Beta Example Place,2 Beta Street,Austin,TX,78701,,,SA\n"
    )
    source = tmp_path / "two.csv"
    source.write_text(csv_text, encoding="utf-8")
    report = run(source, tmp_path / "programs")
    assert len(report.written) == 2 and report.duplicates == []


# --------------------------------------------------------------------------- JSON layout


def test_json_summary(json_import: tuple[ImportReport, Path]) -> None:
    report, _ = json_import
    assert report.summary() == (
        "8 rows read, 5 written, 0 skipped as possible duplicates, 1 outside the area, 1 rejected, "
        "1 skipped as not offering intensive outpatient care"
    )
    assert report.rejected[0] == Rejected(5, "the row is not a JSON object")
    assert report.not_iop[0].settings == "Residential; Long-term residential"
    assert "page 1 of 2" in report.notes[0]
    assert_every_row_explained(report)
    for path in report.written:
        assert schema_errors(load(path)) == [], path


def test_service_settings_set(full_row: dict[str, Any]) -> None:
    # Outpatient (umbrella) alone adds nothing; detox and aftercare (TRSRV) are levels.
    assert full_row["levels_of_care"] == ["iop", "php", "op", "detox", "aftercare"]
    assert "Other service settings: Telemedicine/telehealth" in full_row["description"]


@pytest.mark.parametrize(
    ("settings", "levels"),
    [
        ("Outpatient; Intensive outpatient treatment", ["iop"]),
        ("Intensive outpatient treatment; Outpatient day treatment or partial hospitalization",
         ["iop", "php"]),
        ("Intensive outpatient treatment; Residential; Short-term residential",
         ["iop", "residential"]),
        ("Intensive outpatient treatment; Hospital inpatient detoxification", ["iop", "detox"]),
        ("Outpatient", ["op"]),
        ("Outpatient; Regular outpatient treatment", ["op"]),
        ("Hospital inpatient", []),
    ],
)  # fmt: skip
def test_set_values(settings: str, levels: list[str]) -> None:
    facts = map_services(service_groups([{"f2": "SET", "f3": settings}]))
    assert sorted(facts.levels) == sorted(levels)


def test_accreditations_lca(full_row: dict[str, Any]) -> None:
    assert full_row["accreditations"] == [
        {"body": b} for b in ("joint-commission", "carf", "ncqa", "coa", "hfap")
    ]
    # state licensing has no number in the data: told, not turned into a licence
    assert "licenses" not in full_row
    assert (
        "Licensed, certified or accredited by: State substance abuse agency"
        in (full_row["description"])
    )


def test_lca_without_abbreviations() -> None:
    values = "The Joint Commission; Commission on Accreditation of Rehabilitation Facilities"
    facts = map_services(service_groups([{"f2": "LCA", "f3": values}]))
    assert facts.accreditations == ["joint-commission", "carf"]


def test_payment_pay_and_pyas(full_row: dict[str, Any]) -> None:
    payment = full_row["payment"]
    assert {k: v for k, v in payment.items() if k != "cost_notes"} == {
        "medicaid": True,
        "medicare": True,
        "tricare": True,
        "private_insurance": True,
        "self_pay": True,
        "sliding_scale": True,
    }
    assert "State-financed health insurance plan other than Medicaid" in payment["cost_notes"]


def test_payment_never_invents_false() -> None:
    facts = map_services(service_groups([{"f2": "PAY", "f3": "Medicaid"}]))
    assert facts.payment == {"medicaid": True}


def test_treatment_approaches_tap(full_row: dict[str, Any]) -> None:
    assert full_row["therapies"] == [
        "group", "individual", "family", "cbt", "dbt", "motivational-interviewing",
        "trauma-informed", "relapse-prevention", "medication-management", "mat",
        "twelve-step-facilitation", "contingency-management", "experiential", "peer-support",
    ]  # fmt: skip
    assert "Other treatment approaches: Anger management; Matrix Model" in (full_row["description"])


def test_emdr_is_a_therapy() -> None:
    services = [{"f2": "TAP", "f3": "Eye Movement Desensitization and Reprocessing therapy"}]
    assert map_services(service_groups(services)).therapies == {"emdr"}


def test_special_groups_sg_and_ages_age(full_row: dict[str, Any]) -> None:
    assert full_row["populations"] == [
        "adults", "young-adults", "adolescents", "older-adults", "women", "men", "lgbtq",
        "veterans", "pregnant-postpartum",
    ]  # fmt: skip
    assert "Other special programs or groups: Persons with HIV or AIDS" in (full_row["description"])
    assert "ages" not in full_row  # age groups do not give exact ages: not invented


@pytest.mark.parametrize(
    ("group", "values", "populations"),
    [
        ("AGE", "Adults", ["adults"]),
        ("AGE", "Young adults", ["young-adults"]),
        ("AGE", "Children/adolescents", ["adolescents"]),
        ("AGE", "Seniors (65 or older)", ["older-adults"]),
        ("SG", "Veterans", ["veterans"]),
        ("SG", "Children/adolescents with serious emotional disturbance (SED)",
         ["adolescents"]),
        ("SG", "Military families", ["families"]),
        ("GN", "Male", ["men"]),
        ("GN", "Female", ["women"]),
        ("GN", "Female; Male", []),
    ],
)  # fmt: skip
def test_population_values(group: str, values: str, populations: list[str]) -> None:
    facts = map_services(service_groups([{"f2": group, "f3": values}]))
    assert sorted(facts.populations) == sorted(populations)


def test_languages_sl_and_ol(full_row: dict[str, Any]) -> None:
    assert full_row["languages"] == ["en", "es", "vi"]
    description = full_row["description"]
    assert "Other languages: Hmong" in description  # no ISO 639-1 code: told, not coded
    assert "Language services: Services for the deaf and hard of hearing" in description


def test_language_in_sl_group() -> None:
    facts = map_services(service_groups([{"f2": "SL", "f3": "Spanish; American Sign Language"}]))
    assert facts.languages == ["en", "es"]
    assert facts.other["SL"] == ["American Sign Language"]


@pytest.mark.parametrize(
    ("values", "codes", "told"),
    [
        ("Spanish; Swedish; Nepali", ["en", "es", "sv", "ne"], []),  # CLDR's English names
        ("Bengali; Farsi; Haitian Creole; Mandarin", ["en", "bn", "fa", "ht", "zh"], []),
        # No ISO 639-1 code: told in the description, not coded.
        ("Hmong; Creole; American Sign Language; ASL", [],
         ["Hmong", "Creole", "American Sign Language", "ASL"]),
    ],
)
def test_languages_by_their_cldr_names(values: str, codes: list[str], told: list[str]) -> None:
    facts = map_services(service_groups([{"f2": "OL", "f3": values}]))
    assert facts.languages == codes
    assert facts.other.get("OL", []) == told


def test_conditions_from_type_of_care_and_co_occurring(full_row: dict[str, Any]) -> None:
    assert full_row["conditions"] == ["substance-use", "mental-health", "co-occurring"]


def test_both_types_without_co_occurring(json_import: tuple[ImportReport, Path]) -> None:
    record = written_by_row(json_import[0])[8]  # SA facility whose care type is mental health
    assert record["conditions"] == ["substance-use", "mental-health"]


def test_number_values_and_single_gender(json_import: tuple[ImportReport, Path]) -> None:
    record = written_by_row(json_import[0])[4]
    assert record["locations"][0]["zip"] == "78723"  # a JSON number
    assert record["locations"][0]["coordinates"] == {"lat": 30.31, "lon": -97.69}
    assert record["populations"] == ["men"]
    assert record["languages"] == ["en", "de"]
    assert record["accreditations"] == [{"body": "achc"}]
    assert record["therapies"] == ["medication-management", "mat"]


def test_malformed_services_are_ignored(json_import: tuple[ImportReport, Path]) -> None:
    record = written_by_row(json_import[0])[7]
    assert record["levels_of_care"] == ["iop"]  # from the lower-case "set" group
    assert record["conditions"] == ["mental-health"]
    assert "languages" not in record
    assert record["locations"][0]["zip"] == "78758"


def test_no_services_means_no_levels(json_import: tuple[ImportReport, Path]) -> None:
    record = written_by_row(json_import[0])[3]
    assert "levels_of_care" not in record and record["conditions"] == ["mental-health"]


def test_non_iop_rows_imported_on_request(tmp_path: Path) -> None:
    report = run(JSON_FIXTURE, tmp_path, iop_only=False)
    assert report.not_iop == []
    record = written_by_row(report)[2]
    assert "levels_of_care" not in record  # the schema needs iop in levels_of_care
    assert "Service settings: Residential; Long-term residential" in record["description"]
    assert record["summary"].startswith("Residential substance use treatment facility")
    assert schema_errors(record) == []


def test_conditions_argument_and_file_name(tmp_path: Path) -> None:
    csv_text = "name1,street1,city,state,zip,latitude,longitude\nQuiet Example Place,1 Q Street,Austin,TX,78701,30.27,-97.74\n"  # noqa: E501
    plain = tmp_path / "export.csv"
    plain.write_text(csv_text, encoding="utf-8")
    assert run(plain, tmp_path / "a").rejected[0].row == 2
    given_conditions = run(plain, tmp_path / "b", conditions=["mental-health"])
    assert load(given_conditions.written[0])["conditions"] == ["mental-health"]
    named = tmp_path / "substance-use-facilities.csv"
    named.write_text(csv_text, encoding="utf-8")
    record = load(run(named, tmp_path / "c").written[0])
    assert record["conditions"] == ["substance-use"]
    assert "comes from the file name" in record["verification"]["notes"]


def test_area_options(tmp_path: Path) -> None:
    near_dallas = run(CSV_FIXTURE, tmp_path / "a", center=(32.78, -96.80), radius_miles=10)
    assert [w for w in near_dallas.written_rows.values()] == [7]
    small = run(CSV_FIXTURE, tmp_path / "b", radius_miles=1.0)
    assert all(o.miles > 1.0 for o in small.outside_area)
    assert len(small.written) < 11


def test_mapping_targets_are_in_the_schema() -> None:
    defs = SCHEMA["$defs"]
    targets = {
        "level_of_care": [t for rules in services.LEVEL_RULES.values() for _, t in rules],
        "accreditation_body": [t for _, t in services.ACCREDITATION_RULES],
        "population": [t for rules in services.POPULATION_RULES.values() for _, t in rules],
        "therapy": [t for rules in services.THERAPY_RULES.values() for _, t in rules if t],
        "condition": [t for rules in services.CONDITION_RULES.values() for _, t in rules]
        + list(services.FACILITY_TYPES.values()),
    }
    for name, values in targets.items():
        assert set(values) <= set(defs[name]["enum"]), name
    assert {t for _, t in services.PAYMENT_RULES} <= set(defs["payment"]["properties"])


def test_the_importer_uses_only_earlier_stages() -> None:
    # Data flows one way: the importer writes records, it never needs pages or the site.
    code = "import sys, generator.importers.samhsa; print(*sorted(sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=ROOT).stdout.split()
    later = ("generator.render", "generator.export", "generator.site", "generator.finder",
             "generator.model", "generator.validation", "generator.mkdocs_adapter",
             "generator.cli", "mkdocs", "jinja2")
    assert [m for m in loaded if m.startswith(later)] == []


# --------------------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("blank.csv", b" \n\n", "the file is empty"),
        ("bom-only.csv", b"\xef\xbb\xbf", "the file is empty"),
        ("latin1.csv", "name1,city\nCaf\u00e9,Austin\n".encode("latin-1"), "not UTF-8"),
        ("broken.json", b'{"rows": [', "invalid JSON at line 1"),
        ("other.json", b'{"data": []}', 'expected an object with a "rows" list'),
        ("scalar.json", b"[1", "invalid JSON"),
        ("number.json", b'"text"', "not a SAMHSA locator CSV"),
        ("other.csv", b"id,title\n1,x\n", "missing column(s) name1, street1, city, zip"),
        ("nul.csv", b"name1,street1,city,zip\nA\x00,b,c,78701\n", "NUL bytes"),
        ("utf16.csv", "name1,street1,city,zip\n".encode("utf-16-le"), "NUL bytes"),
    ],
)
def test_bad_files_raise_source_error_naming_the_file(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    with pytest.raises(SourceError) as caught:
        run(source, tmp_path / "programs")
    assert str(source) in str(caught.value)
    assert message in str(caught.value)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    for source in (tmp_path / "absent.csv", tmp_path):
        with pytest.raises(SourceError, match=str(source)):
            run(source, tmp_path / "programs")


def test_header_only_and_empty_rows(tmp_path: Path) -> None:
    source = tmp_path / "header.csv"
    source.write_text("name1,street1,city,zip\n", encoding="utf-8")
    report = run(source, tmp_path / "programs")
    assert report.summary() == (
        "0 rows read, 0 written, 0 skipped as possible duplicates, 0 outside the area, 0 rejected"
    )
    assert report.notes == ["the file has no facility rows"]
    api = tmp_path / "api.json"
    api.write_text('{"page": 1, "totalPages": 1, "rows": []}', encoding="utf-8")
    assert run(api, tmp_path / "programs").rows_read == 0


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.lists(
            st.one_of(st.text(max_size=12), st.sampled_from(["NA", "78701", "30.27", "-97.74"])),
            min_size=0,
            max_size=14,
        ),
        max_size=6,
    )
)
# Found by Hypothesis: a carriage return after a line break inside a quoted value.
@example(rows=[["\n\r0"]])
@example(rows=[["a\r\nb,c,d", "x"]])
def test_arbitrary_csv_rows_never_crash(tmp_path: Path, rows: list[list[str]]) -> None:
    import csv
    import io
    import uuid

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = "name1 name2 street1 street2 city state zip zip4 county latitude longitude phone"
    writer.writerow([*columns.split(), "website", "type_facility"])
    writer.writerows(rows)
    folder = tmp_path / uuid.uuid4().hex
    folder.mkdir()
    source = folder / "fuzz.csv"
    source.write_text(buffer.getvalue(), encoding="utf-8")
    try:
        report = run(source, folder / "programs")
    except SourceError:
        return
    assert_every_row_explained(report)
    for path in report.written:
        assert schema_errors(load(path)) == []


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
        lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=6), c, max_size=4),
        max_leaves=20,
    )
)
def test_arbitrary_json_never_crashes(tmp_path: Path, value: Any) -> None:
    import uuid

    folder = tmp_path / uuid.uuid4().hex
    folder.mkdir()
    source = folder / "fuzz.json"
    source.write_text(json.dumps({"rows": [value, {"services": value, "name1": value}]}))
    report = run(source, folder / "programs")
    assert_every_row_explained(report)


# --------------------------------------------------------------------------- real data


def shared_file(name: str) -> Path:
    path = SHARED_DATA / name
    if not path.is_file():
        pytest.skip(f"{path} is absent: the real SAMHSA locator files are not on this machine")
    return path


@pytest.mark.parametrize(
    "name",
    [
        "samhsa-substance-use-facilities-austin-area.csv",
        "samhsa-mental-health-facilities-austin-area.csv",
        "findtreatment-locator-api-sample-2019.json",
    ],
)
def test_real_locator_files(tmp_path: Path, name: str) -> None:
    report = run(shared_file(name), tmp_path)
    assert_every_row_explained(report)
    assert report.rows_read > 0
    for path in report.written:
        assert schema_errors(load(path)) == [], path
    # Drafts validate with warnings only, so an import never stops the build.
    assert validator_errors(tmp_path) == []


def test_real_files_together_never_write_twice(tmp_path: Path) -> None:
    sources = [
        shared_file("samhsa-mental-health-facilities-austin-area.csv"),
        shared_file("samhsa-substance-use-facilities-austin-area.csv"),
    ]
    first = [run(source, tmp_path) for source in sources]
    assert sum(len(r.written) for r in first) > 30
    again = [run(source, tmp_path) for source in sources]
    assert all(r.written == [] for r in again)


def test_real_json_near_its_own_area(tmp_path: Path) -> None:
    # The 2019 API sample lists Virginia facilities: outside Austin, so centre on them.
    source = shared_file("findtreatment-locator-api-sample-2019.json")
    austin = run(source, tmp_path / "austin")
    assert len(austin.outside_area) == austin.rows_read
    report = run(source, tmp_path / "virginia", center=(38.0293, -78.4767), radius_miles=60)
    assert_every_row_explained(report)
    records = [load(path) for path in report.written]
    assert records and all("iop" in r["levels_of_care"] for r in records)
    for record in records:
        assert schema_errors(record) == []
    # Drafts far outside the site's area are warned about, and do not stop the build.
    assert validator_errors(tmp_path / "virginia") == []
    # Its accredited facilities offer no IOP: import those too to check the mapping.
    everything = run(source, tmp_path / "all", center=(38.0293, -78.4767), iop_only=False)
    assert_every_row_explained(everything)
    bodies = {a["body"] for p in everything.written for a in load(p).get("accreditations", [])}
    assert bodies == {"joint-commission", "carf"}
