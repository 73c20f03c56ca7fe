"""Importers that turn outside data into draft program records."""

from generator.importers.samhsa import (
    Duplicate,
    ImportReport,
    NotIop,
    OutsideArea,
    Rejected,
    SourceError,
    format_report,
    import_samhsa,
)

__all__ = [
    "Duplicate",
    "ImportReport",
    "NotIop",
    "OutsideArea",
    "Rejected",
    "SourceError",
    "format_report",
    "import_samhsa",
]
