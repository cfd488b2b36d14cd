"""A page's own choices live in the URL (issue 14, point 1): the map's measure, its tile view
and its table, the trend split, the intern map's measure and every chart's "show as table".
Choosing writes the URL, every navigation link carries it, opening a URL restores it, and a
value that is not one of the options is ignored and dropped (domain/page_choices.py,
dashboard/navigation.py)."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import navigation, state
from domain import page_choices
from domain.page_choices import MAP_METRIC, MAP_VIEW, TREND_SPLIT
from tests.conftest import ROOT

APP = str(ROOT / "app.py")


@pytest.fixture(scope="module")
def store(shipped_store: Path) -> Path:
    return shipped_store


@pytest.fixture
def app_env(store: Path, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PMI_DB", str(store))
    monkeypatch.setenv("PMI_MASUKAN_DB", str(tmp_path / "masukan.duckdb"))


def open_page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    params.setdefault("seri", "contoh")
    at.query_params.update(params)
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def link_queries(at: AppTest) -> dict[str, dict[str, str]]:
    """The sidebar's page links: page address -> the query string each carries."""
    found = {}
    for link in at.get("page_link"):
        proto = link.proto
        found[proto.page] = dict(urllib.parse.parse_qsl(proto.query_string))
    return found


# -- the rules, without a page ------------------------------------------------------------------

def test_a_choice_reads_only_its_options():
    assert MAP_METRIC.read("per100k") == "per100k"
    for raw in ("PER100K", "per100k ", "", None, "jumlah,per100k", "²", 5):
        assert MAP_METRIC.read(raw) == MAP_METRIC.default == "jumlah"
    assert MAP_VIEW.options == ("batas", "petak") and TREND_SPLIT.read("skema") == "skema"


def test_the_url_forms_accept_exactly_the_options():
    for choice in page_choices.CHOICES:
        for option in choice.options:
            assert state.acceptable(choice.param, option)
        for bad in ("x", choice.options[0] + "\x00", choice.options[0].upper(), "²",
                    f"{choice.options[0]},{choice.options[-1]}", "<script>"):
            assert not state.acceptable(choice.param, bad), (choice.param, bad)
    assert state.acceptable("tabel", "peta,tren_yearly,kinerja_trend_IKU-1.2")
    for bad in ("peta,,tren", ",peta", "peta table", "<b>", "a" * 61, ",".join(["x"] * 41)):
        assert not state.acceptable("tabel", bad), bad


def test_the_table_list_keeps_well_formed_keys_once_in_order():
    assert page_choices.tables("peta,tren_yearly,peta") == ("peta", "tren_yearly")
    assert page_choices.tables("peta,<b>") == () and page_choices.tables(None) == ()
    assert page_choices.tables_value(["b", "a", "b", "<x>"]) == "b,a"
    assert page_choices.tables_value([]) == ""


def test_every_link_carries_every_page_choice():
    assert set(navigation.VIEW_PARAMS) < set(navigation.CARRIED)
    for choice in page_choices.CHOICES:
        assert choice.param in navigation.CARRIED
    for param in ("tabel", "tahun_kinerja", "seri_magang", "tahun_magang", "status_magang"):
        assert param in navigation.CARRIED
    assert "mode" not in navigation.CARRIED and "slide" not in navigation.CARRIED


# -- the pages ----------------------------------------------------------------------------------

def test_choosing_on_the_map_writes_the_url_and_every_link(app_env):
    at = open_page("pages/map.py")
    assert at.segmented_control(key="peta_metric").value == "jumlah"
    assert "ukuran" not in at.query_params  # the default makes no parameter
    at.segmented_control(key="peta_metric").set_value("per100k").run()
    at.toggle(key="peta_tiles").set_value(True).run()
    at.toggle(key="table_peta").set_value(True).run()
    assert not at.exception
    wanted = {"seri": "contoh", "ukuran": "per100k", "tampilan": "petak", "tabel": "peta"}
    assert {k: at.query_params.get(k) for k in wanted} == wanted
    links = link_queries(at)
    assert len(links) >= 10
    for page, query in links.items():
        assert {k: query.get(k) for k in wanted} == wanted, page
    # back to the default: the parameter leaves the URL (and the links)
    at.toggle(key="table_peta").set_value(False).run()
    assert "tabel" not in at.query_params
    assert all("tabel" not in q for q in link_queries(at).values())


def test_leaving_the_map_and_coming_back_keeps_the_choices(app_env):
    at = open_page("pages/map.py")
    at.segmented_control(key="peta_metric").set_value("perempuan").run()
    at.toggle(key="peta_tiles").set_value(True).run()
    trends_link = link_queries(at)["tren"]
    # the reader follows the link to Tren: the page opens with the link's query string
    at.switch_page("pages/trends.py")
    at.query_params.clear()
    at.query_params.update(trends_link)
    at.run()
    assert not at.exception and at.title[0].value
    assert at.query_params.get("ukuran") == "perempuan"
    map_link = link_queries(at)["peta"]
    assert map_link["ukuran"] == "perempuan" and map_link["tampilan"] == "petak"
    at.switch_page("pages/map.py")
    at.query_params.clear()
    at.query_params.update(map_link)
    at.run()
    assert not at.exception
    assert at.segmented_control(key="peta_metric").value == "perempuan"
    assert at.toggle(key="peta_tiles").value is True
    spec = at.get("plotly_chart")[0].proto.spec
    assert '"type":"choropleth"' not in spec  # the tile map


