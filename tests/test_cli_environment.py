"""Problems of the machine get a plain message and exit 3, never "internal error".

Permissions do not stop root: as root, a folder that must not be written is made a
read-only bind mount in a mount namespace of the command's own.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
EXIT_ENVIRONMENT = 3
RECORD = PROJECT_ROOT / "programs" / "limestone-ledge-recovery.yaml"


def old_python() -> str | None:
    """An interpreter older than 3.11 on this machine, if any (pyenv keeps several)."""
    candidates = [shutil.which(f"python3.{minor}") for minor in (10, 9, 8)]
    candidates += sorted(map(str, Path.home().glob(".pyenv/versions/3.1[0]*/bin/python3")))
    candidates += sorted(map(str, Path.home().glob(".pyenv/versions/3.[89]*/bin/python3")))
    for python in filter(None, candidates):
        done = subprocess.run([python, "-c", "import sys; print(sys.version_info < (3, 11))"],
                              capture_output=True, text=True, timeout=30)
        if done.stdout.strip() == "True":
            return python
    return None


def run(*args: str, cwd: Path = PROJECT_ROOT, python: tuple[str, ...] = (sys.executable,),
        prefix: tuple[str, ...] = (), timeout: int = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "IOP_DIRECTORY_TODAY": "2026-11-27"}
    return subprocess.run([*prefix, *python, "-m", "generator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def assert_plain(done: subprocess.CompletedProcess[str], message: str) -> None:
    assert done.returncode == EXIT_ENVIRONMENT, done.stdout + done.stderr[-3000:]
    assert message in done.stderr, done.stderr[-3000:]
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


def read_only(folder: Path) -> tuple[str, ...]:
    """A prefix for commands that must not be able to write into ``folder``.

    Permissions do not stop root, so as root the command runs in a mount namespace where
    the folder is a read-only bind mount of itself; otherwise the folder loses its write
    bits.
    """
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return ()
    prefix = ("unshare", "--mount", "sh", "-c",
              'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"',
              str(folder))
    probe = subprocess.run([*prefix, "touch", str(folder / "probe")], capture_output=True,
                           text=True, timeout=30)
    if probe.returncode == 0 or "Read-only file system" not in probe.stderr:
        pytest.skip(f"running as root and no read-only bind mount here: {probe.stderr}")
    return prefix


def minimal_project(folder: Path) -> Path:
    folder.mkdir()
    (folder / "mkdocs.yml").write_text(
        "site_name: Test\ntheme: material\nplugins: [iop-directory]\n", "utf-8")
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text("# Test\n", "utf-8")
    (folder / "programs").mkdir()
    shutil.copy(RECORD, folder / "programs" / RECORD.name)
    return folder


def test_a_port_in_use_is_named_with_a_free_one_to_use() -> None:
    with socket.socket() as other_server:
        other_server.bind(("127.0.0.1", 0))
        other_server.listen()
        port = other_server.getsockname()[1]
        done = run("serve", "-a", f"127.0.0.1:{port}", timeout=60)
    assert_plain(done, f"port {port} is in use; stop the other server or use -a 127.0.0.1:")
    suggested = int(re.search(r"-a 127\.0\.0\.1:(\d+)", done.stderr)[1])
    assert suggested != port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", suggested))  # it is free


@pytest.mark.parametrize("command", ["build", "validate", "serve"])
def test_a_python_without_the_environment_says_which_module_is_missing(command: str) -> None:
    # -S: the same Python without site-packages, like python3 outside the virtual env.
    done = run(command, python=(sys.executable, "-S"), timeout=60)
    assert_plain(done, "activate the environment (. .venv/bin/activate) or run make serve "
                       "/ make test")
    assert re.search(r"the Python module '(jinja2|mkdocs|yaml|zipcodes|\w+)' is missing",
                     done.stderr), done.stderr


def test_a_python_that_is_too_old_is_told_so() -> None:
    python = old_python()
    if python is None:
        pytest.skip("no Python older than 3.11 on this machine")
    done = run("build", python=(python,), timeout=60)
    assert_plain(done, "error: Python 3.11 or newer is needed, this is 3.")


def test_a_read_only_output_folder(tmp_path: Path) -> None:
    project = minimal_project(tmp_path / "project")
    folder = tmp_path / "read-only"
    folder.mkdir()
    prefix = read_only(folder)
    reason = "the file system is read-only" if prefix else "permission denied"
    done = run("build", "--site-dir", str(folder / "site"), cwd=project, prefix=prefix)
    assert_plain(done, f"cannot write to {folder}: {reason}")
    # The default site/, in a project folder that cannot be written.
    done = run("build", cwd=project, prefix=read_only(project))
    assert_plain(done, f"cannot write to {project}: {reason}")
    project.chmod(0o755)
    assert not list(project.glob(".site-*")) and not (project / "site").exists()


def test_a_file_where_the_output_folder_should_be(tmp_path: Path) -> None:
    # Holds for root too: no permission can make a file into a folder.
    project = minimal_project(tmp_path / "project")
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder\n", "utf-8")
    done = run("build", "--site-dir", str(blocker / "site"), cwd=project)
    assert_plain(done, f"cannot write to {blocker}: {blocker} is a file, not a folder")
    done = run("build", "--site-dir", str(blocker / "deeper" / "site"), cwd=project)
    assert_plain(done, f"{blocker} is a file, not a folder")
    usage = run("build", "--site-dir", str(blocker), cwd=project)
    assert usage.returncode == 2 and "is a file; give a folder" in usage.stderr
    assert blocker.read_text("utf-8") == "not a folder\n"


@pytest.mark.parametrize("command", ["build", "serve"])
def test_an_unreadable_mkdocs_yml(command: str, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file; the read-only output test covers root")
    project = minimal_project(tmp_path / "project")
    (project / "mkdocs.yml").chmod(0o200)
    done = run(command, cwd=project, timeout=60)
    assert_plain(done, "cannot read mkdocs.yml: permission denied")


@pytest.mark.parametrize("command", ["build", "serve"])
def test_a_missing_mkdocs_yml_or_a_folder_in_its_place_is_a_usage_error(
    command: str, tmp_path: Path
) -> None:
    done = run(command, cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    assert "mkdocs.yml: no such file; run this from the project's folder" in done.stderr
    (tmp_path / "mkdocs.yml").mkdir()
    done = run(command, cwd=tmp_path, timeout=60)
    assert done.returncode == 2 and "mkdocs.yml is a folder" in done.stderr
