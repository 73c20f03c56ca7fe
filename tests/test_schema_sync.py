"""The editor's labels (markdownEnumDescriptions) are made from x-labels, never by hand."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from generator.schema import program_schema
from generator.schema.sync import SCHEMA_PATH, SyncError, main, render, synced


def test_the_schema_file_is_in_step_with_its_labels() -> None:
    text = SCHEMA_PATH.read_text("utf-8")
    assert render(synced(json.loads(text))) == text, "run python -m generator.schema.sync"


def test_every_labelled_vocabulary_has_its_editor_labels() -> None:
    therapy = program_schema()["$defs"]["therapy"]
    assert therapy["markdownEnumDescriptions"] == [
        therapy["x-labels"][value] for value in therapy["enum"]
    ]
    method = program_schema()["$defs"]["verification"]["properties"]["method"]
    assert method["markdownEnumDescriptions"][method["enum"].index("site-visit")] == "site visit"


def test_a_changed_label_is_caught_and_mended() -> None:
    schema = copy.deepcopy(program_schema())
    schema["$defs"]["condition"]["x-labels"]["co-occurring"] = "Dual diagnosis"
    assert synced(schema) != schema
    mended = synced(schema)
    assert mended["$defs"]["condition"]["markdownEnumDescriptions"][2] == "Dual diagnosis"
    assert synced(mended) == mended


def test_a_value_without_a_label_is_refused() -> None:
    schema = copy.deepcopy(program_schema())
    schema["$defs"]["track"]["enum"].append("overnight")
    with pytest.raises(SyncError, match="no label for overnight"):
        synced(schema)


def test_check_reports_drift(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_path = tmp_path / "program.schema.json"
    schema = copy.deepcopy(program_schema())
    schema["$defs"]["format"]["x-labels"]["hybrid"] = "Both"
    copy_path.write_text(render(schema), "utf-8")
    monkeypatch.setattr("generator.schema.sync.SCHEMA_PATH", copy_path)
    assert main(["--check"]) == 1
    assert "out of step" in capsys.readouterr().err
    assert main([]) == 0
    assert main(["--check"]) == 0
    assert json.loads(copy_path.read_text("utf-8"))["$defs"]["format"][
        "markdownEnumDescriptions"][2] == "Both"
