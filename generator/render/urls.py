"""URLs of pages: relative links between pages, and links built from record values."""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from urllib.parse import quote

import phonenumbers

from generator.links import safe_url, url_problem


def relative_url(target: str, from_page: str) -> str:
    """A link from one page URL (``programs/a/``) to another, both relative to the site root.

    Relative links keep the site working under a sub-path (GitHub Pages project sites).
    """
    base = posixpath.dirname(from_page.rstrip("/")) if not from_page.endswith("/") else from_page
    start = base.rstrip("/") or "."
    relative = _relpath(target or ".", start)
    if (not target or target.endswith("/")) and not relative.endswith("/"):
        relative += "/"
    return "./" if relative in (".", "./") else relative


def program_url(slug: str) -> str:
    return f"programs/{slug}/"


def directions_url(lat: float, lon: float) -> str:
    # A link the family chooses to follow; the page itself loads nothing from the map host.
    return f"https://www.openstreetmap.org/directions?to={lat:.5f}%2C{lon:.5f}"


def _relpath(target: str, start: str) -> str:
    """``posixpath.relpath`` of two site-root-relative paths, without its ``os.getcwd()``
    per call (thousands of links a build)."""
    if target.startswith("/") or start.startswith("/"):
        return posixpath.relpath(target, start)
    to = [part for part in target.split("/") if part not in ("", ".")]
    at = [part for part in start.split("/") if part not in ("", ".")]
    if ".." in to or ".." in at:
        return posixpath.relpath(target, start)
    common = 0
    while common < min(len(to), len(at)) and to[common] == at[common]:
        common += 1
    parts = [".."] * (len(at) - common) + to[common:]
    return "/".join(parts) if parts else "."


@lru_cache(maxsize=4096)  # parsing a number is slow, and each is asked for per language
def tel_url(phone: str) -> str:
    """A ``tel:`` link in the international form phones dial from anywhere
    (``tel:+15125550142``, an extension as ``;ext=12``); short numbers (988, 211) and
    numbers the library cannot read keep their digits."""
    try:
        parsed = phonenumbers.parse(phone, "US")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.is_valid_number(parsed):
        number = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        extension = f";ext={quote(parsed.extension)}" if parsed.extension else ""
        return f"tel:{number}{extension}"
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return f"tel:{quote(digits)}"


def mailto_url(email: object) -> str | None:
    """A mailto: link for a plain address (name@host.tld), else None: shown as text only."""
    if not isinstance(email, str) or not EMAIL.fullmatch(email.strip()):
        return None
    return f"mailto:{email.strip()}"


# Letters, digits and . _ % + - before the @; a dotted host name after it. Narrower than
# RFC 5322 on purpose: anything unusual is shown as text, never put in a link.
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

__all__ = ["directions_url", "mailto_url", "program_url", "relative_url", "safe_url",
           "tel_url", "url_problem"]
