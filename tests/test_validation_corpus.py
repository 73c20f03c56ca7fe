"""The corpus of invalid records: each file with the exact findings an editor must see.

``tests/corpus/invalid/NAME.yaml`` goes with ``NAME.expected``: one line a finding,
``LINE:COLUMN: SEVERITY: FIELD: MESSAGE`` (LINE 0 for findings about the whole file).
The records in ``tests/corpus/valid/`` must give no error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic
from generator.settings import Settings
from generator.validation import validate_paths

CORPUS = Path(__file__).parent / "corpus"
INVALID = sorted((CORPUS / "invalid").glob("*.yaml"))
VALID = sorted((CORPUS / "valid").glob("*.yaml"))


def _line(d: Diagnostic) -> str:
    field = f"{d.field}: " if d.field else ""
    return f"{d.line}:{d.column}: {d.severity}: {field}{d.message}"


def test_the_corpus_is_large_enough() -> None:
    assert len(INVALID) >= 40


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_record_gives_the_expected_findings(
    path: Path, settings: Settings
) -> None:
    expected = path.with_suffix(".expected").read_text("utf-8").splitlines()
    # As the editor changing the record sees them (time-based findings are errors there).
    report = validate_paths([path], settings, root=CORPUS, changed=[path])
    assert all(d.file == f"invalid/{path.name}" for d in report.diagnostics)
    assert sorted(_line(d) for d in report.diagnostics) == sorted(expected)


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_record_has_no_error(path: Path, settings: Settings) -> None:
    report = validate_paths([path], settings, root=CORPUS)
    assert [d for d in report.diagnostics if d.is_error] == []


@pytest.mark.parametrize("path", INVALID + VALID, ids=[p.stem for p in INVALID + VALID])
def test_judging_a_normalised_record_changes_nothing_in_it(path: Path, settings: Settings) -> None:
    # Validation only judges: everything later stages need (numbers as text, points,
    # defaults) is normalisation's, done before, so the record is the same after.
    import copy

    from generator.loader import load_record
    from generator.normalise import normalise_record
    from generator.validation.files import judge_record

    record = load_record(path).record
    if record is None:  # not YAML, or not a mapping: nothing to judge
        return
    normalise_record(record, settings)
    before = copy.deepcopy((record.data, record.filled, record.value_positions,
                            record.key_positions, record.scalars, record.notes))
    judge_record(record, settings)
    assert (record.data, record.filled, record.value_positions, record.key_positions,
            record.scalars, record.notes) == before
