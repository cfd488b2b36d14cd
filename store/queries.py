"""Read queries: the figures the dashboard and ``python -m loaders summary`` show (the lists
and descriptions of what the store holds are in store/catalogue.py).

The rule that keeps totals honest (docs/data-model.md, "Never double count"):

Sources publish separate tables per breakdown (one by scheme, one by gender …) for the same
year and regency. Every figure is therefore drawn, for each year x regency, from exactly **one**
table (one breakdown of one series; several batches of the same table — e.g. monthly files —
together form that table, their slots never overlap). Among the tables that have every
dimension the query filters on, the choice is:

1. the table covering the most of the year (months present, or the last month of an annual or
   year-to-date figure);
2. then the one breaking down the most of the dimensions asked for;
3. then the least detailed one (the table published for that purpose), then a fixed order.

Dimensions the chosen table does not break down come out as NULL: "not reported in the source".
Province-level figures (kode 36) stand in for the regencies of a year whose eight regencies are
not all covered as fully; by regency they appear as a NULL-regency remainder
("Banten, not broken down by regency").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import duckdb
import pandas as pd

from domain import coverage, small_counts
from domain.filters import Filters
from domain.reference import PROVINCE_CODE
from store.sql import placements as placements_sql
from store.sql.placements import BREAKDOWN_BITS

REGENCY_COUNT = 8
#: Dimensions finer than regency x year: a cell broken down (or filtered) by any of them is
#: subject to small-count suppression.
FINE_DIMENSIONS = frozenset({"bulan", "skema", "sektor", "jenis_kelamin", "negara_tujuan",
                             "jabatan"})


class QueryFilters(Protocol):
    """What the read rule needs of a filter: ``domain.filters.Filters`` (placements) or
    ``domain.interns.InternFilters`` (interns)."""

    @property
    def tahun_awal(self) -> int: ...
    @property
    def tahun_akhir(self) -> int: ...
    @property
    def bulan(self) -> int | None: ...
    @property
    def kode_wilayah(self) -> tuple[str, ...]: ...
    def dimension_filters(self) -> dict[str, tuple[str, ...]]: ...


@dataclass(frozen=True)
class FactKind:
    """The figures a read-rule query runs on: placements (``PLACEMENTS``) or interns
    (``store.intern_queries.INTERNS``). Both follow the same rule, each in its own tables; a
    query is always on one kind, so they are never added together."""

    name: str
    bits: Mapping[str, int]
    dimensions: tuple[str, ...]
    #: Candidate tables: parameters (*key, first year, last year, mask, mask).
    candidates: str
    #: The sum over the picked tables: ``(by, filtered columns)`` -> SQL with parameters
    #: (*key, *filter values).
    totals_sql: Callable[[list[str], list[str]], str]

    @property
    def fine(self) -> frozenset[str]:
        """Dimensions finer than regency x year (small-count suppression)."""
        return frozenset(self.bits)


PLACEMENTS = FactKind("penempatan", BREAKDOWN_BITS, placements_sql.SUMMARY_DIMENSIONS,
                      placements_sql.COVERAGE_CANDIDATES, placements_sql.totals_query)


def _key(series: str | Sequence[str]) -> list[object]:
    """The parameters naming what is read: a series (placements), or (series, status)."""
    return [series] if isinstance(series, str) else list(series)


def _bits(dimensions: Sequence[str], bits: Mapping[str, int] = BREAKDOWN_BITS) -> int:
    return sum(bits[d] for d in set(dimensions) if d in bits)


def pick_per_cell(candidates: pd.DataFrame, by: Sequence[str],
                  kind: FactKind = PLACEMENTS) -> pd.DataFrame:
    """Rules 1-3 of the module docstring: one table per year x regency (province included) -
    the fullest coverage, then the most of the asked breakdowns, then the least other detail -
    in year and regency order. (A loop over the few candidate rows: pandas' sort and
    de-duplication cost 6 ms a query.)"""
    by_bits = _bits(by, kind.bits)
    best: dict[tuple[int, str], tuple[tuple[int, int, int, int], int]] = {}
    for index, (year, code, months, bits) in enumerate(zip(
            candidates["tahun"].tolist(), candidates["kode_wilayah"].tolist(),
            candidates["coverage"].tolist(), candidates["breakdown"].tolist(), strict=True)):
        rank = (-months, -(bits & by_bits).bit_count(), bits.bit_count(), bits)
        cell = (year, code)
        if cell not in best or rank < best[cell][0]:
            best[cell] = (rank, index)
    return candidates.iloc[[index for _, (_, index) in sorted(best.items())]]


def choose_tables(candidates: pd.DataFrame, by: Sequence[str],
                  regions_filtered: bool, kind: FactKind = PLACEMENTS) -> pd.DataFrame:
    """Pick one table per year x regency from coverage rows (see the module docstring).

    ``candidates`` has columns tahun, kode_wilayah, breakdown, coverage, total. Returns the
    chosen rows, with province rows kept only for years where they stand in for regencies,
    and a ``use_province`` flag per year.
    """
    if candidates.empty:
        return candidates.assign(use_province=pd.Series(dtype=bool))
    picks = pick_per_cell(candidates, by, kind)
    if PROVINCE_CODE not in picks["kode_wilayah"].tolist():  # regencies only (the usual case)
        return picks.assign(use_province=False)
    province = picks[picks["kode_wilayah"] == PROVINCE_CODE]
    regencies = picks[picks["kode_wilayah"] != PROVINCE_CODE]
    if regions_filtered or province.empty:
        return regencies.assign(use_province=False)
    keep = [regencies]
    for row in province.itertuples(index=False):
        year = regencies[regencies["tahun"] == row.tahun]
        complete = int((year["coverage"] >= row.coverage).sum()) >= REGENCY_COUNT
        if not complete:
            keep.append(pd.DataFrame([row._asdict()]))
    chosen = pd.concat(keep, ignore_index=True)
    province_years = set(chosen.loc[chosen["kode_wilayah"] == PROVINCE_CODE, "tahun"])
    return chosen.assign(use_province=chosen["tahun"].isin(province_years))


def candidate_key(filters: QueryFilters, kind: FactKind = PLACEMENTS) -> tuple[int, int, int]:
    """What the candidate tables of a query depend on besides the series: (first year, last
    year, the breakdowns its filters need). Queries of one view with different ``by`` share
    them."""
    need = _bits(list(filters.dimension_filters()), kind.bits) | \
        (kind.bits["bulan"] if filters.bulan else 0)
    return filters.tahun_awal, filters.tahun_akhir, need


def coverage_candidates(con: duckdb.DuckDBPyConnection, series: str | Sequence[str],
                        key: tuple[int, int, int], kind: FactKind = PLACEMENTS) -> pd.DataFrame:
    """The tables a query may read (columns tahun, kode_wilayah, breakdown, coverage,
    total), by its ``candidate_key``: the same for every ``by``, so a caller making several
    queries of one view can read them once and pass them to ``totals``."""
    first, last, need = key
    return con.execute(kind.candidates, [*_key(series), first, last, need, need]).df()


def totals(con: duckdb.DuckDBPyConnection, series: str | Sequence[str], by: Sequence[str],
           filters: QueryFilters | None = None, with_coverage: bool = False,
           kind: FactKind = PLACEMENTS,
           candidates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Placements summed by ``by`` (any of placements_sql.SUMMARY_DIMENSIONS), under ``filters``.

    ``kind`` INTERNS (store/intern_queries.py) reads intern figures by the same rule; their
    ``series`` is then (series, status) and ``filters`` an ``InternFilters``.

    Columns: the ``by`` dimensions, then ``jumlah``. A NULL dimension value means that part
    of the total is not broken down by that dimension in the source (a NULL regency: Banten,
    not broken down by regency). ``with_coverage`` adds what each row covers (the columns of
    ``domain.coverage``: regencies, months, years, complete). ``candidates``: the result of
    ``coverage_candidates`` for these series and filters, when the caller has it already.
    """
    filters = filters or Filters()
    by = list(dict.fromkeys(by))
    for dimension in by:
        if dimension not in kind.dimensions:
            raise ValueError(f"unknown dimension {dimension!r}; "
                             f"choose from {', '.join(kind.dimensions)}")
    dimension_filters = filters.dimension_filters()
    if candidates is None:
        candidates = coverage_candidates(con, series, candidate_key(filters, kind), kind)
    regions_filtered = bool(filters.kode_wilayah)
    if regions_filtered:
        candidates = candidates[candidates["kode_wilayah"].isin(filters.kode_wilayah)]
    picks = choose_tables(candidates, by, regions_filtered, kind)
    province_years = sorted({int(year) for year, use in zip(
        picks["tahun"].tolist(), picks["use_province"].tolist(), strict=True) if use})
    source = _Source(kind, _key(series))
    if not province_years:  # one query, already grouped and ordered by ``by``
        result = _sum(con, source, by, filters, dimension_filters, picks)
    else:
        plain = picks[~picks["use_province"].astype(bool)]
        parts = [_sum(con, source, by, filters, dimension_filters, plain)] \
            if not plain.empty else []
        for year in province_years:
            parts.append(_province_year(con, source, by, filters, dimension_filters,
                                        picks[picks["tahun"] == year]))
        result = pd.concat(parts, ignore_index=True)
        if by:
            result = result.groupby(list(by), dropna=False, sort=True,
                                    as_index=False)["jumlah"].sum()
        else:
            result = pd.DataFrame({"jumlah": [int(result["jumlah"].sum())]})
        result["jumlah"] = result["jumlah"].astype("int64")
    if with_coverage:
        result = _with_coverage(result, by, picks, filters)
    return result


