"""Pagefind over the built site: the static search index the header search and the finder query.

Runs the Pagefind binary shipped in the ``pagefind_bin`` wheel (found through the ``pagefind``
package), so nothing is downloaded at build time, and writes ``<site_dir>/pagefind/``.

Templates decide what is indexed: program pages and articles wrap their content in
``data-pagefind-body`` (everything outside it, such as the crisis banner, navigation and footer, is
left out, and pages without it, such as the directory, the finder and the 404 page, are not indexed
at all); program pages add ``data-pagefind-filter`` values. This stage knows nothing of MkDocs.
"""

from __future__ import annotations

import concurrent.futures
import gzip
import itertools
import json
import logging
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

BUNDLE_SUBDIR = "pagefind"
BODY_ATTRIBUTE = "data-pagefind-body"
# Markdown's permalink anchors ("¶") would otherwise show up in excerpts.
DEFAULT_EXCLUDE_SELECTORS: tuple[str, ...] = (".headerlink",)
# None: one index per language, as Pagefind splits pages by their <html lang>, and a search
# from a page looks in its own language's (a Spanish page searches the Spanish pages).
DEFAULT_LANGUAGE: str | None = None
DEFAULT_TIMEOUT_SECONDS = 600.0

_TOTAL_LINE = re.compile(r"Indexed\s+(\d+)\s+(language|page|word|filter|sort)s?\b")


class SearchIndexError(RuntimeError):
    """The site could not be indexed; the message says why, in Pagefind's words where it has any."""


@dataclass(frozen=True)
class SearchIndexStats:
    """What one Pagefind run produced."""

    pages: int
    words: int
    filters: int
    languages: int
    seconds: float
    index_bytes: int
    """Size on disk of everything under ``pagefind/`` (index, fragments, wasm and scripts)."""
    bundle_dir: Path

    def summary(self) -> str:
        return (
            f"Search index: {self.pages} pages, {self.words} words, {self.filters} filters, "
            f"{self.index_bytes / 1024:.0f} KiB in {self.seconds:.2f} s"
        )


def pagefind_executable() -> Path:
    """The Pagefind binary: ``PAGEFIND_BINARY_PATH`` if set, else the one in ``pagefind_bin``."""
    try:
        from pagefind.service import get_executable
    except ImportError as error:  # pragma: no cover - a broken install
        raise SearchIndexError(
            "the 'pagefind' package is not installed; install it with pip install 'pagefind[bin]'"
        ) from error
    executable = get_executable()
    if executable is None or not executable.is_file():
        raise SearchIndexError(
            "no Pagefind binary found; install it with pip install 'pagefind[bin]'"
        )
    return executable


def index_site(
    site_dir: Path,
    *,
    exclude_selectors: Sequence[str] = DEFAULT_EXCLUDE_SELECTORS,
    language: str | None = DEFAULT_LANGUAGE,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
    separate_folders: Sequence[str] = (),
    on_run: Callable[[], None] | None = None,
) -> SearchIndexStats:
    """Index the built site in ``site_dir`` with Pagefind, writing ``site_dir/pagefind/``.

    ``separate_folders`` (top-level folders such as ``es`` that hold the pages of another
    language) are indexed by Pagefind runs of their own, one after the other, and the rest
    of the site by another: Pagefind's memory grows with the pages it indexes (about
    0.7 KB for each distinct word of each page), so the peak is that of the largest
    language, not of all (1.79 GB became 1.27 GB with 10,000 programs in two languages).
    Each language's index is the same as one run makes; the entry file lists them all.
    ``on_run`` is called as each run ends.

    Raises ``SearchIndexError`` when the directory holds no page marked for indexing or Pagefind
    fails.
    """
    runs = IndexRuns(site_dir, exclude_selectors=exclude_selectors, language=language,
                     timeout=timeout, separate_folders=separate_folders, on_run=on_run)
    try:
        return runs.finish()
    finally:
        runs.close()


