"""Reading a locator file, CSV export or JSON API response, into numbered rows.

Row numbers: for a CSV, the spreadsheet row (the header is row 1, so the first facility
is row 2; a blank line keeps its number); for JSON, the position in ``rows`` (the first is
row 1). A row that the file itself spoils (an unclosed quote, a column or key given twice
with different values, a row shifted by an unquoted comma) comes back with its problem,
so that every row is accounted for; notes tell about the file as a whole.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REQUIRED_CSV_COLUMNS = ("name1", "street1", "city", "zip")
KNOWN_COLUMNS = frozenset(
    {
        "name1", "name2", "street1", "street2", "city", "state", "zip", "zip4", "county",
        "latitude", "longitude", "phone", "intake1", "intake2", "intake_prompt", "hotline1",
        "website", "type_facility", "services", "_irow", "frid", "miles",
    }
)  # fmt: skip


class SourceError(Exception):
    """The file cannot be read as locator data. The message names the file."""


@dataclass
class SourceRow:
    """One facility as the file gives it: column -> value, and the JSON services list."""

    number: int
    fields: dict[str, Any]
    services: Any = None
    problem: str | None = None


def one_line(value: object) -> str:
    """A value quoted in a message: on one line, at most 200 characters."""
    return " ".join(str(value).split())[:200]


def read_source(source: Path) -> tuple[list[SourceRow], list[str]]:
    """Rows of a locator CSV or JSON file and notes about the file as a whole."""
    text = _read_text(source)
    if text.lstrip()[:1] in ("{", "["):
        return _json_rows(source, text)
    return _csv_rows(source, text)


def _read_text(source: Path) -> str:
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise SourceError(f"{source}: cannot read the file ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")  # -sig: spreadsheets often start files with a BOM
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{source}: not UTF-8 text (invalid byte at offset {exc.start}); "
            "save it as UTF-8 and try again"
        ) from None
    if not text.strip():
        raise SourceError(f"{source}: the file is empty")
    if "\x00" in text:  # UTF-16 text or a binary spreadsheet decodes with NUL bytes
        raise SourceError(
            f"{source}: contains NUL bytes, so it is not UTF-8 text (a spreadsheet or "
            "UTF-16 file?); save it as CSV UTF-8 and try again"
        )
    return text


def _column_name(name: object) -> str:
    text = str(name).replace("\ufeff", "").strip()
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text)  # typeFacility -> type_Facility
    return re.sub(r"[\s\-]+", "_", text).lower()


# --------------------------------------------------------------------------- JSON


class _Object(dict[str, Any]):
    """A JSON object that remembers keys given twice (json keeps the last silently)."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        seen: set[str] = set()
        self.repeated: list[str] = []
        for key, _ in pairs:
            if key in seen:
                self.repeated.append(key)
            seen.add(key)


