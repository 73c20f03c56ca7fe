"""Finding record files, and reading them safely: plain files in the folder itself only.

A record is read only from a regular file, never through a symbolic link (that could
point anywhere: a file outside the project, /proc/self/status); everything else in the
folder an editor may take for a record is named, not skipped in silence.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.diagnostics import Diagnostic, Severity
from generator.settings import GEOCODE_CACHE_NAME

RECORD_SUFFIXES = (".yaml", ".yml")


class UnreadableFile(Exception):
    """A record file that cannot or must not be read; the message says why."""


def find_record_files(paths: list[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Expand folders into their ``*.yaml`` files; report paths that do not exist, and
    anything that is not a plain file (a record is read only from a regular file in the
    folder itself: never through a link that could point anywhere)."""
    files: list[Path] = []
    problems: list[Diagnostic] = []
    for path in paths:
        if path.is_symlink():
            problems.append(_refused_link(path))
        elif path.is_dir():
            records, ignored = _scan_folder(path)
            files += records
            problems += ignored
        elif path.is_file():
            files.append(path)
        elif path.exists():
            problems.append(Diagnostic(str(path), 0, 0, Severity.ERROR, "",
                                       "not a regular file; a record is a .yaml file"))
        else:
            problems.append(
                Diagnostic(str(path), 0, 0, Severity.ERROR, "", "no such file or folder")
            )
    if len(paths) > 1:
        # The same file named twice (`validate a.yaml a.yaml`, or a file and its folder)
        # is one record, not a duplicate of itself. (resolve() costs a few system calls
        # a file: one folder alone cannot list a file twice.)
        first: dict[Path, Path] = {}
        for path in files:
            first.setdefault(path.resolve(), path)
        files = list(first.values())
    return files, problems


def _refused_link(path: Path) -> Diagnostic:
    target = os.readlink(path)
    state = "" if path.exists() else " (and what it points to does not exist)"
    return Diagnostic(
        str(path), 0, 0, Severity.ERROR, "",
        f"a symbolic link to {target}{state}; records are read only from plain files in "
        "the folder: put the record itself here, or delete the link",
    )


def _scan_folder(folder: Path) -> tuple[list[Path], list[Diagnostic]]:
    """The folder's record files, and a finding for each entry an editor may think is a
    record but that is never read (one pass over the folder: it may hold 10,000 files)."""
    records: list[Path] = []
    ignored: list[Diagnostic] = []
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        name = entry.name
        # The common case first, with no more work than it needs (10,000 entries).
        if (name.endswith(RECORD_SUFFIXES) and not name.startswith(".")
                and entry.is_file(follow_symlinks=False)):
            records.append(Path(entry.path))
            continue
        lower = name.lower()
        place = str(Path(folder) / name)
        if entry.is_symlink():
            ignored.append(_refused_link(Path(place)))
            continue
        if name == GEOCODE_CACHE_NAME or (name.startswith(".") and not (
                ".yaml" in lower or ".yml" in lower)):
            continue  # the geocode cache, editors' and tools' hidden files
        severity = Severity.WARNING
        if name.endswith(RECORD_SUFFIXES) and not name.startswith("."):
            severity = Severity.ERROR
            message = ("named like a record but not a file, so it is never read; rename it "
                       "or move it out of the folder")
        elif name.startswith("."):
            message = (f"a hidden file is never read as a record; rename it to "
                       f"{name.lstrip('.')} if it is one, or delete it")
        elif entry.is_dir(follow_symlinks=False):
            message = ("records in subfolders are not read; move the .yaml files up "
                       f"into {folder}")
        elif not entry.is_file(follow_symlinks=False):
            message = "not a regular file (a pipe, socket or device?); it is ignored"
        elif ".yaml" in lower or ".yml" in lower:
            stem = name[:lower.find(".y")]
            if (Path(folder) / f"{stem}.yaml").exists():
                message = (f"not read as a record: a copy of {stem}.yaml? Delete it or move "
                           "it out of the folder")
            else:
                message = f"not read as a record: rename it to {stem}.yaml"
        else:
            message = "not a record (records end in .yaml); it is ignored"
        ignored.append(Diagnostic(place, 0, 0, severity, "", message))
    return records, ignored


def read_plain_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file, never through a symbolic link (opened with
    O_NOFOLLOW, so a link swapped in after the folder was listed is refused too), and
    never more than a record may hold."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
    except OSError as err:
        if path.is_symlink():
            raise UnreadableFile("a symbolic link; records are read only from plain files"
                                 ) from None
        raise UnreadableFile(f"cannot read the file: {err.strerror or err}") from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile("not a regular file; a record is a .yaml file")
        if info.st_size > limit:
            raise UnreadableFile(
                f"the file is {info.st_size // 1024} KB; a record may be at most "
                f"{limit // 1024} KB (move long text out, or split the record)"
            )
        raw = _read_all(handle, limit + 1)
    except OSError as err:
        raise UnreadableFile(f"cannot read the file: {err.strerror or err}") from None
    finally:
        os.close(handle)
    if len(raw) > limit:  # grew while being read
        raise UnreadableFile(f"the file is larger than {limit // 1024} KB")
    return raw


def _read_all(handle: int, most: int) -> bytes:
    # os.read rather than a file object: a tenth of the cost, for 10,000 small files.
    chunks = []
    while most > 0:
        chunk = os.read(handle, most)
        if not chunk:
            break
        chunks.append(chunk)
        most -= len(chunk)
    return b"".join(chunks)
