"""The built-in sample listing, shown at ``/sample-listing/`` in every build.

Articles point at its sections to show what a program page holds, whatever records a
directory has (none, one, or thousands of any names), and without pointing at a real
provider. It is never part of the directory, the finder, search or the data exports.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

from generator.loader import load_record
from generator.model import Program, program_from_data
from generator.normalise import apply_defaults

SAMPLE_SLUG = "sample-listing"
SAMPLE_URL = "sample-listing/"
SAMPLE_FILE = "sample-listing.yaml"
# How far the sample's dates sit from the build's day: checked three weeks ago, its
# credentials valid for over a year, so the sample always shows a fresh listing.
CHECKED_DAYS_AGO = 21
VALID_FOR_DAYS = 400


def sample_record_path() -> Path:
    return Path(str(resources.files("generator.sample").joinpath(SAMPLE_FILE)))


def sample_program(today: dt.date) -> Program:
    """The sample as a program, its dates moved to ``today``."""
    loaded = load_record(sample_record_path(), SAMPLE_FILE)
    if loaded.record is None:  # pragma: no cover - the sample is checked by the tests
        raise RuntimeError(f"the built-in sample listing cannot be read: {loaded.diagnostics}")
    data = loaded.record.data
    apply_defaults(data)
    data["verification"]["last_verified"] = (
        today - dt.timedelta(days=CHECKED_DAYS_AGO)).isoformat()
    for group in ("accreditations", "licenses"):
        for item in data.get(group, []):
            item["expires"] = (today + dt.timedelta(days=VALID_FOR_DAYS)).isoformat()
    return program_from_data(SAMPLE_SLUG, data, sample_record_path())
