"""The cache of ``validate``: the same findings as without it, and stale entries unused."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.settings import Settings
from generator.validation import ValidationReport, validate_paths
from generator.validation.cache import CACHE_FILE, ValidationCache
from tests.e2e.conftest import copy_project

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"


def _findings(report: ValidationReport) -> list[str]:
    return [d.format_text() + f" [{d.time_based}]" for d in report.diagnostics]


def _validate(folder: Path, settings: Settings, cache_dir: Path | None,
              changed: list[Path] | None = None) -> tuple[ValidationReport, int]:
    cache = ValidationCache(cache_dir, settings) if cache_dir is not None else None
    report = validate_paths([folder], settings, root=folder.parent, changed=changed or [],
                            cache=cache)
    return report, cache.hits if cache is not None else 0


def _hostile_folder(folder: Path) -> Path:
    """The invalid corpus, with copies that collide across files and files that cannot
    be read as records."""
    folder.mkdir()
    for path in sorted((CORPUS / "invalid").glob("*.yaml")):
        shutil.copy(path, folder / path.name)
    for path in sorted((CORPUS / "valid").glob("*.yaml"))[:3]:
        shutil.copy(path, folder / path.name)
        shutil.copy(path, folder / f"copy-of-{path.name}")  # the same name, twice
    (folder / "not-utf-8.yaml").write_bytes(b"name: \xff\xfe\n")
    (folder / "empty.yaml").write_text("")
    (folder / "a-folder.yaml").mkdir()
    (folder / "too-large.yaml").write_text("name: x\n" + "# padding\n" * 40_000)
    (folder / "linked.yaml").symlink_to(folder / "empty.yaml")
    return folder


@pytest.mark.parametrize("which", ["project", "hostile"])
def test_findings_are_the_same_with_and_without_the_cache(
    which: str, tmp_path: Path, settings: Settings
) -> None:
    if which == "project":
        folder = tmp_path / "programs"
        shutil.copytree(ROOT / "programs", folder)
    else:
        folder = _hostile_folder(tmp_path / "records")
    records = sorted(folder.glob("*.yaml"))
    changed = records[:2]  # time-based findings settle per run, after the cache
    plain, _ = _validate(folder, settings, None, changed)
    first, first_hits = _validate(folder, settings, tmp_path / "cache", changed)
    second, second_hits = _validate(folder, settings, tmp_path / "cache", changed)
    assert first_hits == 0
    assert second_hits >= len(records) - 5  # all but the files that cannot be read
    assert _findings(first) == _findings(plain)
    assert _findings(second) == _findings(plain)
    assert plain.diagnostics, "the corpus must have findings to compare"
    assert [r.display_path for r in second.records] == [r.display_path for r in plain.records]
    if which == "hostile":
        assert any("the same name as" in d.message for d in second.diagnostics)


def test_an_edited_file_is_checked_again_and_only_it(tmp_path: Path, settings: Settings) -> None:
    folder = tmp_path / "programs"
    shutil.copytree(ROOT / "programs", folder)
    records = sorted(folder.glob("*.yaml"))
    _validate(folder, settings, tmp_path / "cache")
    # A second file with the first's name: the other file's cached entry must still
    # take part in the check across records.
    edited = records[1]
    name = next(line for line in records[0].read_text("utf-8").splitlines()
                if line.startswith("name:"))
    text = edited.read_text("utf-8")
    own = next(line for line in text.splitlines() if line.startswith("name:"))
    edited.write_text(text.replace(own, name, 1), "utf-8")
    report, hits = _validate(folder, settings, tmp_path / "cache")
    assert hits == len(records) - 1
    plain, _ = _validate(folder, settings, None)
    assert _findings(report) == _findings(plain)
    duplicates = {d.file for d in report.diagnostics if "the same name as" in d.message}
    assert duplicates == {f"programs/{records[0].name}", f"programs/{edited.name}"}


def test_other_settings_or_another_day_use_no_entry(tmp_path: Path, settings: Settings) -> None:
    folder = tmp_path / "programs"
    shutil.copytree(ROOT / "programs", folder)
    _validate(folder, settings, tmp_path / "cache")
    later = settings.replace(today=settings.today.replace(year=settings.today.year + 3))
    report, hits = _validate(folder, later, tmp_path / "cache")
    assert hits == 0
    assert _findings(report) == _findings(_validate(folder, later, None)[0])


@pytest.mark.parametrize("damage", ["garbage", "wrong shape", "folder", "bad entries"])
def test_a_damaged_cache_is_no_cache(damage: str, tmp_path: Path, settings: Settings) -> None:
    folder = _hostile_folder(tmp_path / "records")
    cache_dir = tmp_path / "cache"
    _validate(folder, settings, cache_dir)
    stored = cache_dir / CACHE_FILE
    if damage == "garbage":
        stored.write_bytes(b"\x00{not json" * 100)
    elif damage == "wrong shape":
        stored.write_text("[1, 2, 3]")
    elif damage == "folder":
        stored.unlink()
        stored.mkdir()
    else:
        data = json.loads(stored.read_text("utf-8"))
        for index, entry in enumerate(data["entries"].values()):
            kinds = [{"findings": [["x", "one", 0, "error", "", "m", False]]},
                     {"findings": [[1, 2]]}, {"record": {"data": [], "positions": 5}},
                     {"findings": [["x", 1, 1, "fatal", "", "m", False]]}, {"digest": None}]
            entry.update(kinds[index % len(kinds)])
        stored.write_text(json.dumps(data))
    report, _ = _validate(folder, settings, cache_dir)
    plain, _ = _validate(folder, settings, None)
    assert _findings(report) == _findings(plain)


def test_the_command_line_keeps_its_cache_in_the_project(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")

    def validate(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "generator", "validate", *args],
                              cwd=project, capture_output=True, text=True, timeout=120,
                              env={**os.environ, "IOP_DIRECTORY_TODAY": "2026-11-27"})

    assert validate("--no-cache").returncode == 0
    assert not (project / ".iop-cache").exists()
    first = validate()
    assert first.returncode == 0, first.stderr
    assert (project / ".iop-cache" / "CACHEDIR.TAG").read_text().startswith(
        "Signature: 8a477f597d28d172789f06886806bc55")
    assert (project / ".iop-cache" / ".gitignore").read_text().endswith("*\n")
    assert _untimed(validate().stderr) == _untimed(first.stderr)

    # The schema is part of the validator: a stricter one is applied to unchanged files.
    schema = project / "generator" / "schema" / "program.schema.json"
    text = schema.read_text("utf-8")
    assert '"minLength": 20,\n      "maxLength": 300' in text
    schema.write_text(text.replace('"minLength": 20,\n      "maxLength": 300',
                                   '"minLength": 20,\n      "maxLength": 25', 1), "utf-8")
    stricter = validate("--format", "json")
    assert stricter.returncode == 1
    assert "summary" in stricter.stdout
    schema.write_text(text, "utf-8")

    # So is the validator's code: a changed message is seen without touching a record.
    checks = project / "generator" / "validation" / "collection_checks.py"
    checks.write_text(checks.read_text("utf-8").replace(
        '"each program must be listed once"', '"list each program once only"'), "utf-8")
    records = sorted((project / "programs").glob("*.yaml"))
    shutil.copy(records[0], project / "programs" / "a-copy.yaml")
    assert validate("--no-cache").stdout == validate().stdout
    assert "list each program once only" in validate().stdout

    # A cache folder that cannot be made costs the cache, not the check.
    shutil.rmtree(project / ".iop-cache")
    (project / ".iop-cache").write_text("in the way")
    blocked = validate()
    assert blocked.stdout == validate("--no-cache").stdout
    assert "Traceback" not in blocked.stderr


def _untimed(output: str) -> str:
    """The output without the final line's timings, which differ from run to run."""
    return re.sub(r" in \d+\.\d s \(.*\)$", "", output.rstrip(), flags=re.MULTILINE)
