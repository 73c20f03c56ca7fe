"""The search-indexing stage with the real Pagefind binary, on a tiny site written by the tests.

The browser tests query the written index through Pagefind's own JS API in Debian's Chromium
(the session's `browser` fixture from tests/conftest.py), and fail on any request to another
host.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from generator.search_index import (
    DEFAULT_EXCLUDE_SELECTORS,
    SearchIndexError,
    SearchIndexStats,
    index_site,
    pagefind_executable,
)
from tests.conftest import pagefind_fragments

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{title}</title></head>
<body>
<header><nav>Home Programs Articles</nav></header>
<aside class="crisis">Call or text 988. Crisisbannerword appears on every page.</aside>
{main}
<footer>Footerword and copyright</footer>
</body>
</html>
"""

PROGRAM = """<main data-pagefind-body>
<h1>{name}</h1>
<span data-pagefind-filter="city:{city}"></span>
<ul hidden data-pagefind-ignore>
{payments}
</ul>
<p>{text}</p>
</main>"""

ARTICLE = """<main data-pagefind-body>
<h1 id="dbt">Dialectical behavior therapy <a class="headerlink" href="#dbt">¶</a></h1>
<p>Dialectical behavior therapy (DBT) teaches skills for strong emotions, in groups and alone.</p>
</main>"""

PAGES = {
    # Not indexed: no data-pagefind-body, although they mention the same words.
    "index.html": (
        "Home",
        "<main><h1>Home</h1><p>Dialectical behavior therapy near you.</p></main>",
    ),
    "404.html": ("Not found", "<main><h1>Page not found</h1><p>Dialectical</p></main>"),
    "programs/index.html": ("Directory", "<main><h1>All programs</h1></main>"),
    "programs/alpha-iop/index.html": (
        "Alpha IOP",
        PROGRAM.format(
            name="Alpha IOP",
            city="Austin",
            payments='<li data-pagefind-filter="payment">Medicaid</li>'
            '<li data-pagefind-filter="payment">Sliding scale</li>',
            text="Groups teach dialectical behavior therapy skills to adults four mornings a week.",
        ),
    ),
    "programs/beta-iop/index.html": (
        "Beta IOP",
        PROGRAM.format(
            name="Beta IOP",
            city="Round Rock",
            payments='<li data-pagefind-filter="payment">Self-pay</li>',
            text="Evening groups for teens use dialectical behavior therapy and family sessions.",
        ),
    ),
    "articles/dbt/index.html": ("DBT", ARTICLE),
}
INDEXED = {"/programs/alpha-iop/", "/programs/beta-iop/", "/articles/dbt/"}


def write_site(root: Path, pages: dict[str, tuple[str, str]] = PAGES) -> Path:
    for relative, (title, main) in pages.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(title=title, main=main), encoding="utf-8")
    return root


def write_site_with_spanish_twins(root: Path, extra: dict[str, tuple[str, str]] | None = None
                                  ) -> Path:
    """PAGES and ``extra``, with a Spanish twin of each of PAGES under es/ (lang="es")."""
    spanish = {f"es/{path}": (title, main) for path, (title, main) in PAGES.items()}
    write_site(root, {**PAGES, **spanish, **(extra or {})})
    for path in spanish:
        page = root / path
        page.write_text(page.read_text().replace('<html lang="en">', '<html lang="es">'))
    return root


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SearchIndexStats]:
    site = write_site(tmp_path_factory.mktemp("site"))
    return site, index_site(site)


def test_index_files_are_written_into_the_site(indexed: tuple[Path, SearchIndexStats]) -> None:
    site, stats = indexed
    bundle = site / "pagefind"
    assert stats.bundle_dir == bundle
    for name in ("pagefind.js", "pagefind-entry.json", "pagefind-worker.js", "wasm.en.pagefind"):
        assert (bundle / name).is_file(), name
    assert list((bundle / "fragment").glob("*.pf_fragment"))
    assert list((bundle / "index").glob("*.pf_index"))
    assert not (bundle / "playground").exists()


