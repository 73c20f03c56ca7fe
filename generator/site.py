"""The site's generated content: pages and data files from the records, engine-agnostic.

An engine adapter asks this module which pages and files exist, then asks for each
page's body when the engine renders it. Data flows one way:
records -> validation -> model -> pages and files.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator import diagnostics
from generator.config import SiteSettings
from generator.model import Directory, build_directory
from generator.render.pages import PageRenderer, RenderedPage
from generator.render.urls import program_url, relative_url
from generator.schema import schema_text
from generator.validation import ValidationReport, validate_paths


class RecordsInvalid(Exception):
    """The records have errors; the message lists them like ``validate`` does."""

    def __init__(self, report: ValidationReport) -> None:
        errors = [d for d in report.diagnostics if d.is_error]
        text = diagnostics.render(errors, "text")
        super().__init__(
            f"{len(errors)} error{'s' * (len(errors) != 1)} in the program records; "
            f"nothing was built:\n{text}"
        )
        self.report = report


@dataclass(frozen=True)
class GeneratedPage:
    """A page the records produce; ``render`` gives its body when the engine needs it."""

    src_uri: str
    url: str
    title: str
    description: str
    render: Callable[[], RenderedPage]
    edit_url: str | None = None
    in_nav: bool = False
    # False keeps the page out of the search index (lists and tools, not content).
    searchable: bool = True


@dataclass(frozen=True)
class GeneratedFile:
    path: str
    content: bytes


@dataclass
class SiteContent:
    settings: SiteSettings
    project_root: Path
    theme_dir: Path
    today: dt.date
    report: ValidationReport = field(init=False)
    directory: Directory = field(init=False)

    def __post_init__(self) -> None:
        self.renderer = PageRenderer(self.theme_dir, self.today, self.settings.site_url)

    def load(self) -> ValidationReport:
        """Validate every record; raise ``RecordsInvalid`` if any has an error."""
        self.report = validate_paths(
            [self.settings.programs_dir], self.settings.validation, self.project_root
        )
        if self.report.has_errors:
            raise RecordsInvalid(self.report)
        self.directory = build_directory(
            self.report.records,
            lambda path: self.settings.edit_url(path, self.project_root),
        )
        return self.report

    def pages(self) -> list[GeneratedPage]:
        pages = [self._program_page(p.slug) for p in self.directory.programs]
        pages.append(
            GeneratedPage(
                src_uri="programs/index.md",
                url="programs/",
                title="Program directory",
                description="Every intensive outpatient program in the directory, by city.",
                render=lambda: self.renderer.directory(self.directory),
                in_nav=True,
                searchable=False,
            )
        )
        return pages

    def files(self) -> list[GeneratedFile]:
        return [GeneratedFile("schema/program.schema.json", schema_text().encode("utf-8"))]

    def _program_page(self, slug: str) -> GeneratedPage:
        program = self.directory.by_slug[slug]
        return GeneratedPage(
            src_uri=f"programs/{slug}.md",
            url=program_url(slug),
            title=program.name,
            description=program.data["summary"],
            render=lambda: self.renderer.program(program, self.directory),
            edit_url=program.edit_url,
        )


def json_bytes(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


__all__ = [
    "GeneratedFile",
    "GeneratedPage",
    "RecordsInvalid",
    "SiteContent",
    "relative_url",
]
