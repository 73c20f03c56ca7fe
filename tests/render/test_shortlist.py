"""What the shortlist compares about a program (generator/render/shortlist.py), from
records written here: labels from the vocabulary, credentials with their expiry as of
the build's day, coordinates for distances, nothing that is not display text."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from generator.loader import load_text
from generator.model import program_from_record
from generator.render.shortlist import shortlist_path, shortlist_record
from generator.render.views import Freshness
from generator.settings import Settings
from generator.validation.files import validate_record

ROOT = Path(__file__).resolve().parents[2]
BASE = (ROOT / "tests" / "corpus" / "valid" / "days-as-range.yaml").read_text()
TODAY = dt.date(2026, 11, 27)


def record(text: str, today: dt.date = TODAY) -> dict:  # type: ignore[type-arg]
    loaded = load_text(text, "case.yaml")
    assert loaded.record is not None
    # An expiry past is an error only in a record being changed; a build lists it.
    errors = [d for d in validate_record(loaded.record, Settings(today=today))
              if d.is_error and not d.time_based]
    assert errors == [], "the record of the test must be valid"
    return shortlist_record(program_from_record(loaded.record), Freshness(today, 365))


def test_the_facts_compared_are_display_text() -> None:
    r = record(BASE + """\
ages: {min: 18}
populations: [adults, veterans]
therapies: [cbt, mat]
addiction_medications: [buprenorphine]
languages: [en, es]
payment: {medicaid: true, private_insurance: true, self_pay: false, insurers: [Aetna]}
""")
    assert r["slug"] == "case" and r["name"] == "Corpus Test Program"
    assert (r["phone"], r["tel"]) == ("512-555-0142", "tel:+15125550142")
    assert (r["format"], r["days"], r["hours"]) == ("In person", "3 to 5 days a week",
                                                    "3 hours a day")
    assert r["ages"] == "Ages 18 and over"
    assert r["populations"] == ["Adults", "Veterans"]
    assert r["therapies"] == ["Cognitive behavioral therapy (CBT)",
                              "Medication for addiction treatment (MAT)"]
    assert r["medications"] == ["Buprenorphine (such as Suboxone)"]
    assert r["payment"] == ["Medicaid", "Private insurance"]  # self_pay: false is not taken
    assert r["insurers"] == ["Aetna"]
    assert r["languages"] == ["English", "Spanish"]
    assert r["accepting"] is True and r["verified_on"] == "October 1, 2026"
    assert r["locations"] == [{"address": "100 Congress Ave, Austin, TX 78701",
                               "lat": 30.265, "lon": -97.744}]
    # Every value is JSON's own: text, numbers, booleans, lists and objects of them.
    json.dumps(r)


def test_credentials_carry_their_expiry_and_whether_it_has_passed() -> None:
    text = BASE + """\
accreditations:
  - {body: carf, expires: 2026-11-26}
licenses:
  - authority: Texas Health and Human Services Commission (HHSC)
    type: Chemical dependency treatment facility
    number: CDTF-1
    expires: 2027-06-30
"""
    r = record(text)
    carf = "CARF International (Commission on Accreditation of Rehabilitation Facilities)"
    assert r["accreditations"] == [{"name": carf, "expires": "November 26, 2026",
                                    "expired": True}]
    assert r["licenses"] == [{
        "name": "Chemical dependency treatment facility licence from Texas Health and Human "
                "Services Commission (HHSC), number CDTF-1",
        "expires": "June 30, 2027", "expired": False}]
    assert record(text, dt.date(2026, 11, 1))["accreditations"][0]["expired"] is False


def test_a_telehealth_program_has_no_location_and_an_old_listing_is_stale() -> None:
    r = record(BASE.replace("""locations:
  - address: 100 Congress Ave
    city: Austin
    zip: "78701"
    coordinates: {lat: 30.2650, lon: -97.7440}
""", "").replace("format: in-person", "format: telehealth"), dt.date(2028, 1, 1))
    assert r["locations"] == [] and r["format"] == "Telehealth"
    assert r["stale"] is True


def test_each_program_has_its_own_file() -> None:
    assert shortlist_path("limestone-ledge-recovery") == \
        "assets/shortlist/programs/limestone-ledge-recovery.json"
