"""Import facilities from SAMHSA's treatment locator as draft program records.

Two layouts of the locator's facility data are read:

* the CSV export (``name1, name2, street1, street2, city, state, zip, zip4, county,
  latitude, longitude`` and optionally ``phone, intake1, intake2, website,
  type_facility``), which says nothing about services;
* the JSON API response (``{page, totalPages, recordCount, rows: [...]}``), whose rows
  carry ``services: [{f1, f2, f3}]`` with ``f2`` a group code and ``f3`` its values
  joined by ``"; "``.

Every facility inside the area becomes ``programs/<slug>.yaml`` with ``status: draft``.
Only what the data says is written; everything else is left for an editor, and a
comment block at the top of each file lists what to check. Decisions worth knowing:

* Row numbers: for a CSV, the spreadsheet row (the header is row 1, so the first
  facility is row 2); for JSON, the position in ``rows`` (the first is row 1).
* A JSON row whose service settings are listed but do not include intensive outpatient
  treatment is skipped and reported (this is a directory of IOPs); pass
  ``iop_only=False`` to import it anyway. Rows without service settings (every CSV row)
  are imported without ``levels_of_care``: an editor must confirm the IOP.
* ``conditions`` come from ``type_facility``/``typeFacility`` (SA, MH) and the type of
  care; ``co-occurring`` only where the data says co-occurring or dual disorders. When a
  row says neither, the ``conditions`` argument is used, else the file name ("substance"
  or "mental" as named by SAMHSA's exports); failing all of those the row is rejected.
* ``name`` comes from ``name1``. ``name2`` becomes the organization when it is a legal
  name (Inc, LLC, ...), or the name when it is a "DBA" name, or completes ``name1``
  when that ends mid-phrase ("Counseling and" + "Education Services"); otherwise it is
  noted in the description. A name already used by another record gets ``name2`` or
  the city added, because the validator rejects duplicate names.
* Websites are kept only when https; an http address is left out and noted. Phone
  extensions are moved to the description and noted.
* A facility is a possible duplicate of a record (existing or written earlier in the
  same run) with the same normalised name and address, or with coordinates within
  50 m. Coordinates that are only a ZIP centroid are not compared.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import textwrap
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit, urlunsplit

import phonenumbers
import yaml
import zipcodes
from geopy.distance import geodesic

from generator.geography import town_name
from generator.slugs import RESERVED_SLUGS
from generator.text import FORMULA_STARTS

DEFAULT_CENTER: tuple[float, float] = (30.2672, -97.7431)  # downtown Austin
DEFAULT_RADIUS_MILES = 60.0
DUPLICATE_METRES = 50.0
ZIP_NOTE_MILES = 5.0  # the validator rejects coordinates 6+ miles from their ZIP's centre
VERIFIED_BY = "SAMHSA treatment locator import"
SCHEMA_LINE = "# yaml-language-server: $schema=../generator/schema/program.schema.json"

# Strings the locator (and spreadsheets) use for "no value".
MISSING_VALUES = frozenset({"", "na", "n/a", "n.a.", "null", "none", "nan", "-", "--", "?"})
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


# --------------------------------------------------------------------------- report


class Duplicate(NamedTuple):
    row: int
    existing: Path
    name: str
    reason: str


class OutsideArea(NamedTuple):
    row: int
    name: str
    miles: float


class Rejected(NamedTuple):
    row: int
    reason: str


class NotIop(NamedTuple):
    row: int
    name: str
    settings: str


@dataclass
class ImportReport:
    """What an import did, row by row."""

    source: Path
    center: tuple[float, float] = DEFAULT_CENTER
    radius_miles: float = DEFAULT_RADIUS_MILES
    written: list[Path] = field(default_factory=list)
    written_rows: dict[Path, int] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)
    outside_area: list[OutsideArea] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    not_iop: list[NotIop] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows_read: int = 0

    def summary(self) -> str:
        dup = len(self.duplicates)
        parts = [
            f"{self.rows_read} row{'s' * (self.rows_read != 1)} read",
            f"{len(self.written)} written",
            "1 skipped as a possible duplicate"
            if dup == 1
            else f"{dup} skipped as possible duplicates",
            f"{len(self.outside_area)} outside the area",
            f"{len(self.rejected)} rejected",
        ]
        if self.not_iop:
            parts.append(f"{len(self.not_iop)} skipped as not offering intensive outpatient care")
        return ", ".join(parts)


def format_report(report: ImportReport) -> str:
    """The summary, then every written file and every skipped row with its reason."""
    lat, lon = report.center
    lines = [f"{report.source.name}: {report.summary()}"]
    lines += [f"note: {note}" for note in report.notes]
    if report.written:
        lines.append("Written (drafts):")
        lines += [f"  {path} (row {report.written_rows.get(path, '?')})" for path in report.written]
    if report.duplicates:
        lines.append("Skipped as possible duplicates:")
        lines += [f"  row {d.row}: {d.name}: {d.reason} {d.existing}" for d in report.duplicates]
    if report.not_iop:
        lines.append("Skipped, the locator lists no intensive outpatient treatment:")
        lines += [f"  row {n.row}: {n.name}: settings are {n.settings}" for n in report.not_iop]
    if report.outside_area:
        lines.append(
            f"Outside the area (more than {report.radius_miles:g} miles from {lat:g},{lon:g}):"
        )
        lines += [f"  row {o.row}: {o.name}: {o.miles:.1f} miles" for o in report.outside_area]
    if report.rejected:
        lines.append("Rejected:")
        lines += [f"  row {r.row}: {r.reason}" for r in report.rejected]
    return "\n".join(lines)


# --------------------------------------------------------------------------- area


def parse_center(text: str) -> tuple[float, float]:
    """Parse "LAT,LON" (for --center); ValueError with a readable message if invalid."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2:
        raise ValueError(f"expected LAT,LON such as 30.2672,-97.7431, got {text!r}")
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise ValueError(f"expected LAT,LON as numbers, got {text!r}") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"{text!r} is not a latitude,longitude pair")
    return lat, lon


@lru_cache(maxsize=4096)
def _zip_record(zip5: str) -> dict[str, Any] | None:
    try:
        matches = zipcodes.matching(zip5)
    except (TypeError, ValueError):
        return None
    return matches[0] if matches else None


def zip_centroid(zip_code: str) -> tuple[float, float] | None:
    """The centre of a 5-digit ZIP code from the offline `zipcodes` data, or None."""
    record = _zip_record(str(zip_code).strip()[:5])
    if record is None:
        return None
    try:
        return float(record["lat"]), float(record["long"])
    except (KeyError, TypeError, ValueError):
        return None


def _miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(geodesic(a, b).miles)


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(geodesic(a, b).meters)


