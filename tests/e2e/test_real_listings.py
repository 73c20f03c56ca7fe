"""Ready for real listings: any set of records builds (none, one, any names), the
articles stand on their own with the built-in sample listing, and time breaks nothing."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from tests.e2e.conftest import PROJECT_ROOT, copy_project
from tests.e2e.htmltree import parse_file

pytestmark = pytest.mark.build

EXAMPLES = sorted((PROJECT_ROOT / "programs").glob("*.yaml"))
SAMPLE_SECTIONS = ["at-a-glance", "accreditation-and-licensing", "how-care-is-tailored",
                   "therapies", "who-it-serves", "payment", "locations", "contact",
                   "last-verified", "nearby-programs"]
HELPLINES = ["tel:988", "tel:+18006624357", "https://findtreatment.gov/"]
EMPTY_PAGES = ["index.html", "programs/index.html", "find/index.html", "search/index.html"]


def _published(paths: list[Path]) -> list[Path]:
    return [p for p in paths if "status: draft" not in p.read_text("utf-8")]


def test_no_article_links_to_a_record() -> None:
    for article in (PROJECT_ROOT / "content").rglob("*.md"):
        links = re.findall(r"\]\((programs/[^)#]*)", article.read_text("utf-8"))
        assert [link for link in links if link != "programs/index.md"] == [], article.name


def test_the_sample_listing_shows_every_section_and_says_it_is_a_sample(
    built_site: Path,
) -> None:
    page = built_site / "sample-listing" / "index.html"
    html = page.read_text("utf-8")
    tree = parse_file(page)
    ids = {el.attrs.get("id") for el in tree.iter() if el.attrs.get("id")}
    assert set(SAMPLE_SECTIONS) <= ids
    assert "Sample page:" in html and "this program is made up" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "data-pagefind-body" not in html  # not searchable
    assert "application/ld+json" not in html  # not a clinic for search engines
    # Its dates are the build's: a sample never looks out of date or expired.
    assert "may be out of date" not in html and "Not verified" not in html


def test_the_sample_stays_out_of_the_directory_finder_search_and_exports(
    built_site: Path,
) -> None:
    name = "Sample Intensive Outpatient Program"
    for path in ["programs/index.html", "assets/finder/programs.json", "data/programs.json",
                 "data/hsds/organizations.json", "data/hsds/services.csv"]:
        assert name not in (built_site / path).read_text("utf-8"), path
    fragments = list((built_site / "pagefind").rglob("*.pf_fragment"))
    assert fragments
    for fragment in fragments:
        assert b"sample-listing" not in gzip.decompress(fragment.read_bytes())


def test_programs_json_validates_against_the_schema_it_names(built_site: Path) -> None:
    data = json.loads((built_site / "data" / "programs.json").read_text("utf-8"))
    published = data["schema"].split("/", 3)[-1]  # the site's own path of the schema
    schema = json.loads((built_site / published).read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.FormatChecker())
    assert data["programs"], "the example site publishes programs"
    assert [e.message for e in validator.iter_errors(data)] == []
    # The schema has teeth: an unknown key in an item is caught.
    data["programs"][0]["rating"] = 5
    assert not validator.is_valid(data)


@pytest.fixture(scope="module")
def empty_site(build_project: Callable[..., Path]) -> Path:
    return build_project({}, shared="no-records")


def test_a_directory_without_records_builds_and_says_so(empty_site: Path) -> None:
    for path in EMPTY_PAGES:
        html = (empty_site / path).read_text("utf-8")
        assert "No programs are listed in this directory yet." in html, path
        for link in HELPLINES:
            assert f'href="{link}"' in html, (path, link)
    assert (empty_site / "sample-listing" / "index.html").is_file()
    assert json.loads((empty_site / "data" / "programs.json").read_text())["count"] == 0
    assert (empty_site / "pagefind" / "pagefind-entry.json").is_file()  # articles searchable


def test_a_single_record_of_any_name_builds(build_project: Callable[..., Path]) -> None:
    record = _published(EXAMPLES)[0].read_text("utf-8")
    site = build_project({"q7.yaml": record}, search=False)
    assert (site / "programs" / "q7" / "index.html").is_file()
    home = (site / "index.html").read_text("utf-8")
    assert "No programs are listed" not in home
    # One program has no neighbours: the page has no nearby section, and nothing breaks.
    page = (site / "programs" / "q7" / "index.html").read_text("utf-8")
    assert 'id="nearby-programs"' not in page


def test_records_of_other_names_build(build_project: Callable[..., Path]) -> None:
    # Every other example, under names that have nothing to do with theirs.
    sources = _published(EXAMPLES)[::2]
    programs = {f"listing-{i:03d}-x.yaml": path.read_text("utf-8")
                for i, path in enumerate(reversed(sources))}
    site = build_project(programs, search=False)
    built = sorted(p.parent.name for p in (site / "programs").glob("*/index.html"))
    assert built == sorted(name.removesuffix(".yaml") for name in programs)


def test_time_never_breaks_the_build_and_expired_listings_say_so(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    env = {**os.environ, "IOP_DIRECTORY_TODAY": "2030-01-01"}
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--no-search-index"],
                          cwd=project, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "expired on" in done.stderr  # reported, as warnings, never silent
    site = project / "site"
    for record in _published(EXAMPLES):
        html = (site / "programs" / record.stem / "index.html").read_text("utf-8")
        assert "Not verified at the moment:" in html, record.stem
        assert "We are checking" in html
        assert "may be out of date" in html  # verified in 2026: older than 12 months
    directory = (site / "programs" / "index.html").read_text("utf-8")
    cards = directory.count('<li class="iop-card">')  # a program in two towns is in both
    assert cards >= len(_published(EXAMPLES))
    assert directory.count("we are checking it again") == cards
    index = json.loads((site / "assets" / "finder" / "programs.json").read_text())
    assert len(index["expired"]) == len(index["name"])
    # The pull-request check passes too: no record was touched.
    check = subprocess.run([sys.executable, "-m", "generator", "validate"], cwd=project,
                           capture_output=True, text=True, env=env, timeout=120)
    assert check.returncode == 0, check.stdout[-2000:]


def test_expired_credentials_on_the_page_in_words(tmp_path: Path) -> None:
    # One record, its accreditation expired on a known day before the build's.
    source = next(p for p in _published(EXAMPLES) if "accreditations:" in p.read_text())
    project = copy_project(tmp_path / "project", {"one.yaml": source.read_text("utf-8")})
    text = (project / "programs" / "one.yaml").read_text()
    expiry = re.search(r"expires: (\d{4}-\d{2}-\d{2})", text)
    assert expiry
    env = {**os.environ, "IOP_DIRECTORY_TODAY": "2030-01-01"}
    subprocess.run([sys.executable, "-m", "generator", "build", "--no-search-index"],
                   cwd=project, capture_output=True, text=True, env=env, timeout=600,
                   check=True)
    html = (project / "site" / "programs" / "one" / "index.html").read_text()
    day = dt.date.fromisoformat(expiry.group(1))
    assert f"expired on {day:%B} {day.day}, {day.year}" in html


def test_a_fresh_skeleton_from_new_does_not_stop_the_build(tmp_path: Path) -> None:
    # README step 4: `new` writes a draft full of FILL IN placeholders (dates too); a
    # draft is never published, so the build passes and the site still has no listing.
    project = copy_project(tmp_path / "project", {})
    subprocess.run([sys.executable, "-m", "generator", "new", "Zephyr Oak Counseling"],
                   cwd=project, capture_output=True, text=True, timeout=60, check=True)
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--no-search-index"],
                          cwd=project, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert not (project / "site" / "programs" / "zephyr-oak-counseling").exists()
    home = (project / "site" / "index.html").read_text("utf-8")
    assert "No programs are listed in this directory yet." in home


# Records written for this test alone, in shapes no example has: a teen program in two
# languages with a licence only, a telehealth program with no organisation, place or
# credential (a one-letter file name, a name beyond ASCII), and a two-town program with
# no coordinates and no geocode cache.
OWN_RECORDS = {
    "q-harbor.yaml": """\
