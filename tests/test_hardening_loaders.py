"""Hardening of the loaders (issue 12): every input ends in a message, within a bounded memory
and time, and never changes the store; leftovers of killed loads are removed; an export writes
and replaces only its own files; names lose their control characters.

The hostile files are made here, small. The resource tests run ``python -m loaders`` in a child
process and read its peak resident memory from ``os.wait4`` (``ru_maxrss``); a watchdog kills a
child that goes far beyond the budget, so a regression fails the test instead of the machine.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from domain.problems import Problem
from loaders import limits
from loaders.layouts import rekap
from loaders.layouts.record_cells import looks_like_identifier
from store import db as store_db
from tests.conftest import file_digest, query

ROOT = Path(__file__).resolve().parents[1]
#: What the loader process may use for any file up to the upload limit (issue 12).
BUDGET_MB = 1024
#: Seconds a refused bomb may take, interpreter start included (a loaded machine is slow).
SECONDS = 30
GOOD = "tahun,kode_wilayah,jumlah\n2024,3604,911\n2024,3601,794\n"
HEADER = "tahun,kode_wilayah,jumlah\n"


@dataclass
class Run:
    code: int
    out: str
    peak_mb: float
    seconds: float


def run_loader(*args: object, timeout: float = 120, kill_above_mb: int = 2 * BUDGET_MB) -> Run:
    """``python -m loaders ARGS`` in a child: exit code, stdout + stderr, peak RSS, time."""
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as out:
        start = time.monotonic()
        child = subprocess.Popen([sys.executable, "-m", "loaders", *map(str, args)], cwd=ROOT,
                                 stdout=out, stderr=subprocess.STDOUT,
                                 env={**os.environ, "CI": "1"})
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if _rss_mb(child.pid) > kill_above_mb or time.monotonic() - start > timeout:
                os.kill(child.pid, signal.SIGKILL)
            time.sleep(0.02)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - start
        out.seek(0)
        text = out.read()
    return Run(child.returncode, text, usage.ru_maxrss / 1024, seconds)


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


@pytest.fixture
def store(cli, db: Path, write_file) -> Path:
    """A store holding one good batch (its digest is compared after each refusal)."""
    assert cli("load", write_file("baik.csv", GOOD), "--db", db).code == 0
    return db


def assert_bounded(run: Run) -> None:
    assert "Traceback" not in run.out, run.out[-2000:]
    assert run.peak_mb < BUDGET_MB, f"peak {run.peak_mb:.0f} MB"
    assert run.seconds < SECONDS, f"{run.seconds:.1f} s"


def refused_everywhere(path: Path, store: Path, expected: str) -> None:
    """``check`` and ``load`` (in a child each) refuse ``path`` with ``expected`` in the
    message, within the budget, and the store file is unchanged."""
    before = file_digest(store)
    for command in (("check", path), ("load", path, "--db", store)):
        run = run_loader(*command)
        assert run.code == 1, run.out[-2000:]
        assert expected in run.out, run.out[-2000:]
        assert_bounded(run)
    assert file_digest(store) == before


# -- 1. bounded work: text files --------------------------------------------------------------

def test_a_row_of_1_2_mb_of_commas_is_refused_in_bounded_memory(store, write_file):
    """Before: 462 MB -> 1.98 GB in 39 s, then a wrong message."""
    path = write_file("koma.csv", HEADER + "," * 1_200_000 + "\n")
    refused_everywhere(path, store, "koma.csv, baris 2: baris ini berisi lebih dari 1.000 sel")


def test_5_mb_of_commas_on_one_line_is_refused_in_bounded_memory(store, write_file):
    """Before: 167 s and 6.6 GB."""
    path = write_file("koma5.csv", HEADER + "2024,3604,1\n" + "," * 5_000_000)
    refused_everywhere(path, store, "koma5.csv, baris 3: baris ini berisi lebih dari 1.000 sel")


def test_a_line_longer_than_the_limit_is_refused(store, write_file):
    path = write_file("panjang.csv", HEADER + "2024,3604," + "9" * 200_000 + "\n")
    refused_everywhere(path, store, "panjang.csv, baris 2: baris ini lebih panjang dari "
                       "131.072 byte")


def test_a_table_file_over_the_upload_limit_is_refused_before_it_is_read(store, tmp_path):
    """A file read whole may be at most the upload limit (20 MB): refused by its size, at
    once (the tail past the first 1.2 MB is a hole of zeros that is never read)."""
    path = tmp_path / "besar.csv"
    with path.open("wb") as fh:
        fh.write((HEADER + "2024,3604,1\n" * 100_000).encode())
        fh.truncate(limits.MAX_FILE_BYTES + 1)
    refused_everywhere(path, store, "besar.csv: berkas terlalu besar: 20.971.521 byte, paling "
                       "besar 20.971.520 byte")


def test_a_file_at_the_upload_limit_is_checked_within_the_budget(tmp_path):
    """20 MB of plain rows (the largest file the upload page takes): checked, not crashed."""
    path = tmp_path / "penuh.csv"
    regions = ("3601", "3602", "3603", "3604", "3671", "3672", "3673", "3674")
    rows = [f"2023,{m},{r},{n},{(n * 7 + m) % 97}\n" for n in range(1, 200) for m in
            range(1, 13) for r in regions]
    block = "".join(rows)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("tahun,bulan,kode_wilayah,jabatan,jumlah\n")
        while fh.tell() + len(block) < limits.MAX_FILE_BYTES:
            fh.write(block)
    run = run_loader("check", path)
    assert run.code == 1  # the block repeats: duplicates, reported as such
    assert "penuh.csv, baris" in run.out and "angka yang sama" in run.out
    assert_bounded(run)


def test_a_quoted_cell_over_the_cell_limit_is_refused(cli, write_file):
    text = "x" * (limits.MAX_CELL_CHARS + 10)
    lines = "\n".join(text[i:i + 1000] for i in range(0, len(text), 1000))
    path = write_file("sel.csv", f'{HEADER}2024,3604,"{lines}"\n')
    result = cli("check", path)
    assert result.code == 1
    assert "sel.csv, baris 2, kolom 'sel ke-3': sel lebih panjang dari 32.767 karakter" \
        in result.out


def test_a_cell_over_the_csv_modules_limit_in_the_first_mib_is_a_message(cli, write_file):
    """Before: ``_csv.Error: field larger than field limit (131072)``."""
    cell = "\n".join("y" * 60_000 for _ in range(3))
    path = write_file("besar_sel.csv", f'{HEADER}2024,3604,"{cell}"\n')
    result = cli("check", path)
    assert result.code == 1 and "Traceback" not in result.out + result.err
    assert "besar_sel.csv, baris" in result.out
    assert "sel lebih panjang dari 32.767 karakter" in result.out


def test_too_many_spellings_in_a_looked_up_column_are_refused(cli, write_file):
    rows = "".join(f"2023,3604,jabatan {i},1\n" for i in range(limits.MAX_DISTINCT_VALUES + 1))
    path = write_file("jabatan.csv", "tahun,kode_wilayah,jabatan,jumlah\n" + rows)
    result = cli("check", path)
    assert result.code == 1
    assert "jabatan.csv, baris 2, kolom 'jabatan': kolom ini berisi lebih dari 5.000 isi " \
        "berbeda" in result.out


def test_a_recap_and_an_indicator_file_have_a_row_limit(cli, write_file):
    rows = "".join(f"{i};Kab. Serang;1;2\n" for i in range(limits.MAX_REKAP_ROWS + 1))
    recap = write_file("rekap.csv", "TAHUN 2023\nNO;KABUPATEN/KOTA;JAN;FEB\n" + rows)
    result = cli("check", recap)
    assert result.code == 1
    assert f"rekap.csv, baris {limits.MAX_REKAP_ROWS + 3}: tabel rekap ini lebih dari " \
        "10.000 baris" in result.out
    rows = "".join(f"K{i},Indikator {i},orang,2023,,100,50,naik\n"
                   for i in range(limits.MAX_KINERJA_ROWS + 1))
    indicators = write_file("kinerja.csv", "kode_indikator,indikator,satuan,tahun,triwulan,"
                            "target,realisasi,arah\n" + rows)
    result = cli("check", indicators)
    assert result.code == 1
    assert f"kinerja.csv, baris {limits.MAX_KINERJA_ROWS + 2}: berkas indikator ini lebih " \
        "dari 2.000 baris" in result.out


def test_slow_patterns_take_linear_time_on_long_cells():
    """A 32 KB cell once took seconds per value in the e-mail pattern, and a long title line
    minutes in the recap's year search."""
    start = time.monotonic()
    assert not looks_like_identifier("a" * limits.MAX_CELL_CHARS)
    assert not looks_like_identifier("a" * 16_000 + "@" + "b" * 16_000)
    assert looks_like_identifier("kontak: nama@contoh.id")
    assert rekap.without_footnote("*" * 30_000 + "x)").endswith("x)")
    assert rekap.without_footnote("Kota Serang *)") == "Kota Serang"
    title = rekap._title_text(["Tahun " + "2024 " * 20_000])
    assert rekap.title_years([(1, title)]) == {2024: 1}
    assert time.monotonic() - start < 2


