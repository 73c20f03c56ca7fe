"""Peak memory of a process and its descendants, read from /proc (Linux).

The kernel's own figure for a child (``wait4``'s ``ru_maxrss``, which ``resource`` and
Python's ``subprocess`` users read) starts at the peak of the process that spawned it:
a benchmark that has generated 10,000 records in memory would lend its own size to every
command it times. So the tree is sampled instead: each process's ``VmHWM`` (its own
peak, kept by the kernel, so a short spike between samples is not missed) and the sum of
their ``VmRSS`` at each sample (what the machine holds at one moment, as while Pagefind
indexes beside the build).
"""

from __future__ import annotations

import os
import threading


def _status_kb(pid: int) -> tuple[int, int]:
    """``VmHWM`` and ``VmRSS`` of one process, in KB (0 for one that has gone)."""
    peak = resident = 0
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    peak = int(line.split()[1])
                elif line.startswith("VmRSS:"):
                    resident = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return peak, resident


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                    # The parent is the second field after the command's closing bracket.
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


class TreeMemory(threading.Thread):
    """Samples a process tree every ``interval`` seconds until ``stop``.

    ``stop`` returns the largest peak of any one process and the largest sum of the
    tree's resident sets, in MB.
    """

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.largest_kb = self.together_kb = 0
        self.done = threading.Event()

    def run(self) -> None:
        while True:
            self.sample()
            if self.done.wait(self.interval):
                return

    def sample(self) -> None:
        together = 0
        for pid in _descendants(self.pid):
            peak, resident = _status_kb(pid)
            self.largest_kb = max(self.largest_kb, peak)
            together += resident
        self.together_kb = max(self.together_kb, together)

    def stop(self) -> tuple[float, float]:
        self.done.set()
        self.join()
        return self.largest_kb / 1024, self.together_kb / 1024
