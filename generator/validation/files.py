"""Checking record files one by one: each read, loaded, normalised and judged on its
own, on every core when there are many (the checks across records come after)."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from generator.diagnostics import Diagnostic, Severity
from generator.geography import GeocodeError, warm_up_zips
from generator.loader import MAX_FILE_BYTES, Record, load_record
from generator.normalise import geocoder_for, normalise_record
from generator.progress import Progress
from generator.record_files import UnreadableFile, read_plain_file
from generator.settings import Settings
from generator.validation.cache import file_digest
from generator.validation.readiness import check_readiness
from generator.validation.record_checks import PLACEHOLDER_MESSAGE, check_record, check_spanish
from generator.validation.schema_check import check_schema, warm_up
from generator.validation.text_checks import check_text

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 400


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


Checked = tuple[Record | None, list[Diagnostic], str | None]


def validate_files(jobs: list[tuple[Path, str]], settings: Settings,
                   progress: Progress) -> list[Checked]:
    """Each file's record, findings and digest, in the order of ``jobs``.

    Raises GeocodeError when the geocode cache cannot be read or saved.
    """
    # The geocode cache is read again by each run that checks a file (so `serve` sees new
    # entries); workers forked after this share it.
    geocoder = geocoder_for(settings, fresh=True)
    checked = _validate_all(jobs, settings, progress)
    geocoder.save()
    return checked


def _validate_all(jobs: list[tuple[Path, str]], settings: Settings,
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
    warm_up_zips()
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
