"""The canonical long CSV of internships abroad (pemagangan): one figure per row.

``tahun, [bulan], [s_d_bulan], kode_wilayah and/or nama_wilayah, [status], [penyelenggara],
[negara_tujuan], [bidang], [jenis_kelamin], [pelindungan], jumlah_magang, [sumber], [seri]``.
The count column names interns (``jumlah_magang``, ``jumlah_peserta_magang`` …), so a file of
interns is never read as placements; a plain ``jumlah`` is accepted when the header has a
column only intern files have (``penyelenggara``, ``bidang``, ``pelindungan``,
``status_magang``). A row is broken down by the breakdown cells it fills (``tidak diketahui``:
not reported), as in the placements' canonical layout; ``status`` says what the row counts
(departed, returned, with a problem) and is never empty. See docs/data-format.md §5.7.
"""

from __future__ import annotations

from domain.interns import DEPARTED, KIND
from domain.problems import ProblemList
from loaders.layouts.base import RawFacts, ReadOptions, header_key, select_columns
from loaders.source import SourceFile

name = "magang_kanonik"
description = "CSV panjang kanonik pemagangan luar negeri (satu angka per baris)"
#: What the figures are: read by the intern checks and stored apart from placements.
kind = KIND

#: Accepted header keys (after ``base.header_key``) of each column.
HEADERS: dict[str, frozenset[str]] = {
    "tahun": frozenset({"tahun"}),
    "bulan": frozenset({"bulan"}),
    "s_d_bulan": frozenset({"s_d_bulan", "sd_bulan", "sampai_bulan"}),
    "kode_wilayah": frozenset({"kode_wilayah"}),
    "nama_wilayah": frozenset({"nama_wilayah"}),
    "status": frozenset({"status", "status_magang", "status_peserta"}),
    "penyelenggara": frozenset({"penyelenggara", "penyelenggara_magang", "program",
                                "program_magang", "jalur"}),
    "negara_tujuan": frozenset({"negara_tujuan", "negara"}),
    "bidang": frozenset({"bidang", "bidang_magang", "bidang_pekerjaan"}),
    "jenis_kelamin": frozenset({"jenis_kelamin"}),
    "pelindungan": frozenset({"pelindungan", "status_pelindungan", "tercatat_pelindungan",
                              "tercatat_siskop2mi", "sistem_pelindungan"}),
    "jumlah": frozenset({"jumlah_magang", "jumlah_peserta_magang", "jumlah_pemagangan",
                         "jumlah_peserta", "peserta_magang"}),
    "sumber": frozenset({"sumber"}),
}
#: Columns only intern files have: with one of them a plain ``jumlah`` counts interns.
INTERN_ONLY = frozenset({"penyelenggara", "bidang", "pelindungan"})
_KEY_TO_COLUMN = {key: column for column, keys in HEADERS.items() for key in keys}
#: Above the placements' ``kanonik`` (10 with a year, 6 without): its header is a subset.
SCORE = 11
SCORE_WITHOUT_YEAR = 7


def _columns(header: list[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for position, key in enumerate(header):
        column = _KEY_TO_COLUMN.get(key)
        if column is None and key == "jumlah":
            column = "jumlah"
        if column is not None:
            found.setdefault(column, []).append(position)
    return found


def _is_interns(header: list[str]) -> bool:
    keys = set(header)
    columns = _columns(header)
    if "kode_provinsi" in keys or "kode_kabupaten_kota" in keys:
        return False
    if not (columns.keys() & {"kode_wilayah", "nama_wilayah"}) or "jumlah" not in columns:
        return False
    named_count = bool(keys & HEADERS["jumlah"])
    return named_count or bool(columns.keys() & INTERN_ONLY) or "status_magang" in keys


def _header(src: SourceFile) -> tuple[int, list[str]]:
    line, cells = src.preview[src.header_index()]
    return line, [header_key(c) for c in cells]


def detect(src: SourceFile) -> int:
    _, header = _header(src)
    if not _is_interns(header):
        return 0
    return SCORE if "tahun" in header else SCORE_WITHOUT_YEAR


def read(src: SourceFile, options: ReadOptions, problems: ProblemList) -> RawFacts:
    line, header = _header(src)
    cells = src.preview[src.header_index()][1]
    positions: dict[str, int] = {}
    series_position: int | None = None
    for position, key in enumerate(header):
        column = _KEY_TO_COLUMN.get(key) or ("jumlah" if key == "jumlah" else None)
        if column is not None:
            if column in positions:
                problems.error(f"kolom '{cells[position].strip()}' muncul dua kali (sama dengan "
                               f"'{cells[positions[column]].strip()}')", "hapus salah satunya",
                               line=line, column=cells[position].strip())
            positions[column] = position
        elif key == "seri":
            series_position = position
        elif key:
            problems.warn(f"kolom '{cells[position].strip()}' tidak dikenal dan diabaikan",
                          "lihat kolom tata letak magang_kanonik di docs/data-format.md",
                          line=line, column=cells[position].strip())
    original = {column: cells[position].strip() for column, position in positions.items()}
    frames = list(src.frames(line, len(header)))
    series: str | None = None
    if series_position is not None:
        values = {v.strip() for f in frames for v in f[series_position] if v.strip()}
        if len(values) > 1:
            problems.error(f"kolom 'seri' berisi lebih dari satu seri: {sorted(values)}",
                           "pisahkan berkas per seri", column="seri")
        elif values:
            series = values.pop()
    notes: list[str] = []
    selected = [select_columns(f, positions) for f in frames]
    if "status" not in positions:
        notes.append(f"kolom status tidak ada: semua angka dibaca sebagai peserta "
                     f"'{DEPARTED}' (berangkat); tambahkan kolom status bila berkas memuat "
                     "peserta purna atau bermasalah")
        selected = [frame.assign(status=DEPARTED) for frame in selected]
        original["status"] = "status"
    return RawFacts(frames=selected, columns=original, series=series, notes=notes)
