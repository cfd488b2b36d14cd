"""Record-level exports (one row per departed worker): counted per cell on load, and no personal
data ever reaches the store, the report or the terminal."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest

from domain.problems import LoadError, ProblemList
from loaders import layouts
from loaders import progress as progress_line
from loaders.layouts import record_cells, records
from loaders.layouts.base import ReadOptions
from loaders.source import open_source
from tests.conftest import ROOT

HEADER = ["NO", "NIK", "NAMA PMI", "NO PASPOR", "NO HP", "ALAMAT", "TEMPAT LAHIR",
          "TANGGAL LAHIR", "JK", "KAB/KOTA ASAL", "NEGARA TUJUAN", "JABATAN", "SKEMA",
          "SEKTOR", "TANGGAL BERANGKAT", "P3MI", "MITRA USAHA"]
EXCEL_15_FEB_2024 = str((dt.date(2024, 2, 15) - dt.date(1899, 12, 30)).days)

#: Distinctive personal values: none may be found anywhere after a load.
NIKS = ["3604019911223301", "3604019911223302", "3604019911223303", "3604019911223304",
        "3601029911223305", "3601029911223306", "3672039911223307"]
NAMES = ["AMINAH RAHASIAWATI", "BUDIMAN RAHASIANTO", "CICIH RAHASIANI", "DEDEN RAHASIADI",
         "ENOK RAHASIAH", "FIFI RAHASIAWATI", "GUGUN RAHASIANTO"]
PASSPORTS = ["X7654301", "X7654302", "X7654303", "X7654304", "X7654305", "X7654306", "X7654307"]
PHONES = ["081299887701", "081299887702", "081299887703", "081299887704", "081299887705",
          "081299887706", "081299887707"]
ADDRESS = "JL. RAHASIA NO. 7, RT 009/RW 008"
BIRTH_PLACE = "DESA RAHASIA"
PERSONAL = [*NIKS, *NAMES, *PASSPORTS, *PHONES, ADDRESS, BIRTH_PLACE]

#: (JK, KAB/KOTA ASAL, NEGARA TUJUAN, JABATAN, SKEMA, SEKTOR, TANGGAL BERANGKAT)
PLACEMENTS = [
    ("P", "KAB. SERANG", "Hongkong", "PLRT", "P to P", "Informal", "15/01/2024"),
    ("Perempuan", "3604", "Hong Kong", "Penata Laksana Rumah Tangga", "PtoP", "INFORMAL",
     "2024-01-20"),
    ("L", "Kabupaten Serang", "Taiwan", "Operator Produksi", "G2G", "Formal", "5/2/24"),
    ("Laki-laki", "36.04", "Taiwan", "Pekerja Pabrik", "G to G", "formal", EXCEL_15_FEB_2024),
    ("P", "Pandeglang", "Arab Saudi", "Tukang Kebun", "Mandiri", "Informal", "15 Maret 2024"),
    ("P", "KAB. PANDEGLANG", "Saudi", "Tukang Kebun", "PMI Mandiri", "", "20-03-2024"),
    ("", "Kota Cilegon", "Malaysia", "Pekerja Perkebunan", "P to P", "Formal", "01/03/2024"),
]
#: The cells those rows make, counted by hand.
CELLS = sorted([
    "1,3604,P to P,Informal,Perempuan,HK,Penata Laksana Rumah Tangga,2",
    "2,3604,G to G,Formal,Laki-laki,TW,Pekerja Pabrik,2",
    "3,3601,Mandiri,Informal,Perempuan,SA,Tukang Kebun,1",
    "3,3601,Mandiri,,Perempuan,SA,Tukang Kebun,1",
    "3,3672,P to P,Formal,,MY,Pekerja Perkebunan,1",
])
ALL_DIMENSIONS = "bulan,kode_wilayah,skema,sektor,jenis_kelamin,negara_tujuan,jabatan"


def person(number: int, placement: tuple[str, ...]) -> list[str]:
    i = number - 1
    return [str(number), NIKS[i], NAMES[i], PASSPORTS[i], PHONES[i], ADDRESS, BIRTH_PLACE,
            "01-02-1990", *placement, "PT CONTOH", "MITRA CONTOH"]


def csv_text(rows: list[list[str]], delimiter: str = ",", header: list[str] = HEADER,
             title: str = "") -> str:
    def cell(value: str) -> str:
        return f'"{value}"' if delimiter in value or "\n" in value else value

    lines = [title, ""] if title else []
    lines += [delimiter.join(cell(v) for v in row) for row in [header, *rows]]
    return "\n".join(lines) + "\n"


def export(delimiter: str = ",", title: str = "") -> str:
    """The seven placements, then a blank row as spreadsheets export it."""
    rows = [person(i, p) for i, p in enumerate(PLACEMENTS, start=1)]
    return csv_text([*rows, [""] * len(HEADER)], delimiter, title=title)


def cells(cli, db: Path) -> list[str]:
    out = cli("summary", "--db", db, "--series", "bp2mi", "--by", ALL_DIMENSIONS, "--csv",
              "--raw").out.splitlines()
    assert out[0] == f"{ALL_DIMENSIONS},jumlah"
    return sorted(out[1:])


# --- counting ------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", ","])
def test_records_are_counted_per_month_regency_and_breakdown(cli, db, write_file, delimiter):
    path = write_file("siskop2mi.csv", export(delimiter, title="DATA PMI BERANGKAT 2024"))
    result = cli("load", path, "--db", db, "--series", "bp2mi", "--json")
    report = json.loads(result.out)[0]
    assert result.code == 0, report["errors"]
    assert report["layout"] == "records"
    assert report["rows_read"] == 8
    assert report["skipped"] == {"baris kosong": 1}
    assert report["rows_stored"] == len(CELLS)
    assert cells(cli, db) == CELLS
    by_scheme = cli("summary", "--db", db, "--series", "bp2mi", "--by", "kode_wilayah,skema",
                    "--csv", "--raw")
    assert by_scheme.out.splitlines() == ["kode_wilayah,skema,jumlah", "3601,Mandiri,2",
                                          "3604,G to G,2", "3604,P to P,2", "3672,P to P,1"]


def test_unknown_occupations_are_kept_as_written_and_listed(cli, db, write_file):
    path = write_file("siskop2mi.csv", export())
    report = json.loads(cli("load", path, "--db", db, "--json").out)[0]
    assert report["unknown_values"] == {"jabatan": ["Tukang Kebun"]}
    assert any("jabatan di luar daftar baku" in n and "Tukang Kebun" in n
               for n in report["notes"])
    jobs = cli("summary", "--db", db, "--by", "jabatan", "--csv", "--raw").out.splitlines()
    assert "Tukang Kebun,2" in jobs


def test_xlsx_with_date_cells_serial_numbers_and_blank_cells(cli, db, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["REKAP PMI BERANGKAT KABUPATEN SERANG"])
    sheet.append([])
    sheet.append(HEADER)
    dates: list[object] = [dt.datetime(2024, 1, 15), dt.datetime(2024, 1, 20, 8, 30),
                           dt.date(2024, 2, 5), int(EXCEL_15_FEB_2024), dt.datetime(2024, 3, 15),
                           "20/03/2024", dt.datetime(2024, 3, 1)]
    for number, (placement, day) in enumerate(zip(PLACEMENTS, dates, strict=True), start=1):
        row: list[object] = person(number, placement)
        row[HEADER.index("TANGGAL BERANGKAT")] = day
        row[HEADER.index("NIK")] = int(NIKS[number - 1])  # typed as a number, as often
        sheet.append([None if cell == "" else cell for cell in row])
    path = tmp_path / "rekap_orang.xlsx"
    book.save(path)
    result = cli("load", path, "--db", db, "--series", "bp2mi", "--json")
    report = json.loads(result.out)[0]
    assert result.code == 0, report["errors"]
    assert report["layout"] == "records"
    assert cells(cli, db) == CELLS


def test_mixed_spellings_of_a_column_and_a_padded_short_row(cli, db, write_file):
    """A row shorter than the header (a spreadsheet dropping trailing empty cells) is read with
    empty cells; a quoted address holding the delimiter and a line break does not shift it."""
    header = ["NIK", "NAMA", "ALAMAT", "KABUPATEN", "TGL KEBERANGKATAN", "SKEMA PENEMPATAN",
              "L/P"]
    rows = [[NIKS[0], NAMES[0], "JL. A,\nRT 1", "KAB. SERANG", "02/01/2024", "P to P", "P"],
            [NIKS[1], NAMES[1], "JL. B", "3604", "2024-01-03"]]
    result = cli("load", write_file("pendek.csv", csv_text(rows, ",", header)), "--db", db,
                 "--json")
    report = json.loads(result.out)[0]
    assert result.code == 0, report["errors"]
    by = cli("summary", "--db", db, "--by", "kode_wilayah,skema,jenis_kelamin", "--csv", "--raw")
    assert sorted(by.out.splitlines()[1:]) == ["3604,,,1", "3604,P to P,Perempuan,1"]


# --- no personal data gets through ---------------------------------------------------------


def _personal_values_found(text: str) -> list[str]:
    return [value for value in PERSONAL if value in text]


def _store_texts(db: Path) -> str:
    """Every text value of every table and view of the store, as one string."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        columns = con.execute("SELECT table_name, column_name FROM information_schema.columns "
                              "WHERE table_schema = 'main'").fetchall()
        parts = []
        for table, column in columns:
            rows = con.execute(f'SELECT DISTINCT CAST("{column}" AS VARCHAR) FROM "{table}"')
            parts += [str(value) for (value,) in rows.fetchall()]
        return "\n".join(parts)
    finally:
        con.close()


