"""What the finder page's template (theme/templates/finder.html) is rendered with."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from generator.finder.index import (
    FORMAT_FILTERS,
    SCHEDULE_FILTERS,
    TRACK_FILTER_LABELS,
    insurers,
    language_codes,
)
from generator.model import Program
from generator.translations import ENGLISH_TEXTS, Translator
from generator.vocabulary import Group, group, language_name

RADIUS_OPTIONS: tuple[int, ...] = (5, 10, 25, 50, 100)
DEFAULT_RADIUS = 25
# The age box takes whole years up to this (facets.js's AGE_MAX says the same).
AGE_MAX = 120


def options(vocabulary: Group, values: Sequence[str] | None = None,
            t: Translator = ENGLISH_TEXTS) -> list[dict[str, str]]:
    return [{"value": value, "label": t.gettext(vocabulary.label(value))}
            for value in (values if values is not None else vocabulary.values)]


def finder_context(
    programs: Sequence[Program],
    places: Mapping[str, Any],
    *,
    root_url: str,
    index_url: str,
    places_url: str,
    pagefind_url: str,
    directory_url: str,
    script_url: str = "",
    style_url: str = "",
    t: Translator = ENGLISH_TEXTS,
) -> dict[str, Any]:
    """Everything the finder template needs (its header documents each key).

    All URLs are relative to the finder page, e.g. root_url "../",
    index_url "../assets/finder/programs.json". Pass empty script_url/style_url
    when the page adds the script and the stylesheet itself. Labels are in `t`'s
    language.
    """
    _ = t.gettext
    bodies = group("accreditation")
    insurer_keys, insurer_names = insurers(programs)
    return {
        "program_count": len(programs),
        "root_url": root_url,
        "index_url": index_url,
        "places_url": places_url,
        "pagefind_url": pagefind_url,
        "directory_url": directory_url,
        "script_url": script_url,
        "style_url": style_url,
        "radius_options": list(RADIUS_OPTIONS),
        "default_radius": DEFAULT_RADIUS,
        "area_radius": round(float(places["radius"])),
        "cities": list(places["cities"]),
        "conditions": options(group("condition"), t=t),
        "populations": options(group("population"), t=t),
        "payments": options(group("payment"), t=t),
        "accreditations": [
            {"value": value, "label": _(bodies.label(value)), "short": _(bodies.short_label(value))}
            for value in bodies.values
        ],
        "schedules": [{"value": value, "label": _(TRACK_FILTER_LABELS.get(value)
                                                or group("track").label(value))}
                      for value in SCHEDULE_FILTERS],
        "medications": options(group("medication"), t=t),
        # The insurers the listings name, keyed as the index keys them (insurer_key), in
        # alphabetical order: a family looks for its own insurer's name in the list.
        "insurers": sorted(({"value": key, "label": name}
                            for key, name in zip(insurer_keys, insurer_names, strict=True)),
                           key=lambda option: option["label"].casefold()),
        "age_max": AGE_MAX,
        "formats": options(group("format"), FORMAT_FILTERS, t),
        "languages": [{"value": code, "label": language_name(code, t.code)}
                      for code in language_codes(programs)],
    }