def _year_plan(picks: pd.DataFrame,
               asked: frozenset[str]) -> dict[int, tuple[frozenset[str], int, frozenset[str]]]:
    """Per year of the chosen tables: (regencies covered, months covered, regencies shown on
    their own). A province-level table covers every regency asked for; the regencies shown on
    their own are those whose table is at least as full as the province's."""
    cells: dict[int, list[tuple[str, int]]] = {}
    for year, code, months in zip(picks["tahun"].tolist(), picks["kode_wilayah"].tolist(),
                                  picks["coverage"].tolist(), strict=True):
        cells.setdefault(int(year), []).append((code, int(months)))
    plan: dict[int, tuple[frozenset[str], int, frozenset[str]]] = {}
    for year, rows in sorted(cells.items()):
        province = [months for code, months in rows if code == PROVINCE_CODE]
        regencies = [(code, months) for code, months in rows if code != PROVINCE_CODE]
        if province:
            own = frozenset(code for code, months in regencies if months >= province[0])
            plan[year] = (asked, province[0], own)
        else:
            codes = frozenset(code for code, _ in regencies)
            plan[year] = (codes, min(months for _, months in regencies), codes)
    return plan


def _with_coverage(result: pd.DataFrame, by: Sequence[str], picks: pd.DataFrame,
                   filters: QueryFilters) -> pd.DataFrame:
    """Add the coverage columns of ``domain.coverage`` to every row of ``result``."""
    asked = frozenset(filters.kode_wilayah) or frozenset(coverage.REGENCIES)
    plan = _year_plan(picks, asked)
    month_rows = "bulan" in by or filters.bulan is not None
    regency_months = {(int(year), code): int(months) for year, code, months in zip(
        picks["tahun"].tolist(), picks["kode_wilayah"].tolist(), picks["coverage"].tolist(),
        strict=True)}
    regions_out, months_out, years_out, complete_out, varies_out = [], [], [], [], []
    rows = len(result)
    row_years = result["tahun"].tolist() if "tahun" in by else [None] * rows
    row_codes = result["kode_wilayah"].tolist() if "kode_wilayah" in by else [None] * rows
    for row_year, code in zip(row_years, row_codes, strict=True):
        years = [int(row_year)] if "tahun" in by and not pd.isna(row_year) else sorted(plan)
        years = [y for y in years if y in plan]
        covered: frozenset[str] | None = None
        union: frozenset[str] = frozenset()
        months = coverage.FULL_YEAR
        for year in years:
            regions, year_months, own = plan[year]
            if "kode_wilayah" in by:
                if code is None or pd.isna(code):
                    regions = regions - own  # the province's remainder: the rest
                else:
                    regions = frozenset({code}) & regions
                    year_months = regency_months.get((year, code), year_months)
            covered = regions if covered is None else covered & regions
            union = union | regions
            months = min(months, year_months)
        covered = covered or frozenset()
        if month_rows:
            months = coverage.FULL_YEAR  # a month's row covers its month
        wanted = asked
        if "kode_wilayah" in by:
            wanted = frozenset({code}) if code is not None and not pd.isna(code) else covered
        regions_out.append(coverage.join_codes(covered))
        months_out.append(months)
        years_out.append(",".join(str(y) for y in years))
        complete_out.append(bool(years) and covered >= wanted and bool(covered)
                            and months >= coverage.FULL_YEAR)
        varies_out.append(union != covered)
    # one new frame rather than five inserted columns (half the time)
    return pd.DataFrame({**{column: result[column] for column in result.columns},
                         "cakupan_wilayah": pd.array(regions_out, dtype="str"),
                         "cakupan_bulan": pd.array(months_out, dtype="int64"),
                         "cakupan_tahun": pd.array(years_out, dtype="str"),
                         "lengkap": pd.array(complete_out, dtype="bool"),
                         "cakupan_berbeda": pd.array(varies_out, dtype="bool")})


