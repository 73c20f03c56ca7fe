"""Normalisation of a loaded record before it is checked; validation only judges after it.

- numbers that were meant as text (below),
- text in one Unicode form (``text_as_nfc``),
- the schema's defaults (``apply_defaults``: status, languages, a location's state),
- a point for each location without coordinates (``fill_points``: the geocode cache, or
  the ZIP's centre), kept beside the data in ``Record.filled``, not written into it.

``zip: 78701``, ``phone: 5125550142``, a licence number or accreditation ID written as
plain digits: YAML reads a number, but the editor meant the digits. The schema accepts
such numbers in these fields (so VS Code does too), and this step turns them into their
text as written, so that every later stage sees text. Only plain digits are taken: a
number YAML would have changed (``07654`` is octal 4012, ``78_660``, ``1e5``, ``0x1F``,
``+1``) is left alone and reported, with the advice to write it in quotes.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, Severity
from generator.geography import Geocoder, zip_place
from generator.loader import Path_, Record
from generator.schema import program_schema
from generator.settings import Settings

# The fields whose schema is "text, or a whole number written as plain digits"; "*" is
# any item of a list. tests/test_normalise.py holds this list to the schema's.
NUMBERS_AS_TEXT: tuple[Path_, ...] = (
    ("locations", "*", "zip"),
    ("contact", "phone"),
    ("licenses", "*", "number"),
    ("accreditations", "*", "id"),
)
_PLAIN_DIGITS = re.compile(r"0|[1-9][0-9]*")


def numbers_as_text(record: Record) -> list[Diagnostic]:
    """Turn plain-digit numbers in NUMBERS_AS_TEXT fields into their text, in place.

    Returns an error for each number there that is not plain digits: it cannot be
    taken as text without guessing what was meant.
    """
    findings: list[Diagnostic] = []
    for pattern in NUMBERS_AS_TEXT:
        for path, container, key in _places(record.data, pattern, ()):
            value = container[key]
            if not isinstance(value, int | float) or isinstance(value, bool):
                continue
            scalar = record.scalar(path)
            if scalar is not None and _PLAIN_DIGITS.fullmatch(scalar.text) and isinstance(
                    value, int):
                container[key] = scalar.text
                continue
            text = scalar.text if scalar is not None else str(value)
            findings.append(record.diagnostic(
                path, Severity.ERROR,
                f"{text} is read as a number; write it in quotes: \"{text}\"",
            ))
    return findings


def _places(data: Any, pattern: Path_, prefix: Path_) -> Iterator[tuple[Path_, Any, Any]]:
    """(path, container, key) of each value the pattern names that the record has."""
    step, rest = pattern[0], pattern[1:]
    if step == "*":
        if not isinstance(data, list):
            return
        keys: list[Any] = list(range(len(data)))
    else:
        if not isinstance(data, dict) or step not in data:
            return
        keys = [step]
    for key in keys:
        if rest:
            yield from _places(data[key], rest, (*prefix, key))
        else:
            yield (*prefix, key), data, key


def text_as_nfc(value: Any) -> Any:
    """Every text in the record in Unicode's composed form (NFC), in place: "é" typed as
    "e" and a combining accent is the same name as "é", on the page and in checks."""
    if isinstance(value, dict):
        for key, item in value.items():
            value[key] = text_as_nfc(item)
    elif isinstance(value, list):
        value[:] = [text_as_nfc(item) for item in value]
    elif isinstance(value, str) and not value.isascii() and not unicodedata.is_normalized(
            "NFC", value):
        return unicodedata.normalize("NFC", value)
    return value


def apply_defaults(data: dict[str, Any]) -> None:
    """The schema's defaults, in place, where the record leaves a value out: later stages
    need not ask ``.get(key, default)``, and the defaults live in the schema alone."""
    for path, default in _defaults():
        for _, container, key in _places(data, path[:-1], ()) if len(path) > 1 else [
                ((), data, None)]:
            target: Any = container if key is None else container[key]
            if isinstance(target, dict) and path[-1] not in target:
                target[path[-1]] = copy.deepcopy(default)


@cache
def _defaults() -> tuple[tuple[Path_, Any], ...]:
    """(path pattern, default) of every default in the schema, "*" for list items."""
    schema = program_schema()
    found: list[tuple[Path_, Any]] = []

    def walk(node: Any, path: Path_, depth: int) -> None:
        if depth > 8 or not isinstance(node, dict):
            return
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            node = schema["$defs"][ref.removeprefix("#/$defs/")]
        if "default" in node and path:
            found.append((path, node["default"]))
        for key, sub in node.get("properties", {}).items():
            walk(sub, (*path, key), depth + 1)
        if isinstance(node.get("items"), dict):
            walk(node["items"], (*path, "*"), depth + 1)

    walk(schema, (), 0)
    return tuple(found)


_geocoders: dict[tuple[Path | None, bool], Geocoder] = {}


def geocoder_for(settings: Settings, fresh: bool = False) -> Geocoder:
    """One geocoder a run: the cache is read once and the rate limit holds across records.

    ``fresh`` re-reads the cache (each validation run does, so `serve` sees new entries);
    worker processes forked after that share the one the run made.
    """
    key = (settings.geocode_cache, settings.geocode_online)
    if fresh or key not in _geocoders:
        _geocoders[key] = Geocoder(settings.geocode_cache, online=settings.geocode_online)
    return _geocoders[key]


def fill_points(record: Record, geocoder: Geocoder) -> None:
    """A point for each location without coordinates: its address from the geocode cache
    (or, with ``validate --geocode``, looked up), else its ZIP's centre. Validation then
    holds each to the rules of a typed point and says where it came from."""
    locations = record.data.get("locations")
    if not isinstance(locations, list):
        return
    for index, location in enumerate(locations):
        if not isinstance(location, dict) or location.get("coordinates") is not None:
            continue
        address = ", ".join(
            str(location[k]) for k in ("address", "city", "state", "zip") if location.get(k))
        known = address in geocoder.entries
        point = geocoder.locate(address) if address else None
        if point is not None:
            record.filled[index] = (point, "cache" if known else "geocoded")
            continue
        place = zip_place(location["zip"]) if isinstance(location.get("zip"), str) else None
        if place is not None:
            record.filled[index] = (place.point, "zip")


def normalise_record(record: Record, settings: Settings) -> list[Diagnostic]:
    """Every normalisation, in place; the findings are numbers that cannot be taken as
    text (they would need a guess)."""
    text_as_nfc(record.data)
    findings = numbers_as_text(record)
    # Before the defaults: the geocode cache keys an address as the record writes it.
    fill_points(record, geocoder_for(settings))
    apply_defaults(record.data)
    return findings
