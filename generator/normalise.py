"""Normalisation of a loaded record before it is checked: numbers that were meant as text,
and text in one Unicode form.

``zip: 78701``, ``phone: 5125550142``, a licence number or accreditation ID written as
plain digits: YAML reads a number, but the editor meant the digits. The schema accepts
such numbers in these fields (so VS Code does too), and this step turns them into their
text as written, so that every later stage sees text. Only plain digits are taken: a
number YAML would have changed (``07654`` is octal 4012, ``78_660``, ``1e5``, ``0x1F``,
``+1``) is left alone and reported, with the advice to write it in quotes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from generator.diagnostics import Diagnostic, Severity
from generator.loader import Path_, Record

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