@dataclass(frozen=True)
class _Source:
    """What ``_sum`` reads: the kind of figures and the key (series, or series and status)."""

    kind: FactKind
    key: list[object]


def _province_year(con: duckdb.DuckDBPyConnection, series: _Source, by: Sequence[str],
                   filters: QueryFilters, dimension_filters: dict[str, tuple[str, ...]],
                   year_picks: pd.DataFrame) -> pd.DataFrame:
    """A year where a province-level table stands in for regencies that are not all covered.

    Regencies covered at least as fully as the province table are shown as they are (with
    their breakdowns); the rest of the province total is one row with every dimension but
    the year NULL: "Banten, not broken down". Where the regencies add up to more than the
    province figure (the sources disagree), the province table alone is used.
    """
    province = year_picks[year_picks["kode_wilayah"] == PROVINCE_CODE]
    regencies = year_picks[(year_picks["kode_wilayah"] != PROVINCE_CODE)
                           & (year_picks["coverage"] >= int(province["coverage"].iloc[0]))]
    province_total = int(_sum(con, series, [], filters, dimension_filters,
                              province)["jumlah"].sum())
    regency_part = _sum(con, series, by, filters, dimension_filters, regencies) \
        if not regencies.empty else None
    regency_total = int(regency_part["jumlah"].sum()) if regency_part is not None else 0
    remainder = province_total - regency_total
    if remainder < 0 or regency_part is None:
        frame = _sum(con, series, by, filters, dimension_filters, province)
        if "kode_wilayah" in by:
            frame["kode_wilayah"] = None
        return frame
    if remainder == 0:
        return regency_part
    by_breakdown = [d for d in by if d not in ("tahun", "kode_wilayah")]
    split = _remainder_by(con, series, by, by_breakdown, filters, dimension_filters,
                          province, regencies) if by_breakdown else None
    if split is not None:
        return pd.concat([regency_part, split], ignore_index=True)
    row: dict[str, object] = dict.fromkeys(by)
    if "tahun" in by:
        row["tahun"] = int(province["tahun"].iloc[0])
    row["jumlah"] = remainder
    return pd.concat([regency_part, pd.DataFrame([row])[[*by, "jumlah"]]], ignore_index=True)


