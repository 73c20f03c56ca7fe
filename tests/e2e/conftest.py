"""Fixtures for end-to-end tests: a real build, a local server and Debian's Chromium.

``built_site`` is the project's own site, built once per test session with the real
MkDocs, mkdocs-material and Pagefind. ``build_project`` builds a copy of the project
with other records (hostile ones, thousands of them). Pages are served from 127.0.0.1
only; tests fail on any request to another host.
"""

from __future__ import annotations

import fcntl
import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
TEST_TODAY = "2026-11-27"


def build(project: Path, site_dir: Path, *, search: bool = True) -> subprocess.CompletedProcess:
    args = [sys.executable, "-m", "generator", "build", "--site-dir", str(site_dir)]
    if not search:
        args.append("--no-search-index")
    env = {**os.environ, "IOP_DIRECTORY_TODAY": TEST_TODAY}
    return subprocess.run(args, cwd=project, capture_output=True, text=True, env=env,
                          timeout=600)


def copy_project(destination: Path, programs: dict[str, str] | None = None) -> Path:
    """A copy of the project's site sources, with other records if given (no article
    links to a record, so any set of records builds)."""
    for name in ("content", "theme", "generator"):
        shutil.copytree(PROJECT_ROOT / name, destination / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT_ROOT / "mkdocs.yml", destination / "mkdocs.yml")
    if programs is None:
        shutil.copytree(PROJECT_ROOT / "programs", destination / "programs")
    else:
        (destination / "programs").mkdir()
        for name, text in programs.items():
            (destination / "programs" / name).write_text(text, "utf-8")
    return destination


def shared_folder(factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder that every xdist worker of this test run sees (the run's own temp folder
    without xdist), so that one expensive build serves them all."""
    base = factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    return root / f"shared-{name}"


@contextmanager
def exclusive(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive lock across processes (xdist workers) while the block runs."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """``make(folder)`` runs once per test run, in whichever worker asks first; the others
    wait for it and reuse the folder."""
    folder = shared_folder(factory, name)
    with exclusive(folder.with_name(folder.name + ".lock")):
        complete = folder.with_name(folder.name + ".complete")
        if not complete.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            make(folder)
            complete.touch()
    return folder


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    def make(folder: Path) -> None:
        done = build(PROJECT_ROOT, folder / "site")
        assert done.returncode == 0, done.stderr[-5000:]

    return build_once(tmp_path_factory, "built", make) / "site"


@pytest.fixture(scope="session")
def build_project(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    def _build(
        programs: dict[str, str],
        *,
        search: bool = True,
        shared: str | None = None,
    ) -> Path:
        """Build a copy of the project with these records (file name -> YAML text);
        returns its site folder.

        With ``shared="name"``, the copy is built once per test run and shared by every
        xdist worker: for read-only use by the tests that ask for the same name.
        """

        def make(folder: Path) -> None:
            project = copy_project(folder, programs)
            done = build(project, project / "site", search=search)
            assert done.returncode == 0, done.stderr[-5000:]

        if shared is not None:
            return build_once(tmp_path_factory, shared, make) / "site"
        folder = tmp_path_factory.mktemp("project")
        make(folder)
        return folder / "site"

    return _build


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(directory: Path) -> tuple[ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def served_site(built_site: Path) -> Iterator[str]:
    server, url = serve(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def serve_dir() -> Iterator[Callable[[Path], str]]:
    servers: list[ThreadingHTTPServer] = []

    def _serve(directory: Path) -> str:
        server, url = serve(directory)
        servers.append(server)
        return url

    yield _serve
    for server in servers:
        server.shutdown()


class RequestLog:
    """Every request a page makes, to prove none leaves the local server."""

    def __init__(self, origin: str) -> None:
        self.origin = _origin(origin)
        self.urls: list[str] = []

    def __call__(self, request: object) -> None:
        self.urls.append(request.url)  # type: ignore[attr-defined]

    def foreign(self) -> list[str]:
        return [
            u for u in self.urls
            if not u.startswith(("data:", "blob:", "about:")) and _origin(u) != self.origin
        ]


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


class PageOpener:
    """Opens pages that log every request; ``foreign()`` lists those to other hosts."""

    def __init__(self, browser: object) -> None:
        self.browser = browser
        self.opened: list[tuple[object, RequestLog]] = []

    def __call__(self, origin: str, **context_options: object) -> object:
        context = self.browser.new_context(**context_options)  # type: ignore[attr-defined]
        context.set_default_timeout(15_000)
        page = context.new_page()
        log = RequestLog(origin)
        page.on("request", log)
        page.request_log = log
        page.page_errors = []
        page.on("pageerror", lambda error: page.page_errors.append(str(error)))
        self.opened.append((context, log))
        return page

    def close(self) -> None:
        for context, _ in self.opened:
            context.close()  # type: ignore[attr-defined]

    def foreign(self) -> list[str]:
        return [url for _, log in self.opened for url in log.foreign()]


@pytest.fixture
def open_page(browser: object) -> Iterator[PageOpener]:
    """``open_page(base_url, **context_options)``: a page for a site served elsewhere
    (``serve_dir``); the test fails if any such page requested another host."""
    opener = PageOpener(browser)
    yield opener
    opener.close()
    assert opener.foreign() == [], f"requests to other hosts: {opener.foreign()}"


@pytest.fixture
def page(browser: object, served_site: str) -> Iterator[object]:
    opener = PageOpener(browser)
    page = opener(served_site)
    yield page
    opener.close()
    assert opener.foreign() == [], f"requests to other hosts: {opener.foreign()}"


def run_axe(page: object) -> list[dict]:
    """axe-core (the npm package) injected into the page; WCAG 2.x A and AA rules."""
    page.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
    result = page.evaluate(  # type: ignore[attr-defined]
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
              values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 5).map(
                n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
        }"""
    )
    return result
