"""The filter bar's URL form: a copied link opens the same view; junk never reaches SQL."""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from domain import filters

CHOICES = filters.Choices(years=(2019, 2020, 2021, 2022, 2023, 2024, 2025),
                          regions=("3601", "3602", "3603", "3604", "3671", "3672", "3673",
                                   "3674"),
                          skema=("G to G", "P to P", "G to P", "UKPS", "Mandiri"),
                          sektor=("Formal", "Informal"),
                          jenis_kelamin=("Laki-laki", "Perempuan"))


def test_default_is_the_latest_year_for_all_of_banten():
    state = filters.from_params({}, CHOICES)
    assert (state.tahun_awal, state.tahun_akhir, state.wilayah) == (2025, 2025, ())
    assert filters.to_params(state, CHOICES) == {}


def test_default_is_the_latest_full_year_when_the_latest_is_still_running():
    """Given figures through August 2025 (the latest full year 2024), when no year is in the
    URL, then the view is 2024; 2025 is one choice away and goes into the URL."""
    running = dataclasses.replace(CHOICES, latest_full_year=2024)
    state = filters.from_params({}, running)
    assert (state.tahun_awal, state.tahun_akhir) == (2024, 2024)
    assert filters.to_params(state, running) == {}
    latest = filters.from_params({"tahun": "2025"}, running)
    assert (latest.tahun_awal, latest.tahun_akhir) == (2025, 2025)
    assert filters.to_params(latest, running) == {"tahun": "2025"}
    # a full year outside the series' years (no figures) is not the default
    assert filters.default_state(dataclasses.replace(CHOICES, latest_full_year=2030)) \
        .tahun_akhir == 2025


def test_url_round_trip():
    params = {"tahun": "2023-2024", "bulan": "6", "wilayah": "3604,3601",
              "skema": "P to P", "sektor": "Formal", "jk": "Perempuan"}
    state = filters.from_params(params, CHOICES)
    assert state.wilayah == ("3601", "3604")  # reference order
    assert state.to_filters().kode_wilayah == ("3601", "3604")
    again = filters.to_params(state, CHOICES)
    assert filters.from_params(again, CHOICES) == state
    assert again["tahun"] == "2023-2024" and again["jk"] == "Perempuan"


def test_junk_is_dropped_and_ranges_clamped():
    state = filters.from_params({"tahun": "1990-2999", "bulan": "13", "wilayah": "3201,x;drop",
                                 "skema": "'; DROP TABLE fact; --", "jk": "perempuan"}, CHOICES)
    assert (state.tahun_awal, state.tahun_akhir) == (2019, 2025)
    assert state.bulan is None and state.wilayah == () and state.skema == ()
    assert state.jenis_kelamin == ("Perempuan",)


def test_selecting_every_value_is_the_same_as_no_filter():
    state = filters.from_params({"sektor": "Formal,Informal"}, CHOICES)
    assert state.sektor == ()


@given(st.dictionaries(st.sampled_from(["tahun", "bulan", "wilayah", "skema", "sektor", "jk",
                                        "lain"]), st.text(max_size=40)))
def test_any_query_string_gives_a_valid_state(params):
    state = filters.from_params(params, CHOICES)
    assert state.tahun_awal <= state.tahun_akhir
    assert set(state.wilayah) <= set(CHOICES.regions)
    assert set(state.skema) <= set(CHOICES.skema)
    assert state.bulan is None or 1 <= state.bulan <= 12
