"""The map page: renders with and without boundaries, every metric, the regency profile;
each regency code joins to data."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import maps
from dashboard.chart_spec import chart_frame
from geo.boundaries import tile_layout
from geo.classes import nice_classes
from geo.cli import main as geo_main
from store import catalogue, queries
from store.db import connect_read_only
from tests.conftest import ROOT

#: 11 units of the national boundary file, Banten's 8 among them (tests/fixtures/geo/README.md)
NATIONAL = ROOT / "tests" / "fixtures" / "geo" / "idn_adm2_subset.topojson"
CODES = ["3601", "3602", "3603", "3604", "3671", "3672", "3673", "3674"]


@pytest.fixture(scope="module")
def store(shipped_store: Path) -> Path:
    return shipped_store


@pytest.fixture(scope="module")
def geo_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("geo")
    assert geo_main(["import", str(NATIONAL), "--out", str(folder)]) == 0
    return folder


def open_map(monkeypatch, store: Path, geo: Path, **params: str) -> AppTest:
    monkeypatch.setenv("PMI_DB", str(store))
    monkeypatch.setenv("PMI_GEO_DIR", str(geo))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    params.setdefault("seri", "contoh")  # every regency has figures in the sample
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/map.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_with_boundaries_the_map_is_a_choropleth_of_the_eight_codes(monkeypatch, store,
                                                                   geo_dir):
    at = open_map(monkeypatch, store, geo_dir)
    spec = at.get("plotly_chart")[0].proto.spec
    assert '"type":"choropleth"' in spec
    assert all(f'"{code}"' in spec for code in CODES)
    assert "geoBoundaries" in spec  # attribution on the map
    assert not any("peta ubin" in i.value for i in at.info)


def test_without_boundaries_the_page_shows_the_tile_map_and_how_to_get_the_map(
        monkeypatch, store, tmp_path):
    at = open_map(monkeypatch, store, tmp_path / "empty")
    notes = " ".join(i.value for i in at.info)
    assert "peta ubin" in notes and "python -m" not in notes  # plain words, no commands
    spec = at.get("plotly_chart")[0].proto.spec
    assert '"type":"choropleth"' not in spec and "Kab. Lebak" in spec


def test_the_map_says_it_shows_every_regency_when_one_is_picked(monkeypatch, store, geo_dir):
    """The filter's regency picks the profile; the map still shows all eight, and its
    subtitle says so (it said "Kota Tangerang Selatan" over a map of Banten)."""
    at = open_map(monkeypatch, store, geo_dir, wilayah="3674")
    frame = chart_frame(json.loads(at.get("plotly_chart")[0].proto.spec))
    assert "Seluruh Banten" in frame.subtitle and "Tangerang Selatan" not in frame.subtitle
    profile = chart_frame(json.loads(at.get("plotly_chart")[1].proto.spec))
    assert "Kota Tangerang Selatan" in profile.subtitle


@pytest.mark.parametrize("metric", maps.METRICS)
def test_every_metric_renders_with_a_regency_profile(monkeypatch, store, geo_dir, metric):
    at = open_map(monkeypatch, store, geo_dir, wilayah="3602", tahun="2024")
    at.segmented_control(key="peta_metric").set_value(metric).run()
    assert not at.exception
    assert "Kab. Lebak" in [s.value for s in at.subheader]
    assert len(at.get("plotly_chart")) >= 4  # map, trend, scheme, sector (+ countries)


def test_placements_on_the_map_equal_summary(monkeypatch, store, geo_dir):
    at = open_map(monkeypatch, store, geo_dir, tahun="2024")
    at.toggle(key="table_peta").set_value(True).run()
    table = at.dataframe[0].value
    con = connect_read_only(store)
    try:
        expected = queries.published_totals(con, "contoh", ["kode_wilayah"],
                                            queries.Filters(2024, 2024), 5)
    finally:
        con.close()
    shown = dict(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True))
    assert shown["Kab. Serang"] == "951" and shown["Kab. Pandeglang"] == "828"
    assert sorted(int(v.replace(".", "")) for v in shown.values()) == sorted(
        int(v) for v in expected["jumlah"])


def test_each_code_joins_to_data_and_population(store):
    con = connect_read_only(store)
    try:
        current = queries.published_totals(con, "contoh", ["kode_wilayah"],
                                           queries.Filters(2024, 2024), 5)
        population = catalogue.population(con)
    finally:
        con.close()
    assert sorted(population["kode_wilayah"]) == CODES
    values = maps.region_metric("per100k", current,
                                dict(zip(population["kode_wilayah"], population["penduduk"],
                                         strict=True)))
    assert sorted(values) == CODES and all(v is not None for v in values.values())
    assert round(values["3601"], 1) == round(828 / 1_272_687 * 100_000, 1)  # 65,1


def test_regencies_without_published_figures_are_not_published_never_nan(monkeypatch, store,
                                                                          geo_dir):
    """bp2mi 2024 publishes four regencies; the four cities are a state, not a number."""
    at = open_map(monkeypatch, store, geo_dir, seri="bp2mi", tahun="2024")
    spec = at.get("plotly_chart")[0].proto.spec
    assert "NaN" not in spec and "nan<" not in spec
    assert spec.count("Tidak diterbitkan") >= 4  # the four city labels and the legend
    title = chart_frame(json.loads(spec)).heading
    assert "Seluruh Banten" not in title
    assert "4 dari 8 kabupaten/kota yang angkanya diterbitkan" in title
    at.toggle(key="table_peta").set_value(True).run()
    shown = dict(zip(at.dataframe[0].value.iloc[:, 0], at.dataframe[0].value.iloc[:, 1],
                     strict=True))
    assert shown["Kab. Serang"] == "911" and shown["Kota Cilegon"] == "Tidak diterbitkan"
    captions = " ".join(c.value for c in at.caption)
    assert "Angka belum diterbitkan untuk" in captions


def test_shares_and_change_units():
    current = pd.DataFrame({"kode_wilayah": ["3604", "3601"], "jumlah": [110, 50],
                            "ditekan": [False, False]})
    previous = pd.DataFrame({"kode_wilayah": ["3604", "3601"], "jumlah": [100, 0],
                             "ditekan": [False, False]})
    change = maps.region_metric("perubahan", current, {}, previous=previous)
    assert change == {"3604": pytest.approx(10.0), "3601": None}
    gender = pd.DataFrame({"kode_wilayah": ["3604", "3604", "3604"],
                           "jenis_kelamin": ["Perempuan", "Laki-laki", None],
                           "jumlah": [30, 10, 60], "ditekan": [False] * 3})
    assert maps.region_metric("perempuan", current, {}, by_gender=gender) == {"3604": 75.0}


def test_tile_map_places_every_regency_with_its_value():
    values = {code: float(i * 100) for i, code in enumerate(CODES)}
    names = {code: f"R{code}" for code in CODES}
    fig = maps.tile_map(values, names, nice_classes(values.values()), str, "no data")
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert all(f"R{code}" in texts for code in CODES)
    assert list(fig.data[0].customdata) == list(tile_layout().keys())


def test_map_labels_break_long_names_and_leave_taps_to_the_areas():
    """A long name is written in lines (it ran past the map's edge on a phone), the full name
    stays in the area's hover and the table; labels take no taps, so a tap near a small
    city's label still opens the city under the finger."""
    assert maps.label_lines("Kota Tangerang Selatan") == "Kota<br>Tangerang<br>Selatan"
    assert maps.label_lines("Kab. Lebak") == "Kab. Lebak"
    assert all(len(line) <= maps.LABEL_WIDTH for name in ("South Tangerang City",
                                                          "Pandeglang Regency")
               for line in maps.label_lines(name).split("<br>"))
    points = {code: (106.0 + i / 10, -6.2) for i, code in enumerate(CODES)}
    names = {code: f"Nama {code}" for code in CODES}
    fig = go.Figure(go.Scattergeo(lon=[106.0], lat=[-6.0]))
    fig.update_geos(lonaxis_range=[105.0, 106.9], lataxis_range=[-7.1, -5.8])
    fig = maps.add_labels(fig, points, names, {code: "12" for code in CODES})
    labels = fig.data[-1]
    assert labels.hoverinfo == "skip" and len(labels.text) == len(CODES)
    assert "<b>Nama 3674</b><br>12" in labels.text  # 9 characters: one line
    assert fig.layout.geo.lonaxis.range[1] >= maps.LABEL_FRAME[0]
