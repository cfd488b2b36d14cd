"""Record-level lists of interns (layout ``magang_records``): told apart from placement records,
counted per cell — departures by departure date, returns and problem cases by their own dates —
and no personal data (NIK, name, passport, phone, address) ever reaches the store, the report
or the terminal: a byte scan of the store files finds none."""

from __future__ import annotations

import json

import pytest

from loaders import layouts
from loaders.layouts import intern_records, records
from loaders.source import open_source
from tests.conftest import ROOT, query
from tests.test_records import _store_texts

HEADER = ["NO", "NIK", "NAMA PESERTA", "NO PASPOR", "NO HP", "ALAMAT", "JK", "KAB/KOTA ASAL",
          "LPK/SO", "NEGARA TUJUAN", "BIDANG MAGANG", "TERCATAT SISKOP2MI", "TGL BERANGKAT",
          "TGL PULANG", "TANGGAL PENGADUAN", "STATUS"]
NIKS = ["3604019911224401", "3604019911224402", "3672019911224403", "3601019911224404"]
NAMES = ["SITI RAHASIAWATI", "ROHMAT RAHASIANTO", "JAJANG RAHASIADI", "EUIS RAHASIAH"]
PASSPORTS = ["C7654401", "C7654402", "C7654403", "C7654404"]
PHONES = ["081377665501", "081377665502", "081377665503", "081377665504"]
ADDRESS = "JL. RAHASIA MAGANG NO. 3, RT 004/RW 002"
PERSONAL = [*NIKS, *NAMES, *PASSPORTS, *PHONES, ADDRESS]
#: (JK, KAB/KOTA, LPK/SO, NEGARA, BIDANG, TERCATAT, BERANGKAT, PULANG, PENGADUAN, STATUS)
PEOPLE = [
    ("L", "KAB. SERANG", "IM Japan", "Jepang", "Konstruksi", "Ya", "15/01/2022", "14/01/2025",
     "", "Purna"),
    ("P", "3604", "LPK", "JP", "kaigo", "tidak", "10/03/2024", "", "", "Aktif"),
    ("L", "Kota Cilegon", "SO", "Taiwan", "Pabrik", "", "10 Maret 2024", "", "05/09/2024",
     "Bermasalah"),
    ("P", "Pandeglang", "Universitas", "Jerman", "Pertanian", "tidak diketahui", "45337", "",
     "", ""),
]


def export(people=PEOPLE, title: str = "DAFTAR PESERTA MAGANG") -> str:
    lines = [title, ",".join(HEADER)]
    for i, person in enumerate(people):
        lines.append(",".join([str(i + 1), NIKS[i], NAMES[i], PASSPORTS[i], PHONES[i],
                               f'"{ADDRESS}"', *person]))
    return "\n".join(lines) + "\n"


def report_of(cli, *args) -> tuple[int, dict]:
    result = cli(*args, "--json")
    return result.code, json.loads(result.out)[0]


def _found(text: str) -> list[str]:
    return [value for value in PERSONAL if value in text]


def test_an_intern_list_is_told_from_placement_records(write_file):
    interns = write_file("m.csv", export())
    assert layouts.detect(open_source(interns)) is intern_records
    assert layouts.detect(open_source(ROOT / "docs" / "examples" / "records.csv")) is records
    # only the title says "magang": still interns
    plain = export().replace("LPK/SO", "P3MI").replace("TERCATAT SISKOP2MI", "KETERANGAN") \
        .replace("BIDANG MAGANG", "JABATAN")
    assert layouts.detect(open_source(write_file("t.csv", plain))) is intern_records
    untitled = plain.replace("DAFTAR PESERTA MAGANG", "DAFTAR PMI BERANGKAT")
    assert layouts.detect(open_source(write_file("u.csv", untitled))) is records


