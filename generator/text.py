"""Unicode text as people read it: comparing names, naming characters, spreadsheet cells.

``name_key`` folds what a reader cannot tell apart: compatibility forms (full-width
letters), case, invisible characters and confusable letters from other scripts (a
Cyrillic "а" for a Latin "a"), following the "skeleton" of Unicode's TR39, with the
confusables data of the ``confusable-homoglyphs`` package.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from importlib import resources

# A cell starting with one of these is run as a formula by spreadsheets (OWASP, "CSV
# injection"): exports start such text with a quote, and the validator refuses it where
# no one would write it (names, addresses, cities, licence numbers).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt; Python's unicodedata
# does not expose it): characters a renderer shows as nothing. Most are format characters
# (Cf), but not all: the Hangul fillers are letters (Lo) and the combining grapheme joiner
# and variation selectors are marks, so a category test alone lets them through.
DEFAULT_IGNORABLE = frozenset().union(*(range(a, b + 1) for a, b in (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
    (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)))
# Blank though not ignorable: it draws an empty braille cell, as wide as a letter.
BLANKS = frozenset({0x2800})


def is_invisible(char: str) -> bool:
    """True for a character that shows as nothing (or as blank space)."""
    code = ord(char)
    return code in DEFAULT_IGNORABLE or code in BLANKS or unicodedata.category(char) in (
        "Cf", "Cc")


def name_key(name: str) -> str:
    """The key under which two names count as the same listing."""
    if name.isascii():
        # Each ASCII character is folded on its own, so a table does it at once (the
        # checks across 10,000 records call this 30,000 times).
        return " ".join(name.translate(ASCII_KEYS).split())
    return _name_key(name)


# What the folding below makes of each ASCII character, written out: working it out
# reads the whole table of look-alikes, a tenth of a second that a run over ASCII names
# never needs (tests/test_text.py holds it to the folding, character by character).
# Capitals are lower case; "l", "L" and "|" look like "1"; controls vanish; every other
# sign separates words.
_ASCII_SIGNS = "".join(chr(c) for c in range(32, 127) if not chr(c).isalnum() and c != 0x7C)
ASCII_KEYS = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZl|" + _ASCII_SIGNS,
    "abcdefghijk1mnopqrstuvwxyz11" + " " * len(_ASCII_SIGNS),
    "".join(map(chr, range(32))) + "\x7f",
)


def _name_key(name: str) -> str:
    return " ".join(_folded(name).split())


def _folded(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    # TR39's skeleton drops default-ignorable characters before mapping look-alikes.
    text = "".join(ch for ch in text if not (
        ord(ch) in DEFAULT_IGNORABLE or unicodedata.category(ch) in ("Cf", "Cc")))
    text = skeleton(text, _caseless_prototypes())
    # Letters, digits and marks of any script; everything else separates words (an
    # accent is part of its letter: "Noël" is not "Noe L").
    return "".join(ch if ch.isalnum() or unicodedata.category(ch)[0] == "M" else " "
                   for ch in text)


def skeleton(text: str, table: dict[str, str] | None = None) -> str:
    """Each character replaced by the representative of its set of look-alikes (TR39)."""
    table = _prototypes() if table is None else table
    decomposed = unicodedata.normalize("NFD", text)
    mapped = "".join(table.get(ch, ch) for ch in decomposed)
    return unicodedata.normalize("NFD", mapped)


@cache
def _prototypes() -> dict[str, str]:
    """Character -> one representative of the characters confusable with it.

    The package lists, for each character, the characters it can be mistaken for, in both
    directions; characters linked that way (one character to one character) form sets,
    and each set's representative is its ASCII member if it has one, else its first
    character in code-point order. Multi-character look-alikes ("rn" for "m") are left
    out: they would merge words, not letters.
    """
    data = json.loads(resources.files("confusable_homoglyphs").joinpath(
        "confusables.json").read_text("utf-8"))
    parent: dict[str, str] = {}

    def find(ch: str) -> str:
        while parent.get(ch, ch) != ch:
            parent[ch] = parent.get(parent[ch], parent[ch])
            ch = parent[ch]
        return ch

    for source, homoglyphs in data.items():
        if len(source) != 1:
            continue
        for glyph in homoglyphs:
            target = glyph["c"].replace("\u200e", "")  # marks around right-to-left letters
            if len(target) == 1:
                a, b = find(source), find(target)
                if a != b:
                    parent[max(a, b, key=_rank)] = min(a, b, key=_rank)
    return {ch: find(ch) for ch in parent if find(ch) != ch}


@cache
def _caseless_prototypes() -> dict[str, str]:
    """The look-alikes for text whose case is folded: a lower-case letter that looks like
    no ASCII letter stands for the ASCII letter its capital looks like.

    Cyrillic "Н" looks like "H", but its lower case "н" looks like "ʜ": with case folded
    first, "НОРЕ" would not read as "HOPE". Mapping "н" to "h" keeps "НОРЕ", "Норе" and
    "норе" one name, which mapping "Н" alone would not. A lower-case letter that already
    looks like an ASCII letter keeps it (Greek "ν" is "v", though "Ν" looks like "N").
    """
    prototypes = _prototypes()
    table = dict(prototypes)
    for capital, prototype in prototypes.items():
        small = capital.lower()
        if (prototype.isascii() and prototype.isalpha() and len(small) == 1
                and small != capital and small.upper() == capital
                and not table.get(small, small).isascii()):
            # Through the table again: "ⳑ" looks like "L", and "l" is "1".
            table[small] = prototypes.get(prototype.lower(), prototype.lower())
    return table


def _rank(ch: str) -> tuple[bool, int]:
    # ASCII first, then by code point: "l" stands for "I", "1" and "ӏ".
    return (not ch.isascii(), ord(ch))


# Control characters have no Unicode name; these are the ones editors meet.
_CONTROL_NAMES = {0x00: "NUL", 0x08: "BACKSPACE", 0x09: "TAB", 0x0A: "LINE FEED",
                  0x0B: "LINE TABULATION", 0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN",
                  0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE"}


def character_name(char: str) -> str:
    """``U+202E (RIGHT-TO-LEFT OVERRIDE)``: a character an editor cannot see, named."""
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(ord(char), "")
    return f"U+{ord(char):04X} ({name})" if name else f"U+{ord(char):04X}"


def printable(text: str) -> str:
    """Text safe to print on one line of a terminal or a CI log: control characters, line
    breaks and direction controls become visible escapes (``\\n``, ``\\u202e``), so that no
    record value can start a line of its own (a forged ``::error::`` workflow command)
    or reorder what is shown."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else _escape(ch) for ch in text)


def _escape(char: str) -> str:
    code = ord(char)
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char)
    if named:
        return named
    return f"\\x{code:02x}" if code < 0x100 else (
        f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")


_NUMBER = re.compile(r"(\d+)")


def sort_key(name: str) -> tuple[tuple[int, int, str], ...]:
    """How names are put in alphabetical order, everywhere the site lists them: without
    case or accents ("Álamo" with the a's), numbers by value ("Step 9" before "Step 10"),
    as a family reading the list expects."""
    text = "".join(ch for ch in unicodedata.normalize("NFKD", name)
                   if not unicodedata.combining(ch)).casefold()
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part)
                 for part in _NUMBER.split(text) if part)
