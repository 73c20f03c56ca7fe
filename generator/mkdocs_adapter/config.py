"""Options of the ``iop-directory`` MkDocs plugin."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import base
from mkdocs.config import config_options as c


class ServiceAreaConfig(base.Config):
    center_lat = c.Type(float, default=30.2672)
    center_lon = c.Type(float, default=-97.7431)
    radius_miles = c.Type(float, default=60.0)


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
