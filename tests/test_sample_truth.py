"""The sample ('contoh') data never repeats a real figure, and its indicators count its placements.

1. For every row of every shipped ``data/published/*.csv`` file (all series), the sample's
   figure for the same cell differs from the published ``jumlah``. The same cell: the same
   year; the same regency, or all eight for the province code ``36``; the month, or months
   1..``s_d_bulan`` for a year-to-date figure, or the whole year; and the same breakdown
   values (skema, sektor, jenis_kelamin, negara_tujuan, jabatan) where the row gives them. A
   value the sample never uses (``negara_tujuan`` "tidak diketahui") makes the sample's figure 0.
2. Every indicator of ``data/sample/kinerja_contoh.csv`` that counts placements reports, as
   its realisation, exactly what the sample placements add up to for that year (quarters:
   cumulative from January to the end of the quarter).

Both are built from the shipped CSV files, independently of ``loaders.sample``.
"""

import csv
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "penempatan_contoh.csv"
KINERJA = ROOT / "data" / "sample" / "kinerja_contoh.csv"
PUBLISHED = sorted((ROOT / "data" / "published").glob("*.csv"))

PROVINCE = "36"
REGENCIES = {"3601", "3602", "3603", "3604", "3671", "3672", "3673", "3674"}
BREAKDOWN = ["skema", "sektor", "jenis_kelamin", "negara_tujuan", "jabatan"]
# Columns of a published file that neither place nor break down a figure.
NOT_A_CELL = {"nama_wilayah", "jumlah", "sumber", "seri", "catatan", "satuan"}
CELL = {"tahun", "bulan", "s_d_bulan", "kode_wilayah", *BREAKDOWN}

# Indicators whose realisation is a number of placements ("ditempatkan"), not a share, a number
# of cases, villages, trainees or orientation participants.
PLACEMENT_INDICATORS = {"PMI-01"}
QUARTER_END = {"I": 3, "II": 6, "III": 9, "IV": 12}


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def published_rows() -> list[tuple[str, dict[str, str]]]:
    """(file:line, row) for every data row of every published file."""
    return [(f"{path.name}:{line}", row)
            for path in PUBLISHED
            for line, row in enumerate(read_rows(path), start=2)]


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return pd.read_csv(SAMPLE, dtype={"kode_wilayah": str}, keep_default_na=False)


def sample_figure(sample: pd.DataFrame, row: dict[str, str]) -> int:
    """What the sample adds up to for the cell of one published row."""
    mask = sample["tahun"] == int(row["tahun"])
    if row["kode_wilayah"] != PROVINCE:
        mask &= sample["kode_wilayah"] == row["kode_wilayah"]
    if row.get("bulan"):
        mask &= sample["bulan"] == int(row["bulan"])
    elif row.get("s_d_bulan"):
        mask &= sample["bulan"] <= int(row["s_d_bulan"])
    for column in BREAKDOWN:
        if row.get(column):
            mask &= sample[column] == row[column]
    return int(sample.loc[mask, "jumlah"].sum())


def indonesian_number(text: str) -> int:
    """'3.183' -> 3183 (thousands dots); only whole numbers are counts of people."""
    assert text.replace(".", "").isdigit(), text
    return int(text.replace(".", ""))


# -- 1. no published figure is repeated ----------------------------------------------------------

def test_every_published_series_is_checked():
    rows = published_rows()
    assert {path.stem for path in PUBLISHED} >= {
        "bp2mi_penempatan", "disnaker_keberangkatan", "disnaker_verifikasi"}
    assert all(any(ref.startswith(path.name) for ref, _ in rows) for path in PUBLISHED)


def test_every_published_column_is_understood():
    """A column that could break a figure down but is not known here would be silently
    ignored by the comparison; it must be added to BREAKDOWN (or NOT_A_CELL) instead."""
    for path in PUBLISHED:
        with path.open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        assert set(header) <= CELL | NOT_A_CELL, (path.name, set(header) - CELL - NOT_A_CELL)


@pytest.mark.parametrize(("ref", "row"), published_rows(), ids=[r for r, _ in published_rows()])
def test_the_sample_differs_from_every_published_figure(sample, ref, row):
    assert row["kode_wilayah"] in REGENCIES | {PROVINCE}, ref
    published = int(row["jumlah"])
    figure = sample_figure(sample, row)
    assert figure != published, (
        f"{ref}: the sample repeats the published figure {published} for the same cell")


