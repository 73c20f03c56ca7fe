"""The finder's program index (``assets/finder/programs.json``): one compact, columnar
record of every published program.

Filter facets are integer bitmasks whose bit order is the ``vocab`` list of each group;
coordinates are integers in 1e-6 degrees; the page URL is derived from the slug through a
``{slug}`` template, and the slug from the name when it is the plain ASCII slug of the
name (so neither is stored twice). Everything is computed in the visitor's browser from
this file and the places file: the ZIP, the coordinates and the filters never leave the
device.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from generator.model import Program, Range
from generator.settings import STALE_AFTER_DAYS
from generator.slugs import browser_slug, slugify
from generator.translations import ENGLISH_TEXTS, Translator
from generator.vocabulary import group, language_name
from generator.wording import age_phrase

INDEX_VERSION = 1
# Coordinates travel as integers in 1e-6 degree (about 0.1 m): records rarely carry more
# decimals, and even a 50 m distance stays well inside 0.5% of geopy's.
COORD_SCALE = 1_000_000

# The filter groups whose choices are fixed (languages and insurers come from the data).
SCHEDULE_FILTERS: tuple[str, ...] = tuple(group("track").values)
# What the finder's schedule filter calls a track where the schema's label alone would not
# tell a parent that it is the one that fits a school day.
def _(message: str) -> str:
    """Marks a text for the catalogue (`make translations`); translated where shown."""
    return message


TRACK_FILTER_LABELS = {"afternoon": _("Afternoon (after school)")}
FORMAT_FILTERS: tuple[str, ...] = ("in-person", "telehealth")
FORMAT_BITS = {"in-person": 1, "telehealth": 2, "hybrid": 3}  # hybrid counts as both
# accepting_new_clients: true, false, or not stated. Only 1 passes the filter bit.
ACCEPTING_CODES = {True: 1, False: 0, None: 2}
# Per-program bitmask columns, one per filter group.
FACET_KEYS = ("condition", "population", "payment", "accreditation", "schedule", "format",
              "language", "medication")
EPOCH = dt.date(1970, 1, 1)
# Bitmasks must fit JavaScript's 32-bit integer operators.
MAX_BITS = 31


def vocabularies() -> dict[str, list[str]]:
    """Bit order of every filter group with a fixed vocabulary."""
    return {
        "condition": list(group("condition").values),
        "population": list(group("population").values),
        "payment": list(group("payment").values),
        "accreditation": list(group("accreditation").values),
        "schedule": list(SCHEDULE_FILTERS),
        "format": list(FORMAT_FILTERS),
        "medication": list(group("medication").values),
    }


def language_codes(programs: Iterable[Program]) -> list[str]:
    """Languages found in the data, most offered first (English leads in practice)."""
    counts = Counter(code for p in programs for code in p.languages)
    return sorted(counts, key=lambda code: (-counts[code], code))


def insurer_key(name: str) -> str:
    """``"Blue Cross Blue Shield of Texas"`` -> ``"blue-cross-blue-shield-of-texas"``: the
    finder's ``insurer=`` value, the same however a record capitalises or punctuates it."""
    return slugify(name, fallback="")


