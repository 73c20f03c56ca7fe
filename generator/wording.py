"""Phrases shared by pages, exports and messages, so that each is worded once, in each
language of the site (English by default: exports and validator messages are English)."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from generator.translations import ENGLISH_TEXTS, Translator


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


def age_phrase(days: int, t: Translator = ENGLISH_TEXTS) -> str:
    """A span of days as people say it: 365 -> "12 months", 730 -> "2 years", 45 -> "45 days".

    Used wherever staleness is worded, so that ``stale_after_days`` is the one setting.
    """
    if days >= 365 * 2 and days % 365 == 0:
        years = days // 365
        return t.ngettext("%(n)d year", "%(n)d years", years) % {"n": years}
    months = round(days / _MONTH_DAYS)
    if days >= 60 and abs(days - months * _MONTH_DAYS) <= 3:
        return t.ngettext("%(n)d month", "%(n)d months", months) % {"n": months}
    return t.ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


def long_date(day: dt.date, t: Translator = ENGLISH_TEXTS) -> str:
    """``November 27, 2026``; in Spanish ``27 de noviembre de 2026``."""
    return t.long_date(day)


def days_phrase(days: Range | None, t: Translator = ENGLISH_TEXTS) -> str | None:
    """``3 days a week``, ``3 to 5 days a week``."""
    if days is None or days.min is None:
        return None
    if days.fixed or days.max is None:
        return t.ngettext("%(n)d day a week", "%(n)d days a week", days.min) % {"n": days.min}
    return t.gettext("%(low)d to %(high)d days a week") % {"low": days.min, "high": days.max}


def hours_phrase(hours: float | None, t: Translator = ENGLISH_TEXTS) -> str | None:
    """``3 hours a day``, ``1 hour a day``, ``2.5 hours a day``."""
    if hours is None:
        return None
    amount = f"{hours:g}" if t.language.is_source else t.number(hours, 1).rstrip("0").rstrip(",.")
    return t.ngettext("%(n)s hour a day", "%(n)s hours a day", 1 if hours == 1 else 2) % {
        "n": amount}


def weeks_phrase(weeks: Range | None, t: Translator = ENGLISH_TEXTS) -> str | None:
    """``about 12 weeks``, ``8 to 12 weeks``."""
    if weeks is None or weeks.min is None:
        return None
    if weeks.fixed or weeks.max is None:
        return t.ngettext("about %(n)d week", "about %(n)d weeks", weeks.min) % {"n": weeks.min}
    return t.gettext("%(low)d to %(high)d weeks") % {"low": weeks.min, "high": weeks.max}


def ages_phrase(ages: Range | None, t: Translator = ENGLISH_TEXTS) -> str | None:
    """``Ages 13 to 17``, ``Ages 18 and over``, ``Ages up to 25``."""
    if ages is None or (ages.min is None and ages.max is None):
        return None
    if ages.min is not None and ages.max is not None:
        return t.gettext("Ages %(low)d to %(high)d") % {"low": ages.min, "high": ages.max}
    if ages.min is not None:
        return t.gettext("Ages %(n)d and over") % {"n": ages.min}
    return t.gettext("Ages up to %(n)d") % {"n": ages.max}
