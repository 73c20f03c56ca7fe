"""What templates are given: labels from the one vocabulary, phrases worded once."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from generator.loader import load_text
from generator.model import Directory, program_from_record
from generator.render.pages import json_ld
from generator.render.views import Freshness, directory_view, program_view, search_filters
from generator.settings import Settings
from generator.validation.files import validate_record
from generator.wording import age_phrase, days_phrase, hours_phrase, weeks_phrase

ROOT = Path(__file__).resolve().parents[2]
BASE = (ROOT / "tests" / "corpus" / "valid" / "days-as-range.yaml").read_text()
TODAY = dt.date(2026, 11, 27)


def program(text: str):  # type: ignore[no-untyped-def]
    loaded = load_text(text, "case.yaml")
    assert loaded.record is not None
    validate_record(loaded.record, Settings(today=TODAY))
    return program_from_record(loaded.record)


def view(text: str, today: dt.date = TODAY, stale_after_days: int = 365) -> dict:  # type: ignore[type-arg]
    p = program(text)
    return program_view(p, Directory.of([p]), Freshness(today, stale_after_days))


def test_language_names_are_the_same_on_pages_and_in_the_finder() -> None:
    # Before the one vocabulary, "ht" showed as the bare code on pages.
    assert view(BASE + "languages: [en, ht, fa, xx]\n")["languages"] == [
        "English", "Haitian Creole", "Persian", "XX"]


def test_labels_come_from_the_schema_s_vocabulary() -> None:
    v = view(BASE + "therapies: [cbt, mat]\npopulations: [veterans]\n")
    schema = json.loads((ROOT / "generator/schema/program.schema.json").read_text())
    labels = schema["$defs"]["therapy"]["x-labels"]
    assert v["therapies"] == [labels["cbt"], labels["mat"]]
    assert v["populations"] == [schema["$defs"]["population"]["x-labels"]["veterans"]]
    assert v["days"] == "3 to 5 days a week" and v["hours"] == "3 hours a day"


def test_phrases_are_worded_once_and_right() -> None:
    class Span:
        def __init__(self, low: int | None, high: int | None) -> None:
            self.min, self.max = low, high

        @property
        def fixed(self) -> bool:
            return self.min == self.max

    assert hours_phrase(1) == "1 hour a day"  # the HSDS export said "1 hours a day"
    assert hours_phrase(2.5) == "2.5 hours a day"
    assert days_phrase(Span(1, 1)) == "1 day a week"
    assert weeks_phrase(Span(12, 12)) == "about 12 weeks"
    assert age_phrase(365) == "12 months" and age_phrase(730) == "2 years"
    assert age_phrase(90) == "3 months" and age_phrase(45) == "45 days"


def test_staleness_is_worded_from_the_setting() -> None:
    stale = view(BASE, today=dt.date(2027, 6, 1), stale_after_days=180)
    assert stale["stale"] and stale["stale_after"] == "6 months"
    assert not view(BASE, today=dt.date(2027, 6, 1))["stale"]


def test_no_directions_to_a_zip_s_centre() -> None:
    typed = view(BASE)["locations"][0]
    assert typed["directions_url"].startswith("https://www.openstreetmap.org/directions?to=")
    centred = view(BASE.replace("    coordinates: {lat: 30.2650, lon: -97.7440}\n", ""))
    assert centred["locations"][0]["directions_url"] is None


def test_a_hybrid_program_is_found_by_either_format() -> None:
    p = program(BASE.replace("format: in-person", "format: hybrid"))
    formats = [value for key, value in search_filters(p) if key == "Format"]
    assert formats == ["In person", "Telehealth"]


def test_expired_credentials_are_named() -> None:
    v = view(BASE + "licenses:\n  - authority: HHSC\n    type: Licence\n    number: L-7\n"
             "    expires: 2026-01-31\n")
    assert v["expired"] == [{"what": "licence L-7", "on": "January 31, 2026"}]
    assert v["expired_kinds"] == "licence" and v["licenses"][0]["expired"]


def test_the_directory_view_counts_and_groups() -> None:
    p = program(BASE)
    v = directory_view(Directory.of([p]), Freshness(TODAY))
    assert v["count"] == 1 and [g["city"] for g in v["groups"]] == ["Austin"]
    assert v["groups"][0]["programs"][0]["url"] == "case/"


def test_structured_data_cannot_close_its_script() -> None:
    p = program(BASE.replace("Corpus Test Program", '"</script><script>alert(1)</script>"'))
    text = json_ld(p, "https://site.example/")
    assert "<" not in text and ">" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script>"
    assert json.loads(text)["url"] == "https://site.example/programs/case/"
