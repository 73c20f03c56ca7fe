"""The scripts of the weekly "Listings due for review" workflow, run as GitHub runs them
(bash -eo pipefail), on a copy of the project.

The first step runs the real generator. The second talks to GitHub through `gh`: here a small
stand-in for GitHub's issues (tests/fake_gh.py) keeps issues in a JSON file, so that what
the script does to the one review issue (open, leave, update, close) can be checked.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.workflows

PROJECT_ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = PROJECT_ROOT / ".github" / "workflows" / "review-due.yml"
FAKE_GH = Path(__file__).parent / "fake_gh.py"
# On this day one example listing (San Gabriel Steps, verified 2025-08-14) is past the
# 12-month limit, and nothing else is due within 60 days.
TODAY = "2026-12-02"
LINK_BASE = "https://github.com/owner/repo/blob/main"


def job() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["due"]


def step(name: str) -> dict[str, Any]:
    found = [s for s in job()["steps"] if s.get("name") == name]
    assert len(found) == 1, f"no step {name!r} in review-due.yml"
    return found[0]


def run_step(name: str, cwd: Path, tmp_path: Path, given: dict[str, str]
             ) -> subprocess.CompletedProcess[str]:
    """The step's script with its job's literal env and `given` for each ${{ }} value."""
    chosen = step(name)
    literal = {k: str(v) for k, v in (job().get("env") or {}).items()}
    expressions = {k for k, v in (chosen.get("env") or {}).items() if "${{" in str(v)}
    assert expressions == set(given) - {"PATH", "IOP_DIRECTORY_TODAY", "FAKE_GH_STATE"}, \
        "the step's env changed: give the test a value for each expression"
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir(exist_ok=True)
    env = {
        "HOME": str(tmp_path), "LANG": "C.UTF-8", "RUNNER_TEMP": str(runner_temp),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"), **literal, **given,
    }
    script = tmp_path / "step.sh"
    script.write_text(chosen["run"], encoding="utf-8")
    # `shell: bash` on GitHub.
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    copy.mkdir()
    shutil.copytree(PROJECT_ROOT / "programs", copy / "programs")
    shutil.copy2(PROJECT_ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    return copy


def venv_path() -> str:
    # `python` is the one setup-python provides on GitHub: here the project's.
    return f"{Path(sys.executable).parent}:/usr/bin:/bin"


def test_listing_step_counts_and_summarises_what_is_due(project: Path, tmp_path: Path) -> None:
    done = run_step("List what is due", project, tmp_path, {
        "PATH": venv_path(), "IOP_DIRECTORY_TODAY": TODAY, "LINK_BASE": LINK_BASE})
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "output").read_text() == "count=1\n"
    summary = (tmp_path / "summary.md").read_text()
    assert "**San Gabriel Steps**" in summary
    assert f"{LINK_BASE}/programs/san-gabriel-steps.yaml" in summary
    assert (tmp_path / "runner-temp" / "due.md").read_text() == summary


def test_listing_step_with_nothing_due(project: Path, tmp_path: Path) -> None:
    (project / "programs" / "san-gabriel-steps.yaml").unlink()
    done = run_step("List what is due", project, tmp_path, {
        "PATH": venv_path(), "IOP_DIRECTORY_TODAY": TODAY, "LINK_BASE": LINK_BASE})
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "output").read_text() == "count=0\n"
    assert (tmp_path / "summary.md").read_text().splitlines()[0] == "No listing needs attention."


def test_listing_step_fails_when_the_generator_fails(project: Path, tmp_path: Path) -> None:
    shutil.rmtree(project / "programs")
    done = run_step("List what is due", project, tmp_path, {
        "PATH": venv_path(), "IOP_DIRECTORY_TODAY": TODAY, "LINK_BASE": LINK_BASE})
    assert done.returncode != 0
    assert not (tmp_path / "output").exists()


# --- the issue ----------------------------------------------------------------------------


class GitHub:
    """The fake's state: issues and labels of one repository, in a JSON file."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.state = tmp_path / "github.json"
        self.bin = tmp_path / "bin"
        self.bin.mkdir()
        gh = self.bin / "gh"
        gh.write_text(f"#!/bin/sh\nexec {sys.executable} {FAKE_GH} \"$@\"\n")
        gh.chmod(0o755)
        self.save({"issues": [], "labels": []})

    def load(self) -> dict[str, Any]:
        return json.loads(self.state.read_text())

    def save(self, state: dict[str, Any]) -> None:
        self.state.write_text(json.dumps(state))

    def add_issue(self, title: str, labels: list[str], body: str = "", state: str = "open"
                  ) -> None:
        data = self.load()
        data["issues"].append({"number": len(data["issues"]) + 1, "title": title,
                               "labels": labels, "state": state, "body": body,
                               "comments": []})
        self.save(data)

    def update(self, report: str, count: int) -> subprocess.CompletedProcess[str]:
        (self.tmp_path / "runner-temp").mkdir(exist_ok=True)
        (self.tmp_path / "runner-temp" / "due.md").write_text(report)
        return run_step("Open, update or close the issue", self.tmp_path, self.tmp_path, {
            "PATH": f"{self.bin}:{venv_path()}", "FAKE_GH_STATE": str(self.state),
            "GH_TOKEN": "token", "GH_REPO": "owner/repo", "COUNT": str(count),
            "WORKFLOW_URL": "https://github.com/owner/repo/actions/workflows/review-due.yml",
        })

    def review_issues(self) -> list[dict[str, Any]]:
        title = job()["env"]["ISSUE_TITLE"]
        return [issue for issue in self.load()["issues"] if issue["title"] == title]


