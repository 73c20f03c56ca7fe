"""Text that lies: characters that hide, reorder or fake what a page shows.

Every text value of a record is checked: control characters, direction controls (which
can make a page show text in another order than it was written) and, in one-line fields,
line breaks and invisible characters are errors; every text needs a visible character.
Only ``description`` (Markdown) may span lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from generator.diagnostics import Diagnostic, Severity
from generator.loader import Path_, Record
from generator.text import FORMULA_STARTS, character_name, is_invisible

MULTI_LINE_FIELDS = frozenset({"description"})
# Direction embeddings, overrides and isolates, and the invisible direction marks.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                          "\u200e\u200f\u061c")
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")
# Joiners shape emoji and some scripts (Persian, the Indic scripts): allowed between two
# non-ASCII characters, an invisible trick anywhere else.
JOINERS = frozenset("\u200c\u200d")
# Tag characters follow a black flag in the flags of England, Scotland and Wales.
TAGS = range(0xE0020, 0xE0080)
# Default-ignorable characters that are not format characters, so the Cf test misses
# them: the Hangul fillers (letters that draw nothing, a known way to make a blank name),
# the combining grapheme joiner and Khmer's two invisible vowels. Variation selectors stay
# allowed: they choose an emoji's or an ideograph's form.
INVISIBLE_LETTERS = frozenset({0x115F, 0x1160, 0x3164, 0xFFA0, 0x034F, 0x17B4, 0x17B5})
_INVISIBLE_LETTER_CHARS = frozenset(map(chr, INVISIBLE_LETTERS))
# What a multi-line text may hold that str.isprintable() refuses.
_MULTI_LINE_ALLOWED = str.maketrans("", "", "\n\r\t")
_ASCII_GRAPHIC = re.compile("[!-~]")
# Where a spreadsheet formula's first character is refused (see FORMULA_STARTS).
FORMULA_FIELDS = frozenset({"name", "organization", "address", "city", "number"})


def check_text(record: Record) -> list[Diagnostic]:
    findings: list[Diagnostic] = []
    for path, text in _texts(record.data, ()):
        message = _problem(text, multi_line=_field(path) in MULTI_LINE_FIELDS and len(path) == 1)
        if message is None and _field(path) in FORMULA_FIELDS and text.startswith(
                FORMULA_STARTS):
            message = (f"starts with {text[0]!r}, which makes spreadsheets run the text as a "
                       "formula; start it with a letter or digit")
        if message:
            findings.append(record.diagnostic(path, Severity.ERROR, message))
    return findings


def _texts(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))


def _field(path: Path_) -> str:
    return next((part for part in reversed(path) if isinstance(part, str)), "")


def _problem(text: str, *, multi_line: bool) -> str | None:
    if text.isascii() and text.isprintable():
        return None if text.strip() else _blank(text)  # the common case, quickly
    # The next most common (accents, dashes, curly quotes), without a look at each
    # character: str.isprintable() is false for every category refused below (Cc, Cf,
    # Cs, Co, Cn) and for the line and paragraph separators, and a visible ASCII
    # character makes the text visible. Anything else is looked at character by character.
    plain = text.translate(_MULTI_LINE_ALLOWED) if multi_line else text
    if (plain.isprintable() and (multi_line or _INVISIBLE_LETTER_CHARS.isdisjoint(text))
            and _ASCII_GRAPHIC.search(text)):
        return None
    return _problem_by_character(text, multi_line=multi_line)


def _problem_by_character(text: str, *, multi_line: bool) -> str | None:
    for index, char in enumerate(text):
        if char in LINE_BREAKS:
            if multi_line and char in "\n\r":
                continue
            if multi_line:
                return f"holds {character_name(char)}; use an ordinary line break"
            return (f"holds {character_name(char)}, a line break; write it on one line (in YAML, > "
                    "joins the lines of a long value, | keeps them)")
        if char in BIDI_CONTROLS:
            return (f"holds {character_name(char)}, an invisible direction control that can "
                    "make the page show the text in another order than it was written; "
                    "delete it")
        category = unicodedata.category(char)
        if category == "Cc" and not (multi_line and char == "\t"):
            return f"holds {character_name(char)}, a control character; delete it"
        if category == "Cf" and not multi_line and not _allowed_format(text, index):
            return (f"holds {character_name(char)}, an invisible character that hides what "
                    "the text says (or makes it look like another); delete it")
        if category in ("Co", "Cn", "Cs"):
            return f"holds {character_name(char)}, which is not a character any text should use"
        if ord(char) in INVISIBLE_LETTERS and not multi_line:
            return (f"holds {character_name(char)}, an invisible character that hides what "
                    "the text says (or makes it look like another); delete it")
    return None if _visible(text) else _blank(text)


def _allowed_format(text: str, index: int) -> bool:
    char = text[index]
    if char in JOINERS:
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        return not (before.isascii() or after.isascii() or before.isspace() or after.isspace())
    return ord(char) in TAGS


def _visible(text: str) -> bool:
    return any(unicodedata.category(char)[0] in "LNPS" and not is_invisible(char)
               for char in text)


def _blank(text: str) -> str:
    if not text:
        return "is empty; write a value or remove the key"
    return "has no visible character (only spaces or invisible characters); write a value"
