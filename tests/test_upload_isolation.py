"""Issue 12, the maintainer's upload: personal data screened out of every text that reaches the
store, record-level uploads never archived whole, and the upload check in a child process
with a memory and time limit (so no upload can take the web server down).

The hostile and record-level files are generated here, small; the identifiers are made up.
"""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pytest

from domain import personal_data
from tests.conftest import ROOT

# -- the shared rule (domain/personal_data.py) ------------------------------------------------


@pytest.mark.parametrize(("text", "kind"), [
    ("NIK 3603123456789012", personal_data.NIK),
    ("３６０３１２３４５６７８９０１２", personal_data.NIK),
    ("3603/1234/5678/9012", personal_data.NIK),
    ("3603  1234  5678  9012", personal_data.NIK),
    ("36.03.12.010190.0001", personal_data.NIK),
    ("3603\u200b1234\u200b5678\u200b9012", personal_data.NIK),
    ("paspor B1234567", personal_data.PASSPORT),
    ("Ｂ１２３４５６７", personal_data.PASSPORT),
    ("passport no: c76543x1", personal_data.PASSPORT),
    ("hubungi 0812-3456-7890", personal_data.PHONE),
    ("+62 812 3456 7890", personal_data.PHONE),
    ("６２８１２３４５６７８９０", personal_data.PHONE),
])
def test_personal_numbers_are_found_through_disguises(text, kind):
    assert personal_data.screen(text) == kind


@pytest.mark.parametrize("text", [
    "BP2MI pusat data (BP3MI Banten) via Banpos 18-02-2025, https://banpos.co/?p=61809",
    "periode 01/01/2024-31/12/2024", "2024-01-01 s.d. 2024-12-31", "Rp 1234567 per bulan",
    "Total 2024: 1.234.567 orang", "Operator Produksi", "kode 36012345678901234", "3604",
    "Penata Laksana Rumah Tangga", "Disnakertrans Banten, surat 560/123/2025",
])
def test_citations_and_figures_are_not_personal_numbers(text):
    assert personal_data.screen(text) is None


def test_masking_replaces_only_the_number():
    text = "Saya (NIK ３６０３/１２３４/５６７８/９０１２) dari Serang"
    masked, count = personal_data.mask(text, {personal_data.NIK: "[x]"})
    assert (masked, count) == ("Saya (NIK [x]) dari Serang", 1)


# -- screened columns: refused with file, line and column, never the value ---------------------

NIK = "3603123456789012"
CANONICAL_HIDDEN = (
    "tahun,kode_wilayah,jumlah,sumber\n"
    "2019,3604,12,BP2MI via Banpos 18-02-2025\n"
    f"2019,3601,7,laporan Bu SITI AMINAH NIK {NIK}\n"
    "2019,3602,5,telp ０８１２－３４５６－７８９０\n"
    "2019,3603,4,paspor X7654321\n"
)


def test_identifiers_in_the_sumber_column_refuse_the_file(cli, tmp_path: Path):
    path = tmp_path / "kanonik_sumber.csv"
    path.write_text(CANONICAL_HIDDEN, encoding="utf-8")
    result = cli("check", path, "--json")
    assert result.code == 1
    [report] = json.loads(result.out)
    found = {(e["line"], e["column"], e["message"]) for e in report["errors"]}
    assert found == {
        (3, "sumber", "sel ini berisi data pribadi: mirip NIK (16 angka)"),
        (4, "sumber", "sel ini berisi data pribadi: mirip nomor telepon"),
        (5, "sumber", "sel ini berisi data pribadi: mirip nomor paspor"),
    }
    assert all(e["hint"] == personal_data.REFUSAL_HINT for e in report["errors"])
    assert NIK not in result.out and "7654321" not in result.out


def test_an_identifier_as_an_occupation_refuses_the_file(cli, tmp_path: Path):
    path = tmp_path / "jabatan.csv"
    path.write_text("tahun,kode_wilayah,jabatan,jumlah\n2019,3604,Operator Produksi,3\n"
                    f"2019,3604,{NIK},1\n", encoding="utf-8")
    result = cli("check", path)
    assert result.code == 1
    assert "jabatan.csv, baris 3, kolom 'jabatan': sel ini berisi data pribadi: mirip NIK" \
        in result.out and NIK not in result.out


def test_identifiers_in_an_indicator_note_or_the_source_option_refuse_the_file(cli,
                                                                                tmp_path: Path):
    rows = list(csv.reader(io.StringIO(
        (ROOT / "docs" / "examples" / "kinerja.csv").read_text(encoding="utf-8"))))
    rows[1][rows[0].index("keterangan")] = "operator: 0812 3456 7890"
    path = tmp_path / "kinerja_catatan.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    result = cli("check", path)
    assert result.code == 1
    assert "kinerja_catatan.csv, baris 2, kolom 'keterangan': sel ini berisi data pribadi: " \
        "mirip nomor telepon" in result.out and "3456" not in result.out
    good = ROOT / "docs" / "examples" / "kanonik.csv"
    refused = cli("check", good, "--source", "kiriman Pak Budi, paspor B1234567")
    assert refused.code == 1
    assert "sumber (--source, isian Sumber atau source di .meta.yml) berisi data pribadi: " \
        "mirip nomor paspor" in refused.out and "1234567" not in refused.out


def fake_records(rows: int, seed: int = 12) -> tuple[str, dict[str, list[str]]]:
    """A record-level export (layout ``records``) with made-up NIK, names, passports and
    phones; returns the text and the identifiers it holds."""
    rng = random.Random(seed)
    ids: dict[str, list[str]] = {"nik": [], "nama": [], "paspor": [], "hp": []}
    lines = ["NO,NIK,NAMA LENGKAP,NO PASPOR,NO HP,ALAMAT,JENIS KELAMIN,KAB/KOTA ASAL,"
             "NEGARA TUJUAN,JABATAN,SKEMA PENEMPATAN,SEKTOR,TANGGAL BERANGKAT"]
    for number in range(1, rows + 1):
        nik = f"36{rng.randrange(10 ** 13, 10 ** 14)}"
        name = f"ZUBAIDAH{number:04d} KARTIKASARI"
        passport = f"X{rng.randrange(10 ** 6, 10 ** 7)}"
        phone = f"0857{rng.randrange(10 ** 7, 10 ** 8)}"
        ids["nik"].append(nik)
        ids["nama"].append(name)
        ids["paspor"].append(passport)
        ids["hp"].append(phone)
        lines.append(f'{number},{nik},{name},{passport},{phone},"JL. MAWAR {number}, RT 001",'
                     f"{rng.choice('LP')},{rng.choice(['3601', '3602', '3603', '3604'])},"
                     f"{rng.choice(['Taiwan', 'Hongkong', 'Malaysia'])},"
                     f"{rng.choice(['PLRT', 'Caregiver', 'Operator Produksi'])},P to P,"
                     f"Informal,{rng.randrange(1, 28)}/{rng.randrange(1, 13)}/2019")
    return "\n".join(lines) + "\n", ids
