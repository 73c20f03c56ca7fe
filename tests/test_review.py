"""What time does to records: expired credentials and old verifications become the
editors' review list, and never fail a build or a change that does not touch them."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.review import due_listings, format_due
from generator.settings import Settings
from generator.validation import validate_paths

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "corpus"
EXPIRED = CORPUS / "invalid" / "accreditation-expired.yaml"  # expired on 2026-06-30
FRESH = CORPUS / "valid" / "days-as-range.yaml"


def run(*args: str, cwd: Path = PROJECT_ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, **env})


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "programs"
    folder.mkdir()
    shutil.copy(EXPIRED, folder / "expired.yaml")
    (folder / "fresh.yaml").write_text(_renamed(FRESH.read_text(), "Fresh Start IOP"))
    return folder


def _renamed(text: str, name: str) -> str:
    # The corpus records share a name; the directory allows each name once.
    old = next(line for line in text.splitlines() if line.startswith("name:"))
    return text.replace(old, f"name: {name}")


def test_an_expired_credential_is_an_error_only_in_the_file_being_changed(
    records: Path, settings: Settings
) -> None:
    untouched = validate_paths([records], settings, root=records.parent)
    [finding] = [d for d in untouched.diagnostics if "expired on" in d.message]
    assert finding.severity == "warning" and finding.time_based
    assert not untouched.has_errors

    changed = validate_paths([records], settings, root=records.parent,
                             changed=[records / "expired.yaml"])
    [finding] = [d for d in changed.diagnostics if "expired on" in d.message]
    assert finding.severity == "error"
    # Changing another file does not make this one fail.
    other = validate_paths([records], settings, root=records.parent,
                           changed=[records / "fresh.yaml"])
    assert not other.has_errors


def test_due_lists_expired_and_expiring_credentials_and_old_verifications(
    records: Path,
) -> None:
    settings = Settings(today=dt.date(2026, 11, 27))
    report = validate_paths([records], settings, root=records.parent)
    due = due_listings(report.records, settings, within_days=60)
    assert [(d.file, d.date) for d in due] == [("programs/expired.yaml", "2026-06-30")]
    assert "accreditation expired on 2026-06-30" in due[0].reason

    # Two years on, everything has expired or grown old; soonest first.
    later = Settings(today=dt.date(2030, 1, 1))
    due = due_listings(report.records, later, within_days=60)
    assert {d.file for d in due} == {"programs/expired.yaml", "programs/fresh.yaml"}
    assert [d.date for d in due] == sorted(d.date for d in due)
    assert any("last verified on" in d.reason for d in due)


def test_due_skips_drafts(records: Path) -> None:
    text = (records / "expired.yaml").read_text()
    (records / "expired.yaml").write_text(text + "\nstatus: draft\n")
    settings = Settings(today=dt.date(2026, 11, 27))
    report = validate_paths([records], settings, root=records.parent)
    assert due_listings(report.records, settings) == []


def test_due_markdown_groups_reasons_and_escapes_record_text(records: Path) -> None:
    settings = Settings(today=dt.date(2030, 1, 1))
    (records / "fresh.yaml").write_text(_renamed(
        FRESH.read_text(), '"Fresh <b>@team</b> [x](https://evil.example)"'))
    report = validate_paths([records], settings, root=records.parent)
    markdown = format_due(due_listings(report.records, settings), "markdown",
                          link_base="https://github.com/o/r/blob/main")
    first, *rest = markdown.splitlines()
    assert first.startswith("2 listings need checking again")
    boxes = [line for line in rest if line.startswith("- [ ] ")]
    assert len(boxes) == 2  # one box a listing, its reasons under it
    assert "([`programs/fresh.yaml`](https://github.com/o/r/blob/main/programs/fresh.yaml))" \
        in markdown
    assert "<b>" not in markdown and "\\@team" in markdown and "\\[x\\]" in markdown
    assert format_due([], "markdown") == "No listing needs attention."


def test_due_command_formats(records: Path) -> None:
    done = run("due", str(records), "--format", "json", "--today", "2026-11-27",
               cwd=records.parent)
    assert done.returncode == 0, done.stderr
    [item] = json.loads(done.stdout)
    assert item == {"date": "2026-06-30", "file": "programs/expired.yaml",
                    "name": item["name"], "reason": item["reason"]}
    # IOP_DIRECTORY_TODAY, as the build reads it, is honoured too.
    done = run("due", str(records), cwd=records.parent, IOP_DIRECTORY_TODAY="2026-01-01")
    assert done.stdout.strip() == "No listing needs attention."
    bad = run("due", "--within", "soon", cwd=records.parent)
    assert bad.returncode == 2


def test_validate_changed_files_annotates_them_first_and_summarises_the_rest(
    records: Path, tmp_path: Path
) -> None:
    broken = records / "broken.yaml"
    broken.write_text(_renamed(FRESH.read_text(), "Broken IOP").replace("name:", "nmae:", 1))
    listing = tmp_path / "changed.txt"
    listing.write_text("programs/fresh.yaml\n")
    summary = tmp_path / "summary.md"
    done = run("validate", "programs", "--format", "github", "--changed-files", str(listing),
               "--today", "2026-11-27", cwd=records.parent, GITHUB_STEP_SUMMARY=str(summary))
    # The broken file still fails the check, but its findings are in the summary, and the
    # expired accreditation of an untouched file is a warning there.
    assert done.returncode == 1
    assert "broken.yaml" not in done.stdout and "expired.yaml" not in done.stdout
    table = summary.read_text()
    assert "| programs/broken.yaml:" in table and "| error |" in table
    assert "| programs/expired.yaml:12:14 | warning | accreditations[0].expires |" in table

    listing.write_text("programs/expired.yaml\n")
    summary.unlink()
    done = run("validate", "programs", "--format", "github", "--changed-files", str(listing),
               "--today", "2026-11-27", cwd=records.parent, GITHUB_STEP_SUMMARY=str(summary))
    assert done.stdout.startswith("::error file=programs/expired.yaml,line=12,col=14,")


def test_a_file_named_on_the_command_line_counts_as_changed(records: Path) -> None:
    named = run("validate", "--today", "2026-11-27", str(records / "expired.yaml"),
                cwd=records.parent)
    assert named.returncode == 1 and ": error: accreditations[0].expires:" in named.stdout
    folder = run("validate", "--today", "2026-11-27", str(records), cwd=records.parent)
    assert folder.returncode == 0 and ": warning: accreditations[0].expires:" in folder.stdout
    also = run("validate", "--today", "2026-11-27", str(records), "--changed",
               str(records / "expired.yaml"), cwd=records.parent)
    assert also.returncode == 1


def test_the_changed_files_findings_github_cannot_show_go_to_the_summary(
    records: Path, tmp_path: Path
) -> None:
    # GitHub shows ten annotations of each kind a step: an editor's record with more
    # errors than that must not lose the rest, so they are in the step summary too.
    made = run("new", "Many Gaps IOP", "--dir", str(records), cwd=records.parent)
    assert made.returncode == 0, made.stderr
    skeleton = records / "many-gaps-iop.yaml"
    skeleton.write_text(skeleton.read_text().replace("status: draft", "status: published"))
    listing = tmp_path / "changed.txt"
    listing.write_text("programs/many-gaps-iop.yaml\n")
    summary = tmp_path / "summary.md"
    done = run("validate", "programs", "--format", "github", "--changed-files", str(listing),
               "--today", "2026-11-27", cwd=records.parent, GITHUB_STEP_SUMMARY=str(summary))
    assert done.returncode == 1
    errors = [line for line in done.stdout.splitlines() if line.startswith("::error ")]
    assert len(errors) > 10
    table = summary.read_text()
    for annotation in errors[10:]:
        line = annotation.split(",line=", 1)[1].split(",", 1)[0]
        column = annotation.split(",col=", 1)[1].split(",", 1)[0]
        assert f"| programs/many-gaps-iop.yaml:{line}:{column} | error |" in table
    first = errors[0].split(",line=", 1)[1].split(",", 1)[0]
    assert f"many-gaps-iop.yaml:{first}:" not in table  # shown on its line already
