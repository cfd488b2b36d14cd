"""Read queries for internships abroad (pemagangan): the figures of the Pemagangan page, the
open-data export and the check report.

Intern figures are read by the placements' rule (store/queries.py: one table per year x
regency, province figures as a remainder, coverage columns, small counts), on their own tables
(``magang_fact``, ``magang_coverage``) and always for **one series and one status** (departed,
returned, with a problem): nothing here reads a placement table, and no placement query reads
an intern one (tests/test_interns_apart.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from domain.interns import InternFilters
from domain.reference import PROVINCE_CODE
from store import queries
from store.sql import interns as interns_sql

INTERNS = queries.FactKind("magang", interns_sql.INTERN_BREAKDOWN_BITS,
                           interns_sql.INTERN_SUMMARY_DIMENSIONS,
                           interns_sql.INTERN_COVERAGE_CANDIDATES, interns_sql.intern_totals_query)


def totals(con: duckdb.DuckDBPyConnection, series: str, status: str, by: Sequence[str],
           filters: InternFilters | None = None, with_coverage: bool = False) -> pd.DataFrame:
    """Interns of one ``status`` summed by ``by`` (any of interns_sql.INTERN_SUMMARY_DIMENSIONS), by
    the placements' rule; unsuppressed (``published_totals`` is what pages show)."""
    return queries.totals(con, (series, status), by, filters or InternFilters(),
                          with_coverage=with_coverage, kind=INTERNS)


def published_totals(con: duckdb.DuckDBPyConnection, series: str, status: str,
                     by: Sequence[str], filters: InternFilters | None = None,
                     threshold: int = 5) -> pd.DataFrame:
    """``totals`` with coverage columns and the small-count rule: what the page shows."""
    return queries.published_totals(con, (series, status), by, filters or InternFilters(),
                                    threshold, kind=INTERNS)


def series_list(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The intern series (``seri_magang``) with how many figures each holds."""
    return con.execute(interns_sql.INTERN_SERIES).df()


def years(con: duckdb.DuckDBPyConnection, series: str) -> list[int]:
    return [int(row[0]) for row in con.execute(interns_sql.INTERN_YEARS, [series]).fetchall()]


def statuses(con: duckdb.DuckDBPyConnection, series: str) -> list[str]:
    """The statuses (departed, returned, with a problem) a series has figures for."""
    return [str(row[0]) for row in con.execute(interns_sql.INTERN_STATUSES, [series]).fetchall()]


def data_until(con: duckdb.DuckDBPyConnection, series: str) -> tuple[int, int] | None:
    row = con.execute(interns_sql.INTERN_DATA_UNTIL, [series]).fetchone()
    return (int(row[0]), int(row[1])) if row else None


def labels(con: duckdb.DuckDBPyConnection, lang: str) -> dict[str, dict[str, str]]:
    """Display names of the intern vocabularies (organiser, field, protection, status)."""
    column = 1 if lang == "id" else 2
    return {dimension: {str(row[0]): str(row[column]) for row in con.execute(query).fetchall()}
            for dimension, query in interns_sql.INTERN_LABELS.items()}


def reference_values(con: duckdb.DuckDBPyConnection, dimension: str) -> list[str]:
    return [str(row[0]) for row in con.execute(interns_sql.INTERN_REFERENCE_VALUES[dimension])
            .fetchall()]


def organisers(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The organisers (penyelenggara) with their explanations in both languages."""
    return con.execute(interns_sql.INTERN_ORGANISERS).df()


def breakdown_name(mask: int) -> str:
    """An intern table's name by what it breaks down (``0`` -> ``'total'``)."""
    names = [name for name, bit in interns_sql.INTERN_BREAKDOWN_BITS.items() if mask & bit]
    return "+".join(names) if names else "total"


def disagreements(con: duckdb.DuckDBPyConnection, series: str | None = None) -> pd.DataFrame:
    """Intern cells where the sources disagree: tables of one series and status with different
    totals for the same year x regency, and province figures the regencies contradict.
    Columns: series, status, tahun, kode_wilayah, coverage, tables, totals."""
    within = con.execute(interns_sql.INTERN_DISAGREEMENTS, [series]).df()
    rows = [{"series": r.series, "status": r.status, "tahun": int(r.tahun),
             "kode_wilayah": r.kode_wilayah, "coverage": int(r.coverage),
             "tables": [breakdown_name(int(b)) for b in r.breakdowns],
             "totals": [int(t) for t in r.totals]} for r in within.itertuples(index=False)]
    coverage = con.execute(interns_sql.INTERN_COVERAGE_OF_SERIES, [series]).df()
    for (name, status, year), group in coverage.groupby(["series", "status", "tahun"]):
        best = queries.pick_per_cell(group, [], INTERNS)
        province = best[best["kode_wilayah"] == PROVINCE_CODE]
        if province.empty:
            continue
        top = province.iloc[0]
        regencies = best[(best["kode_wilayah"] != PROVINCE_CODE)
                         & (best["coverage"] >= int(top["coverage"]))]
        regency_sum = int(regencies["total"].sum())
        complete = len(regencies) >= queries.REGENCY_COUNT
        if (complete and regency_sum != int(top["total"])) or regency_sum > int(top["total"]):
            rows.append({"series": name, "status": status, "tahun": int(year),
                         "kode_wilayah": PROVINCE_CODE, "coverage": int(top["coverage"]),
                         "tables": ["provinsi", f"{len(regencies)} kabupaten/kota"],
                         "totals": [int(top["total"]), regency_sum]})
    columns = ["series", "status", "tahun", "kode_wilayah", "coverage", "tables", "totals"]
    return pd.DataFrame(rows, columns=columns).sort_values(
        ["series", "status", "tahun", "kode_wilayah"], ignore_index=True)


def figures(con: duckdb.DuckDBPyConnection, series: str | None) -> pd.DataFrame:
    """Every active intern row with readable names (the open-data table ``pemagangan``)."""
    return con.execute(interns_sql.EXPORT_INTERN_FIGURES, [series]).df()


def export_series(con: duckdb.DuckDBPyConnection, series: str | None = None) -> pd.DataFrame:
    return con.execute(interns_sql.EXPORT_INTERN_SERIES, [series]).df()


def batch_facts(con: duckdb.DuckDBPyConnection, batch_id: int) -> pd.DataFrame:
    """Every figure of intern batch ``batch_id`` as stored."""
    return con.execute(interns_sql.INTERN_BATCH_FACTS, [batch_id]).df()


def coverage_of_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The intern coverage rule applied to a file's rows before they are stored (the check
    report agrees with the store)."""
    con = duckdb.connect()
    try:
        con.register("file_facts", frame)
        return con.execute(interns_sql.intern_coverage_of("file_facts")).df()
    finally:
        con.close()
