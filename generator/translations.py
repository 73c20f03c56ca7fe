"""The site's languages and their interface texts, from gettext catalogues managed with Babel.

English is the source language: its texts are the message ids in the code and templates.
Each other language has ``generator/locale/<code>/LC_MESSAGES/messages.po``, the file a
translator edits with the usual tools (Poedit, Weblate, ``pybabel update``); it is compiled
in memory when first needed, so no binary ``.mo`` file is committed. Dates and numbers are
formatted by Babel's CLDR data for the language.

Validator messages stay in English: they are for editors.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"


@dataclass(frozen=True)
class Language:
    """A language of the site: its pages live under ``prefix`` ("" for English)."""

    code: str  # BCP 47, as <html lang> and hreflang take it
    name: str  # in itself, as the language switcher shows it
    prefix: str

    def path(self, path: str) -> str:
        """The address of a page in this language, from its English address."""
        return self.prefix + path

    @property
    def is_source(self) -> bool:
        return not self.prefix


ENGLISH = Language("en", "English", "")
SPANISH = Language("es", "Español", "es/")
LANGUAGES: tuple[Language, ...] = (ENGLISH, SPANISH)


def language_of(path: str) -> Language:
    """The language of a page from its address (or source path) below the site's root."""
    for language in LANGUAGES:
        if language.prefix and (path == language.prefix.rstrip("/")
                                or path.startswith(language.prefix)):
            return language
    return ENGLISH


def english_path(path: str) -> str:
    """A page's address without its language prefix: the same page in English."""
    language = language_of(path)
    return path[len(language.prefix):] if language.prefix else path


def catalogue_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass(frozen=True)
class Translator:
    """The interface texts, dates and numbers of one language."""

    language: Language
    catalogue: gettext.NullTranslations

    @property
    def code(self) -> str:
        return self.language.code

    def gettext(self, message: str) -> str:
        return self.catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.catalogue.ngettext(singular, plural, count)

    def long_date(self, day: dt.date) -> str:
        """``November 27, 2026``; ``27 de noviembre de 2026``."""
        return _long_date(day, self.code)

    def number(self, value: float, digits: int = 1) -> str:
        """``4.1``; ``4,1``."""
        return _number(round(value, digits), digits, self.code)


# Babel parses its pattern and looks up the locale on every call: thousands of pages ask
# for the same few dates and distances.
@lru_cache(maxsize=4096)
def _long_date(day: dt.date, code: str) -> str:
    return format_date(day, format="long", locale=code)


@lru_cache(maxsize=4096)
def _number(value: float, digits: int, code: str) -> str:
    return format_decimal(value, format=f"0.{'0' * digits}", locale=code)


@cache
def translator(code: str = "en") -> Translator:
    """The translator for a language code of LANGUAGES (English needs no catalogue)."""
    language = next((lang for lang in LANGUAGES if lang.code == code), None)
    if language is None:
        raise ValueError(f"no such language: {code!r}")
    if language.is_source:
        return Translator(language, gettext.NullTranslations())
    return Translator(language, load_catalogue(catalogue_path(code), code))


def load_catalogue(po_file: Path, code: str) -> gettext.NullTranslations:
    """A ``.po`` file compiled in memory; fuzzy entries are left out, as msgfmt does."""
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale=code, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


ENGLISH_TEXTS = translator("en")


# -- the browser's texts --------------------------------------------------------------------

# CLDR's plural categories in the order gettext numbers a language's forms (Babel's
# `to_gettext`): Spanish's "one", "many", "other" are msgstr[0], [1] and [2].
_CLDR_PLURAL_ORDER = ("zero", "one", "two", "few", "many", "other")
BROWSER_SOURCE_SUFFIX = ".js"


def plural_categories(code: str) -> list[str]:
    tags = set(Locale.parse(code).plural_form.tags) | {"other"}
    return [tag for tag in _CLDR_PLURAL_ORDER if tag in tags]


@cache  # read once per process, as translator() reads the catalogue: serve rebuilds often
def browser_messages(code: str) -> dict[str, Any]:
    """The translations of the texts the browser code asks for (theme/assets/**.js, as
    theme/assets/i18n/i18n.js reads them): id -> text, or the list of forms of a plural
    text under its singular. Untranslated and fuzzy entries stay out, so English shows."""
    with catalogue_path(code).open("rb") as handle:
        catalog = read_po(handle, locale=code, domain=DOMAIN)
    messages: dict[str, str | list[str]] = {}
    for message in catalog:
        if not message.id or message.fuzzy or not any(
                path.endswith(BROWSER_SOURCE_SUFFIX) for path, _line in message.locations):
            continue
        if isinstance(message.id, tuple | list):
            forms = [str(form) for form in message.string or ()]
            if forms and all(forms):
                messages[str(message.id[0])] = forms
        elif message.string:
            messages[str(message.id)] = str(message.string)
    symbols = Locale.parse(code).number_symbols["latn"]
    return {"lang": code, "plural": plural_categories(code), "messages": messages,
            "number": {"decimal": symbols["decimal"], "group": symbols["group"]}}


# -- extraction (babel.cfg) -----------------------------------------------------------------

ExtractedMessage = tuple[int, str, str, list[str]]


def extract_vocabulary(fileobj: object, keywords: object, comment_tags: object,
                       options: object) -> list[ExtractedMessage]:
    """Babel extractor for the schema: every label of the one vocabulary, so that each has
    its translation beside it in the catalogue (the schema itself stays English)."""
    from generator.vocabulary import GROUPS, group  # the vocabulary reads the schema

    found: list[ExtractedMessage] = []
    for name in GROUPS:
        vocabulary = group(name)
        for value, label in vocabulary.labels.items():
            found.append((0, "gettext", label, [f"vocabulary {name}: {value}"]))
        for value, label in vocabulary.short.items():
            found.append((0, "gettext", label, [f"vocabulary {name} (short): {value}"]))
    return found


def extract_navigation(fileobj: object, keywords: object, comment_tags: object,
                       options: object) -> list[ExtractedMessage]:
    """Babel extractor for mkdocs.yml: the titles of the navigation's sections (a page's
    title comes from the page itself, in its language), and the site's copyright line."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load(fileobj.read(), Loader=Loader)  # type: ignore[attr-defined]
    found: list[ExtractedMessage] = []

    def walk(items: object) -> None:
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                for title, value in item.items():
                    if isinstance(value, list):
                        found.append((0, "gettext", str(title), ["navigation section"]))
                        walk(value)

    walk(config.get("nav"))
    if config.get("copyright"):
        found.append((0, "gettext", str(config["copyright"]), ["mkdocs.yml copyright"]))
    return found
