"""The built site, checked file by file: every page type of issue 3 and what it must say.

Expected values come from the YAML records and the schema's labels, worked out here
(distances with geopy, dates and links by hand), not from the generator's own code.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import pytest
import yaml
from geopy.distance import geodesic

from tests.conftest import pagefind_fragments
from tests.e2e.conftest import PROJECT_ROOT, TEST_TODAY
from tests.e2e.htmltree import Element, parse_file

pytestmark = pytest.mark.build

TODAY = dt.date.fromisoformat(TEST_TODAY)
SCHEMA = json.loads((PROJECT_ROOT / "generator/schema/program.schema.json").read_text("utf-8"))
LABELS = {name: SCHEMA["$defs"][name].get("x-labels", {}) for name in SCHEMA["$defs"]}
DRAFT = "leander-trailhead-teen-iop"
ARTICLES = [
    "what-is-an-iop",
    "how-an-iop-works",
    "iop-vs-inpatient-and-residential",
    "group-therapy",
    "dual-diagnosis",
    "choosing-an-iop-in-austin",
    "stepping-down-from-residential-care",
    "trauma-informed-care-and-mindfulness",
    "glossary",
    "how-listings-are-verified",
    "about",
]
SECTIONS = [
    "at-a-glance",
    "accreditation-and-licensing",
    "how-care-is-tailored",
    "therapies",
    "who-it-serves",
    "payment",
    "locations",
    "contact",
    "last-verified",
]


def _mkdocs_setting(name: str) -> str:
    text = (PROJECT_ROOT / "mkdocs.yml").read_text("utf-8")
    match = re.search(rf"^{name}:\s*(.+)$", text, re.M)
    assert match, f"mkdocs.yml has no {name}"
    value = match.group(1).strip()
    env = re.fullmatch(r'!ENV \[(\w+),\s*"([^"]*)"\]', value)
    if env:  # site_url: !ENV [SITE_URL, "https://..."]
        return os.environ.get(env.group(1), env.group(2))
    return value


SITE_URL = _mkdocs_setting("site_url").rstrip("/") + "/"
REPO_URL = _mkdocs_setting("repo_url").rstrip("/")


def _records() -> dict[str, dict]:
    return {
        path.stem: yaml.safe_load(path.read_text("utf-8"))
        for path in sorted((PROJECT_ROOT / "programs").glob("*.yaml"))
    }


RECORDS = _records()
PUBLISHED = {s: r for s, r in RECORDS.items() if r.get("status", "published") == "published"}


def long_date(value: object) -> str:
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return f"{day:%B} {day.day}, {day.year}"


def words(text: str) -> str:
    return " ".join(text.split())


@cache
def _parsed(path: Path) -> Element:
    return parse_file(path)


def html_page(site: Path, url: str) -> Element:
    path = site / url / "index.html" if not url.endswith(".html") else site / url
    assert path.is_file(), f"{url}: no {path.relative_to(site)}"
    return _parsed(path)


def program_page(site: Path, slug: str) -> Element:
    return html_page(site, f"programs/{slug}/")


def article_of(doc: Element) -> Element:
    """The program's own body: the article the program template renders."""
    return doc.get("article", class_="iop-program")


def links_in(elements: list[Element]) -> list[Element]:
    found: list[Element] = []
    for element in elements:
        if element.tag == "a":
            found.append(element)
        found += element.find_all("a")
    return found


def site_path(page_url: str, href: str) -> str | None:
    """The site-relative path a link on a page points to, or None if it leaves the site."""
    base = "http://site.invalid/" + page_url
    target = urlsplit(urljoin(base, href))
    if target.netloc != "site.invalid":
        return None
    return unquote(target.path.lstrip("/"))


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def page_url(site: Path, path: Path) -> str:
    relative = path.relative_to(site).as_posix()
    return relative[: -len("index.html")] if relative.endswith("index.html") else relative


# -- program pages ----------------------------------------------------------------------


def test_every_published_program_has_a_page_and_the_draft_none(built_site: Path) -> None:
    assert RECORDS[DRAFT]["status"] == "draft"
    assert len(PUBLISHED) >= 10
    pages = {p.parent.name for p in (built_site / "programs").glob("*/index.html")}
    assert pages == set(PUBLISHED)
    assert not (built_site / "programs" / DRAFT).exists()


def _site_texts(site: Path) -> dict[str, bytes]:
    texts = {}
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":  # Pagefind's fragments and indexes, sitemap.xml.gz
                data = gzip.decompress(data)
            texts[path.relative_to(site).as_posix()] = data
    return texts