# yaml-language-server: $schema=../generator/schema/program.schema.json
name: Quarry Harbor Adolescent IOP
organization: Quarry Harbor Youth Services
summary: >-
  After-school intensive outpatient program for teenagers with depression or
  anxiety, with weekly family sessions.
description: |
  Groups meet after school so teenagers need not miss classes.

  Parents join a **family group** each Thursday.
levels_of_care: [iop, op]
conditions: [mental-health]
populations: [adolescents, families]
ages: {min: 13, max: 17}
therapies: [group, family, dbt, cbt]
schedule:
  days_per_week: {min: 3, max: 4}
  hours_per_day: 3
  tracks: [afternoon]
  length_weeks: {min: 6, max: 10}
  format: hybrid
licenses:
  - authority: Texas Health and Human Services Commission (HHSC)
    type: Mental health outpatient clinic
    number: "MH-20931"
    expires: 2028-03-31
locations:
  - name: Round Rock office
    address: 1200 Sundance Pkwy
    city: Round Rock
    state: TX
    zip: "78681"
    wheelchair_accessible: true
payment:
  medicaid: true
  private_insurance: true
  self_pay: false
languages: [en, es]
contact:
  phone: "512-555-0190"
  website: https://quarry-harbor.example.net/
accepting_new_clients: false
verification:
  last_verified: 2026-11-20
  verified_by: T. Nguyen
  method: phone
