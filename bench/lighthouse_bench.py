"""Benchmark: Lighthouse (mobile) on four pages of the built site (bar, issue 11: every
category at least 95, cumulative layout shift under 0.05).

Builds the site with the example programs (IOP_DIRECTORY_TODAY fixed) into a temporary
folder, serves it on 127.0.0.1 from a threaded http.server that gzips text files as real
hosts do (GitHub Pages does), and runs the npm lighthouse 12 (node_modules/.bin/lighthouse)
with Debian's Chromium, headless, in its default mobile form factor and simulated throttling,
N times on each of:

    /                  the home page
    /programs/<slug>/  the largest program page (the most content)
    /find/?zip=78745   the finder with a place
    /programs/         the directory

(with --language es, their Spanish twins under /es/) and prints the median of each
category's score and of CLS per page. The baseline, measured in the same run and the same
way, is the site's own 404 page: the same theme, styles and scripts with almost no content;
each page's performance is printed beside it as a ratio.

Nothing leaves the machine: every request that Lighthouse's Chromium made is checked to be
to 127.0.0.1, and the run fails if one was not.

    python bench/lighthouse_bench.py [--runs 3] [--language en|es] [--site DIR] [--check]
                                     [--out DIR]

--check exits 1 when a median is below 95 or a median CLS is 0.05 or more.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
TODAY = "2026-11-27"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MIN_SCORE = 95
BASELINE = "baseline (404)"
MAX_CLS = 0.05
# Text that a host would compress; Pagefind's own files are gzipped already.
# The performance score's metrics, printed to show where its points go (milliseconds).
METRICS = {"fcp": "first-contentful-paint", "lcp": "largest-contentful-paint",
           "tbt": "total-blocking-time", "si": "speed-index"}
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map"}


# -- pure parts (tests/test_lighthouse_bench.py) --------------------------------------------

def scores_of(report: Mapping[str, Any]) -> dict[str, float]:
    """A Lighthouse JSON report's category scores (0-100), its CLS and metrics (ms)."""
    if report.get("runtimeError"):
        raise ValueError(f"Lighthouse failed: {report['runtimeError'].get('message')}")
    figures: dict[str, float] = {}
    for category in CATEGORIES:
        score = report["categories"][category]["score"]
        if score is None:  # Lighthouse's way of saying an audit errored
            raise ValueError(f"no {category} score for {report.get('finalDisplayedUrl')}")
        figures[category] = round(score * 100)
    figures["cls"] = report["audits"]["cumulative-layout-shift"]["numericValue"]
    for key, audit in METRICS.items():
        figures[key] = report["audits"][audit]["numericValue"]
    return figures


def medians(runs: Sequence[Mapping[str, float]]) -> dict[str, float]:
    """The median of each figure over the runs of one page."""
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def shortfalls(page: str, figures: Mapping[str, float]) -> list[str]:
    """What misses the bar: a score below 95, or CLS of 0.05 or more (the larger of the
    simulated and the throttled run's, when there is a throttled one)."""
    missed = [f"{page}: {category} {figures[category]:g} < {MIN_SCORE}"
              for category in CATEGORIES if figures[category] < MIN_SCORE]
    for key in ("cls", "cls_throttled"):
        if figures.get(key, 0) >= MAX_CLS:
            missed.append(f"{page}: {key} {figures[key]:.3f} >= {MAX_CLS}")
    return missed


def shifted(report: Mapping[str, Any]) -> list[str]:
    """The elements that moved, with their share of CLS."""
    details = report["audits"].get("layout-shifts", {}).get("details") or {}
    return [f"{item['node'].get('selector', '?')} {item['score']:.3f}"
            for item in details.get("items", []) if item.get("node")]


def lost_points(report: Mapping[str, Any]) -> list[str]:
    """The weighted audits that did not pass, per category: where a score's points went."""
    lost = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                shown = audit.get("displayValue") or f"score {audit['score']:.2f}"
                lost.append(f"{category}/{ref['id']} ({shown})")
    return lost


def foreign_requests(report: Mapping[str, Any], host: str) -> list[str]:
    """Requests the page made to any host but the site's own."""
    items = report["audits"]["network-requests"]["details"]["items"]
    return [item["url"] for item in items
            if urlsplit(item["url"]).scheme in ("http", "https", "ws", "wss")
            and urlsplit(item["url"]).hostname != host]


# -- the server -------------------------------------------------------------------------------