def test_the_draft_is_mentioned_nowhere_in_the_site(built_site: Path) -> None:
    draft = RECORDS[DRAFT]
    needles = [DRAFT, draft["name"], draft["organization"], draft["summary"][:40]]
    texts = _site_texts(built_site)
    # The search looks inside the search index too: a published name is found there.
    published_name = PUBLISHED["san-gabriel-steps"]["name"].encode()
    assert any(
        name.startswith("pagefind/fragment/") and published_name in data
        for name, data in texts.items()
    ), "the Pagefind fragments could not be read; this test would miss the draft there"
    for needle in needles:
        hits = [name for name, data in texts.items() if needle.encode("utf-8") in data]
        assert hits == [], f"the draft ({needle!r}) appears in {hits}"


@pytest.mark.parametrize("slug", sorted(PUBLISHED))
def test_program_page_shows_the_record(built_site: Path, slug: str) -> None:
    record = PUBLISHED[slug]
    doc = program_page(built_site, slug)
    body = article_of(doc)
    h1s = doc.find_all("h1")
    assert [h.text() for h in h1s] == [record["name"]], "one h1, the program's name"
    if record.get("organization"):
        assert body.get("p", class_="iop-org").text() == record["organization"]
    banner = "Example listing: this program is fictional"
    assert (banner in body.text()) is bool(record.get("example"))
    assert words(record["summary"]) in body.text()
    ids = [e.attrs["id"] for e in body.find_all("h2") if "id" in e.attrs]
    for section in SECTIONS:
        assert section in ids, f"{slug}: no section #{section}"
    if record.get("description"):
        first_paragraph = words(record["description"].split("\n\n")[0])
        description = body.get("div", class_="iop-description")
        assert first_paragraph[:60] in description.text()
        assert description.find("p") is not None, "the description is rendered Markdown"
        assert "**" not in description.text()


def test_markdown_description_is_rendered(built_site: Path) -> None:
    description = article_of(program_page(built_site, "limestone-ledge-recovery")).get(
        "div", class_="iop-description"
    )
    assert [s.text() for s in description.find_all("strong")] == ["evening track"]
    items = description.get("ul").find_all("li")
    assert len(items) == 4
    assert items[0].text() == "daily process groups and a weekly one-to-one session"


