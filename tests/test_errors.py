"""Bad input: a clear message naming file, line and column with a fix; several problems at
once; exit code 1; no traceback; the store unchanged."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, file_digest

GOOD = "tahun,kode_wilayah,skema,jumlah\n2024,3604,P to P,10\n"
NEXT_YEAR = dt.date.today().year + 1

# (file content, expected fragments of the message: file, line, column, what, how to fix)
CASES: dict[str, tuple[str | bytes, list[str]]] = {
    "empty": ("", ["berkas kosong", "ekspor ulang"]),
    "whitespace-only": ("\n  \n", ["berkas kosong"]),
    "pdf": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", ["PDF, bukan berkas teks CSV",
                                                     "simpan sebagai CSV"]),
    "gzip": (b"\x1f\x8b\x08\x00garbage", ["GZIP, bukan berkas teks CSV"]),
    "binary": (b"\x00\x01\x02\x03garbage\x00", ["berkas biner"]),
    "broken-xlsx": (b"PK\x03\x04\x14\x00\x06\x00", ["berkas XLSX tidak dapat dibuka",
                                                      "simpan ulang"]),
    "unknown-layout": ("a,b,c\n1,2,3\n", ["baris 1", "tata letak berkas tidak dikenali",
                                          "docs/data-format.md"]),
    "header-only": ("tahun,kode_wilayah,jumlah\n", ["tidak berisi baris data"]),
    "unknown-regency": ("tahun,nama_wilayah,jumlah\n2024,Kab. Serangg,5\n",
                        ["baris 2", "kolom 'nama_wilayah'", "wilayah 'Kab. Serangg' tidak dikenal",
                         "maksudnya 'Kabupaten Serang'?"]),
    "unknown-code": ("tahun,kode_wilayah,jumlah\n2024,3699,5\n",
                     ["baris 2", "kolom 'kode_wilayah'", "wilayah '3699' tidak dikenal"]),
    "ambiguous-regency": ("tahun,nama_wilayah,jumlah\n2024,SERANG,5\n",
                          ["baris 2", "bisa kabupaten atau kota", "Kota Serang"]),
    "unknown-scheme": ("tahun,kode_wilayah,skema,jumlah\n2024,3604,P ke X,5\n",
                       ["baris 2", "kolom 'skema'", "skema 'P ke X' tidak dikenal"]),
    "unknown-sector": ("tahun,kode_wilayah,sektor,jumlah\n2024,3604,Semi formal,5\n",
                       ["baris 2", "kolom 'sektor'", "sektor 'Semi formal' tidak dikenal"]),
    "unknown-gender": ("tahun,kode_wilayah,jenis_kelamin,jumlah\n2024,3604,X,5\n",
                       ["baris 2", "kolom 'jenis_kelamin'", "jenis kelamin 'X' tidak dikenal"]),
    "unknown-country": ("tahun,kode_wilayah,negara_tujuan,jumlah\n2024,3604,Atlantis,5\n",
                        ["baris 2", "kolom 'negara_tujuan'",
                         "negara tujuan 'Atlantis' tidak dikenal"]),
    "negative-count": ("tahun,kode_wilayah,jumlah\n2024,3604,-5\n",
                       ["baris 2", "kolom 'jumlah'", "jumlah negatif", "tidak boleh negatif"]),
    "fractional-count": ("tahun,kode_wilayah,jumlah\n2024,3604,12.5\n",
                         ["baris 2", "kolom 'jumlah'", "bukan bilangan bulat"]),
    "text-count": ("tahun,kode_wilayah,jumlah\n2024,3604,banyak\n",
                   ["baris 2", "kolom 'jumlah'", "'banyak' bukan angka"]),
    "empty-count": ("tahun,kode_wilayah,jumlah\n2024,3604,\n",
                    ["baris 2", "kolom 'jumlah'", "jumlah kosong"]),
    "month-13": ("tahun,bulan,kode_wilayah,jumlah\n2024,13,3604,5\n",
                 ["baris 2", "kolom 'bulan'", "bulan '13' di luar 1–12"]),
    "month-0": ("tahun,bulan,kode_wilayah,jumlah\n2024,0,3604,5\n",
                ["baris 2", "kolom 'bulan'", "di luar 1–12"]),
    "future-year": (f"tahun,kode_wilayah,jumlah\n{NEXT_YEAR},3604,5\n",
                    ["baris 2", "kolom 'tahun'", f"tahun {NEXT_YEAR} ada di masa depan"]),
    "bad-year": ("tahun,kode_wilayah,jumlah\nduaribu,3604,5\n",
                 ["baris 2", "kolom 'tahun'", "bukan angka tahun"]),
    "duplicate-keys": ("tahun,kode_wilayah,skema,jumlah\n2024,3604,P to P,5\n"
                       "2024,3603,P to P,1\n2024,KAB. SERANG,PtoP,7\n",
                       ["baris 4", "sudah ada di baris 2", "hapus baris ganda"]),
    "only-other-provinces": ("tahun,kode_wilayah,jumlah\n2024,3201,5\n",
                             ["tidak berisi satu pun baris untuk wilayah Banten"]),
    "unknown-series": ("tahun,kode_wilayah,jumlah,seri\n2024,3604,5,rahasia\n",
                       ["seri 'rahasia' tidak dikenal"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_error_class_is_reported_and_store_is_unchanged(case, cli, db, write_file):
    content, fragments = CASES[case]
    cli("load", write_file("good.csv", GOOD), "--db", db)
    before = file_digest(db)
    name = f"{case}.csv"
    result = cli("load", write_file(name, content), "--db", db)
    assert result.code == 1
    text = result.out + result.err
    assert f"{name}" in text
    for fragment in fragments:
        assert fragment in text, f"{fragment!r} missing from:\n{text}"
    assert "Traceback" not in text
    assert file_digest(db) == before


def test_several_problems_are_reported_at_once(cli, db, write_file):
    content = ("tahun,bulan,kode_wilayah,skema,jumlah\n"
               "2024,1,3604,P to P,5\n"
               "2024,14,3604,P to P,5\n"
               "2024,2,Kab. Bogorr,P to P,5\n"
               "2024,3,3604,Entah,5\n"
               "2024,4,3604,P to P,-1\n")
    result = cli("check", write_file("many.csv", content))
    assert result.code == 1
    assert "baris 3, kolom 'bulan'" in result.out
    assert "baris 4, kolom 'kode_wilayah'" in result.out
    assert "baris 5, kolom 'skema'" in result.out
    assert "baris 6, kolom 'jumlah'" in result.out


def test_missing_file_is_an_error_not_a_traceback(cli, tmp_path):
    result = cli("check", tmp_path / "tidak-ada.csv")
    assert result.code == 1
    assert "tidak-ada.csv: berkas tidak ditemukan" in result.out


def test_refused_file_in_a_multi_file_load_stores_nothing(cli, db, write_file):
    good = write_file("a.csv", GOOD)
    bad = write_file("b.csv", "tahun,kode_wilayah,jumlah\n2024,3603,-1\n")
    result = cli("load", good, bad, "--db", db)
    assert result.code == 1
    assert "a.csv: tidak dimuat" in result.out
    assert "b.csv: DITOLAK" in result.out
    assert not db.exists()


def test_cli_process_exits_non_zero_without_traceback(tmp_path: Path):
    path = tmp_path / "bad.csv"
    path.write_text("tahun,kode_wilayah,jumlah\n2024,3699,1\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "loaders", "load", str(path), "--db",
                           str(tmp_path / "s.duckdb")], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert "bad.csv, baris 2, kolom 'kode_wilayah'" in done.stdout