def test_only_pages_marked_with_a_body_are_counted(indexed: tuple[Path, SearchIndexStats]) -> None:
    _, stats = indexed
    assert stats.pages == len(INDEXED)
    assert stats.languages == 1
    assert stats.filters == 2  # city and payment
    assert stats.words > 20
    assert stats.seconds > 0


def test_stats_measure_the_bundle_on_disk(indexed: tuple[Path, SearchIndexStats]) -> None:
    site, stats = indexed
    size = sum(path.stat().st_size for path in (site / "pagefind").rglob("*") if path.is_file())
    assert stats.index_bytes == size
    assert "3 pages" in stats.summary()


def test_a_rerun_replaces_the_previous_bundle(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    index_site(site)
    stale = site / "pagefind" / "fragment" / "en_stale.pf_fragment"
    stale.write_bytes(b"old")
    stats = index_site(site)
    assert not stale.exists()
    assert stats.pages == len(INDEXED)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda root: root / "missing", "not a directory"),
        (lambda root: root, "holds no HTML page"),
        (
            lambda root: write_site(root, {"index.html": ("Home", "<main><p>Hello</p></main>")}),
            "no page marks its content with data-pagefind-body",
        ),
    ],
    ids=["missing", "empty", "no-body"],
)
def test_unusable_site_directories_raise_a_clear_error(
    tmp_path: Path, make: Any, expected: str
) -> None:
    site = make(tmp_path)
    with pytest.raises(SearchIndexError, match=expected) as caught:
        index_site(site)
    assert str(site.resolve()) in str(caught.value)
    assert not (site / "pagefind").exists()


def test_a_file_in_the_way_of_the_bundle_is_reported(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    (site / "pagefind").write_text("not a directory", encoding="utf-8")
    with pytest.raises(SearchIndexError, match=r"pagefind is not a directory"):
        index_site(site)


def test_pagefind_failures_carry_pagefind_s_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing = tmp_path / "fake-pagefind"
    failing.write_text(
        "#!/bin/sh\necho 'Running Pagefind'\necho 'Error: Could not parse the site.' >&2\n"
        "echo 'Error: Could not parse the site.' >&2\nexit 1\n",
        encoding="utf-8",
    )
    failing.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(failing))
    site = write_site(tmp_path / "site")
    with pytest.raises(SearchIndexError) as caught:
        index_site(site)
    assert str(caught.value) == "Pagefind failed (exit status 1): Could not parse the site."


def test_a_missing_binary_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "nowhere" / "pagefind"))
    with pytest.raises(SearchIndexError, match="no Pagefind binary found"):
        index_site(write_site(tmp_path / "site"))


# --- The written index, queried in Chromium through Pagefind's JS API -------------------------

