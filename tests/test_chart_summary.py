"""The one-sentence text alternative of a chart (dashboard/chart_summary.py): the right
extremes, the direction of a trend, hidden figures counted, both languages."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.chart_summary import summarise


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
