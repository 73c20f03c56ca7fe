"""Draft records: the record a facility makes, its file text and the editor's checklist.

Only what the data says is written, in the schema's vocabularies and order, with
``status: draft``; everything else is left for an editor, and a comment block at the top
of each file lists what to check. Websites are kept only when https (an http address is
left out and noted); a phone's extension goes to the description.
"""

from __future__ import annotations

import re
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator.importers.samhsa.cleaning import clip
from generator.importers.samhsa.facility import Facility
from generator.importers.samhsa.services import (
    CONDITION_WORDS,
    LEVEL_WORDS,
    OTHER_LABELS,
    in_order,
)
from generator.importers.samhsa.source import SourceError
from generator.schema import schema_line
from generator.vocabulary import group

try:  # libyaml reads the same values many times faster
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

VERIFIED_BY = "SAMHSA treatment locator import"
# Records live in programs/, beside generator/.


# --------------------------------------------------------------------------- record


def build_record(fac: Facility, name: str, source_label: str, today: date) -> dict[str, Any]:
    """The draft record of a facility, in the schema's key order."""
    facts = fac.facts
    known_levels = in_order(facts.levels, group("level").values)
    levels = known_levels if "iop" in known_levels else []  # the schema requires iop
    record: dict[str, Any] = {"name": name}
    if fac.names.organization:
        record["organization"] = fac.names.organization
    record["status"] = "draft"
    record["summary"] = make_summary(fac, known_levels)
    description = make_description(fac)
    if description:
        record["description"] = description
    if levels:
        record["levels_of_care"] = levels
    record["conditions"] = fac.conditions
    _put_list(record, "populations", in_order(facts.populations, group("population").values))
    _put_list(record, "therapies", in_order(facts.therapies, group("therapy").values))
    if facts.accreditations:
        record["accreditations"] = [{"body": body} for body in facts.accreditations]
    location: dict[str, Any] = {"address": fac.address, "city": fac.city}
    if fac.state:
        location["state"] = fac.state
    location["zip"] = fac.zip5
    location["coordinates"] = {"lat": fac.coordinates[0], "lon": fac.coordinates[1]}
    record["locations"] = [location]
    payment: dict[str, Any] = {
        key: True for key in group("payment").values if facts.payment.get(key)
    }
    if facts.payment_other:
        payment["cost_notes"] = clip(
            "Also listed in the locator: " + "; ".join(facts.payment_other), 1000
        )
    if payment:
        record["payment"] = payment
    _put_list(record, "languages", facts.languages)
    contact = {}
    if fac.phone:
        contact["phone"] = fac.phone.number
    if fac.website:
        contact["website"] = fac.website
    if contact:
        record["contact"] = contact
    record["verification"] = {
        "last_verified": today,
        "verified_by": VERIFIED_BY,
        "method": "import",
        "source": clip(source_label, 500),
        "notes": clip(
            " ".join(
                [
                    "Imported draft; not yet checked with the program.",
                    *(_sentence(n) for n in fac.notes),
                ]
            ),
            1000,
        ),
    }
    return record


def _put_list(record: dict[str, Any], key: str, values: list[str]) -> None:
    if values:
        record[key] = values


