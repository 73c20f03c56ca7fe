"""Property-based tests: no input, however odd, makes the loader or validator raise."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.config import ValidationSettings
from generator.loader import load_record, load_text
from generator.validation import validate_record

SETTINGS = ValidationSettings(today=dt.date(2026, 11, 27))
KEYS = [
    "name", "summary", "conditions", "levels_of_care", "schedule", "locations", "contact",
    "verification", "zip", "phone", "lat", "lon", "coordinates", "days_per_week", "min", "max",
    "accreditations", "licenses", "expires", "body", "languages", "status", "payment",
]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
    st.text(max_size=40), st.sampled_from(["iop", "78701", "2026-01-01", "https://x.org", "no"]),
    st.dates().map(lambda d: d.isoformat()),
)
json_like = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), children,
                        max_size=5),
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_loads_or_fails_with_a_finding(text: str) -> None:
    result = load_text(text, "prop.yaml")
    assert (result.record is None) == bool(result.diagnostics)
    if result.record is not None:
        validate_record(result.record, SETTINGS)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(KEYS), json_like, max_size=8))
def test_any_record_shape_validates_without_raising(data: dict) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    result = load_text(text, "prop.yaml")
    if result.record is not None:
        for finding in validate_record(result.record, SETTINGS):
            assert finding.line >= 0 and finding.message


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_in_a_file_give_findings_not_exceptions(tmp_path_factory, data: bytes) -> None:
    path = Path(tmp_path_factory.mktemp("bytes")) / "bytes.yaml"
    path.write_bytes(data)
    result = load_record(path)
    if result.record is not None:
        validate_record(result.record, SETTINGS)
