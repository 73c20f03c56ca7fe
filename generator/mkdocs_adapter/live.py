"""``serve`` rebuilds only what an edit touches.

MkDocs' server rebuilds the whole site on every change; with a thousand programs that is
many seconds before the browser shows an edited record. Across the rebuilds of one
``serve`` this keeps what the last build used: the records (each checked again only when
its bytes change) and the programs the pages were made from. A rebuild after records
changed renders again the program pages whose content can differ (the program itself,
or a neighbour it lists) and every other page (the directory, the finder, the articles,
a few dozen); the data files are made again as in any build. Anything else (a template,
an article, mkdocs.yml, a program added, removed or made a draft, a record gaining or
losing an error) rebuilds everything, from a clean folder.

The search index is then brought up to date in the background: the page is shown first.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.loader import Record
from generator.model import Directory

log = logging.getLogger("mkdocs.plugins.iop-directory")


class RecordMemory:
    """The records of the last check, in memory: ``validate_paths``'s cache while
    serving (whole records, as the build needs them, not the summaries kept on disk)."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[str, Record | None, list[Diagnostic]]] = {}
        self._seen: set[str] = set()
        self.hits = 0

    def has(self, display_path: str) -> bool:
        return display_path in self._entries

    def get(self, path: Path, display_path: str,
            digest: str) -> tuple[Record | None, list[Diagnostic]] | None:
        entry = self._entries.get(display_path)
        if entry is None or entry[0] != digest:
            return None
        self._seen.add(display_path)
        self.hits += 1
        return entry[1], list(entry[2])

    def put(self, display_path: str, digest: str, record: Record | None,
            findings: Iterable[Diagnostic]) -> None:
        self._entries[display_path] = (digest, record, list(findings))
        self._seen.add(display_path)

    def save(self, base: Path) -> None:
        # Files gone since the last check are forgotten.
        self._entries = {k: v for k, v in self._entries.items() if k in self._seen}
        self._seen = set()


@dataclass
class LiveState:
    """What one ``serve`` keeps from build to build."""

    records: RecordMemory = field(default_factory=RecordMemory)
    # What the last build's pages were made from; None before the first build.
    inputs: object = None
    page_keys: dict[str, object] = field(default_factory=dict)
    # The data files written, path -> digest of the content.
    data_files: dict[str, bytes] = field(default_factory=dict)
    indexing: threading.Thread | None = None

    def wait_for_index(self) -> None:
        if self.indexing is not None:
            self.indexing.join()
            self.indexing = None

    def index_later(self, index: Callable[[], None]) -> None:
        """Run ``index`` (data files, search) beside the server; the next build waits."""
        def run() -> None:
            try:
                index()
            except Exception as err:  # the preview goes on; the next build tries again
                log.warning(f"search index: {err}")

        self.wait_for_index()
        self.indexing = threading.Thread(target=run, name="pagefind", daemon=True)
        self.indexing.start()


_STATES: dict[Path, LiveState] = {}


def state_for(root: Path) -> LiveState:
    return _STATES.setdefault(root, LiveState())


def files_fingerprint(folders: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    """Every file under the folders, with its size and time of change: a template, an
    article or a setting edited since the last build changes it."""
    found = []
    for folder in folders:
        if folder.is_file():
            info = folder.stat()
            found.append((str(folder), info.st_size, info.st_mtime_ns))
            continue
        for parent, _, names in os.walk(folder):
            for name in names:
                path = os.path.join(parent, name)
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                found.append((path, info.st_size, info.st_mtime_ns))
    return tuple(sorted(found))


def program_page_key(directory: Directory, slug: str) -> object:
    """What a program page is made from: the program, and the neighbours it lists."""
    neighbours = tuple(
        (n.slug, n.miles, directory.by_slug[n.slug].name, tuple(directory.by_slug[n.slug].cities))
        for n in directory.neighbours_of(slug) if n.slug in directory.by_slug)
    return directory.by_slug[slug], neighbours
