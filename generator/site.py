"""The site's generated content: pages and data files from the records, engine-agnostic.

An engine adapter asks this module which pages and files exist, then asks for each
page's body when the engine renders it. Data flows one way:
records -> validation -> model -> pages and files.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from generator import diagnostics, finder
from generator.config import SiteSettings
from generator.export.hsds import hsds_organizations, write_hsds
from generator.export.open_data import (
    FILE_SCHEMA_URL_PATH,
    programs_file_schema,
    programs_json,
)
from generator.loader import Record
from generator.model import Directory, build_directory
from generator.render.pages import PageRenderer, RenderedPage
from generator.render.urls import program_url, relative_url
from generator.sample import SAMPLE_SLUG, SAMPLE_URL, sample_program
from generator.schema import schema_text
from generator.validation import ValidationReport, validate_paths
from generator.wording import age_phrase

FINDER_INDEX = "assets/finder/programs.json"
FINDER_PLACES = "assets/finder/places.json"


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


class PageCollision(Exception):
    """Two generated pages would share a source path or an address."""


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
    # Material's hide options for the page, e.g. ("toc",).
    hide: tuple[str, ...] = ()
    # True for pages at the same depth and out of the nav: their navigation is identical.
    shares_chrome: bool = False
    # True keeps the page out of search engines too (the sample listing).
    robots_noindex: bool = False


@dataclass(frozen=True)
class GeneratedFile:
    path: str
    content: bytes


@dataclass
class SiteContent:
    settings: SiteSettings
    project_root: Path
    # Where templates are looked up, first match wins: a project's own, then ours.
    theme_dirs: Sequence[Path]
    today: dt.date
    report: ValidationReport = field(init=False)
    directory: Directory = field(init=False)
    # Errors shown on every page while serving (see ``load``); empty in a real build.
    problems: list[diagnostics.Diagnostic] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.renderer = PageRenderer(
            self.theme_dirs, self.today, self.settings.site_url,
            self.settings.validation.stale_after_days,
        )

    def load(self, last_good: dict[str, Record] | None = None) -> ValidationReport:
        """Validate every record; raise ``RecordsInvalid`` if any has an error.

        With ``last_good`` (while serving, so that the preview never stops answering),
        errors do not raise: a record with an error is shown as it last was without one
        (if it ever was), ``problems`` holds the findings for the pages to show, and
        ``last_good`` is updated with the records that are good now.
        """
        self.report = validate_paths(
            [self.settings.programs_dir], self.settings.validation, self.project_root
        )
        self.problems = [d for d in self.report.diagnostics if d.is_error]
        records = self.report.records
        if self.problems and last_good is None:
            raise RecordsInvalid(self.report)
        if last_good is not None:
            good = self.report.valid_records()
            last_good.update({record.display_path: record for record in good})
            failed = {d.file for d in self.problems} - {r.display_path for r in good}
            records = good + [last_good[file] for file in sorted(failed) if file in last_good]
            present = {r.display_path for r in self.report.records} | failed
            for file in [f for f in last_good if f not in present]:
                del last_good[file]  # deleted since: gone from the preview too
        self.directory = build_directory(
            records,
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
                hide=("toc",),
            )
        )
        pages.append(
            GeneratedPage(
                src_uri="find.md",
                url="find/",
                title="Find a program near you",
                description="Programs ranked by distance from a ZIP code, a town or your "
                "location, narrowed by what matters to you. Runs in your browser.",
                render=self._finder_page,
                in_nav=True,
                searchable=False,
                hide=("toc",),
            )
        )
        sample = sample_program(self.today)
        pages.append(
            GeneratedPage(
                src_uri=f"{SAMPLE_SLUG}.md",
                url=SAMPLE_URL,
                title="Sample listing",
                description="What every program page in the directory holds, shown on a "
                "made-up program.",
                render=lambda: self.renderer.program(sample, self.directory, sample=True),
                searchable=False,
                robots_noindex=True,
            )
        )
        pages.append(
            GeneratedPage(
                src_uri="search.md",
                url="search/",
                title="Search",
                description="Search the articles and program listings.",
                render=self._search_page,
                searchable=False,
                hide=("toc",),
            )
        )
        return pages

    def checked_pages(self) -> list[GeneratedPage]:
        """``pages()``, refusing two pages at one source path or address: one would
        silently replace the other (a record named like a page the site makes)."""
        pages = self.pages()
        for attribute in ("src_uri", "url"):
            seen: dict[str, GeneratedPage] = {}
            for page in pages:
                other = seen.setdefault(getattr(page, attribute), page)
                if other is not page:
                    raise PageCollision(
                        f"two pages would be at {getattr(page, attribute)}: "
                        f"'{other.title}' and '{page.title}'; rename one of their records")
        return pages

    def files(self) -> list[GeneratedFile]:
        records = self.directory.as_records()
        stale_days = self.settings.validation.stale_after_days
        programs = self.directory.programs
        stale = frozenset(p.slug for p in programs if p.is_stale(self.today, stale_days))
        expired = frozenset(p.slug for p in programs if p.expired_credentials(self.today))
        index = finder.finder_index(records, program_url, stale, expired,
                                    stale_after=age_phrase(stale_days))
        return [
            GeneratedFile("schema/program.schema.json", schema_text().encode("utf-8")),
            GeneratedFile(FILE_SCHEMA_URL_PATH,
                          json_bytes(programs_file_schema(self.settings.site_url))),
            GeneratedFile(FINDER_INDEX, json_bytes(index)),
            GeneratedFile(FINDER_PLACES, json_bytes(self.places)),
            *self._open_data_files(records),
        ]

    @cached_property
    def places(self) -> dict:
        """The area's ZIP codes and towns for the finder, worked out once a build."""
        area = self.settings.validation.service_area
        return finder.area_places(area.center, area.radius_miles, self.directory.as_records())

    def _open_data_files(self, records: list[dict]) -> list[GeneratedFile]:
        """``/data/programs.json`` and the HSDS 3.0 export (JSON and CSV datapackage)."""
        site_url = self.settings.site_url
        data = programs_json(records, program_url, site_url, generated=self.today)
        files = [GeneratedFile("data/programs.json", json_bytes(data))]
        organizations = hsds_organizations(records, program_url, self.today, site_url=site_url)
        with tempfile.TemporaryDirectory() as tmp:
            for path in write_hsds(organizations, Path(tmp), generated=self.today):
                files.append(GeneratedFile(f"data/hsds/{path.name}", path.read_bytes()))
        return files

    def _finder_page(self) -> RenderedPage:
        page = "find/"
        context = finder.finder_context(
            self.directory.as_records(),
            self.places,
            root_url=relative_url("", page),
            index_url=relative_url(FINDER_INDEX, page),
            places_url=relative_url(FINDER_PLACES, page),
            pagefind_url=relative_url("pagefind/pagefind.js", page),
            directory_url=relative_url("programs/", page),
            script_url=relative_url("assets/finder/finder.js", page),
            style_url=relative_url("assets/finder/finder.css", page),
        )
        html = self.renderer.template("partials/finder.html", **context)
        return RenderedPage(url=page, title="Find a program near you", description="", html=html)

    def _search_page(self) -> RenderedPage:
        html = self.renderer.template("partials/search-page.html", base_url="..",
                                      program_count=len(self.directory.programs))
        return RenderedPage(url="search/", title="Search", description="", html=html)

    def _program_page(self, slug: str) -> GeneratedPage:
        program = self.directory.by_slug[slug]
        return GeneratedPage(
            src_uri=f"programs/{slug}.md",
            url=program_url(slug),
            title=program.name,
            description=program.data["summary"],
            render=lambda: self.renderer.program(program, self.directory),
            edit_url=program.edit_url,
            shares_chrome=True,
        )


def packaged_theme_dir() -> Path | None:
    """The directory's own templates and assets.

    An installed wheel carries them as ``generator/theme/`` (pyproject.toml maps the
    top-level ``theme/`` there); in a checkout, or a copy of one, they are ``theme/`` beside
    ``generator/``. None if neither is there (a broken installation).
    """
    package = Path(__file__).resolve().parent
    for candidate in (package / "theme", package.parent / "theme"):
        if (candidate / "directory" / "program.html").is_file():
            return candidate
    return None


def json_bytes(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


__all__ = [
    "GeneratedFile",
    "GeneratedPage",
    "PageCollision",
    "RecordsInvalid",
    "SiteContent",
    "packaged_theme_dir",
    "relative_url",
]
