"""Findings about records, with the place they point at, and the formats they are printed in."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum

from generator.text import printable


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding: ``file:line:column: severity: field: message``.

    ``line`` and ``column`` are 1-based; 0 means the finding is about the whole file.
    ``field`` is a dotted path such as ``schedule.days_per_week`` or ``locations[0].zip``.
    """

    file: str
    line: int
    column: int
    severity: Severity
    field: str
    message: str
    # True when only the passing of time made this a finding (a credential that expired,
    # a verification grown old): such findings never fail a build or a pull request that
    # does not touch the record (see ``settle_time_based``).
    time_based: bool = False

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format_text(self) -> str:
        # One finding, one line: record values quoted in the message cannot break it.
        file = printable(self.file)
        place = file if self.line == 0 else f"{file}:{self.line}:{self.column}"
        subject = f"{printable(self.field)}: " if self.field else ""
        return f"{place}: {self.severity}: {subject}{printable(self.message)}"

    def format_github(self) -> str:
        # GitHub Actions workflow command; the message must escape %, CR and LF. Other
        # controls and direction overrides quoted from a record are made visible first, as
        # in text output: raw, they would reorder or hide what the annotation shows.
        props = [f"file={_escape_property(printable(self.file))}"]
        if self.line:
            props += [f"line={self.line}", f"col={self.column}"]
        title = printable(self.field or "record")
        props.append(f"title={_escape_property(title)}")
        level = "error" if self.is_error else "warning"
        return f"::{level} {','.join(props)}::{_escape_data(printable(self.message))}"

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data


def settle_time_based(
    findings: Iterable[Diagnostic], changed: Collection[str] = ()
) -> list[Diagnostic]:
    """Time-based errors become warnings, except in the files being changed.

    A record nobody touched must not start failing builds and pull requests on the day a
    licence in it expires; an editor who is changing the record is told to fix it.
    """
    return [
        dataclasses.replace(d, severity=Severity.WARNING)
        if d.time_based and d.is_error and d.file not in changed
        else d
        for d in findings
    ]


def format_field(path: Iterable[str | int]) -> str:
    """``("locations", 0, "zip")`` -> ``locations[0].zip``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def in_order(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Findings in the order they are printed: by file, then place."""
    return sorted(diagnostics, key=_sort_key)


def render(diagnostics: Iterable[Diagnostic], output_format: str) -> str:
    items = in_order(diagnostics)
    if output_format == "json":
        return json.dumps([d.as_dict() for d in items], indent=2, ensure_ascii=False)
    if output_format == "github":
        return "\n".join(d.format_github() for d in items)
    return "\n".join(d.format_text() for d in items)


def markdown_table(diagnostics: Iterable[Diagnostic]) -> str:
    """Findings as a Markdown table, for a GitHub step summary."""
    rows = ["| place | severity | field | finding |", "| --- | --- | --- | --- |"]
    for d in sorted(diagnostics, key=_sort_key):
        place = d.file if d.line == 0 else f"{d.file}:{d.line}:{d.column}"
        cells = [place, str(d.severity), d.field, d.message]
        rows.append("| " + " | ".join(_table_cell(c) for c in cells) + " |")
    return "\n".join(rows)


def _table_cell(text: str) -> str:
    # A cell is one line; a pipe would end it and HTML would be rendered.
    text = printable(" ".join(text.split()))
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("|", "\\|").replace("`", "\\`") or " ")


def summary(diagnostics: Iterable[Diagnostic], files_checked: int) -> str:
    items = list(diagnostics)
    errors = sum(d.is_error for d in items)
    warnings = len(items) - errors
    files = "file" if files_checked == 1 else "files"
    return (
        f"{files_checked} {files} checked: "
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    )


def _sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.file, d.line, d.column, d.field)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