class _Handler(SimpleHTTPRequestHandler):
    """Static files; text gzipped when the browser accepts it, over keep-alive HTTP/1.1."""

    protocol_version = "HTTP/1.1"
    _gzipped: ClassVar[dict[Path, bytes]] = {}  # one server a run: a cache for it
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        with self._lock:
            if path not in self._gzipped:
                self._gzipped[path] = gzip.compress(path.read_bytes(), compresslevel=6)
            body = self._gzipped[path]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    handler = functools.partial(_Handler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# -- the runs -------------------------------------------------------------------------------

def build(site: Path) -> None:
    env = {**os.environ, "IOP_DIRECTORY_TODAY": TODAY}
    subprocess.run([sys.executable, "-m", "generator", "build", "--site-dir", str(site)],
                   cwd=ROOT, env=env, check=True, capture_output=True)


def largest_program_page(site: Path) -> str:
    pages = [page for page in (site / "programs").glob("*/index.html")]
    if not pages:
        raise SystemExit(f"{site} has no program page")
    largest = max(pages, key=lambda page: (page.stat().st_size, page.parent.name))
    return f"/programs/{largest.parent.name}/"


def pages_for(site: Path, language: str) -> dict[str, str]:
    """The pages measured, by name, in ``language`` ("en" or "es"), and the baseline."""
    prefix = "" if language == "en" else f"/{language}"
    return {"home": f"{prefix}/", "program": prefix + largest_program_page(site),
            "finder": f"{prefix}/find/?zip=78745", "directory": f"{prefix}/programs/",
            # One 404 page serves both languages, as a host serves one for every address.
            BASELINE: "/404.html"}


def lighthouse(url: str, output: Path, *extra: str) -> dict[str, Any]:
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={output}", "--quiet",
               "--chrome-flags=--headless=new --no-sandbox", "--no-enable-error-reporting",
               *(extra or [f"--only-categories={','.join(CATEGORIES)}"])]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0 or not output.exists():
        raise SystemExit(f"lighthouse {url} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    report: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    return report


def throttled_cls(url: str, output: Path) -> tuple[float, dict[str, Any]]:
    """CLS with the phone's network and CPU applied in the browser (devtools throttling).

    Lighthouse's default throttling is simulated: the page loads at full speed and only
    the timings are computed for a phone. Served from this machine, everything then
    arrives before the first paint and a late shift (content that a script adds after
    its data arrives) is never seen; on a phone it is."""
    report = lighthouse(url, output, "--throttling-method=devtools",
                        "--only-audits=cumulative-layout-shift,layout-shifts,network-requests")
    if report.get("runtimeError"):
        raise ValueError(f"Lighthouse failed: {report['runtimeError'].get('message')}")
    cls: float = report["audits"]["cumulative-layout-shift"]["numericValue"]
    return cls, report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (3)")
    parser.add_argument("--language", choices=("en", "es"), default="en",
                        help="the pages in English (/) or their Spanish twins (/es/)")
    parser.add_argument("--site", type=Path, help="a built site to use instead of building")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a median is below 95 or CLS is 0.05 or more")
    parser.add_argument("--out", type=Path, help="keep the JSON reports in this folder")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        raise SystemExit("node_modules/.bin/lighthouse is missing: run 'npm ci'")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: apt-get install chromium")

    with tempfile.TemporaryDirectory(prefix="lighthouse-bench-") as scratch:
        site = args.site
        if site is None:
            site = Path(scratch) / "site"
            start = time.perf_counter()
            build(site)
            print(f"built the site in {time.perf_counter() - start:.1f} s")
        out = args.out or Path(scratch) / "reports"
        out.mkdir(parents=True, exist_ok=True)
        pages = pages_for(site, args.language)
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in pages}
        reports: dict[str, list[dict[str, Any]]] = {name: [] for name in pages}
        throttled: dict[str, list[dict[str, Any]]] = {name: [] for name in pages}
        foreign: set[str] = set()
        with served(site) as base:
            host = urlsplit(base).hostname or ""
            for run in range(1, args.runs + 1):
                # Pages interleaved, so the machine's load falls on all of them alike.
                for name, path in pages.items():
                    slug = f"{args.language}-{name.split()[0]}"  # one --out for both
                    report = lighthouse(base + path, out / f"{slug}-{run}.json")
                    figures = scores_of(report)
                    cls, shifts = throttled_cls(base + path, out / f"{slug}-{run}-throttled.json")
                    figures["cls_throttled"] = cls
                    runs[name].append(figures)
                    reports[name].append(report)
                    throttled[name].append(shifts)
                    foreign.update(foreign_requests(report, host), foreign_requests(shifts, host))
                    print(f"run {run}/{args.runs} {name}: " + " ".join(
                        f"{key} {value:.3g}" for key, value in figures.items()), flush=True)

    first = reports["home"][0]
    benchmark = statistics.median(report["environment"]["benchmarkIndex"]
                                  for page_reports in reports.values() for report in page_reports)
    print(f"\nLighthouse {first['lighthouseVersion']}, "
          f"{first['environment']['hostUserAgent'].split(') ')[-1].split(' ')[0]}, "
          f"mobile, median of {args.runs} runs; benchmarkIndex {benchmark:.0f}; load average "
          f"{' '.join(f'{load:.1f}' for load in os.getloadavg())}")
    warnings = {warning for page_reports in reports.values() for report in page_reports
                for warning in report.get("runWarnings", [])}
    for warning in sorted(warnings):  # e.g. that the machine was too busy to trust the timings
        print(f"Lighthouse warned: {warning}")
    print("CLS: Lighthouse's default (simulated) run / a run with devtools throttling")
    baseline = medians(runs[BASELINE])
    print(f"{'page':<15} {'path':<37} {'perf':>4} {'a11y':>4} {'b-p':>4} {'seo':>4} "
          f"{'CLS':>11}  {'perf/base':>9}  FCP LCP TBT SI (ms)")
    missed: list[str] = []
    for name, path in pages.items():
        figures = medians(runs[name])
        ratio = figures["performance"] / baseline["performance"] if baseline["performance"] else 0
        print(f"{name:<15} {path:<37} "
              + " ".join(f"{figures[category]:>4g}" for category in CATEGORIES)
              + f" {figures['cls']:>5.3f}/{figures['cls_throttled']:<5.3f}  {ratio:>8.2f}x  "
              + " ".join(f"{figures[key]:.0f}" for key in METRICS))
        if name != BASELINE:
            missed += shortfalls(name, figures)
    print("\nwhere points went (first run of each page), and what moved (throttled runs):")
    for name in pages:
        print(f"  {name}: {', '.join(lost_points(reports[name][0])) or 'nothing lost'}")
        moved = sorted({element for report in throttled[name] for element in shifted(report)})
        if moved:
            print(f"    moved: {'; '.join(moved)}")
    if foreign:
        print("\nrequests to other hosts (never allowed):", *sorted(foreign), sep="\n  ")
        return 1
    if args.check and missed:
        print("\nbelow the bar:", *missed, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
