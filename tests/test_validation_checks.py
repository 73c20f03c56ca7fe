"""Record and collection checks whose messages depend on real geography or other files."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import zipcodes
from geopy.distance import geodesic

from generator.settings import ServiceArea, Settings
from generator.validation import ValidationReport, validate_paths

CORPUS = Path(__file__).parent / "corpus"
BASE = CORPUS / "valid" / "days-as-range.yaml"
AUSTIN = (30.2672, -97.7431)


def _variant(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = BASE.read_text("utf-8")
    assert old in text
    path = tmp_path / f"{name}.yaml"
    path.write_text(text.replace(old, new), "utf-8")
    return path


def test_coordinates_outside_the_service_area(tmp_path: Path, settings: Settings) -> None:
    houston = (29.7604, -95.3698)
    path = _variant(tmp_path, "far", "{lat: 30.2650, lon: -97.7440}",
                    f"{{lat: {houston[0]}, lon: {houston[1]}}}")
    report = validate_paths([path], settings, root=tmp_path)
    miles = geodesic(AUSTIN, houston).miles
    [finding] = [d for d in report.diagnostics if d.field == "locations[0].coordinates"]
    assert finding.is_error and (finding.line, finding.column) == (14, 18)
    assert finding.message.startswith(
        f"29.7604, -95.3698 is {miles:.0f} miles from the centre of the service area (at most 60)"
    )


def test_a_draft_is_told_what_to_fix_before_publishing_without_failing(
    tmp_path: Path, settings: Settings
) -> None:
    # An imported draft may carry a facility's own coordinates, miles from anywhere here:
    # drafts are never published, so that is the editor's to-do, not a failed build.
    houston = "{lat: 29.7604, lon: -95.3698}"
    published = _variant(tmp_path, "published", "{lat: 30.2650, lon: -97.7440}", houston)
    text = published.read_text("utf-8").replace("name: ", "status: draft\nname: ", 1)
    draft = tmp_path / "draft.yaml"
    draft.write_text(text, "utf-8")
    for path, severity, prefix in [(published, "error", ""),
                                   (draft, "warning", "before publishing: ")]:
        report = validate_paths([path], settings, root=tmp_path)
        [finding] = [d for d in report.diagnostics if d.field == "locations[0].coordinates"]
        assert finding.severity == severity
        assert finding.message.startswith(f"{prefix}29.7604, -95.3698 is ")


def test_a_smaller_service_area_is_configurable(tmp_path: Path) -> None:
    settings = Settings(service_area=ServiceArea((30.5083, -97.6789), 5))  # Round Rock
    report = validate_paths([BASE], settings, root=CORPUS)
    assert any("(at most 5)" in d.message for d in report.diagnostics)


def test_coordinates_far_from_their_zip(tmp_path: Path, settings: Settings) -> None:
    # Round Rock's coordinates with a downtown Austin ZIP: a typo an editor could make.
    round_rock = (30.5083, -97.6789)
    path = _variant(tmp_path, "wrongzip", "{lat: 30.2650, lon: -97.7440}",
                    f"{{lat: {round_rock[0]}, lon: {round_rock[1]}}}")
    report = validate_paths([path], settings, root=tmp_path)
    [finding] = [d for d in report.diagnostics if d.field == "locations[0].coordinates"]
    zip_centre = (30.2713, -97.7426)  # 78701 in the zipcodes data
    assert f"is {geodesic(round_rock, zip_centre).miles:.1f} miles from the centre of ZIP 78701" \
        in finding.message


def test_missing_coordinates_come_from_the_zip_with_a_warning(
    tmp_path: Path, settings: Settings
) -> None:
    path = _variant(tmp_path, "nocoords", "    coordinates: {lat: 30.2650, lon: -97.7440}\n", "")
    report = validate_paths([path], settings, root=tmp_path)
    [finding] = report.diagnostics
    assert finding.severity == "warning" and finding.field == "locations[0]"
    assert "using the centre of ZIP 78701" in finding.message
    # Kept beside the record's data, which stays as written.
    assert report.records[0].filled == {0: ((30.2713, -97.7426), "zip")}
    assert "coordinates" not in report.records[0].data["locations"][0]


def _validate_with_cached_point(
    tmp_path: Path, settings: Settings, point: tuple[float, float]
) -> ValidationReport:
    """The base record without coordinates, its address in a committed geocode cache."""
    path = _variant(tmp_path, "cached", "    coordinates: {lat: 30.2650, lon: -97.7440}\n", "")
    cache = tmp_path / ".geocode-cache.json"
    cache.write_text(json.dumps({"100 Congress Ave, Austin, 78701": list(point)}))
    return validate_paths([path], dataclasses.replace(settings, geocode_cache=cache),
                          root=tmp_path)


def test_missing_coordinates_come_from_the_committed_geocode_cache(
    tmp_path: Path, settings: Settings
) -> None:
    report = _validate_with_cached_point(tmp_path, settings, (30.2651, -97.7441))
    [finding] = report.diagnostics
    assert finding.severity == "warning"
    assert "using 30.26510, -97.74410 from the geocode cache" in finding.message
    assert report.records[0].filled == {0: ((30.2651, -97.7441), "cache")}


def test_a_cached_point_far_from_its_zip_is_an_error(
    tmp_path: Path, settings: Settings
) -> None:
    # The geocoder found the wrong "100 Congress Ave": Round Rock, not downtown.
    report = _validate_with_cached_point(tmp_path, settings, (30.5083, -97.6789))
    [finding] = report.diagnostics
    off = geodesic((30.5083, -97.6789), (30.2713, -97.7426)).miles
    assert finding.is_error and finding.message.startswith(
        f"the geocoded address (30.50830, -97.67890) is {off:.1f} miles from the centre of "
        "ZIP 78701")


def test_a_zip_from_elsewhere_is_caught_without_coordinates(
    tmp_path: Path, settings: Settings
) -> None:
    text = BASE.read_text("utf-8").replace(
        "    coordinates: {lat: 30.2650, lon: -97.7440}\n", "").replace(
        'zip: "78701"', 'zip: "90210"\n    state: TX')
    path = tmp_path / "beverly.yaml"
    path.write_text(text, "utf-8")
    report = validate_paths([path], settings, root=tmp_path)
    errors = [d.message for d in report.diagnostics if d.is_error]
    beverly_hills = zipcodes.matching("90210")[0]
    miles = geodesic(AUSTIN, (float(beverly_hills["lat"]), float(beverly_hills["long"]))).miles
    assert errors == [
        "ZIP code 90210 is in CA (Beverly Hills), not TX; check the ZIP and the state",
        f"the centre of ZIP 90210 is {miles:.0f} miles from the centre of the service area "
        "(at most 60); check the ZIP and the address",
    ]


def test_duplicates_across_records(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(BASE, tmp_path / "a" / "same-slug.yaml")
    shutil.copy(BASE, tmp_path / "b" / "same-slug.yaml")
    other = BASE.read_text().replace("name: Corpus Test Program", "name: corpus test  PROGRAM")
    (tmp_path / "b" / "other.yaml").write_text(other)
    report = validate_paths([tmp_path / "a", tmp_path / "b"], settings, root=tmp_path)
    messages = sorted(f"{d.file}:{d.line}: {d.message}" for d in report.diagnostics)
    # Every copy is told, so a pull request's annotation lands on the file it changed.
    assert messages == [
        "a/same-slug.yaml:2: the same name as b/other.yaml:2; each program must be listed once",
        "a/same-slug.yaml:2: the same slug as b/same-slug.yaml:2; each program must be "
        "listed once",
        "b/other.yaml:2: the same name as a/same-slug.yaml:2; each program must be listed once",
        "b/same-slug.yaml:2: the same name as a/same-slug.yaml:2; each program must be listed once",
        "b/same-slug.yaml:2: the same slug as a/same-slug.yaml:2; each program must be listed once",
    ]


def test_duplicate_licence_numbers(tmp_path: Path, settings: Settings) -> None:
    licence = ("licenses:\n  - authority: Texas HHSC\n    type: Chemical dependency treatment "
               "facility\n    number: CDTF-77\n")
    first = BASE.read_text() + licence
    second = first.replace("Corpus Test Program", "Another Program")
    (tmp_path / "first.yaml").write_text(first)
    (tmp_path / "second.yaml").write_text(second)
    report = validate_paths([tmp_path], settings, root=tmp_path)
    first_finding, second_finding = sorted(report.diagnostics)
    line = first.splitlines().index("    number: CDTF-77") + 1
    assert (second_finding.file, second_finding.field) == ("second.yaml", "licenses[0].number")
    assert second_finding.message.startswith(f"the same licence number as first.yaml:{line}")
    assert (first_finding.file, first_finding.line) == ("first.yaml", line)
    assert first_finding.message.startswith(f"the same licence number as second.yaml:{line}")


def test_the_example_programs_are_valid(settings: Settings) -> None:
    programs = Path(__file__).resolve().parents[1] / "programs"
    report = validate_paths([programs], settings)
    assert not report.has_errors, [d.format_text() for d in report.diagnostics]
    assert report.files_checked >= 12


def test_a_published_record_without_a_spanish_summary_is_warned_about(
    tmp_path: Path, settings: Settings
) -> None:
    text = BASE.read_text("utf-8")
    without = text[:text.index("spanish:")]
    (tmp_path / "english-only.yaml").write_text(without)
    [finding] = validate_paths([tmp_path], settings, root=tmp_path).diagnostics
    assert (finding.field, finding.severity.value) == ("summary", "warning")
    assert "no Spanish summary" in finding.message and "/es/" in finding.message
    (tmp_path / "english-only.yaml").write_text(without + "status: draft\n")
    drafts = validate_paths([tmp_path], settings, root=tmp_path).diagnostics
    assert not [d for d in drafts if "Spanish" in d.message]  # a draft has more to do first
