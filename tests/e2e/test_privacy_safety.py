"""What families must be able to rely on: privacy and safety, in a real Chromium.

Privacy: every page type is loaded and the ``page`` fixture fails the test on any request
to another host; fonts come from the system or the site itself.

Safety: hostile records (script tags, attribute breakouts, ``javascript:`` URLs, raw HTML
and Jinja syntax in every free-text field) are valid records, so they build; in the
browser nothing they carry runs, and their text shows as text. (Cities and record URLs
are held to stricter rules by the validator, tested in tests/test_hardening.py.)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from tests.e2e.conftest import PageOpener

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home": "",
    "article": "how-an-iop-works/",
    "directory": "programs/",
    "program (two locations)": "programs/limestone-ledge-recovery/",
    "program (stale)": "programs/san-gabriel-steps/",
    "finder": "find/?zip=78745",
    "search page": "search/?q=family",
    "404": "404.html",
}


def settle(page: object) -> None:
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]


# -- privacy ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", list(PAGE_TYPES.values()), ids=list(PAGE_TYPES))
def test_page_requests_nothing_from_another_host(page: object, served_site: str, path: str) -> None:
    response = page.goto(urljoin(served_site, path))  # type: ignore[attr-defined]
    assert response is not None and response.ok
    settle(page)
    if path.startswith("find/"):
        page.wait_for_selector("#finder-near li")  # type: ignore[attr-defined]
    # Typing in the header search loads Pagefind; that too must stay on this host.
    search = page.locator("#iop-search-input")  # type: ignore[attr-defined]
    if search.count() and search.is_visible():
        search.fill("group therapy")
        settle(page)
    own = [u for u in page.request_log.urls if u.startswith(served_site)]  # type: ignore[attr-defined]
    assert len(own) > 3, "the page loaded its own styles and scripts"
    # The `page` fixture fails the test if any request went elsewhere.


FONT_REPORT = """() => {
    const faces = [], unreadable = [];
    for (const sheet of document.styleSheets) {
        let rules;
        try { rules = sheet.cssRules; } catch (e) { unreadable.push(sheet.href); continue; }
        for (const rule of rules) {
            if (rule instanceof CSSFontFaceRule) faces.push({
                family: rule.style.getPropertyValue('font-family').replace(/["']/g, '').trim(),
                src: rule.style.getPropertyValue('src')});
        }
    }
    const family = el => el ? getComputedStyle(el).fontFamily : '';
    return {faces, unreadable,
            body: family(document.body), heading: family(document.querySelector('h1')),
            code: family(document.querySelector('code')),
            loaded: [...document.fonts].map(f => f.family.replace(/["']/g, ''))};
}"""
SYSTEM_FONTS = {
    "-apple-system", "blinkmacsystemfont", "helvetica", "arial", "sans-serif", "serif",
    "monospace", "system-ui", "segoe ui", "roboto mono", "sfmono-regular", "consolas",
    "menlo", "courier new", "ui-monospace", "ui-sans-serif",
}


@pytest.mark.parametrize("path", ["", "programs/limestone-ledge-recovery/"])
def test_fonts_need_no_font_service(page: object, served_site: str, path: str) -> None:
    page.goto(urljoin(served_site, path))  # type: ignore[attr-defined]
    settle(page)
    page.evaluate("document.fonts.ready.then(() => true)")  # type: ignore[attr-defined]
    report = page.evaluate(FONT_REPORT)  # type: ignore[attr-defined]
    assert report["unreadable"] == [], "a stylesheet from another origin"
    for face in report["faces"]:
        src = face["src"]
        assert "googleapis" not in src and "gstatic" not in src, face
        urls = [part.split(")")[0].strip("'\" ") for part in src.split("url(")[1:]]
        for url in urls:
            resolved = urljoin(page.url, url)  # type: ignore[attr-defined]
            assert resolved.startswith((served_site, "data:")), face
    self_hosted = {f["family"].lower() for f in report["faces"]}
    for key in ("body", "heading", "code"):
        # Material writes var(--md-text-font, _): "_" stands for "no web font" and is skipped.
        families = [f.strip().strip("\"'").lower() for f in report[key].split(",")]
        first = next((f for f in families if f != "_"), "")
        if first:
            assert first in SYSTEM_FONTS or first in self_hosted, (
                f"{key} text asks for {first!r}, neither a system font nor self-hosted"
            )
    for family in report["loaded"]:
        assert family.lower() in self_hosted, f"{family} loaded from elsewhere"
    stylesheets = page.evaluate(  # type: ignore[attr-defined]
        "[...document.querySelectorAll('link[rel~=stylesheet]')].map(l => l.href)"
    )
    assert stylesheets and all(s.startswith(served_site) for s in stylesheets), stylesheets


# -- safety: hostile records ------------------------------------------------------------

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '"><img src=x onerror="window.__pwned=1">'
QUOTE = "' onmouseover='window.__pwned=1"
JINJA = "{{ 7*7 }}"
# What a hostile address can still be once the validator has refused quotes, spaces and
# userinfo in record URLs: percent-escapes that must stay inert in the page.
HOSTILE_URL = "https://example.org/%22%3E%3Cscript%3Ewindow.__pwned=1%3C/script%3E"
HOSTILE_DESCRIPTION = f"""\
Intro {SCRIPT} and {JINJA} and {IMG} and {QUOTE}.

<iframe src="https://evil.example/frame"></iframe>

<a href="javascript:window.__pwned=1">raw javascript link</a>

[markdown javascript link](javascript:window.__pwned=1)

[upper-case scheme](JAVASCRIPT:window.__pwned=1)

[entity scheme](jav&#x09;ascript:window.__pwned=1)

[data link](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)

<svg onload="window.__pwned=1"><circle r="1"/></svg>

<style>body {{ display: none }}</style>

<object data="https://evil.example/object"></object>

<embed src="https://evil.example/embed">

<img src="x" onerror="window.__pwned=1">

![tracking pixel](https://evil.example/pixel.png)

<link rel="stylesheet" href="https://evil.example/style.css">

<base href="https://evil.example/">

<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=1">

<div onmouseover="window.__pwned=1">hover over this</div>

<a href="https://example.org/" onclick="window.__pwned=1"
   onmouseover="window.__pwned=1">a fine link with handlers</a>

<details open ontoggle="window.__pwned=1"><summary>details</summary>text</details>

<form action="https://evil.example/"><input name="q" autofocus onfocus="window.__pwned=1"></form>

<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=1">
</style></mglyph></table></mtext></math>

End of the description.
"""


def _record(**fields: object) -> str:
    data = {
        "levels_of_care": ["iop"],
        "conditions": ["mental-health"],
        "populations": ["adults"],
        "therapies": ["group"],
        "schedule": {"days_per_week": 3, "hours_per_day": 3, "format": "in-person"},
        "accepting_new_clients": True,
        "languages": ["en"],
        "status": "published",
        **fields,
    }
    header = "# yaml-language-server: $schema=../generator/schema/program.schema.json\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def _location(city: str, zip_code: str, lat: float, lon: float, **more: object) -> dict:
    return {"address": "100 Example Rd", "city": city, "zip": zip_code,
            "coordinates": {"lat": lat, "lon": lon}, **more}


HOSTILE_NAMES = {
    "hostile-script": f"Sunrise </script>{SCRIPT} IOP {JINJA}",
    "hostile-attribute": f"{IMG} Attribute IOP",
    "hostile-quote": f"{QUOTE} Quote IOP {JINJA}",
}
HOSTILE_SUMMARIES = {
    "hostile-script": f"Summary {JINJA} {SCRIPT} {IMG} {QUOTE} end.",
    "hostile-attribute": f'{QUOTE} x="{JINJA}" and <a href="javascript:window.__pwned=1">click</a>',
    "hostile-quote": f"</title>{SCRIPT} <!-- {JINJA} --> ]]> {IMG}",
}
# A city must be one the Postal Service names for the ZIP (the validator refuses any
# other text): the hostile text goes into the location's name instead.
HOSTILE_CITIES = {"hostile-script": "Austin", "hostile-attribute": "Austin",
                  "hostile-quote": "Austin"}
HOSTILE_PLACES = {"hostile-attribute": f"Austin {SCRIPT}", "hostile-quote": 'Round "Rock" & <Co>'}

HOSTILE_RECORDS = {
    "hostile-script.yaml": _record(
        name=HOSTILE_NAMES["hostile-script"],
        organization=IMG,
        summary=HOSTILE_SUMMARIES["hostile-script"],
        description=HOSTILE_DESCRIPTION,
        accreditations=[{"body": "joint-commission", "id": '"><svg onload="window.__pwned=1">',
                         "verify_url": HOSTILE_URL}],
        licenses=[{"authority": '<b onmouseover="window.__pwned=1">HHSC</b>',
                   "type": SCRIPT, "number": QUOTE,
                   "verify_url": "https://example.org/?a=%22onmouseover=%22window.__pwned=1"}],
        customization={"individualized_plan": True, "assessment": SCRIPT,
                       "specialty_tracks": [IMG, JINJA], "notes": f"{JINJA} {QUOTE}"},
        locations=[_location(HOSTILE_CITIES["hostile-script"], "78745", 30.2063, -97.7956,
                             name='<iframe src="https://evil.example/"></iframe>',
                             address=f"1 {SCRIPT} Rd", wheelchair_accessible=True,
                             transit=IMG)],
        payment={"self_pay": True, "insurers": [SCRIPT, IMG], "cost_notes": f"{QUOTE} {JINJA}"},
        contact={"phone": "512-555-0111", "website": HOSTILE_URL,
                 "email": '"><svg/onload=window.__pwned=1>@evil.example.org',
                 "intake_hours": SCRIPT},
        verification={"last_verified": "2026-11-01", "verified_by": IMG, "method": "phone",
                      "source": "javascript:window.__pwned=1", "notes": SCRIPT},
    ),
    "hostile-attribute.yaml": _record(
        name=HOSTILE_NAMES["hostile-attribute"],
        organization=f"{JINJA} {QUOTE}",
        summary=HOSTILE_SUMMARIES["hostile-attribute"],
        description="[click me](javascript:window.__pwned=1) <svg onload=\"window.__pwned=1\">",
        locations=[_location(HOSTILE_CITIES["hostile-attribute"], "78704", 30.2428, -97.7658,
                             name=HOSTILE_PLACES["hostile-attribute"], transit=QUOTE)],
        contact={"phone": "512-555-0112", "website": "https://example.org/?q=%27onmouseover=%27x",
                 "intake_hours": IMG},
        verification={"last_verified": "2026-11-02", "verified_by": QUOTE, "method": "website",
                      "source": HOSTILE_URL},
    ),
    "hostile-quote.yaml": _record(
        name=HOSTILE_NAMES["hostile-quote"],
        organization=f"</title>{SCRIPT}",
        summary=HOSTILE_SUMMARIES["hostile-quote"],
        description=f"Plain text with {JINJA} and {{% raw %}} and {{# comment #}}.",
        locations=[_location(HOSTILE_CITIES["hostile-quote"], "78748", 30.1743, -97.8225,
                             name=HOSTILE_PLACES["hostile-quote"])],
        contact={"phone": "512-555-0113", "intake_hours": QUOTE},
        verification={"last_verified": "2026-11-03", "verified_by": SCRIPT},
    ),
}


@pytest.fixture(scope="session")
def hostile_site(
    build_project: Callable[..., Path], serve_dir: Callable[[Path], str]
) -> tuple[Path, str]:
    site = build_project(HOSTILE_RECORDS, shared="hostile")
    return site, serve_dir(site)


# Runs in the page: fires every handler an injected attribute could use, on every element.
PROVOKE = """() => {
    document.addEventListener('click', e => e.preventDefault(), true);
    document.addEventListener('submit', e => e.preventDefault(), true);
    const mouse = ['mouseover', 'mouseenter', 'mousemove', 'mousedown', 'mouseup', 'click',
                   'dblclick', 'contextmenu'];
    const other = ['focus', 'focusin', 'blur', 'toggle', 'animationstart', 'transitionend',
                   'load', 'error', 'input', 'change'];
    for (const el of document.querySelectorAll('body *')) {
        // Not bubbling: an inline handler on the element itself still fires.
        const init = {bubbles: false, cancelable: true};
        for (const type of mouse) el.dispatchEvent(new MouseEvent(type, init));
        for (const type of other) el.dispatchEvent(new Event(type, init));
    }
    return true;
}"""

DOM_REPORT = """() => {
    const all = [...document.querySelectorAll('*')];
    const content = document.querySelector('.md-content') || document.body;
    const attrs = all.flatMap(el => [...el.attributes]
        .filter(a => a.name.toLowerCase().startsWith('on'))
        .map(a => `<${el.tagName.toLowerCase()} ${a.name}="${a.value}">`));
    const links = [...document.querySelectorAll('a[href], area[href]')].map(a => a.href);
    const bad = links.filter(h => !/^(https?:|tel:|sms:|mailto:)/i.test(h)
                                   && !h.startsWith(location.origin));
    return {
        pwned: typeof window.__pwned !== 'undefined',
        handlers: attrs,
        badLinks: bad,
        // The finder's own module script sits in its content; nothing else may.
        contentScripts: [...content.querySelectorAll('script')]
            .filter(s => !s.src || !s.src.startsWith(location.origin + '/assets/'))
            .map(s => s.outerHTML.slice(0, 200)),
        pwnScripts: [...document.scripts].filter(s => s.text.includes('__pwned')
                                                   && s.type !== 'application/ld+json')
                                         .map(s => s.outerHTML),
        foreignScripts: [...document.scripts].filter(s => s.src
                        && !s.src.startsWith(location.origin)).map(s => s.src),
        embedded: [...document.querySelectorAll(
            'iframe, frame, object, embed, base, meta[http-equiv], form[action*="evil"]'
        )].map(e => e.outerHTML.slice(0, 120)),
        contentImages: [...content.querySelectorAll('img')].map(i => i.outerHTML),
        styles: [...document.querySelectorAll('style')]
            .filter(s => s.textContent.includes('body { display: none }')).map(s => s.outerHTML),
        bodyVisible: getComputedStyle(document.body).display !== 'none',
    };
}"""


def assert_nothing_ran(page: object, where: str) -> None:
    page.evaluate(PROVOKE)  # type: ignore[attr-defined]
    page.wait_for_timeout(100)  # type: ignore[attr-defined]
    report = page.evaluate(DOM_REPORT)  # type: ignore[attr-defined]
    assert report["pwned"] is False, f"{where}: a payload ran"
    assert report["handlers"] == [], f"{where}: event-handler attributes"
    assert report["badLinks"] == [], f"{where}: links that are not http(s), tel:, sms: or mailto:"
    assert report["contentScripts"] == [], f"{where}: a <script> in the content"
    assert report["pwnScripts"] == [], f"{where}: an injected <script>"
    assert report["foreignScripts"] == [], f"{where}: a script from elsewhere"
    assert report["embedded"] == [], f"{where}: embedded content"
    assert report["styles"] == [], f"{where}: an injected <style>"
    assert report["contentImages"] == [], f"{where}: an injected <img>"
    assert report["bodyVisible"]
    assert page.page_errors == [], f"{where}: JavaScript errors {page.page_errors}"  # type: ignore[attr-defined]


def hover_everything(page: object, selector: str) -> None:
    """Real mouse movement over the listing, as a visitor reading it would."""
    items = page.locator(selector)  # type: ignore[attr-defined]
    for index in range(min(items.count(), 30)):
        item = items.nth(index)
        box = item.bounding_box()
        if box and box["width"] > 2 and box["height"] > 2:
            item.hover(force=True)


def text_of(page: object, selector: str) -> str:
    return " ".join(page.locator(selector).first.inner_text().split())  # type: ignore[attr-defined]


@pytest.mark.parametrize("slug", sorted(HOSTILE_NAMES))
def test_hostile_program_page_runs_nothing(
    hostile_site: tuple[Path, str], open_page: PageOpener, slug: str
) -> None:
    _, url = hostile_site
    page = open_page(url)
    response = page.goto(urljoin(url, f"programs/{slug}/"))  # type: ignore[attr-defined]
    assert response is not None and response.ok
    settle(page)
    hover_everything(page, "article.iop-program :is(h1, p, li, dd, a, strong, span)")
    assert_nothing_ran(page, slug)

    name, summary = HOSTILE_NAMES[slug], HOSTILE_SUMMARIES[slug]
    assert text_of(page, "article.iop-program h1") == name
    assert text_of(page, ".iop-summary") == summary
    assert page.title() == f"{name} - Austin IOP Directory"  # type: ignore[attr-defined]
    assert text_of(page, ".md-header__topic[data-md-component=header-topic]") == name
    description = page.locator("meta[name=description]").get_attribute("content")  # type: ignore[attr-defined]
    assert description == summary
    city = HOSTILE_CITIES[slug]
    assert city in text_of(page, ".iop-locations")
    if slug in HOSTILE_PLACES:
        assert HOSTILE_PLACES[slug] in text_of(page, ".iop-locations")
    for selector in ("article.iop-program h1", ".iop-summary", ".iop-org"):
        assert "49" not in text_of(page, selector)
    if slug == "hostile-quote":  # Jinja syntax in Markdown stays text too
        description = text_of(page, ".iop-description")
        assert f"{JINJA} and {{% raw %}} and {{# comment #}}" in description

    scripts = page.locator("script[type='application/ld+json']")  # type: ignore[attr-defined]
    assert scripts.count() == 1
    data = json.loads(scripts.first.text_content())
    assert data["name"] == name and data["description"] == summary
    assert data["address"]["addressLocality"] == city


def test_hostile_fields_show_as_text(hostile_site: tuple[Path, str], open_page: PageOpener) -> None:
    _, url = hostile_site
    page = open_page(url)
    page.goto(urljoin(url, "programs/hostile-script/"))  # type: ignore[attr-defined]
    settle(page)
    body = text_of(page, "article.iop-program")
    for literal in (IMG, SCRIPT, QUOTE, JINJA, "<svg onload", "<iframe", "End of the description."):
        assert literal in body, f"{literal!r} is not shown as text"
    assert "49" not in text_of(page, "#how-care-is-tailored ~ dl")
    # Records' URLs: only http(s) become links; a javascript: source is not a link at all.
    hrefs = page.evaluate(  # type: ignore[attr-defined]
        "[...document.querySelectorAll('article.iop-program a[href]')]"
        ".map(a => a.getAttribute('href'))"
    )
    # (A mailto: link to the editors quotes the name and address, percent-encoded.)
    assert not [h for h in hrefs if "__pwned" in h
                and not h.startswith(("https://", "mailto:"))], hrefs
    assert not [h for h in hrefs if "<" in h or '"' in h], hrefs
    assert not [h for h in hrefs if h.strip().lower().startswith(("javascript", "data"))]
    # The description's good link survives, its handlers do not.
    fine = page.locator("a", has_text="a fine link with handlers")  # type: ignore[attr-defined]
    assert fine.count() == 1
    assert fine.get_attribute("href") == "https://example.org/"


def test_hostile_directory_runs_nothing(
    hostile_site: tuple[Path, str], open_page: PageOpener
) -> None:
    _, url = hostile_site
    page = open_page(url)
    page.goto(urljoin(url, "programs/"))  # type: ignore[attr-defined]
    settle(page)
    hover_everything(page, ".iop-directory a, .iop-directory h2, .iop-directory p")
    assert_nothing_ran(page, "directory")
    cities = set(HOSTILE_CITIES.values())
    headings = page.locator(".iop-directory h2").all_inner_texts()  # type: ignore[attr-defined]
    assert sorted(" ".join(h.split()) for h in headings) == sorted(cities)
    names = page.locator(".iop-directory h3 a").all_inner_texts()  # type: ignore[attr-defined]
    hostile = [n for n in (" ".join(n.split()) for n in names) if "__pwned" in n]
    assert sorted(hostile) == sorted(HOSTILE_NAMES.values())
    assert "49" not in " ".join(hostile)
    # The city index links to the city headings, whatever characters the city has.
    for link in page.locator(".iop-city-index a").all():  # type: ignore[attr-defined]
        target = link.get_attribute("href")
        assert target.startswith("#")
        assert page.evaluate("id => !!document.getElementById(id)", target[1:])  # type: ignore[attr-defined]


def test_hostile_finder_runs_nothing(
    hostile_site: tuple[Path, str], open_page: PageOpener
) -> None:
    _, url = hostile_site
    page = open_page(url)
    page.goto(urljoin(url, "find/?zip=78745"))  # type: ignore[attr-defined]
    settle(page)
    page.wait_for_selector("#finder-near li")  # type: ignore[attr-defined]
    results = " ".join(page.locator("#finder-near").inner_text().split())  # type: ignore[attr-defined]
    for name in HOSTILE_NAMES.values():
        assert name in results, f"{name!r} is not shown as text in the finder"
    assert "49" not in results
    hover_everything(page, "#finder-near li, #finder-near a")
    # Last: provoking clicks every button, which changes the finder's state.
    assert_nothing_ran(page, "finder")


def test_hostile_search_results_run_nothing(
    hostile_site: tuple[Path, str], open_page: PageOpener
) -> None:
    _, url = hostile_site
    page = open_page(url)
    page.goto(urljoin(url, "search/?q=Sunrise"))  # type: ignore[attr-defined]
    settle(page)
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.body.innerText.includes('Sunrise')", timeout=10_000
    )
    assert_nothing_ran(page, "search page")
