"""One translation table for all user-facing text, and number/date formats per language.

Bahasa Indonesia first; English one click away. Pages never hard-code strings: they ask
``t(key, lang)``; the text lives in ``dashboard/translations.csv``.
"""

from __future__ import annotations

import csv
import datetime as dt
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from domain.reference import LANGUAGES

LOCALES = {"id": "id_ID", "en": "en_GB"}
TABLE = Path(__file__).with_name("translations.csv")


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as fh:
        return {row["key"]: {lang: row[lang] for lang in LANGUAGES} for row in csv.DictReader(fh)}


def t(key: str, lang: str = "id", **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``{name}`` placeholders filled."""
    text = _table()[key][lang if lang in LANGUAGES else "id"]
    return text.format(**values) if values else text


def keys() -> set[str]:
    return set(_table())


def number(value: float, lang: str = "id", digits: int = 0) -> str:
    """``1234567`` -> ``1.234.567`` (id) / ``1,234,567`` (en)."""
    pattern = "#,##0" + (("." + "0" * digits) if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def percent(value: float, lang: str = "id", digits: int = 1) -> str:
    """``0.125`` -> ``12,5%`` (id) / ``12.5%`` (en)."""
    pattern = "#,##0" + (("." + "0" * digits) if digits else "") + "%"
    return format_percent(value, format=pattern, locale=LOCALES[lang])


def month_year(year: int, month: int, lang: str = "id") -> str:
    """``(2025, 6)`` -> ``Juni 2025`` / ``June 2025``."""
    return format_date(dt.date(year, month, 1), "MMMM yyyy", locale=LOCALES[lang])


def data_text(indonesian: str, english: str | None, lang: str = "id") -> str:
    """A text that came with the data (a source, a caveat, an indicator's name): its English
    twin in the English view, else the Indonesian marked as such ("(in Indonesian) …") — never
    Indonesian passed off as English."""
    if lang != "en":
        return indonesian
    if english:
        return english
    return f"{t('label.in_indonesian', 'en')} {indonesian}" if indonesian else indonesian
