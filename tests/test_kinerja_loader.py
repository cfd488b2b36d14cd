"""Performance-indicator files (layout ``kinerja``): detected, read in Indonesian number formats
and from workbooks, every problem named by line and column; loaded atomically and
idempotently, overlaps refused unless --replace, rolled back; older stores migrate; and the
placement figures, series and exports do not change."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from openpyxl import Workbook

from domain import kinerja as performance
from loaders import layouts, open_data, pipeline
from loaders.layouts import kinerja
from loaders.source import open_source
from loaders.validate_kinerja import parse_direction, parse_number, parse_quarter
from store import catalogue, queries
from store import db as store_db
from store.sql import schema as schema_sql
from tests.conftest import ROOT, file_digest, query

HEADER = "kode_indikator,indikator,satuan,tahun,triwulan,target,realisasi,arah,sumber,catatan\n"
V1 = HEADER + (
    "A,PMI ditempatkan,orang,2024,,1.000,950,naik,Sumber A,\n"
    "A,PMI ditempatkan,orang,2025,I,250,240,naik,Sumber A,kumulatif\n"
    'B,Pengaduan selesai,%,2024,,90,"84,5",naik,,\n'
    "C,Kasus nonprosedural,kasus,2024,,30,35,turun,,\n"
)
SAMPLE = ROOT / "data" / "sample" / "kinerja_contoh.csv"
EXAMPLE = ROOT / "docs" / "examples" / "kinerja.csv"
PLACEMENTS = ROOT / "docs" / "examples" / "kanonik.csv"


def report_of(cli, *args) -> tuple[int, dict]:
    result = cli(*args, "--json")
    return result.code, json.loads(result.out)[0]


def problems(report: dict, severity: str = "errors") -> list[tuple[int | None, str | None, str]]:
    return [(p["line"], p["column"], p["message"]) for p in report[severity]]


# -- detection and reading --------------------------------------------------------------------

@pytest.mark.parametrize("path", [SAMPLE, EXAMPLE], ids=["sample", "example"])
def test_indicator_files_are_detected_as_kinerja(path):
    assert layouts.detect(open_source(path)) is kinerja


def test_a_title_block_and_synonyms_are_found(write_file):
    path = write_file("laporan.csv", "LAPORAN CAPAIAN KINERJA 2024\n\n"
                      "No,Nama Indikator,Satuan,Tahun Anggaran,TW,Target,Realisasi,Polaritas\n"
                      "1,PMI ditempatkan,orang,2024,,100,90,Positif\n")
    assert layouts.detect(open_source(path)) is kinerja


@pytest.mark.parametrize("path", [PLACEMENTS, ROOT / "docs" / "examples" / "portal.csv",
                                  ROOT / "docs" / "examples" / "rekap.csv"])
def test_placement_files_are_not_taken_for_indicators(path):
    assert kinerja.detect(open_source(path)) == 0


@pytest.mark.parametrize(("text", "spreadsheet", "value"), [
    ("1.234", False, 1234.0), ("85,5", False, 85.5), ("85,5%", False, 85.5),
    ("1.234,5", False, 1234.5), ("1.234.567", False, 1234567.0), ("1,234.5", False, 1234.5),
    ("12", False, 12.0), (" 96,1 % ", False, 96.1), ("0", False, 0.0), ("+3", False, 3.0),
    ("85.5", True, 85.5), ("1.234", True, 1.234), ("3000", True, 3000.0),
    ("1.234,5", True, 1234.5), ("abc", False, None), ("-5", False, None), ("", False, None),
    ("1..2", False, None), ("12,3,4", False, None),
])
def test_numbers_in_indonesian_formats(text, spreadsheet, value):
    assert parse_number(text, spreadsheet) == value


@pytest.mark.parametrize(("text", "quarter"), [
    ("", None), ("1", 1), ("III", 3), ("iv", 4), ("TW III", 3), ("TW2", 2), ("Triwulan 2", 2),
    ("Q4", 4), ("Kuartal I", 1), ("tahunan", None), ("4.0", 4), ("5", "bad"), ("V", "bad"),
    ("Mei", "bad"),
])
def test_quarters(text, quarter):
    assert parse_quarter(text) == quarter


@pytest.mark.parametrize(("text", "direction"), [
    ("naik", "naik"), ("Semakin tinggi semakin baik", "naik"), ("higher", "naik"),
    ("POSITIF", "naik"), ("turun", "turun"), ("lebih rendah lebih baik", "turun"),
    ("Lower is better", "turun"), ("semakin kecil, semakin baik", "turun"), ("ke atas", None),
    ("", None),
])
def test_directions(text, direction):
    assert parse_direction(text) == direction


def test_a_clean_file_is_checked_with_its_figures_and_a_line_per_indicator(cli, write_file):
    code, report = report_of(cli, "check", write_file("v1.csv", V1))
    assert code == 0, report["errors"]
    assert (report["layout"], report["series"], report["rows_read"], report["rows_stored"]) == \
        ("kinerja", "kinerja", 4, 4)
    assert report["period"] == {"tahun_awal": 2024, "tahun_akhir": 2025, "s_d_bulan": 3}
    lines = [n for n in report["notes"] if n.startswith("indikator ")]
    assert len(lines) == 3
    assert any("indikator A " in n and "target 250, realisasi 240, capaian 96,0 %" in n
               and "hampir tercapai" in n for n in lines), lines
    # lower is better: (2 - 35/30) x 100 = 83,3 %
    assert any("indikator C " in n and "capaian 83,3 %" in n and "belum tercapai" in n
               for n in lines), lines


BAD_CASES = {
    "bad number": ("A,X,orang,2024,,1.000,sembilan,naik,,\n", 2, "realisasi", "bukan angka"),
    "negative": ("A,X,orang,2024,,-10,5,naik,,\n", 2, "target", "negatif"),
    "empty target": ("A,X,orang,2024,,,5,naik,,\n", 2, "target", "target kosong"),
    "bad year": ("A,X,orang,20x4,,10,5,naik,,\n", 2, "tahun", "bukan angka tahun"),
    "year too far": ("A,X,orang,2099,,10,,naik,,\n", 2, "tahun", "di luar rentang"),
    "bad quarter": ("A,X,orang,2024,5,10,5,naik,,\n", 2, "triwulan", "tidak dikenal"),
    "unknown arah": ("A,X,orang,2024,,10,5,ke atas,,\n", 2, "arah", "arah 'ke atas' tidak"),
    "empty arah": ("A,X,orang,2024,,10,5,,,\n", 2, "arah", "arah kosong"),
    "empty unit": ("A,X,,2024,,10,5,naik,,\n", 2, "satuan", "satuan kosong"),
    "empty name": ("A,,orang,2024,,10,5,naik,,\n", 2, "indikator", "nama indikator kosong"),
    "future realisation": ("A,X,orang,2027,,10,5,naik,,\n", 2, "realisasi", "belum berjalan"),
    "duplicate": ("A,X,orang,2024,,10,5,naik,,\nA,X,orang,2024,,10,6,naik,,\n", 3, "indikator",
                  "sudah ada di baris 2"),
    "two units": ("A,X,orang,2023,,10,5,naik,,\nA,X,%,2024,,10,6,naik,,\n", 3, "satuan",
                  "satuan '%' berbeda dari baris 2 ('orang')"),
    "two directions": ("A,X,orang,2023,,10,5,naik,,\nA,X,orang,2024,,10,6,turun,,\n", 3, "arah",
                       "arah 'turun' berbeda dari baris 2 ('naik')"),
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_problems_name_the_file_line_and_column_and_refuse_the_file(case, cli, write_file, db):
    rows, line, column, message = BAD_CASES[case]
    cli("history", "--db", db)  # an empty store
    path = write_file("bad.csv", HEADER + rows)
    code, report = report_of(cli, "check", path)
    assert code == 1 and report["status"] == "refused"
    found = [p for p in report["errors"] if p["line"] == line and p["column"] == column
             and message in p["message"]]
    assert found, problems(report)
    assert found[0]["file"] == "bad.csv" and found[0]["hint"], found
    assert cli("load", path, "--db", db).code == 1
    assert query(db, "SELECT count(*) FROM kinerja") == [(0,)]


def test_missing_required_columns_are_named_with_how_to_fix(cli, write_file):
    path = write_file("kolom.csv", "indikator,satuan,tahun,target\nX,orang,2024,10\n")
    code, report = report_of(cli, "check", path)
    assert code == 1 and report["layout"] == "kinerja"
    messages = {p["message"]: p for p in report["errors"]}
    assert {"kolom 'realisasi' tidak ada", "kolom 'arah' tidak ada"} <= set(messages)
    assert "naik" in messages["kolom 'arah' tidak ada"]["hint"]
    assert messages["kolom 'arah' tidak ada"]["line"] == 1


def test_the_running_quarter_is_a_warning_and_a_differing_capaian_too(cli, write_file):
    today = dt.date.today()
    quarter = (today.month - 1) // 3 + 1
    path = write_file("w.csv", "indikator,satuan,tahun,triwulan,target,realisasi,arah,capaian\n"
                      f"X,orang,{today.year},{quarter},10,5,naik,\n"
                      "Y,orang,2024,,200,180,naik,80%\n"  # computed: 90 %
                      'Z,%,2024,,100,90,naik,"0,9"\n')  # a fraction of 90 %: accepted
    code, report = report_of(cli, "check", path)
    assert code == 0, report["errors"]
    warnings = problems(report, "warnings")
    assert any(line == 2 and column == "realisasi" and "belum berakhir" in message
               for line, column, message in warnings), warnings
    assert any(line == 3 and column == "capaian" and "80% di berkas berbeda dari hitungan 90,0"
               in message for line, column, message in warnings), warnings
    assert not any(line == 4 for line, _, _ in warnings), warnings


def test_a_realisation_dash_means_not_reported_and_codes_come_from_names(cli, write_file, db):
    path = write_file("d.csv", "indikator,satuan,tahun,target,realisasi,arah\n"
                      "PMI Ditempatkan (Prosedural),orang,2024,100,-,naik\n"
                      "PMI Ditempatkan (Prosedural),orang,2023,100,,naik\n")
    assert cli("load", path, "--db", db).code == 0
    assert query(db, "SELECT kode_indikator, tahun, realisasi FROM kinerja ORDER BY tahun") == [
        ("pmi_ditempatkan_prosedural", 2023, None), ("pmi_ditempatkan_prosedural", 2024, None)]


def test_xlsx_with_a_title_block_and_number_cells(cli, write_file, db, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Kinerja"
    sheet.append(["Laporan capaian kinerja Disnakertrans (uji)"])
    sheet.append([])
    sheet.append(["Kode", "Indikator", "Satuan", "Tahun", "Triwulan", "Target", "Realisasi",
                  "Arah", "Keterangan"])
    sheet.append(["P1", "Pengaduan selesai", "%", 2024, None, 90, 84.5, "naik", "uji"])
    sheet.append(["P1", "Pengaduan selesai", "%", 2025, "TW II", 95, 92.25, "naik", None])
    sheet.append(["K1", "Kasus nonprosedural", "kasus", 2024, None, 1234, 1300, "turun", None])
    path = tmp_path / "kinerja.xlsx"
    book.save(path)
    code, report = report_of(cli, "check", path)
    assert code == 0, report["errors"]
    assert (report["layout"], report["sheet"]) == ("kinerja", "Kinerja")
    assert cli("load", path, "--db", db).code == 0
    assert query(db, "SELECT kode_indikator, tahun, triwulan, target, realisasi, catatan, baris "
                     "FROM kinerja ORDER BY baris") == [
        ("P1", 2024, None, 90.0, 84.5, "uji", 4), ("P1", 2025, 2, 95.0, 92.25, None, 5),
        ("K1", 2024, None, 1234.0, 1300.0, None, 6)]
    assert query(db, "SELECT sheet, layout, jenis FROM batch") == [("Kinerja", "kinerja",
                                                                    "kinerja")]


# -- loading ----------------------------------------------------------------------------------

def test_load_is_recorded_idempotent_and_keeps_the_figures_as_written(cli, write_file, db):
    path = write_file("v1.csv", V1)
    result = cli("load", path, "--db", db, "--source", "Disnakertrans Banten, LKjIP 2024")
    assert result.code == 0, result.out
    assert query(db, "SELECT batch_id, series, layout, jenis, source, rows_stored, tahun_awal, "
                     "tahun_akhir, status, sha256 FROM batch") == [
        (1, "kinerja", "kinerja", "kinerja", "Disnakertrans Banten, LKjIP 2024", 4, 2024, 2025,
         "active", file_digest(path))]
    assert query(db, "SELECT kode_indikator, tahun, triwulan, target, realisasi, arah, satuan, "
                     "baris FROM kinerja_aktif ORDER BY baris") == [
        ("A", 2024, None, 1000.0, 950.0, "naik", "orang", 2),
        ("A", 2025, 1, 250.0, 240.0, "naik", "orang", 3),
        ("B", 2024, None, 90.0, 84.5, "naik", "%", 4),
        ("C", 2024, None, 30.0, 35.0, "turun", "kasus", 5)]
    before = (file_digest(db), db.stat().st_ino)
    again = cli("load", path, "--db", db)
    assert again.code == 0 and "tidak berubah" in again.out
    assert (file_digest(db), db.stat().st_ino) == before
    assert "kinerja" in cli("history", "--db", db).out


def test_overlap_is_refused_then_replaced_then_rolled_back(cli, write_file, db):
    cli("load", write_file("v1.csv", V1), "--db", db)
    v2 = write_file("v2.csv", V1.replace("2025,I,250,240", "2025,I,250,245"))
    refused = cli("load", v2, "--db", db)
    assert refused.code == 1
    assert "tumpang tindih dengan batch 1 (v1.csv" in refused.out
    assert "indikator A, B, C" in refused.out and "--replace" in refused.out
    assert query(db, "SELECT count(*) FROM batch") == [(1,)]

    replaced = cli("load", v2, "--db", db, "--replace")
    assert replaced.code == 0, replaced.out
    assert query(db, "SELECT batch_id, status, replaced_by FROM batch ORDER BY 1") == [
        (1, "replaced", 2), (2, "active", None)]
    assert query(db, "SELECT realisasi FROM kinerja_aktif WHERE tahun = 2025") == [(245.0,)]

    assert cli("rollback", "2", "--db", db).code == 0
    assert query(db, "SELECT batch_id, status FROM batch ORDER BY 1") == [
        (1, "active"), (2, "rolled_back")]
    assert query(db, "SELECT realisasi FROM kinerja_aktif WHERE tahun = 2025") == [(240.0,)]


def test_a_new_quarter_alone_loads_without_replace(cli, write_file, db):
    cli("load", write_file("v1.csv", V1), "--db", db)
    q2 = write_file("q2.csv", HEADER + "A,PMI ditempatkan,orang,2025,II,500,470,naik,,\n")
    assert cli("load", q2, "--db", db).code == 0
    assert query(db, "SELECT triwulan, realisasi FROM kinerja_aktif WHERE tahun = 2025 "
                     "ORDER BY triwulan") == [(1, 240.0), (2, 470.0)]


def test_a_replacement_must_hold_every_row_of_the_old_batch(cli, write_file, db):
    cli("load", write_file("v1.csv", V1), "--db", db)
    partial = write_file("v3.csv", HEADER + "A,PMI ditempatkan,orang,2024,,1.000,960,naik,,\n")
    result = cli("load", partial, "--db", db, "--replace")
    assert result.code == 1
    assert "berkas pengganti tidak memuat semua baris batch 1" in result.out
    assert "2024 B" in result.out and "2025 A TW 1" in result.out
    assert query(db, "SELECT count(*) FROM batch") == [(1,)]


def test_several_files_load_all_or_nothing(cli, write_file, db):
    cli("history", "--db", db)  # an empty store
    good = write_file("good.csv", V1)
    bad = write_file("bad.csv", HEADER + "Z,X,orang,2024,,10,5,miring,,\n")
    result = cli("load", good, bad, "--db", db)
    assert result.code == 1 and "tidak dimuat" in result.out
    assert query(db, "SELECT count(*) FROM batch") == [(0,)]


def test_the_sidecar_marks_sample_data_and_gives_source_and_licence(cli, write_file, db):
    path = write_file("contoh.csv", V1)
    write_file("contoh.meta.yml", "sample: true\nsource: Contoh uji\nlicence: CC BY 4.0\n"
               "caveats:\n  - rekaan\n")
    assert cli("load", path, "--db", db).code == 0
    assert query(db, "SELECT is_sample, source, licence FROM batch") == [
        (True, "Contoh uji", "CC BY 4.0")]
    assert query(db, "SELECT DISTINCT data_contoh FROM kinerja_aktif") == [(True,)]
    report = json.loads(query(db, "SELECT report FROM batch")[0][0])
    assert report["caveats"] == ["rekaan"]


def test_rebuild_loads_the_shipped_sample_indicators(cli, db):
    assert cli("rebuild", "--db", db).code == 0
    assert query(db, "SELECT series, layout, jenis, is_sample FROM batch "
                     "WHERE file_name = 'kinerja_contoh.csv'") == [
        ("kinerja", "kinerja", "kinerja", True)]
    with SAMPLE.open(encoding="utf-8") as fh:
        data_rows = sum(1 for line in fh) - 1
    assert query(db, "SELECT count(*) FROM kinerja_aktif") == [(data_rows,)]


def test_the_shipped_sample_shows_every_status_and_a_lower_is_better_zero_target():
    frame = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    assert {"kode_indikator", "indikator", "satuan", "tahun", "triwulan", "target", "realisasi",
            "arah"} <= set(frame.columns)
    rows = pipeline.prepare(SAMPLE, pipeline.Options()).indicators.frame
    latest = performance.assess(performance.per_year(rows[rows["tahun"] == 2025]))
    assert set(latest["status"]) == set(performance.STATUSES)
    assert ((rows["arah"] == "turun") & (rows["target"] == 0)).any()
    assert rows["tahun"].min() == 2021 and rows["tahun"].max() == 2025
    assert rows.loc[rows["tahun"] == 2025, "triwulan"].notna().any()


# -- the store --------------------------------------------------------------------------------

def test_a_version_4_store_migrates_and_keeps_its_batches(tmp_path, cli, write_file):
    """Given a store at schema version 4 with a placement batch, when it is written to, then
    it gains batch.jenis ('penempatan' for the old batch) and the kinerja table, and an
    indicator file loads."""
    path = tmp_path / "v4.duckdb"
    con = duckdb.connect(str(path))
    for version in range(1, 5):
        for statement in schema_sql.MIGRATIONS[version]:
            con.execute(statement)
    con.execute(schema_sql.SET_META, ["schema_version", "4"])
    con.execute("INSERT INTO batch (batch_id, series, file_name, sha256, layout, loaded_at, "
                "rows_read, rows_stored, rows_skipped, status, is_sample) VALUES "
                "(1, 'bp2mi', 'a.csv', 'x', 'kanonik', now(), 1, 1, 0, 'active', false)")
    con.close()
    assert cli("load", write_file("v1.csv", V1), "--db", path).code == 0
    assert query(path, "SELECT value FROM store_meta WHERE key = 'schema_version'") == [
        (str(schema_sql.SCHEMA_VERSION),)]
    assert query(path, "SELECT batch_id, jenis FROM batch ORDER BY 1") == [
        (1, "penempatan"), (2, "kinerja")]
    assert query(path, "SELECT count(*) FROM kinerja_aktif") == [(4,)]


def _placement_view(path: Path) -> dict[str, object]:
    """Everything the placement pages, the series selector and the open-data export read."""
    con = store_db.connect_read_only(path)
    try:
        data = open_data.collect(con)
        batches = data.tables["batch"]
        per_series = {series: open_data.collect(con, series)
                      for series in catalogue.series_with_figures(con)}
        return {
            "series": catalogue.series_list(con).to_dict("records"),
            "with_figures": catalogue.series_with_figures(con),
            "default": pipeline.default_series(con),
            "totals": queries.totals(con, "contoh", ["tahun", "kode_wilayah"]).to_dict("records"),
            "coverage": con.execute("SELECT * FROM coverage ORDER BY ALL").fetchall(),
            "years": catalogue.years_with_figures(con, "contoh"),
            "sources": catalogue.sources(con, "contoh"),
            "export_rows": data.tables["penempatan"].to_dict("records"),
            "export_batches": batches[batches["jenis"] == "penempatan"]
            .drop(columns=["loaded_at"]).to_dict("records"),
            "export_sources": {series: one.sources for series, one in per_series.items()},
            "export_tables": {series: sorted(one.tables) for series, one in per_series.items()},
        }
    finally:
        con.close()


def test_indicator_batches_leave_every_placement_view_unchanged(tmp_path):
    """Given two stores with the same placement file, one also holding indicators (loaded
    before and after it), then series lists, totals, coverage and the open-data export are
    identical, and the provenance lists the indicator batch as 'kinerja'."""
    plain, mixed = tmp_path / "plain.duckdb", tmp_path / "mixed.duckdb"
    assert pipeline.load([PLACEMENTS], plain, pipeline.Options())[0].status == "loaded"
    reports = pipeline.load([PLACEMENTS, SAMPLE], mixed, pipeline.Options())
    assert [r.status for r in reports] == ["loaded", "loaded"]
    extra = tmp_path / "extra.csv"
    extra.write_text(V1, encoding="utf-8")
    assert pipeline.load([extra], mixed, pipeline.Options())[0].status == "loaded"
    assert _placement_view(mixed) == _placement_view(plain)
    con = store_db.connect_read_only(mixed)
    try:
        provenance = catalogue.provenance(con)
        assert sorted(provenance["jenis"]) == ["kinerja", "kinerja", "penempatan"]
        assert "kinerja" not in set(catalogue.series_list(con)["series"])
    finally:
        con.close()


def test_rolling_back_an_indicator_batch_leaves_the_coverage_alone(tmp_path):
    store = tmp_path / "s.duckdb"
    pipeline.load([PLACEMENTS], store, pipeline.Options())
    reports = pipeline.load([SAMPLE], store, pipeline.Options())
    before = query(store, "SELECT * FROM coverage ORDER BY ALL")
    pipeline.rollback(store, reports[0].batch_id)
    assert query(store, "SELECT * FROM coverage ORDER BY ALL") == before
    assert query(store, "SELECT count(*) FROM kinerja_aktif") == [(0,)]