def _sentence(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _md(text: str) -> str:
    """Escape Markdown in a value taken from the data."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def _join_words(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def make_summary(fac: Facility, levels: list[str]) -> str:
    """One factual sentence (at most 300 characters) for an editor to rewrite."""
    kinds = _join_words(
        [CONDITION_WORDS[c] for c in fac.conditions if c != "co-occurring"]
        or [CONDITION_WORDS["co-occurring"]]
    )
    setting = f"{_join_words([LEVEL_WORDS[lv] for lv in levels])} " if levels else ""
    also = ", including co-occurring disorders" if "co-occurring" in fac.conditions else ""
    place = f"{fac.city}, {fac.state}" if fac.state else fac.city
    text = (
        f"{setting}{kinds} treatment facility in {place}{also}, imported from the SAMHSA "
        "treatment locator and not yet verified."
    )
    if len(text) > 300:
        text = f"Facility in {place}, imported from the SAMHSA treatment locator; not yet verified."
    return clip(text[:1].upper() + text[1:], 300)


def make_description(fac: Facility) -> str | None:
    """What the locator says that the record has no field for, as a Markdown list."""
    items = []
    if fac.names.listed_as:
        items.append(
            f"Listed in the locator as: {_md(fac.names.name)} – {_md(fac.names.listed_as)}"
        )
    for code, label in OTHER_LABELS.items():
        values = fac.facts.other.get(code)
        if code == "SET" and fac.facts.settings and "iop" not in fac.facts.levels:
            # levels_of_care cannot be written without iop: keep every setting in view
            label, values = "Service settings", fac.facts.settings
        if values:
            items.append(f"{label}: {_md('; '.join(values))}")
    if fac.phone and fac.phone.extension:
        items.append(f"Phone: {fac.phone}")
    items += [f"{label}: {phone}" for label, phone in fac.other_phones]
    if not items:
        return None
    lines = ["Details from the SAMHSA treatment locator, not yet checked with the program:", ""]
    return "\n".join(lines + [f"- {item}" for item in items])


def editor_checklist(
    fac: Facility, record: dict[str, Any], source_label: str, today: date
) -> list[str]:
    """The comment block: where the draft comes from and what an editor must do."""
    items = [
        f"DRAFT imported on {today.isoformat()} from the SAMHSA treatment locator "
        f"({source_label}). Nothing here has been checked with the program yet.",
        "Before publishing, an editor must:",
    ]
    todo = []
    if "levels_of_care" not in record:
        todo.append(
            "Confirm that the program offers intensive outpatient care (IOP). The data does "
            "not say so, so levels_of_care is left out: add it with iop (levels_of_care: "
            "[iop]) if it does, or delete this file if it does not."
        )
    else:
        todo.append("Confirm the levels of care with the program (the locator lists IOP).")
    todo.append(
        "Check the name, organization, address, coordinates, phone and conditions "
        "against the program's own information."
    )
    todo += [_sentence(note) for note in fac.notes]
    missing = ["schedule", "customization", "accepting_new_clients", "licenses (with numbers)"]
    missing += [k for k in ("populations", "therapies", "payment", "languages") if k not in record]
    if "website" not in record.get("contact", {}):
        missing.append("contact.website (https)")
    if record.get("accreditations"):
        missing.append("accreditation ids and expiry dates")
    todo.append(f"Fill in what the locator does not say: {', '.join(missing)}.")
    todo.append("Rewrite the summary and description in plain language for families.")
    todo.append(
        "When everything is checked, update verification (last_verified, verified_by, "
        "method, source), remove 'status: draft', and delete this comment block."
    )
    return items + [f"  - {item}" for item in todo]


# --------------------------------------------------------------------------- file


class _Dumper(yaml.SafeDumper):
    """Safe YAML with literal blocks for multi-line text and no anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_record(record: dict[str, Any], comments: list[str], folder: Path) -> str:
    """The file text for `folder`: schema line, comment block, then YAML that loads back
    equal."""
    body = yaml.dump(
        record,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=4096,
        default_flow_style=False,
    )
    lines = [schema_line(folder), "#"]
    for comment in comments:
        lines += textwrap.wrap(
            _comment_safe(comment),
            width=96,
            initial_indent="# ",
            subsequent_indent="#     ",
            break_long_words=False,
            break_on_hyphens=False,
        ) or ["#"]
    text = "\n".join(lines) + "\n\n" + body
    # Never write what reads back differently. (Our own text: records on disk are read
    # with the project's loader.)
    if yaml.load(text, Loader=_SafeLoader) != record:
        raise ValueError("the record does not read back unchanged from YAML")
    return text


def _comment_safe(text: str) -> str:
    return "".join(c if c.isprintable() else " " for c in text)


def write_new_file(path: Path, text: str) -> bool:
    """Write a new file; False when one of that name exists (it is never overwritten)."""
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        return False
    except OSError as exc:
        raise SourceError(f"{path}: cannot write the record ({exc.strerror or exc})") from None
    return True
