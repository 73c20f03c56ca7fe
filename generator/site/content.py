"""The site's generated content: its pages and data files, from the records, for any engine.

An engine adapter asks which pages and files exist, then asks each page for its body when
it renders it. Data flows one way: records -> validation -> model -> pages and files.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator import diagnostics
from generator.diagnostics import Diagnostic
from generator.export.hsds import HSDS_FILE_NAMES, hsds_files, hsds_organizations
from generator.export.open_data import (
    FILE_SCHEMA_URL_PATH,
    SCHEMA_URL_PATH,
    programs_file_schema,
    programs_json,
    site_link,
)
from generator.finder import area_places, finder_context, finder_index
from generator.finder.index import display_labels, language_codes
from generator.loader import Record
from generator.model import Directory, build_directory
from generator.progress import Progress
from generator.render.pages import DIRECTORY_DESCRIPTION, PageRenderer, RenderedPage
from generator.render.shortlist import shortlist_folder, shortlist_path, shortlist_record
from generator.render.urls import program_url, relative_url, tel_url
from generator.render.views import Freshness
from generator.sample import SAMPLE_URL, sample_program
from generator.schema import schema_text
from generator.settings import Settings
from generator.site.pages import PageKind, SitePage, check_unique
from generator.site.theme import TEMPLATES, asset_files
from generator.translations import LANGUAGES, Language, browser_messages, translator
from generator.validation import ValidationReport, validate_paths
from generator.validation.cache import FindingsCache
from generator.validation.readiness import is_draft
from generator.wording import age_phrase

FINDER_INDEX = "assets/finder/programs.json"
FINDER_PLACES = "assets/finder/places.json"
# The browser code's texts in each language but English: assets/i18n/<code>.json.
BROWSER_MESSAGES = "assets/i18n/{code}.json"
FINDER_URL = "find/"
DIRECTORY_URL = "programs/"
SEARCH_URL = "search/"
HELP_URL = "help/"
SHORTLIST_URL = "shortlist/"
# The article whose questions the shortlist's call sheet asks, and the privacy section
# whose button clears what the site keeps in the browser.
CHOOSING_URL = "choosing-an-iop-in-austin/"
PRIVACY_URL = "about/#your-privacy"


class RecordsInvalid(Exception):
    """The records have errors; the message lists them as ``validate`` does."""

    def __init__(self, report: ValidationReport) -> None:
        errors = [d for d in report.diagnostics if d.is_error]
        text = diagnostics.render(errors, "text")
        super().__init__(
            f"{len(errors)} error{'s' * (len(errors) != 1)} in the program records; "
            f"nothing was built:\n{text}"
        )
        self.report = report


@dataclass(frozen=True)
class DataFile:
    """A file of the built site that is not a page: data, the schema, an asset."""

    path: str
    content: bytes


def browser_texts_path(language: Language) -> str | None:
    """Where the build writes the texts of the browser code in ``language`` (none in the
    source language: its texts are the code's own)."""
    return None if language.is_source else BROWSER_MESSAGES.format(code=language.code)


@dataclass
class SiteContent:
    settings: Settings
    # The theme folder (templates/, assets/, material/) and folders whose templates and
    # assets override its own, first match wins.
    theme: Path
    template_overrides: Sequence[Path] = ()
    report: ValidationReport = field(init=False)
    directory: Directory = field(init=False)
    # Errors shown on every page while serving (see ``load``); empty in a real build.
    problems: list[Diagnostic] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.freshness = Freshness(self.settings.today, self.settings.stale_after_days)
        self._renderers: dict[str, PageRenderer] = {}
        self.directory = Directory.of([])

    def load(self, last_good: dict[str, Record] | None = None,
             cache: FindingsCache | None = None,
             progress: Progress | None = None) -> ValidationReport:
        """Validate every record; raise ``RecordsInvalid`` if any has an error.

        With ``last_good`` (while serving, so that the preview never stops answering),
        errors do not raise: a record with an error is shown as it last was without one
        (if it ever was), ``problems`` holds the findings for the pages to show, and
        ``last_good`` is updated with the records that are good now.
        """
        settings = self.settings
        self.report = validate_paths([settings.programs_dir], settings, settings.project_root,
                                     cache=cache, progress=progress)
        self.problems = [d for d in self.report.diagnostics if d.is_error]
        records = self.report.records
        if self.problems and last_good is None:
            raise RecordsInvalid(self.report)
        if last_good is not None:
            good = self.report.valid_records()
            last_good.update({record.display_path: record for record in good})
            failed = {d.file for d in self.problems} - {r.display_path for r in good}
            records = good + [last_good[f] for f in sorted(failed) if f in last_good]
            present = {r.display_path for r in self.report.records} | failed
            for file in [f for f in last_good if f not in present]:
                del last_good[file]  # deleted since: gone from the preview too
        # Drafts are never published, and their FILL IN placeholders (dates too) are not
        # facts a program can be made of: a fresh `new` skeleton must not stop a build.
        records = [record for record in records if not is_draft(record)]
        if progress is not None:
            progress.begin("model")
        self.directory = build_directory(records, settings.edit_url)
        return self.report

    # -- pages ------------------------------------------------------------------------

    def pages(self) -> list[SitePage]:
        """Every page the directory makes, in every language; raises PageCollision for two
        at one address."""
        pages = [page for language in LANGUAGES for page in self._pages_in(language)]
        check_unique(pages)
        return pages

    def _pages_in(self, language: Language) -> list[SitePage]:
        _ = self.renderer_for(language).t.gettext
        pages = [self._program_page(slug, language) for slug in self.directory.by_slug]
        pages += [
            SitePage(PageKind.DIRECTORY, language.path(DIRECTORY_URL), _("Program directory"),
                     _(DIRECTORY_DESCRIPTION), lambda: self.renderer_for(language).directory(
                         self.directory), in_navigation=True, indexed=False, outline=False,
                     language=language),
            SitePage(PageKind.FINDER, language.path(FINDER_URL), _("Find a program near you"),
                     _("Programs ranked by distance from a ZIP code, a town or your "
                       "location, narrowed by what matters to you. Runs in your browser."),
                     lambda: self._finder_page(language), in_navigation=True, indexed=False,
                     outline=False, language=language),
            SitePage(PageKind.HELP, language.path(HELP_URL), _("Get help now"),
                     _("Crisis lines that answer now (988, 911, local lines) and free "
                       "helplines that find treatment."), lambda: self._help_page(language),
                     in_navigation=True, language=language),
            SitePage(PageKind.SEARCH, language.path(SEARCH_URL), _("Search"),
                     _("Search the articles and program listings."),
                     lambda: self._search_page(language), indexed=False, outline=False,
                     language=language),
            SitePage(PageKind.SAMPLE, language.path(SAMPLE_URL), _("Sample listing"),
                     _("What every program page in the directory holds, shown on a made-up "
                       "program."), lambda: self._sample_page(language), indexed=False,
                     robots_noindex=True, language=language),
            SitePage(PageKind.SHORTLIST, language.path(SHORTLIST_URL), _("Your shortlist"),
                     _("The programs you saved, side by side, with a call sheet to print. "
                       "Kept in your browser only."), lambda: self._shortlist_page(language),
                     indexed=False, outline=False, robots_noindex=True, language=language),
        ]
        return pages

    def renderer_for(self, language: Language) -> PageRenderer:
        if language.code not in self._renderers:
            self._renderers[language.code] = PageRenderer(
                [*self.template_overrides, self.theme / TEMPLATES], self.freshness,
                self.settings, language)
        return self._renderers[language.code]

    def _program_page(self, slug: str, language: Language) -> SitePage:
        program = self.directory.by_slug[slug]
        return SitePage(
            PageKind.PROGRAM, language.path(program_url(slug)), program.name, program.summary,
            lambda: self.renderer_for(language).program(program, self.directory),
            edit_url=program.edit_url, language=language,
        )

    def _sample_page(self, language: Language) -> RenderedPage:
        sample = sample_program(self.settings.today)
        return self.renderer_for(language).program(sample, self.directory, sample=True)

    def _finder_page(self, language: Language) -> RenderedPage:
        page = language.path(FINDER_URL)
        renderer = self.renderer_for(language)
        context = finder_context(
            self.directory.programs,
            self.places,
            # Program pages and the directory in the page's language; data and code shared.
            root_url=relative_url(language.prefix, page),
            index_url=relative_url(FINDER_INDEX, page),
            places_url=relative_url(FINDER_PLACES, page),
            pagefind_url=relative_url("pagefind/pagefind.js", page),
            directory_url=relative_url(language.path(DIRECTORY_URL), page),
            script_url=relative_url("assets/finder/finder.js", page),
            style_url=relative_url("assets/finder/finder.css", page),
            t=renderer.t,
        )
        return RenderedPage(page, renderer.t.gettext("Find a program near you"), "",
                            renderer.template("finder.html", **context))

    def _shortlist_page(self, language: Language) -> RenderedPage:
        page = language.path(SHORTLIST_URL)
        renderer = self.renderer_for(language)
        html = renderer.template(
            "shortlist.html",
            # Program pages and articles in the page's language; data and code shared.
            root_url=relative_url(language.prefix, page),
            data_url=relative_url(shortlist_folder(language) + "/", page),
            places_url=relative_url(FINDER_PLACES, page),
            script_url=relative_url("assets/shortlist/page.js", page),
            style_url=relative_url("assets/shortlist/shortlist.css", page),
            finder_url=relative_url(language.path(FINDER_URL), page),
            directory_url=relative_url(language.path(DIRECTORY_URL), page),
            choosing_url=relative_url(language.path(CHOOSING_URL), page),
            privacy_url=relative_url(language.path(PRIVACY_URL), page),
            program_count=len(self.directory.programs),
        )
        return RenderedPage(page, renderer.t.gettext("Your shortlist"), "", html)

    def _search_page(self, language: Language) -> RenderedPage:
        page = language.path(SEARCH_URL)
        renderer = self.renderer_for(language)
        html = renderer.template(
            "search-page.html",
            base_url=relative_url(language.prefix, page).rstrip("/") or ".",
            pagefind_url=relative_url("pagefind/", page),
            program_count=len(self.directory.programs))
        return RenderedPage(page, renderer.t.gettext("Search"), "", html)

    def _help_page(self, language: Language) -> RenderedPage:
        lines = [{"county": line.county, "provider": line.provider, "number": line.number,
                  "tel": tel_url(line.number), "source": line.source,
                  "source_host": urlsplit(line.source).hostname or line.source}
                 for line in self.settings.crisis_lines]
        renderer = self.renderer_for(language)
        html = renderer.template("help.html", crisis_lines=lines)
        return RenderedPage(language.path(HELP_URL), renderer.t.gettext("Get help now"), "",
                            html)

    # -- files ------------------------------------------------------------------------

    def files(self) -> list[DataFile]:
        """The site's files that are not pages: the schema, the finder's data, the open
        data exports and the theme's assets."""
        return [*self.quick_files(), *self.export_files()]

    def quick_files(self) -> list[DataFile]:
        """The files that take little making: the schemas, the finder's data, the
        browser's texts and the theme's assets."""
        programs = self.directory.programs
        today = self.settings.today
        stale = frozenset(p.slug for p in programs if self.freshness.is_stale(p))
        expired = frozenset(p.slug for p in programs if p.expired_credentials(today))
        index = finder_index(programs, program_url, stale, expired,
                             stale_after=self.freshness.stale_after)
        files = [
            DataFile(SCHEMA_URL_PATH, schema_text().encode("utf-8")),
            DataFile(FILE_SCHEMA_URL_PATH,
                     json_bytes(programs_file_schema(self.settings.site_url))),
            DataFile(FINDER_INDEX, json_bytes(index)),
            DataFile(FINDER_PLACES, json_bytes(self.places)),
        ]
        files += [DataFile(path, json_bytes(self.browser_texts(language)))
                  for language in LANGUAGES if (path := browser_texts_path(language))]
        files += [DataFile(path, source.read_bytes())
                  for path, source in asset_files(self.theme, self.template_overrides)]
        return files

    def export_files(self) -> list[DataFile]:
        """The files that take most of the making (a second of a thousand programs'
        build): the open data and the shortlist's, in the order of ``export_paths``."""
        programs = self.directory.programs
        return [
            *self._open_data_files(),
            # What /shortlist/ compares, one file a program and language (render/shortlist.py).
            *(DataFile(shortlist_path(p.slug, language),
                       json_bytes(shortlist_record(p, self.freshness, translator(language.code))))
              for language in LANGUAGES for p in programs),
        ]

    def export_paths(self) -> list[str]:
        """Where ``export_files`` goes, known without making them (a build registers them
        with the engine first, whose links to them are checked, and writes them later)."""
        return ["data/programs.json", *(f"data/hsds/{name}" for name in HSDS_FILE_NAMES),
                *(shortlist_path(p.slug, language)
                  for language in LANGUAGES for p in self.directory.programs)]

    def browser_texts(self, language: Language) -> dict[str, Any]:
        """What theme/assets/i18n/i18n.js loads on a page in `language`: the interface
        texts of the browser code, and the data's labels and wording in that language."""
        t = translator(language.code)
        return {
            **browser_messages(language.code),
            "labels": display_labels(language_codes(self.directory.programs), t),
            "stale_after": age_phrase(self.settings.stale_after_days, t),
        }

    @cached_property
    def places(self) -> dict[str, Any]:
        """The area's ZIP codes and towns for the finder, worked out once a build."""
        area = self.settings.service_area
        return area_places(area.center, area.radius_miles, self.directory.programs)

    def _open_data_files(self) -> list[DataFile]:
        """``/data/programs.json`` and the HSDS 3.0 export (JSON and CSV datapackage)."""
        site_url = self.settings.site_url
        today = self.settings.today
        programs = self.directory.programs
        data = programs_json(programs, program_url, site_url, generated=today)
        files = [DataFile("data/programs.json", json_bytes(data))]

        def page_url(slug: str) -> str | None:
            return site_link(program_url(slug), site_url) if site_url else None

        organizations = hsds_organizations(programs, page_url, today)
        for name, content in hsds_files(organizations, generated=today).items():
            files.append(DataFile(f"data/hsds/{name}", content))
        return files


def write_files(folder: Path, files: Iterable[DataFile]) -> None:
    """Write each file at its path in ``folder``."""
    for data_file in files:
        target = folder / data_file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data_file.content)


def json_bytes(data: object) -> bytes:
    """Compact JSON in UTF-8, as the site serves its data."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
