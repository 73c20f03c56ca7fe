"""Phrases shared by pages, exports and messages, so that each is worded once."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class Range(Protocol):
    """A span of whole numbers, such as the model's Range (this module comes before it)."""

    @property
    def min(self) -> int | None: ...
    @property
    def max(self) -> int | None: ...
    @property
    def fixed(self) -> bool: ...

# Average length of a month in days: 365 days are "12 months", 182 "6 months".
_MONTH_DAYS = 365.25 / 12


def age_phrase(days: int) -> str:
    """A span of days as people say it: 365 -> "12 months", 730 -> "2 years", 45 -> "45 days".

    Used wherever staleness is worded, so that ``stale_after_days`` is the one setting.
    """
    if days >= 365 * 2 and days % 365 == 0:
        return f"{days // 365} years"
    months = round(days / _MONTH_DAYS)
    if days >= 60 and abs(days - months * _MONTH_DAYS) <= 3:
        return f"{months} months"
    return f"{days} day{'s' * (days != 1)}"


def long_date(day: dt.date) -> str:
    """``November 27, 2026``."""
    return f"{day:%B} {day.day}, {day.year}"


def days_phrase(days: Range | None) -> str | None:
    """``3 days a week``, ``3 to 5 days a week``."""
    if days is None or days.min is None:
        return None
    if days.fixed or days.max is None:
        return f"{days.min} day{'s' * (days.min != 1)} a week"
    return f"{days.min} to {days.max} days a week"


def hours_phrase(hours: float | None) -> str | None:
    """``3 hours a day``, ``1 hour a day``, ``2.5 hours a day``."""
    if hours is None:
        return None
    return f"{hours:g} hour{'s' * (hours != 1)} a day"


def weeks_phrase(weeks: Range | None) -> str | None:
    """``about 12 weeks``, ``8 to 12 weeks``."""
    if weeks is None or weeks.min is None:
        return None
    if weeks.fixed or weeks.max is None:
        return f"about {weeks.min} weeks"
    return f"{weeks.min} to {weeks.max} weeks"


def ages_phrase(ages: Range | None) -> str | None:
    """``Ages 13 to 17``, ``Ages 18 and over``, ``Ages up to 25``."""
    if ages is None or (ages.min is None and ages.max is None):
        return None
    if ages.min is not None and ages.max is not None:
        return f"Ages {ages.min} to {ages.max}"
    return f"Ages {ages.min} and over" if ages.min is not None else f"Ages up to {ages.max}"
