"""The one settings object of the directory, read from mkdocs.yml, independent of the engine.

Build, serve, validate, due and import all use ``Settings``: the service area, how old a
listing may grow, the project's addresses. The MkDocs plugin hands its (already checked)
options to ``settings_from_options``; the command line reads mkdocs.yml itself with
``read_settings`` (without importing MkDocs: editors and pre-commit hooks run ``validate``,
where start-up time counts), through the same function, so both see the same values.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

DOWNTOWN_AUSTIN = (30.2672, -97.7431)
# Addresses geocoded by `validate --geocode`, committed beside the records they serve.
GEOCODE_CACHE_NAME = ".geocode-cache.json"
# A listing not checked for this long is flagged on its page and warned about.
STALE_AFTER_DAYS = 365
PLUGIN_NAME = "iop-directory"


class SettingsError(Exception):
    """mkdocs.yml sets an option to something unusable; the message names it."""


@dataclass(frozen=True)
class ServiceArea:
    """The circle the directory covers; listings outside it are errors."""

    center: tuple[float, float] = DOWNTOWN_AUSTIN
    radius_miles: float = 60.0


@dataclass(frozen=True)
class CrisisLine:
    """A local crisis line, as mkdocs.yml lists them: shown only with its public source."""

    county: str
    provider: str
    number: str
    source: str


@dataclass(frozen=True)
class Settings:
    project_root: Path = Path(".")
    programs_dir: Path = Path("programs")
    site_url: str | None = None
    repo_url: str | None = None
    # The branch that "Suggest a correction" links edit.
    repo_branch: str = "main"
    service_area: ServiceArea = field(default_factory=ServiceArea)
    # How far a location may sit from its ZIP's centroid before it looks like a typo.
    max_zip_distance_miles: float = 6.0
    expiry_warning_days: int = 60
    stale_after_days: int = STALE_AFTER_DAYS
    today: dt.date = field(default_factory=dt.date.today)
    # Where addresses geocoded once are kept; None reads and writes no cache.
    geocode_cache: Path | None = None
    # Look addresses up on the network (only `validate --geocode`; builds never do).
    geocode_online: bool = False
    # Local crisis lines by county, each with the public source of its number.
    crisis_lines: tuple[CrisisLine, ...] = ()
    # Where people without a GitHub account report a wrong listing.
    report_email: str | None = None

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    def edit_url(self, record_path: Path) -> str | None:
        """The repository page that opens a record for editing, if the repository is known."""
        if not self.repo_url:
            return None
        # A record is never a link (they are refused): resolving its folder is enough, and
        # is done once for all the records in it.
        folder = _resolved(record_path.parent)
        try:
            relative = (folder / record_path.name).relative_to(_resolved(self.project_root))
        except ValueError:
            return None
        return f"{self.repo_url.rstrip('/')}/edit/{self.repo_branch}/{relative.as_posix()}"


def _resolved(folder: Path) -> Path:
    return _resolved_absolute(folder.absolute())  # a relative path depends on the cwd


@lru_cache(maxsize=64)
def _resolved_absolute(folder: Path) -> Path:
    return folder.resolve()


def settings_from_options(
    options: Mapping[str, Any],
    *,
    project_root: Path,
    site_url: str | None = None,
    repo_url: str | None = None,
) -> Settings:
    """Settings from the plugin's options in mkdocs.yml (a mapping as YAML gives it)."""
    root = project_root.resolve()
    area = options.get("service_area") or {}
    if not isinstance(area, Mapping):
        raise SettingsError("service_area must be a mapping of center_lat, center_lon and "
                            "radius_miles")
    default = ServiceArea()
    service_area = ServiceArea(
        (_number(area, "center_lat", default.center[0], -90, 90),
         _number(area, "center_lon", default.center[1], -180, 180)),
        _number(area, "radius_miles", default.radius_miles, 0.1, 3000),
    )
    programs_dir = root / str(options.get("programs_dir") or "programs")
    return Settings(
        project_root=root,
        programs_dir=programs_dir,
        site_url=site_url or None,
        repo_url=repo_url or None,
        repo_branch=str(options.get("repo_branch") or "main"),
        service_area=service_area,
        stale_after_days=int(_number(options, "stale_after_days", STALE_AFTER_DAYS, 1, 36500)),
        expiry_warning_days=int(_number(options, "expiry_warning_days", 60, 0, 3650)),
        today=_today(options.get("today")),
        geocode_cache=programs_dir / GEOCODE_CACHE_NAME,
        crisis_lines=_crisis_lines(options.get("crisis_lines")),
        report_email=_email(options.get("report_email")),
    )


