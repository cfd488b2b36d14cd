"""The ``rekap`` layout: recap sheets (regency rows × month/scheme/sector/sex columns) as
officials type them in Excel — title blocks, JUMLAH rows and columns, ``1.234`` thousands,
``-`` zeros, notes and signatures below the table, two-row headers, XLSX merged cells and
hidden rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from domain.problems import ProblemList
from loaders import layouts, pipeline
from loaders.layouts import rekap
from loaders.layouts.base import ReadOptions
from loaders.source import open_source
from store import queries
from store.db import connect_read_only
from store.queries import Filters
from tests.conftest import ROOT, file_digest

FIXTURES = ROOT / "tests" / "fixtures" / "rekap"

#: Hand-computed regency totals of fixtures/rekap/bulanan_2024.csv (its JUMLAH column; BP2MI's
#: published 2024 totals) and the monthly figures behind them.
MONTHLY_2024: dict[str, tuple[str, list[int]]] = {
    "3601": ("Kab. Pandeglang", [77, 36, 156, 17, 129, 88, 19, 122, 9, 104, 16, 21]),
    "3602": ("KAB. LEBAK", [4, 45, 70, 47, 43, 4, 43, 0, 23, 41, 9, 31]),
    "3603": ("Kabupaten Tangerang", [17, 45, 119, 26, 85, 93, 58, 80, 9, 8, 30, 99]),
    "3604": ("KAB SERANG", [130, 78, 155, 60, 41, 30, 131, 13, 50, 91, 57, 75]),
    "3671": ("Kota Tangerang", [47, 5, 20, 37, 7, 23, 1, 32, 37, 28, 42, 22]),
    "3672": ("KOTA CILEGON", [8, 11, 18, 3, 0, 6, 16, 6, 17, 7, 13, 15]),
    "3673": ("Kota Serang", [16, 22, 38, 1, 26, 9, 6, 8, 43, 7, 14, 22]),
    "3674": ("Kota Tangerang Selatan", [2, 13, 22, 26, 24, 25, 8, 12, 10, 26, 28, 4]),
}
TOTALS_2024 = ["kode_wilayah,jumlah", "3601,794", "3602,360", "3603,669", "3604,911",
               "3671,301", "3672,120", "3673,212", "3674,200"]
MONTH_TOTALS_2024 = ["bulan,jumlah", "1,301", "2,255", "3,598", "4,217", "5,355", "6,278",
                     "7,282", "8,273", "9,198", "10,312", "11,209", "12,289"]


def load(cli, db: Path, path: Path, *extra: object) -> dict:
    result = cli("load", path, "--db", db, "--series", "bp2mi", "--source", "uji", "--json",
                 *extra)
    report = json.loads(result.out)[0]
    assert (result.code == 0) == (report["status"] == "loaded"), report
    return report


def summary(cli, db: Path, by: str, *extra: object) -> list[str]:
    return cli("summary", "--db", db, "--by", by, "--csv", *extra).out.splitlines()


def messages(report: dict, kind: str = "errors") -> str:
    return "\n".join(f"baris {p['line']}, kolom {p['column']}: {p['message']} — {p['hint']}"
                     for p in report[kind])


# --- CSV fixtures --------------------------------------------------------------------------


def test_monthly_recap_with_title_block_totals_and_signature_loads(cli, db):
    report = load(cli, db, FIXTURES / "bulanan_2024.csv")
    assert report["status"] == "loaded", messages(report)
    assert report["layout"] == "rekap"
    assert report["warnings"] == []
    assert report["rows_stored"] == 8 * 12
    assert report["skipped"] == {"baris kosong": 3,
                                 "baris JUMLAH/TOTAL (diperiksa, tidak disimpan)": 1,
                                 "keterangan atau tanda tangan di luar tabel": 6}
    assert summary(cli, db, "kode_wilayah") == TOTALS_2024
    assert summary(cli, db, "tahun") == ["tahun,jumlah", "2024,3567"]
    assert summary(cli, db, "bulan") == MONTH_TOTALS_2024


def test_scheme_recap_comma_bom_quoted_thousands_and_year_from_period(cli, db):
    report = load(cli, db, FIXTURES / "skema_2023_koma_bom.csv")
    assert report["status"] == "loaded", messages(report)
    assert report["warnings"] == []
    assert report["period"] == {"tahun_awal": 2023, "tahun_akhir": 2023, "s_d_bulan": 12}
    assert summary(cli, db, "skema") == ["skema,jumlah", "G to G,138", "G to P,7",
                                         "Mandiri,276", "P to P,3081", "UKPS,75"]
    assert summary(cli, db, "kode_wilayah", "--wilayah", "3604") == [
        "kode_wilayah,jumlah", "3604,1152"]


def test_gender_recap_windows_1252_year_to_date_from_title(cli, db):
    report = load(cli, db, FIXTURES / "jenis_kelamin_2025_cp1252.csv")
    assert report["status"] == "loaded", messages(report)
    assert "berkas bukan UTF-8; dibaca sebagai Windows-1252" in report["notes"]
    assert report["period"] == {"tahun_awal": 2025, "tahun_akhir": 2025, "s_d_bulan": 6}
    assert report["skipped"]["keterangan atau tanda tangan di luar tabel"] == 4
    assert summary(cli, db, "jenis_kelamin") == ["jenis_kelamin,jumlah", "Laki-laki,334",
                                                 "Perempuan,858"]
    assert summary(cli, db, "tahun") == ["tahun,jumlah", "2025,1192"]


def test_year_from_a_tahun_column_with_a_total_row_per_year(cli, db):
    report = load(cli, db, FIXTURES / "sektor_kolom_tahun.csv")
    assert report["status"] == "loaded", messages(report)
    assert report["warnings"] == []
    assert summary(cli, db, "tahun,sektor") == [
        "tahun,sektor,jumlah", "2022,Formal,365", "2022,Informal,432",
        "2023,Formal,410", "2023,Informal,455"]


def test_two_row_header_months_over_sexes_year_from_month_labels(cli, db):
    report = load(cli, db, FIXTURES / "bulan_jk_dua_baris.csv")
    assert report["status"] == "loaded", messages(report)
    assert report["warnings"] == []
    assert summary(cli, db, "bulan") == ["bulan,jumlah", "1,33", "2,11", "3,22"]
    assert summary(cli, db, "jenis_kelamin") == ["jenis_kelamin,jumlah", "Laki-laki,26",
                                                 "Perempuan,40"]
    assert summary(cli, db, "kode_wilayah") == ["kode_wilayah,jumlah", "3604,56", "3672,10"]


def test_numbered_months_under_bulan_and_a_column_numbering_row(cli, db):
    report = load(cli, db, FIXTURES / "bulan_angka_bernomor.csv")
    assert report["status"] == "loaded", messages(report)
    assert report["warnings"] == []
    assert report["skipped"]["baris nomor kolom"] == 1
    assert summary(cli, db, "kode_wilayah") == ["kode_wilayah,jumlah", "3602,306", "3673,60"]
    assert summary(cli, db, "bulan", "--wilayah", "3602")[1:3] == ["1,20", "2,21"]


# --- totals that do not add up, years, refusals ---------------------------------------------


def test_totals_that_do_not_add_up_warn_but_the_file_loads(cli, db, write_file):
    text = (FIXTURES / "bulanan_2024.csv").read_text(encoding="utf-8")
    text = text.replace(";21;794", ";21;800").replace(";301;255;", ";301;250;")
    report = load(cli, db, write_file("salah.csv", text))
    assert report["status"] == "loaded"
    warnings = {(p["line"], p["column"]): p["message"] for p in report["warnings"]}
    assert warnings[(7, "JUMLAH")] == ("'Kab. Pandeglang': jumlah 'JAN'…'DES' = 794, tetapi "
                                       "kolom 'JUMLAH' berisi 800")
    assert warnings[(16, "FEB")] == ("jumlah 8 baris wilayah di kolom ini = 255, tetapi baris "
                                     "'JUMLAH' berisi 250")
    assert "= 3573, tetapi baris 'JUMLAH' berisi 3567" in warnings[(16, "JUMLAH")]
    assert summary(cli, db, "kode_wilayah") == TOTALS_2024


def test_missing_year_is_refused_with_the_tahun_hint_and_the_store_is_unchanged(cli, db,
                                                                                 write_file):
    cli("load", FIXTURES / "skema_2023_koma_bom.csv", "--db", db)
    before = file_digest(db)
    text = (FIXTURES / "bulanan_2024.csv").read_text(encoding="utf-8")
    path = write_file("tanpa_tahun.csv", text.replace("TAHUN 2024;", "Semua bulan;"))
    result = cli("load", path, "--db", db)
    assert result.code == 1
    assert ("tanpa_tahun.csv, baris 6: tahun data tidak ditemukan" in result.out)
    assert "tambahkan --tahun" in result.out
    assert file_digest(db) == before
    report = load(cli, db, path, "--tahun", "2024")
    assert report["status"] == "loaded"
    assert summary(cli, db, "kode_wilayah", "--tahun", "2024") == TOTALS_2024


def test_tahun_option_wins_over_the_title_with_a_warning(cli, db, write_file):
    text = (FIXTURES / "bulanan_2024.csv").read_text(encoding="utf-8")
    path = write_file("judul_2023.csv", text.replace("TAHUN 2024", "TAHUN 2023"))
    report = load(cli, db, path, "--tahun", "2024")
    assert report["status"] == "loaded"
    assert [(p["line"], p["message"]) for p in report["warnings"]] == [
        (3, "judul menyebut tahun 2023, tetapi --tahun 2024 yang dipakai")]
    assert summary(cli, db, "tahun") == ["tahun,jumlah", "2024,3567"]


def test_title_naming_two_years_is_refused_without_tahun(cli, write_file):
    path = write_file("dua.csv", "REKAP PMI TAHUN 2023 DAN TAHUN 2024\n"
                                 "KAB/KOTA;L;P\nKab. Serang;1;2\n")
    result = cli("check", path)
    assert result.code == 1
    assert "dua.csv, baris 1: judul menyebut lebih dari satu tahun: 2023, 2024" in result.out


@pytest.mark.parametrize(("cell", "fragment"), [
    ("15x", "baris 7, kolom 'JAN…DES': jumlah '15x' bukan angka"),
    ("12,5", "baris 7, kolom 'JAN…DES': jumlah '12,5' bukan bilangan bulat"),
    ("-3", "baris 7, kolom 'JAN…DES': jumlah negatif '-3'"),
])
def test_a_bad_cell_refuses_the_file_naming_line_and_columns(cell, fragment, cli, write_file):
    text = (FIXTURES / "bulanan_2024.csv").read_text(encoding="utf-8")
    path = write_file("sel.csv", text.replace(";36;156;", f";{cell};156;"))
    result = cli("check", path)
    assert result.code == 1
    assert fragment in result.out, result.out


def test_other_regions_by_name_are_flagged_by_code_are_skipped(cli, db, write_file):
    by_name = write_file("bogor.csv", "TAHUN 2024\nKAB/KOTA;L;P\nKab. Serang;5;6\n"
                                      "Kab. Bogor;7;8\n")
    result = cli("check", by_name)
    assert result.code == 1
    assert "baris 4, kolom 'KAB/KOTA': wilayah 'Kab. Bogor' tidak dikenal" in result.out
    by_code = write_file("kode.csv", "TAHUN 2024\nKODE;KAB/KOTA;L;P;JUMLAH\n"
                                     "3604;Kab. Serang;5;6;11\n3201;Kab. Bogor;7;8;15\n"
                                     ";JUMLAH;12;14;26\n")
    report = load(cli, db, by_code)
    assert report["status"] == "loaded", messages(report)
    assert report["skipped"]["wilayah di luar Provinsi Banten"] == 2
    assert summary(cli, db, "kode_wilayah") == ["kode_wilayah,jumlah", "3604,11"]


def test_unknown_column_is_ignored_with_a_warning_and_a_footnote_mark_too(cli, db, write_file):
    path = write_file("ket.csv", "Tahun 2024\nNO;WILAYAH;FORMAL;INFORMAL;KETERANGAN\n"
                                 "1;Kota Serang *);10;12;naik\n")
    report = load(cli, db, path)
    assert report["status"] == "loaded"
    assert [(p["line"], p["column"], p["message"]) for p in report["warnings"]] == [
        (2, "KETERANGAN", "kolom 'KETERANGAN' tidak dikenal dan diabaikan")]
    assert summary(cli, db, "sektor") == ["sektor,jumlah", "Formal,10", "Informal,12"]


def test_province_row_on_top_and_percentage_row_are_checked_not_stored(cli, db, write_file):
    path = write_file("prov.csv", "Tahun 2024\nNO;KAB/KOTA;L;P;JUMLAH\n"
                                  ";PROVINSI BANTEN;10;13;23\n1;Kab. Serang;5;6;11\n"
                                  "2;Kota Serang;5;6;11\n;Persentase;45,5%;54,5%;100%\n")
    report = load(cli, db, path)
    assert report["status"] == "loaded", messages(report)
    assert report["skipped"] == {"baris JUMLAH/TOTAL (diperiksa, tidak disimpan)": 1,
                                 "baris persentase atau rata-rata": 1}
    assert [(p["line"], p["column"], p["message"]) for p in report["warnings"]] == [
        (3, "P", "jumlah 2 baris wilayah di kolom ini = 12, tetapi baris 'PROVINSI BANTEN' "
                 "berisi 13"),
        (3, "JUMLAH", "jumlah 2 baris wilayah di kolom ini = 22, tetapi baris "
                      "'PROVINSI BANTEN' berisi 23")]
    assert summary(cli, db, "kode_wilayah") == ["kode_wilayah,jumlah", "3604,11", "3673,11"]


def test_empty_months_of_the_current_year_not_over_yet_are_left_out(db, write_file,
                                                                    monkeypatch):
    today = dt.date(2026, 7, 15)  # a fixed day: the rule does not depend on when tests run
    monkeypatch.setattr(rekap, "today_date", lambda: today)
    over = today.month - 1
    cells = ["5"] * over + ["", "-"] * 12
    path = write_file("berjalan.csv", f"TAHUN {today.year}\nKAB/KOTA;"
                      + ";".join(MONTH_SPELLINGS[0]) + "\nKota Serang;" + ";".join(cells[:12])
                      + "\n")
    report = pipeline.load([path], db, pipeline.Options(today=today))[0]
    assert report.status == "loaded", report.format_text()
    assert report.rows_stored == over
    con = connect_read_only(db)
    try:
        frame = queries.totals(con, "bp2mi", ["tahun"])
    finally:
        con.close()
    assert frame.values.tolist() == [[today.year, 5 * over]]


def test_the_source_title_line_is_kept_as_a_note():
    src = open_source(FIXTURES / "bulanan_2024.csv")
    raw = rekap.read(src, ReadOptions(), ProblemList(src.name))
    assert raw.notes == ["sumber dari judul: BP3MI Banten (SISKOP2MI), diunduh 5 Januari 2025"]


# --- detection and numbers -----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.csv")))
def test_every_fixture_is_detected_as_rekap(name):
    assert layouts.detect(open_source(FIXTURES / name)) is rekap


@pytest.mark.parametrize("example", ["kanonik.csv", "portal.csv"])
def test_canonical_and_portal_files_are_not_taken(example):
    src = open_source(ROOT / "docs" / "examples" / example)
    assert rekap.detect(src) == 0


@pytest.mark.parametrize(("text", "comma", "expected"), [
    ("1.234", False, "1234"), ("12.345", False, "12345"), ("1.234.567", False, "1234567"),
    ("12,0", False, "12"), ("12,5", False, "12,5"), ("1.234,0", False, "1234"),
    ("1.234,5", False, "1234,5"), ("1,234", False, "1,234"), ("1,234", True, "1234"),
    ("1,5", True, "1,5"), ("12.0", False, "12"), ("12.5", False, "12.5"),
    ("", False, "0"), ("-", False, "0"), ("–", False, "0"), (" 60 ", False, "60"),
    ("1 234", False, "1234"), ("007", False, "7"), ("-5", False, "-5"), ("abc", False, "abc"),
    ("²", False, "²"),
])
def test_count_text(text, comma, expected):
    assert rekap.count_text(text, comma) == expected


# --- spreadsheets --------------------------------------------------------------------------


def _monthly_sheet(path: Path) -> None:
    """The monthly recap as typed in Excel: merged title, a merged BULAN over the month names,
    NO / KABUPATEN/KOTA / JUMLAH merged over both header rows, a merged JUMLAH label."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Rekap 2024"
    sheet["A1"] = "REKAPITULASI PENEMPATAN PMI ASAL PROVINSI BANTEN"
    sheet.merge_cells("A1:O1")
    sheet["A2"] = "TAHUN 2024"
    sheet.merge_cells("A2:O2")
    for column, label in (("A", "NO"), ("B", "KABUPATEN/KOTA"), ("O", "JUMLAH")):
        sheet[f"{column}4"] = label
        sheet.merge_cells(f"{column}4:{column}5")
    sheet["C4"] = "BULAN"
    sheet.merge_cells("C4:N4")
    months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
              "September", "Oktober", "November", "Desember"]
    for offset, month in enumerate(months):
        sheet.cell(row=5, column=3 + offset, value=month)
    for number, (name, values) in enumerate(MONTHLY_2024.values(), start=1):
        cells = [v if v else "-" for v in values]
        sheet.append([number, name, *cells, sum(values)])
    column_sums = [sum(v[i] for _, v in MONTHLY_2024.values()) for i in range(12)]
    sheet.append(["JUMLAH", None, *column_sums, sum(column_sums)])
    sheet.merge_cells(f"A{sheet.max_row}:B{sheet.max_row}")
    sheet.append([])
    sheet.append(["Keterangan: angka sementara"])
    sheet.merge_cells(f"A{sheet.max_row}:O{sheet.max_row}")
    book.save(path)


