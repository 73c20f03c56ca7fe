"""The loader: positions kept, and the traps of hand-written YAML caught."""

from __future__ import annotations

from pathlib import Path

from generator.loader import (
    MAX_FILE_BYTES,
    Position,
    load_record,
    load_text,
)
from generator.record_files import find_record_files


def test_every_value_keeps_its_line_and_column() -> None:
    result = load_text("name: A\nschedule:\n  tracks: [evening, weekend]\n")
    record = result.record
    assert record is not None
    assert record.value_positions[("name",)] == Position(1, 7)
    assert record.key_positions[("schedule", "tracks")] == Position(3, 3)
    assert record.value_positions[("schedule", "tracks", 1)] == Position(3, 21)


def test_dates_become_iso_text_and_numbers_keep_their_spelling() -> None:
    record = load_text("when: 2026-01-05\nzip: 78701\n").record
    assert record is not None
    assert record.data == {"when": "2026-01-05", "zip": 78701}
    assert record.scalar(("zip",)).text == "78701"


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("name: x\ndescription: " + "a" * MAX_FILE_BYTES + "\n")
    result = load_record(path)
    assert result.record is None
    assert "a record may be at most 256 KB" in result.diagnostics[0].message


def test_bytes_that_are_not_utf8_are_located(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: Caf\u00e9\nsummary: x\n".encode("utf-8") + b"city: Caf\xe9\n")
    diag = load_record(path).diagnostics[0]
    assert (diag.line, diag.column) == (3, 10)
    assert diag.message.startswith("byte 0xe9 is not UTF-8")


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfname: Bom\n")
    assert load_record(path).record is not None


def test_a_recursive_alias_is_an_error_not_a_hang() -> None:
    result = load_text("name: &a [*a]\n")
    assert result.record is None
    assert "refers to itself" in result.diagnostics[0].message


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    result = load_text("name: " + "[" * 5000 + "]" * 5000 + "\n")
    assert result.record is None
    assert result.diagnostics[0].is_error


def test_a_file_name_that_is_not_a_slug_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "My Program.yaml"
    path.write_text("name: My Program\n")
    diag = load_record(path).diagnostics[0]
    assert "rename it to 'my-program.yaml'" in diag.message


def test_an_unreadable_path_is_a_finding(tmp_path: Path) -> None:
    result = load_record(tmp_path / "missing.yaml")
    assert result.record is None
    assert result.diagnostics[0].message.startswith("cannot read the file")


def test_a_suite_number_read_as_a_comment_is_pointed_out() -> None:
    text = (
        "name: Test\n"
        "locations:\n"
        "  - address: 2417 S Lamar Blvd #200\n"
        "    city: Austin   # a real comment, after a space\n"
        "    name: \"Suite #3\"\n"
        "# a whole-line comment #1\n"
    )
    result = load_text(text, "t.yaml")
    assert result.record is not None
    assert result.record.data["locations"][0]["address"] == "2417 S Lamar Blvd"
    [note] = result.record.notes
    assert note.format_text() == (
        "t.yaml:3:14: warning: locations[0].address: YAML reads \" #200\" as a comment, so the "
        "value is only '2417 S Lamar Blvd'; if #200 belongs to it, put the whole value in "
        "quotes: \"2417 S Lamar Blvd #200\""
    )


def test_paths_given_twice_keep_their_first_order(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("name: A\n")
    b.write_text("name: B\n")
    files, _ = find_record_files([a, b, a])
    assert files == [a, b]


def test_a_bad_escape_in_double_quotes_is_named_as_such() -> None:
    [finding] = load_text('name: "Fine"\nsummary: "a\\qb"\n', "t.yaml").diagnostics
    assert finding.line == 2
    assert "unknown escape character" in finding.message
    assert "put the value in single quotes" in finding.message
