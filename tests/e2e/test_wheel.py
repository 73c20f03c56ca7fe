"""The package works outside this checkout: a wheel built from the sources, installed in a
folder of its own, builds a separate MkDocs project that has no theme folder.

The wheel is built without build isolation (the test extra installs setuptools), so no
network is needed; its dependencies are the virtual environment's.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.e2e.conftest import PROJECT_ROOT, TEST_TODAY

pytestmark = pytest.mark.build

RECORDS = ("limestone-ledge-recovery.yaml", "lakeway-evening-iop.yaml")
MINIMAL_CONFIG = "site_name: Elsewhere IOPs\ntheme: material\nplugins: [iop-directory]\n"
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "LICENSE-content.md")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The wheel, built from a copy of the sources (setuptools writes build/ beside
    them), and pip's verbose output of the build."""
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        shutil.copy(PROJECT_ROOT / name, source / name)
    for name in ("generator", "theme"):
        shutil.copytree(PROJECT_ROOT / name, source / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    dist = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--verbose", "--no-deps", "--no-index",
         "--no-build-isolation", "--wheel-dir", str(dist), str(source)],
        capture_output=True, text=True, timeout=300,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-5000:]
    [built] = dist.glob("iop_directory-*.whl")
    return built, output


@pytest.fixture(scope="module")
def installed(wheel: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("target")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target",
         str(target), str(wheel[0])],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A separate MkDocs project: a minimal mkdocs.yml, docs/index.md, two records."""
    assert not tmp_path.resolve().is_relative_to(PROJECT_ROOT)
    (tmp_path / "mkdocs.yml").write_text(MINIMAL_CONFIG, "utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Elsewhere\n\nPrograms near us.\n", "utf-8")
    (tmp_path / "programs").mkdir()
    for name in RECORDS:
        shutil.copy(PROJECT_ROOT / "programs" / name, tmp_path / "programs" / name)
    return tmp_path


def run_in(project: Path, target: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(target), "IOP_DIRECTORY_TODAY": TEST_TODAY}
    return subprocess.run(list(args), cwd=project, env=env, capture_output=True, text=True,
                          timeout=600)


def test_the_wheel_builds_without_warnings_and_carries_code_theme_schema_and_licences(
    wheel: tuple[Path, str],
) -> None:
    built, output = wheel
    assert "deprecat" not in output.lower(), output[-5000:]
    warnings = set(re.findall(r"\b\w+Warning\b", output))
    assert not warnings, f"{warnings}: {output[-5000:]}"
    with zipfile.ZipFile(built) as archive:
        names = set(archive.namelist())
        dist_info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(f"{dist_info}/METADATA").decode("utf-8")
        entry_points = archive.read(f"{dist_info}/entry_points.txt").decode("utf-8")
    modules = {p.relative_to(PROJECT_ROOT).as_posix()
               for p in (PROJECT_ROOT / "generator").rglob("*.py")}
    theme = {"generator/theme/" + p.relative_to(PROJECT_ROOT / "theme").as_posix()
             for p in (PROJECT_ROOT / "theme").rglob("*") if p.is_file()}
    assert len(theme) > 10
    assert not modules - names, f"modules missing from the wheel: {modules - names}"
    assert not theme - names, f"theme files missing from the wheel: {theme - names}"
    assert "generator/schema/program.schema.json" in names
    assert {f"{dist_info}/licenses/LICENSE", f"{dist_info}/licenses/LICENSE-content.md"} <= names
    headers = metadata.split("\n\n", 1)[0].splitlines()
    assert "License-Expression: MIT" in headers
    assert {"License-File: LICENSE", "License-File: LICENSE-content.md"} <= set(headers)
    assert not any(h.startswith("License:") for h in headers)  # the deprecated field
    assert "iop-directory = generator.cli:main" in entry_points
    assert "iop-directory = generator.mkdocs_adapter.plugin:DirectoryPlugin" in entry_points
    version = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text("utf-8"))
    assert f"Version: {version['project']['version']}" in headers


def test_the_installed_package_is_the_one_imported(installed: Path, project: Path) -> None:
    done = run_in(project, installed, sys.executable, "-c",
                  "import generator.mkdocs_adapter.plugin as plugin, generator.site as site;"
                  "print(plugin.__file__); print(site.packaged_theme_dir())")
    assert done.returncode == 0, done.stderr
    module, theme = map(Path, done.stdout.split())
    assert module.is_relative_to(installed) and theme == installed / "generator" / "theme"


def assert_full_site(site: Path) -> None:
    for slug in (Path(name).stem for name in RECORDS):
        page = (site / "programs" / slug / "index.html").read_text("utf-8")
        assert "assets/directory/directory.css" in page  # the package's styles
        assert 'class="iop-crisis"' in page  # the theme's crisis banner
    directory = (site / "programs" / "index.html").read_text("utf-8")
    assert "Limestone Ledge Recovery" in directory and "Lakeway" in directory
    finder = (site / "find" / "index.html").read_text("utf-8")
    assert 'class="finder-app"' in finder and "assets/finder/finder.js" in finder
    for path in ("assets/directory/directory.css", "assets/finder/finder.js",
                 "assets/finder/programs.json", "assets/search/search.js",
                 "schema/program.schema.json", "data/programs.json", "404.html"):
        assert (site / path).is_file(), path
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert list((site / "pagefind").glob("pagefind-entry.json"))


def test_mkdocs_build_of_a_separate_project(installed: Path, project: Path) -> None:
    done = run_in(project, installed, sys.executable, "-m", "mkdocs", "build")
    assert done.returncode == 0, done.stderr[-5000:]
    assert not (project / "theme").exists()
    assert_full_site(project / "site")


def test_the_console_script_in_a_separate_project(installed: Path, project: Path) -> None:
    script = installed / "bin" / "iop-directory"
    version = run_in(project, installed, str(script), "--version")
    assert version.returncode == 0 and version.stdout.startswith("iop-directory "), version
    assert "not installed" not in version.stdout
    validate = run_in(project, installed, str(script), "validate")
    assert validate.returncode == 0, validate.stdout + validate.stderr
    done = run_in(project, installed, str(script), "build")
    assert done.returncode == 0, done.stderr[-5000:]
    assert_full_site(project / "site")
