"""Importers that turn outside data into draft program records."""

from generator.importers.samhsa import (
    DEFAULT_CENTER,
    DEFAULT_RADIUS_MILES,
    Duplicate,
    ImportReport,
    NotIop,
    OutsideArea,
    Rejected,
    SourceError,
    format_report,
    import_samhsa,
    parse_center,
    zip_centroid,
)

__all__ = [
    "DEFAULT_CENTER",
    "DEFAULT_RADIUS_MILES",
    "Duplicate",
    "ImportReport",
    "NotIop",
    "OutsideArea",
    "Rejected",
    "SourceError",
    "format_report",
    "import_samhsa",
    "parse_center",
    "zip_centroid",
]
