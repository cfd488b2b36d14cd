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
``ditekan`` true, and, as in the dashboard (``domain.small_counts.suppress``), a table
of one regency x year with a single suppressed cell has its next smallest cell suppressed too.

Output is written beside OUT under a temporary name and renamed into place, so a reader never
sees half an export; an existing OUT is only replaced with ``force``, and only when it is a
previous export: each export writes a manifest beside OUT (``.<name>.pmi-ekspor.json``) with
the SHA-256 of every file it wrote, and an OUT holding anything else, or a changed file, is
refused. OUT is never the store or a folder that
holds it (loaders/export_output.py).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from domain import coverage, kinerja, small_counts
from domain.config import kinerja_thresholds, settings
from domain.formula_guard import neutralise
from loaders import open_data_interns
from loaders.export_output import (
    ExportError,
    previous_export,
    publish,
    refuse_store,
    shown_path,
    write_manifest,
)
from loaders.open_data_fields import (
    ENUM_DIMENSIONS,
    FIELDS,
    FORMATS,
    INTEGER_COLUMNS,
    KINERJA_ENUMS,
    LICENCE_NAME,
    LICENCE_TITLE,
    LICENCE_URL,
    PRIMARY_KEYS,
    TABLE_CELL,
    TITLE,
)
from store import catalogue, queries
from store import db as store_db
from store import exports as store_exports


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
    done = small_counts.suppress(part, threshold, [*TABLE_CELL, "_cell"])
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
        raise ExportError(f"{shown_path(out)} tidak dapat ditulis: {exc.strerror or exc}") from None
    return data


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
