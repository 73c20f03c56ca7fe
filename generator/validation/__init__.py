"""Validation: each record against the schema and the record checks, then all together."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.config import ValidationSettings
from generator.diagnostics import Diagnostic
from generator.loader import Record, find_record_files, load_record
from generator.validation.collection_checks import check_collection
from generator.validation.readiness import check_readiness, missing_for_publication
from generator.validation.record_checks import check_record
from generator.validation.schema_check import check_schema

__all__ = ["ValidationReport", "missing_for_publication", "validate_paths", "validate_record"]


@dataclass
class ValidationReport:
    records: list[Record] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files_checked: int = 0

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)

    def valid_records(self) -> list[Record]:
        """Records with no error of their own (collection errors included)."""
        failed = {d.file for d in self.diagnostics if d.is_error}
        return [r for r in self.records if r.display_path not in failed]


def validate_record(record: Record, settings: ValidationSettings) -> list[Diagnostic]:
    schema_findings = check_schema(record)
    findings = schema_findings + check_record(record, settings)
    if not any(d.is_error for d in schema_findings):
        findings += check_readiness(record)
    return findings


def validate_paths(
    paths: list[Path], settings: ValidationSettings, root: Path | None = None
) -> ValidationReport:
    files, problems = find_record_files(paths)
    report = ValidationReport(diagnostics=problems, files_checked=len(files))
    for path in files:
        loaded = load_record(path, _display(path, root))
        report.diagnostics += loaded.diagnostics
        if loaded.record is None:
            continue
        report.records.append(loaded.record)
        report.diagnostics += validate_record(loaded.record, settings)
    report.diagnostics += check_collection(report.records)
    return report


def _display(path: Path, root: Path | None) -> str:
    base = root or Path.cwd()
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)
