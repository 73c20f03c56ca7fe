"""Shared fixtures. Browser and built-site fixtures live in tests/e2e/conftest.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.config import ValidationSettings

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = PROJECT_ROOT.parent / "shared"
# Every test sees the same "today", so that expiry and freshness findings are stable.
TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def settings() -> ValidationSettings:
    return ValidationSettings(today=TODAY)


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: the shared data is read from there, never committed")
    return SHARED
