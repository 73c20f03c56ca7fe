"""Web addresses from records: which may become links (absolute http(s), nothing that
reads as one site but opens another). Used by validation and by rendering."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_url(value: object) -> str | None:
    """The URL if it is an absolute http(s) URL without tricks, else None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if url_problem(text) is not None:
        return None
    return text


def url_problem(text: str) -> str | None:
    """Why a record's web address cannot be a link, or None when it can.

    Only absolute http(s) addresses, and none that reads as one site but opens another:
    ``https://good.example@evil.example/`` goes to evil.example, and browsers read a
    backslash as a slash (``https:\\evil.example``).
    """
    if any(ch in text for ch in "\x00\r\n\t<>\"' `\\") or not text.isprintable():
        return "holds a space, a quote, a backslash or a control character"
    try:
        parts = urlsplit(text)
        parts.hostname  # noqa: B018 - parses the host: "[" alone is no host at all
    except ValueError:
        return "is not a web address"
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return "is not a full web address starting with https://"
    if "@" in parts.netloc:
        return (f"names '{parts.netloc.rpartition('@')[0]}@' before the site, which browsers "
                f"skip: it opens {parts.hostname}; write the site's own address")
    if not parts.hostname or "." not in parts.hostname.strip("."):
        return "has no site name (such as example.org) after https://"
    if not parts.hostname.isascii():
        # A Cyrillic "а" in "аpple.com" looks like the Latin one and opens another site;
        # the xn-- form the browser really visits shows the difference.
        try:
            ascii_name = parts.hostname.encode("idna").decode("ascii")
        except UnicodeError:
            return "has a site name with letters that no web address can hold"
        return (f"has a site name with letters outside a-z, which can imitate another "
                f"site's; write it as the browser visits it: {ascii_name}")
    return None
