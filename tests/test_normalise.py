"""Numbers meant as text become text before the schema is checked, in the fields whose
schema takes them (the same fields, as the editor's schema check must agree)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.loader import load_text
from generator.normalise import NUMBERS_AS_TEXT, numbers_as_text
from generator.schema import program_schema
from generator.settings import Settings
from generator.validation.files import validate_record

RECORD = """\
name: Corpus Test Program
summary: A fictional program used to test the validator's messages.
levels_of_care: [iop]
conditions: [substance-use]
schedule: {days_per_week: 3, hours_per_day: 3, format: in-person}
locations:
  - {address: 100 Congress Ave, city: Austin, zip: 78701,
     coordinates: {lat: 30.265, lon: -97.744}}
  - {address: 200 Congress Ave, city: Austin, zip: "78701",
     coordinates: {lat: 30.266, lon: -97.744}}
contact: {phone: 5125550142}
licenses:
  - {authority: Texas HHSC, type: Chemical dependency treatment facility, number: 4417}
accreditations:
  - {body: carf, id: 0}
accepting_new_clients: true
verification: {last_verified: 2026-10-01, verified_by: Test Editor, method: phone}
"""


def _text_or_number_fields(schema: dict[str, Any], node: dict[str, Any],
                           path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
    types = {alternative.get("type") for alternative in node.get("anyOf", [])}
    if {"string", "integer"} <= types:
        yield path
    for key, child in node.get("properties", {}).items():
        yield from _text_or_number_fields(schema, child, (*path, key))
    if isinstance(node.get("items"), dict):
        yield from _text_or_number_fields(schema, node["items"], (*path, "*"))


def test_the_fields_are_those_whose_schema_takes_digits_as_a_number() -> None:
    schema = program_schema()
    assert sorted(_text_or_number_fields(schema, schema, ())) == sorted(NUMBERS_AS_TEXT)


def test_plain_digits_become_their_text_as_written() -> None:
    record = load_text(RECORD).record
    assert record is not None
    assert numbers_as_text(record) == []
    data = record.data
    assert [loc["zip"] for loc in data["locations"]] == ["78701", "78701"]
    assert data["contact"]["phone"] == "5125550142"
    assert data["licenses"][0]["number"] == "4417"
    assert data["accreditations"][0]["id"] == "0"
    assert data["schedule"]["days_per_week"] == 3  # a number where numbers belong


def test_numbers_yaml_changed_are_told_to_be_quoted() -> None:
    text = (RECORD.replace("zip: 78701,", "zip: 07654,")
            .replace("number: 4417", "number: 44_17")
            .replace("phone: 5125550142", "phone: 5.1e9"))
    record = load_text(text).record
    assert record is not None
    found = [(d.line, d.field, d.message) for d in numbers_as_text(record)]
    assert found == [
        (7, "locations[0].zip", '07654 is read as a number; write it in quotes: "07654"'),
        (11, "contact.phone", '5.1e9 is read as a number; write it in quotes: "5.1e9"'),
        (13, "licenses[0].number", '44_17 is read as a number; write it in quotes: "44_17"'),
    ]
    assert record.data["locations"][0]["zip"] == 4012  # left as YAML read it


def test_validation_hands_on_text_though_the_schema_takes_the_number() -> None:
    # The fast schema check passes `zip: 78701` as it stands; later stages must still
    # see the text.
    record = load_text(RECORD).record
    assert record is not None
    findings = validate_record(record, Settings())
    assert [d for d in findings if d.is_error] == []
    assert record.data["locations"][0]["zip"] == "78701"
    assert record.data["contact"]["phone"] == "5125550142"


def test_a_number_told_once() -> None:
    record = load_text(RECORD.replace("zip: 78701,", "zip: 07654,")).record
    assert record is not None
    errors = [d for d in validate_record(record, Settings()) if d.is_error]
    assert [(d.field, d.message) for d in errors] == [
        ("locations[0].zip", '07654 is read as a number; write it in quotes: "07654"')
    ]
