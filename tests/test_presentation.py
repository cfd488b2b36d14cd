"""Presentation mode: ?mode=presentasi hides the controls and shows one chart at a time."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import briefing, chart_spec, presentation
from loaders import pipeline
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def store(shipped_store: Path) -> Path:
    return shipped_store


def _html(at: AppTest) -> str:
    return " ".join(str(h.proto.body) for h in at.get("html"))


def _specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _shown_slide(at: AppTest) -> str:
    """The slide the server put in sight (the style rule naming it)."""
    found = re.findall(r'\[class\*="st-key-pmi_slide_(\d+)_"\] \{ position: relative',
                       _html(at))
    assert len(found) == 1, found
    return found[0]


def _counter(at: AppTest) -> str:
    return re.findall(r"<span class='pmi-counter'[^>]*>([^<]*)</span>", _html(at))[0]


def test_presentation_mode_draws_title_headlines_and_key_charts_once(store, monkeypatch):
    """One script run draws every slide (a key press then switches in the browser): title,
    headline figures, then the meeting charts — trend, regencies (map beside the ranked bar),
    scheme, sector, destinations, the Kinerja overview — each in its own slide container,
    the sample mark above them, the first slide in sight."""
    monkeypatch.setenv("PMI_DB", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["mode"] = "presentasi"
    at.query_params["seri"] = "contoh"
    at.run()
    assert not at.exception
    shown = _html(at)
    assert "pmi-slide-title" in shown and "Grafik 1 dari" not in shown  # a title slide
    assert at.title[0].value == "Dasbor PMI Banten"
    assert _counter(at) == "1 / 8" and _shown_slide(at) == "1"
    assert "DATA CONTOH" in shown
    assert "3.700" in shown and "pmi-tile" in shown  # the headline figures
    specs = _specs(at)
    # trend, regencies, scheme, sector, country and the Kinerja overview
    assert len(specs) == 6
    assert "indikator tercapai pada" in json.dumps(specs[-1])
    assert not any("indikator tercapai pada" in json.dumps(s) for s in specs[:-1])
    types = [{trace.get("type") for trace in spec["data"]} for spec in specs]
    assert types[1] >= {"bar", "choropleth", "scattergeo"}, types  # map beside the bar
    assert not any("choropleth" in found for i, found in enumerate(types) if i != 1)
    assert all(spec["layout"]["title"]["font"]["size"] == presentation.TITLE_PX
               for spec in specs)
    assert "pmiSlideKeys" in shown  # the script that switches slides
    at.button(key="presentation_exit").click().run()
    assert "mode" not in at.query_params and "slide" not in at.query_params
    assert at.query_params["seri"] == "contoh"  # the view is kept
    assert at.title[0].value == "Ringkasan"


@pytest.mark.parametrize(("asked", "expected"), [("3", "3"), ("8", "8"), ("99", "8"),
                                                 ("0", "1"), ("x", "1")])
def test_each_slide_has_its_own_address(store, monkeypatch, asked, expected):
    monkeypatch.setenv("PMI_DB", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["mode"] = "presentasi"
    at.query_params["seri"] = "contoh"
    at.query_params["slide"] = asked
    at.run()
    assert not at.exception
    assert _shown_slide(at) == expected and _counter(at) == f"{expected} / 8"
    first, previous, following, last = (
        "disabled" in re.findall(rf"<button type='button' data-go='{move}'[^>]*>", _html(at))[0]
        for move in presentation.MOVES)
    assert (first, previous) == ((expected == "1"),) * 2
    assert (following, last) == ((expected == "8"),) * 2
    assert len(at.get("plotly_chart")) == 6  # every slide drawn, whichever is in sight


def test_a_published_series_presentation_never_shows_the_sample_indicators(store, monkeypatch):
    """The shipped indicators are sample data: beside published placements they stay out."""
    monkeypatch.setenv("PMI_DB", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["mode"] = "presentasi"
    at.run()
    assert not at.exception
    seen = [c.proto.spec for c in at.get("plotly_chart")]
    assert seen and not any("indikator tercapai pada" in spec for spec in seen)
    assert not any("DATA CONTOH" in spec for spec in seen)
    assert "DATA CONTOH" not in _html(at)


def test_without_indicator_files_there_is_no_kinerja_slide(tmp_path, monkeypatch):
    """Given a store built from the sample placements only (no indicator file), the
    presentation shows the five placement charts and no Kinerja overview."""
    data_dir = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "sample", data_dir / "sample",
                    ignore=shutil.ignore_patterns("kinerja_*"))
    path = tmp_path / "pmi.duckdb"
    pipeline.rebuild(path, data_dir)
    monkeypatch.setenv("PMI_DB", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["mode"] = "presentasi"
    at.run()
    assert not at.exception
    seen = [c.proto.spec for c in at.get("plotly_chart")]
    assert len(seen) == 5  # trend, regencies, scheme, sector, country
    assert not any("indikator tercapai pada" in spec for spec in seen)


def _titles(at: AppTest) -> list[str]:
    """The titles of the charts drawn (from each figure's frame, as the page and the slide
    both keep it)."""
    return [json.loads(c.proto.spec)["layout"]["meta"]["frame"]["title"]
            for c in at.get("plotly_chart")]


def _slide_titles(store: Path, params: dict[str, str]) -> list[str]:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in {**params, "mode": "presentasi"}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return _titles(at)


#: Each chart page and the slide (0-based among the chart slides of the sample view: trend,
#: regencies, scheme, sector, destinations, Kinerja) it shares its key chart with.
DECLARED = (("pages/overview.py", 0), ("pages/map.py", 1), ("pages/schemes.py", 2),
            ("pages/sectors.py", 3), ("pages/destinations.py", 4),
            ("pages/performance.py", 5))


@pytest.mark.parametrize("params", [{"seri": "contoh"},
                                    {"seri": "contoh", "tahun": "2022-2024", "lang": "en"}],
                         ids=["sample", "sample-en-years"])
def test_pages_deck_and_presentation_draw_the_same_charts(store, monkeypatch, params):
    """The key charts are declared once (dashboard/briefing.py): each chart page draws the
    chart its slide shows, with the same title, for the same view; the deck's charts are the
    same list (briefing.meeting_charts, as pages/overview.py packs them; the deck's own pages
    are checked against it in tests/test_deck_layout.py)."""
    monkeypatch.setenv("PMI_DB", str(store))
    slides = _slide_titles(store, params)
    assert len(slides) == len(DECLARED)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    ctx = at.session_state["_view_context"]
    pack = [chart_spec.chart_frame(c.figure) for c in briefing.meeting_charts(ctx)]
    assert [frame.title for frame in pack if frame is not None] == slides
    for page, index in DECLARED:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if page != "pages/overview.py":
            at.switch_page(page)
            at.run()
        assert not at.exception, page
        assert slides[index] in _titles(at), (page, slides[index], _titles(at))


def test_a_long_source_line_is_set_on_two_lines_at_a_join() -> None:
    """On a 1366-px projector beside long category names one source line ran past the
    slide: a long one is broken at the " · " nearest its middle, nothing else changes."""
    long = ("Sumber: Data contoh sintetis (bukan data resmi) · Data s.d. Desember 2025 "
            "(angka sejak Desember 2025 sementara) · Lisensi CC BY 4.0")
    first, second = presentation._two_lines(long).split("<br>")
    assert f"{first} · {second}" == long
    assert abs(len(first) - len(second)) < len(long) / 2
    short = "Sumber: BP2MI · Lisensi CC BY 4.0"
    assert presentation._two_lines(short) == short
    assert presentation._two_lines(long.replace(" · ", "<br>", 1)) == \
        long.replace(" · ", "<br>", 1)
    big = presentation.projector(go.Figure(layout={"annotations": [
        {"text": long, "xref": "paper", "yref": "paper", "x": 0, "y": 0, "yshift": -80,
         "showarrow": False}]}))
    assert big.layout.annotations[0].text.count("<br>") == 1
    assert big.layout.annotations[0].font.size == 18


def test_row_names_and_the_subtitle_take_one_line_on_a_slide() -> None:
    """Kinerja's indicator names (at the plot's left edge) and the subtitle are wrapped for a
    phone; on a slide they take one line, or the rows ran together at 1366x768."""
    fig = go.Figure(layout={
        "title": {"text": "<b>2 dari 7 indikator</b><br><span style='font-size:0.8em'>Capaian "
                          "tiap indikator,<br>garis = 100%</span>"},
        "annotations": [{"text": "Calon PMI yang mengikuti orientasi pra-<br>pemberangkatan",
                         "xref": "paper", "x": 0, "y": 1, "showarrow": False,
                         "font": {"size": 13}},
                        {"text": "92,0%<br>Hampir", "x": 92, "y": 1, "showarrow": False,
                         "font": {"size": 13}}]})
    big = presentation.projector(fig)
    names, label = big.layout.annotations
    assert names.text == "Calon PMI yang mengikuti orientasi pra-pemberangkatan"
    assert label.text == "92,0%<br>Hampir"  # a bar's own label is left as it is
    assert "Capaian tiap indikator, garis = 100%" in big.layout.title.text
    assert big.layout.title.text.startswith("<b>2 dari 7 indikator</b><br>")
