"""Cleaning the locator's values: text, ZIP codes, coordinates, phones, websites, the case
of names and addresses, the two name fields, and the forms names and addresses are
compared in.

Each ``clean_*`` function returns the value it could keep (or None) and, where the value
was given but not kept or only partly, a note for the editor saying what and why.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import phonenumbers

from generator.geography import LatLon, zip_place, zip_row

# Strings the locator (and spreadsheets) use for "no value".
MISSING_VALUES = frozenset({"", "na", "n/a", "n.a.", "null", "none", "nan", "-", "--", "?"})


def clean_text(value: object) -> str | None:
    """Trimmed text with whitespace collapsed; None for empty and "NA"-like values."""
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if value.is_integer():
            value = int(value)  # 78701.0 -> 78701
    text = unicodedata.normalize("NFC", str(value))
    text = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text)
    text = " ".join(text.split())
    return None if text.lower() in MISSING_VALUES else text


def clip(text: str, limit: int) -> str:
    """The text, cut with an ellipsis to fit ``limit`` characters."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --------------------------------------------------------------------------- places


def clean_zip(value: object) -> tuple[str | None, str | None]:
    """(5-digit ZIP, problem). Accepts 78701, 78701.0, "78701-1234", "787011234"."""
    text = clean_text(value)
    if text is None:
        return None, None
    text = re.sub(r"^(\d+)\.0+$", r"\1", text)  # a spreadsheet's number: "78701.0"
    match = re.fullmatch(r"(\d{5})(?:[-\s]?\d{4})?", text)
    if match:
        return match.group(1), None
    if re.fullmatch(r"\d{3,4}", text):  # a number lost its leading zeros (New England)
        return text.zfill(5), None
    if re.fullmatch(r"\d{7,8}", text):  # ZIP+4 stored as a number
        return text.zfill(9)[:5], None
    return None, f"ZIP {text!r} is not a 5-digit ZIP code"


def zip_state_problem(raw: object, zip5: str, state: object) -> str | None:
    """A ZIP padded with zeros must exist and lie in the row's state, or it was a typo."""
    digits = re.sub(r"\D", "", clean_text(raw) or "")
    if len(digits) in (5, 9):  # nothing was padded
        return None
    place = zip_place(zip5)
    given = (clean_text(state) or "").upper()
    if place is None or (given and place.state != given):
        return f"ZIP {clean_text(raw)!r} is not a 5-digit ZIP code"
    return None


def zip_centroid(zip5: str) -> LatLon | None:
    """The centre of a 5-digit ZIP code (offline data), or None for an unknown ZIP."""
    place = zip_place(zip5)
    return None if place is None else place.point


def zip_state(zip5: str) -> str:
    """The state of a ZIP code, or "" for an unknown ZIP."""
    place = zip_place(zip5)
    return "" if place is None else place.state


def zip_city(zip5: str) -> str:
    """The city of a ZIP code as the ZIP data writes it ("Dover AFB"), or ""."""
    row = zip_row(zip5)
    return str(row.get("city") or "") if row else ""


def clean_coordinates(lat: object, lon: object) -> tuple[LatLon | None, str | None]:
    """((lat, lon), problem); None when either is missing or not a valid position."""
    lat_text, lon_text = clean_text(lat), clean_text(lon)
    if lat_text is None or lon_text is None:
        return None, None
    try:
        point = (float(lat_text), float(lon_text))
    except ValueError:
        return None, f"coordinates ({lat_text}, {lon_text}) are not numbers"
    if not all(math.isfinite(v) for v in point) or point == (0.0, 0.0):
        return None, f"coordinates ({lat_text}, {lon_text}) are not a real position"
    if not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
        return None, f"coordinates ({lat_text}, {lon_text}) are out of range"
    return (round(point[0], 6), round(point[1], 6)), None


# --------------------------------------------------------------------------- contact


@dataclass(frozen=True)
class Phone:
    number: str  # 512-555-0142
    extension: str | None = None

    def __str__(self) -> str:
        return f"{self.number} ext. {self.extension}" if self.extension else self.number


