"""The MkDocs adapter against the real thing: a validated MkDocsConfig, real events.

As in mkdocstrings' tests, the config is built from a dict and validated by MkDocs; the
plugin's events are then called the way MkDocs calls them.
"""

from __future__ import annotations

import os
import shutil
import weakref
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

from bench.synthetic import write_programs
from generator.mkdocs_adapter.plugin import DirectoryPlugin, _anchor_ids
from generator.site import DataFile, SiteContent
from generator.site.parallel import MINIMUM_PAGES

PROJECT_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = PROJECT_ROOT / "programs" / "limestone-ledge-recovery.yaml"


def make_config(tmp_path: Path, **plugin_options: object) -> MkDocsConfig:
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: Test\n")
    config = MkDocsConfig(config_file_path=str(config_file))
    config.load_dict({
        "site_name": "Test",
        "site_url": "https://directory.example.org/",
        "repo_url": "https://github.com/example/directory",
        "docs_dir": str(tmp_path / "docs"),
        "site_dir": str(tmp_path / "site"),
        "theme": {"name": "material", "custom_dir": str(PROJECT_ROOT / "theme")},
        "plugins": {"iop-directory": {"today": "2026-11-27", **plugin_options}},
    })
    failed, _warnings = config.validate()
    assert not failed, failed
    return config


def plugin_of(config: MkDocsConfig) -> DirectoryPlugin:
    plugin = config.plugins["iop-directory"]
    assert isinstance(plugin, DirectoryPlugin)
    return plugin


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "programs").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "programs" / EXAMPLE.name)
    return tmp_path


def test_on_files_adds_program_pages_out_of_the_nav_and_data_files(project: Path) -> None:
    config = make_config(project)
    plugin = plugin_of(config)
    config = plugin.on_config(config)
    files = config.plugins.on_files(Files([]), config=config)
    page = files.get_file_from_path("programs/limestone-ledge-recovery.md")
    assert page is not None and page.inclusion == InclusionLevel.NOT_IN_NAV
    assert files.get_file_from_path("programs/index.md").inclusion == InclusionLevel.INCLUDED
    for path in ("find.md", "schema/program.schema.json", "assets/finder/programs.json",
                 "data/programs.json", "data/hsds/organizations.json"):
        assert files.get_file_from_path(path) is not None, path


def test_a_program_page_gets_its_body_json_ld_and_edit_link(project: Path) -> None:
    config = make_config(project)
    plugin = plugin_of(config)
    config = plugin.on_config(config)
    files = config.plugins.on_files(Files([]), config=config)
    file = files.get_file_from_path("programs/limestone-ledge-recovery.md")
    page = Page(None, file, config)
    page.read_source(config)
    assert page.markdown is not None
    plugin.on_page_markdown(page.markdown, page=page, config=config, files=files)
    assert page.title == "Limestone Ledge Recovery"
    assert page.edit_url == (
        "https://github.com/example/directory/edit/main/programs/limestone-ledge-recovery.yaml"
    )
    html = plugin.on_page_content("<p>ignored</p>", page=page, config=config, files=files)
    assert '<h2 id="accreditation-and-licensing" data-pagefind-ignore>' in html
    assert "accreditation-and-licensing" in page.present_anchor_ids
    assert '"@type":"MedicalClinic"' in page.meta["json_ld"]


def test_anchors_are_element_ids_not_attributes_ending_in_id() -> None:
    html = '<h2 id="costs">Costs</h2>\n<p data-program-id="p1"\n   id="notes">x</p>id="text"'
    assert _anchor_ids(html) == {"costs", "notes"}


def test_an_article_is_left_alone(project: Path) -> None:
    config = make_config(project)
    plugin = plugin_of(config)
    config = plugin.on_config(config)
    files = config.plugins.on_files(Files([]), config=config)
    assert plugin.on_page_content("<p>x</p>", page=_article(config), config=config,
                                  files=files) == "<p>x</p>"


