"""A failed build never leaves a half-written site: the previous site/ stays as it was.

One copy of the project is built once with ``python -m generator build``; each test breaks
it in one way (an invalid record, a broken template), runs the real build command again in
that copy, checks that the site is byte for byte what the first build wrote, and repairs it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import TEST_TODAY, build_once, copy_project, exclusive

pytestmark = pytest.mark.build

Snapshot = dict[str, tuple[bytes, int]]


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project, built once with the same command the tests run again."""

    def make(folder: Path) -> None:
        copy_project(folder)
        done = run(folder, sys.executable, "-m", "generator", "build", "--no-search-index")
        assert done.returncode == 0, done.stderr[-3000:]

    project = build_once(tmp_path_factory, "failed-build", make)
    assert (project / "site" / "programs" / "san-gabriel-steps" / "index.html").is_file()
    return project


@pytest.fixture
def project(built_project: Path) -> Iterator[Path]:
    """The shared copy, for one test at a time across xdist workers: each breaks and
    repairs it."""
    with exclusive(built_project.with_name(built_project.name + ".in-use")):
        yield built_project


def snapshot(site: Path) -> Snapshot:
    return {
        path.relative_to(site).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(site.rglob("*"))
        if path.is_file()
    } | {
        path.relative_to(site).as_posix() + "/": (b"", path.stat().st_mtime_ns)
        for path in site.rglob("*")
        if path.is_dir()
    }


def assert_unchanged(site: Path, before: Snapshot) -> None:
    after = snapshot(site)
    assert sorted(after) == sorted(before), "files were added to or removed from the site"
    changed = [name for name in before if after[name] != before[name]]
    assert changed == [], f"the failed build changed {changed[:10]}"


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "IOP_DIRECTORY_TODAY": TEST_TODAY, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        list(args), cwd=project, capture_output=True, text=True, env=env, timeout=600
    )


def generator_build(project: Path) -> subprocess.CompletedProcess:
    return run(project, sys.executable, "-m", "generator", "build")


def mkdocs_build(project: Path) -> subprocess.CompletedProcess:
    return run(project, str(Path(sys.executable).with_name("mkdocs")), "build")


def staging_folders(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site-"))


INVALID_RECORD = """\
# yaml-language-server: $schema=../generator/schema/program.schema.json

name: Broken Example IOP
summary: A record with one mistake, to show that a failed build changes nothing.
conditions:
  - mental-health
schedule:
  days_per_week: 3
  hours_per_day: 30
locations:
  - address: 100 Congress Ave
    city: Austin
    zip: "78701"
    coordinates: {lat: 30.2635, lon: -97.7446}
verification:
  last_verified: 2026-11-01
  verified_by: A. Tester
"""


@pytest.fixture
def invalid_record(project: Path) -> Iterator[tuple[str, int, int]]:
    path = project / "programs" / "zz-broken-example.yaml"
    path.write_text(INVALID_RECORD, "utf-8")
    lines = INVALID_RECORD.splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "hours_per_day" in text)
    column = lines[line - 1].index("30") + 1
    yield path.name, line, column
    path.unlink()


@pytest.fixture
def broken_template(project: Path) -> Iterator[None]:
    template = project / "theme" / "templates" / "directory" / "program.html"
    original = template.read_text("utf-8")
    broken = original.replace("<h1>{{ program.name }}</h1>", "<h1>{{ program.name }</h1>{% if %}")
    template.write_text(broken, "utf-8")
    assert template.read_text("utf-8") != original
    yield
    template.write_text(original, "utf-8")


def test_invalid_record_stops_the_build_and_keeps_the_site(
    project: Path, invalid_record: tuple[str, int, int]
) -> None:
    name, line, column = invalid_record
    site = project / "site"
    before = snapshot(site)
    done = generator_build(project)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output[-3000:]
    assert re.search(rf"programs/{re.escape(name)}:{line}:{column}: error: ", output), output
    assert "Traceback" not in output
    assert_unchanged(site, before)
    assert staging_folders(project) == []


def test_plain_mkdocs_build_with_an_invalid_record_keeps_the_site(
    project: Path, invalid_record: tuple[str, int, int]
) -> None:
    name, line, column = invalid_record
    site = project / "site"
    before = snapshot(site)
    done = mkdocs_build(project)
    assert done.returncode != 0
    assert f"programs/{name}:{line}:{column}: error: " in done.stdout + done.stderr
    assert_unchanged(site, before)
    assert staging_folders(project) == []


def test_a_broken_template_keeps_the_site_and_leaves_no_staging_folder(
    project: Path, broken_template: None
) -> None:
    site = project / "site"
    before = snapshot(site)
    done = generator_build(project)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output[-3000:]
    assert "Traceback" not in output
    assert_unchanged(site, before)
    assert staging_folders(project) == []

    done = mkdocs_build(project)
    assert done.returncode != 0
    assert_unchanged(site, before)
    assert staging_folders(project) == []


def test_a_broken_template_is_reported_as_a_build_error(
    project: Path, broken_template: None
) -> None:
    """Exit 1 (the build failed) naming the template, not exit 70 ("a bug in the generator")."""
    done = generator_build(project)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output[-3000:]
    assert "program.html" in output
    assert "bug in the generator" not in output