def _remainder_by(con: duckdb.DuckDBPyConnection, series: _Source, by: Sequence[str],
                  dimensions: list[str], filters: QueryFilters,
                  dimension_filters: dict[str, tuple[str, ...]], province: pd.DataFrame,
                  regencies: pd.DataFrame) -> pd.DataFrame | None:
    """The province's remainder broken down as the province table breaks it down (province
    minus regencies, per value), or None when that table lacks a dimension or a value would
    come out negative (the sources disagree: the caller falls back to one NULL row)."""
    mask = int(province["breakdown"].iloc[0])
    if any(not mask & series.kind.bits[d] for d in dimensions):
        return None
    keys = [*dimensions]
    whole = _sum(con, series, keys, filters, dimension_filters, province)
    part = _sum(con, series, keys, filters, dimension_filters, regencies)
    merged = whole.merge(part, on=keys, how="outer", suffixes=("", "_r")).fillna(
        {"jumlah": 0, "jumlah_r": 0})
    merged["jumlah"] = merged["jumlah"] - merged["jumlah_r"]
    if (merged["jumlah"] < 0).any():
        return None
    out = merged[merged["jumlah"] > 0][[*keys, "jumlah"]].copy()
    if "tahun" in by:
        out["tahun"] = int(province["tahun"].iloc[0])
    if "kode_wilayah" in by:
        out["kode_wilayah"] = None
    return out[[*by, "jumlah"]]