def test_opening_a_url_restores_the_map_choices(app_env):
    at = open_page("pages/map.py", ukuran="per100k", tabel="peta", lang="en")
    assert at.segmented_control(key="peta_metric").value == "per100k"
    assert at.toggle(key="table_peta").value is True
    table = at.dataframe[0].value
    assert "100,000" in " ".join(map(str, table.columns))  # the per-inhabitant measure
    assert at.get("plotly_chart")  # the profile's charts are still drawn


@pytest.mark.parametrize("query", [
    {"ukuran": "bogus", "tampilan": "PETAK", "tabel": "peta,,x"},
    {"ukuran": "per100k\x00", "tampilan": "petak ", "tabel": "<script>"},
    {"rincian": "jenis_kelamin;drop", "ukuran_magang": "9" * 1000},
])
def test_invalid_choices_are_ignored_and_dropped(app_env, query: dict[str, str]):
    at = open_page("pages/map.py", **query)
    assert at.segmented_control(key="peta_metric").value == "jumlah"
    assert at.toggle(key="peta_tiles").value is False
    assert at.toggle(key="table_peta").value is False
    for name in query:
        assert name not in at.query_params, name
    assert not at.error


def test_a_known_key_in_a_wellformed_list_is_read_and_the_rest_ignored(app_env):
    at = open_page("pages/map.py", tabel="nothing_here,peta")
    assert at.toggle(key="table_peta").value is True
    assert at.query_params.get("tabel") == "nothing_here,peta"  # other pages' tables stay


def test_the_trend_split_and_a_charts_table_are_kept(app_env):
    at = open_page("pages/trends.py", tahun="2019-2025")
    at.segmented_control(key="tren_split").set_value("skema").run()
    at.toggle(key="table_tren_yearly").set_value(True).run()
    assert at.query_params.get("rincian") == "skema"
    assert at.query_params.get("tabel") == "tren_yearly"
    again = open_page("pages/trends.py", tahun="2019-2025", rincian="skema", tabel="tren_yearly")
    assert again.segmented_control(key="tren_split").value == "skema"
    assert again.toggle(key="table_tren_yearly").value is True
    columns = [str(c) for c in again.dataframe[0].value.columns]
    assert any("Skema" in c for c in columns), columns


def test_the_intern_measure_is_kept(app_env):
    at = open_page("pages/internships.py", ukuran_magang="per100k")
    assert at.segmented_control(key="magang_measure").value == "per100k"
    at.segmented_control(key="magang_measure").set_value("jumlah").run()
    assert "ukuran_magang" not in at.query_params


def test_the_data_columns_are_a_list_in_the_url():
    columns = page_choices.DATA_COLUMNS
    assert columns.read("sektor,skema") == ("skema", "sektor")  # the options' order
    assert columns.read("-") == () and columns.value(()) == "-"
    for bad in ("", "skema,,sektor", "skema,bogus", "SKEMA", "skema ", None):
        assert columns.read(bad) == columns.default, bad
        assert bad is None or not state.acceptable("kolom", bad)
    assert state.acceptable("kolom", "jabatan,kode_wilayah") and "kolom" in navigation.CARRIED


def test_the_data_pages_columns_are_kept(app_env):
    at = open_page("pages/data_table.py", tahun="2024")
    assert at.multiselect(key="data_columns").value == ["kode_wilayah", "skema"]
    assert "kolom" not in at.query_params
    at.multiselect(key="data_columns").set_value(["sektor"]).run()
    assert at.query_params.get("kolom") == "sektor"
    assert link_queries(at)["peta"]["kolom"] == "sektor"
    columns = [str(c) for c in at.dataframe[0].value.columns]
    assert any("Sektor" in c for c in columns) and not any("Skema" in c for c in columns)
    at.multiselect(key="data_columns").set_value([]).run()
    assert at.query_params.get("kolom") == "-"
    again = open_page("pages/data_table.py", tahun="2024", kolom="jabatan,sektor")
    assert again.multiselect(key="data_columns").value == ["sektor", "jabatan"]
    bad = open_page("pages/data_table.py", kolom="sektor,<b>")
    assert bad.multiselect(key="data_columns").value == ["kode_wilayah", "skema"]
    assert "kolom" not in bad.query_params


def test_a_link_inside_a_sentence_carries_the_view_too(app_env):
    at = open_page("pages/overview.py", lang="en", tahun="2024", rincian="skema", ukuran="formal")
    [line] = [m.value for m in at.markdown if "(pemagangan" in m.value]
    query = dict(urllib.parse.parse_qsl(line.split("(pemagangan?", 1)[1].split(")", 1)[0]))
    assert {k: query.get(k) for k in ("lang", "seri", "tahun", "rincian", "ukuran")} == {
        "lang": "en", "seri": "contoh", "tahun": "2024", "rincian": "skema", "ukuran": "formal"}
