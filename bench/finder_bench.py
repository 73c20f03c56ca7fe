"""Benchmark of the program finder (a script, not a test).

    python bench/finder_bench.py                  # data size only
    python bench/finder_bench.py --site site/     # and update timings in Chromium

1. Generates N programs (default 10,000), builds the finder index with
   generator.finder and reports its size in bytes per program, gzipped, and the
   gzipped size of the finder's script modules (theme/assets/finder/*.js) + finder.css.
2. With --site (a built site that has find/index.html): serves the site as built
   and a copy of it whose finder index is replaced by the generated one, each on
   127.0.0.1 with a threaded http.server, opens /find/?zip=78701 in Chromium
   (Playwright), toggles filters and places ~30 times, calls
   window.iopFinder.update() after each change and reports the median and p95 of
   iopFinder.lastUpdateMs for both, and their ratio.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import html.parser
import random
import shutil
import statistics
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.finder import finder_index  # noqa: E402
from generator.model import Program, program_from_data  # noqa: E402
from generator.normalise import apply_defaults  # noqa: E402
from generator.site import json_bytes  # noqa: E402
from generator.slugs import browser_slug as simple_slug  # noqa: E402

ASSETS = ROOT / "theme" / "assets" / "finder"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]

# Towns of the area with a rough centre; generated locations scatter around them.
TOWNS = [  # name, ZIP, latitude, longitude, spread in degrees
    ("Austin", "78701", 30.2672, -97.7431, 0.08),
    ("Round Rock", "78664", 30.5083, -97.6789, 0.03),
    ("Cedar Park", "78613", 30.5052, -97.8203, 0.02),
    ("Georgetown", "78626", 30.6333, -97.6770, 0.03),
    ("Pflugerville", "78660", 30.4394, -97.6200, 0.02),
    ("Leander", "78641", 30.5788, -97.8531, 0.02),
    ("San Marcos", "78666", 29.8833, -97.9414, 0.03),
    ("Kyle", "78640", 29.9891, -97.8772, 0.02),
    ("Buda", "78610", 30.0852, -97.8403, 0.02),
    ("Lakeway", "78734", 30.3638, -97.9795, 0.02),
    ("Hutto", "78634", 30.5427, -97.5467, 0.02),
    ("Bastrop", "78602", 30.1105, -97.3153, 0.02),
    ("Dripping Springs", "78620", 30.1902, -98.0867, 0.02),
    ("Taylor", "76574", 30.5708, -97.4095, 0.02),
]
FIRST = ["Limestone", "Cypress", "Bluebonnet", "Live Oak", "Pecan", "Barton", "Shoal Creek",
         "Hill Country", "Balcones", "Lady Bird", "Mesquite", "Cedar", "Redbud", "Agave",
         "Mockingbird", "Sunrise", "Riverbend", "Lone Star", "Capital", "Brushy Creek",
         "Onion Creek", "Bull Creek", "Walnut", "Granite", "Prairie", "Blue Hole", "Lantana",
         "Sage", "Willow", "Juniper", "Caliche", "Blackland", "Pedernales", "San Gabriel",
         "Blanco", "Colorado", "Hamilton Pool", "Enchanted", "Longhorn", "Heron", "Cardinal",
         "Wildflower", "Cottonwood", "Bois d'Arc", "Chisholm", "Post Oak", "Sycamore", "Ash"]
SECOND = ["Ledge", "Springs", "Bend", "Ridge", "Path", "Grove", "Trail", "Hollow", "Meadow",
          "Harbor", "Crossing", "House", "Point", "Valley", "Landing", "Commons", "Bluff",
          "Hills", "Creek", "Oaks", "Way", "", "", ""]
THIRD = ["Recovery", "Behavioral Health", "Counseling Center", "Wellness", "Treatment Center",
         "Recovery Collective", "IOP", "Outpatient Services", "Family Services", "Health",
         "Clinic", "Care", "Intensive Outpatient Program", "Recovery Community", "Psychiatry",
         "Center for Healing", "Counseling Associates", "Behavioral Hospital Outpatient"]
CONDITIONS = ["substance-use", "mental-health", "co-occurring"]
POPULATIONS = ["adults", "young-adults", "adolescents", "older-adults", "women", "men", "lgbtq",
               "veterans", "pregnant-postpartum", "families", "first-responders",
               "professionals"]
PAYMENTS = ["medicaid", "medicare", "tricare", "private_insurance", "self_pay", "sliding_scale"]
BODIES = ["joint-commission", "carf", "ncqa", "coa", "hfap", "achc", "naatp"]
LANGUAGES = ["es", "vi", "zh", "ko", "ar", "fr", "hi"]


def program_name(rng: random.Random) -> str:
    words = (rng.choice(FIRST), rng.choice(SECOND), rng.choice(THIRD))
    name = " ".join(word for word in words if word)
    if rng.random() < 0.15:
        name += f" of {rng.choice(TOWNS)[0]}"
    return name


def location(rng: random.Random) -> dict[str, Any]:
    city, zip_code, lat, lon, spread = rng.choice(TOWNS)
    return {
        "address": f"{rng.randint(100, 19999)} {rng.choice(FIRST)} Street",
        "city": city,
        "zip": zip_code,
        "coordinates": {"lat": round(lat + rng.gauss(0, spread), 6),
                        "lon": round(lon + rng.gauss(0, spread), 6)},
    }


def days_per_week(rng: random.Random) -> int | dict[str, int]:
    low = rng.randint(2, 5)
    return low if rng.random() < 0.6 else {"min": low, "max": min(7, low + rng.randint(1, 2))}


def generate_programs(count: int, seed: int = 1) -> list[Program]:
    """Varied programs, as the finder index is made from."""
    rng = random.Random(seed)
    programs: list[dict[str, Any]] = []
    used: set[str] = set()
    for _ in range(count):
        name = program_name(rng)
        base = simple_slug(name) or "program"
        slug, suffix = base, 2
        while slug in used:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        used.add(slug)
        fmt = rng.choices(["in-person", "hybrid", "telehealth"], [6, 3, 1])[0]
        locations = [] if fmt == "telehealth" else [
            location(rng) for _ in range(rng.choices([1, 2, 3], [7, 2, 1])[0])]
        program: dict[str, Any] = {
            "slug": slug,
            "name": name,
            "summary": "A generated program for the finder benchmark.",
            "conditions": rng.sample(CONDITIONS, rng.randint(1, 3)),
            "populations": rng.sample(POPULATIONS, rng.randint(0, 4)),
            "schedule": {
                "format": fmt,
                "days_per_week": days_per_week(rng),
                "hours_per_day": rng.choice([2, 2.5, 3, 3, 3, 3.5, 4]),
                "tracks": rng.sample(["morning", "afternoon", "evening", "weekend"],
                                     rng.randint(1, 2)),
            },
            "payment": {key: rng.random() < 0.5 for key in PAYMENTS},
            "accreditations": [{"body": body} for body in rng.sample(BODIES, rng.randint(0, 2))],
            "languages": ["en", *rng.sample(LANGUAGES, rng.choices([0, 1, 2], [6, 3, 1])[0])],
            "locations": locations,
            "verification": {"last_verified": "2025-01-15", "verified_by": "Benchmark"},
        }
        if rng.random() < 0.9:
            program["accepting_new_clients"] = rng.random() < 0.8
        apply_defaults(program)
        programs.append(program_from_data(slug, program, Path(f"{slug}.yaml")))
    return programs


def program_url(slug: str) -> str:
    return f"programs/{slug}/"


def gz_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def measure_data(count: int) -> bytes:
    """Prints the index size; returns the index JSON."""
    payload = json_bytes(finder_index(generate_programs(count), program_url))
    print(f"finder index, {count:,} programs: {len(payload):,} bytes raw, "
          f"{gz_size(payload):,} bytes gzipped = {gz_size(payload) / count:.1f} bytes/program "
          f"gzipped (budget 120)")
    # finder.js is the entry module; it imports the others beside it, each its own
    # request, each gzipped on its own.
    modules = sorted(ASSETS.glob("*.js"))
    assets = [*modules, ASSETS / "finder.css"]
    raw = sum(path.stat().st_size for path in assets)
    gz = sum(gz_size(path.read_bytes()) for path in assets)
    print(f"finder scripts ({len(modules)} modules) + finder.css: {raw:,} bytes raw, "
          f"{gz:,} bytes gzipped = {gz / 1024:.1f} KB (budget 30 KB)")
    return payload


# --- timings in Chromium ---------------------------------------------------------------


class IndexUrlFinder(html.parser.HTMLParser):
    """Finds data-index-url on the finder page."""

    def __init__(self) -> None:
        super().__init__()
        self.url: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if key == "data-index-url" and value:
                self.url = value


def index_path(site: Path) -> Path:
    page = site / "find" / "index.html"
    finder = IndexUrlFinder()
    finder.feed(page.read_text(encoding="utf-8"))
    if not finder.url:
        raise SystemExit(f"{page} has no data-index-url: is it the finder page?")
    return (page.parent / finder.url.split("?")[0]).resolve()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# Each step changes the form the way a visitor would, then the hook recomputes.
STEPS_JS = """
async (steps) => {
  const f = window.iopFinder, form = document.getElementById('finder-form');
  const box = (name, value) => form.querySelector(`[name="${name}"][value="${value}"]`);
  const times = [];
  for (const [kind, a, b] of steps) {
    if (kind === 'check') { const el = box(a, b); if (el) el.checked = !el.checked; }
    else if (kind === 'radio') { const el = box(a, b); if (el) el.checked = true; }
    else if (kind === 'radius') { document.getElementById('finder-radius').value = a; }
    else if (kind === 'city') {
      const s = document.getElementById('finder-city'); s.value = a;
      s.dispatchEvent(new Event('change', {bubbles: true}));
    } else if (kind === 'zip') {
      document.getElementById('finder-city').value = '';
      document.getElementById('finder-zip').value = a; form.requestSubmit();
    }
    f.update();
    times.push(f.lastUpdateMs);
  }
  return times;
}
"""

STEPS: list[tuple[str, str, str]] = [
    ("check", "payment", "medicaid"), ("check", "payment", "sliding_scale"),
    ("radius", "10", ""), ("check", "condition", "co-occurring"), ("radius", "50", ""),
    ("check", "payment", "medicaid"), ("check", "population", "adolescents"),
    ("city", "Round Rock", ""), ("check", "format", "telehealth"),
    ("check", "schedule", "evening"), ("radius", "100", ""), ("check", "language", "es"),
    ("radio", "accreditation", "carf"), ("city", "San Marcos", ""),
    ("radio", "accreditation", "any"), ("check", "accepting", "1"), ("zip", "78745", ""),
    ("check", "format", "telehealth"), ("check", "population", "adolescents"),
    ("radio", "accreditation", ""), ("check", "schedule", "weekend"), ("radius", "25", ""),
    ("city", "Georgetown", ""), ("check", "condition", "co-occurring"),
    ("check", "language", "es"), ("check", "payment", "sliding_scale"),
    ("check", "accepting", "1"), ("zip", "78664", ""), ("radius", "5", ""),
    ("check", "schedule", "evening"), ("check", "schedule", "weekend"), ("zip", "78701", ""),
]


def time_updates(base_url: str, label: str) -> list[float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{base_url}/find/?zip=78701")
            page.wait_for_selector("#iop-finder[data-ready='true']", timeout=60_000)
            programs = page.evaluate("document.querySelectorAll('[data-program]').length")
            page.evaluate(STEPS_JS, STEPS)  # warm-up round: JIT and first layout
            times: list[float] = page.evaluate(STEPS_JS, STEPS)
        finally:
            browser.close()
    report(label, times, programs)
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(label: str, times: list[float], shown: int) -> None:
    print(f"{label}: {len(times)} updates, median {statistics.median(times):.2f} ms, "
          f"p95 {p95(times):.2f} ms, max {max(times):.2f} ms "
          f"({shown} results rendered at first load; budget 16 ms)")


def measure_browser(site: Path, payload: bytes, count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="finder-bench-") as tmp:
        big = Path(tmp) / "site"
        shutil.copytree(site, big)
        target = index_path(big)
        target.write_bytes(payload)
        with serve(site) as small_url, serve(big) as big_url:
            small = time_updates(small_url, "site as built")
            large = time_updates(big_url, f"{count:,} generated programs")
    ratio = statistics.median(large) / max(statistics.median(small), 0.01)
    print(f"median ratio, {count:,} programs / site as built: {ratio:.1f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--programs", type=int, default=10_000)
    parser.add_argument("--site", type=Path, help="a built site with find/index.html")
    args = parser.parse_args(argv)
    payload = measure_data(args.programs)
    if args.site:
        if not (args.site / "find" / "index.html").is_file():
            parser.error(f"{args.site}/find/index.html does not exist: build the site first")
        measure_browser(args.site, payload, args.programs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
