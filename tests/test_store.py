"""The store: created fresh with schema and reference data, the SQL contract, migrations."""

from __future__ import annotations

from pathlib import Path

import duckdb

from store import db as store_db
from store import schema
from store.sql import schema as schema_sql
from tests.conftest import query

CONTRACT_COLUMNS = ["tahun", "bulan", "kode_wilayah", "skema", "sektor", "jenis_kelamin",
                    "negara_tujuan", "jabatan", "jumlah", "batch_id"]


def test_history_on_missing_db_creates_fresh_store_without_figures(cli, db: Path):
    """Given --db naming a file that does not exist, when any command runs, then a store with
    schema and reference data but no figures is created."""
    result = cli("history", "--db", db)
    assert result.code == 0
    assert "belum ada batch" in result.out
    assert db.exists()
    assert query(db, "SELECT count(*) FROM fact") == [(0,)]
    assert query(db, "SELECT count(*) FROM batch") == [(0,)]
    codes = [r[0] for r in query(db, "SELECT kode_wilayah FROM wilayah ORDER BY 1")]
    assert codes == ["36", "3601", "3602", "3603", "3604", "3671", "3672", "3673", "3674"]
    assert {r[0] for r in query(db, "SELECT skema FROM skema")} == {
        "G to G", "P to P", "G to P", "UKPS", "Mandiri"}
    assert query(db, "SELECT count(*) FROM negara WHERE kode IN ('HK', 'TW', 'SA')") == [(3,)]


def test_penempatan_view_has_the_contract_columns(cli, db: Path):
    cli("history", "--db", db)
    columns = [r[0] for r in query(
        db, "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'penempatan' ORDER BY ordinal_position")]
    assert columns[: len(CONTRACT_COLUMNS)] == CONTRACT_COLUMNS
    batch_columns = {r[0] for r in query(
        db, "SELECT column_name FROM information_schema.columns WHERE table_name = 'batch'")}
    assert {"file_name", "sha256", "layout", "source", "loaded_at", "rows_read", "rows_stored",
            "rows_skipped", "tahun_awal", "tahun_akhir", "series"} <= batch_columns


def test_schema_is_versioned_and_ensure_is_idempotent(tmp_path: Path):
    path = tmp_path / "s.duckdb"
    con = duckdb.connect(str(path))
    schema.ensure(con)
    schema.ensure(con)
    assert schema.version(con) == schema_sql.SCHEMA_VERSION
    assert con.execute("SELECT count(*) FROM wilayah").fetchone() == (9,)
    con.close()


def test_reference_tables_reload_when_reference_files_change(tmp_path: Path, monkeypatch):
    """Given a store built with one version of the reference files, when the digest differs,
    then ensure() reloads the reference tables."""
    path = tmp_path / "s.duckdb"
    with store_db.writing(path):
        pass
    con = duckdb.connect(str(path))
    con.execute("DELETE FROM alias")
    con.execute("UPDATE store_meta SET value = 'old' WHERE key = 'reference_sha256'")
    schema.ensure(con)
    assert con.execute("SELECT count(*) FROM alias").fetchone()[0] > 100
    con.close()


def test_failed_write_leaves_no_temporary_files(tmp_path: Path):
    path = tmp_path / "s.duckdb"
    with store_db.writing(path):
        pass
    before = sorted(p.name for p in tmp_path.iterdir())
    try:
        with store_db.writing(path) as con:
            con.execute("DELETE FROM wilayah")
            raise RuntimeError("injected")
    except RuntimeError:
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert query(path, "SELECT count(*) FROM wilayah") == [(9,)]


def test_an_older_store_is_migrated_to_the_current_schema(tmp_path: Path):
    """Given a store at schema version 1, when it is opened for writing, then the later
    migrations run and its figures are kept."""
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    for statement in schema_sql.MIGRATIONS[1]:
        con.execute(statement)
    con.execute(schema_sql.SET_META, ["schema_version", "1"])
    con.execute("INSERT INTO batch (batch_id, series, file_name, sha256, layout, loaded_at, "
                "rows_read, rows_stored, rows_skipped, status, is_sample) VALUES "
                "(1, 'bp2mi', 'a.csv', 'x', 'kanonik', now(), 1, 1, 0, 'active', false)")
    con.close()
    with store_db.writing(path):
        pass
    assert query(path, "SELECT value FROM store_meta WHERE key = 'schema_version'") == [
        (str(schema_sql.SCHEMA_VERSION),)]
    assert query(path, "SELECT file_name, sheet FROM batch") == [("a.csv", None)]
    assert query(path, "SELECT count(*) FROM series WHERE sumber_singkat IS NOT NULL") == [(4,)]
