"""What a family does on a phone, in Chromium: reach a phone number, crisis help and the
menu quickly, by touch and by keyboard."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
import yaml

from tests.e2e.conftest import PROJECT_ROOT

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 320, "height": 640}
MIN_TARGET_PX = 44


def published_programs() -> list[tuple[str, dict]]:
    found = []
    for path in sorted((PROJECT_ROOT / "programs").glob("*.yaml")):
        record = yaml.safe_load(path.read_text("utf-8"))
        if record.get("status", "published") != "draft":
            found.append((path.stem, record))
    return found


PROGRAMS = published_programs()


def open_at(page: object, url: str, viewport: dict) -> None:
    page.set_viewport_size(viewport)  # type: ignore[attr-defined]
    response = page.goto(url)  # type: ignore[attr-defined]
    assert response is not None and response.ok, url
    page.wait_for_load_state("load")  # type: ignore[attr-defined]


def box(page: object, selector: str) -> dict:
    found = page.locator(selector).first.bounding_box()  # type: ignore[attr-defined]
    assert found is not None, f"{selector} is not rendered"
    return found


@pytest.mark.parametrize("slug,record", PROGRAMS, ids=[slug for slug, _ in PROGRAMS])
def test_the_call_button_is_on_the_first_screen_of_every_program_page(
    page: object, served_site: str, slug: str, record: dict
) -> None:
    open_at(page, urljoin(served_site, f"programs/{slug}/"), PHONE)
    call = page.locator(".iop-contact-card a.iop-call[href^='tel:']").first  # type: ignore[attr-defined]
    digits = "".join(ch for ch in record["contact"]["phone"] if ch.isdigit())
    assert digits in "".join(ch for ch in (call.get_attribute("href") or "") if ch.isdigit())
    found = call.bounding_box()
    assert found is not None
    assert found["y"] + found["height"] <= PHONE["height"], (
        f"the Call button ends {found['y'] + found['height']:.0f}px down, below the first "
        f"screen ({PHONE['height']}px)")
    assert found["width"] >= MIN_TARGET_PX and found["height"] >= MIN_TARGET_PX, found


@pytest.mark.parametrize("path", ["", "programs/limestone-ledge-recovery/", "what-is-an-iop/",
                                  "help/"])
def test_988_can_be_called_and_texted_from_large_targets(
    page: object, served_site: str, path: str
) -> None:
    open_at(page, urljoin(served_site, path), SMALL_PHONE)
    for href in ("tel:988", "sms:988", "tel:911"):
        target = box(page, f".iop-crisis a[href='{href}']")
        assert target["height"] >= MIN_TARGET_PX, (href, target)
        assert target["width"] >= MIN_TARGET_PX, (href, target)


def test_crisis_numbers_in_articles_are_links(page: object, served_site: str) -> None:
    open_at(page, urljoin(served_site, "what-is-an-iop/"), PHONE)
    hrefs = page.locator("article a[href^='tel:'], article a[href^='sms:']").evaluate_all(  # type: ignore[attr-defined]
        "links => links.map(link => link.getAttribute('href'))")
    assert "tel:988" in hrefs, hrefs
    small = page.locator("article a[href^='tel:']").evaluate_all(  # type: ignore[attr-defined]
        "links => links.filter(l => l.getBoundingClientRect().height < 44).map(l => l.outerHTML)")
    assert small == [], small


@pytest.mark.parametrize("viewport", [SMALL_PHONE, PHONE], ids=["320px", "390px"])
def test_the_menu_opens_and_closes_from_the_keyboard(
    page: object, served_site: str, viewport: dict
) -> None:
    open_at(page, urljoin(served_site, "what-is-an-iop/"), viewport)
    page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")  # type: ignore[attr-defined]
    for _ in range(30):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        if page.evaluate("document.activeElement.matches('[data-iop-menu]')"):  # type: ignore[attr-defined]
            break
    else:
        pytest.fail("Tab never reaches the menu button")
    menu = page.locator("[data-iop-menu]")  # type: ignore[attr-defined]
    assert menu.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert menu.get_attribute("aria-expanded") == "true"
    # Focus moves into the drawer, which slides in: the link is on screen once it has.
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.activeElement.closest('.md-sidebar--primary') !== null")
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => { const r = document.activeElement.getBoundingClientRect();"
        f" return r.left >= 0 && r.right <= {viewport['width']}; }}")
    # The drawer's links are reachable with Tab and lead somewhere.
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    assert page.evaluate(  # type: ignore[attr-defined]
        "document.activeElement.closest('.md-sidebar--primary') !== null")
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.matches('[data-iop-menu]')")  # type: ignore[attr-defined]
    page.keyboard.press(" ")  # type: ignore[attr-defined]
    assert menu.get_attribute("aria-expanded") == "true"


def test_empty_states_offer_the_helplines(build_project: object, open_page: object,
                                          serve_dir: object) -> None:
    site = build_project({}, shared="no-records")  # type: ignore[operator]
    base = serve_dir(site)  # type: ignore[operator]
    page = open_page(base)  # type: ignore[operator]
    for path in ("", "programs/", "find/", "search/"):
        open_at(page, urljoin(base, path), PHONE)
        hrefs = page.locator("a[href]").evaluate_all(  # type: ignore[attr-defined]
            "links => links.map(link => link.getAttribute('href'))")
        for expected in ("tel:+18006624357", "tel:988", "sms:988", "tel:211"):
            assert expected in hrefs, (path, expected)
        assert any(h.startswith("https://findtreatment.gov") for h in hrefs), path