def _dl(doc: Element, section: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for dl in doc.section_elements(section, "dl"):
        terms = dl.elements
        for term, value in zip(terms[::2], terms[1::2], strict=True):
            assert (term.tag, value.tag) == ("dt", "dd")
            pairs[term.text()] = value.text()
    return pairs


def test_at_a_glance(built_site: Path) -> None:
    facts = _dl(program_page(built_site, "limestone-ledge-recovery"), "at-a-glance")
    assert facts["Levels of care"] == (
        "Intensive outpatient (IOP), Partial hospitalization (PHP), Outpatient (OP), "
        "Aftercare and alumni support"
    )
    assert facts["Treats"] == "Substance use, Co-occurring (dual diagnosis)"
    assert facts["Format"] == "In person and telehealth"
    assert facts["Days per week"] == "3 to 5 days a week"
    assert facts["Hours per day"] == "3 hours a day"
    assert facts["Tracks"] == "Morning, Evening"
    assert facts["Typical length"] == "8 to 12 weeks"
    assert facts["Accepting new clients"] == "Yes"
    assert facts["Languages"] == "English, Spanish"

    facts = _dl(program_page(built_site, "san-gabriel-steps"), "at-a-glance")
    assert facts["Days per week"] == "3 days a week"
    assert facts["Hours per day"] == "2.5 hours a day"
    assert facts["Typical length"] == "6 to 8 weeks"


@pytest.mark.parametrize("slug", sorted(PUBLISHED))
def test_search_filters_choose_a_hybrid_program_by_either_format(
    built_site: Path, slug: str
) -> None:
    # Someone narrowing search to "Telehealth" wants hybrid programs too, as in the finder.
    spans = program_page(built_site, slug).find_all("span")
    formats = {s.text() for s in spans if s.attrs.get("data-pagefind-filter") == "Format"}
    expected = {"in-person": {"In person"}, "telehealth": {"Telehealth"},
                "hybrid": {"In person", "Telehealth"}}[PUBLISHED[slug]["schedule"]["format"]]
    assert formats == expected


def test_search_snippets_keep_words_apart(built_site: Path) -> None:
    # Pagefind reads text content: a fact's name and value must not run together.
    html = (built_site / "programs" / "limestone-ledge-recovery" / "index.html").read_text()
    assert "</dt><dd>" not in html and "</li><li>" not in html


@pytest.mark.parametrize("slug", sorted(PUBLISHED))
def test_accreditation_and_licensing(built_site: Path, slug: str) -> None:
    record = PUBLISHED[slug]
    doc = program_page(built_site, slug)
    text = doc.section_text("accreditation-and-licensing")
    hrefs = [a.attrs["href"] for a in links_in(doc.section("accreditation-and-licensing"))]
    body_labels = LABELS["accreditation_body"]
    default_checks = SCHEMA["$defs"]["accreditation_body"]["x-verify-urls"]
    for item in record.get("accreditations", []):
        assert body_labels[item["body"]] in text
        if item.get("id"):
            assert item["id"] in text
        if item.get("expires"):
            assert long_date(item["expires"]) in text
        assert item.get("verify_url", default_checks[item["body"]]) in hrefs
    for item in record.get("licenses", []):
        for key in ("authority", "type", "number"):
            assert item[key] in text
        if item.get("expires"):
            assert long_date(item["expires"]) in text
        if item.get("verify_url"):
            assert item["verify_url"] in hrefs
    assert all(h.startswith("https://") for h in hrefs), hrefs


def test_the_joint_commission_by_full_name_with_a_public_check(built_site: Path) -> None:
    doc = program_page(built_site, "san-gabriel-steps")
    item = doc.section_elements("accreditation-and-licensing", "li")[0]
    assert item.get("strong").text() == "The Joint Commission"
    assert "ID 530977" in item.text()
    assert "February 28, 2027" in item.text()
    link = item.get("a")
    # The record gives no verify_url: the body's public lookup is linked.
    assert link.attrs["href"] == "https://www.qualitycheck.org/"
    assert "Joint Commission" in link.text()


@pytest.mark.parametrize("slug", sorted(PUBLISHED))
def test_tailoring_therapies_people_and_payment(built_site: Path, slug: str) -> None:
    record = PUBLISHED[slug]
    doc = program_page(built_site, slug)
    custom = record.get("customization") or {}
    tailored = doc.section_text("how-care-is-tailored")
    for key in ("assessment", "notes"):
        if custom.get(key):
            assert words(custom[key]) in tailored
    for track in custom.get("specialty_tracks", []):
        assert track in tailored

    therapies = [li.text() for li in doc.section_elements("therapies", "li")]
    assert therapies == [LABELS["therapy"][t] for t in record.get("therapies", [])]

    served = [li.text() for li in doc.section_elements("who-it-serves", "li")]
    for population in record.get("populations", []):
        assert LABELS["population"][population] in served
    ages = record.get("ages") or {}
    for bound in ("min", "max"):
        if bound in ages:
            assert str(ages[bound]) in " ".join(served)

    payment = record.get("payment") or {}
    options = SCHEMA["$defs"]["payment"]["x-labels"]
    shown = [li.text() for li in doc.section_elements("payment", "li")]
    assert shown == [label for key, label in options.items() if payment.get(key) is True]
    paid = doc.section_text("payment")
    for insurer in payment.get("insurers", []):
        assert insurer in paid
    if payment.get("cost_notes"):
        assert words(payment["cost_notes"]) in paid


@pytest.mark.parametrize("slug", sorted(PUBLISHED))
def test_locations_and_contact(built_site: Path, slug: str) -> None:
    record = PUBLISHED[slug]
    doc = program_page(built_site, slug)
    items = doc.section_elements("locations", "li")
    assert len(items) == len(record.get("locations", []))
    for item, location in zip(items, record.get("locations", []), strict=True):
        text = item.text()
        assert f"{location['address']}, {location['city']}, TX {location['zip']}" in text
        directions = [a for a in item.find_all("a") if a.text().startswith("Directions")]
        assert len(directions) == 1, f"{slug}: one directions link per location"
        href = directions[0].attrs["href"]
        assert href.startswith("https://"), href
        lat, lon = location["coordinates"]["lat"], location["coordinates"]["lon"]
        numbers = [float(n) for n in re.findall(r"-?\d+\.\d+", unquote(href))]
        assert any(abs(n - lat) < 1e-4 for n in numbers), f"{href} does not lead to {lat}"
        assert any(abs(n - lon) < 1e-4 for n in numbers), f"{href} does not lead to {lon}"
        wheelchair = {True: "yes", False: "no"}.get(location.get("wheelchair_accessible"))
        if wheelchair:
            assert f"Wheelchair accessible: {wheelchair}" in text
        if location.get("transit"):
            assert f"Transit: {words(location['transit'])}" in text
    if not record.get("locations"):
        assert "telehealth" in doc.section_text("locations").lower()

    contact = record.get("contact") or {}
    contact_links = links_in(doc.section("contact"))
    if contact.get("phone"):
        phones = [a for a in contact_links if a.attrs["href"].startswith("tel:")]
        # One Call button, saying the number (the page's first action, issue 11).
        assert [a.text().split("Call ", 1)[-1] for a in phones] == [contact["phone"]]
        digits = re.sub(r"\D", "", phones[0].attrs["href"])
        assert digits.removeprefix("1") == re.sub(r"\D", "", contact["phone"])
    if contact.get("website"):
        assert contact["website"] in [a.attrs["href"] for a in contact_links]
    if contact.get("intake_hours"):
        assert contact["intake_hours"] in doc.section_text("contact")


@pytest.mark.parametrize("slug", sorted(PUBLISHED))
def test_last_verified_and_freshness_warning(built_site: Path, slug: str) -> None:
    verification = PUBLISHED[slug]["verification"]
    doc = program_page(built_site, slug)
    text = doc.section_text("last-verified")
    methods = SCHEMA["$defs"]["verification"]["properties"]["method"]["x-labels"]
    method_label = methods.get(verification.get("method"))
    expected = f"Last verified on {long_date(verification['last_verified'])} by "
    expected += verification["verified_by"]
    if method_label:
        expected += f" ({method_label})"
    assert expected in text
    age = (TODAY - dt.date.fromisoformat(str(verification["last_verified"]))).days
    assert ("more than 12 months ago" in text) is (age > 365), f"{slug}: {age} days old"


def test_stale_listing_is_flagged_and_fresh_one_is_not(built_site: Path) -> None:
    stale = program_page(built_site, "san-gabriel-steps")
    assert "Last verified on August 14, 2025 by M. Okafor (phone call)" in stale.section_text(
        "last-verified"
    )
    warning = stale.get("p", class_="iop-warning")
    assert "more than 12 months ago" in warning.text()
    assert "hidden" not in warning.attrs and "iop-visually-hidden" not in warning.classes
    fresh = program_page(built_site, "limestone-ledge-recovery")
    assert "Last verified on November 18, 2026 by J. Alvarez (site visit)" in fresh.text()
    assert fresh.find("p", class_="iop-warning") is None


@pytest.mark.parametrize("slug", sorted(PUBLISHED))
def test_report_a_problem_opens_a_prefilled_issue_and_offers_email(
        built_site: Path, slug: str) -> None:
    doc = program_page(built_site, slug)
    section = doc.get("section", class_="iop-report")
    by_text = {a.text(): a.attrs["href"] for a in section.find_all("a")}
    issue = urlsplit(by_text["report a problem with this listing"])
    assert f"{issue.scheme}://{issue.netloc}{issue.path}" == f"{REPO_URL}/issues/new"
    fields = parse_qs(issue.query)
    assert fields["template"] == ["listing-problem.yml"]
    assert fields["listing"] == [PUBLISHED[slug]["name"]]
    assert fields["title"] == [f"Listing: {PUBLISHED[slug]['name']}"]
    email = urlsplit(by_text["email the editors"])
    assert email.scheme == "mailto" and email.path == "listings@austin-iop-directory.example.org"
    assert parse_qs(email.query)["subject"] == [f"Listing: {PUBLISHED[slug]['name']}"]
    # Editors keep their shortcut to the record, worded for them.
    assert by_text["edit this listing's record"] == f"{REPO_URL}/edit/main/programs/{slug}.yaml"


def test_the_issue_form_asks_for_what_the_report_link_fills_in() -> None:
    form = yaml.safe_load(
        (PROJECT_ROOT / ".github" / "ISSUE_TEMPLATE" / "listing-problem.yml").read_text("utf-8"))
    ids = {item.get("id") for item in form["body"]}
    assert {"listing", "address"} <= ids


def _points(record: dict) -> list[tuple[float, float]]:
    return [
        (loc["coordinates"]["lat"], loc["coordinates"]["lon"])
        for loc in record.get("locations", [])
    ]


def expected_neighbours(slug: str) -> list[tuple[str, float]]:
    mine = _points(PUBLISHED[slug])
    distances = []
    for other, record in PUBLISHED.items():
        if other == slug or not _points(record):
            continue
        miles = min(geodesic(a, b).miles for a in mine for b in _points(record))
        distances.append((other, miles))
    return sorted(distances, key=lambda pair: pair[1])[:3]


@pytest.mark.parametrize("slug", sorted(s for s in PUBLISHED if _points(PUBLISHED[s])))
def test_three_nearest_programs_with_geodesic_distances(built_site: Path, slug: str) -> None:
    doc = program_page(built_site, slug)
    items = doc.section_elements("nearby-programs", "li")
    assert len(items) == 3
    shown = []
    for item in items:
        link = item.get("a")
        target = site_path(f"programs/{slug}/", link.attrs["href"])
        assert target is not None and target.startswith("programs/")
        other = PurePosixPath(target).name
        assert link.text() == PUBLISHED[other]["name"]
        miles = re.search(r"([\d.]+) miles? away", item.text())
        assert miles, item.text()
        shown.append((other, float(miles.group(1))))
    expected = expected_neighbours(slug)
    assert [s for s, _ in shown] == [s for s, _ in expected]
    for (other, miles), (_, exact) in zip(shown, expected, strict=True):
        assert abs(miles - exact) <= 0.05 + 1e-9, f"{other}: {miles} shown, {exact:.3f} exact"


def test_telehealth_only_program_has_no_distances(built_site: Path) -> None:
    telehealth = [s for s in PUBLISHED if not _points(PUBLISHED[s])]
    assert telehealth, "the examples include a telehealth-only program"
    for slug in telehealth:
        assert program_page(built_site, slug).by_id("nearby-programs") is None


def _json_ld(doc: Element) -> dict:
    scripts = doc.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads("".join(c for c in scripts[0].children if isinstance(c, str)))


@pytest.mark.parametrize("slug", sorted(PUBLISHED))
def test_json_ld_medical_clinic(built_site: Path, slug: str) -> None:
    record = PUBLISHED[slug]
    data = _json_ld(program_page(built_site, slug))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalClinic"
    assert data["name"] == record["name"]
    assert data["url"] == f"{SITE_URL}programs/{slug}/"
    assert data["telephone"] == record["contact"]["phone"]
    assert data["isAcceptingNewPatients"] is record["accepting_new_clients"]
    assert data["medicalSpecialty"]
    locations = record.get("locations", [])
    addresses = data.get("address", [])
    addresses = addresses if isinstance(addresses, list) else [addresses]
    geos = data.get("geo", [])
    geos = geos if isinstance(geos, list) else [geos]
    assert len(addresses) == len(geos) == len(locations)
    for address, geo, location in zip(addresses, geos, locations, strict=True):
        assert address["@type"] == "PostalAddress"
        assert address["streetAddress"] == location["address"]
        assert address["addressLocality"] == location["city"]
        assert address["addressRegion"] == location.get("state", "TX")
        assert address["postalCode"] == location["zip"]
        assert geo["@type"] == "GeoCoordinates"
        assert geo["latitude"] == location["coordinates"]["lat"]
        assert geo["longitude"] == location["coordinates"]["lon"]


# -- the directory, the home page, articles and files ------------------------------------


def test_directory_lists_every_program_by_city(built_site: Path) -> None:
    doc = html_page(built_site, "programs/")
    expected: dict[str, set[str]] = {}
    for slug, record in PUBLISHED.items():
        cities = {loc["city"] for loc in record.get("locations", [])} or {"Telehealth only"}
        for city in cities:
            expected.setdefault(city, set()).add(slug)
    content = doc.get("div", class_="iop-directory")
    shown: dict[str, set[str]] = {}
    for h2 in content.find_all("h2"):
        links = links_in(content.section(h2.attrs["id"])) if "id" in h2.attrs else []
        slugs = set()
        for a in links:
            target = site_path("programs/", a.attrs["href"])
            assert target is not None and target.startswith("programs/"), a.attrs["href"]
            slug = PurePosixPath(target).name
            assert a.text() == PUBLISHED[slug]["name"]
            slugs.add(slug)
        shown[h2.text()] = slugs
    assert shown == expected
    assert all((built_site / "programs" / s / "index.html").is_file() for s in PUBLISHED)


def test_directory_works_without_javascript(built_site: Path) -> None:
    doc = html_page(built_site, "programs/")
    content = doc.get("div", class_="iop-directory")
    assert content.find("script") is None
    assert not [e for e in content.iter() if "hidden" in e.attrs]


def test_home_page_zip_form_leads_to_the_finder(built_site: Path) -> None:
    doc = html_page(built_site, "")
    forms = [f for f in doc.find_all("form") if f.find("input", name="zip")]
    assert len(forms) == 1
    form = forms[0]
    assert site_path("", form.attrs["action"]) == "find/"
    assert form.attrs.get("method", "get").lower() == "get"
    zip_input = form.get("input", name="zip")
    label = form.get("label", for_=zip_input.attrs["id"])
    assert "ZIP" in label.text()
    assert (built_site / "find" / "index.html").is_file()
    targets = {site_path("", a.attrs.get("href", "")) for a in doc.find_all("a")}
    assert "programs/" in targets
    assert {f"{a}/" for a in ARTICLES} <= targets


@pytest.mark.parametrize("slug", ARTICLES)
def test_article_exists(built_site: Path, slug: str) -> None:
    doc = html_page(built_site, f"{slug}/")
    assert len(doc.find_all("h1")) == 1
    assert len(doc.get("article").text()) > 800


def test_glossary_and_attribution(built_site: Path) -> None:
    glossary = html_page(built_site, "glossary/").get("article").text()
    for term in ("ASAM level 2.1", "CARF", "Joint Commission", "LCDC", "HHSC", "MAT", "PHP"):
        assert term in glossary, term
    about = html_page(built_site, "about/").get("article").text()
    assert "GeoNames" in about and "CC BY 4.0" in about and "zipcodes" in about


def test_404_page(built_site: Path) -> None:
    doc = html_page(built_site, "404.html")
    assert "not found" in doc.get("h1").text().lower()
    targets = {a.attrs.get("href") for a in doc.get("article").find_all("a")}
    assert "/programs/" in targets or any(t and t.endswith("programs/") for t in targets)


def test_sitemap_lists_program_pages(built_site: Path) -> None:
    sitemap = (built_site / "sitemap.xml").read_text("utf-8")
    locations = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    for slug in PUBLISHED:
        assert f"{SITE_URL}programs/{slug}/" in locations
    assert f"{SITE_URL}programs/" in locations
    assert not [u for u in locations if DRAFT in u]


def test_schema_is_published(built_site: Path) -> None:
    published = built_site / "schema" / "program.schema.json"
    source = PROJECT_ROOT / "generator" / "schema" / "program.schema.json"
    assert json.loads(published.read_text("utf-8")) == json.loads(source.read_text("utf-8"))
    assert published.read_bytes() == source.read_bytes()


def test_every_record_names_the_schema() -> None:
    for path in sorted((PROJECT_ROOT / "programs").glob("*.yaml")):
        first_line = path.read_text("utf-8").splitlines()[0]
        assert first_line.startswith("# yaml-language-server: $schema="), path.name
        target = (path.parent / first_line.split("$schema=", 1)[1].strip()).resolve()
        assert target == (PROJECT_ROOT / "generator/schema/program.schema.json").resolve()


def test_crisis_help_on_every_page(built_site: Path) -> None:
    pages = html_files(built_site)
    assert len(pages) >= len(PUBLISHED) + len(ARTICLES) + 4
    # (Call, Text, Emergency, More help) and the help page, in each language.
    words = {"en": ("Call 988", "Text 988", "Emergency 911", "More help", "help/"),
             "es": ("Llame al 988", "Texto al 988", "Emergencias 911", "Más ayuda",
                    "es/help/")}
    for path in pages:
        doc = _parsed(path)
        language = "es" if path.relative_to(built_site).parts[0] == "es" else "en"
        call, text, emergency, more_help, help_page = words[language]
        banner = doc.find(class_="iop-crisis")
        assert banner is not None, f"{path.relative_to(built_site)} has no crisis banner"
        by_href = {a.attrs["href"]: a.text() for a in banner.find_all("a")}
        assert by_href.get("tel:988") == call, path
        assert by_href.get("sms:988") == text, path
        assert by_href.get("tel:911") == emergency, path
        more = [href for href, text in by_href.items() if text == more_help]
        assert len(more) == 1 and site_path(page_url(built_site, path), more[0]) == help_page, \
            path


def test_the_help_page_lists_988_local_lines_with_sources_and_helplines(
        built_site: Path) -> None:
    doc = html_page(built_site, "help/")
    hrefs = {a.attrs["href"] for a in doc.find_all("a")}
    assert {"tel:988", "sms:988", "tel:911", "tel:+15124724357"} <= hrefs
    text = doc.text()
    assert "Integral Care" in text and "https://integralcare.org/" in hrefs
    assert {"tel:211", "tel:+18006624357", "https://988lifeline.org/chat/"} <= hrefs


def test_program_pages_stay_out_of_the_navigation(built_site: Path) -> None:
    for url in ("how-an-iop-works/", "programs/san-gabriel-steps/", "programs/"):
        nav = html_page(built_site, url).get("nav", class_="md-nav--primary")
        targets = [site_path(url, a.attrs["href"]) for a in nav.find_all("a")]
        listed = [t for t in targets if t and re.fullmatch(r"programs/[^/]+/", t)]
        assert listed == [], f"the navigation of {url} lists program pages: {listed}"


def test_only_the_directory_lists_every_program(built_site: Path) -> None:
    """Output grows linearly: no page but the directory links to many program pages."""
    counts = {}
    for path in html_files(built_site):
        url = page_url(built_site, path)
        targets = {site_path(url, a.attrs.get("href", "")) for a in _parsed(path).find_all("a")}
        programs = {t for t in targets if t and re.fullmatch(r"programs/[^/]+/", t)}
        counts[url] = len(programs - {url})
    assert counts.pop("programs/") == len(PUBLISHED)
    crowded = {url: n for url, n in counts.items() if n > 4}
    assert crowded == {}


_LOADING_ATTRIBUTES = ("src", "srcset", "data", "poster", "background", "formaction")


def test_no_page_loads_anything_from_another_host(built_site: Path) -> None:
    own_host = urlsplit(SITE_URL).netloc
    problems = []
    for path in html_files(built_site):
        name = path.relative_to(built_site).as_posix()
        for element in _parsed(path).iter():
            for attribute in _LOADING_ATTRIBUTES:
                value = element.attrs.get(attribute)
                if value and not value.startswith("data:"):
                    for url in (u.split()[0] for u in value.split(",") if u.strip()):
                        if urlsplit(url).netloc or urlsplit(url).scheme:
                            problems.append(f"{name}: <{element.tag} {attribute}={url}>")
            if element.tag == "link" and element.attrs.get("href"):
                target = urlsplit(element.attrs["href"])
                rel = element.attrs.get("rel", "").split()
                # The canonical address and the page's twins in other languages (hreflang)
                # name the site's public address; browsers fetch neither.
                harmless = target.netloc == own_host and (
                    rel == ["canonical"] or (set(rel) == {"alternate"}
                                             and "hreflang" in element.attrs))
                if (target.netloc or target.scheme) and not harmless:
                    problems.append(f"{name}: <link rel={rel} href={element.attrs['href']}>")
            style = element.attrs.get("style", "")
            if re.search(r"url\(\s*['\"]?(https?:)?//", style):
                problems.append(f"{name}: style={style}")
            if element.tag == "style":
                css = "".join(c for c in element.children if isinstance(c, str))
                if re.search(r"(@import|url\()\s*['\"]?(https?:)?//", css):
                    problems.append(f"{name}: <style> loads from another host")
    assert problems == []


def test_no_stylesheet_loads_from_another_host(built_site: Path) -> None:
    problems = []
    for path in built_site.rglob("*.css"):
        css = path.read_text("utf-8", errors="replace")
        for match in re.finditer(r"(@import\s*(url\()?|url\()\s*['\"]?((https?:)?//[^'\")]+)", css):
            problems.append(f"{path.relative_to(built_site)}: {match.group(3)}")
    assert problems == []


def test_mkdocs_build_strict_passes(tmp_path: Path) -> None:
    mkdocs = Path(sys.executable).with_name("mkdocs")
    env = {**os.environ, "IOP_DIRECTORY_TODAY": TEST_TODAY}
    done = subprocess.run(
        [str(mkdocs), "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=PROJECT_ROOT, capture_output=True, text=True, env=env, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-5000:]
    assert (tmp_path / "site" / "programs" / "limestone-ledge-recovery" / "index.html").is_file()
    warnings = re.findall(r"^WARNING\s+-.*$", done.stderr, re.M)
    assert warnings == []
    assert not list(tmp_path.glob(".site-*")), "a staging folder was left behind"


# -- the Spanish site ---------------------------------------------------------------------


def _pages_by_url(site: Path) -> dict[str, Path]:
    return {page_url(site, p): p for p in html_files(site)
            if p.name != "404.html" and p.parts[-2] != "pagefind"}


def test_every_page_has_its_spanish_twin_and_back_with_lang_and_hreflang(
        built_site: Path) -> None:
    pages = _pages_by_url(built_site)
    english = [url for url in pages if not url.startswith("es/")]
    assert len(english) >= len(PUBLISHED) + len(ARTICLES)
    for url in english:
        twin = "es/" + url
        assert twin in pages, f"{url or 'home'} has no Spanish twin"
        for page, lang, other, other_lang in ((url, "en", twin, "es"), (twin, "es", url, "en")):
            doc = _parsed(pages[page])
            assert doc.get("html").attrs.get("lang") == lang, page
            alternates = {link.attrs["hreflang"]: link.attrs["href"]
                          for link in doc.find_all("link") if "hreflang" in link.attrs}
            assert alternates.get(other_lang) == SITE_URL + other, (page, alternates)
            assert alternates.get(lang) == SITE_URL + page, (page, alternates)
            switch = doc.get("a", class_="iop-language")
            assert switch.attrs["hreflang"] == other_lang, page
            assert site_path(page, switch.attrs["href"]) == other, page


def test_the_sitemap_lists_both_languages_of_each_page(built_site: Path) -> None:
    sitemap = (built_site / "sitemap.xml").read_text("utf-8")
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap
    page = "programs/limestone-ledge-recovery/"
    for lang, url in (("en", page), ("es", "es/" + page)):
        assert f'hreflang="{lang}" href="{SITE_URL}{url}"' in sitemap


def test_spanish_program_pages_speak_spanish(built_site: Path) -> None:
    doc = html_page(built_site, "es/programs/limestone-ledge-recovery/")
    text = " ".join(doc.text().split())
    for spanish in ("De un vistazo", "Acreditación y licencias", "Llamar al 512-555-0142",
                    "¿En crisis?", "Llame al 988", "Obtenga ayuda ahora",
                    "18 de noviembre de 2026"):
        assert spanish in text, spanish
    for english in ("At a glance", "Accreditation and licensing", "In crisis?",
                    "Last verified on", "Find a program", "All programs"):
        assert english not in text, english
    # A record's own text without a Spanish version is shown marked as English.
    summary = doc.get("p", class_="iop-summary")
    assert summary.attrs.get("lang") is None  # the example has its Spanish summary
    assert "Programa intensivo ambulatorio para adultos" in summary.text()


def test_pagefind_indexes_each_language_apart(built_site: Path) -> None:
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text())
    languages = entry["languages"]
    assert set(languages) == {"en", "es"}
    assert languages["en"]["page_count"] == languages["es"]["page_count"] > len(PUBLISHED)


def _indexed_texts(site: Path) -> dict[str, str]:
    """Page URL -> the text Pagefind indexed for it, read from its page fragments."""
    return {data["url"]: data["content"]
            for _, data in pagefind_fragments(site / "pagefind")}


def _accessible(record: dict[str, Any]) -> bool:
    return any(loc.get("wheelchair_accessible") is True for loc in record.get("locations", []))


def test_search_indexes_what_families_look_for_and_not_what_every_page_repeats(
        built_site: Path) -> None:
    record = PUBLISHED["limestone-ledge-recovery"]
    text = _indexed_texts(built_site)["/programs/limestone-ledge-recovery/"]
    # Found: the name, the summary, the description, the custom notes, the addresses.
    for wanted in (record["name"], record["summary"][:60], "dual diagnosis",
                   record["customization"]["specialty_tracks"][0],
                   record["locations"][0]["address"], record["locations"][1]["zip"],
                   "Wheelchair accessible", "Joint Commission", "Aetna"):
        assert wanted in text, wanted
    # Left out: section headings and labels on every page, numbers and dates no one
    # searches for (they made Pagefind's memory at 10,000 programs a third larger).
    licence = record["licenses"][0]
    for unwanted in ("At a glance", "About the program", "How care is tailored",
                     "Who it serves", "Last verified", "valid until", "Hours per day",
                     record["accreditations"][0]["id"], licence["number"],
                     licence["authority"], licence["type"]):
        assert unwanted not in text, unwanted


def test_only_accessible_locations_are_found_by_a_search_for_wheelchair(
        built_site: Path) -> None:
    texts = _indexed_texts(built_site)
    for slug, record in PUBLISHED.items():
        if f"/programs/{slug}/" in texts:
            assert ("Wheelchair accessible" in texts[f"/programs/{slug}/"]) == _accessible(
                record), slug
    # Both kinds are among the examples, or this test would show nothing.
    assert {_accessible(r) for r in PUBLISHED.values() if r.get("locations")} == {True, False}
