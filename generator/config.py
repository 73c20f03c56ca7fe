"""Settings of the directory, independent of the site engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

DOWNTOWN_AUSTIN = (30.2672, -97.7431)
# Addresses geocoded by `validate --geocode`, committed beside the records they serve.
GEOCODE_CACHE_NAME = ".geocode-cache.json"
# A listing not checked for this long is flagged on its page and warned about.
STALE_AFTER_DAYS = 365


@dataclass(frozen=True)
class ServiceArea:
    """The circle the directory covers; listings outside it are errors."""

    center: tuple[float, float] = DOWNTOWN_AUSTIN
    radius_miles: float = 60.0


@dataclass(frozen=True)
class ValidationSettings:
    service_area: ServiceArea = field(default_factory=ServiceArea)
    # How far a location may sit from its ZIP's centroid before it looks like a typo.
    max_zip_distance_miles: float = 6.0
    expiry_warning_days: int = 60
    stale_after_days: int = STALE_AFTER_DAYS
    today: dt.date = field(default_factory=dt.date.today)
    geocode: bool = False
    geocode_cache: Path | None = None


@dataclass(frozen=True)
class SiteSettings:
    """What pages need to know about where the project and the site live."""

    programs_dir: Path
    repo_url: str | None = None
    repo_branch: str = "main"
    site_url: str | None = None
    validation: ValidationSettings = field(default_factory=ValidationSettings)

    def edit_url(self, record_path: Path, project_root: Path) -> str | None:
        """The repository page that opens a record for editing, if the repository is known."""
        if not self.repo_url:
            return None
        try:
            relative = record_path.resolve().relative_to(project_root.resolve())
        except ValueError:
            return None
        return f"{self.repo_url.rstrip('/')}/edit/{self.repo_branch}/{relative.as_posix()}"
