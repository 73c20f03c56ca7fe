"""Page bodies rendered ahead by a second process while this one goes on.

Rendering program bodies is the largest share of a build's Python work, and each is
independent of the others: a forked process renders them, in order and in small batches,
while this one writes the data files and hands the pages to the engine, taking each batch
as it needs it. Rather than wait for a batch, this process renders the last ones the
worker has not begun, so both stay busy whatever the pages cost. The worker inherits
everything loaded (fork), so only page numbers go to it and finished pages come back.
Any failure of the worker (an error in a template, the process killed) leaves its pages
to be rendered here, where the same error is raised and reported as without it.

After the pages, the worker can do one more job (``then``): the build has it write the
open data files, while this process hands the pages to the engine, which on its own
would leave the second core idle until the search index begins.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from generator.render.pages import RenderedPage
from generator.site.pages import SitePage

log = logging.getLogger("mkdocs.plugins.iop-directory")

# Fewer pages than this are rendered faster than a process starts and answers.
MINIMUM_PAGES = 200
# Pages a batch: small enough that this process seldom waits for one, large enough that
# sending batches costs little.
BATCH = 50
# What the forked worker renders from and does after: set before the fork, read in the
# child.
_PAGES: Sequence[SitePage] = ()
_THEN: Callable[[], None] | None = None


class Prerendered:
    """Bodies of ``pages`` rendered ahead in another process, when worth it."""

    def __init__(self, pages: Sequence[SitePage],
                 then: Callable[[], None] | None = None) -> None:
        self._pages = pages
        self._then = then
        self._then_done: Future[None] | None = None
        self._position = {page.path: i for i, page in enumerate(pages)}
        self._batches: list[Future[list[RenderedPage]]] = []
        self._done: dict[int, list[RenderedPage] | None] = {}
        self._pool: ProcessPoolExecutor | None = None
        self._last = -1  # the last batch this process may still take from the worker
        if len(pages) < MINIMUM_PAGES or (os.cpu_count() or 1) < 2 or os.name != "posix":
            return
        global _PAGES, _THEN
        _PAGES, _THEN = pages, then
        self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        self._batches = [self._pool.submit(_render, start, min(start + BATCH, len(pages)))
                         for start in range(0, len(pages), BATCH)]  # the first forks it
        if then is not None:
            self._then_done = self._pool.submit(_run_then)
        self._last = len(self._batches) - 1
        _PAGES, _THEN = (), None

    def get(self, page: SitePage) -> RenderedPage:
        """The page's body: from the worker if it rendered it, else rendered now."""
        position = self._position.get(page.path)
        if position is not None and self._batches:
            batch = self._batch(position // BATCH)
            if batch is not None:
                return batch[position % BATCH]
        return page.render()

    def finish_then(self) -> None:
        """Wait for ``then`` to be done by the worker; do it here if the worker did not
        (no worker, or it failed: here the same error is raised)."""
        then, self._then = self._then, None
        if then is None:
            return
        if self._then_done is not None:
            try:
                self._then_done.result()
                return
            except Exception as err:
                log.debug(f"iop-directory: the second process failed ({err!r}) after the "
                          "pages; this one does what was left")
        then()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _batch(self, number: int) -> list[RenderedPage] | None:
        future = self._batches[number]
        # While the worker is on this batch, this process renders the last ones it has not
        # begun, instead of waiting.
        while number not in self._done and not future.done() and self._steal(number):
            pass
        if number not in self._done:
            try:
                self._done[number] = future.result()
            except Exception as err:  # rendered here instead, which reports any error
                log.debug(f"iop-directory: the second process failed ({err!r}); its pages "
                          "are rendered by this one")
                self._done[number] = None
        return self._done[number]

    def _steal(self, needed: int) -> bool:
        """Render here the last batch after ``needed`` the worker has not begun; False
        when there is none."""
        while self._last > needed:
            last, self._last = self._last, self._last - 1
            if self._batches[last].cancel():
                start = last * BATCH
                self._done[last] = [page.render()
                                    for page in self._pages[start:start + BATCH]]
                return True
        return False


def _render(start: int, end: int) -> list[RenderedPage]:
    return [_PAGES[i].render() for i in range(start, end)]


def _run_then() -> None:
    assert _THEN is not None
    _THEN()