# --------------------------------------------------------------------------- reading


@dataclass
class SourceRow:
    number: int
    fields: dict[str, Any]
    services: Any = None
    problem: str | None = None


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


def _column_name(name: Any) -> str:
    text = str(name).replace("\ufeff", "").strip()
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text)  # typeFacility -> type_Facility
    return re.sub(r"[\s\-]+", "_", text).lower()


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
        if item.repeated:
            result.append(SourceRow(number, {}, problem=(
                f"the key '{item.repeated[0]}' is given twice in this row; keep one")))
            continue
        fields = {_column_name(k): v for k, v in item.items() if k != "services"}
        result.append(SourceRow(number, fields, services=item.get("services")))
    return result, notes


class _Object(dict[str, Any]):
    """A JSON object that remembers keys given twice (json keeps the last silently)."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        seen: set[str] = set()
        self.repeated = [key for key, _ in pairs if key in seen or seen.add(key)]


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
        lines = [line for line in value.split("\n")[1:] if line.strip()]
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
                f"('{_one_line(fields[column])}' and '{_one_line(value)}'); keep one"))
        fields.setdefault(column, value)
    extra = [v for v in values[len(columns) :] if v.strip()]
    if extra or len(values) > usual:
        problem = (
            f"the row has {len(values)} values but the header has {len(columns)} columns "
            "(probably an unquoted comma)"
        )
        return SourceRow(number, fields, problem=problem)
    return SourceRow(number, fields)


# --------------------------------------------------------------------------- cleaning


def clean_text(value: Any) -> str | None:
    """Trimmed text with whitespace collapsed; None for empty and "NA"-like values."""
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if value.is_integer():
            value = int(value)  # 78701.0 -> 78701
    text = unicodedata.normalize("NFC", str(value))
    text = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text)
    text = " ".join(text.split())
    return None if text.lower() in MISSING_VALUES else text


def clean_zip(value: Any) -> tuple[str | None, str | None]:
    """(5-digit ZIP, problem). Accepts 78701, 78701.0, "78701-1234", "787011234"."""
    text = clean_text(value)
    if text is None:
        return None, None
    text = re.sub(r"^(\d+)\.0+$", r"\1", text)  # a spreadsheet's number: "78701.0"
    match = re.fullmatch(r"(\d{5})(?:[-\s]?\d{4})?", text)
    if match:
        return match.group(1), None
    if re.fullmatch(r"\d{3,4}", text):  # a number lost its leading zeros (New England)
        return text.zfill(5), None
    if re.fullmatch(r"\d{7,8}", text):  # ZIP+4 stored as a number
        return text.zfill(9)[:5], None
    return None, f"ZIP {text!r} is not a 5-digit ZIP code"


def _zip_state_problem(raw: Any, zip5: str, state: Any) -> str | None:
    """A ZIP padded with zeros must exist and lie in the row's state, or it was a typo."""
    digits = re.sub(r"\D", "", clean_text(raw) or "")
    if len(digits) in (5, 9):  # nothing was padded
        return None
    record = _zip_record(zip5)
    given = (clean_text(state) or "").upper()
    if record is None or (given and record.get("state") != given):
        return f"ZIP {clean_text(raw)!r} is not a 5-digit ZIP code"
    return None


def clean_coordinates(lat: Any, lon: Any) -> tuple[tuple[float, float] | None, str | None]:
    """((lat, lon), problem); None when either is missing or not a valid position."""
    lat_text, lon_text = clean_text(lat), clean_text(lon)
    if lat_text is None or lon_text is None:
        return None, None
    try:
        point = (float(lat_text), float(lon_text))
    except ValueError:
        return None, f"coordinates ({lat_text}, {lon_text}) are not numbers"
    if not all(math.isfinite(v) for v in point) or point == (0.0, 0.0):
        return None, f"coordinates ({lat_text}, {lon_text}) are not a real position"
    if not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
        return None, f"coordinates ({lat_text}, {lon_text}) are out of range"
    return (round(point[0], 6), round(point[1], 6)), None


@dataclass(frozen=True)
class Phone:
    number: str  # 512-555-0142
    extension: str | None = None

    def __str__(self) -> str:
        return f"{self.number} ext. {self.extension}" if self.extension else self.number


def clean_phone(value: Any) -> tuple[Phone | None, str | None]:
    """(phone, note). Keeps valid US numbers as 512-555-0142 and splits off extensions.

    A field with several numbers ("512-544-5253/5255", "... or 800-848-9090") keeps the
    first, with a note naming the field as written.
    """
    text = clean_text(value)
    if text is None:
        return None, None
    text = re.sub(r"^(\d{10})\.0+$", r"\1", text)  # a spreadsheet's number as text
    try:
        parsed = phonenumbers.parse(text, "US")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and parsed.country_code != 1:
        return None, f"the phone {text!r} is not a US number and was left out"
    if parsed is None or not phonenumbers.is_valid_number_for_region(parsed, "US"):
        found = [m.number for m in phonenumbers.PhoneNumberMatcher(text, "US")
                 if phonenumbers.is_valid_number_for_region(m.number, "US")]
        if not found:
            reason = "could not be read" if parsed is None else "is not a valid US number"
            return None, f"the phone {text!r} {reason} and was left out"
        phone = _phone(found[0])
        return phone, f"the phone field reads {text!r}; only the first number, {phone}, was kept"
    return _phone(parsed), None


def _phone(parsed: phonenumbers.PhoneNumber) -> Phone:
    digits = str(parsed.national_number)
    return Phone(f"{digits[:3]}-{digits[3:6]}-{digits[6:]}", parsed.extension or None)


def clean_website(value: Any) -> tuple[str | None, str | None]:
    """(https URL, problem). http and malformed addresses are left out with a note."""
    text = clean_text(value)
    if text is None:
        return None, None
    if re.match(r"(?i)^mailto:|^[^/\s]+@[^/\s]+\.[a-z]{2,}$", text):
        return None, (f"the website field holds an email address ({text}); it was left "
                      "out: add it as contact.email if the program uses it")
    candidate = text if re.match(r"(?i)^[a-z][a-z0-9+.\-]*://", text) else f"http://{text}"
    try:
        parts = urlsplit(candidate)
        host = parts.hostname
    except ValueError:
        host = None
    if " " in text or not host or "." not in host:
        return None, f"the website {text!r} is not a valid address and was left out"
    scheme = parts.scheme.lower()
    netloc = parts.netloc.lower()
    if scheme == "https" and len(candidate) <= 500:
        return urlunsplit(("https", netloc, parts.path, parts.query, parts.fragment)), None
    if scheme == "http":
        https = urlunsplit(("https", netloc, parts.path, parts.query, ""))
        return None, (
            f"the locator lists the website {text}, which is not https: check that {https} "
            "works and add it as contact.website"
        )
    return None, f"the website {text!r} is not an https address and was left out"