class IndexRuns:
    """The Pagefind runs over one site, one after the other (see ``index_site``).

    ``start_first`` starts the first run (the site outside ``separate_folders``) in the
    background as soon as those pages are written, so that it indexes them while the
    pages of the other languages are being made; ``finish`` runs the rest and checks the
    whole.
    """

    def __init__(
        self,
        site_dir: Path,
        *,
        exclude_selectors: Sequence[str] = DEFAULT_EXCLUDE_SELECTORS,
        language: str | None = DEFAULT_LANGUAGE,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
        separate_folders: Sequence[str] = (),
        on_run: Callable[[], None] | None = None,
    ) -> None:
        self.site_dir = Path(site_dir).resolve()
        self.bundle_dir = self.site_dir / BUNDLE_SUBDIR
        self.command = _command(pagefind_executable(), self.site_dir, exclude_selectors,
                                language)
        self.timeout = timeout
        self.separate_folders = list(separate_folders)
        self.on_run = on_run
        self.totals: dict[str, int] = {}
        self.languages: dict[str, object] = {}
        self._started: float | None = None
        self._first: concurrent.futures.Future[str] | None = None
        self._first_glob: str | None = None
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None

    def start_first(self) -> None:
        """Start indexing the pages outside the separate folders, which are all written."""
        globs = _globs(self.site_dir, self.separate_folders, assume_present=True)
        if len(globs) < 2:
            return  # one run over everything: only once every page is there
        self._begin()
        self._first_glob = globs[0]
        self._pool = concurrent.futures.ThreadPoolExecutor(1)
        self._first = self._pool.submit(self._run, globs[0])

    def finish(self) -> SearchIndexStats:
        """Run what is left (waiting for the first run), merge and check the index."""
        if self._started is None:
            self._begin()
        globs = _globs(self.site_dir, self.separate_folders)
        if self._first is not None:
            self._record(self._first.result(), several=True)
            globs = [g for g in globs if g != self._first_glob and g is not None] \
                if self._first_glob in globs else globs
        for glob in globs:
            self._record(self._run(glob), several=len(globs) > 1 or self._first is not None)
        if len(self.languages) > 0:
            _merge_entry(self.bundle_dir, self.languages)
        assert self._started is not None
        seconds = time.perf_counter() - self._started
        verify_bundle(self.bundle_dir)
        stats = SearchIndexStats(
            pages=_indexed_pages(self.bundle_dir),
            words=self.totals.get("word", 0),
            filters=self.totals.get("filter", 0),
            languages=self.totals.get("language", 0),
            seconds=seconds,
            index_bytes=_tree_size(self.bundle_dir),
            bundle_dir=self.bundle_dir,
        )
        log.info(stats.summary())
        return stats

    def close(self) -> None:
        """Wait for a run still going (a build that failed meanwhile)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def _begin(self) -> None:
        _check_site(self.site_dir)
        if self.bundle_dir.exists() and not self.bundle_dir.is_dir():
            raise SearchIndexError(
                f"cannot write the search index: {self.bundle_dir} is not a directory")
        # Fragment names are content hashes: a previous run's files would linger as dead
        # weight.
        shutil.rmtree(self.bundle_dir, ignore_errors=True)
        self._started = time.perf_counter()

    def _run(self, glob: str | None) -> str:
        command = [*self.command, "--glob", glob] if glob else self.command
        log.debug("running %s", " ".join(command))
        return _run(command, self.timeout)

    def _record(self, output: str, *, several: bool) -> None:
        for kind, count in _parse_totals(output).items():
            self.totals[kind] = self.totals.get(kind, 0) + count
        if several:
            self.languages.update(_entry_languages(self.bundle_dir))
        if self.on_run is not None:
            self.on_run()


_FOLDER_NAME = re.compile(r"[a-z0-9_]+")


def _globs(site_dir: Path, folders: Sequence[str], *,
           assume_present: bool = False) -> list[str | None]:
    """Pagefind's ``--glob`` for each run: the site outside ``folders``, then each folder
    that holds a page (each of them, with ``assume_present``: before they are written);
    ``[None]`` (one run over everything) when there is nothing apart."""
    names = [f.strip("/") for f in folders if f.strip("/")]
    if not names or not all(_FOLDER_NAME.fullmatch(n) for n in names):
        return [None]
    present = names if assume_present else [
        n for n in names if (site_dir / n).is_dir()
        and next((site_dir / n).rglob("*.html"), None) is not None]
    if not present:
        return [None]
    outside = ",".join(f"{pattern}/**/*.html" for pattern in _other_names(present))
    return ["{*.html," + outside + "}", *(f"{name}/**/*.html" for name in present)]


def _other_names(names: Sequence[str], prefix: str = "") -> list[str]:
    """Glob patterns of one path segment matching every name but ``names`` (those below
    ``prefix``): for ``es``, ``[!e]*``, ``e``, ``e[!s]*`` and ``es?*``."""
    rests = [n[len(prefix):] for n in names if n.startswith(prefix)]
    firsts = sorted({rest[0] for rest in rests if rest})
    patterns = [] if "" in rests or not prefix else [prefix]
    patterns.append(prefix + (f"[!{''.join(firsts)}]*" if firsts else "?*"))
    for char in firsts:
        patterns += _other_names(names, prefix + char)
    return patterns


def _entry_languages(bundle_dir: Path) -> dict[str, object]:
    entry_file = bundle_dir / "pagefind-entry.json"
    try:
        return dict(json.loads(entry_file.read_text(encoding="utf-8"))["languages"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise SearchIndexError(f"Pagefind wrote no readable {entry_file}: {error}") from None


def _merge_entry(bundle_dir: Path, languages: dict[str, object]) -> None:
    """The entry file of the last run, listing the languages of every run."""
    entry_file = bundle_dir / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    entry["languages"] = languages
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")


def verify_bundle(bundle_dir: Path) -> None:
    """Every file the index refers to is there and complete, or ``SearchIndexError``.

    Pagefind exits 0 even when its writes failed (a full disk leaves empty or truncated
    files): such an index would break search for every visitor, so the build fails
    instead and the previous site stays. The entry file names each language's metadata
    file, which names every index chunk, filter and page fragment; each of those is
    gzip data, whose checksum shows a truncated file.
    """
    entry_file = bundle_dir / "pagefind-entry.json"
    try:
        entry = json.loads(entry_file.read_text(encoding="utf-8"))
        languages = dict(entry["languages"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise SearchIndexError(f"the search index is incomplete: {entry_file}: {error}") from None
    for script in ("pagefind.js", "pagefind-worker.js"):
        _require(bundle_dir / script, gzipped=False)
    for language, info in languages.items():
        meta = _require(bundle_dir / f"pagefind.{info['hash']}.pf_meta")
        _require(bundle_dir / f"wasm.{info['wasm']}.pagefind", gzipped=False)
        for name in sorted(set(_META_NAME.findall(meta))):
            text = name.decode("ascii")
            if not text.startswith(f"{language}_"):
                continue
            candidates = [bundle_dir / "fragment" / f"{text}.pf_fragment",
                          bundle_dir / "index" / f"{text}.pf_index",
                          bundle_dir / "filter" / f"{text}.pf_filter"]
            found = next((c for c in candidates if c.exists()), None)
            if found is None:
                raise SearchIndexError(
                    f"the search index is incomplete: {text} is named in "
                    f"pagefind.{info['hash']}.pf_meta but its file is missing "
                    "(is the disk full?)")
            _require(found)
    fragments = list((bundle_dir / "fragment").glob("*.pf_fragment"))
    if len(fragments) < sum(int(info.get("page_count", 0)) for info in languages.values()):
        raise SearchIndexError("the search index is incomplete: fewer page fragments than "
                               "pages (is the disk full?)")


# In the metadata (gzip, then CBOR), the names of the files are short text strings such as
# "en_26b192c": a CBOR text header (0x60 + length) before each.
_META_NAME = re.compile(rb"[\x62-\x77]([a-z][a-z0-9-]*_[0-9a-f]{6,})")


def _require(path: Path, *, gzipped: bool = True) -> bytes:
    """The file's content, uncompressed; ``SearchIndexError`` if missing, empty or cut."""
    try:
        data = path.read_bytes()
        if not data:
            raise ValueError("the file is empty")
        return gzip.decompress(data) if gzipped else data
    except (OSError, ValueError, EOFError, gzip.BadGzipFile) as error:
        raise SearchIndexError(
            f"the search index is incomplete: {path.name}: {error} (is the disk full?)"
        ) from None


