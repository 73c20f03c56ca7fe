"""``python -m generator new``: a complete, commented skeleton record for editors."""

from __future__ import annotations

import json
from pathlib import Path

from generator.schema import schema_line
from generator.settings import DOWNTOWN_AUSTIN
from generator.slugs import slugify

SKELETON = """\
{schema_line}
#
# A new program record. Replace every "FILL IN" with what the program told you, delete
# the lines you could not confirm, then run:  python -m generator validate {path}
# Nothing below is a fact until you write it: a FILL IN left in a published record is
# an error. Quote ZIP codes and phone numbers ("78701", "512-555-0142") and any text
# that YAML could read as true/false (yes, no, on, off). Dates are written YYYY-MM-DD.

name: {name}
organization: "FILL IN: the organisation that runs it (or delete this line)"
# One or two plain sentences (at most 300 characters) shown in lists and search results.
summary: "FILL IN: what the program offers and who it is for, in plain words."
# Longer description; Markdown is allowed (paragraphs, **bold**, lists, links).
description: |
  FILL IN: a few short paragraphs about the program.

# iop must be listed; add the others it offers: php, op, residential, detox, aftercare
levels_of_care: [iop]
# One or more of: substance-use, mental-health, co-occurring
conditions: ["FILL IN: what it treats"]
# adults, young-adults, adolescents, older-adults, women, men, lgbtq, veterans,
# pregnant-postpartum, families, first-responders, professionals
populations: ["FILL IN: who it serves"]
ages:
  min: "FILL IN: youngest age accepted (or delete this line)"
  max: "FILL IN: oldest age accepted (or delete this line)"
# group, individual, family, cbt, dbt, motivational-interviewing, emdr, trauma-informed,
# mindfulness, life-skills, relapse-prevention, medication-management, mat, ...
therapies: ["FILL IN: the therapies it offers"]

schedule:
  days_per_week: "FILL IN: 1 to 7, or {{min: 3, max: 5}}"
  hours_per_day: "FILL IN: 0.5 to 8"
  tracks: ["FILL IN: morning, afternoon, evening or weekend"]
  length_weeks: "FILL IN: {{min: 8, max: 12}}, the usual length in weeks"
  format: "FILL IN: in-person, telehealth or hybrid"

# Bodies: joint-commission, carf, ncqa, coa, hfap, achc, naatp. Delete the block if none.
accreditations:
  - body: "FILL IN: the accrediting body"
    id: "FILL IN: the accreditation id"
    expires: "FILL IN: YYYY-MM-DD, from the certificate"

licenses:
  - authority: "FILL IN: who issued it, e.g. Texas Health and Human Services Commission (HHSC)"
    type: "FILL IN: the licence type, as written on the licence"
    number: "FILL IN: licence number"
    expires: "FILL IN: YYYY-MM-DD, from the licence"
    verify_url: "FILL IN: https://... where the licence can be checked (or delete this line)"

customization:
  individualized_plan: "FILL IN: true or false"
  assessment: "FILL IN: how the first assessment works"
  specialty_tracks: []
  notes: "FILL IN: how care is tailored (or delete this line)"

# At least one location, unless schedule.format is telehealth.
locations:
  - name: "FILL IN: the site's name (or delete this line)"
    address: "FILL IN: street address"
    city: "FILL IN: city or town"
    zip: "FILL IN: 5-digit ZIP"
    # From a map (right-click the entrance); until then the ZIP's centre is used:
    # coordinates: {{lat: {lat}, lon: {lon}}}
    wheelchair_accessible: "FILL IN: true or false"
    transit: "FILL IN: nearby bus or rail (or delete this line)"

# For each: true or false, as the program says. Delete a line you could not confirm.
payment:
  medicaid: "FILL IN: true or false"
  medicare: "FILL IN: true or false"
  tricare: "FILL IN: true or false"
  private_insurance: "FILL IN: true or false"
  self_pay: "FILL IN: true or false"
  sliding_scale: "FILL IN: true or false"
  insurers: []
  cost_notes: "FILL IN: costs families should know (or delete this line)"

# Two-letter codes: en, es, vi, zh, ...
languages: ["FILL IN: the languages care is offered in"]

contact:
  phone: "FILL IN: 512-555-0100"
  website: "FILL IN: https://..."
  intake_hours: "FILL IN: e.g. Monday to Friday, 8 am to 6 pm"

accepting_new_clients: "FILL IN: true or false"

verification:
  last_verified: "FILL IN: YYYY-MM-DD, the day you checked with the program"
  verified_by: "FILL IN: your name"
  method: "FILL IN: phone, website, site-visit or documents"
  source: "FILL IN: https://... where you checked (or delete this line)"

status: draft               # change to published when everything above is checked
"""


def skeleton(name: str, path: Path) -> str:
    return SKELETON.format(
        schema_line=schema_line(path.parent),
        name=json.dumps(name, ensure_ascii=False),
        path=path.as_posix(),
        # The example point is the default service area's centre, written in settings only.
        lat=DOWNTOWN_AUSTIN[0], lon=DOWNTOWN_AUSTIN[1],
    )


def write_skeleton(name: str, programs_dir: Path) -> Path:
    """Write ``programs/<slug>.yaml``; refuse to overwrite an existing record."""
    slug = slugify(name, fallback="")
    if not slug:
        raise ValueError(f"cannot make a file name from {name!r}; use letters or digits")
    path = programs_dir / f"{slug}.yaml"
    if path.exists():
        raise FileExistsError(f"{path} already exists; edit it instead")
    programs_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(name, path), "utf-8")
    return path
