"""XLSX and XLS files of any layout: first or named sheet, merged cells, hidden rows, dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from domain.checksum import sha256_of
from domain.problems import LoadError
from loaders.sheet import cell_text, open_sheet


def _book(path: Path, rows: list[list[object]], hidden: tuple[int, ...] = (),
          merges: tuple[str, ...] = (), title: str = "Data", extra: str | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for number in hidden:
        sheet.row_dimensions[number].hidden = True
    for merge in merges:
        sheet.merge_cells(merge)
    if extra:
        other = book.create_sheet(extra)
        other.append(["tahun", "kode_wilayah", "jumlah"])
        other.append([2023, 3602, 67])
    book.save(path)
    return path


def test_xlsx_canonical_layout_loads_with_hidden_rows_left_out(cli, db, tmp_path):
    path = _book(tmp_path / "penempatan.xlsx", [
        ["tahun", "kode_wilayah", "skema", "jumlah"],
        [2024, 3604, "P to P", 800],
        [2024, 3604, "G to G", 111.0],
        [2024, 3601, "P to P", 5000],  # hidden: an old figure somebody kept
        [2024, 3601, "P to P", 794],
    ], hidden=(4,))
    result = cli("load", path, "--db", db)
    assert result.code == 0, result.out
    assert "1 baris tersembunyi" in result.out
    out = cli("summary", "--db", db, "--by", "kode_wilayah", "--csv").out
    assert out.splitlines() == ["kode_wilayah,jumlah", "3601,794", "3604,911"]


def test_named_sheet_is_read_and_unknown_sheet_lists_the_sheets(cli, db, tmp_path):
    path = _book(tmp_path / "dua.xlsx", [["tahun", "kode_wilayah", "jumlah"], [2024, 3604, 9]],
                 title="Ringkas", extra="Lebak 2023")
    first = cli("check", path)
    assert first.code == 0 and "lembar pertama 'Ringkas'" in first.out
    named = cli("load", path, "--db", db, "--sheet", "lebak 2023")
    assert named.code == 0
    assert cli("summary", "--db", db, "--csv").out.splitlines() == ["tahun,jumlah", "2023,67"]
    missing = cli("check", path, "--sheet", "Tidak Ada")
    assert missing.code == 1
    assert "lembar 'Tidak Ada' tidak ada — lembar yang ada: Ringkas, Lebak 2023" in missing.out


def test_merged_cells_take_their_top_left_value(tmp_path):
    path = _book(tmp_path / "m.xlsx", [
        ["REKAP", None, None],
        ["Wilayah", "BULAN", None],
        [None, "JAN", "FEB"],
    ], merges=("B2:C2", "A2:A3"))
    sheet = open_sheet(path, sha256_of(path), None)
    assert sheet.rows[1] == (2, ["Wilayah", "BULAN", "BULAN"])
    assert sheet.rows[2] == (3, ["Wilayah", "JAN", "FEB"])


def test_cells_become_the_text_a_csv_would_hold():
    assert cell_text(None) == ""
    assert cell_text(12.0) == "12"
    assert cell_text(12.5) == "12.5"
    assert cell_text(dt.datetime(2024, 3, 15)) == "2024-03-15"
    assert cell_text(dt.date(2024, 3, 15)) == "2024-03-15"
    assert cell_text("  Kab. Serang ") == "Kab. Serang"
    assert cell_text(True) == "TRUE"


def test_empty_sheet_is_refused(tmp_path):
    path = _book(tmp_path / "kosong.xlsx", [])
    with pytest.raises(LoadError, match="kosong"):
        open_sheet(path, sha256_of(path), None)


def test_sheet_option_on_a_csv_is_an_error(cli, write_file):
    result = cli("check", write_file("a.csv", "tahun,kode_wilayah,jumlah\n2024,3604,1\n"),
                 "--sheet", "Data")
    assert result.code == 1 and "--sheet 'Data' diberikan, tetapi berkas ini CSV" in result.out


def test_formulas_saved_without_values_are_refused_not_read_as_zero(cli, db, tmp_path):
    """A workbook written by a tool that stores formulas but not their values reads as empty
    cells; a recap would take them for zeros, so the file is refused."""
    path = _book(tmp_path / "rumus.xlsx", [
        ["tahun", "kode_wilayah", "jumlah"],
        [2024, 3604, 911],
        [2024, 3601, "=700+94"],
    ])
    result = cli("load", path, "--db", db)
    assert result.code == 1
    assert "baris 3, kolom 'C': 1 sel berisi rumus tanpa nilai tersimpan (mis. C3)" in result.out
    assert not db.exists()
