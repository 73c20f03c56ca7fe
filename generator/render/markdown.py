"""Markdown from records, rendered and then sanitised.

Sanitising happens after rendering, on the HTML, so that nothing Markdown lets through
(raw HTML blocks, odd link syntax) can reach the page: only a small set of tags, no
attributes that run code, and links to http(s) only.
"""

from __future__ import annotations

import markdown as markdown_lib
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote",
    "code", "pre", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
    "abbr", "sub", "sup", "dl", "dt", "dd",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_SCHEMES = {"http", "https"}


def render_markdown(text: str) -> Markup:
    # Headings inside a description are demoted to h3+ by the allow-list: h1/h2 belong to
    # the page's own structure.
    html = markdown_lib.markdown(text, extensions=["sane_lists", "tables"], output_format="html")
    return Markup(sanitise(html))


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