# Words kept in capitals when a name arrives in all capitals or all lower case.
ACRONYMS = frozenset({
    "LLC", "LLP", "PLLC", "PC", "LP", "USA", "US", "TX", "VA", "MH", "MR", "MHMR", "IDD",
    "IOP", "PHP", "OP", "CARF", "ATCIC", "DBA", "II", "III", "IV", "ADHD", "PTSD", "HIV",
    "AIDS", "LGBT", "LGBTQ", "YMCA", "YWCA", "UT", "UTHSC", "HHSC", "SE", "NE", "NW", "SW",
    "IH", "FM", "CR", "RR", "PO", "ACT", "CMS", "NA", "AA", "BH", "DSHS", "ABC", "ISD",
})  # fmt: skip
ABBREVIATIONS = frozenset({
    "ctr", "st", "dr", "rd", "blvd", "hwy", "pkwy", "ln", "ste", "bldg", "mr", "mrs", "ms",
    "jr", "sr", "servs", "svcs", "mgmt", "assn", "inc", "co", "corp", "ltd", "mt", "ft",
    "ct", "pl", "cir", "drs",
})  # fmt: skip
SMALL_WORDS = frozenset({
    "a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with",
})  # fmt: skip


def tidy_case(text: str | None) -> str | None:
    """Title-case text whose words are all in capitals or lower case; keep the rest."""
    if not text:
        return text
    words = re.findall(r"[^\W\d_]+", text)
    if any(not (w.isupper() or w.islower()) for w in words):
        return text  # a word in mixed case (Austin, bbTrails) was typed with care: trust it
    if re.fullmatch(r"[A-Z]{2,5}", text):
        return text  # a lone short word in capitals is an acronym (PACT)
    tokens = re.split(r"([A-Za-z0-9]+(?:'[A-Za-z]+)?)", text)
    out: list[str] = []
    first = True
    for token in tokens:
        if token and (token[0].isalnum()):
            out.append(_tidy_word(token, first))
            first = False
        else:
            out.append(token)
    return "".join(out)


def _tidy_word(word: str, first: bool) -> str:
    upper, lower = word.upper(), word.lower()
    if upper in ACRONYMS:
        return upper
    if len(lower) > 3 and lower.startswith("mc"):
        return "Mc" + lower[2:].capitalize()  # MCDADE: McDade
    if re.fullmatch(r"o'[a-z]{2,}", lower):
        return "O'" + lower[2:].capitalize()  # O'CONNOR: O'Connor
    if any(c.isdigit() for c in word):
        return lower if re.fullmatch(r"\d+(st|nd|rd|th)", lower) else upper
    if len(word) == 1:
        return upper
    if lower in SMALL_WORDS and not first:
        return lower
    if lower in ABBREVIATIONS:
        return lower.capitalize()
    if not re.search(r"[aeiouy]", lower):
        return upper  # MHMR, TRS: no vowels, so an abbreviation
    return lower.capitalize()


