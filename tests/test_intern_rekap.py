"""Recap sheets of interns (layout ``magang_rekap``): a recap whose title names interns is read
by the recap rules (title block, JUMLAH row and column checked, notes and signatures skipped,
XLSX as CSV) and stored as intern figures of the status its title names; a recap by scheme or
sector is refused; placement recaps are untouched."""

from __future__ import annotations

import json

import pytest
from openpyxl import Workbook

from loaders import layouts
from loaders.layouts import intern_rekap, rekap
from loaders.source import open_source
from tests.conftest import ROOT, query

EXAMPLE = ROOT / "docs" / "examples" / "magang_rekap.csv"
TABLE = ("NO;KABUPATEN/KOTA;JAN;FEB;MAR;JUMLAH\n"
         "1;Kab. Serang;3;2;1;6\n"
         "2;Kota Cilegon;0;1;-;1\n"
         ";JUMLAH;3;3;1;7\n")


def report_of(cli, *args) -> tuple[int, dict]:
    result = cli(*args, "--json")
    return result.code, json.loads(result.out)[0]


def test_the_example_is_an_intern_recap_and_the_placement_one_is_not():
    assert layouts.detect(open_source(EXAMPLE)) is intern_rekap
    assert layouts.detect(open_source(ROOT / "docs" / "examples" / "rekap.csv")) is rekap


def test_the_example_loads_as_departures_per_regency_and_month(cli, db):
    code, report = report_of(cli, "load", EXAMPLE, "--db", db)
    assert code == 0, report["errors"]
    assert (report["layout"], report["rows_stored"]) == ("magang_rekap", 96)
    assert "status dari judul: Diberangkatkan" in report["notes"]
    totals = {r["kode_wilayah"]: r["jumlah"] for r in report["totals"]}
    assert totals == {"3601": 23, "3602": 21, "3603": 64, "3604": 45, "3671": 42, "3672": 11,
                      "3673": 18, "3674": 39}
    assert query(db, "SELECT DISTINCT status, rincian FROM pemagangan") == [
        ("Diberangkatkan", 1)]
    assert query(db, "SELECT count(*) FROM fact") == [(0,)]


@pytest.mark.parametrize(("title", "status"), [
    ("REKAP PESERTA MAGANG PURNA (KEMBALI) TAHUN 2024", "Purna"),
    ("REKAP PENGADUAN PESERTA PEMAGANGAN TAHUN 2024", "Bermasalah"),
])
def test_the_title_names_the_status(cli, db, write_file, title, status):
    path = write_file("r.csv", f"{title};;;;;\n{TABLE}")
    code, report = report_of(cli, "load", path, "--db", db, "--series", "magang_disnaker")
    assert code == 0, report["errors"]
    assert query(db, "SELECT status, kode_wilayah, sum(jumlah) FROM pemagangan "
                     "GROUP BY ALL ORDER BY 2") == [(status, "3604", 6), (status, "3672", 1)]


def test_a_title_without_status_counts_departures_and_says_so(cli, write_file):
    path = write_file("r.csv", f"REKAP PESERTA MAGANG JEPANG TAHUN 2024;;;;;\n{TABLE}")
    code, report = report_of(cli, "check", path, "--series", "magang_disnaker")
    assert code == 0
    assert any("judul tidak menyebut status" in note for note in report["notes"])
    assert {r["status"] for r in report["totals"]} == {"Diberangkatkan"}


def test_a_title_with_two_statuses_is_refused(cli, write_file):
    path = write_file("r.csv", "PESERTA MAGANG BERANGKAT DAN PURNA;;;;;\nTAHUN 2024;;;;;\n"
                      + TABLE)
    code, report = report_of(cli, "check", path, "--series", "magang_disnaker")
    assert code == 1
    error = report["errors"][0]
    assert error["line"] == 1 and "lebih dari satu status" in error["message"]


def test_a_recap_by_scheme_is_refused_naming_the_column(cli, write_file):
    path = write_file("r.csv", "REKAP PESERTA MAGANG TAHUN 2024;;;;\n"
                      "NO;KABUPATEN/KOTA;P to P;G to G;JUMLAH\n1;Kab. Serang;3;2;5\n")
    code, report = report_of(cli, "check", path, "--series", "magang_disnaker")
    assert code == 1
    assert {(e["line"], e["column"]) for e in report["errors"]} == {(2, "P to P"),
                                                                      (2, "G to G")}


def test_a_recap_by_sex_and_a_total_that_does_not_add_up(cli, db, write_file):
    path = write_file("r.csv", "REKAP PESERTA PEMAGANGAN DIBERANGKATKAN TAHUN 2024;;;;\n"
                      "NO;KABUPATEN/KOTA;L;P;JUMLAH\n1;Kab. Serang;3;2;6\n2;Lebak;1;1;2\n")
    code, report = report_of(cli, "load", path, "--db", db, "--series", "magang_disnaker")
    assert code == 0
    assert any("'Kab. Serang'" in w["message"] for w in report["warnings"])
    assert query(db, "SELECT jenis_kelamin, sum(jumlah) FROM pemagangan GROUP BY 1 "
                     "ORDER BY 1") == [("Laki-laki", 4), ("Perempuan", 3)]


def test_a_workbook_reads_as_its_csv(cli, db, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["REKAPITULASI PESERTA MAGANG YANG DIBERANGKATKAN TAHUN 2024"])
    for line in TABLE.splitlines():
        sheet.append([int(c) if c.isdigit() else c for c in line.split(";")])
    path = tmp_path / "rekap_magang.xlsx"
    book.save(path)
    code, report = report_of(cli, "load", path, "--db", db, "--series", "magang_disnaker")
    assert code == 0, report["errors"]
    assert report["layout"] == "magang_rekap"
    assert query(db, "SELECT kode_wilayah, sum(jumlah) FROM pemagangan GROUP BY 1 "
                     "ORDER BY 1") == [("3604", 6), ("3672", 1)]
