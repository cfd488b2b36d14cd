"""The sample (demo) data generator: deterministic, calibrated, canonical values only."""

from pathlib import Path

import pandas as pd
import pytest
import yaml

from loaders.sample import COLUMNS, generate, largest_remainder, main, write

ROOT = Path(__file__).resolve().parents[1]

SHIPPED = ROOT / "data" / "sample" / "penempatan_contoh.csv"
META = SHIPPED.with_name("penempatan_contoh.meta.yml")

SKEMA = {"G to G", "P to P", "G to P", "UKPS", "Mandiri"}
SEKTOR = {"Formal", "Informal"}
JENIS_KELAMIN = {"Laki-laki", "Perempuan"}
JABATAN = {
    "Penata Laksana Rumah Tangga", "Pengasuh", "Pekerja Perkebunan", "Pekerja Pabrik",
    "Pekerja Konstruksi", "Anak Buah Kapal Perikanan", "Anak Buah Kapal Niaga", "Perawat",
    "Pekerja Pertanian", "Juru Masak", "Pelayan Restoran", "Pengemudi", "Tukang Las",
    "Pekerja Perhotelan", "Operator Mesin", "Pekerja Umum",
}
KODE = {"3601", "3602", "3603", "3604", "3671", "3672", "3673", "3674"}
CITIES = {"3671", "3672", "3673", "3674"}
META_KEYS = {"title", "title_en", "series", "source", "licence", "date_accessed", "description",
             "caveats"}


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return generate()


def test_two_runs_give_identical_frames(frame):
    pd.testing.assert_frame_equal(frame, generate())


def test_shipped_csv_is_byte_identical_to_a_fresh_run(tmp_path):
    """Given the committed CSV, when the generator writes again, then the bytes are the same."""
    out = tmp_path / "contoh.csv"
    write(out)
    assert out.read_bytes() == SHIPPED.read_bytes()


def test_main_writes_the_file_for_a_seed(tmp_path):
    out = tmp_path / "sub" / "contoh.csv"
    assert main(["--out", str(out), "--seed", "7"]) == 0
    assert out.read_text(encoding="utf-8").splitlines()[0] == ",".join(COLUMNS)
    assert set(tmp_path.rglob("*")) == {out.parent, out}  # the CSV and nothing else


def test_columns_and_order(frame):
    assert list(frame.columns) == COLUMNS
    key = COLUMNS[:-1]
    assert frame[key].equals(frame[key].sort_values(key, ignore_index=True))


@pytest.mark.parametrize("seed", [20250101, 1])
def test_published_totals_are_matched_exactly(frame, seed):
    data = frame if seed == 20250101 else generate(seed)
    by_year = data.groupby("tahun")["jumlah"].sum()
    assert by_year[2023] == 3183
    assert by_year[2024] == 3567
    y2024 = data[data["tahun"] == 2024].groupby("kode_wilayah")["jumlah"].sum()
    assert y2024[["3604", "3601", "3603", "3602"]].tolist() == [911, 794, 669, 360]
    assert y2024[sorted(CITIES)].sum() == 833
    cilegon = data[data["kode_wilayah"] == "3672"].groupby("tahun")["jumlah"].sum()
    assert cilegon[[2019, 2020, 2021, 2022]].tolist() == [75, 14, 14, 63]


def test_years_months_and_regencies(frame):
    assert set(frame["tahun"]) == set(range(2019, 2026))
    assert set(frame["bulan"]) == set(range(1, 13))
    assert set(frame["kode_wilayah"]) == KODE


def test_every_category_appears(frame):
    totals = frame.groupby("skema")["jumlah"].sum()
    assert set(totals.index) == SKEMA
    assert totals.min() >= 5
    assert set(frame["sektor"]) == SEKTOR
    assert set(frame["jenis_kelamin"]) == JENIS_KELAMIN


def test_values_are_canonical(frame):
    assert set(frame["skema"]) <= SKEMA
    assert set(frame["sektor"]) <= SEKTOR
    assert set(frame["jenis_kelamin"]) <= JENIS_KELAMIN
    assert set(frame["jabatan"]) <= JABATAN
    assert frame["negara_tujuan"].str.fullmatch(r"[A-Z]{2}").all()
    assert frame[COLUMNS[:-1]].notna().all().all()


def test_counts_are_positive_integers(frame):
    assert pd.api.types.is_integer_dtype(frame["jumlah"])
    assert (frame["jumlah"] > 0).all()


def test_keys_are_unique(frame):
    assert not frame.duplicated(COLUMNS[:-1]).any()


def test_shares_are_roughly_the_documented_ones(frame):
    total = frame["jumlah"].sum()

    def share(column: str, value: str) -> float:
        return frame.loc[frame[column] == value, "jumlah"].sum() / total

    assert 0.85 < share("skema", "P to P") < 0.91
    assert 0.50 < share("sektor", "Informal") < 0.60
    assert 0.57 < share("jenis_kelamin", "Perempuan") < 0.65


def test_largest_remainder_hits_the_total():
    assert largest_remainder(10, {"a": 1.0, "b": 1.0, "c": 1.0}) == {"a": 4, "b": 3, "c": 3}
    assert sum(largest_remainder(833, {"x": 0.3, "y": 1.7, "z": 2.2}).values()) == 833


def test_meta_file_describes_sample_data():
    meta = yaml.safe_load(META.read_text(encoding="utf-8"))
    assert set(meta) >= META_KEYS
    assert meta["series"] == "contoh"
    assert meta["sample"] is True
    assert "BUKAN data resmi" in meta["title"]
    assert meta["source"].startswith("Dibangkitkan oleh loaders/sample.py (seed 20250101)")
    assert meta["licence"] == "CC BY 4.0"
    assert isinstance(meta["caveats"], list)
    assert meta["caveats"]