def test_no_personal_data_in_store_report_or_terminal(cli, db, write_file):
    path = write_file("siskop2mi.csv", export(";"))
    outputs = [cli("check", path), cli("check", path, "--json"),
               cli("load", path, "--db", db, "--json"), cli("history", "--db", db, "--json"),
               cli("summary", "--db", db, "--by", ALL_DIMENSIONS, "--raw")]
    assert outputs[2].code == 0
    assert "Tukang Kebun" in _store_texts(db)  # the scan does see what was stored
    for result in outputs:
        assert _personal_values_found(result.out + result.err) == []
    assert _personal_values_found(_store_texts(db)) == []
    store_files = [p for p in db.parent.iterdir() if p.name.startswith(db.name)]
    assert db in store_files
    for store_file in store_files:  # the store itself, and its WAL if there is one
        raw = store_file.read_bytes()
        assert [v for v in PERSONAL if v.encode() in raw] == []


def test_personal_columns_never_reach_the_frames(tmp_path):
    path = tmp_path / "siskop2mi.csv"
    path.write_text(export(), encoding="utf-8")
    src = open_source(path)
    problems = ProblemList(path.name)
    raw = records.read(src, ReadOptions(), problems)
    frames = list(raw.frames)
    assert problems.items == []
    assert set(frames[0].columns) == {"_line", "tahun", "bulan", "kode_wilayah", "skema",
                                      "sektor", "jenis_kelamin", "negara_tujuan", "jabatan",
                                      "jumlah"}
    text = "\n".join(str(v) for f in frames for c in f.columns for v in f[c])
    assert _personal_values_found(text) == []
    assert raw.notes == ["kolom data pribadi tidak dibaca dan tidak disimpan: NIK, NAMA PMI, "
                         "NO PASPOR, NO HP, ALAMAT, TEMPAT LAHIR, TANGGAL LAHIR"]


