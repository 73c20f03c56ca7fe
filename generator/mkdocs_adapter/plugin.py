"""The ``iop-directory`` MkDocs plugin: records become pages at build time.

Nothing generated is committed and nothing has to be run before ``mkdocs build`` or
``mkdocs serve``. A build writes into a fresh folder beside ``site/`` and replaces
``site/`` only when everything (pages, search index, strict checks) has succeeded.
"""

from __future__ import annotations

import gc
import hashlib
import html
import logging
import re
import types
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, Environment, pass_context
from jinja2.runtime import Context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import CountHandler, clean_directory
from mkdocs.utils.templates import TemplateContext

from generator.errors import describe_os_error
from generator.geography import GeocodeError
from generator.loader import Record
from generator.mkdocs_adapter.config import DirectoryPluginConfig
from generator.mkdocs_adapter.live import LiveState, files_fingerprint, program_page_key, state_for
from generator.mkdocs_adapter.shared_chrome import (
    FILLED_SOURCE,
    FILLED_TEMPLATE,
    SharedChrome,
    filled_page_global,
)
from generator.output import OutputBusy, OutputFolder
from generator.progress import QUIET, Progress
from generator.render.not_found import not_found_views
from generator.render.pages import CompiledTemplates
from generator.render.report import report_url
from generator.render.urls import program_url
from generator.search_index import IndexRuns, SearchIndexError
from generator.settings import PLUGIN_NAME, SettingsError, settings_from_options
from generator.site import (
    PageCollision,
    PageKind,
    RecordsInvalid,
    SiteContent,
    SitePage,
    browser_texts_path,
    packaged_theme_dir,
    write_files,
)
from generator.site.parallel import Prerendered
from generator.site.theme import MATERIAL_OVERRIDES, TEMPLATES
from generator.translations import (
    ENGLISH,
    LANGUAGES,
    Language,
    english_path,
    language_of,
    translator,
)

log = logging.getLogger("mkdocs.plugins.iop-directory")
# Records as they last were without an error, per project, kept across the rebuilds of
# one `serve` (MkDocs makes a new plugin for each).
_LAST_GOOD: dict[Path, dict[str, Record]] = {}
# The program pages' and the directory's styles, in the package's theme folder.
DIRECTORY_CSS = "assets/directory/directory.css"
_ID_ATTRIBUTE = re.compile(r'id="([^"]+)"')
# The theme's templates (Material's and the overrides), compiled once a process.
_THEME_TEMPLATES = CompiledTemplates()


