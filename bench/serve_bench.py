"""Benchmark: how long after an edit ``serve`` shows it, on a 1,000-program project.

The bar (issue 14): after editing one record in a 1,000-program site, the browser shows
the change within 2 s. ``python -m generator serve`` is started on a generated project
and waited for; then, several times, one record's summary is edited and the time until
the served program page's HTML holds the new text is measured (polling over HTTP, as the
page's live-reload script would reload it). The baseline, measured in the same run and
alternating with the edits, is a whole ``python -m generator build`` of the same project.

    python bench/serve_bench.py [--count 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.build_bench import project_with  # noqa: E402

# How every generated record's summary begins (bench/synthetic.py).
SUMMARY_START = "Intensive outpatient care"
ENV = {**os.environ, "IOP_DIRECTORY_TODAY": "2026-11-27"}


def timed_build(project: Path) -> float:
    """Wall seconds of a whole build (its log to a file: a pipe left unread would fill)."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        code = subprocess.call([sys.executable, "-m", "generator", "build"], cwd=project,
                               env=ENV, stdout=log, stderr=log)
        elapsed = time.perf_counter() - start
        if code != 0:
            log.seek(0)
            raise SystemExit(f"the build failed:\n{log.read().decode()[-3000:]}")
    return elapsed


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def page_text(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(url: str, needle: str, timeout: float, interval: float = 0.02) -> float:
    """Seconds until the page at ``url`` holds ``needle``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if needle in page_text(url):
            return time.perf_counter() - start
        time.sleep(interval)
    raise SystemExit(f"{needle!r} did not appear at {url} within {timeout:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = project_with(args.count, Path(tmp) / "project")
        records = [path for path in sorted((project / "programs").glob("*.yaml"))
                   if SUMMARY_START in path.read_text("utf-8")]
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        edits, builds = [], []
        try:
            start = time.perf_counter()
            first = records[len(records) // 2]
            wait_for(f"http://127.0.0.1:{port}/programs/{first.stem}/", "</html>", 600, 0.5)
            startup = time.perf_counter() - start
            for run in range(args.runs):
                record = records[(len(records) // 3 + 97 * run) % len(records)]
                url = f"http://127.0.0.1:{port}/programs/{record.stem}/"
                wait_for(url, "</html>", 60)
                # One word of the summary, as an editor changes it (a word of its own,
                # so that YAML's line folding cannot split it).
                marker = f"Reedited{run}"
                text = record.read_text("utf-8").replace(SUMMARY_START, marker, 1)
                record.write_text(text, "utf-8")
                edits.append(wait_for(url, marker, 120))
                time.sleep(1)  # let the server settle before the build competes with it
                builds.append(timed_build(project))
        finally:
            server.terminate()
            server.wait(timeout=30)
    edit, build = statistics.median(edits), statistics.median(builds)
    print(f"programs:                        {args.count:,}")
    print(f"serve start until ready:         {startup:.2f} s")
    print(f"edit until visible, median of {args.runs}: {edit:.2f} s "
          f"({', '.join(f'{s:.2f}' for s in edits)})")
    print(f"whole build (baseline), median:  {build:.2f} s")
    print(f"ratio to the build:              {edit / build:.2f}x")
    print(f"bar < 2 s:                       {'met' if edit < 2 else 'NOT met'}")
    print(f"load average:                    {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