def _ascii_words(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.lower().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def normal_name(text: str) -> str:
    return _ascii_words(text)


STREET_WORDS = {
    "street": "st", "avenue": "ave", "av": "ave", "boulevard": "blvd", "drive": "dr",
    "road": "rd", "lane": "ln", "highway": "hwy", "parkway": "pkwy", "suite": "ste",
    "building": "bldg", "north": "n", "south": "s", "east": "e", "west": "w",
    "court": "ct", "place": "pl", "circle": "cir", "expressway": "expy",
    "freeway": "fwy", "trail": "trl", "loop": "lp", "floor": "fl", "number": "no",
}  # fmt: skip


def normal_address(address: str, zip5: str) -> str:
    words = [STREET_WORDS.get(w, w) for w in _ascii_words(address).split()]
    return " ".join(words) + f" {zip5}"


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", _ascii_words(text)).strip("-")
    if len(slug) > 80:
        slug = slug[:80].rsplit("-", 1)[0]
    return slug or "program"


# --------------------------------------------------------------------------- services

# Each rule is (regular expression, value), matched case-insensitively against one
# value of a service group; the first matching rule wins.
Rule = tuple[str, str]

LEVEL_RULES: dict[str, list[Rule]] = {
    "SET": [
        (r"intensive outpatient", "iop"),
        (r"partial hospitali[sz]ation|day treatment", "php"),
        (r"detox", "detox"),
        (r"residential", "residential"),
        (r"regular outpatient", "op"),
    ],
    "TRSRV": [(r"aftercare|continuing care", "aftercare")],
}
ACCREDITATION_RULES: list[Rule] = [
    (r"joint commission|jcaho", "joint-commission"),
    (r"commission on accreditation of rehabilitation facilities|\bcarf\b", "carf"),
    (r"national committee for quality assurance|\bncqa\b", "ncqa"),
    (r"council on accreditation|\bcoa\b", "coa"),
    (r"healthcare facilities accreditation program|\bhfap\b", "hfap"),
    (r"accreditation commission for health ?care|\bachc\b", "achc"),
    (r"national association of addiction treatment providers|\bnaatp\b", "naatp"),
]
PAYMENT_RULES: list[Rule] = [
    (r"^medicaid$", "medicaid"),
    (r"^medicare$", "medicare"),
    (r"^private (health )?insurance$", "private_insurance"),
    (r"cash or self-?payment|^self-?pay", "self_pay"),
    (r"military insurance|tricare", "tricare"),
    (r"sliding fee", "sliding_scale"),
]
POPULATION_RULES: dict[str, list[Rule]] = {
    "SG": [
        (r"\bveterans?\b", "veterans"),
        (r"adolescent", "adolescents"),
        (r"^(adult )?women$", "women"),
        (r"^(adult )?men$", "men"),
        (r"seniors|older adults", "older-adults"),
        (r"young adults", "young-adults"),
        (r"pregnant|postpartum", "pregnant-postpartum"),
        (r"lesbian|gay|bisexual|transgender|lgbt", "lgbtq"),
        (r"military families", "families"),
    ],
    "AGE": [
        (r"^adults$", "adults"),
        (r"young adults", "young-adults"),
        (r"adolescent", "adolescents"),
        (r"seniors|older adults", "older-adults"),
    ],
}
# Values saying a facility does not use medication are checked before the MAT rules.
_NOT_MAT = r"^(do not|does not|accepts clients)|pain management"
_MAT = r"buprenorphine|methadone|naltrexone|acamprosate|disulfiram|opioid treatment program"
THERAPY_RULES: dict[str, list[Rule]] = {
    "TAP": [
        (r"cognitive behavioral", "cbt"),
        (r"dialectical behavior", "dbt"),
        (r"contingency management", "contingency-management"),
        (r"motivational interviewing", "motivational-interviewing"),
        (r"relapse prevention", "relapse-prevention"),
        (r"eye movement desensiti[sz]ation|\bemdr\b", "emdr"),
        (r"trauma", "trauma-informed"),
        (r"12-step|twelve-step", "twelve-step-facilitation"),
        (r"^group therapy", "group"),
        (r"^individual (psycho)?therapy", "individual"),
        (r"family therapy", "family"),
        (r"activity therapy", "experiential"),
        (r"psychotropic medication", "medication-management"),
    ],
    "EDU": [
        (r"^individual counseling", "individual"),
        (r"^group counseling", "group"),
        (r"^family counseling", "family"),
    ],
    "PHR": [(r"psychiatric", "medication-management"), (_MAT + r"|suboxone|vivitrol", "mat")],
    "OT": [(_NOT_MAT, ""), (_MAT, "mat")],
    "OM": [(_MAT, "mat")],
    "SET": [(_MAT, "mat")],
    "AS": [(r"peer[- ]support", "peer-support")],
}
CONDITION_RULES: dict[str, list[Rule]] = {
    "TC": [
        (r"co-?occurring|dual", "co-occurring"),
        (r"substance", "substance-use"),
        (r"mental health", "mental-health"),
    ],
    "SG": [(r"co-?occurring|dual diagnosis", "co-occurring")],
    "TAP": [(r"dual disorders|co-?occurring", "co-occurring")],
}
FACILITY_TYPES = {
    "sa": "substance-use", "su": "substance-use", "sud": "substance-use",
    "bupren": "substance-use", "otp": "substance-use", "mh": "mental-health",
    "substance abuse": "substance-use", "substance use": "substance-use",
    "mental health": "mental-health",
}  # fmt: skip

# ISO 639-1 codes of the languages the locator names (SL/OL groups).
LANGUAGES: dict[str, str] = {
    "am": "Amharic", "ar": "Arabic", "bn": "Bengali", "bs": "Bosnian", "de": "German",
    "el": "Greek", "en": "English", "es": "Spanish", "fa": "Persian", "fr": "French",
    "gu": "Gujarati", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "ht": "Haitian Creole",
    "hy": "Armenian", "it": "Italian", "ja": "Japanese", "km": "Khmer", "ko": "Korean",
    "lo": "Lao", "my": "Burmese", "ne": "Nepali", "nl": "Dutch", "nv": "Navajo",
    "pa": "Punjabi", "pl": "Polish", "ps": "Pashto", "pt": "Portuguese", "ro": "Romanian",
    "ru": "Russian", "sm": "Samoan", "so": "Somali", "sq": "Albanian", "sr": "Serbian",
    "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "th": "Thai", "ti": "Tigrinya",
    "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese",
    "yi": "Yiddish", "zh": "Chinese",
}  # fmt: skip
# "" marks a language without an ISO 639-1 code: it is noted, not coded.
LANGUAGE_CODES: dict[str, str] = {name.lower(): code for code, name in LANGUAGES.items()} | {
    "farsi": "fa",
    "mandarin": "zh",
    "cantonese": "zh",
    "filipino": "tl",
    "hmong": "",
    "creole": "",
    "american sign language": "",
    "asl": "",
}

OTHER_LABELS = {
    "SET": "Other service settings",
    "LCA": "Licensed, certified or accredited by",
    "TAP": "Other treatment approaches",
    "SG": "Other special programs or groups",
    "SL": "Language services",
    "OL": "Other languages",
}


@dataclass
class Facts:
    """What a JSON row's services say, mapped to the record's vocabularies."""

    levels: set[str] = field(default_factory=set)
    conditions: set[str] = field(default_factory=set)
    populations: set[str] = field(default_factory=set)
    therapies: set[str] = field(default_factory=set)
    accreditations: list[str] = field(default_factory=list)
    payment: dict[str, bool] = field(default_factory=dict)
    payment_other: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    settings: list[str] = field(default_factory=list)
    other: dict[str, list[str]] = field(default_factory=dict)


def service_groups(services: Any) -> dict[str, list[str]]:
    """{group code: [values]} from the API's services list, ignoring malformed items."""
    groups: dict[str, list[str]] = {}
    if not isinstance(services, list):
        return groups
    for item in services:
        if not isinstance(item, dict):
            continue
        code = clean_text(item.get("f2"))
        values = clean_text(item.get("f3"))
        if not code or not values:
            continue
        bucket = groups.setdefault(code.upper(), [])
        for value in (clean_text(v) for v in values.split(";")):
            if value and value not in bucket:
                bucket.append(value)
    return groups


def _first_match(value: str, rules: Iterable[Rule]) -> str | None:
    for pattern, target in rules:
        if re.search(pattern, value, re.IGNORECASE):
            return target
    return None


def map_services(groups: dict[str, list[str]]) -> Facts:
    facts = Facts(settings=list(groups.get("SET", [])))
    _map_levels(groups, facts)
    for code, rules in POPULATION_RULES.items():
        _apply(groups.get(code, []), rules, facts.populations, facts, code, other=code == "SG")
    genders = {v.lower() for v in groups.get("GN", [])}
    if genders in ({"male"}, {"female"}):  # a single gender accepted
        facts.populations.add("men" if genders == {"male"} else "women")
    for code, rules in THERAPY_RULES.items():
        _apply(groups.get(code, []), rules, facts.therapies, facts, code, other=code == "TAP")
    for code, rules in CONDITION_RULES.items():
        for value in groups.get(code, []):
            target = _first_match(value, rules)
            if target:
                facts.conditions.add(target)
                if code == "TC" and target == "co-occurring" and "substance" in value.lower():
                    facts.conditions.update({"substance-use", "mental-health"})
    _map_accreditations(groups.get("LCA", []), facts)
    _map_payment(groups.get("PAY", []) + groups.get("PYAS", []), facts)
    _map_languages(groups.get("SL", []) + groups.get("OL", []), facts, groups)
    return facts


def _map_levels(groups: dict[str, list[str]], facts: Facts) -> None:
    for code, rules in LEVEL_RULES.items():
        for value in groups.get(code, []):
            target = _first_match(value, rules)
            if target:
                facts.levels.add(target)
            elif code == "SET" and value.lower() != "outpatient" and not re.search(_MAT, value):
                facts.other.setdefault("SET", []).append(value)
    # "Outpatient" is the umbrella of every outpatient setting: it means regular
    # outpatient care only when no more specific outpatient setting is listed.
    settings = [v.lower() for v in groups.get("SET", [])]
    specific = [v for v in settings if "outpatient" in v and v != "outpatient"]
    if "outpatient" in settings and not specific and not facts.levels & {"iop", "php"}:
        facts.levels.add("op")


def _apply(
    values: list[str], rules: list[Rule], into: set[str], facts: Facts, code: str, other: bool
) -> None:
    """Map values by rules; with other=True keep unmapped ones for the description."""
    for value in values:
        target = _first_match(value, rules)
        if target:
            into.add(target)
        elif target is None and other and not _is_condition(code, value):
            facts.other.setdefault(code, []).append(value)


def _is_condition(code: str, value: str) -> bool:
    return _first_match(value, CONDITION_RULES.get(code, [])) is not None


def _map_accreditations(values: list[str], facts: Facts) -> None:
    for value in values:
        body = _first_match(value, ACCREDITATION_RULES)
        if body and body not in facts.accreditations:
            facts.accreditations.append(body)
        elif not body:
            facts.other.setdefault("LCA", []).append(value)


def _map_payment(values: list[str], facts: Facts) -> None:
    for value in values:
        key = _first_match(value, PAYMENT_RULES)
        if key:
            facts.payment[key] = True  # the data only ever says yes; never write False
        else:
            facts.payment_other.append(value)


def _map_languages(values: list[str], facts: Facts, groups: dict[str, list[str]]) -> None:
    for value in values:
        code = LANGUAGE_CODES.get(value.lower().strip(" ."))
        if code:
            if code not in facts.languages:
                facts.languages.append(code)
        else:
            group = "OL" if value in groups.get("OL", []) else "SL"
            facts.other.setdefault(group, []).append(value)
    if facts.languages and "en" not in facts.languages:
        facts.languages.insert(0, "en")  # "other languages" are offered besides English


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Place:
    address: str  # normalised, with the ZIP
    coordinates: tuple[float, float] | None
    approximate: bool  # only a ZIP centroid: useless for the 50 m test
    building: str = ""  # the street address without suite or unit, normalised, with the ZIP


@dataclass
class KnownRecord:
    path: Path
    names: list[str]
    places: list[Place]


def _place(address: str, zip5: str, coordinates: tuple[float, float] | None) -> Place:
    centroid = zip_centroid(zip5)
    approximate = bool(coordinates and centroid and _metres(coordinates, centroid) < 30)
    building = UNIT.split(address, maxsplit=1)[0].strip()
    return Place(normal_address(address, zip5), coordinates, approximate,
                 normal_address(building, zip5) if building else "")


# Where a street address turns to the suite or unit: "1310 Lohmans Crossing, Suite 240".
# Not "RM" or "FL": in Texas those start road names (RM 620, FM 1431).
UNIT = re.compile(r"(?i)\s*(?:[,#]|\b(?:suites?|ste|units?|bldg|building|floor|room|apt)\b)")


def _known_record(path: Path, data: dict[str, Any]) -> KnownRecord:
    names = [normal_name(str(data[k])) for k in ("name",) if data.get(k)]
    places = []
    locations = data.get("locations")
    for loc in locations if isinstance(locations, list) else []:
        if not isinstance(loc, dict):
            continue
        zip5, _ = clean_zip(loc.get("zip"))
        coords = loc.get("coordinates")
        point = None
        if isinstance(coords, dict):
            point, _ = clean_coordinates(coords.get("lat"), coords.get("lon"))
        places.append(_place(str(loc.get("address") or ""), zip5 or "", point))
    return KnownRecord(path, names, places)


def scan_programs(programs_dir: Path) -> tuple[list[KnownRecord], set[str], list[str]]:
    """Existing records (for duplicates), their slugs and problems reading them."""
    known, slugs, notes = [], set(), []
    for path in sorted(programs_dir.glob("*.y*ml")):
        slugs.add(path.stem)
        try:
            if path.stat().st_size > 256 * 1024:
                raise ValueError("larger than 256 KB")
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError, yaml.YAMLError) as exc:
            notes.append(f"could not read {path} to check for duplicates ({_one_line(exc)})")
            continue
        if isinstance(data, dict):
            known.append(_known_record(path, data))
    return known, slugs, notes