def test_xlsx_with_merged_group_header_and_title_block(cli, db, tmp_path):
    path = tmp_path / "rekap_2024.xlsx"
    _monthly_sheet(path)
    report = load(cli, db, path)
    assert report["status"] == "loaded", messages(report)
    assert report["layout"] == "rekap"
    assert report["warnings"] == []
    assert summary(cli, db, "kode_wilayah") == TOTALS_2024
    assert summary(cli, db, "bulan") == MONTH_TOTALS_2024


def test_xlsx_hidden_row_is_left_out_and_year_comes_from_tahun(cli, db, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Rekap penempatan menurut skema"])
    sheet.append(["No", "Kabupaten/Kota", "G to G", "P to P", "Mandiri", "Jumlah"])
    sheet.append([1, "Kab. Serang", 31, 850, 30, 911])
    sheet.append([2, "Kab. Serang", 1, 1, 1, 3])  # an old row, hidden by the official
    sheet.append([3, "Kota Cilegon", 9, "1.020", "-", 1029])
    sheet.append(["", "TOTAL", 40, 1870, 30, 1940])
    sheet.row_dimensions[4].hidden = True
    path = tmp_path / "skema.xlsx"
    book.save(path)
    refused = cli("check", path)
    assert refused.code == 1
    assert "skema.xlsx, baris 2: tahun data tidak ditemukan" in refused.out
    report = load(cli, db, path, "--tahun", "2023")
    assert report["status"] == "loaded", messages(report)
    assert "1 baris tersembunyi di lembar kerja tidak dibaca" in report["notes"]
    assert report["warnings"] == []
    assert summary(cli, db, "tahun,kode_wilayah") == ["tahun,kode_wilayah,jumlah",
                                                      "2023,3604,911", "2023,3672,1029"]


def test_xlsx_month_headers_typed_as_dates_give_the_year(cli, db, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["KAB/KOTA", *[dt.datetime(2024, m, 1) for m in (1, 2, 3)], "TOTAL"])
    for cell in sheet[1][1:4]:
        cell.number_format = "mmm-yy"
    sheet.append(["Kota Tangerang Selatan", 2, 13, 22, 37])
    path = tmp_path / "tanggal.xlsx"
    book.save(path)
    report = load(cli, db, path)
    assert report["status"] == "loaded", messages(report)
    assert summary(cli, db, "tahun,kode_wilayah") == ["tahun,kode_wilayah,jumlah",
                                                      "2024,3674,37"]


# --- property: a mangled recap loads exactly or is refused with a line -----------------------


REGENCIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("3601", ("Kab. Pandeglang", "KABUPATEN PANDEGLANG", "Pandeglang")),
    ("3602", ("Kab. Lebak", "KAB. LEBAK", "Lebak")),
    ("3603", ("Kab. Tangerang", "Kabupaten Tangerang")),
    ("3604", ("KAB SERANG", "Kab. Serang")),
    ("3671", ("Kota Tangerang", "KOTA TANGERANG")),
    ("3672", ("Kota Cilegon", "Cilegon")),
    ("3673", ("Kota Serang", "KOTA SERANG")),
    ("3674", ("Kota Tangerang Selatan", "Tangsel", "KOTA TANGERANG SELATAN")),
)
MONTH_SPELLINGS: tuple[tuple[str, ...], ...] = (
    ("JAN", "FEB", "MAR", "APR", "MEI", "JUN", "JUL", "AGU", "SEP", "OKT", "NOV", "DES"),
    ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
     "Oktober", "November", "Desember"),
    ("January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"),
    tuple(f"{m}-24" for m in ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep",
                              "Okt", "Nov", "Des")),
)
REGION_HEADERS = ("KABUPATEN/KOTA", "KAB/KOTA", "Kabupaten / Kota", "WILAYAH", "DAERAH ASAL",
                  "NAMA KABUPATEN/KOTA")
