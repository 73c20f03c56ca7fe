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


def definition(name: str) -> dict[str, Any]:
    found: dict[str, Any] = program_schema()["$defs"][name]
    return found


def labels(name: str) -> dict[str, str]:
    """Human labels of a vocabulary, in the schema's order, e.g. ``labels("therapy")``."""
    return dict(definition(name)["x-labels"])


def short_labels(name: str) -> dict[str, str]:
    spec = definition(name)
    return dict(spec.get("x-short-labels", spec["x-labels"]))


def accreditation_verify_urls() -> dict[str, str]:
    return dict(definition("accreditation_body")["x-verify-urls"])


def top_level_keys() -> list[str]:
    return list(program_schema()["properties"])


def payment_options() -> dict[str, str]:
    return labels("payment")
