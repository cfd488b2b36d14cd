"""What a figure covers: which regencies, which months, which years.

The rule is computed once, in the query layer (``store.queries.published_totals``), from the
tables chosen for each year x regency. Every row of a result carries three columns:

``cakupan_wilayah``
    The BPS codes (comma-separated, sorted) of the regencies whose figures are inside the
    row's number. A province-level figure covers all eight. For a row that sums several years
    it is the regencies covered in *every* one of them.
``cakupan_bulan``
    How many months of the year the number covers (12 = the full year; 3 = January to March,
    a year-to-date figure). For a row that sums several years, the smallest.
``cakupan_tahun``
    The years (comma-separated) whose figures are inside the number.
``cakupan_berbeda``
    True when the row sums years that do not cover the same regencies (``cakupan_wilayah`` is
    then only what every year covers, and the number holds more than that).
``lengkap``
    True when the row covers every regency the view asks for (all eight, or the regencies the
    view is filtered to) and the whole of each year; a row by regency is complete when its
    year(s) are covered in full for that regency.

Everything a reader sees — titles, subtitles, headline tiles, map, tables, exports, the deck
— is framed from these columns, never from the filter state alone. This module is
framework-free: it reads the columns and answers questions about them; the dashboard turns the
answers into words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

#: The eight kabupaten/kota of Banten (BPS codes), in code order.
REGENCIES: tuple[str, ...] = ("3601", "3602", "3603", "3604", "3671", "3672", "3673", "3674")
FULL_YEAR = 12
COLUMNS: tuple[str, ...] = ("cakupan_wilayah", "cakupan_bulan", "cakupan_tahun", "lengkap",
                            "cakupan_berbeda")


def join_codes(codes: Iterable[str]) -> str:
    return ",".join(sorted(set(codes)))


def split_codes(text: object) -> frozenset[str]:
    if text is None or text is pd.NA or (isinstance(text, float) and pd.isna(text)):
        return frozenset()
    return frozenset(c for c in str(text).split(",") if c)


def split_years(text: object) -> tuple[int, ...]:
    return tuple(sorted(int(y) for y in split_codes(text)))


@dataclass(frozen=True)
class Coverage:
    """What a whole result (a chart's frame, a headline's frame) covers."""

    regions: frozenset[str]        # regencies covered in every row's years
    months: int                    # smallest month coverage (12 = full years)
    years: tuple[int, ...]         # years with figures
    complete: bool                 # every row complete
    partial_years: tuple[int, ...]  # years (of rows by year) that are not complete
    varies: bool = False           # some row sums years that cover different regencies

    @property
    def year_to_date(self) -> bool:
        return self.months < FULL_YEAR

    @property
    def all_regions(self) -> bool:
        return self.regions >= frozenset(REGENCIES)


def of_frame(frame: pd.DataFrame) -> Coverage:
    """The coverage of a result frame (rows with the columns of this module). (Plain loops
    over the columns' values: a chart's words ask for it several times a run.)"""
    if frame.empty or "lengkap" not in frame:
        return Coverage(frozenset(), FULL_YEAR, (), not frame.empty, ())
    regions = frozenset().union(*map(split_codes, frame["cakupan_wilayah"].tolist()))
    years = tuple(sorted({y for v in frame["cakupan_tahun"].tolist() for y in split_years(v)}))
    complete_rows = [bool(v) for v in frame["lengkap"].tolist()]
    partial: set[int] = set()
    if "tahun" in frame:
        for year, ok in zip(frame["tahun"].tolist(), complete_rows, strict=True):
            if not ok and not pd.isna(year):
                partial.add(int(year))
    months = min(int(m) for m in frame["cakupan_bulan"].tolist() if not pd.isna(m))
    varies = any(bool(v) for v in frame["cakupan_berbeda"].tolist()) \
        if "cakupan_berbeda" in frame else False
    return Coverage(regions, months, years, all(complete_rows), tuple(sorted(partial)), varies)


def row_is_complete(row: pd.Series) -> bool:
    return bool(row.get("lengkap", True))


def year_coverage(frame: pd.DataFrame) -> dict[int, tuple[frozenset[str], int, bool]]:
    """Per year of a frame by ``tahun``: (regencies covered, months covered, complete)."""
    out: dict[int, tuple[frozenset[str], int, bool]] = {}
    if frame.empty or "tahun" not in frame or "lengkap" not in frame:
        return out
    for year, codes, month_count, whole in zip(
            frame["tahun"].tolist(), frame["cakupan_wilayah"].tolist(),
            frame["cakupan_bulan"].tolist(), frame["lengkap"].tolist(), strict=True):
        year = int(year)
        regions, months, complete = split_codes(codes), int(month_count), bool(whole)
        if year in out:
            old = out[year]
            regions, months, complete = old[0] | regions, min(old[1], months), \
                old[2] and complete
        out[year] = (regions, months, complete)
    return out


def comparable_years(frame: pd.DataFrame) -> list[int]:
    """Years of a frame by ``tahun`` whose figures are complete: only these may be compared
    with each other in an active title ("more in 2024 than in 2023")."""
    return sorted(y for y, (_, _, complete) in year_coverage(frame).items() if complete)


def describe(row: object) -> str:
    """A row's coverage in plain words for the command line: "" when complete, else e.g.
    "hanya 3672" (the regencies covered) and/or "bulan 1–8" (the months)."""
    if bool(getattr(row, "lengkap", True)):
        return ""
    parts = []
    if bool(getattr(row, "cakupan_berbeda", False)):
        parts.append("wilayah berbeda tiap tahun")
    regions = split_codes(getattr(row, "cakupan_wilayah", ""))
    if getattr(row, "kode_wilayah", None) is None and regions and not parts and \
            not regions >= frozenset(REGENCIES):
        parts.append(f"hanya {join_codes(regions)}")
    months = int(getattr(row, "cakupan_bulan", FULL_YEAR))
    if months < FULL_YEAR:
        parts.append(f"bulan 1–{months}")
    return ", ".join(parts) or "tidak lengkap"
