"""One cell of a record-level export (loaders/layouts/records.py, intern_records.py): the
departure date as exports write it, and whether a kept value looks like a personal identifier
(a NIK, a passport or phone number, an e-mail address), which refuses its row."""

from __future__ import annotations

import datetime as dt
import re

from domain import personal_data
from loaders.column_values import MONTH_NAMES

# --- personal data in a kept cell ----------------------------------------------------------

_IDENTIFIER_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\d{6,}"),  # NIK, KK, phone, account numbers
    re.compile(r"\d{4}[ .\-]\d{4}[ .\-]\d{4}"),  # the same, grouped
    re.compile(r"(?<![A-Za-z])[A-Za-z]{1,2} ?\d{6,8}(?!\d)"),  # passport: B1234567, AB 123456
    # e-mail; it starts where a word starts (the same matches, in linear time)
    re.compile(r"(?<![^@\s])[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"),
    re.compile(r"(\+62|(?<!\d)62|(?<!\d)0)[ .\-]?8\d{1,3}[ .\-]?\d{3,4}[ .\-]?\d{2,5}"),  # phone
)


def looks_like_identifier(text: str) -> bool:
    """True for a value that may identify a person: 6+ digits in a row (NIK, phone), digits in
    groups of four, a passport number (``B1234567``), an e-mail address, a phone number
    (``+62 812…``, ``0812-…``). Regency codes (``3604``, ``36.04``), dates and vocabulary words
    are not. Digits and separators are normalised first (domain/personal_data.py: fullwidth
    and other scripts' digits, any dash or space, invisible characters), and whatever
    ``personal_data.screen`` finds counts too."""
    if not any(ch.isdigit() or ch == "@" for ch in text):
        return False
    plain = personal_data.normalise(text)
    return any(pattern.search(plain) for pattern in _IDENTIFIER_PATTERNS) or \
        personal_data.screen(plain) is not None


# --- departure dates -----------------------------------------------------------------------

EXCEL_EPOCH = dt.date(1899, 12, 30)
#: Month keys of dates that cannot be read, and of dates after today.
UNREADABLE = -1
FUTURE = -2
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?: \d{1,2}:\d{2}(?::\d{2})?)?")
_SERIAL = re.compile(r"(\d{5})(?:\.\d+)?")
_NAMED = re.compile(r"(\d{1,2})[ \-./]*([A-Za-z]+)\.?[ \-./,]*(\d{4}|\d{2})")


def _full_year(year: int, today: dt.date) -> int:
    if year >= 100:
        return year
    return 2000 + year if 2000 + year <= today.year else 1900 + year


def _month_number(name: str) -> int | None:
    return MONTH_NAMES.get(name.lower())


def parse_date(text: str, today: dt.date) -> dt.date | None:
    """A departure date as written in exports, or None: ``15/03/2024``, ``15-03-2024``,
    ``5/3/24``, ``2024-03-15`` (also with a time, as spreadsheets give it), an Excel serial
    number (``45366``), ``15 Maret 2024`` / ``15-Mar-2024``. Day first, as in Indonesia."""
    text = text.strip()
    try:
        if found := _ISO.fullmatch(text):
            year, month, day = (int(g) for g in found.groups())
            return dt.date(year, month, day)
        if found := _DMY.fullmatch(text):
            day, month, year = (int(g) for g in found.groups())
            return dt.date(_full_year(year, today), month, day)
        if found := _SERIAL.fullmatch(text):
            return EXCEL_EPOCH + dt.timedelta(days=int(found.group(1)))
        if found := _NAMED.fullmatch(text):
            month = _month_number(found.group(2))
            if month is None:
                return None
            day, year = int(found.group(1)), int(found.group(3))
            return dt.date(_full_year(year, today), month, day)
    except ValueError:  # 31/02/2024, month 13 …
        return None
    return None
