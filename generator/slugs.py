"""Slugs: a record's file name is its slug, and its page's address."""

from __future__ import annotations

import re
import unicodedata

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG_LENGTH = 80
# Slugs whose page would be a page the site makes itself (programs/index/ is the directory).
RESERVED_SLUGS = frozenset({"index"})


def slugify(text: str, *, fallback: str = "program") -> str:
    """``"Río Verde & Co."`` -> ``"rio-verde-and-co"``: ASCII letters and digits joined by
    hyphens, at most 80 characters (cut at a hyphen), never a reserved slug."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.lower().replace("&", " and ")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0]
    slug = slug or fallback
    return f"{slug}-program" if slug in RESERVED_SLUGS else slug


def browser_slug(name: str) -> str | None:
    """The slug the finder's script rebuilds from a name (lower case, runs of other
    characters one hyphen), or None where JavaScript's lower-casing could differ from
    Python's (a name that is not ASCII)."""
    if not name.isascii():
        return None
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
