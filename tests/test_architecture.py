"""The shape of the code: stages in one direction, one reader of the schema, small files."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parents[1] / "generator"

# Each stage may use the ones before it (and its own level), never a later one.
STAGES: list[tuple[str, ...]] = [
    ("generator.text", "generator.translations", "generator.wording", "generator.links",
     "generator.slugs",
     "generator.settings", "generator.schema", "generator.vocabulary", "generator.errors",
     "generator.diagnostics", "generator.geography", "generator.progress"),
    ("generator.record_files", "generator.loader"),
    ("generator.normalise",),
    ("generator.validation", "generator.review", "generator.importers"),
    ("generator.model", "generator.sample"),
    ("generator.render", "generator.finder", "generator.export"),
    ("generator.site", "generator.output", "generator.search_index"),
    ("generator.mkdocs_adapter",),
    ("generator.cli", "generator.new_record", "generator.__main__"),
]
MAX_LINES = 650


def module_name(path: Path) -> str:
    parts = path.relative_to(GENERATOR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage_of(module: str) -> int | None:
    for level, prefixes in enumerate(STAGES):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return level
    return None


def imported_modules(path: Path) -> set[str]:
    return {m for m in _all_imports(path) if m == "generator" or m.startswith("generator.")}


SOURCES = sorted(GENERATOR.rglob("*.py"))


def test_every_module_belongs_to_a_stage() -> None:
    unplaced = [module_name(p) for p in SOURCES
                if module_name(p) != "generator" and stage_of(module_name(p)) is None]
    assert unplaced == []


@pytest.mark.parametrize("path", SOURCES, ids=[module_name(p) for p in SOURCES])
def test_no_module_imports_a_later_stage(path: Path) -> None:
    own = stage_of(module_name(path))
    if own is None:  # the package itself
        return
    later = [m for m in imported_modules(path) if (stage_of(m) or 0) > own]
    assert later == [], f"{module_name(path)} (stage {own}) imports later stages: {later}"


def test_the_schema_file_is_read_in_one_place() -> None:
    readers = [module_name(p) for p in SOURCES
               if "program.schema.json" in p.read_text("utf-8") or "SCHEMA_FILE" in
               p.read_text("utf-8")]
    # The `new` skeleton and the importer's drafts name it in their first line, and open
    # data publishes its address; only generator.schema reads it.
    assert set(readers) <= {"generator.schema", "generator.schema.sync",
                            "generator.export.open_data", "generator.new_record",
                            "generator.importers.samhsa.drafting"}, readers
    # open_data names the published file's address only; it reads the schema through
    # generator.schema like everyone else.
    assert "read_text" not in (GENERATOR / "export" / "open_data.py").read_text("utf-8")


@pytest.mark.parametrize("path", SOURCES, ids=[module_name(p) for p in SOURCES])
def test_no_file_is_over_about_600_lines(path: Path) -> None:
    lines = path.read_text("utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module_name(path)} has {lines} lines"


def test_downtown_austin_and_texas_are_written_once() -> None:
    # The centre of the default service area is settings' alone; Texas is the schema's
    # default for a location's state (program.schema.json), in no Python module.
    # Examples in help and in the `new` skeleton take the numbers from settings too.
    for needle, homes in (("30.2672", {"generator.settings"}), ("97.7431", {"generator.settings"}),
                          ("else 60", set()),
                          ('"TX")', set()), ("'TX')", set())):
        holders = {module_name(p) for p in SOURCES if needle in p.read_text("utf-8")}
        assert holders <= homes, (needle, holders)


def test_the_staleness_period_is_worded_from_the_setting_only() -> None:
    # "12 months" is stale_after_days (365) worded by generator.wording.age_phrase; no
    # module, template or script may carry its own copy, or changing the setting drifts.
    root = GENERATOR.parent
    files = [p for folder in (GENERATOR, root / "theme") for p in folder.rglob("*")
             if p.suffix in {".py", ".js", ".html"} and p.name != "wording.py"]
    holders = [str(p.relative_to(root)) for p in files
               if re.search(r"12 months|12 meses|twelve months", p.read_text("utf-8"), re.I)]
    assert holders == []


def test_distances_are_measured_in_geography_only() -> None:
    # One distance: geography's geodesic, with its quick great-circle check beside it.
    # Other modules ask it (distance_miles, miles_beyond, miles_within, in_service_area).
    holders = {module_name(p) for p in SOURCES
               if re.search(r"\bgeodesic\(|\brough_miles\(|\bmath\.(asin|atan2)\(",
                            p.read_text("utf-8"))}
    assert holders == {"generator.geography"}


def test_only_the_adapter_knows_the_engine() -> None:
    # MkDocs and Material are imported by generator.mkdocs_adapter alone, and the
    # engine-neutral templates (theme/templates/) use no Material class; its overrides
    # (theme/material/) may. Another engine's adapter then needs no change elsewhere.
    engine = {module_name(p) for p in SOURCES
              if any(m.split(".")[0] in {"mkdocs", "material"} for m in _all_imports(p))}
    assert {m for m in engine if not m.startswith("generator.mkdocs_adapter")} == set()
    templates = GENERATOR.parent / "theme" / "templates"
    material = [str(p.relative_to(templates)) for p in sorted(templates.rglob("*.html"))
                if re.search(r"\bmd-[a-z]", p.read_text("utf-8"))]
    assert material == []


def _all_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


THEME_FILES = sorted(p for p in (GENERATOR.parent / "theme").rglob("*")
                     if p.suffix in {".js", ".css", ".html", ".xml"})


@pytest.mark.parametrize("path", THEME_FILES,
                         ids=[str(p.relative_to(GENERATOR.parent)) for p in THEME_FILES])
def test_no_theme_file_is_over_about_600_lines(path: Path) -> None:
    lines = path.read_text("utf-8").count("\n")
    assert lines <= MAX_LINES, f"{path.relative_to(GENERATOR.parent)} has {lines} lines"
