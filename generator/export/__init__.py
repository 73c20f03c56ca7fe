"""Open-data exports of the published directory: programs.json and HSDS 3.0."""

from generator.export.hsds import datapackage, hsds_organizations, write_hsds
from generator.export.open_data import (
    ATTRIBUTION,
    DATA_LICENSE,
    normalise_record,
    programs_json,
    write_json,
)

__all__ = [
    "ATTRIBUTION",
    "DATA_LICENSE",
    "datapackage",
    "hsds_organizations",
    "normalise_record",
    "programs_json",
    "write_hsds",
    "write_json",
]