# -- 1. bounded work: workbooks ---------------------------------------------------------------

_XML = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_ROWS = ('<row r="1"><c r="A1" t="inlineStr"><is><t>tahun</t></is></c>'
         '<c r="B1" t="inlineStr"><is><t>kode_wilayah</t></is></c>'
         '<c r="C1" t="inlineStr"><is><t>jumlah</t></is></c></row>'
         '<row r="2"><c r="A2"><v>2024</v></c><c r="B2"><v>3604</v></c><c r="C2"><v>5</v></c>'
         '</row>')


def workbook(path: Path, sheet: str, head: str = "", tail: str = "") -> Path:
    """A minimal XLSX (a few KB) whose one sheet holds ``_ROWS`` plus ``sheet`` rows, with
    ``head`` before and ``tail`` after the sheet data."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="applicati'
            'on/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" Conten'
            'tType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="appli'
            'cation/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override'
            ' PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats'
            '-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxm'
            'lformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://sch'
            'emas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
            '"xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {_XML} xmlns:r="http://schemas.o'
            'penxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" s'
            'heetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxm'
            'lformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://sch'
            'emas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="work'
            'sheets/sheet1.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_XML}>{head}<sheetData>{_ROWS}'
            f'{sheet}</sheetData>{tail}</worksheet>'),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


@pytest.mark.parametrize(("name", "sheet", "head", "tail", "expected"), [
    ("sel_jauh.xlsx", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', "", "",
     "sel_jauh.xlsx, baris 1048576, kolom 'XFD': lembar ini memakai sel XFD1048576"),
    ("gabung.xlsx", "", "", '<mergeCells count="1"><mergeCell ref="D1:XFD1048576"/>'
     "</mergeCells>", "gabung.xlsx, baris 1, kolom 'D': lembar ini menggabungkan sel "
     "D1:XFD1048576"),
    ("ukuran.xlsx", "", '<dimension ref="A1:XFD1048576"/>', "",
     "ukuran.xlsx, baris 1, kolom 'A': lembar ini menyatakan ukuran sampai baris 1.048.576, "
     "kolom XFD"),
])
def test_a_small_workbook_declaring_a_huge_sheet_is_refused_before_its_cells_are_read(
        store, tmp_path, name, sheet, head, tail, expected):
    """Before: a 4.9 KB XLSX with one cell at XFD1048576, or one merged range
    D1:XFD1048576, ran out of memory after 30-90 s."""
    path = workbook(tmp_path / name, sheet, head, tail)
    assert path.stat().st_size < 5_000
    refused_everywhere(path, store, expected)


def test_a_workbook_whose_parts_unpack_too_large_is_refused(cli, tmp_path):
    path = workbook(tmp_path / "bom.xlsx", "")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/kosong.bin", b"\0" * (limits.MAX_XLSX_PART_BYTES + 1))
    assert path.stat().st_size < 1_000_000
    result = cli("check", path)
    assert result.code == 1
    assert "bom.xlsx: isi berkas XLSX terlalu besar setelah dibuka (xl/media/kosong.bin" \
        in result.out


def test_a_workbook_with_merged_cells_hidden_rows_and_formulas_reads_as_before(cli, tmp_path):
    """The streaming read keeps what the full read gave: merged cells take their top-left
    value, hidden rows are left out, formulas without a saved value are refused."""
    merged = workbook(tmp_path / "baik.xlsx",
                      '<row r="3" hidden="1"><c r="A3"><v>2024</v></c><c r="B3"><v>3601</v>'
                      '</c><c r="C3"><v>5000</v></c></row><row r="4"><c r="A4"><v>2024</v></c>'
                      '<c r="B4"><v>3601</v></c><c r="C4"><v>7</v></c></row>', "",
                      "")
    result = cli("check", merged)
    assert result.code == 0, result.out
    assert "1 baris tersembunyi" in result.out and "3601 Kabupaten Pandeglang" in result.out
    formula = workbook(tmp_path / "rumus.xlsx",
                       '<row r="3"><c r="A3"><v>2024</v></c><c r="B3"><v>3601</v></c>'
                       '<c r="C3"><f>1+1</f></c></row>')
    result = cli("check", formula)
    assert result.code == 1
    assert "rumus.xlsx, baris 3, kolom 'C': 1 sel berisi rumus tanpa nilai tersimpan" \
        in result.out


# -- 1. bounded work: the .meta.yml sidecar ---------------------------------------------------

YAML_BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip(["", *"abcdefgh"], "abcdefghi", strict=True)) + "caveats: *i\n"


def test_a_yaml_alias_bomb_in_the_sidecar_is_refused_in_bounded_memory(store, write_file):
    """Before: a 367-byte .meta.yml raised MemoryError after 40 s."""
    path = write_file("contoh.csv", GOOD)
    write_file("contoh.meta.yml", YAML_BOMB)
    assert len(YAML_BOMB) < 500
    refused_everywhere(path, store, "contoh.meta.yml, baris 1: berkas keterangan .meta.yml: "
                       "jangkar atau alias YAML (&…, *…) tidak diterima")


@pytest.mark.parametrize(("text", "expected"), [
    ("title: a\nsource: &s x\nlicence: *s\n", "jangkar atau alias YAML"),
    ("a: " + "[" * 200 + "]" * 200 + "\n", "bertingkat lebih dari 20 lapis"),
    ("title: " + "x" * (limits.MAX_META_BYTES + 1) + "\n", "terlalu besar"),
])
def test_sidecars_with_anchors_deep_nesting_or_too_many_bytes_are_refused(
        cli, write_file, text, expected):
    path = write_file("data.csv", GOOD)
    write_file("data.meta.yml", text)
    result = cli("check", path)
    assert result.code == 1 and "data.meta.yml" in result.out and expected in result.out


# -- 2. a message, never a traceback ----------------------------------------------------------

@pytest.mark.parametrize(("count", "shown"), [
    ("9" * 400, "9" * 60 + "… (400 karakter)"),
    (str(2 ** 63), str(2 ** 63)),
    (str(2 ** 53 + 1), str(2 ** 53 + 1)),
    ("5000000000000000000", "5000000000000000000"),
    (str(limits.MAX_COUNT + 1), str(limits.MAX_COUNT + 1)),
])
def test_counts_beyond_the_upper_bound_are_refused_by_check_and_load_alike(
        cli, store, write_file, count, shown):
    """Before: a 400-digit count raised OverflowError; 2^63 passed check and crashed load;
    2^53+1 was stored as 9007199254740992; two counts of 5e18 loaded and broke the sums."""
    path = write_file("besar.csv", f"{HEADER}2024,3604,{count}\n2024,3601,{count}\n")
    before = file_digest(store)
    expected = f"besar.csv, baris 2, kolom 'jumlah': jumlah '{shown}' terlalu besar"
    checked, loaded = cli("check", path), cli("load", path, "--db", store)
    assert checked.code == loaded.code == 1
    assert expected in checked.out and expected in loaded.out
    problems = [line for line in checked.out.splitlines() if "GALAT" in line]
    assert problems == [line for line in loaded.out.splitlines() if "GALAT" in line]
    assert file_digest(store) == before


def test_the_largest_count_is_accepted(cli, db, write_file):
    path = write_file("batas.csv", f"{HEADER}2024,3604,{limits.MAX_COUNT}\n")
    assert cli("load", path, "--db", db).code == 0
    assert query(db, "SELECT sum(jumlah) FROM fact")[0][0] == limits.MAX_COUNT


def test_a_50_mb_line_of_digits_is_a_message(store, tmp_path):
    path = tmp_path / "digit.csv"
    with path.open("w", encoding="ascii") as fh:
        fh.write(HEADER + "2024,3604,")
        for _ in range(50):
            fh.write("9" * 1_000_000)
    refused_everywhere(path, store, "digit.csv: berkas terlalu besar")


@pytest.mark.parametrize("byte", [0x81, 0x8D, 0x8F, 0x90, 0x9D])
def test_bytes_undefined_in_windows_1252_are_a_message_with_line_and_position(
        cli, write_file, byte):
    """Before: UnicodeDecodeError (recap and canonical layouts)."""
    text = b"tahun,nama_wilayah,jumlah\n2024,Kab. Pandeglang \xe9,5\n2024,Kab. Serang" + \
        bytes([byte]) + b",6\n"
    result = cli("check", write_file("ansi.csv", text))
    assert result.code == 1 and "Traceback" not in result.out + result.err
    assert f"ansi.csv, baris 3: byte 0x{byte:02X} pada posisi 17 bukan teks Windows-1252 — " \
        "simpan ulang berkas sebagai 'CSV UTF-8'" in result.out


def test_a_bad_byte_after_the_first_mib_names_line_and_column(cli, write_file):
    rows = "2024,3604,1\n" * 100_000  # 1.2 MB, beyond the sample the encoding is guessed from
    text = (HEADER + rows).encode() + b"2024,3601,\xff\n"
    result = cli("check", write_file("rusak.csv", text))
    assert result.code == 1
    assert "rusak.csv, baris 100002, kolom 'jumlah': byte 0xFF pada posisi 11 bukan teks " \
        "UTF-8" in result.out


def test_a_nul_byte_later_in_a_file_is_reported_once(cli, write_file):
    """Before: the NUL run was echoed back 5,000 times in the message."""
    text = HEADER + "2024,3604,5\n" * 2000 + "2024,3601,5" + "\0" * 5000 + "\n"
    result = cli("check", write_file("nul.csv", text))
    assert result.code == 1
    assert "\0" not in result.out
    assert result.out.count("NUL") == 1
    assert "nul.csv, baris 2002, kolom 'jumlah': byte NUL (0x00) pada posisi 12" in result.out


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-be", "utf-16", "utf-16-be"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_read(cli, write_file, encoding):
    """Before: UTF-32 was refused as "tata letak tidak dikenali"."""
    text = GOOD.encode(encoding)
    if encoding.endswith("-be"):
        text = ("\ufeff" + GOOD).encode(encoding)
    result = cli("check", write_file("lebar.csv", text))
    assert result.code == 0, result.out
    assert "2024  3604 Kabupaten Serang" in result.out
    assert f"berkas berenkode {encoding[:6].upper()}" in result.out


def test_check_and_load_accept_the_same_hostile_files(cli, store, write_file, tmp_path):
    files = [
        write_file("a.csv", HEADER + "," * 2_000 + "\n"),
        write_file("b.csv", HEADER + f"2024,3604,{2 ** 63}\n"),
        write_file("c.csv", HEADER + "2024,3604,1\0\n"),
        workbook(tmp_path / "d.xlsx", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'),
        write_file("e.csv", GOOD.replace("911", "9" * 400)),
    ]
    before = file_digest(store)
    for path in files:
        checked, loaded = cli("check", path), cli("load", path, "--db", store)
        assert checked.code == loaded.code == 1, (path.name, checked.out, loaded.out)
        errors = [line for line in checked.out.splitlines() if "GALAT" in line]
        assert errors and errors == [line for line in loaded.out.splitlines()
                                     if "GALAT" in line]
    assert file_digest(store) == before


# -- 3. leftovers of killed loads ---------------------------------------------------------------

def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_leftovers_of_a_killed_load_are_removed_by_the_next_load(cli, store, write_file):
    folder = store.parent
    dead = _dead_pid()
    leftovers = [folder / f".{store.name}.{dead}.140234.tmp",
                 folder / f".{store.name}.{dead}.140234.tmp.wal"]
    alive = folder / f".{store.name}.{os.getpid()}.1.tmp"  # a writer still running
    others = [folder / f"{store.name}.{dead}.1.tmp", folder / f".{store.name}.bak",
              folder / f".lain.duckdb.{dead}.1.tmp"]
    for path in [*leftovers, alive, *others]:
        path.write_bytes(b"x" * 1000)
    before = cli("summary", "--db", store, "--csv").out
    result = cli("load", write_file("lain.csv", "tahun,kode_wilayah,jumlah\n2023,3602,5\n"),
                 "--db", store)
    assert result.code == 0, result.out
    assert not any(path.exists() for path in leftovers)
    assert alive.exists() and all(path.exists() for path in others)
    after = cli("summary", "--db", store, "--csv").out
    assert after.splitlines() == ["tahun,jumlah", "2023,5", *before.splitlines()[1:]]


def test_leftovers_are_removed_on_start_and_never_taken_for_a_store(store):
    dead = _dead_pid()
    leftover = store.with_name(f".{store.name}.{dead}.7.tmp")
    leftover.write_bytes(b"not a store")
    digest = file_digest(store)
    assert store_db.upgrade_if_needed(store) is False  # what the dashboard runs on start
    assert not leftover.exists()
    assert file_digest(store) == digest
    assert query(store, "SELECT count(*) FROM batch")[0][0] == 1


# -- 4. export writes and replaces only its own files -------------------------------------------

def test_export_force_never_deletes_a_file_it_did_not_write(cli, store, tmp_path):
    out = tmp_path / "ekspor"
    assert cli("export", "--format", "csv", out, "--db", store).code == 0
    notes = out / "notes.txt"
    notes.write_text("catatan saya", encoding="utf-8")
    forced = cli("export", "--format", "csv", out, "--db", store, "--force")
    assert forced.code == 1
    assert "notes.txt tidak ditulis oleh ekspor; --force tidak menghapusnya" in forced.err
    assert notes.read_text(encoding="utf-8") == "catatan saya"
    notes.unlink()
    (out / "batch.csv").write_text("diubah", encoding="utf-8")
    changed = cli("export", "--format", "csv", out, "--db", store, "--force")
    assert changed.code == 1 and "batch.csv diubah sesudah ekspor" in changed.err
    (out / "batch.csv").unlink()
    assert cli("export", "--format", "csv", out, "--db", store, "--force").code == 0
    written = json.loads(out.with_name(f".{out.name}.pmi-ekspor.json").read_text())["files"]
    assert sorted(p.name for p in out.iterdir()) == sorted(written)  # only its own files
    assert {"batch.csv", "cakupan.csv", "kinerja.csv", "penempatan.csv", "seri.csv"} <= set(written)


def test_export_force_never_replaces_the_store_or_a_file_it_did_not_write(cli, store,
                                                                             tmp_path):
    """Before: ``--force`` with the store's own path as OUT replaced the store with an XLSX."""
    digest = file_digest(store)
    for out, fmt in ((store, "xlsx"), (store.parent, "csv"), (tmp_path, "csv")):
        result = cli("export", "--format", fmt, out, "--db", store, "--force")
        assert result.code == 2 and "adalah penyimpanan data" in result.err, result.err
    assert file_digest(store) == digest
    mine = tmp_path / "punya_saya.xlsx"
    mine.write_bytes(b"bukan ekspor")
    result = cli("export", "--format", "xlsx", mine, "--db", store, "--force")
    assert result.code == 1 and "bukan hasil ekspor sebelumnya" in result.err
    assert mine.read_bytes() == b"bukan ekspor"
    book = tmp_path / "pmi.xlsx"
    assert cli("export", "--format", "xlsx", book, "--db", store).code == 0
    assert cli("export", "--format", "xlsx", book, "--db", store, "--force").code == 0
    assert (tmp_path / ".pmi.xlsx.pmi-ekspor.json").is_file()


