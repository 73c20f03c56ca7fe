"""The pre-commit hooks: the config's shape, and the validator hook run for real on a copy of
the project, with and without the virtual environment, and through pre-commit itself.

ruff's hook lives in its own repository, which pre-commit clones from GitHub: that part is
checked for its shape only (no network here); the local validator hook is run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.workflows

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CONFIG = PROJECT_ROOT / ".pre-commit-config.yaml"
HOOK = PROJECT_ROOT / "scripts" / "pre-commit-validate"
SYSTEM_PATH = "/usr/bin:/bin"
HINT = "run make test or make serve first to create .venv"
# On this day one example record's accreditation has expired (2027-02-28) and no other
# credential has: that finding is an error only when its record is among the changed ones.
TODAY = "2027-03-15"
EXPIRED = "programs/san-gabriel-steps.yaml"
UNTOUCHED = "programs/riverbend-collegiate-recovery.yaml"
EXPIRY_FINDING = "accreditations[0].expires: the accreditation expired on 2027-02-28"
# Where that expiry is in the record (line:column of its value).
EXPIRY_LINE = next(i for i, line in enumerate(
    (Path(__file__).resolve().parents[1] / EXPIRED).read_text("utf-8").splitlines(), 1)
    if "expires: 2027-02-28" in line)


def ruff_version() -> str:
    constraints = (PROJECT_ROOT / "constraints.txt").read_text(encoding="utf-8")
    match = re.search(r"^ruff==(\S+)$", constraints, re.MULTILINE)
    assert match, "constraints.txt pins ruff"
    return match[1]


def config_problems(config: dict[str, Any]) -> list[str]:
    problems = []
    repos = {repo["repo"]: repo for repo in config.get("repos") or []}
    ruff = repos.get("https://github.com/astral-sh/ruff-pre-commit")
    if ruff is None:
        problems.append("ruff comes from astral-sh/ruff-pre-commit")
    else:
        if ruff.get("rev") != f"v{ruff_version()}":
            problems.append(f"ruff-pre-commit rev {ruff.get('rev')} is not "
                            f"v{ruff_version()} (constraints.txt)")
        if [hook["id"] for hook in ruff.get("hooks") or []] != ["ruff-check"]:
            problems.append("the ruff hook is ruff-check")
    local = {hook["id"]: hook for hook in (repos.get("local") or {}).get("hooks") or []}
    hook = local.get("validate-programs")
    if hook is None:
        return [*problems, "no local validate-programs hook"]
    if hook.get("language") != "script" or hook.get("entry") != "scripts/pre-commit-validate":
        problems.append("the validator runs through scripts/pre-commit-validate "
                        "(language: script), not whatever `python` is on PATH")
    if hook.get("pass_filenames") is False:
        problems.append("the validator must be given the staged records")
    files = re.compile(hook.get("files", ""))
    if not files.search("programs/new-program.yaml") or any(
            files.search(other) for other in ("mkdocs.yml", ".github/workflows/test.yml",
                                              "programs/.geocode-cache.json")):
        problems.append("the validator runs for records in programs/, and only for them")
    problems += [f"hook {hook['id']} needs an activated environment (language: system)"
                 for repo in repos.values() for hook in repo.get("hooks") or []
                 if hook.get("language") == "system"]
    return problems


def load_config(text: str | None = None) -> dict[str, Any]:
    return yaml.safe_load(CONFIG.read_text(encoding="utf-8") if text is None else text)


def pre_commit(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_config_has_ruff_from_its_repository_and_the_validator_hook() -> None:
    assert config_problems(load_config()) == []


@pytest.mark.parametrize(("old", "new", "expected"), [
    (f"rev: v{ruff_version()}", "rev: v0.6.0", "is not v"),
    ("language: script", "language: system", "language: system"),
    ("entry: scripts/pre-commit-validate", "entry: python -m generator validate",
     "scripts/pre-commit-validate"),
    ("files: ^programs/", "files: ^", "only for them"),
    ("require_serial: true", "require_serial: true\n        pass_filenames: false",
     "staged records"),
])
def test_config_check_rejects_a_broken_copy(old: str, new: str, expected: str) -> None:
    text = CONFIG.read_text(encoding="utf-8")
    assert text.count(old) == 1
    problems = config_problems(load_config(text.replace(old, new)))
    assert any(expected in problem for problem in problems), problems


def test_pre_commit_accepts_the_config(tmp_path: Path) -> None:
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    done = pre_commit("validate-config", str(CONFIG), cwd=PROJECT_ROOT, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text(CONFIG.read_text(encoding="utf-8").replace("hooks:", "hook:", 1))
    done = pre_commit("validate-config", str(broken), cwd=PROJECT_ROOT, env=env)
    assert done.returncode != 0
    assert "hooks" in done.stdout + done.stderr


def test_the_hook_script_is_executable() -> None:
    assert os.access(HOOK, os.X_OK)
    listed = subprocess.run(["git", "ls-files", "-s", str(HOOK)], cwd=PROJECT_ROOT,
                            capture_output=True, text=True)
    if listed.returncode == 0 and listed.stdout:
        assert listed.stdout.startswith("100755"), "commit it with its executable bit"


# --- the validator hook, run ----------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """What the validator reads: the records and the build's settings."""
    copy = tmp_path / "project"
    copy.mkdir()
    shutil.copytree(PROJECT_ROOT / "programs", copy / "programs")
    shutil.copy2(PROJECT_ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    return copy


@pytest.fixture
def bare_python(tmp_path: Path) -> Path:
    """A bin folder whose python3 has none of the generator's dependencies."""
    folder = tmp_path / "bare"
    venv.create(folder, with_pip=False)
    return folder / "bin"


def project_venv() -> Path:
    if sys.prefix == sys.base_prefix:
        pytest.fail("run the tests with the project's .venv (make test creates it)")
    return Path(sys.prefix)


def run_hook(cwd: Path, path: str, *files: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": path, "HOME": str(cwd), "LANG": "C.UTF-8", "IOP_DIRECTORY_TODAY": TODAY}
    return subprocess.run([str(HOOK), *files], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def finding_lines(done: subprocess.CompletedProcess[str], kind: str) -> list[str]:
    return [line for line in done.stdout.splitlines() if f": {kind}: " in line]


def assert_changed_records_decide(cwd: Path, path: str) -> None:
    # The expired accreditation blocks the commit that changes its record...
    done = run_hook(cwd, path, EXPIRED)
    assert done.returncode == 1, done.stdout + done.stderr
    assert [line for line in finding_lines(done, "error")] == [
        f"{EXPIRED}:{EXPIRY_LINE}:14: error: {EXPIRY_FINDING}; confirm the renewal and "
        "enter the new expiry date, or remove it"]
    # ...and only warns in a commit that changes another one.
    done = run_hook(cwd, path, UNTOUCHED)
    assert done.returncode == 0, done.stdout + done.stderr
    assert finding_lines(done, "error") == []
    assert any(line.startswith(EXPIRED) and EXPIRY_FINDING in line
               for line in finding_lines(done, "warning"))
    assert "Traceback" not in done.stderr


def test_hook_uses_the_project_venv_when_it_is_not_active(
        project: Path, bare_python: Path) -> None:
    (project / ".venv").symlink_to(project_venv(), target_is_directory=True)
    # python3 on PATH has no generator: only .venv/bin/python can have run the validator.
    assert_changed_records_decide(project, f"{bare_python}:{SYSTEM_PATH}")


def test_hook_uses_the_active_environment_without_a_venv_folder(project: Path) -> None:
    assert_changed_records_decide(project, f"{project_venv() / 'bin'}:{SYSTEM_PATH}")


def test_hook_without_the_generator_prints_a_one_line_hint(
        project: Path, bare_python: Path) -> None:
    done = run_hook(project, f"{bare_python}:{SYSTEM_PATH}", EXPIRED)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and HINT in done.stderr, done.stderr


def test_hook_with_no_files_validates_everything(project: Path) -> None:
    done = run_hook(project, f"{project_venv() / 'bin'}:{SYSTEM_PATH}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "14 files checked: 0 errors" in done.stderr


def test_pre_commit_runs_the_hook_on_the_staged_records(project: Path, tmp_path: Path) -> None:
    """pre-commit itself, with the local hooks of the real config (ruff's needs GitHub)."""
    config = load_config()
    config["repos"] = [repo for repo in config["repos"] if repo["repo"] == "local"]
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    (project / "scripts").mkdir()
    shutil.copy2(HOOK, project / "scripts" / HOOK.name)
    (project / ".venv").symlink_to(project_venv(), target_is_directory=True)
    (project / ".gitignore").write_text(".venv\n")
    env = {"PATH": f"{Path(sys.executable).parent}:{SYSTEM_PATH}", "HOME": str(tmp_path),
           "LANG": "C.UTF-8", "IOP_DIRECTORY_TODAY": TODAY,
           "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_CONFIG_NOSYSTEM": "1"}
    for command in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *command], cwd=project, env=env, check=True)

    done = pre_commit("run", "validate-programs", "--files", EXPIRED, cwd=project, env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{EXPIRED}:{EXPIRY_LINE}:14: error: {EXPIRY_FINDING}" in done.stdout

    done = pre_commit("run", "validate-programs", "--files", UNTOUCHED, cwd=project, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"Validate program records\.+Passed", done.stdout)
