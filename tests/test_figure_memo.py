"""Figures built once and shared (dashboard/figure_memo.py): the same chart of the same figures
is the same figure, a change in the figures makes a new one, and drawing a shared figure on a
page never changes it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from streamlit.testing.v1 import AppTest

from dashboard import chart_spec, charts, figure_memo
from tests.conftest import ROOT

SPEC = chart_spec.ChartSpec(title="Penempatan per tahun", subtitle="Banten", footer="Sumber: uji",
                            lang="id")


def frame(*values: int) -> pd.DataFrame:
    return pd.DataFrame({"tahun": list(range(2020, 2020 + len(values))),
                         "jumlah": list(values), "ditekan": [False] * len(values)})


def test_the_same_figures_give_the_same_figure_and_other_figures_another():
    first = charts.bar_chart(frame(5, 7, 9), "tahun", SPEC)
    assert charts.bar_chart(frame(5, 7, 9), "tahun", SPEC) is first  # an equal, new frame
    assert charts.bar_chart(frame(5, 7, 10), "tahun", SPEC) is not first
    assert charts.bar_chart(frame(5, 7, 9), "tahun", SPEC, color=None) is not None
    other_title = chart_spec.ChartSpec(**{**SPEC.__dict__, "title": "Lain"})
    assert charts.bar_chart(frame(5, 7, 9), "tahun", other_title) is not first
    # the frame's types count: 5.0 is not 5
    floats = frame(5, 7, 9).astype({"jumlah": "float64"})
    assert figure_memo.content_key(floats) != figure_memo.content_key(frame(5, 7, 9))


def test_the_cache_keeps_only_the_last_figures():
    cache = figure_memo.Lru(maxsize=2)
    for key in "abc":
        cache.put(key, key.upper())
    assert len(cache) == 2 and cache.get("a") is None and cache.get("c") == "C"


def test_the_page_copy_of_a_shared_figure_is_made_once():
    made: list[go.Figure] = []

    def make(fig: go.Figure) -> dict[str, object]:
        made.append(fig)
        return chart_spec.page_dict(fig)

    fig = charts.line_chart(frame(1, 2, 3), "tahun", SPEC)
    page = figure_memo.page_figure(fig, make)
    assert figure_memo.page_figure(fig, make) is page
    assert len(made) == 1
    assert page.to_dict()["layout"]["title"]["text"] == "" and fig.layout.title.text
    # what Streamlit reads of it (its plain form, given as is to every run) is the page copy
    assert page.to_dict() is page.to_dict()
    assert page.to_dict() == chart_spec.page_figure(fig).to_dict()
    unshared = charts.line_chart.__wrapped__(frame(1, 2, 3), "tahun", SPEC)  # built per run
    assert figure_memo.page_figure(unshared, make) is not page and len(made) == 2


def test_the_plain_copy_is_the_figures_dict_sharing_only_boundaries_and_template():
    """chart_spec.plain_copy is ``to_dict`` but for the parts nothing changes, which it shares
    with the figure instead of copying; the page copy made from it leaves the figure as it
    was."""
    from dashboard.map_figure import choropleth
    from geo.boundaries import load_boundaries

    regions = pd.DataFrame({"kode_wilayah": ["3601", "3602"], "nilai": [10.0, 20.0]})
    figures = [charts.bar_chart(frame(1, 2, 3), "tahun", SPEC),
               charts.line_chart(frame(4, 5), "tahun", SPEC),
               chart_spec.frame_figure(choropleth(load_boundaries(), regions, "nilai"), SPEC),
               go.Figure(go.Bar(x=np.array([1, 2]), y=np.array([3.5, 4.5])))]  # typed arrays
    for fig in figures:
        before = fig.to_json()
        copy = chart_spec.plain_copy(fig)
        assert json.dumps(copy, sort_keys=True, default=str) == \
            json.dumps(fig.to_dict(), sort_keys=True, default=str)
        assert list(copy["layout"]) == list(fig.to_dict()["layout"])  # the same key order
        assert copy["layout"].get("template") is fig.layout._props.get("template")
        for made, trace in zip(copy["data"], fig.data, strict=True):
            assert made.get("geojson") is trace._props.get("geojson")
            assert made is not trace._props
        chart_spec.page_dict(fig)
        assert fig.to_json() == before
    assert "bdata" in json.dumps(chart_spec.plain_copy(figures[-1])["data"][0]["x"])
    assert any("geojson" in trace for trace in chart_spec.plain_copy(figures[2])["data"])


def test_streamlit_draws_the_kept_plain_form_as_it_draws_the_figure():
    """``st.plotly_chart`` turns a figure into its spec through ``to_dict``: the spec of the
    kept form is the spec of the page copy itself."""
    from plotly import io as plotly_io
    from plotly.tools import return_figure_from_figure_or_data

    fig = charts.bar_chart(frame(1, 2, 3), "tahun", SPEC)
    page = chart_spec.page_figure(fig)
    drawn = figure_memo.DrawnFigure(page.to_dict())

    def spec(figure: go.Figure) -> str:  # what streamlit.elements.plotly_chart does
        return plotly_io.to_json(return_figure_from_figure_or_data(figure, True),
                                 validate=False)

    assert spec(drawn) == spec(page)


def plain(value: object) -> object:
    """A figure's JSON without empty containers (``title: {}`` is no title)."""
    if isinstance(value, dict):
        kept = {key: plain(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if item not in ({}, [], None)}
    return [plain(item) for item in value] if isinstance(value, list) else value


def test_the_page_copy_is_a_valid_figure_without_its_frame():
    """chart_spec.page_figure does not validate its copy again: validating it changes nothing."""
    from dashboard.map_figure import choropleth
    from geo.boundaries import load_boundaries

    regions = pd.DataFrame({"kode_wilayah": ["3601", "3602"], "nilai": [10.0, 20.0]})
    figures = [charts.bar_chart(frame(1, 2, 3), "tahun", SPEC),
               charts.line_chart(frame(4, 5), "tahun", SPEC),
               chart_spec.frame_figure(choropleth(load_boundaries(), regions, "nilai"), SPEC)]
    for fig in figures:
        before = fig.to_json()
        page = chart_spec.page_figure(fig)
        assert fig.to_json() == before
        shown = json.loads(page.to_json())
        assert plain(json.loads(go.Figure(page).to_json())) == plain(shown)
        assert not shown["layout"]["title"].get("text")
        assert all(a.get("name") != chart_spec.FOOTER_NAME
                   for a in shown["layout"].get("annotations", []))
        assert shown["layout"]["xaxis"]["fixedrange"] and shown["layout"]["dragmode"] is False


def test_the_frame_is_drawn_without_validating_and_validating_changes_nothing():
    """chart_spec.frame_figure writes the frame into the figure's plain form and skips
    plotly's validation (14 ms a chart): plotly's validated copy of every kind of framed
    figure is the same figure, and the frame is there — title, mark, footer, fonts, axes."""
    from dashboard import kinerja_charts
    from dashboard.map_figure import choropleth
    from domain import kinerja
    from geo.boundaries import load_boundaries

    regions = pd.DataFrame({"kode_wilayah": ["3601", "3602"], "nilai": [10.0, 20.0]})
    sample = chart_spec.ChartSpec(**{**SPEC.__dict__, "sample_mark": "DATA CONTOH",
                                     "x_title": "Tahun", "y_title": "PMI"})
    indicators = pd.DataFrame({
        "indikator": ["Penempatan PMI", "Pengaduan"], "capaian": [97.9, None],
        "status": [kinerja.NEARLY, kinerja.NOT_MET], "satuan": ["orang", "kasus"],
        "realisasi": [2790.0, 9.0], "target": [2850.0, 0.0], "is_sample": [True, True]})
    figures = [charts.bar_chart(frame(1, 2, 3), "tahun", sample),
               charts.line_chart(frame(4, 5), "tahun", SPEC),
               charts.ranking_chart(frame(7, 3, 5), "tahun", SPEC),
               chart_spec.frame_figure(choropleth(load_boundaries(), regions, "nilai"), SPEC),
               kinerja_charts.overview_chart(indicators, 2025, kinerja.Thresholds(100, 90),
                                             "id", "Sumber uji", "2025")]
    for fig in figures:
        shown = json.loads(fig.to_json())
        assert plain(json.loads(go.Figure(fig.to_dict()).to_json())) == plain(shown)
        layout = shown["layout"]
        assert chart_spec.chart_frame(fig) is not None
        assert layout["font"]["family"] == chart_spec.FONT and layout["paper_bgcolor"] == "white"
        assert any(a.get("name") == chart_spec.FOOTER_NAME for a in layout["annotations"])
        assert layout["yaxis"]["automargin"] and layout["xaxis"]["automargin"]
    bar = json.loads(figures[0].to_json())["layout"]
    assert "■ DATA CONTOH" in bar["title"]["text"] and bar["margin"]["t"] == 118
    assert bar["xaxis"]["title"]["text"] == "Tahun" and bar["yaxis"]["tickformat"] == ",d"
    assert "title" not in bar["legend"]  # a legend without its own title


def test_drawing_shared_figures_leaves_them_as_they_were(shipped_store: Path, monkeypatch):
    """A second session of the same views draws exactly what the first drew: the figures it
    got from the memo were not changed by the first session's run."""
    monkeypatch.setenv("PMI_DB", str(shipped_store))
    figure_memo.clear()

    def drawn(page: str) -> list[str]:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params["seri"] = "contoh"
        at.run()
        at.switch_page(page)
        at.run()
        assert not at.exception
        return [chart.proto.spec for chart in at.get("plotly_chart")]

    for page in ("pages/overview.py", "pages/trends.py", "pages/sectors.py", "pages/map.py"):
        first = drawn(page)
        assert first and drawn(page) == first, page


def test_the_boundary_map_is_known_by_its_boundaries_key_not_their_content():
    from dashboard import maps
    from geo.boundaries import load_boundaries

    regions = pd.DataFrame({"kode_wilayah": ["3601", "3602"], "nilai": [10.0, 20.0]})
    options = {"lang": "id", "digits": 0, "value_label": "PMI", "no_data": "–",
               "names": {"3601": "Pandeglang", "3602": "Lebak"},
               "labels": {"3601": "10", "3602": "20"}}
    first = maps.boundary_map(figure_memo.Keyed("k1", load_boundaries()), regions, SPEC,
                              **options)
    again = maps.boundary_map(figure_memo.Keyed("k1", load_boundaries()), regions.copy(), SPEC,
                              **options)
    assert again is first
    assert maps.boundary_map(figure_memo.Keyed("k2", load_boundaries()), regions, SPEC,
                             **options) is not first



def test_framing_a_map_shares_its_boundaries_and_leaves_the_map_as_it_was():
    from dashboard.map_figure import choropleth
    from geo.boundaries import load_boundaries

    regions = pd.DataFrame({"kode_wilayah": ["3601", "3602"], "nilai": [10.0, 20.0]})
    drawn = choropleth(load_boundaries(), regions, "nilai")
    before = drawn.to_json()
    framed = chart_spec.frame_figure(drawn, SPEC)
    assert drawn.to_json() == before  # the unframed map is unchanged
    assert framed.data[0].geojson is drawn.data[0].geojson  # megabytes, not copied
    assert [t.type for t in framed.data] == [t.type for t in drawn.data]
    assert json.loads(framed.to_json())["data"] == json.loads(before)["data"]
