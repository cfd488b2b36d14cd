"""Adding checked rows up into cells (one row per key: year, month, regency, breakdown …):
the running sum of a record-level file read frame by frame, the final sum, and the duplicate
check of a table whose rows must each be a cell already (loaders/validate.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from domain.problems import ProblemList
from loaders.layouts.base import RawFacts


class RunningSum:
    """Records added up frame by frame, as ``aggregate`` does (sum of ``jumlah``, first
    ``_line``) but unsorted: a file of millions of records keeps only its distinct cells, and
    ``aggregate`` then has little left to do."""

    #: Rows kept before the frames' sums are first added up together; then twice as many as
    #: the last total (so that a file of many distinct cells is not added up over and over).
    LIMIT = 400_000

    def __init__(self, key_columns: tuple[str, ...]) -> None:
        self.key_columns = key_columns
        self.parts: list[pd.DataFrame] = []
        self.codes: list[dict[str, np.ndarray]] = []
        self.rows = 0
        self.limit = self.LIMIT

    def add(self, part: pd.DataFrame, codes: dict[str, np.ndarray]) -> None:
        summed, summed_codes = sum_rows(part, codes, self.key_columns)
        self.parts.append(summed)
        self.codes.append(summed_codes)
        self.rows += len(summed)
        if self.rows > self.limit:
            self.parts = [self.total()]
            self.rows = len(self.parts[0])
            self.limit = max(self.LIMIT, 2 * self.rows)

    def total(self) -> pd.DataFrame:
        """The sums so far, one frame (their codes kept for the next ``add``)."""
        if len(self.parts) > 1:
            shared = set.intersection(*(set(codes) for codes in self.codes))
            codes = {key: np.concatenate([c[key] for c in self.codes]) for key in shared}
            frame = pd.concat(self.parts, ignore_index=True)
            self.parts, self.codes = [], []  # freed while the sums are added up
            summed, summed_codes = sum_rows(frame, codes, self.key_columns)
            self.parts, self.codes = [summed], [summed_codes]
        return self.parts[0]


def sum_rows(part: pd.DataFrame, known: dict[str, np.ndarray],
              key_columns: tuple[str, ...]) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """The rows of one frame added up per key, and the codes of ``known`` for the sums.
    ``known`` holds codes already computed for some key columns (equal value, equal code)."""
    keys = [*key_columns, "s_d_bulan"]
    combined = np.zeros(len(part), dtype="int64")
    span = 1
    for key in keys:
        if key in known:
            codes = known[key]
            width = int(codes.max()) + 1 if len(codes) else 1
        else:
            codes, uniques = pd.factorize(part[key], use_na_sentinel=False)
            width = len(uniques) + 1
        if span * width >= 1 << 62:  # renumber before the mixed-radix key could overflow
            combined, uniques = pd.factorize(combined)
            span = len(uniques)
        combined = combined * width + codes
        span *= width
    group, uniques = pd.factorize(combined)
    count = len(uniques)
    first = np.full(count, len(part), dtype="int64")
    np.minimum.at(first, group, np.arange(len(part), dtype="int64"))
    counts = part["jumlah"].to_numpy(dtype="float64", na_value=0.0)
    lines = part["_line"].to_numpy(dtype="int64")
    first_line = np.full(count, np.iinfo("int64").max, dtype="int64")
    np.minimum.at(first_line, group, lines)
    out = part.iloc[first][keys].reset_index(drop=True)
    out["jumlah"] = np.bincount(group, weights=counts, minlength=count)
    out["_line"] = first_line
    return out, {key: codes[first] for key, codes in known.items()}


def aggregate(facts: pd.DataFrame,
               key_columns: tuple[str, ...]) -> pd.DataFrame:
    keys = [*key_columns, "s_d_bulan"]
    grouped = facts.groupby(keys, dropna=False, sort=True)
    out = grouped.agg(jumlah=("jumlah", "sum"), _line=("_line", "min")).reset_index()
    out["sumber"] = None
    return out


def check_duplicates(facts: pd.DataFrame, problems: ProblemList, raw: RawFacts,
                      key_columns: tuple[str, ...]) -> None:
    """Rows with the same key. Rows already refused for a value are left out: their unknown
    value reads as "not reported" and would look like a duplicate of each other."""
    keys = list(key_columns)
    refused = {p.line for p in problems.errors if p.line is not None}
    facts = facts[~facts["_line"].isin(refused)]
    duplicated = facts.duplicated(subset=keys, keep=False) & facts["kode_wilayah"].notna()
    if not duplicated.any():
        return
    groups = facts[duplicated].groupby(keys, dropna=False)["_line"].apply(list)
    for lines in groups:
        first, *others = sorted(int(v) for v in lines)
        problems.error(
            f"angka yang sama (tahun, bulan, wilayah, rincian) sudah ada di baris {first}",
            "hapus baris ganda atau jumlahkan angkanya menjadi satu baris",
            line=others[0], column=raw.columns.get("jumlah", "jumlah"), kind="duplikat",
        )