def insurers(programs: Iterable[Program]) -> tuple[list[str], list[str]]:
    """The insurers the programs name, most named first: (keys, how most records write
    each)."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for program in programs:
        for name in program.payment.insurers:
            if insurer_key(name):
                spellings[insurer_key(name)][" ".join(name.split())] += 1
    keys = sorted(spellings, key=lambda k: (-sum(spellings[k].values()), k))
    return keys, [spellings[k].most_common(1)[0][0] for k in keys]


def bitmask(values: Iterable[str], vocab: list[str]) -> int:
    """Bit i set when vocab[i] is among the values; unknown values are ignored."""
    position = {value: i for i, value in enumerate(vocab)}
    mask = 0
    for value in values:
        if value in position:
            mask |= 1 << position[value]
    return mask


def encode_days(days: Range | None) -> int:
    """0 unknown; 1..7 a fixed number; 10*min+max for a range (35 means 3 to 5)."""
    if days is None or days.min is None:
        return 0
    if days.fixed or days.max is None:
        return days.min
    return 10 * days.min + days.max


def encode_hours(hours: float | None) -> int | float:
    """0 unknown; otherwise the number, as an integer when it is whole."""
    if not hours:
        return 0
    return int(hours) if float(hours).is_integer() else float(hours)


def url_template(slugs: list[str], url_for: Callable[[str], str]) -> str | None:
    """`prefix{slug}suffix` when url_for is that shape for every slug, else None."""
    if not slugs:
        return url_for("{slug}")
    first = url_for(slugs[0])
    at = first.rfind(slugs[0])
    if at < 0:
        return None
    prefix, suffix = first[:at], first[at + len(slugs[0]) :]
    if all(url_for(slug) == f"{prefix}{slug}{suffix}" for slug in slugs):
        return f"{prefix}{{slug}}{suffix}"
    return None


def scaled(value: float) -> int:
    return round(float(value) * COORD_SCALE)


def finder_index(
    programs: Sequence[Program],
    url_for: Callable[[str], str],
    stale: frozenset[str] = frozenset(),
    expired: frozenset[str] = frozenset(),
    *,
    stale_after: str | None = None,
) -> dict[str, Any]:
    """The compact JSON the finder page loads (see the module docstring).

    `programs` come in the directory's alphabetical order (generator.text.sort_key,
    Directory.of), which the finder keeps for programs at equal distance: the browser
    sorts no names. Column i of every per-program list belongs to programs[i];
    `lat`/`lon`/`city` are per location, `nloc` says how many locations each program
    has, in order (0 for telehealth-only programs). `stale` names the slugs last
    verified longer ago than `stale_after` says, `expired` those with a licence or
    accreditation past its expiry date: the results say so, as the program pages do.
    `stale_after` defaults to the default ``stale_after_days`` worded (a year), never
    to a second copy of it.
    """
    vocab = vocabularies()
    languages = language_codes(programs)
    if len(languages) > MAX_BITS:
        raise ValueError(f"the finder supports at most {MAX_BITS} languages")
    vocab["language"] = languages

    insurer_keys, insurer_names = insurers(programs)
    insurer_number = {key: i for i, key in enumerate(insurer_keys)}

    city_counts = Counter(loc.city for p in programs for loc in p.locations)
    cities = sorted(city_counts, key=lambda city: (-city_counts[city], city))
    city_number = {city: i for i, city in enumerate(cities)}

    slugs = [p.slug for p in programs]
    template = url_template(slugs, url_for)
    columns: dict[str, list[Any]] = defaultdict(list)
    extra_slugs: dict[str, str] = {}
    for i, program in enumerate(programs):
        if browser_slug(program.name) != program.slug:
            extra_slugs[str(i)] = program.slug
        add_program(columns, program, vocab, city_number, insurer_number)

    index: dict[str, Any] = {
        "v": INDEX_VERSION,
        "scale": COORD_SCALE,
        "vocab": vocab,
        "labels": display_labels(languages),
        "cities": cities,
        "insurer_keys": insurer_keys,
        "insurers": insurer_names,
        "slug": extra_slugs,
        "stale": [i for i, slug in enumerate(slugs) if slug in stale],
        "expired": [i for i, slug in enumerate(slugs) if slug in expired],
        "stale_after": stale_after if stale_after is not None else age_phrase(STALE_AFTER_DAYS),
    }
    if template is not None:
        index["url"] = template
    else:
        index["urls"] = [url_for(slug) for slug in slugs]
    for key in ("name", *FACET_KEYS, "accepting", "days", "hours", "amin", "amax", "phone",
                "insurer", "checked", "nloc", "lat", "lon", "city"):
        index[key] = columns[key]
    return index


def add_program(
    columns: dict[str, list[Any]],
    program: Program,
    vocab: dict[str, list[str]],
    city_number: dict[str, int],
    insurer_number: dict[str, int],
) -> None:
    """Append one program to every column.

    ``amin``/``amax`` are the ages served (0: not stated), ``phone`` the number as written
    ("" for none), ``insurer`` the numbers of the insurers named (a list, as there may be
    more than 31), ``checked`` the day last verified in days since 1970-01-01.
    """
    facets = {
        "condition": program.conditions,
        "population": program.populations,
        "payment": program.payment.accepted,
        "accreditation": [a.body or "" for a in program.accreditations],
        "schedule": program.schedule.tracks,
        "language": program.languages,
        "medication": program.addiction_medications,
    }
    columns["name"].append(program.name)
    for key, values in facets.items():
        columns[key].append(bitmask(values, vocab[key]))
    columns["format"].append(FORMAT_BITS[program.schedule.format])
    columns["accepting"].append(ACCEPTING_CODES[program.accepting_new_clients])
    columns["days"].append(encode_days(program.schedule.days_per_week))
    columns["hours"].append(encode_hours(program.schedule.hours_per_day))
    ages = program.ages
    columns["amin"].append(ages.min or 0 if ages else 0)
    columns["amax"].append(ages.max or 0 if ages else 0)
    columns["phone"].append(program.contact.phone or "")
    columns["insurer"].append(sorted({insurer_number[insurer_key(name)]
                                      for name in program.payment.insurers
                                      if insurer_key(name)}))
    columns["checked"].append((program.verification.last_verified - EPOCH).days)
    columns["nloc"].append(len(program.locations))
    for location in program.locations:
        assert location.point is not None, "normalisation gives every location a point"
        columns["lat"].append(scaled(location.point[0]))
        columns["lon"].append(scaled(location.point[1]))
        columns["city"].append(city_number[location.city])


def display_labels(languages: Iterable[str] = (),
                   t: Translator = ENGLISH_TEXTS) -> dict[str, dict[str, str]]:
    """The labels results, chips and cards show, in `t`'s language: every filter group's
    (hybrid included in format; accreditation bodies and medications by their short
    names) and the names of the `languages` the data holds."""
    _ = t.gettext
    bodies = group("accreditation")

    def labels(name: str) -> dict[str, str]:
        return {value: _(label) for value, label in group(name).labels.items()}

    return {
        "condition": labels("condition"),
        "population": labels("population"),
        "format": labels("format"),
        "payment": labels("payment"),
        "accreditation": {value: _(bodies.short_label(value)) for value in bodies.values},
        "schedule": labels("track"),
        # "Buprenorphine (such as Suboxone)" -> "Buprenorphine": a chip or a card line
        # names the medicine; the filter's own list gives the brand names.
        "medication": {value: label.split(" (")[0]
                       for value, label in labels("medication").items()},
        "language": {code: language_name(code, t.code) for code in languages},
    }