def test_the_cell_sum_sees_what_it_should(sample):
    """The comparison is not vacuous: a province total, a year-to-date regency figure and a
    country figure of the sample are the sums one expects."""
    year_2023 = int(sample.loc[sample["tahun"] == 2023, "jumlah"].sum())
    assert sample_figure(sample, {"tahun": "2023", "kode_wilayah": "36"}) == year_2023 > 0
    ytd = sample[(sample["tahun"] == 2025) & (sample["kode_wilayah"] == "3604")
                 & (sample["bulan"] <= 10)]["jumlah"].sum()
    assert sample_figure(sample, {"tahun": "2025", "s_d_bulan": "10",
                                  "kode_wilayah": "3604"}) == ytd > 0
    lebak_my = sample[(sample["tahun"] == 2023) & (sample["kode_wilayah"] == "3602")
                      & (sample["negara_tujuan"] == "MY")]["jumlah"].sum()
    assert sample_figure(sample, {"tahun": "2023", "kode_wilayah": "3602",
                                  "negara_tujuan": "MY"}) == lebak_my > 0
    assert sample_figure(sample, {"tahun": "2023", "kode_wilayah": "3602",
                                  "negara_tujuan": "tidak diketahui"}) == 0


def test_the_check_would_catch_a_repeated_figure(sample):
    """A published row holding exactly the sample's own figure fails the comparison."""
    row = {"tahun": "2024", "kode_wilayah": "3604", "jenis_kelamin": "Perempuan"}
    row["jumlah"] = str(sample_figure(sample, row))
    assert sample_figure(sample, row) == int(row["jumlah"])


# -- 2. the sample indicators count the sample placements -------------------------------------

def placement_indicator_rows() -> list[dict[str, str]]:
    return [row for row in read_rows(KINERJA) if row["kode_indikator"] in PLACEMENT_INDICATORS]


def test_the_placement_indicators_are_the_ones_that_count_placements():
    rows = read_rows(KINERJA)
    counting = {row["kode_indikator"] for row in rows
                if "ditempatkan" in row["indikator"].lower() and row["satuan"] == "orang"}
    assert counting == PLACEMENT_INDICATORS
    reported = [row for row in placement_indicator_rows() if row["realisasi"]]
    assert {row["tahun"] for row in reported} >= {"2021", "2022", "2023", "2024", "2025"}
    assert any(row["triwulan"] for row in reported)


@pytest.mark.parametrize(
    "row", [r for r in placement_indicator_rows() if r["realisasi"]],
    ids=lambda r: f"{r['kode_indikator']}-{r['tahun']}-{r['triwulan'] or 'tahun'}")
def test_placement_realisation_equals_the_sample_placements(sample, row):
    months = QUARTER_END[row["triwulan"]] if row["triwulan"] else 12
    year = sample[(sample["tahun"] == int(row["tahun"])) & (sample["bulan"] <= months)]
    assert indonesian_number(row["realisasi"]) == int(year["jumlah"].sum())


def test_orientation_participants_are_at_least_the_placements(sample):
    """Everyone placed attends the pre-departure orientation (PMI-05) first, so its yearly
    realisation is never below the sample placements of the year."""
    by_year = sample.groupby("tahun")["jumlah"].sum()
    rows = [row for row in read_rows(KINERJA)
            if row["kode_indikator"] == "PMI-05" and row["realisasi"] and not row["triwulan"]]
    assert rows
    for row in rows:
        assert indonesian_number(row["realisasi"]) > by_year[int(row["tahun"])], row


def test_published_figures_are_not_copied_into_the_indicators(sample):
    """No placement realisation equals a published province total of the same year."""
    province = {(row["tahun"], int(row["jumlah"])) for _, row in published_rows()
                if row["kode_wilayah"] == PROVINCE and not row.get("s_d_bulan")
                and not row.get("bulan") and not any(row.get(c) for c in BREAKDOWN)}
    assert province
    for row in placement_indicator_rows():
        if row["realisasi"] and not row["triwulan"]:
            assert (row["tahun"], indonesian_number(row["realisasi"])) not in province
