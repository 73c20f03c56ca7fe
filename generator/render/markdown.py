"""Markdown from records, rendered and then sanitised.

Sanitising happens after rendering, on the HTML, so that nothing Markdown lets through
(raw HTML blocks, odd link syntax) can reach the page: only a small set of tags, no
attributes that run code, and links to http(s) only.
"""

from __future__ import annotations

import html
import re
from functools import cache, lru_cache

import markdown as markdown_lib
import nh3
from markupsafe import Markup

from generator.links import safe_url

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote",
    "code", "pre", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
    "abbr", "sub", "sup", "dl", "dt", "dd",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_SCHEMES = {"http", "https"}


@cache
def _converter() -> markdown_lib.Markdown:
    # One converter, reset between uses: building one costs more than converting a record.
    return markdown_lib.Markdown(extensions=["sane_lists", "tables"], output_format="html")


def render_markdown(text: str) -> Markup:
    return Markup(_rendered(text))


# A Spanish page without its own description shows the English one: rendered once.
@lru_cache(maxsize=32_768)
def _rendered(text: str) -> str:
    # h1 and h2 belong to the page's own structure: the allow-list keeps h3 and below.
    return sanitise(_converted(text))


# The open data (markdown_to_text) and the pages convert the same descriptions: once a
# process (Python-Markdown takes about 0.3 ms a description).
@lru_cache(maxsize=32_768)
def _converted(text: str) -> str:
    return _converter().reset().convert(text)


def sanitise(html: str) -> str:
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        attribute_filter=_only_absolute_links,
    )
    # A link whose address was dropped is left as its text.
    return _LINK_WITHOUT_HREF.sub(r"\1", cleaned)


# nh3 writes its output itself: an <a> it kept without href looks exactly like this.
_LINK_WITHOUT_HREF = re.compile(r'<a rel="[^"]*">(.*?)</a>', re.DOTALL)


def _only_absolute_links(tag: str, attribute: str, value: str) -> str | None:
    """Every link in a record's text is an explicit absolute http(s) address to another
    site, or no link: ``\\\\host`` and ``/\\/host`` look relative but open another
    site, and a relative link means nothing on a program page."""
    if tag == "a" and attribute == "href":
        return safe_url(value)
    return value


def markdown_to_text(text: str) -> str:
    """The plain text of record Markdown, for data formats that hold text only (HSDS):
    no ``**`` or link syntax, one blank line between blocks, list items on their own lines."""
    rendered = _converted(text).replace("\n", " ")
    rendered = rendered.replace("<li>", "\n- ")
    rendered = re.sub(r"</(p|h[3-6]|tr|blockquote|pre|ul|ol)>", "\n\n", rendered)
    plain = html.unescape(nh3.clean(rendered, tags=set()))
    lines = [" ".join(line.split()) for line in plain.splitlines()]
    plain = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return re.sub(r"\n\n(?=- )", "\n", plain)  # a list's items stay together
