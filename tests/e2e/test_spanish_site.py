"""The Spanish site as a family meets it in Chromium, scripts run: no interface text left in
English on any page state, the finder ranking as the English one, the shortlist, the
search and the quick exit's words in Spanish, and English record text marked as such."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import Page, expect

from generator.translations import catalogue_path
from tests.e2e.conftest import run_axe

PROGRAMS = ("limestone-ledge-recovery", "san-gabriel-steps", "hill-country-veterans-iop")

# What a page shows or says to a screen reader: every text node, and the attributes that
# carry words, outside elements marked as another language than the page's (a record's
# English text on a Spanish page).
VISIBLE_TEXTS = """() => {
  const texts = [];
  const lang = document.documentElement.lang;
  const foreign = (node) => {
    const el = node.nodeType === 1 ? node : node.parentElement;
    const marked = el && el.closest('[lang]');
    return marked && marked.getAttribute('lang') !== lang;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const parent = n.parentElement;
    if (!parent || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(parent.tagName)) continue;
    const text = n.textContent.replace(/\\s+/g, ' ').trim();
    if (text && !foreign(n)) texts.push(text);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
    if (foreign(el)) continue;
    for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
      const value = el.getAttribute(name);
      if (value && value.trim()) texts.push(value.replace(/\\s+/g, ' ').trim());
    }
  }
  texts.push(document.title);
  return texts;
}"""


@cache
def english_texts() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    """The interface's English texts that have a different Spanish: the exact ones, and
    patterns for those with placeholders (%(x)s or {x}), each matching a whole text."""
    with catalogue_path("es").open("rb") as handle:
        catalog = read_po(handle, locale="es")
    exact: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            if english in strings or "<" in english or len(english) < 3:
                continue  # the same in both languages, markup, or a code such as "IOP"
            english = re.sub(r"\s+", " ", english).strip()
            parts = re.split(r"%\(\w+\)[sd]|\{\w+\}", english)
            if len(parts) == 1:
                exact.add(english)
            elif sum(len(p.strip()) for p in parts) >= 6:
                patterns.append(re.compile(".+?".join(map(re.escape, parts)), re.S))
    return frozenset(exact), tuple(patterns)


def english_on(page: Page) -> list[str]:
    exact, patterns = english_texts()
    found = []
    for text in page.evaluate(VISIBLE_TEXTS):
        if text in exact or any(p.fullmatch(text) for p in patterns):
            found.append(text)
    return sorted(set(found))


@pytest.fixture
def spanish(page: Page, served_site: str) -> Iterator[Page]:
    page.set_viewport_size({"width": 390, "height": 844})
    yield page


def test_the_check_sees_english_text(spanish: Page, served_site: str) -> None:
    # The English finder, checked the same way, is full of the texts the check looks for.
    spanish.goto(served_site + "find/?zip=78745")
    expect(spanish.locator("#finder-near li").first).to_be_visible()
    found = english_on(spanish)
    assert {"Find programs", "Use my location", "Save to shortlist"} <= set(found)
    assert any(text.startswith("Call ") for text in found), found


STATES = {
    "home": "es/",
    "program": "es/programs/limestone-ledge-recovery/",
    "directory": "es/programs/",
    "finder with results": "es/find/?zip=78745",
    "finder with filters": "es/find/?zip=78745&schedule=evening&language=es&accepting=1",
    "finder, nothing matches": "es/find/?zip=78745&medication=methadone&age=9",
    "finder, far ZIP": "es/find/?zip=99999",
    "finder, bad ZIP": "es/find/?zip=12",
    "finder by town": "es/find/?city=Round+Rock",
    "help": "es/help/",
    "sample": "es/sample-listing/",
    "article": "es/what-is-an-iop/",
    "glossary": "es/glossary/",
    "about": "es/about/",
}


@pytest.mark.parametrize("state", STATES)
def test_no_english_interface_text_on_a_spanish_page(spanish: Page, served_site: str,
                                                     state: str) -> None:
    spanish.goto(served_site + STATES[state])
    expect(spanish.locator("html")).to_have_attribute("lang", "es")
    if "find/" in STATES[state]:
        expect(spanish.locator("#finder-status")).not_to_have_text(re.compile("Cargando"))
        if "zip=78745" in STATES[state] and "age=9" not in STATES[state]:
            expect(spanish.locator("#finder-near li").first).to_be_visible()
    else:
        spanish.wait_for_load_state("networkidle")
    assert english_on(spanish) == []
    assert spanish.page_errors == []


def test_the_spanish_finder_filters_panel_and_empty_states(spanish: Page,
                                                           served_site: str) -> None:
    spanish.goto(served_site + "es/find/?zip=78745&medication=methadone&age=9")
    expect(spanish.locator("#finder-status")).to_contain_text("Ningún programa")
    expect(spanish.locator("#finder-suggest")).to_contain_text("amplíe su búsqueda")
    spanish.get_by_role("button", name=re.compile(r"^Filtros")).click()
    expect(spanish.locator("#finder-filters")).to_be_visible()
    assert english_on(spanish) == []
    spanish.goto(served_site + "es/find/?zip=99999")
    expect(spanish.locator("#where-error")).to_contain_text("queda fuera de la zona")


def ranked(page: Page, url: str) -> list[tuple[str, str]]:
    page.goto(url)
    expect(page.locator("#finder-near li").first).to_be_visible()
    return page.eval_on_selector_all(
        "#finder-near li, #finder-tele li",
        "items => items.map(li => [li.dataset.program, li.dataset.distanceExact || ''])")


@pytest.mark.parametrize("query", ["zip=78745", "zip=78664&radius=50&schedule=evening",
                                   "city=Austin&payment=medicaid", "zip=78745&language=es"])
def test_the_spanish_finder_ranks_as_the_english_one(spanish: Page, served_site: str,
                                                     query: str) -> None:
    english = ranked(spanish, f"{served_site}find/?{query}")
    assert english, query
    assert ranked(spanish, f"{served_site}es/find/?{query}") == english


def test_a_spanish_card_says_everything_in_spanish(spanish: Page, served_site: str) -> None:
    spanish.goto(served_site + "es/find/?zip=78745&schedule=evening")
    card = spanish.locator("#finder-near li").first
    expect(card).to_contain_text("millas")
    expect(card).to_contain_text("Coincide en: Noche")
    expect(card.get_by_role("link", name=re.compile(r"^Llamar al "))).to_be_visible()
    expect(card.get_by_role("button", name=re.compile(r"^Guardar en mi lista"))).to_be_visible()
    # A decimal comma, as Spanish writes it: "3,2 millas".
    expect(card.locator(".finder-place strong")).to_have_text(re.compile(r"^\d+,\d millas?$"))


def test_the_spanish_shortlist_compares_and_prints_in_spanish(spanish: Page,
                                                              served_site: str) -> None:
    spanish.goto(served_site + "es/shortlist/#programs=" + ",".join(PROGRAMS))
    cards = spanish.locator(".shortlist-card")
    expect(cards).to_have_count(len(PROGRAMS))
    expect(spanish.locator("[data-shortlist-summary]")).to_contain_text(
        "3 programas en la lista compartida")
    expect(spanish.locator("[data-shortlist-differ]")).to_contain_text("Se diferencian en")
    expect(cards.first).to_contain_text("Modalidad")
    assert english_on(spanish) == []
    spanish.get_by_role("button", name="Guardar estos programas en mi lista").click()
    expect(spanish.locator("[data-shortlist-live]")).to_contain_text(
        "Se guardaron 3 programas en su lista")
    expect(spanish.locator("[data-shortlist-count]").first).to_have_text("3")
    assert english_on(spanish) == []
    assert run_axe(spanish) == []


def test_spanish_search_answers_in_spanish_and_offers_the_spanish_finder(
        spanish: Page, served_site: str) -> None:
    spanish.goto(served_site + "es/search/?q=terapia")
    results = spanish.locator("[data-iop-search='page'] .iop-search__result")
    expect(results.first).to_be_visible()
    assert all("/es/" in href for href in results.locator("a").evaluate_all(
        "links => links.map(a => a.href)"))
    expect(spanish.locator("[data-iop-search='page']")).to_contain_text("resultado")
    assert english_on(spanish) == []
    spanish.goto(served_site + "es/search/?q=78745")
    offer = spanish.get_by_role("link", name="Buscar programas cerca del código postal 78745")
    expect(offer).to_be_visible()
    assert "/es/find/" in (offer.get_attribute("href") or "")


def test_the_quick_exit_speaks_spanish(spanish: Page, served_site: str) -> None:
    spanish.goto(served_site + "es/programs/")
    spanish.wait_for_load_state("networkidle")
    spanish.keyboard.press("Shift")
    expect(spanish.locator("[data-shortlist-live]")).to_contain_text("Pulsó Mayús")


def test_the_404_page_speaks_both_languages(spanish: Page, served_site: str) -> None:
    spanish.goto(served_site + "404.html")
    expect(spanish.locator("section[lang='en'] h1")).to_have_text("Page not found")
    spanish_part = spanish.locator("section[lang='es']")
    expect(spanish_part.locator("h2")).to_have_text("Página no encontrada")
    expect(spanish_part.get_by_role("link", name="Inicio")).to_have_attribute("href", "/es/")


@pytest.mark.parametrize("path", ["es/", "es/programs/limestone-ledge-recovery/",
                                  "es/find/?zip=78745"])
def test_the_spanish_texts_are_asked_for_once_and_before_the_scripts(
    spanish: Page, served_site: str, path: str
) -> None:
    # The page's <head> asks for them (preload) so that the save toggles, the finder and
    # the search do not wait one more round trip once i18n.js has loaded; the fetch of
    # i18n.js must then use that copy, not ask again.
    requests: list[str] = []
    spanish.on("request", lambda request: requests.append(request.url))
    spanish.goto(served_site + path)
    spanish.wait_for_load_state("networkidle")
    expect(spanish.locator("[data-shortlist-count-link]").first).to_be_visible()
    catalogue = [url for url in requests if url.endswith("/assets/i18n/es.json")]
    script = [url for url in requests if url.endswith("/assets/i18n/i18n.js")]
    assert len(catalogue) == 1 and len(script) == 1, requests
    assert requests.index(catalogue[0]) < requests.index(script[0]), requests
