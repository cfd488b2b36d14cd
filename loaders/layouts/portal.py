"""The open-data portal layout (Satu Data Indonesia, Open Data Jabar and provincial portals).

``[id], kode_provinsi, nama_provinsi, kode_kabupaten_kota, nama_kabupaten_kota,
[<one breakdown column>], [bulan], jumlah_<something>, satuan, tahun`` — comma or semicolon.
Rows of other provinces are skipped and counted.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from domain.problems import ProblemList
from domain.reference import PROVINCE_CODE
from loaders.layouts.base import RawFacts, ReadOptions, header_row, select_columns
from loaders.source import SourceFile

name = "portal"
description = "Tata letak portal data terbuka (Satu Data / Open Data provinsi)"

#: Header names portals use for a breakdown column -> canonical dimension.
BREAKDOWN_HEADERS: dict[str, str] = {
    "skema": "skema", "skema_penempatan": "skema", "jenis_skema": "skema",
    "sektor": "sektor", "sektor_penempatan": "sektor", "sektor_pekerjaan": "sektor",
    "jenis_kelamin": "jenis_kelamin", "gender": "jenis_kelamin",
    "negara": "negara_tujuan", "negara_tujuan": "negara_tujuan",
    "negara_penempatan": "negara_tujuan",
    "jabatan": "jabatan", "jabatan_pekerjaan": "jabatan", "jenis_pekerjaan": "jabatan",
    "bulan": "bulan",
}
FIXED = {"id", "kode_provinsi", "nama_provinsi", "kode_kabupaten_kota", "nama_kabupaten_kota",
         "satuan", "tahun"}
PERSON_UNITS = {"orang", "jiwa", "pmi", "pekerja", "tenaga_kerja"}


#: Words in a ``jumlah_…`` column name that say it counts migrant workers.
COUNT_WORDS = ("pmi", "tki", "pekerja", "migran", "penempatan", "ditempatkan", "berangkat",
               "keberangkatan", "tenaga_kerja", "cpmi", "orang")


def _counts_people(key: str) -> bool:
    return key == "jumlah" or any(word in key for word in COUNT_WORDS)


def detect(src: SourceFile) -> int:
    _, header = header_row(src)
    columns = set(header)
    has_region = bool(columns & {"kode_kabupaten_kota", "nama_kabupaten_kota"})
    has_count = any(c.startswith("jumlah") for c in columns)
    if not (has_region and has_count):
        return 0
    return 10 if "tahun" in columns else 6  # the year may come from --tahun


def read(src: SourceFile, options: ReadOptions, problems: ProblemList) -> RawFacts:
    line, header = header_row(src)
    original_header = src.preview[src.header_index()][1]
    positions: dict[str, int] = {}
    original: dict[str, str] = {}
    province: int | None = None
    unit: int | None = None
    counts = [i for i, key in enumerate(header) if key.startswith("jumlah")]
    for position in counts:
        if not _counts_people(header[position]):
            problems.error(
                f"kolom '{original_header[position]}' bukan jumlah pekerja migran",
                "tabel ini tampaknya mengukur hal lain (mis. penduduk); muat tabel penempatan "
                "PMI, kolomnya mis. jumlah_pmi atau jumlah_penempatan",
                line=line, column=original_header[position])
    if len(counts) > 1:
        problems.error(
            f"lebih dari satu kolom jumlah: {[original_header[i] for i in counts]}",
            "portal menerbitkan satu kolom jumlah per tabel; pisahkan berkasnya", line=line)
    for position, key in enumerate(header):
        target = {"kode_kabupaten_kota": "kode_wilayah", "nama_kabupaten_kota": "nama_wilayah",
                  "tahun": "tahun"}.get(key) or BREAKDOWN_HEADERS.get(key)
        if position in counts[:1]:
            target = "jumlah"
        if key == "kode_provinsi":
            province = position
        elif key == "satuan":
            unit = position
        elif target:
            positions[target] = position
            original[target] = original_header[position]
        elif key and key not in FIXED:
            problems.error(
                f"kolom '{original_header[position]}' bukan kolom portal yang dikenal",
                "kolom rincian yang diterima: " + ", ".join(sorted(set(BREAKDOWN_HEADERS))),
                line=line, column=original_header[position])
    skipped: Counter[str] = Counter()
    frames: list[pd.DataFrame] = []
    for frame in src.frames(line, len(header)):
        keep = pd.Series(True, index=frame.index)
        if province is not None:
            codes = frame[province].astype(str).str.strip().str.replace(r"\.0$", "", regex=True)
            outside = (codes != PROVINCE_CODE) & (codes != "")
            if outside.any():
                skipped["wilayah di luar Provinsi Banten"] += int(outside.sum())
            keep &= ~outside
        if unit is not None:
            units = frame[unit].astype(str).str.strip().str.lower().str.replace(" ", "_")
            wrong = keep & (units != "") & ~units.isin(PERSON_UNITS)
            for row_line, value in zip(frame.loc[wrong, "_line"], frame.loc[wrong, unit],
                                       strict=True):
                problems.error(f"satuan '{value}' bukan jumlah orang",
                               "tabel penempatan dihitung dalam ORANG", line=int(row_line),
                               column=original_header[unit], kind="satuan")
        frames.append(select_columns(frame[keep], positions))
    return RawFacts(frames=frames, columns=original, skipped=skipped)