def test_a_row_error_names_line_and_column_but_no_personal_value(cli, db, write_file):
    rows = [person(i, p) for i, p in enumerate(PLACEMENTS, start=1)]
    rows[1][HEADER.index("TANGGAL BERANGKAT")] = "31/02/2024"
    rows[2][HEADER.index("KAB/KOTA ASAL")] = "Kab. Serangg"
    rows[3][HEADER.index("TANGGAL BERANGKAT")] = ""
    result = cli("load", write_file("salah.csv", csv_text(rows)), "--db", db)
    assert result.code == 1
    text = result.out + result.err
    assert ("salah.csv, baris 3, kolom 'TANGGAL BERANGKAT': tanggal '31/02/2024' tidak dapat "
            "dibaca") in text
    assert "salah.csv, baris 4, kolom 'KAB/KOTA ASAL': wilayah 'Kab. Serangg' tidak dikenal" \
        in text
    assert "salah.csv, baris 5, kolom 'TANGGAL BERANGKAT': tanggal berangkat kosong" in text
    assert _personal_values_found(text) == []
    assert not db.exists()


@pytest.mark.parametrize(("column", "value"), [
    ("JABATAN", "3604011122334455"),
    ("JABATAN", "X1234567"),
    ("NEGARA TUJUAN", "+62 812 3456 7890"),
    ("SKEMA", "pmi.contoh@example.com"),
    ("KAB/KOTA ASAL", "3604 0111 2233 4455"),
    ("TANGGAL BERANGKAT", "081234567890"),
])
def test_an_identifier_typed_in_a_kept_column_is_refused_unquoted(cli, db, write_file, column,
                                                                   value):
    rows = [person(i, p) for i, p in enumerate(PLACEMENTS, start=1)]
    rows[4][HEADER.index(column)] = value
    result = cli("load", write_file("salah.csv", csv_text(rows)), "--db", db, "--json")
    assert result.code == 1
    report = json.loads(result.out)[0]
    [error] = report["errors"]
    assert (error["line"], error["column"]) == (6, column)
    assert "data pribadi" in error["message"]
    assert value not in result.out + result.err
    assert _personal_values_found(result.out + result.err) == []
    assert not db.exists()


