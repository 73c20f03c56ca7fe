"""The build under hostile records and faults: it fails in words or succeeds, never with
a traceback, and the previous site/ is never lost, half-replaced or left with leftovers."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.output import OutputFolder
from tests.e2e.conftest import TEST_TODAY, build_once, copy_project, exclusive
from tests.e2e.test_failed_build import assert_unchanged, snapshot, staging_folders

pytestmark = pytest.mark.build

CORPUS_RECORD = (Path(__file__).resolve().parents[1] / "corpus" / "valid" /
                 "days-as-range.yaml").read_text()


def run(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=project,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "IOP_DIRECTORY_TODAY": TEST_TODAY, **env})


@pytest.fixture(scope="session")
def hardened_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    def make(folder: Path) -> None:
        copy_project(folder, {"corpus.yaml": CORPUS_RECORD})
        done = run(folder, "build", "--no-search-index")
        assert done.returncode == 0, done.stderr[-3000:]

    return build_once(tmp_path_factory, "hardened-build", make)


@pytest.fixture
def project(hardened_project: Path) -> Iterator[Path]:
    with exclusive(hardened_project.with_name(hardened_project.name + ".in-use")):
        yield hardened_project
        for extra in (hardened_project / "programs").glob("zz-*"):
            extra.unlink()
        for leftover in hardened_project.glob(".site-*"):
            subprocess.run(["rm", "-rf", str(leftover)], check=True)


def assert_clean_failure(done: subprocess.CompletedProcess[str], *needles: str) -> None:
    output = done.stdout + done.stderr
    assert done.returncode == 1, output[-3000:]
    assert "Traceback" not in output and "internal error" not in output
    for needle in needles:
        assert needle in output, (needle, output[-3000:])


@pytest.mark.parametrize(("name", "text", "needle"), [
    ("zz-year-zero.yaml", CORPUS_RECORD.replace("2026-10-01", "0000-10-01"),
     "zz-year-zero.yaml:20:18: error: verification.last_verified: 0000-10-01"),
    ("zz-deep.yaml", CORPUS_RECORD + "therapies: " + "[" * 500 + "]" * 500 + "\n",
     f"zz-deep.yaml:{len(CORPUS_RECORD.splitlines()) + 1}:"),  # the line it is on
    ("index.yaml", CORPUS_RECORD.replace("Corpus Test Program", "Index"),
     "is kept for the directory's own page"),
    ("zz-tagged.yaml", CORPUS_RECORD.replace("conditions: [substance-use]",
                                             "conditions: !!python/object/apply:os.system []"),
     "the YAML tag '!!python/object/apply:os.system'"),
])
def test_a_hostile_record_fails_the_build_in_words(
    project: Path, name: str, text: str, needle: str
) -> None:
    site = project / "site"
    before = snapshot(site)
    record = project / "programs" / name
    record.write_text(text)
    try:
        done = run(project, "build", "--no-search-index")
        assert_clean_failure(done, needle)
        assert_unchanged(site, before)
        assert staging_folders(project) == []
    finally:
        record.unlink()


def test_an_emoji_in_a_name_survives_into_the_title(project: Path, tmp_path: Path) -> None:
    name = "Bluebonnet 🌼 Recovery «Niños» \u00e9t\u00e9"
    record = project / "programs" / "zz-emoji.yaml"
    record.write_text(CORPUS_RECORD.replace("Corpus Test Program", name).replace(
        "A fictional program", "A fictional 🌼 program"))
    done = run(project, "build", "--no-search-index", "--site-dir", str(tmp_path / "site"))
    assert done.returncode == 0, done.stderr[-3000:]
    html = (tmp_path / "site" / "programs" / "zz-emoji" / "index.html").read_text("utf-8")
    assert f"<title>{name.replace('«', '&laquo;').replace('»', '&raquo;')}" in html or \
        f"<title>{name} - " in html, html[:2000]
    assert 'content="A fictional 🌼 program' in html


def test_a_project_file_at_a_generated_page_is_an_error(project: Path) -> None:
    clash = project / "content" / "find.md"
    clash.write_text("# My own finder\n")
    try:
        assert_clean_failure(run(project, "build", "--no-search-index"),
                             "find.md", "a page the directory makes itself")
    finally:
        clash.unlink()


def test_the_site_folder_has_the_usual_permissions(project: Path) -> None:
    done = run(project, "build", "--no-search-index")
    assert done.returncode == 0, done.stderr[-2000:]
    mode = stat.S_IMODE((project / "site").stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o777 & ~umask  # not mkdtemp's 0700: a web server can read it


def test_stale_staging_folders_are_swept_and_a_read_only_site_is_replaced(
    project: Path,
) -> None:
    stale = project / ".site-killedbuild"
    (stale / "programs").mkdir(parents=True)
    (stale / "programs" / "index.html").write_text("half written")
    old = project / ".site-old-abcdef12"
    old.mkdir()
    site = project / "site"
    for path in [site, *site.rglob("*")]:
        if path.is_dir():
            path.chmod(0o555)
    try:
        done = run(project, "build", "--no-search-index")
        assert done.returncode == 0, done.stderr[-2000:]
    finally:
        for path in [site, *site.rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)
    assert staging_folders(project) == []
    assert (site / "programs" / "corpus" / "index.html").is_file()


def test_a_second_build_at_the_same_time_is_told_to_wait(project: Path) -> None:
    holder = OutputFolder(project / "site")
    holder.begin()
    try:
        done = run(project, "build", "--no-search-index")
        assert_clean_failure(done, "another build is writing")
    finally:
        holder.discard()
    assert staging_folders(project) == []


def test_a_killed_build_never_loses_the_site(project: Path) -> None:
    site = project / "site"
    env = {**os.environ, "IOP_DIRECTORY_TODAY": TEST_TODAY}
    for delay in (0.5, 1.5, 3.0, 5.0):
        build = subprocess.Popen([sys.executable, "-m", "generator", "build"], cwd=project,
                                 env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 start_new_session=True)
        time.sleep(delay)
        os.killpg(build.pid, signal.SIGKILL)
        build.wait()
        assert (site / "index.html").is_file(), f"no site after a kill at {delay} s"
    done = run(project, "build", "--no-search-index")
    assert done.returncode == 0, done.stderr[-2000:]
    assert staging_folders(project) == []


@pytest.mark.parametrize("fault", ["truncate", "empty", "remove"])
def test_a_search_index_written_incompletely_fails_the_build(
    project: Path, tmp_path: Path, fault: str
) -> None:
    """Pagefind exits 0 though its writes failed (a full disk): the real binary runs, then
    a fault like a full disk's is applied to what it wrote."""
    from pagefind.service import get_executable

    wrapper = tmp_path / "pagefind"
    action = {"truncate": 'head -c 20 "$f" > "$f.cut" && mv "$f.cut" "$f"',
              "empty": ': > "$f"', "remove": 'rm "$f"'}[fault]
    wrapper.write_text(
        "#!/bin/sh\n"
        f'"{get_executable()}" "$@" || exit $?\n'
        'site=""; while [ $# -gt 0 ]; do [ "$1" = --site ] && site="$2"; shift; done\n'
        'f=$(ls "$site"/pagefind/fragment/*.pf_fragment | head -n 1)\n'
        f"{action}\nexit 0\n")
    wrapper.chmod(0o755)
    site = project / "site"
    before = snapshot(site)
    done = run(project, "build", PAGEFIND_BINARY_PATH=str(wrapper))
    assert_clean_failure(done, "the search index is incomplete")
    assert_unchanged(site, before)
    assert staging_folders(project) == []
