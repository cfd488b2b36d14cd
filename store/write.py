"""Writing batches into an open (copy-on-write) store connection: add, replace, roll back.

Called inside ``store.db.writing``; every function either completes or raises, and the caller's
transaction then leaves the store untouched.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import duckdb
import pandas as pd

from domain.text import one_line
from store.sql import interns as interns_sql
from store.sql import kinerja as kinerja_sql
from store.sql import placements as placements_sql


def plain(text: str | None) -> str | None:
    """``text`` with each run of control characters replaced by a space, trimmed."""
    if text is None:
        return None
    return one_line(text)


@dataclass(frozen=True, kw_only=True)
class BatchFile:
    """What every stored file records about itself (table ``batch``)."""

    file_name: str
    sha256: str
    layout: str
    source: str | None
    licence: str | None
    rows_read: int
    rows_skipped: int
    is_sample: bool
    report: dict[str, object]
    sheet: str | None = None


@dataclass(frozen=True, kw_only=True)
class NewBatch(BatchFile):
    """A checked placement file ready to store."""

    series: str
    facts: pd.DataFrame  # columns of loaders.fact_shape.OUTPUT_COLUMNS
    provisional_from: str | None = None  # "YYYY-MM"


@dataclass(frozen=True)
class Overlap:
    batch_id: int
    file_name: str
    loaded_at: dt.datetime
    years: tuple[int, ...]
    regions: tuple[str, ...]
    indicators: tuple[str, ...] = ()  # for indicator (kinerja) batches; regions is then empty


class OverlapError(Exception):
    def __init__(self, overlaps: list[Overlap]) -> None:
        self.overlaps = overlaps
        super().__init__(", ".join(f"batch {o.batch_id}" for o in overlaps))


class IncompleteReplacementError(Exception):
    """A replacement that does not hold every figure of the batch it replaces."""

    def __init__(self, overlap: Overlap, dropped: list[tuple[int, str]]) -> None:
        self.overlap = overlap
        self.dropped = dropped
        super().__init__(f"batch {overlap.batch_id}")


class BatchError(Exception):
    """A rollback or replace that cannot be done (unknown batch, wrong status)."""


def existing_batch(con: duckdb.DuckDBPyConnection, sha256: str, series: str,
                   sheet: str | None = None) -> int | None:
    """The active batch with this content (file hash and sheet) in this series, if any."""
    row = con.execute(placements_sql.ACTIVE_BATCH_BY_CONTENT, [sha256, sheet, series]).fetchone()
    return int(row[0]) if row else None


def _slots(series: str, facts: pd.DataFrame) -> pd.DataFrame:
    slots = facts[["breakdown", "tahun", "bulan", "kode_wilayah"]].drop_duplicates()
    return slots.assign(series=series)


def overlaps(con: duckdb.DuckDBPyConnection, series: str, facts: pd.DataFrame) -> list[Overlap]:
    """Active batches of the same table (series and breakdown) with the same slots."""
    # Registered on ``con`` itself (not a cursor): a cursor is a separate connection and
    # would not see this transaction's uncommitted rows, nor write inside it.
    con.register("new_slots", _slots(series, facts))
    try:
        rows = con.execute(placements_sql.OVERLAPPING_BATCHES).fetchall()
    finally:
        con.unregister("new_slots")
    found: dict[int, Overlap] = {}
    for batch_id, file_name, loaded_at, year, region in rows:
        old = found.get(batch_id) or Overlap(batch_id, file_name, loaded_at, (), ())
        found[batch_id] = Overlap(batch_id, file_name, loaded_at,
                                  tuple(sorted({*old.years, int(year)})),
                                  tuple(sorted({*old.regions, str(region)})))
    return [found[b] for b in sorted(found)]


def not_covered(con: duckdb.DuckDBPyConnection, batch_id: int, series: str,
                facts: pd.DataFrame) -> list[tuple[int, str]]:
    """(year, regency) figures of ``batch_id`` that a replacement ``facts`` would drop."""
    con.register("new_slots", _slots(series, facts))
    try:
        rows = con.execute(placements_sql.SLOTS_NOT_COVERED, [batch_id]).fetchall()
    finally:
        con.unregister("new_slots")
    return [(int(y), str(k)) for y, k in rows]


def add_batch(con: duckdb.DuckDBPyConnection, batch: NewBatch, replace: bool = False,
              now: dt.datetime | None = None) -> tuple[int, list[int]]:
    """Store ``batch``; returns its id and the ids of batches it replaced.

    Raises OverlapError when it overlaps active batches of the same table and ``replace``
    is False.
    """
    clashing = overlaps(con, batch.series, batch.facts)
    if clashing and not replace:
        raise OverlapError(clashing)
    for overlap in clashing:
        dropped = not_covered(con, overlap.batch_id, batch.series, batch.facts)
        if dropped:
            raise IncompleteReplacementError(overlap, dropped)
    batch_id = int(con.execute(placements_sql.NEXT_BATCH_ID).fetchone()[0])
    for overlap in clashing:
        con.execute(placements_sql.SET_BATCH_STATUS, ["replaced", batch_id, overlap.batch_id])
    facts = batch.facts
    years = facts["tahun"]
    con.execute(placements_sql.INSERT_BATCH, [
        batch_id, batch.series, plain(batch.file_name), batch.sha256, batch.layout,
        plain(batch.source), plain(batch.licence), now or dt.datetime.now(), batch.rows_read,
        len(facts), batch.rows_skipped,
        int(years.min()) if len(years) else None, int(years.max()) if len(years) else None,
        batch.is_sample, json.dumps(batch.report, ensure_ascii=False, default=str),
        plain(batch.sheet), batch.provisional_from,
    ])
    rows = facts.drop(columns=["_line"], errors="ignore").assign(
        batch_id=batch_id, series=batch.series)
    con.register("new_facts", rows[list(placements_sql.FACT_COLUMNS)])
    try:
        con.execute(placements_sql.INSERT_FACTS)
    finally:
        con.unregister("new_facts")
    refresh_coverage(con, batch.series)
    return batch_id, [o.batch_id for o in clashing]


def rollback(con: duckdb.DuckDBPyConnection, batch_id: int) -> tuple[str, list[int]]:
    """Withdraw an active batch and restore the batches it had replaced.

    Returns the batch's series and the ids restored.
    """
    row = con.execute(placements_sql.BATCH_BY_ID, [batch_id]).fetchone()
    if row is None:
        raise BatchError(f"batch {batch_id} tidak ada; lihat 'python -m loaders history'")
    _, series, status, _ = row
    if status != "active":
        raise BatchError(f"batch {batch_id} berstatus '{status}', bukan aktif; "
                         "hanya batch aktif yang bisa dibatalkan")
    restored = [int(r[0]) for r in
                con.execute(placements_sql.BATCHES_REPLACED_BY, [batch_id]).fetchall()]
    con.execute(placements_sql.SET_BATCH_STATUS, ["rolled_back", None, batch_id])
    for old in restored:
        con.execute(placements_sql.SET_BATCH_STATUS, ["active", None, old])
    kind = con.execute(kinerja_sql.BATCH_KIND, [batch_id]).fetchone()[0]
    if kind == interns_sql.INTERN_KIND:
        refresh_intern_coverage(con, series)
    elif kind != "kinerja":
        refresh_coverage(con, series)  # indicator batches have no placement figures
    return series, restored


def refresh_coverage(con: duckdb.DuckDBPyConnection, series: str) -> None:
    con.execute(placements_sql.DELETE_COVERAGE, [series])
    con.execute(placements_sql.INSERT_COVERAGE, [series])


# -- internships abroad (pemagangan) ----------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class NewInternBatch(BatchFile):
    """A checked intern file ready to store (table ``magang_fact``, never ``fact``)."""

    series: str
    facts: pd.DataFrame  # columns of loaders.fact_shape.INTERNS.output_columns
    provisional_from: str | None = None


def _intern_slots(series: str, facts: pd.DataFrame) -> pd.DataFrame:
    slots = facts[["status", "breakdown", "tahun", "bulan", "kode_wilayah"]].drop_duplicates()
    return slots.assign(series=series)


def intern_overlaps(con: duckdb.DuckDBPyConnection, series: str,
                    facts: pd.DataFrame) -> list[Overlap]:
    """Active intern batches of the same series, status and table with the same slots."""
    con.register("new_intern_slots", _intern_slots(series, facts))
    try:
        rows = con.execute(interns_sql.INTERN_OVERLAPPING).fetchall()
    finally:
        con.unregister("new_intern_slots")
    found: dict[int, Overlap] = {}
    for batch_id, file_name, loaded_at, year, region in rows:
        old = found.get(batch_id) or Overlap(batch_id, file_name, loaded_at, (), ())
        found[batch_id] = Overlap(batch_id, file_name, loaded_at,
                                  tuple(sorted({*old.years, int(year)})),
                                  tuple(sorted({*old.regions, str(region)})))
    return [found[b] for b in sorted(found)]


def add_intern_batch(con: duckdb.DuckDBPyConnection, batch: NewInternBatch,
                     replace: bool = False,
                     now: dt.datetime | None = None) -> tuple[int, list[int]]:
    """Store an intern batch; returns its id and the ids of batches it replaced. The same
    guarantees as ``add_batch`` (OverlapError, IncompleteReplacementError)."""
    clashing = intern_overlaps(con, batch.series, batch.facts)
    if clashing and not replace:
        raise OverlapError(clashing)
    for overlap in clashing:
        con.register("new_intern_slots", _intern_slots(batch.series, batch.facts))
        try:
            dropped = [(int(y), str(k)) for y, k in con.execute(
                interns_sql.INTERN_SLOTS_NOT_COVERED, [overlap.batch_id]).fetchall()]
        finally:
            con.unregister("new_intern_slots")
        if dropped:
            raise IncompleteReplacementError(overlap, dropped)
    batch_id = int(con.execute(placements_sql.NEXT_BATCH_ID).fetchone()[0])
    for overlap in clashing:
        con.execute(placements_sql.SET_BATCH_STATUS, ["replaced", batch_id, overlap.batch_id])
    facts = batch.facts
    years = facts["tahun"]
    con.execute(interns_sql.INSERT_INTERN_BATCH, [
        batch_id, batch.series, plain(batch.file_name), batch.sha256, batch.layout,
        plain(batch.source), plain(batch.licence), now or dt.datetime.now(), batch.rows_read,
        len(facts), batch.rows_skipped,
        int(years.min()) if len(years) else None, int(years.max()) if len(years) else None,
        batch.is_sample, json.dumps(batch.report, ensure_ascii=False, default=str),
        plain(batch.sheet), batch.provisional_from,
    ])
    rows = facts.drop(columns=["_line"], errors="ignore").assign(
        batch_id=batch_id, series=batch.series)
    con.register("new_intern_facts", rows[list(interns_sql.INTERN_FACT_COLUMNS)])
    try:
        con.execute(interns_sql.INSERT_INTERN_FACTS)
    finally:
        con.unregister("new_intern_facts")
    refresh_intern_coverage(con, batch.series)
    return batch_id, [o.batch_id for o in clashing]


def refresh_intern_coverage(con: duckdb.DuckDBPyConnection, series: str) -> None:
    con.execute(interns_sql.DELETE_INTERN_COVERAGE, [series])
    con.execute(interns_sql.INSERT_INTERN_COVERAGE, [series])


# -- performance indicators (kinerja) ---------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class NewIndicatorBatch(BatchFile):
    """A checked indicator file (loaders/validate_kinerja.py) ready to store."""

    rows: pd.DataFrame  # columns of kinerja_sql.KINERJA_COLUMNS but batch_id


def _indicator_slots(rows: pd.DataFrame) -> pd.DataFrame:
    slots = rows[["kode_indikator", "tahun", "triwulan"]].drop_duplicates()
    return slots.astype({"kode_indikator": "object", "tahun": "int64", "triwulan": "Int64"})


def indicator_overlaps(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> list[Overlap]:
    """Active indicator batches holding the same (indicator, year, quarter) as ``rows``."""
    con.register("new_kinerja_slots", _indicator_slots(rows))
    try:
        found_rows = con.execute(kinerja_sql.KINERJA_OVERLAPPING).fetchall()
    finally:
        con.unregister("new_kinerja_slots")
    found: dict[int, Overlap] = {}
    for batch_id, file_name, loaded_at, year, code in found_rows:
        old = found.get(batch_id) or Overlap(batch_id, file_name, loaded_at, (), ())
        found[batch_id] = Overlap(batch_id, file_name, loaded_at,
                                  tuple(sorted({*old.years, int(year)})), (),
                                  tuple(sorted({*old.indicators, str(code)})))
    return [found[b] for b in sorted(found)]


def indicators_not_covered(con: duckdb.DuckDBPyConnection, batch_id: int,
                           rows: pd.DataFrame) -> list[tuple[int, str]]:
    """(year, "indicator" or "indicator TW n") rows of ``batch_id`` that ``rows`` lacks."""
    con.register("new_kinerja_slots", _indicator_slots(rows))
    try:
        missing = con.execute(kinerja_sql.KINERJA_SLOTS_NOT_COVERED, [batch_id]).fetchall()
    finally:
        con.unregister("new_kinerja_slots")
    return [(int(year), str(code) if quarter is None else f"{code} TW {int(quarter)}")
            for year, code, quarter in missing]


def add_indicator_batch(con: duckdb.DuckDBPyConnection, batch: NewIndicatorBatch,
                        replace: bool = False,
                        now: dt.datetime | None = None) -> tuple[int, list[int]]:
    """Store an indicator batch; returns its id and the ids of batches it replaced.

    As for placements: OverlapError when an active indicator batch has a row for the same
    (indicator, year, quarter) and ``replace`` is False; IncompleteReplacementError when a
    replacement lacks rows of the batch it would replace.
    """
    clashing = indicator_overlaps(con, batch.rows)
    if clashing and not replace:
        raise OverlapError(clashing)
    for overlap in clashing:
        dropped = indicators_not_covered(con, overlap.batch_id, batch.rows)
        if dropped:
            raise IncompleteReplacementError(overlap, dropped)
    batch_id = int(con.execute(placements_sql.NEXT_BATCH_ID).fetchone()[0])
    for overlap in clashing:
        con.execute(placements_sql.SET_BATCH_STATUS, ["replaced", batch_id, overlap.batch_id])
    years = batch.rows["tahun"]
    con.execute(kinerja_sql.INSERT_KINERJA_BATCH, [
        batch_id, kinerja_sql.KINERJA_SERIES, plain(batch.file_name), batch.sha256, batch.layout,
        plain(batch.source), plain(batch.licence), now or dt.datetime.now(), batch.rows_read,
        len(batch.rows), batch.rows_skipped, int(years.min()) if len(years) else None,
        int(years.max()) if len(years) else None, batch.is_sample,
        json.dumps(batch.report, ensure_ascii=False, default=str), plain(batch.sheet),
    ])
    rows = batch.rows.assign(batch_id=batch_id)[list(kinerja_sql.KINERJA_COLUMNS)]
    con.register("new_kinerja", rows)
    try:
        con.execute(kinerja_sql.INSERT_KINERJA)
    finally:
        con.unregister("new_kinerja")
    return batch_id, [o.batch_id for o in clashing]
