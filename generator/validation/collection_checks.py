"""Checks across all records: what must be unique in the directory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from generator.diagnostics import Diagnostic, Severity
from generator.loader import Path_, Record
from generator.text import name_key

KeyedValue = tuple[Path_, str]


def check_collection(records: list[Record]) -> list[Diagnostic]:
    findings: list[Diagnostic] = []
    findings += _duplicates(records, "slug", _slugs)
    findings += _duplicates(records, "name", _names)
    findings += _duplicates(records, "licence number", _licence_numbers)
    return findings


def _duplicates(
    records: list[Record], noun: str, values_of: Callable[[Record], Iterator[KeyedValue]]
) -> Iterator[Diagnostic]:
    # Every copy is told, not just the later one: in a pull request the annotation must
    # reach the file the editor changed, whichever of the two sorts first.
    holders: dict[str, list[tuple[Record, Path_]]] = {}
    for record in records:
        for path, key in values_of(record):
            holders.setdefault(key, []).append((record, path))
    for group in holders.values():
        if len(group) < 2:
            continue
        for record, path in group:
            other, other_path = next((r, p) for r, p in group if r is not record or p != path)
            yield record.diagnostic(
                path,
                Severity.ERROR,
                f"the same {noun} as {other.display_path}:{other.position(other_path).line}; "
                "each program must be listed once",
            )


def _slugs(record: Record) -> Iterator[KeyedValue]:
    yield (), record.slug


def _names(record: Record) -> Iterator[KeyedValue]:
    name = record.data.get("name")
    if isinstance(name, str):
        yield ("name",), _normalise(name)


def _licence_numbers(record: Record) -> Iterator[KeyedValue]:
    licences: Any = record.data.get("licenses")
    if not isinstance(licences, list):
        return
    for index, licence in enumerate(licences):
        if isinstance(licence, dict) and isinstance(licence.get("number"), str):
            authority = _normalise(str(licence.get("authority", "")))
            yield ("licenses", index, "number"), f"{authority}|{_normalise(licence['number'])}"


@lru_cache(maxsize=4096)
def _normalise(text: str) -> str:
    # As a reader sees it: case, full-width forms, invisible characters and look-alike
    # letters of other scripts do not make a second listing of the same program.
    # (Remembered: most licences of a directory name one of a few authorities.)
    return name_key(text)
