"""The built-in sample listing is a valid record, fictional, and always looks fresh."""

from __future__ import annotations

import datetime as dt

from generator.sample import sample_program, sample_record_path
from generator.settings import Settings
from generator.validation import validate_paths


def test_the_sample_is_a_valid_published_record() -> None:
    # On a day when its own dates are current, with the default service area.
    settings = Settings(today=dt.date(2000, 1, 1))
    report = validate_paths([sample_record_path()], settings, changed=[sample_record_path()])
    assert [d.format_text() for d in report.diagnostics if d.is_error] == []
    data = report.records[0].data
    assert data["example"] is True and data["status"] == "published"
    assert data["contact"]["website"].startswith("https://sample.example.org")
    assert "555-01" in data["contact"]["phone"]  # a number reserved for fiction


def test_the_sample_takes_its_dates_from_the_build() -> None:
    today = dt.date(2031, 5, 1)
    program = sample_program(today)
    assert not program.is_stale(today) and not program.expired_credentials(today)
    assert program.verification.last_verified < today
    later = sample_program(dt.date(2040, 1, 1))
    assert not later.is_stale(dt.date(2040, 1, 1))
    assert not later.expired_credentials(dt.date(2040, 1, 1))
