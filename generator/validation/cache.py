"""What ``validate`` found in each record file, kept between runs, as linters keep it.

A file's entry is used again only when the file's bytes, its name and the validator are
the same as when it was made: the validator is the package's version and a hash of every
file of the package (its code, the schema, the vocabularies, the ZIP table), so a change
to any of them, or to the settings (mkdocs.yml, today's date, the geocode cache), starts
afresh. The checks across records (one name or slug twice) still run over all records
every time: an entry keeps what they read of its record (name, status, licence numbers and
where they are), not only its findings.

The cache is a convenience and never a source of truth: a file that is missing, corrupt
or unwritable is the same as an empty cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

from generator import __version__
from generator.diagnostics import Diagnostic, Severity
from generator.loader import Path_, Record
from generator.settings import Settings

CACHE_DIR_NAME = ".iop-cache"
CACHE_FILE = "validate.json"
# Bump when the layout of an entry changes.
FORMAT = 2
# What the checks across records and `validate --drafts` read of a record's data (of
# each licence, only its authority and number: the rest would double the file).
KEPT_KEYS = ("name", "status", "licenses")
KEPT_LICENCE_KEYS = ("authority", "number")
_PACKAGE = Path(__file__).resolve().parents[1]
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by iop-directory validate.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)

Entry = tuple[Record | None, list[Diagnostic]]


class FindingsCache(Protocol):
    """Where ``validate_paths`` finds and keeps what it found in each file."""

    def has(self, display_path: str) -> bool: ...
    def get(self, path: Path, display_path: str, digest: str) -> Entry | None: ...
    def put(self, display_path: str, digest: str, record: Record | None,
            findings: Iterable[Diagnostic]) -> None: ...
    def save(self, base: Path) -> None: ...


def file_digest(raw: bytes, display_path: str) -> str:
    # The path is part of it: findings name the file, and the slug is its name.
    digest = hashlib.blake2b(raw, digest_size=20)
    digest.update(b"\0" + display_path.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def validator_version(settings: Settings) -> str:
    """The validator and its settings, as one hash: entries made by another are stale."""
    digest = hashlib.blake2b(f"{FORMAT}|{__version__}|{settings!r}".encode(), digest_size=20)
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    # Normalisation fills missing coordinates from the geocode cache.
    if settings.geocode_cache is not None:
        try:
            digest.update(b"geocode\0" + settings.geocode_cache.read_bytes())
        except FileNotFoundError:
            digest.update(b"no geocode cache")
        except OSError as err:
            # Unlike a missing one, an unreadable cache is an error: no entry may hide it.
            digest.update(f"unreadable geocode cache {err.errno}".encode())
    return digest.hexdigest()


class ValidationCache:
    """The entries of one cache folder, for one validator version."""

    def __init__(self, folder: Path, settings: Settings) -> None:
        self.folder = folder
        self.version = validator_version(settings)
        self._old: dict[str, Any] = self._read()
        self._new: dict[str, Any] = {}
        self.hits = 0  # entries used this run

    def _read(self) -> dict[str, Any]:
        try:
            stored = json.loads((self.folder / CACHE_FILE).read_bytes())
        except (OSError, ValueError, RecursionError):
            return {}
        if not isinstance(stored, dict) or stored.get("version") != self.version:
            return {}
        entries = stored.get("entries")
        return entries if isinstance(entries, dict) else {}

    def has(self, display_path: str) -> bool:
        return display_path in self._old

    def get(self, path: Path, display_path: str, digest: str) -> Entry | None:
        """The record (only what the checks across records read) and findings kept for
        the file, if it has not changed since; None otherwise (and for a damaged entry)."""
        stored = self._old.get(display_path)
        if not isinstance(stored, dict) or stored.get("digest") != digest:
            return None
        try:
            findings = [_diagnostic(item) for item in stored["findings"]]
            record = None if stored["record"] is None else _record(
                stored["record"], path, display_path)
        except (KeyError, TypeError, ValueError, IndexError):
            return None
        self._new[display_path] = stored
        self.hits += 1
        return record, findings

    def put(self, display_path: str, digest: str, record: Record | None,
            findings: Iterable[Diagnostic]) -> None:
        self._new[display_path] = {
            "digest": digest,
            "findings": [[d.file, d.line, d.column, d.severity.value, d.field, d.message,
                          d.time_based] for d in findings],
            "record": None if record is None else {
                "data": _kept_data(record.data),
                "positions": [[list(p), *record.value_positions[p]]
                              for p in _kept_paths(record)
                              if p in record.value_positions],
            },
        }

    def save_meanwhile(self, base: Path) -> Callable[[], None]:
        """Start saving (see ``save``) in a forked process, so that a first run, which
        writes the whole cache, costs no more than a run without one: the checks across
        records go on meanwhile. Call the result to wait for it to be written."""
        if not hasattr(os, "fork"):
            self.save(base)
            return _written
        try:
            child = os.fork()
        except OSError:
            self.save(base)
            return _written
        if child == 0:  # the copy: write, then leave without running anything else
            try:
                self.save(base)
            finally:
                os._exit(0)
        return lambda: _wait_for(child)

    def save(self, base: Path) -> None:
        """Write the entries of this run, and those of files not checked this time that
        still exist; a folder that cannot be written is left alone."""
        entries = dict(self._new)
        for shown, stored in self._old.items():
            if shown not in entries and (base / shown).is_file():
                entries[shown] = stored
        if entries == self._old:
            return  # nothing new: the file on disk says it already
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tag = self.folder / "CACHEDIR.TAG"
            if not tag.exists():
                tag.write_text(_CACHEDIR_TAG, encoding="utf-8")
                (self.folder / ".gitignore").write_text("# Made by iop-directory.\n*\n",
                                                        encoding="utf-8")
            text = json.dumps({"version": self.version, "entries": entries},
                              ensure_ascii=False, separators=(",", ":"))
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".validate-")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(text)
                os.replace(temporary, self.folder / CACHE_FILE)  # readers never see half
            except BaseException:
                os.unlink(temporary)
                raise
        except (OSError, ValueError):
            pass


def _written() -> None:
    """Nothing to wait for: the cache was saved already."""


def _wait_for(child: int) -> None:
    with contextlib.suppress(ChildProcessError):  # already reaped
        os.waitpid(child, 0)


def _kept_data(data: dict[str, Any]) -> dict[str, Any]:
    kept = {key: data[key] for key in KEPT_KEYS if key in data}
    if isinstance(kept.get("licenses"), list):
        kept["licenses"] = [
            {k: v for k, v in licence.items() if k in KEPT_LICENCE_KEYS}
            if isinstance(licence, dict) else licence for licence in kept["licenses"]]
    return kept


def _kept_paths(record: Record) -> list[Path_]:
    # Where the checks across records point: the file, the name, the licence numbers
    # (looked up, not found among all of a record's positions: that took half a second
    # for 10,000 records).
    licences = record.data.get("licenses")
    count = len(licences) if isinstance(licences, list) else 0
    return [(), ("name",), ("licenses",), *(("licenses", i, "number") for i in range(count))]


def _diagnostic(item: list[Any]) -> Diagnostic:
    file, line, column, severity, field, message, time_based = item
    if not (isinstance(file, str) and type(line) is int and type(column) is int
            and isinstance(field, str) and isinstance(message, str)
            and isinstance(time_based, bool)):
        raise TypeError("not a finding")
    return Diagnostic(file, line, column, Severity(severity), field, message, time_based)


def _record(stored: dict[str, Any], path: Path, display_path: str) -> Record:
    data = stored["data"]
    if not isinstance(data, dict):
        raise TypeError("not a record")
    positions: dict[Path_, tuple[int, int]] = {}
    for where, line, column in stored["positions"]:
        if type(line) is not int or type(column) is not int:
            raise TypeError("not a position")
        positions[tuple(where)] = (line, column)
    return Record(path=path, display_path=display_path, data=data, value_positions=positions)
