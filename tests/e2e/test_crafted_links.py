"""Crafted finder and search links: what a link carries is bounded before it is echoed
or searched, so a link of 30,000 characters neither fills the page nor stalls it."""

from __future__ import annotations

from urllib.parse import quote, urljoin

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_huge_zip_in_a_link_is_not_echoed_in_full(page: object, served_site: str) -> None:
    crafted = "7" * 30_000 + "<b>x</b>"
    page.goto(urljoin(served_site, f"find/?zip={quote(crafted)}"))  # type: ignore[attr-defined]
    error = page.locator("#where-error")  # type: ignore[attr-defined]
    expect(error).to_be_visible(timeout=20_000)
    text = error.inner_text()
    assert "is not a ZIP code" in text and len(text) < 200, len(text)
    assert page.locator("#where-error b").count() == 0  # type: ignore[attr-defined]


def test_a_search_link_of_thousands_of_words_is_cut_to_a_search(
    page: object, served_site: str
) -> None:
    words = " ".join(f"word{i}" for i in range(5_000))  # as long as a server accepts
    page.goto(urljoin(served_site, f"search/?q={quote(words)}"))  # type: ignore[attr-defined]
    status = page.locator("[data-iop-search='page'] [data-iop-search-status]")  # type: ignore[attr-defined]
    expect(status).to_contain_text("for “word0 word1", timeout=15_000)
    text = status.inner_text()
    assert len(text) < 200 and "…" in text, text
    searched = page.evaluate("document.querySelector('#iop-search-page-input').value")  # type: ignore[attr-defined]
    assert len(searched) > 30_000  # the box keeps what the link said; the search took less


def test_a_finder_link_of_thousands_of_words_is_cut_too(page: object, served_site: str) -> None:
    words = " ".join(f"dbt{i}" for i in range(5_000))
    page.goto(urljoin(served_site, f"find/?zip=78745&q={quote(words)}"))  # type: ignore[attr-defined]
    status = page.locator("#finder-status")  # type: ignore[attr-defined]
    expect(status).to_contain_text("matching “dbt0 dbt1", timeout=20_000)
    assert len(status.inner_text()) < 400 and "dbt12" not in status.inner_text()