def _json_rows(source: Path, text: str) -> tuple[list[SourceRow], list[str]]:
    try:
        data = json.loads(text, object_pairs_hook=_Object)
    except json.JSONDecodeError as exc:
        raise SourceError(
            f"{source}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise SourceError(f"{source}: the JSON is nested too deeply to read") from None
    notes: list[str] = []
    if isinstance(data, _Object) and data.repeated:
        raise SourceError(f"{source}: the key '{data.repeated[0]}' is given twice; a locator "
                          "response has each once")
    rows: Any
    if isinstance(data, dict):
        rows = data.get("rows")
        if not isinstance(rows, list):
            raise SourceError(
                f"{source}: JSON, but not a SAMHSA locator API response "
                '(expected an object with a "rows" list)'
            )
        page, pages = data.get("page"), data.get("totalPages")
        if isinstance(page, int) and isinstance(pages, int) and pages > 1:
            notes.append(f"this is page {page} of {pages}; only this page's rows were read")
    elif isinstance(data, list):
        rows = data
    else:
        raise SourceError(f"{source}: JSON, but not a SAMHSA locator API response")
    if not rows:
        notes.append("the file has no facility rows")
    result = []
    for number, item in enumerate(rows, start=1):
        if not isinstance(item, dict):
            result.append(SourceRow(number, {}, problem="the row is not a JSON object"))
            continue
        if isinstance(item, _Object) and item.repeated:
            result.append(SourceRow(number, {}, problem=(
                f"the key '{item.repeated[0]}' is given twice in this row; keep one")))
            continue
        fields = {_column_name(k): v for k, v in item.items() if k != "services"}
        result.append(SourceRow(number, fields, services=item.get("services")))
    return result, notes


# --------------------------------------------------------------------------- CSV


def _csv_rows(source: Path, text: str) -> tuple[list[SourceRow], list[str]]:
    notes: list[str] = []
    if "\r" in text and "\n" not in text:
        # Old Mac line endings: Python's csv module would refuse them ("new-line
        # character seen in unquoted field").
        text = text.replace("\r", "\n")
        notes.append("the file ends its lines with CR only (old Mac style); read as lines")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise SourceError(f"{source}: the file is empty")
        columns = [_column_name(h) for h in header]
        missing = [c for c in REQUIRED_CSV_COLUMNS if c not in columns]
        if missing:
            raise SourceError(
                f"{source}: not a SAMHSA locator CSV: missing column(s) {', '.join(missing)} "
                f"(found: {', '.join(c for c in columns if c) or 'none'})"
            )
        unknown = [c for c in columns if c and c not in KNOWN_COLUMNS]
        if unknown:
            notes.append(f"ignored unknown column(s): {', '.join(unknown)}")
        repeated = sorted({c for c in columns if c and columns.count(c) > 1})
        if repeated:
            notes.append(f"column(s) given more than once: {', '.join(repeated)}; a row "
                         "whose copies differ is rejected")
        records: list[tuple[int, list[str]]] = []
        while True:
            first_line = reader.line_num + 1  # the line this record starts on
            values = next(reader, None)
            if values is None:
                break
            if any(v.strip() for v in values):  # a blank line is not a facility
                records.append((first_line, values))
    except csv.Error as exc:
        raise SourceError(f"{source}: line {reader.line_num}: {exc}") from None
    # Some exporters end every line with a comma; an extra value only in some rows
    # means a value with an unquoted comma shifted the row.
    usual = Counter(len(values) for _, values in records).most_common(1)
    usual_length = max(len(columns), usual[0][0] if usual else 0)
    rows: list[SourceRow] = []
    for number, values in records:
        swallowed = _swallowed_lines(values, len(columns))
        if swallowed:
            column, lines = swallowed
            rows.append(SourceRow(number, {}, problem=(
                f"a quote in the '{columns[column] if column < len(columns) else column}' "
                f"value is never closed, so the next {len(lines)} line(s) were read into "
                "it; close the quote (or double it: \"\") and import again")))
            rows += [SourceRow(number + offset, {}, problem=(
                f"read into the unclosed quote of row {number}; not imported"))
                for offset in range(1, len(lines) + 1)]
            continue
        rows.append(_csv_row(number, columns, values, usual_length))
    if not rows:
        notes.append("the file has no facility rows")
    return rows, notes


def _swallowed_lines(values: list[str], width: int) -> tuple[int, list[str]] | None:
    """An unclosed quote reads the following lines into one value: (column, those lines)
    when a value holds lines that look like rows of their own, else None (a quoted
    value may hold a line break, such as an address on two lines)."""
    for column, value in enumerate(values):
        if "\n" not in value:
            continue
        # splitlines: a stray carriage return is a line break too, and csv.reader refuses
        # a line that still holds one.
        lines = [line for line in value.splitlines()[1:] if line.strip()]
        looks_like_rows = [line for line in lines
                           if len(next(csv.reader([line]), [])) >= max(2, width - 1)]
        if looks_like_rows:
            return column, lines
    return None


def _csv_row(number: int, columns: list[str], values: list[str], usual: int) -> SourceRow:
    fields: dict[str, Any] = {}
    for column, value in zip(columns, values, strict=False):
        if column in fields and fields[column].strip() != value.strip() and value.strip():
            return SourceRow(number, fields, problem=(
                f"the column '{column}' is given twice, with different values "
                f"('{one_line(fields[column])}' and '{one_line(value)}'); keep one"))
        fields.setdefault(column, value)
    extra = [v for v in values[len(columns) :] if v.strip()]
    if extra or len(values) > usual:
        problem = (
            f"the row has {len(values)} values but the header has {len(columns)} columns "
            "(probably an unquoted comma)"
        )
        return SourceRow(number, fields, problem=problem)
    return SourceRow(number, fields)
