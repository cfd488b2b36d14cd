"""Presentation mode: ?mode=presentasi hides the controls and shows one chart at a time."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from loaders import pipeline
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def store(shipped_store: Path) -> Path:
    return shipped_store


def _html(at: AppTest) -> str:
    return " ".join(str(h.proto.body) for h in at.get("html"))


def test_presentation_mode_steps_through_title_headlines_and_key_charts(store, monkeypatch):
    monkeypatch.setenv("PMI_DB", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["mode"] = "presentasi"
    at.query_params["seri"] = "contoh"
    at.run()
    assert not at.exception
    shown = _html(at)
    assert "pmi-slide-title" in shown and "Grafik 1 dari" not in shown  # a title slide
    assert at.title[0].value == "Dasbor PMI Banten"
    assert "1 / 8" in shown and "DATA CONTOH" in shown
    assert not at.get("plotly_chart")
    at.button(key="presentation_next").click().run()
    shown = _html(at)
    assert "3.700" in shown and "pmi-tile" in shown  # headline figures second
    assert "2 / 8" in shown and at.query_params["slide"] == "2"
    seen = []
    while not at.button(key="presentation_next").disabled:
        at.button(key="presentation_next").click().run()
        assert not at.exception
        charts = at.get("plotly_chart")
        assert len(charts) == 1  # one chart at a time
        assert "DATA CONTOH" in _html(at)  # sample marked on every slide
        seen.append(charts[0].proto.spec)
    # trend, regencies, scheme, sector, country and the Kinerja overview
    assert len(seen) == 6
    assert "indikator tercapai pada" in seen[-1] and "indikator tercapai pada" not in seen[0]
    assert at.query_params["slide"] == "8"
    at.button(key="presentation_first").click().run()
    assert at.query_params["slide"] == "1"
    at.button(key="presentation_last").click().run()
    assert at.query_params["slide"] == "8"
    at.button(key="presentation_exit").click().run()
    assert "mode" not in at.query_params and "slide" not in at.query_params
    assert at.query_params["seri"] == "contoh"  # the view is kept
    assert at.title[0].value == "Ringkasan"


def test_each_slide_has_its_own_address(store, monkeypatch):
    monkeypatch.setenv("PMI_DB", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["mode"] = "presentasi"
    at.query_params["seri"] = "contoh"
    at.query_params["slide"] = "3"
    at.run()
    assert not at.exception
    assert "3 / 8" in _html(at) and len(at.get("plotly_chart")) == 1


def test_a_published_series_presentation_never_shows_the_sample_indicators(store, monkeypatch):
    """The shipped indicators are sample data: beside published placements they stay out."""
    monkeypatch.setenv("PMI_DB", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["mode"] = "presentasi"
    at.run()
    assert not at.exception
    seen = []
    while not at.button(key="presentation_next").disabled:
        at.button(key="presentation_next").click().run()
        charts = at.get("plotly_chart")
        seen.extend(c.proto.spec for c in charts)
    assert seen and not any("indikator tercapai pada" in spec for spec in seen)
    assert not any("DATA CONTOH" in spec for spec in seen)
    assert "DATA CONTOH" not in _html(at)


def test_without_indicator_files_there_is_no_kinerja_slide(tmp_path, monkeypatch):
    """Given a store built from the sample placements only (no indicator file), the
    presentation shows the four placement charts and no Kinerja overview."""
    data_dir = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "sample", data_dir / "sample",
                    ignore=shutil.ignore_patterns("kinerja_*"))
    path = tmp_path / "pmi.duckdb"
    pipeline.rebuild(path, data_dir)
    monkeypatch.setenv("PMI_DB", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["mode"] = "presentasi"
    at.run()
    seen = []
    while not at.button(key="presentation_next").disabled:
        at.button(key="presentation_next").click().run()
        assert not at.exception
        seen.extend(c.proto.spec for c in at.get("plotly_chart"))
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
    titles: list[str] = []
    while not at.button(key="presentation_next").disabled:
        at.button(key="presentation_next").click().run()
        assert not at.exception
        titles.extend(_titles(at))
    return titles


#: Each chart page and the slide (0-based among the chart slides of the sample view: trend,
#: regencies, scheme, sector, destinations) it shares its first chart with.
DECLARED = (("pages/overview.py", 0), ("pages/map.py", 1), ("pages/schemes.py", 2),
            ("pages/sectors.py", 3), ("pages/destinations.py", 4))


@pytest.mark.parametrize("params", [{"seri": "contoh"},
                                    {"seri": "contoh", "tahun": "2022-2024", "lang": "en"}],
                         ids=["sample", "sample-en-years"])
def test_pages_deck_and_presentation_draw_the_same_charts(store, monkeypatch, params):
    """The key charts are declared once (dashboard/briefing.py): each chart page draws the
    chart its slide shows, with the same title, for the same view; the deck reads the same
    list as presentation mode (briefing.key_charts)."""
    monkeypatch.setenv("PMI_DB", str(store))
    slides = _slide_titles(store, params)
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