status: published
""",
    "a.yaml": """\
name: Ñandú Telehealth Recovery
summary: Evening online IOP for adults recovering from alcohol use, anywhere in Texas.
conditions: [substance-use]
levels_of_care: [iop]
populations: [adults]
therapies: [group, relapse-prevention]
schedule:
  days_per_week: 3
  hours_per_day: 3
  tracks: [evening]
  format: telehealth
contact:
  phone: "737-555-0112"
verification:
  last_verified: 2026-10-02
  verified_by: R. Okafor
  method: website
  source: https://nandu.example.org/
accepting_new_clients: true
""",
    "zz-999.yaml": """\
name: "Elm & Anchor Counseling"
summary: "Day program for veterans and first responders with PTSD and substance use."
conditions: [co-occurring]
levels_of_care: [iop, php]
populations: [veterans, first-responders]
schedule:
  days_per_week: 5
  hours_per_day: 4
  tracks: [morning]
  format: in-person
accreditations:
  - body: joint-commission
    id: "JC-55120"
    expires: 2027-01-15
locations:
  - address: 400 Main St
    city: Bastrop
    zip: "78602"
  - address: 88 Center St
    city: San Marcos
    zip: "78666"
payment:
  tricare: true
  medicare: true
contact:
  phone: "512-555-0133"
accepting_new_clients: true
verification:
  last_verified: 2026-06-15
  verified_by: M. Ruiz
  method: site-visit
""",
}


def test_records_written_from_scratch_build(build_project: Callable[..., Path]) -> None:
    site = build_project(OWN_RECORDS, search=False)
    built = sorted(p.parent.name for p in (site / "programs").glob("*/index.html"))
    assert built == ["a", "q-harbor", "zz-999"]
    assert "Ñandú Telehealth Recovery" in (site / "programs" / "a" / "index.html").read_text()
    directory = (site / "programs" / "index.html").read_text("utf-8")
    assert "Elm &amp; Anchor Counseling" in directory
    assert json.loads((site / "data" / "programs.json").read_text())["count"] == 3
