"""Benchmark: ``python -m generator validate`` on 10,000 generated records.

The bars: under 10 seconds on a 2-core machine, memory under 500 MB (issue 2); a second
run over the unchanged records, from the cache, under 1 s, and a first run (empty cache)
no slower than one without the cache (issue 14).
Each run is a fresh process, as an editor or CI runs it; the figure is the median of
several runs, beside baselines measured in the same run: a process that only parses
the same files with PyYAML's libyaml loader, the least any validator must do, and the
uncached run (``--no-cache``) the cached ones are compared with.

    python bench/validate_bench.py [--count 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.memory import TreeMemory  # noqa: E402
from bench.synthetic import write_programs  # noqa: E402

PARSE_ONLY = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""


def timed(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak memory in MB (largest process) and exit code of one command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    memory = TreeMemory(process.pid)
    memory.start()
    code = process.wait()
    elapsed = time.perf_counter() - start
    peak, _ = memory.stop()
    return elapsed, peak, code


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "programs"
        write_programs(folder, args.count)
        validate = [sys.executable, "-m", "generator", "validate", str(folder)]
        baseline, full, memory, cold, warm = [], [], [], [], []
        for run in range(args.runs):
            seconds, _, _ = timed([sys.executable, "-c", PARSE_ONLY, str(folder)])
            baseline.append(seconds)
            seconds, peak, code = timed([*validate, "--no-cache"])
            assert code == 0, f"validate exited {code}"
            full.append(seconds)
            memory.append(peak)
            # With the cache: an empty one (a first run, or CI), then the same files again.
            cache = Path(tmp) / f"cache-{run}"
            for times in (cold, warm):
                seconds, peak, code = timed([*validate, "--cache-dir", str(cache)])
                assert code == 0, f"validate exited {code}"
                times.append(seconds)
                memory.append(peak)
    median, base = statistics.median(full), statistics.median(baseline)
    first, second = statistics.median(cold), statistics.median(warm)
    per_record_ms = median / args.count * 1000
    ok = median < 10 and max(memory) < 500
    print(f"records:                 {args.count:,}")
    print(f"validate, median of {args.runs}:  {median:.2f} s  ({per_record_ms:.2f} ms per record)")
    print(f"parse-only baseline:     {base:.2f} s")
    print(f"ratio to baseline:       {median / base:.2f}x")
    print(f"peak memory:             {max(memory):.0f} MB (largest process)")
    print(f"bar < 10 s, < 500 MB:    {'met' if ok else 'NOT met'}")
    print(f"cached, first run:       {first:.2f} s  ({first / median:.2f}x the uncached run)")
    print(f"cached, second run:      {second:.2f} s  ({second / median:.3f}x the uncached "
          f"run, {median / second:.0f} times faster)")
    print(f"bar second run < 1 s:    {'met' if second < 1 else 'NOT met'}")
    print(f"load average:            {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
