"""Validation: each record against the schema and the record checks, then all together."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import Diagnostic, Severity, settle_time_based
from generator.geography import GeocodeError
from generator.loader import MAX_FILE_BYTES, Record, load_record
from generator.normalise import geocoder_for, normalise_record
from generator.progress import QUIET, Progress
from generator.record_files import UnreadableFile, find_record_files, read_plain_file
from generator.settings import Settings
from generator.validation.cache import FindingsCache, ValidationCache, file_digest
from generator.validation.collection_checks import check_collection
from generator.validation.readiness import check_readiness
from generator.validation.record_checks import PLACEHOLDER_MESSAGE, check_record, check_spanish
from generator.validation.text_checks import check_text

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 400

__all__ = ["ValidationReport", "validate_paths", "validate_record"]


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


def validate_record(record: Record, settings: Settings) -> list[Diagnostic]:
    """Normalise the record (in place), then judge it: the findings about it."""
    # Numbers meant as text (zip: 78701) become text before the schema is checked: the
    # schema accepts them as numbers too, as the editor does, so the fast check would
    # pass them on as numbers otherwise. Those that cannot be taken as text are told
    # once, by the normalisation, not again by the schema.
    return judge_record(record, settings, normalise_record(record, settings))


def judge_record(
    record: Record, settings: Settings, told: list[Diagnostic] | None = None
) -> list[Diagnostic]:
    """The findings about a normalised record; it is not changed."""
    told = told or []
    said = {d.field for d in told}
    # Imported here: the schema validators take a tenth of a second to import, which a
    # run whose every record comes from the cache never needs.
    from generator.validation.schema_check import check_schema

    schema_findings = told + [d for d in check_schema(record) if d.field not in said]
    record_findings = check_record(record, settings)
    # "FILL IN: true or false" is not a boolean, but the editor needs to hear only that
    # the placeholder is still there.
    unfilled = {d.field for d in record_findings if d.message.endswith(PLACEHOLDER_MESSAGE)}
    findings = [d for d in schema_findings if d.field not in unfilled] + record_findings
    # The schema has already named what is wrong with a value it rejects (an empty name).
    judged = {d.field for d in findings}
    findings += [d for d in check_text(record) if d.field not in judged]
    if not any(d.is_error for d in schema_findings):
        findings += check_readiness(record)
    # Said once a record is otherwise right: a listing to translate, not a mistake.
    if not any(d.is_error for d in findings):
        findings += check_spanish(record)
    return findings


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

    Raises GeocodeError when the geocode cache cannot be read or saved.
    """
    geocoder = geocoder_for(settings, fresh=True)
    files, problems = find_record_files(paths)
    report = ValidationReport(diagnostics=problems, files_checked=len(files))
    base = (root or Path.cwd()).resolve()
    display = _Shown(base)
    jobs = [(path, display(path)) for path in files]
    progress = progress or Progress(QUIET)
    progress.begin("records", len(jobs))
    kept = _from_cache(jobs, cache) if cache is not None else {}
    progress.advance(len(kept))
    checked = iter(_validate_files([job for job in jobs if job[0] not in kept], settings,
                                   progress))
    for path, shown in jobs:
        if path in kept:
            record, findings = kept[path]
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
    geocoder.save()
    saved()
    progress.end()
    return report


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
) -> dict[Path, tuple[Record | None, list[Diagnostic]]]:
    """The files whose entry in the cache still holds. Only files with an entry are read
    here: on a first run the workers read each file once, as without a cache."""
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
            kept[path] = entry
    return kept


Checked = tuple[Record | None, list[Diagnostic], str | None]


def _validate_files(jobs: list[tuple[Path, str]], settings: Settings,
                    progress: Progress) -> list[Checked]:
    # Records are independent until the collection checks: with many of them, the other
    # cores take a share while this process works through its own (rather than idling
    # while it unpickles results). Geocoding writes one cache file: one process then.
    cores = min(os.cpu_count() or 1, 4)
    if len(jobs) < PARALLEL_THRESHOLD or cores < 2 or settings.geocode_online:
        return [checked[:3] for checked in _validate_share(jobs, settings, progress)]
    _warm_caches()  # built once here, inherited by the forked workers
    shares = [jobs[i::cores] for i in range(cores)]
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(cores - 1, mp_context=context) as pool:
        futures = [pool.submit(_validate_share, share, settings) for share in shares[1:]]
        # This process's share counts for every share: they go at one speed.
        results = _validate_share(shares[0], settings, progress, len(shares))
        for future in futures:
            results += future.result()
    order = {job[0]: index for index, job in enumerate(jobs)}
    results.sort(key=lambda item: order[item[3]])  # findings in file order, as if serial
    return [(record, findings, digest) for record, findings, digest, _ in results]


def _validate_share(
    jobs: list[tuple[Path, str]], settings: Settings, progress: Progress | None = None,
    weight: int = 1,
) -> list[tuple[Record | None, list[Diagnostic], str | None, Path]]:
    results = []
    for job in jobs:
        results.append((*_validate_file(job, settings), job[0]))
        if progress is not None:
            progress.advance(weight)
    return results


def _warm_caches() -> None:
    from generator.geography import zip_table
    from generator.validation.schema_check import warm_up

    zip_table()
    warm_up()


def _validate_file(job: tuple[Path, str], settings: Settings) -> Checked:
    """The file's record, its findings and the digest of the bytes they are about (None
    when the file could not be read: nothing to keep in a cache then)."""
    path, shown = job
    try:
        raw = read_plain_file(path, MAX_FILE_BYTES)
    except UnreadableFile:
        raw = None  # the loader reads it again and tells why it cannot
    digest = file_digest(raw, shown) if raw is not None else None
    try:
        loaded = load_record(path, shown, raw=raw)
        if loaded.record is None:
            return None, loaded.diagnostics, digest
        findings = loaded.diagnostics + validate_record(loaded.record, settings)
    except (GeocodeError, KeyboardInterrupt):
        raise
    except Exception as err:  # a bug must cost this file its check, never the whole run
        return None, [Diagnostic(
            shown, 0, 0, Severity.ERROR, "",
            f"the validator failed on this file ({type(err).__name__}: {err}); this is a "
            "bug in the generator: please report it with the file")], None
    loaded.record.compact()
    return loaded.record, findings, digest


class _Shown:
    """``_display`` of many files of a few folders: each folder is resolved once."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.folders: dict[Path, Path] = {}

    def __call__(self, path: Path) -> str:
        if path.is_symlink():  # resolving it follows the link
            return _display(path, self.base)
        folder = self.folders.get(path.parent)
        if folder is None:
            folder = self.folders[path.parent] = path.parent.resolve()
        try:
            return (folder / path.name).relative_to(self.base).as_posix()
        except ValueError:
            return str(path)


def _display(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return str(path)