def _article(config: MkDocsConfig) -> Page:
    from mkdocs.structure.files import File

    file = File("index.md", config.docs_dir, config.site_dir, use_directory_urls=True)
    return Page("Home", file, config)


def test_invalid_records_stop_the_build_with_the_validator_findings(project: Path) -> None:
    bad = EXAMPLE.read_text().replace("days_per_week:", "days_per_week: 9\n  old_days:", 1)
    (project / "programs" / "bad.yaml").write_text(bad)
    config = make_config(project)
    with pytest.raises(PluginError) as raised:
        plugin_of(config).on_config(config)
    assert "programs/bad.yaml:" in str(raised.value)
    assert "unknown key 'old_days'" in str(raised.value)


def test_the_service_area_is_configurable(project: Path) -> None:
    # Whole numbers are what an editor writes for a radius.
    config = make_config(project, service_area={"center_lat": 29.4241, "center_lon": -98.4936,
                                                "radius_miles": 20})  # San Antonio
    with pytest.raises(PluginError, match="from the centre of the service area"):
        plugin_of(config).on_config(config)


def test_a_bad_today_option_is_a_clear_error(project: Path) -> None:
    config = make_config(project, today="tomorrow")
    with pytest.raises(PluginError, match="is not a date"):
        plugin_of(config).on_config(config)


def test_build_stages_into_a_sibling_folder_and_discards_it_on_error(project: Path) -> None:
    config = make_config(project)
    plugin = plugin_of(config)
    plugin.on_startup(command="build", dirty=False)
    config = plugin.on_config(config)
    staging = Path(config.site_dir)
    assert staging.parent == project and staging.name.startswith(".site-")
    assert staging.is_dir()
    plugin.on_build_error(error=RuntimeError("boom"))
    assert not staging.exists()
    assert not (project / "site").exists()


def test_serving_frees_each_build_before_the_next(project: Path) -> None:
    # serve builds again and again in one process, and each build sets its objects aside
    # from the garbage collector (gc.freeze): a later build must free them, or memory
    # grows with every edit. The navigation is full of cycles (pages know their parents).
    def serve_build() -> MkDocsConfig:
        config = make_config(project, search_index=False)
        plugin_of(config).on_startup(command="serve", dirty=True)
        build(config, dirty=True)
        return config

    first = weakref.ref(plugin_of(serve_build()).navigations["en"])
    serve_build()
    serve_build()
    assert first() is None


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: no second process is started")
def test_the_second_process_writes_the_open_data_as_this_one_would(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A build registers the open data files with MkDocs and has the second process write
    # them after the program bodies; without a second process, this one writes them at
    # the end. Either way the site must be the same, byte for byte.
    write_programs(project / "programs", MINIMUM_PAGES)  # two pages each: a worker
    makers = project / "makers"
    exports = SiteContent.export_files

    def export_files_noting_the_process(content: SiteContent) -> list[DataFile]:
        with makers.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return exports(content)

    monkeypatch.setattr(SiteContent, "export_files", export_files_noting_the_process)

    def site_built(name: str) -> dict[str, bytes]:
        config = make_config(project, search_index=False)
        config.site_dir = str(project / name)
        plugin_of(config).on_startup(command="build", dirty=False)
        build(config)
        root = project / name
        return {path.relative_to(root).as_posix(): path.read_bytes()
                for path in root.rglob("*") if path.is_file()}

    in_worker = site_built("with-worker")
    monkeypatch.setattr("generator.site.parallel.MINIMUM_PAGES", 10**9)
    here = site_built("without")
    pids = [int(line) for line in makers.read_text().split()]
    assert len(pids) == 2 and pids[0] != os.getpid() and pids[1] == os.getpid()
    assert in_worker.keys() == here.keys()
    assert [path for path in in_worker if in_worker[path] != here[path]] == []
    for path in ("data/programs.json", "data/hsds/organizations.json",
                 "data/hsds/datapackage.json", "es/assets/shortlist/programs/"
                 "limestone-ledge-recovery.json"):
        assert in_worker[path], path
