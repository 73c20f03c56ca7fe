"""`python -m generator serve`: editing a record or a template rebuilds the page it shows."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import copy_project


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as err:
        return err.code


def _wait_for(url: str, needle: str, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                text = response.read().decode("utf-8")
            if needle in text:
                return text
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{needle!r} did not appear at {url}")


def _serve(project: Path, port: int) -> subprocess.Popen[bytes]:
    """`python -m generator serve` on the project, as an editor starts it."""
    env = {**os.environ, "IOP_DIRECTORY_TODAY": "2026-11-27"}
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


@pytest.mark.build
def test_serve_rebuilds_after_a_record_or_a_template_changes(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    port = _free_port()
    server = _serve(project, port)
    try:
        url = f"http://127.0.0.1:{port}/programs/limestone-ledge-recovery/"
        _wait_for(url, "Limestone Ledge Recovery")
        record = project / "programs" / "limestone-ledge-recovery.yaml"
        text = record.read_text()
        record.write_text(text.replace("Adult intensive outpatient program",
                                       "Freshly edited intensive outpatient program", 1))
        _wait_for(url, "Freshly edited intensive outpatient program")
        template = project / "theme" / "templates" / "directory" / "program.html"
        heading = '{{ _("At a glance") }}</h2>'
        assert heading in template.read_text()
        template.write_text(template.read_text().replace(heading, 'In short</h2>'))
        _wait_for(url, ">In short</h2>")

        # A mistake in a record: the preview keeps answering, with the record as it last
        # was and the finding on every page; fixing it clears the finding.
        broken = text.replace("name: Limestone Ledge Recovery", "nmae: Limestone Ledge Recovery")
        record.write_text(broken)
        page = _wait_for(url, "The records have")
        assert "Limestone Ledge Recovery</h1>" in page
        assert "unknown key &#39;nmae&#39;" in page or "unknown key 'nmae'" in page
        home = _wait_for(f"http://127.0.0.1:{port}/", "The records have")
        assert "limestone-ledge-recovery.yaml" in home
        record.write_text(text)
        _wait_for(url, "Adult intensive outpatient program")
        assert "The records have" not in _wait_for(url, "Limestone Ledge Recovery")
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.build
def test_serve_renders_again_every_page_an_edit_touches(tmp_path: Path) -> None:
    # A rebuild after a record changes renders only the program pages that can differ:
    # the record's own and those listing it as a neighbour; the rest stay as they were.
    project = copy_project(tmp_path / "project")
    port = _free_port()
    server = _serve(project, port)
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(base + "programs/limestone-ledge-recovery/", "Limestone Ledge Recovery")
        slugs = [p.stem for p in sorted((project / "programs").glob("*.yaml"))
                 if _status(f"{base}programs/{p.stem}/") == 200]  # drafts have no page
        pages = {slug: _wait_for(f"{base}programs/{slug}/", "</html>") for slug in slugs}
        listing = [slug for slug, page in pages.items() if slug != "limestone-ledge-recovery"
                   and "Limestone Ledge Recovery<" in page]
        assert listing, "some program must list Limestone Ledge Recovery as a neighbour"
        record = project / "programs" / "limestone-ledge-recovery.yaml"
        record.write_text(record.read_text().replace(
            "name: Limestone Ledge Recovery", "name: Limestone Ledge Recovery Centre", 1))
        _wait_for(base + "programs/limestone-ledge-recovery/", "Limestone Ledge Recovery Centre")
        for slug in listing:
            _wait_for(f"{base}programs/{slug}/", "Limestone Ledge Recovery Centre")
        _wait_for(base + "programs/", "Limestone Ledge Recovery Centre")
        _wait_for(base + "es/programs/", "Limestone Ledge Recovery Centre")
        # The data files follow the pages: the finder's index and the open data.
        _wait_for(base + "assets/finder/programs.json", "Limestone Ledge Recovery Centre")
        _wait_for(base + "data/programs.json", "Limestone Ledge Recovery Centre")

        # A record removed: its page goes too; a new one appears.
        other = project / "programs" / "windmill-creek-iop.yaml"
        text = other.read_text()
        other.unlink()
        deadline = time.monotonic() + 90
        while _status(base + "programs/windmill-creek-iop/") != 404:
            assert time.monotonic() < deadline, "the removed program's page is still served"
            time.sleep(0.5)
        (project / "programs" / "windmill-creek-again.yaml").write_text(text)
        _wait_for(base + "programs/windmill-creek-again/", "Windmill Creek IOP")
    finally:
        server.terminate()
        server.wait(timeout=30)
