"""The directory as open data: ``/data/programs.json``.

Every published record, normalised (schema defaults applied, dates as ISO strings),
with its slug and page URL, under a header naming the licence and the schema.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "schema" / "program.schema.json"
SCHEMA_URL_PATH = "schema/program.schema.json"  # where the built site publishes the schema
# The schema of /data/programs.json itself: its items are records plus slug and url.
FILE_SCHEMA_URL_PATH = "schema/programs.schema.json"

# The licence of the published data, and the attribution re-users must give.
DATA_LICENSE: dict[str, str] = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
ATTRIBUTION = "Austin IOP Directory contributors"


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def labels(definition: str, key: str = "x-labels") -> dict[str, str]:
    """Human labels of a closed list in the schema, e.g. labels("therapy")."""
    return dict(load_schema()["$defs"].get(definition, {}).get(key, {}))


def is_published(record: Mapping[str, Any]) -> bool:
    return record.get("status", "published") == "published"


def site_link(path: str, site_url: str | None) -> str:
    """An absolute URL when the site URL is known, else a root-relative path."""
    if site_url:
        return urljoin(site_url.rstrip("/") + "/", path.lstrip("/"))
    return path if path.startswith(("/", "http://", "https://")) else "/" + path


def normalise_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """A JSON-ready copy: schema defaults applied, dates as ISO text, private keys gone."""
    clean = _plain(record)  # _plain builds new containers: no deepcopy needed
    schema = load_schema()
    _apply_defaults(clean, schema, schema)
    return clean


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items() if not str(k).startswith("_")}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _resolve(node: Mapping[str, Any], schema: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return schema["$defs"][ref.removeprefix("#/$defs/")]
    return node


def _apply_defaults(value: Any, node: Mapping[str, Any], schema: Mapping[str, Any]) -> None:
    """Fill defaults of the schema's object properties, recursing into present values."""
    node = _resolve(node, schema)
    if isinstance(value, dict):
        for key, sub in node.get("properties", {}).items():
            sub = _resolve(sub, schema)
            if key not in value and "default" in sub:
                value[key] = copy.deepcopy(sub["default"])
            if key in value:
                _apply_defaults(value[key], sub, schema)
    elif isinstance(value, list) and isinstance(node.get("items"), Mapping):
        for item in value:
            _apply_defaults(item, node["items"], schema)


def programs_json(
    programs: Iterable[Mapping[str, Any]],
    url_for: Callable[[str], str],
    site_url: str | None,
    *,
    generated: date | None = None,
) -> dict[str, Any]:
    """The content of /data/programs.json: published records with slug and page URL."""
    items = []
    for record in sorted(programs, key=lambda r: str(r.get("slug", ""))):
        if not is_published(record):
            continue  # drafts are never published, not even as data
        item = normalise_record(record)
        slug = str(item.pop("slug"))
        items.append({"slug": slug, "url": site_link(url_for(slug), site_url), **item})
    return {
        "generated": (generated or date.today()).isoformat(),
        "license": {**DATA_LICENSE, "attribution": ATTRIBUTION},
        "schema": site_link(FILE_SCHEMA_URL_PATH, site_url),
        "count": len(items),
        "programs": items,
    }


def programs_file_schema(site_url: str | None = None) -> dict[str, Any]:
    """The JSON Schema of ``/data/programs.json``, made from the record schema.

    Each item is a record (the record schema's properties and rules) with its ``slug`` and
    page ``url`` added, so a re-user can validate the file as it is published.
    """
    record = copy.deepcopy(load_schema())
    item = {key: value for key, value in record.items() if key not in ("$schema", "$defs")}
    item["title"] = "A published listing"
    item["properties"] = {
        "slug": {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$",
                 "description": "The record's file name without .yaml; its page's address."},
        "url": {"type": "string", "description": "The listing's page on the site."},
        **item["properties"],
    }
    item["required"] = ["slug", "url", *item["required"]]
    return {
        "$schema": record["$schema"],
        "$id": site_link(FILE_SCHEMA_URL_PATH, site_url),
        "title": "Austin IOP Directory: programs.json",
        "description": "Every published listing of the directory, with the licence of the "
        "data. Items follow the record schema (program.schema.json) with slug and url added.",
        "type": "object",
        "additionalProperties": False,
        "required": ["generated", "license", "schema", "count", "programs"],
        "properties": {
            "generated": {"type": "string", "format": "date"},
            "license": {"type": "object"},
            "schema": {"type": "string"},
            "count": {"type": "integer", "minimum": 0},
            "programs": {"type": "array", "items": {"$ref": "#/$defs/listing"}},
        },
        "$defs": {**record["$defs"], "listing": item},
    }


def write_json(data: Any, path: Path) -> None:
    """Write JSON the same way every time (stable diffs between builds)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
