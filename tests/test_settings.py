"""The one settings object: mkdocs.yml read without MkDocs gives the command line the
settings the build has (the validator checks the circle the build checks)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from generator.settings import ServiceArea, SettingsError, read_settings


def configured_service_area(config: Path) -> ServiceArea:
    return read_settings(config).service_area

PROJECT_ROOT = Path(__file__).resolve().parents[1]
RECORD = PROJECT_ROOT / "tests" / "corpus" / "valid" / "days-as-range.yaml"

ROUND_ROCK_ONLY = """\
site_name: Test
site_url: !ENV [SITE_URL, "https://example.org/"]
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
plugins:
  - search
  - iop-directory:
      today: !ENV IOP_DIRECTORY_TODAY
      service_area:
        center_lat: 30.5083
        center_lon: -97.6789
        radius_miles: 5
"""


def test_the_plugin_s_service_area_is_read_past_mkdocs_tags(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(ROUND_ROCK_ONLY)
    assert configured_service_area(config) == ServiceArea((30.5083, -97.6789), 5.0)


def test_without_a_setting_or_a_file_the_default_area_holds(tmp_path: Path) -> None:
    assert configured_service_area(tmp_path / "missing.yml") == ServiceArea()
    assert configured_service_area(PROJECT_ROOT / "mkdocs.yml") == ServiceArea()
    broken = tmp_path / "broken.yml"
    broken.write_text("plugins: [\n")
    assert configured_service_area(broken) == ServiceArea()


def test_validate_uses_the_area_mkdocs_yml_sets(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(ROUND_ROCK_ONLY)
    done = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "-f", str(config), str(RECORD)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1, done.stdout
    assert "from the centre of the service area (at most 5)" in done.stdout
    wider = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "-f", str(config), "--radius", "60",
         str(RECORD)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert wider.returncode == 0, wider.stdout


def test_the_mapping_form_of_plugins_and_whole_numbers(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Test\nplugins:\n  iop-directory:\n    service_area:\n"
                      "      radius_miles: 30\n")
    assert configured_service_area(config) == ServiceArea(radius_miles=30.0)


def test_env_values_are_resolved_as_mkdocs_resolves_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(ROUND_ROCK_ONLY + "      stale_after_days: 180\n")
    monkeypatch.setenv("IOP_DIRECTORY_TODAY", "2030-01-02")
    monkeypatch.delenv("SITE_URL", raising=False)
    settings = read_settings(config)
    assert settings.today == dt.date(2030, 1, 2)
    assert settings.site_url == "https://example.org/"
    assert settings.stale_after_days == 180
    assert settings.programs_dir == tmp_path / "programs"
    monkeypatch.setenv("SITE_URL", "https://elsewhere.example/")
    assert read_settings(config).site_url == "https://elsewhere.example/"


@pytest.mark.parametrize("option", ["radius_miles: -4", "center_lat: 95", "radius_miles: yes"])
def test_an_unusable_setting_is_named(tmp_path: Path, option: str) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"plugins:\n  - iop-directory:\n      service_area:\n        {option}\n")
    with pytest.raises(SettingsError, match=option.split(":")[0]):
        read_settings(config)


def test_the_plugin_and_the_command_line_read_the_same_settings(tmp_path: Path) -> None:
    """A real MkDocs configuration, validated, then the plugin's own settings."""
    from mkdocs.config import load_config

    from generator.mkdocs_adapter.plugin import DirectoryPlugin
    from generator.settings import settings_from_options

    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(ROUND_ROCK_ONLY.replace("  - search\n", "")
                           + "      stale_after_days: 90\n      repo_branch: trunk\n"
                           + "repo_url: https://github.com/o/r\n")
    (tmp_path / "docs").mkdir()
    config = load_config(str(config_file))
    plugin = config.plugins["iop-directory"]
    assert isinstance(plugin, DirectoryPlugin)
    from_plugin = settings_from_options(plugin.config, project_root=tmp_path,
                                        site_url=config.site_url, repo_url=config.repo_url)
    from_file = read_settings(config_file)
    assert from_plugin.replace(today=from_file.today) == from_file
    assert from_file.repo_branch == "trunk" and from_file.stale_after_days == 90