def _check_site(site_dir: Path) -> None:
    """Fail early, in plain words, on what Pagefind would report vaguely or not at all."""
    if not site_dir.is_dir():
        raise SearchIndexError(
            f"cannot index {site_dir}: it is not a directory (build the site first)"
        )
    pages = site_dir.rglob("*.html")
    first = next(pages, None)
    if first is None:
        raise SearchIndexError(
            f"cannot index {site_dir}: it holds no HTML page (build the site first)"
        )
    # Without any data-pagefind-body, Pagefind would index whole pages: banners, navigation, footer.
    if not any(_marks_body(page) for page in itertools.chain([first], pages)):
        raise SearchIndexError(
            f"cannot index {site_dir}: no page marks its content with {BODY_ATTRIBUTE}, "
            "so navigation, banners and footers would be indexed (check the page templates)"
        )


def _marks_body(page: Path) -> bool:
    try:
        return BODY_ATTRIBUTE in page.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def _command(
    executable: Path, site_dir: Path, exclude_selectors: Sequence[str], language: str | None
) -> list[str]:
    command = [str(executable), "--site", str(site_dir), "--output-subdir", BUNDLE_SUBDIR,
               # The marked element as the document's root: Pagefind then spends less on
               # the theme's navigation, header and footer (two thirds of a program page).
               # The same index (fragments, words and filters, compared page by page on
               # the 1,000-program site; tested), with about a third less of its CPU time.
               "--root-selector", f"[{BODY_ATTRIBUTE}]"]
    if exclude_selectors:
        # One CSS selector list; Pagefind matches it like document.querySelectorAll would.
        command += ["--exclude-selectors", ", ".join(exclude_selectors)]
    if language:
        command += ["--force-language", language]
    return command