YEAR_TITLES = ("TAHUN 2024", "Periode Januari – Desember 2024", "Tahun : 2024")
GARBAGE = ("abc", "12,5", "1.2.3", "n/a", "7 orang", "x", "?")
CASES = (str, str.upper, str.lower, str.title, str.swapcase)


@dataclass
class Recap:
    """A mangled recap sheet and what loading it must give."""

    text: str
    encoding: str
    tahun: int | None
    refused: bool
    totals: dict[str, int] = field(default_factory=dict)
    wrong_total: bool = False


def _count(value: int, rnd, comma: bool) -> str:
    if value == 0:
        return rnd.choice(["0", "-", "", "–"])
    if value >= 1000 and rnd.random() < 0.7:
        thousands = "," if comma and rnd.random() < 0.5 else "."
        return f"{value // 1000}{thousands}{value % 1000:03d}"
    return str(value)


@st.composite
def recaps(draw) -> Recap:
    rnd = draw(st.randoms(use_true_random=False))
    chosen = draw(st.lists(st.sampled_from(REGENCIES), min_size=1, max_size=8,
                           unique_by=lambda r: r[0]))
    values = {code: draw(st.lists(st.integers(0, 1500) | st.just(0), min_size=12,
                                  max_size=12)) for code, _ in chosen}
    months = draw(st.sampled_from(MONTH_SPELLINGS))
    delimiter = draw(st.sampled_from([";", ","]))
    comma = delimiter == ","
    # columns: ("no",), ("region",), ("month", i), ("total",)
    columns: list[tuple] = [("no",), ("region",), *[("month", i) for i in range(12)],
                            ("total",)]
    dropped = draw(st.sampled_from([None, "no", "region", "total", "month"]))
    if dropped == "month":
        columns.remove(("month", draw(st.integers(0, 11))))
    elif dropped:
        columns.remove((dropped,))
    kept_months = [c[1] for c in columns if c[0] == "month"]
    case = draw(st.sampled_from(CASES))
    header_text = {"no": "NO", "region": draw(st.sampled_from(REGION_HEADERS)),
                   "total": draw(st.sampled_from(["JUMLAH", "TOTAL", "Jumlah"]))}

    def header(column: tuple) -> str:
        text = months[column[1]] if column[0] == "month" else header_text[column[0]]
        return case(text)

    def row(number: int, name: str, month_values: list[int]) -> list[str]:
        cells = {"no": str(number), "region": name,
                 "total": _count(sum(month_values[i] for i in kept_months), rnd, comma)}
        return [_count(month_values[c[1]], rnd, comma) if c[0] == "month" else cells[c[0]]
                for c in columns]

    body = [row(n, rnd.choice(names), values[code])
            for n, (code, names) in enumerate(chosen, start=1)]
    garbage = draw(st.booleans()) and draw(st.integers(0, 9)) == 0
    if garbage:
        month_positions = [p for p, c in enumerate(columns) if c[0] == "month"]
        body[rnd.randrange(len(body))][rnd.choice(month_positions)] = rnd.choice(GARBAGE)
    sums = [sum(v) for v in zip(*values.values(), strict=True)]
    labels = {"no": "JUMLAH" if dropped == "region" else "", "region": "JUMLAH",
              "total": str(sum(sums[i] for i in kept_months))}
    total_row = [str(sums[c[1]]) if c[0] == "month" else labels[c[0]] for c in columns]
    with_total = draw(st.booleans())
    wrong_total = with_total and draw(st.booleans())
    if wrong_total:
        numeric = [p for p, c in enumerate(columns) if c[0] in {"month", "total"}]
        position = rnd.choice(numeric)
        total_row[position] = str(int(total_row[position]) + draw(st.integers(1, 9)))
    for _ in range(draw(st.integers(0, 3))):
        body.insert(rnd.randrange(len(body) + 1), [""] * len(columns))
    rows = [[header(c) for c in columns], *body]
    if with_total:
        rows.append(total_row)
    year_title = draw(st.sampled_from([None, *YEAR_TITLES]))
    titles = ["REKAPITULASI PENEMPATAN PMI ASAL PROVINSI BANTEN"]
    if year_title:
        titles.append(year_title)
    if draw(st.booleans()):
        titles.append("Sumber: BP3MI Banten, 5 Januari 2025")
    if draw(st.booleans()):
        titles.append("")
    rows = [[t] + [""] * (len(columns) - 1) for t in titles] + rows
    if draw(st.booleans()):
        rows += [[""] * len(columns), ["Keterangan: angka sementara"] + [""] * (len(columns) - 1)]
    rows = [[_spaces(c, rnd) for c in r] for r in rows]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    tahun = draw(st.sampled_from([None, 2024]))
    has_year = year_title is not None or tahun is not None or months is MONTH_SPELLINGS[3]
    refused = dropped == "region" or garbage or not has_year
    totals = {code: sum(values[code][i] for i in kept_months) for code, _ in chosen}
    return Recap(buffer.getvalue(), draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])),
                 tahun, refused, totals, wrong_total)


