"""The reads behind the open-data export (``loaders export``) and a file's own coverage (the
check report): the statements are in store/sql/ (``open_data``), this module runs them."""

from __future__ import annotations

import duckdb
import pandas as pd

from store.sql import open_data as open_data_sql
from store.sql import placements as placements_sql


def series_ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every series that can be exported, in the export's order."""
    return [str(row[0]) for row in con.execute(open_data_sql.EXPORT_SERIES, [None]).fetchall()]


def figures(con: duckdb.DuckDBPyConnection, series: str | None) -> pd.DataFrame:
    """The stored figures of the active batches (``series`` None: every series)."""
    return con.execute(open_data_sql.EXPORT_FIGURES, [series]).df()


def batches(con: duckdb.DuckDBPyConnection, series: str | None) -> pd.DataFrame:
    return con.execute(open_data_sql.EXPORT_BATCHES, [series]).df()


def series(con: duckdb.DuckDBPyConnection, series_id: str | None) -> pd.DataFrame:
    return con.execute(open_data_sql.EXPORT_SERIES, [series_id]).df()


def sources(con: duckdb.DuckDBPyConnection, series_id: str | None) -> list[str]:
    rows = con.execute(open_data_sql.EXPORT_SOURCES, [series_id]).fetchall()
    return [str(row[0]) for row in rows]


def indicator_rows(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The active performance-indicator rows (targets and realisation)."""
    return con.execute(open_data_sql.EXPORT_KINERJA).df()


def coverage_of_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The coverage rule of the store applied to a file's rows before they are stored (an
    in-memory DuckDB over the frame, so the check report and the store agree)."""
    con = duckdb.connect()
    try:
        con.register("file_facts", frame)
        return con.execute(placements_sql.coverage_of("file_facts")).df()
    finally:
        con.close()
