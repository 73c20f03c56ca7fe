"""Benchmark: the whole build against a bare mkdocs-material build, measured in one run.

Bars (issue 3):
- 1,000 generated programs: ``python -m generator build`` (Pagefind excluded) takes at most
  1.5x a bare mkdocs-material build of 1,000 plain Markdown pages of similar length with
  the same theme (pages kept out of the nav there too, so the baseline is not quadratic);
- 10,000 programs build in under 90 s with peak memory under 2 GB, and the output grows
  linearly (bytes per program page stay flat; no page but the directory lists them all).

    python bench/build_bench.py [--small 1000] [--large 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synthetic import write_programs  # noqa: E402

BARE_CONFIG = """\
site_name: Bare baseline
docs_dir: docs
site_dir: site
theme:
  name: material
  font: false
  features: [navigation.sections, navigation.top]
markdown_extensions: [admonition, attr_list, def_list, md_in_html, tables, toc]
nav:
  - Home: index.md
not_in_nav: |
  /pages/*.md
"""
PARAGRAPH = (
    "This page stands in for a program listing of similar length: a summary, a "
    "description in a few paragraphs, the facts at a glance, accreditation and licences, "
    "therapies, payment, locations and contact details. "
)


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    env = {**os.environ, "IOP_DIRECTORY_TODAY": "2026-11-27"}
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr.read().decode()[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024


def project_with(count: int, folder: Path) -> Path:
    for name in ("content", "theme"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    # The example programs stay (the articles link to one of them); the rest are generated.
    shutil.copytree(ROOT / "programs", folder / "programs")
    write_programs(folder / "programs", count - len(list((ROOT / "programs").glob("*.yaml"))))
    return folder


def bare_project(count: int, folder: Path, words_per_page: int) -> Path:
    (folder / "docs" / "pages").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(BARE_CONFIG)
    (folder / "docs" / "index.md").write_text("# Baseline\n\nPlain pages.\n")
    repeats = max(1, words_per_page // len(PARAGRAPH.split()))
    for index in range(count):
        body = "\n\n".join(PARAGRAPH for _ in range(repeats))
        text = f"# Page {index}\n\n## At a glance\n\n{body}\n\n## Contact\n\n{body}\n"
        (folder / "docs" / "pages" / f"page-{index}.md").write_text(text)
    return folder


def generated_build(project: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "--no-search-index"]


def program_page_stats(site: Path) -> tuple[int, float, int]:
    pages = [p for p in (site / "programs").glob("*/index.html")]
    sizes = [p.stat().st_size for p in pages]
    return len(pages), statistics.mean(sizes), max(sizes)


def words_of_program_page(site: Path) -> int:
    import re

    page = next((site / "programs").glob("*/index.html"))
    text = re.sub(r"<[^>]+>", " ", page.read_text())
    return len(text.split())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        ours = project_with(args.small, tmp_path / "ours")
        timed(generated_build(ours), ours)  # warm caches; also gives the page length
        words = words_of_program_page(ours / "site")
        bare = bare_project(args.small, tmp_path / "bare", words)
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q"]
        ours_times, bare_times = [], []
        for _ in range(args.runs):
            bare_times.append(timed(mkdocs, bare)[0])
            ours_times.append(timed(generated_build(ours), ours)[0])
        _, small_mean, _ = program_page_stats(ours / "site")
        shutil.rmtree(ours / "site")
        ratio = statistics.median(ours_times) / statistics.median(bare_times)
        print(f"{args.small:,} programs, median of {args.runs} (pages of ~{words} words):")
        print(f"  python -m generator build:  {statistics.median(ours_times):6.2f} s")
        print(f"  bare mkdocs-material build:  {statistics.median(bare_times):6.2f} s")
        print(f"  ratio:                       {ratio:6.2f}x  (bar 1.5x: "
              f"{'met' if ratio <= 1.5 else 'NOT met'})")

        large = project_with(args.large, tmp_path / "large")
        seconds, peak = timed(generated_build(large), large)
        large_pages, large_mean, large_max = program_page_stats(large / "site")
        directory = (large / "site" / "programs" / "index.html").stat().st_size
        print(f"{args.large:,} programs, one run:")
        print(f"  build:                       {seconds:6.1f} s  (bar 90 s: "
              f"{'met' if seconds < 90 else 'NOT met'})")
        print(f"  peak memory:                 {peak:6.0f} MB (bar 2,048 MB: "
              f"{'met' if peak < 2048 else 'NOT met'})")
        print(f"  program page, mean size:     {large_mean / 1024:6.1f} KB "
              f"(at {args.small:,}: {small_mean / 1024:.1f} KB; largest {large_max / 1024:.1f} KB)")
        print(f"  directory page:              {directory / 1024:6.0f} KB "
              f"({directory / large_pages:.0f} bytes a program)")
        print(f"  load average:                {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