def clean_phone(value: object) -> tuple[Phone | None, str | None]:
    """(phone, note). Keeps valid US numbers as 512-555-0142 and splits off extensions.

    A field with several numbers ("512-544-5253/5255", "... or 800-848-9090") keeps the
    first, with a note naming the field as written.
    """
    text = clean_text(value)
    if text is None:
        return None, None
    text = re.sub(r"^(\d{10})\.0+$", r"\1", text)  # a spreadsheet's number as text
    parsed: phonenumbers.PhoneNumber | None
    try:
        parsed = phonenumbers.parse(text, "US")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and parsed.country_code != 1:
        return None, f"the phone {text!r} is not a US number and was left out"
    if parsed is None or not phonenumbers.is_valid_number_for_region(parsed, "US"):
        found = [m.number for m in phonenumbers.PhoneNumberMatcher(text, "US")
                 if phonenumbers.is_valid_number_for_region(m.number, "US")]
        if not found:
            reason = "could not be read" if parsed is None else "is not a valid US number"
            return None, f"the phone {text!r} {reason} and was left out"
        phone = _phone(found[0])
        return phone, f"the phone field reads {text!r}; only the first number, {phone}, was kept"
    return _phone(parsed), None


def _phone(parsed: phonenumbers.PhoneNumber) -> Phone:
    digits = str(parsed.national_number)
    return Phone(f"{digits[:3]}-{digits[3:6]}-{digits[6:]}", parsed.extension or None)


def clean_website(value: object) -> tuple[str | None, str | None]:
    """(https URL, problem). http and malformed addresses are left out with a note."""
    text = clean_text(value)
    if text is None:
        return None, None
    if re.match(r"(?i)^mailto:|^[^/\s]+@[^/\s]+\.[a-z]{2,}$", text):
        return None, (f"the website field holds an email address ({text}); it was left "
                      "out: add it as contact.email if the program uses it")
    candidate = text if re.match(r"(?i)^[a-z][a-z0-9+.\-]*://", text) else f"http://{text}"
    try:
        parts = urlsplit(candidate)
        host = parts.hostname
    except ValueError:
        host = None
    if " " in text or not host or "." not in host:
        return None, f"the website {text!r} is not a valid address and was left out"
    scheme = parts.scheme.lower()
    netloc = parts.netloc.lower()
    if scheme == "https" and len(candidate) <= 500:
        return urlunsplit(("https", netloc, parts.path, parts.query, parts.fragment)), None
    if scheme == "http":
        https = urlunsplit(("https", netloc, parts.path, parts.query, ""))
        return None, (
            f"the locator lists the website {text}, which is not https: check that {https} "
            "works and add it as contact.website"
        )
    return None, f"the website {text!r} is not an https address and was left out"


# --------------------------------------------------------------------------- case

# Words kept in capitals when a name arrives in all capitals or all lower case.
ACRONYMS = frozenset({
    "LLC", "LLP", "PLLC", "PC", "LP", "USA", "US", "TX", "VA", "MH", "MR", "MHMR", "IDD",
    "IOP", "PHP", "OP", "CARF", "ATCIC", "DBA", "II", "III", "IV", "ADHD", "PTSD", "HIV",
    "AIDS", "LGBT", "LGBTQ", "YMCA", "YWCA", "UT", "UTHSC", "HHSC", "SE", "NE", "NW", "SW",
    "IH", "FM", "CR", "RR", "PO", "ACT", "CMS", "NA", "AA", "BH", "DSHS", "ABC", "ISD",
})  # fmt: skip
ABBREVIATIONS = frozenset({
    "ctr", "st", "dr", "rd", "blvd", "hwy", "pkwy", "ln", "ste", "bldg", "mr", "mrs", "ms",
    "jr", "sr", "servs", "svcs", "mgmt", "assn", "inc", "co", "corp", "ltd", "mt", "ft",
    "ct", "pl", "cir", "drs",
})  # fmt: skip
SMALL_WORDS = frozenset({
    "a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with",
})  # fmt: skip


