"""Every row of a locator file is accounted for: written, a duplicate, outside the area,
not an IOP, or rejected with its reason; the counts add up to the rows read."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.importers.samhsa import ImportReport, SourceError, import_samhsa

HEADER = "name1,name2,street1,street2,city,state,zip,zip4,county,latitude,longitude"
ROWS = [
    "Alpha Center,,1 Alpha St,,Austin,TX,78701,,Travis,30.27,-97.74",
    "Beta Center,,2 Beta St,,Austin,TX,78702,,Travis,30.26,-97.72",
    "Gamma Center,,3 Gamma St,,Austin,TX,78703,,Travis,30.29,-97.76",
    "Delta Center,,4 Delta St,,Austin,TX,78704,,Travis,30.24,-97.76",
]
TODAY = dt.date(2026, 11, 27)


def run_import(tmp_path: Path, text: str, name: str = "facilities.csv") -> ImportReport:
    source = tmp_path / name
    source.write_text(text, "utf-8", newline="")
    return import_samhsa(source, tmp_path / "programs", today=TODAY,
                         conditions=["substance-use"])


def accounted(report: ImportReport) -> int:
    return (len(report.written) + len(report.duplicates) + len(report.outside_area)
            + len(report.rejected) + len(report.not_iop))


def test_an_unclosed_quote_costs_its_row_and_names_the_rows_it_swallowed(
    tmp_path: Path,
) -> None:
    rows = ROWS.copy()
    rows[1] = rows[1].replace("Beta Center,", 'Beta Center,"Beta unclosed,')
    report = run_import(tmp_path, "\n".join([HEADER, *rows]) + "\n")
    assert report.rows_read == 4 == accounted(report)
    assert len(report.written) == 1
    reasons = {r.row: r.reason for r in report.rejected}
    assert "never closed" in reasons[3] and "name2" in reasons[3]
    assert reasons[4] == reasons[5] == "read into the unclosed quote of row 3; not imported"
    assert "4 rows read, 1 written" in report.summary()


def test_a_value_on_two_lines_is_not_taken_for_an_unclosed_quote(tmp_path: Path) -> None:
    rows = ROWS.copy()
    rows[0] = rows[0].replace("1 Alpha St,", '"1 Alpha St\nSuite 2",')
    report = run_import(tmp_path, "\n".join([HEADER, *rows]) + "\n")
    assert len(report.written) == 4 and report.rejected == []


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n"])
def test_any_line_ending_reads(tmp_path: Path, ending: str) -> None:
    report = run_import(tmp_path, ending.join([HEADER, *ROWS]) + ending)
    assert len(report.written) == 4 and report.rows_read == 4, report.rejected
    if ending == "\r":
        assert any("CR only" in note for note in report.notes)


def test_a_repeated_column_with_different_values_rejects_the_row(tmp_path: Path) -> None:
    rows = [row + ",Austin" for row in ROWS[:2]] + [ROWS[2] + ",Buda"]
    report = run_import(tmp_path, "\n".join([HEADER + ",city", *rows]) + "\n")
    assert any("given more than once: city" in note for note in report.notes)
    assert len(report.written) == 2
    [rejected] = report.rejected
    assert rejected.row == 4 and "'city' is given twice" in rejected.reason


def test_a_json_key_given_twice_is_never_silently_dropped(tmp_path: Path) -> None:
    row = ('{"name1": "Alpha Center", "name1": "Other Name", "street1": "1 Alpha St", '
           '"city": "Austin", "state": "TX", "zip": "78701", "latitude": 30.27, '
           '"longitude": -97.74}')
    good = json.dumps({"name1": "Beta Center", "street1": "2 Beta St", "city": "Austin",
                       "state": "TX", "zip": "78702", "latitude": 30.26, "longitude": -97.72})
    report = run_import(tmp_path, f'{{"rows": [{row}, {good}]}}', "locator.json")
    assert report.rows_read == 2 == accounted(report)
    [rejected] = report.rejected
    assert "'name1' is given twice" in rejected.reason
    with pytest.raises(SourceError, match="'rows' is given twice"):
        run_import(tmp_path, f'{{"rows": [], "rows": [{good}]}}', "twice.json")


@pytest.mark.parametrize("start", ["=", "+", "@", "-"])
def test_a_formula_in_a_name_or_address_is_flagged(tmp_path: Path, start: str) -> None:
    rows = ROWS.copy()
    rows[0] = rows[0].replace("Alpha Center", f'"{start}HYPERLINK(""https://evil.example"")"')
    rows[1] = rows[1].replace("2 Beta St", f"{start}2 Beta St")
    report = run_import(tmp_path, "\n".join([HEADER, *rows]) + "\n")
    assert {r.row for r in report.rejected} == {2, 3}
    assert all("spreadsheet formula" in r.reason for r in report.rejected)
    assert report.rows_read == accounted(report)


def test_a_facility_named_index_gets_a_page_of_its_own(tmp_path: Path) -> None:
    report = run_import(tmp_path, "\n".join([HEADER, ROWS[0].replace("Alpha Center", "Index")]))
    assert [p.name for p in report.written] == ["index-program.yaml"]


def test_the_counts_add_up_on_the_fixture(tmp_path: Path) -> None:
    source = Path(__file__).parent / "fixtures" / "samhsa" / "locator-facilities.csv"
    report = import_samhsa(source, tmp_path / "programs", today=TODAY)
    assert report.rows_read == accounted(report) > 0
    assert report.summary().startswith(f"{report.rows_read} rows read")
