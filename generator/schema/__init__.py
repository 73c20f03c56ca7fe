"""The record schema (the single source of truth) and the vocabularies read from it."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

SCHEMA_FILE = "program.schema.json"
SCHEMA_COMMENT_PREFIX = "# yaml-language-server: $schema="


@cache
def schema_text() -> str:
    return resources.files("generator.schema").joinpath(SCHEMA_FILE).read_text("utf-8")


@cache
def program_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_text())
    return schema
