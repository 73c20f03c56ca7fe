"""Checking a record against the JSON Schema, with messages an editor can act on."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from generator.diagnostics import Diagnostic, Severity
from generator.loader import Path_, Record
from generator.schema import program_schema

# The words an editor sees for each field whose pattern alone would say little.
PATTERN_HINTS = {
    "zip": 'must be a 5-digit ZIP code in quotes, e.g. "78701"',
    "state": 'must be a two-letter state code in capitals, e.g. "TX"',
    "languages": "must be a two-letter ISO 639-1 code in lowercase, e.g. en, es, vi",
    "website": "must be a full web address starting with https://",
    "verify_url": "must be a full web address starting with https://",
    "source": "must be a full web address starting with https://",
    "email": "must be an email address such as intake@example.org",
    "last_verified": "must be a date written YYYY-MM-DD",
    "expires": "must be a date written YYYY-MM-DD",
}
YAML_BOOLEAN_WORDS = {"yes", "no", "on", "off", "true", "false", "y", "n"}


@cache
def _validator() -> Draft202012Validator:
    schema = program_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


@cache
def _fast_validator() -> jsonschema_rs.Draft202012Validator:
    # The Rust validator answers "valid?" many times faster; it checks formats at least as
    # strictly, so a record it passes is valid for the Python validator too. The Python
    # validator, whose errors carry what the messages below need, runs only on failures.
    # Its own date format accepts the year 0000, which Python (and so every later stage)
    # cannot hold: both validators ask Python.
    validator: jsonschema_rs.Draft202012Validator = jsonschema_rs.validator_for(  # type: ignore[assignment]
        program_schema(), validate_formats=True, formats={"date": _is_calendar_date})
    return validator


def _is_calendar_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def warm_up() -> None:
    _fast_validator()
    _validator()


def check_schema(record: Record) -> list[Diagnostic]:
    """Schema findings for one record (normalised first: generator.normalise)."""
    if _fast_validator().is_valid(record.data):
        return []
    errors = list(_validator().iter_errors(record.data))
    findings: dict[tuple[int, int, str], Diagnostic] = {}
    for error in errors:
        for diag in _diagnostics_for(record, error):
            # One finding per place: a bad date fails both its pattern and its format.
            findings.setdefault((diag.line, diag.column, diag.field), diag)
    return sorted(findings.values())


def _diagnostics_for(record: Record, error: ValidationError) -> Iterator[Diagnostic]:
    path = tuple(error.absolute_path)
    kind = error.validator
    if kind == "additionalProperties":
        yield from _unknown_keys(record, error, path)
    elif kind == "required":
        name, message = _required_message(error)
        # Shown where the field belongs: the start of the mapping that lacks it.
        yield record.diagnostic((*path, name), Severity.ERROR, message, place=path)
    elif kind in ("oneOf", "anyOf") and error.context:
        yield from _diagnostics_for(record, _closest(error.context))
    elif kind == "if":
        return
    else:
        yield record.diagnostic(path, Severity.ERROR, _message(record, error, path))


def _unknown_keys(record: Record, error: ValidationError, path: Path_) -> Iterator[Diagnostic]:
    schema: Any = error.schema
    allowed = list(schema.get("properties", {}))
    instance = error.instance if isinstance(error.instance, dict) else {}
    for key in instance:
        if key in allowed:
            continue
        guess = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        hint = f"; did you mean '{guess[0]}'?" if guess else f"; allowed: {', '.join(allowed)}"
        yield record.diagnostic(
            (*path, key), Severity.ERROR, f"unknown key '{key}'{hint}", at_key=True
        )


def _closest(errors: list[ValidationError]) -> ValidationError:
    """Of the alternatives that failed, the one that got furthest: not a mere type clash."""
    return min(errors, key=lambda e: (e.validator == "type", -len(e.absolute_path)))


def _required_message(error: ValidationError) -> tuple[str, str]:
    missing = re.search(r"'([^']+)' is a required property", error.message)
    name = missing.group(1) if missing else ""
    if name == "locations":
        return name, "missing: add at least one location, unless schedule.format is telehealth"
    return name, "missing: this field is required"


def _message(record: Record, error: ValidationError, path: Path_) -> str:
    value: Any = error.instance
    shown = _show(record, path, value)
    field = str(path[-1]) if path and isinstance(path[-1], str) else _parent_field(path)
    schema: Any = error.schema
    kind = error.validator
    limit: Any = error.validator_value
    if kind == "type":
        return _type_message(record, path, value, error.validator_value)
    if kind == "enum":
        return _enum_message(shown, list(limit))
    if kind in ("minimum", "maximum"):
        bound = "less" if kind == "minimum" else "more"
        message = f"{shown} is {bound} than {error.validator_value}"
        if field in ("lat", "lon") and _looks_swapped(record, path):
            message += "; are lat and lon swapped? Austin is near lat: 30.27, lon: -97.74"
        return message
    if kind == "maxLength":
        return f"is {len(value)} characters long; at most {error.validator_value} are allowed"
    if kind == "minLength":
        return f"is too short ({len(value)} characters); write at least {error.validator_value}"
    if kind == "format" and error.validator_value == "date":
        if isinstance(value, str) and value[:4] == "0000":
            return f"{shown} is not a date: there is no year 0; write it as YYYY-MM-DD"
        if isinstance(value, str) and re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ]", value):
            return f"{shown} is a date with a time; write only the day: {value[:10]}"
        return f"{shown} is not a valid date; write it as YYYY-MM-DD, e.g. 2026-11-27"
    if kind in ("pattern", "format"):
        hint = PATTERN_HINTS.get(field, f"does not have the expected form ({schema.get(kind)})")
        return f"{shown} {hint}" if value != "" else f"is empty; it {hint}"
    if kind == "contains":
        return "must include 'iop': this is a directory of intensive outpatient programs"
    if kind == "uniqueItems":
        return "lists the same value more than once"
    if kind == "minItems":
        return "must not be empty: list at least one value, or remove the key"
    if kind == "const":
        return f"{shown} must be {error.validator_value!r}"
    return error.message


# Fields written as {min, max}: "3-5" typed there is a range written as text.
RANGE_FIELDS = ("days_per_week", "length_weeks", "ages")


def _looks_swapped(record: Record, path: Path_) -> bool:
    coordinates: Any = record.data
    for step in path[:-1]:
        coordinates = coordinates[step]
    lat, lon = coordinates.get("lat"), coordinates.get("lon")
    if not (isinstance(lat, int | float) and isinstance(lon, int | float)) or isinstance(
            lat, bool) or isinstance(lon, bool):
        return False
    return abs(lat) > 90 and abs(lon) <= 90


def _type_message(record: Record, path: Path_, value: Any, expected: Any) -> str:
    wanted = _as_list(expected)
    scalar = record.scalar(path)
    if "string" in wanted and scalar is not None and not scalar.quoted:
        if isinstance(value, bool) and scalar.text.lower() in YAML_BOOLEAN_WORDS:
            return (
                f"{scalar.text} is read by YAML as the boolean {str(value).lower()}; "
                f"write it in quotes: \"{scalar.text}\""
            )
        if isinstance(value, int | float):
            return f"{scalar.text} is read as a number; write it in quotes: \"{scalar.text}\""
        if value is None:
            return "is empty; write a value or remove the key"
    if "boolean" in wanted and isinstance(value, str):
        return f"'{value}' must be true or false"
    if (path and path[-1] in RANGE_FIELDS and isinstance(value, str)
            and re.fullmatch(r"\d+ ?[-–] ?\d+", value)):
        low, high = re.split(r" ?[-–] ?", value)
        return f"'{value}' is a range: write it as {{min: {low}, max: {high}}}"
    names = {
        "string": "text",
        "boolean": "true or false",
        "integer": "a whole number",
        "number": "a number",
        "array": "a list",
        "object": "a mapping of keys to values",
        "null": "empty",
    }
    described = " or ".join(names.get(w, w) for w in wanted)
    return f"must be {described}, not {_kind_of(value)}"


def _enum_message(shown: str, allowed: list[Any]) -> str:
    choices = [str(a) for a in allowed]
    # Compared in lower case with spaces as hyphens: "CBT" means cbt, "In Person" in-person.
    typed = "-".join(shown.strip("'\"").lower().replace("_", "-").split())
    folded = {c.lower().replace("_", "-"): c for c in choices}
    guess = [folded[typed]] if typed in folded else difflib.get_close_matches(
        typed, list(folded), n=1, cutoff=0.6)
    hint = f"; did you mean '{folded.get(guess[0], guess[0])}'?" if guess else ""
    return f"{shown} is not one of: {', '.join(choices)}{hint}"


def _show(record: Record, path: Path_, value: Any) -> str:
    scalar = record.scalar(path)
    if scalar is not None and not isinstance(value, dict | list):
        return scalar.text if not scalar.quoted else f"'{scalar.text}'"
    if isinstance(value, str):
        return f"'{value}'"
    return _kind_of(value) if isinstance(value, dict | list) else str(value)


def _kind_of(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _parent_field(path: Path_) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return ""


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]