def test_departures_returns_and_problems_are_counted_by_their_dates(cli, db, write_file):
    code, report = report_of(cli, "load", write_file("m.csv", export()), "--db", db,
                             "--series", "magang_disnaker")
    assert code == 0, report["errors"]
    assert report["layout"] == "magang_records"
    rows = query(db, "SELECT status, tahun, bulan, kode_wilayah, penyelenggara, negara_tujuan, "
                     "bidang, jenis_kelamin, pelindungan, jumlah, rincian FROM pemagangan "
                     "ORDER BY status, tahun, bulan, kode_wilayah")
    assert rows == [
        ("Bermasalah", 2024, 9, "3672", "LPK/SO swasta", "TW", "Manufaktur", "Laki-laki", None,
         1, 63),
        ("Diberangkatkan", 2022, 1, "3604", "Kemnaker-IM Japan", "JP", "Konstruksi",
         "Laki-laki", "Tercatat", 1, 63),
        ("Diberangkatkan", 2024, 2, "3601", "Perguruan tinggi", "DE", "Pertanian", "Perempuan",
         None, 1, 63),
        ("Diberangkatkan", 2024, 3, "3604", "LPK/SO swasta", "JP", "Perawatan lansia",
         "Perempuan", "Tidak tercatat", 1, 63),
        ("Diberangkatkan", 2024, 3, "3672", "LPK/SO swasta", "TW", "Manufaktur", "Laki-laki",
         None, 1, 63),
        ("Purna", 2025, 1, "3604", "Kemnaker-IM Japan", "JP", "Konstruksi", "Laki-laki",
         "Tercatat", 1, 63),
    ]
    assert any("kolom 'STATUS' tidak dibaca" in note for note in report["notes"])


def test_no_personal_data_in_store_report_or_terminal(cli, db, write_file):
    path = write_file("peserta.csv", export())
    outputs = [cli("check", path, "--series", "magang_disnaker"),
               cli("check", path, "--series", "magang_disnaker", "--json"),
               cli("load", path, "--db", db, "--series", "magang_disnaker", "--json"),
               cli("history", "--db", db, "--json")]
    assert outputs[2].code == 0
    for result in outputs:
        assert _found(result.out + result.err) == []
    texts = _store_texts(db)
    assert "Konstruksi" in texts  # the scan does see what was stored
    assert _found(texts) == []
    store_files = [p for p in db.parent.iterdir() if p.name.startswith(db.name)]
    assert db in store_files
    for store_file in store_files:  # the store itself, and its WAL or lock if there is one
        raw = store_file.read_bytes()
        assert [v for v in PERSONAL if v.encode() in raw] == []


def test_personal_columns_never_reach_the_frames(write_file):
    from domain.problems import ProblemList
    from loaders.layouts.base import ReadOptions

    path = write_file("m.csv", export())
    problems = ProblemList(path.name)
    raw = intern_records.read(open_source(path), ReadOptions(), problems)
    frames = list(raw.frames)
    assert problems.items == []
    text = "\n".join(str(v) for f in frames for c in f.columns for v in f[c])
    assert _found(text) == []
    assert raw.notes[0] == ("kolom data pribadi tidak dibaca dan tidak disimpan: NIK, "
                            "NAMA PESERTA, NO PASPOR, NO HP, ALAMAT")


@pytest.mark.parametrize(("column", "value"), [("LPK/SO", "0812-3456-7890"),
                                               ("BIDANG MAGANG", "3604019911229999"),
                                               ("TERCATAT SISKOP2MI", "C1234567")])
def test_an_identifier_in_a_kept_column_is_refused_unquoted(cli, write_file, column, value):
    people = [list(p) for p in PEOPLE]
    people[1][HEADER.index(column) - 6] = value
    code, report = report_of(cli, "check", write_file("m.csv", export(people)),
                             "--series", "magang_disnaker")
    assert code == 1
    assert value not in json.dumps(report)
    error = report["errors"][0]
    assert (error["line"], error["column"]) == (4, column)
    assert "data pribadi" in error["message"]


def test_bad_dates_are_refused_by_line_and_column(cli, write_file):
    people = [list(p) for p in PEOPLE]
    people[0][7] = "31/02/2025"  # TGL PULANG
    people[2][6] = "15/12/2099"  # TGL BERANGKAT, in the future
    code, report = report_of(cli, "check", write_file("m.csv", export(people)),
                             "--series", "magang_disnaker")
    assert code == 1
    found = {(e["line"], e["column"]) for e in report["errors"]}
    assert {(3, "TGL PULANG"), (5, "TGL BERANGKAT")} <= found


def test_a_departure_date_is_required(cli, write_file):
    people = [list(p) for p in PEOPLE]
    people[1][6] = ""
    code, report = report_of(cli, "check", write_file("m.csv", export(people)),
                             "--series", "magang_disnaker")
    assert code == 1
    assert report["errors"][0]["message"] == "tanggal berangkat kosong"


def test_the_example_checks_clean(cli):
    code, report = report_of(cli, "check", ROOT / "docs" / "examples" / "magang_records.csv")
    assert code == 0, report["errors"]
    assert report["layout"] == "magang_records" and report["is_sample"]
