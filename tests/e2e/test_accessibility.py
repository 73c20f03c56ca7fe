"""Accessibility (WCAG 2.2 AA) in Chromium: axe-core, the keyboard, 320 px, print."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
import yaml

from tests.e2e.conftest import PROJECT_ROOT, run_axe
from tests.e2e.pdftext import pdf_text

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "article": "how-an-iop-works/",
    "article with a table": "iop-vs-inpatient-and-residential/",
    "directory": "programs/",
    "program (two locations)": "programs/limestone-ledge-recovery/",
    "program (stale)": "programs/san-gabriel-steps/",
    "404": "404.html",
    "get help now": "help/",
    "learn": "learn/",
    "for editors": "for-editors/",
    "search page": "search/?q=evening",
    "finder with results": "find/?zip=78745",
    "sample listing": "sample-listing/",
    "shortlist": "shortlist/",
    "Spanish home": "es/",
    "Spanish program": "es/programs/limestone-ledge-recovery/",
    "Spanish article": "es/what-is-an-iop/",
    "Spanish directory": "es/programs/",
    "Spanish finder": "es/find/?zip=78745",
    "Spanish help": "es/help/",
}
LIMESTONE = yaml.safe_load(
    (PROJECT_ROOT / "programs" / "limestone-ledge-recovery.yaml").read_text("utf-8"))
WIDE = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}
PHONE = {"width": 360, "height": 740}
NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def open_at(page: object, served_site: str, path: str, viewport: dict) -> None:
    page.set_viewport_size(viewport)  # type: ignore[attr-defined]
    response = page.goto(urljoin(served_site, path))  # type: ignore[attr-defined]
    assert response is not None and response.ok
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"])
        for v in violations
    )


# -- axe-core ---------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "320px"])
@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_axe_finds_no_violation(page: object, served_site: str, path: str, viewport: dict) -> None:
    open_at(page, served_site, path, viewport)
    violations = run_axe(page)
    assert violations == [], describe(violations)


def test_axe_would_report_a_violation(page: object, served_site: str) -> None:
    """The check can fail: axe sees an image without a text alternative."""
    open_at(page, served_site, "programs/", WIDE)
    page.evaluate(  # type: ignore[attr-defined]
        "document.querySelector('h1').insertAdjacentHTML('afterend', "
        "'<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">')"
    )
    assert "image-alt" in [v["id"] for v in run_axe(page)]


# -- keyboard ---------------------------------------------------------------------------

FOCUS_STATE = """(probe) => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = () => {
        const s = getComputedStyle(el);
        return {outline: s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0
                    ? 'none' : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
                shadow: s.boxShadow, background: s.backgroundColor,
                decoration: `${s.textDecorationLine} ${s.textDecorationThickness}`,
                border: `${s.borderBottomStyle} ${s.borderBottomWidth} ${s.borderBottomColor}`};
    };
    const focused = style();
    const rect = el.getBoundingClientRect();
    const cx = Math.min(Math.max(rect.left + rect.width / 2, 0), innerWidth - 1);
    const cy = Math.min(Math.max(rect.top + rect.height / 2, 0), innerHeight - 1);
    const hit = document.elementFromPoint(cx, cy);
    const inView = rect.bottom > 0 && rect.top < innerHeight && rect.right > 0
                   && rect.left < innerWidth;
    el.blur();
    const unfocused = style();
    el.focus();
    const changed = Object.keys(focused).filter(k => focused[k] !== unfocused[k]);
    return {
        tag: el.tagName.toLowerCase(), id: el.id, href: el.getAttribute('href') || '',
        name: (el.getAttribute('aria-label') || el.innerText || el.value || el.title || '')
              .trim().replace(/\\s+/g, ' ').slice(0, 60),
        region: el.closest('.iop-crisis') ? 'crisis' : el.closest('.md-header') ? 'header'
              : el.closest('.md-sidebar') ? 'nav' : el.closest('.md-content') ? 'content'
              : el.closest('.md-footer') ? 'footer' : 'other',
        focusVisible: el.matches(':focus-visible'),
        indicator: changed.map(k => `${k}: ${unfocused[k]} -> ${focused[k]}`),
        ring: changed.some(k => ['outline', 'shadow', 'background', 'border'].includes(k)),
        outlined: focused.outline !== 'none' || focused.shadow !== 'none',
        inView, covered: !!hit && !el.contains(hit) && !hit.contains(el),
    };
}"""


def tab_through(page: object, stop: str, limit: int = 120) -> list[dict]:
    """Press Tab from the top of the page until the element named ``stop`` has focus."""
    page.add_style_tag(content=NO_MOTION)  # type: ignore[attr-defined]
    page.evaluate("window.scrollTo(0, 0); document.activeElement.blur()")  # type: ignore[attr-defined]
    stops: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        state = page.evaluate(FOCUS_STATE)  # type: ignore[attr-defined]
        if state is None:
            break
        stops.append(state)
        if state["name"] == stop:
            return stops
    pytest.fail(f"Tab never reached {stop!r}: {[s['name'] for s in stops]}")


def test_keyboard_order_on_a_program_page(page: object, served_site: str) -> None:
    open_at(page, served_site, "programs/san-gabriel-steps/", WIDE)
    stops = tab_through(page, "Report a problem")  # the footer's, last on the page
    names = [s["name"] for s in stops]

    def first(predicate: object) -> int:
        return next(i for i, s in enumerate(stops) if predicate(s))  # type: ignore[operator]

    crisis = first(lambda s: s["href"] == "tel:988")
    search = first(lambda s: s["id"] == "iop-search-input")
    content = first(lambda s: s["region"] == "content")
    footer = len(stops) - 1
    assert crisis <= 1, f"the crisis line comes first (after a skip link): {names[:3]}"
    assert [s["href"] for s in stops[crisis:crisis + 3]] == ["tel:988", "sms:988", "tel:911"]
    assert crisis < search < content < footer, names
    # The first stop in the listing is its Call button.
    assert stops[content]["href"].startswith("tel:+1") and "Call" in names[content], names
    nearby = [s["name"] for s in stops[content:] if "../" in s["href"]]
    assert nearby[:3] == [
        "Pecan Hollow Family Counseling IOP", "Cedar Lantern Wellness", "Windmill Creek IOP"
    ]
    listing = [s for s in stops[content:] if s["region"] == "content"]
    assert [s["name"] for s in listing][-1] == "edit this listing's record", names[content:]


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["wide", "phone"])
def test_every_focused_element_shows_focus(
    page: object, served_site: str, viewport: dict
) -> None:
    # On a phone the navigation is a closed drawer off-screen: its links must not take focus.
    open_at(page, served_site, "programs/limestone-ledge-recovery/", viewport)
    stops = tab_through(page, "Report a problem", limit=150)
    invisible = [s for s in stops if not (s["focusVisible"] and s["ring"])]
    assert invisible == [], "focus without a visible outline or ring: " + "; ".join(
        f"{s['region']} {s['tag']} {s['name']!r}" for s in invisible
    )
    hidden = [s["name"] for s in stops if not s["inView"] or s["covered"]]
    assert hidden == [], f"focused but off screen or covered (WCAG 2.4.11): {hidden}"


def test_the_hidden_back_to_top_button_takes_no_focus(page: object, served_site: str) -> None:
    # The 404 page is short: Tab reaches Material's "Back to top" button before any scroll
    # has told Material to take the hidden, transparent button out of the Tab order.
    open_at(page, served_site, "404.html", WIDE)
    stops = tab_through(page, "Report a problem")
    assert "Back to top" not in [s["name"] for s in stops]
    # Shown after a scroll up, it is a stop again, and a visible one.
    page.mouse.wheel(0, 600)  # type: ignore[attr-defined]
    page.wait_for_timeout(400)  # type: ignore[attr-defined]
    page.mouse.wheel(0, -300)  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "!document.querySelector('.md-top').hidden")
    page.locator("article a").last.focus()  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    state = page.evaluate(FOCUS_STATE)  # type: ignore[attr-defined]
    assert state["name"] == "Back to top" and state["inView"] and not state["covered"], state


def test_focus_check_can_fail(page: object, served_site: str) -> None:
    open_at(page, served_site, "programs/limestone-ledge-recovery/", WIDE)
    page.add_style_tag(content="a:focus, a:focus-visible { outline: none !important; }")  # type: ignore[attr-defined]
    page.locator("article.iop-program a").first.focus()  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    state = page.evaluate(FOCUS_STATE)  # type: ignore[attr-defined]
    assert state["region"] == "content" and state["tag"] == "a"
    assert not state["ring"], state


def test_skip_link_jumps_over_the_navigation(page: object, served_site: str) -> None:
    open_at(page, served_site, "programs/limestone-ledge-recovery/", WIDE)
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    skip = page.evaluate(FOCUS_STATE)  # type: ignore[attr-defined]
    assert skip["name"] == "Skip to content" and skip["outlined"], skip
    assert not skip["covered"] and skip["inView"]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    after = page.evaluate(FOCUS_STATE)  # type: ignore[attr-defined]
    assert after["region"] == "content", after


# -- 320 px -----------------------------------------------------------------------------

CLIPPED_TEXT = """() => {
    const width = document.documentElement.clientWidth;
    const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
    const clips = el => ['hidden', 'clip'].includes(getComputedStyle(el).overflowX);
    const problems = [];
    const roots = document.querySelectorAll('.md-content, .md-banner');
    for (const root of roots) for (const el of root.querySelectorAll('*')) {
        const ownText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (!ownText) continue;
        const rect = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        if (rect.width <= 1 || rect.height <= 1 || style.visibility === 'hidden'
            || style.clip !== 'auto' || el.closest('[hidden]')) continue;
        let scrolled = false;
        for (let a = el; a && a !== root.parentElement; a = a.parentElement) {
            if (a !== el && scrolls(a)) { scrolled = true; break; }
            if (a !== el && clips(a)) {
                const box = a.getBoundingClientRect();
                if (rect.right > box.right + 1 || rect.left < box.left - 1)
                    problems.push(`clipped: ${el.tagName} "${el.innerText.slice(0, 40)}"`);
            }
        }
        if (scrolled) continue;
        if (rect.right > width + 1 || rect.left < -1)
            problems.push(`off screen: ${el.tagName} "${el.innerText.slice(0, 40)}" `
                          + `(${Math.round(rect.left)}..${Math.round(rect.right)})`);
        if (style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1)
            problems.push(`cut with an ellipsis: ${el.tagName} "${el.innerText.slice(0, 40)}"`);
    }
    return {scrollWidth: document.documentElement.scrollWidth, width, problems};
}"""


@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_layout_holds_at_320px(page: object, served_site: str, path: str) -> None:
    open_at(page, served_site, path, NARROW)
    report = page.evaluate(CLIPPED_TEXT)  # type: ignore[attr-defined]
    assert report["width"] <= 320
    assert report["scrollWidth"] <= 320, "the page scrolls sideways"
    assert report["problems"] == []


def test_narrow_check_can_fail(page: object, served_site: str) -> None:
    open_at(page, served_site, "programs/san-gabriel-steps/", NARROW)
    page.add_style_tag(content=".iop-summary { width: 500px; }")  # type: ignore[attr-defined]
    report = page.evaluate(CLIPPED_TEXT)  # type: ignore[attr-defined]
    assert report["scrollWidth"] > 320 or report["problems"]


# -- print ------------------------------------------------------------------------------


def test_program_page_prints_the_listing_only(page: object, served_site: str) -> None:
    open_at(page, served_site, "programs/limestone-ledge-recovery/", WIDE)
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary",
                   ".md-footer"):
        locator = page.locator(chrome)  # type: ignore[attr-defined]
        assert locator.count() == 1, chrome
        assert not locator.is_visible(), f"{chrome} is printed"
    for selector in ("article.iop-program h1", ".iop-summary", "#at-a-glance", "#locations",
                     "#contact", "#last-verified ~ p", ".iop-description", ".md-banner"):
        assert page.locator(selector).first.is_visible(), f"{selector} is not printed"  # type: ignore[attr-defined]

    pdf = page.pdf(format="Letter", print_background=False)  # type: ignore[attr-defined]
    assert pdf.startswith(b"%PDF")
    text = " ".join(pdf_text(pdf).split())
    # A printout handed to someone says where it came from and where to call in a crisis.
    assert text.startswith("In crisis? Call 988 Text 988 Emergency 911"), text[:200]
    unwrapped = text.replace("- ", "-")  # a long address wraps after a hyphen
    source = re.search(r"Printed from Austin IOP Directory: https?://\S+/"
                       r"programs/limestone-ledge-recovery/", unwrapped)
    assert source, text[:400]
    assert unwrapped.index("Limestone Ledge Recovery") > source.start()
    for expected in ("Last verified on November 18, 2026 by J. Alvarez", "At a glance",
                     "Accreditation and licensing", "2417 S Lamar Blvd", "512-555-0142"):
        assert expected in text, f"{expected!r} is not in the printed page"
    website = LIMESTONE["contact"]["website"]
    printed = re.findall(re.escape(website) + r"(?=[\s)]|$)", text)  # not a longer URL's start
    assert len(printed) == 1, "a link whose text is its address is printed once"
    for chrome in ("How an IOP works", "Made with", "report a problem with this listing",
                   "edit this listing's record", "More help"):
        assert chrome not in text, f"{chrome!r} (site chrome) is printed"
    # Page 1 is what someone calling needs: the number, intake, whether it takes people.
    first = " ".join(pdf_text(page.pdf(format="Letter", page_ranges="1")).split())  # type: ignore[attr-defined]
    for expected in ("Call 512-555-0142", "accepting new clients", "At a glance"):
        assert expected.lower() in first.lower(), f"{expected!r} is not on page 1: {first[:600]}"
