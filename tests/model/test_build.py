"""The typed model built from normalised records: what every later stage reads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from geopy.distance import geodesic

from generator.export.open_data import record_data
from generator.loader import load_record, load_text
from generator.model import Directory, Range, build_directory, program_from_record
from generator.settings import Settings
from generator.validation import validate_paths
from generator.validation.files import validate_record

ROOT = Path(__file__).resolve().parents[2]
BASE = (ROOT / "tests" / "corpus" / "valid" / "days-as-range.yaml").read_text()
SETTINGS = Settings(today=dt.date(2026, 11, 27))


def program(text: str, name: str = "case.yaml"):  # type: ignore[no-untyped-def]
    loaded = load_text(text, name)
    assert loaded.record is not None
    validate_record(loaded.record, SETTINGS)
    return program_from_record(loaded.record)


def test_ranges_keep_how_they_were_written() -> None:
    p = program(BASE.replace("days_per_week: {min: 3, max: 5}", "days_per_week: 4")
                + "ages: {min: 18}\n")
    assert p.schedule.days_per_week == Range(4, 4, single=True)
    assert p.ages == Range(18, None)
    assert p.schedule.days_per_week.fixed and not p.ages.fixed


def test_a_format_left_out_is_in_person_with_a_place_and_telehealth_without() -> None:
    with_place = program(BASE.replace("  format: in-person\n", ""))
    assert with_place.schedule.format == "in-person" and not with_place.schedule.format_given


def test_the_schema_s_defaults_and_a_filled_point() -> None:
    p = program(BASE.replace("    coordinates: {lat: 30.2650, lon: -97.7440}\n", ""))
    assert p.status == "published" and p.languages == ("en",) and p.example is False
    [location] = p.locations
    assert location.state == "TX"
    assert location.point == (30.2713, -97.7426) and location.point_source == "zip"


def test_payment_holds_only_what_the_program_answered() -> None:
    p = program(BASE + "payment:\n  medicaid: true\n  self_pay: false\n  insurers: [Aetna]\n")
    assert p.payment.accepted == ("medicaid",) and p.payment.answer("self_pay") is False
    assert p.payment.answer("medicare") is None and p.payment.insurers == ("Aetna",)


def test_credentials_and_freshness() -> None:
    p = program(BASE + "licenses:\n  - authority: HHSC\n    type: Licence\n    number: L-1\n"
                "    expires: 2026-11-01\naccreditations:\n  - body: carf\n"
                "    expires: 2027-01-01\n")
    today = dt.date(2026, 11, 27)
    assert [c.identifier for c in p.expired_credentials(today)] == ["L-1"]
    assert not p.is_stale(today)
    assert p.is_stale(dt.date(2027, 10, 2)) and not p.is_stale(dt.date(2027, 10, 1))


def test_the_directory_sorts_by_name_keeps_drafts_apart_and_groups_by_city(
    tmp_path: Path,
) -> None:
    names = {"b.yaml": ("Zeta Program", "Austin"), "a.yaml": ("alpha Program", "Kyle"),
             "c.yaml": ("Mid Program", None)}
    for file, (name, city) in names.items():
        text = BASE.replace("Corpus Test Program", name)
        if city == "Kyle":
            text = text.replace('zip: "78701"', 'zip: "78640"').replace(
                "city: Austin", "city: Kyle").replace("{lat: 30.2650, lon: -97.7440}",
                                                      "{lat: 29.9891, lon: -97.8772}")
        if city is None:
            text = text.replace("format: in-person", "format: telehealth")
            text = text[:text.index("locations:")] + text[text.index("contact:"):]
        (tmp_path / file).write_text(text)
    (tmp_path / "d.yaml").write_text(BASE.replace("Corpus Test Program", "Draft Program")
                                     + "status: draft\n")
    report = validate_paths([tmp_path], SETTINGS, root=tmp_path)
    assert not report.has_errors, [d.format_text() for d in report.diagnostics]
    directory = build_directory(report.records)
    assert [p.name for p in directory.programs] == ["alpha Program", "Mid Program",
                                                    "Zeta Program"]
    assert [p.name for p in directory.drafts] == ["Draft Program"]
    assert [(city, [p.name for p in ps]) for city, ps in directory.by_city()] == [
        ("Austin", ["Zeta Program"]), ("Kyle", ["alpha Program"]),
        ("Telehealth only", ["Mid Program"])]
    [neighbour] = directory.neighbours_of("b")
    expected = geodesic((30.2650, -97.7440), (29.9891, -97.8772)).miles
    assert neighbour.slug == "a" and neighbour.miles == pytest.approx(expected, abs=1e-6)
    assert directory.neighbours_of("c") == ()


EXAMPLES = sorted((ROOT / "programs").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_the_model_holds_every_fact_of_the_record(path: Path) -> None:
    """The model, written back in the record's shape, is the normalised record: no stage
    after it needs the record's dict."""
    loaded = load_record(path)
    assert loaded.record is not None
    validate_record(loaded.record, SETTINGS)
    written = record_data(program_from_record(loaded.record))

    def without_empty_lists(value: object) -> object:
        if isinstance(value, dict):
            return {k: without_empty_lists(v) for k, v in value.items() if v != []}
        if isinstance(value, list):
            return [without_empty_lists(v) for v in value]
        return value

    assert written == without_empty_lists(loaded.record.data)


def test_a_directory_is_frozen() -> None:
    directory = Directory.of([program(BASE)])
    with pytest.raises(AttributeError):
        directory.programs = ()  # type: ignore[misc]
