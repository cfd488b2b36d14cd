"""The formula guard: text that a spreadsheet would run as a formula is written with a leading
``'``, so CSV and XLSX exports (charts, open data, feedback) show it instead of running it."""

from __future__ import annotations

#: What a spreadsheet reads as the start of a formula (or a cell-splitting control).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading ``'``; anything else
    (numbers included, negative ones too) is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