def _one_line(value: Any) -> str:
    return " ".join(str(value).split())[:200]


LEGAL_SUFFIX = re.compile(
    r"\b(inc|incorporated|llc|l\.l\.c|llp|ltd|corp|corporation|company|pllc|pc|p\.c|lp|"
    r"foundation|association)\.?$",
    re.IGNORECASE,
)
UNFINISHED = re.compile(r"\b(and|&|of|for|the|in|at|to|with)$|[-,/]$", re.IGNORECASE)


@dataclass
class Names:
    name: str
    organization: str | None = None
    listed_as: str | None = None  # name2 when it is neither: told in the description


def resolve_names(name1: str, name2: str | None) -> Names:
    """Split the locator's two name fields into name, organization and a leftover."""
    if not name2 or normal_name(name2) == normal_name(name1):
        return Names(name1)
    if UNFINISHED.search(name1) or name2[:1].islower():
        return Names(f"{name1} {name2}")  # one name split over both fields
    dba = re.match(r"(?i)^(dba|d/b/a|d\.b\.a\.?)\s+(.+)$", name2)
    if dba:
        name = dba.group(2)
        return Names(name[:1].upper() + name[1:], organization=name1)  # "the Right Step"
    if LEGAL_SUFFIX.search(name2) and normal_name(name2) != normal_name(name1):
        return Names(name1, organization=name2)
    return Names(name1, listed_as=name2)


def _name_candidates(names: Names, city: str, address: str) -> list[str]:
    base = names.name
    extra = [f"{base} – {names.listed_as}"] if names.listed_as else []
    return [
        base,
        *extra,
        f"{base} ({city})",
        *[f"{e} ({city})" for e in extra],
        f"{base} ({address}, {city})",
    ]


def _names_match(a: str, b: str) -> bool:
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")


@dataclass
class Facility:
    """One row, cleaned."""

    row: int
    names: Names
    address: str
    city: str
    state: str | None
    zip5: str
    coordinates: tuple[float, float]
    approximate: bool
    conditions: list[str]
    facts: Facts
    settings_known: bool
    phone: Phone | None
    other_phones: list[tuple[str, Phone]]
    website: str | None
    notes: list[str]


def conditions_from_file_name(name: str) -> list[str]:
    """SAMHSA names its exports by facility type; used only when a row does not say."""
    words = set(re.split(r"[^a-z]+", name.lower()))
    found = []
    if words & {"substance", "sa", "sud", "su"}:
        found.append("substance-use")
    if words & {"mental", "mh"}:
        found.append("mental-health")
    return found


def _ordered(values: Iterable[str], order: Sequence[str]) -> list[str]:
    present = set(values)
    return [v for v in order if v in present]


# --------------------------------------------------------------------------- writing


