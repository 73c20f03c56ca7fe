"""Long work shows its progress, and says how long each stage took.

On a terminal a stage with many items (records read, pages rendered) is a progress bar
(tqdm), shown only once it has taken half a second. When the output is not a terminal (a
CI log) a plain line is written now and then instead, never a carriage return. ``-q``
shows nothing of either; ``-v`` adds a line as each stage ends. The timings are kept in
any case, for the command's final line ("records 1.2 s, pages 3.4 s").

Knows nothing of the stages themselves: whoever does the work names them.
"""

from __future__ import annotations

import shutil
import sys
import time
from dataclasses import dataclass, field
from typing import Any, TextIO

QUIET, NORMAL, VERBOSE = 0, 1, 2
# A bar only once a stage has run this long: quick work should not flash one.
BAR_DELAY_SECONDS = 0.5
# Without a terminal, a line at most this often, and only during long work.
LINE_INTERVAL_SECONDS = 5.0


@dataclass
class Progress:
    """The progress of one command's stages, one at a time, and their timings."""

    verbosity: int = NORMAL
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    # None: a bar when ``stream`` is a terminal, periodic lines when it is not.
    interactive: bool | None = None
    line_interval: float = LINE_INTERVAL_SECONDS
    bar_delay: float = BAR_DELAY_SECONDS
    timings: list[tuple[str, float]] = field(default_factory=list)
    _label: str | None = None
    _total: int | None = None
    _done: int = 0
    _started: float = 0.0
    _started_cpu: float = 0.0
    _last_line: float = 0.0
    _bar: Any = None

    def __post_init__(self) -> None:
        if self.interactive is None:
            isatty = getattr(self.stream, "isatty", None)
            self.interactive = bool(isatty and isatty())
        self._created = time.perf_counter()

    # -- stages ---------------------------------------------------------------------

    def begin(self, label: str, total: int | None = None) -> None:
        """Start a stage (ending the one before); ``total`` items, if known."""
        self.end()
        self._label, self._total, self._done = label, total, 0
        self._started = self._last_line = time.perf_counter()
        self._started_cpu = time.process_time()
        if self.verbosity >= NORMAL and self.interactive and total:
            from tqdm import tqdm

            # A terminal that reports no width (some CI consoles, `script`) would get no bar.
            size = shutil.get_terminal_size()
            self._bar = tqdm(total=total, desc=label, unit="", file=self.stream,
                             delay=self.bar_delay, leave=False, ncols=size.columns,
                             nrows=size.lines,
                             bar_format="{desc}: {n_fmt}/{total_fmt} {bar} {elapsed}")

    def advance(self, count: int = 1) -> None:
        """Count ``count`` more items of the current stage as done."""
        if self._label is None:
            return
        self._done += count
        if self._total is not None:
            self._done = min(self._done, self._total)
        if self._bar is not None:
            self._bar.update(count)
        elif self.verbosity >= NORMAL and not self.interactive:
            now = time.perf_counter()
            if now - self._last_line >= self.line_interval:
                self._last_line = now
                self.write(f"{self._label}: {self._count()}")

    def end(self) -> None:
        """End the current stage, if any, and keep how long it took."""
        if self._label is None:
            return
        seconds = time.perf_counter() - self._started
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        self.timings.append((self._label, seconds))
        if self.verbosity >= VERBOSE:
            done = f" {self._count()}" if self._count() else ""
            cpu = time.process_time() - self._started_cpu  # this process's, not its workers'
            self.write(f"{self._label}:{done} done in {seconds:.2f} s ({cpu:.2f} s of CPU)")
        self._label = None

    # -- output ---------------------------------------------------------------------

    def write(self, line: str) -> None:
        """A line of output that must not be mixed into a bar (log messages)."""
        if self._bar is not None:
            self._bar.clear()
            print(line, file=self.stream, flush=True)
            self._bar.refresh()
        else:
            print(line, file=self.stream, flush=True)

    def summary(self) -> str:
        """How long the whole took and each stage of it: "12.3 s (records 1.2 s, ...)"."""
        self.end()
        total = time.perf_counter() - self._created
        stages = ", ".join(f"{label} {seconds:.1f} s" for label, seconds in self.timings)
        return f"{total:.1f} s ({stages})" if stages else f"{total:.1f} s"

    def _count(self) -> str:
        if self._total:
            return f"{self._done:,} of {self._total:,} ({100 * self._done // self._total}%)"
        return f"{self._done:,}" if self._done else ""
