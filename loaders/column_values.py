"""Reading the values of a column: whole numbers (never converted beyond 18 digits), month
numbers and names in Indonesian and English, and a column's distinct values (each spelling
resolved once, then spread back to the rows) — the building blocks of loaders/validate.py."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

MONTH_NAMES: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("januari", "january", "jan"), ("februari", "february", "feb", "pebruari", "peb"),
        ("maret", "march", "mar", "mrt"), ("april", "apr"), ("mei", "may"), ("juni", "june", "jun"),
        ("juli", "july", "jul"), ("agustus", "august", "agu", "agt", "ags", "aug"),
        ("september", "sep", "sept"), ("oktober", "october", "okt", "oct"),
        ("november", "nopember", "nov", "nop"), ("desember", "december", "des", "dec"),
    ),
    start=1,
):
    for _name in _names:
        MONTH_NAMES[_name] = _number


_WHOLE = re.compile(r"[+]?0*(\d+)(?:\.0+)?")
#: Digits beyond which a whole number is only "too large" (any count over
#: limits.MAX_COUNT is refused; the value is never turned into a float or a huge int).
_MAX_DIGITS = 18
TOO_LARGE = 10 ** _MAX_DIGITS


def int_or_none(text: str) -> int | None:
    """``'12'``, ``'+12'``, ``'12.0'`` -> 12; TOO_LARGE for a whole number of more than 18
    digits (whatever its length: never converted); None for anything else."""
    found = _WHOLE.fullmatch(text.strip())
    if found is None:
        return None
    digits = found.group(1)
    return TOO_LARGE if len(digits) > _MAX_DIGITS else int(digits)


def parse_month(text: str) -> int | None:
    """``'3'``, ``'03'``, ``'Maret'``, ``'MAR'`` -> 3; anything else -> None."""
    number = int_or_none(text)
    if number is not None:
        return number
    return MONTH_NAMES.get(text.strip().lower().rstrip("."))


class Distinct:
    """The distinct values of a column, and which one each row holds.

    An element-wise step (``Series.map``, ``.str.fullmatch`` …) run on :attr:`values` and
    spread back with :meth:`spread` gives what it gives on the whole column, at the cost of the
    distinct values only. A layout may hand over a text column as a ``Categorical`` of strings
    (records do): it is then never hashed again.
    """

    def __init__(self, text: pd.Series) -> None:
        self.codes, uniques = pd.factorize(text, use_na_sentinel=False)
        if isinstance(uniques.dtype, pd.CategoricalDtype):  # text given as categories
            uniques = uniques.astype(uniques.dtype.categories.dtype)
        self.values = pd.Series(uniques)
        self.index = text.index

    def spread(self, result: pd.Series) -> pd.Series:
        """A result per distinct value (``values``) as a result per row."""
        out = result.take(self.codes)
        out.index = self.index
        return out

    def rows(self, position: int) -> np.ndarray:
        """Mask of the rows holding the ``position``-th distinct value."""
        return self.codes == position


def distinct_pairs(first: pd.Series, second: pd.Series) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """The distinct (first, second) pairs in order of appearance, and which one each row
    holds."""
    first_codes, first_values = pd.factorize(first, use_na_sentinel=False)
    second_codes, second_values = pd.factorize(second, use_na_sentinel=False)
    width = max(len(second_values), 1)
    codes, uniques = pd.factorize(first_codes.astype("int64") * width + second_codes)
    pairs = [(first_values[int(k) // width], second_values[int(k) % width]) for k in uniques]
    return codes, pairs
