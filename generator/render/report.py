"""How families and workers report a wrong listing: a GitHub issue form prefilled with the
listing (.github/ISSUE_TEMPLATE/listing-problem.yml), or an email for people without a
GitHub account (the plugin's ``report_email``)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from generator.model import Program
from generator.settings import Settings

ISSUE_FORM = "listing-problem.yml"


def report_url(settings: Settings, program: Program | None = None) -> str | None:
    """The issue form (prefilled with the program's name and address), else a mailto:."""
    if settings.repo_url:
        return issue_url(settings.repo_url, program)
    return email_url(settings.report_email, program)


def issue_url(repo_url: str, program: Program | None = None) -> str:
    fields = {"template": ISSUE_FORM}
    if program is not None:
        fields |= {"title": f"Listing: {program.name}", "listing": program.name,
                   "address": where(program)}
    return f"{repo_url.rstrip('/')}/issues/new?{urlencode(fields, quote_via=quote)}"


def email_url(address: str | None, program: Program | None = None) -> str | None:
    if not address:
        return None
    subject = f"Listing: {program.name}" if program else "A problem with the directory"
    body = (f"Listing: {program.name}\nAddress: {where(program)}\n\nWhat is wrong:\n"
            if program else "What is wrong:\n")
    return f"mailto:{address}?" + urlencode({"subject": subject, "body": body},
                                            quote_via=quote)


def where(program: Program) -> str:
    if not program.locations:
        return "telehealth only"
    first = program.locations[0]
    return f"{first.address}, {first.city}, {first.state} {first.zip}"
