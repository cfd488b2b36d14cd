"""Intern files (pemagangan, layout ``magang_kanonik``): detected by content, checked with the
intern vocabularies, every problem named by file, line and column; loaded atomically and
idempotently into their own tables, overlaps refused unless --replace, rolled back; a refused
load changes nothing; older stores migrate."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from domain.interns import InternFilters
from loaders import layouts
from loaders.layouts import canonical, intern_canonical
from loaders.source import open_source
from store import db as store_db
from store import intern_queries, schema
from store.sql import schema as schema_sql
from tests.conftest import ROOT, file_digest, query

HEADER = ("tahun,bulan,kode_wilayah,status,penyelenggara,negara_tujuan,bidang,jenis_kelamin,"
          "pelindungan,jumlah_magang,sumber\n")
V1 = HEADER + (
    "2024,,3604,Diberangkatkan,,,,,,40,uji\n"
    "2024,,3604,Diberangkatkan,Kemnaker-IM Japan,,,,,25,uji\n"
    "2024,,3604,Diberangkatkan,LPK/SO swasta,,,,,15,uji\n"
    "2024,,3601,Diberangkatkan,,,,,,9,uji\n"
    "2024,,3601,Purna,,,,,,4,uji\n"
)
PLACEMENTS = ROOT / "docs" / "examples" / "kanonik.csv"


def report_of(cli, *args) -> tuple[int, dict]:
    result = cli(*args, "--json")
    return result.code, json.loads(result.out)[0]


def problems(report: dict) -> list[tuple[int | None, str | None, str]]:
    return [(p["line"], p["column"], p["message"]) for p in report["errors"]]


# -- detection --------------------------------------------------------------------------------

def test_an_intern_file_is_detected_by_its_count_column(write_file):
    assert layouts.detect(open_source(write_file("m.csv", V1))) is intern_canonical


def test_a_plain_jumlah_is_an_intern_count_only_beside_an_intern_column(write_file):
    interns = write_file("m.csv", "tahun,kode_wilayah,bidang,jumlah\n2024,3604,Pertanian,3\n")
    placements = write_file("p.csv", "tahun,kode_wilayah,jenis_kelamin,jumlah\n2024,3604,P,3\n")
    assert layouts.detect(open_source(interns)) is intern_canonical
    assert layouts.detect(open_source(placements)) is canonical
    assert layouts.detect(open_source(PLACEMENTS)) is canonical


# -- checking ---------------------------------------------------------------------------------

def test_the_check_reports_totals_per_status(cli, write_file):
    code, report = report_of(cli, "check", write_file("m.csv", V1), "--series",
                             "magang_disnaker")
    assert code == 0, report["errors"]
    assert report["layout"] == "magang_kanonik"
    assert report["series"] == "magang_disnaker"
    totals = {(r["kode_wilayah"], r["status"]): r["jumlah"] for r in report["totals"]}
    assert totals == {("3604", "Diberangkatkan"): 40, ("3601", "Diberangkatkan"): 9,
                      ("3601", "Purna"): 4}


def test_spellings_of_the_intern_vocabularies_are_read(cli, write_file, db):
    text = HEADER + ("2024,3,3604,berangkat,IM Japan,Jepang,Kaigo,P,Ya,2,uji\n"
                     "2024,3,3604,berangkat,LPK,Taiwan,pabrik,L,tidak,3,uji\n"
                     "2024,3,3604,berangkat,Universitas,JP,Hotel,L,tidak diketahui,1,uji\n")
    code, report = report_of(cli, "load", write_file("m.csv", text), "--db", db,
                             "--series", "magang_disnaker")
    assert code == 0, report["errors"]
    rows = query(db, "SELECT status, penyelenggara, negara_tujuan, bidang, jenis_kelamin, "
                     "pelindungan, rincian FROM pemagangan ORDER BY jumlah")
    assert rows == [
        ("Diberangkatkan", "Perguruan tinggi", "JP", "Perhotelan", "Laki-laki", None, 63),
        ("Diberangkatkan", "Kemnaker-IM Japan", "JP", "Perawatan lansia", "Perempuan",
         "Tercatat", 63),
        ("Diberangkatkan", "LPK/SO swasta", "TW", "Manufaktur", "Laki-laki",
         "Tidak tercatat", 63),
    ]


def test_a_file_without_status_counts_departures_and_says_so(cli, write_file):
    path = write_file("m.csv", "tahun,kode_wilayah,jumlah_magang\n2024,3604,7\n")
    code, report = report_of(cli, "check", path, "--series", "magang_disnaker")
    assert code == 0
    assert report["totals"][0]["status"] == "Diberangkatkan"
    assert any("kolom status tidak ada" in note for note in report["notes"])


@pytest.mark.parametrize(("row", "line", "column", "message"), [
    ("2024,,3604,Diberangkatkan,LPK/S0 swsta,,,,,5,uji", 2, "penyelenggara",
     "penyelenggara 'LPK/S0 swsta' tidak dikenal"),
    ("2024,,3604,Diberangkatkan,,,Pertanan,,,5,uji", 2, "bidang",
     "bidang 'Pertanan' tidak dikenal"),
    ("2024,,3604,,,,,,,5,uji", 2, "status", "status kosong atau tidak diketahui"),
    ("2024,,3604,tidak diketahui,,,,,,5,uji", 2, "status", "status kosong atau tidak diketahui"),
    ("2024,,3604,Dipulangkan paksa,,,,,,5,uji", 2, "status", "status 'Dipulangkan paksa' tidak"),
    ("2024,,3604,Diberangkatkan,,,,,Entah,5,uji", 2, "pelindungan",
     "pelindungan 'Entah' tidak dikenal"),
    ("2024,,3604,Diberangkatkan,,,,,,-5,uji", 2, "jumlah_magang", "jumlah negatif '-5'"),
    ("2024,,3699,Diberangkatkan,,,,,,5,uji", 2, "kode_wilayah", "wilayah '3699' tidak dikenal"),
    ("2024,13,3604,Diberangkatkan,,,,,,5,uji", 2, "bulan", "bulan '13' di luar 1–12"),
])
def test_bad_values_are_refused_with_line_and_column(cli, write_file, row, line, column,
                                                      message):
    code, report = report_of(cli, "check", write_file("bad.csv", HEADER + row + "\n"),
                             "--series", "magang_disnaker")
    assert code == 1
    found = problems(report)
    assert any(n == line and c == column and message in m for n, c, m in found), found
    assert all(p["file"] == "bad.csv" for p in report["errors"])
    assert all(p["hint"] for p in report["errors"]), "every error says how to fix it"


def test_a_suggestion_names_the_nearest_organiser(cli, write_file):
    row = "2024,,3604,Diberangkatkan,LPK/SO swsta,,,,,5,uji\n"
    _, report = report_of(cli, "check", write_file("bad.csv", HEADER + row),
                          "--series", "magang_disnaker")
    assert "maksudnya 'LPK/SO swasta'?" in report["errors"][0]["hint"]


def test_duplicate_rows_are_refused(cli, write_file):
    text = HEADER + "2024,,3604,Diberangkatkan,,,,,,5,uji\n2024,,3604,berangkat,,,,,,6,uji\n"
    code, report = report_of(cli, "check", write_file("dup.csv", text),
                             "--series", "magang_disnaker")
    assert code == 1
    assert problems(report)[0][0] == 3 and "sudah ada di baris 2" in problems(report)[0][2]


def test_rows_of_different_status_are_not_duplicates(cli, write_file):
    text = HEADER + "2024,,3604,Diberangkatkan,,,,,,5,uji\n2024,,3604,Purna,,,,,,5,uji\n"
    code, _ = report_of(cli, "check", write_file("ok.csv", text), "--series", "magang_disnaker")
    assert code == 0


def test_a_placement_series_is_refused_for_interns(cli, write_file):
    code, report = report_of(cli, "check", write_file("m.csv", V1), "--series", "bp2mi")
    assert code == 1
    assert "seri 'bp2mi' bukan seri pemagangan" in report["errors"][0]["message"]
    assert "magang_disnaker" in report["errors"][0]["hint"]


def test_an_intern_series_is_refused_for_placements(cli):
    code, report = report_of(cli, "check", PLACEMENTS, "--series", "magang_disnaker")
    assert code == 1
    assert "seri 'magang_disnaker' tidak dikenal" in report["errors"][0]["message"]


def test_a_nik_in_the_source_column_refuses_the_row_unquoted(cli, write_file):
    row = "2024,,3604,Diberangkatkan,,,,,,5,dari 3601234567890123\n"
    code, report = report_of(cli, "check", write_file("nik.csv", HEADER + row),
                             "--series", "magang_disnaker")
    assert code == 1
    assert "3601234567890123" not in json.dumps(report)
    assert (2, "sumber") in {(p["line"], p["column"]) for p in report["errors"]}


def test_the_sample_series_marks_the_batch_as_sample(cli, write_file):
    _, report = report_of(cli, "check", write_file("m.csv", V1), "--series", "magang_contoh")
    assert report["is_sample"] is True


# -- loading ----------------------------------------------------------------------------------

def test_a_load_goes_to_the_intern_tables_only(cli, write_file, db):
    code, report = report_of(cli, "load", write_file("m.csv", V1), "--db", db,
                             "--series", "magang_disnaker")
    assert code == 0 and report["status"] == "loaded"
    assert query(db, "SELECT count(*) FROM fact") == [(0,)]
    assert query(db, "SELECT count(*) FROM coverage") == [(0,)]
    assert query(db, "SELECT count(*) FROM magang_fact") == [(5,)]
    assert query(db, "SELECT jenis, series, layout FROM batch") == [
        ("magang", "magang_disnaker", "magang_kanonik")]
    assert query(db, "SELECT status, kode_wilayah, breakdown, coverage, total "
                     "FROM magang_coverage ORDER BY 1, 2, 3") == [
        ("Diberangkatkan", "3601", 0, 12, 9), ("Diberangkatkan", "3604", 0, 12, 40),
        ("Diberangkatkan", "3604", 2, 12, 40), ("Purna", "3601", 0, 12, 4)]


def test_totals_follow_the_placements_rule(cli, write_file, db):
    cli("load", write_file("m.csv", V1), "--db", db, "--series", "magang_disnaker")
    con = store_db.connect_read_only(db)
    try:
        by_region = intern_queries.totals(con, "magang_disnaker", "Diberangkatkan",
                                          ["kode_wilayah"])
        by_organiser = intern_queries.totals(con, "magang_disnaker", "Diberangkatkan",
                                             ["penyelenggara"])
        returned = intern_queries.totals(con, "magang_disnaker", "Purna", [])
        filtered = intern_queries.totals(
            con, "magang_disnaker", "Diberangkatkan", [],
            InternFilters(penyelenggara=("LPK/SO swasta",)))
    finally:
        con.close()
    assert dict(zip(by_region["kode_wilayah"], by_region["jumlah"], strict=True)) == {
        "3601": 9, "3604": 40}
    organisers = {(None if isinstance(k, float) else k): v
                  for k, v in zip(by_organiser["penyelenggara"], by_organiser["jumlah"],
                                  strict=True)}
    assert organisers == {"Kemnaker-IM Japan": 25, "LPK/SO swasta": 15, None: 9}
    assert int(returned["jumlah"].sum()) == 4
    assert int(filtered["jumlah"].sum()) == 15


def test_loading_the_same_file_again_changes_nothing(cli, write_file, db):
    path = write_file("m.csv", V1)
    cli("load", path, "--db", db, "--series", "magang_disnaker")
    before = file_digest(db)
    code, report = report_of(cli, "load", path, "--db", db, "--series", "magang_disnaker")
    assert code == 0 and report["status"] == "unchanged"
    assert file_digest(db) == before


def test_a_refused_intern_file_leaves_the_store_unchanged(cli, write_file, db):
    cli("load", PLACEMENTS, "--db", db)
    before = file_digest(db)
    bad = write_file("bad.csv", HEADER + "2024,,3604,Diberangkatkan,,,,,,abc,uji\n")
    code, report = report_of(cli, "load", bad, "--db", db, "--series", "magang_disnaker")
    assert code == 1 and report["status"] == "refused"
    assert file_digest(db) == before


def test_a_command_with_one_refused_file_stores_none(cli, write_file, db):
    good = write_file("m.csv", V1)
    bad = write_file("bad.csv", HEADER + "2024,,3604,Diberangkatkan,Entah,,,,,5,uji\n")
    result = cli("load", good, bad, "--db", db, "--series", "magang_disnaker", "--json")
    reports = json.loads(result.out)
    assert result.code == 1
    assert [r["status"] for r in reports] == ["not-loaded", "refused"]
    assert not db.exists() or query(db, "SELECT count(*) FROM batch") == [(0,)]


def test_an_overlap_is_refused_then_replaced_then_rolled_back(cli, write_file, db):
    cli("load", write_file("v1.csv", V1), "--db", db, "--series", "magang_disnaker")
    v2 = write_file("v2.csv", V1.replace("2024,,3604,Diberangkatkan,,,,,,40,uji",
                                         "2024,,3604,Diberangkatkan,,,,,,41,uji"))
    before = file_digest(db)
    code, report = report_of(cli, "load", v2, "--db", db, "--series", "magang_disnaker")
    assert code == 1
    assert "tumpang tindih dengan batch 1" in report["errors"][0]["message"]
    assert file_digest(db) == before
    code, report = report_of(cli, "load", v2, "--db", db, "--series", "magang_disnaker",
                             "--replace")
    assert code == 0 and report["replaced"] == [1]
    assert query(db, "SELECT total FROM magang_coverage WHERE kode_wilayah = '3604' "
                     "AND breakdown = 0") == [(41,)]
    assert cli("rollback", 2, "--db", db).code == 0
    assert query(db, "SELECT batch_id, status FROM batch ORDER BY 1") == [
        (1, "active"), (2, "rolled_back")]
    assert query(db, "SELECT total FROM magang_coverage WHERE kode_wilayah = '3604' "
                     "AND breakdown = 0") == [(40,)]


def test_the_same_slot_of_another_status_does_not_overlap(cli, write_file, db):
    cli("load", write_file("v1.csv", V1), "--db", db, "--series", "magang_disnaker")
    other = write_file("v2.csv", HEADER + "2024,,3604,Bermasalah,,,,,,2,uji\n")
    code, report = report_of(cli, "load", other, "--db", db, "--series", "magang_disnaker")
    assert code == 0, report["errors"]


def test_an_incomplete_replacement_is_refused(cli, write_file, db):
    cli("load", write_file("v1.csv", V1), "--db", db, "--series", "magang_disnaker")
    partial = write_file("v2.csv", HEADER + "2024,,3604,Diberangkatkan,,,,,,41,uji\n")
    code, report = report_of(cli, "load", partial, "--db", db, "--series", "magang_disnaker",
                             "--replace")
    assert code == 1
    assert "berkas pengganti tidak memuat semua angka batch 1" in report["errors"][0]["message"]


def test_a_store_of_schema_6_is_migrated(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    for version in range(1, 7):
        for statement in schema_sql.MIGRATIONS[version]:
            con.execute(statement)
    con.execute(schema_sql.SET_META, ["schema_version", "6"])
    schema.ensure(con)
    assert schema.version(con) == schema_sql.SCHEMA_VERSION
    assert con.execute("SELECT count(*) FROM seri_magang").fetchone()[0] == 3
    assert con.execute("SELECT count(*) FROM pemagangan").fetchone()[0] == 0
    con.close()


def test_the_example_file_is_documented_and_passes(cli):
    example = ROOT / "docs" / "examples" / "magang_kanonik.csv"
    code, report = report_of(cli, "check", example)
    assert code == 0, report["errors"]
    assert report["layout"] == "magang_kanonik"
    text = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    assert "examples/magang_kanonik.csv" in text


def test_store_path_is_untouched_by_check(cli, write_file, db: Path):
    cli("check", write_file("m.csv", V1), "--series", "magang_disnaker")
    assert not db.exists()


def test_tables_that_disagree_are_warned_about_and_listed_by_quality(cli, write_file, db):
    text = HEADER + ("2024,,3604,Diberangkatkan,,,,,,5,uji\n"
                     "2024,,3604,Diberangkatkan,,,Pertanian,,,4,uji\n")
    code, report = report_of(cli, "load", write_file("dis.csv", text), "--db", db,
                             "--series", "magang_disnaker")
    assert code == 0
    assert any("status Diberangkatkan: bidang=4, total=5" in w["message"]
               for w in report["warnings"])
    listed = cli("quality", "--db", db)
    assert "pemagangan (per seri dan status):" in listed.out
    assert "[total, bidang]" in listed.out and "[5, 4]" in listed.out
