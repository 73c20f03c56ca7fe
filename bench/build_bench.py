"""Benchmark: the whole build against a bare mkdocs-material build, measured in one run.

Bars (issue 14):
- 1,000 generated programs: ``python -m generator build`` with Pagefind takes at most 1.2x
  the baseline: a bare mkdocs-material build of 1,000 plain pages kept out of the nav
  (each a heading and one program record's YAML as an indented block; ``theme: material``,
  ``font: false``, ``plugins: []``) followed by Pagefind over that site. Both are whole
  processes, timed alternately in the same run; medians.
- 10,000 programs: the whole build with Pagefind in under 45 s and under 1 GB peak
  resident memory (Pagefind's own process counted), and the output grows linearly
  (bytes per program page stay flat; no page but the directory lists them all).

``--old-baseline`` adds the previous comparison (both sides without Pagefind; the bare
pages padded to the length of a program page).

    python bench/build_bench.py [--small 1000] [--large 10000] [--runs 3] [--old-baseline]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.memory import TreeMemory  # noqa: E402
from bench.synthetic import write_programs  # noqa: E402

BARE_CONFIG = """\
site_name: Bare baseline
docs_dir: docs
site_dir: site
theme:
  name: material
  font: false
plugins: []
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
SMALL_BAR = 1.2
LARGE_SECONDS_BAR = 45.0
LARGE_MEMORY_BAR_MB = 1024.0


@dataclass(frozen=True)
class Run:
    seconds: float
    user: float  # CPU seconds in user mode, the process and its children
    peak_mb: float  # the largest peak of the process or any one of its descendants
    together_mb: float  # the most they held at one moment (Pagefind beside the build)


def timed(commands: list[list[str]], cwd: Path) -> Run:
    """Run the commands one after the other as whole processes; wall time, CPU and peak.

    ``wait4`` reports the child's CPU time together with that of its own children that it
    waited for, so Pagefind, a child of the build, is counted; memory is sampled from
    /proc (``bench/memory.py`` says why not from ``wait4``).
    """
    env = {**os.environ, "IOP_DIRECTORY_TODAY": "2026-11-27"}
    seconds = user = peak = together = 0.0
    for command in commands:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
        memory = TreeMemory(process.pid)
        memory.start()
        # Read stderr while waiting: a full pipe would stall a chatty process.
        assert process.stderr is not None
        errors = process.stderr.read()
        largest, at_once = memory.stop()
        peak, together = max(peak, largest), max(together, at_once)
        _, status, usage = os.wait4(process.pid, 0)
        seconds += time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{errors.decode()[-3000:]}")
        user += usage.ru_utime + usage.ru_stime
    return Run(seconds, user, peak, together)


