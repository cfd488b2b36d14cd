"""Personal numbers in free text: one rule for every place text comes in (UU No. 27 Tahun 2022
on personal data protection: collect no more than needed).

* ``find`` locates NIK-like numbers (16 digits, grouped with spaces, dots, dashes or slashes),
  passport numbers (one or two capital letters and 7 digits, or any 6–9 letters and digits
  written right after the word *paspor*) and Indonesian mobile numbers (``+62 8…``,
  ``62 8…``, ``08…``) in a text;
* ``mask`` replaces what it finds with a mark (the public feedback form keeps the message, not
  the number);
* ``screen`` says whether a text holds any (the loaders refuse a file whose free-text cell
  does, naming line and column, never the value).

Text is matched after a normalisation that undoes the usual disguises: Unicode compatibility
forms (NFKC: fullwidth ``３６０３``, ``／``), digits of any script (``٣٦٠٣``), every kind of dash
and space, invisible format characters (zero-width space, direction marks) and runs of up to
three separators (``3603  1234  5678  9012``). Offsets are mapped back, so ``mask`` changes
only the number and leaves the rest of the text exactly as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

NIK = "nik"
PASSPORT = "paspor"
PHONE = "telepon"
KINDS: tuple[str, ...] = (NIK, PASSPORT, PHONE)
#: What each kind is called in the loaders' messages (Indonesian, like every message).
LABELS: dict[str, str] = {NIK: "NIK (16 angka)", PASSPORT: "nomor paspor",
                          PHONE: "nomor telepon"}
#: Every refusal for personal data says this, so that a refused file is recognised as one
#: (loaders/upload.py then never archives it whole).
REFUSAL = "berisi data pribadi"

#: Between two digits of a number: up to three of these (double spaces, " - ", "./").
_SEPARATORS = " .-/"
_NIK = re.compile(r"(?<![0-9])[0-9](?:[ ./\-]{0,3}[0-9]){15}(?![0-9])")
#: Two dates written as a period ("01/01/2024-31/12/2024", "2024-01-01 s.d. 2024-12-31") have
#: 16 digits too; they are not a NIK.
_DATE = r"(?:[0-9]{1,2}[./\-][0-9]{1,2}[./\-][0-9]{4}|[0-9]{4}[./\-][0-9]{1,2}[./\-][0-9]{1,2})"
_PERIOD = re.compile(rf"{_DATE}[ ./\-]{{0,3}}{_DATE}")
_PASSPORT = re.compile(r"(?<![A-Za-z0-9])[A-Z]{1,2}[ \-]?[0-9]{7}(?![A-Za-z0-9])")
#: Any 6–9 letters and digits (with at least one digit) written right after "paspor".
_PASSPORT_AFTER_WORD = re.compile(
    r"(?i)\b(?:paspor|passport|pasport)\b(?:\s*(?:no\.?|nomor|nomer|number|nr\.?))?"
    r"\s*[:#.]?\s*([A-Z0-9]{6,9})(?![A-Z0-9])")
#: +62 8xx…, 62 8xx…, 08xx…: 9 to 13 digits after the prefix's 0 or 62, in up to four groups.
_PHONE = re.compile(r"(?<![0-9+])(?:\+62|62|0)[ .\-]?8[0-9]{1,3}(?:[ .\-]{0,2}[0-9]{2,5}){1,3}"
                    r"(?![0-9])")
_PHONE_DIGITS = range(10, 15)


@dataclass(frozen=True)
class Finding:
    """A personal number found in a text: its kind and where it stands in the original text
    (``text[start:end]``)."""

    kind: str
    start: int
    end: int


def _char(ch: str) -> str:
    """One character as it is matched: a digit of any script as 0-9, any dash as ``-``, any
    space as a space, invisible format characters dropped, the rest in NFKC."""
    if ch.isascii():
        return ch
    category = unicodedata.category(ch)
    if category == "Nd":
        return str(unicodedata.decimal(ch))
    if category == "Pd" or ch in "\u2212\ufe63\uff0d":
        return "-"
    if category == "Zs" or ch in "\u2028\u2029":
        return " "
    if category == "Cf":
        return ""
    out = unicodedata.normalize("NFKC", ch)
    return "".join(str(unicodedata.decimal(c)) if unicodedata.category(c) == "Nd" else c
                   for c in out)


def _normalised(text: str) -> tuple[str, list[int]]:
    """``text`` as matched, and for each of its characters the index of the original
    character it came from."""
    if text.isascii():
        return text, list(range(len(text)))
    parts: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        out = _char(ch)
        parts.append(out)
        origin.extend([index] * len(out))
    return "".join(parts), origin


def normalise(text: str) -> str:
    """``text`` as the patterns see it (see the module docstring)."""
    return _normalised(text)[0]


def _is_nik(span: str) -> bool:
    return _PERIOD.fullmatch(span) is None


def _is_phone(span: str) -> bool:
    digits = sum(ch.isdigit() for ch in span)
    return digits in _PHONE_DIGITS


def find(text: str, kinds: Collection[str] = KINDS) -> list[Finding]:
    """Every personal number of ``kinds`` in ``text``, in order, without overlaps (a longer or
    earlier finding wins)."""
    plain, origin = _normalised(text)
    spans: list[tuple[int, int, str]] = []
    if NIK in kinds:
        spans += [(m.start(), m.end(), NIK) for m in _NIK.finditer(plain) if _is_nik(m.group())]
    if PASSPORT in kinds:
        spans += [(m.start(), m.end(), PASSPORT) for m in _PASSPORT.finditer(plain)]
        spans += [(m.start(1), m.end(1), PASSPORT) for m in _PASSPORT_AFTER_WORD.finditer(plain)
                  if any(ch.isdigit() for ch in m.group(1))]
    if PHONE in kinds:
        spans += [(m.start(), m.end(), PHONE) for m in _PHONE.finditer(plain)
                  if _is_phone(m.group())]
    found: list[Finding] = []
    end = -1
    for start, stop, kind in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < end:
            continue
        found.append(Finding(kind, origin[start], origin[stop - 1] + 1))
        end = stop
    return found


def screen(text: str, kinds: Collection[str] = KINDS) -> str | None:
    """The kind of the first personal number in ``text``, or None. Cheap for plain words: a
    text without any digit holds none."""
    if not any(ch.isdigit() for ch in text):
        return None
    found = find(text, kinds)
    return found[0].kind if found else None


def mask(text: str, marks: dict[str, str]) -> tuple[str, int]:
    """``text`` with every personal number of the kinds in ``marks`` replaced by its mark,
    and how many were replaced; the rest of the text is left exactly as written."""
    found = find(text, marks.keys()) if any(ch.isdigit() for ch in text) else []
    if not found:
        return text, 0
    parts: list[str] = []
    last = 0
    for finding in found:
        parts += [text[last:finding.start], marks[finding.kind]]
        last = finding.end
    parts.append(text[last:])
    return "".join(parts), len(found)


def refusal(kind: str, what: str = "sel ini") -> str:
    """The loaders' message for a cell (or ``what``) holding a personal number of ``kind``;
    the value itself is never quoted."""
    return f"{what} {REFUSAL}: mirip {LABELS[kind]}"


#: How to fix a refused cell, for every loader message.
REFUSAL_HINT = ("hapus nomor pribadi (NIK, paspor, telepon) dari teks itu, lalu unggah atau "
                "muat ulang berkasnya; kolom teks hanya untuk sitasi sumber atau keterangan, "
                "data per orang tidak boleh disimpan")
