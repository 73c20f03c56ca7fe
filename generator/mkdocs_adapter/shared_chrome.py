"""Program pages rendered from one skeleton per kind of page instead of the whole theme each.

Every program page is at the same depth, out of the navigation, and rendered from the same
templates: apart from a handful of values (its address, title, description, JSON-LD,
language twins, edit link and body) Material's ~900 lines of chrome are the same HTML on
each. Rendering ``main.html`` for each of thousands of pages was most of a build's time, so
the theme is rendered once with placeholders for those values, and each page fills them in.

The shortcut must never change a page. A skeleton is used only when:

- rendering it with other placeholders, full of characters templates escape or change
  (``&``, ``<``, quotes), moves only the placeholders: no template transforms a value
  (escaping, ``striptags``, ``urlencode``, ``lower`` would each leave a trace);
- no placeholder is left over in another form;
- the first page of each kind, rendered in full as well, is the same as filled in.

Otherwise the pages of that kind are rendered in full, as MkDocs does.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, Template
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.iop-directory")

# The template MkDocs renders for a program page; it asks for the filled-in skeleton.
FILLED_TEMPLATE = "iop-directory/filled-page.html"
FILLED_SOURCE = "{{ iop_filled_page() }}"
# A placeholder is unlike anything a page holds; the probe suffix holds what templates
# would escape or change, and no letter (``lower``, ``title`` would change one).
_MARK = "Zq7IOP"
_PROBE = " &amp;<&>\"'0"
FIELDS = ("slug", "title", "description", "json_ld", "content")


@dataclass
class _Skeleton:
    html: str | None  # None: this kind of page is rendered in full
    marks: dict[str, str]
    checked: bool = False


@dataclass
class SharedChrome:
    """Skeletons by kind of page, for one build."""

    env: Environment
    main_template: str = "main.html"
    skeletons: dict[tuple[Any, ...], _Skeleton] = field(default_factory=dict)
    filled: int = 0
    full: int = 0

    def render(self, context: Mapping[str, Any], template: Template) -> str:
        """The page of ``context``, filled into its kind's skeleton where that is safe,
        else rendered in full with ``template`` (``main.html``)."""
        page: Page = context["page"]
        values = _values(page)
        key = _kind(page, values)
        if values is None or key is None:
            self.full += 1
            return template.render(context)
        skeleton = self.skeletons.get(key)
        if skeleton is None:
            skeleton = self.skeletons[key] = self._skeleton(context, template, page, values)
        if skeleton.html is None:
            self.full += 1
            return template.render(context)
        filled = _fill(skeleton, values)
        if not skeleton.checked:
            skeleton.checked = True
            whole = template.render(context)
            if whole != filled:
                log.debug("iop-directory: a program page's skeleton differs from %s "
                          "rendered in full; pages of its kind are rendered in full",
                          page.url)
                skeleton.html = None
                self.full += 1
                return whole
        self.filled += 1
        return filled

    def _skeleton(self, context: Mapping[str, Any], template: Template, page: Page,
                  values: dict[str, str]) -> _Skeleton:
        marks = {name: f"{_MARK}{name}{_MARK}" for name in FIELDS}
        if "<h1" in values["content"]:  # Material adds an <h1> to a body without one
            marks["content"] = "<h1" + marks["content"]
        plain = template.render(_standing_in(context, page, values, marks))
        probes = {name: mark + _PROBE for name, mark in marks.items()}
        probed = template.render(_standing_in(context, page, values, probes))
        expected = plain
        for name, mark in marks.items():
            expected = expected.replace(mark, probes[name])
        leftover = plain
        for mark in marks.values():
            leftover = leftover.replace(mark, "")
        if probed != expected or _MARK.casefold() in leftover.casefold():
            log.debug("iop-directory: a template transforms a program page's values; "
                      "program pages are rendered in full")
            return _Skeleton(None, marks)
        return _Skeleton(plain, marks)


def _values(page: Page) -> dict[str, str] | None:
    """The values that differ from one program page to another, or None when the page is
    not of the form a skeleton stands for."""
    url = page.url
    if not url.endswith("/") or url.count("/") < 2:
        return None
    slug = url.rstrip("/").rsplit("/", 1)[1]
    meta = page.meta
    if not isinstance(meta.get("title"), str) or not isinstance(meta.get("description"), str):
        return None
    return {
        "slug": slug,
        "title": meta["title"],
        "description": meta["description"],
        "json_ld": str(meta.get("json_ld") or ""),
        "content": page.content or "",
    }


def _kind(page: Page, values: dict[str, str] | None) -> tuple[Any, ...] | None:
    """What decides the shape of a page's skeleton: its language, whether each value is
    there, its language twins, its edit link's form. None: render it in full."""
    if values is None or page.toc or page.parent is not None or page.previous_page \
            or page.next_page:
        return None
    slug = values["slug"]
    base = page.url[: -len(slug) - 1]
    alternates = page.meta.get("alternates") or []
    twins = []
    for alt in alternates:
        alt_url = str(alt.get("url", ""))
        if not alt_url.endswith(f"/{slug}/"):
            return None
        twins.append((alt.get("code"), alt.get("name"), alt_url[: -len(slug) - 1]))
    edit = page.edit_url or ""
    if edit and not edit.endswith(f"/{slug}.yaml"):
        return None
    if any(_MARK.casefold() in value.casefold() for value in values.values()):
        return None
    others = {k: v for k, v in page.meta.items()
              if k not in ("title", "description", "json_ld", "alternates")}
    return (base, tuple(twins), bool(edit), edit[: len(edit) - len(slug) - 5] if edit else "",
            bool(values["description"]), bool(values["json_ld"]), "<h1" in values["content"],
            repr(sorted(others.items())))