class _Dumper(yaml.SafeDumper):
    """Safe YAML with literal blocks for multi-line text and no anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_record(record: dict[str, Any], comments: list[str]) -> str:
    """The file text: schema line, comment block, then YAML that loads back equal."""
    body = yaml.dump(
        record,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=4096,
        default_flow_style=False,
    )
    lines = [SCHEMA_LINE, "#"]
    for comment in comments:
        lines += textwrap.wrap(
            _comment_safe(comment),
            width=96,
            initial_indent="# ",
            subsequent_indent="#     ",
            break_long_words=False,
            break_on_hyphens=False,
        ) or ["#"]
    text = "\n".join(lines) + "\n\n" + body
    if yaml.safe_load(text) != record:  # never write something that reads back differently
        raise ValueError("the record does not read back unchanged from YAML")
    return text


def _comment_safe(text: str) -> str:
    return "".join(c if c.isprintable() else " " for c in text)


def _md(text: str) -> str:
    """Escape Markdown in a value taken from the data."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


CONDITION_WORDS = {
    "substance-use": "substance use",
    "mental-health": "mental health",
    "co-occurring": "co-occurring (dual diagnosis)",
}
LEVEL_WORDS = {
    "iop": "intensive outpatient",
    "php": "partial hospitalization",
    "op": "outpatient",
    "residential": "residential",
    "detox": "detox",
    "aftercare": "aftercare",
}


