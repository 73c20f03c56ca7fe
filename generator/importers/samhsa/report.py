"""What an import did, row by row, and its text for the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from generator.geography import LatLon


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
    """What an import did, row by row: every row read is in exactly one list."""

    source: Path
    center: LatLon
    radius_miles: float
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
