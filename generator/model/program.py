"""What a listing is, once its record has been loaded, normalised and validated.

Frozen dataclasses, built once a build from the records (``generator.model.build``); every
later stage (pages, the finder, search filters, data exports) reads these, never the
records' dicts. Values keep the record's codes (``"cbt"``, ``"in-person"``): labels come
from ``generator.vocabulary`` when something is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from generator.geography import LatLon
from generator.settings import STALE_AFTER_DAYS


@dataclass(frozen=True)
class Range:
    """``days_per_week: 3`` is Range(3, 3); ``ages: {min: 18}`` is Range(18, None)."""

    min: int | None
    max: int | None
    single: bool = False  # written as one number (days_per_week: 3), not {min, max}

    @property
    def fixed(self) -> bool:
        return self.min is not None and self.min == self.max


@dataclass(frozen=True)
class Schedule:
    format: str  # in-person, telehealth or hybrid (without one: in person if it has a place)
    days_per_week: Range | None = None
    hours_per_day: float | None = None
    tracks: tuple[str, ...] = ()
    length_weeks: Range | None = None
    format_given: bool = True  # False when the record did not say


@dataclass(frozen=True)
class Credential:
    """An accreditation (``body`` set) or a state licence (``authority`` set)."""

    kind: str  # "accreditation" or "licence"
    body: str | None = None  # accreditation body code
    authority: str | None = None
    type: str | None = None
    identifier: str | None = None  # accreditation id or licence number
    expires: dt.date | None = None
    verify_url: str | None = None

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and self.expires < today


@dataclass(frozen=True)
class Location:
    address: str
    city: str
    state: str
    zip: str
    name: str | None = None
    point: LatLon | None = None
    # Where the point came from: "record", "geocoded" (the cache) or "zip" (its centre).
    point_source: str = "record"
    wheelchair_accessible: bool | None = None
    transit: str | None = None


@dataclass(frozen=True)
class Payment:
    # Payment vocabulary keys the program answered, true or false; absent: not said.
    answers: tuple[tuple[str, bool], ...] = ()
    insurers: tuple[str, ...] = ()
    cost_notes: str | None = None

    @property
    def accepted(self) -> tuple[str, ...]:
        return tuple(key for key, yes in self.answers if yes)

    def answer(self, key: str) -> bool | None:
        return dict(self.answers).get(key)


@dataclass(frozen=True)
class Contact:
    phone: str | None = None
    website: str | None = None
    email: str | None = None
    intake_hours: str | None = None


@dataclass(frozen=True)
class Customization:
    individualized_plan: bool | None = None
    assessment: str | None = None
    specialty_tracks: tuple[str, ...] = ()
    notes: str | None = None


@dataclass(frozen=True)
class Verification:
    last_verified: dt.date
    verified_by: str
    method: str | None = None
    source: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Program:
    slug: str
    name: str
    summary: str
    verification: Verification
    source: Path
    # The schema's defaults (languages [en], status published, example false) come with
    # the normalised record: no second copy of them here.
    languages: tuple[str, ...]
    status: str
    example: bool
    organization: str | None = None
    description: str | None = None  # Markdown
    # The free text in Spanish, by the schema's keys of `spanish` (summary, description...).
    spanish: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    levels: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    populations: tuple[str, ...] = ()
    ages: Range | None = None
    therapies: tuple[str, ...] = ()
    addiction_medications: tuple[str, ...] = ()
    schedule: Schedule = field(default_factory=lambda: Schedule("in-person", format_given=False))
    accreditations: tuple[Credential, ...] = ()
    licenses: tuple[Credential, ...] = ()
    customization: Customization | None = None
    locations: tuple[Location, ...] = ()
    payment: Payment = field(default_factory=Payment)
    contact: Contact = field(default_factory=Contact)
    accepting_new_clients: bool | None = None
    edit_url: str | None = None

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def points(self) -> list[LatLon]:
        return [loc.point for loc in self.locations if loc.point is not None]

    @property
    def cities(self) -> list[str]:
        return list(dict.fromkeys(loc.city for loc in self.locations))

    @property
    def credentials(self) -> tuple[Credential, ...]:
        return self.accreditations + self.licenses

    def is_stale(self, today: dt.date, stale_after_days: int = STALE_AFTER_DAYS) -> bool:
        return (today - self.verification.last_verified).days > stale_after_days

    def expired_credentials(self, today: dt.date) -> list[Credential]:
        """Accreditations and licences whose expiry date has passed, soonest first."""
        expired = [c for c in self.credentials if c.expired(today)]
        return sorted(expired, key=lambda c: c.expires or today)
