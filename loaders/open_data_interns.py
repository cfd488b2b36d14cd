"""The intern tables of the open-data export (loaders/open_data.py): internships abroad
(*pemagangan*) as tables of their own — never rows of ``penempatan``.

* ``pemagangan``: every row of the view ``pemagangan`` (active intern batches, every intern
  series, each row labelled with ``data_contoh``), with the names of regencies and countries,
  after the small-count rule (rows finer than regency x year; a table of one status, regency
  and year with a single suppressed cell loses its next smallest cell too);
* ``seri_magang``: the intern series;
* ``cakupan_magang``: per series, status and year, what the yearly total covers.

As for placements, ``pemagangan`` lists every table's rows: sum one table of one series and
one status. Statuses (departed, returned, with a problem) are never added together.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from domain import coverage, small_counts
from domain.interns import STATUSES
from store import intern_queries

#: One table of one status, regency and year (the group of the secondary suppression).
TABLE_CELL = ("seri", "status", "batch_id", "rincian", "tahun", "kode_wilayah")
INTEGER_COLUMNS = ("batch_id", "rincian", "tahun", "bulan", "s_d_bulan", "jumlah")

FIELDS: dict[str, tuple[tuple[str, str, str, bool], ...]] = {
    "pemagangan": (
        ("seri", "string", "Seri pemagangan (lihat seri_magang.csv); seri data contoh bukan "
         "data resmi", True),
        ("data_contoh", "boolean", "true bila baris ini data contoh (bukan data resmi)", True),
        ("batch_id", "integer", "Batch asal baris (lihat batch.csv)", True),
        ("status", "string", "Yang dihitung: Diberangkatkan (berangkat), Purna (kembali) atau "
         "Bermasalah (bermasalah atau mengadu); status tidak pernah dijumlahkan", True),
        ("rincian", "integer", "Topeng bit rincian tabel: bulan 1, penyelenggara 2, "
         "negara_tujuan 4, bidang 8, jenis_kelamin 16, pelindungan 32; 0 = total", True),
        ("nama_rincian", "string", "Nama tabel menurut rinciannya, mis. 'total', 'bidang'",
         True),
        ("tahun", "integer", "Tahun", True),
        ("bulan", "integer", "Bulan 1-12 untuk angka bulanan; kosong untuk angka tahunan", False),
        ("s_d_bulan", "integer", "Angka mencakup Januari sampai bulan ini", True),
        ("kode_wilayah", "string", "Kode BPS: 36 Provinsi Banten, 3601-3674 kabupaten/kota",
         True),
        ("nama_wilayah", "string", "Nama provinsi atau kabupaten/kota", False),
        ("penyelenggara", "string", "Penyelenggara; kosong = tidak dirinci atau tidak diketahui",
         False),
        ("negara_tujuan", "string", "Negara tujuan, kode ISO 3166-1 alpha-2", False),
        ("nama_negara", "string", "Nama negara tujuan", False),
        ("bidang", "string", "Bidang magang; kosong = tidak dirinci atau tidak diketahui", False),
        ("jenis_kelamin", "string", "Jenis kelamin; kosong = tidak dirinci atau tidak diketahui",
         False),
        ("pelindungan", "string", "Tercatat atau Tidak tercatat di sistem pelindungan; kosong = "
         "tidak dirinci atau tidak diketahui (bukan 'tidak tercatat')", False),
        ("jumlah", "integer", "Jumlah peserta magang; kosong bila ditekan (angka kecil)", False),
        ("ditekan", "boolean", "true bila jumlah disembunyikan karena angka kecil", True),
        ("sumber", "string", "Sitasi sumber baris", False),
    ),
    "seri_magang": (
        ("seri", "string", "Kode seri pemagangan", True),
        ("nama_id", "string", "Nama seri", True),
        ("nama_en", "string", "Series name (English)", True),
        ("keterangan_id", "string", "Keterangan", True),
        ("keterangan_en", "string", "Description (English)", True),
        ("data_contoh", "boolean", "true bila seri ini data contoh (bukan data resmi)", True),
        ("sumber_singkat", "string", "Sitasi singkat", False),
    ),
    "cakupan_magang": (
        ("seri", "string", "Kode seri pemagangan", True),
        ("status", "string", "Yang dihitung (Diberangkatkan, Purna, Bermasalah)", True),
        ("tahun", "integer", "Tahun", True),
        ("kode_wilayah_tercakup", "string", "Kode BPS kabupaten/kota yang angkanya tercakup "
         "dalam total tahun itu (dipisah koma)", True),
        ("jumlah_wilayah", "integer", "Banyaknya kabupaten/kota yang tercakup (dari 8)", True),
        ("bulan_tercakup", "integer", "Bulan yang tercakup: Januari s.d. bulan ini", True),
        ("lengkap", "boolean", "true bila total tahun itu mencakup seluruh Banten setahun penuh",
         True),
    ),
}
PRIMARY_KEYS: dict[str, list[str]] = {"seri_magang": ["seri"],
                                      "cakupan_magang": ["seri", "status", "tahun"]}
ENUMS = ("penyelenggara", "bidang", "pelindungan", "status")
NOTE = ("Lembar pemagangan memuat peserta magang luar negeri, terpisah dari penempatan: jangan "
        "menjumlahkannya dengan lembar penempatan, dan jangan menjumlahkan status (berangkat, "
        "purna, bermasalah) satu sama lain. Seperti penempatan, jumlahkan satu tabel dari satu "
        "seri dan satu status.")


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in INTEGER_COLUMNS:
        if column in out:
            out[column] = out[column].astype("Int64")
    if "data_contoh" in out:
        out["data_contoh"] = out["data_contoh"].astype(bool)
    return out


def suppress(figures: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """The small-count rule on the rows of ``pemagangan`` (rows of ``rincian`` != 0)."""
    out = figures.assign(jumlah=figures["jumlah"].astype("Int64"), ditekan=False)
    fine = out["rincian"] != 0
    if threshold <= 1 or not fine.any():
        return out
    part = out[fine].reset_index(names="_index").assign(_cell=lambda f: range(len(f)))
    done = small_counts.suppress(part, threshold, [*TABLE_CELL, "_cell"])
    done = done.set_index("_index").drop(columns="_cell")
    out.loc[done.index, "jumlah"] = done["jumlah"]
    out.loc[done.index, "ditekan"] = done["ditekan"].astype(bool)
    out["ditekan"] = out["ditekan"].astype(bool)
    return out


def tables(con: duckdb.DuckDBPyConnection, threshold: int) -> dict[str, pd.DataFrame]:
    """The intern tables of an export of every series."""
    figures = _typed(intern_queries.figures(con, None))
    figures.insert(5, "nama_rincian",
                   [intern_queries.breakdown_name(int(mask)) for mask in figures["rincian"]])
    figures = suppress(figures, threshold)
    series = _typed(intern_queries.export_series(con))
    return {"pemagangan": figures[[name for name, *_ in FIELDS["pemagangan"]]],
            "seri_magang": series,
            "cakupan_magang": coverage_table(con, [str(s) for s in series["seri"]])}


def coverage_table(con: duckdb.DuckDBPyConnection, series: list[str]) -> pd.DataFrame:
    """Per intern series, status and year, what the yearly total covers."""
    frames = []
    for name in series:
        for status in intern_queries.statuses(con, name):
            by_year = intern_queries.published_totals(con, name, status, ["tahun"], threshold=0)
            frames.append(pd.DataFrame({
                "seri": name, "status": status, "tahun": by_year["tahun"].astype("int64"),
                "kode_wilayah_tercakup": by_year["cakupan_wilayah"].astype(str),
                "jumlah_wilayah": [len(coverage.split_codes(v))
                                   for v in by_year["cakupan_wilayah"]],
                "bulan_tercakup": by_year["cakupan_bulan"].astype("int64"),
                "lengkap": by_year["lengkap"].astype(bool)}))
    columns = [name for name, *_ in FIELDS["cakupan_magang"]]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def enums(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    values = {d: intern_queries.reference_values(con, d) for d in ENUMS}
    assert tuple(values["status"]) == STATUSES
    return values
