"""mkdocs.yml read without MkDocs: the validator checks the circle the build checks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.config import ServiceArea
from generator.mkdocs_adapter.config_file import configured_service_area

PROJECT_ROOT = Path(__file__).resolve().parents[2]
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