# -- 5. control characters in names -------------------------------------------------------------

def test_file_names_lose_their_control_characters_in_reports_and_the_store(cli, db, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "jahat\x1b[31m\nbaris.csv"
    path.write_text(GOOD, encoding="utf-8")
    result = cli("load", path, "--db", db)
    assert result.code == 0, result.out
    assert "\x1b" not in result.out and "jahat [31m baris.csv" in result.out
    assert query(db, "SELECT file_name FROM batch") == [("jahat [31m baris.csv",)]
    refused = folder / "x\x1b]8;;http:contoh\x07y.csv"
    refused.write_text("tahun,kode_wilayah,jumlah\n2024,3699,1\n", encoding="utf-8")
    result = cli("check", refused)
    assert result.code == 1 and "\x1b" not in result.out and "\x07" not in result.out


def test_a_problem_never_carries_control_characters_or_an_endless_message():
    problem = Problem("a\x1bb.csv", "nilai 'x\0\0\0y'" + "z" * 5000, "h\n", line=3,
                      column="k\u202eolom")
    assert problem.file == "a b.csv"
    assert "\0" not in problem.message and len(problem.message) <= 1001
    assert problem.hint == "h" and problem.column == "k olom"
    assert limits.shown("x\0" * 100) == "x" * 60 + "… (100 karakter)"
