"""Each accepted layout loads, normalises its spellings and gives the right totals."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import query

CANONICAL = (
    "tahun,bulan,kode_wilayah,nama_wilayah,skema,sektor,jenis_kelamin,negara_tujuan,jabatan,"
    "jumlah\n"
) + """2024,1,3604,KAB. SERANG,P to P,Formal,L,Taiwan,Operator Produksi,12
2024,1,3604,KAB. SERANG,G2G,formal,Pria,Korea Selatan,Pekerja Pabrik,3
2024,2,,Kota Tangsel,P to P,Informal,Wanita,Hongkong,PLRT,7
2024,2,36.01,Pandeglang,Mandiri,INFORMAL,P,Arab Saudi,Pembantu Rumah Tangga,5
2024,2,3601,Pandeglang,UKPS,Formal,Laki-laki,Jepang,Tukang Las,1
"""


def test_canonical_layout_loads_and_normalises_every_dimension(cli, db: Path, write_file):
    path = write_file("kanonik.csv", CANONICAL)
    result = cli("load", path, "--db", db, "--series", "bp2mi", "--source", "uji")
    assert result.code == 0, result.out
    assert "tata letak : kanonik" in result.out
    rows = query(db, "SELECT tahun, bulan, kode_wilayah, skema, sektor, jenis_kelamin, "
                     "negara_tujuan, jabatan, jumlah FROM penempatan ORDER BY jumlah DESC")
    assert rows == [
        (2024, 1, "3604", "P to P", "Formal", "Laki-laki", "TW", "Pekerja Pabrik", 12),
        (2024, 2, "3674", "P to P", "Informal", "Perempuan", "HK",
         "Penata Laksana Rumah Tangga", 7),
        (2024, 2, "3601", "Mandiri", "Informal", "Perempuan", "SA",
         "Penata Laksana Rumah Tangga", 5),
        (2024, 1, "3604", "G to G", "Formal", "Laki-laki", "KR", "Pekerja Pabrik", 3),
        (2024, 2, "3601", "UKPS", "Formal", "Laki-laki", "JP", "Tukang Las", 1),
    ]
    summary = cli("summary", "--db", db, "--by", "kode_wilayah,skema", "--csv", "--raw")
    assert summary.out.splitlines() == [
        "kode_wilayah,skema,jumlah",
        "3601,Mandiri,5", "3601,UKPS,1",
        "3604,G to G,3", "3604,P to P,12",
        "3674,P to P,7",
    ]
    months = cli("summary", "--db", db, "--by", "bulan", "--csv")
    assert months.out.splitlines() == ["bulan,jumlah", "1,15", "2,13"]


PORTAL = (
    "id,kode_provinsi,nama_provinsi,kode_kabupaten_kota,nama_kabupaten_kota,"
    "skema_penempatan,jumlah_pmi,satuan,tahun\n"
    "1,36,BANTEN,3601,KABUPATEN PANDEGLANG,P TO P,700,ORANG,2024\n"
    "2,36,BANTEN,3601,KABUPATEN PANDEGLANG,G TO G,94,ORANG,2024\n"
    "3,36,BANTEN,3604,KABUPATEN SERANG,P TO P,911,ORANG,2024\n"
    "4,32,JAWA BARAT,3201,KABUPATEN BOGOR,P TO P,5000,ORANG,2024\n"
    "5,32,JAWA BARAT,3271,KOTA BOGOR,P TO P,300,ORANG,2024\n"
)


def test_portal_layout_comma_skips_other_provinces_and_counts_them(cli, db: Path, write_file):
    path = write_file("portal.csv", PORTAL)
    result = cli("load", path, "--db", db, "--json")
    assert result.code == 0
    report = json.loads(result.out)[0]
    assert report["layout"] == "portal"
    assert report["rows_read"] == 5
    assert report["rows_stored"] == 3
    assert report["skipped"] == {"wilayah di luar Provinsi Banten": 2}
    assert report["series"] == "bp2mi"
    assert any("seri bawaan" in n for n in report["notes"])
    totals = {(t["kode_wilayah"], t["jumlah"]) for t in report["totals"]}
    assert totals == {("3601", 794), ("3604", 911)}
    summary = cli("summary", "--db", db, "--by", "skema", "--csv")
    assert summary.out.splitlines() == ["skema,jumlah", "G to G,94", "P to P,1611"]


def test_portal_layout_semicolon_windows_1252_and_gender_breakdown(cli, db: Path, write_file):
    text = ("kode_provinsi;nama_provinsi;kode_kabupaten_kota;nama_kabupaten_kota;"
            "jenis_kelamin;jumlah_pekerja_migran;satuan;tahun\n"
            "36;BANTEN;3602;KABUPATEN LEBAK;LAKI-LAKI;51;ORANG;2023\n"
            "36;BANTEN;3602;KABUPATEN LEBAK;PEREMPUAN;16;ORANG;2023\n"
            "36;BANTEN;3673;KOTA SERANG – IBUKOTA;PEREMPUAN;4;ORANG;2023\n")
    path = write_file("gender.csv", text.replace("KOTA SERANG – IBUKOTA", "KOTA SERANG"),
                      encoding="cp1252")
    result = cli("load", path, "--db", db, "--series", "disnaker", "--json")
    assert result.code == 0, result.out
    summary = cli("summary", "--db", db, "--by", "kode_wilayah,jenis_kelamin", "--csv", "--raw")
    assert summary.out.splitlines() == ["kode_wilayah,jenis_kelamin,jumlah",
                                        "3602,Laki-laki,51", "3602,Perempuan,16",
                                        "3673,Perempuan,4"]


def test_utf8_bom_and_tab_delimiter_are_read(cli, db: Path, write_file):
    content = "\ufefftahun\tkode_wilayah\tjumlah\n2023\t3672\t20\n"
    path = write_file("bom.tsv", content)
    result = cli("check", path)
    assert result.code == 0, result.out
    assert "dibaca 1, disimpan 1" in result.out


def test_portal_unit_other_than_persons_is_refused(cli, db: Path, write_file):
    path = write_file("rupiah.csv", PORTAL.replace("700,ORANG", "700,RUPIAH"))
    result = cli("load", path, "--db", db)
    assert result.code == 1
    assert "rupiah.csv, baris 2, kolom 'satuan': satuan 'RUPIAH' bukan jumlah orang" in result.out
    assert not db.exists()


def test_province_level_figures_fill_the_regencies_not_reported(cli, db: Path, write_file):
    """Given the 2024 BP2MI figures (Banten 3,567; four kabupaten 2,734), when summarised,
    then the total is the province's and by regency the rest is a not-broken-down row."""
    text = ("tahun,kode_wilayah,jumlah\n2024,36,3567\n2024,3604,911\n2024,3601,794\n"
            "2024,3603,669\n2024,3602,360\n2023,36,3183\n2023,3672,20\n")
    cli("load", write_file("bp2mi.csv", text), "--db", db)
    by_year = cli("summary", "--db", db, "--by", "tahun", "--csv")
    assert by_year.out.splitlines() == ["tahun,jumlah", "2023,3183", "2024,3567"]
    by_region = cli("summary", "--db", db, "--by", "kode_wilayah", "--tahun", "2024", "--csv")
    assert by_region.out.splitlines() == ["kode_wilayah,jumlah", "3601,794", "3602,360",
                                          "3603,669", "3604,911", ",833"]
    one = cli("summary", "--db", db, "--by", "tahun", "--wilayah", "3604", "--csv")
    assert one.out.splitlines() == ["tahun,jumlah", "2024,911"]
