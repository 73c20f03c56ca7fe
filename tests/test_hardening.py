"""Hostile or careless records: nothing crashes, spoofs, leaks or poisons the data.

Each class of input is a list of cases; every case is checked through the real loader
and validator (and, where it matters, the command line as a subprocess).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic
from generator.export.hsds import hsds_files, hsds_organizations
from generator.loader import load_record, load_text
from generator.record_files import find_record_files
from generator.render.markdown import render_markdown
from generator.render.urls import safe_url
from generator.settings import Settings
from generator.text import name_key, printable
from generator.validation import validate_paths
from generator.validation.files import validate_record

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BASE = (PROJECT_ROOT / "tests" / "corpus" / "valid" / "days-as-range.yaml").read_text()
SETTINGS = Settings()


def findings(text: str) -> list[Diagnostic]:
    loaded = load_text(text, "case.yaml")
    if loaded.record is None:
        return loaded.diagnostics
    return loaded.diagnostics + validate_record(loaded.record, SETTINGS)


def errors(text: str) -> list[str]:
    return [d.format_text() for d in findings(text) if d.is_error]


def with_line(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_the_base_record_is_valid() -> None:
    assert errors(BASE) == []


# -- crashes and silent passes ----------------------------------------------------------

IMPOSSIBLE_DATES = ["0000-11-18", "0000-01-01", "2026-02-30", "2026-13-01", "2025-02-29"]


@pytest.mark.parametrize("day", IMPOSSIBLE_DATES)
@pytest.mark.parametrize("field", ["last_verified", "expires"])
def test_a_date_python_cannot_hold_is_an_error_with_its_place(day: str, field: str) -> None:
    if field == "expires":
        text = BASE + f"licenses:\n  - authority: HHSC\n    type: Licence\n    number: A-1\n" \
                      f"    expires: {day}\n"
        line = BASE.count("\n") + 5
    else:
        text = with_line("last_verified: 2026-10-01", f"last_verified: {day}")
        line = 20
    found = [d for d in findings(text) if d.is_error]
    assert found and found[0].line == line and found[0].column > 0, found
    assert day in found[0].message


@pytest.mark.parametrize("depth", [17, 500, 5000])
@pytest.mark.parametrize("shape", ["block", "flow-list", "flow-map"])
def test_deep_nesting_is_an_error_at_a_line(depth: int, shape: str) -> None:
    if shape == "block":
        depth = min(depth, 600)  # 5,000 levels of indentation would be over 256 KB
        nested = "".join(" " * (i + 2) + "k:\n" for i in range(depth)) + " " * (depth + 2) + "v"
        text = BASE + "customization:\n" + nested + "\n"
    elif shape == "flow-list":
        text = BASE + "therapies: " + "[" * depth + "]" * depth + "\n"
    else:
        text = BASE + "customization: " + "{a: " * depth + "1" + "}" * depth + "\n"
    found = findings(text)
    assert len(found) == 1 and found[0].is_error and found[0].line > 0, found
    assert "nested" in found[0].message


def test_one_deep_file_does_not_hide_the_others(tmp_path: Path) -> None:
    (tmp_path / "deep.yaml").write_text(BASE + "therapies: " + "[" * 600 + "]" * 600 + "\n")
    (tmp_path / "other.yaml").write_text(with_line("days_per_week: {min: 3, max: 5}",
                                                   "days_per_week: 9").replace(
        "Corpus Test Program", "Another Program"))
    report = validate_paths([tmp_path], SETTINGS, root=tmp_path)
    assert {d.file for d in report.diagnostics if d.is_error} == {"deep.yaml", "other.yaml"}


TAGGED = [
    ("conditions: [substance-use]", "conditions: !!python/object/apply:os.system [echo]"),
    ("conditions: [substance-use]", "conditions: !!python/object:builtins.list []"),
    ("schedule:\n", "schedule: !!python/object:foo.Bar\n"),
    ("schedule:\n", "schedule: !!omap\n"),
    ("conditions: [substance-use]", "conditions: !!set {substance-use: null}"),
    ("conditions: [substance-use]", "conditions: !custom [substance-use]"),
    ("name: Corpus Test Program", "name: !!python/name:os.system"),
    ("name: Corpus Test Program", "name: !!binary aGVsbG8="),
    # On a key: a plain loader reads `name` and drops the tag.
    ("name: Corpus Test Program", "!!python/name:os.system name: Corpus Test Program"),
    ("schedule:\n", "!custom schedule:\n"),
]


@pytest.mark.parametrize(("old", "new"), TAGGED)
def test_a_tag_on_any_node_is_refused(old: str, new: str) -> None:
    found = errors(with_line(old, new))
    assert found and "tag" in found[0], found


@pytest.mark.parametrize("directive", ["%TAG ! tag:evil.example,2026:", "%YAML 1.1",
                                       "%TAG !! tag:evil.example,2026:"])
def test_yaml_directives_are_refused(directive: str) -> None:
    found = findings(f"{directive}\n---\n{BASE}")
    assert [(d.line, d.is_error) for d in found] == [(1, True)]
    assert "directive" in found[0].message


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\x08", "\x9b", "\ufffe"])
def test_a_raw_control_character_is_located_and_named(char: str) -> None:
    text = with_line("name: Corpus Test Program", f"name: Corpus{char} Program")
    [found] = findings(text)
    assert (found.line, found.column) == (2, 13)
    assert f"U+{ord(char):04X}" in found.message
    assert "position" not in found.message and "<unicode string>" not in found.message


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\ud83d"])
def test_an_escaped_lone_surrogate_is_named(escape: str) -> None:
    [found] = findings(with_line("name: Corpus Test Program", f'name: "Corpus {escape}"'))
    assert found.line == 2 and "surrogate" in found.message and "never closed" not in \
        found.message
    assert found.message.startswith(f"YAML syntax: {escape} stands"), found.message  # as written


@pytest.mark.parametrize(("escape", "meant"), [("\\ud83c\\udf3f", "U+1F33F (HERB)"),
                                               ("\\uD835\\uDC01", "U+1D401")])
def test_a_surrogate_pair_as_json_writes_it_names_the_character_meant(
    escape: str, meant: str
) -> None:
    [found] = findings(with_line("name: Corpus Test Program", f'name: "Corpus {escape}"'))
    assert (found.line, found.column) == (2, 17), found
    assert f"{escape} writes {meant}" in found.message and "\\U0001" in found.message


# -- text that lies ---------------------------------------------------------------------

INVISIBLE_NAMES = ["   ", "\u200b\u200b\u200b", "\u3000\u3000", "\u00a0 \u00a0", "\u2060",
                   "\u200e", "\u00ad\u00ad",
                   # Letters and marks that draw nothing (not format characters).
                   "\u3164\u3164\u3164", "\uffa0\uffa0", "\u115f\u1160", "\u034f",
                   "\u2800\u2800\u2800", "\ufe0f\ufe0f", "\u17b4"]


@pytest.mark.parametrize("name", INVISIBLE_NAMES, ids=[repr(n) for n in INVISIBLE_NAMES])
def test_a_name_needs_a_visible_character(name: str) -> None:
    text = with_line("name: Corpus Test Program", f"name: {json.dumps(name)}")
    assert [e for e in errors(text) if ": name: " in e], errors(text)


LYING = {
    "escape": "Corpus\\e[31m Program",
    "c1 control": "Corpus\\x9b Program",
    "line feed": "Corpus\\nProgram",
    "carriage return": "Corpus\\r\\nProgram",
    "line separator": "Corpus\\u2028Program",
    "right-to-left override": "Corpus \\u202eProgram",
    "left-to-right isolate": "Corpus \\u2066Program\\u2069",
    "right-to-left mark": "Corpus\\u200f Program",
    "zero-width space": "Cor\\u200bpus Program",
    "word joiner": "Corpus\\u2060 Program",
    "byte order mark": "Corpus\\ufeff Program",
    "joiner between ascii": "Cor\\u200dpus Program",
    "hangul filler": "Cor\\u3164pus Program",
    "halfwidth hangul filler": "Corpus\\uffa0Program",
    "combining grapheme joiner": "Cor\\u034fpus Program",
}


@pytest.mark.parametrize("field", ["name", "summary", "city", "verified_by"])
@pytest.mark.parametrize("kind", list(LYING))
def test_controls_direction_and_invisible_characters_in_one_line_fields(
    kind: str, field: str
) -> None:
    olds = {"name": "name: Corpus Test Program",
            "summary": "summary: A fictional program used to test the validator's messages.",
            "city": "city: Austin", "verified_by": "verified_by: Test Editor"}
    key, _, value = olds[field].partition(": ")
    text = with_line(olds[field], f'{key}: "{LYING[kind].replace("Corpus", value[:6])}"')
    assert [e for e in errors(text) if f": {field}" in e or f".{field}:" in e], errors(text)


HONEST = {
    "emoji": "Corpus 🌿 Program",
    "family emoji (joiners)": "Corpus 👨\u200d👩\u200d👧 Program",
    "flag (tag characters)":
        "Corpus 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
    "persian (non-joiner)": "برنامه می\u200cخواهم",
    "accents": "Programa Café Niño",
    "cjk": "奥斯汀项目",
    "hangul": "오스틴 회복 센터",
    "emoji with a variation selector": "Corpus \u2764\ufe0f Program",
    "arabic": "برنامج أوستن",
}


@pytest.mark.parametrize("kind", list(HONEST))
def test_real_text_in_any_script_passes(kind: str) -> None:
    name = json.dumps(HONEST[kind], ensure_ascii=False)
    assert errors(with_line("name: Corpus Test Program", f"name: {name}")) == []


def test_a_description_may_span_lines_but_not_hide_or_reorder() -> None:
    good = BASE + "description: |\n  First line.\n\n  Second paragraph.\n"
    assert errors(good) == []
    for bad in ("\\u202e", "\\x1b", "\\u2066"):
        text = BASE + f'description: "First line.\\nSecond {bad} line."\n'
        assert [e for e in errors(text) if "description" in e], bad


def test_text_is_stored_composed() -> None:
    loaded = load_text(with_line("name: Corpus Test Program", 'name: "Cafe\\u0301 Program"'))
    assert loaded.record is not None
    validate_record(loaded.record, SETTINGS)
    assert loaded.record.data["name"] == "Café Program"
    assert unicodedata.is_normalized("NFC", loaded.record.data["name"])


# -- duplicates that look alike -----------------------------------------------------------

LOOK_ALIKES = [
    ("Limestone Ledge Recovery", "Lіmestone Ledge Recovery"),  # Cyrillic і
    ("Limestone Ledge Recovery", "Limestоne Ledge Recovery"),  # Cyrillic о
    ("Limestone Ledge Recovery", "Ｌｉｍｅｓｔｏｎｅ Ledge Recovery"),  # full width
    ("Limestone Ledge Recovery", "LIMESTONE  LEDGE RECOVERY!"),
    ("Limestone Ledge Recovery", "Limestone Ledge Recovery\u200b"),
    ("Austin Recovery Center", "Αustin Recovery Center"),  # Greek Alpha
    ("Центр Помощи", "ЦЕНТР ПОМОЩИ"),
    ("Café Centro", "Cafe\u0301 Centro"),
    # Default-ignorable characters that are not format characters (TR39 drops them too).
    ("Limestone Ledge Recovery", "Lime\u3164stone Ledge Recovery"),  # Hangul filler
    ("Limestone Ledge Recovery", "Lime\u034fstone Ledge Recovery"),  # grapheme joiner
    ("Limestone Ledge Recovery", "Lime\ufe00stone Ledge Recovery"),  # variation selector
    ("Limestone Ledge Recovery", "Limestone Ledge\U000e0020 Recovery"),  # tag space
]
DIFFERENT = [
    ("Центр Помощи", "Клиника Надежды"),  # names only in Cyrillic do not all collide
    ("奥斯汀项目", "休斯顿项目"),
    ("Limestone Ledge Recovery", "Limestone Ledge Recovery North"),
]


@pytest.mark.parametrize(("a", "b"), LOOK_ALIKES)
def test_look_alike_names_are_the_same_listing(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_names_stay_different(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_a_look_alike_listing_is_reported_on_both_copies(tmp_path: Path) -> None:
    (tmp_path / "real.yaml").write_text(BASE)
    (tmp_path / "fake.yaml").write_text(BASE.replace("Corpus Test Program",
                                                     "Соrpus Test Program"))  # Cyrillic С о
    report = validate_paths([tmp_path], SETTINGS, root=tmp_path)
    dupes = [d for d in report.diagnostics if "the same name as" in d.message]
    assert {d.file for d in dupes} == {"real.yaml", "fake.yaml"}


# -- cities -------------------------------------------------------------------------------

@pytest.mark.parametrize(("city", "hint"), [
    ("Free IOP tonight call 512-555-0199", "write 'Austin'"),
    ("austin", "write it as the Postal Service does: 'Austin'"),
    ("AUSTIN", "write it as the Postal Service does: 'Austin'"),
    ("Telehealth only", "write 'Austin'"),
    ("Austn", "did you mean 'Austin'?"),
    ("Round Rock", "write 'Austin'"),
])
def test_the_city_is_one_the_postal_service_names_for_the_zip(city: str, hint: str) -> None:
    found = errors(with_line("city: Austin", f"city: {json.dumps(city)}"))
    assert len(found) == 1 and "locations[0].city" in found[0] and hint in found[0], found


@pytest.mark.parametrize(("zip_code", "city"), [("78734", "Lakeway"), ("78734", "Bee Cave"),
                                                ("78745", "Sunset Valley"), ("78701", "Austin")])
def test_an_acceptable_usps_name_passes(zip_code: str, city: str) -> None:
    text = with_line('zip: "78701"', f'zip: "{zip_code}"')
    text = with_line("city: Austin", f"city: {city}", text)
    text = with_line("    coordinates: {lat: 30.2650, lon: -97.7440}\n", "", text)
    assert [e for e in errors(text) if "city" in e] == []


# -- links --------------------------------------------------------------------------------

MISLEADING_URLS = [
    "https://good.example@evil.example/",
    "https://good.example:pass@evil.example/",
    "https://evil.example\\@good.example/",
    "https:\\\\evil.example/",
    "https://evil.example/ path",
    "https://localhost/",
    "https://\u0430pple.com/",  # a Cyrillic "a"
    "https://ex\u0430mple.org/path",
    "https://\uff45xample.org/",  # a full-width "e"
]


def test_a_look_alike_site_name_is_told_in_the_form_the_browser_visits() -> None:
    text = with_line("website: https://corpus.example.org/",
                     'website: "https://\u0430pple.com/"')
    found = [e for e in errors(text) if "contact.website" in e]
    assert found and "xn--pple-43d.com" in found[0], found


@pytest.mark.parametrize("url", MISLEADING_URLS)
def test_a_misleading_website_is_refused_and_never_a_link(url: str) -> None:
    text = with_line("website: https://corpus.example.org/", f"website: {json.dumps(url)}")
    assert [e for e in errors(text) if "contact.website" in e], errors(text)
    assert safe_url(url) is None


@pytest.mark.parametrize("markdown", [
    "[x](\\\\\\\\evil.example/a)", "[x](/\\\\/evil.example)", "[x](//evil.example/a)",
    "[x](page.html)", "[x](/programs/)", "[x](#top)", "[x](javascript:alert(1))",
    "[x](https://good@evil.example/)", "<a href='//evil.example'>x</a>",
    "[x](HTTPS:/\\evil.example)",
])
def test_a_description_link_is_absolute_https_or_dropped(markdown: str) -> None:
    html = str(render_markdown(f"Before {markdown} after."))
    assert "href" not in html, html
    assert "x" in html  # the text stays
    kept = str(render_markdown("[ok](https://ok.example/path)"))
    assert 'href="https://ok.example/path"' in kept


# -- poisoned outputs -----------------------------------------------------------------------

@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t"])
@pytest.mark.parametrize("field", ["name", "city", "address"])
def test_formula_starts_are_refused_where_no_one_writes_them(start: str, field: str) -> None:
    olds = {"name": "name: Corpus Test Program", "city": "city: Austin",
            "address": "address: 100 Congress Ave"}
    key, _, value = olds[field].partition(": ")
    found = errors(with_line(olds[field], f"{key}: {json.dumps(start + 'SUM(1) ' + value)}"))
    assert [e for e in found if f"{field}:" in e], found


def test_csv_cells_that_start_a_formula_are_neutralised(tmp_path: Path) -> None:
    import datetime as dt

    from generator.model import program_from_record

    text = with_line("summary: A fictional program used to test the validator's messages.",
                     'summary: \'=HYPERLINK("https://evil.example/","Click for help")\'')
    text += 'organization: "@SUM(1+1)"\npayment:\n  self_pay: true\n' \
            '  cost_notes: "+1 for cmd|\' /C calc\'!A0"\n'
    loaded = load_text(text, "poison.yaml")
    assert loaded.record is not None
    validate_record(loaded.record, SETTINGS)
    program = program_from_record(loaded.record)
    organizations = hsds_organizations([program], lambda s: f"https://x.example/{s}/",
                                       dt.date(2026, 11, 27))
    for name, content in hsds_files(organizations).items():
        if not name.endswith(".csv"):
            continue
        for row in csv.reader(content.decode("utf-8").splitlines()):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (name, cell)
                if cell.startswith("-"):
                    float(cell)  # only a number starts with a minus sign
    written = b"".join(hsds_files(organizations).values()).decode("utf-8")
    assert "'=HYPERLINK" in written and "'@SUM" in written


def test_no_record_value_starts_a_line_of_text_output(tmp_path: Path) -> None:
    (tmp_path / "inject.yaml").write_text(
        with_line("conditions: [substance-use]",
                  'conditions: ["x\\n::error file=main.py::forged"]\n"a\\n::warning::key": 1'))
    done = subprocess.run([sys.executable, "-m", "generator", "validate", str(tmp_path)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert done.returncode == 1
    lines = (done.stdout + done.stderr).splitlines()
    assert lines and not [line for line in lines if line.startswith("::")], lines
    assert "\\n::error" in done.stdout
    assert printable("a\x1b[2Jb\u202ec") == "a\\x1b[2Jb\\u202ec"


def test_annotations_show_record_text_visibly(tmp_path: Path) -> None:
    """GitHub annotations quote record values too: no raw control, break or direction
    override reaches the log, and none starts a workflow command of its own."""
    (tmp_path / "inject.yaml").write_text(
        with_line("city: Austin", 'city: "Aus\\u202etin\\x85::error::x"',
                  with_line("conditions: [substance-use]",
                            'conditions: ["x\\n::error file=main.py::forged"]\n'
                            '"b\\r::notice::k\\u2028::error::z\\x1b[2J": 2')))
    done = subprocess.run([sys.executable, "-m", "generator", "validate", "--format", "github",
                           str(tmp_path)], capture_output=True, text=True, cwd=tmp_path,
                          timeout=60)
    assert done.returncode == 1
    lines = done.stdout.split("\n")
    assert [line for line in lines if line] and all(
        line.startswith(("::error file=", "::warning file=")) for line in lines if line), lines
    assert all(ch.isprintable() for line in lines for ch in line), lines
    assert "\\u202e" in done.stdout and "\\u2028" in done.stdout and "\\x1b" in done.stdout


def test_a_record_named_like_a_page_the_site_makes_is_refused(tmp_path: Path) -> None:
    (tmp_path / "index.yaml").write_text(BASE)
    [found] = load_record(tmp_path / "index.yaml").diagnostics
    assert found.is_error and "index-program.yaml" in found.message


# -- the file system -------------------------------------------------------------------------

def test_only_plain_files_in_the_folder_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "programs"
    folder.mkdir()
    outside = tmp_path / "outside.yaml"
    outside.write_text(BASE.replace("Corpus Test Program", "Outside Program"))
    (folder / "good.yaml").write_text(BASE)
    (folder / "outside.yaml").symlink_to(outside)
    (folder / "status.yaml").symlink_to("/proc/self/status")
    (folder / "broken.yaml").symlink_to(tmp_path / "missing.yaml")
    (folder / "folder.yaml").mkdir()
    (folder / ".hidden.yaml").write_text(BASE)
    os.mkfifo(folder / "pipe.yaml")
    (folder / "linked-folder").symlink_to(tmp_path)
    files, problems = find_record_files([folder])
    assert files == [folder / "good.yaml"]
    by_file = {Path(d.file).name: d for d in problems}
    assert set(by_file) == {"outside.yaml", "status.yaml", "broken.yaml", "folder.yaml",
                            ".hidden.yaml", "pipe.yaml", "linked-folder"}
    for name in ("outside.yaml", "status.yaml", "broken.yaml", "folder.yaml", "pipe.yaml"):
        assert by_file[name].is_error, name
    report = validate_paths([folder], SETTINGS, root=tmp_path)
    text = "\n".join(d.format_text() for d in report.diagnostics)
    assert "VmRSS" not in text and "State:" not in text  # the target is never read
    assert [r.display_path for r in report.records] == ["programs/good.yaml"]


def test_a_link_named_directly_is_refused_too(tmp_path: Path) -> None:
    target = tmp_path / "real.yaml"
    target.write_text(BASE)
    (tmp_path / "link.yaml").symlink_to(target)
    files, problems = find_record_files([tmp_path / "link.yaml"])
    assert files == [] and problems[0].is_error and "symbolic link" in problems[0].message
    assert load_record(tmp_path / "link.yaml").record is None  # O_NOFOLLOW
