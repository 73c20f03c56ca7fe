"""The one vocabulary: every closed list of the record schema with its labels, read once.

Pages, the finder, search filters, exports and the importer all take their labels from
here, so a value is named the same everywhere. Labels are English; the Spanish site adds
translations beside them (gettext catalogues keyed by these English labels), not tables.
Language names come from the CLDR data in Babel, the same source for every language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from babel import Locale

from generator.schema import program_schema

# The schema's closed lists, by the name pages and code use for them.
GROUPS: Mapping[str, str] = MappingProxyType({
    "level": "level_of_care",
    "condition": "condition",
    "population": "population",
    "therapy": "therapy",
    "medication": "addiction_medication",
    "track": "track",
    "format": "format",
    "accreditation": "accreditation_body",
    "payment": "payment",
    "method": "verification.method",
})


@dataclass(frozen=True)
class Group:
    """One closed list: its values in the schema's order, with their labels."""

    name: str
    labels: Mapping[str, str]
    short: Mapping[str, str]
    verify_urls: Mapping[str, str]

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(self.labels)

    def label(self, value: str) -> str:
        return self.labels.get(value, value)

    def short_label(self, value: str) -> str:
        return self.short.get(value) or self.label(value)


@cache
def group(name: str) -> Group:
    """``group("therapy").label("cbt")`` -> "Cognitive behavioural therapy (CBT)"."""
    spec = _definition(GROUPS[name])
    labels = dict(spec.get("x-labels", {}))
    for value in spec.get("enum", ()):
        labels.setdefault(value, value)
    return Group(
        name=name,
        labels=MappingProxyType(labels),
        short=MappingProxyType(dict(spec.get("x-short-labels", {}))),
        verify_urls=MappingProxyType(dict(spec.get("x-verify-urls", {}))),
    )


def label(name: str, value: str) -> str:
    return group(name).label(value)


def _definition(path: str) -> dict[str, Any]:
    """A definition of the schema, e.g. "therapy" or "verification.method"."""
    first, *rest = path.split(".")
    node = program_schema()["$defs"][first]
    for part in rest:
        node = node["properties"][part]
    found: dict[str, Any] = node
    return found


# -- languages ----------------------------------------------------------------------------

# Names families and data sources use that CLDR does not give a language code.
# (CLDR names "bn" Bangla; the SAMHSA locator and most English text say Bengali.)
_LANGUAGE_ALIASES = {"farsi": "fa", "mandarin": "zh", "cantonese": "zh", "filipino": "tl",
                     "bengali": "bn"}


@cache
def language_names(locale: str = "en") -> Mapping[str, str]:
    """ISO 639-1 code -> the language's name in ``locale`` ("ht" -> "Haitian Creole")."""
    names = Locale.parse(locale).languages
    return MappingProxyType({code: name for code, name in names.items()
                             if len(code) == 2 and code.isalpha()})


def language_name(code: str, locale: str = "en") -> str:
    """The language's name, or its code in capitals for a code CLDR does not know."""
    return language_names(locale).get(code, code.upper())


@cache
def language_codes_by_name() -> Mapping[str, str]:
    """Lower-case English name -> code ("haitian creole" -> "ht"), with common aliases."""
    found = {name.lower(): code for code, name in language_names("en").items()}
    return MappingProxyType({**found, **_LANGUAGE_ALIASES})
