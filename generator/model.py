"""Validated records turned into the programs the site shows.

The model is plain data: defaults applied, vocabularies resolved to labels by the
renderer, neighbours computed once. Nothing here knows about MkDocs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.config import STALE_AFTER_DAYS
from generator.geography import LatLon, Neighbour, nearest_neighbours
from generator.loader import Record


@dataclass
class Program:
    slug: str
    data: dict[str, Any]
    source: Path
    edit_url: str | None = None
    neighbours: list[Neighbour] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.data["name"]

    @property
    def locations(self) -> list[dict[str, Any]]:
        return self.data.get("locations", [])

    @property
    def points(self) -> list[LatLon]:
        return [
            (loc["coordinates"]["lat"], loc["coordinates"]["lon"])
            for loc in self.locations
            if loc.get("coordinates")
        ]

    @property
    def format(self) -> str:
        return self.data.get("schedule", {}).get("format", "in-person")

    @property
    def cities(self) -> list[str]:
        return list(dict.fromkeys(loc["city"] for loc in self.locations))

    @property
    def last_verified(self) -> dt.date:
        return dt.date.fromisoformat(self.data["verification"]["last_verified"])

    def is_stale(self, today: dt.date, stale_after_days: int = STALE_AFTER_DAYS) -> bool:
        return (today - self.last_verified).days > stale_after_days

    def expired_credentials(self, today: dt.date) -> list[dict[str, Any]]:
        """Accreditations and licences whose expiry date has passed, soonest first."""
        expired = [
            item
            for group in ("accreditations", "licenses")
            for item in self.data.get(group, [])
            if item.get("expires") and dt.date.fromisoformat(item["expires"]) < today
        ]
        return sorted(expired, key=lambda item: item["expires"])

    def needs_recheck(self, today: dt.date, stale_after_days: int = STALE_AFTER_DAYS) -> bool:
        """Not to be presented as verified: checked too long ago, or a credential expired."""
        return self.is_stale(today, stale_after_days) or bool(self.expired_credentials(today))


@dataclass
class Directory:
    """Every published program, sorted by name, with a lookup by slug."""

    programs: list[Program]
    drafts: list[Program] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_slug = {p.slug: p for p in self.programs}

    def by_city(self) -> list[tuple[str, list[Program]]]:
        """Programs grouped by city (a program with two cities is in both); telehealth last."""
        groups: dict[str, list[Program]] = {}
        for program in self.programs:
            for city in program.cities or ["Telehealth only"]:
                groups.setdefault(city, []).append(program)
        cities = sorted(c for c in groups if c != "Telehealth only")
        ordered = [(c, groups[c]) for c in cities]
        if "Telehealth only" in groups:
            ordered.append(("Telehealth only", groups["Telehealth only"]))
        return ordered

    def as_records(self) -> list[dict[str, Any]]:
        """Plain dicts with ``slug`` added, for data exports."""
        return [{"slug": p.slug, **p.data} for p in self.programs]


def normalise(data: dict[str, Any]) -> dict[str, Any]:
    """Defaults applied, so that later stages need not ask ``.get(..., default)``.

    The loader made ``data`` for this record alone: it is completed in place, not copied
    (copying 10,000 records is seconds of a build).
    """
    result = data
    result.setdefault("status", "published")
    result.setdefault("example", False)
    result.setdefault("languages", ["en"])
    for location in result.get("locations", []):
        location.setdefault("state", "TX")
    return result


def build_directory(records: list[Record], edit_url_for: Any = None) -> Directory:
    published: list[Program] = []
    drafts: list[Program] = []
    for record in records:
        data = normalise(record.data)
        program = Program(
            slug=record.slug,
            data=data,
            source=record.path,
            edit_url=edit_url_for(record.path) if edit_url_for else None,
        )
        (drafts if data["status"] == "draft" else published).append(program)
    published.sort(key=lambda p: (p.name.casefold(), p.slug))
    directory = Directory(published, drafts)
    neighbours = nearest_neighbours({p.slug: p.points for p in published})
    for program in published:
        program.neighbours = neighbours.get(program.slug, [])
    return directory