def _spaces(cell: str, rnd) -> str:
    if cell and rnd.random() < 0.1:
        return " " * rnd.randint(1, 2) + cell + " " * rnd.randint(0, 2)
    return cell


@pytest.fixture(scope="module")
def baseline_store(tmp_path_factory) -> Path:
    """A store holding one unrelated batch, copied for each example."""
    folder = tmp_path_factory.mktemp("rekap-basis")
    path = folder / "basis.csv"
    path.write_text("tahun,kode_wilayah,jumlah\n2020,3601,5\n", encoding="utf-8")
    db = folder / "pmi.duckdb"
    reports = pipeline.load([path], db, pipeline.Options(series="bp2mi"))
    assert reports[0].status == "loaded"
    return db


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(recap=recaps())
def test_a_mangled_recap_loads_exactly_or_is_refused_with_a_line(recap, baseline_store):
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "pmi.duckdb"
        shutil.copyfile(baseline_store, db)
        before = file_digest(db)
        path = Path(folder) / "rekap.csv"
        path.write_bytes(recap.text.encode(recap.encoding))
        report = pipeline.load([path], db, pipeline.Options(series="bp2mi",
                                                            tahun=recap.tahun))[0]
        errors = report.errors
        event("refused" if recap.refused else "loaded")
        if recap.refused:
            assert report.status == "refused", recap.text
            assert errors and all(p.line is not None for p in errors), \
                [p.format() for p in errors]
            assert file_digest(db) == before
            return
        assert report.status == "loaded", [p.format() for p in errors]
        _, frame = pipeline.summary(db, ["kode_wilayah"], "bp2mi",
                                    Filters(tahun_awal=2024, tahun_akhir=2024))
        stored = {str(k): int(v) for k, v in zip(frame["kode_wilayah"], frame["jumlah"],
                                                 strict=True)}
        assert stored == recap.totals
        if recap.wrong_total:
            assert any("tetapi baris" in p.message for p in report.warnings)
