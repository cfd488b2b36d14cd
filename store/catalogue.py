"""What the store holds, listed and described: the series and their years, the display names
and canonical values of the reference lists, sources, caveats, provisional months, population,
provenance and the load history, the indicator rows, one batch's stored figures, and where the
sources disagree. These reads are not totals: totals follow the rule of store/queries.py."""

from __future__ import annotations

import json

import duckdb
import pandas as pd

from domain.reference import PROVINCE_CODE
from store.queries import REGENCY_COUNT, pick_per_cell
from store.sql import kinerja as kinerja_sql
from store.sql import placements as placements_sql
from store.sql.placements import BREAKDOWN_BITS


def series_list(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(placements_sql.SERIES).df()


def series_with_figures(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [row[0] for row in con.execute(placements_sql.SERIES_WITH_FIGURES).fetchall()]


def history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(placements_sql.HISTORY).df()


def breakdown_name(mask: int) -> str:
    """``2`` -> ``'skema'``; ``0`` -> ``'total'``: a table's name by what it breaks down."""
    names = [name for name, bit in BREAKDOWN_BITS.items() if mask & bit]
    return "+".join(names) if names else "total"


def disagreements(con: duckdb.DuckDBPyConnection, series: str | None = None) -> pd.DataFrame:
    """Cells where the sources disagree: two tables of a series with different totals for the
    same year x regency and coverage, and province figures that the regencies' figures
    contradict (all eight reported with another sum, or some reported with a larger sum).

    Columns: series, tahun, kode_wilayah, coverage, tables (names), totals.
    """
    within = con.execute(placements_sql.DISAGREEMENTS, [series]).df()
    rows = [{"series": r.series, "tahun": int(r.tahun), "kode_wilayah": r.kode_wilayah,
             "coverage": int(r.coverage), "tables": [breakdown_name(int(b)) for b in r.breakdowns],
             "totals": [int(t) for t in r.totals]} for r in within.itertuples(index=False)]
    coverage = con.execute(placements_sql.COVERAGE_OF_SERIES, [series]).df()
    for (name, year), group in coverage.groupby(["series", "tahun"]):
        best = pick_per_cell(group, [])
        province = best[best["kode_wilayah"] == PROVINCE_CODE]
        if province.empty:
            continue
        top = province.iloc[0]
        regencies = best[(best["kode_wilayah"] != PROVINCE_CODE)
                         & (best["coverage"] >= int(top["coverage"]))]
        regency_sum = int(regencies["total"].sum())
        complete = len(regencies) >= REGENCY_COUNT
        if (complete and regency_sum != int(top["total"])) or regency_sum > int(top["total"]):
            rows.append({"series": name, "tahun": int(year), "kode_wilayah": PROVINCE_CODE,
                         "coverage": int(top["coverage"]),
                         "tables": ["provinsi", f"{len(regencies)} kabupaten/kota"],
                         "totals": [int(top["total"]), regency_sum]})
    columns = ["series", "tahun", "kode_wilayah", "coverage", "tables", "totals"]
    return pd.DataFrame(rows, columns=columns).sort_values(
        ["series", "tahun", "kode_wilayah"], ignore_index=True)


def data_until(con: duckdb.DuckDBPyConnection, series: str) -> tuple[int, int] | None:
    """(year, last month) the series has figures for, or None when it has none."""
    row = con.execute(placements_sql.DATA_UNTIL, [series]).fetchone()
    return (int(row[0]), int(row[1])) if row else None


def sources(con: duckdb.DuckDBPyConnection, series: str) -> list[str]:
    """Source citations of the active batches of a series."""
    return [row[0] for row in con.execute(placements_sql.SOURCES, [series]).fetchall()]


def labels(con: duckdb.DuckDBPyConnection, lang: str) -> dict[str, dict[str, str]]:
    """Display name of every reference value, per dimension, in ``lang`` ('id' or 'en')."""
    column = 1 if lang == "id" else 2
    return {dimension: {str(row[0]): str(row[column]) for row in con.execute(query).fetchall()}
            for dimension, query in placements_sql.LABELS.items()}


def reference_values(con: duckdb.DuckDBPyConnection, dimension: str) -> list[str]:
    """Canonical values of skema, sektor or jenis_kelamin in display order."""
    return [row[0] for row in con.execute(placements_sql.REFERENCE_VALUES[dimension]).fetchall()]


def years_with_figures(con: duckdb.DuckDBPyConnection, series: str) -> list[int]:
    rows = con.execute(placements_sql.YEARS_WITH_FIGURES, [series]).fetchall()
    return [int(row[0]) for row in rows]


def last_loaded(con: duckdb.DuckDBPyConnection, series: str) -> object:
    return con.execute(placements_sql.LAST_LOADED, [series]).fetchone()[0]


def scheme_notes(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The five placement schemes with their full names and plain explanations."""
    return con.execute(placements_sql.SCHEME_NOTES).df()


def provisional_from(con: duckdb.DuckDBPyConnection, series: str) -> tuple[int, int] | None:
    """(year, month) from which the source calls the figures provisional, if it does."""
    value = con.execute(placements_sql.PROVISIONAL_FROM, [series]).fetchone()[0]
    if not value:
        return None
    year, month = str(value).split("-")
    return int(year), int(month)


def caveats(con: duckdb.DuckDBPyConnection, series: str) -> list[str]:
    """Known caveats of a series, as its sources' meta.yml state them."""
    rows = con.execute(placements_sql.CAVEATS, [series]).fetchall()
    return [str(row[0]) for row in rows if row[0]]


def population(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Population per regency (the latest census in the store), with its source."""
    return con.execute(placements_sql.POPULATION).df()


def provenance(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Active batches with their source, period, rows and load time, plus the load report's
    warnings and unknown values (parsed from its JSON)."""
    frame = con.execute(placements_sql.PROVENANCE).df()
    warnings, unknown = [], []
    for text in frame["report"]:
        report = json.loads(text) if isinstance(text, str) and text else {}
        warnings.append([w.get("message", "") for w in report.get("warnings", [])])
        unknown.append([f"{k}: {v}" for k, values in (report.get("unknown_values") or {}).items()
                        for v in values])
    return frame.drop(columns=["report"]).assign(warnings=warnings, unknown_values=unknown)


def batch_texts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per active batch: ``batch_id``, ``series``, its ``source`` and ``caveats`` as loaded,
    and ``english``, their English twins from the file's sidecar (a dict with "source",
    "caveats", "indicators"; empty when the sidecar gave none)."""
    frame = con.execute(placements_sql.PROVENANCE).df()
    reports = [json.loads(text) if isinstance(text, str) and text else {}
               for text in frame["report"]]
    return pd.DataFrame({
        "batch_id": frame["batch_id"].astype("int64"), "series": frame["series"],
        "source": [None if pd.isna(v) else str(v) for v in frame["source"]],
        "caveats": [[str(c) for c in r.get("caveats") or [] if c] for r in reports],
        "english": [r.get("english") if isinstance(r.get("english"), dict) else {}
                    for r in reports],
    })


def indicators(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every performance-indicator row of the active batches (one per indicator, year and
    quarter; ``triwulan`` NA = the whole year, ``realisasi`` NA = not reported yet), with its
    batch: file, sheet, source, licence, load time and sample flag."""
    frame = con.execute(kinerja_sql.KINERJA_ROWS).df()
    for column in ("unit_penanggung_jawab", "sumber", "catatan", "sheet", "source", "licence"):
        text = frame[column].astype(object)
        frame[column] = text.where(text.notna(), None)  # missing text is None, never "nan"
    return frame.astype({"tahun": "int64", "triwulan": "Int64", "baris": "Int64",
                         "target": "float64", "realisasi": "Float64", "is_sample": "bool"})


def batch_facts(con: duckdb.DuckDBPyConnection, batch_id: int) -> pd.DataFrame:
    """Every figure of batch ``batch_id`` (columns of ``placements_sql.BATCH_FACTS``)."""
    return con.execute(placements_sql.BATCH_FACTS, [batch_id]).df()