def tidy_case(text: str | None) -> str | None:
    """Title-case text whose words are all in capitals or lower case; keep the rest."""
    if not text:
        return text
    words = re.findall(r"[^\W\d_]+", text)
    if any(not (w.isupper() or w.islower()) for w in words):
        return text  # a word in mixed case (Austin, bbTrails) was typed with care: trust it
    if re.fullmatch(r"[A-Z]{2,5}", text):
        return text  # a lone short word in capitals is an acronym (PACT)
    tokens = re.split(r"([A-Za-z0-9]+(?:'[A-Za-z]+)?)", text)
    out: list[str] = []
    first = True
    for token in tokens:
        if token and (token[0].isalnum()):
            out.append(_tidy_word(token, first))
            first = False
        else:
            out.append(token)
    return "".join(out)


def _tidy_word(word: str, first: bool) -> str:
    upper, lower = word.upper(), word.lower()
    if upper in ACRONYMS:
        return upper
    if len(lower) > 3 and lower.startswith("mc"):
        return "Mc" + lower[2:].capitalize()  # MCDADE: McDade
    if re.fullmatch(r"o'[a-z]{2,}", lower):
        return "O'" + lower[2:].capitalize()  # O'CONNOR: O'Connor
    if any(c.isdigit() for c in word):
        return lower if re.fullmatch(r"\d+(st|nd|rd|th)", lower) else upper
    if len(word) == 1:
        return upper
    if lower in SMALL_WORDS and not first:
        return lower
    if lower in ABBREVIATIONS:
        return lower.capitalize()
    if not re.search(r"[aeiouy]", lower):
        return upper  # MHMR, TRS: no vowels, so an abbreviation
    return lower.capitalize()


# --------------------------------------------------------------------------- names


LEGAL_SUFFIX = re.compile(
    r"\b(inc|incorporated|llc|l\.l\.c|llp|ltd|corp|corporation|company|pllc|pc|p\.c|lp|"
    r"foundation|association)\.?$",
    re.IGNORECASE,
)
UNFINISHED = re.compile(r"\b(and|&|of|for|the|in|at|to|with)$|[-,/]$", re.IGNORECASE)


@dataclass
class Names:
    name: str
    organization: str | None = None
    listed_as: str | None = None  # name2 when it is neither: told in the description


def resolve_names(name1: str, name2: str | None) -> Names:
    """Split the locator's two name fields into name, organization and a leftover."""
    if not name2 or normal_name(name2) == normal_name(name1):
        return Names(name1)
    if UNFINISHED.search(name1) or name2[:1].islower():
        return Names(f"{name1} {name2}")  # one name split over both fields
    dba = re.match(r"(?i)^(dba|d/b/a|d\.b\.a\.?)\s+(.+)$", name2)
    if dba:
        name = dba.group(2)
        return Names(name[:1].upper() + name[1:], organization=name1)  # "the Right Step"
    if LEGAL_SUFFIX.search(name2) and normal_name(name2) != normal_name(name1):
        return Names(name1, organization=name2)
    return Names(name1, listed_as=name2)


# --------------------------------------------------------------------------- comparing


def _ascii_words(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.lower().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def normal_name(text: str) -> str:
    """A name as two names are compared: ASCII words in lower case, & as "and"."""
    return _ascii_words(text)


STREET_WORDS = {
    "street": "st", "avenue": "ave", "av": "ave", "boulevard": "blvd", "drive": "dr",
    "road": "rd", "lane": "ln", "highway": "hwy", "parkway": "pkwy", "suite": "ste",
    "building": "bldg", "north": "n", "south": "s", "east": "e", "west": "w",
    "court": "ct", "place": "pl", "circle": "cir", "expressway": "expy",
    "freeway": "fwy", "trail": "trl", "loop": "lp", "floor": "fl", "number": "no",
}  # fmt: skip


def normal_address(address: str, zip5: str) -> str:
    """An address as two addresses are compared, with its ZIP: "455 East Pecan Street"
    and "455 E. Pecan St." are both "455 e pecan st 78702"."""
    words = [STREET_WORDS.get(w, w) for w in _ascii_words(address).split()]
    return " ".join(words) + f" {zip5}"
