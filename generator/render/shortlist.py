"""What the shortlist (``/shortlist/``) compares and prints about a program: one small
JSON file per published program and language, ``assets/shortlist/programs/<slug>.json``
(``es/assets/shortlist/programs/<slug>.json`` in Spanish).

One file per program, not one for the whole directory: the shortlist page fetches only
the few programs a visitor saved (a file that is not there is a program no longer
listed), so what it downloads does not grow with the directory. Every value is display
text (labels, phrases, dates in words) except the coordinates used for distances and
the flags; the browser inserts them as text, never as HTML.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.model import Credential, Program
from generator.render.urls import program_url, tel_url
from generator.render.views import Freshness, labels, payment_labels
from generator.translations import ENGLISH, ENGLISH_TEXTS, Language, Translator
from generator.vocabulary import group, language_name
from generator.wording import ages_phrase, days_phrase, hours_phrase, long_date, weeks_phrase

SHORTLIST_VERSION = 1
SHORTLIST_FOLDER = "assets/shortlist/programs"
# Five decimals (about a metre) is more than any distance shown needs.
_DECIMALS = 5


def shortlist_folder(language: Language = ENGLISH) -> str:
    return language.path(SHORTLIST_FOLDER)


def shortlist_path(slug: str, language: Language = ENGLISH) -> str:
    return f"{shortlist_folder(language)}/{slug}.json"


def shortlist_record(program: Program, freshness: Freshness,
                     t: Translator = ENGLISH_TEXTS) -> dict[str, Any]:
    """One program as the shortlist shows it in `t`'s language (see the module
    docstring)."""
    _ = t.gettext
    today = freshness.today
    schedule = program.schedule
    contact = program.contact
    return {
        "v": SHORTLIST_VERSION,
        "slug": program.slug,
        "name": program.name,
        "url": program_url(program.slug),
        "example": program.example,
        "phone": contact.phone or "",
        "tel": tel_url(contact.phone) if contact.phone else "",
        "intake_hours": contact.intake_hours or "",
        "locations": [
            {
                "address": f"{loc.address}, {loc.city}, {loc.state} {loc.zip}",
                "lat": round(loc.point[0], _DECIMALS) if loc.point else None,
                "lon": round(loc.point[1], _DECIMALS) if loc.point else None,
            }
            for loc in program.locations
        ],
        "format": _(group("format").label(schedule.format)) if schedule.format_given else "",
        "days": days_phrase(schedule.days_per_week, t) or "",
        "hours": hours_phrase(schedule.hours_per_day, t) or "",
        "tracks": labels("track", schedule.tracks, t),
        "length": weeks_phrase(schedule.length_weeks, t) or "",
        "ages": ages_phrase(program.ages, t) or "",
        "populations": labels("population", program.populations, t),
        "conditions": labels("condition", program.conditions, t),
        "therapies": labels("therapy", program.therapies, t),
        "medications": labels("medication", program.addiction_medications, t),
        "payment": payment_labels(program, t),
        "insurers": list(program.payment.insurers),
        "languages": [language_name(code, t.code) for code in program.languages],
        "accreditations": [_credential(_(group("accreditation").label(a.body or "")), a,
                                       today, t) for a in program.accreditations],
        "licenses": [_credential(_licence_name(lic, t), lic, today, t)
                     for lic in program.licenses],
        "accepting": program.accepting_new_clients,
        "verified_on": long_date(program.verification.last_verified, t),
        "verified_iso": program.verification.last_verified.isoformat(),
        "stale": freshness.is_stale(program),
    }


def _licence_name(item: Credential, t: Translator) -> str:
    # As the program page words it: "Chemical dependency treatment facility licence from
    # HHSC, number 1234".
    words = {"kind": item.type or t.gettext("State"), "authority": item.authority,
             "number": item.identifier}
    if item.authority and item.identifier:
        return t.gettext("%(kind)s licence from %(authority)s, number %(number)s") % words
    if item.authority:
        return t.gettext("%(kind)s licence from %(authority)s") % words
    if item.identifier:
        return t.gettext("%(kind)s licence, number %(number)s") % words
    return t.gettext("%(kind)s licence") % words


def _credential(name: str, item: Credential, today: dt.date, t: Translator) -> dict[str, Any]:
    return {
        "name": name,
        "expires": long_date(item.expires, t) if item.expires else "",
        "expired": item.expired(today),
    }