class DirectoryPlugin(BasePlugin[DirectoryPluginConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command: str | None = None
        self.dirty = False
        self.content: SiteContent | None = None
        self.pages: dict[str, SitePage] = {}  # by MkDocs source path
        self.output: OutputFolder | None = None
        # Set when the output folder cannot be written: the machine's problem, not the
        # input's (the command line exits 3 on it).
        self.output_problem: str | None = None
        # The addresses of every page of the build, to find each page's twins.
        self.page_urls: set[str] = set()
        # Each language's navigation: MkDocs makes one (the English), the others are
        # made from it (see on_nav).
        self.navigations: dict[str, Navigation] = {}
        # Program pages' theme chrome, rendered once for each kind of page (see there).
        self.shared_chrome: SharedChrome | None = None
        # While serving: what the builds of this `serve` share (see live.py), and what
        # this build's pages are made from, kept once it has succeeded.
        self.live: LiveState | None = None
        self.live_inputs: object = None
        self.live_keys: dict[str, object] = {}
        # Digests of the data files written (path -> digest), and whether this build left
        # them to be written after its pages.
        self.live_data: dict[str, bytes] = {}
        self.deferred_files = False
        # The stages shown as they go (the command line's, set by it; a plain `mkdocs
        # build` keeps only the timings, which -v logs).
        self.progress = Progress(QUIET)
        # Program bodies a second process renders while this one goes on (a build only:
        # serve answers from threads, which a fork must not copy).
        self.prerendered: Prerendered | None = None
        # A build's search index, begun while the pages of other languages than English
        # are written (Pagefind indexes the English ones meanwhile), and the page whose
        # building starts it: the one after the last English page.
        self.index_runs: IndexRuns | None = None
        self.index_start_url: str | None = None

    # -- events ---------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        # Only a dirty build leaves the pages it does not write as they were (see live.py):
        # `python -m generator serve` asks for one, plain `mkdocs serve` rebuilds all.
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.command == "serve":
            # The last build's pages are garbage now: freed in one pass here, before this
            # build sets its own objects aside (set aside with them, they would stay).
            gc.collect()
        root = Path(config.config_file_path).resolve().parent
        try:
            settings = settings_from_options(self.config, project_root=root,
                                             site_url=config.site_url, repo_url=config.repo_url)
        except SettingsError as err:
            raise PluginError(f"{PLUGIN_NAME}: {err}") from None
        theme, overrides = _add_theme(config)
        self.content = SiteContent(settings=settings, theme=theme, template_overrides=overrides)
        # While serving, a record with an error must not stop the preview from answering
        # (MkDocs stalls on a failed rebuild): its findings are shown on every page.
        serving = self.command == "serve"
        # MkDocs keeps one instance of the plugin for the whole process: a build after a
        # serve in it must not take up that serve's state.
        self.live = None
        if serving and self.dirty:
            self.live = state_for(root)
            self.live.wait_for_index()  # the last build's index is written before this one
        try:
            report = self.content.load(_LAST_GOOD.setdefault(root, {}) if serving else None,
                                       cache=self.live.records if self.live else None,
                                       progress=self.progress)
        except (RecordsInvalid, GeocodeError) as err:
            raise PluginError(str(err)) from None
        for diag in report.diagnostics:
            log.info(diag.format_text())
        if self.command == "build":
            self._stage_site_dir(config)
        _set_aside_live_objects()
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.content is not None
        self.progress.begin("data files")
        self.pages = {}
        self.deferred_files = False
        try:
            pages = self.content.pages()
        except PageCollision as err:
            raise PluginError(str(err)) from None
        # The directory is the programs/ folder's page, even with no program under it.
        parents = _parents(pages)
        folders = {page.path for page in pages
                   if page.kind is PageKind.DIRECTORY or page.path in parents}
        unchanged = self._unchanged_pages(config) if self.live is not None else set()
        if self.command == "build":
            # The open data files, written after the program bodies by the second process
            # (or by this one at the end): registered below, written in on_post_build.
            content, site_dir = self.content, Path(config.site_dir)
            self.prerendered = Prerendered(
                [p for p in pages if p.kind is PageKind.PROGRAM],
                then=lambda: write_files(site_dir, content.export_files()))
        for page in pages:
            src_uri = _source_path(page, folders)
            inclusion = (InclusionLevel.INCLUDED if page.in_navigation
                         else InclusionLevel.NOT_IN_NAV)
            same = page.path in unchanged
            # No front matter: on_page_markdown sets the page's metadata itself (writing
            # and reading back YAML for thousands of pages took most of a second).
            file = File.generated(config, src_uri, content="", inclusion=inclusion)
            if same:  # MkDocs asks each file; the instance's answer replaces the class's
                file.is_modified = _unchanged  # type: ignore[method-assign]
            _add(files, file)
            self.pages[src_uri] = page
        if self.live is not None and unchanged:
            self.deferred_files = True  # written after the pages (see on_post_build)
        elif self.command == "build":
            for data_file in self.content.quick_files():
                _add(files, File.generated(config, data_file.path, content=data_file.content))
            # Known to MkDocs, which checks the links to them, and written by the plugin.
            for path in self.content.export_paths():
                file = File.generated(config, path, content=b"")
                file.copy_file = _written_later  # type: ignore[method-assign]
                _add(files, file)
        else:
            data_files = self.content.files()
            for data_file in data_files:
                _add(files, File.generated(config, data_file.path, content=data_file.content))
            if self.live is not None:
                self.live_data = {f.path: _digest(f.content) for f in data_files}
        # Pages in another language than English are in that language's navigation, which
        # on_nav makes; MkDocs' own (the English) must not miss them.
        for file in files.documentation_pages():
            if language_of(file.src_uri) is not ENGLISH:
                file.inclusion = InclusionLevel.NOT_IN_NAV
        # As pages name themselves: the home page is "", not "./".
        self.page_urls = {"" if file.url in (".", "./") else file.url
                          for file in files.documentation_pages()}
        self.progress.begin("page content", len(self.page_urls))
        _set_aside_live_objects()
        return files

    def _unchanged_pages(self, config: MkDocsConfig) -> set[str]:
        """While serving: the program pages (their paths) whose content cannot differ
        from the last build's. MkDocs' dirty build (serve's) neither renders nor writes
        them; every other page is made again."""
        assert self.content is not None and self.live is not None
        directory = self.content.directory
        watched = [self.content.theme, *self.content.template_overrides,
                   Path(config.docs_dir), Path(config.config_file_path)]
        self.live_inputs = (files_fingerprint(watched), frozenset(directory.by_slug),
                            tuple(d.format_text() for d in self.content.problems))
        everything = self.live_inputs != self.live.inputs
        if everything and self.live.inputs is not None:
            log.info("Rebuilding every page")
            clean_directory(config.site_dir)  # pages of removed programs must go too
        self.live_keys = {language.path(program_url(slug)): program_page_key(directory, slug)
                          for slug in directory.by_slug for language in LANGUAGES}
        if everything:
            return set()
        unchanged = {path for path, key in self.live_keys.items()
                     if self.live.page_keys.get(path) == key}
        log.info(f"Rebuilding {len(self.live_keys) - len(unchanged)} program pages and the "
                 f"other pages; {len(unchanged)} program pages are as they were")
        return unchanged

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.navigations = {ENGLISH.code: nav}
        for language in LANGUAGES[1:]:
            own = [f for f in files.documentation_pages() if language_of(f.src_uri) is language]
            if own:
                self.navigations[language.code] = _navigation_in(language, own, config)
        return nav

    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        if page.url == self.index_start_url:  # every English page is written
            self.index_start_url = None
            self.index_runs = self._index_runs(Path(config.site_dir))
            self.index_runs.start_first()
        language = language_of(page.url)
        context["nav"] = self.navigations.get(language.code, nav)
        if page.meta.get("template") == FILLED_TEMPLATE:
            # Chosen by MkDocs already; the theme's templates must not see it.
            del page.meta["template"]
        # Read by theme/material: <html lang>, hreflang links, the language switcher, preload.
        page.meta.update(language=language.code, language_home=language.prefix,
                         alternates=self.alternates(page.url),
                         interface_texts=browser_texts_path(language))
        return context

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        _set_aside_live_objects()  # the navigation and the pages' contents
        self.progress.begin("pages", len(self.page_urls))
        env.bytecode_cache = _THEME_TEMPLATES  # compiled once while serving, not each rebuild
        if self.command == "build" and self.config.search_index:
            self.index_start_url = _after_last_english(files)
        # Filled by theme/main.html with chrome that all program pages share (see there).
        env.globals["iop_shared_chrome"] = {}
        # Program pages: main.html's chrome rendered once, each page filled in.
        self.shared_chrome = SharedChrome(env)
        env.loader = ChoiceLoader([DictLoader({FILLED_TEMPLATE: FILLED_SOURCE}),
                                   *([env.loader] if env.loader else [])])
        env.globals["iop_filled_page"] = filled_page_global(lambda: self.shared_chrome,
                                                            "main.html")
        # Interface texts in the page's language ({% trans %}, _()), for the Material
        # overrides and the partials they include (the crisis banner).
        env.add_extension("jinja2.ext.i18n")
        # Whitespace in {% trans %} blocks collapsed, as Babel extracts them (babel.cfg).
        env.policies["ext.i18n.trimmed"] = True
        env.install_gettext_callables(  # type: ignore[attr-defined]
            gettext=_page_gettext, ngettext=_page_ngettext, newstyle=True)
        env.globals["iop_alternates_of"] = self.alternates
        env.globals["iop_not_found"] = not_found_views()
        # What the theme's own templates say about the directory (an empty one says so).
        assert self.content is not None
        env.globals["iop_directory"] = {
            "programs": len(self.content.directory.programs),
            # Findings a preview (serve) shows on every page; never set in a build.
            "problems": [d.format_text() for d in self.content.problems],
            # The footer's "Report a problem".
            "report": report_url(self.content.settings),
        }
        return env

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            page.meta = _page_meta(generated)
            page.edit_url = generated.edit_url
            # Its body is made in on_page_content: MkDocs would build a Markdown
            # converter with every extension, for each page, to convert nothing.
            page.render = types.MethodType(_render_nothing, page)  # type: ignore[method-assign]
        return markdown

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        self.progress.advance()
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return html
        rendered = self.prerendered.get(generated) if self.prerendered else generated.render()
        if rendered.json_ld:
            page.meta["json_ld"] = rendered.json_ld
        # MkDocs collected anchors from the (empty) Markdown; links into these pages are
        # checked against the ids of the HTML that replaces it.
        page.present_anchor_ids = _anchor_ids(rendered.html)
        return rendered.html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.progress.advance()
        return output

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.content is not None
        server.watch(str(self.content.settings.programs_dir))
        for folder in {self.content.theme, *self.content.template_overrides}:
            server.watch(str(folder))  # templates, assets and Material overrides
        return server

    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        self.progress.end()
        gc.unfreeze()
        if self.prerendered is not None:
            self.progress.begin("open data")  # waiting for the second process, if at all
            self.prerendered.finish_then()
            self.progress.end()
        self._close_prerendered()
        if self.shared_chrome is not None:
            log.debug(f"Program pages: {self.shared_chrome.filled} filled into a shared "
                      f"skeleton, {self.shared_chrome.full} rendered in full")
        rebuilt = self.live is not None and self.live.inputs is not None
        if self.live is not None:
            self.live.inputs, self.live.page_keys = self.live_inputs, self.live_keys
            if not self.deferred_files:
                self.live.data_files = self.live_data
        if rebuilt and self.live is not None:
            # Serving: the browser is shown the pages first; the data files and the
            # search index catch up.
            deferred, search = self.deferred_files, self.config.search_index
            self.live.index_later(lambda: self._catch_up(site_dir, deferred, search))
        elif self.config.search_index:
            self._index(site_dir)
        if self.output is None:
            return
        if config.strict and _strict_warnings():
            # MkDocs will abort; the previous site must stay as it was.
            self._discard_staging()
            return
        self.progress.begin("publishing")
        output, self.output = self.output, None
        output.publish()
        config.site_dir = str(output.final)
        self.progress.end()

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        if self.live is not None:
            self.live.inputs = None  # what was written is unknown: everything next time
        self._close_workers()
        self._discard_staging()

    def on_shutdown(self) -> None:
        self._close_workers()
        self._discard_staging()

    # -- helpers ----------------------------------------------------------------------

    def alternates(self, url: str) -> list[dict[str, str]]:
        """The page at ``url`` in every language it exists in (itself included), for the
        language switcher, hreflang links and the sitemap; empty when it has no twin."""
        found = [{"code": language.code, "name": language.name,
                  "url": language.path(english_path(url))} for language in LANGUAGES]
        found = [item for item in found if item["url"] in self.page_urls]
        return found if len(found) > 1 else []

    def _catch_up(self, site_dir: Path, data_files: bool, search: bool) -> None:
        """Write the data files that differ from the last build's, then index."""
        assert self.content is not None and self.live is not None
        if data_files:
            written = dict(self.live.data_files)
            for data_file in self.content.files():
                digest = _digest(data_file.content)
                if written.get(data_file.path) != digest:
                    write_files(site_dir, [data_file])
                    written[data_file.path] = digest
            self.live.data_files = written
        if search:
            self._index(site_dir)

    def _index_runs(self, site_dir: Path) -> IndexRuns:
        # Each language's pages in a Pagefind run of its own: less memory at the peak.
        separate = [language.prefix for language in LANGUAGES if language.prefix]
        try:
            return IndexRuns(site_dir, separate_folders=separate,
                             on_run=lambda: self.progress.advance())
        except SearchIndexError as err:
            raise PluginError(f"search index: {err}") from None

    def _index(self, site_dir: Path) -> None:
        runs, self.index_runs = self.index_runs or self._index_runs(site_dir), None
        self.progress.begin("search index", len(LANGUAGES))
        try:
            stats = runs.finish()
        except SearchIndexError as err:
            raise PluginError(f"search index: {err}") from None
        finally:
            runs.close()
        log.info(f"Pagefind indexed {stats.pages} pages")
        self.progress.end()

    def _stage_site_dir(self, config: MkDocsConfig) -> None:
        final = Path(config.site_dir).resolve()
        self.output_problem = None
        if final.exists() and not final.is_dir():
            raise PluginError(f"site_dir {final} is a file; give a folder for the site")
        self.output = OutputFolder(final)
        try:
            config.site_dir = str(self.output.begin())
        except OutputBusy as err:
            self.output = None
            raise PluginError(str(err)) from None
        except OSError as err:
            # The new site is written beside the old one, then swapped in.
            self.output = None
            self.output_problem = describe_os_error(err, "write to", final.parent)
            raise PluginError(self.output_problem) from None

    def _close_prerendered(self) -> None:
        if self.prerendered is not None:
            self.prerendered.close()
            self.prerendered = None

    def _close_workers(self) -> None:
        """Wait for the second process and a Pagefind run still going (a failed build)."""
        self._close_prerendered()
        if self.index_runs is not None:
            self.index_runs.close()
            self.index_runs = None

    def _discard_staging(self) -> None:
        if self.output is not None:
            self.output.discard()
            self.output = None


def _after_last_english(files: Files) -> str | None:
    """The address of the page MkDocs builds after the last English one, if any."""
    pages = files.documentation_pages()
    last = max((i for i, file in enumerate(pages) if language_of(file.src_uri) is ENGLISH),
               default=None)
    if last is None or last + 1 >= len(pages):
        return None
    following = pages[last + 1].page
    return following.url if following is not None else None


def _render_nothing(page: Page, config: MkDocsConfig, files: Files) -> None:
    """What ``Page.render`` leaves from empty Markdown."""
    page.content = ""
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = {}


def _navigation_in(language: Language, files: list[File], config: MkDocsConfig) -> Navigation:
    """The navigation of one language: mkdocs.yml's, with each page's twin in that language
    (titled by the page itself) and the sections' titles translated; pages without a twin
    are left out."""
    t = translator(language.code)
    present = {file.src_uri for file in files}

    def translated(items: Any) -> list[Any]:
        found: list[Any] = []
        for item in items or []:
            title, value = next(iter(item.items())) if isinstance(item, dict) else (None, item)
            if isinstance(value, list):
                children = translated(value)
                if children:
                    found.append({t.gettext(str(title)): children})
            elif isinstance(value, str) and language.path(value) in present:
                found.append(language.path(value))
        return found

    english = config.nav
    config.nav = translated(english)
    try:
        return get_navigation(Files(files), config)
    finally:
        config.nav = english


def _page_language(context: Context) -> Language:
    page = context.get("page")
    return language_of(str(getattr(page, "url", "") or ""))


@pass_context
def _page_gettext(context: Context, message: str) -> str:
    return translator(_page_language(context).code).gettext(message)


@pass_context
def _page_ngettext(context: Context, singular: str, plural: str, count: int) -> str:
    return translator(_page_language(context).code).ngettext(singular, plural, count)


def _add_theme(config: MkDocsConfig) -> tuple[Path, list[Path]]:
    """Make the directory's Material overrides and templates part of MkDocs' theme, so that
    a project needs no theme folder of its own; returns the theme folder to render from
    and the folders whose templates override its own.

    The theme folder is the project's when its ``custom_dir`` is the ``material/`` folder
    of one (this checkout: ``theme/material``), else the package's. MkDocs takes each
    template from the first of ``theme.dirs`` that has it: a project's ``custom_dir``
    first, then the overrides, then the engine-neutral templates (main.html includes
    their partials), then Material's own. Assets are served as files, not by the theme.
    """
    custom = Path(config.theme.custom_dir).resolve() if config.theme.custom_dir else None
    own = custom.parent if custom and (custom.parent / TEMPLATES / "directory").is_dir() \
        else None
    theme = own or packaged_theme_dir()
    if theme is None:  # pragma: no cover - a broken installation
        raise PluginError(f"{PLUGIN_NAME}: the directory's templates are not installed; "
                          "reinstall the package")
    position = 1 if custom else 0
    for folder in (theme / MATERIAL_OVERRIDES, theme / TEMPLATES):
        if folder != custom and str(folder) not in config.theme.dirs:
            config.theme.dirs.insert(position, str(folder))
            position += 1
    if DIRECTORY_CSS not in config.extra_css:
        config.extra_css.insert(0, DIRECTORY_CSS)  # first, so a project's own CSS wins
    overrides = [custom] if custom and own is None else []
    return theme, overrides


def _source_path(page: SitePage, folders: set[str]) -> str:
    """The MkDocs source path of a page: ``find/`` is ``find.md``, and a page other pages
    live under, ``programs/``, is that folder's ``programs/index.md`` (as mkdocs.yml's nav
    names it)."""
    return f"{page.path}index.md" if page.path in folders else f"{page.path.rstrip('/')}.md"


def _page_meta(page: SitePage) -> dict[str, Any]:
    """What a generated page's front matter would say, for the theme's templates."""
    # MkDocs treats titles and descriptions as HTML (its templates do not autoescape and
    # Material prints both into <title>, the header and <meta>): they come from records,
    # so they are escaped here.
    meta: dict[str, Any] = {
        "title": html.escape(page.title),
        "description": html.escape(page.description),
    }
    if not page.indexed:
        meta["search"] = False  # read by theme/main.html: no data-pagefind-body
    if page.kind is PageKind.PROGRAM:
        # Program pages are all at one depth and out of the nav: main.html renders their
        # (identical) navigation once a build.
        meta["shared_nav"] = True
        meta["template"] = FILLED_TEMPLATE
    if not page.outline:
        meta["hide"] = ["toc"]
    if page.robots_noindex:
        meta["robots"] = "noindex"
    return meta


def _add(files: Files, file: File) -> None:
    """Add a generated file; one of the project's own files at the same path is an error
    (a silent replacement would hide an article or a page behind another)."""
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        raise PluginError(
            f"iop-directory: {existing.src_uri} in {existing.src_dir or 'the project'} is at "
            "the path of a page the directory makes itself; rename or move it")
    files.append(file)


def _unchanged() -> bool:
    return False


def _written_later(dirty: bool = False) -> None:
    """A data file's copy: the plugin writes it itself, once made (see on_files)."""


def _digest(content: bytes) -> bytes:
    return hashlib.blake2b(content, digest_size=16).digest()


def _parents(pages: list[SitePage]) -> set[str]:
    """Every path some other page lies below ("" for the home page, "programs/")."""
    found = {""} if len(pages) > 1 else set()
    for page in pages:
        parts = page.path.split("/")[:-1]
        found.update("/".join(parts[:i]) + "/" for i in range(1, len(parts)))
    return found


def _strict_warnings() -> int:
    for handler in logging.getLogger("mkdocs").handlers:
        if isinstance(handler, CountHandler):
            return sum(count for _, count in handler.get_counts())
    return 0


def _set_aside_live_objects() -> None:
    """What the build holds until it ends (the records and the model, then MkDocs' files,
    pages and navigation) is kept out of the cyclic collector's passes until on_post_build:
    each full pass scanned it all again, a fifth of a serve rebuild's time (0.32 s of 1.47
    at 1,000 programs) and a tenth of a build's CPU. Garbage among it waits until then
    (while serving, until the next build's on_config collects it)."""
    gc.freeze()


def _anchor_ids(html: str) -> set[str]:
    # A plain search, then a look at the character before (an attribute, not "data-id"):
    # a pattern that starts with \b cannot use the fast literal scan, and took 0.2 ms a
    # page, a tenth of a second for each 500 pages.
    return {match[1] for match in _ID_ATTRIBUTE.finditer(html)
            if match.start() > 0 and html[match.start() - 1].isspace()}
