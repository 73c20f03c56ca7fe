"""Long work shows its progress: a bar on a terminal, plain lines in a log, nothing with -q;
the final line says how long each stage took."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

from bench.synthetic import write_programs
from generator.progress import NORMAL, QUIET, VERBOSE, Progress
from generator.settings import Settings
from generator.validation import validate_paths

PROJECT_ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-27"


def test_a_log_gets_plain_lines_now_and_then_never_a_carriage_return() -> None:
    out = io.StringIO()
    progress = Progress(NORMAL, out, interactive=False, line_interval=0)
    progress.begin("records", 3)
    for _ in range(3):
        progress.advance()
    progress.end()
    assert out.getvalue().splitlines() == [
        "records: 1 of 3 (33%)", "records: 2 of 3 (66%)", "records: 3 of 3 (100%)"]
    assert "\r" not in out.getvalue()


def test_no_line_during_work_shorter_than_the_interval() -> None:
    out = io.StringIO()
    progress = Progress(NORMAL, out, interactive=False)  # a line at most every 5 s
    progress.begin("records", 1000)
    progress.advance(1000)
    progress.end()
    assert out.getvalue() == ""


def test_a_terminal_gets_a_bar() -> None:
    out = io.StringIO()
    progress = Progress(NORMAL, out, interactive=True, bar_delay=0)
    progress.begin("pages", 4)
    progress.advance(2)
    progress.write("INFO    -  a log line")
    progress.advance(2)
    progress.end()
    text = out.getvalue()
    assert "pages: 0/4" in text and "pages: 2/4" in text  # redrawn after the line
    assert "\rINFO    -  a log line\n" in text  # on a line of its own, the bar cleared


def test_quiet_shows_nothing_but_keeps_the_timings() -> None:
    for interactive in (True, False):
        out = io.StringIO()
        progress = Progress(QUIET, out, interactive=interactive, line_interval=0, bar_delay=0)
        progress.begin("records", 2)
        progress.advance(2)
        progress.begin("pages")
        progress.end()
        assert out.getvalue() == ""
        assert [label for label, _ in progress.timings] == ["records", "pages"]


def test_verbose_says_as_each_stage_ends() -> None:
    out = io.StringIO()
    progress = Progress(VERBOSE, out, interactive=False)
    progress.begin("records", 2)
    progress.advance(2)
    progress.begin("across records")
    progress.end()
    lines = out.getvalue().splitlines()
    cpu = r" \(\d+\.\d\d s of CPU\)"
    assert re.fullmatch(r"records: 2 of 2 \(100%\) done in \d+\.\d\d s" + cpu, lines[0])
    assert re.fullmatch(r"across records: done in \d+\.\d\d s" + cpu, lines[1])


def test_the_summary_names_each_stage_and_the_whole() -> None:
    progress = Progress(QUIET)
    progress.begin("records")
    progress.begin("pages")
    assert re.fullmatch(r"\d+\.\d s \(records \d+\.\d s, pages \d+\.\d s\)", progress.summary())


def test_validation_counts_every_record_in_parallel_too(tmp_path: Path) -> None:
    # 300 records are checked by two processes; the count still reaches all of them.
    write_programs(tmp_path, 300)
    out = io.StringIO()
    progress = Progress(VERBOSE, out, interactive=False)
    report = validate_paths([tmp_path], Settings(), tmp_path, progress=progress)
    assert report.files_checked == 300
    assert "records: 300 of 300 (100%) done in" in out.getvalue()


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "IOP_DIRECTORY_TODAY": TODAY}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_validate_says_how_long_each_stage_took_and_quiet_says_nothing(tmp_path: Path) -> None:
    write_programs(tmp_path, 3)
    done = run("validate", str(tmp_path), cwd=PROJECT_ROOT)
    assert done.returncode == 0, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert re.fullmatch(r"3 files checked: 0 errors, 0 warnings in \d+\.\d s "
                        r"\(records \d+\.\d s, across records \d+\.\d s\)", last), last
    quiet = run("validate", "-q", str(tmp_path), cwd=PROJECT_ROOT)
    assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout == ""


def test_build_final_line_names_the_stages_and_quiet_prints_nothing(tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = run("build", "--site-dir", str(site), cwd=PROJECT_ROOT)
    assert done.returncode == 0, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith(f"Built the site in {site} in "), last
    for stage in ("records", "model", "data files", "page content", "pages", "search index",
                  "publishing"):
        assert re.search(rf"(\(|, ){stage} \d+\.\d s", last), (stage, last)
    quiet = run("build", "-q", "--no-search-index", "--site-dir", str(site), cwd=PROJECT_ROOT)
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout == "" and quiet.stderr == ""


def test_validate_on_a_terminal_draws_a_bar(tmp_path: Path) -> None:
    # Long enough to pass the bar's half-second delay on any machine.
    write_programs(tmp_path, 1500)
    leader, follower = pty.openpty()
    env = {**os.environ, "IOP_DIRECTORY_TODAY": TODAY, "COLUMNS": "100"}
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "validate", "--no-cache", str(tmp_path)],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the other end closed: the process is done
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert process.wait(timeout=120) == 0
    text = seen.decode("utf-8", "replace")
    assert re.search(r"records: \d+/1500", text), text[-2000:]
    assert "\r" in text  # redrawn in place
    assert "1500 files checked: 0 errors" in text