def _sum(con: duckdb.DuckDBPyConnection, series: _Source, by: Sequence[str],
         filters: QueryFilters, dimension_filters: dict[str, tuple[str, ...]],
         picks: pd.DataFrame) -> pd.DataFrame:
    columns = list(dimension_filters) + (["bulan"] if filters.bulan else [])
    params: list[object] = [
        picks["tahun"].tolist(), picks["kode_wilayah"].tolist(), picks["breakdown"].tolist(),
        *series.key, *[list(v) for v in dimension_filters.values()]]
    if filters.bulan:
        params.append([filters.bulan])
    frame = con.execute(series.kind.totals_sql(list(by), columns), params).df()
    if not by and frame.empty:
        frame = pd.DataFrame({"jumlah": [0]})
    if frame["jumlah"].dtype != "int64":
        frame["jumlah"] = frame["jumlah"].astype("int64")
    return frame


def is_fine(by: Sequence[str], filters: QueryFilters, kind: FactKind = PLACEMENTS) -> bool:
    """Whether a query's cells are finer than regency x year (docs/data-model.md)."""
    filtered = set(filters.dimension_filters()) | ({"bulan"} if filters.bulan else set())
    return bool((set(by) | filtered) & kind.fine)


def published_totals(con: duckdb.DuckDBPyConnection, series: str | Sequence[str],
                     by: Sequence[str], filters: QueryFilters | None = None,
                     threshold: int = 5, kind: FactKind = PLACEMENTS,
                     candidates: pd.DataFrame | None = None) -> pd.DataFrame:
    """``totals`` with the small-count rule applied: what the dashboard, its downloads and
    ``loaders summary`` show. Columns: the ``by`` dimensions, ``jumlah`` (nullable) and
    ``ditekan`` (True where the count is shown as "<threshold")."""
    filters = filters or Filters()
    frame = totals(con, series, by, filters, with_coverage=True, kind=kind,
                   candidates=candidates)
    if threshold > 1 and is_fine(by, filters, kind):
        return small_counts.suppress(frame.reset_index(drop=True), threshold, by)
    return frame.assign(jumlah=frame["jumlah"].astype("Int64"), ditekan=False)
