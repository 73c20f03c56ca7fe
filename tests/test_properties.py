"""Property-based tests: no input, however odd, makes the loader or validator raise."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.loader import load_record, load_text
from generator.settings import Settings
from generator.validation.files import validate_record

SETTINGS = Settings(today=dt.date(2026, 11, 27))
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


# -- the classes of hostile input (issue 9) -------------------------------------------------

BASE = (Path(__file__).parent / "corpus" / "valid" / "days-as-range.yaml").read_text()
any_char = st.characters(codec="utf-8", exclude_categories=("Cs",))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(any_char, min_size=0, max_size=30))
def test_any_name_is_refused_or_shown_as_written_and_visible(name: str) -> None:
    import json
    import unicodedata

    from generator.text import is_invisible
    from generator.validation.text_checks import BIDI_CONTROLS

    text = BASE.replace("name: Corpus Test Program", f"name: {json.dumps(name)}")
    result = load_text(text, "prop.yaml")
    if result.record is None:
        assert result.diagnostics
        return
    found = validate_record(result.record, SETTINGS)
    if any(d.is_error and d.field == "name" for d in found):
        return
    stored = result.record.data["name"]
    assert isinstance(stored, str) and unicodedata.is_normalized("NFC", stored)
    assert any(unicodedata.category(c)[0] in "LNPS" and not is_invisible(c) for c in stored)
    assert not any(unicodedata.category(c) == "Cc" or c in BIDI_CONTROLS for c in stored)
    assert "\n" not in stored and "\u2028" not in stored


@settings(max_examples=200, deadline=None)
@given(st.text(any_char, max_size=60))
def test_a_printed_finding_is_one_line_whatever_it_quotes(text: str) -> None:
    from generator.diagnostics import Diagnostic, Severity

    line = Diagnostic(text, 1, 1, Severity.ERROR, text, text).format_text()
    assert "\n" not in line and "\r" not in line and "\u2028" not in line
    assert all(ch.isprintable() or ch == " " for ch in line)


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.text(any_char, max_size=60),
    st.builds(lambda a, b, c: f"https://{a}@{b}/{c}", st.text(max_size=10),
              st.text(max_size=10), st.text(max_size=10)),
    st.builds(lambda a, b: f"{a}//{b}", st.sampled_from(["https:", "http:", "", "/", "\\\\"]),
              st.text(max_size=20)),
))
def test_a_linked_address_is_always_plain_https_to_the_host_it_shows(url: str) -> None:
    from urllib.parse import urlsplit

    from generator.render.urls import safe_url

    linked = safe_url(url)
    if linked is None:
        return
    parts = urlsplit(linked)
    assert parts.scheme in ("http", "https") and parts.hostname
    assert "@" not in parts.netloc and "\\" not in linked
    assert all(ch.isprintable() and not ch.isspace() for ch in linked)


@settings(max_examples=200, deadline=None)
@given(st.text(any_char, max_size=30))
def test_no_exported_csv_cell_starts_a_formula(value: str) -> None:
    from generator.export.hsds.tables import cell as write_cell

    cell = write_cell(value)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


@settings(max_examples=100, deadline=None)
@given(st.text(st.sampled_from("[]{}:, -\n ab!&*|>'\"%#"), max_size=200))
def test_any_nesting_and_punctuation_loads_or_fails_with_a_finding(text: str) -> None:
    result = load_text(BASE + "customization: " + text, "prop.yaml")
    if result.record is not None:
        validate_record(result.record, SETTINGS)
    else:
        assert result.diagnostics


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_the_ascii_name_key_is_the_full_one(name: str) -> None:
    # name_key folds ASCII names with a table; it must agree with the whole folding.
    from generator.text import _name_key, name_key

    assert name_key(name) == _name_key(name)


# Characters the text checks treat apart, one or two in an otherwise printable text, so
# that the quick path meets each of them on its own.
TRICKY = st.sampled_from(
    list("\n\r\t\x0b\x85\u2028\u2029\u202e\u2066\u200e\u200d\u200b\u00ad\xa0\u3164\u115f"
         "\u034f\u17b4\ufe0f\U000e0067\ue000\u0301\u2800 a-é–’")
)


@st.composite
def nearly_printable(draw: st.DrawFn) -> str:
    text = draw(st.text(st.characters(categories=("L", "M", "N", "P", "S", "Zs")), max_size=30))
    for char in draw(st.lists(TRICKY, max_size=2)):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + char + text[at:]
    return text


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text(any_char, max_size=40), nearly_printable()), st.booleans())
def test_the_quick_text_check_agrees_with_the_look_at_each_character(
    text: str, multi_line: bool
) -> None:
    from generator.validation.text_checks import _problem, _problem_by_character

    assert _problem(text, multi_line=multi_line) == _problem_by_character(
        text, multi_line=multi_line)
