"""Validation: each record against the schema and the record checks, then all together."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.diagnostics import Diagnostic, settle_time_based
from generator.loader import MAX_FILE_BYTES, Record
from generator.progress import QUIET, Progress
from generator.record_files import UnreadableFile, find_record_files, read_plain_file
from generator.settings import Settings
from generator.validation.cache import FindingsCache, ValidationCache, file_digest
from generator.validation.collection_checks import check_collection

if TYPE_CHECKING:
    from generator.validation.files import Checked

__all__ = ["ValidationReport", "validate_paths"]


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


def validate_paths(
    paths: list[Path],
    settings: Settings,
    root: Path | None = None,
    changed: Iterable[Path] = (),
    cache: FindingsCache | None = None,
    progress: Progress | None = None,
) -> ValidationReport:
    """Validate the record files found in ``paths``, showing ``progress`` as it goes.

    With a ``cache``, files unchanged since it was saved are not checked again: their
    findings come from it, and their records hold only what the checks across records
    and ``is_draft`` read (callers that need whole records pass no cache).

    Findings that only time caused (an expired licence) are errors in the ``changed``
    files only, and warnings in every other: a build, or a pull request that does not
    touch the record, never fails because a date has passed.

    Raises GeocodeError when the geocode cache cannot be read or saved (it is read only
    when a file is checked: a changed or unreadable geocode cache makes every entry of a
    findings cache stale, so it is always checked then).
    """
    files, problems = find_record_files(paths)
    report = ValidationReport(diagnostics=problems, files_checked=len(files))
    base = (root or Path.cwd()).resolve()
    display = _Shown(base)
    jobs = [(path, display(path)) for path in files]
    progress = progress or Progress(QUIET)
    progress.begin("records", len(jobs))
    kept = _from_cache(jobs, cache) if cache is not None else {}
    progress.advance(len(kept))
    checked = iter(_check_files([job for job in jobs if job[1] not in kept], settings,
                                progress))
    for _, shown in jobs:
        if shown in kept:
            record, findings = kept[shown]
        else:
            record, findings, digest = next(checked)
            if cache is not None and digest is not None:
                cache.put(shown, digest, record, findings)
        report.diagnostics += findings
        if record is not None:
            report.records.append(record)
    saved = _save_meanwhile(cache, base)
    progress.begin("across records")
    report.diagnostics += check_collection(report.records)
    being_changed = {_display(path, base) for path in changed}
    report.diagnostics = settle_time_based(report.diagnostics, being_changed)
    saved()
    progress.end()
    return report


def _check_files(jobs: list[tuple[Path, str]], settings: Settings,
                 progress: Progress) -> list[Checked]:
    if not jobs:
        return []
    # Imported only when a file needs checking: its imports (the schema, phone numbers,
    # the ZIP data) cost a tenth of a second, which a run whose every record comes from
    # the cache never needs.
    from generator.validation.files import validate_files

    return validate_files(jobs, settings, progress)


def _save_meanwhile(cache: FindingsCache | None, base: Path) -> Callable[[], None]:
    """Keep what this run found; a cache on disk is written while the checks across
    records run. Returns what waits for it."""
    if isinstance(cache, ValidationCache):
        return cache.save_meanwhile(base)
    if cache is not None:
        cache.save(base)
    return lambda: None


def _from_cache(
    jobs: list[tuple[Path, str]], cache: FindingsCache
) -> dict[str, tuple[Record | None, list[Diagnostic]]]:
    """The files whose entry in the cache still holds, by the name findings give them
    (hashing 10,000 paths would cost a tenth of a second). Only files with an entry are
    read here: on a first run the workers read each file once, as without a cache."""
    kept = {}
    for path, shown in jobs:
        if not cache.has(shown):
            continue
        try:
            raw = read_plain_file(path, MAX_FILE_BYTES)
        except UnreadableFile:
            continue  # checked again, which tells what is wrong with it
        entry = cache.get(path, shown, file_digest(raw, shown))
        if entry is not None:
            kept[shown] = entry
    return kept


class _Shown:
    """``_display`` of many files of a few folders: each folder is resolved once."""

    def __init__(self, base: Path) -> None:
        self.base = base
        # Folder -> how its files are shown ("programs/"), None for one outside the base.
        self.folders: dict[str, str | None] = {}

    def __call__(self, path: Path) -> str:
        # Never a link: find_record_files refuses them (and the reader opens none).
        # Strings, not paths: pathlib would take a quarter of a second for 10,000 files.
        parent, name = os.path.split(path)
        if parent not in self.folders:
            try:
                shown = Path(parent).resolve().relative_to(self.base).as_posix()
                self.folders[parent] = "" if shown == "." else shown + "/"
            except ValueError:
                self.folders[parent] = None
        prefix = self.folders[parent]
        return str(path) if prefix is None else prefix + name


def _display(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return str(path)
