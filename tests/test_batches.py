"""Loads are atomic, idempotent and recorded; overlaps are refused; replace and rollback."""

from __future__ import annotations

import json

import pytest

from store import write
from tests.conftest import file_digest, query

SKEMA_2024 = ("tahun,kode_wilayah,skema,jumlah\n"
              "2024,3604,P to P,800\n2024,3604,G to G,111\n2024,3601,P to P,794\n")
SKEMA_2024_FIXED = SKEMA_2024.replace("800", "810")


def test_load_is_recorded_with_provenance(cli, db, write_file):
    path = write_file("skema.csv", SKEMA_2024)
    result = cli("load", path, "--db", db, "--source", "BP3MI Banten, surat 12/2025")
    assert result.code == 0
    rows = query(db, "SELECT batch_id, series, file_name, sha256, layout, source, rows_read, "
                     "rows_stored, rows_skipped, tahun_awal, tahun_akhir, status FROM batch")
    assert len(rows) == 1
    batch_id, series, name, sha, layout, source, read, stored, skipped, first, last, status = \
        rows[0]
    assert (batch_id, series, name, layout, source) == (1, "bp2mi", "skema.csv", "kanonik",
                                                        "BP3MI Banten, surat 12/2025")
    assert sha == file_digest(path)
    assert (read, stored, skipped, first, last, status) == (3, 3, 0, 2024, 2024, "active")
    assert query(db, "SELECT DISTINCT batch_id FROM penempatan") == [(1,)]
    history = cli("history", "--db", db)
    assert "skema.csv" in history.out and "BP3MI Banten" in history.out


def test_same_file_again_changes_nothing(cli, db, write_file):
    path = write_file("skema.csv", SKEMA_2024)
    cli("load", path, "--db", db)
    before = (file_digest(db), db.stat().st_ino)
    result = cli("load", path, "--db", db)
    assert result.code == 0
    assert "tidak berubah" in result.out
    assert (file_digest(db), db.stat().st_ino) == before
    # the same content under another name is recognised by its hash too
    again = cli("load", write_file("salinan.csv", SKEMA_2024), "--db", db)
    assert "sama persis dengan batch 1" in again.out
    assert query(db, "SELECT count(*) FROM batch") == [(1,)]


def test_error_injected_mid_load_leaves_store_as_it_was(cli, db, write_file, monkeypatch):
    """Given a store with one batch, when the write fails after the facts were inserted,
    then the store file is byte-identical to before and no temporary file is left."""
    cli("load", write_file("first.csv", SKEMA_2024), "--db", db)
    before = file_digest(db)
    listing = sorted(p.name for p in db.parent.iterdir())

    def broken(con, series):
        raise OSError("disk full (injected)")

    monkeypatch.setattr(write, "refresh_coverage", broken)
    with pytest.raises(OSError, match="injected"):
        cli("load", write_file("second.csv", "tahun,kode_wilayah,jumlah\n2023,3602,67\n"),
            "--db", db, "--series", "disnaker")
    assert file_digest(db) == before
    assert sorted(p.name for p in db.parent.iterdir()) == listing
    assert query(db, "SELECT count(*) FROM batch") == [(1,)]


def test_overlapping_load_is_refused_with_the_batch_it_overlaps(cli, db, write_file):
    cli("load", write_file("v1.csv", SKEMA_2024), "--db", db)
    before = file_digest(db)
    result = cli("load", write_file("v2.csv", SKEMA_2024_FIXED), "--db", db)
    assert result.code == 1
    assert "tumpang tindih dengan batch 1 (v1.csv" in result.out
    assert "--replace" in result.out and "rollback" in result.out
    assert file_digest(db) == before


def test_replace_swaps_in_the_correction_and_rollback_restores(cli, db, write_file):
    cli("load", write_file("v1.csv", SKEMA_2024), "--db", db)
    result = cli("load", write_file("v2.csv", SKEMA_2024_FIXED), "--db", db, "--replace",
                 "--json")
    report = json.loads(result.out)[0]
    assert (report["status"], report["batch_id"], report["replaced"]) == ("loaded", 2, [1])
    assert cli("summary", "--db", db, "--by", "tahun", "--csv").out.splitlines() == [
        "tahun,jumlah", "2024,1715"]
    assert query(db, "SELECT batch_id, status, replaced_by FROM batch ORDER BY 1") == [
        (1, "replaced", 2), (2, "active", None)]
    rolled = cli("rollback", "2", "--db", db)
    assert rolled.code == 0 and "dipulihkan: 1" in rolled.out
    assert cli("summary", "--db", db, "--by", "tahun", "--csv").out.splitlines() == [
        "tahun,jumlah", "2024,1705"]
    assert query(db, "SELECT batch_id, status FROM batch ORDER BY 1") == [
        (1, "active"), (2, "rolled_back")]


def test_rollback_of_unknown_or_inactive_batch_is_a_clear_error(cli, db, write_file):
    cli("load", write_file("v1.csv", SKEMA_2024), "--db", db)
    missing = cli("rollback", "9", "--db", db)
    assert missing.code == 1 and "batch 9 tidak ada" in missing.err
    cli("rollback", "1", "--db", db)
    again = cli("rollback", "1", "--db", db)
    assert again.code == 1 and "bukan aktif" in again.err


def test_monthly_files_of_one_table_add_up_without_overlap(cli, db, write_file):
    header = "tahun,bulan,kode_wilayah,skema,jumlah\n"
    cli("load", write_file("jan.csv", header + "2024,1,3604,P to P,70\n"), "--db", db)
    result = cli("load", write_file("feb.csv", header + "2024,2,3604,P to P,60\n"), "--db", db)
    assert result.code == 0
    assert cli("summary", "--db", db, "--by", "bulan", "--csv").out.splitlines() == [
        "bulan,jumlah", "1,70", "2,60"]


def test_dry_run_checks_but_writes_nothing(cli, db, write_file):
    result = cli("load", write_file("v1.csv", SKEMA_2024), "--db", db, "--dry-run")
    assert result.code == 0
    assert "uji coba" in result.out
    assert not db.exists()


def test_replacement_missing_figures_of_the_old_batch_is_refused(cli, db, write_file):
    """A correction must hold the whole old table: replacing it with a part would silently
    drop the other figures."""
    cli("load", write_file("v1.csv", SKEMA_2024), "--db", db)
    before = file_digest(db)
    partial = "tahun,kode_wilayah,skema,jumlah\n2024,3604,P to P,810\n2024,3604,G to G,111\n"
    result = cli("load", write_file("v2.csv", partial), "--db", db, "--replace")
    assert result.code == 1
    assert "tidak memuat semua angka batch 1 (v1.csv): tidak ada 2024 3601" in result.out
    assert file_digest(db) == before
