"""Performance indicators against their targets (kinerja): one row per indicator and period.

``[kode_indikator], indikator, satuan, tahun, [triwulan], target, realisasi, arah,
[unit_penanggung_jawab], [sumber], [catatan], [capaian]`` — CSV or a workbook sheet, a title
block above the header allowed. An empty ``triwulan`` is the whole year; a quarter's
``realisasi`` is cumulative to the end of that quarter; an empty ``realisasi`` is "not reported
yet". See docs/data-format.md, "Kinerja".

This module finds the header and maps its columns; the values are checked by
``loaders/validate_kinerja.py`` (the pipeline routes indicator files there instead of the
placement checks).
"""

from __future__ import annotations

import pandas as pd

from domain.problems import LoadError, Problem, ProblemList
from loaders.layouts.base import RawFacts, ReadOptions, header_key, select_columns
from loaders.limits import MAX_KINERJA_ROWS, thousands
from loaders.source import SourceFile

name = "kinerja"
description = "Indikator kinerja: target dan realisasi per indikator dan tahun/triwulan"

#: The same confidence as a canonical file with a year: nothing else has these columns.
SCORE = 10
#: How many rows of the preview may stand above the header (a report's title block).
HEADER_SEARCH_ROWS = 30

#: Accepted header keys (after ``base.header_key``) of each column.
HEADERS: dict[str, frozenset[str]] = {
    "kode_indikator": frozenset({"kode_indikator", "kode", "kd_indikator", "id_indikator",
                                 "kode_iku", "kode_ik", "no_indikator"}),
    "indikator": frozenset({"indikator", "nama_indikator", "indikator_kinerja",
                            "indikator_kinerja_utama", "iku", "indikator_kinerja_kegiatan",
                            "uraian_indikator", "indicator"}),
    "satuan": frozenset({"satuan", "satuan_indikator", "unit_satuan", "unit_of_measure"}),
    "tahun": frozenset({"tahun", "tahun_anggaran", "ta", "year"}),
    "triwulan": frozenset({"triwulan", "tw", "kuartal", "quarter", "periode_triwulan"}),
    "target": frozenset({"target", "target_kinerja", "target_tahunan", "target_indikator"}),
    "realisasi": frozenset({"realisasi", "realisasi_kinerja", "realisasi_kumulatif",
                            "capaian_realisasi", "realisation", "realization", "actual"}),
    "arah": frozenset({"arah", "arah_indikator", "arah_kinerja", "polaritas", "polarity",
                       "direction", "sifat_indikator"}),
    "unit_penanggung_jawab": frozenset({"unit_penanggung_jawab", "penanggung_jawab",
                                        "unit_kerja", "unit_pj", "pj", "bidang",
                                        "unit_pelaksana", "responsible_unit"}),
    "sumber": frozenset({"sumber", "sumber_data", "source"}),
    "catatan": frozenset({"catatan", "keterangan", "ket", "note", "notes"}),
    "capaian": frozenset({"capaian", "capaian_persen", "persentase_capaian", "capaian_kinerja",
                          "capaian_pct", "achievement"}),
}
#: Columns without which a file cannot be read (``tahun`` may come from ``--tahun``).
REQUIRED: tuple[str, ...] = ("indikator", "satuan", "tahun", "target", "realisasi", "arah")
#: Columns ignored without a warning (a row number).
IGNORED = frozenset({"no", "nomor", "no_urut", "nmr"})
#: How to fill each required column, for the "column missing" message.
REQUIRED_HINTS: dict[str, str] = {
    "indikator": "nama indikator, mis. 'PMI ditempatkan secara prosedural'",
    "satuan": "satuan ukur, mis. orang atau %",
    "tahun": "tahun 4 digit (atau sebut tahunnya dengan --tahun)",
    "target": "angka target",
    "realisasi": "angka realisasi (kosongkan sel bila belum dilaporkan)",
    "arah": "naik (semakin tinggi semakin baik) atau turun (semakin rendah semakin baik)",
}

_KEY_TO_COLUMN = {key: column for column, keys in HEADERS.items() for key in keys}


def column_of(key: str) -> str | None:
    """The canonical column a normalised header cell names, or None."""
    return _KEY_TO_COLUMN.get(key)


def find_header(src: SourceFile) -> tuple[int, list[str]] | None:
    """(line, original cells) of the first preview row that names an indicator and a target or
    a realisation (a missing one of those is then reported by ``read``), or None."""
    for line, cells in src.preview[:HEADER_SEARCH_ROWS]:
        columns = {column_of(header_key(c)) for c in cells if c.strip()}
        if "indikator" in columns and columns & {"target", "realisasi"}:
            return line, cells
    return None


def detect(src: SourceFile) -> int:
    return SCORE if find_header(src) is not None else 0


def read(src: SourceFile, options: ReadOptions, problems: ProblemList) -> RawFacts:
    """The rows below the header as text, under the canonical column names (``_line`` kept);
    ``columns`` maps each canonical name to the file's own header text."""
    found = find_header(src)
    if found is None:
        raise LoadError([Problem(src.name, "baris judul kolom indikator kinerja tidak ditemukan",
                                 "judul kolom harus memuat indikator, target dan realisasi")])
    line, cells = found
    positions: dict[str, int] = {}
    original: dict[str, str] = {}
    for position, cell in enumerate(cells):
        key = header_key(cell)
        column = column_of(key)
        if column is None:
            if key and key not in IGNORED:
                problems.warn(f"kolom '{cell}' tidak dikenal dan diabaikan",
                              "lihat kolom tata letak kinerja di docs/data-format.md",
                              line=line, column=cell)
            continue
        if column in positions:
            problems.error(f"kolom '{cell}' muncul dua kali (sama dengan '{original[column]}')",
                           "hapus salah satunya", line=line, column=cell)
            continue
        positions[column] = position
        original[column] = cell
    missing = [c for c in REQUIRED if c not in positions
               and not (c == "tahun" and options.tahun)]
    for column in missing:
        problems.error(f"kolom '{column}' tidak ada",
                       f"tambahkan kolom {column}: {REQUIRED_HINTS[column]}", line=line)
    problems.raise_if_errors()
    frames: list[pd.DataFrame] = []
    rows = 0
    for frame in src.frames(line, len(cells)):
        rows += len(frame)
        if rows > MAX_KINERJA_ROWS:
            raise LoadError([Problem(
                src.name, f"berkas indikator ini lebih dari {thousands(MAX_KINERJA_ROWS)} baris",
                "satu baris per indikator dan tahun (atau triwulan); pecah berkasnya (lihat "
                "docs/data-format.md, \"Limits\")",
                line=int(frame["_line"].iloc[MAX_KINERJA_ROWS - (rows - len(frame))]))])
        part = select_columns(frame, positions)
        if "tahun" not in positions:
            part["tahun"] = str(options.tahun)
            original["tahun"] = "--tahun"
        frames.append(part)
    return RawFacts(frames=frames, columns=original)
