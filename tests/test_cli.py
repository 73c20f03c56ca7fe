"""The command line as an editor runs it: a real subprocess, exit codes and output."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "corpus"
VALID_RECORD = CORPUS / "valid" / "days-as-range.yaml"


def run(*args: str, cwd: Path = PROJECT_ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd, capture_output=True, text=True, timeout=120,
    )


def test_validate_the_example_programs_exits_zero() -> None:
    done = run("validate")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "files checked: 0 errors" in done.stderr


def test_an_error_exits_one_with_file_line_and_field() -> None:
    path = CORPUS / "invalid" / "days-per-week-too-many.yaml"
    done = run("validate", "--today", "2026-11-27", str(path))
    assert done.returncode == 1
    assert done.stdout.strip().endswith(
        "days-per-week-too-many.yaml:7:18: error: schedule.days_per_week: 9 is more than 7")
    assert "Traceback" not in done.stderr


def test_github_format_prints_annotations() -> None:
    done = run("validate", "--format", "github", str(CORPUS / "invalid" / "website-http.yaml"))
    assert done.returncode == 1
    line = done.stdout.strip()
    assert line.startswith("::error file=")
    assert ",line=17,col=12,title=contact.website::'http" in line


def test_json_format_is_machine_readable() -> None:
    done = run("validate", "--format", "json", str(CORPUS / "invalid" / "duplicate-key.yaml"))
    [finding] = json.loads(done.stdout)
    assert finding["line"] == 4 and finding["severity"] == "error" and finding["field"] == "name"


def test_warnings_alone_exit_zero() -> None:
    path = CORPUS / "invalid" / "verified-long-ago.yaml"
    done = run("validate", "--today", "2026-11-27", str(path))
    assert done.returncode == 0
    assert ": warning: verification.last_verified:" in done.stdout


@pytest.mark.parametrize(
    "args",
    [("validate", "--format", "xml"), ("frobnicate",), ("validate", "--radius", "-3"),
     ("validate", "--center", "north")],
)
def test_usage_errors_exit_two(args: tuple[str, ...]) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_a_folder_without_records_is_a_usage_error(tmp_path: Path) -> None:
    done = run("validate", str(tmp_path))
    assert done.returncode == 2
    assert "no record files" in done.stderr


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    # A path that is not there is a mistake in the command, not in a record.
    done = run("validate", str(tmp_path / "nope.yaml"))
    assert done.returncode == 2
    assert done.stderr == f"error: no such file or folder: {tmp_path / 'nope.yaml'}\n"


def test_files_in_the_folder_that_are_never_read_are_named(tmp_path: Path) -> None:
    folder = tmp_path / "programs"
    folder.mkdir()
    shutil.copy(VALID_RECORD, folder / "good.yaml")
    shutil.copy(VALID_RECORD, folder / "Shouting.YAML")
    (folder / "notes.txt").write_text("call back on Monday")
    (folder / "old").mkdir()
    (folder / ".geocode-cache.json").write_text("{}")
    done = run("validate", str(folder))
    assert done.returncode == 0, done.stdout
    assert f"{folder}/Shouting.YAML: warning: not read as a record: rename it to " \
        "Shouting.yaml" in done.stdout
    assert f"{folder}/notes.txt: warning: not a record" in done.stdout
    assert f"{folder}/old: warning: records in subfolders are not read" in done.stdout
    assert ".geocode-cache.json" not in done.stdout
    assert "1 file checked" in done.stderr


def test_the_same_file_twice_is_one_record(tmp_path: Path) -> None:
    shutil.copy(VALID_RECORD, tmp_path / "good.yaml")
    done = run("validate", str(tmp_path / "good.yaml"), str(tmp_path / "good.yaml"), str(tmp_path))
    assert done.returncode == 0, done.stdout
    assert "1 file checked: 0 errors" in done.stderr


def test_the_skeleton_names_a_schema_file_that_exists_wherever_it_is_written(
        tmp_path: Path) -> None:
    # In this checkout, relative to programs/; in a folder anywhere else (a project that
    # installed the package), the path still leads to the schema the validator uses.
    from generator.new_record import skeleton

    inside = skeleton("A", PROJECT_ROOT / "programs" / "a.yaml").splitlines()[0]
    assert inside == "# yaml-language-server: $schema=../generator/schema/program.schema.json"
    done = run("new", "Elsewhere Program", "--dir", str(tmp_path / "records"))
    assert done.returncode == 0, done.stderr
    first = (tmp_path / "records" / "elsewhere-program.yaml").read_text().splitlines()[0]
    reference = first.removeprefix("# yaml-language-server: $schema=")
    schema = (tmp_path / "records" / reference).resolve()
    assert schema.name == "program.schema.json" and schema.is_file(), reference


def test_new_writes_a_skeleton_that_validates_once_filled(tmp_path: Path) -> None:
    done = run("new", "Río Verde Recovery", "--dir", str(tmp_path))
    assert done.returncode == 0, done.stderr
    path = tmp_path / "rio-verde-recovery.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=")

    # A draft: every placeholder is on the to-do list, and a half-done draft passes.
    unfilled = run("validate", str(path))
    assert unfilled.returncode == 0, unfilled.stdout
    findings = unfilled.stdout.splitlines()
    placeholder = ": before publishing: still holds a FILL IN placeholder; replace it or " \
                  "delete the line"
    assert findings and all(": warning: " in line and line.endswith(placeholder)
                            for line in findings), findings
    unfilled_fields = [line.split(": warning: ")[1].split(":")[0] for line in findings]
    assert len(unfilled_fields) == len(set(unfilled_fields))  # each told once

    # Published with a placeholder left: every one is an error.
    published = tmp_path / "published" / "rio-verde-recovery.yaml"
    published.parent.mkdir()
    published.write_text(text.replace("\nstatus: draft", "\nstatus: published"))
    done = run("validate", str(published))
    assert done.returncode == 1
    assert done.stdout.count(": error: ") == len(findings)

    filled = _fill(text)
    path.write_text(filled)
    done = run("validate", str(path))
    assert done.returncode == 0 and "0 errors" in done.stderr, done.stdout
    assert "FILL IN" not in done.stdout
    again = run("new", "Río Verde Recovery", "--dir", str(tmp_path))
    assert again.returncode == 2 and "already exists" in again.stderr


def test_new_writes_no_fact_the_editor_has_not_given(tmp_path: Path) -> None:
    """Every value in the skeleton is a placeholder, but for the name the editor typed,
    what the directory is (an IOP), the draft status and empty lists."""
    import yaml

    run("new", "Hill Country IOP", "--dir", str(tmp_path))
    data = yaml.safe_load((tmp_path / "hill-country-iop.yaml").read_text())
    given = {("name",): "Hill Country IOP", ("levels_of_care", 0): "iop",
             ("status",): "draft"}

    def leaves(value: object, path: tuple = ()) -> list[tuple[tuple, object]]:
        if isinstance(value, dict):
            return [leaf for key, item in value.items() for leaf in leaves(item, (*path, key))]
        if isinstance(value, list):
            return [leaf for i, item in enumerate(value) for leaf in leaves(item, (*path, i))]
        return [(path, value)]

    facts = [(path, value) for path, value in leaves(data) if path not in given]
    assert len(facts) > 40
    assert [(path, value) for path, value in facts
            if not (isinstance(value, str) and value.startswith("FILL IN"))] == []
    assert {path: value for path, value in leaves(data) if path in given} == given


def _fill(text: str) -> str:
    replacements = {
        '"FILL IN: the organisation that runs it (or delete this line)"': "Río Verde Health",
        '"FILL IN: what the program offers and who it is for, in plain words."':
            "Evening group and individual therapy for adults in recovery.",
        "FILL IN: a few short paragraphs about the program.": "Groups meet three evenings.",
        '["FILL IN: what it treats"]': "[substance-use]",
        '["FILL IN: who it serves"]': "[adults]",
        'min: "FILL IN: youngest age accepted (or delete this line)"': "min: 18",
        '  max: "FILL IN: oldest age accepted (or delete this line)"\n': "",
        '["FILL IN: the therapies it offers"]': "[group, individual]",
        '"FILL IN: 1 to 7, or {min: 3, max: 5}"': "3",
        '"FILL IN: 0.5 to 8"': "3",
        '["FILL IN: morning, afternoon, evening or weekend"]': "[evening]",
        '"FILL IN: {min: 8, max: 12}, the usual length in weeks"': "{min: 8, max: 12}",
        '"FILL IN: in-person, telehealth or hybrid"': "in-person",
        '"FILL IN: the accrediting body"': "joint-commission",
        '"FILL IN: the accreditation id"': '"JC-1"',
        '"FILL IN: who issued it, e.g. Texas Health and Human Services Commission (HHSC)"':
            "Texas Health and Human Services Commission (HHSC)",
        '"FILL IN: the licence type, as written on the licence"':
            "Chemical dependency treatment facility",
        '"FILL IN: licence number"': '"CDTF-9"',
        '"FILL IN: https://... where the licence can be checked (or delete this line)"':
            "https://www.hhs.texas.gov/",
        'individualized_plan: "FILL IN: true or false"': "individualized_plan: true",
        '"FILL IN: how the first assessment works"': "A 90-minute intake interview.",
        '"FILL IN: how care is tailored (or delete this line)"': "Plans reviewed weekly.",
        '"FILL IN: the site\'s name (or delete this line)"': "Main clinic",
        '"FILL IN: street address"': "100 Congress Ave",
        '"FILL IN: city or town"': "Austin",
        '"FILL IN: 5-digit ZIP"': '"78701"',
        '"FILL IN: YYYY-MM-DD, from the certificate"': "2027-06-30",
        '"FILL IN: YYYY-MM-DD, from the licence"': "2027-08-31",
        'medicaid: "FILL IN: true or false"': "medicaid: true",
        'medicare: "FILL IN: true or false"': "medicare: false",
        'tricare: "FILL IN: true or false"': "tricare: false",
        'private_insurance: "FILL IN: true or false"': "private_insurance: true",
        'self_pay: "FILL IN: true or false"': "self_pay: true",
        'sliding_scale: "FILL IN: true or false"': "sliding_scale: false",
        'wheelchair_accessible: "FILL IN: true or false"': "wheelchair_accessible: true",
        'accepting_new_clients: "FILL IN: true or false"': "accepting_new_clients: true",
        '"FILL IN: nearby bus or rail (or delete this line)"': "Bus stops on Congress Ave.",
        '"FILL IN: costs families should know (or delete this line)"': "Call for costs.",
        '["FILL IN: the languages care is offered in"]': "[en, es]",
        '"FILL IN: 512-555-0100"': '"512-555-0100"',
        '"FILL IN: https://..."': "https://rio-verde.example.org/",
        '"FILL IN: e.g. Monday to Friday, 8 am to 6 pm"': "Weekdays 9 to 5",
        '"FILL IN: YYYY-MM-DD, the day you checked with the program"': "2026-11-20",
        '"FILL IN: your name"': "A. Editor",
        '"FILL IN: phone, website, site-visit or documents"': "phone",
        '"FILL IN: https://... where you checked (or delete this line)"':
            "https://rio-verde.example.org/about",
        "status: draft ": "status: published ",
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    values = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    assert not any("FILL IN" in line for line in values)
    return text


def test_import_then_drafts_lists_what_each_draft_needs(tmp_path: Path) -> None:
    source = Path(__file__).parent / "fixtures" / "samhsa" / "locator-facilities.csv"
    programs = tmp_path / "programs"
    done = run("import", "samhsa", str(source), "--dir", str(programs))
    assert done.returncode == 0, done.stderr
    assert "written" in done.stdout
    written = sorted(programs.glob("*.yaml"))
    assert written
    again = run("import", "samhsa", str(source), "--dir", str(programs))
    assert sorted(programs.glob("*.yaml")) == written, "a second run writes nothing new"
    assert "0 written" in again.stdout
    drafts = run("validate", "--drafts", str(programs))
    assert "Traceback" not in drafts.stderr
    assert drafts.returncode == 0, drafts.stdout  # drafts never stop a build
    assert f"{len(written)} drafts:" in drafts.stdout
    assert drafts.stdout.count("to do before publishing") == len(written)
    assert "  - levels_of_care: add levels_of_care (it must include iop)" in drafts.stdout
    assert "  - verification.method: verify the listing" in drafts.stdout
    # the to-do list replaces the drafts' findings, it does not repeat them
    assert ": warning: " not in drafts.stdout


def test_import_takes_the_service_area_of_mkdocs_yml(tmp_path: Path) -> None:
    # The same circle as validate and the build: a site around Dallas imports Dallas.
    source = Path(__file__).parent / "fixtures" / "samhsa" / "locator-facilities.csv"
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Dallas IOPs\nplugins:\n  - iop-directory:\n      service_area:\n"
        "          center_lat: 32.78\n          center_lon: -96.80\n"
        "          radius_miles: 10\n", encoding="utf-8")
    done = run("import", "samhsa", str(source), "--dir", "programs", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "1 written" in done.stdout and "(row 7)" in done.stdout, done.stdout
    assert "more than 10 miles from 32.78,-96.8" in done.stdout
    elsewhere = run("import", "samhsa", str(source), "--dir", str(tmp_path / "b"),
                    "--config-file", str(tmp_path / "mkdocs.yml"))
    assert "1 written" in elsewhere.stdout and "(row 7)" in elsewhere.stdout, elsewhere.stdout
    wider = run("import", "samhsa", str(source), "--dir", str(tmp_path / "c"),
                "--radius", "400", cwd=tmp_path)  # the command line wins
    assert "Outside the area" not in wider.stdout, wider.stdout


def test_import_of_a_file_that_is_not_locator_data_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "notes.csv"
    bad.write_text("hello,world\n1,2\n")
    done = run("import", "samhsa", str(bad), "--dir", str(tmp_path / "programs"))
    assert done.returncode == 1
    assert done.stderr.startswith("error: ") and "Traceback" not in done.stderr


def test_output_piped_into_a_closed_reader_is_quiet() -> None:
    done = subprocess.run(
        f"{sys.executable} -m generator validate --format json | head -c 1",
        shell=True, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_a_broken_geocode_cache_is_a_clear_error(tmp_path: Path) -> None:
    shutil.copy(VALID_RECORD, tmp_path / "good.yaml")
    (tmp_path / ".geocode-cache.json").write_text("{bad")
    done = run("validate", str(tmp_path))
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: {tmp_path / '.geocode-cache.json'}: the geocode "
                                  "cache cannot be read")
    assert "Traceback" not in done.stderr


def test_a_geocode_cache_broken_after_a_cached_run_is_still_an_error(tmp_path: Path) -> None:
    # Every record comes from the findings cache the second time; the broken geocode
    # cache must not hide behind it.
    shutil.copy(VALID_RECORD, tmp_path / "good.yaml")
    assert run("validate", str(tmp_path), "--cache-dir", str(tmp_path / "c")).returncode == 0
    (tmp_path / ".geocode-cache.json").mkdir()  # not readable as a file, even by root
    done = run("validate", str(tmp_path), "--cache-dir", str(tmp_path / "c"))
    assert done.returncode == 1
    assert "the geocode cache cannot be read" in done.stderr
    assert "Traceback" not in done.stderr


def test_import_options_conditions_and_places_are_checked(tmp_path: Path) -> None:
    source = tmp_path / "export-2021.csv"  # a name that says nothing of what it treats
    source.write_text("name1,street1,city,state,zip,latitude,longitude\n"
                      "Quiet Example Place,1 Q Street,Austin,TX,78701,30.27,-97.74\n")
    plain = run("import", "samhsa", str(source), "--dir", str(tmp_path / "a"))
    assert "--conditions substance-use" in plain.stdout and "0 written" in plain.stdout
    given = run("import", "samhsa", str(source), "--dir", str(tmp_path / "b"),
                "--conditions", "mental-health,co-occurring")
    assert given.returncode == 0 and "1 written" in given.stdout, given.stdout
    assert "- mental-health\n- co-occurring" in next((tmp_path / "b").glob("*.yaml")).read_text()
    for args, message in [
        (["--conditions", "bogus"], "list conditions from substance-use"),
        (["--near", ""], "not a known 5-digit ZIP code"),
        (["--radius", "inf"], "must be a number more than 0"),
    ]:
        done = run("import", "samhsa", str(source), "--dir", str(tmp_path / "c"), *args)
        assert done.returncode == 2 and message in done.stderr, (args, done.stderr)
    folder = run("import", "samhsa", str(tmp_path))
    assert folder.returncode == 2 and "is a folder" in folder.stderr


def test_a_folder_of_notes_without_records_is_a_usage_error(tmp_path: Path) -> None:
    # A CI or pre-commit path pointed at the wrong folder must not pass quietly.
    (tmp_path / "README.md").write_text("notes")
    done = run("validate", str(tmp_path))
    assert done.returncode == 2
    assert "no record files (*.yaml) found" in done.stderr
    assert "README.md: warning: not a record" in done.stdout


def test_drafts_is_a_list_for_people_not_a_format(tmp_path: Path) -> None:
    done = run("validate", "--drafts", "--format", "json")
    assert done.returncode == 2 and "use it without --format" in done.stderr


def test_a_backup_copy_is_not_to_be_renamed_over_the_record(tmp_path: Path) -> None:
    shutil.copy(VALID_RECORD, tmp_path / "good.yaml")
    shutil.copy(VALID_RECORD, tmp_path / "good.yaml.bak")
    done = run("validate", str(tmp_path))
    assert "good.yaml.bak: warning: not read as a record: a copy of good.yaml?" in done.stdout
