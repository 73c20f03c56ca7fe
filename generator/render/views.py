"""What templates show, worked out in Python from the model: labels, phrases, links,
freshness. Templates only arrange these values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from generator.links import safe_url
from generator.model import Credential, Directory, Location, Program
from generator.model.directory import TELEHEALTH_ONLY
from generator.render.markdown import render_markdown
from generator.render.urls import directions_url, mailto_url, program_url, relative_url, tel_url
from generator.settings import STALE_AFTER_DAYS
from generator.translations import ENGLISH_TEXTS, Translator
from generator.vocabulary import group, language_name
from generator.wording import (
    age_phrase,
    ages_phrase,
    days_phrase,
    hours_phrase,
    long_date,
    weeks_phrase,
)


@dataclass(frozen=True)
class Freshness:
    """The day pages are built for, and how old a listing may grow before it is flagged."""

    today: dt.date
    stale_after_days: int = STALE_AFTER_DAYS

    def is_stale(self, program: Program) -> bool:
        return program.is_stale(self.today, self.stale_after_days)

    @property
    def stale_after(self) -> str:
        return age_phrase(self.stale_after_days)


def labels(name: str, values: tuple[str, ...] | list[str],
           t: Translator = ENGLISH_TEXTS) -> list[str]:
    vocabulary = group(name)
    return [t.gettext(vocabulary.label(v)) for v in values]


def payment_labels(program: Program, t: Translator = ENGLISH_TEXTS) -> list[str]:
    payment = group("payment")
    return [t.gettext(payment.label(key)) for key in payment.values
            if key in program.payment.accepted]


def _format_label(program: Program, t: Translator) -> str | None:
    schedule = program.schedule
    return t.gettext(group("format").label(schedule.format)) if schedule.format_given else None


def program_view(
    program: Program, directory: Directory, freshness: Freshness,
    t: Translator = ENGLISH_TEXTS,
) -> dict[str, Any]:
    """Everything the program template needs, as display-ready values."""
    page = program_url(program.slug)
    schedule = program.schedule
    contact = program.contact
    verification = program.verification
    expired = program.expired_credentials(freshness.today)
    return {
        "slug": program.slug,
        "name": program.name,
        "organization": program.organization,
        "example": program.example,
        "sample": False,
        **_free_text(program, "summary", program.summary, t),
        **_free_text(program, "description", program.description, t, markdown=True),
        "accepting": program.accepting_new_clients,
        "levels": labels("level", program.levels, t),
        "conditions": labels("condition", program.conditions, t),
        "format": _format_label(program, t),
        "days": days_phrase(schedule.days_per_week, t),
        "hours": hours_phrase(schedule.hours_per_day, t),
        "tracks": labels("track", schedule.tracks, t),
        "length": weeks_phrase(schedule.length_weeks, t),
        "accreditations": [_accreditation(a, freshness.today, t)
                           for a in program.accreditations],
        "licenses": [_license(lic, freshness.today, t) for lic in program.licenses],
        "customization": _customization(program, t),
        "therapies": labels("therapy", program.therapies, t),
        "medications": labels("medication", program.addiction_medications, t),
        "populations": labels("population", program.populations, t),
        "ages": ages_phrase(program.ages, t),
        "languages": [language_name(code, t.code) for code in program.languages],
        "payment": payment_labels(program, t),
        "insurers": list(program.payment.insurers),
        **_free_text(program, "cost_notes", program.payment.cost_notes, t),
        "locations": [_location(loc) for loc in program.locations],
        "phone": contact.phone,
        "phone_url": tel_url(contact.phone) if contact.phone else None,
        "website": safe_url(contact.website),
        "email": contact.email,
        "email_url": mailto_url(contact.email),
        **_free_text(program, "intake_hours", contact.intake_hours, t),
        "verified_on": long_date(verification.last_verified, t),
        "verified_iso": verification.last_verified.isoformat(),
        "verified_by": verification.verified_by,
        "verified_method": _method_label(verification.method, t),
        "verified_source": safe_url(verification.source),
        "stale": freshness.is_stale(program),
        "stale_after": age_phrase(freshness.stale_after_days, t),
        "expired": [_expired(item, t) for item in expired],
        "expired_kinds": _expired_kinds(expired, t),
        "expired_notice": _expired_notice(expired, t),
        "edit_url": safe_url(program.edit_url),
        "neighbours": [
            {
                "name": directory.by_slug[n.slug].name,
                "url": relative_url(program_url(n.slug), page),
                "miles": t.number(n.miles, 1),
                "city": ", ".join(directory.by_slug[n.slug].cities),
            }
            for n in directory.neighbours_of(program.slug)
            if n.slug in directory.by_slug
        ],
        "directory_url": relative_url("programs/", page),
        "finder_url": relative_url("find/", page),
        "filters": search_filters(program, t),
        "contact_card": contact_card(program, t),
    }


def contact_card(program: Program, t: Translator = ENGLISH_TEXTS) -> dict[str, Any]:
    """What a family needs to make the call, shown first: the phone, whether the program
    takes new clients (as of when it was checked), intake hours, where, how to pay."""
    first = program.locations[0] if program.locations else None
    return {
        "phone": program.contact.phone,
        "phone_url": tel_url(program.contact.phone) if program.contact.phone else None,
        "accepting": program.accepting_new_clients,
        "as_of": long_date(program.verification.last_verified, t),
        **_free_text(program, "intake_hours", program.contact.intake_hours, t),
        "address": f"{first.address}, {first.city}, {first.state} {first.zip}" if first else None,
        "more_places": max(0, len(program.locations) - 1),
        "telehealth_only": not program.locations,
        "payment": ", ".join(payment_labels(program, t)) or None,
        "website": safe_url(program.contact.website),
    }


def search_filters(program: Program, t: Translator = ENGLISH_TEXTS) -> list[tuple[str, str]]:
    """Pagefind filters for a program page, the same groups the finder narrows by (each
    language's pages are indexed apart, so names and values are in the page's language)."""
    _ = t.gettext
    pairs: list[tuple[str, str]] = []
    pairs += [(_("Level of care"), label) for label in labels("level", program.levels, t)]
    pairs += [(_("Condition"), label) for label in labels("condition", program.conditions, t)]
    pairs += [(_("Population"), label)
              for label in labels("population", program.populations, t)]
    pairs += [(_("Therapy"), label) for label in labels("therapy", program.therapies, t)]
    pairs += [(_("Medication for addiction"), label)
              for label in labels("medication", program.addiction_medications, t)]
    bodies = group("accreditation")
    pairs += [(_("Accreditation"), _(bodies.short_label(a.body or "")))
              for a in program.accreditations]
    pairs += [(_("Payment"), label) for label in payment_labels(program, t)]
    pairs += [(_("Language"), language_name(code, t.code)) for code in program.languages]
    # A hybrid program is found by either choice, as in the finder.
    fmt = program.schedule.format
    formats = ["in-person", "telehealth"] if fmt == "hybrid" else [fmt]
    if program.schedule.format_given:
        pairs += [(_("Format"), _(group("format").label(f))) for f in formats]
    pairs += [(_("Schedule"), label) for label in labels("track", program.schedule.tracks, t)]
    pairs += [(_("City"), city) for city in program.cities]
    if program.accepting_new_clients is not None:
        pairs.append((_("Accepting new clients"),
                      _("Yes") if program.accepting_new_clients else _("No")))
    return list(dict.fromkeys(pairs))


def directory_view(directory: Directory, freshness: Freshness,
                   t: Translator = ENGLISH_TEXTS) -> dict[str, Any]:
    page = "programs/"
    groups = [
        {
            "city": t.gettext(city) if city == TELEHEALTH_ONLY else city,
            "id": "city-" + "-".join(city.lower().split()),
            "programs": [_directory_entry(p, page, freshness, t) for p in programs],
        }
        for city, programs in directory.by_city()
    ]
    return {
        "groups": groups,
        "count": len(directory.programs),
        "finder_url": relative_url("find/", page),
        "stale_after": age_phrase(freshness.stale_after_days, t),
    }


def _directory_entry(program: Program, page: str, freshness: Freshness,
                     t: Translator) -> dict[str, Any]:
    schedule = program.schedule
    return {
        "name": program.name,
        "url": relative_url(program_url(program.slug), page),
        **_free_text(program, "summary", program.summary, t),
        "example": program.example,
        "format": _format_label(program, t),
        "conditions": labels("condition", program.conditions, t),
        "days": days_phrase(schedule.days_per_week, t),
        "hours": hours_phrase(schedule.hours_per_day, t),
        "payment": payment_labels(program, t),
        "accreditations": [t.gettext(group("accreditation").short_label(a.body or ""))
                           for a in program.accreditations],
        "accepting": program.accepting_new_clients,
        "verified_on": long_date(program.verification.last_verified, t),
        "stale": freshness.is_stale(program),
        "expired": bool(program.expired_credentials(freshness.today)),
    }


def _accreditation(item: Credential, today: dt.date, t: Translator) -> dict[str, Any]:
    bodies = group("accreditation")
    body = item.body or ""
    return {
        "name": t.gettext(bodies.label(body)),
        "id": item.identifier,
        "expires": long_date(item.expires, t) if item.expires else None,
        "expired": item.expired(today),
        "verify_url": safe_url(item.verify_url) or bodies.verify_urls.get(body),
    }


def _license(item: Credential, today: dt.date, t: Translator) -> dict[str, Any]:
    return {
        "authority": item.authority,
        "type": item.type,
        "number": item.identifier,
        "expires": long_date(item.expires, t) if item.expires else None,
        "expired": item.expired(today),
        "verify_url": safe_url(item.verify_url),
    }


def _expired(item: Credential, t: Translator) -> dict[str, str]:
    """What expired, in words: "Joint Commission accreditation", "licence CDTF-1"."""
    if item.kind == "accreditation":
        body = t.gettext(group("accreditation").short_label(item.body or ""))
        what = t.gettext("%(body)s accreditation") % {"body": body}
    else:
        what = t.gettext("licence %(number)s") % {"number": item.identifier}
    return {"what": what, "on": long_date(item.expires, t) if item.expires else ""}


def _expired_kinds(expired: list[Credential], t: Translator) -> str:
    """"licence", "accreditation" or "licence and accreditation", for the notice."""
    kinds = {c.kind for c in expired}
    if kinds >= {"licence", "accreditation"}:
        return t.gettext("licence and accreditation")
    if "licence" in kinds:
        return t.gettext("licence")
    return t.gettext("accreditation") if kinds else ""


def _expired_notice(expired: list[Credential], t: Translator) -> str:
    """"The Joint Commission accreditation expired on May 1, 2026. We are checking it
    again. Until then, ask the program about its current accreditation before you rely on
    this listing." """
    if not expired:
        return ""
    sentences = [t.gettext("The %(what)s expired on %(day)s.") % {
        "what": item["what"], "day": item["on"]} for item in (_expired(c, t) for c in expired)]
    sentences.append(t.ngettext("We are checking it again.", "We are checking them again.",
                                len(expired)))
    sentences.append(t.gettext("Until then, ask the program about its current %(kinds)s "
                               "before you rely on this listing.") % {
        "kinds": _expired_kinds(expired, t)})
    return " ".join(sentences)


