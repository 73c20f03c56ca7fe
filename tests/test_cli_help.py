"""The command line as a product: a console script, --version, help on every option."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

from generator.cli import build_parser

PROJECT_ROOT = Path(__file__).resolve().parents[1]
# pip puts console scripts beside the environment's Python.
CONSOLE_SCRIPT = Path(sys.executable).parent / "iop-directory"


def parsers(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield parser.prog, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from parsers(sub)


def test_every_command_option_and_argument_has_help() -> None:
    seen, missing = 0, []
    for prog, parser in parsers(build_parser("iop-directory")):
        for action in parser._actions:
            seen += 1
            if not action.help:  # argparse.SUPPRESS (hidden on purpose) is a text
                missing.append(f"{prog}: {', '.join(action.option_strings) or action.dest}")
            if isinstance(action, argparse._SubParsersAction):
                commands = {choice.dest: choice.help for choice in action._choices_actions}
                missing += [f"{prog} {name}" for name, text in commands.items() if not text]
    assert seen > 30
    assert missing == [], f"without help: {missing}"


def test_version_is_the_package_version() -> None:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    for command in ([str(CONSOLE_SCRIPT)], [sys.executable, "-m", "generator"]):
        done = subprocess.run([*command, "--version"], capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 0
        assert done.stdout.strip() == f"iop-directory {project['version']}"


def test_the_console_script_runs_the_same_commands_under_its_own_name(tmp_path: Path) -> None:
    script = subprocess.run([str(CONSOLE_SCRIPT), "build", "--help"], capture_output=True,
                            text=True, timeout=60)
    module = subprocess.run([sys.executable, "-m", "generator", "build", "--help"],
                            capture_output=True, text=True, timeout=60)
    assert script.returncode == module.returncode == 0
    assert script.stdout.startswith("usage: iop-directory build ")
    assert module.stdout.startswith("usage: python -m generator build ")
    # The same options; argparse wraps the usage line by the length of the name.
    assert script.stdout.replace("iop-directory", "python -m generator").split() == \
        module.stdout.split()
    usage = subprocess.run([str(CONSOLE_SCRIPT), "validate", "--format", "xml"],
                           capture_output=True, text=True, timeout=60)
    assert usage.returncode == 2 and "iop-directory validate: error:" in usage.stderr
    new = subprocess.run([str(CONSOLE_SCRIPT), "new", "Hill Country IOP", "--dir",
                          str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert new.returncode == 0, new.stderr
    assert "then run iop-directory validate " in new.stdout

