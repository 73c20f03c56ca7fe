"""What a record needs before families can rely on it.

Published records must have these (errors); drafts get the same list as warnings, and
``validate --drafts`` prints it as a to-do list for the editor.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from generator.diagnostics import Diagnostic, Severity
from generator.loader import Path_, Record

BEFORE_PUBLISHING = "before publishing: "


def check_readiness(record: Record) -> list[Diagnostic]:
    findings = [
        record.diagnostic(path, Severity.ERROR, need, at_key=True)
        for path, need in _missing(record.data)
    ]
    return [for_draft(f) for f in findings] if is_draft(record) else findings


def is_draft(record: Record) -> bool:
    return record.data.get("status") == "draft"


def for_draft(finding: Diagnostic) -> Diagnostic:
    """A draft is never published, so what must be fixed before it is stops no build: an
    error becomes a warning that says so (and is an error again once published)."""
    if not finding.is_error:
        return finding
    return dataclasses.replace(finding, severity=Severity.WARNING,
                               message=BEFORE_PUBLISHING + finding.message)


def _missing(data: dict[str, Any]) -> Iterator[tuple[Path_, str]]:
    if not isinstance(data.get("levels_of_care"), list):
        yield ("levels_of_care",), "add levels_of_care (it must include iop)"
    schedule = data.get("schedule")
    if not isinstance(schedule, dict) or "format" not in schedule:
        yield ("schedule", "format"), "add schedule.format: in-person, telehealth or hybrid"
    contact = data.get("contact")
    if not isinstance(contact, dict) or not (contact.get("phone") or contact.get("website")):
        yield ("contact",), "add a contact phone or website"
    if not isinstance(data.get("accepting_new_clients"), bool):
        yield ("accepting_new_clients",), "add accepting_new_clients: true or false"
    verification = data.get("verification")
    if isinstance(verification, dict) and verification.get("method") == "import":
        yield (
            ("verification", "method"),
            "verify the listing with the program and set verification.method "
            "(phone, website, site-visit or documents), last_verified and verified_by",
        )
