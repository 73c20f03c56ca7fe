"""The site's pages, described for any engine: what each is, where it lives, whether it is
in the navigation and in search; its body is rendered only when the engine asks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from generator.render.pages import RenderedPage
from generator.translations import ENGLISH, Language


class PageKind(Enum):
    PROGRAM = "program"  # one per published program
    DIRECTORY = "directory"  # every program, by city
    FINDER = "finder"  # the distance-based finder
    SEARCH = "search"  # the search page (the header's search without JavaScript)
    HELP = "help"  # "Get help now": crisis lines and helplines
    SAMPLE = "sample"  # the built-in sample listing the articles point at
    SHORTLIST = "shortlist"  # the programs a visitor saved, compared (kept in their browser)


class PageCollision(Exception):
    """Two generated pages would share an address."""


@dataclass(frozen=True)
class SitePage:
    """A page the directory makes. ``path`` is its address below the site's root, with a
    trailing slash ("programs/", "programs/<slug>/", "find/")."""

    kind: PageKind
    path: str
    title: str
    description: str
    render: Callable[[], RenderedPage]
    in_navigation: bool = False
    # False keeps the page out of the search index (lists and tools, not content).
    indexed: bool = True
    # False: the page has no table of contents beside it.
    outline: bool = True
    # True keeps the page out of search engines too (the sample listing).
    robots_noindex: bool = False
    # The record's page in the repository, for the editors' link.
    edit_url: str | None = None
    # Its language: the path starts with the language's prefix ("es/").
    language: Language = ENGLISH


def check_unique(pages: Sequence[SitePage]) -> None:
    """Refuse two pages at one address: one would silently replace the other (a record
    named like a page the site makes, "find" or "sample-listing")."""
    seen: dict[str, SitePage] = {}
    for page in pages:
        other = seen.setdefault(_address_key(page.path), page)
        if other is not page:
            raise PageCollision(
                f"two pages would be at /{page.path}: '{other.title}' and '{page.title}'; "
                "rename the record file of one")


def _address_key(path: str) -> str:
    # Engines serve "x/index" at "x/", and file systems may not tell case apart.
    parts = [p for p in path.casefold().split("/") if p]
    return "/".join(parts[:-1] if parts and parts[-1] == "index" else parts)