QUERY = """async ([term, options]) => {
  const pagefind = await import(new URL("pagefind/pagefind.js", document.baseURI).href);
  await pagefind.init();
  const search = await pagefind.search(term, options);
  const results = await Promise.all(search.results.map(result => result.data()));
  return {
    results: results.map(data => ({url: data.url, excerpt: data.excerpt, title: data.meta.title})),
    filters: await pagefind.filters(),
  };
}"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served_index(indexed: tuple[Path, SearchIndexStats]) -> Iterator[str]:
    site, _ = indexed
    handler = functools.partial(QuietHandler, directory=os.fspath(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def query(browser: Any, served_index: str) -> Iterator[Any]:
    """``query(term, options)``: Pagefind's results and filters as the site's visitors get them."""
    context = browser.new_context()
    page = context.new_page()
    foreign: list[str] = []
    page.on(
        "request",
        lambda request: (
            foreign.append(request.url) if not request.url.startswith(served_index) else None
        ),
    )
    page.goto(served_index)
    yield lambda term, options=None: page.evaluate(QUERY, [term, options or {}])
    context.close()
    assert not foreign, f"requests to other hosts: {foreign}"


@pytest.mark.browser
def test_search_finds_the_body_pages_with_marked_excerpts(query: Any) -> None:
    found = query("dialectical")["results"]
    assert {result["url"] for result in found} == INDEXED
    for result in found:
        assert "<mark>" in result["excerpt"].lower(), result
    titles = {result["title"] for result in found}
    assert titles == {"Alpha IOP", "Beta IOP", "Dialectical behavior therapy"}  # no "¶"


@pytest.mark.browser
def test_banners_navigation_and_footers_are_not_indexed(query: Any) -> None:
    assert query("crisisbannerword")["results"] == []
    assert query("footerword")["results"] == []


@pytest.mark.browser
def test_filters_are_recorded(query: Any) -> None:
    filters = query("dialectical")["filters"]
    assert filters == {
        "city": {"Austin": 1, "Round Rock": 1},
        "payment": {"Medicaid": 1, "Self-pay": 1, "Sliding scale": 1},
    }


@pytest.mark.browser
def test_filters_narrow_the_results(query: Any) -> None:
    def urls(options: dict[str, Any]) -> set[str]:
        return {result["url"] for result in query("dialectical", options)["results"]}

    assert urls({"filters": {"city": "Austin"}}) == {"/programs/alpha-iop/"}
    assert urls({"filters": {"payment": "Self-pay"}}) == {"/programs/beta-iop/"}
    both = {"filters": {"payment": {"any": ["Medicaid", "Self-pay"]}}}
    assert urls(both) == {"/programs/alpha-iop/", "/programs/beta-iop/"}
    assert urls({"filters": {"city": "Austin", "payment": "Self-pay"}}) == set()


def _fragment_urls(bundle: Path) -> dict[str, set[str]]:
    """Each language's indexed pages, read from Pagefind's page fragments."""
    found: dict[str, set[str]] = {}
    for language, data in pagefind_fragments(bundle):
        found.setdefault(language, set()).add(data["url"])
    return found


def test_a_language_folder_indexed_apart_gives_the_same_indexes(tmp_path: Path) -> None:
    # Spanish twins under es/ (and folders whose names start like it, which are English).
    pages = {"e/index.html": ("E", ARTICLE.replace("dbt", "e-page")),
             "esx/index.html": ("Esx", ARTICLE.replace("dbt", "esx-page"))}
    together, apart = tmp_path / "together", tmp_path / "apart"
    for site in (together, apart):
        write_site_with_spanish_twins(site, pages)
    joint = index_site(together)
    split = index_site(apart, separate_folders=["es/"])
    entry = json.loads((apart / "pagefind" / "pagefind-entry.json").read_text())
    assert sorted(entry["languages"]) == ["en", "es"]
    assert entry["languages"]["es"]["page_count"] == len(INDEXED)
    assert entry["languages"]["en"]["page_count"] == len(INDEXED) + 2
    assert split.pages == joint.pages == 2 * len(INDEXED) + 2
    assert _fragment_urls(apart / "pagefind") == _fragment_urls(together / "pagefind")
    assert _fragment_urls(apart / "pagefind")["es"] == {"/es" + url for url in INDEXED}


def test_taking_the_marked_element_as_the_root_changes_nothing_indexed(tmp_path: Path) -> None:
    # The build runs Pagefind with --root-selector (it then passes over the theme's chrome
    # more quickly): each page's indexed text, filters, title and language must be those
    # Pagefind gives without it, the header, banner and footer outside the root included.
    site = write_site_with_spanish_twins(tmp_path / "site")
    index_site(site)
    plain = tmp_path / "plain"
    subprocess.run([str(pagefind_executable()), "--site", str(site), "--output-path",
                    str(plain), "--exclude-selectors", ", ".join(DEFAULT_EXCLUDE_SELECTORS)],
                   check=True, capture_output=True)
    ours = sorted((lang, data["url"], json.dumps(data, sort_keys=True))
                  for lang, data in pagefind_fragments(site / "pagefind"))
    theirs = sorted((lang, data["url"], json.dumps(data, sort_keys=True))
                    for lang, data in pagefind_fragments(plain))
    assert [(lang, url) for lang, url, _ in ours] == sorted(
        [("en", url) for url in INDEXED] + [("es", "/es" + url) for url in INDEXED])
    assert ours == theirs
