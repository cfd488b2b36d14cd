"""Numbers as a presenter says them, for the briefing pack's speaker notes: "3.700" becomes
"3.700 (tiga ribu tujuh ratus)" in Indonesian, "3,700 (three thousand seven hundred)" in
English; a share "61,8%" becomes "enam puluh satu koma delapan persen". Years (four digits
between 1900 and 2100, written without a separator) stay as they are: they are read as years.

Pure (no Streamlit); the numbers are read as :func:`dashboard.i18n.number` writes them in each
language (Indonesian: 1.234,5; English: 1,234.5).
"""

from __future__ import annotations

import re

_ID_ONES = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan",
            "sembilan", "sepuluh", "sebelas")
_EN_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
            "seventeen", "eighteen", "nineteen")
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
            "ninety")
_ID_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (1000, "ribu"))
_EN_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"),
              (1000, "thousand"))
#: A number as each language writes it (thousands grouped, a decimal part), maybe a share.
_NUMBER = {"id": re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(\s?%)?(?![\w])"),
           "en": re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(\s?%)?(?![\w])")}


def whole(value: int, lang: str) -> str:
    """A whole number in words (``lang`` "id" or "en")."""
    if value < 0:
        return "minus " + whole(-value, lang)
    return _id(value) if lang == "id" else _en(value)


def _id(value: int) -> str:
    if value < 12:
        return _ID_ONES[value]
    if value < 20:
        return f"{_ID_ONES[value - 10]} belas"
    if value < 100:
        tens, rest = divmod(value, 10)
        return f"{_ID_ONES[tens]} puluh" + (f" {_ID_ONES[rest]}" if rest else "")
    if value < 1000:
        hundreds, rest = divmod(value, 100)
        head = "seratus" if hundreds == 1 else f"{_ID_ONES[hundreds]} ratus"
        return head + (f" {_id(rest)}" if rest else "")
    for scale, name in _ID_SCALES:
        if value >= scale:
            count, rest = divmod(value, scale)
            head = "seribu" if scale == 1000 and count == 1 else f"{_id(count)} {name}"
            return head + (f" {_id(rest)}" if rest else "")
    raise AssertionError(value)  # pragma: no cover - every value falls in a scale above


def _en(value: int) -> str:
    if value < 20:
        return _EN_ONES[value]
    if value < 100:
        tens, rest = divmod(value, 10)
        return _EN_TENS[tens] + (f"-{_EN_ONES[rest]}" if rest else "")
    if value < 1000:
        hundreds, rest = divmod(value, 100)
        return f"{_EN_ONES[hundreds]} hundred" + (f" and {_en(rest)}" if rest else "")
    for scale, name in _EN_SCALES:
        if value >= scale:
            count, rest = divmod(value, scale)
            tail = "" if not rest else (f" and {_en(rest)}" if rest < 100 else f" {_en(rest)}")
            return f"{_en(count)} {name}{tail}"
    raise AssertionError(value)  # pragma: no cover


def number(text: str, lang: str) -> str:
    """One written number (``"3.700"``, ``"61,8%"``) in words; ``text`` itself if it is not
    one."""
    match = _NUMBER.get(lang, _NUMBER["id"]).fullmatch(text.strip())
    return _words(match, lang) if match else text


def _words(match: re.Match[str], lang: str) -> str:
    digits, decimals, share = match.groups()
    spoken = whole(int(re.sub(r"[.,]", "", digits)), lang)
    if decimals:
        point = " koma " if lang == "id" else " point "
        spoken += point + " ".join(whole(int(d), lang) for d in decimals)
    if share:
        spoken += " persen" if lang == "id" else " per cent"
    return spoken


def said(text: str, lang: str) -> str:
    """``text`` with each number in it followed by its words in brackets (years left as
    they are)."""
    def say(match: re.Match[str]) -> str:
        digits, decimals, share = match.groups()
        if not decimals and not share and re.fullmatch(r"(19|20)\d\d|2100", digits):
            return match.group(0)
        return f"{match.group(0)} ({_words(match, lang)})"

    return _NUMBER.get(lang, _NUMBER["id"]).sub(say, text)
