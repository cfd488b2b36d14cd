"""Edge cases found while documenting the loaders: each one was a wrong result or a crash."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl

from loaders import pipeline
from tests.conftest import file_digest, query


def test_trailing_separator_does_not_shift_columns(cli, write_file):
    result = cli("check", write_file("t.csv", "tahun,kode_wilayah,jumlah\n2024,3604,5,\n"))
    assert result.code == 0, result.out


def test_an_extra_filled_cell_is_an_error_naming_the_line(cli, write_file):
    result = cli("check", write_file("t.csv", "tahun,kode_wilayah,jumlah\n2024,3604,5\n"
                                              "2024,3601,7,9\n"))
    assert result.code == 1
    assert "t.csv, baris 3: baris ini berisi lebih banyak sel daripada judul kolom" in result.out


def test_utf16_text_is_read(cli, write_file):
    text = "tahun,kode_wilayah,jumlah\n2024,3604,5\n"
    result = cli("check", write_file("u.csv", text.encode("utf-16")))
    assert result.code == 0, result.out
    assert "UTF-16" in result.out


def test_a_broken_sidecar_is_reported_not_a_traceback(cli, write_file):
    path = write_file("m.csv", "tahun,kode_wilayah,jumlah\n2024,3604,5\n")
    write_file("m.meta.yml", "title: [unclosed\n")
    result = cli("check", path)
    assert result.code == 1
    assert "m.meta.yml, baris 2: berkas keterangan .meta.yml tidak dapat dibaca" in result.out


def test_year_from_the_command_line_for_a_file_without_one(cli, db, write_file):
    path = write_file("y.csv", "kode_wilayah,jumlah\n3604,5\n")
    assert "--tahun" in cli("check", path).out
    result = cli("load", path, "--db", db, "--tahun", "2023")
    assert result.code == 0, result.out
    assert cli("summary", "--db", db, "--csv").out.splitlines() == ["tahun,jumlah", "2023,5"]


def test_each_sheet_of_a_workbook_is_its_own_table(cli, db, tmp_path):
    book = openpyxl.Workbook()
    first = book.active
    first.title = "Serang"
    first.append(["tahun", "kode_wilayah", "jumlah"])
    first.append([2024, 3604, 911])
    second = book.create_sheet("Lebak")
    second.append(["tahun", "kode_wilayah", "jumlah"])
    second.append([2024, 3602, 360])
    path = tmp_path / "dua.xlsx"
    book.save(path)
    assert cli("load", path, "--db", db).code == 0
    again = cli("load", path, "--db", db, "--sheet", "Lebak")
    assert again.code == 0 and "dimuat" in again.out
    out = cli("summary", "--db", db, "--by", "kode_wilayah", "--csv").out
    assert out.splitlines() == ["kode_wilayah,jumlah", "3602,360", "3604,911"]
    assert query(db, "SELECT sheet FROM batch ORDER BY batch_id") == [("Serang",), ("Lebak",)]


def test_the_same_file_in_another_series_is_a_new_batch(cli, db, write_file):
    path = write_file("s.csv", "tahun,kode_wilayah,jumlah\n2024,3604,5\n")
    cli("load", path, "--db", db, "--series", "bp2mi")
    result = cli("load", path, "--db", db, "--series", "disnaker", "--json")
    assert json.loads(result.out)[0]["status"] == "loaded"


def test_dry_run_finds_overlaps_with_the_store_and_writes_nothing(cli, db, write_file):
    cli("load", write_file("a.csv", "tahun,kode_wilayah,jumlah\n2024,3604,5\n"), "--db", db)
    before = file_digest(db)
    result = cli("load", write_file("b.csv", "tahun,kode_wilayah,jumlah\n2024,3604,6\n"),
                 "--db", db, "--dry-run")
    assert result.code == 1 and "tumpang tindih dengan batch 1" in result.out
    fine = cli("load", write_file("c.csv", "tahun,kode_wilayah,jumlah\n2023,3604,6\n"),
               "--db", db, "--dry-run")
    assert fine.code == 0 and "uji coba" in fine.out
    assert file_digest(db) == before


def test_invalid_values_are_not_also_reported_as_duplicates(cli, write_file):
    text = ("tahun,kode_wilayah,negara_tujuan,jumlah\n2024,3604,Arab Saudia,5\n"
            "2024,3604,XX,6\n")
    result = cli("check", write_file("d.csv", text))
    assert result.code == 1
    assert "tidak dikenal" in result.out
    assert "sudah ada di baris" not in result.out


def test_month_abbreviation_mrt_and_the_running_month(write_file):
    path = write_file("b.csv", "tahun,bulan,kode_wilayah,jumlah\n2024,Mrt,3604,5\n"
                               "2024,Apr,3604,6\n")
    report = pipeline.check([path], pipeline.Options(today=dt.date(2024, 4, 15)))[0]
    assert report.status == "checked", report.format_text()
    assert any("bulan 4 tahun 2024 belum berakhir" in w.message for w in report.warnings)


def test_a_portal_table_counting_something_else_is_refused(cli, write_file):
    text = ("id,kode_provinsi,nama_provinsi,kode_kabupaten_kota,nama_kabupaten_kota,"
            "jumlah_penduduk,satuan,tahun\n1,36,BANTEN,3604,KABUPATEN SERANG,1622630,ORANG,2020\n")
    result = cli("check", write_file("p.csv", text))
    assert result.code == 1 and "'jumlah_penduduk' bukan jumlah pekerja migran" in result.out


def test_load_into_a_missing_default_store_builds_it_from_data_first(cli, tmp_path,
                                                                     monkeypatch, write_file):
    store = tmp_path / "default" / "pmi.duckdb"
    monkeypatch.setenv("PMI_DB", str(store))
    result = cli("load", write_file("k.csv", "tahun,kode_wilayah,jumlah\n2022,3604,10\n"),
                 "--series", "disnaker")
    assert result.code == 0, result.out
    files = {r[0] for r in query(store, "SELECT file_name FROM batch")}
    assert "k.csv" in files and "penempatan_contoh.csv" in files
