"""Open data export (``loaders export``): every format reads back, the figures are what the
public sees (small counts suppressed, sample data labelled), text cannot run as a formula, the
data package validates, and OUT is written atomically and never overwritten by accident."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import duckdb
import frictionless
import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from domain import kinerja
from loaders import open_data, pipeline
from store import queries
from tests.conftest import ROOT

TABLES = ("penempatan", "batch", "seri", "cakupan", "kinerja", "pemagangan", "seri_magang",
          "cakupan_magang")  # the intern tables: loaders/open_data_interns.py
#: An export of one series holds its placements only (no performance indicators).
SERIES_TABLES = ("penempatan", "batch", "seri", "cakupan")
#: A small store: 3604 has a total (20) and a gender table (17 + 3); 3673 a total of 3.
SIMPLE = ("tahun,kode_wilayah,jenis_kelamin,jumlah,sumber\n"
          "2024,3604,,20,=1+1 Berita\n"
          "2024,3604,Laki-laki,17,Berita\n"
          "2024,3604,Perempuan,3,Berita\n"
          "2024,3673,,3,Berita\n"
          "2023,3604,,10,Berita\n")


def read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, na_values=[""], dtype={"kode_wilayah": str})


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "s.duckdb"
    pipeline.rebuild(path)
    return path


@pytest.fixture
def simple(tmp_path: Path) -> Path:
    source = tmp_path / "in" / "kecil.csv"
    source.parent.mkdir()
    source.write_text(SIMPLE, encoding="utf-8")
    path = tmp_path / "simple.duckdb"
    reports = pipeline.load([source], path, pipeline.Options(series="bp2mi"))
    assert all(r.status not in {"refused", "not-loaded"} for r in reports)
    return path


def test_csv_folder_reads_back(cli, rebuilt, tmp_path):
    out = tmp_path / "csv"
    result = cli("export", "--format", "csv", out, "--db", rebuilt)
    assert result.code == 0, result.err
    assert sorted(p.name for p in out.iterdir()) == [f"{t}.csv" for t in sorted(TABLES)]
    figures = read_csv(out / "penempatan.csv")
    con = duckdb.connect(str(rebuilt), read_only=True)
    try:
        rows = con.execute("SELECT count(*) FROM penempatan").fetchone()[0]
        sample = con.execute("SELECT count(*) FROM penempatan WHERE data_contoh").fetchone()[0]
    finally:
        con.close()
    assert len(figures) == rows
    assert int(figures["data_contoh"].sum()) == sample > 0
    assert set(figures.loc[figures["data_contoh"], "seri"]) == {"contoh"}
    assert figures["nama_wilayah"].notna().all()
    batches = read_csv(out / "batch.csv")
    assert {"file_name", "sha256", "layout", "source", "loaded_at", "status"} <= set(batches)


def test_xlsx_workbook_reads_back(cli, rebuilt, tmp_path):
    out = tmp_path / "pmi.xlsx"
    assert cli("export", "--format", "xlsx", out, "--db", rebuilt).code == 0
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == [*TABLES, "Keterangan"]
    notes = {row[0]: row[1] for row in book["Keterangan"].iter_rows(min_row=2, values_only=True)}
    assert "CC BY 4.0" in notes["Lisensi"] or "CC-BY-4.0" in notes["Lisensi"]
    assert notes["Sumber"] and notes["Tanggal ekspor"]
    assert "contoh" in notes["Data contoh"]
    header = next(book["penempatan"].iter_rows(max_row=1, values_only=True))
    assert {"seri", "data_contoh", "nama_rincian", "jumlah", "ditekan"} <= set(header)
    book.close()


def test_parquet_folder_reads_back(cli, rebuilt, tmp_path):
    out = tmp_path / "pq"
    assert cli("export", "--format", "parquet", out, "--db", rebuilt).code == 0
    table = pq.read_table(out / "penempatan.parquet")
    assert table.num_rows == len(read_csv_export(cli, rebuilt, tmp_path))
    assert str(table.schema.field("data_contoh").type) == "bool"
    assert str(table.schema.field("jumlah").type) == "int64"
    assert pq.read_table(out / "seri.parquet").num_rows == 4


def read_csv_export(cli, db, tmp_path) -> pd.DataFrame:
    out = tmp_path / "again"
    assert cli("export", "--format", "csv", out, "--db", db).code == 0
    return read_csv(out / "penempatan.csv")


def test_datapackage_validates(cli, rebuilt, tmp_path):
    out = tmp_path / "dp"
    assert cli("export", "--format", "datapackage", out, "--db", rebuilt).code == 0
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["sources"] and descriptor["created"]
    assert "contoh" in descriptor["description"]
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert set(resources) == set(TABLES)
    assert resources["batch"]["schema"]["primaryKey"] == ["batch_id"]
    fields = {f["name"]: f for f in resources["penempatan"]["schema"]["fields"]}
    assert "P to P" in fields["skema"]["constraints"]["enum"]
    assert fields["tahun"]["constraints"]["required"] is True
    report = frictionless.validate(out / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_total_rows_add_up_to_the_dashboard_totals(cli, simple, tmp_path):
    """The export lists every table's rows; its 'total' rows, summed per series and year,
    are the totals the dashboard shows (not the sum of every row)."""
    out = tmp_path / "csv"
    assert cli("export", "--format", "csv", out, "--db", simple).code == 0
    figures = read_csv(out / "penempatan.csv")
    totals = (figures[figures["nama_rincian"] == "total"]
              .groupby(["seri", "tahun"])["jumlah"].sum().astype(int).to_dict())
    con = duckdb.connect(str(simple), read_only=True)
    try:
        expected = queries.totals(con, "bp2mi", ["tahun"])
    finally:
        con.close()
    assert totals == {("bp2mi", int(r.tahun)): int(r.jumlah) for r in expected.itertuples()}
    assert totals == {("bp2mi", 2023): 10, ("bp2mi", 2024): 23}
    # every table's rows, not a total: the gender table of 3604 is listed beside its total
    assert sorted(figures["nama_rincian"]) == ["jenis_kelamin"] * 2 + ["total"] * 3


def test_small_counts_are_suppressed_in_fine_rows_only(cli, simple, tmp_path):
    out = tmp_path / "csv"
    assert cli("export", "--format", "csv", out, "--db", simple).code == 0
    figures = read_csv(out / "penempatan.csv").set_index(
        ["kode_wilayah", "tahun", "jenis_kelamin"], drop=False)
    woman = figures[figures["jenis_kelamin"] == "Perempuan"].iloc[0]
    assert pd.isna(woman["jumlah"]) and bool(woman["ditekan"])
    man = figures[figures["jenis_kelamin"] == "Laki-laki"].iloc[0]
    assert bool(man["ditekan"])  # else 20 - 17 reveals the 3
    total = figures[(figures["kode_wilayah"] == "3673")].iloc[0]
    assert total["nama_rincian"] == "total"
    assert int(total["jumlah"]) == 3 and not bool(total["ditekan"])
    parquet = tmp_path / "pq"
    assert cli("export", "--format", "parquet", parquet, "--db", simple).code == 0
    frame = pd.read_parquet(parquet / "penempatan.parquet")
    assert 3 not in frame.loc[frame["nama_rincian"] != "total", "jumlah"].dropna().tolist()


def test_formula_text_is_neutralised_in_csv_and_xlsx(cli, simple, tmp_path):
    assert cli("export", "--format", "csv", tmp_path / "csv", "--db", simple).code == 0
    text = (tmp_path / "csv" / "penempatan.csv").read_text(encoding="utf-8")
    assert "'=1+1 Berita" in text
    assert ",=1+1" not in text
    assert cli("export", "--format", "xlsx", tmp_path / "x.xlsx", "--db", simple).code == 0
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx")["penempatan"]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'=1+1 Berita" in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_existing_out_is_kept_unless_force(cli, simple, tmp_path):
    out = tmp_path / "csv"
    out.mkdir()
    (out / "mine.txt").write_text("keep", encoding="utf-8")
    result = cli("export", "--format", "csv", out, "--db", simple)
    assert result.code == 1
    assert "sudah ada" in result.err and "--force" in result.err
    assert [p.name for p in out.iterdir()] == ["mine.txt"]
    # --force replaces only a previous export (issue 12): a folder the export did not write
    # is kept as it is
    forced = cli("export", "--format", "csv", out, "--db", simple, "--force")
    assert forced.code == 1 and "bukan hasil ekspor sebelumnya" in forced.err
    assert [p.name for p in out.iterdir()] == ["mine.txt"]
    fresh = tmp_path / "csv2"
    assert cli("export", "--format", "csv", fresh, "--db", simple).code == 0
    assert cli("export", "--format", "csv", fresh, "--db", simple, "--force").code == 0
    assert sorted(p.name for p in fresh.iterdir()) == [f"{t}.csv" for t in sorted(TABLES)]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [
        ".csv2.pmi-ekspor.json"]


def test_one_series_and_an_unknown_one(cli, rebuilt, tmp_path):
    out = tmp_path / "dp"
    assert cli("export", "--format", "datapackage", out, "--db", rebuilt,
               "--series", "bp2mi").code == 0
    figures = read_csv(out / "penempatan.csv")
    assert set(figures["seri"]) == {"bp2mi"} and not figures["data_contoh"].any()
    assert sorted(p.name for p in out.glob("*.csv")) == [f"{t}.csv" for t in sorted(SERIES_TABLES)]
    assert set(read_csv(out / "batch.csv")["jenis"]) == {"penempatan"}
    assert frictionless.validate(out / "datapackage.json").valid
    result = cli("export", "--format", "csv", tmp_path / "x", "--db", rebuilt, "--series", "foo")
    assert result.code == 2 and "tidak dikenal" in result.err
    assert not (tmp_path / "x").exists()


@pytest.mark.slow  # 11-21 s: tier 2
def test_the_whole_dataset_downloads_as_one_file_per_format(tmp_path):
    """The Data page offers the whole dataset: one workbook, or one ZIP of the folder."""
    store = tmp_path / "s.duckdb"
    pipeline.rebuild(store)
    con = duckdb.connect(str(store), read_only=True)
    try:
        workbook, name = open_data.as_download(con, "xlsx")
        assert name.endswith(".xlsx")
        sheets = openpyxl.load_workbook(io.BytesIO(workbook)).sheetnames
        assert {"penempatan", "batch", "seri"} <= set(sheets)
        archive, name = open_data.as_download(con, "datapackage")
        assert name.endswith(".zip")
        names = zipfile.ZipFile(io.BytesIO(archive)).namelist()
        assert "datapackage.json" in names and "penempatan.csv" in names
    finally:
        con.close()


def test_performance_indicators_are_published_as_loaded_with_capaian_and_status(cli, rebuilt,
                                                                              tmp_path):
    """Given the shipped sample indicator file, when everything is exported, then the kinerja
    table holds each of its rows with target and realisation as in the file, the capaian and
    status the Kinerja page computes, the sample flag, and its batch in batch.csv."""
    out = tmp_path / "dp"
    assert cli("export", "--format", "datapackage", out, "--db", rebuilt).code == 0
    exported = pd.read_csv(out / "kinerja.csv", keep_default_na=False, na_values=[""])
    shipped = pipeline.prepare(ROOT / "data" / "sample" / "kinerja_contoh.csv",
                               pipeline.Options())
    assert shipped.ok
    assert len(exported) == shipped.report.rows_stored > 0
    assert exported["data_contoh"].all()
    for row in exported.itertuples(index=False):
        realisation = None if pd.isna(row.realisasi) else row.realisasi
        expected = kinerja.capaian(row.target, realisation, row.arah)
        assert (pd.isna(row.capaian) and expected is None) or row.capaian == expected
        assert row.status == kinerja.status(row.target, realisation, row.arah)
    assert {"met", "not_met", "no_data"} <= set(exported["status"])
    batches = read_csv(out / "batch.csv")
    kinerja_batches = set(batches.loc[batches["jenis"] == "kinerja", "batch_id"])
    assert set(exported["batch_id"]) <= kinerja_batches
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert "kinerja" in descriptor["description"].lower()
    report = frictionless.validate(out / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_the_export_says_what_each_yearly_total_covers(tmp_path):
    """The coverage rule travels with the open data: bp2mi 2018–2022 is Kota Cilegon alone,
    2023 and 2024 the whole province."""
    store = tmp_path / "s.duckdb"
    pipeline.rebuild(store)
    con = duckdb.connect(str(store), read_only=True)
    try:
        table = open_data.collect(con).tables["cakupan"]
    finally:
        con.close()
    bp2mi = table[table["seri"] == "bp2mi"].set_index("tahun")
    assert bp2mi.loc[2018, "kode_wilayah_tercakup"] == "3672"
    assert bp2mi.loc[2018, "jumlah_wilayah"] == 1 and not bp2mi.loc[2018, "lengkap"]
    assert bp2mi.loc[2024, "jumlah_wilayah"] == 8 and bp2mi.loc[2024, "lengkap"]
    assert bp2mi.loc[2024, "bulan_tercakup"] == 12
