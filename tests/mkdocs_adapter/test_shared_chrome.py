"""Program pages filled into a shared rendering of the theme are the pages MkDocs renders.

Real builds of a copy of the project (MkDocs, Material, the plugin): once as the plugin
builds, once with every program page rendered in full by MkDocs' own template rendering
(the shortcut switched off); every page must be the same, byte for byte.
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest

from generator.mkdocs_adapter.commands import build_site
from generator.mkdocs_adapter.shared_chrome import SharedChrome

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# A name with what templates escape or change: "&", an apostrophe, quotes.
ODD_NAME = 'Hope & Healing "Women\'s" IOP'


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    for name in ("content", "theme", "programs"):
        shutil.copytree(PROJECT_ROOT / name, project / name)
    shutil.copy(PROJECT_ROOT / "mkdocs.yml", project / "mkdocs.yml")
    record = project / "programs" / "limestone-ledge-recovery.yaml"
    source = record.read_text()
    quoted = ODD_NAME.replace("'", "''")  # YAML's single-quoted scalar
    odd = source.replace("name: Limestone Ledge Recovery", f"name: '{quoted}'", 1)
    assert odd != source
    record.write_text(odd)
    return project


def _pages(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text() for p in sorted(site.rglob("*.html"))}


def _build(project: Path, site: Path) -> None:
    assert build_site(project / "mkdocs.yml", site_dir=site, search=False) == 0


@pytest.mark.parametrize("transform", [None, "upper"])
def test_program_pages_are_the_pages_mkdocs_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
    transform: str | None,
) -> None:
    project = _project(tmp_path)
    if transform:
        # A theme override that changes a page's title: the shortcut must notice and step aside.
        main = project / "theme" / "material" / "main.html"
        main.write_text(main.read_text() + (
            "\n{% block htmltitle %}<title>{{ page.meta.title | " + transform
            + " if page and page.meta and page.meta.title else config.site_name }}</title>"
            "{% endblock %}\n"))
    monkeypatch.setenv("IOP_DIRECTORY_TODAY", "2026-11-27")
    with caplog.at_level(logging.DEBUG, logger="mkdocs.plugins.iop-directory"):
        _build(project, tmp_path / "filled")
    counts = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Program pages:")]
    assert counts, "the plugin reports how program pages were rendered"
    filled = int(re.search(r"(\d+) filled", counts[-1]).group(1))  # type: ignore[union-attr]
    if transform:
        assert filled == 0, counts[-1]
    else:
        assert filled > 10, counts[-1]

    monkeypatch.setattr(SharedChrome, "render",
                        lambda self, context, template: template.render(context))
    _build(project, tmp_path / "full")

    filled_pages, full_pages = _pages(tmp_path / "filled"), _pages(tmp_path / "full")
    assert filled_pages.keys() == full_pages.keys()
    different = [name for name in filled_pages if filled_pages[name] != full_pages[name]]
    assert not different, different[:5]
    odd = filled_pages["programs/limestone-ledge-recovery/index.html"]
    assert "Hope &amp; Healing &#34;Women&#39;s&#34; IOP" in odd or \
        "Hope &amp; Healing &quot;Women&#x27;s&quot; IOP" in odd, "the odd name is on its page"
