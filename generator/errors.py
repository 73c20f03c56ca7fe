"""Problems of the machine rather than of the input or the command line (exit 3).

A port in use, a folder that cannot be written, a module missing because the virtual
environment is not active: the user can fix each, and none is a bug in the generator, so
each gets a plain message instead of "internal error".
"""

from __future__ import annotations

import errno
from pathlib import Path

ACTIVATE_HINT = "activate the environment (. .venv/bin/activate) or run make serve / make test"

# Errors the operating system reports about permissions, space and the shape of the file
# system; any other OSError that reaches the command line is treated as a bug.
_ENVIRONMENT_ERRNOS = frozenset({
    errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.ENOTDIR,
    errno.EISDIR, errno.EMFILE, errno.ENFILE, errno.EIO, errno.EADDRINUSE,
    errno.EADDRNOTAVAIL,
})


class EnvironmentProblem(Exception):
    """Something about the machine that the user can fix; the message says what and how."""


def environment_problem(err: BaseException) -> EnvironmentProblem | None:
    """The plain message for an exception that the environment causes; None for a bug."""
    if isinstance(err, EnvironmentProblem):
        return err
    if isinstance(err, ImportError):
        name = err.name or ""
        if name == "generator" or name.startswith("generator."):
            return None  # our own module missing: a broken checkout or a bug
        if isinstance(err, ModuleNotFoundError):
            return EnvironmentProblem(f"the Python module {name!r} is missing: {ACTIVATE_HINT}")
        return EnvironmentProblem(
            f"{err}: the installed packages do not match pyproject.toml; run make serve or "
            "make test to update .venv (or pip install again)")
    if isinstance(err, OSError) and err.errno in _ENVIRONMENT_ERRNOS:
        return EnvironmentProblem(describe_os_error(err))
    return None


def describe_os_error(
    err: OSError, action: str | None = None, path: Path | str | None = None
) -> str:
    """``cannot write to PATH: permission denied`` (with ``action="write to"``), or
    ``PATH: permission denied``; a file standing where a folder is needed is named."""
    reason = _reason(err)
    path = path if path is not None else err.filename
    if err.errno in (errno.ENOTDIR, errno.EEXIST) and path is not None:
        blocker = _file_in_the_way(Path(path))
        if blocker is not None:
            reason = f"{blocker} is a file, not a folder"
    subject = " ".join(str(part) for part in (action and f"cannot {action}", path) if part)
    return f"{subject}: {reason}" if subject else reason


def _reason(err: OSError) -> str:
    if err.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if err.errno == errno.EROFS:
        return "the file system is read-only"
    text = err.strerror or str(err)
    return text[:1].lower() + text[1:]


def _file_in_the_way(path: Path) -> Path | None:
    for parent in [path, *path.parents]:
        if parent.exists():
            return parent if not parent.is_dir() else None
    return None