REPORT = "1 listing needs checking again.\n\n- [ ] **San Gabriel Steps**\n"
LONGER = "2 listings need checking again.\n\n- [ ] **San Gabriel Steps**\n- [ ] **Other**\n"


@pytest.fixture
def github(tmp_path: Path) -> GitHub:
    return GitHub(tmp_path)


def ok(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 0, done.stdout + done.stderr


def test_nothing_due_and_no_issue_changes_nothing(github: GitHub) -> None:
    ok(github.update("No listing needs attention.\n", 0))
    assert github.load() == {"issues": [], "labels": []}


def test_one_issue_is_opened_kept_updated_and_closed(github: GitHub) -> None:
    label = job()["env"]["ISSUE_LABEL"]
    # Another open issue with the label, and a closed review issue, are left alone.
    github.add_issue("Something else", [label])
    github.add_issue(job()["env"]["ISSUE_TITLE"], [label], "old list", state="closed")

    ok(github.update(REPORT, 1))
    opened = [issue for issue in github.review_issues() if issue["state"] == "open"]
    assert len(opened) == 1
    assert opened[0]["labels"] == [label] and label in github.load()["labels"]
    assert opened[0]["body"].startswith(REPORT + "\n---\n")
    assert "the issue closes itself when nothing is due" in opened[0]["body"]

    # The same list the next week: left as it is, nobody notified.
    ok(github.update(REPORT, 1))
    assert github.review_issues()[1:] == opened

    # A changed list: the description is updated, and a comment says so.
    ok(github.update(LONGER, 2))
    issue = github.review_issues()[1]
    assert issue["body"].startswith(LONGER) and issue["state"] == "open"
    assert len(issue["comments"]) == 1 and "2 listing(s) now need attention" in issue[
        "comments"][0]

    # Nothing due: closed, with a comment.
    ok(github.update("No listing needs attention.\n", 0))
    issue = github.review_issues()[1]
    assert issue["state"] == "closed"
    assert issue["comments"][-1].startswith("No listing needs attention any more")
    assert len(github.load()["issues"]) == 3
    assert github.load()["issues"][0]["state"] == "open"  # "Something else"

    # Due again: a new issue, not the closed one reopened.
    ok(github.update(REPORT, 1))
    assert [i["state"] for i in github.review_issues()] == ["closed", "closed", "open"]


def test_a_second_open_review_issue_is_not_made(github: GitHub) -> None:
    github.add_issue(job()["env"]["ISSUE_TITLE"], [job()["env"]["ISSUE_LABEL"]], "old list")
    ok(github.update(REPORT, 1))
    assert [issue["number"] for issue in github.review_issues()] == [1]
    assert github.review_issues()[0]["body"].startswith(REPORT)


def test_a_failing_gh_fails_the_step(github: GitHub) -> None:
    state = github.load()
    state["fail"] = "issue create"
    github.save(state)
    done = github.update(REPORT, 1)
    assert done.returncode != 0
    assert github.review_issues() == []
