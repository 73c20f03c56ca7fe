"""The licence of the published data, and the attribution re-users must give."""

from __future__ import annotations

DATA_LICENSE: dict[str, str] = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
ATTRIBUTION = "Austin IOP Directory contributors"
