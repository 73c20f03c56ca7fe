"""Page bodies rendered ahead by a second process while this one goes on.

Rendering program bodies is a build's largest share of Python work, and each is
independent of the others: a forked process renders a share of them while this one writes
the data files and renders the rest, so a machine's second core halves that stage. The
worker inherits everything loaded (fork), so only page numbers go to it and finished
pages come back. Any failure of the worker (an error in a template, the process killed)
leaves its pages to be rendered here, where the same error is raised and reported as
without it.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from generator.render.pages import RenderedPage
from generator.site.pages import SitePage

log = logging.getLogger("mkdocs.plugins.iop-directory")

# Fewer pages than this are rendered faster than a process starts and answers.
MINIMUM_PAGES = 200
# The worker renders this many of every four pages: this process also makes the data files
# meanwhile, and hands each page to MkDocs (measured at 1,000 programs: the two finish
# together).
WORKER_SHARE_OF_FOUR = 3
# What the forked worker renders from: set before the fork, read in the child.
_PAGES: Sequence[SitePage] = ()


class Prerendered:
    """Bodies of ``pages`` rendered ahead in another process, when worth it."""

    def __init__(self, pages: Sequence[SitePage]) -> None:
        self._future: Future[list[tuple[int, RenderedPage]]] | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._done: dict[str, RenderedPage] | None = None
        self._mine: frozenset[str] = frozenset()
        self._pages = pages
        if len(pages) < MINIMUM_PAGES or (os.cpu_count() or 1) < 2 or os.name != "posix":
            return
        global _PAGES
        _PAGES = pages
        # Both go through the pages in order, so neither waits long for the other.
        share = [i for i in range(len(pages)) if i % 4 < WORKER_SHARE_OF_FOUR]
        self._mine = frozenset(pages[i].path for i in share)
        self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        self._future = self._pool.submit(_render, share)  # forks the worker
        _PAGES = ()

    def get(self, page: SitePage) -> RenderedPage:
        """The page's body: from the worker if it rendered it, else rendered now."""
        if page.path in self._mine:
            found = self._results().get(page.path)
            if found is not None:
                return found
        return page.render()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _results(self) -> dict[str, RenderedPage]:
        if self._done is None:
            self._done = {}
            assert self._future is not None
            started = time.perf_counter()
            try:
                self._done = {self._pages[i].path: page for i, page in self._future.result()}
                log.debug(f"iop-directory: {len(self._done)} pages rendered by a second "
                          f"process (waited {time.perf_counter() - started:.2f} s for it)")
            except Exception as err:  # rendered here instead, which reports any error
                log.debug(f"iop-directory: the second process failed ({err!r}); its pages "
                          "are rendered by this one")
            self.close()
        return self._done


def _render(indices: list[int]) -> list[tuple[int, RenderedPage]]:
    return [(i, _PAGES[i].render()) for i in indices]
