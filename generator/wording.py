"""Phrases shared by pages, exports and messages, so that each is worded once."""

from __future__ import annotations

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
