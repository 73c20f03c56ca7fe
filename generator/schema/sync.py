"""Keep the schema's editor annotations in step with its labels.

VS Code's YAML extension shows ``markdownEnumDescriptions`` beside each allowed value,
in completion and on hover. The labels themselves live once, in ``x-labels`` (which the
site shows too); the arrays are made from them here and never edited by hand:

    python -m generator.schema.sync          # rewrite program.schema.json
    python -m generator.schema.sync --check  # exit 1 if it is out of step

tests/test_schema_sync.py fails when the file and its labels have drifted apart.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).with_name("program.schema.json")
EDITOR_KEY = "markdownEnumDescriptions"


class SyncError(ValueError):
    """The labels do not match the allowed values: a person must fix the schema."""


def synced(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``schema`` whose every labelled enum has its editor descriptions."""
    result = copy.deepcopy(schema)
    _visit(result, "#")
    return result


def render(schema: dict[str, Any]) -> str:
    """The schema file's text: the layout program.schema.json has always had."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _visit(node: Any, where: str) -> None:
    if isinstance(node, list):
        for index, item in enumerate(node):
            _visit(item, f"{where}/{index}")
        return
    if not isinstance(node, dict):
        return
    if "enum" in node and "x-labels" in node:
        _describe(node, where)
    for key, value in node.items():
        _visit(value, f"{where}/{key}")


def _describe(node: dict[str, Any], where: str) -> None:
    values, labels = node["enum"], node["x-labels"]
    missing = [v for v in values if v not in labels]
    extra = [k for k in labels if k not in values]
    if missing or extra:
        raise SyncError(
            f"{where}: x-labels must label exactly the enum's values"
            + (f"; no label for {', '.join(map(str, missing))}" if missing else "")
            + (f"; labels for values not in the enum: {', '.join(extra)}" if extra else "")
        )
    look_ups = node.get("x-verify-urls", {})
    descriptions = []
    for value in values:
        text = _markdown(labels[value])
        if value in look_ups:
            text += f". Public look-up: <{look_ups[value]}>"
        descriptions.append(text)
    # Right after the enum, so that a reader sees the values and their labels together.
    items = [(k, v) for k, v in node.items() if k != EDITOR_KEY]
    at = [k for k, _ in items].index("enum") + 1
    items.insert(at, (EDITOR_KEY, descriptions))
    node.clear()
    node.update(items)


def _markdown(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.schema.sync",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="only report whether the file is in step (exit 1 if not)")
    args = parser.parse_args(argv)
    text = SCHEMA_PATH.read_text("utf-8")
    try:
        wanted = render(synced(json.loads(text)))
    except (SyncError, json.JSONDecodeError) as err:
        print(f"{SCHEMA_PATH}: {err}", file=sys.stderr)
        return 2
    if wanted == text:
        print(f"{SCHEMA_PATH.name} is in step with its labels")
        return 0
    if args.check:
        print(f"{SCHEMA_PATH.name} is out of step with its labels: "
              "run python -m generator.schema.sync", file=sys.stderr)
        return 1
    SCHEMA_PATH.write_text(wanted, "utf-8")
    print(f"updated {EDITOR_KEY} in {SCHEMA_PATH.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