def _method_label(method: str | None, t: Translator) -> str | None:
    found = group("method").labels.get(method or "")
    return t.gettext(found) if found else None


def _customization(program: Program, t: Translator) -> dict[str, Any] | None:
    item = program.customization
    if item is None:
        return None
    notes = _free_text(program, "customization_notes", item.notes, t)
    return {
        "individualized_plan": item.individualized_plan,
        "assessment": item.assessment,
        "specialty_tracks": list(item.specialty_tracks),
        "notes": notes["customization_notes"],
        "notes_lang": notes["customization_notes_lang"],
    }


def _free_text(program: Program, key: str, english: str | None, t: Translator,
               *, markdown: bool = False) -> dict[str, Any]:
    """A record's free text in the page's language: ``{key: text, key_lang: None}``, or,
    where the record has no version in that language, the English one with
    ``key_lang: "en"`` (the template marks it lang="en" and says it is in English)."""
    text: str | None = english
    lang: str | None = None
    if not t.language.is_source and english:
        own = program.spanish.get(key) if t.code == "es" else None
        text, lang = (own, None) if own else (english, "en")
    if markdown and text:
        text = render_markdown(text)
    return {key: text, f"{key}_lang": lang}


def _location(item: Location) -> dict[str, Any]:
    return {
        "name": item.name,
        "address": item.address,
        "city": item.city,
        "state": item.state,
        "zip": item.zip,
        # Not to a ZIP's centre: that is no place to go.
        "directions_url": directions_url(*item.point)
        if item.point and item.point_source != "zip" else None,
        "wheelchair": item.wheelchair_accessible,
        "transit": item.transit,
    }
