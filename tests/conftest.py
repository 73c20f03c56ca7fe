"""Shared fixtures. Browser and built-site fixtures live in tests/e2e/conftest.py."""

from __future__ import annotations

import datetime as dt
import gc
import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = PROJECT_ROOT.parent / "shared"
# Every test sees the same "today", so that expiry and freshness findings are stable.
TODAY = dt.date(2026, 11, 27)
CHROMIUM = Path("/usr/bin/chromium")
# As root, without a sandbox; no background requests to Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pagefind_fragments(bundle: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each page Pagefind indexed in ``bundle``: its fragment's language and its data
    (``url``, ``content``: the text indexed, ``filters``, ``meta``)."""
    for fragment in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        yield fragment.name.split("_")[0], json.loads(data)


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    # The plugin sets a build's objects aside from the garbage collector (gc.freeze) until
    # on_post_build; a test that stops before it must not leave the whole run frozen.
    yield
    gc.unfreeze()


@pytest.fixture
def settings() -> Settings:
    return Settings(today=TODAY)


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: the shared data is read from there, never committed")
    return SHARED


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium through Playwright, one per test process (never a downloaded one)."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()
