"""Programs as HSDS 3.0 objects: organizations with their services, locations, addresses,
phones, schedules, languages and identifiers nested.

One organization per program, or per ``organization`` shared by several programs, with
one service per program. Ids are UUID 5 from the slug (and the organization's name), so
repeated exports of the same records give the same ids. Our vocabularies have no HSDS
equivalent, so they are written as text in the service's description, eligibility and
fees fields.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from generator.model import Credential, Location, Program
from generator.render.markdown import markdown_to_text
from generator.vocabulary import group, language_name
from generator.wording import ages_phrase, days_phrase, hours_phrase, weeks_phrase

# Fixed namespace: changing it would change every exported id.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/example/austin-iop-directory/hsds")
HSDS_VERSION = "3.0.1"

PageUrl = Callable[[str], str | None]


def make_id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def hsds_organizations(
    programs: Sequence[Program], page_url: PageUrl, generated: dt.date
) -> list[dict[str, Any]]:
    """HSDS organizations (with nested services, locations, ...) for published programs.

    ``generated`` is the export date: accreditations that expired before it are left out.
    ``page_url`` gives a program's absolute page address (None when the site's address is
    not known: HSDS wants absolute URLs).
    """
    groups: dict[str, list[Program]] = {}
    for program in sorted(programs, key=lambda p: p.slug):
        if program.is_draft:
            continue
        org = program.organization
        key = f"organization/{_key(org)}" if org else f"program/{program.slug}"
        groups.setdefault(key, []).append(program)
    organizations = [_organization(key, members, page_url, generated)
                     for key, members in groups.items()]
    return sorted(organizations, key=lambda o: (o["name"].lower(), o["id"]))


def _organization(
    key: str, programs: list[Program], page_url: PageUrl, generated: dt.date
) -> dict[str, Any]:
    org_id = make_id(key)
    first = programs[0]
    org: dict[str, Any] = {"id": org_id, "name": first.organization or first.name,
                           "description": _org_description(programs)}
    website = _shared(p.contact.website for p in programs)
    email = _shared(p.contact.email for p in programs)
    if website:
        org["website"] = website
    if email:
        org["email"] = email
    locations: dict[str, dict[str, Any]] = {}
    services = [_service(p, org_id, key, locations, page_url, generated) for p in programs]
    org["locations"] = list(locations.values())
    org["services"] = services
    org["organization_identifiers"] = _identifiers(programs, org_id)
    return org


def _shared(values: Iterable[str | None]) -> str | None:
    found = list(values)
    return found[0] if found and found[0] and all(v == found[0] for v in found) else None


def _org_description(programs: list[Program]) -> str:
    if len(programs) == 1:
        return programs[0].summary
    names = "; ".join(p.name for p in programs)
    return f"Runs {len(programs)} programs listed in the Austin IOP Directory: {names}."


def _identifiers(programs: list[Program], org_id: str) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for program in programs:
        for lic in program.licenses:
            number = str(lic.identifier)
            key = f"{_key(lic.authority or '')}/{number}"
            found.setdefault(key, {
                "id": make_id("organization_identifier", key),
                "organization_id": org_id,
                "identifier_type": f"{lic.authority}: {lic.type} licence",
                "identifier": number,
            })
    return list(found.values())


def _service(
    program: Program,
    org_id: str,
    org_key: str,
    locations: dict[str, dict[str, Any]],
    page_url: PageUrl,
    generated: dt.date,
) -> dict[str, Any]:
    slug = program.slug
    service_id = make_id("service", slug)
    contact = program.contact
    service: dict[str, Any] = {
        "id": service_id,
        "organization_id": org_id,
        "name": program.name,
        "description": _service_description(program),
        "status": "active",
    }
    optional = {
        "url": contact.website or page_url(slug),
        "email": contact.email,
        "application_process": _application_process(program),
        "fees_description": _fees(program),
        "accreditations": _accreditations(program.accreditations, generated),
        "eligibility_description": _eligibility(program),
        "minimum_age": program.ages.min if program.ages else None,
        "maximum_age": program.ages.max if program.ages else None,
        "assured_date": program.verification.last_verified.isoformat(),
        "alert": _alert(program),
    }
    service.update({k: v for k, v in optional.items() if v not in (None, "")})
    service["phones"] = _phones(contact.phone, "service_id", service_id, slug)
    service["schedules"] = _schedules(program, service_id)
    service["languages"] = [
        {"id": make_id("language", slug, code), "service_id": service_id,
         "name": language_name(code), "code": code}
        for code in program.languages
    ]
    links = []
    for index, loc in enumerate(program.locations):
        location = _location(loc, program, org_id, org_key, index)
        links.append(locations.setdefault(location["id"], location)["id"])
    virtual = _virtual_location(program, org_id)
    if virtual:
        links.append(locations.setdefault(virtual["id"], virtual)["id"])
    service["service_at_locations"] = [
        {"id": make_id("service_at_location", slug, location_id), "service_id": service_id,
         "location_id": location_id}
        for location_id in dict.fromkeys(links)
    ]
    return service


def _location(
    loc: Location, program: Program, org_id: str, org_key: str, index: int
) -> dict[str, Any]:
    # Programs of one organization at the same address share one HSDS location.
    place = _key(f"{loc.address} {loc.zip}")
    location_id = make_id("location", org_key, place)
    location: dict[str, Any] = {
        "id": location_id,
        "location_type": "physical",
        "organization_id": org_id,
        "name": loc.name or program.name,
    }
    if loc.transit:
        location["transportation"] = loc.transit
    if loc.point and loc.point_source != "zip":  # a ZIP's centre is no address's place
        location["latitude"], location["longitude"] = loc.point
    location["addresses"] = [{
        "id": make_id("address", org_key, place),
        "location_id": location_id,
        "address_1": loc.address,
        "city": loc.city,
        "state_province": loc.state,
        "postal_code": loc.zip,
        "country": "US",
        "address_type": "physical",
    }]
    access = loc.wheelchair_accessible
    location["accessibility"] = [] if access is None else [{
        "id": make_id("accessibility", org_key, place),
        "location_id": location_id,
        "description": "Wheelchair accessible" if access else "Not wheelchair accessible",
    }]
    return location


def _virtual_location(program: Program, org_id: str) -> dict[str, Any] | None:
    website = program.contact.website
    if not program.schedule.format_given or program.schedule.format not in (
            "telehealth", "hybrid") or not website:
        return None
    return {
        "id": make_id("location", "virtual", program.slug),
        "location_type": "virtual",
        "url": website,
        "organization_id": org_id,
        "name": f"{program.name} (telehealth)",
    }


def _phones(phone: str | None, owner: str, owner_id: str, slug: str) -> list[dict[str, Any]]:
    if not phone:
        return []
    match = re.fullmatch(r"(.*?)[\s,]*(?:x|ext\.?|extension)\s*(\d+)", phone, re.IGNORECASE)
    item: dict[str, Any] = {
        "id": make_id("phone", slug),
        owner: owner_id,
        "number": match.group(1) if match else phone,
        "type": "voice",
    }
    if match:
        item["extension"] = int(match.group(2))
    return [item]


def _service_description(program: Program) -> str:
    parts = [program.summary.strip()]
    if program.description:
        parts.append(markdown_to_text(program.description))
    for title, name, values in (("Levels of care", "level", program.levels),
                                ("Therapies", "therapy", program.therapies),
                                ("Medication for addiction", "medication",
                                 program.addiction_medications)):
        if values:
            parts.append(f"{title}: {', '.join(group(name).label(v) for v in values)}.")
    custom = program.customization
    if custom and custom.specialty_tracks:
        parts.append(f"Specialty tracks: {', '.join(custom.specialty_tracks)}.")
    if custom and custom.notes:
        parts.append(custom.notes)
    return "\n\n".join(parts)


def _eligibility(program: Program) -> str:
    parts = []
    if program.conditions:
        parts.append("Treats: " + ", ".join(group("condition").label(c)
                                            for c in program.conditions))
    if program.populations:
        parts.append("Serves: " + ", ".join(group("population").label(p)
                                            for p in program.populations))
    ages = ages_phrase(program.ages)
    if ages:
        parts.append(ages)
    return ". ".join(parts) + "." if parts else ""


def _fees(program: Program) -> str:
    payment = program.payment
    names = {k: v for k, v in group("payment").labels.items() if k != "sliding_scale"}
    accepted = [names[k] for k in names if payment.answer(k) is True]
    refused = [names[k] for k in names if payment.answer(k) is False]
    parts = []
    if accepted:
        parts.append("Accepts: " + ", ".join(accepted) + ".")
    if refused:
        parts.append("Does not accept: " + ", ".join(refused) + ".")
    sliding = payment.answer("sliding_scale")
    if sliding is not None:
        parts.append("Sliding-scale fees." if sliding else "No sliding scale.")
    if payment.insurers:
        parts.append("Insurers: " + ", ".join(payment.insurers) + ".")
    if payment.cost_notes:
        parts.append(payment.cost_notes)
    return " ".join(parts)


def _accreditations(items: Sequence[Credential], generated: dt.date) -> str:
    bodies = group("accreditation")
    texts = []
    for item in items:
        if item.expired(generated):
            continue  # never advertise an accreditation that has lapsed
        details = [d for d in (f"ID {item.identifier}" if item.identifier else "",
                               f"expires {item.expires.isoformat()}" if item.expires else "")
                   if d]
        text = bodies.label(item.body or "")
        texts.append(f"{text} ({', '.join(details)})" if details else text)
    return "; ".join(texts)


def _application_process(program: Program) -> str:
    contact = program.contact
    parts = []
    if contact.phone:
        parts.append(f"Call {contact.phone} to ask about admission.")
    if contact.intake_hours:
        parts.append(f"Intake hours: {contact.intake_hours}.")
    if program.customization and program.customization.assessment:
        parts.append(program.customization.assessment)
    return " ".join(parts)


def _alert(program: Program) -> str:
    if program.accepting_new_clients is False:
        day = program.verification.last_verified.isoformat()
        return f"Not accepting new clients as of {day}."
    return ""


def _schedules(program: Program, service_id: str) -> list[dict[str, Any]]:
    schedules = []
    text = schedule_text(program)
    if text:
        item: dict[str, Any] = {"id": make_id("schedule", program.slug, "program"),
                                "service_id": service_id, "description": text}
        if program.schedule.format_given:
            item["attending_type"] = group("format").label(program.schedule.format)
        schedules.append(item)
    hours = program.contact.intake_hours
    if hours:
        schedules.append({"id": make_id("schedule", program.slug, "intake"),
                          "service_id": service_id, "description": f"Intake hours: {hours}"})
    return schedules


def schedule_text(program: Program) -> str:
    """``3 to 5 days a week; 3 hours a day; tracks: morning, evening; usually 8 to 12
    weeks; hybrid (in person and telehealth).``, worded as the pages word it."""
    schedule = program.schedule
    parts = [p for p in (days_phrase(schedule.days_per_week),
                         hours_phrase(schedule.hours_per_day)) if p]
    if schedule.tracks:
        tracks = group("track")
        parts.append("tracks: " + ", ".join(tracks.label(t).lower() for t in schedule.tracks))
    weeks = weeks_phrase(schedule.length_weeks)
    if weeks:
        parts.append("usually " + weeks.removeprefix("about "))
    if schedule.format_given:
        parts.append(group("format").label(schedule.format).lower())
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "." if text else ""
