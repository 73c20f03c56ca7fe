"""Options of the ``iop-directory`` MkDocs plugin."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import base
from mkdocs.config import config_options as c

from generator.settings import STALE_AFTER_DAYS, ServiceArea

_DEFAULT_AREA = ServiceArea()


class ServiceAreaConfig(base.Config):
    # Whole numbers too: `radius_miles: 30` is what an editor writes.
    center_lat = c.Type((int, float), default=_DEFAULT_AREA.center[0])
    center_lon = c.Type((int, float), default=_DEFAULT_AREA.center[1])
    radius_miles = c.Type((int, float), default=_DEFAULT_AREA.radius_miles)


class DirectoryPluginConfig(base.Config):
    # Folder of the YAML records, relative to mkdocs.yml.
    programs_dir = c.Type(str, default="programs")
    # Run Pagefind over the built site (off for benchmarks of the build alone).
    search_index = c.Type(bool, default=True)
    service_area = c.SubConfig(ServiceAreaConfig)
    # Branch that "Suggest a correction" links edit.
    repo_branch = c.Type(str, default="main")
    # Fixed date for reproducible builds and tests ("YYYY-MM-DD"); default today.
    today = c.Optional(c.Type((str, dt.date)))
    # A listing not checked for this many days is flagged as perhaps out of date.
    stale_after_days = c.Type(int, default=STALE_AFTER_DAYS)
    # Credentials expiring within this many days are warned about.
    expiry_warning_days = c.Type(int, default=60)
    # Local crisis lines by county: [{county, provider, number, source}], checked by the
    # settings (generator/settings.py).
    crisis_lines = c.Type(list, default=[])
    # Where people without a GitHub account report a wrong listing.
    report_email = c.Optional(c.Type(str))

