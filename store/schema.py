"""Creating and migrating the store's schema, and keeping its reference tables current."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import duckdb
import pandas as pd

from domain.config import REFERENCE_DIR
from store.sql import schema as schema_sql

_REFERENCE_KEY = "reference_sha256"


def _reference_files() -> dict[str, Path]:
    return {table: REFERENCE_DIR / f"{'seri' if table == 'series' else table}.csv"
            for table in schema_sql.REFERENCE_TABLES}


def reference_digest() -> str:
    """One hash over all reference files: when it changes, the tables are reloaded."""
    digest = hashlib.sha256()
    for table, path in sorted(_reference_files().items()):
        digest.update(table.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def version(con: duckdb.DuckDBPyConnection) -> int:
    if con.execute(schema_sql.SCHEMA_EXISTS).fetchone()[0] == 0:
        return 0
    row = con.execute(schema_sql.GET_META, ["schema_version"]).fetchone()
    return int(row[0]) if row else 0


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether a store has this code's schema and reference data (no write needed)."""
    if version(con) != schema_sql.SCHEMA_VERSION:
        return False
    row = con.execute(schema_sql.GET_META, [_REFERENCE_KEY]).fetchone()
    return row is not None and row[0] == reference_digest()


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """Bring a store (possibly empty) to the current schema and reference data."""
    current = version(con)
    if current > schema_sql.SCHEMA_VERSION:
        raise RuntimeError(
            f"the store has schema version {current}, newer than this code "
            f"({schema_sql.SCHEMA_VERSION}); update the code"
        )
    for target in range(current + 1, schema_sql.SCHEMA_VERSION + 1):
        for statement in schema_sql.MIGRATIONS[target]:
            con.execute(statement)
        con.execute(schema_sql.SET_META, ["schema_version", str(target)])
    digest = reference_digest()
    row = con.execute(schema_sql.GET_META, [_REFERENCE_KEY]).fetchone()
    if row is None or row[0] != digest:
        load_reference(con)
        con.execute(schema_sql.SET_META, [_REFERENCE_KEY, digest])


def load_reference(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)fill the reference tables from data/reference/*.csv."""
    for table, path in _reference_files().items():
        columns = schema_sql.REFERENCE_TABLES[table]
        with path.open(encoding="utf-8", newline="") as fh:
            rows = [[_cell(row.get(c)) for c in columns] for row in csv.DictReader(fh)]
        con.execute(schema_sql.clear_reference(table))
        if rows:
            frame = pd.DataFrame(rows, columns=list(columns), dtype=object)
            con.register("reference_rows", frame)
            try:
                con.execute(schema_sql.insert_reference(table))
            finally:
                con.unregister("reference_rows")


def _cell(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None
