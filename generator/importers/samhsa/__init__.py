"""Import facilities from SAMHSA's treatment locator as draft program records.

Two layouts of the locator's facility data are read:

* the CSV export (``name1, name2, street1, street2, city, state, zip, zip4, county,
  latitude, longitude`` and optionally ``phone, intake1, intake2, website,
  type_facility``), which says nothing about services;
* the JSON API response (``{page, totalPages, recordCount, rows: [...]}``), whose rows
  carry ``services: [{f1, f2, f3}]`` with ``f2`` a group code and ``f3`` its values
  joined by ``"; "``.

Every facility inside the area becomes ``programs/<slug>.yaml`` with ``status: draft``.
Each row is accounted for in the report: written, a possible duplicate, outside the area,
not an IOP, or rejected with its reason. The stages, each in its module:

* ``source``: the file into numbered rows (row numbers as a spreadsheet shows them);
* ``cleaning``: text, ZIPs, coordinates, phones, websites, case, the two name fields;
* ``services``: the service codes to the record's vocabularies;
* ``facility``: a row to a cleaned facility inside the area, or the reason it is not one;
* ``matching``: the records already there, duplicates, free names and slugs;
* ``drafting``: the draft record, its file and the editor's checklist;
* ``report``: what the import did, and its text.

Decisions worth knowing:

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

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from generator.geography import LatLon
from generator.importers.samhsa.drafting import (
    build_record,
    dump_record,
    editor_checklist,
    write_new_file,
)
from generator.importers.samhsa.facility import Facility, FacilityReader
from generator.importers.samhsa.matching import KnownRecords, scan_programs
from generator.importers.samhsa.report import (
    Duplicate,
    ImportReport,
    NotIop,
    OutsideArea,
    Rejected,
    format_report,
)
from generator.importers.samhsa.source import SourceError, SourceRow, one_line, read_source
from generator.progress import QUIET, Progress
from generator.settings import ServiceArea

__all__ = [
    "Duplicate",
    "ImportReport",
    "NotIop",
    "OutsideArea",
    "Rejected",
    "SourceError",
    "format_report",
    "import_samhsa",
]

# The directory's own area, for callers that do not say (the CLI always does).
_DEFAULT_AREA = ServiceArea()


def import_samhsa(
    source: Path,
    programs_dir: Path,
    *,
    today: date,
    center: LatLon = _DEFAULT_AREA.center,
    radius_miles: float = _DEFAULT_AREA.radius_miles,
    conditions: Sequence[str] | None = None,
    iop_only: bool = True,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a locator CSV or JSON file into draft records in ``programs_dir``, showing
    ``progress`` as it goes.

    Raises SourceError (naming the file) when the file cannot be read as locator data;
    problems with single rows are listed in the report and the other rows go on.
    ``conditions`` is used for rows that do not say what the facility treats.
    """
    return _Import(
        Path(source), Path(programs_dir), center, radius_miles, today, conditions, iop_only,
        progress or Progress(QUIET),
    ).run()


class _Import:
    """One run: the rows of one file into one folder."""

    def __init__(
        self,
        source: Path,
        programs_dir: Path,
        center: LatLon,
        radius_miles: float,
        today: date,
        conditions: Sequence[str] | None,
        iop_only: bool,
        progress: Progress,
    ) -> None:
        self.source = source
        self.progress = progress
        self.programs_dir = programs_dir
        self.today = today
        self.iop_only = iop_only
        self.reader = FacilityReader(source.name, center, radius_miles, conditions)
        self.report = ImportReport(source, center, radius_miles)
        self.known = KnownRecords([], set())

    def run(self) -> ImportReport:
        self.progress.begin("reading the file")
        rows, notes = read_source(self.source)
        self.report.notes += notes
        if not self.programs_dir.is_dir():
            try:
                self.programs_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise SourceError(
                    f"{self.programs_dir}: cannot create the folder ({exc})"
                ) from None
        self.progress.begin("existing records")
        self.known, more = scan_programs(self.programs_dir)
        self.report.notes += more
        self.progress.begin("rows", len(rows))
        for row in rows:
            self.progress.advance()
            self.report.rows_read += 1
            try:
                self.import_row(row)
            except (ValueError, TypeError, AttributeError, KeyError) as exc:
                # Defensive: a strange value must cost one row, not the whole import.
                self.reject(row.number, f"could not read this row ({one_line(exc)})")
        self.progress.end()
        return self.report

    def reject(self, row: int, reason: str) -> None:
        self.report.rejected.append(Rejected(row, reason))

    def import_row(self, row: SourceRow) -> None:
        fac = self.reader.read(row)
        if isinstance(fac, str):
            self.reject(row.number, fac)
            return
        if isinstance(fac, OutsideArea):
            self.report.outside_area.append(fac)
            return
        if self.iop_only and fac.settings_known and "iop" not in fac.facts.levels:
            settings = "; ".join(fac.facts.settings)
            self.report.not_iop.append(NotIop(row.number, fac.names.name, settings))
            return
        duplicate = self.known.duplicate_of(fac)
        if duplicate:
            path, reason = duplicate
            self.report.duplicates.append(Duplicate(row.number, path, fac.names.name, reason))
            return
        self.write(fac)

    def write(self, fac: Facility) -> None:
        name = self.known.unique_name(fac)
        if name != fac.names.name:
            fac.notes.append(
                f"another record is named {fac.names.name}, so this one is named {name}"
            )
        label = f"{self.source.name} row {fac.row}"
        record = build_record(fac, name, label, self.today)
        text = dump_record(record, editor_checklist(fac, record, label, self.today),
                           self.programs_dir)
        while True:
            slug = self.known.unique_slug(name, fac.city)
            path = self.programs_dir / f"{slug}.yaml"
            self.known.slugs.add(slug)
            if write_new_file(path, text):  # a file made since the scan keeps its name
                break
        self.report.written.append(path)
        self.report.written_rows[path] = fac.row
        self.known.add(path, record, name)
