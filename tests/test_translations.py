"""The translations: every interface text has its Spanish in the catalogue, none is stale,
and each keeps the placeholders of its English."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from generator.translations import (
    ENGLISH,
    SPANISH,
    browser_messages,
    catalogue_path,
    english_path,
    language_of,
    plural_categories,
    translator,
)
from tests.conftest import PROJECT_ROOT

# Python's %(name)s (code and templates) and the browser code's {name} (i18n.js).
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def placeholders(text: str) -> set[str]:
    return {python or browser for python, browser in PLACEHOLDER.findall(text)}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """What the code, templates, schema and mkdocs.yml ask for now (as `make translations`)."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    done = subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-o", str(pot), "--no-wrap", "."],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    with pot.open("rb") as handle:
        return read_po(handle)


@pytest.fixture(scope="module")
def spanish() -> Catalog:
    with catalogue_path("es").open("rb") as handle:
        return read_po(handle, locale="es")


def ids(catalog: Catalog) -> set[object]:
    return {message.id for message in catalog if message.id}


def test_no_text_is_missing_from_the_spanish_catalogue(extracted: Catalog,
                                                       spanish: Catalog) -> None:
    missing = ids(extracted) - ids(spanish)
    assert not missing, f"run `make translations` and translate: {sorted(map(str, missing))}"


def test_no_spanish_entry_is_stale(extracted: Catalog, spanish: Catalog) -> None:
    stale = ids(spanish) - ids(extracted)
    assert not stale, f"run `make translations` to drop: {sorted(map(str, stale))}"


def test_every_entry_is_translated_and_keeps_its_placeholders(spanish: Catalog) -> None:
    problems = []
    for message in spanish:
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        targets = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(targets):
            problems.append(f"untranslated: {sources[0]!r}")
            continue
        # A plural's forms each keep the singular's or the plural's ("See the result",
        # "See all {count} results").
        wanted = [placeholders(source) for source in sources]
        for target in targets:
            if placeholders(target) not in wanted:
                problems.append(f"placeholders differ: {sources[0]!r} -> {target!r}")
    assert problems == []


def test_the_check_sees_a_missing_entry(extracted: Catalog) -> None:
    partial = Catalog(locale="es")
    assert ids(extracted) - ids(partial), "an empty catalogue must be reported"


def test_spanish_texts_dates_and_numbers() -> None:
    import datetime as dt

    t = translator("es")
    assert t.gettext("At a glance") == "De un vistazo"
    assert t.long_date(dt.date(2026, 11, 27)) == "27 de noviembre de 2026"
    assert t.number(4.05, 1) == "4,0" or t.number(4.05, 1) == "4,1"
    assert t.number(12.34, 1) == "12,3"
    assert translator("en").long_date(dt.date(2026, 11, 27)) == "November 27, 2026"


def test_pages_are_told_apart_by_their_address() -> None:
    assert language_of("es/what-is-an-iop/") is SPANISH
    assert language_of("es/") is SPANISH and language_of("") is ENGLISH
    assert language_of("estimates/") is ENGLISH  # a page whose name starts with "es"
    assert english_path("es/programs/x/") == "programs/x/"


def test_the_browser_gets_the_texts_of_its_own_code_with_every_plural_form() -> None:
    texts = browser_messages("es")
    # CLDR: Spanish has three plural categories, gettext's forms 0, 1 and 2 in that order.
    assert texts["plural"] == plural_categories("es") == ["one", "many", "other"]
    assert plural_categories("en") == ["one", "other"]
    messages = texts["messages"]
    assert messages["Save to shortlist"] == "Guardar en mi lista"
    forms = messages["{count} program"]
    assert isinstance(forms, list) and len(forms) == 3 and forms[0] == "{count} programa"
    assert "At a glance" not in messages, "texts only the templates use stay out"