def _standing_in(context: Mapping[str, Any], page: Page, values: dict[str, str],
                 marks: dict[str, str]) -> dict[str, Any]:
    """The context with a copy of the page whose varying values are the placeholders."""
    slug, mark = values["slug"], marks["slug"]
    stand_in = copy.copy(page)
    stand_in.file = copy.copy(page.file)
    url = page.url[: -len(slug) - 1] + mark + "/"
    # File's url and dest_uri are cached properties: set on the copy, they are its own.
    stand_in.file.url = url
    stand_in.file.dest_uri = page.file.dest_uri.replace(f"/{slug}/", f"/{mark}/")
    if page.canonical_url:
        stand_in.canonical_url = page.canonical_url[: -len(slug) - 1] + mark + "/"
    if page.abs_url:
        stand_in.abs_url = page.abs_url[: -len(slug) - 1] + mark + "/"
    if page.edit_url:
        stand_in.edit_url = page.edit_url[: -len(slug) - 5] + mark + ".yaml"
    meta = dict(page.meta)
    meta["title"] = marks["title"]
    meta["description"] = marks["description"] if values["description"] else ""
    if values["json_ld"]:
        meta["json_ld"] = marks["json_ld"]
    meta["alternates"] = [{**alt, "url": str(alt["url"])[: -len(slug) - 1] + mark + "/"}
                          for alt in page.meta.get("alternates") or []]
    stand_in.meta = meta
    stand_in.content = marks["content"]
    return {**context, "page": stand_in}


def _fill(skeleton: _Skeleton, values: dict[str, str]) -> str:
    assert skeleton.html is not None
    html = skeleton.html
    # The body last: a record's text could hold what looks like another placeholder.
    for name in FIELDS:
        html = html.replace(skeleton.marks[name], values[name])
    return html


def filled_page_global(chrome: Callable[[], SharedChrome | None],
                       template_name: str) -> Callable[..., str]:
    """The global the filled-page template calls, with the page's final context."""
    from jinja2 import pass_context
    from jinja2.runtime import Context

    @pass_context
    def filled_page(context: Context) -> str:
        shared = chrome()
        template = context.environment.get_template(template_name)
        variables = context.get_all()
        if shared is None:
            return template.render(variables)
        return shared.render(variables, template)

    return filled_page