def test_a_departure_in_the_future_is_refused(cli, write_file):
    rows = [person(i, p) for i, p in enumerate(PLACEMENTS, start=1)]
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    rows[0][HEADER.index("TANGGAL BERANGKAT")] = f"{tomorrow:%d/%m/%Y}"
    result = cli("check", write_file("depan.csv", csv_text(rows)))
    assert result.code == 1
    assert (f"depan.csv, baris 2, kolom 'TANGGAL BERANGKAT': tanggal '{tomorrow:%d/%m/%Y}' ada "
            "di masa depan") in result.out


def test_a_row_with_more_cells_than_the_header_is_refused_unquoted(cli, write_file):
    rows = [person(i, p) for i, p in enumerate(PLACEMENTS, start=1)]
    rows[2] = [*rows[2], NIKS[0]]
    result = cli("check", write_file("lebar.csv", csv_text(rows)))
    assert result.code == 1
    assert "lebar.csv, baris 4: baris CSV rusak: 18 kolom, padahal judul kolom 17" in result.out
    assert _personal_values_found(result.out + result.err) == []


# --- recognising the layout, reading dates --------------------------------------------------


@pytest.mark.parametrize(("header", "score"), [
    ("NIK,NAMA LENGKAP,KAB/KOTA ASAL,TANGGAL BERANGKAT", 9),
    ("No,Kabupaten,Tgl. Keberangkatan,Negara Penempatan", 9),
    ("Nama,Nama Kab/Kota Asal PMI,Tanggal Penempatan", 9),
    ("NIK,NAMA,KODE KAB,TAHUN,BULAN", 9),
    ("NO,KAB/KOTA,TANGGAL BERANGKAT,JUMLAH", 0),
    ("NAMA,ALAMAT,TANGGAL LAHIR", 0),
    ("tahun,kode_wilayah,jumlah", 0),
])
def test_detection(tmp_path, header, score):
    path = tmp_path / "f.csv"
    path.write_text(f"JUDUL\n\n{header}\n", encoding="utf-8")
    assert records.detect(open_source(path)) == score


