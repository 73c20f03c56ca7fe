"""The site's page list and files, engine-neutral, from real records and the real theme."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.settings import CrisisLine, Settings
from generator.site import (
    PageCollision,
    PageKind,
    RecordsInvalid,
    SiteContent,
    SitePage,
    packaged_theme_dir,
    write_files,
)
from generator.site.pages import check_unique
from generator.site.theme import asset_files
from tests.conftest import PROJECT_ROOT, TODAY

EXAMPLES = PROJECT_ROOT / "programs"
THEME = PROJECT_ROOT / "theme"


def content_for(programs: Path, **settings: object) -> SiteContent:
    site = SiteContent(Settings(project_root=programs.parent, programs_dir=programs,
                                today=TODAY, **settings),  # type: ignore[arg-type]
                       theme=THEME)
    site.load()
    return site


@pytest.fixture
def two_programs(tmp_path: Path) -> Path:
    folder = tmp_path / "programs"
    folder.mkdir()
    for name in ("limestone-ledge-recovery.yaml", "san-gabriel-steps.yaml"):
        shutil.copy(EXAMPLES / name, folder / name)
    return folder


def by_kind(pages: list[SitePage], language: str = "en") -> dict[PageKind, list[SitePage]]:
    found: dict[PageKind, list[SitePage]] = {}
    for page in pages:
        if page.language.code == language:
            found.setdefault(page.kind, []).append(page)
    return found


def test_every_page_has_its_spanish_twin_under_es(two_programs: Path) -> None:
    pages = content_for(two_programs).pages()
    english = {p.path for p in pages if p.language.code == "en"}
    spanish = {p.path for p in pages if p.language.code == "es"}
    assert spanish == {"es/" + path for path in english}
    help_es = next(p for p in pages if p.path == "es/help/")
    assert help_es.title == "Obtenga ayuda ahora"
    html = help_es.render().html
    assert "Llame al 911" in html and "oprima 2" in html and 'href="tel:988"' in html


def test_a_spanish_program_page_speaks_spanish(two_programs: Path) -> None:
    site = content_for(two_programs)
    page = next(p for p in site.pages() if p.path == "es/programs/limestone-ledge-recovery/")
    html = re.sub(r"<time[^>]*>|</time>", "", page.render().html)
    for spanish in ("De un vistazo", "Acreditación y licencias", "Llamar al 512-555-0142",
                    "Verificado por última vez el 18 de noviembre de 2026"):
        assert spanish in html, spanish
    for english in ("At a glance", "Accreditation and licensing", "Last verified on"):
        assert english not in html, english


def test_every_kind_of_page_once_and_a_page_per_program(two_programs: Path) -> None:
    pages = by_kind(content_for(two_programs).pages())
    assert sorted(p.path for p in pages[PageKind.PROGRAM]) == [
        "programs/limestone-ledge-recovery/", "programs/san-gabriel-steps/"]
    for kind in set(PageKind) - {PageKind.PROGRAM}:
        assert len(pages[kind]) == 1, kind
    assert pages[PageKind.HELP][0].path == "help/"
    assert pages[PageKind.FINDER][0].path == "find/"
    assert pages[PageKind.DIRECTORY][0].path == "programs/"


def test_navigation_search_and_robots_are_decided_per_kind(two_programs: Path) -> None:
    pages = by_kind(content_for(two_programs).pages())
    in_nav = {kind for kind, found in pages.items() if all(p.in_navigation for p in found)}
    assert in_nav == {PageKind.DIRECTORY, PageKind.FINDER, PageKind.HELP}
    indexed = {kind for kind, found in pages.items() if all(p.indexed for p in found)}
    # Content is searched; lists, tools and the made-up sample are not.
    assert indexed == {PageKind.PROGRAM, PageKind.HELP}
    # The sample is made up; the shortlist is a visitor's own list, empty to a robot.
    assert {k for k, found in pages.items() if found[0].robots_noindex} == {
        PageKind.SAMPLE, PageKind.SHORTLIST}


def test_a_program_page_renders_its_record(two_programs: Path) -> None:
    site = content_for(two_programs, repo_url="https://github.com/example/dir")
    page = next(p for p in site.pages() if p.path == "programs/limestone-ledge-recovery/")
    assert page.title == "Limestone Ledge Recovery"
    assert page.edit_url == ("https://github.com/example/dir/edit/main/programs/"
                             "limestone-ledge-recovery.yaml")
    rendered = page.render()
    assert "Limestone Ledge Recovery" in rendered.html and 'id="contact"' in rendered.html
    assert rendered.json_ld and json.loads(rendered.json_ld)["@type"] == "MedicalClinic"


def test_the_help_page_shows_each_local_line_with_its_source(two_programs: Path) -> None:
    line = CrisisLine("Hays", "A made-up authority", "(512) 472-0100",
                      "https://crisis.example.org/hays")
    site = content_for(two_programs, crisis_lines=(line,))
    page = next(p for p in site.pages() if p.kind is PageKind.HELP)
    html = page.render().html
    assert 'href="tel:+15124720100"' in html and "(512) 472-0100" in html
    assert 'href="https://crisis.example.org/hays"' in html and "crisis.example.org" in html
    assert 'href="tel:988"' in html and 'href="sms:988"' in html


def test_an_empty_directory_still_makes_every_page(tmp_path: Path) -> None:
    (tmp_path / "programs").mkdir()
    site = content_for(tmp_path / "programs")
    pages = by_kind(site.pages())
    assert PageKind.PROGRAM not in pages
    for kind in (PageKind.DIRECTORY, PageKind.FINDER, PageKind.SEARCH):
        assert "988" in pages[kind][0].render().html, kind  # it points to the helplines


def test_records_with_errors_refuse_to_build_and_name_the_file(two_programs: Path) -> None:
    (two_programs / "broken.yaml").write_text("name: [unclosed\n", "utf-8")
    site = SiteContent(Settings(project_root=two_programs.parent, programs_dir=two_programs,
                                today=TODAY), theme=THEME)
    with pytest.raises(RecordsInvalid, match=r"programs/broken\.yaml:\d+:\d+: error"):
        site.load()


def test_while_serving_a_broken_record_shows_as_it_last_was(two_programs: Path) -> None:
    record = two_programs / "san-gabriel-steps.yaml"
    site = SiteContent(Settings(project_root=two_programs.parent, programs_dir=two_programs,
                                today=TODAY), theme=THEME)
    last_good: dict = {}  # type: ignore[type-arg]
    site.load(last_good)
    record.write_text(record.read_text("utf-8").replace("name:", "name: [", 1), "utf-8")
    site.load(last_good)
    assert site.problems and site.problems[0].file.endswith("san-gabriel-steps.yaml")
    assert "san-gabriel-steps" in site.directory.by_slug
    record.unlink()
    site.load(last_good)
    assert "san-gabriel-steps" not in site.directory.by_slug  # deleted: gone


def test_two_pages_at_one_address_are_refused() -> None:
    def body():  # type: ignore[no-untyped-def]
        raise AssertionError("not rendered")

    pages = [SitePage(PageKind.DIRECTORY, "programs/", "Program directory", "", body),
             SitePage(PageKind.PROGRAM, "programs/Index/", "Index", "", body)]
    with pytest.raises(PageCollision, match="programs"):
        check_unique(pages)
    check_unique(pages[:1])


def test_files_hold_data_exports_and_every_asset(two_programs: Path) -> None:
    site = content_for(two_programs, site_url="https://dir.example.org/")
    files = {f.path: f.content for f in site.files()}
    data = json.loads(files["data/programs.json"])
    assert data["count"] == 2
    assert data["programs"][0]["url"].startswith("https://dir.example.org/programs/")
    for path in ("schema/program.schema.json", "schema/programs.schema.json",
                 "assets/finder/programs.json", "assets/finder/places.json",
                 "data/hsds/organizations.json", "data/hsds/datapackage.json"):
        assert path in files, path
    assets = {p.relative_to(THEME).as_posix() for p in (THEME / "assets").rglob("*")
              if p.is_file()}
    assert assets and assets <= set(files)
    assert files["assets/directory/menu.js"] == (THEME / "assets/directory/menu.js").read_bytes()


def test_the_export_paths_are_where_the_exports_go(two_programs: Path, tmp_path: Path) -> None:
    # A build registers the exports by their paths first and writes them at its end.
    site = content_for(two_programs)
    exports = site.export_files()
    assert site.export_paths() == [f.path for f in exports]
    quick = {f.path for f in site.quick_files()}
    assert not quick & set(site.export_paths())
    assert [f.path for f in site.files()] == [*(f.path for f in site.quick_files()),
                                              *site.export_paths()]
    write_files(tmp_path, exports)
    for data_file in exports:
        assert (tmp_path / data_file.path).read_bytes() == data_file.content


def test_an_asset_a_project_overrides_is_left_to_the_engine(tmp_path: Path) -> None:
    own = tmp_path / "overrides" / "assets" / "directory"
    own.mkdir(parents=True)
    (own / "directory.css").write_text("body { color: black }")
    paths = {path for path, _ in asset_files(THEME, [tmp_path / "overrides"])}
    assert "assets/directory/directory.css" not in paths
    assert "assets/directory/menu.js" in paths


def test_the_theme_is_found_in_a_checkout() -> None:
    assert packaged_theme_dir() == THEME


def test_the_shortlist_page_points_at_its_script_data_and_the_guide(two_programs: Path) -> None:
    page = by_kind(content_for(two_programs).pages())[PageKind.SHORTLIST][0]
    assert (page.path, page.in_navigation, page.indexed) == ("shortlist/", False, False)
    html = page.render().html
    for attribute in ('data-data-url="../assets/shortlist/programs/"',
                      'data-places-url="../assets/finder/places.json"',
                      '<script type="module" src="../assets/shortlist/page.js">',
                      'href="../choosing-an-iop-in-austin/"', 'href="../about/#your-privacy"',
                      "data-shortlist-share", "data-shortlist-clear"):
        assert attribute in html, attribute


def test_a_shortlist_file_per_published_program_and_no_other(two_programs: Path) -> None:
    files = {f.path: f.content for f in content_for(two_programs).files()}
    ours = sorted(p for p in files if p.startswith("assets/shortlist/programs/"))
    assert ours == ["assets/shortlist/programs/limestone-ledge-recovery.json",
                    "assets/shortlist/programs/san-gabriel-steps.json"]
    spanish = sorted(p for p in files if p.startswith("es/assets/shortlist/programs/"))
    assert spanish == ["es/" + path for path in ours]
    record = json.loads(files[ours[1]])
    assert (record["v"], record["slug"], record["url"]) == (
        1, "san-gabriel-steps", "programs/san-gabriel-steps/")


def test_the_spanish_shortlist_and_finder_get_their_words_in_spanish(two_programs: Path) -> None:
    content = content_for(two_programs)
    files = {f.path: json.loads(f.content) for f in content.files() if f.path.endswith(".json")}
    english = files["assets/shortlist/programs/limestone-ledge-recovery.json"]
    spanish = files["es/assets/shortlist/programs/limestone-ledge-recovery.json"]
    assert english["slug"] == spanish["slug"] and english["tel"] == spanish["tel"]
    assert "Evening" in english["tracks"] and "Noche" in spanish["tracks"]
    assert "noviembre" in spanish["verified_on"] or "de 20" in spanish["verified_on"]
    texts = files["assets/i18n/es.json"]
    assert texts["lang"] == "es" and texts["stale_after"] == "12 meses"
    assert texts["messages"]["Save to shortlist"] == "Guardar en mi lista"
    assert texts["labels"]["schedule"]["evening"] == "Noche"
    assert texts["labels"]["language"]["es"] == "español"
    html = by_kind(content.pages(), "es")[PageKind.SHORTLIST][0].render().html
    # From es/shortlist/: es/assets/shortlist/programs/, the Spanish files.
    assert 'data-data-url="../assets/shortlist/programs/"' in html
    assert "Preguntas para hacer cuando llame" in html
