"""Presentation mode: ?mode=presentasi hides the controls and shows one chart at a time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from loaders import pipeline
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def store(shipped_store: Path) -> Path:
    return shipped_store


def test_presentation_mode_steps_through_headlines_and_key_charts(store, monkeypatch):
    monkeypatch.setenv("PMI_DB", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["mode"] = "presentasi"
    at.query_params["seri"] = "contoh"
    at.run()
    assert not at.exception
    assert at.metric[0].value == "3.700"  # headline figures first
    assert not at.get("plotly_chart")
    seen = []
    while not at.button(key="presentation_next").disabled:
        at.button(key="presentation_next").click().run()
        assert not at.exception
        charts = at.get("plotly_chart")
        assert len(charts) == 1  # one chart at a time
        seen.append(charts[0].proto.spec)
    assert len(seen) == 5  # trend, scheme, sector, country and the Kinerja overview
    assert "indikator tercapai pada" in seen[-1] and "indikator tercapai pada" not in seen[0]
    assert at.query_params["slide"] == "6"
    at.button(key="presentation_exit").click().run()
    assert "mode" not in at.query_params and at.title[0].value == "Ringkasan"


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
        seen.append(at.get("plotly_chart")[0].proto.spec)
    assert seen and not any("indikator tercapai pada" in spec for spec in seen)
    assert not any("DATA CONTOH" in spec for spec in seen)
    shown = " ".join(m.value for m in at.markdown)
    assert "DATA CONTOH" not in shown


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
        seen.append(at.get("plotly_chart")[0].proto.spec)
    assert len(seen) == 4
    assert not any("indikator tercapai pada" in spec for spec in seen)
