"""Open data: the whole published dataset as CSV, XLSX, Parquet or a Frictionless Data Package.

``python -m loaders export --format csv|xlsx|parquet|datapackage OUT`` (docs/data-format.md,
"Open data export"). What is published is what the public sees: every row of the view
``penempatan`` (active batches, all series, each row labelled with ``data_contoh``) with the
names of regencies and countries, after the small-count rule; plus the ``batch`` (provenance)
and ``series`` tables; and, when every series is exported, the performance indicators
(``kinerja``: target, realisation and the capaian and status the Kinerja page shows).

The figures are a list of **every table's rows** (a total, a table by gender, one by country…
of the same year and regency), not a total: summing ``jumlah`` over all rows counts people
several times. Sum one table (``rincian``/``nama_rincian``), e.g. ``nama_rincian == 'total'``.

Small counts: in rows finer than regency x year (``rincian`` != 0: a breakdown by month,
scheme, sector, gender, country or occupation) counts from 1 to threshold-1 become empty with
``ditekan`` true, and, as in the dashboard (``store.queries.suppress_small_counts``), a table
of one regency x year with a single suppressed cell has its next smallest cell suppressed too.

Output is written beside OUT under a temporary name and renamed into place, so a reader never
sees half an export; an existing OUT is only replaced with ``force``, and only when it is a
previous export: each export writes a manifest beside OUT (``.<name>.pmi-ekspor.json``) with
the SHA-256 of every file it wrote, and an OUT holding anything else, or a changed file, is
refused. OUT is never the store or a folder that
holds it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import secrets
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from domain import coverage, kinerja
from domain.checksum import sha256_of
from domain.config import kinerja_thresholds, settings
from domain.formula_guard import neutralise
from loaders import open_data_interns
from loaders.limits import shown
from store import catalogue, queries
from store import db as store_db
from store import exports as store_exports

FORMATS: tuple[str, ...] = ("csv", "xlsx", "parquet", "datapackage")
LICENCE_NAME = "CC-BY-4.0"
LICENCE_TITLE = "Creative Commons Attribution 4.0 International"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
TITLE = "Penempatan Pekerja Migran Indonesia (PMI) asal Provinsi Banten"
#: One table of one regency x year: the group within which a lone suppressed cell takes its
#: smallest neighbour with it.
TABLE_CELL = ("seri", "batch_id", "rincian", "tahun", "kode_wilayah")
INTEGER_COLUMNS = ("batch_id", "rincian", "tahun", "bulan", "s_d_bulan", "jumlah", "rows_read",
                   "rows_stored", "rows_skipped", "tahun_awal", "tahun_akhir", "replaced_by",
                   "triwulan")

#: Columns of each exported table: (name, Frictionless type, description, required).
FIELDS: dict[str, tuple[tuple[str, str, str, bool], ...]] = {
    "penempatan": (
        ("seri", "string", "Seri data (lihat seri.csv); seri data contoh bukan data resmi", True),
        ("data_contoh", "boolean", "true bila baris ini data contoh (bukan data resmi)", True),
        ("batch_id", "integer", "Batch asal baris (lihat batch.csv)", True),
        ("rincian", "integer", "Topeng bit rincian tabel: bulan 1, skema 2, sektor 4, "
         "jenis_kelamin 8, negara_tujuan 16, jabatan 32; 0 = total", True),
        ("nama_rincian", "string", "Nama tabel menurut rinciannya, mis. 'total', "
         "'jenis_kelamin', 'sektor+jenis_kelamin'", True),
        ("tahun", "integer", "Tahun", True),
        ("bulan", "integer", "Bulan 1-12 untuk angka bulanan; kosong untuk angka tahunan", False),
        ("s_d_bulan", "integer", "Angka mencakup Januari sampai bulan ini", True),
        ("kode_wilayah", "string", "Kode BPS: 36 Provinsi Banten, 3601-3674 kabupaten/kota",
         True),
        ("nama_wilayah", "string", "Nama provinsi atau kabupaten/kota", False),
        ("skema", "string", "Skema penempatan; kosong = tidak dirinci atau tidak diketahui",
         False),
        ("sektor", "string", "Sektor pekerjaan; kosong = tidak dirinci atau tidak diketahui",
         False),
        ("jenis_kelamin", "string", "Jenis kelamin; kosong = tidak dirinci atau tidak diketahui",
         False),
        ("negara_tujuan", "string", "Negara tujuan, kode ISO 3166-1 alpha-2", False),
        ("nama_negara", "string", "Nama negara tujuan", False),
        ("jabatan", "string", "Jabatan (pekerjaan)", False),
        ("jumlah", "integer", "Jumlah orang; kosong bila ditekan (angka kecil)", False),
        ("ditekan", "boolean", "true bila jumlah disembunyikan karena angka kecil", True),
        ("sumber", "string", "Sitasi sumber baris", False),
    ),
    "batch": (
        ("batch_id", "integer", "Nomor batch (satu berkas, atau satu lembar XLSX)", True),
        ("jenis", "string", "Isi batch: penempatan (angka PMI), magang (peserta magang luar "
         "negeri, lihat pemagangan.csv) atau kinerja (indikator kinerja)", True),
        ("seri", "string", "Seri data ('kinerja' untuk batch indikator kinerja; seri "
         "pemagangan di seri_magang.csv)", True),
        ("status", "string", "active, replaced atau rolled_back", True),
        ("file_name", "string", "Nama berkas sumber", True),
        ("sheet", "string", "Lembar XLSX, bila ada", False),
        ("sha256", "string", "Hash SHA-256 berkas sumber", True),
        ("layout", "string", "Tata letak berkas (kanonik, portal, rekap, records)", True),
        ("source", "string", "Sitasi sumber", False),
        ("licence", "string", "Lisensi atau status hukum sumber", False),
        ("loaded_at", "datetime", "Waktu dimuat (UTC)", True),
        ("rows_read", "integer", "Baris dibaca", True),
        ("rows_stored", "integer", "Baris disimpan", True),
        ("rows_skipped", "integer", "Baris dilewati", True),
        ("tahun_awal", "integer", "Tahun pertama", False),
        ("tahun_akhir", "integer", "Tahun terakhir", False),
        ("replaced_by", "integer", "Batch pengganti, bila diganti", False),
        ("data_contoh", "boolean", "true bila batch ini data contoh (bukan data resmi)", True),
        ("provisional_from", "string", "Bulan (YYYY-MM) mulai angka sementara", False),
    ),
    "seri": (
        ("seri", "string", "Kode seri", True),
        ("nama_id", "string", "Nama seri", True),
        ("nama_en", "string", "Series name (English)", True),
        ("keterangan_id", "string", "Keterangan", True),
        ("keterangan_en", "string", "Description (English)", True),
        ("data_contoh", "boolean", "true bila seri ini data contoh (bukan data resmi)", True),
        ("sumber_singkat", "string", "Sitasi singkat", False),
    ),
    "cakupan": (
        ("seri", "string", "Kode seri", True),
        ("tahun", "integer", "Tahun", True),
        ("kode_wilayah_tercakup", "string",
         "Kode BPS kabupaten/kota yang angkanya tercakup dalam total tahun itu (dipisah koma; "
         "angka tingkat provinsi mencakup kedelapannya)", True),
        ("jumlah_wilayah", "integer", "Banyaknya kabupaten/kota yang tercakup (dari 8)", True),
        ("bulan_tercakup", "integer", "Bulan yang tercakup: Januari s.d. bulan ini (12 = setahun "
         "penuh)", True),
        ("lengkap", "boolean", "true bila total tahun itu mencakup seluruh Banten setahun penuh; "
         "total yang tidak lengkap bukan angka Seluruh Banten", True),
    ),
}
FIELDS["kinerja"] = (
    ("kode_indikator", "string", "Kode indikator kinerja", True),
    ("indikator", "string", "Nama indikator kinerja", True),
    ("satuan", "string", "Satuan target dan realisasi", True),
    ("arah", "string", "naik = semakin tinggi semakin baik; turun = semakin rendah semakin baik",
     True),
    ("tahun", "integer", "Tahun", True),
    ("triwulan", "integer", "Triwulan 1-4 (realisasi kumulatif s.d. akhir triwulan); kosong = "
     "setahun penuh", False),
    ("target", "number", "Target", True),
    ("realisasi", "number", "Realisasi; kosong = belum dilaporkan", False),
    ("capaian", "number", "Capaian (%) dihitung dasbor: naik = realisasi/target x 100; turun = "
     "(2 - realisasi/target) x 100, minimal 0; kosong bila target 0 atau belum ada realisasi",
     False),
    ("status", "string", "met (tercapai), nearly (hampir tercapai), not_met (belum tercapai) "
     "atau no_data (belum ada realisasi), menurut ambang di keterangan paket", True),
    ("unit_penanggung_jawab", "string", "Unit penanggung jawab", False),
    ("sumber", "string", "Sitasi sumber baris", False),
    ("catatan", "string", "Catatan", False),
    ("batch_id", "integer", "Batch asal baris (lihat batch.csv)", True),
    ("data_contoh", "boolean", "true bila baris ini data contoh (bukan data resmi)", True),
)
FIELDS.update(open_data_interns.FIELDS)  # pemagangan, seri_magang, cakupan_magang
PRIMARY_KEYS: dict[str, list[str]] = {"batch": ["batch_id"], "seri": ["seri"],
                                      "cakupan": ["seri", "tahun"],
                                      **open_data_interns.PRIMARY_KEYS}
ENUM_DIMENSIONS = ("skema", "sektor", "jenis_kelamin")
KINERJA_ENUMS: dict[str, tuple[str, ...]] = {"arah": kinerja.DIRECTIONS,
                                             "status": kinerja.STATUSES}


class ExportError(Exception):
    """An export that cannot be made (OUT exists, unknown series…), in words for people."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class OpenData:
    """The published dataset: the three tables and what describes them."""

    tables: dict[str, pd.DataFrame]
    sources: list[str]
    enums: dict[str, list[str]]
    threshold: int
    created: dt.datetime


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in INTEGER_COLUMNS:
        if column in out:
            out[column] = out[column].astype("Int64")
    if "data_contoh" in out:
        out["data_contoh"] = out["data_contoh"].astype(bool)
    return out


