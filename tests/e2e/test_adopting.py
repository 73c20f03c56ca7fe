"""The README's "Adopting this for real listings", followed step by step on a copy of
the project: remove the examples, import drafts from the federal locator, verify one,
publish it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.e2e.conftest import PROJECT_ROOT, copy_project

pytestmark = pytest.mark.build

LOCATOR_FILE = PROJECT_ROOT / "tests" / "fixtures" / "samhsa" / "locator-facilities.csv"


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "IOP_DIRECTORY_TODAY": "2026-11-27"}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=project,
                          capture_output=True, text=True, env=env, timeout=600)


def test_adopting_the_project_for_real_listings(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    readme = (PROJECT_ROOT / "README.md").read_text("utf-8")
    assert "## Adopting this for real listings" in readme

    # 1. Remove the examples: the site still builds, and says it has no listing yet.
    # The command as the README gives it, run by a shell: it must not fail on a fresh
    # clone, which has no geocode cache yet.
    remove = "rm -f programs/*.yaml programs/.geocode-cache.json"
    assert f"`{remove}`" in readme
    done = subprocess.run(["sh", "-c", remove], cwd=project, capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")
    assert not list((project / "programs").glob("*.yaml"))
    done = run(project, "build")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "No programs are listed" in (project / "site" / "index.html").read_text()

    # 3. Import drafts from the federal locator.
    assert "python -m generator import samhsa FILE --near 78701 --radius 60" in readme
    done = run(project, "import", "samhsa", str(LOCATOR_FILE), "--near", "78701",
               "--radius", "60")
    assert done.returncode == 0, done.stderr
    drafts = sorted((project / "programs").glob("*.yaml"))
    assert drafts
    # Drafts are checked but never published: the build passes, still with no listing.
    done = run(project, "build", "--no-search-index")
    assert done.returncode == 0, done.stderr[-3000:]
    assert not (project / "site" / "programs" / drafts[0].stem).exists()

    # 4. Verify: the to-do list names what each draft needs.
    todo = run(project, "validate", "--drafts")
    assert todo.returncode == 0 and f"{len(drafts)} drafts:" in todo.stdout
    draft = drafts[0]
    assert f"programs/{draft.name}" in todo.stdout
    data = yaml.safe_load(draft.read_text())
    data.update(
        levels_of_care=["iop"],
        schedule={"format": "in-person", "days_per_week": 3, "tracks": ["evening"]},
        contact={"phone": "512-555-0177"},
        accepting_new_clients=True,
        summary="Evening intensive outpatient program for adults, checked by phone.",
        verification={"last_verified": "2026-11-25", "verified_by": "A. Editor",
                      "method": "phone"},
    )
    # 5. Publish: change `status: draft` to `status: published`; validate reports 0 errors.
    assert "change `status: draft` to `status: published`" in readme
    assert data["status"] == "draft"
    data["status"] = "published"
    draft.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    done = run(project, "validate")
    assert done.returncode == 0, done.stdout
    assert "0 errors" in done.stderr
    done = run(project, "build")
    assert done.returncode == 0, done.stderr[-3000:]
    page = project / "site" / "programs" / draft.stem / "index.html"
    assert data["name"] in page.read_text()
    assert "No programs are listed" not in (project / "site" / "index.html").read_text()
