"""Program bodies rendered ahead by a second process: the same pages, whatever happens to it."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.render.pages import RenderedPage
from generator.site.pages import PageKind, SitePage
from generator.site.parallel import MINIMUM_PAGES, Prerendered

# Where the second process is not started (one core), there is nothing to compare.
needs_two_cores = pytest.mark.skipif((os.cpu_count() or 1) < 2,
                                     reason="one core: no second process is started")


def _pages(count: int, fail_in_worker: bool = False) -> list[SitePage]:
    parent = os.getpid()

    def page(i: int) -> SitePage:
        def render() -> RenderedPage:
            if fail_in_worker and os.getpid() != parent:
                raise RuntimeError("the worker breaks")
            # The process that rendered it, to tell who did.
            return RenderedPage(f"programs/p{i}/", f"P{i}", "", f"<p>{i} {os.getpid()}</p>")
        return SitePage(PageKind.PROGRAM, f"programs/p{i}/", f"P{i}", "", render)

    return [page(i) for i in range(count)]


def _renderer_pids(results: list[RenderedPage]) -> set[int]:
    return {int(r.html.split()[1].removesuffix("</p>")) for r in results}


@needs_two_cores
def test_two_processes_render_the_pages_the_same() -> None:
    pages = _pages(MINIMUM_PAGES * 2)
    ahead = Prerendered(pages)
    try:
        results = [ahead.get(page) for page in pages]
    finally:
        ahead.close()
    assert [r.html.split()[0] for r in results] == [f"<p>{i}" for i in range(len(pages))]
    # The worker renders batches in order; this one takes the last ones while it waits.
    assert len(_renderer_pids(results)) == 2
    assert f" {os.getpid()}<" not in results[0].html


def test_a_failing_worker_leaves_its_pages_to_this_process() -> None:
    pages = _pages(MINIMUM_PAGES, fail_in_worker=True)
    ahead = Prerendered(pages)
    results = [ahead.get(page) for page in pages]
    ahead.close()
    assert _renderer_pids(results) == {os.getpid()}
    assert len(results) == len(pages)


def test_few_pages_are_rendered_here_without_a_worker() -> None:
    pages = _pages(MINIMUM_PAGES - 1)
    ahead = Prerendered(pages)
    assert ahead._pool is None
    assert _renderer_pids([ahead.get(page) for page in pages]) == {os.getpid()}


def _then_writing_its_pid(marker: Path, fail_in_worker: bool = False) -> Callable[[], None]:
    parent = os.getpid()

    def then() -> None:
        if fail_in_worker and os.getpid() != parent:
            raise RuntimeError("the worker breaks after the pages")
        with marker.open("a") as out:
            out.write(f"{os.getpid()}\n")
    return then


def _pids(marker: Path) -> list[int]:
    return [int(line) for line in marker.read_text().split()]


@needs_two_cores
def test_the_worker_does_the_job_after_the_pages(tmp_path: Path) -> None:
    marker = tmp_path / "then"
    pages = _pages(MINIMUM_PAGES * 2)
    ahead = Prerendered(pages, then=_then_writing_its_pid(marker))
    try:
        results = [ahead.get(page) for page in pages]
        ahead.finish_then()
        ahead.finish_then()  # once is enough: nothing more happens
    finally:
        ahead.close()
    assert len(results) == len(pages)
    assert len(_pids(marker)) == 1
    assert _pids(marker)[0] != os.getpid()


def test_the_job_after_the_pages_is_done_here_when_the_worker_fails(tmp_path: Path) -> None:
    marker = tmp_path / "then"
    pages = _pages(MINIMUM_PAGES)
    ahead = Prerendered(pages, then=_then_writing_its_pid(marker, fail_in_worker=True))
    try:
        for page in pages:
            ahead.get(page)
        ahead.finish_then()
    finally:
        ahead.close()
    assert _pids(marker) == [os.getpid()]


def test_without_a_worker_the_job_after_the_pages_is_done_here(tmp_path: Path) -> None:
    marker = tmp_path / "then"
    ahead = Prerendered(_pages(MINIMUM_PAGES - 1), then=_then_writing_its_pid(marker))
    assert not marker.exists()  # not before it is asked for
    ahead.finish_then()
    assert _pids(marker) == [os.getpid()]