def _join_words(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def make_summary(fac: Facility, levels: list[str]) -> str:
    kinds = _join_words(
        [CONDITION_WORDS[c] for c in fac.conditions if c != "co-occurring"]
        or [CONDITION_WORDS["co-occurring"]]
    )
    setting = f"{_join_words([LEVEL_WORDS[lv] for lv in levels])} " if levels else ""
    also = ", including co-occurring disorders" if "co-occurring" in fac.conditions else ""
    place = f"{fac.city}, {fac.state}" if fac.state else fac.city
    text = (
        f"{setting}{kinds} treatment facility in {place}{also}, imported from the SAMHSA "
        "treatment locator and not yet verified."
    )
    if len(text) > 300:
        text = f"Facility in {place}, imported from the SAMHSA treatment locator; not yet verified."
    return _clip(text[:1].upper() + text[1:], 300)


def make_description(fac: Facility) -> str | None:
    items = []
    if fac.names.listed_as:
        items.append(
            f"Listed in the locator as: {_md(fac.names.name)} – {_md(fac.names.listed_as)}"
        )
    for code, label in OTHER_LABELS.items():
        values = fac.facts.other.get(code)
        if code == "SET" and fac.facts.settings and "iop" not in fac.facts.levels:
            # levels_of_care cannot be written without iop: keep every setting in view
            label, values = "Service settings", fac.facts.settings
        if values:
            items.append(f"{label}: {_md('; '.join(values))}")
    if fac.phone and fac.phone.extension:
        items.append(f"Phone: {fac.phone}")
    items += [f"{label}: {phone}" for label, phone in fac.other_phones]
    if not items:
        return None
    lines = ["Details from the SAMHSA treatment locator, not yet checked with the program:", ""]
    return "\n".join(lines + [f"- {item}" for item in items])


def build_record(
    fac: Facility, name: str, source_label: str, today: date, vocab: dict[str, list[str]]
) -> dict[str, Any]:
    facts = fac.facts
    known_levels = _ordered(facts.levels, vocab["level_of_care"])
    levels = known_levels if "iop" in known_levels else []  # the schema requires iop
    record: dict[str, Any] = {"name": name}
    if fac.names.organization:
        record["organization"] = fac.names.organization
    record["status"] = "draft"
    record["summary"] = make_summary(fac, known_levels)
    description = make_description(fac)
    if description:
        record["description"] = description
    if levels:
        record["levels_of_care"] = levels
    record["conditions"] = fac.conditions
    _put_list(record, "populations", _ordered(facts.populations, vocab["population"]))
    _put_list(record, "therapies", _ordered(facts.therapies, vocab["therapy"]))
    if facts.accreditations:
        record["accreditations"] = [{"body": body} for body in facts.accreditations]
    location: dict[str, Any] = {"address": fac.address, "city": fac.city}
    if fac.state:
        location["state"] = fac.state
    location["zip"] = fac.zip5
    location["coordinates"] = {"lat": fac.coordinates[0], "lon": fac.coordinates[1]}
    record["locations"] = [location]
    payment: dict[str, Any] = {key: True for key in vocab["payment"] if facts.payment.get(key)}
    if facts.payment_other:
        payment["cost_notes"] = _clip(
            "Also listed in the locator: " + "; ".join(facts.payment_other), 1000
        )
    if payment:
        record["payment"] = payment
    _put_list(record, "languages", facts.languages)
    contact = {}
    if fac.phone:
        contact["phone"] = fac.phone.number
    if fac.website:
        contact["website"] = fac.website
    if contact:
        record["contact"] = contact
    record["verification"] = {
        "last_verified": today,
        "verified_by": VERIFIED_BY,
        "method": "import",
        "source": _clip(source_label, 500),
        "notes": _clip(
            " ".join(
                [
                    "Imported draft; not yet checked with the program.",
                    *(_sentence(n) for n in fac.notes),
                ]
            ),
            1000,
        ),
    }
    return record


def _put_list(record: dict[str, Any], key: str, values: list[str]) -> None:
    if values:
        record[key] = values


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _sentence(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def editor_checklist(
    fac: Facility, record: dict[str, Any], source_label: str, today: date
) -> list[str]:
    items = [
        f"DRAFT imported on {today.isoformat()} from the SAMHSA treatment locator "
        f"({source_label}). Nothing here has been checked with the program yet.",
        "Before publishing, an editor must:",
    ]
    todo = []
    if "levels_of_care" not in record:
        todo.append(
            "Confirm that the program offers intensive outpatient care (IOP). The data does "
            "not say so, so levels_of_care is left out: add it with iop (levels_of_care: "
            "[iop]) if it does, or delete this file if it does not."
        )
    else:
        todo.append("Confirm the levels of care with the program (the locator lists IOP).")
    todo.append(
        "Check the name, organization, address, coordinates, phone and conditions "
        "against the program's own information."
    )
    todo += [_sentence(note) for note in fac.notes]
    missing = ["schedule", "customization", "accepting_new_clients", "licenses (with numbers)"]
    missing += [k for k in ("populations", "therapies", "payment", "languages") if k not in record]
    if "website" not in record.get("contact", {}):
        missing.append("contact.website (https)")
    if record.get("accreditations"):
        missing.append("accreditation ids and expiry dates")
    todo.append(f"Fill in what the locator does not say: {', '.join(missing)}.")
    todo.append("Rewrite the summary and description in plain language for families.")
    todo.append(
        "When everything is checked, update verification (last_verified, verified_by, "
        "method, source), remove 'status: draft', and delete this comment block."
    )
    return items + [f"  - {item}" for item in todo]


def load_vocabularies() -> dict[str, list[str]]:
    """The closed lists of the record schema, so output always uses its spelling."""
    schema_path = Path(__file__).resolve().parents[1] / "schema" / "program.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    defs = schema["$defs"]
    vocab = {
        name: list(defs[name]["enum"])
        for name in ("level_of_care", "condition", "population", "therapy", "accreditation_body")
    }
    vocab["payment"] = [
        k for k, v in defs["payment"]["properties"].items() if v.get("type") == "boolean"
    ]
    return vocab


# --------------------------------------------------------------------------- importing


class _Importer:
    def __init__(
        self,
        source: Path,
        programs_dir: Path,
        center: tuple[float, float],
        radius_miles: float,
        today: date,
        conditions: Sequence[str] | None,
        iop_only: bool,
    ) -> None:
        self.source = source
        self.programs_dir = programs_dir
        self.center = center
        self.radius = radius_miles
        self.today = today
        self.fallback_conditions = list(conditions or conditions_from_file_name(source.name))
        self.conditions_from_name = not conditions and bool(self.fallback_conditions)
        self.iop_only = iop_only
        self.vocab = load_vocabularies()
        self.report = ImportReport(source, center, radius_miles)
        self.known: list[KnownRecord] = []
        self.slugs: set[str] = set()
        self.names: set[str] = set()

    def run(self) -> ImportReport:
        rows, notes = read_source(self.source)
        self.report.notes += notes
        if not self.programs_dir.is_dir():
            try:
                self.programs_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise SourceError(
                    f"{self.programs_dir}: cannot create the folder ({exc})"
                ) from None
        self.known, self.slugs, more = scan_programs(self.programs_dir)
        self.report.notes += more
        self.names = {n for record in self.known for n in record.names}
        for row in rows:
            self.report.rows_read += 1
            try:
                self.import_row(row)
            except (ValueError, TypeError, AttributeError, KeyError) as exc:
                # Defensive: a strange value must cost one row, not the whole import.
                self.reject(row.number, f"could not read this row ({_one_line(exc)})")
        return self.report

    def reject(self, row: int, reason: str) -> None:
        self.report.rejected.append(Rejected(row, reason))

    def import_row(self, row: SourceRow) -> None:
        if row.problem:
            self.reject(row.number, row.problem)
            return
        formula = next((f"{column} starts with {value.strip()[0]!r}, as a spreadsheet "
                        "formula does; check the row in the source" for column in
                        ("name1", "name2", "street1", "street2", "city")
                        if isinstance(value := row.fields.get(column), str)
                        and len(value.strip()) > 1  # a lone "-" means "none"
                        and value.strip().startswith(FORMULA_STARTS)), None)
        if formula:
            self.reject(row.number, formula)
            return
        fac = self.parse(row)
        if fac is None:
            return  # outside the area, already reported
        if isinstance(fac, str):
            self.reject(row.number, fac)
            return
        if self.iop_only and fac.settings_known and "iop" not in fac.facts.levels:
            settings = "; ".join(fac.facts.settings)
            self.report.not_iop.append(NotIop(row.number, fac.names.name, settings))
            return
        duplicate = self.find_duplicate(fac)
        if duplicate:
            path, reason = duplicate
            self.report.duplicates.append(Duplicate(row.number, path, fac.names.name, reason))
            return
        self.write(fac)

    def parse(self, row: SourceRow) -> Facility | str | None:
        """A Facility, or the reason the row cannot be imported; None when outside."""
        get = row.fields.get
        name1 = tidy_case(clean_text(get("name1")))
        notes: list[str] = []
        zip5, zip_problem = clean_zip(get("zip"))
        if zip5 and not zip_problem:
            zip_problem = _zip_state_problem(get("zip"), zip5, get("state"))
            zip5 = None if zip_problem else zip5
        coordinates, coord_problem = clean_coordinates(get("latitude"), get("longitude"))
        approximate = False
        if coordinates is None and zip5:
            coordinates = zip_centroid(zip5)
            approximate = coordinates is not None
            if approximate:
                why = coord_problem or "the locator gives no coordinates"
                notes.append(
                    f"{why}; they are the centre of ZIP {zip5}: correct them from the address"
                )
        if coordinates is not None:
            miles = _miles(self.center, coordinates)
            if miles > self.radius:
                self.report.outside_area.append(
                    OutsideArea(row.number, name1 or "(no name)", round(miles, 1))
                )
                return None
        reasons = self.missing_reasons(row, name1, zip5, zip_problem, coordinates, coord_problem)
        if reasons:
            return "; ".join(reasons)
        assert coordinates is not None and zip5 is not None and name1 is not None
        return self.facility(row, name1, zip5, coordinates, approximate, notes)

    def missing_reasons(
        self,
        row: SourceRow,
        name1: str | None,
        zip5: str | None,
        zip_problem: str | None,
        coordinates: tuple[float, float] | None,
        coord_problem: str | None,
    ) -> list[str]:
        get = row.fields.get
        reasons = []
        if not name1:
            reasons.append("no facility name (name1 is empty)")
        elif len(name1) < 2:
            reasons.append(f"the facility name {name1!r} is too short")
        if not clean_text(get("street1")):
            reasons.append("no street address (street1 is empty)")
        if zip_problem:
            reasons.append(zip_problem)
        elif not zip5:
            reasons.append("no ZIP code")
        if coordinates is None and not zip_problem:
            where = f"ZIP {zip5} has no known centre" if zip5 else "no ZIP to place it by"
            reasons.append(f"{coord_problem or 'no coordinates'}, and {where}")
        return reasons

    def facility(
        self,
        row: SourceRow,
        name1: str,
        zip5: str,
        coordinates: tuple[float, float],
        approximate: bool,
        notes: list[str],
    ) -> Facility | str:
        get = row.fields.get
        zip_info = _zip_record(zip5) or {}
        city = tidy_case(clean_text(get("city")))
        if not city or len(city) < 2:
            city = zip_info.get("city")
            if not city:
                return "no city, and the ZIP does not name one"
            notes.append(f"the city is missing in the locator; {city} comes from ZIP {zip5}")
        city = town_name(city)  # "Mc Dade" as USPS writes it: McDade
        state = (clean_text(get("state")) or "").upper()
        if not re.fullmatch(r"[A-Z]{2}", state):
            state = zip_info.get("state") or ""
        elif zip_info.get("state") and zip_info["state"] != state:
            notes.append(f"the state is {state} but ZIP {zip5} is in {zip_info['state']}")
        street = ", ".join(
            filter(None, (tidy_case(clean_text(get(k))) for k in ("street1", "street2")))
        )
        if not approximate:
            centroid = zip_centroid(zip5)
            if centroid and _miles(centroid, coordinates) > ZIP_NOTE_MILES:
                notes.append(
                    f"the coordinates are {_miles(centroid, coordinates):.1f} miles from "
                    f"ZIP {zip5}: check them"
                )
        groups = service_groups(row.services)
        facts = map_services(groups)
        conditions = self.conditions(get("type_facility"), facts, notes)
        if not conditions:
            given = clean_text(get("type_facility"))
            why = f"type_facility {given!r} is not a type it knows" if given else \
                "no type_facility value"
            return (
                "the data does not say whether it treats substance use or mental health "
                f"({why}); import the file again with --conditions, e.g. "
                "--conditions substance-use"
            )
        phone, other_phones = self.phones(row, notes)
        website, problem = clean_website(get("website"))
        if problem:
            notes.append(problem)
        name2 = tidy_case(clean_text(get("name2")))
        names = resolve_names(name1, name2)
        for label, value in (("name", names.name), ("organization", names.organization)):
            if value and len(value) > 120:
                notes.append(f"the {label} was shortened to 120 characters")
        names.name = _clip(names.name, 120)
        if names.organization:
            names.organization = _clip(names.organization, 120)
        return Facility(
            row=row.number,
            names=names,
            address=_clip(street, 200),
            city=_clip(city, 80),
            state=state or None,
            zip5=zip5,
            coordinates=coordinates,
            approximate=approximate,
            conditions=_ordered(conditions, self.vocab["condition"]),
            facts=facts,
            settings_known=bool(facts.settings),
            phone=phone,
            other_phones=other_phones,
            website=website,
            notes=notes,
        )

    def conditions(self, type_facility: Any, facts: Facts, notes: list[str]) -> set[str]:
        found = set(facts.conditions)
        code = (clean_text(type_facility) or "").lower()
        if code in FACILITY_TYPES:
            found.add(FACILITY_TYPES[code])
        if not found and self.fallback_conditions:
            found.update(self.fallback_conditions)
            if self.conditions_from_name:
                words = " and ".join(CONDITION_WORDS[c] for c in self.fallback_conditions)
                notes.append(
                    f"the row does not say what it treats; '{words}' comes from the file "
                    f"name {self.source.name}"
                )
        return found

    def phones(
        self, row: SourceRow, notes: list[str]
    ) -> tuple[Phone | None, list[tuple[str, Phone]]]:
        get = row.fields.get
        labels = {
            "phone": "Phone",
            "intake1": "Intake phone",
            "intake2": "Second intake phone",
            "hotline1": "Hotline",
        }
        found: list[tuple[str, Phone]] = []
        for key, label in labels.items():
            phone, problem = clean_phone(get(key))
            if problem:
                notes.append(problem.replace("the phone", f"the {label.lower()}"))
            if phone and all(phone != p for _, p in found):
                found.append((label, phone))
        if not found:
            return None, []
        main_label, main = found[0]
        if main_label != "Phone":
            notes.append(f"the main phone is the {main_label.lower()} from the locator")
        if main.extension:
            notes.append(
                f"the phone has extension {main.extension}, which is in the description; "
                "check which number families should call"
            )
        return main, found[1:]

    def find_duplicate(self, fac: Facility) -> tuple[Path, str] | None:
        place = _place(fac.address, fac.zip5, None if fac.approximate else fac.coordinates)
        mine = {normal_name(fac.names.name)}
        if fac.names.organization:
            mine.add(normal_name(fac.names.organization))
        for record in self.known:
            same_name = any(_names_match(a, b) for a in mine for b in record.names)
            # The same program with or without its suite number is still the same program.
            if same_name and any(
                p.address == place.address or (place.building and p.building == place.building)
                for p in record.places
            ):
                return record.path, "same name and address as"
        if place.coordinates is None:
            return None
        for record in self.known:
            for other in record.places:
                if other.coordinates is None or other.approximate:
                    continue
                metres = _metres(place.coordinates, other.coordinates)
                if metres <= DUPLICATE_METRES:
                    return record.path, f"{metres:.0f} m from"
        return None

    def unique_name(self, fac: Facility) -> str:
        for candidate in _name_candidates(fac.names, fac.city, fac.address):
            candidate = _clip(candidate, 120)
            if normal_name(candidate) not in self.names:
                return candidate
        number = 2
        while normal_name(f"{fac.names.name} ({number})") in self.names:
            number += 1
        return f"{fac.names.name} ({number})"

    def unique_slug(self, name: str, city: str) -> str:
        base = slugify(name)
        if base in RESERVED_SLUGS:  # programs/index/ is the directory's own page
            base = f"{base}-program"
        for candidate in (base, f"{base}-{slugify(city)}"):
            if candidate not in self.slugs:
                return candidate
        number = 2
        while f"{base}-{number}" in self.slugs:
            number += 1
        return f"{base}-{number}"

    def write(self, fac: Facility) -> None:
        name = self.unique_name(fac)
        if name != fac.names.name:
            fac.notes.append(
                f"another record is named {fac.names.name}, so this one is named {name}"
            )
        label = f"{self.source.name} row {fac.row}"
        record = build_record(fac, name, label, self.today, self.vocab)
        text = dump_record(record, editor_checklist(fac, record, label, self.today))
        while True:
            slug = self.unique_slug(name, fac.city)
            path = self.programs_dir / f"{slug}.yaml"
            self.slugs.add(slug)
            try:
                with path.open("x", encoding="utf-8", newline="\n") as handle:  # never overwrite
                    handle.write(text)
                break
            except FileExistsError:
                continue
            except OSError as exc:
                raise SourceError(
                    f"{path}: cannot write the record ({exc.strerror or exc})"
                ) from None
        self.report.written.append(path)
        self.report.written_rows[path] = fac.row
        self.names.add(normal_name(name))
        self.known.append(_known_record(path, record))


def import_samhsa(
    source: Path,
    programs_dir: Path,
    *,
    center: tuple[float, float] = DEFAULT_CENTER,
    radius_miles: float = DEFAULT_RADIUS_MILES,
    today: date,
    conditions: Sequence[str] | None = None,
    iop_only: bool = True,
) -> ImportReport:
    """Import a locator CSV or JSON file into draft records in ``programs_dir``.

    Raises SourceError (naming the file) when the file cannot be read as locator data;
    problems with single rows are listed in the report and the other rows go on.
    ``conditions`` is used for rows that do not say what the facility treats.
    """
    return _Importer(
        Path(source), Path(programs_dir), center, radius_miles, today, conditions, iop_only
    ).run()
