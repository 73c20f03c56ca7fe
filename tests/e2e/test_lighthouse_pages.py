"""The pages the Lighthouse benchmark measures are pages of the built site, in each language."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bench.lighthouse_bench import BASELINE, pages_for


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_measured_page_is_in_the_built_site(built_site: Path, language: str) -> None:
    pages = pages_for(built_site, language)
    for name, address in pages.items():
        path = urlsplit(address).path.lstrip("/")
        file = built_site / (path + "index.html" if path == "" or path.endswith("/") else path)
        assert file.is_file(), f"{name}: {address} is not a page of the site"
        if language == "es" and name != BASELINE:
            assert '<html lang="es"' in file.read_text(encoding="utf-8"), name
