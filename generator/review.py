"""What is due for the editors' review: credentials expiring or expired, and listings
verified too long ago. Read by ``python -m generator due`` and the weekly workflow that
keeps one issue up to date for the editors."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from generator.loader import Record
from generator.settings import Settings
from generator.vocabulary import group
from generator.wording import age_phrase


@dataclass(frozen=True, order=True)
class DueItem:
    """One thing to re-check in one listing; ``date`` is the day that makes it due."""

    date: str
    file: str
    name: str
    reason: str


def due_listings(
    records: Iterable[Record], settings: Settings, *, within_days: int = 60
) -> list[DueItem]:
    """Published listings' credentials expiring within ``within_days`` (or expired), and
    verifications older than the stale limit, soonest first."""
    today = settings.today
    bodies = group("accreditation")
    found: list[DueItem] = []
    for record in records:
        data = record.data
        if data.get("status", "published") != "published":
            continue
        name = str(data.get("name", record.slug))

        def add(day: dt.date, reason: str, record: Record = record, name: str = name) -> None:
            found.append(DueItem(day.isoformat(), record.display_path, name, reason))

        for item in _dicts(data.get("accreditations")):
            expires = _date(item.get("expires"))
            if expires and (expires - today).days <= within_days:
                body = bodies.label(str(item.get("body")))
                add(expires, f"{body} accreditation {_when(expires, today)}")
        for item in _dicts(data.get("licenses")):
            expires = _date(item.get("expires"))
            if expires and (expires - today).days <= within_days:
                number = item.get("number", "")
                add(expires, f"licence {number} ({item.get('type', 'licence')}) "
                    f"{_when(expires, today)}")
        verification = data.get("verification")
        checked = _date(verification.get("last_verified")) if isinstance(
            verification, dict) else None
        if checked and (today - checked).days > settings.stale_after_days:
            add(checked, f"last verified on {checked.isoformat()}, more than "
                f"{age_phrase(settings.stale_after_days)} ago")
    return sorted(found)


def format_due(
    items: list[DueItem], output_format: str, *, link_base: str | None = None,
    within_days: int = 60,
) -> str:
    if output_format == "json":
        return json.dumps([asdict(item) for item in items], indent=2, ensure_ascii=False)
    listings = len({item.file for item in items})
    if not items:
        headline = "No listing needs attention."
    else:
        headline = (f"{listings} listing{'s' * (listings != 1)} need{'s' * (listings == 1)} "
                    f"checking again: credentials that expire within {within_days} days or "
                    "have expired, and verifications that have grown old.")
    if output_format == "markdown":
        lines = [headline]
        if items:
            lines += ["", "Check each with the program, update the record and its "
                      "`verification`, and open a pull request.", ""]
            # One box a listing (soonest first), its reasons under it.
            by_file: dict[str, list[DueItem]] = {}
            for item in items:
                by_file.setdefault(item.file, []).append(item)
            for file, reasons in by_file.items():
                where = (f"[`{file}`]({link_base.rstrip('/')}/{file})"
                         if link_base else f"`{file}`")
                lines.append(f"- [ ] **{_markdown_text(reasons[0].name)}** ({where})")
                lines += [f"  - {_markdown_text(item.reason)}" for item in reasons]
        return "\n".join(lines)
    return "\n".join([headline, *(f"{item.file}: {item.name}: {item.reason}" for item in items)])


def _when(day: dt.date, today: dt.date) -> str:
    days = (day - today).days
    if days < 0:
        return f"expired on {day.isoformat()}"
    if days == 0:
        return f"expires today ({day.isoformat()})"
    return f"expires on {day.isoformat()} (in {days} day{'s' * (days != 1)})"


def _markdown_text(text: str) -> str:
    # Record text in an issue body: no markup, mentions or HTML of its own.
    text = " ".join(text.split())
    for char in "\\`*_[]<>#@|!":
        text = text.replace(char, "\\" + char)
    return text


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