def suppress(figures: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """The small-count rule on the rows of ``penempatan``: only rows finer than regency x year
    (``rincian`` != 0) are touched. Adds ``ditekan``; keeps the row order."""
    out = figures.assign(jumlah=figures["jumlah"].astype("Int64"), ditekan=False)
    fine = out["rincian"] != 0
    if threshold <= 1 or not fine.any():
        return out
    part = out[fine].reset_index(names="_index").assign(_cell=lambda f: range(len(f)))
    done = queries.suppress_small_counts(part, threshold, [*TABLE_CELL, "_cell"])
    done = done.set_index("_index").drop(columns="_cell")
    out.loc[done.index, "jumlah"] = done["jumlah"]
    out.loc[done.index, "ditekan"] = done["ditekan"].astype(bool)
    out["ditekan"] = out["ditekan"].astype(bool)
    return out


def collect(con: duckdb.DuckDBPyConnection, series: str | None = None,
            threshold: int | None = None) -> OpenData:
    """Read what is published from an open store; ``series`` None means every series."""
    known = store_exports.series_ids(con)
    if series is not None and series not in known:
        raise ExportError(f"seri '{series}' tidak dikenal; pilih salah satu: "
                          f"{', '.join(known)}", code=2)
    threshold = settings().small_count_threshold if threshold is None else threshold
    figures = _typed(store_exports.figures(con, series))
    figures.insert(4, "nama_rincian",
                   [catalogue.breakdown_name(int(mask)) for mask in figures["rincian"]])
    figures = suppress(figures, threshold)
    order = [name for name, *_ in FIELDS["penempatan"]]
    tables = {
        "penempatan": figures[order],
        "batch": _typed(store_exports.batches(con, series)),
        "seri": _typed(store_exports.series(con, series)),
    }
    tables["cakupan"] = coverage_table(con, [str(s) for s in tables["seri"]["seri"]])
    if series is None:
        tables["kinerja"] = indicators(con)
        tables.update(open_data_interns.tables(con, threshold))
    sources = store_exports.sources(con, series)
    enums = {d: catalogue.reference_values(con, d) for d in ENUM_DIMENSIONS}
    if series is None:
        enums.update({f"magang:{d}": v for d, v in open_data_interns.enums(con).items()})
    return OpenData(tables, sources, enums, threshold, dt.datetime.now(dt.UTC))


def coverage_table(con: duckdb.DuckDBPyConnection, series: list[str]) -> pd.DataFrame:
    """Per series and year, what its yearly total covers (store/queries.py's coverage rule,
    the same the dashboard frames its figures with)."""
    frames = []
    for name in series:
        by_year = queries.published_totals(con, name, ["tahun"], threshold=0)
        frames.append(pd.DataFrame({
            "seri": name, "tahun": by_year["tahun"].astype("int64"),
            "kode_wilayah_tercakup": by_year["cakupan_wilayah"].astype(str),
            "jumlah_wilayah": [len(coverage.split_codes(v)) for v in by_year["cakupan_wilayah"]],
            "bulan_tercakup": by_year["cakupan_bulan"].astype("int64"),
            "lengkap": by_year["lengkap"].astype(bool)}))
    columns = [name for name, *_ in FIELDS["cakupan"]]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def indicators(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The active performance-indicator rows with the capaian and status the Kinerja page
    shows (the thresholds of config/dasbor.toml)."""
    met, nearly = kinerja_thresholds()
    rows = _typed(store_exports.indicator_rows(con))
    rows = rows.astype({"target": "float64", "realisasi": "Float64"})
    assessed = kinerja.assess(rows, kinerja.Thresholds(met=met, nearly=nearly))
    return assessed[[name for name, *_ in FIELDS["kinerja"]]]


# --------------------------------------------------------------------------- formats


def guarded(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells a spreadsheet would run as a formula get a leading ``'`` (CSV and XLSX)."""
    out = frame.copy()
    for column in out.columns:
        if not (pd.api.types.is_bool_dtype(out[column])
                or pd.api.types.is_numeric_dtype(out[column])):
            out[column] = out[column].map(neutralise).astype(object)
    return out


def sample_series(data: OpenData) -> list[str]:
    """The sample series of the export: placements', then interns' (``seri_magang``)."""
    found = []
    for table in ("seri", "seri_magang"):
        if table in data.tables:
            seri = data.tables[table]
            found += [str(s) for s in seri.loc[seri["data_contoh"].astype(bool), "seri"]]
    return found


def notes(data: OpenData) -> list[tuple[str, str]]:
    """The Keterangan sheet (and the data package's description), as (key, value)."""
    sample = sample_series(data)
    rows = [
        ("Judul", TITLE),
        ("Sumber", "; ".join(data.sources) or "-"),
        ("Lisensi", f"{LICENCE_TITLE} ({LICENCE_NAME}), {LICENCE_URL}"),
        ("Tanggal ekspor", data.created.strftime("%Y-%m-%d %H:%M UTC")),
        ("Data contoh", (f"Seri {', '.join(sample)} adalah data contoh, BUKAN data resmi; "
                         "setiap baris ditandai kolom data_contoh.") if sample
         else "Tidak ada data contoh."),
        ("Bukan total", "Lembar penempatan memuat baris setiap tabel sumber (total, menurut "
         "jenis kelamin, negara…) untuk tahun dan wilayah yang sama: jangan menjumlahkan "
         "semua baris. Jumlahkan satu tabel, mis. nama_rincian = 'total'."),
        ("Cakupan", "Lembar cakupan menyebut, per seri dan tahun, kabupaten/kota dan bulan yang "
         "tercakup dalam total tahun itu; total yang tidak lengkap (lengkap = false) bukan angka "
         "Seluruh Banten dan tidak sebanding dengan tahun yang lengkap."),
        ("Angka kecil", f"Pada baris yang lebih rinci dari kabupaten/kota × tahun, angka 1 "
         f"sampai {data.threshold - 1} dikosongkan dengan ditekan = true."),
    ]
    if "pemagangan" in data.tables:
        rows.append(("Pemagangan", open_data_interns.NOTE))
    if "kinerja" in data.tables:
        met, nearly = kinerja_thresholds()
        rows.append(("Kinerja", "Lembar kinerja memuat target dan realisasi indikator kinerja "
                     "apa adanya dari berkas yang dimuat; capaian dan status dihitung dasbor: "
                     f"tercapai (met) bila capaian ≥ {met:g}%, hampir tercapai (nearly) bila "
                     f"≥ {nearly:g}%, selain itu belum tercapai (not_met); target 0 dan "
                     "realisasi kosong dijelaskan pada kolom capaian dan status."))
    return rows


def write_csvs(data: OpenData, folder: Path) -> None:
    folder.mkdir(parents=True)
    for name, frame in data.tables.items():
        guarded(frame).to_csv(folder / f"{name}.csv", index=False, encoding="utf-8",
                              lineterminator="\n")


def write_parquet(data: OpenData, folder: Path) -> None:
    folder.mkdir(parents=True)
    for name, frame in data.tables.items():
        frame.to_parquet(folder / f"{name}.parquet", index=False, engine="pyarrow")


def write_xlsx(data: OpenData, path: Path) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in data.tables.items():
            guarded(frame).to_excel(writer, sheet_name=name, index=False)
        keterangan = pd.DataFrame(notes(data), columns=["keterangan", "isi"])
        guarded(keterangan).to_excel(writer, sheet_name="Keterangan", index=False)


def _schema(data: OpenData, name: str) -> dict[str, object]:
    fields = []
    for column, kind, description, required in FIELDS[name]:
        constraints: dict[str, object] = {"required": True} if required else {}
        if name == "penempatan" and column in data.enums:
            constraints["enum"] = data.enums[column]
        if name == "pemagangan" and f"magang:{column}" in data.enums:
            constraints["enum"] = data.enums[f"magang:{column}"]
        if column == "seri" and name == "pemagangan":
            constraints["enum"] = [str(s) for s in data.tables["seri_magang"]["seri"]]
        if column in {"bulan", "s_d_bulan"}:
            constraints.update(minimum=1, maximum=12)
        if column in {"jumlah", "target", "realisasi", "capaian"}:
            constraints["minimum"] = 0
        if column == "seri" and name == "penempatan":
            constraints["enum"] = [str(s) for s in data.tables["seri"]["seri"]]
        if name == "kinerja" and column in KINERJA_ENUMS:
            constraints["enum"] = list(KINERJA_ENUMS[column])
        if column == "triwulan":
            constraints.update(minimum=1, maximum=4)
        field: dict[str, object] = {"name": column, "type": kind, "description": description}
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    schema: dict[str, object] = {"fields": fields, "missingValues": [""]}
    if name in PRIMARY_KEYS:
        schema["primaryKey"] = PRIMARY_KEYS[name]
    return schema


def descriptor(data: OpenData) -> dict[str, object]:
    """The Frictionless ``datapackage.json`` of the CSVs."""
    sample = sample_series(data)
    description = " ".join(value for key, value in notes(data)
                           if key in {"Data contoh", "Bukan total", "Cakupan", "Angka kecil",
                                      "Pemagangan", "Kinerja"})
    return {
        "name": "pmi-banten",
        "title": TITLE,
        "description": description,
        "licenses": [{"name": LICENCE_NAME, "title": LICENCE_TITLE, "path": LICENCE_URL}],
        "sources": [{"title": source} for source in data.sources],
        "created": data.created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "keywords": ["pekerja migran", "PMI", "Banten", "penempatan", "pemagangan", "kinerja"],
        "sample_series": sample,
        "resources": [
            {"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
             "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
             "schema": _schema(data, name)}
            for name in data.tables
        ],
    }


def write_datapackage(data: OpenData, folder: Path) -> None:
    write_csvs(data, folder)
    text = json.dumps(descriptor(data), ensure_ascii=False, indent=2)
    (folder / "datapackage.json").write_text(text + "\n", encoding="utf-8")


WRITERS: dict[str, Callable[[OpenData, Path], None]] = {
    "csv": write_csvs, "xlsx": write_xlsx, "parquet": write_parquet,
    "datapackage": write_datapackage,
}


# --------------------------------------------------------------------------- atomic output


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def publish(out: Path, force: bool, write: Callable[[Path], None]) -> None:
    """Call ``write`` with a temporary path beside ``out``, then rename it into place."""
    if out.exists() and not force:
        raise ExportError(f"{out} sudah ada; ekspor tidak menimpanya. Ulangi dengan --force "
                          "bila memang itu maksudnya.")
    out.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(4)
    temporary = out.with_name(f".{out.name}.tmp-{token}")
    try:
        write(temporary)
        if out.exists():
            old = out.with_name(f".{out.name}.old-{token}")
            out.rename(old)
            temporary.rename(out)
            _remove(old)
        else:
            temporary.rename(out)
    finally:
        _remove(temporary)


#: The manifest an export writes beside OUT (``.<name>.pmi-ekspor.json``, for a folder or an
#: XLSX): what it wrote, with each file's SHA-256. ``--force`` replaces only that.
MANIFEST = ".pmi-ekspor.json"
MANIFEST_KIND = "pmi-banten open data export"
#: Open-data formats written as a folder of files (the others are one file).
FOLDER_FORMATS = frozenset({"csv", "parquet", "datapackage"})


def manifest_path(out: Path) -> Path:
    return out.with_name(f".{out.name}{MANIFEST}")


def _files(folder: Path) -> dict[str, Path]:
    """Every entry under ``folder`` by its relative name (folders, links and hidden files
    too): whatever is there that the export did not write must stop a replacement."""
    return {path.relative_to(folder).as_posix(): path for path in folder.rglob("*")}


def _manifest(out: Path, fmt: str, written: dict[str, str], kind: str = MANIFEST_KIND) -> str:
    return json.dumps({"kind": kind, "format": fmt,
                       "created": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                       "files": written}, ensure_ascii=False, indent=2) + "\n"


def _shown(path: Path) -> str:
    return shown(str(path), 200)


def refuse_store(out: Path, db_path: Path) -> None:
    """Refuse an OUT that is the store (or its WAL or lock file) or a folder holding it."""
    store = Path(db_path).resolve()
    target = Path(out).resolve()
    companions = {store, store.with_name(store.name + ".wal"),
                  store.with_name(store.name + ".lock")}
    same = target in companions or (out.exists() and store.exists()
                                    and os.path.samefile(out, store))
    if same or store.is_relative_to(target):
        raise ExportError(f"{_shown(out)} adalah penyimpanan data ({_shown(store)}) atau folder "
                          "yang berisinya; ekspor tidak pernah menulis ke sana. Pilih OUT lain, "
                          "mis. ekspor/pmi-banten.", code=2)


def previous_export(out: Path, fmt: str, kind: str = MANIFEST_KIND,
                    single: bool | None = None) -> None:
    """Check that the existing ``out`` is exactly a previous export (of ``kind``) in format
    ``fmt``: its manifest lists every file there, with unchanged content. ExportError
    otherwise, naming the first file the export did not write (which is then never deleted).
    Every format but the folder ones (csv, parquet, datapackage of the open data) is one
    file; ``single`` says so for other kinds of export."""
    manifest = manifest_path(out)
    hint = ("ekspor hanya menimpa ekspor sebelumnya yang dikenali dari berkas "
            f"{MANIFEST}; pilih OUT lain, atau pindahkan sendiri isinya dahulu")
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
        files = recorded["files"]
        if recorded.get("kind") != kind or not isinstance(files, dict):
            raise ValueError
    except (OSError, ValueError, KeyError, TypeError):
        raise ExportError(f"{_shown(out)} bukan hasil ekspor sebelumnya (tidak ada manifest "
                          f"{manifest.name}); --force tidak menimpanya — {hint}") from None
    single = fmt not in FOLDER_FORMATS if single is None else single
    if out.is_symlink() or (out.is_dir() == single):
        raise ExportError(f"{_shown(out)} bukan hasil ekspor {fmt} sebelumnya; --force tidak "
                          f"menimpanya — {hint}")
    present = {out.name: out} if single else _files(out)
    for name, path in sorted(present.items()):
        expected = files.get(name)
        if path.is_symlink() or not path.is_file() or expected is None:
            if path.is_dir() and any(f.startswith(name + "/") for f in files):
                continue
            raise ExportError(f"{_shown(path)} tidak ditulis oleh ekspor; --force tidak "
                              f"menghapusnya — {hint}")
        if sha256_of(path) != expected:
            raise ExportError(f"{_shown(path)} diubah sesudah ekspor; --force tidak "
                              f"menimpanya — {hint}")


def export(db_path: Path, fmt: str, out: Path, series: str | None = None,
           force: bool = False) -> OpenData:
    """Write the published dataset of the store at ``db_path`` to ``out`` in format ``fmt``.

    OUT is never the store or a folder holding it; an existing OUT is replaced only with
    ``force`` and only when it is a previous export (its manifest lists everything there):
    the export writes, and deletes, only its own files."""
    if fmt not in WRITERS:
        raise ExportError(f"format '{fmt}' tidak dikenal; pilih salah satu: "
                          f"{', '.join(FORMATS)}", code=2)
    out = Path(out)
    refuse_store(out, db_path)
    exists = out.exists() or out.is_symlink()
    if exists and not force:  # before reading anything
        publish(out, force, lambda _: None)
    if exists:
        previous_export(out, fmt)
    con = store_db.connect_read_only(db_path)
    try:
        data = collect(con, series)
    finally:
        con.close()

    try:
        publish(out, force, lambda path: WRITERS[fmt](data, path))
        write_manifest(out, fmt)
    except OSError as exc:
        raise ExportError(f"{_shown(out)} tidak dapat ditulis: {exc.strerror or exc}") from None
    return data


def write_manifest(out: Path, fmt: str, kind: str = MANIFEST_KIND,
                   single: bool | None = None) -> None:
    """Record what an export just wrote at ``out`` (each file's SHA-256) beside it, so that a
    later ``--force`` replaces exactly that and nothing else."""
    single = fmt not in FOLDER_FORMATS if single is None else single
    written = ({out.name: sha256_of(out)} if single else
               {name: sha256_of(file) for name, file in _files(out).items() if file.is_file()})
    manifest = manifest_path(out)
    staged = manifest.with_name(manifest.name + f".tmp-{secrets.token_hex(4)}")
    staged.write_text(_manifest(out, fmt, written, kind), encoding="utf-8")
    os.replace(staged, manifest)


def as_download(con: duckdb.DuckDBPyConnection, fmt: str) -> tuple[bytes, str]:
    """The whole published dataset as one file for a browser download, and its file name:
    the workbook for ``xlsx``, a ZIP of the folder for ``csv``, ``parquet`` and
    ``datapackage``."""
    if fmt not in WRITERS:
        raise ExportError(f"format '{fmt}' tidak dikenal; pilih salah satu: "
                          f"{', '.join(FORMATS)}", code=2)
    data = collect(con)
    stamp = data.created.strftime("%Y%m%d")
    with tempfile.TemporaryDirectory(prefix="pmi-open-data-") as folder:
        target = Path(folder) / f"pmi-banten-{fmt}-{stamp}"
        if fmt == "xlsx":
            target = target.with_suffix(".xlsx")
            WRITERS[fmt](data, target)
            return target.read_bytes(), target.name
        WRITERS[fmt](data, target)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(target.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(target).as_posix())
        return buffer.getvalue(), f"{target.name}.zip"
