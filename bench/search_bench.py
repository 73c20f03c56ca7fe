"""Benchmark: what a visitor's first search downloads, with 10,000 programs (bar: 150 KB).

Builds a copy of the project with N generated programs (default 10,000) and the real
Pagefind index, serves it on 127.0.0.1, and in Chromium types a first query into the
header search box; every response under /pagefind/ is summed. The same is measured on the
project's own example site in the same run, as the baseline.

    python bench/search_bench.py [--programs 10000] [--query evening]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.build_bench import project_with  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

# What each first search fetched, file by file (printed with --files), and each file's
# size as a host that gzips text (GitHub Pages) sends it.
FETCHED: dict[str, dict[str, int]] = {}
WIRE: dict[str, int] = {}


def on_the_wire(url: str, body: bytes) -> int:
    """Bytes sent by a host that gzips scripts and JSON; Pagefind's index files and its
    wasm are gzip already."""
    path = url.split("?")[0]
    return len(gzip.compress(body, 6)) if path.endswith((".js", ".json", ".css")) else len(body)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def build(project: Path) -> float:
    env = {**os.environ, "IOP_DIRECTORY_TODAY": "2026-11-27"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "build"], cwd=project, env=env,
                   check=True, capture_output=True)
    return time.perf_counter() - start


def first_search_bytes(site: Path, query: str) -> dict[str, tuple[int, int]]:
    """Bytes and files fetched from /pagefind/ by a first query, in the header box and on
    the /search/ page, each in a fresh browser context (nothing cached)."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    measured: dict[str, tuple[int, int]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for where in ("header box", "search page"):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            fetched: dict[str, int] = {}

            def record(response: object, fetched: dict[str, int] = fetched) -> None:
                url = response.url  # type: ignore[attr-defined]
                if "/pagefind/" in url:
                    body = response.body()  # type: ignore[attr-defined]
                    fetched[url] = len(body)
                    WIRE[url] = on_the_wire(url, body)

            page.on("response", record)
            if where == "header box":
                page.goto(base + "what-is-an-iop/")
                page.click("[data-iop-search=header] input")
                page.keyboard.type(query, delay=40)
                page.wait_for_selector("[data-iop-search=header] li a", timeout=60_000)
            else:
                page.goto(base + "search/?q=" + query)
                page.wait_for_selector("[data-iop-search=page] li a", timeout=60_000)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            measured[where] = (sum(fetched.values()), len(fetched))
            FETCHED[where] = dict(fetched)
            context.close()
        browser.close()
    server.shutdown()
    return measured


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--programs", type=int, default=10_000)
    parser.add_argument("--query", default="evening")
    parser.add_argument("--files", action="store_true", help="list each file fetched")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small = project_with(14, Path(tmp) / "small")
        build(small)
        baseline = first_search_bytes(small / "site", args.query)
        large = project_with(args.programs, Path(tmp) / "large")
        seconds = build(large)
        index = sum(f.stat().st_size for f in (large / "site" / "pagefind").rglob("*")
                    if f.is_file())
        measured = first_search_bytes(large / "site", args.query)
    print(f"programs:                  {args.programs:,} (build with Pagefind {seconds:.0f} s)")
    print(f"whole index on disk:       {index / 1024:,.0f} KB")
    for where, (got, files) in measured.items():
        base_bytes = baseline[where][0]
        verdict = "met" if got <= 150 * 1024 else "NOT met"
        wire = sum(WIRE[url] for url in FETCHED[where])
        print(f"first search, {where:11s}: {got / 1024:4,.0f} KB in {files} files "
              f"(bar 150 KB: {verdict}; {wire / 1024:,.0f} KB with scripts gzipped as "
              f"served); example site: {base_bytes / 1024:,.0f} KB "
              f"(ratio {got / base_bytes:.2f}x)")
        if args.files:
            for url, size in sorted(FETCHED[where].items(), key=lambda item: -item[1]):
                print(f"    {size:8,d} bytes ({WIRE[url]:,d} sent) {url.split('/pagefind/')[1]}")


if __name__ == "__main__":
    main()
