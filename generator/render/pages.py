"""Page bodies rendered with Jinja2 from the model, for whatever engine wraps them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from generator.config import STALE_AFTER_DAYS
from generator.model import Directory, Program
from generator.render.urls import program_url, safe_url
from generator.render.views import Vocabulary, directory_view, program_view


@dataclass(frozen=True)
class RenderedPage:
    """A page body in HTML, with what the engine needs to frame it."""

    url: str
    title: str
    description: str
    html: str
    json_ld: str | None = None


class PageRenderer:
    """Renders program pages and the directory from templates in ``theme/directory/``.

    ``templates_dirs`` are searched in order, so a project's own theme folder can override
    some templates and take the rest from the package's.
    """

    def __init__(
        self,
        templates_dirs: Sequence[Path],
        today: dt.date,
        site_url: str | None = None,
        stale_after_days: int = STALE_AFTER_DAYS,
    ) -> None:
        self.env = Environment(
            loader=FileSystemLoader([str(d) for d in templates_dirs]),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.today = today
        self.site_url = site_url
        self.stale_after_days = stale_after_days
        self.vocab = Vocabulary.load()

    def program(
        self, program: Program, directory: Directory, *, sample: bool = False
    ) -> RenderedPage:
        """A program's page; ``sample`` renders the built-in sample listing, which has no
        neighbours, no search filters and no structured data (it is not a real clinic)."""
        view = program_view(program, directory, self.vocab, self.today, self.stale_after_days)
        view["sample"] = sample
        if sample:
            view.update(neighbours=[], filters=[], edit_url=None)
        html = self.env.get_template("directory/program.html").render(program=view)
        return RenderedPage(
            url=program_url(program.slug),
            title=program.name,
            description=program.data["summary"],
            html=html,
            json_ld=None if sample else json_ld(program, self.site_url),
        )

    def directory(self, directory: Directory) -> RenderedPage:
        view = directory_view(directory, self.vocab, self.today, self.stale_after_days)
        html = self.env.get_template("directory/directory.html").render(directory=view)
        return RenderedPage(
            url="programs/",
            title="Program directory",
            description="Every intensive outpatient program in the directory, by city.",
            html=html,
        )

    def template(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(**context)


def json_ld(program: Program, site_url: str | None) -> str:
    """schema.org ``MedicalClinic``, serialised safely for a ``<script>`` element."""
    data = program.data
    contact = data.get("contact", {})
    item: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalClinic",
        "name": data["name"],
        "description": data["summary"],
        "medicalSpecialty": "Psychiatric",
        "isAcceptingNewPatients": data.get("accepting_new_clients"),
    }
    if site_url:
        item["url"] = site_url.rstrip("/") + "/" + program_url(program.slug)
    elif safe_url(contact.get("website")):
        item["url"] = contact["website"]
    if contact.get("phone"):
        item["telephone"] = contact["phone"]
    if data.get("organization"):
        item["parentOrganization"] = {"@type": "Organization", "name": data["organization"]}
    addresses = [_postal_address(loc) for loc in program.locations]
    if addresses:
        item["address"] = addresses[0] if len(addresses) == 1 else addresses
    points = program.points
    if points:
        geo = [{"@type": "GeoCoordinates", "latitude": lat, "longitude": lon}
               for lat, lon in points]
        item["geo"] = geo[0] if len(geo) == 1 else geo
    if item["isAcceptingNewPatients"] is None:
        del item["isAcceptingNewPatients"]
    text = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
    # Inside <script>, "</" and "<!--" could end or confuse the element: escape "<" always.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _postal_address(location: dict[str, Any]) -> dict[str, str]:
    return {
        "@type": "PostalAddress",
        "streetAddress": location["address"],
        "addressLocality": location["city"],
        "addressRegion": location.get("state", "TX"),
        "postalCode": location["zip"],
        "addressCountry": "US",
    }
