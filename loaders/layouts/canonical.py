"""The project's own long CSV: one figure per row.

``tahun, [bulan], [s_d_bulan], kode_wilayah and/or nama_wilayah, [skema], [sektor],
[jenis_kelamin], [negara_tujuan], [jabatan], jumlah, [sumber], [seri]``. A row is broken down by
the breakdown cells it fills; ``tidak diketahui`` marks a value not reported. See
docs/data-format.md.
"""

from __future__ import annotations

from domain.problems import ProblemList
from loaders.layouts.base import RAW_COLUMNS, RawFacts, ReadOptions, header_row, select_columns
from loaders.source import SourceFile

name = "kanonik"
description = "CSV panjang kanonik proyek (satu angka per baris)"


def detect(src: SourceFile) -> int:
    _, header = header_row(src)
    columns = set(header)
    if "kode_provinsi" in columns or "kode_kabupaten_kota" in columns:
        return 0
    if "jumlah" in columns and columns & {"kode_wilayah", "nama_wilayah"}:
        return 10 if "tahun" in columns else 6  # the year may come from --tahun
    return 0


def read(src: SourceFile, options: ReadOptions, problems: ProblemList) -> RawFacts:
    line, header = header_row(src)
    positions: dict[str, int] = {}
    series_position: int | None = None
    for position, key in enumerate(header):
        if key in RAW_COLUMNS:
            if key in positions:
                problems.error(f"kolom '{key}' muncul dua kali", "hapus salah satunya",
                               line=line, column=key)
            positions[key] = position
        elif key == "seri":
            series_position = position
        elif key:
            problems.warn(f"kolom '{key}' tidak dikenal dan diabaikan",
                          "lihat docs/data-format.md untuk kolom yang diterima",
                          line=line, column=key)
    original = {key: src.preview[src.header_index()][1][pos] for key, pos in positions.items()}
    frames = list(src.frames(line, len(header)))
    series: str | None = None
    if series_position is not None:
        values = {v.strip() for f in frames for v in f[series_position] if v.strip()}
        if len(values) > 1:
            problems.error(f"kolom 'seri' berisi lebih dari satu seri: {sorted(values)}",
                           "pisahkan berkas per seri", column="seri")
        elif values:
            series = values.pop()
    return RawFacts(
        frames=[select_columns(f, positions) for f in frames],
        columns=original,
        series=series,
    )
