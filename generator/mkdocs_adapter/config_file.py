"""Settings read from mkdocs.yml without importing MkDocs (the CLI's validate is run by
editors and pre-commit hooks, where start-up time counts)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.config import ServiceArea

_DEFAULT_AREA = ServiceArea()


def configured_service_area(config_file: Path) -> ServiceArea:
    """The plugin's ``service_area`` as mkdocs.yml sets it, so that ``validate`` (in CI and
    pre-commit) checks the same circle the build does; the default where it is not set."""
    try:
        config = yaml.load(config_file.read_text("utf-8"), Loader=_TagBlindLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return _DEFAULT_AREA  # the build reports a broken mkdocs.yml itself
    plugins = config.get("plugins") if isinstance(config, dict) else None
    if isinstance(plugins, dict):  # MkDocs also takes `plugins: {name: options}`
        plugins = [plugins]
    options: Any = next((p["iop-directory"] for p in plugins or []
                         if isinstance(p, dict) and "iop-directory" in p), None)
    area = options.get("service_area") if isinstance(options, dict) else None
    if not isinstance(area, dict):
        return _DEFAULT_AREA
    try:
        return ServiceArea(
            (float(area.get("center_lat", _DEFAULT_AREA.center[0])),
             float(area.get("center_lon", _DEFAULT_AREA.center[1]))),
            float(area.get("radius_miles", _DEFAULT_AREA.radius_miles)),
        )
    except (TypeError, ValueError):
        return _DEFAULT_AREA


class _TagBlindLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: ``!ENV`` and ``!!python/name:`` values become None."""


_TagBlindLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_TagBlindLoader.add_multi_constructor("tag:yaml.org,2002:python/",
                                      lambda loader, suffix, node: None)
