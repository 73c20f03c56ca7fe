"""What the site's one "page not found" (404.html) says, in every language of the site.

A static host serves that one file at every address that does not exist, whatever the
language of the link that led there, so the page speaks each language in turn.
"""

from __future__ import annotations

from typing import Any

from generator.translations import LANGUAGES, translator


def not_found_views() -> list[dict[str, Any]]:
    """One part per language: its code, headline, text and links (paths from the site's
    root, in that language)."""
    views = []
    for language in LANGUAGES:
        _ = translator(language.code).gettext
        views.append({
            "lang": language.code,
            "title": _("Page not found"),
            "text": _("The page you asked for is not here. The program may have moved or "
                      "been removed from the directory."),
            "links": [
                (language.path(""), _("Home")),
                (language.path("programs/"), _("All programs, by city")),
                (language.path("find/"), _("Find programs near a ZIP code")),
                (language.path("help/"), _("Get help now")),
            ],
            "crisis": _("If you are in crisis, call or text 988, or call 911 in an emergency."),
        })
    return views
