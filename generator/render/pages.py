"""Page bodies rendered with Jinja2 from the model, for whatever engine wraps them."""

from __future__ import annotations

import gettext
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket, BytecodeCache
from markupsafe import Markup

from generator.links import safe_url
from generator.model import Directory, Location, Program
from generator.render.report import email_url, report_url
from generator.render.urls import program_url
from generator.render.views import Freshness, directory_view, program_view
from generator.settings import Settings
from generator.translations import ENGLISH, Language, translator

DIRECTORY_DESCRIPTION = "Every intensive outpatient program in the directory, by city."


class CompiledTemplates(BytecodeCache):
    """Templates compiled once a process, by name and source: each of `serve`'s rebuilds
    makes new Jinja2 environments, which would otherwise compile every template again
    (about a third of a rebuild). A template whose source changed is compiled anew (Jinja2
    compares a checksum of it). One instance per kind of environment: the same file
    compiles differently under other options (``trim_blocks``, autoescaping)."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


# The page renderers' environments, all made with the same options.
_RENDERER_TEMPLATES = CompiledTemplates()


@dataclass(frozen=True)
class RenderedPage:
    """A page body in HTML, with what the engine needs to frame it."""

    url: str
    title: str
    description: str
    html: str
    json_ld: str | None = None


class PageRenderer:
    """Renders program pages and the directory from the engine-neutral templates.

    ``templates_dirs`` are searched in order, so a project's own theme folder can override
    some templates and take the rest from the package's.
    """

    def __init__(self, templates_dirs: Sequence[Path], freshness: Freshness,
                 settings: Settings | None = None, language: Language = ENGLISH) -> None:
        self.env = Environment(
            loader=FileSystemLoader([str(d) for d in templates_dirs]),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
            bytecode_cache=_RENDERER_TEMPLATES,
        )
        self.language = language
        self.t = translator(language.code)
        # Interface texts through the language's catalogue ({% trans %}, _()).
        self.env.install_gettext_translations(self.t.catalogue, newstyle=True)  # type: ignore[attr-defined]
        self.env.globals["gettext"] = self.env.globals["_"] = remembered_gettext(self.t.catalogue)
        # Whitespace in {% trans %} blocks collapsed, as Babel extracts them (babel.cfg).
        self.env.policies["ext.i18n.trimmed"] = True
        self.env.globals["lang"] = language.code
        self.freshness = freshness
        self.settings = settings or Settings()
        self.site_url = self.settings.site_url

    def program(
        self, program: Program, directory: Directory, *, sample: bool = False
    ) -> RenderedPage:
        """A program's page; ``sample`` renders the built-in sample listing, which has no
        neighbours, no search filters and no structured data (it is not a real clinic)."""
        view = program_view(program, directory, self.freshness, self.t)
        view["report_url"] = safe_url(report_url(self.settings, program)) if \
            self.settings.repo_url else None
        view["report_email_url"] = email_url(self.settings.report_email, program)
        if sample:
            view.update(sample=True, neighbours=[], filters=[], edit_url=None,
                        report_url=None, report_email_url=None)
        html = self.env.get_template("directory/program.html").render(program=view)
        return RenderedPage(
            url=self.language.path(program_url(program.slug)),
            title=program.name,
            description=program.summary,
            html=html,
            json_ld=None if sample else json_ld(program, self.site_url, self.language),
        )

    def directory(self, directory: Directory) -> RenderedPage:
        view = directory_view(directory, self.freshness, self.t)
        html = self.env.get_template("directory/directory.html").render(directory=view)
        return RenderedPage(url=self.language.path("programs/"),
                            title=self.t.gettext("Program directory"),
                            description=self.t.gettext(DIRECTORY_DESCRIPTION), html=html)

    def template(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(**context)


def remembered_gettext(catalogue: gettext.NullTranslations) -> Callable[..., str]:
    """Jinja2's new-style ``gettext`` for autoescaped templates (the same text: escaped
    variables put into the translated message), remembering each message without variables.

    A program page asks for some 50 interface texts; through Jinja2's own (looked up again
    by ``_``, then translated, marked safe and formatted each time) they were a quarter of
    the page's rendering."""
    plain: dict[str, str] = {}

    def translated(message: str, /, **variables: Any) -> str:
        if variables:
            return Markup(catalogue.gettext(message)) % variables
        found = plain.get(message)
        if found is None:
            found = plain[message] = Markup(catalogue.gettext(message)) % {}
        return found

    return translated


def json_ld(program: Program, site_url: str | None, language: Language = ENGLISH) -> str:
    """schema.org ``MedicalClinic``, serialised safely for a ``<script>`` element."""
    contact = program.contact
    item: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalClinic",
        "name": program.name,
        "description": program.summary,
        "medicalSpecialty": "Psychiatric",
    }
    if program.accepting_new_clients is not None:
        item["isAcceptingNewPatients"] = program.accepting_new_clients
    if site_url:
        item["url"] = site_url.rstrip("/") + "/" + language.path(program_url(program.slug))
    elif safe_url(contact.website):
        item["url"] = contact.website
    if contact.phone:
        item["telephone"] = contact.phone
    if program.organization:
        item["parentOrganization"] = {"@type": "Organization", "name": program.organization}
    addresses = [_postal_address(loc) for loc in program.locations]
    if addresses:
        item["address"] = addresses[0] if len(addresses) == 1 else addresses
    geo = [{"@type": "GeoCoordinates", "latitude": lat, "longitude": lon}
           for lat, lon in program.points]
    if geo:
        item["geo"] = geo[0] if len(geo) == 1 else geo
    text = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
    # Inside <script>, "</" and "<!--" could end or confuse the element: escape "<" always.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _postal_address(location: Location) -> dict[str, str]:
    return {
        "@type": "PostalAddress",
        "streetAddress": location.address,
        "addressLocality": location.city,
        "addressRegion": location.state,
        "postalCode": location.zip,
        "addressCountry": "US",
    }
