"""The one-sentence text alternative of a chart (dashboard/chart_summary.py): the right
extremes, the direction of a trend, hidden figures counted, both languages."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.chart_summary import kinerja_overview, kinerja_trend, summarise, words
from dashboard.charts import ChartSpec, frame_figure


def test_trend_names_first_last_direction_and_extremes_in_indonesian() -> None:
    frame = pd.DataFrame({"tahun": [2021, 2022, 2023, 2024], "jumlah": [800, 2300, 3321, 3100]})
    text = summarise(frame, "tahun", "id", title="Penempatan per tahun",
                     subtitle="4 kabupaten, 2021–2024")
    assert text.startswith("Penempatan per tahun — 4 kabupaten, 2021–2024. ")
    assert "Dari 800 pada 2021 menjadi 3.100 pada 2024 (naik)." in text
    assert "Tertinggi 3.321 pada 2023, terendah 800 pada 2021." in text


def test_trend_in_english_falls_and_uses_english_numbers() -> None:
    frame = pd.DataFrame({"tahun": [2019, 2020], "jumlah": [3000, 1000]})
    text = summarise(frame, "tahun", "en", title="Placements")
    assert "From 3,000 in 2019 to 1,000 in 2020 (down)." in text
    assert "Highest 3,000 in 2019, lowest 1,000 in 2020." in text


def test_a_small_change_is_about_the_same() -> None:
    frame = pd.DataFrame({"tahun": [2023, 2024], "jumlah": [1000, 1010]})
    assert "(about the same)" in summarise(frame, "tahun", "en", title="x")


def test_categories_are_ranked_with_their_shown_names() -> None:
    frame = pd.DataFrame({"kode_wilayah": ["3604", "3601", "3602"], "jumlah": [951, 828, 396]})
    labels = {"3604": "Kab. Serang", "3601": "Kab. Pandeglang", "3602": "Kab. Lebak"}
    text = summarise(frame, "kode_wilayah", "id", title="Menurut wilayah", labels=labels)
    assert "3 kategori; terbanyak Kab. Serang (951), paling sedikit Kab. Lebak (396)." in text


def test_stacked_values_are_summed_per_category() -> None:
    frame = pd.DataFrame({"tahun": [2023, 2023, 2024, 2024],
                          "sektor": ["Formal", "Informal"] * 2, "jumlah": [10, 20, 5, 50]})
    text = summarise(frame, "tahun", "en", title="By sector")
    assert "From 30 in 2023 to 55 in 2024 (up)." in text


def test_hidden_figures_are_counted_not_guessed() -> None:
    frame = pd.DataFrame({"skema": ["P to P", "G to G", "Mandiri"],
                          "jumlah": [120, np.nan, None]})
    text = summarise(frame, "skema", "en", title="By scheme")
    assert "P to P: 120." in text
    assert "2 figures are not drawn" in text


def test_the_sample_mark_leads_the_sentence() -> None:
    frame = pd.DataFrame({"tahun": [2024], "jumlah": [5]})
    text = summarise(frame, "tahun", "id", title="Judul", sample_mark="DATA CONTOH")
    assert text.startswith("DATA CONTOH — Judul. ")


@pytest.mark.parametrize("lang, words", [("id", "Tidak ada angka"), ("en", "no figures")])
def test_an_empty_chart_says_so(lang: str, words: str) -> None:
    text = summarise(pd.DataFrame({"tahun": [], "jumlah": []}), "tahun", lang, title="T")
    assert words in text


# -- Kinerja (dashboard/chart_summary.py kinerja_overview, kinerja_trend) ---------------------

def _overview_rows() -> pd.DataFrame:
    return pd.DataFrame({
        "indikator": ["Pengaduan selesai", "Pemagangan Jepang", "Desmigratif", "Orientasi"],
        "capaian": [101.2, 89.6, 100.0, None], "satuan": ["%", "orang", "desa", "orang"],
        "status": ["met", "not_met", "met", "no_data"]})


def test_kinerja_overview_names_highest_and_lowest_achievement_in_indonesian() -> None:
    text = kinerja_overview(_overview_rows(), "id", title="2 dari 4 indikator tercapai",
                            subtitle="Capaian 2025")
    assert text.startswith("2 dari 4 indikator tercapai — Capaian 2025. ")
    assert ("4 indikator; capaian tertinggi Pengaduan selesai (101,2%, tercapai), terendah "
            "Pemagangan Jepang (89,6%, belum tercapai).") in text
    assert "Tercapai: 2; Belum tercapai: 1; Belum ada data: 1." in text
    assert ("Indikator tanpa persentase capaian (target 0, atau realisasi belum "
            "dilaporkan): 1.") in text


def test_kinerja_overview_in_english_follows_the_figures_not_the_order() -> None:
    rows = _overview_rows()
    rows.loc[3, ["capaian", "status"]] = [140.0, "met"]  # now the highest, last in the frame
    text = kinerja_overview(rows, "en", title="3 of 4 met")
    assert "highest achievement Orientasi (140.0%, met)" in text
    assert "lowest Pemagangan Jepang (89.6%, not met)" in text
    assert "Met: 3; Not met: 1." in text
    assert "without an achievement" not in text


def _history(realised: list[float | None]) -> pd.DataFrame:
    years = list(range(2021, 2021 + len(realised)))
    return pd.DataFrame({
        "tahun": years, "triwulan": [None] * len(years), "satuan": "orang",
        "target": [100.0 * (i + 1) for i in range(len(years))],
        "realisasi": realised,
        "capaian": [None if r is None else 100.0 * r / (100.0 * (i + 1))
                    for i, r in enumerate(realised)],
        "status": ["no_data" if r is None else "met" for r in realised]})


def test_kinerja_trend_reads_realisation_over_the_years_with_its_unit() -> None:
    text = kinerja_trend(_history([80.0, 250.0, 1200.0]), "id", title="Target tercapai")
    assert "Dari 80 orang pada 2021 menjadi 1.200 orang pada 2023 (naik)." in text
    assert "Tertinggi 1.200 orang pada 2023, terendah 80 orang pada 2021." in text
    assert "Pada 2023 target 300 orang, capaian 400,0% (tercapai)." in text


def test_kinerja_trend_counts_unreported_years_and_falls_in_english() -> None:
    text = kinerja_trend(_history([500.0, 120.0, None]), "en", title="Target met")
    assert "From 500 orang in 2021 to 120 orang in 2022 (down)." in text
    assert "In 2023 the target was 300 orang, achievement — (no data yet)." in text
    assert "Periods whose realisation is not yet reported (no bar): 1." in text


def test_kinerja_trend_of_one_reported_year() -> None:
    text = kinerja_trend(_history([None, 42.0]), "en", title="T")
    assert "2022: 42 orang." in text and "From" not in text


def test_words_are_taken_from_the_figures_frame() -> None:
    fig = frame_figure(go.Figure(go.Bar(x=[1], y=[2])),
                       ChartSpec(title="Judul", subtitle="Sub", footer="Sumber", lang="id",
                                 sample_mark="DATA CONTOH"))
    assert words(fig) == {"title": "Judul", "subtitle": "Sub", "sample_mark": "DATA CONTOH"}
    assert words(go.Figure()) == {"title": "", "subtitle": "", "sample_mark": ""}


# -- series a chart tells apart by colour (stacked bars, one line per series) -----------------

def test_each_coloured_series_is_named_with_its_total_largest_first() -> None:
    frame = pd.DataFrame({"tahun": [2023, 2023, 2023, 2024, 2024, 2024],
                          "skema": ["P to P", "G to G", None, "P to P", "G to G", None],
                          "jumlah": [100, 300, 7, 150, np.nan, 9]})
    text = summarise(frame, "tahun", "id", title="Menurut skema", group="skema")
    assert "Dari 407 pada 2023 menjadi 159 pada 2024 (turun)." in text
    # G to G's hidden 2024 figure is not added; the part not broken down is named as such
    assert "Menurut skema: G to G 300, P to P 250, Tidak dirinci di sumber 16." in text
    assert "1 angka tidak digambar" in text


def test_series_names_follow_their_labels_in_english_and_long_lists_are_counted() -> None:
    regions = [f"36{n:02d}" for n in range(1, 11)]
    frame = pd.DataFrame({"sektor": ["Formal"] * 10, "kode_wilayah": regions,
                          "jumlah": list(range(10, 110, 10))})
    labels = {code: f"Region {code}" for code in regions}
    text = summarise(frame, "sektor", "en", title="By sector", group="kode_wilayah",
                     group_labels=labels)
    assert "By regency/city: Region 3610 100, Region 3609 90" in text
    assert "Region 3603 30, and 2 more." in text
    assert "Region 3601" not in text


def test_one_series_or_no_group_adds_no_series_sentence() -> None:
    frame = pd.DataFrame({"tahun": [2023, 2024], "skema": ["P to P", "P to P"],
                          "jumlah": [1, 2]})
    assert "By scheme" not in summarise(frame, "tahun", "en", title="T", group="skema")
    assert "By scheme" not in summarise(frame, "tahun", "en", title="T")