def test_records_never_claim_the_other_layouts_examples():
    for example in (ROOT / "docs" / "examples").glob("*.csv"):
        layout = layouts.detect(open_source(example))
        assert (layout is records) == (example.stem == "records"), example.name


def test_identifiers_without_a_date_or_year_column_are_refused(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("NIK,NAMA,KAB/KOTA\n3604019911223301,AMINAH,3604\n", encoding="utf-8")
    with pytest.raises(LoadError, match="tidak ada kolom tanggal berangkat"):
        records.read(open_source(path), ReadOptions(), ProblemList(path.name))


@pytest.mark.parametrize(("text", "expected"), [
    ("15/03/2024", dt.date(2024, 3, 15)), ("15-03-2024", dt.date(2024, 3, 15)),
    ("5/3/24", dt.date(2024, 3, 5)), ("2024-03-15", dt.date(2024, 3, 15)),
    ("2024-03-15T08:30:00", dt.date(2024, 3, 15)), ("45366", dt.date(2024, 3, 15)),
    ("15 Maret 2024", dt.date(2024, 3, 15)), ("15-Mar-2024", dt.date(2024, 3, 15)),
    ("1 Agustus 2023", dt.date(2023, 8, 1)), ("31/02/2024", None), ("03/15/2024", None),
    ("2024", None), ("kemarin", None), ("", None),
])
def test_parse_date(text, expected):
    assert record_cells.parse_date(text, dt.date(2026, 1, 1)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("3604011122334455", True), ("3604 0111 2233 4455", True), ("X1234567", True),
    ("B 1234567", True), ("+62 812 3456 7890", True), ("0812-3456-7890", True),
    ("nama@example.com", True), ("3604", False), ("36.04", False), ("45366", False),
    ("15/03/2024", False), ("2024-08-15", False), ("P to P", False), ("ABK 2", False),
    ("Operator Produksi", False),
])
def test_looks_like_identifier(text, expected):
    assert record_cells.looks_like_identifier(text) is expected


def test_progress_is_quiet_in_ci_and_when_redirected(monkeypatch, capsys):
    monkeypatch.setenv("CI", "true")
    assert progress_line.terminal_progress("f.csv") is None
    monkeypatch.delenv("CI")
    assert progress_line.terminal_progress("f.csv") is None  # pytest captures stderr: not a tty
    progress = progress_line.Progress("f.csv")
    progress.start -= 10
    progress(1_500_000)
    progress.finish()
    assert capsys.readouterr().err == "\rf.csv: 1.500.000 baris dibaca (150.000 baris/detik)\n"


def test_counts_do_not_depend_on_how_the_file_is_chunked(cli, db, write_file, monkeypatch):
    """Tiny Arrow blocks and frames, and a running sum added up after every frame, give the
    same cells as one frame."""
    from loaders import cell_sums, csv_stream

    monkeypatch.setattr(csv_stream, "ARROW_BLOCK", 1024)
    monkeypatch.setattr(csv_stream, "SELECT_ROWS", 2)
    monkeypatch.setattr(cell_sums.RunningSum, "LIMIT", 1)
    path = write_file("siskop2mi.csv", export(";"))
    result = cli("load", path, "--db", db, "--series", "bp2mi", "--json")
    assert result.code == 0, result.out
    assert json.loads(result.out)[0]["skipped"] == {"baris kosong": 1}
    assert cells(cli, db) == CELLS


def test_a_broken_quote_in_another_layout_is_still_reported_by_line(cli, write_file):
    """The background reader hands the parser's errors over unchanged."""
    text = "tahun,kode_wilayah,jumlah\n2024,3604,5\n2024,\"3601,7\n"
    result = cli("check", write_file("rusak.csv", text))
    assert result.code == 1
    assert "rusak.csv, baris 3: baris CSV rusak" in result.out
