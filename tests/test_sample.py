"""The sample (demo) data generator: deterministic, near but never equal to published figures,
canonical values only."""

from pathlib import Path

import pandas as pd
import pytest
import yaml

from loaders import sample
from loaders.sample import COLUMNS, generate, largest_remainder, main, published_cells, write

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


def moved(published: int) -> tuple[int, int]:
    """The range a published figure moved up by 4-10 % (rounded, at least +1) lies in."""
    return max(published + 1, int(published * 1.04 + 0.5)), int(published * 1.10 + 0.5)


@pytest.mark.parametrize("seed", [20250101, 1])
def test_published_figures_are_moved_up_by_4_to_10_percent_never_kept(frame, seed):
    data = frame if seed == 20250101 else generate(seed)
    by_year = data.groupby("tahun")["jumlah"].sum()
    y2024 = data[data["tahun"] == 2024].groupby("kode_wilayah")["jumlah"].sum()
    cilegon = data[data["kode_wilayah"] == "3672"].groupby("tahun")["jumlah"].sum()
    anchors = [
        (by_year[2023], 3183),
        *((y2024[code], n) for code, n in [("3604", 911), ("3601", 794), ("3603", 669),
                                           ("3602", 360)]),
        (y2024[sorted(CITIES)].sum(), 833),
        *((cilegon[year], n) for year, n in [(2019, 75), (2020, 14), (2021, 14), (2022, 63)]),
    ]
    for value, published in anchors:
        low, high = moved(published)
        assert value != published
        assert low <= value <= high, (value, published)
    # Banten 2024 is the sum of its five moved parts: 4-10 % above 3567 too
    assert 3567 * 1.04 - 2.5 <= by_year[2024] <= 3567 * 1.10 + 2.5
    # years without a published total keep the documented assumptions
    assert by_year[[2019, 2020, 2021, 2022, 2025]].tolist() == [3000, 1000, 800, 2300, 3700]


def test_shipped_totals_are_the_documented_ones():
    """The figures quoted in the meta file and the indicator sample are the shipped ones."""
    data = pd.read_csv(SHIPPED, dtype={"kode_wilayah": str})
    by_year = data.groupby("tahun")["jumlah"].sum()
    assert by_year.tolist() == [3000, 1000, 800, 2300, 3321, 3784, 3700]
    y2024 = data[data["tahun"] == 2024].groupby("kode_wilayah")["jumlah"].sum()
    assert y2024.to_dict() == {"3601": 828, "3602": 396, "3603": 716, "3604": 951,
                               "3671": 355, "3672": 109, "3673": 158, "3674": 271}
    assert (len(data), int(data["jumlah"].sum())) == (10673, 17905)
    description = yaml.safe_load(META.read_text(encoding="utf-8"))["description"]
    assert "10.673 baris, 17.905 orang" in description


def published_file(directory: Path, rows: list[str]) -> Path:
    directory.mkdir(exist_ok=True)
    (directory / "x.csv").write_text(
        "tahun,bulan,s_d_bulan,kode_wilayah,nama_wilayah,jenis_kelamin,negara_tujuan,jumlah,"
        "sumber\n" + "".join(f"{row},uji\n" for row in rows), encoding="utf-8")
    return directory


def test_every_published_row_is_read_as_a_cell(tmp_path):
    cells = published_cells()
    rows = sum(len(pd.read_csv(p, dtype=str)) for p in sample.PUBLISHED_DIR.glob("*.csv"))
    assert len(cells) == rows > 0
    directory = published_file(tmp_path / "pub", [
        "2024,,,36,Provinsi Banten,,,3567", "2025,,10,3604,Kabupaten Serang,Laki-laki,,178",
        "2023,5,,3602,Kabupaten Lebak,,MY,4"])
    assert [(c.tahun, c.kode_wilayah, c.months, c.breakdown, c.jumlah, c.where)
            for c in published_cells(directory)] == [
        (2024, "36", tuple(range(1, 13)), (), 3567, "x.csv:2"),
        (2025, "3604", tuple(range(1, 11)), (("jenis_kelamin", "Laki-laki"),), 178, "x.csv:3"),
        (2023, "3602", (5,), (("negara_tujuan", "MY"),), 4, "x.csv:4"),
    ]


def test_a_year_that_repeats_a_published_figure_is_drawn_again(tmp_path):
    """Given published figures that the unconstrained draw reproduces exactly (a province total
    and a year-to-date figure by gender), the generator draws those years again: the figures
    differ, and years before them are unchanged."""
    free = generate(published=published_file(tmp_path / "none", []))
    total_2023 = int(free.loc[free["tahun"] == 2023, "jumlah"].sum())
    women = free[(free["tahun"] == 2025) & (free["kode_wilayah"] == "3604")
                 & (free["bulan"] <= 10) & (free["jenis_kelamin"] == "Perempuan")]
    directory = published_file(tmp_path / "some", [
        f"2023,,,36,Provinsi Banten,,,{total_2023}",
        f"2025,,10,3604,Kabupaten Serang,Perempuan,,{int(women['jumlah'].sum())}",
    ])
    cells = published_cells(directory)
    assert [c.figure(free.set_index(COLUMNS[:-1])["jumlah"].to_dict()) for c in cells] == [
        c.jumlah for c in cells]
    bound = generate(published=directory)
    counts = bound.set_index(COLUMNS[:-1])["jumlah"].to_dict()
    assert all(c.figure(counts) != c.jumlah for c in cells)
    pd.testing.assert_frame_equal(free[free["tahun"] < 2023].reset_index(drop=True),
                                  bound[bound["tahun"] < 2023].reset_index(drop=True))


def test_a_published_figure_that_cannot_be_avoided_stops_the_generator(tmp_path, monkeypatch):
    monkeypatch.setattr(sample, "MAX_DRAWS", 3)
    directory = published_file(tmp_path / "pub", ["2021,,,36,Provinsi Banten,,,800"])
    with pytest.raises(RuntimeError, match=r"2021.*800 \(x\.csv:2\)"):
        generate(published=directory)


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
    assert "tidak pernah sama" in meta["source"]
    assert "kalibrasi" not in yaml.safe_dump(meta)
    assert meta["licence"] == "CC BY 4.0"
    assert isinstance(meta["caveats"], list)
    assert meta["caveats"]