def project_with(count: int, folder: Path) -> Path:
    for name in ("content", "theme"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    # The example programs stay (the articles link to one of them); the rest are generated.
    shutil.copytree(ROOT / "programs", folder / "programs")
    write_programs(folder / "programs", count - len(list((ROOT / "programs").glob("*.yaml"))))
    return folder


def bare_project(records: list[Path], folder: Path) -> Path:
    """The issue's baseline: one plain page per record, its name as the heading and the
    record's YAML as an indented (code) block."""
    (folder / "docs" / "pages").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(BARE_CONFIG)
    (folder / "docs" / "index.md").write_text("# Baseline\n\nPlain pages.\n")
    for index, record in enumerate(records):
        body = "".join(f"    {line}\n" for line in record.read_text().splitlines())
        text = f"# {record.stem}\n\n{body}"
        (folder / "docs" / "pages" / f"page-{index}.md").write_text(text)
    return folder


def padded_bare_project(count: int, folder: Path, words_per_page: int) -> Path:
    """The previous baseline: pages of prose as long as a program page."""
    (folder / "docs" / "pages").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(BARE_CONFIG)
    (folder / "docs" / "index.md").write_text("# Baseline\n\nPlain pages.\n")
    repeats = max(1, words_per_page // len(PARAGRAPH.split()))
    for index in range(count):
        body = "\n\n".join(PARAGRAPH for _ in range(repeats))
        text = f"# Page {index}\n\n## At a glance\n\n{body}\n\n## Contact\n\n{body}\n"
        (folder / "docs" / "pages" / f"page-{index}.md").write_text(text)
    return folder


def pagefind() -> list[str]:
    from generator.search_index import pagefind_executable

    return [str(pagefind_executable()), "--site", "site"]


def generated_build(search: bool = True) -> list[list[str]]:
    command = [sys.executable, "-m", "generator", "build"]
    return [command if search else [*command, "--no-search-index"]]


def bare_build(search: bool = True) -> list[list[str]]:
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q"]
    return [mkdocs, pagefind()] if search else [mkdocs]


def program_page_stats(site: Path) -> tuple[int, float, int]:
    pages = list((site / "programs").glob("*/index.html"))
    sizes = [p.stat().st_size for p in pages]
    return len(pages), statistics.mean(sizes), max(sizes)


def words_of_program_page(site: Path) -> int:
    page = next((site / "programs").glob("*/index.html"))
    text = re.sub(r"<[^>]+>", " ", page.read_text())
    return len(text.split())


def alternate(ours: tuple[list[list[str]], Path], bare: tuple[list[list[str]], Path],
              runs: int) -> tuple[list[Run], list[Run]]:
    ours_runs, bare_runs = [], []
    for _ in range(runs):
        bare_runs.append(timed(*bare))
        ours_runs.append(timed(*ours))
    return ours_runs, bare_runs


def median(runs: list[Run], field: str) -> float:
    return float(statistics.median(getattr(run, field) for run in runs))


def report(label: str, ours: list[Run], bare: list[Run], bar: float | None) -> None:
    wall = median(ours, "seconds") / median(bare, "seconds")
    cpu = median(ours, "user") / median(bare, "user")
    verdict = "" if bar is None else f"  (bar {bar}x: {'met' if wall <= bar else 'NOT met'})"
    print(label)
    print(f"  generator build:   {median(ours, 'seconds'):6.2f} s wall, "
          f"{median(ours, 'user'):6.2f} s CPU  "
          f"(runs: {', '.join(f'{r.seconds:.2f}' for r in ours)})")
    print(f"  baseline:          {median(bare, 'seconds'):6.2f} s wall, "
          f"{median(bare, 'user'):6.2f} s CPU  "
          f"(runs: {', '.join(f'{r.seconds:.2f}' for r in bare)})")
    print(f"  ratio:             {wall:6.2f}x wall, {cpu:.2f}x CPU{verdict}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10_000, help="0 skips the large build")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--old-baseline", action="store_true",
                        help="also compare without Pagefind against padded prose pages")
    args = parser.parse_args()
    print(f"load average at the start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        ours = project_with(args.small, tmp_path / "ours")
        records = sorted((ours / "programs").glob("*.yaml"))[: args.small]
        bare = bare_project(records, tmp_path / "bare")
        timed(generated_build(), ours)  # warm caches
        timed(bare_build(), bare)
        ours_runs, bare_runs = alternate((generated_build(), ours), (bare_build(), bare),
                                         args.runs)
        report(f"{args.small:,} programs with Pagefind, median of {args.runs}, alternating; "
               f"baseline: bare Material, {len(records):,} pages of record YAML, + Pagefind",
               ours_runs, bare_runs, SMALL_BAR)
        print(f"  peak memory:       {max(r.peak_mb for r in ours_runs):6.0f} MB "
              f"(baseline {max(r.peak_mb for r in bare_runs):.0f} MB); all processes at "
              f"once: {max(r.together_mb for r in ours_runs):.0f} MB "
              f"(baseline {max(r.together_mb for r in bare_runs):.0f} MB)")
        if args.old_baseline:
            words = words_of_program_page(ours / "site")
            padded = padded_bare_project(args.small, tmp_path / "padded", words)
            old_ours, old_bare = alternate((generated_build(False), ours),
                                           (bare_build(False), padded), args.runs)
            report(f"{args.small:,} programs without Pagefind; baseline: bare Material, "
                   f"pages of ~{words} words of prose (the previous comparison)",
                   old_ours, old_bare, None)
        _, small_mean, _ = program_page_stats(ours / "site")
        shutil.rmtree(ours / "site")
        if not args.large:
            return

        large = project_with(args.large, tmp_path / "large")
        run = timed(generated_build(), large)
        large_pages, large_mean, large_max = program_page_stats(large / "site")
        directory = (large / "site" / "programs" / "index.html").stat().st_size
        index = sum(f.stat().st_size for f in (large / "site" / "pagefind").rglob("*")
                    if f.is_file())
        print(f"{args.large:,} programs with Pagefind, one run:")
        print(f"  build:                       {run.seconds:6.1f} s, {run.user:.1f} s CPU "
              f"(bar {LARGE_SECONDS_BAR:.0f} s: "
              f"{'met' if run.seconds < LARGE_SECONDS_BAR else 'NOT met'})")
        print(f"  peak memory, with Pagefind:  {run.peak_mb:6.0f} MB (bar "
              f"{LARGE_MEMORY_BAR_MB:,.0f} MB: "
              f"{'met' if run.peak_mb < LARGE_MEMORY_BAR_MB else 'NOT met'}); "
              f"all processes at once: {run.together_mb:.0f} MB")
        print(f"  program page, mean size:     {large_mean / 1024:6.1f} KB "
              f"(at {args.small:,}: {small_mean / 1024:.1f} KB; largest {large_max / 1024:.1f} KB)")
        print(f"  directory page:              {directory / 1024:6.0f} KB "
              f"({directory / large_pages:.0f} bytes a program page)")
        print(f"  Pagefind index on disk:      {index / 1024 / 1024:6.1f} MB")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
