"""The record schema (the single source of truth) and the vocabularies read from it."""

from __future__ import annotations

import json
import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

SCHEMA_FILE = "program.schema.json"
SCHEMA_COMMENT_PREFIX = "# yaml-language-server: $schema="


@cache
def schema_text() -> str:
    return resources.files("generator.schema").joinpath(SCHEMA_FILE).read_text("utf-8")


def schema_line(folder: Path) -> str:
    """The first line of a record written into `folder`: where editors' YAML tools find
    the schema, relative to the folder (``../generator/schema/program.schema.json`` in a
    checkout; the installed package's copy in a project that installed the wheel)."""
    schema = Path(str(resources.files("generator.schema").joinpath(SCHEMA_FILE))).resolve()
    try:
        reference = os.path.relpath(schema, folder.resolve())
    except ValueError:  # another drive (Windows): no relative path exists
        reference = str(schema)
    return SCHEMA_COMMENT_PREFIX + Path(reference).as_posix()


@cache
def program_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_text())
    return schema
