"""What templates show, worked out in Python: labels, phrases, links, freshness."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator import schema
from generator.config import STALE_AFTER_DAYS
from generator.model import Directory, Program
from generator.render.markdown import render_markdown
from generator.render.urls import (
    directions_url,
    mailto_url,
    program_url,
    relative_url,
    safe_url,
    tel_url,
)
from generator.wording import age_phrase

LANGUAGE_NAMES = {
    "en": "English", "es": "Spanish", "vi": "Vietnamese", "zh": "Chinese", "ko": "Korean",
    "ar": "Arabic", "fr": "French", "de": "German", "hi": "Hindi", "ur": "Urdu",
    "tl": "Tagalog", "ru": "Russian", "pt": "Portuguese", "ja": "Japanese", "fa": "Persian",
    "my": "Burmese", "ne": "Nepali", "sw": "Swahili", "am": "Amharic", "so": "Somali",
    "asl": "American Sign Language", "sgn": "Sign language", "it": "Italian", "pl": "Polish",
    "gu": "Gujarati", "pa": "Punjabi", "bn": "Bengali", "ta": "Tamil", "te": "Telugu",
}


@dataclass(frozen=True)
class Vocabulary:
    """Labels for every closed list in the schema, read once."""

    levels: dict[str, str]
    conditions: dict[str, str]
    populations: dict[str, str]
    therapies: dict[str, str]
    tracks: dict[str, str]
    formats: dict[str, str]
    bodies: dict[str, str]
    body_short: dict[str, str]
    body_verify: dict[str, str]
    payment: dict[str, str]
    methods: dict[str, str]

    @classmethod
    def load(cls) -> Vocabulary:
        return cls(
            levels=schema.labels("level_of_care"),
            conditions=schema.labels("condition"),
            populations=schema.labels("population"),
            therapies=schema.labels("therapy"),
            tracks=schema.labels("track"),
            formats=schema.labels("format"),
            bodies=schema.labels("accreditation_body"),
            body_short=schema.short_labels("accreditation_body"),
            body_verify=schema.accreditation_verify_urls(),
            payment=schema.payment_options(),
            methods=schema.definition("verification")["properties"]["method"]["x-labels"],
        )


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def long_date(value: str | dt.date) -> str:
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day:%B} {day.day}, {day.year}"


def days_phrase(days: Any) -> str | None:
    if isinstance(days, dict):
        return f"{days['min']} to {days['max']} days a week"
    if isinstance(days, int):
        return f"{days} day{'s' * (days != 1)} a week"
    return None


def hours_phrase(hours: Any) -> str | None:
    if hours is None:
        return None
    text = f"{hours:g}"
    return f"{text} hour{'s' * (hours != 1)} a day"


def weeks_phrase(length: Any) -> str | None:
    if not isinstance(length, dict):
        return None
    if length["min"] == length["max"]:
        return f"about {length['min']} weeks"
    return f"{length['min']} to {length['max']} weeks"


def ages_phrase(ages: Any) -> str | None:
    if not isinstance(ages, dict) or not ages:
        return None
    low, high = ages.get("min"), ages.get("max")
    if low is not None and high is not None:
        return f"Ages {low} to {high}"
    return f"Ages {low} and over" if low is not None else f"Ages up to {high}"


def payment_list(payment: dict[str, Any], vocab: Vocabulary) -> list[str]:
    return [label for key, label in vocab.payment.items() if payment.get(key) is True]


def program_view(
    program: Program,
    directory: Directory,
    vocab: Vocabulary,
    today: dt.date,
    stale_after_days: int = STALE_AFTER_DAYS,
) -> dict[str, Any]:
    """Everything the program template needs, as display-ready values."""
    data = program.data
    page = program_url(program.slug)
    schedule = data.get("schedule", {})
    verification = data["verification"]
    contact = data.get("contact", {})
    payment = data.get("payment", {})
    expired = program.expired_credentials(today)
    return {
        "slug": program.slug,
        "name": data["name"],
        "organization": data.get("organization"),
        "example": data.get("example", False),
        "summary": data["summary"],
        "description": render_markdown(data["description"]) if data.get("description") else None,
        "accepting": data.get("accepting_new_clients"),
        "levels": [vocab.levels[v] for v in data.get("levels_of_care", [])],
        "conditions": [vocab.conditions[v] for v in data.get("conditions", [])],
        "format": vocab.formats.get(schedule.get("format", ""), None),
        "days": days_phrase(schedule.get("days_per_week")),
        "hours": hours_phrase(schedule.get("hours_per_day")),
        "tracks": [vocab.tracks[t] for t in schedule.get("tracks", [])],
        "length": weeks_phrase(schedule.get("length_weeks")),
        "accreditations": [
            _accreditation(a, vocab, today) for a in data.get("accreditations", [])
        ],
        "licenses": [_license(lic, today) for lic in data.get("licenses", [])],
        "customization": _customization(data.get("customization")),
        "therapies": [vocab.therapies[t] for t in data.get("therapies", [])],
        "populations": [vocab.populations[p] for p in data.get("populations", [])],
        "ages": ages_phrase(data.get("ages")),
        "languages": [language_name(code) for code in data.get("languages", [])],
        "payment": payment_list(payment, vocab),
        "insurers": payment.get("insurers", []),
        "cost_notes": payment.get("cost_notes"),
        "locations": [_location(loc) for loc in program.locations],
        "phone": contact.get("phone"),
        "phone_url": tel_url(contact["phone"]) if contact.get("phone") else None,
        "website": safe_url(contact.get("website")),
        "email": contact.get("email"),
        "email_url": mailto_url(contact.get("email")),
        "intake_hours": contact.get("intake_hours"),
        "verified_on": long_date(verification["last_verified"]),
        "verified_iso": verification["last_verified"],
        "verified_by": verification["verified_by"],
        "verified_method": vocab.methods.get(verification.get("method", ""), None),
        "verified_source": safe_url(verification.get("source")),
        "stale": program.is_stale(today, stale_after_days),
        "stale_after": age_phrase(stale_after_days),
        "expired": [_expired(item, vocab) for item in expired],
        "expired_kinds": " and ".join(
            kind for kind, present in (("licence", any("number" in i for i in expired)),
                                       ("accreditation", any("body" in i for i in expired)))
            if present),
        "edit_url": safe_url(program.edit_url),
        "neighbours": [
            {
                "name": directory.by_slug[n.slug].name,
                "url": relative_url(program_url(n.slug), page),
                "miles": f"{n.miles:.1f}",
                "city": ", ".join(directory.by_slug[n.slug].cities),
            }
            for n in program.neighbours
            if n.slug in directory.by_slug
        ],
        "directory_url": relative_url("programs/", page),
        "finder_url": relative_url("find/", page),
        "filters": search_filters(program, vocab),
    }


def search_filters(program: Program, vocab: Vocabulary) -> list[tuple[str, str]]:
    """Pagefind filters for a program page, the same groups the finder narrows by."""
    data = program.data
    schedule = data.get("schedule", {})
    pairs: list[tuple[str, str]] = []
    pairs += [("Level of care", vocab.levels[v]) for v in data.get("levels_of_care", [])]
    pairs += [("Condition", vocab.conditions[v]) for v in data.get("conditions", [])]
    pairs += [("Population", vocab.populations[v]) for v in data.get("populations", [])]
    pairs += [("Therapy", vocab.therapies[v]) for v in data.get("therapies", [])]
    pairs += [
        ("Accreditation", vocab.body_short[a["body"]]) for a in data.get("accreditations", [])
    ]
    pairs += [("Payment", label) for label in payment_list(data.get("payment", {}), vocab)]
    pairs += [("Language", language_name(c)) for c in data.get("languages", [])]
    # A hybrid program is found by either choice, as in the finder.
    formats = {"hybrid": ["in-person", "telehealth"]}.get(schedule.get("format"),
                                                         [schedule.get("format")])
    pairs += [("Format", vocab.formats[f]) for f in formats if f]
    pairs += [("Schedule", vocab.tracks[t]) for t in schedule.get("tracks", [])]
    pairs += [("City", city) for city in program.cities]
    if isinstance(data.get("accepting_new_clients"), bool):
        answer = "Yes" if data["accepting_new_clients"] else "No"
        pairs.append(("Accepting new clients", answer))
    return list(dict.fromkeys(pairs))


def directory_view(
    directory: Directory,
    vocab: Vocabulary,
    today: dt.date,
    stale_after_days: int = STALE_AFTER_DAYS,
) -> dict[str, Any]:
    page = "programs/"
    groups = []
    for city, programs in directory.by_city():
        groups.append(
            {
                "city": city,
                "id": "city-" + "-".join(city.lower().split()),
                "programs": [
                    _directory_entry(p, vocab, page, today, stale_after_days) for p in programs
                ],
            }
        )
    return {
        "groups": groups,
        "count": len(directory.programs),
        "finder_url": relative_url("find/", page),
        "stale_after": age_phrase(stale_after_days),
    }


def _directory_entry(
    program: Program, vocab: Vocabulary, page: str, today: dt.date, stale_after_days: int
) -> dict[str, Any]:
    data = program.data
    schedule = data.get("schedule", {})
    return {
        "name": data["name"],
        "url": relative_url(program_url(program.slug), page),
        "summary": data["summary"],
        "example": data.get("example", False),
        "format": vocab.formats.get(schedule.get("format", ""), None),
        "conditions": [vocab.conditions[c] for c in data.get("conditions", [])],
        "days": days_phrase(schedule.get("days_per_week")),
        "hours": hours_phrase(schedule.get("hours_per_day")),
        "payment": payment_list(data.get("payment", {}), vocab),
        "accreditations": [vocab.body_short[a["body"]] for a in data.get("accreditations", [])],
        "accepting": data.get("accepting_new_clients"),
        "verified_on": long_date(data["verification"]["last_verified"]),
        "stale": program.is_stale(today, stale_after_days),
        "expired": bool(program.expired_credentials(today)),
    }


def _accreditation(item: dict[str, Any], vocab: Vocabulary, today: dt.date) -> dict[str, Any]:
    body = item["body"]
    return {
        "name": vocab.bodies[body],
        "id": item.get("id"),
        "expires": long_date(item["expires"]) if item.get("expires") else None,
        "expired": _has_expired(item, today),
        "verify_url": safe_url(item.get("verify_url")) or vocab.body_verify.get(body),
    }


def _license(item: dict[str, Any], today: dt.date) -> dict[str, Any]:
    return {
        "authority": item["authority"],
        "type": item["type"],
        "number": item["number"],
        "expires": long_date(item["expires"]) if item.get("expires") else None,
        "expired": _has_expired(item, today),
        "verify_url": safe_url(item.get("verify_url")),
    }


def _has_expired(item: dict[str, Any], today: dt.date) -> bool:
    return bool(item.get("expires")) and dt.date.fromisoformat(item["expires"]) < today


def _expired(item: dict[str, Any], vocab: Vocabulary) -> dict[str, str]:
    """What expired, in words: "The Joint Commission accreditation", "the licence CDTF-1"."""
    if "body" in item:
        what = f"{vocab.body_short.get(item['body'], item['body'])} accreditation"
    else:
        what = f"licence {item['number']}"
    return {"what": what, "on": long_date(item["expires"])}


def _customization(item: Any) -> dict[str, Any] | None:
    if not isinstance(item, dict) or not item:
        return None
    return {
        "individualized_plan": item.get("individualized_plan"),
        "assessment": item.get("assessment"),
        "specialty_tracks": item.get("specialty_tracks", []),
        "notes": item.get("notes"),
    }


def _location(item: dict[str, Any]) -> dict[str, Any]:
    coords = item.get("coordinates")
    return {
        "name": item.get("name"),
        "address": item["address"],
        "city": item["city"],
        "state": item.get("state", "TX"),
        "zip": item["zip"],
        "directions_url": directions_url(coords["lat"], coords["lon"]) if coords else None,
        "wheelchair": item.get("wheelchair_accessible"),
        "transit": item.get("transit"),
    }


def as_markup(html: str) -> Markup:
    return Markup(html)