def _run(command: list[str], timeout: float) -> str:
    """Run Pagefind and return its standard output; its errors become ``SearchIndexError``."""
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            check=False,
        )
    except OSError as error:
        raise SearchIndexError(f"could not run Pagefind ({command[0]}): {error}") from error
    except subprocess.TimeoutExpired as error:
        raise SearchIndexError(f"Pagefind did not finish within {timeout:.0f} s") from error
    log.debug("Pagefind output:\n%s", done.stdout)
    for line in done.stdout.splitlines():
        if line.lstrip().lower().startswith("warning"):
            log.warning("Pagefind: %s", line.strip())
    if done.returncode != 0:
        raise SearchIndexError(
            f"Pagefind failed (exit status {done.returncode}): {_failure_message(done)}"
        )
    return done.stdout


def _failure_message(done: subprocess.CompletedProcess[str]) -> str:
    lines = [line.strip() for line in done.stderr.splitlines() if line.strip()]
    if not lines:  # fall back to the end of the progress log, where Pagefind stopped
        lines = [line.strip() for line in done.stdout.splitlines() if line.strip()][-5:]
    # Pagefind repeats its error lines; keep each once, in order.
    message = " ".join(dict.fromkeys(lines))
    return message.removeprefix("Error: ") or "no message"


def _parse_totals(output: str) -> dict[str, int]:
    """Counts from the ``Total:`` block of Pagefind's log (it lists per-language blocks first)."""
    _, _, totals = output.rpartition("Total:")
    return {kind: int(count) for count, kind in _TOTAL_LINE.findall(totals)}


def _indexed_pages(bundle_dir: Path) -> int:
    """Pages in the index, from the entry file the browser reads first (authoritative)."""
    entry_file = bundle_dir / "pagefind-entry.json"
    try:
        entry = json.loads(entry_file.read_text(encoding="utf-8"))
        return sum(int(language["page_count"]) for language in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise SearchIndexError(f"Pagefind wrote no readable {entry_file}: {error}") from error


def _tree_size(directory: Path) -> int:
    return sum(path.stat().st_size for path in directory.rglob("*") if path.is_file())