def read_settings(config_file: Path) -> Settings:
    """Settings as mkdocs.yml gives them (``!ENV`` values resolved as MkDocs does); the
    defaults where the file is missing or holds no iop-directory options."""
    import yaml

    root = config_file.resolve().parent
    try:
        config = yaml.load(config_file.read_text("utf-8"), Loader=_config_loader())
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        config = None  # the build reports a broken mkdocs.yml itself
    if not isinstance(config, dict):
        return settings_from_options({}, project_root=root)
    return settings_from_options(
        plugin_options(config.get("plugins")),
        project_root=root,
        site_url=_text(config.get("site_url")),
        repo_url=_text(config.get("repo_url")),
    )


def plugin_options(plugins: Any) -> Mapping[str, Any]:
    """The iop-directory plugin's options from mkdocs.yml's ``plugins`` (a list of names
    and mappings, or one mapping)."""
    if isinstance(plugins, dict):  # MkDocs also takes `plugins: {name: options}`
        plugins = [plugins]
    for entry in plugins or []:
        if isinstance(entry, dict) and PLUGIN_NAME in entry:
            options = entry[PLUGIN_NAME]
            return options if isinstance(options, dict) else {}
    return {}


def _number(options: Mapping[str, Any], key: str, default: float, low: float,
            high: float) -> float:
    value = options.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise SettingsError(f"{key}: {value!r} must be a number from {low:g} to {high:g}")
    return float(value)


def _today(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if value in (None, ""):
        return dt.date.today()
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise SettingsError(f"today: {value!r} is not a date YYYY-MM-DD") from None


def _crisis_lines(value: Any) -> tuple[CrisisLine, ...]:
    if value in (None, ""):
        return ()
    if not isinstance(value, list):
        raise SettingsError("crisis_lines must be a list of {county, provider, number, source}")
    lines = []
    for index, item in enumerate(value):
        fields = ("county", "provider", "number", "source")
        if not isinstance(item, Mapping) or not all(
                isinstance(item.get(f), str) and item[f].strip() for f in fields):
            raise SettingsError(f"crisis_lines[{index}] needs county, provider, number and "
                                "source (the public page the number is taken from)")
        if not str(item["source"]).startswith("https://"):
            raise SettingsError(f"crisis_lines[{index}].source must be an https:// address")
        if not any(ch.isdigit() for ch in str(item["number"])):
            raise SettingsError(f"crisis_lines[{index}].number: {item['number']!r} is not a "
                                "phone number")
        lines.append(CrisisLine(*(str(item[f]).strip() for f in fields)))
    return tuple(lines)


def _email(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or "@" not in value or " " in value.strip():
        raise SettingsError(f"report_email: {value!r} is not an email address")
    return value.strip()


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


@cache
def _config_loader() -> type[yaml.SafeLoader]:
    """mkdocs.yml as MkDocs reads it: ``!ENV NAME`` and ``!ENV [NAME, ..., default]`` take
    the environment's value; ``!!python/name:`` values (Markdown extensions' options) are
    of no concern to the directory and become None. Made when first needed: the command
    line imports this module before it can tell a missing PyYAML plainly."""
    import yaml

    class ConfigLoader(yaml.SafeLoader):
        pass

    ConfigLoader.add_constructor("!ENV", _env)
    ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
    ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/",
                                       lambda loader, suffix, node: None)
    return ConfigLoader


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    import yaml

    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    elif isinstance(node, yaml.SequenceNode):
        items = [loader.construct_object(item) for item in node.value]
        names, default = [str(i) for i in items[:-1]] or [str(items[0])], (
            items[-1] if len(items) > 1 else None)
    else:
        return None
    for name in names:
        if name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else ""
    return default
