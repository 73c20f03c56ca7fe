"""The HSDS export as files: ``organizations.json`` and the tabular form, a Frictionless
``datapackage.json`` with one CSV per table named as in HSDS 3.0 (``organizations.csv``,
``services.csv``, ``service_at_location.csv`` ...), all made in memory."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from generator.export.hsds.mapping import HSDS_VERSION
from generator.export.hsds.tables import TABLES, Table, cell, table_rows
from generator.export.licence import ATTRIBUTION, DATA_LICENSE

# The names of hsds_files' files, in its order.
HSDS_FILE_NAMES: tuple[str, ...] = (
    "organizations.json", *(table.path for table in TABLES), "datapackage.json")


def hsds_files(
    organizations: list[dict[str, Any]], *, generated: date | None = None
) -> dict[str, bytes]:
    """File name -> content: organizations.json, one CSV per table, datapackage.json
    (``HSDS_FILE_NAMES``)."""
    files = {"organizations.json": json_text(organizations)}
    rows = table_rows(organizations)
    for table in TABLES:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([c.name for c in table.columns])
        for row in rows[table.name]:
            writer.writerow([cell(row.get(c.name)) for c in table.columns])
        files[table.path] = buffer.getvalue().encode("utf-8")
    files["datapackage.json"] = json_text(datapackage(generated))
    return files


def json_text(data: Any) -> bytes:
    """JSON the same way every time (stable diffs between builds)."""
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def datapackage(generated: date | None = None) -> dict[str, Any]:
    """The Frictionless data package descriptor of the HSDS tables."""
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": "austin-iop-directory-hsds",
        "title": "Austin IOP Directory in HSDS 3.0",
        "description": (
            "Intensive Outpatient Programs in the Austin, Texas area in the Open Referral "
            f"Human Services Data Specification (HSDS) {HSDS_VERSION}, tabular form. "
            f"Attribution: {ATTRIBUTION}."
        ),
        "licenses": [DATA_LICENSE],
    }
    if generated:
        package["created"] = f"{generated.isoformat()}T00:00:00Z"
    package["resources"] = [_resource(table) for table in TABLES]
    return package


def _resource(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [c.descriptor() for c in table.columns],
        "primaryKey": ["id"],
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": [column], "reference": {"resource": target, "fields": ["id"]}}
            for column, target in table.foreign_keys
        ]
    return {
        "name": table.name,
        "path": table.path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }
